#pragma once
// The one chart kit of the labs: charts and axes in the palette's colours (app/charts/Theme.h),
// series, decimation for drawing and step outlines for histograms and bins. Drawing only: every
// number comes from the engine's Result.

#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>

#include <functional>
#include <utility>
#include <vector>

class QAbstractAxis;
class QAbstractSeries;
class QAreaSeries;
class QChart;
class QChartView;
class QLabel;
class QBarSet;
class QLineSeries;
class QLogValueAxis;
class QScatterSeries;
class QScrollArea;
class QValueAxis;
class QWidget;

namespace charts {

/// A chart with animations off, a compact legend at the bottom and small margins.
/// `id` names the chart's exported files ("roc" -> 01-roc-roc.png) and pinned copies.
QChart* makeChart(const QString& title, const QString& id = {});
/// An antialiased view; minimumHeight above the default 220 px when the layout must not squeeze it.
QChartView* makeChartView(QChart* chart, int minimumHeight = 0);

/// A bar set in one colour (its border too), value labels readable on it.
QBarSet* barSet(const QString& name, const QColor& colour, const QList<qreal>& values = {});

/// Removes and deletes every series and axis (before one redraw of the whole chart).
void clearChart(QChart* chart);

QValueAxis* makeAxis(const QString& title, double min, double max, const QString& format = {});

/// Leaves a series (a marker, a threshold line) out of the legend; call after attach().
void hideFromLegend(QChart* chart, QAbstractSeries* series);

/// Adds a series to the chart and attaches both axes.
void attach(QChart* chart, QAbstractSeries* series, QValueAxis* x, QValueAxis* y);

/// Points of a curve thinned for drawing: a point is kept when it moves at least `tolerance`
/// (in axis units) from the last kept one in x or y; the first and last are always kept. For a
/// chart some hundreds of pixels wide, tolerance = range / 1000 keeps about two per pixel.
QList<QPointF> decimate(std::size_t count, const std::function<QPointF(std::size_t)>& point,
                        double tolerance);
QList<QPointF> decimate(const std::vector<double>& xs, const std::vector<double>& ys,
                        double tolerance);

/// A step outline over bins: for each bin (edges[i], edges[i+1]) the height values[i].
QList<QPointF> steps(const std::vector<double>& edges, const std::vector<double>& values);

QLineSeries* lineSeries(const QString& name, const QColor& color, double width = 2.0,
                        Qt::PenStyle style = Qt::SolidLine);
/// lineSeries() holding these points (one replace()).
QLineSeries* line(const QString& name, const QList<QPointF>& points, const QColor& color,
                  double width = 2.0, Qt::PenStyle style = Qt::SolidLine);

/// An area between `upper` and `lower` (or y = 0 without `lower`) that owns both lines.
/// QAreaSeries itself leaves its lines with the caller, so each redraw would leak them.
QAreaSeries* area(QLineSeries* upper, QLineSeries* lower = nullptr);

/// Adds a series to the chart on two axes the chart already has (value or log axes).
void addSeries(QChart* chart, QAbstractSeries* series, QAbstractAxis* x, QAbstractAxis* y);

/// An axis over exactly [low, high] (makeAxis rounds to nice numbers).
QValueAxis* makeExactAxis(const QString& title, double low, double high, const QString& format);
/// A base-10 log axis over [low, high] with a tick per decade.
QLogValueAxis* makeLogAxis(const QString& title, double low, double high,
                           const QString& format = QStringLiteral("%g"));
/// A log range covering the finite values (each at least `floor`) with a little room, at most
/// `decades` decades tall.
std::pair<double, double> logRange(const std::vector<double>& values, double floor,
                                   double decades = 9);
/// Whole-number ticks 1, 2 or 5 x 10^k apart, about `ticks` of them over [0, top].
void setIntegerTicks(QValueAxis* axis, double top, int ticks);

/// Sets an axis's range and its ticks every `interval` from `anchor`. Qt lays the ticks out at
/// each of the two changes, so the order matters: a range of a million steps with the old
/// interval of 5 would ask for 200,000 tick items at once (a hang of the UI thread). The change
/// that keeps the tick count small goes first.
void setRangeAndTicks(QValueAxis* axis, double low, double high, double anchor, double interval);
/// A scatter series of one big marker (the current point, a chosen threshold).
QScatterSeries* marker(const QString& name, const QColor& color, int shape);

/// A chart's key as a wrapping label instead of Qt Charts' legend, which at lab widths elides
/// its entries: one entry per series, a coloured symbol (━ solid, ┅ dashed, ┊ dotted, ● points,
/// ■ bars, ★ marker) and its text.
struct KeyEntry {
    QColor colour;
    QString symbol;
    QString text;
};
QString keyHtml(const std::vector<KeyEntry>& entries);
QLabel* makeKeyLabel();
/// The chart over its key, in one widget.
QWidget* withKey(QChartView* view, QLabel* key);

/// A vertical scroll area around content that may grow taller than the tab (many bars, steps),
/// framed like a text box or frameless.
QScrollArea* verticalScroll(QWidget* content, bool framed = false);

/// Class colours for scatter plots (colour-blind friendly; the theme's qualitative palette).
QColor classColor(int index);

} // namespace charts
