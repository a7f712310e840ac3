#pragma once

#include <QLabel>

namespace widgets {

/// A word-wrapped rich-text label: readouts, captions and notices with <b> numbers in them.
inline QLabel* richLabel(const QString& text = {})
{
    auto* label = new QLabel(text);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    return label;
}

} // namespace widgets
