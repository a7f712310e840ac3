#include "app/labs/tokenizer/LiveLineEditControl.h"

#include <QLineEdit>
#include <QTimer>

LiveLineEditControl::LiveLineEditControl(const mllab::labs::ParamSpec& spec,
                                         const QString& placeholder)
    : ParamControl(spec)
{
    m_edit = new QLineEdit;
    m_edit->setPlaceholderText(placeholder);
    m_edit->setToolTip(trParam(spec.help));
    m_pause = new QTimer(this);
    m_pause->setSingleShot(true);
    m_pause->setInterval(300);
    connect(m_edit, &QLineEdit::textChanged, m_pause, qOverload<>(&QTimer::start));
    connect(m_pause, &QTimer::timeout, this, &ParamControl::edited);
}

QWidget* LiveLineEditControl::field() const
{
    return m_edit;
}

void LiveLineEditControl::showValue(const mllab::labs::ParamValue& value)
{
    const auto* text = std::get_if<std::string>(&value);
    const QString shown = text ? QString::fromStdString(*text) : QString();
    if (m_edit->text() == shown)
        return; // keeps the cursor where the user types
    const QSignalBlocker block(m_edit);
    m_edit->setText(shown);
}

mllab::labs::ParamValue LiveLineEditControl::value() const
{
    return m_edit->text().toStdString();
}
