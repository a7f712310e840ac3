#include "app/charts/ChartScale.h"

#include "app/charts/ChartExport.h"

#include <QAbstractAxis>
#include <QAbstractBarSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QFont>
#include <QLegend>
#include <QScatterSeries>
#include <QValueAxis>
#include <QVariant>
#include <QWidget>
#include <QXYSeries>

#include <algorithm>

namespace charts {

namespace {

/// The value `owner` had under `key` before any scaling, stored on first use.
template <class T> T base(QObject* owner, const char* key, const T& current)
{
    const QVariant stored = owner->property(key);
    if (stored.isValid())
        return stored.value<T>();
    owner->setProperty(key, QVariant::fromValue(current));
    return current;
}

QFont scaled(QObject* owner, const char* key, const QFont& current, double factor)
{
    QFont font = base(owner, key, current);
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * factor);
    else if (font.pixelSize() > 0)
        font.setPixelSize(qRound(font.pixelSize() * factor));
    return font;
}

void scaleSeries(QAbstractSeries* series, double factor)
{
    if (auto* scatter = qobject_cast<QScatterSeries*>(series)) {
        scatter->setMarkerSize(base(series, "baseMarkerSize", scatter->markerSize()) * factor);
    } else if (auto* xy = qobject_cast<QXYSeries*>(series)) {
        QPen pen = xy->pen();
        pen.setWidthF(base(series, "basePenWidth", pen.widthF()) * factor);
        xy->setPen(pen);
    } else if (auto* bars = qobject_cast<QAbstractBarSeries*>(series)) {
        for (QBarSet* set : bars->barSets())
            set->setLabelFont(scaled(set, "baseLabelFont", set->labelFont(), factor));
    }
}

/// How many labels an axis stacks along itself.
int tickLabels(QAbstractAxis* axis)
{
    if (auto* categories = qobject_cast<QCategoryAxis*>(axis)) // before QValueAxis, its base
        return categories->count();
    if (auto* values = qobject_cast<QValueAxis*>(axis))
        return values->tickType() == QValueAxis::TicksFixed ? values->tickCount() : 6;
    if (qobject_cast<QBarCategoryAxis*>(axis))
        return 0; // long category lists are thinned by Qt Charts, never cut
    return 5;
}

/// The text height a font of this size takes, or 0 for text that is not shown.
int textHeight(const QFont& font, bool shown)
{
    return shown ? QFontMetrics(font).height() : 0;
}

} // namespace

double fittingScale(QChartView* view, double wanted)
{
    if (wanted <= 1.0 || view->height() <= 0)
        return wanted;
    // What the chart stacks vertically, at the sizes before scaling: title, legend, the
    // horizontal axis's labels and title, and a plot at least as tall as the vertical axis's
    // rotated title (or Qt Charts elides it).
    QChart* chart = view->chart();
    double stacked =
        textHeight(base(chart, "baseTitleFont", chart->titleFont()), !chart->title().isEmpty());
    stacked += textHeight(base(chart->legend(), "baseFont", chart->legend()->font()),
                          chart->legend()->isVisible()) *
               1.5;
    double tallest = 0;
    for (QAbstractAxis* axis : chart->axes()) {
        const QFont title = base(axis, "baseTitleFont", axis->titleFont());
        const QFont labels = base(axis, "baseLabelsFont", axis->labelsFont());
        const bool titled = axis->isTitleVisible() && !axis->titleText().isEmpty();
        if (axis->orientation() == Qt::Horizontal) {
            stacked += textHeight(labels, axis->labelsVisible()) + textHeight(title, titled);
            continue;
        }
        if (titled)
            tallest =
                std::max<double>(tallest, QFontMetrics(title).horizontalAdvance(axis->titleText()));
        if (axis->labelsVisible()) // every tick label stacked, with a little air
            tallest = std::max(tallest, 1.3 * tickLabels(axis) * textHeight(labels, true));
    }
    const double fixed = 64; // margins, spacing and the ticks themselves, in pixels
    const double room = (view->height() - fixed) / std::max(1.0, stacked + tallest);
    return std::clamp(room, 1.0, wanted);
}

void scaleChart(QChart* chart, double factor)
{
    chart->setTitleFont(scaled(chart, "baseTitleFont", chart->titleFont(), factor));
    chart->legend()->setFont(scaled(chart->legend(), "baseFont", chart->legend()->font(), factor));
    for (QAbstractAxis* axis : chart->axes()) {
        axis->setLabelsFont(scaled(axis, "baseLabelsFont", axis->labelsFont(), factor));
        axis->setTitleFont(scaled(axis, "baseTitleFont", axis->titleFont(), factor));
    }
    for (QAbstractSeries* series : chart->series())
        scaleSeries(series, factor);
}

void scaleFont(QWidget* widget, double factor)
{
    widget->setFont(scaled(widget, "baseFont", widget->font(), factor));
}

void scaleCharts(QWidget* root, double factor)
{
    for (QWidget* key : root->findChildren<QWidget*>())
        if (key->property("chartKey").toBool())
            scaleFont(key, factor);
    for (QWidget* chart : chartWidgets(root)) {
        if (auto* view = qobject_cast<QChartView*>(chart)) {
            // A strip of fixed height may grow with its text.
            const int maximum = base(view, "baseMaximumHeight", view->maximumHeight());
            if (maximum < QWIDGETSIZE_MAX)
                view->setMaximumHeight(int(maximum * factor));
            scaleChart(view->chart(), fittingScale(view, factor));
        } else
            scaleFont(chart, factor);
    }
}

} // namespace charts
