// The attention lab offscreen: it shows what the engine computed for a small model made here
// (3 layers x 3 heads), redraws layer, head and scaling without recomputing, refuses a layer or
// head the model does not have, puts the engine's messages in the error banner, fits a
// 1280-pixel window beside a question, and its screenshots are not blank.
#include "app/jobs/JobRunner.h"
#include "app/labs/LabArea.h"
#include "app/labs/attention/AttentionView.h"
#include "app/study/QuestionView.h"
#include "app/widgets/AttentionHeatmap.h"
#include "app/widgets/ModelLibrary.h"
#include "app/widgets/ModelPicker.h"
#include "app/window/MainWindow.h"
#include "engine/labs/registry.h"
#include "tests/support/apptest.h"
#include "tests/support/paramfield.h"
#include "tests/support/lmtestmodel.h"
#include "tests/support/testmodelapp.h"

#include <QComboBox>
#include <QDir>
#include <QImage>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace {

using lmtest::kContext;
using lmtest::kHeads;
using lmtest::kLayers;

double rowSum(const std::vector<float>& row)
{
    double sum = 0;
    for (float w : row)
        sum += w;
    return sum;
}

} // namespace

class TestAttentionView : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_modelPath;


private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_modelPath = apptest::useTestModel(m_dir);
        QCOMPARE(ModelLibrary::instance().shippedPath(), m_modelPath);
    }

    void attentionShowsEveryLayerAndHeadOfTheModel()
    {
        JobRunner jobs;
        AttentionView view(&jobs);
        view.resize(1200, 800);
        view.show();
        view.refresh();
        QVERIFY(apptest::waitForResult(view));
        QCOMPARE(view.result().layers, kLayers);
        QCOMPARE(view.result().heads, kHeads);
        QCOMPARE(apptest::paramField<QSpinBox>(view, "layer")->maximum(), kLayers);
        auto* head = apptest::paramField<QComboBox>(view, "head");
        QCOMPARE(head->count(), kHeads + 1); // the heads and "mean over heads"
        QCOMPARE(view.headThumbnails().size(), kHeads + 1);

        const std::size_t n = view.result().prompt.ids.size();
        QVERIFY(n > 10);
        for (int layer = 1; layer <= kLayers; ++layer)
            for (const QString& h : {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"),
                                     QStringLiteral("mean")}) {
                QCOMPARE(view.setParameter(QStringLiteral("layer"), QString::number(layer)),
                         QString());
                QCOMPARE(view.setParameter(QStringLiteral("head"), h), QString());
                const auto& map = view.heatmap()->map();
                QCOMPARE(map.size(), n);
                for (std::size_t q = 0; q < n; ++q) {
                    QVERIFY(std::abs(rowSum(map[q]) - 1.0) < 1e-5);
                    for (std::size_t k = q + 1; k < n; ++k)
                        QCOMPARE(map[q][k], 0.0f);
                }
            }
        QVERIFY(!jobs.isBusy()); // changing layer or head redraws, it does not recompute

        // Tooltips give the exact weight, and say why the upper triangle is empty.
        view.setParameter(QStringLiteral("head"), QStringLiteral("2"));
        const auto& map = view.heatmap()->map();
        const QString tip = view.heatmap()->toolTipAt(view.heatmap()->cellRect(4, 2).center());
        QVERIFY2(tip.contains(QString::number(map[4][2], 'f', 4)), qPrintable(tip));
        QVERIFY(view.heatmap()
                    ->toolTipAt(view.heatmap()->cellRect(2, 4).center())
                    .contains(QStringLiteral("causal mask")));
        QVERIFY(view.resultCsv().startsWith(QStringLiteral("layer,head,scaled,query")));
        QCOMPARE(view.resultCsv().count(QLatin1Char('\n')), int(1 + n * (n + 1) / 2));
    }

    void attentionScalingToggleShowsBothEntropies()
    {
        JobRunner jobs;
        AttentionView view(&jobs);
        view.refresh();
        QVERIFY(apptest::waitForResult(view));
        const auto& r = view.result();
        QCOMPARE(view.setParameter(QStringLiteral("layer"), QStringLiteral("1")), QString());
        QCOMPARE(view.setParameter(QStringLiteral("head"), QStringLiteral("1")), QString());
        const QString text = view.entropyText();
        QVERIFY2(text.contains(QString::number(r.scaled.headEntropy[0][0], 'f', 2)),
                 qPrintable(text));
        QVERIFY2(text.contains(QString::number(r.unscaled.headEntropy[0][0], 'f', 2)),
                 qPrintable(text));
        QCOMPARE(view.setParameter(QStringLiteral("scaled"), QStringLiteral("false")), QString());
        QVERIFY(!jobs.isBusy());
        QCOMPARE(view.heatmap()->map(), r.unscaled.heads[0][0]);
        // The first layer sees the same scores either way, only √d_k times larger: sharper rows.
        for (int h = 0; h < kHeads; ++h)
            QVERIFY(r.unscaled.headEntropy[0][std::size_t(h)] <
                    r.scaled.headEntropy[0][std::size_t(h)]);
        QVERIFY(view.noticeText().contains(QStringLiteral("d_k = 16")));
    }

    void attentionLongPromptKeepsTheLastTokens()
    {
        JobRunner jobs;
        AttentionView view(&jobs);
        view.setParameter(QStringLiteral("prompt"),
                          QString::fromLatin1(lmtest::kText) + QString::fromLatin1(lmtest::kText));
        view.refresh();
        QVERIFY(apptest::waitForResult(view));
        QCOMPARE(int(view.result().prompt.ids.size()), kContext);
        QVERIFY(view.result().prompt.droppedTokens > 0);
        QVERIFY(view.noticeText().contains(QStringLiteral("cut")));
    }

    void attentionBadInputGetsAMessage()
    {
        JobRunner jobs;
        AttentionView view(&jobs);
        view.refresh();
        QVERIFY(apptest::waitForResult(view));
        QCOMPARE(view.setParameter(QStringLiteral("layer"), QStringLiteral("9")),
                 QStringLiteral("attention: layer must be from 1 to 3, got '9'"));
        QCOMPARE(view.setParameter(QStringLiteral("head"), QStringLiteral("4")),
                 QStringLiteral("attention: head must be from 0 to 3, got '4'"));
        QVERIFY(view.setParameter(QStringLiteral("head"), QStringLiteral("x"))
                    .contains(QStringLiteral("head must be")));
        QVERIFY(view.setParameter(QStringLiteral("scaled"), QStringLiteral("maybe"))
                    .contains(QStringLiteral("true or false")));
        QVERIFY(view.setParameter(QStringLiteral("colour"), QStringLiteral("red"))
                    .contains(QStringLiteral("unknown parameter")));
        QCOMPARE(view.state().integer("layer"), 1LL); // refused values change nothing
        QCOMPARE(view.state().integer("head"), 1LL);

        QSignalSpy failed(&jobs, &JobRunner::failed);
        QCOMPARE(view.setParameter(QStringLiteral("prompt"), QString()), QString());
        view.refresh();
        QVERIFY(failed.wait(30000));
        QVERIFY2(view.errorText().contains(QStringLiteral("the prompt is empty")),
                 qPrintable(view.errorText()));
        QVERIFY(view.hasResult()); // the last good maps stay on screen
        QVERIFY(!view.heatmap()->map().empty());
    }

    void oldPresetsAndLinksStillRead()
    {
        JobRunner jobs;
        AttentionView view(&jobs);
        // An old preset wrote "mean" for the mean over heads and the shipped model's full path.
        QCOMPARE(view.setParameter(QStringLiteral("head"), QStringLiteral("mean")), QString());
        QCOMPARE(view.setParameter(QStringLiteral("model"), m_modelPath), QString());
        QCOMPARE(view.setParameter(QStringLiteral("view"), QStringLiteral("entropy")), QString());
        QCOMPARE(view.state().integer("head"), 0LL);
        QCOMPARE(view.findChild<QTabWidget*>()->currentIndex(), 2);
        auto* picker = view.findChild<ModelPicker*>();
        QCOMPARE(picker->currentPath(), m_modelPath);
        view.refresh();
        QVERIFY(apptest::waitForResult(view));
        QCOMPARE(view.heatmap()->map(), view.result().scaled.meanOverHeads[0]);
        QVERIFY(view.noticeText().contains(QStringLiteral("mean over heads")));

        // A link made for a larger model shows this model's last layer and head.
        view.setState(mllab::labs::readLabLink("mllab://lab/attention?layer=9&head=7"));
        QVERIFY(apptest::waitForResult(view));
        QCOMPARE(view.state().integer("layer"), qint64(kLayers));
        QCOMPARE(view.state().integer("head"), qint64(kHeads));
        QCOMPARE(view.heatmap()->map(), view.result().scaled.heads[2][2]);
    }

    void clickingAHeadOpensItInTheHeatmap()
    {
        JobRunner jobs;
        AttentionView view(&jobs);
        view.resize(1200, 800);
        view.show();
        QCOMPARE(view.setParameter(QStringLiteral("view"), QStringLiteral("heads")), QString());
        view.refresh();
        QVERIFY(apptest::waitForResult(view));
        AttentionHeatmap* second = view.headThumbnails().at(1);
        QTest::mouseClick(second, Qt::LeftButton);
        QCOMPARE(view.state().integer("head"), 2LL);
        QCOMPARE(view.state().text("view"), std::string("heatmap"));
        QCOMPARE(view.findChild<QTabWidget*>()->currentIndex(), 0);
        QCOMPARE(view.heatmap()->map(), view.result().scaled.heads[0][1]);
        QVERIFY(!jobs.isBusy());
    }

    void labFitsA1280PixelWindow()
    {
        // With a question open beside the lab (its lab links, the lab's question links and
        // parameters), the window still fits 1280 pixels and leaves the question a readable
        // column.
        MainWindow window;
        window.loadContent();
        QVERIFY(window.openQuestion(QStringLiteral("transformer-attention")));
        QVERIFY(window.openLab(QStringLiteral("attention")));
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY2(window.minimumSizeHint().width() <= 1280,
                 qPrintable(QString::number(window.minimumSizeHint().width())));
        QCOMPARE(window.width(), 1280);
        QVERIFY2(window.questionView()->width() >= 330,
                 qPrintable(QString::number(window.questionView()->width())));
        QVERIFY(window.labArea()->width() >= 600);
    }

    void screenshotsAreNotBlank_data()
    {
        QTest::addColumn<QString>("size");
        QTest::newRow("1280x800") << QStringLiteral("1280x800");
        QTest::newRow("1080p") << QStringLiteral("1920x1080");
    }

    void screenshotsAreNotBlank()
    {
        QFETCH(QString, size);
        const QString path = m_dir.filePath(QStringLiteral("attention-%1.png").arg(size));
        QProcessEnvironment env;
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("MLLAB_MODEL"), m_modelPath);
        const apptest::AppRun run = apptest::runMllab(
            {QStringLiteral("--lab"), QStringLiteral("attention"), QStringLiteral("--screenshot"),
             path, QStringLiteral("--size"), size},
            env);
        QVERIFY2(run.code == 0, qPrintable(run.err));
        const QImage image(path);
        QCOMPARE(QStringLiteral("%1x%2").arg(image.width()).arg(image.height()), size);
        QVERIFY(apptest::distinctColours(image) > 50);
    }
};

QTEST_MAIN(TestAttentionView)
#include "tst_attentionview.moc"
