// Export of every chart with its data: each lab writes its picture, a PNG and a CSV per chart
// (charts on hidden tabs too) and its state file; the CSVs parse back with named columns and
// numbers that equal what `mllab-cli lab` prints for the same state; `mllab --export-dir` does
// the same headless for a lab state and for every step of a lesson, and refuses bad lessons.
#include "app/charts/ChartExport.h"
#include "app/HeadlessExport.h"
#include "app/labs/LabArea.h"
#include "app/labs/LabExport.h"
#include "app/labs/LabRegistry.h"
#include "app/labs/LabView.h"
#include "app/window/MainWindow.h"
#include "engine/labs/registry.h"
#include "tests/support/apptest.h"

#include <QChart>
#include <QChartView>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLineSeries>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

namespace ml = mllab::labs;

namespace {

/// One CSV line split into fields (quoted fields may hold commas and doubled quotes).
QStringList csvFields(const QString& line)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted && c == QLatin1Char('"') && i + 1 < line.size() &&
            line[i + 1] == QLatin1Char('"')) {
            field += c;
            ++i;
        } else if (c == QLatin1Char('"')) {
            quoted = !quoted;
        } else if (c == QLatin1Char(',') && !quoted) {
            fields << field;
            field.clear();
        } else {
            field += c;
        }
    }
    fields << field;
    return fields;
}

struct Csv {
    QStringList header;
    QList<QStringList> rows;
};

Csv readCsv(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    QStringList lines =
        QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    Csv csv;
    if (lines.isEmpty())
        return csv;
    csv.header = csvFields(lines.takeFirst());
    for (const QString& line : lines)
        csv.rows << csvFields(line);
    return csv;
}

/// The y values of one series, by x, from a chart CSV.
QMap<double, double> seriesPoints(const Csv& csv, const QString& series)
{
    QMap<double, double> points;
    for (const QStringList& row : csv.rows)
        if (row.value(0) == series)
            points.insert(row.value(1).toDouble(), row.value(2).toDouble());
    return points;
}

nlohmann::json cliResult(const ml::LabState& state)
{
    return ml::labOutput(state, ml::labRunner(state.lab), {})["result"];
}

/// Opens a lab in the window and waits for its result.
LabView* openComputed(MainWindow& window, const QString& id)
{
    window.openLab(id);
    waitForResult(window, 120000);
    return window.labArea()->currentLab();
}

} // namespace

class TestLabExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyLabWritesItsChartsDataAndState()
    {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        for (const LabInfo& lab : LabRegistry::labs()) {
            LabView* view = openComputed(window, lab.id);
            QTemporaryDir dir;
            QString error;
            const QStringList files =
                exportLab(view, dir.path(), QStringLiteral("01-") + lab.id, &error);
            QVERIFY2(error.isEmpty(), qPrintable(lab.id + QStringLiteral(": ") + error));
            const QString prefix = dir.filePath(QStringLiteral("01-") + lab.id);
            QVERIFY2(files.contains(prefix + QStringLiteral(".png")), qPrintable(lab.id));
            QVERIFY(files.contains(prefix + QStringLiteral(".mllab")));
            // The state file reads back as the lab's state.
            QVERIFY(ml::readLabStateFile((prefix + QStringLiteral(".mllab")).toStdString()) ==
                    view->state());
            int charts = 0;
            for (const QString& file : files) {
                QVERIFY2(QFileInfo(file).size() > 0, qPrintable(file));
                if (file.endsWith(QLatin1String(".png")) &&
                    file != prefix + QStringLiteral(".png")) {
                    ++charts;
                    QImage image(file);
                    QVERIFY2(!image.isNull() && image.width() >= 2 * 200, qPrintable(file));
                }
                if (!file.endsWith(QLatin1String(".csv")))
                    continue;
                const Csv csv = readCsv(file);
                QVERIFY2(csv.header.size() >= 3, qPrintable(file));
                for (const QString& name : csv.header)
                    QVERIFY2(!name.trimmed().isEmpty(), qPrintable(file));
                for (const QStringList& row : csv.rows)
                    QVERIFY2(row.size() == csv.header.size(),
                             qPrintable(file + QStringLiteral(": ") + row.join(QLatin1Char('|'))));
            }
            QVERIFY2(charts >= 1, qPrintable(lab.id));
        }
    }

    void chartCsvNumbersEqualTheCli()
    {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QTemporaryDir dir;
        QString error;

        LabView* pca = openComputed(window, QStringLiteral("pca"));
        exportLab(pca, dir.path(), QStringLiteral("pca"), &error);
        const auto cumulative = seriesPoints(readCsv(dir.filePath(QStringLiteral("pca-scree.csv"))),
                                             QStringLiteral("cumulative"));
        const nlohmann::json pcaCli = cliResult(pca->state());
        QCOMPARE(cumulative.size(), qsizetype(pcaCli["cumulative_ratio"].size()));
        for (std::size_t k = 0; k < pcaCli["cumulative_ratio"].size(); ++k)
            QCOMPARE(cumulative.value(double(k + 1)), pcaCli["cumulative_ratio"][k].get<double>());

        LabView* biasVariance = openComputed(window, QStringLiteral("bias-variance"));
        exportLab(biasVariance, dir.path(), QStringLiteral("bv"), &error);
        const Csv errorCsv = readCsv(dir.filePath(QStringLiteral("bv-error.csv")));
        const nlohmann::json decomposition = cliResult(biasVariance->state())["decomposition"];
        const auto variance = seriesPoints(errorCsv, QStringLiteral("variance"));
        QCOMPARE(variance.size(), qsizetype(decomposition["variance"].size()));
        for (std::size_t i = 0; i < decomposition["complexities"].size(); ++i)
            QCOMPARE(variance.value(decomposition["complexities"][i].get<double>()),
                     decomposition["variance"][i].get<double>());

        LabView* roc = openComputed(window, QStringLiteral("roc"));
        exportLab(roc, dir.path(), QStringLiteral("roc"), &error);
        const auto chance = seriesPoints(readCsv(dir.filePath(QStringLiteral("roc-pr.csv"))),
                                         QStringLiteral("no skill: prevalence 0.500"));
        QCOMPARE(chance.value(0.0), cliResult(roc->state())["prevalence"].get<double>());
        QVERIFY(error.isEmpty());
    }

    void anUnwritableFolderIsReportedNotIgnored()
    {
        MainWindow window;
        window.show();
        LabView* view = openComputed(window, QStringLiteral("monte-carlo"));
        QString error;
        const QStringList written = exportLab(view, QStringLiteral("/proc/no-such-place/export"),
                                              QStringLiteral("01-x"), &error);
        QVERIFY(written.isEmpty());
        QVERIFY2(error.contains(QStringLiteral("/proc/no-such-place/export")), qPrintable(error));
        const auto run = apptest::runMllab({QStringLiteral("--lab"), QStringLiteral("monte-carlo"),
                                            QStringLiteral("--export-dir"),
                                            QStringLiteral("/proc/no-such-place/export")});
        QCOMPARE(run.code, 1);
        QVERIFY2(run.err.contains(QStringLiteral("step 01")), qPrintable(run.err));
    }

    void csvNamesItsColumnsFromTheAxesAndRoundTrips()
    {
        QChart chart;
        auto* series = new QLineSeries;
        series->setName(QStringLiteral("model, tuned"));
        series->append(0.1, 1.0 / 3.0);
        chart.addSeries(series);
        chart.createDefaultAxes();
        chart.axes(Qt::Horizontal).front()->setTitleText(QStringLiteral("time (s)"));
        chart.axes(Qt::Vertical).front()->setTitleText(QStringLiteral("loss (nats)"));
        const QString csv = charts::chartCsv(&chart);
        QCOMPARE(csv.section(QLatin1Char('\n'), 0, 0),
                 QStringLiteral("series,time (s),loss (nats)"));
        const QStringList row = csvFields(csv.section(QLatin1Char('\n'), 1, 1));
        QCOMPARE(row.value(0), QStringLiteral("model, tuned"));
        QCOMPARE(row.value(2).toDouble(), 1.0 / 3.0); // every digit survives
        QCOMPARE(charts::chartSlug(QStringLiteral("ROC curve: AUC 0.857"), QStringLiteral("x")),
                 QStringLiteral("roc-curve"));
    }

    void headlessExportWritesEveryStepOfALesson()
    {
        QTemporaryDir dir;
        const QString lesson = dir.filePath(QStringLiteral("two.mllab-lesson"));
        QFile file(lesson);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"format": "mllab-lesson", "version": 1, "title": "Two steps", "steps": [
            {"title": "PCA", "state": {"format": "mllab-state", "version": 1, "lab": "pca", "params": {}}},
            {"title": "ROC", "state": {"format": "mllab-state", "version": 1, "lab": "roc",
                                       "params": {"imbalance": 9, "tab": "pr"}}}]})");
        file.close();
        const QString out = dir.filePath(QStringLiteral("out"));
        const auto run = apptest::runMllab(
            {QStringLiteral("--lesson"), lesson, QStringLiteral("--export-dir"), out,
             QStringLiteral("--study-db"), dir.filePath(QStringLiteral("s.sqlite"))});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        for (const char* name :
             {"01-pca.png", "01-pca-scree.csv", "01-pca.mllab", "02-roc.png", "02-roc-pr.png",
              "02-roc-pr.csv", "02-roc-roc.csv", "02-roc.mllab"})
            QVERIFY2(QFileInfo::exists(QDir(out).filePath(QString::fromLatin1(name))), name);
        const ml::LabState second =
            ml::readLabStateFile(QDir(out).filePath(QStringLiteral("02-roc.mllab")).toStdString());
        QCOMPARE(second.integer("imbalance"), 9LL);
    }

    void headlessExportOfALabStateAndItsRefusals()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("s.sqlite"));
        const auto ok = apptest::runMllab(
            {QStringLiteral("--lab"), QStringLiteral("activations"), QStringLiteral("--set"),
             QStringLiteral("functions=relu,tanh"), QStringLiteral("--export-dir"), dir.path(),
             QStringLiteral("--study-db"), db});
        QVERIFY2(ok.code == 0, qPrintable(ok.err));
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("01-activations-values.csv"))));

        const QString broken = dir.filePath(QStringLiteral("broken.mllab-lesson"));
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"format": "mllab-lesson", "version": 1, "title": "t", "steps": [
            {"title": "x", "state": {"format": "mllab-state", "version": 1, "lab": "roc",
                                     "params": {"separation": 99}}}]})");
        file.close();
        const auto bad = apptest::runMllab(
            {QStringLiteral("--lesson"), broken, QStringLiteral("--export-dir"),
             dir.filePath(QStringLiteral("o")), QStringLiteral("--study-db"), db});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains(QStringLiteral("step 1")) &&
                     bad.err.contains(QStringLiteral("separation")),
                 qPrintable(bad.err));
        const auto noState = apptest::runMllab({QStringLiteral("--export-dir"), dir.path()});
        QCOMPARE(noState.code, 2);
    }
};

QTEST_MAIN(TestLabExport)
#include "tst_labexport.moc"
