#include "app/labs/optimizers/OptimizersView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/ColumnListControl.h"
#include "app/labs/LabText.h"
#include "app/labs/optimizers/SurfaceCanvas.h"
#include "app/labs/ParameterPanel.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QTabWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ml = mllab::labs;

namespace {

constexpr double kLossFloor = 1e-16; ///< the log axis's floor: a racer at the minimum sits on it

} // namespace

OptimizersView::OptimizersView(JobRunner* jobs, QWidget* parent)
    : LabView(ml::optimizersLabSpec(), jobs, parent)
{
    auto racers = std::make_unique<ColumnListControl>(*spec().find("optimizers"));
    QStringList ids;
    for (const std::string& id : ml::racerIds())
        ids << QString::fromStdString(id);
    racers->setItems(ids);
    parameterPanel()->replaceControl(QStringLiteral("optimizers"), std::move(racers));

    m_canvas = new SurfaceCanvas;
    m_canvas->setObjectName(QStringLiteral("race"));
    connect(m_canvas, &SurfaceCanvas::startChosen, this, [this](double x, double y) {
        changeParameter(QStringLiteral("start_x"), x);
        changeParameter(QStringLiteral("start_y"), y);
    });
    m_key = charts::makeKeyLabel();
    auto* race = new QWidget;
    auto* raceLayout = new QVBoxLayout(race);
    raceLayout->setContentsMargins(0, 0, 0, 0);
    raceLayout->addWidget(m_canvas, 1);
    raceLayout->addWidget(m_key);

    m_loss = charts::makeChart(tr("Loss per step"), QStringLiteral("loss"));
    m_loss->legend()->hide(); // six names do not fit one legend row: the key below names them
    m_lossKey = charts::makeKeyLabel();
    m_tabs = new QTabWidget;
    m_tabs->addTab(race, tr("Race"));
    m_tabs->addTab(charts::withKey(charts::makeChartView(m_loss), m_lossKey), tr("Loss per step"));
    chartLayout()->addWidget(m_tabs);
    bindTabs(QStringLiteral("tab"), m_tabs);
}

void OptimizersView::refresh()
{
    const ml::OptimizersLabParams params = ml::optimizersLabParams(state());
    run(
        tr("Optimizer race"),
        [params](const mllab::Progress& progress) {
            return ml::computeOptimizersLab(params, progress);
        },
        [this](const ml::OptimizersLabResult& r) { showResult(r); });
}

void OptimizersView::showResult(const ml::OptimizersLabResult& result)
{
    clearError();
    m_result = result;
    m_canvas->setResult(result);
    std::vector<charts::KeyEntry> key;
    for (std::size_t i = 0; i < result.racers.size(); ++i)
        key.push_back({theme::series(int(i)), QStringLiteral("━"), racerName(result.racers[i].id)});
    m_lossKey->setText(charts::keyHtml(key));
    key.push_back({theme::text(), QStringLiteral("□"), tr("start (click to move)")});
    key.push_back({theme::text(), QStringLiteral("✕"), tr("minimum")});
    m_key->setText(charts::keyHtml(key));
    drawLoss();
    updateNotice();
    Q_EMIT resultShown();
}

QString OptimizersView::racerName(const std::string& id) const
{
    static const QMap<QString, QString> names{
        {QStringLiteral("sgd"), tr("SGD")},           {QStringLiteral("momentum"), tr("momentum")},
        {QStringLiteral("nesterov"), tr("Nesterov")}, {QStringLiteral("rmsprop"), tr("RMSprop")},
        {QStringLiteral("adam"), tr("Adam")},         {QStringLiteral("adamw"), tr("AdamW")}};
    return names.value(QString::fromStdString(id), QString::fromStdString(id));
}

void OptimizersView::drawLoss()
{
    charts::clearChart(m_loss);
    // The saddle has no minimum: its loss is drawn as it is; elsewhere loss - 0 on a log axis.
    const bool saddle = m_result.params.surface == mllab::Surface::Saddle;
    // A racer that diverges leaves through the top: the axis spans what the others need.
    const double ceiling =
        1e6 * std::max(1.0, std::abs(m_result.racers.front().trajectory.loss.front()));
    std::vector<double> all;
    for (const auto& racer : m_result.racers)
        for (double loss : racer.trajectory.loss)
            all.push_back(std::min(loss, ceiling));
    auto* x = charts::makeAxis(tr("step"), 0, m_result.params.steps, QStringLiteral("%d"));
    QAbstractAxis* y = nullptr;
    if (saddle) {
        const auto [lo, hi] = std::minmax_element(all.begin(), all.end());
        y = charts::makeAxis(tr("loss"), std::max(*lo, -1e6), std::min(*hi, 1e6));
    } else {
        const auto [lo, hi] = charts::logRange(all, kLossFloor, 18);
        y = charts::makeLogAxis(tr("loss (log scale)"), lo, hi);
    }
    m_loss->addAxis(x, Qt::AlignBottom);
    m_loss->addAxis(y, Qt::AlignLeft);
    for (std::size_t i = 0; i < m_result.racers.size(); ++i) {
        const auto& loss = m_result.racers[i].trajectory.loss;
        auto* series =
            charts::lineSeries(racerName(m_result.racers[i].id), theme::series(int(i)), 2);
        series->replace(charts::decimate(
            loss.size(),
            [&](std::size_t k) {
                return QPointF(double(k), saddle ? loss[k] : std::max(loss[k], kLossFloor));
            },
            1e-3 * double(m_result.params.steps)));
        charts::addSeries(m_loss, series, x, y);
    }
    theme::applyTo(m_loss);
}

void OptimizersView::updateNotice()
{
    QStringList parts;
    const auto& racers = m_result.racers;
    const auto fastest =
        std::min_element(racers.begin(), racers.end(), [](const auto& a, const auto& b) {
            const int sa = a.stepsToTolerance < 0 ? INT32_MAX : a.stepsToTolerance;
            const int sb = b.stepsToTolerance < 0 ? INT32_MAX : b.stepsToTolerance;
            return sa < sb;
        });
    if (fastest != racers.end() && fastest->stepsToTolerance >= 0)
        parts << tr("<b>%1</b> is first within 10⁻⁶ of the minimum, after %2 steps.")
                     .arg(racerName(fastest->id))
                     .arg(fastest->stepsToTolerance);
    else if (m_result.params.surface != mllab::Surface::Saddle)
        parts << tr("No optimizer gets within 10⁻⁶ of the minimum in %1 steps.")
                     .arg(m_result.params.steps);
    QStringList diverged;
    for (const auto& racer : racers)
        if (racer.trajectory.diverged)
            diverged << racerName(racer.id);
    if (!diverged.isEmpty())
        parts << tr("%1 diverged: the step overshoots further each time.")
                     .arg(diverged.join(QStringLiteral(", ")));
    switch (m_result.params.surface) {
    case mllab::Surface::Quadratic: {
        const auto& r = m_result.rates;
        const double lr = m_result.params.lr;
        parts
            << tr("With κ = %1, plain SGD is stable only for lr < 2/λmax = %2; at lr %3 it "
                  "shrinks the distance by %4 per step (at best %5 with lr = 2/(1+κ)); heavy-ball "
                  "momentum %6 gives %7 (tuned: %8, the √κ speed-up).")
                   .arg(labtext::significant(m_result.params.condition),
                        labtext::significant(r.stabilityLimit), labtext::significant(lr),
                        labtext::fixed(r.plainAtLr, 3), labtext::fixed(r.plainBest, 3),
                        labtext::fixed(m_result.params.momentum, 2),
                        labtext::fixed(r.momentumAtLr, 3), labtext::fixed(r.momentumBest, 3));
        for (const auto& racer : racers)
            if (racer.id == "sgd" && std::isfinite(racer.rate) && racer.rate > 0)
                parts << tr("Measured for SGD: %1 per step.").arg(labtext::fixed(racer.rate, 3));
        break;
    }
    case mllab::Surface::Rosenbrock:
        parts << tr("The valley floor is curved and nearly flat while its walls are steep: SGD "
                    "crawls along it, momentum builds speed, and the adaptive methods rescale "
                    "each coordinate by its own gradient history.");
        break;
    case mllab::Surface::Saddle:
        parts << tr("A saddle: the gradient vanishes at (0, 0) but it is no minimum. Start on "
                    "y = 0 and plain SGD stays on the ridge; gradient noise pushes it off.");
        break;
    case mllab::Surface::Bumpy:
        parts << tr("Many local minima: each optimizer settles in the basin its momentum and "
                    "step size carry it to; gradient noise helps it hop out of shallow ones.");
        break;
    }
    setNotice(parts.join(QLatin1Char(' ')));
}

QString OptimizersView::resultCsv() const
{
    QString csv =
        QStringLiteral("optimizer,final_loss,best_loss,final_x,final_y,steps_to_1e-6,diverged\n");
    for (const auto& racer : m_result.racers) {
        const auto& last = racer.trajectory.points.back();
        csv += labtext::csvRow(
            {QString::fromStdString(racer.id), labtext::exact(racer.finalLoss),
             labtext::exact(racer.bestLoss), labtext::exact(last[0]), labtext::exact(last[1]),
             QString::number(racer.stepsToTolerance),
             racer.trajectory.diverged ? QStringLiteral("true") : QStringLiteral("false")});
    }
    return csv;
}

QList<KeyNumber> OptimizersView::keyNumbers() const
{
    QList<KeyNumber> numbers;
    for (const auto& racer : m_result.racers)
        numbers << KeyNumber{racerName(racer.id), racer.stepsToTolerance < 0
                                                      ? tr("not there")
                                                      : tr("%1 steps").arg(racer.stepsToTolerance)};
    return numbers;
}
