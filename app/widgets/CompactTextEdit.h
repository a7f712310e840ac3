#pragma once
// A plain-text editor that asks for little width, so a parameter panel holding one stays narrow
// and the lab's charts get the room. Height follows the number of lines asked for.

#include <QPlainTextEdit>

class CompactTextEdit : public QPlainTextEdit {
public:
    explicit CompactTextEdit(int lines = 4, QWidget* parent = nullptr)
        : QPlainTextEdit(parent), m_lines(lines)
    {
        setTabChangesFocus(true);
    }

    QSize sizeHint() const override { return {170, fontMetrics().lineSpacing() * m_lines + 12}; }
    QSize minimumSizeHint() const override { return {120, fontMetrics().lineSpacing() * 2 + 12}; }

private:
    int m_lines;
};
