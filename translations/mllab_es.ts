<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About MLLab</source>
        <translation>Acerca de MLLab</translation>
    </message>
    <message>
        <source>A desktop lab for AI/ML interview study, classroom demonstration and hands-on exploration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>libtorch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eigen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BLAS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not loaded yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppOptions</name>
    <message>
        <source>Show this help and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the version and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the lab with this id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Render the window to a PNG once the lab has computed, then exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window size for --screenshot [1280x800].</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User-interface language (de, es, en).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set a lab parameter (repeatable).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load questions from this folder instead of the built-in bank.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the question bank as JSON and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MLLab: a desktop lab for AI/ML interview study.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected argument &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--size needs WIDTHxHEIGHT, e.g. 1920x1080.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--set needs KEY=VALUE, got &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobRunner</name>
    <message>
        <source>Internal error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal error of unknown kind</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobStatusWidget</name>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Stop the running computation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LabArea</name>
    <message>
        <source>Choose a lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Restablecer</translation>
    </message>
    <message>
        <source>Restore this lab&apos;s default parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <source>Save the charts as PNG or SVG, or the numbers as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lab:</source>
        <translation>Laboratorio:</translation>
    </message>
    <message>
        <source>Questions:</source>
        <translation>Preguntas:</translation>
    </message>
    <message>
        <source>Open the question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG image (*.svg);;CSV data (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Error al exportar</translation>
    </message>
</context>
<context>
    <name>LabView</name>
    <message>
        <source>Parameters</source>
        <translation>Parámetros</translation>
    </message>
    <message>
        <source>What to notice:</source>
        <translation>Qué observar:</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown export format &apos;%1&apos;: use .png, .svg or .csv</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>MLLab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The question bank loads here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source># Welcome to MLLab

Pick a question on the left, or a lab on the right.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Export lab…</source>
        <translation>&amp;Exportar laboratorio…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>Question &amp;browser</source>
        <translation>&amp;Lista de preguntas</translation>
    </message>
    <message>
        <source>Question &amp;text</source>
        <translation>&amp;Texto de la pregunta</translation>
    </message>
    <message>
        <source>&amp;Labs</source>
        <translation>&amp;Laboratorios</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;About MLLab</source>
        <translation>&amp;Acerca de MLLab</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Acerca de &amp;Qt</translation>
    </message>
    <message>
        <source>Device: %1 (%2)</source>
        <translation>Dispositivo: %1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%n compute device(s) available</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MonteCarloView</name>
    <message>
        <source>Points:</source>
        <translation>Puntos:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Semilla:</translation>
    </message>
    <message>
        <source>Running estimate of π</source>
        <translation>Estimación acumulada de π</translation>
    </message>
    <message>
        <source>samples must be a whole number from 1 to 1,000,000,000 (got &apos;%1&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed must be a whole number from 0 to 1,000,000 (got &apos;%1&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown parameter &apos;%1&apos; (known: samples, seed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monte Carlo: %1 points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>estimate</source>
        <translation>estimación</translation>
    </message>
    <message>
        <source>π</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>±2 standard errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>points drawn n (log scale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>estimate of π</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with n = %1 points the estimate is %2 ± %3 (one standard error), %4 from π. Every 100× more points shrink the error band about 10×: error ∝ 1/√n.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
