// The regularization lab offscreen: the L1 optimum snaps onto an axis as the budget slider
// moves, the paths match the engine, reading another alpha does not recompute, the note links
// to the optimizer question, bad parameters give messages, and the screenshot is not blank.
#include "app/jobs/JobRunner.h"
#include "app/labs/regularization/ConstraintGeometryCanvas.h"
#include "app/labs/regularization/RegularizationView.h"
#include "engine/labs/regularization.h"
#include "tests/support/apptest.h"
#include "tests/support/paramfield.h"

#include <QImage>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QSlider>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

#include <cmath>

namespace {

/// The budget slider: t from 0.02 to 3 in steps of 0.01, positions 0 to 298.
QSlider* budgetSlider(RegularizationView& view)
{
    return apptest::paramField<QSlider>(view, "budget");
}

int budgetPosition(double t)
{
    return int(std::lround(t * 100)) - 2;
}

/// The correlation slider: ρ from -0.95 to 0.95 in steps of 0.01, positions 0 to 190.
int correlationPosition(double rho)
{
    return int(std::lround((rho + 0.95) * 100));
}

mllab::ConstrainedOptimumParams geometryParams(const RegularizationView& view)
{
    return mllab::labs::geometryParams(mllab::labs::regularizationLabParams(view.state()));
}

} // namespace

class TestRegularizationView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void l1OptimumSnapsToAnAxisAsTheBudgetMoves()
    {
        JobRunner jobs;
        RegularizationView view(&jobs);
        view.show();
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.geometry().budget == 1.0, 20000);
        QCOMPARE(view.geometry().l1.zeroWeights, 0);  // t = 1: on an edge, (0.95, 0.05)

        QSlider* budget = budgetSlider(view);
        QVERIFY(budget);
        for (int v = 95; v >= 50; v -= 5)  // a drag down to t = 0.5
            budget->setValue(budgetPosition(v / 100.0));
        QTRY_VERIFY_WITH_TIMEOUT(view.geometry().budget == 0.5, 20000);
        QCOMPARE(view.geometry().l1.weights[0], 0.5);
        QCOMPARE(view.geometry().l1.weights[1], 0.0);
        QVERIFY(view.geometry().l2.weights[1] > 0.1);
        QCOMPARE(view.findChild<ConstraintGeometryCanvas*>()->result().budget, 0.5);
        QVERIFY(view.noticeText().contains(QStringLiteral("exactly zero")));
        // The same numbers as the engine.
        const auto engine = mllab::computeConstrainedOptimum(geometryParams(view));
        QCOMPARE(view.geometry().l2.weights, engine.l2.weights);
        QVERIFY(view.resultCsv().contains(QStringLiteral("l1,0.5,0,")));
    }

    void lossFromTheDiabetesData()
    {
        JobRunner jobs;
        RegularizationView view(&jobs);
        QCOMPARE(view.setParameter(QStringLiteral("loss"), QStringLiteral("bmi,s5")), QString());
        QCOMPARE(view.setParameter(QStringLiteral("budget"), QStringLiteral("2")), QString());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.geometry().budget == 2.0, 20000);
        const mllab::ConstrainedOptimumParams p = geometryParams(view);  // reads bmi and s5
        QCOMPARE(p.data.featureNames, (std::vector<std::string>{"bmi", "s5"}));
        const auto engine = mllab::computeConstrainedOptimum(p);
        QCOMPARE(view.geometry().centre, engine.centre);
        QCOMPARE(view.geometry().l1.weights, engine.l1.weights);

        // The disabled ρ slider shows the data's correlation, and moving another control keeps
        // the manual ρ and ŵ for when the loss is switched back.
        auto* correlation = apptest::paramField<QSlider>(view, "correlation");
        QVERIFY(correlation && !correlation->isEnabled());
        QCOMPARE(correlation->value(), correlationPosition(engine.hessian[1]));
        QVERIFY(correlation->value() != correlationPosition(0.5));
        budgetSlider(view)->setValue(budgetPosition(1.5));
        QTRY_VERIFY_WITH_TIMEOUT(view.geometry().budget == 1.5, 20000);
        QCOMPARE(view.setParameter(QStringLiteral("loss"), QStringLiteral("manual")), QString());
        QCOMPARE(view.parameters().value(QStringLiteral("correlation")), QStringLiteral("0.5"));
        QCOMPARE(view.parameters().value(QStringLiteral("centre")), QStringLiteral("1.5,0.6"));
        QCOMPARE(correlation->value(), correlationPosition(0.5));
    }

    void pathsMatchTheEngineAndAlphaIsCheap()
    {
        JobRunner jobs;
        RegularizationView view(&jobs);
        view.show();
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!view.path().alphas.empty(), 30000);
        mllab::LassoPathParams p;
        p.data = mllab::labs::diabetesData();
        p.standardize = true;
        p.validationFraction = 0.25;
        const auto engine = mllab::computeLassoPath(p);
        QCOMPARE(view.path().coefs, engine.coefs);
        QCOMPARE(view.path().validationMse, engine.validationMse);

        view.tabs()->setCurrentIndex(1);
        QSignalSpy started(&jobs, &JobRunner::started);
        QSlider* alpha = nullptr;
        for (QSlider* s : view.findChildren<QSlider*>())
            if (s->maximum() == 99 && s != budgetSlider(view))
                alpha = s;
        QVERIFY(alpha);
        // The slider runs like the charts' log10(alpha) axis: left is the weakest penalty.
        alpha->setValue(0);  // the smallest alpha: every feature in
        QCOMPARE(started.count(), 0);  // no recomputation
        QCOMPARE(view.selectedAlphaIndex(), 99);
        QCOMPARE(view.state().number("alpha"), view.path().alphas.back());
        QVERIFY(view.noticeText().contains(QStringLiteral("10 of 10 coefficients are non-zero")));
        alpha->setValue(99);  // alpha_max: nothing in
        QCOMPARE(view.selectedAlphaIndex(), 0);
        QVERIFY(view.noticeText().contains(QStringLiteral("0 of 10")));
        QCOMPARE(started.count(), 0);
        QVERIFY(view.resultCsv().startsWith(QStringLiteral("alpha,age,sex,bmi")));

        QCOMPARE(view.setParameter(QStringLiteral("penalty"), QStringLiteral("ridge")), QString());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.path().sweeps.empty() && !view.path().alphas.empty(), 30000);
        QCOMPARE(view.path().nonzero.back(), 10);
    }

    void noteLinksToTheOptimizerQuestion()
    {
        JobRunner jobs;
        RegularizationView view(&jobs);
        QVERIFY(view.note()->toHtml().contains(QStringLiteral("question:optimizers-adam-sgd")));
        QVERIFY(view.note()->toPlainText().contains(QStringLiteral("AdamW")));
        QSignalSpy requested(&view, &RegularizationView::questionRequested);
        Q_EMIT view.note()->anchorClicked(QUrl(QStringLiteral("question:optimizers-adam-sgd")));
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.first().first().toString(), QStringLiteral("optimizers-adam-sgd"));
    }

    void badParametersGiveMessages()
    {
        JobRunner jobs;
        RegularizationView view(&jobs);
        QVERIFY(view.setParameter(QStringLiteral("budget"), QStringLiteral("0"))
                    .contains(QStringLiteral("budget must be from 0.02 to 3, got '0'")));
        QVERIFY(view.setParameter(QStringLiteral("correlation"), QStringLiteral("1"))
                    .contains(QStringLiteral("correlation must be from -0.95 to 0.95")));
        QVERIFY(view.setParameter(QStringLiteral("alpha"), QStringLiteral("-2"))
                    .contains(QStringLiteral("alpha must be")));
        QVERIFY(view.setParameter(QStringLiteral("loss"), QStringLiteral("age,glucose"))
                    .contains(QStringLiteral("loss must be")));
        QVERIFY(view.setParameter(QStringLiteral("penalty"), QStringLiteral("l0"))
                    .contains(QStringLiteral("one of lasso, ridge")));
        // A centre that is not two numbers is the pipeline's error, shown in the banner.
        QCOMPARE(view.setParameter(QStringLiteral("centre"), QStringLiteral("1")), QString());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!view.errorText().isEmpty(), 20000);
        QVERIFY2(view.errorText().contains(QStringLiteral("two numbers")),
                 qPrintable(view.errorText()));
        QCOMPARE(view.setParameter(QStringLiteral("centre"), QStringLiteral("-1,2")), QString());
        QCOMPARE(view.parameters().value(QStringLiteral("centre")), QStringLiteral("-1,2"));
        QVERIFY(view.setParameter(QStringLiteral("tab"), QStringLiteral("3d"))
                    .contains(QStringLiteral("geometry, paths, weight-decay")));
        QCOMPARE(view.setParameter(QStringLiteral("tab"), QStringLiteral("paths")), QString());
        QCOMPARE(view.findChild<QTabWidget*>()->currentIndex(), 1);
        QCOMPARE(view.parameters().value(QStringLiteral("tab")), QStringLiteral("paths"));
    }

    void screenshotIsNotBlank()
    {
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("regularization.png"));
        const apptest::AppRun run = apptest::runMllab(
            {QStringLiteral("--lab"), QStringLiteral("regularization"), QStringLiteral("--set"),
             QStringLiteral("budget=0.5"), QStringLiteral("--screenshot"), png,
             QStringLiteral("--size"), QStringLiteral("1280x800")});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        const QImage image(png);
        QCOMPARE(image.size(), QSize(1280, 800));
        QVERIFY(apptest::distinctColours(image, 3) > 50);
    }
};

QTEST_MAIN(TestRegularizationView)
#include "tst_regularizationview.moc"
