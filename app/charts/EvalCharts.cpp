#include "app/charts/EvalCharts.h"

#include "engine/progress.h"

#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QSlider>
#include <QTabWidget>
#include <QValueAxis>

#include <cmath>

namespace evalcharts {

QChart* makeChart(const QString& title)
{
    auto* chart = new QChart;
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

QWidget* sliderRow(QSlider* slider, QLabel* value, int valueWidth)
{
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(slider, 1);
    value->setMinimumWidth(valueWidth);
    slider->setMinimumWidth(70);
    layout->addWidget(value);
    return row;
}

QByteArray builtInDatasetText(const QString& file)
{
    QFile f(QStringLiteral(":/datasets/") + file);
    if (!f.open(QIODevice::ReadOnly))
        throw mllab::InputError("the shipped dataset " + file.toStdString() + " is missing");
    return f.readAll();
}

mllab::Dataset loadBuiltInDataset(const std::string& id)
{
    const mllab::BuiltInDataset& info = mllab::builtInDataset(id);
    const QByteArray text = builtInDatasetText(QString::fromStdString(info.file));
    mllab::Dataset d = mllab::datasetFromCsv(
        std::string_view(text.constData(), size_t(text.size())), info.file, info.classColumn);
    d.name = id;
    return d;
}

QString currentTabId(const QTabWidget* tabs, const QStringList& ids)
{
    return ids.value(tabs->currentIndex());
}

QString showTab(QTabWidget* tabs, const QStringList& ids, const QString& id)
{
    const int index = ids.indexOf(id);
    if (index < 0)
        return QCoreApplication::translate("LabView", "tab must be one of %1 (got '%2')")
            .arg(ids.join(QStringLiteral(", ")), id);
    tabs->setCurrentIndex(index);
    return {};
}

QColor classColor(int index)
{
    static const QColor colours[] = {
        QColor(0, 114, 178),  QColor(230, 159, 0), QColor(0, 158, 115),  QColor(204, 121, 167),
        QColor(86, 180, 233), QColor(213, 94, 0),  QColor(240, 228, 66), QColor(0, 0, 0)};
    return colours[index % 8];
}

} // namespace evalcharts
