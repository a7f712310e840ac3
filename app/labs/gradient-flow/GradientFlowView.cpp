#include "app/labs/gradient-flow/GradientFlowView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"
#include "app/widgets/MatrixHeatmap.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
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

/// Points (step, value) of the finite values, steps counted from 1; positive ones only for a log
/// axis.
QList<QPointF> overSteps(const std::vector<double>& values, bool positiveOnly)
{
    QList<QPointF> points;
    for (std::size_t i = 0; i < values.size(); ++i)
        if (std::isfinite(values[i]) && (!positiveOnly || values[i] > 0))
            points.append({double(i + 1), values[i]});
    return points;
}

/// A page of the tabs: a heatmap on top, two charts with their keys side by side below.
QWidget* page(QWidget* top, QWidget* left, QWidget* right)
{
    auto* widget = new QWidget;
    auto* layout = new QVBoxLayout(widget);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(top, 5);
    auto* row = new QHBoxLayout;
    row->addWidget(left, 1);
    row->addWidget(right, 1);
    layout->addLayout(row, 4);
    return widget;
}

/// Steps 0 .. n with round ticks.
QValueAxis* stepAxis(double steps)
{
    auto* axis = charts::makeExactAxis(QCoreApplication::translate("GradientFlowView", "step"), 0,
                                       steps, QStringLiteral("%.0f"));
    charts::setIntegerTicks(axis, steps, 5);
    return axis;
}

/// A value axis over [low, high] widened to round ticks 1, 2 or 5 × 10^k apart, anchored at 0
/// (no "−0.00" label).
QValueAxis* niceAxis(const QString& title, double low, double high, int ticks = 5)
{
    const double raw = std::max(1e-12, (high - low) / ticks);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = 10 * magnitude;
    for (double m : {1.0, 2.0, 5.0})
        if (m * magnitude >= raw) {
            step = m * magnitude;
            break;
        }
    low = std::floor(low / step + 1e-9) * step;
    high = std::ceil(high / step - 1e-9) * step;
    const int decimals = std::max(0, -int(std::floor(std::log10(step) + 1e-9)));
    auto* axis = charts::makeExactAxis(title, low, high, QStringLiteral("%.%1f").arg(decimals));
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    return axis;
}

QString layerName(std::size_t layer, std::size_t depth)
{
    return layer < depth ? QString::number(layer + 1)
                         : QCoreApplication::translate("GradientFlowView", "out");
}

/// 10^k written with a superscript exponent: "10⁻⁷".
QString powerOfTen(double value)
{
    static const QString digits = QStringLiteral("⁰¹²³⁴⁵⁶⁷⁸⁹");
    const int exponent = int(std::lround(std::log10(value)));
    QString text = QStringLiteral("10");
    if (exponent < 0)
        text += QStringLiteral("⁻");
    for (QChar c : QString::number(std::abs(exponent)))
        text += digits[c.digitValue()];
    return text;
}

} // namespace

GradientFlowView::GradientFlowView(JobRunner* jobs, QWidget* parent)
    : LabView(ml::gradientFlowLabSpec(), jobs, parent)
{
    m_gradients = new MatrixHeatmap;
    m_gradients->setObjectName(QStringLiteral("gradient-norms"));
    m_gradients->setTitle(tr("Gradient norm ‖∂L/∂W‖ per layer and step"));
    m_gradients->setAxisTitles(tr("layer"), tr("step"));
    m_gradients->setValueTitle(tr("‖∂L/∂W‖ (log)"));
    m_gradients->setScale(MatrixHeatmap::Scale::Log);
    m_saturation = new MatrixHeatmap;
    m_saturation->setObjectName(QStringLiteral("saturation"));
    m_saturation->setTitle(tr("Saturated share of each layer's activations per step"));
    m_saturation->setAxisTitles(tr("layer"), tr("step"));
    m_saturation->setValueTitle(tr("saturated share"));
    m_saturation->setRange(0, 1);

    m_updateChart =
        charts::makeChart(tr("Update-to-data ratio ‖ΔW‖/‖W‖"), QStringLiteral("updates"));
    m_lossChart =
        charts::makeChart(tr("Training loss and validation accuracy"), QStringLiteral("loss"));
    m_layerChart = charts::makeChart(tr("Activations per layer"), QStringLiteral("layers"));
    m_activationChart =
        charts::makeChart(tr("The activation and its slope"), QStringLiteral("activation"));
    for (QChart* chart : {m_updateChart, m_lossChart, m_layerChart, m_activationChart})
        chart->legend()->hide(); // each has a key below that wraps instead of eliding
    m_updateKey = charts::makeKeyLabel();
    m_lossKey = charts::makeKeyLabel();
    m_layerKey = charts::makeKeyLabel();
    m_activationKey = charts::makeKeyLabel();

    m_tabs = new QTabWidget;
    m_tabs->addTab(page(m_gradients,
                        charts::withKey(charts::makeChartView(m_updateChart, 200), m_updateKey),
                        charts::withKey(charts::makeChartView(m_lossChart, 200), m_lossKey)),
                   tr("Gradients"));
    m_tabs->addTab(
        page(m_saturation, charts::withKey(charts::makeChartView(m_layerChart, 200), m_layerKey),
             charts::withKey(charts::makeChartView(m_activationChart, 200), m_activationKey)),
        tr("Activations"));
    chartLayout()->addWidget(m_tabs);
    bindTabs(QStringLiteral("tab"), m_tabs);
}

void GradientFlowView::refresh()
{
    const ml::GradientFlowLabParams params = ml::gradientFlowLabParams(state());
    run(
        tr("Training the deep network"),
        [params](const mllab::Progress& progress) {
            return ml::computeGradientFlowLab(params, progress);
        },
        [this](const ml::GradientFlowLabResult& r) { showResult(r); });
}

void GradientFlowView::showResult(const ml::GradientFlowLabResult& result)
{
    clearError();
    m_result = result;
    m_hasResult = true;
    drawHeatmaps();
    drawUpdates();
    drawLoss();
    drawLayers();
    drawActivation();
    updateNotice();
    Q_EMIT resultShown();
}

void GradientFlowView::drawHeatmaps()
{
    const auto& r = m_result;
    const std::size_t depth = r.actMean.size();
    QStringList rows, steps;
    for (std::size_t l = 0; l < r.gradNorm.size(); ++l)
        rows << layerName(l, depth);
    for (std::size_t s = 0; s < r.loss.size(); ++s)
        steps << QString::number(s + 1);
    m_gradients->setMatrix(r.gradNorm);
    m_gradients->setRowLabels(rows);
    m_gradients->setColumnLabels(steps);
    rows.removeLast();
    m_saturation->setMatrix(r.actSaturated);
    m_saturation->setRowLabels(rows);
    m_saturation->setColumnLabels(steps);
}

void GradientFlowView::drawUpdates()
{
    charts::clearChart(m_updateChart);
    const auto& r = m_result;
    const std::size_t depth = r.actMean.size(), layers = r.updateRatio.size();
    // The first, a middle and the last hidden layer, and the output layer.
    std::vector<std::size_t> shown = {0};
    if (depth > 2)
        shown.push_back(depth / 2);
    if (depth > 1)
        shown.push_back(depth - 1);
    shown.push_back(layers - 1);
    std::vector<double> all = {1e-3};
    for (std::size_t l : shown)
        all.insert(all.end(), r.updateRatio[l].begin(), r.updateRatio[l].end());
    // At most six decades: more labels than a half-width chart can stack.
    const auto [low, high] = charts::logRange(all, 1e-12, 6);
    const double steps = double(std::max<std::size_t>(2, r.loss.size()));
    auto* x = stepAxis(steps);
    auto* y = charts::makeLogAxis(tr("‖ΔW‖ / ‖W‖"), low, high, QStringLiteral("%.0e"));
    m_updateChart->addAxis(x, Qt::AlignBottom);
    m_updateChart->addAxis(y, Qt::AlignLeft);
    const QColor reference = theme::color(theme::Role::Reference);
    charts::addSeries(m_updateChart,
                      charts::line(tr("1e-3 rule of thumb"), {{1, 1e-3}, {steps, 1e-3}}, reference,
                                   1.5, Qt::DashLine),
                      x, y);
    std::vector<charts::KeyEntry> key;
    for (std::size_t i = 0; i < shown.size(); ++i) {
        const std::size_t l = shown[i];
        const QColor colour = theme::series(int(i));
        const QString name = l + 1 == layers ? tr("output layer") : tr("layer %1").arg(l + 1);
        const QList<QPointF> points = overSteps(r.updateRatio[l], true);
        charts::addSeries(m_updateChart, charts::line(name, points, colour, 1.6), x, y);
        key.push_back({colour, QStringLiteral("━"),
                       points.isEmpty() ? tr("%1 (never moved)").arg(name) : name});
    }
    key.push_back({reference, QStringLiteral("┅"), tr("1e-3, healthy")});
    m_updateKey->setText(charts::keyHtml(key));
    theme::applyTo(m_updateChart);
}

void GradientFlowView::drawLoss()
{
    charts::clearChart(m_lossChart);
    const auto& r = m_result;
    double low = INFINITY, high = 0;
    for (double v : r.loss)
        if (std::isfinite(v) && v > 0) {
            low = std::min(low, v);
            high = std::max(high, v);
        }
    const double steps = double(std::max<std::size_t>(2, r.loss.size()));
    auto* x = stepAxis(steps);
    // A loss that starts above 100 nats (exploded logits) and falls over decades reads in log₁₀.
    const bool logLoss = high > 100 && high / low > 100;
    // (as log₁₀ on a value axis: a log axis's labels 1e+09 do not fit beside the accuracy axis).
    QValueAxis* y = logLoss ? niceAxis(tr("log₁₀ loss"), std::floor(std::log10(low)),
                                       std::ceil(std::log10(high)))
                            : niceAxis(tr("loss (nats)"), 0, high > 0 ? high * 1.05 : 1);
    QList<QPointF> lossPoints = overSteps(r.loss, logLoss);
    if (logLoss)
        for (QPointF& point : lossPoints)
            point.setY(std::log10(point.y()));
    auto* accuracy = charts::makeExactAxis(tr("accuracy (%)"), 0, 100, QStringLiteral("%.0f"));
    m_lossChart->addAxis(x, Qt::AlignBottom);
    m_lossChart->addAxis(y, Qt::AlignLeft);
    m_lossChart->addAxis(accuracy, Qt::AlignRight);
    const QColor lossColour = theme::color(theme::Role::Accent);
    const QColor accuracyColour = theme::color(theme::Role::Secondary);
    charts::addSeries(m_lossChart, charts::line(tr("training loss"), lossPoints, lossColour, 1.4),
                      x, y);
    QList<QPointF> acc;
    for (std::size_t i = 0; i < r.validationSteps.size(); ++i)
        acc.append({double(r.validationSteps[i]), 100 * r.validationAccuracy[i]});
    charts::addSeries(m_lossChart,
                      charts::line(tr("validation accuracy"), acc, accuracyColour, 2.2), x,
                      accuracy);
    m_lossKey->setText(charts::keyHtml(
        {{lossColour, QStringLiteral("━"), tr("training loss (batch)")},
         {accuracyColour, QStringLiteral("━"), tr("validation accuracy, right axis")}}));
    theme::applyTo(m_lossChart);
}

void GradientFlowView::drawLayers()
{
    charts::clearChart(m_layerChart);
    const auto& r = m_result;
    const std::size_t depth = r.actMean.size();
    QList<QPointF> stdFirst, stdLast, meanLast, saturated;
    double low = 0, high = 0.1;
    for (std::size_t l = 0; l < depth; ++l) {
        const double layer = double(l + 1);
        const double sf = r.actStd[l].front();
        const double ml = r.actMean[l].back(), sl = r.actStd[l].back();
        for (double v : {sf, ml, sl})
            if (std::isfinite(v)) {
                low = std::min(low, v);
                high = std::max(high, v);
            }
        if (std::isfinite(sf))
            stdFirst.append({layer, sf});
        if (std::isfinite(sl))
            stdLast.append({layer, sl});
        if (std::isfinite(ml))
            meanLast.append({layer, ml});
        if (std::isfinite(r.actSaturated[l].back()))
            saturated.append({layer, 100 * r.actSaturated[l].back()});
    }
    const double pad = 0.05 * (high - low);
    auto* x = charts::makeExactAxis(tr("layer"), 1, double(std::max<std::size_t>(2, depth)),
                                    QStringLiteral("%.0f"));
    charts::setIntegerTicks(x, double(depth), 8);
    x->setMin(1);
    auto* y = niceAxis(tr("value"), low - pad, high + pad);
    auto* share = charts::makeExactAxis(tr("saturated (%)"), 0, 100, QStringLiteral("%.0f"));
    m_layerChart->addAxis(x, Qt::AlignBottom);
    m_layerChart->addAxis(y, Qt::AlignLeft);
    m_layerChart->addAxis(share, Qt::AlignRight);
    const QColor first = theme::color(theme::Role::Reference);
    const QColor last = theme::color(theme::Role::Accent);
    const QColor mean = theme::color(theme::Role::Tertiary);
    const QColor sat = theme::color(theme::Role::Negative);
    charts::addSeries(m_layerChart,
                      charts::line(tr("std, step 1"), stdFirst, first, 1.6, Qt::DashLine), x, y);
    charts::addSeries(m_layerChart, charts::line(tr("std, last step"), stdLast, last, 2.2), x, y);
    charts::addSeries(m_layerChart, charts::line(tr("mean, last step"), meanLast, mean, 1.4), x, y);
    charts::addSeries(m_layerChart,
                      charts::line(tr("saturated, last step"), saturated, sat, 1.6, Qt::DotLine), x,
                      share);
    m_layerKey->setText(
        charts::keyHtml({{first, QStringLiteral("┅"), tr("std at step 1")},
                         {last, QStringLiteral("━"), tr("std at the last step")},
                         {mean, QStringLiteral("━"), tr("mean at the last step")},
                         {sat, QStringLiteral("┊"), tr("saturated %, last step (right axis)")}}));
    theme::applyTo(m_layerChart);
}

void GradientFlowView::drawActivation()
{
    charts::clearChart(m_activationChart);
    const auto& r = m_result;
    double low = -0.2, high = 1.2;
    for (double v : r.curveValue) {
        low = std::min(low, v);
        high = std::max(high, v);
    }
    low = std::max(low, -2.0); // ReLU's 5 would squash the slopes
    high = std::min(high, 2.0);
    auto* x = charts::makeExactAxis(tr("pre-activation z"), r.curveX.front(), r.curveX.back(),
                                    QStringLiteral("%.1f"));
    x->setTickCount(5);
    auto* y = niceAxis(tr("f(z), f′(z)"), low, high, 4);
    low = y->min();
    high = y->max();
    m_activationChart->addAxis(x, Qt::AlignBottom);
    m_activationChart->addAxis(y, Qt::AlignLeft);
    const QColor band = theme::color(theme::Role::Band);
    for (const auto& [a, b] : r.curveSaturated) {
        auto* upper = new QLineSeries;
        upper->append({{a, high}, {b, high}});
        auto* lower = new QLineSeries;
        lower->append({{a, low}, {b, low}});
        auto* area = charts::area(upper, lower);
        area->setName(tr("saturated"));
        area->setBrush(band);
        area->setPen(Qt::NoPen);
        charts::addSeries(m_activationChart, area, x, y);
    }
    QList<QPointF> value, slope;
    for (std::size_t i = 0; i < r.curveX.size(); ++i) {
        if (r.curveValue[i] >= low && r.curveValue[i] <= high)
            value.append({r.curveX[i], r.curveValue[i]});
        slope.append({r.curveX[i], r.curveDerivative[i]});
    }
    const QColor f = theme::color(theme::Role::Accent), d = theme::color(theme::Role::Secondary);
    charts::addSeries(m_activationChart, charts::line(tr("f(z)"), value, f, 2.2), x, y);
    charts::addSeries(m_activationChart, charts::line(tr("f′(z)"), slope, d, 2.0, Qt::DashLine), x,
                      y);
    const QString activation = QString::fromStdString(r.params.activation);
    m_activationKey->setText(
        charts::keyHtml({{f, QStringLiteral("━"), activation},
                         {d, QStringLiteral("┅"), tr("its derivative")},
                         {band, QStringLiteral("█"), tr("counted as saturated")}}));
    theme::applyTo(m_activationChart);
}

void GradientFlowView::updateNotice()
{
    const auto& r = m_result;
    const auto& p = r.params;
    const std::size_t depth = r.actMean.size();
    const QString setting =
        tr("%1, depth %2, %3 init, %4%5")
            .arg(QString::fromStdString(p.activation))
            .arg(p.depth)
            .arg(QString::fromStdString(p.init))
            .arg(p.norm == "none" ? tr("no normalisation") : QString::fromStdString(p.norm))
            .arg(p.residual ? tr(", residual") : QString());
    // What to try next, leaving out what is already chosen.
    const auto remedies = [&p](bool vanishing) {
        QStringList tries;
        if (vanishing) {
            if (p.activation == "sigmoid" || p.activation == "tanh")
                tries << tr("ReLU + He initialisation");
            else if (p.init != "he")
                tries << tr("He initialisation");
            if (p.norm == "none")
                tries << tr("BatchNorm");
            if (!p.residual)
                tries << tr("residual connections");
            return tries.isEmpty() ? tr("fewer layers may be the only cure left.")
                                   : tr("try %1.").arg(tries.join(tr(" or ")));
        }
        QString text;
        if (p.norm == "batchnorm" && !p.residual)
            text = tr("BatchNorm itself makes the gradients grow towards the input of a deep "
                      "plain network at initialisation; residual connections tame that. ");
        if (p.init == "large")
            tries << tr("a smaller initialisation (Xavier, He)");
        if (p.clip == 0)
            tries << tr("gradient clipping");
        if (p.norm == "none")
            tries << tr("normalisation");
        if (!tries.isEmpty())
            text += tr("Try %1.").arg(tries.join(tr(" or ")));
        return text.trimmed();
    };
    QStringList parts;
    if (r.diverged)
        parts << tr("The loss became NaN or infinite at step %1 (%2): training diverged, and the "
                    "hatched cells are the steps that never ran. Lower the learning rate, use a "
                    "smaller initialisation or clip the gradient norm.")
                     .arg(r.divergedAt + 1)
                     .arg(setting);
    const double ratio = r.gradRatioStart;
    // Absolute size: a ratio near 1 (or below) can hide gradients that are all huge.
    double largest = 0;
    for (const auto& layer : r.gradNorm)
        if (std::isfinite(layer.front()))
            largest = std::max(largest, layer.front());
    const bool huge = largest > 1e3;
    if (huge)
        parts << tr("At step 1 the gradient norms reach %1 (loss %2): the signal grows layer by "
                    "layer, so the gradients explode in size whatever their ratio between layers. "
                    "%3")
                     .arg(labtext::significant(largest, 2), labtext::significant(r.loss.front(), 3),
                          remedies(false));

    const bool symmetric =
        std::all_of(r.unitSpread.begin(), r.unitSpread.end(), [](double s) { return s < 1e-6; });
    if (p.init == "zero" || symmetric) {
        parts
            << tr("Every unit of each hidden layer computes the same value on every example%1: "
                  "starting from equal weights, they get equal gradients, so the symmetry is never "
                  "broken and a layer of %2 units works like one. Use a random initialisation "
                  "(Xavier, He).")
                   .arg(p.init == "zero" ? tr(" (zero initialisation)") : QString())
                   .arg(p.width);
    }
    if (!std::isfinite(ratio) || ratio <= 0) {
        if (std::isfinite(ratio) && ratio == 0)
            parts << tr("At step 1 the first layer's gradient is exactly 0 while the last hidden "
                        "layer's is %1: the signal vanished below float32's range on its way back "
                        "(%2); %3")
                         .arg(labtext::significant(r.gradNorm[depth - 1][0]), setting,
                              remedies(true));
        else if (!r.diverged)
            parts << tr("At step 1 no gradient reaches the last hidden layer, so no ratio between "
                        "the layers exists.");
    } else if (!huge) {
        const QString factor = powerOfTen(ratio);
        if (ratio < 1e-2)
            parts << tr("The gradient norm falls by %1 from the last hidden layer to the first at "
                        "step 1: vanishing (%2). The first layers barely learn; %3")
                         .arg(factor, setting, remedies(true));
        else if (ratio > 1e2)
            parts << tr("The gradient norm grows by %1 from the last hidden layer to the first at "
                        "step 1: exploding (%2). %3")
                         .arg(factor, setting, remedies(false));
        else
            parts << tr("The first layer's gradient is %1× the last hidden layer's at step 1 "
                        "(%2): the gradient flows through all %3 layers.")
                         .arg(labtext::significant(ratio, 2), setting)
                         .arg(depth);
    }
    // Saturation and dead units at the last step.
    double saturated = 0;
    int counted = 0;
    for (std::size_t l = 0; l < depth; ++l)
        if (std::isfinite(r.actSaturated[l].back())) {
            saturated += r.actSaturated[l].back();
            ++counted;
        }
    if (counted > 0) {
        saturated /= counted;
        const QString share = labtext::percent(saturated, 0);
        if (p.activation == "relu" && saturated > 0.6)
            parts << tr("%1 of the ReLU outputs are 0 (dead: no gradient passes them).").arg(share);
        else if ((p.activation == "sigmoid" || p.activation == "tanh") && saturated > 0.2)
            parts << tr("%1 of the %2 outputs sit in the flat tails, where the slope is near 0.")
                         .arg(share, QString::fromStdString(p.activation));
    }
    // The update-to-data ratio of the last step, median over the layers.
    std::vector<double> updates;
    for (const auto& layer : r.updateRatio) {
        const std::size_t last =
            r.diverged ? std::size_t(std::max(0, r.divergedAt - 1)) : layer.size() - 1;
        if (std::isfinite(layer[last]) && layer[last] > 0)
            updates.push_back(layer[last]);
    }
    if (!updates.empty()) {
        std::sort(updates.begin(), updates.end());
        const double median = updates[updates.size() / 2];
        QString verdict = tr("near the 1e-3 rule of thumb");
        if (median < 1e-4)
            verdict = tr("well below 1e-3: the weights hardly move (raise the learning rate)");
        else if (median > 1e-2)
            verdict = tr("well above 1e-3: each step rewrites the weights (lower the learning "
                         "rate)");
        parts << tr("Update-to-data ratio ‖ΔW‖/‖W‖ at the last step, median over layers: %1, %2.")
                     .arg(labtext::significant(median, 2), verdict);
    }
    if (p.clip > 0) {
        const auto clippedSteps = std::count_if(r.totalNorm.begin(), r.totalNorm.end(),
                                                [&](double n) { return n > p.clip; });
        parts << tr("Clipping at %1 scaled the gradients down on %2 of %3 steps.")
                     .arg(labtext::significant(p.clip))
                     .arg(clippedSteps)
                     .arg(r.totalNorm.size());
    }
    if (!r.diverged)
        parts << tr("Validation accuracy %1 on %2 held-out rows.")
                     .arg(labtext::percent(r.finalValidationAccuracy, 1))
                     .arg(r.validationRows);
    setNotice(parts.join(QLatin1Char(' ')));
}

QString GradientFlowView::resultCsv() const
{
    const auto& r = m_result;
    const std::size_t depth = r.actMean.size();
    QString csv = QStringLiteral("layer,step,grad_norm,update_ratio,activation_mean,"
                                 "activation_std,saturated_fraction,loss\n");
    for (std::size_t l = 0; l < r.gradNorm.size(); ++l)
        for (std::size_t s = 0; s < r.gradNorm[l].size(); ++s) {
            const bool hidden = l < depth;
            const auto number = [](double v) {
                return std::isfinite(v) ? labtext::exact(v) : QString();
            };
            csv += labtext::csvRow(
                {hidden ? QString::number(l + 1) : QStringLiteral("output"), QString::number(s + 1),
                 number(r.gradNorm[l][s]), number(r.updateRatio[l][s]),
                 hidden ? number(r.actMean[l][s]) : QString(),
                 hidden ? number(r.actStd[l][s]) : QString(),
                 hidden ? number(r.actSaturated[l][s]) : QString(), number(r.loss[s])});
        }
    return csv;
}

QList<KeyNumber> GradientFlowView::keyNumbers() const
{
    if (!m_hasResult)
        return {};
    const auto& r = m_result;
    const auto shown = [](double v) {
        return std::isfinite(v) ? labtext::significant(v, 2) : QStringLiteral("—");
    };
    return {{tr("grad first/last"), shown(r.gradRatioStart)},
            {tr("val accuracy"),
             r.diverged ? tr("diverged") : labtext::percent(r.finalValidationAccuracy, 1)},
            {tr("final loss"), shown(r.loss.back())}};
}
