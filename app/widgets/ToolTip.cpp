#include "app/widgets/ToolTip.h"

#include <QHelpEvent>
#include <QToolTip>
#include <QWidget>

namespace widgets {

bool handleToolTip(QWidget* widget, QEvent* event,
                   const std::function<QString(const QPoint&)>& tipAt)
{
    if (event->type() != QEvent::ToolTip)
        return false;
    auto* help = static_cast<QHelpEvent*>(event);
    const QString tip = tipAt(help->pos());
    if (tip.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(help->globalPos(), tip, widget);
    return true;
}

} // namespace widgets
