// The calibration lab offscreen: the overconfident MLP gets T > 1 and a lower ECE on held-out
// rows, the numbers shown are the engine's, bins and binning respond, CSV errors reach the
// banner, bad parameters give messages, and the screenshot is not blank.
#include "app/jobs/JobRunner.h"
#include "app/labs/calibration/CalibrationView.h"
#include "tests/support/apptest.h"

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestCalibrationView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void overconfidentMlpIsCooledDown()
    {
        JobRunner jobs;
        CalibrationView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(120000));
        const mllab::labs::CalibrationLabResult& r = view.result();
        QCOMPARE(r.classes, std::size_t(4));
        QVERIFY2(r.temperature > 1.2, qPrintable(QString::number(r.temperature)));
        QVERIFY(r.after.ece < r.before.ece);
        QVERIFY(r.nllAfter < r.nllBefore);
        QCOMPARE(int(r.before.bins.size()), 10);
        // What the panel shows is the result's numbers.
        const QString shownText = view.metricsText();
        QVERIFY(shownText.contains(QLocale().toString(r.before.ece, 'f', 3)));
        QVERIFY(shownText.contains(QLocale().toString(r.after.ece, 'f', 3)));
        QVERIFY(view.noticeText().contains(QStringLiteral("overconfident")));
        // Counts over the bins are the test rows.
        std::int64_t total = 0;
        for (const auto& b : r.after.bins)
            total += b.count;
        QCOMPARE(total, std::int64_t(r.testRows));
    }

    void binsAndBinningRespond()
    {
        JobRunner jobs;
        CalibrationView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        QCOMPARE(view.setParameter(QStringLiteral("source"), QStringLiteral("binary")), QString());
        QCOMPARE(view.setParameter(QStringLiteral("model"), QStringLiteral("logistic")), QString());
        QCOMPARE(view.setParameter(QStringLiteral("bins"), QStringLiteral("5")), QString());
        QCOMPARE(view.setParameter(QStringLiteral("strategy"), QStringLiteral("quantile")),
                 QString());
        view.refresh();
        QVERIFY(shown.wait(120000));
        const mllab::labs::CalibrationLabResult& r = view.result();
        QCOMPARE(r.classes, std::size_t(2));
        QCOMPARE(int(r.before.bins.size()), 5);
        // Quantile bins hold about equal counts.
        for (const auto& b : r.before.bins)
            QVERIFY(std::abs(double(b.count) - double(r.testRows) / 5.0) <= 2.0);
        // Logistic regression is close to calibrated already.
        QVERIFY(std::abs(r.temperature - 1.0) < 0.3);
    }

    void csvErrorsReachTheBanner()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("prob,label\n0.2,0\n0.9,1\n1.7,1\n0.4,0\n");
        f.close();
        JobRunner jobs;
        CalibrationView view(&jobs);
        QCOMPARE(view.setParameter(QStringLiteral("source"), QStringLiteral("csv")), QString());
        QCOMPARE(view.setParameter(QStringLiteral("csv"), path), QString());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!view.errorText().isEmpty(), 20000);
        QVERIFY2(view.errorText().contains(QStringLiteral("line 4")), qPrintable(view.errorText()));
        QVERIFY(view.errorText().contains(QStringLiteral("[0, 1]")));
    }

    void badParametersGetMessages()
    {
        JobRunner jobs;
        CalibrationView view(&jobs);
        QVERIFY(view.setParameter(QStringLiteral("bins"), QStringLiteral("1"))
                    .contains(QStringLiteral("bins")));
        QVERIFY(view.setParameter(QStringLiteral("strategy"), QStringLiteral("median"))
                    .contains(QStringLiteral("strategy must be one of uniform, quantile")));
        QVERIFY(view.setParameter(QStringLiteral("source"), QStringLiteral("mnist"))
                    .contains(QStringLiteral("source")));
        QVERIFY(view.setParameter(QStringLiteral("size"), QStringLiteral("3"))
                    .contains(QStringLiteral("unknown parameter")));
    }

    void screenshotIsNotBlank()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("calibration.png"));
        const apptest::AppRun run =
            apptest::runMllab({QStringLiteral("--lab"), QStringLiteral("calibration"),
                               QStringLiteral("--screenshot"), path});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        const QImage image(path);
        QVERIFY(!image.isNull());
        QVERIFY(apptest::distinctColours(image) > 50);
    }
};

QTEST_MAIN(TestCalibrationView)
#include "tst_calibrationview.moc"
