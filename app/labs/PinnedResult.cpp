#include "app/labs/PinnedResult.h"

#include "app/charts/ChartExport.h"
#include "app/charts/ChartKit.h"
#include "app/labs/ParamControl.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>

namespace {

const char* const kCopyProperty = "pinnedCopy";

QString tr(const char* text)
{
    return QCoreApplication::translate("PinnedResult", text);
}

/// The chart's line and scatter series (areas by their upper edge), pinned copies left out.
QList<QXYSeries*> drawnSeries(QChart* chart)
{
    QList<QXYSeries*> found;
    for (QAbstractSeries* series : chart->series()) {
        if (series->property(kCopyProperty).toBool() || !series->isVisible())
            continue;
        if (auto* xy = qobject_cast<QXYSeries*>(series))
            found << xy;
        else if (auto* area = qobject_cast<QAreaSeries*>(series); area && area->upperSeries())
            found << area->upperSeries();
    }
    return found;
}

/// The chart series a copy belongs beside: same name, else same place, else the first.
QAbstractSeries* liveCounterpart(QChart* chart, const QString& name, int index)
{
    const QList<QXYSeries*> live = drawnSeries(chart);
    for (QXYSeries* s : live)
        if (s->name() == name)
            return s;
    if (index < live.size())
        return live[index];
    return live.isEmpty() ? nullptr : live.front();
}

/// Series of an area belong to no chart themselves: their axes are the area's.
QList<QAbstractAxis*> axesOf(QChart* chart, QAbstractSeries* series)
{
    if (!series->attachedAxes().isEmpty())
        return series->attachedAxes();
    for (QAbstractSeries* s : chart->series())
        if (auto* area = qobject_cast<QAreaSeries*>(s); area && area->upperSeries() == series)
            return area->attachedAxes();
    return {};
}

bool hasPinSupport(const QWidget* widget)
{
    const QMetaObject* meta = widget->metaObject();
    return meta->indexOfMethod("pinSnapshot()") >= 0 &&
           meta->indexOfMethod("showPinned(QVariant)") >= 0;
}

QList<QChart*> chartsBelow(QWidget* root)
{
    QList<QChart*> found;
    for (QChartView* view : root->findChildren<QChartView*>())
        found << view->chart();
    return found;
}

} // namespace

void PinnedResult::capture(QWidget* root, const mllab::labs::LabState& state,
                           const QList<KeyNumber>& numbers)
{
    m_state = state;
    m_numbers = numbers;
    m_charts.clear();
    removeCopies(root);
    for (QWidget* painted : charts::chartWidgets(root))
        if (!qobject_cast<QChartView*>(painted) && hasPinSupport(painted)) {
            QVariant snapshot;
            QMetaObject::invokeMethod(painted, "pinSnapshot", Qt::DirectConnection,
                                      Q_RETURN_ARG(QVariant, snapshot));
            m_charts << ChartCopy{charts::chartId(painted, QString()), {}, snapshot};
        }
    for (QChartView* view : root->findChildren<QChartView*>()) {
        ChartCopy copy{charts::chartId(view, QString()), {}, {}};
        const QList<QXYSeries*> live = drawnSeries(view->chart());
        for (int i = 0; i < live.size(); ++i)
            copy.series << SeriesCopy{live[i]->name(), i,
                                      qobject_cast<QScatterSeries*>(live[i]) != nullptr,
                                      live[i]->points(), live[i]->color()};
        m_charts << copy;
    }
}

void PinnedResult::removeCopies(QWidget* root)
{
    for (QWidget* painted : charts::chartWidgets(root))
        if (hasPinSupport(painted))
            QMetaObject::invokeMethod(painted, "showPinned", Qt::DirectConnection,
                                      Q_ARG(QVariant, QVariant()));
    for (QChart* chart : chartsBelow(root))
        for (QAbstractSeries* series : chart->series())
            if (series->property(kCopyProperty).toBool()) {
                chart->removeSeries(series);
                delete series;
            }
}

void PinnedResult::overlay(QWidget* root) const
{
    removeCopies(root);
    for (const ChartCopy& copy : m_charts)
        if (copy.painted.isValid())
            for (QWidget* painted : charts::chartWidgets(root))
                if (hasPinSupport(painted) && charts::chartId(painted, QString()) == copy.chart)
                    QMetaObject::invokeMethod(painted, "showPinned", Qt::DirectConnection,
                                              Q_ARG(QVariant, copy.painted));
    const QList<QChartView*> views = root->findChildren<QChartView*>();
    for (const ChartCopy& copy : m_charts)
        for (QChartView* view : views)
            if (charts::chartId(view, QString()) == copy.chart) {
                overlayChart(view->chart(), copy);
                break;
            }
}

void PinnedResult::overlayChart(QChart* chart, const ChartCopy& copy)
{
    bool named = false;
    for (const SeriesCopy& s : copy.series) {
        QAbstractSeries* beside = liveCounterpart(chart, s.name, s.index);
        if (!beside || s.points.isEmpty())
            continue;
        QColor muted = s.colour;
        muted.setAlphaF(0.55);
        QXYSeries* pinned = nullptr;
        if (s.scatter) {
            auto* marker = new QScatterSeries;
            marker->setMarkerSize(9);
            marker->setColor(Qt::transparent);
            marker->setBorderColor(muted);
            pinned = marker;
        } else {
            pinned = charts::lineSeries(QString(), muted, 1.6, Qt::DashLine);
        }
        pinned->setProperty(kCopyProperty, true);
        pinned->replace(s.points);
        chart->addSeries(pinned);
        for (QAbstractAxis* axis : axesOf(chart, beside))
            pinned->attachAxis(axis);
        // One legend entry says what the dashed lines are; the others stay out of the way.
        if (!named && !s.scatter && chart->legend()->isVisible()) {
            pinned->setName(tr("pinned"));
            named = true;
        } else {
            charts::hideFromLegend(chart, pinned);
        }
    }
}

QString PinnedResult::comparison(const mllab::labs::LabSpec& spec, const mllab::labs::LabState& now,
                                 const QList<KeyNumber>& numbers) const
{
    QStringList changed;
    for (const auto& p : spec.params) {
        if (p.widget == mllab::labs::ParamWidget::Tabs)
            continue; // which chart is shown is not a setting
        const auto& before = m_state.value(p.key);
        const auto& after = now.value(p.key);
        if (before == after)
            continue;
        changed << QStringLiteral("%1 %2 → %3")
                       .arg(trParam(p.label).toHtmlEscaped(),
                            QString::fromStdString(mllab::labs::valueText(before)).toHtmlEscaped(),
                            QString::fromStdString(mllab::labs::valueText(after)).toHtmlEscaped());
    }
    if (changed.size() > 3)
        changed = changed.mid(0, 3) << tr("…");
    QStringList moved;
    for (const KeyNumber& n : numbers)
        for (const KeyNumber& old : m_numbers)
            if (old.label == n.label)
                moved << QStringLiteral("%1 %2 → <b>%3</b>").arg(n.label, old.text, n.text);
    const QString settings =
        changed.isEmpty() ? tr("same settings") : changed.join(QStringLiteral(", "));
    return tr("<b>Pinned</b> (%1): %2")
        .arg(settings, moved.isEmpty() ? tr("dashed lines show the pinned result")
                                       : moved.join(QStringLiteral(" · ")));
}
