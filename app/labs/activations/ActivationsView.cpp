#include "app/labs/activations/ActivationsView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/ColumnListControl.h"
#include "app/labs/LabText.h"
#include "app/labs/ParameterPanel.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QLocale>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

namespace {

QList<QPointF> points(const std::vector<double>& x, const std::vector<double>& y)
{
    QList<QPointF> out;
    for (std::size_t i = 0; i < x.size(); ++i)
        out.append({x[i], y[i]});
    return out;
}

} // namespace

ActivationsView::ActivationsView(JobRunner* jobs, QWidget* parent)
    : LabView(mllab::labs::activationsLabSpec(), jobs, parent)
{
    auto functions = std::make_unique<ColumnListControl>(*spec().find("functions"));
    QStringList ids;
    for (const std::string& id : mllab::labs::activationIds())
        ids << QString::fromStdString(id);
    functions->setItems(ids);
    parameterPanel()->replaceControl(QStringLiteral("functions"), std::move(functions));

    m_values = charts::makeChart(tr("Activation f(x)"), QStringLiteral("values"));
    m_derivatives = charts::makeChart(tr("Derivative f′(x)"), QStringLiteral("derivatives"));
    m_saturation = charts::makeChart(tr("Where f′ is below the threshold (saturated)"),
                                     QStringLiteral("saturation"));
    m_saturation->legend()->hide();
    // The strip below names each function in its colour: the curves need no legends, and the
    // three charts share the strip's x axis title.
    m_values->legend()->hide();
    m_derivatives->legend()->hide();
    m_saturationView = charts::makeChartView(m_saturation);
    // Three charts above each other: the two curves may shrink for the strip to fit 800 px.
    for (QChart* chart : {m_values, m_derivatives})
        chartLayout()->addWidget(charts::makeChartView(chart, 170), 1);
    chartLayout()->addWidget(m_saturationView);
}

void ActivationsView::refresh()
{
    const mllab::labs::ActivationsLabParams params = mllab::labs::activationsLabParams(state());
    run(tr("Activation functions"),
        [params](const mllab::Progress& progress) {
            return mllab::labs::computeActivationsLab(params, progress);
        },
        [this](const mllab::labs::ActivationsLabResult& r) { showResult(r); });
}

void ActivationsView::showResult(const mllab::labs::ActivationsLabResult& result)
{
    clearError();
    m_result = result;
    drawValues();
    drawDerivatives();
    drawSaturation();
    updateNotice();
    Q_EMIT resultShown();
}

void ActivationsView::drawValues()
{
    charts::clearChart(m_values);
    double lo = 0, hi = 0;
    for (const auto& c : m_result.curves) {
        lo = std::min(lo, *std::min_element(c.value.begin(), c.value.end()));
        hi = std::max(hi, *std::max_element(c.value.begin(), c.value.end()));
    }
    auto* x = charts::makeAxis(QString(), m_result.x.front(), m_result.x.back());
    auto* y = charts::makeAxis(tr("f(x)"), lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo));
    for (std::size_t i = 0; i < m_result.curves.size(); ++i) {
        const auto& c = m_result.curves[i];
        charts::attach(m_values,
                       charts::line(QString::fromStdString(c.id), points(m_result.x, c.value),
                                    theme::series(int(i)), 2.0),
                       x, y);
    }
}

void ActivationsView::drawDerivatives()
{
    charts::clearChart(m_derivatives);
    double hi = 1.05;
    for (const auto& c : m_result.curves)
        hi = std::max(hi, c.maxDerivative * 1.05);
    auto* x = charts::makeAxis(QString(), m_result.x.front(), m_result.x.back());
    auto* y = charts::makeAxis(tr("f′(x)"), 0, hi);
    auto* threshold = charts::line(tr("saturation threshold"),
                                   {{m_result.x.front(), m_result.saturation},
                                    {m_result.x.back(), m_result.saturation}},
                                   theme::color(theme::Role::Reference), 1.2, Qt::DashLine);
    charts::attach(m_derivatives, threshold, x, y);
    for (std::size_t i = 0; i < m_result.curves.size(); ++i) {
        const auto& c = m_result.curves[i];
        charts::attach(m_derivatives,
                       charts::line(QString::fromStdString(c.id), points(m_result.x, c.derivative),
                                    theme::series(int(i)), 2.0),
                       x, y);
    }
}

void ActivationsView::drawSaturation()
{
    // One row per function, filled over its saturated intervals: where each one stops passing
    // gradients back, side by side.
    charts::clearChart(m_saturation);
    const int rows = int(m_result.curves.size());
    auto* x = charts::makeAxis(tr("input x"), m_result.x.front(), m_result.x.back());
    auto* y = new QCategoryAxis;
    y->setRange(0, rows);
    y->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
    y->setGridLineVisible(false);
    m_saturation->addAxis(x, Qt::AlignBottom);
    m_saturation->addAxis(y, Qt::AlignLeft);
    // Categories go bottom up; the first function sits on top, as in the legends.
    for (int row = 0; row < rows; ++row) {
        const int i = rows - 1 - row;
        const auto& c = m_result.curves[std::size_t(i)];
        y->append(tr("%1 %2 %").arg(QString::fromStdString(c.id),
                                    labtext::fixed(100 * c.saturatedFraction, 0)),
                  row + 1);
        // A thin line in the function's colour across its row, a bar where it saturates.
        charts::addSeries(m_saturation,
                          charts::line(QString(), {{x->min(), row + 0.5}, {x->max(), row + 0.5}},
                                       theme::series(i), 1.0),
                          x, y);
        for (const auto& [a, b] : c.saturated) {
            auto* upper = new QLineSeries;
            upper->append({{a, row + 0.8}, {b, row + 0.8}});
            auto* lower = new QLineSeries;
            lower->append({{a, row + 0.2}, {b, row + 0.2}});
            auto* band = charts::area(upper, lower);
            band->setBrush(theme::series(i));
            band->setPen(Qt::NoPen);
            charts::addSeries(m_saturation, band, x, y);
        }
    }
    theme::applyTo(m_saturation);
    // Title and axis labels take about four lines; each function a row of one line.
    const int line = fontMetrics().height();
    m_saturationView->setFixedHeight(4 * line + rows * (line + 10));
}

void ActivationsView::updateNotice()
{
    const auto& curves = m_result.curves;
    const auto bySaturation = [](const auto& a, const auto& b) {
        return a.saturatedFraction < b.saturatedFraction;
    };
    const auto& most = *std::max_element(curves.begin(), curves.end(), bySaturation);
    const auto& least = *std::min_element(curves.begin(), curves.end(), bySaturation);
    QString text = tr("Where f′ is below %1 (dashed), a gradient passing back through the unit "
                      "shrinks at least %2-fold; stacked, such layers make gradients vanish. ")
                       .arg(labtext::fixed(m_result.saturation, 3))
                       .arg(labtext::fixed(1.0 / m_result.saturation, 0));
    if (curves.size() > 1)
        text += tr("<b>%1</b> saturates most (%2 % of the interval), <b>%3</b> least (%4 %). ")
                    .arg(QString::fromStdString(most.id),
                         labtext::fixed(100 * most.saturatedFraction, 0),
                         QString::fromStdString(least.id),
                         labtext::fixed(100 * least.saturatedFraction, 0));
    for (const auto& c : curves) {
        const double lowest = *std::min_element(c.derivative.begin(), c.derivative.end());
        if (c.id == "sigmoid")
            text += tr("Sigmoid's slope never exceeds %1: even unsaturated it shrinks gradients "
                       "%2-fold per layer. ")
                        .arg(labtext::fixed(c.maxDerivative, 2))
                        .arg(labtext::fixed(1.0 / c.maxDerivative, 0));
        else if (c.id == "relu")
            text += tr("ReLU passes gradients unchanged for x > 0 and not at all for x < 0: a "
                       "unit stuck there is dead. ");
        else if (lowest < -1e-3)
            text += tr("%1's slope dips to %2 near x = %3: it is not monotonic. ")
                        .arg(QString::fromStdString(c.id), labtext::fixed(lowest, 2))
                        .arg(labtext::fixed(
                            m_result.x[std::size_t(
                                std::min_element(c.derivative.begin(), c.derivative.end()) -
                                c.derivative.begin())],
                            1));
    }
    setNotice(text.trimmed());
}

QString ActivationsView::resultCsv() const
{
    QString csv = QStringLiteral("x");
    for (const auto& c : m_result.curves)
        csv += QStringLiteral(",%1,d_%1").arg(QString::fromStdString(c.id));
    csv += QLatin1Char('\n');
    for (std::size_t i = 0; i < m_result.x.size(); ++i) {
        csv += QString::number(m_result.x[i], 'g', 17);
        for (const auto& c : m_result.curves)
            csv += QStringLiteral(",%1,%2")
                       .arg(c.value[i], 0, 'g', 17)
                       .arg(c.derivative[i], 0, 'g', 17);
        csv += QLatin1Char('\n');
    }
    return csv;
}

QList<KeyNumber> ActivationsView::keyNumbers() const
{
    QList<KeyNumber> numbers;
    for (const auto& c : m_result.curves)
        numbers << KeyNumber{QString::fromStdString(c.id) + tr(" saturated"),
                             labtext::percent(c.saturatedFraction, 0)};
    return numbers;
}
