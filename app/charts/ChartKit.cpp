#include "app/charts/ChartKit.h"

#include "app/charts/Theme.h"

#include <QAreaSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QScrollArea>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace charts {

QChart* makeChart(const QString& title, const QString& id)
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
    chart->setObjectName(id);
    return chart;
}

QChartView* makeChartView(QChart* chart, int minimumHeight)
{
    auto* view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(280, 220);
    if (minimumHeight > 0)
        view->setMinimumHeight(minimumHeight);
    return view;
}

QBarSet* barSet(const QString& name, const QColor& colour, const QList<qreal>& values)
{
    auto* set = new QBarSet(name);
    set->setColor(colour);
    set->setBorderColor(colour);
    set->setLabelColor(theme::textOn(colour));
    set->append(values);
    return set;
}

void clearChart(QChart* chart)
{
    chart->removeAllSeries();
    for (auto* axis : chart->axes()) {
        chart->removeAxis(axis); // hands the axis back to us
        delete axis;
    }
}

QAreaSeries* area(QLineSeries* upper, QLineSeries* lower)
{
    auto* series = new QAreaSeries(upper, lower);
    series->setParent(nullptr); // the constructor made it a child of `upper`
    upper->setParent(series);
    if (lower)
        lower->setParent(series);
    return series;
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

QValueAxis* makeExactAxis(const QString& title, double low, double high, const QString& format)
{
    QValueAxis* axis = makeAxis(title, low, high, format);
    axis->setRange(low, high);
    return axis;
}

QLogValueAxis* makeLogAxis(const QString& title, double low, double high, const QString& format)
{
    auto* axis = new QLogValueAxis;
    axis->setTitleText(title);
    axis->setBase(10);
    axis->setLabelFormat(format);
    axis->setRange(low, high);
    axis->setMinorTickCount(-1);
    axis->setLabelsColor(theme::text());
    axis->setTitleBrush(theme::text());
    axis->setGridLineColor(theme::grid());
    return axis;
}

std::pair<double, double> logRange(const std::vector<double>& values, double floor, double decades)
{
    double low = INFINITY, high = 0;
    for (const double v : values) {
        if (!std::isfinite(v))
            continue;
        low = std::min(low, std::max(v, floor));
        high = std::max(high, std::max(v, floor));
    }
    if (!(high > 0))
        return {floor, 1};
    low = std::max(low * 0.5, high * std::pow(10.0, -decades));
    return {low, high * 2};
}

void setIntegerTicks(QValueAxis* axis, double top, int ticks)
{
    double step = 1;
    while (top / step > ticks)
        step *= (QString::number(step).startsWith(QLatin1Char('2')) ? 2.5 : 2);
    setRangeAndTicks(axis, 0, std::max(1.0, top), 0, step);
}

void setRangeAndTicks(QValueAxis* axis, double low, double high, double anchor, double interval)
{
    const bool dynamic = axis->tickType() == QValueAxis::TicksDynamic;
    if (!dynamic || interval >= axis->tickInterval()) {
        axis->setTickInterval(interval); // wider ticks over the old range: fewer of them
        axis->setRange(low, high);
    } else {
        axis->setRange(low, high); // the new, smaller range with the old, wider ticks
        axis->setTickInterval(interval);
    }
    axis->setTickAnchor(anchor);
    axis->setTickType(QValueAxis::TicksDynamic);
}

QScatterSeries* marker(const QString& name, const QColor& color, int shape)
{
    auto* s = new QScatterSeries;
    s->setName(name);
    s->setColor(color);
    s->setBorderColor(theme::background());
    s->setMarkerShape(QScatterSeries::MarkerShape(shape));
    s->setMarkerSize(12);
    return s;
}

QString keyHtml(const std::vector<KeyEntry>& entries)
{
    QStringList parts;
    for (const auto& e : entries)
        parts << QStringLiteral("<span style=\"color:%1\"><b>%2</b></span>&nbsp;%3")
                     .arg(e.colour.name(), e.symbol,
                          e.text.toHtmlEscaped().replace(QLatin1Char(' '),
                                                         QStringLiteral("&nbsp;")));
    return parts.join(QStringLiteral(" &nbsp; "));
}

QLabel* makeKeyLabel()
{
    auto* label = new QLabel;
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    label->setContentsMargins(6, 0, 6, 2);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    label->setFont(font);
    label->setProperty("chartKey", true); // scaled with the chart text when presenting
    return label;
}

QWidget* withKey(QChartView* view, QLabel* key)
{
    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(view, 1);
    layout->addWidget(key);
    return box;
}

QScrollArea* verticalScroll(QWidget* content, bool framed)
{
    auto* area = new QScrollArea;
    area->setWidget(content);
    area->setWidgetResizable(true);
    area->setFrameShape(framed ? QFrame::StyledPanel : QFrame::NoFrame);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    return area;
}

} // namespace charts
