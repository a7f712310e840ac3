#pragma once
// Tooltips of painted charts: the text under the pointer, computed when Qt asks for it.

#include <QString>

#include <functional>

class QEvent;
class QPoint;
class QWidget;

namespace widgets {

/// For a QEvent::ToolTip on `widget`: shows tipAt(position), or hides the tooltip where that is
/// empty, and returns true; any other event returns false (the widget handles it).
bool handleToolTip(QWidget* widget, QEvent* event,
                   const std::function<QString(const QPoint&)>& tipAt);

} // namespace widgets
