// The convolution lab offscreen: it draws what the engine computes (input, kernel and output
// tiles, the formula with its numbers, the receptive-field table and chart, the counts), trains
// the CNN as its own job and shows its curves and feature maps, and an empty output or a bad
// kernel reaches the banner while the last result stays.
#include "app/jobs/JobRunner.h"
#include "app/labs/convolution/ConvolutionView.h"
#include "app/widgets/ImageGrid.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QSet>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

namespace ml = mllab::labs;

class TestConvolutionView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsWhatTheEngineComputes()
    {
        JobRunner jobs;
        ConvolutionView view(&jobs);
        view.setParameter(QStringLiteral("epochs"), QStringLiteral("3"));
        view.setParameter(QStringLiteral("stride"), QStringLiteral("2"));
        QSignalSpy shown(&view, &LabView::resultShown);
        QSignalSpy cnn(&view, &ConvolutionView::cnnShown);
        view.resize(1280, 800);
        view.show();
        view.refresh();
        QVERIFY(shown.wait(30000));
        const auto engine = ml::computeConvolutionLab(ml::convolutionLabParams(view.state()));
        QCOMPARE(view.result().output.values, engine.output.values);
        QCOMPARE(view.result().output.height, 32); // floor((64 + 2 - 2 - 1) / 2) + 1
        const auto grid = [&view](const QString& name) -> ImageGrid* {
            for (ImageGrid* g : view.findChildren<ImageGrid*>())
                if (g->property("chartName").toString() == name)
                    return g;
            return nullptr;
        };
        QCOMPARE(view.findChildren<ImageGrid*>().size(), qsizetype(3));
        const ImageGrid* images = grid(QStringLiteral("convolution"));
        QVERIFY(images);
        QCOMPARE(images->tiles().size(), qsizetype(3));
        QCOMPARE(images->tiles()[2].values, engine.output.values);
        QVERIFY(images->chartCsv().startsWith(QStringLiteral("tile,caption,row,column,value\n")));
        // Hovering names the cell and its exact value: Sobel x has 0 in the centre, 2 right of it.
        QVERIFY(images->toolTipAt(QPoint(-5, -5)).isEmpty());
        QSet<QString> kernelTips;
        for (int y = 0; y < images->height(); y += 2)
            for (int x = 0; x < images->width(); x += 2)
                if (const QString tip = images->toolTipAt({x, y});
                    tip.startsWith(QStringLiteral("kernel")))
                    kernelTips.insert(tip.section(QLatin1Char('\n'), 1));
        QCOMPARE(kernelTips.size(), 9);
        QVERIFY(kernelTips.contains(QStringLiteral("row 1, column 1: 0")));
        QVERIFY(kernelTips.contains(QStringLiteral("row 1, column 2: 2")));
        bool formula = false;
        for (const QLabel* label : view.findChildren<QLabel*>())
            formula = formula || label->text().contains(QStringLiteral("⌊(64 + 2·1 − 1·(3 − 1) − "
                                                                       "1) / 2⌋ + 1"));
        QVERIFY(formula);
        // Receptive field of 4 stacked 3x3 stride-2 layers: 3, 7, 15, 31.
        const QTableWidget* stackTable = nullptr;
        for (const QTableWidget* t : view.findChildren<QTableWidget*>())
            if (t->rowCount() == 3 && t->item(2, 0)->text().startsWith(QStringLiteral("receptive")))
                stackTable = t;
        QVERIFY(stackTable);
        QCOMPARE(stackTable->columnCount(), 6); // label, input, layers 1-4
        QCOMPARE(stackTable->item(2, 5)->text(), QStringLiteral("31"));
        QCOMPARE(stackTable->item(0, 5)->text(), QStringLiteral("4")); // 64 → 32 → 16 → 8 → 4
        for (const QChartView* chartView : view.findChildren<QChartView*>())
            if (chartView->chart()->title().startsWith(QStringLiteral("Receptive")))
                QCOMPARE(chartView->chart()->series().size(), qsizetype(2));
        QVERIFY(view.noticeText().contains(QStringLiteral("dense layer")));
        QVERIFY(view.resultCsv().startsWith(QStringLiteral("row,column,input,output\n")));
        QVERIFY(!view.keyNumbers().isEmpty());

        QVERIFY(cnn.count() > 0 || cnn.wait(60000));
        QCOMPARE(view.cnn().epochs.size(), std::size_t(3));
        QVERIFY(view.cnn().epochs.back().testAccuracy > 0.5);
        QCOMPARE(grid(QStringLiteral("cnn-feature-maps"))->tiles().size(),
                 qsizetype(9)); // the digit and 8 feature maps
        QCOMPARE(grid(QStringLiteral("cnn-filters"))->tiles().size(), qsizetype(8));
        QVERIFY(view.noticeText().contains(QStringLiteral("test accuracy")));
        // Another digit needs no training: the maps follow at once.
        const int trained = cnn.count();
        view.setParameter(QStringLiteral("digit"), QStringLiteral("7"));
        view.refresh();
        QVERIFY(grid(QStringLiteral("cnn-feature-maps"))
                    ->tiles()
                    .front()
                    .caption.startsWith(QStringLiteral("digit 7")));
        QCOMPARE(grid(QStringLiteral("cnn-feature-maps"))->tiles().front().values,
                 view.cnn().digits[7].sample.values);
        QCOMPARE(cnn.count(), trained);
    }

    void badInputReachesTheBannerAndKeepsTheResult()
    {
        JobRunner jobs;
        ConvolutionView view(&jobs);
        view.setParameter(QStringLiteral("train_cnn"), QStringLiteral("false"));
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(30000));
        const auto before = view.result().output.values;
        // An 8x8 digit under a 5x5 kernel dilated 4 without padding: nothing is left.
        view.setParameter(QStringLiteral("input"), QStringLiteral("digit"));
        view.setParameter(QStringLiteral("kernel_size"), QStringLiteral("5"));
        view.setParameter(QStringLiteral("dilation"), QStringLiteral("4"));
        view.setParameter(QStringLiteral("padding"), QStringLiteral("0"));
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.errorText().contains(QStringLiteral("output would be empty")),
                                 30000);
        QCOMPARE(view.result().output.values, before);
        view.setParameter(QStringLiteral("dilation"), QStringLiteral("1"));
        view.setParameter(QStringLiteral("kernel"), QStringLiteral("custom"));
        view.setParameter(QStringLiteral("custom_kernel"), QStringLiteral("1 2 3"));
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.errorText().contains(QStringLiteral("custom kernel")), 30000);
        QVERIFY(view.hasResult());
        QVERIFY(!view.setParameter(QStringLiteral("stride"), QStringLiteral("9")).isEmpty());
    }
};

QTEST_MAIN(TestConvolutionView)
#include "tst_convolutionview.moc"
