#include "app/labs/LabExport.h"

#include "app/charts/ChartExport.h"
#include "app/labs/LabView.h"
#include "engine/labs/params.h"

#include <QCoreApplication>
#include <QDir>
#include <QSet>
#include <QStackedWidget>
#include <QTabWidget>

#include <nlohmann/json.hpp>

namespace {

/// Brings the tab pages that hold `widget` to the front (signals blocked, so the lab state's
/// tab key does not change); returns the indexes to restore.
QList<QPair<QStackedWidget*, int>> bringForward(QWidget* widget, QWidget* root)
{
    QList<QPair<QStackedWidget*, int>> previous;
    QWidget* page = widget;
    for (QWidget* parent = widget->parentWidget(); parent && page != root;
         page = parent, parent = parent->parentWidget()) {
        auto* stack = qobject_cast<QStackedWidget*>(parent);
        if (!stack || stack->indexOf(page) < 0 || stack->currentWidget() == page)
            continue;
        previous.prepend({stack, stack->currentIndex()});
        // A tab widget's stack: switch the tab bar too, so the picture shows the right tab.
        auto* tabs = qobject_cast<QTabWidget*>(stack->parentWidget());
        const QSignalBlocker blockTabs(tabs);
        const QSignalBlocker blockStack(stack);
        if (tabs)
            tabs->setCurrentIndex(stack->indexOf(page));
        else
            stack->setCurrentWidget(page);
    }
    return previous;
}

void restore(const QList<QPair<QStackedWidget*, int>>& previous)
{
    for (const auto& [stack, index] : previous) {
        auto* tabs = qobject_cast<QTabWidget*>(stack->parentWidget());
        const QSignalBlocker blockTabs(tabs);
        const QSignalBlocker blockStack(stack);
        if (tabs)
            tabs->setCurrentIndex(index);
        else
            stack->setCurrentIndex(index);
    }
}

QString uniqueName(const QString& wanted, QSet<QString>& taken)
{
    QString name = wanted;
    for (int n = 2; taken.contains(name); ++n)
        name = wanted + QLatin1Char('-') + QString::number(n);
    taken.insert(name);
    return name;
}

} // namespace

QStringList exportLab(LabView* view, const QString& folder, const QString& prefix, QString* error)
{
    QStringList written;
    if (!QDir().mkpath(folder)) {
        *error =
            QCoreApplication::translate("LabExport", "Cannot create the folder %1").arg(folder);
        return written;
    }
    const QDir dir(folder);
    const auto write = [&](const QString& name, auto&& save) {
        const QString path = dir.filePath(name);
        if (!save(path))
            return false;
        written << path;
        return true;
    };
    if (!write(prefix + QStringLiteral(".png"),
               [&](const QString& p) { return charts::saveChartImage(view, p, error); }))
        return written;
    QSet<QString> taken;
    int index = 0;
    for (QWidget* chart : charts::chartWidgets(view)) {
        ++index;
        const QString name =
            prefix + QLatin1Char('-') +
            uniqueName(charts::chartId(chart, QStringLiteral("chart-%1").arg(index)), taken);
        const auto previous = bringForward(chart, view);
        QCoreApplication::processEvents(); // lay out the page just brought forward
        const bool ok = write(name + QStringLiteral(".png"), [&](const QString& p) {
            return charts::saveChartImage(chart, p, error);
        });
        restore(previous);
        if (!ok)
            return written;
        const QString csv = charts::widgetCsv(chart);
        if (!csv.isEmpty() && !write(name + QStringLiteral(".csv"), [&](const QString& p) {
                return charts::saveText(p, csv, error);
            }))
            return written;
    }
    const std::string state =
        mllab::labs::stateJson(view->spec(), view->stateWithPin()).dump(2) + "\n";
    write(prefix + QStringLiteral(".mllab"), [&](const QString& p) {
        return charts::saveText(p, QString::fromStdString(state), error);
    });
    return written;
}
