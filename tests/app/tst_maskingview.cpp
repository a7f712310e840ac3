// The masking lab offscreen, on a small model made here: it shows what the engine computed (the
// table, the heatmap with both masks, the cost table), the masked/unmasked switch only redraws,
// an empty prompt line and a prompt longer than the context reach the error banner with the last
// result kept, and the app's screenshot of the lab is not blank.
#include "app/jobs/JobRunner.h"
#include "app/labs/masking/MaskingView.h"
#include "app/widgets/AttentionHeatmap.h"
#include "app/widgets/ModelLibrary.h"
#include "tests/support/apptest.h"
#include "tests/support/lmtestmodel.h"
#include "tests/support/testmodelapp.h"

#include <QDir>
#include <QImage>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

class TestMaskingView : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_modelPath;


private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_modelPath = apptest::useTestModel(m_dir);
    }

    void showsTheMasksTheLogitsAndTheCost()
    {
        JobRunner jobs;
        MaskingView view(&jobs);
        view.resize(1200, 800);
        view.show();
        QCOMPARE(view.setParameter(QStringLiteral("prompts"),
                                   QStringLiteral("Attention lets every token look\nthe softmax")),
                 QString());
        QCOMPARE(view.setParameter(QStringLiteral("lengths"), QStringLiteral("prompts")),
                 QString());
        view.refresh();
        QVERIFY(apptest::waitForResult(view));
        const auto& r = view.result();
        QCOMPARE(r.prompts.size(), std::size_t(2));
        QCOMPARE(view.logitTable()->rowCount(), 2);
        QCOMPARE(view.costTable()->rowCount(), 3);
        QVERIFY(r.prompts[0].maxDeltaMasked < 1e-5);
        QVERIFY(r.prompts[0].maxDeltaUnmasked > r.prompts[0].maxDeltaMasked);

        // Prompt 1 is left-padded: its first key is a pad, hidden by the padding mask for every
        // real query, and the tooltip says so.
        const int pads = r.prompts[0].pads;
        QVERIFY(pads > 0);
        AttentionHeatmap* map = view.heatmap();
        QCOMPARE(map->tokenCount(), r.width);
        QVERIFY(map->paddingMasked(pads, 0));
        QVERIFY(map->toolTipAt(map->cellRect(pads, 0).center())
                    .contains(QStringLiteral("padding mask")));
        QVERIFY(!map->paddingMasked(pads, pads));

        // The switch redraws the unmasked weights without a new job; the pads get weight.
        QCOMPARE(view.setParameter(QStringLiteral("masked"), QStringLiteral("false")), QString());
        QVERIFY(!jobs.isBusy());
        QVERIFY(!map->paddingMasked(pads, 0));
        QVERIFY(map->map()[std::size_t(pads)][0] > 0.0f);

        QVERIFY(view.noticeText().contains(QStringLiteral("float noise")));
        QVERIFY(view.resultCsv().startsWith(QStringLiteral("kind,name,tokens")));
        QCOMPARE(view.resultCsv().count(QLatin1Char('\n')), 1 + 2 + 3);
        QCOMPARE(view.keyNumbers().size(), 4);
    }

    void badPromptsReachTheBanner()
    {
        JobRunner jobs;
        MaskingView view(&jobs);
        QCOMPARE(view.setParameter(QStringLiteral("prompts"), QStringLiteral("a\nthe softmax")),
                 QString());
        view.refresh();
        QVERIFY(apptest::waitForResult(view));
        QSignalSpy failed(&jobs, &JobRunner::failed);
        QCOMPARE(view.setParameter(QStringLiteral("prompts"), QStringLiteral("one\n\nthree")),
                 QString());
        view.refresh();
        QVERIFY(failed.wait(30000));
        QVERIFY2(view.errorText().contains(QStringLiteral("prompt line 2 is empty")),
                 qPrintable(view.errorText()));
        QVERIFY(view.hasResult()); // the last good result stays

        QCOMPARE(view.setParameter(QStringLiteral("prompts"), QString(200, QLatin1Char('x'))),
                 QString());
        view.refresh();
        QVERIFY(failed.wait(30000));
        QVERIFY2(view.errorText().contains(QStringLiteral("more than the model's context")),
                 qPrintable(view.errorText()));
    }

    void screenshotIsNotBlank()
    {
        const QString path = m_dir.filePath(QStringLiteral("masking.png"));
        QProcessEnvironment env;
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("MLLAB_MODEL"), m_modelPath);
        const apptest::AppRun run = apptest::runMllab(
            {QStringLiteral("--lab"), QStringLiteral("masking"), QStringLiteral("--screenshot"),
             path, QStringLiteral("--set"),
             QStringLiteral("prompts=the softmax\nAttention lets every token look")},
            env);
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QVERIFY(apptest::distinctColours(QImage(path)) > 50);
    }
};

QTEST_MAIN(TestMaskingView)
#include "tst_maskingview.moc"
