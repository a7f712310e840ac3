#include "app/labs/lr-schedule/LrScheduleView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QTabWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ml = mllab::labs;

namespace {

QChart* newChart(const QString& title, const QString& id)
{
    QChart* chart = charts::makeChart(title, id);
    chart->legend()->hide(); // the key under the chart has room for every entry
    return chart;
}

/// Charts may shrink to 200 px wide (two share a row), so that the parameter panel keeps its
/// width at 1280x800.
QWidget* chartWithKey(QChart* chart, QLabel* key, int minimumHeight = 0)
{
    QChartView* view = charts::makeChartView(chart, minimumHeight);
    view->setMinimumSize(200, 160);
    return key ? charts::withKey(view, key) : static_cast<QWidget*>(view);
}

void addAxes(QChart* chart, QAbstractAxis* x, QAbstractAxis* y)
{
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
}

/// The finite points of a per-epoch curve (epochs from 1): a diverged run's line ends there.
QList<QPointF> perEpoch(const std::vector<double>& values)
{
    QList<QPointF> points;
    for (std::size_t e = 0; e < values.size(); ++e)
        if (std::isfinite(values[e]))
            points.append({double(e + 1), values[e]});
    return points;
}

QColor scheduleColour(std::size_t k)
{
    return theme::series(int(k));
}

/// Colours by batch size: B/4, B, 4B.
QColor batchColour(int batch, int reference)
{
    return theme::series(batch < reference ? 1 : batch == reference ? 0 : 5);
}

QString lrText(double lr)
{
    return labtext::significant(lr, 2);
}

/// B_simple in examples: whole numbers from 100 up.
QString examplesText(double b)
{
    return std::isfinite(b) && b >= 100 ? labtext::count(std::llround(b))
                                        : labtext::significant(b, 2);
}

double finiteMax(const std::vector<double>& values, double fallback)
{
    double high = -INFINITY;
    for (double v : values)
        if (std::isfinite(v))
            high = std::max(high, v);
    return std::isfinite(high) ? high : fallback;
}

} // namespace

LrScheduleView::LrScheduleView(JobRunner* jobs, QWidget* parent)
    : LabView(ml::lrScheduleLabSpec(), jobs, parent)
{
    m_rangeChart = newChart(tr("LR range test: loss while the lr grows each step"),
                            QStringLiteral("range-test"));
    m_lrChart = newChart(tr("Learning rate per epoch"), QStringLiteral("schedules-lr"));
    m_lossChart = newChart(tr("Validation loss"), QStringLiteral("schedules-loss"));
    m_accuracyChart = newChart(tr("Validation accuracy"), QStringLiteral("schedules-accuracy"));
    m_batchChart =
        newChart(tr("Training loss per epoch by batch size"), QStringLiteral("batch-size-loss"));
    m_noiseChart =
        newChart(tr("Gradient noise scale B_simple = tr(Σ)/|G|²"), QStringLiteral("noise-scale"));
    m_rangeKey = charts::makeKeyLabel();
    m_scheduleKey = charts::makeKeyLabel();
    m_batchKey = charts::makeKeyLabel();
    m_noiseKey = charts::makeKeyLabel();

    auto* schedulesPage = new QWidget;
    auto* schedulesLayout = new QVBoxLayout(schedulesPage);
    schedulesLayout->setContentsMargins(0, 0, 0, 0);
    schedulesLayout->addWidget(chartWithKey(m_lrChart, m_scheduleKey), 1);
    auto* curves = new QWidget;
    auto* curvesLayout = new QHBoxLayout(curves);
    curvesLayout->setContentsMargins(0, 0, 0, 0);
    curvesLayout->addWidget(chartWithKey(m_lossChart, nullptr));
    curvesLayout->addWidget(chartWithKey(m_accuracyChart, nullptr));
    schedulesLayout->addWidget(curves, 1);

    auto* batchPage = new QWidget;
    auto* batchLayout = new QVBoxLayout(batchPage);
    batchLayout->setContentsMargins(0, 0, 0, 0);
    batchLayout->addWidget(chartWithKey(m_batchChart, m_batchKey), 1);
    batchLayout->addWidget(chartWithKey(m_noiseChart, m_noiseKey), 1);

    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(chartWithKey(m_rangeChart, m_rangeKey, 300), tr("Range test"));
    m_tabs->addTab(schedulesPage, tr("Schedules"));
    m_tabs->addTab(batchPage, tr("Batch size"));
    chartLayout()->addWidget(m_tabs);
    bindTabs(QStringLiteral("tab"), m_tabs);
}

void LrScheduleView::parameterChanged(const QString& key)
{
    if (key == QLatin1String("tab")) {
        updateNotice();
        return;
    }
    scheduleRefresh();
}

void LrScheduleView::refresh()
{
    const ml::LrScheduleLabParams p = ml::lrScheduleLabParams(state());
    m_params = p;
    run(
        tr("Training six schedules"),
        [p](const mllab::Progress& progress) { return ml::computeLrSchedules(p, progress); },
        [this](const ml::LrSchedulesResult& r) { showSchedules(r); });
    // The range test and the batch sizes rerun only when their own inputs change.
    const QString common =
        QStringLiteral("%1/%2/%3/%4/%5")
            .arg(QString::fromStdString(p.dataset), QString::fromStdString(p.optimizer))
            .arg(p.hidden)
            .arg(p.batch)
            .arg(p.seed);
    const QString range = common + QStringLiteral("/%1/%2/%3/%4/%5")
                                       .arg(p.rangeStart)
                                       .arg(p.rangeEnd)
                                       .arg(p.rangeSteps)
                                       .arg(p.smoothing)
                                       .arg(QString::fromStdString(p.rule));
    if (range != m_rangeRequested) {
        m_rangeRequested = range;
        runPart(
            QStringLiteral("range"), tr("LR range test"),
            [p](const mllab::Progress& progress) { return ml::computeLrRangeTest(p, progress); },
            [this](const ml::LrRangeTestResult& r) { showRange(r); },
            [this](const QString& message) {
                m_rangeRequested.clear();
                showError(message);
            });
    }
    const QString batch = common + QStringLiteral("/%1/%2").arg(p.lr).arg(p.epochs);
    if (batch != m_batchRequested) {
        m_batchRequested = batch;
        runPart(
            QStringLiteral("batch"), tr("Batch sizes"),
            [p](const mllab::Progress& progress) { return ml::computeLrBatchSizes(p, progress); },
            [this](const ml::LrBatchResult& r) { showBatches(r); },
            [this](const QString& message) {
                m_batchRequested.clear();
                showError(message);
            });
    }
}

void LrScheduleView::showRange(const ml::LrRangeTestResult& result)
{
    m_range = result;
    m_hasRange = true;
    drawRange();
    updateNotice();
    Q_EMIT resultShown();
}

void LrScheduleView::showSchedules(const ml::LrSchedulesResult& result)
{
    clearError();
    m_schedules = result;
    m_hasSchedules = true;
    drawSchedules();
    drawRange(); // the peak lr's line
    updateNotice();
    Q_EMIT resultShown();
}

void LrScheduleView::showBatches(const ml::LrBatchResult& result)
{
    m_batches = result;
    m_hasBatches = true;
    drawBatches();
    updateNotice();
    Q_EMIT resultShown();
}

void LrScheduleView::drawRange()
{
    if (!m_hasRange)
        return;
    charts::clearChart(m_rangeChart);
    const auto& r = m_range;
    const double minLr = m_params.rangeStart, maxLr = m_params.rangeEnd;
    auto* x =
        charts::makeLogAxis(tr("learning rate (log scale)"), minLr, maxLr, QStringLiteral("%.0e"));
    double low = INFINITY, high = 0;
    for (double v : r.loss)
        low = std::min(low, v);
    for (double v : r.smoothed)
        low = std::min(low, v);
    // Up to where the test stops (4× the smoothed minimum) or its first loss, if higher.
    high = std::max(r.firstLoss * 1.3,
                    std::min(finiteMax(r.loss, 1.0), ml::kRangeDivergence * r.minLoss * 1.05));
    low = std::max(0.0, low - 0.05 * (high - low));
    auto* y = charts::makeAxis(tr("training loss (cross-entropy)"), low, high);
    addAxes(m_rangeChart, x, y);
    low = y->min(); // makeAxis rounds to nice numbers: the marker lines span all of it
    high = y->max();
    QList<QPointF> raw, smooth;
    for (std::size_t k = 0; k < r.lr.size(); ++k) {
        raw.append({r.lr[k], std::min(r.loss[k], high)});
        smooth.append({r.lr[k], r.smoothed[k]});
    }
    const QColor rawColour = theme::color(theme::Role::Reference);
    const QColor smoothColour = theme::color(theme::Role::Accent);
    const QColor markerColour = theme::color(theme::Role::Marker);
    const QColor peakColour = theme::color(theme::Role::Tertiary);
    charts::addSeries(m_rangeChart, charts::line(tr("loss of each minibatch"), raw, rawColour, 1),
                      x, y);
    charts::addSeries(m_rangeChart, charts::line(tr("smoothed loss"), smooth, smoothColour, 2.5), x,
                      y);
    auto* minimum = charts::marker(tr("minimum"), theme::text(), QScatterSeries::MarkerShapeCircle);
    minimum->setMarkerSize(9);
    minimum->replace({{r.minLr, r.minLoss}});
    charts::addSeries(m_rangeChart, minimum, x, y);
    // The star sits on the smoothed curve at the step nearest the suggestion (for "min ÷ 10"
    // that is a decade left of the minimum).
    std::size_t nearest = 0;
    for (std::size_t k = 1; k < r.lr.size(); ++k)
        if (std::abs(std::log(r.lr[k] / r.suggestedLr)) <
            std::abs(std::log(r.lr[nearest] / r.suggestedLr)))
            nearest = k;
    const double suggestedY = r.smoothed.empty() ? r.minLoss : r.smoothed[nearest];
    charts::addSeries(m_rangeChart,
                      charts::line(tr("suggested lr"),
                                   {{r.suggestedLr, low}, {r.suggestedLr, high}}, markerColour, 2,
                                   Qt::DashLine),
                      x, y);
    auto* suggested =
        charts::marker(tr("suggested"), markerColour, QScatterSeries::MarkerShapeStar);
    suggested->replace({{r.suggestedLr, suggestedY}});
    charts::addSeries(m_rangeChart, suggested, x, y);
    std::vector<charts::KeyEntry> key = {
        {rawColour, QStringLiteral("━"), tr("loss of each minibatch")},
        {smoothColour, QStringLiteral("━"), tr("smoothed loss (β %1)").arg(m_params.smoothing)},
        {theme::text(), QStringLiteral("●"), tr("minimum at lr %1").arg(lrText(r.minLr))},
        {markerColour, QStringLiteral("★"), tr("suggested lr %1").arg(lrText(r.suggestedLr))}};
    if (m_params.lr >= minLr && m_params.lr <= maxLr) {
        charts::addSeries(m_rangeChart,
                          charts::line(tr("peak lr of the schedules"),
                                       {{m_params.lr, low}, {m_params.lr, high}}, peakColour, 1.5,
                                       Qt::DotLine),
                          x, y);
        key.push_back({peakColour, QStringLiteral("┊"),
                       tr("peak lr of the schedules %1").arg(lrText(m_params.lr))});
    }
    m_rangeKey->setText(charts::keyHtml(key));
    theme::applyTo(m_rangeChart);
}

void LrScheduleView::drawSchedules()
{
    const auto& runs = m_schedules.runs;
    if (runs.empty())
        return;
    const int epochs = int(runs.front().lr.size());
    for (QChart* chart : {m_lrChart, m_lossChart, m_accuracyChart})
        charts::clearChart(chart);
    double lrHigh = 0, lossHigh = 0, lossLow = INFINITY, accLow = 1;
    for (const auto& run : runs) {
        lrHigh = std::max(lrHigh, finiteMax(run.lr, 0));
        for (double v : run.valLoss)
            if (std::isfinite(v)) {
                lossHigh = std::max(lossHigh, v);
                lossLow = std::min(lossLow, v);
            }
        for (double v : run.valAccuracy)
            if (std::isfinite(v))
                accLow = std::min(accLow, v);
    }
    // The first epochs of warm-up and one-cycle (small lr) and a run that blows up would flatten
    // the rest: from 4 epochs on, the loss axis covers epoch 2 onwards and clips the others.
    if (epochs >= 4) {
        double later = 0;
        for (const auto& run : runs)
            for (std::size_t e = 1; e < run.valLoss.size(); ++e)
                if (std::isfinite(run.valLoss[e]))
                    later = std::max(later, run.valLoss[e]);
        if (later > 0)
            lossHigh = std::min(lossHigh, 1.15 * later);
    }
    if (!std::isfinite(lossLow) || !(lossHigh > lossLow)) {
        lossLow = 0;
        lossHigh = std::max(1.0, lossHigh);
    }
    const auto epochAxis = [&] {
        auto* x = charts::makeExactAxis(tr("epoch"), 1, std::max(2, epochs), QStringLiteral("%d"));
        charts::setIntegerTicks(x, std::max(2, epochs), 6);
        x->setMin(1);
        return x;
    };
    auto* lrX = epochAxis();
    auto* lrY = charts::makeAxis(tr("learning rate"), 0, lrHigh > 0 ? lrHigh * 1.05 : 1);
    auto* lossX = epochAxis();
    auto* lossY =
        charts::makeAxis(tr("cross-entropy"), std::max(0.0, lossLow * 0.9), lossHigh * 1.05);
    auto* accX = epochAxis();
    auto* accY = charts::makeAxis(tr("accuracy (%)"), std::floor(accLow * 20) * 5, 100);
    addAxes(m_lrChart, lrX, lrY);
    addAxes(m_lossChart, lossX, lossY);
    addAxes(m_accuracyChart, accX, accY);
    std::vector<charts::KeyEntry> key;
    for (std::size_t k = 0; k < runs.size(); ++k) {
        const auto& run = runs[k];
        const QColor colour = scheduleColour(k);
        const QString name = QString::fromStdString(run.label);
        const bool best = int(k) == m_schedules.best;
        const double width = best ? 2.8 : 1.8;
        QList<QPointF> lr;
        for (std::size_t e = 0; e < run.lr.size(); ++e)
            lr.append({double(e + 1), run.lr[e]});
        charts::addSeries(m_lrChart, charts::line(name, lr, colour, width), lrX, lrY);
        QList<QPointF> loss;
        for (const QPointF& point : perEpoch(run.valLoss))
            loss.append({point.x(), std::min(point.y(), lossHigh * 1.05)});
        charts::addSeries(m_lossChart, charts::line(name, loss, colour, width), lossX, lossY);
        QList<QPointF> accuracy;
        for (const QPointF& point : perEpoch(run.valAccuracy))
            accuracy.append({point.x(), 100 * point.y()});
        charts::addSeries(m_accuracyChart, charts::line(name, accuracy, colour, width), accX, accY);
        QString text = name;
        if (best)
            text = tr("%1 (best)").arg(name);
        else if (run.diverged)
            text = tr("%1 (diverged)").arg(name);
        key.push_back({colour, QStringLiteral("━"), text});
    }
    m_scheduleKey->setText(charts::keyHtml(key));
    for (QChart* chart : {m_lrChart, m_lossChart, m_accuracyChart})
        theme::applyTo(chart);
}

void LrScheduleView::drawBatches()
{
    const auto& b = m_batches;
    charts::clearChart(m_batchChart);
    charts::clearChart(m_noiseChart);
    if (b.runs.empty())
        return;
    const int epochs = int(b.runs.front().trainLoss.size());
    double high = 0, low = INFINITY, firstHigh = 0;
    for (const auto& run : b.runs) {
        for (double v : run.trainLoss)
            if (std::isfinite(v)) {
                high = std::max(high, v);
                low = std::min(low, v);
            }
        if (!run.trainLoss.empty() && std::isfinite(run.trainLoss.front()))
            firstHigh = std::max(firstHigh, run.trainLoss.front());
    }
    if (firstHigh > 0)
        high = std::min(high, 1.5 * firstHigh);
    if (!std::isfinite(low) || !(high > low)) {
        low = 0;
        high = std::max(1.0, high);
    }
    auto* x = charts::makeExactAxis(tr("epoch"), 1, std::max(2, epochs), QStringLiteral("%d"));
    charts::setIntegerTicks(x, std::max(2, epochs), 6);
    x->setMin(1);
    auto* y = charts::makeAxis(tr("cross-entropy"), 0, high * 1.05);
    addAxes(m_batchChart, x, y);
    std::vector<charts::KeyEntry> key;
    for (const auto& run : b.runs) {
        const QColor colour = batchColour(run.batch, b.referenceBatch);
        const QString name = run.scaled
                                 ? tr("batch %1, lr %2 (scaled)").arg(run.batch).arg(lrText(run.lr))
                                 : tr("batch %1, lr %2").arg(run.batch).arg(lrText(run.lr));
        QList<QPointF> loss;
        for (const QPointF& point : perEpoch(run.trainLoss))
            loss.append({point.x(), std::min(point.y(), high * 1.05)});
        charts::addSeries(m_batchChart,
                          charts::line(name, loss, colour, run.scaled ? 2.2 : 1.8,
                                       run.scaled ? Qt::DashLine : Qt::SolidLine),
                          x, y);
        key.push_back({colour, run.scaled ? QStringLiteral("┅") : QStringLiteral("━"),
                       run.diverged ? tr("%1, diverged").arg(name) : name});
    }
    m_batchKey->setText(charts::keyHtml(key));
    theme::applyTo(m_batchChart);

    // B_simple against the optimizer step, the training loss on the right-hand axis.
    if (b.noise.empty())
        return;
    std::vector<double> scales, losses;
    for (const auto& n : b.noise) {
        scales.push_back(n.bSimple);
        losses.push_back(n.trainLoss);
    }
    const auto [bLow, bHigh] = charts::logRange(scales, 1e-3, 8);
    const double lastStep = std::max(1, b.noise.back().step);
    auto* sx = charts::makeAxis(tr("optimizer step (batch %1)").arg(b.referenceBatch), 0, lastStep,
                                QStringLiteral("%d"));
    auto* sy = charts::makeLogAxis(tr("B_simple"), bLow, bHigh);
    auto* ly = charts::makeAxis(tr("training loss"), 0, finiteMax(losses, 1) * 1.05);
    m_noiseChart->addAxis(sx, Qt::AlignBottom);
    m_noiseChart->addAxis(sy, Qt::AlignLeft);
    m_noiseChart->addAxis(ly, Qt::AlignRight);
    QList<QPointF> scalePoints, lossPoints;
    for (const auto& n : b.noise) {
        if (std::isfinite(n.bSimple) && n.bSimple > 0)
            scalePoints.append({double(n.step), n.bSimple});
        if (std::isfinite(n.trainLoss))
            lossPoints.append({double(n.step), n.trainLoss});
    }
    const QColor scaleColour = theme::color(theme::Role::Accent);
    const QColor lossColour = theme::color(theme::Role::Reference);
    const QColor batchLine = theme::color(theme::Role::Marker);
    charts::addSeries(m_noiseChart, charts::line(tr("B_simple"), scalePoints, scaleColour, 2.5), sx,
                      sy);
    auto* dots = charts::marker(tr("measured"), scaleColour, QScatterSeries::MarkerShapeCircle);
    dots->setMarkerSize(6);
    dots->replace(scalePoints);
    charts::addSeries(m_noiseChart, dots, sx, sy);
    charts::hideFromLegend(m_noiseChart, dots);
    charts::addSeries(m_noiseChart,
                      charts::line(tr("training loss"), lossPoints, lossColour, 1.5, Qt::DashLine),
                      sx, ly);
    std::vector<charts::KeyEntry> noiseKey = {
        {scaleColour, QStringLiteral("━"), tr("B_simple, left axis (log)")},
        {lossColour, QStringLiteral("┅"), tr("training loss, right axis")}};
    if (b.referenceBatch >= bLow && b.referenceBatch <= bHigh) {
        charts::addSeries(
            m_noiseChart,
            charts::line(tr("batch size"),
                         {{0, double(b.referenceBatch)}, {lastStep, double(b.referenceBatch)}},
                         batchLine, 1.2, Qt::DotLine),
            sx, sy);
        noiseKey.push_back(
            {batchLine, QStringLiteral("┊"), tr("batch size %1").arg(b.referenceBatch)});
    }
    m_noiseKey->setText(charts::keyHtml(noiseKey));
    theme::applyTo(m_noiseChart);
}

void LrScheduleView::updateNotice()
{
    QStringList parts;
    const QString tab = QString::fromStdString(state().text("tab"));
    // The headline: one number from each part, whichever tab is shown.
    QStringList headline;
    if (m_hasRange)
        headline << tr("suggested lr <b>%1</b>").arg(lrText(m_range.suggestedLr));
    if (m_hasSchedules && m_schedules.best < 0)
        headline << tr("every schedule <b>diverged</b>");
    else if (m_hasSchedules) {
        const auto& best = m_schedules.runs[std::size_t(m_schedules.best)];
        headline << tr("best schedule <b>%1</b>, validation loss <b>%2</b>")
                        .arg(QString::fromStdString(best.label).toHtmlEscaped(),
                             labtext::significant(best.finalValLoss));
    }
    if (m_hasBatches && !m_batches.noise.empty())
        headline << tr("B_simple now <b>%1</b> examples")
                        .arg(examplesText(m_batches.noise.back().bSimple));
    if (!headline.isEmpty()) {
        QString text = headline.join(QStringLiteral(" · ")) + QStringLiteral(".");
        text[0] = text[0].toUpper();
        parts << text;
    }
    if (m_hasRange && tab == QLatin1String("range")) {
        const auto& r = m_range;
        parts << tr("The range test ran %1 of %2 steps from lr %3 upwards: the smoothed loss fell "
                    "from %4 to its minimum %5 at lr %6%7.")
                     .arg(r.lr.size())
                     .arg(r.plannedSteps)
                     .arg(lrText(r.lr.front()), labtext::significant(r.firstLoss),
                          labtext::significant(r.minLoss), lrText(r.minLr),
                          r.diverged ? tr(", then exploded (above %1× the minimum) at lr %2 and "
                                          "the test stopped")
                                           .arg(ml::kRangeDivergence)
                                           .arg(lrText(r.lr.back()))
                                     : QString());
        if (m_params.rule == "min10")
            parts << tr("Suggested lr %1: a tenth of the lr at the minimum, safely below where "
                        "the loss turns.")
                         .arg(lrText(r.suggestedLr));
        else
            parts << tr("Suggested lr %1: where the smoothed loss falls fastest, %2 per decade of "
                        "lr, before its minimum.")
                         .arg(lrText(r.suggestedLr), labtext::significant(r.slope, 2));
        if (!r.diverged && r.minIndex + 1 == r.lr.size())
            parts << tr("The loss was still at its lowest at the last lr: the test ended before "
                        "the loss turned; raise 'Range test to' to see where it explodes.");
        if (r.slope >= 0 && m_params.rule != "min10")
            parts << tr("The loss never fell: the range starts too high or the model does not "
                        "learn; lower 'Range test from'.");
        parts << tr("Your peak lr %1 is %2× the suggestion.")
                     .arg(lrText(m_params.lr),
                          labtext::significant(m_params.lr / r.suggestedLr, 2));
    }
    if (m_hasSchedules && tab == QLatin1String("schedules") && m_schedules.best >= 0) {
        const auto& runs = m_schedules.runs;
        const auto& best = runs[std::size_t(m_schedules.best)];
        const auto& constant = runs.front();
        parts << tr("%1 ends at validation loss %2 (accuracy %3; its lowest, %4, came at epoch "
                    "%5); a constant lr ends at %6.")
                     .arg(QString::fromStdString(best.label),
                          labtext::significant(best.finalValLoss),
                          labtext::percent(best.finalAccuracy),
                          labtext::significant(best.bestValLoss))
                     .arg(best.bestEpoch + 1)
                     .arg(std::isfinite(constant.finalValLoss)
                              ? labtext::significant(constant.finalValLoss)
                              : tr("nothing (it diverged)"));
        int diverged = 0;
        for (const auto& run : runs)
            diverged += run.diverged ? 1 : 0;
        if (diverged > 0)
            parts << tr("%n schedule(s) diverged (the loss became NaN or infinite): the peak lr "
                        "is too high for them.",
                        nullptr, diverged);
        parts << tr("Decaying schedules end small, averaging out minibatch noise; warm-up and "
                    "one-cycle start small, so a high peak does not wreck the first steps.");
    }
    if (m_hasSchedules && tab == QLatin1String("schedules") && m_schedules.best < 0)
        parts << tr("Every schedule diverged (the loss became NaN or infinite): peak lr %1 is too "
                    "high for this network; the range test suggests %2.")
                     .arg(lrText(m_params.lr),
                          m_hasRange ? lrText(m_range.suggestedLr) : QStringLiteral("—"));
    if (m_hasBatches && tab == QLatin1String("batch") && !m_batches.runs.empty()) {
        const auto& b = m_batches;
        if (!b.noise.empty()) {
            const auto& first = b.noise.front();
            const auto& now = b.noise.back();
            parts << tr("B_simple grew from %1 to %2 examples (step %3) as the training loss "
                        "fell from %4 to %5: the mean gradient |G| shrinks, the noise does not, "
                        "so ever larger batches still pay off.")
                         .arg(examplesText(first.bSimple), examplesText(now.bSimple))
                         .arg(now.step)
                         .arg(labtext::significant(first.trainLoss),
                              labtext::significant(now.trainLoss));
        }
        const auto runOf = [&](int batch, bool scaled) -> const ml::LrBatchRun* {
            for (const auto& run : b.runs)
                if (run.batch == batch && run.scaled == scaled)
                    return &run;
            return nullptr;
        };
        // Early, while the loss falls, the number of steps per epoch matters most.
        const std::size_t epoch = std::min<std::size_t>(2, b.runs.front().trainLoss.size() - 1);
        const auto text = [epoch](const ml::LrBatchRun* run) {
            return !run || run->diverged ? tr("diverged")
                                         : labtext::significant(run->trainLoss[epoch]);
        };
        const int large = b.runs[2].batch;
        if (large != b.referenceBatch)
            parts << tr("Training loss in epoch %1: batch %2 at %3; batch %4 at the same lr %5 "
                        "(%6 instead of %7 steps per epoch); with the linear scaling rule (lr × "
                        "%8) %9.")
                         .arg(epoch + 1)
                         .arg(b.referenceBatch)
                         .arg(text(runOf(b.referenceBatch, false)))
                         .arg(large)
                         .arg(text(runOf(large, false)))
                         .arg(b.runs[2].stepsPerEpoch)
                         .arg(b.runs[1].stepsPerEpoch)
                         .arg(labtext::significant(double(large) / b.referenceBatch, 2))
                         .arg(text(runOf(large, true)));
    }
    if (parts.isEmpty())
        parts << tr("Computing…");
    setNotice(parts.join(QLatin1Char(' ')));
}

QString LrScheduleView::resultCsv() const
{
    const QString tab = QString::fromStdString(state().text("tab"));
    QString csv;
    if (tab == QLatin1String("range")) {
        csv = QStringLiteral("step,lr,loss,smoothed_loss\n");
        for (std::size_t k = 0; k < m_range.lr.size(); ++k)
            csv += labtext::csvRow({QString::number(k), labtext::exact(m_range.lr[k]),
                                    labtext::exact(m_range.loss[k]),
                                    labtext::exact(m_range.smoothed[k])});
    } else if (tab == QLatin1String("batch")) {
        csv = QStringLiteral("batch,linear_scaling,lr,epoch,val_loss,train_loss\n");
        for (const auto& run : m_batches.runs)
            for (std::size_t e = 0; e < run.valLoss.size(); ++e)
                csv += labtext::csvRow(
                    {QString::number(run.batch),
                     run.scaled ? QStringLiteral("true") : QStringLiteral("false"),
                     labtext::exact(run.lr), QString::number(e + 1), labtext::exact(run.valLoss[e]),
                     labtext::exact(run.trainLoss[e])});
        csv += QStringLiteral("\nstep,train_loss,trace_sigma,grad_norm2,b_simple\n");
        for (const auto& n : m_batches.noise)
            csv += labtext::csvRow({QString::number(n.step), labtext::exact(n.trainLoss),
                                    labtext::exact(n.traceSigma), labtext::exact(n.gradNorm2),
                                    labtext::exact(n.bSimple)});
    } else {
        csv = QStringLiteral("schedule,epoch,lr,momentum,train_loss,val_loss,val_accuracy\n");
        for (const auto& run : m_schedules.runs)
            for (std::size_t e = 0; e < run.lr.size(); ++e)
                csv += labtext::csvRow(
                    {labtext::csvField(QString::fromStdString(run.id)), QString::number(e + 1),
                     labtext::exact(run.lr[e]), labtext::exact(run.momentum[e]),
                     labtext::exact(run.trainLoss[e]), labtext::exact(run.valLoss[e]),
                     labtext::exact(run.valAccuracy[e])});
    }
    return csv;
}

QList<KeyNumber> LrScheduleView::keyNumbers() const
{
    QList<KeyNumber> numbers;
    if (m_hasRange)
        numbers.append({tr("suggested lr"), lrText(m_range.suggestedLr)});
    if (m_hasSchedules && m_schedules.best >= 0)
        numbers.append(
            {tr("best val loss"),
             labtext::significant(m_schedules.runs[std::size_t(m_schedules.best)].finalValLoss)});
    if (m_hasBatches && !m_batches.noise.empty())
        numbers.append({tr("B_simple now"), examplesText(m_batches.noise.back().bSimple)});
    return numbers;
}
