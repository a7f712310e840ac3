#include "app/charts/ChartKit.h"

#include "app/charts/Theme.h"

#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include <cmath>

namespace charts {

QChart* makeChart(const QString& title)
{
    auto* chart = new QChart;
    theme::applyTo(chart);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setTitle(title);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignBottom);
    QFont font = chart->titleFont();
    font.setBold(true);
    chart->setTitleFont(font);
    QFont legendFont = chart->legend()->font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.9);
    chart->legend()->setFont(legendFont);
    return chart;
}

QChartView* makeChartView(QChart* chart)
{
    auto* view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(280, 220);
    return view;
}

void clearChart(QChart* chart)
{
    chart->removeAllSeries();
    for (auto* axis : chart->axes())
        chart->removeAxis(axis);
}

QValueAxis* makeAxis(const QString& title, double min, double max, const QString& format)
{
    auto* axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setRange(min, max);
    if (!format.isEmpty())
        axis->setLabelFormat(format);
    axis->setLabelsColor(theme::text());
    axis->setTitleBrush(theme::text());
    axis->setGridLineColor(theme::grid());
    axis->setLinePenColor(theme::color(theme::Role::Reference));
    if (min == 0.0 && max == 1.0)
        axis->setTickCount(6); // 0, 0.2, ..., 1: labels that read exactly
    else
        axis->applyNiceNumbers();
    return axis;
}

void attach(QChart* chart, QAbstractSeries* series, QValueAxis* x, QValueAxis* y)
{
    if (!chart->axes(Qt::Horizontal).contains(x))
        chart->addAxis(x, Qt::AlignBottom);
    if (!chart->axes(Qt::Vertical).contains(y))
        chart->addAxis(y, Qt::AlignLeft);
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

void addSeries(QChart* chart, QAbstractSeries* series, QAbstractAxis* x, QAbstractAxis* y)
{
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

void hideFromLegend(QChart* chart, QAbstractSeries* series)
{
    for (QLegendMarker* m : chart->legend()->markers(series))
        m->setVisible(false);
}

QList<QPointF> decimate(std::size_t count, const std::function<QPointF(std::size_t)>& point,
                        double tolerance)
{
    QList<QPointF> points;
    if (count == 0)
        return points;
    QPointF last = point(0);
    points.append(last);
    for (std::size_t i = 1; i + 1 < count; ++i) {
        const QPointF p = point(i);
        if (std::abs(p.x() - last.x()) >= tolerance || std::abs(p.y() - last.y()) >= tolerance) {
            points.append(p);
            last = p;
        }
    }
    if (count > 1)
        points.append(point(count - 1));
    return points;
}

QList<QPointF> decimate(const std::vector<double>& xs, const std::vector<double>& ys,
                        double tolerance)
{
    return decimate(
        std::min(xs.size(), ys.size()), [&](std::size_t i) { return QPointF(xs[i], ys[i]); },
        tolerance);
}

QList<QPointF> steps(const std::vector<double>& edges, const std::vector<double>& values)
{
    QList<QPointF> points;
    for (std::size_t i = 0; i < values.size() && i + 1 < edges.size(); ++i) {
        const double v = std::isfinite(values[i]) ? values[i] : 0.0;
        points.append({edges[i], v});
        points.append({edges[i + 1], v});
    }
    return points;
}

QLineSeries* lineSeries(const QString& name, const QColor& color, double width, Qt::PenStyle style)
{
    auto* series = new QLineSeries;
    series->setName(name);
    QPen pen(color, width, style);
    series->setPen(pen);
    return series;
}

QLineSeries* line(const QString& name, const QList<QPointF>& points, const QColor& color,
                  double width, Qt::PenStyle style)
{
    auto* series = lineSeries(name, color, width, style);
    series->replace(points);
    return series;
}

QColor classColor(int index)
{
    return theme::series(index);
}

} // namespace charts
