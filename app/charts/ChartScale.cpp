#include "app/charts/ChartScale.h"

#include "app/charts/ChartExport.h"

#include <QAbstractAxis>
#include <QAbstractBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QFont>
#include <QLegend>
#include <QScatterSeries>
#include <QVariant>
#include <QWidget>
#include <QXYSeries>

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

} // namespace

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
        if (auto* view = qobject_cast<QChartView*>(chart))
            scaleChart(view->chart(), factor);
        else
            scaleFont(chart, factor);
    }
}

} // namespace charts
