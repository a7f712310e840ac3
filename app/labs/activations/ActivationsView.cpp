#include "app/labs/activations/ActivationsView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/ColumnListControl.h"
#include "app/labs/ParameterPanel.h"

#include <QAreaSeries>
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

QString number(double v, int digits = 2)
{
    return QLocale().toString(v, 'f', digits);
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

    m_values = charts::makeChart(tr("Activation f(x)"));
    m_derivatives = charts::makeChart(tr("Derivative f′(x): shaded where it saturates"));
    chartLayout()->addWidget(charts::makeChartView(m_values), 1);
    chartLayout()->addWidget(charts::makeChartView(m_derivatives), 1);
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
    auto* x = charts::makeAxis(tr("input x"), m_result.x.front(), m_result.x.back());
    auto* y = charts::makeAxis(tr("output f(x)"), lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo));
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
    auto* x = charts::makeAxis(tr("input x"), m_result.x.front(), m_result.x.back());
    auto* y = charts::makeAxis(tr("slope f′(x)"), 0, hi);
    auto* threshold = charts::line(tr("saturation threshold"),
                                   {{m_result.x.front(), m_result.saturation},
                                    {m_result.x.back(), m_result.saturation}},
                                   theme::color(theme::Role::Reference), 1.2, Qt::DashLine);
    charts::attach(m_derivatives, threshold, x, y);
    for (std::size_t i = 0; i < m_result.curves.size(); ++i) {
        const auto& c = m_result.curves[i];
        const QColor colour = theme::series(int(i));
        // Shade under the curve where the slope is below the threshold.
        for (const auto& [a, b] : c.saturated) {
            QList<QPointF> top;
            for (std::size_t k = 0; k < m_result.x.size(); ++k)
                if (m_result.x[k] >= a && m_result.x[k] <= b)
                    top.append({m_result.x[k], std::max(c.derivative[k], m_result.saturation)});
            auto* upper = new QLineSeries;
            upper->replace(top);
            auto* area = new QAreaSeries(upper);
            QColor fill = colour;
            fill.setAlpha(55);
            area->setBrush(fill);
            area->setPen(Qt::NoPen);
            charts::attach(m_derivatives, area, x, y);
            charts::hideFromLegend(m_derivatives, area);
        }
        charts::attach(m_derivatives,
                       charts::line(QString::fromStdString(c.id), points(m_result.x, c.derivative),
                                    colour, 2.0),
                       x, y);
    }
}

void ActivationsView::updateNotice()
{
    QStringList parts;
    for (const auto& c : m_result.curves)
        parts << tr("<b>%1</b> saturates on %2 % of the interval, f′(0) = %3, steepest %4 at x = %5")
                     .arg(QString::fromStdString(c.id), number(100 * c.saturatedFraction, 0),
                          number(c.derivativeAtZero), number(c.maxDerivative),
                          number(c.maxDerivativeAt, 1));
    QString text = parts.join(QStringLiteral("; ")) + QStringLiteral(". ");
    text += tr("Where f′ is below %1, a signal passing backwards through the unit shrinks at "
               "least %2-fold: stacked, such layers make gradients vanish. Sigmoid's slope "
               "never exceeds 0.25, so even unsaturated it shrinks gradients 4-fold per layer; "
               "ReLU passes them unchanged for x > 0 but not at all for x < 0.")
                .arg(number(m_result.saturation, 3))
                .arg(number(1.0 / m_result.saturation, 0));
    setNotice(text);
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
