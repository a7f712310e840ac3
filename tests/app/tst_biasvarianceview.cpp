// The bias-variance lab offscreen: it computes through JobRunner, follows its controls, shows
// the engine's numbers, rejects bad parameters with messages, and renders a non-blank
// screenshot from the mllab binary.
#include "app/jobs/JobRunner.h"
#include "app/labs/bias-variance/BiasVarianceView.h"
#include "tests/support/apptest.h"
#include "tests/support/paramfield.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QImage>
#include <QLogValueAxis>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QSlider>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

namespace {

/// Waits until the view has shown results for the current decomposition parameters.
bool waitForDecomposition(BiasVarianceView& view, int degree)
{
    return QTest::qWaitFor([&] { return view.decomposition().fanComplexity == degree; }, 30000);
}

} // namespace

class TestBiasVarianceView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void computesAndMatchesTheEngine()
    {
        JobRunner jobs;
        BiasVarianceView view(&jobs);
        view.resize(1000, 700);
        view.show();
        view.refresh();
        QVERIFY(waitForDecomposition(view, 3));
        QTRY_VERIFY_WITH_TIMEOUT(!view.learningCurve().sizes.empty(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!view.doubleDescent().featureCounts.empty(), 60000);

        const auto engine = mllab::computeBiasVariance(
            mllab::labs::decompositionParams(mllab::labs::biasVarianceLabParams(view.state())));
        QCOMPARE(view.decomposition().bias2, engine.bias2);
        QCOMPARE(view.decomposition().variance, engine.variance);
        QCOMPARE(view.decomposition().complexities.size(), std::size_t(20));  // degrees 1..20
        // The notice quotes the engine's numbers for the chosen degree.
        const QString notice = view.noticeText();
        QVERIFY2(notice.contains(QString::number(engine.bias2[2], 'g', 3)), qPrintable(notice));
        QVERIFY(notice.contains(QString::number(engine.variance[2], 'g', 3)));
        // CSV export has one row per degree.
        QCOMPARE(view.resultCsv().count(QLatin1Char('\n')), 21);
    }

    void followsTheDegreeSliderAndNoise()
    {
        JobRunner jobs;
        BiasVarianceView view(&jobs);
        view.show();
        view.refresh();
        QVERIFY(waitForDecomposition(view, 3));
        auto* complexity = apptest::paramField<QSlider>(view, "degree");
        QVERIFY(complexity);
        QCOMPARE(complexity->maximum(), 20 - 1); // degrees 1 to 20
        // Dragging: several values in a row, only the last one's result must end up shown.
        for (int d = 4; d <= 9; ++d)
            complexity->setValue(d - 1);
        QVERIFY(waitForDecomposition(view, 9));
        QCOMPARE(view.state().integer("degree"), 9LL);
        QCOMPARE(view.decomposition().fanCurves.size(), std::size_t(20));

        QSignalSpy shown(&view, &LabView::resultShown);
        QCOMPARE(view.setParameter(QStringLiteral("noise"), QStringLiteral("0.6")), QString());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(std::abs(view.decomposition().noise - 0.36) < 1e-12, 30000);
        QVERIFY(shown.count() >= 1);
    }

    void complexityFollowsTheTrainingSet()
    {
        // The degree slider reaches n - 1 (any degree with a ridge); fewer points bring a higher
        // chosen degree down with them, and "no ridge" reads as such.
        JobRunner jobs;
        BiasVarianceView view(&jobs);
        view.show();
        auto* degree = apptest::paramField<QSlider>(view, "degree");
        auto* n = apptest::paramField<QSlider>(view, "n");
        QVERIFY(degree && n);
        QCOMPARE(n->maximum(), 195); // n from 5 to 200
        degree->setValue(12 - 1);
        QCOMPARE(view.state().integer("degree"), 12LL);
        n->setValue(10 - 5);
        QCOMPARE(view.state().integer("n"), 10LL);
        QCOMPARE(view.state().integer("degree"), 9LL);
        QCOMPARE(degree->maximum(), 9 - 1);
        QVERIFY(waitForDecomposition(view, 9));
        QVERIFY(view.errorText().isEmpty());
        QComboBox* ridge = nullptr;
        for (QComboBox* box : view.findChildren<QComboBox*>())
            if (box->currentText() == QStringLiteral("none") && box->isEnabled())
                ridge = box;
        QVERIFY(ridge);
        QCOMPARE(ridge->itemData(0).toDouble(), 0.0);
    }

    void switchesToNearestNeighbours()
    {
        JobRunner jobs;
        BiasVarianceView view(&jobs);
        QCOMPARE(view.setParameter(QStringLiteral("family"), QStringLiteral("knn")), QString());
        QCOMPARE(view.setParameter(QStringLiteral("k"), QStringLiteral("7")), QString());
        view.refresh();
        QVERIFY(waitForDecomposition(view, 7));
        QCOMPARE(view.decomposition().complexities.back(), 30);  // k up to n
        QVERIFY(view.resultCsv().startsWith(QStringLiteral("k,")));

        // k = 1 reproduces its training set: a training error of exactly 0 sits on the bottom of
        // the log axis instead of stretching it down by decades.
        const auto& r = view.decomposition();
        QCOMPARE(r.complexities.front(), 1);
        QCOMPARE(r.trainMse.front(), 0.0);
        double smallest = r.noise;
        for (const auto* values : {&r.variance, &r.expectedTestMse, &r.trainMse})
            for (const double v : *values)
                if (v > 0)
                    smallest = std::min(smallest, v);
        for (std::size_t i = 0; i < r.bias2.size(); ++i)
            if (r.bias2[i] > 2 * r.bias2StdError[i])
                smallest = std::min(smallest, r.bias2[i]);
        QLogValueAxis* y = nullptr;
        for (QChartView* chartView : view.findChildren<QChartView*>())
            if (chartView->chart()->title().startsWith(QStringLiteral("Expected test error")))
                for (QAbstractAxis* axis : chartView->chart()->axes(Qt::Vertical))
                    y = qobject_cast<QLogValueAxis*>(axis);
        QVERIFY(y);
        QVERIFY2(y->min() >= 0.5 * smallest * (1 - 1e-12),
                 qPrintable(QStringLiteral("%1 vs %2").arg(y->min()).arg(smallest)));
    }

    void learningCurveDiagnosis()
    {
        JobRunner jobs;
        BiasVarianceView view(&jobs);
        QCOMPARE(view.setParameter(QStringLiteral("degree"), QStringLiteral("1")), QString());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!view.learningCurve().sizes.empty() &&
                                     view.learningCurve().diagnosis == mllab::FitDiagnosis::HighBias,
                                 30000);
        QVERIFY(view.diagnosisText().contains(QStringLiteral("High bias")));
        view.tabs()->setCurrentIndex(1);
        QVERIFY(view.noticeText().contains(QStringLiteral("High bias")));

        QCOMPARE(view.setParameter(QStringLiteral("degree"), QStringLiteral("12")), QString());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.learningCurve().diagnosis == mllab::FitDiagnosis::HighVariance,
                                 30000);
        QVERIFY(view.diagnosisText().contains(QStringLiteral("High variance")));
    }

    void doubleDescentTab()
    {
        JobRunner jobs;
        BiasVarianceView view(&jobs);
        QCOMPARE(view.setParameter(QStringLiteral("dd-n"), QStringLiteral("20")), QString());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.doubleDescent().threshold == 20, 60000);
        view.tabs()->setCurrentIndex(2);
        QVERIFY(view.noticeText().contains(QStringLiteral("p = n = 20")));
        QVERIFY(view.resultCsv().startsWith(QStringLiteral("features,")));
    }

    void badParametersGiveMessages()
    {
        JobRunner jobs;
        BiasVarianceView view(&jobs);
        QVERIFY(view.setParameter(QStringLiteral("degree"), QStringLiteral("40")).contains(
            QStringLiteral("degree must be from 1 to 20")));
        QVERIFY(view.setParameter(QStringLiteral("noise"), QStringLiteral("-1")).contains(
            QStringLiteral("noise")));
        // A degree the training set cannot fit is the pipeline's error, shown in the banner.
        QCOMPARE(view.setParameter(QStringLiteral("n"), QStringLiteral("10")), QString());
        QCOMPARE(view.setParameter(QStringLiteral("degree"), QStringLiteral("12")), QString());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!view.errorText().isEmpty(), 30000);
        QVERIFY2(view.errorText().contains(QStringLiteral("needs at least 13 training points")),
                 qPrintable(view.errorText()));
        QCOMPARE(view.setParameter(QStringLiteral("ridge"), QStringLiteral("0.01")), QString());
        view.refresh();
        QVERIFY(waitForDecomposition(view, 12));
        QVERIFY(view.errorText().isEmpty());
        QVERIFY(view.setParameter(QStringLiteral("function"), QStringLiteral("tanh"))
                    .contains(QStringLiteral("one of sin, cubic, step")));
        QVERIFY(view.setParameter(QStringLiteral("colour"), QStringLiteral("red"))
                    .contains(QStringLiteral("unknown parameter")));
        QCOMPARE(view.parameters().value(QStringLiteral("degree")), QStringLiteral("12"));
    }

    void zeroNoiseExplainsMissingLearningCurve()
    {
        JobRunner jobs;
        BiasVarianceView view(&jobs);
        QCOMPARE(view.setParameter(QStringLiteral("noise"), QStringLiteral("0")), QString());
        view.refresh();
        QVERIFY(waitForDecomposition(view, 3));
        QCOMPARE(view.decomposition().noise, 0.0);
        QVERIFY(view.learningCurve().sizes.empty());
        QVERIFY(view.errorText().isEmpty());
    }

    void screenshotIsNotBlank()
    {
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("bias-variance.png"));
        const apptest::AppRun run =
            apptest::runMllab({QStringLiteral("--lab"), QStringLiteral("bias-variance"),
                               QStringLiteral("--screenshot"), png, QStringLiteral("--size"),
                               QStringLiteral("1280x800")});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        const QImage image(png);
        QCOMPARE(image.size(), QSize(1280, 800));
        QVERIFY(apptest::distinctColours(image, 3) > 50);
    }
};

QTEST_MAIN(TestBiasVarianceView)
#include "tst_biasvarianceview.moc"
