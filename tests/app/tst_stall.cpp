// UI-thread stall probes (CTest label "stall"): the longest time the GUI thread's event loop
// could not answer while the training lab trains, while a 1M-row CSV loads into the ROC and
// calibration labs, while the ROC threshold moves over a million points, while such a load is
// cancelled or its window closed, and while every lab's numeric controls are dragged across
// their ranges. The worst gaps are measured and reported (tests/support/stallprobe.h;
// scripts/stall_table.py writes them into docs/reliability.md), never asserted: the tests
// assert that the work completed and that no unexpected error showed.
#include "app/charts/ChartKit.h"
#include "app/jobs/JobRunner.h"
#include "app/labs/calibration/CalibrationView.h"
#include "app/labs/LabRegistry.h"
#include "app/labs/LabView.h"
#include "app/labs/lm-training/LmTrainingView.h"
#include "app/labs/roc/RocView.h"
#include "engine/labs/sampling.h"
#include "engine/metrics.h"
#include "tests/support/paramfield.h"
#include "tests/support/stallprobe.h"
#include "tests/support/testmodelapp.h"

#include <QAbstractSlider>
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

namespace {

constexpr int kCsvRows = 1'000'000;
constexpr int kStepsPerControl = 10; ///< positions across a control's range
constexpr int kStepsPerLab = 60;     ///< at most, over all of a lab's controls
constexpr int kStepMs = 25;          ///< the event loop runs this long between two steps
constexpr int kResultMs = 120'000;   ///< how long a lab may take for a result

/// Parameters left out of the slider drag, each because every value of it starts work that is
/// slow by design (and cancellable), which the drag would only queue up.
const QStringList kSkipped = {};

/// prob in (0, 1) and a label drawn from it by a fixed hash: calibrated scores, both classes.
bool writeScoresCsv(const QString& path, int rows)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    QByteArray text = "prob,label\n";
    text.reserve(rows * 16);
    quint32 state = 12345;
    for (int i = 0; i < rows; ++i) {
        state = state * 1664525u + 1013904223u;
        const int prob = 1 + int(state % 9998u); // in ten-thousandths
        state = state * 1664525u + 1013904223u;
        const int label = int(state % 10000u) < prob ? 1 : 0;
        text += "0." + QByteArray::number(prob).rightJustified(4, '0') + ',' +
                QByteArray::number(label) + '\n';
    }
    return file.write(text) == text.size();
}

/// Moves a slider, spin box or menu to `steps` positions from its minimum to its maximum, the
/// event loop running between them, as a drag does. Returns the positions set.
int drag(QWidget* control, int steps)
{
    const auto spread = [steps](auto lower, auto upper, int i) {
        const double at =
            double(lower) + (double(upper) - double(lower)) * i / std::max(1, steps - 1);
        return decltype(lower)(at);
    };
    for (int i = 0; i < steps; ++i) {
        if (auto* slider = qobject_cast<QAbstractSlider*>(control))
            slider->setValue(spread(slider->minimum(), slider->maximum(), i));
        else if (auto* box = qobject_cast<QDoubleSpinBox*>(control))
            box->setValue(spread(box->minimum(), box->maximum(), i));
        else if (auto* box = qobject_cast<QSpinBox*>(control))
            box->setValue(spread(box->minimum(), box->maximum(), i));
        else if (auto* menu = qobject_cast<QComboBox*>(control))
            menu->setCurrentIndex(spread(0, menu->count() - 1, i));
        else
            return 0;
        QTest::qWait(kStepMs);
    }
    return steps;
}

/// The widget a user drags for a numeric parameter, or nullptr when it has none enabled.
QWidget* numericControl(const LabView& view, const std::string& key)
{
    const QByteArray name = QByteArray::fromStdString(key);
    QWidget* control = apptest::paramField<QAbstractSlider>(view, name.constData());
    if (!control)
        control = apptest::paramField<QAbstractSpinBox>(view, name.constData());
    if (!control)
        control = apptest::paramField<QComboBox>(view, name.constData());
    return control && control->isEnabled() && control->isVisibleTo(&view) ? control : nullptr;
}

/// Sets a lab to read the scores file and waits until it shows them, the probe running.
void loadCsv(LabView& view, const QString& path, const QString& scoreKey, const QString& scenario)
{
    QCOMPARE(view.setParameter(QStringLiteral("source"), QStringLiteral("csv")), QString());
    QCOMPARE(view.setParameter(QStringLiteral("csv"), path), QString());
    QCOMPARE(view.setParameter(scoreKey, QStringLiteral("prob")), QString());
    QCOMPARE(view.setParameter(QStringLiteral("label"), QStringLiteral("label")), QString());
    QSignalSpy shown(&view, &LabView::resultShown);
    stallprobe::StallProbe probe;
    probe.start();
    view.refresh();
    QVERIFY2(shown.wait(kResultMs), qPrintable(view.errorText()));
    probe.stop();
    stallprobe::report(scenario, probe);
    QVERIFY2(view.errorText().isEmpty(), qPrintable(view.errorText()));
}

} // namespace

class TestStall : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_csv;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        apptest::useTestModel(m_dir);
        m_csv = m_dir.filePath(QStringLiteral("scores-1m.csv"));
        QVERIFY(writeScoresCsv(m_csv, kCsvRows));
    }

    void training()
    {
        JobRunner jobs;
        LmTrainingView view(&jobs);
        view.resize(1200, 800);
        view.show();
        QCOMPARE(view.setParameter(QStringLiteral("preset"), QStringLiteral("tiny")), QString());
        QCOMPARE(view.setParameter(QStringLiteral("steps"), QStringLiteral("300")), QString());
        QCOMPARE(view.setParameter(QStringLiteral("name"), QStringLiteral("stall")), QString());
        QSignalSpy ended(&view, &LmTrainingView::runEnded);
        stallprobe::StallProbe probe;
        probe.start();
        view.start();
        QVERIFY(ended.wait(600'000));
        probe.stop();
        stallprobe::report(QStringLiteral("training: lm-training, 300 steps (tiny)"), probe);
        QVERIFY2(view.hasResult(), qPrintable(view.errorText()));
        QCOMPARE(view.result().stepsDone, 300);
        QCOMPARE(view.trainPoints().size(), 300);
    }

    void rocLoadsAMillionRowsAndMovesItsThreshold()
    {
        JobRunner jobs;
        RocView view(&jobs);
        view.resize(1100, 750);
        view.show();
        loadCsv(view, m_csv, QStringLiteral("score"), QStringLiteral("1M-row CSV load: roc"));
        const mllab::RocResult& r = view.result().roc;
        QCOMPARE(r.n, std::int64_t(kCsvRows));

        // With a cost ratio the least-cost point is found once (in a job); then the threshold
        // moves over ~10,000 distinct scores without any job.
        auto* cost = apptest::paramField<QDoubleSpinBox>(view, "cost");
        QVERIFY(cost);
        cost->setValue(3);
        QTRY_COMPARE_WITH_TIMEOUT(view.knownCostRatio(), 3.0, 30'000);
        QCOMPARE(view.knownCostPoint(), mllab::costOptimalPoint(r, 3.0));
        QTRY_VERIFY(!jobs.isBusy());
        auto* slider = apptest::paramField<QAbstractSlider>(view, "threshold");
        QVERIFY(slider);
        QSignalSpy shown(&view, &LabView::resultShown);
        stallprobe::StallProbe probe;
        probe.start();
        for (int i = 0; i <= 100; ++i) {
            slider->setValue(slider->minimum() + (slider->maximum() - slider->minimum()) * i / 100);
            QVERIFY(!jobs.isBusy()); // a move never computes in a job
            QTest::qWait(5);
        }
        probe.stop();
        stallprobe::report(QStringLiteral("threshold moves, 1M rows: roc"), probe);
        QCOMPARE(shown.count(), 0);
        QCOMPARE(view.result().readout.costPoint, mllab::costOptimalPoint(r, 3.0));
        QCOMPARE(view.currentMetrics().counts.tp, mllab::metricsAt(r, view.threshold()).counts.tp);
    }

    void calibrationLoadsAMillionRows()
    {
        JobRunner jobs;
        CalibrationView view(&jobs);
        view.resize(1100, 750);
        view.show();
        loadCsv(view, m_csv, QStringLiteral("prob"),
                QStringLiteral("1M-row CSV load: calibration"));
    }

    void cancellingAMillionRowLoadStopsIt()
    {
        JobRunner jobs;
        RocView view(&jobs);
        QCOMPARE(view.setParameter(QStringLiteral("source"), QStringLiteral("csv")), QString());
        QCOMPARE(view.setParameter(QStringLiteral("csv"), m_csv), QString());
        QCOMPARE(view.setParameter(QStringLiteral("score"), QStringLiteral("prob")), QString());
        QSignalSpy cancelled(&jobs, &JobRunner::cancelled);
        QSignalSpy finished(&jobs, &JobRunner::finished);
        view.refresh();
        QTest::qWait(20);
        if (!jobs.isRunning(view.labId()))
            QSKIP("the load finished within 20 ms: nothing left to cancel");
        stallprobe::StallProbe probe;
        QElapsedTimer sinceCancel;
        probe.start();
        sinceCancel.start();
        jobs.cancel(view.labId());
        // The worker notices at its next look at the flag (every 4,096 rows) and returns.
        QTRY_VERIFY_WITH_TIMEOUT(!jobs.isBusy(), kResultMs);
        const double stopMs = double(sinceCancel.nsecsElapsed()) / 1e6;
        probe.stop();
        stallprobe::report(QStringLiteral("cancel a 1M-row CSV load: roc"), probe);
        qInfo("the load's worker returned %.1f ms after the cancel (printed, not asserted)",
              stopMs);
        // The load ended as cancelled; it never delivered a result.
        const auto ofTheLab = [&view](const QList<QVariant>& signal) {
            return signal.at(1).toString() == view.labId();
        };
        QVERIFY(std::any_of(cancelled.begin(), cancelled.end(), ofTheLab));
        QVERIFY(std::none_of(finished.begin(), finished.end(), ofTheLab));
    }

    void closingDuringAMillionRowLoadReturns()
    {
        // Closing the window destroys the view and the runner, which cancels the load and waits
        // for its worker: the wait is on the GUI thread, so the probe sees all of it.
        auto jobs = std::make_unique<JobRunner>();
        auto view = std::make_unique<RocView>(jobs.get());
        QCOMPARE(view->setParameter(QStringLiteral("source"), QStringLiteral("csv")), QString());
        QCOMPARE(view->setParameter(QStringLiteral("csv"), m_csv), QString());
        QCOMPARE(view->setParameter(QStringLiteral("score"), QStringLiteral("prob")), QString());
        view->refresh();
        QTest::qWait(20);
        const bool loading = jobs->isRunning(view->labId());
        stallprobe::StallProbe probe;
        probe.start();
        QTest::qWait(5);
        view.reset();
        jobs.reset();
        probe.stop();
        if (loading)
            stallprobe::report(QStringLiteral("close during a 1M-row CSV load: roc"), probe);
        QVERIFY(!jobs);
    }

    void workThatLeftTheUiThread()
    {
        // What a slider move used to compute on the GUI thread, timed here for
        // docs/reliability.md (printed, not asserted): the sampling stages over a 65,536-token
        // vocabulary, and the ROC lab's least-cost scan and curve decimation over a million
        // points. The labs now run each of them in a job.
        mllab::NextTokenResult next;
        next.logits.resize(65536);
        quint32 state = 7;
        for (float& logit : next.logits) {
            state = state * 1664525u + 1013904223u;
            logit = float(state % 20000u) / 1000.0f;
        }
        mllab::labs::SamplingLabParams p;
        p.config.topP = 0.9;
        QElapsedTimer timer;
        timer.start();
        const mllab::labs::SamplingStage stage = mllab::labs::stageSampling(next, p);
        const double stageMs = double(timer.nsecsElapsed()) / 1e6;
        QCOMPARE(stage.sampling.softmax.size(), std::size_t(65536));

        mllab::RocParams roc;
        roc.scores.resize(kCsvRows);
        roc.labels.resize(kCsvRows);
        for (int i = 0; i < kCsvRows; ++i) {
            state = state * 1664525u + 1013904223u;
            roc.scores[std::size_t(i)] = double(state % 1000000u) / 1e6;
            roc.labels[std::size_t(i)] = double((state >> 7) % 2u);
        }
        const mllab::RocResult r = mllab::computeRoc(roc);
        timer.restart();
        const std::size_t point = mllab::costOptimalPoint(r, 3.0);
        const double costMs = double(timer.nsecsElapsed()) / 1e6;
        timer.restart();
        const QList<QPointF> curve = charts::decimate(
            r.pointCount(), [&r](std::size_t k) { return QPointF(r.fpr(k), r.tpr(k)); }, 1e-3);
        const double decimateMs = double(timer.nsecsElapsed()) / 1e6;
        QVERIFY(point < r.pointCount() && !curve.isEmpty());
        qInfo("former UI-thread work: sampling stages over 65,536 tokens %.1f ms; ROC least-cost "
              "scan over %lld points %.1f ms, ROC curve decimation %.1f ms",
              stageMs, qlonglong(r.pointCount()), costMs, decimateMs);
    }

    void slidersOfEveryLab_data()
    {
        QTest::addColumn<QString>("lab");
        for (const LabInfo& lab : LabRegistry::labs())
            QTest::newRow(qPrintable(lab.id)) << lab.id;
    }

    void slidersOfEveryLab()
    {
        QFETCH(QString, lab);
        const LabInfo* info = LabRegistry::find(lab);
        QVERIFY(info);
        JobRunner jobs;
        std::unique_ptr<LabView> view(info->create(&jobs, nullptr));
        view->resize(1100, 750);
        view->show();
        QSignalSpy shown(view.get(), &LabView::resultShown);
        view->refresh();
        // A lab that computes nothing until a button (training) shows no result here.
        QTRY_VERIFY_WITH_TIMEOUT(!jobs.isBusy(), kResultMs);
        const bool computes = shown.count() > 0;
        // The test model makes some defaults refuse (a context of 32 tokens): those may stay.
        const bool startsClean = view->errorText().isEmpty();

        std::vector<std::pair<std::string, QWidget*>> controls;
        for (const auto& param : info->spec->params)
            if (param.isNumeric() &&
                !kSkipped.contains(lab + QLatin1Char('/') + QString::fromStdString(param.key)))
                if (QWidget* control = numericControl(*view, param.key))
                    controls.emplace_back(param.key, control);
        const int steps =
            std::clamp(kStepsPerLab / std::max<int>(1, int(controls.size())), 3, kStepsPerControl);
        stallprobe::StallProbe probe;
        probe.start();
        int moves = 0;
        for (const auto& [key, control] : controls) {
            moves += drag(control, steps);
            // Back to the default before the next control: one slow extreme stays one job.
            view->setParameter(QString::fromStdString(key),
                               QString::fromStdString(
                                   mllab::labs::valueText(info->spec->find(key)->defaultValue)));
        }
        // The defaults once more, computed: the last job of the drag is an ordinary one.
        shown.clear();
        view->resetParameters();
        QTRY_VERIFY_WITH_TIMEOUT(!jobs.isBusy(), kResultMs);
        if (computes)
            QVERIFY2(shown.count() > 0, qPrintable(view->errorText()));
        probe.stop();
        stallprobe::report(QStringLiteral("sliders: ") + lab, probe);
        qInfo("%s: %d controls, %d moves", qPrintable(lab), int(controls.size()), moves);
        if (startsClean)
            QVERIFY2(view->errorText().isEmpty(), qPrintable(view->errorText()));
    }
};

namespace {

/// With $MLLAB_STALL_TRACE=<ms>, every event whose delivery takes longer is logged with its
/// receiver and type: how the cause of a stall the probe reports is found.
class TracingApplication : public QApplication {
public:
    using QApplication::QApplication;

    bool notify(QObject* receiver, QEvent* event) override
    {
        static const double limitMs = qEnvironmentVariable("MLLAB_STALL_TRACE").toDouble();
        if (limitMs <= 0)
            return QApplication::notify(receiver, event);
        QElapsedTimer timer;
        timer.start();
        const int type = event->type(); // the event may be gone after its delivery
        const bool done = QApplication::notify(receiver, event);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (ms > limitMs)
            qInfo("slow event: %.1f ms, type %d, to %s '%s'", ms, type,
                  receiver->metaObject()->className(), qPrintable(receiver->objectName()));
        return done;
    }
};

} // namespace

int main(int argc, char** argv)
{
    TracingApplication app(argc, argv);
    app.setAttribute(Qt::AA_Use96Dpi, true);
    TestStall test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_stall.moc"
