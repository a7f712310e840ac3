#pragma once
// Finds a lab parameter's control in a view by its key: the panel names each field
// "param-<key>", so tests do not depend on a slider's range or the order of the rows.

#include <QString>
#include <QWidget>

namespace apptest {

/// The widget of type W that edits `key` (the field itself, or the W inside it), or nullptr.
template <class W>
W* paramField(const QWidget& view, const char* key)
{
    auto* field = view.findChild<QWidget*>(QStringLiteral("param-") + QLatin1String(key));
    if (!field)
        return nullptr;
    if (auto* self = qobject_cast<W*>(field))
        return self;
    return field->findChild<W*>();
}

} // namespace apptest
