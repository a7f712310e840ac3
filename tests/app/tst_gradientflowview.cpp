// The gradient-flow lab offscreen: it draws what the engine computes (both heatmaps with the
// engine's matrices, the update ratios with their 1e-3 reference, loss and accuracy, the layer
// statistics and the activation with its saturated region), the notice reads the live numbers
// (vanishing for a deep sigmoid net with a small start, flow for the default), a combination the
// engine refuses reaches the banner and keeps the last result, and the generic heatmap widget
// scales, labels, exports and marks NaN as promised.
#include "app/charts/ChartExport.h"
#include "app/jobs/JobRunner.h"
#include "app/labs/gradient-flow/GradientFlowView.h"
#include "app/widgets/MatrixHeatmap.h"

#include <QAreaSeries>
#include <QChart>
#include <QLogValueAxis>
#include <QSignalSpy>
#include <QTest>
#include <QXYSeries>

#include <cmath>

namespace ml = mllab::labs;

class TestGradientFlowView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsWhatTheEngineComputes()
    {
        JobRunner jobs;
        GradientFlowView view(&jobs);
        view.resize(1100, 800);
        view.setParameter(QStringLiteral("steps"), QStringLiteral("40"));
        view.setParameter(QStringLiteral("depth"), QStringLiteral("6"));
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(60000));
        const auto engine = ml::computeGradientFlowLab(ml::gradientFlowLabParams(view.state()));
        QCOMPARE(view.result().gradNorm, engine.gradNorm);
        QCOMPARE(view.result().loss, engine.loss);
        // Heatmaps: 6 hidden layers and the output, 40 steps; the saturation map without the
        // output.
        MatrixHeatmap* gradients = view.gradientHeatmap();
        QCOMPARE(gradients->rowCount(), 7);
        QCOMPARE(gradients->columnCount(), 40);
        QCOMPARE(gradients->value(2, 5), engine.gradNorm[2][5]);
        QCOMPARE(gradients->scale(), MatrixHeatmap::Scale::Log);
        QCOMPARE(view.saturationHeatmap()->rowCount(), 6);
        QCOMPARE(gradients->property("chartName").toString(),
                 QStringLiteral("Gradient norm ‖∂L/∂W‖ per layer and step"));
        QVERIFY(charts::widgetCsv(gradients).startsWith(QStringLiteral("layer,layer_label,step")));
        // Update ratios: the reference at 1e-3 and four layers, on a log axis.
        QChart* updates = view.updateChart();
        QCOMPARE(updates->series().size(), qsizetype(5));
        auto* reference = qobject_cast<QXYSeries*>(updates->series().front());
        QCOMPARE(reference->at(0).y(), 1e-3);
        QVERIFY(qobject_cast<QLogValueAxis*>(updates->axes(Qt::Vertical).front()));
        auto* firstLayer = qobject_cast<QXYSeries*>(updates->series().at(1));
        QCOMPARE(firstLayer->count(), 40);
        QCOMPARE(firstLayer->at(0).y(), engine.updateRatio[0][0]);
        // Loss and validation accuracy (in %).
        QCOMPARE(view.lossChart()->series().size(), qsizetype(2));
        auto* accuracy = qobject_cast<QXYSeries*>(view.lossChart()->series().at(1));
        QCOMPARE(accuracy->at(accuracy->count() - 1).y(), 100 * engine.finalValidationAccuracy);
        // Layers: std at step 1 and at the end, the mean, the saturated share.
        QCOMPARE(view.layerChart()->series().size(), qsizetype(4));
        // The activation (tanh) with its two saturated tails shaded.
        int bands = 0;
        for (QAbstractSeries* s : view.activationChart()->series())
            bands += qobject_cast<QAreaSeries*>(s) != nullptr;
        QCOMPARE(bands, 2);
        QVERIFY2(view.noticeText().contains(QStringLiteral("flows through all 6 layers")),
                 qPrintable(view.noticeText()));
        QVERIFY(view.resultCsv().startsWith(QStringLiteral("layer,step,grad_norm")));
        QCOMPARE(view.keyNumbers().size(), qsizetype(3));
        QVERIFY(!view.grab().isNull());
    }

    void theNoticeNamesVanishing()
    {
        JobRunner jobs;
        GradientFlowView view(&jobs);
        for (const auto& [key, value] : {std::pair{"activation", "sigmoid"},
                                         {"depth", "12"},
                                         {"init", "small"},
                                         {"steps", "20"}})
            QVERIFY(
                view.setParameter(QString::fromLatin1(key), QString::fromLatin1(value)).isEmpty());
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(60000));
        QVERIFY2(view.noticeText().contains(QStringLiteral("vanish")),
                 qPrintable(view.noticeText()));
        QVERIFY(view.noticeText().contains(QStringLiteral("sigmoid, depth 12")));
        QVERIFY(view.noticeText().contains(QStringLiteral("He")));
    }

    void aRefusedCombinationReachesTheBanner()
    {
        JobRunner jobs;
        GradientFlowView view(&jobs);
        view.setParameter(QStringLiteral("steps"), QStringLiteral("20"));
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(60000));
        const auto before = view.result().loss;
        // Wine keeps 133 rows for training: a batch of 256 cannot be drawn.
        view.setParameter(QStringLiteral("dataset"), QStringLiteral("wine"));
        view.setParameter(QStringLiteral("batch"), QStringLiteral("256"));
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.errorText().contains(QStringLiteral("133 training rows")),
                                 60000);
        QCOMPARE(view.result().loss, before);
        // Out of the declaration's range: refused before any computing, by name.
        QVERIFY(view.setParameter(QStringLiteral("depth"), QStringLiteral("51"))
                    .contains(QStringLiteral("depth")));
    }

    void divergenceIsShownNotHidden()
    {
        JobRunner jobs;
        GradientFlowView view(&jobs);
        for (const auto& [key, value] :
             {std::pair{"activation", "relu"}, {"init", "large"}, {"lr", "10"}, {"steps", "30"}})
            QVERIFY(
                view.setParameter(QString::fromLatin1(key), QString::fromLatin1(value)).isEmpty());
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(60000));
        QVERIFY(view.result().diverged);
        QVERIFY(view.noticeText().contains(QStringLiteral("diverged")));
        QVERIFY(std::isnan(view.gradientHeatmap()->value(0, 29)));
        QCOMPARE(view.gradientHeatmap()->colourFor(std::nan("")),
                 view.gradientHeatmap()->colourFor(INFINITY));
        QVERIFY(!view.grab().isNull());
    }

    void theHeatmapWidgetScalesLabelsAndExports()
    {
        MatrixHeatmap map;
        map.resize(500, 300);
        map.setAxisTitles(QStringLiteral("class"), QStringLiteral("predicted"));
        map.setValueTitle(QStringLiteral("count"));
        map.setChartName(QStringLiteral("Confusion"));
        map.setMatrix({{1, 10, 100}, {1000, 0, std::nan("")}});
        map.setRowLabels({QStringLiteral("cat"), QStringLiteral("dog")});
        // Linear: the range follows the finite values.
        QCOMPARE(map.low(), 0.0);
        QCOMPARE(map.high(), 1000.0);
        QCOMPARE(map.scalePosition(500), 0.5);
        // Log: whole decades; 0 sits at the bottom; NaN has no place on the scale.
        map.setScale(MatrixHeatmap::Scale::Log);
        QCOMPARE(map.low(), 1.0);
        QCOMPARE(map.high(), 1000.0);
        QVERIFY(std::abs(map.scalePosition(10) - 1.0 / 3) < 1e-12);
        QCOMPARE(map.scalePosition(0), 0.0);
        QVERIFY(std::isnan(map.scalePosition(std::nan(""))));
        QVERIFY(map.colourFor(std::nan("")) != map.colourFor(1));
        QVERIFY(map.colourFor(1) != map.colourFor(1000));
        // The tooltip names the cell and the exact value.
        const QPoint centre = map.cellRect(1, 0).center();
        const QString tip = map.toolTipAt(centre);
        const bool exact =
            tip.contains(QStringLiteral("1,000")) || tip.contains(QStringLiteral("1000"));
        QVERIFY2(tip.contains(QStringLiteral("class dog")) && exact, qPrintable(tip));
        QVERIFY(map.toolTipAt(map.cellRect(1, 2).center()).contains(QStringLiteral("NaN")));
        QVERIFY(map.toolTipAt(QPoint(1, 1)).isEmpty());
        // CSV: a row per cell, NaN left empty; the chart name for export.
        const QStringList lines = map.chartCsv().trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 7);
        QCOMPARE(lines[0], QStringLiteral("class,class_label,predicted,predicted_label,count"));
        QCOMPARE(lines[4], QStringLiteral("2,dog,1,1,1000"));
        QCOMPARE(lines[6], QStringLiteral("2,dog,3,3,"));
        QCOMPARE(charts::chartTitle(&map), QStringLiteral("Confusion"));
        QVERIFY(!map.grab().isNull());
    }
};

QTEST_MAIN(TestGradientFlowView)
#include "tst_gradientflowview.moc"
