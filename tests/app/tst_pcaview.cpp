// The PCA lab offscreen: iris matches scikit-learn, the standardise toggle changes the scree
// plot, the millimetres demonstration is dominated by one feature until standardised, CSV errors
// reach the banner, bad parameters give messages, and the screenshot is not blank.
#include "app/jobs/JobRunner.h"
#include "app/labs/pca/PcaView.h"
#include "tests/support/apptest.h"

#include <QCheckBox>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestPcaView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void standardiseToggleChangesTheScreePlot()
    {
        JobRunner jobs;
        PcaView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(20000));
        // scikit-learn: PCA().fit(load_iris().data).explained_variance_ratio_[0]
        QVERIFY(std::abs(view.result().pca.explainedVarianceRatio[0] - 0.9246187232017271) < 1e-9);
        QCOMPARE(view.result().classNames.size(), std::size_t(3));
        QCOMPARE(view.result().pca.projection.size(), std::size_t(2));

        auto* toggle = view.findChild<QCheckBox*>();
        QVERIFY(toggle);
        toggle->setChecked(true);
        QVERIFY(shown.wait(20000));
        QVERIFY(std::abs(view.result().pca.explainedVarianceRatio[0] - 0.7296244541329987) < 1e-9);
        QCOMPARE(view.parameters().value(QStringLiteral("standardize")), QStringLiteral("true"));
        QVERIFY(view.noticeText().contains(QStringLiteral("Standardised")));
    }

    void millimetresDominateUntilStandardised()
    {
        JobRunner jobs;
        PcaView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        QCOMPARE(view.setParameter(QStringLiteral("source"), QStringLiteral("units-mm")),
                 QString());
        view.refresh();
        QVERIFY(shown.wait(20000));
        QVERIFY(view.result().pca.explainedVarianceRatio[0] > 0.999);
        QVERIFY(view.noticeText().contains(QStringLiteral("arm_span_mm")));
        QVERIFY(view.noticeText().contains(QStringLiteral("Standardise")));
        view.setParameter(QStringLiteral("standardize"), QStringLiteral("true"));
        view.refresh();
        QVERIFY(shown.wait(20000));
        QVERIFY(view.result().pca.explainedVarianceRatio[0] < 0.95);
    }

    void csvErrorsReachTheBanner()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("t.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("a,b\n1,2\n3,x\n5,6\n");
        f.close();
        JobRunner jobs;
        PcaView view(&jobs);
        QCOMPARE(view.setParameter(QStringLiteral("source"), QStringLiteral("csv")), QString());
        QCOMPARE(view.setParameter(QStringLiteral("csv"), path), QString());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!view.errorText().isEmpty(), 20000);
        QVERIFY2(view.errorText().contains(QStringLiteral("column 'b'")),
                 qPrintable(view.errorText()));
        QVERIFY(view.errorText().contains(QStringLiteral("line 3")));
    }

    void badParametersGetMessages()
    {
        JobRunner jobs;
        PcaView view(&jobs);
        QVERIFY(view.setParameter(QStringLiteral("x"), QStringLiteral("0"))
                    .contains(QStringLiteral("x must be from 1 to 50")));
        QVERIFY(view.setParameter(QStringLiteral("standardize"), QStringLiteral("maybe"))
                    .contains(QStringLiteral("true or false")));
        QVERIFY(view.setParameter(QStringLiteral("source"), QStringLiteral("mnist"))
                    .contains(QStringLiteral("source")));
        QVERIFY(view.setParameter(QStringLiteral("k"), QStringLiteral("2"))
                    .contains(QStringLiteral("unknown parameter")));
    }

    void screenshotIsNotBlank()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("pca.png"));
        const apptest::AppRun run = apptest::runMllab(
            {QStringLiteral("--lab"), QStringLiteral("pca"), QStringLiteral("--screenshot"), path});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        const QImage image(path);
        QVERIFY(!image.isNull());
        QVERIFY(apptest::distinctColours(image) > 50);
    }
};

QTEST_MAIN(TestPcaView)
#include "tst_pcaview.moc"
