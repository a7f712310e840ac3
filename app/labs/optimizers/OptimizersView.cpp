#include "app/labs/optimizers/OptimizersView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/ColumnListControl.h"
#include "app/labs/LabText.h"
#include "app/labs/optimizers/LandscapeCanvas.h"
#include "app/labs/optimizers/SurfaceCanvas.h"
#include "app/labs/ParameterPanel.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
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

/// The race and, when the canvas needs a new one, its shaded surface.
struct RaceResult {
    ml::OptimizersLabResult race;
    surfaceshading::Shaded surface;
};

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
    connect(m_canvas, &SurfaceCanvas::shadingStale, this, &OptimizersView::reshadeSurface);
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
    m_tabs->addTab(makeNetworkTab(), tr("Real network"));
    chartLayout()->addWidget(m_tabs);
    bindTabs(QStringLiteral("tab"), m_tabs);
}

QWidget* OptimizersView::makeNetworkTab()
{
    m_networkLoss = charts::makeChart(tr("Network training loss"), QStringLiteral("network-loss"));
    m_networkLoss->legend()->hide(); // the key below names the racers
    m_landscape = new LandscapeCanvas;
    m_landscape->setObjectName(QStringLiteral("landscape"));
    m_networkKey = charts::makeKeyLabel();
    auto* tab = new QWidget;
    auto* column = new QVBoxLayout(tab);
    column->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    row->addWidget(charts::makeChartView(m_networkLoss), 5);
    row->addWidget(m_landscape, 6);
    column->addLayout(row, 1);
    column->addWidget(m_networkKey);
    return tab;
}

bool OptimizersView::showingNetwork() const
{
    return state().text("tab") == "network";
}

void OptimizersView::refresh()
{
    const ml::OptimizersLabParams params = ml::optimizersLabParams(state());
    // The surface is shaded with the race, off the UI thread (one loss per plot pixel).
    const surfaceshading::Request shading = m_canvas->shadingRequest(params);
    run(
        tr("Optimizer race"),
        [params, shading](const mllab::Progress& progress) {
            RaceResult result{ml::computeOptimizersLab(params, progress), {}};
            result.surface = surfaceshading::shade(shading, progress);
            return result;
        },
        [this](const RaceResult& r) { showResult(r.race, r.surface); });
    runNetwork(params);
}

void OptimizersView::parameterChanged(const QString& key)
{
    if (key == QLatin1String("landscape")) {
        drawLandscape();
        updateNotice();
        return;
    }
    if (key == QLatin1String("tab")) {
        runNetwork(ml::optimizersLabParams(state()));
        updateNotice();
        return;
    }
    scheduleRefresh();
}

void OptimizersView::stateShown()
{
    // A link, a file or a lesson step may choose another plane, or open the network tab first.
    if (!m_network.racers.empty() && m_landscape->racerId() != state().text("landscape")) {
        drawLandscape();
        updateNotice();
    }
    if (showingNetwork() && m_networkRequested.isEmpty())
        runNetwork(ml::optimizersLabParams(state()));
}

void OptimizersView::runNetwork(const ml::OptimizersLabParams& params)
{
    // A few hundred milliseconds: only while its tab is shown, and only for new inputs.
    if (!showingNetwork())
        return;
    QStringList inputs{QString::fromStdString(state().text("optimizers"))};
    for (double v : {params.lr, params.adaptiveLr, params.momentum, params.beta1, params.beta2,
                     params.eps, params.weightDecay, double(params.seed), double(params.netEpochs)})
        inputs << QString::number(v, 'g', 17);
    const QString key = inputs.join(QLatin1Char('/'));
    if (key == m_networkRequested)
        return;
    m_networkRequested = key;
    runPart(
        QStringLiteral("network"), tr("Network race"),
        [params](const mllab::Progress& progress) {
            return ml::computeNetworkRace(params, progress);
        },
        [this](const ml::NetworkRaceResult& r) { showNetwork(r); },
        [this](const QString& message) {
            m_networkRequested.clear();
            showError(message);
        });
}

void OptimizersView::showNetwork(const ml::NetworkRaceResult& result)
{
    m_network = result;
    std::vector<charts::KeyEntry> key;
    for (std::size_t i = 0; i < result.racers.size(); ++i)
        key.push_back({theme::series(int(i)), QStringLiteral("━"), racerName(result.racers[i].id)});
    key.push_back({theme::text(), QStringLiteral("□"), tr("start")});
    key.push_back({theme::text(), QStringLiteral("●"), tr("θ after the last epoch")});
    m_networkKey->setText(charts::keyHtml(key));
    drawNetworkLoss();
    drawLandscape();
    updateNotice();
    Q_EMIT resultShown();
}

void OptimizersView::drawNetworkLoss()
{
    charts::clearChart(m_networkLoss);
    std::vector<double> all;
    for (const auto& racer : m_network.racers)
        all.insert(all.end(), racer.loss.begin(), racer.loss.end());
    if (all.empty())
        return;
    auto* x = charts::makeAxis(tr("epoch (full batch)"), 0, m_network.epochs, QStringLiteral("%d"));
    const auto [lo, hi] = charts::logRange(all, 1e-12, 14);
    auto* y = charts::makeLogAxis(tr("cross-entropy (nats, log scale)"), lo, hi);
    m_networkLoss->addAxis(x, Qt::AlignBottom);
    m_networkLoss->addAxis(y, Qt::AlignLeft);
    for (std::size_t i = 0; i < m_network.racers.size(); ++i) {
        const auto& loss = m_network.racers[i].loss;
        auto* series =
            charts::lineSeries(racerName(m_network.racers[i].id), theme::series(int(i)), 2);
        for (std::size_t k = 0; k < loss.size(); ++k)
            series->append(double(k), std::max(loss[k], 1e-12));
        charts::addSeries(m_networkLoss, series, x, y);
    }
    theme::applyTo(m_networkLoss);
}

void OptimizersView::drawLandscape()
{
    const std::string chosen = state().text("landscape");
    for (std::size_t i = 0; i < m_network.racers.size(); ++i)
        if (m_network.racers[i].id == chosen) {
            m_landscape->setRacer(m_network.racers[i], racerName(chosen), theme::series(int(i)));
            return;
        }
    // The chosen optimizer is not racing: say so on the canvas rather than show another's.
    ml::NetworkRacer none;
    none.id = chosen;
    m_landscape->setRacer(none, racerName(chosen), theme::text());
}

void OptimizersView::reshadeSurface()
{
    if (m_result.racers.empty())
        return;
    const surfaceshading::Request shading = m_canvas->shadingRequest(m_result.params);
    if (!shading.needed())
        return;
    runPart(
        QStringLiteral("surface"), tr("Loss surface"),
        [shading](const mllab::Progress& progress) {
            return surfaceshading::shade(shading, progress);
        },
        [this](const surfaceshading::Shaded& surface) { m_canvas->setSurface(surface); });
}

void OptimizersView::showResult(const ml::OptimizersLabResult& result,
                                const surfaceshading::Shaded& surface)
{
    clearError();
    m_result = result;
    m_canvas->setResult(result, surface);
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
    if (showingNetwork())
        parts = QStringList{networkNotice()};
    setNotice(parts.join(QLatin1Char(' ')));
}

QString OptimizersView::networkNotice() const
{
    if (m_network.racers.empty())
        return tr("Training a %1-parameter network with each optimizer…").arg(m_network.parameters);
    const auto& racers = m_network.racers;
    const auto finalLoss = [](const ml::NetworkRacer& r) {
        return r.diverged || r.loss.empty() ? INFINITY : r.loss.back();
    };
    const auto best =
        std::min_element(racers.begin(), racers.end(),
                         [&](const auto& a, const auto& b) { return finalLoss(a) < finalLoss(b); });
    const auto worst =
        std::max_element(racers.begin(), racers.end(),
                         [&](const auto& a, const auto& b) { return finalLoss(a) < finalLoss(b); });
    QStringList parts;
    parts << tr("A %1-parameter MLP on the wine data (%2 rows, full batch) from one start: after "
                "%3 epochs <b>%4</b> is lowest at loss %5 (accuracy %6), <b>%7</b> highest at %8; "
                "a uniform guess scores ln 3 = %9.")
                 .arg(m_network.parameters)
                 .arg(m_network.rows)
                 .arg(m_network.epochs)
                 .arg(racerName(best->id), labtext::significant(finalLoss(*best)),
                      labtext::percent(best->accuracy.back()), racerName(worst->id),
                      std::isfinite(finalLoss(*worst)) ? labtext::significant(finalLoss(*worst))
                                                       : tr("diverged"),
                      labtext::fixed(m_network.chanceLoss, 3));
    const std::string chosen = state().text("landscape");
    for (const auto& r : racers)
        if (r.id == chosen && !r.pathA.empty())
            parts << tr("%1's path through %2 dimensions is nearly flat: two directions hold %3 "
                        "of its variance (Li et al. 2018), so the plane shows where it went, while "
                        "the loss off the plane stays unseen.")
                         .arg(racerName(chosen))
                         .arg(m_network.parameters)
                         .arg(labtext::percent(r.explained[0] + r.explained[1]));
    return parts.join(QLatin1Char(' '));
}

QString OptimizersView::resultCsv() const
{
    QString csv = QStringLiteral("optimizer,final_loss,best_loss,final_x,final_y,steps_to_1e-6,"
                                 "diverged,network_final_loss,network_final_accuracy,"
                                 "network_variance_explained\n");
    const auto boolean = [](bool b) {
        return b ? QStringLiteral("true") : QStringLiteral("false");
    };
    for (const auto& racer : m_result.racers) {
        const auto& last = racer.trajectory.points.back();
        QStringList row{QString::fromStdString(racer.id),  labtext::exact(racer.finalLoss),
                        labtext::exact(racer.bestLoss),    labtext::exact(last[0]),
                        labtext::exact(last[1]),           QString::number(racer.stepsToTolerance),
                        boolean(racer.trajectory.diverged)};
        // The network columns stay empty until its tab has been shown (it runs only then).
        QStringList network{QString(), QString(), QString()};
        for (const auto& net : m_network.racers)
            if (net.id == racer.id && !net.loss.empty())
                network = {labtext::exact(net.loss.back()), labtext::exact(net.accuracy.back()),
                           labtext::exact(net.explained[0] + net.explained[1])};
        csv += labtext::csvRow(row + network);
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
