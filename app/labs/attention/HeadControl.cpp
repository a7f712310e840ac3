#include "app/labs/attention/HeadControl.h"

#include <QComboBox>

HeadControl::HeadControl(const mllab::labs::ParamSpec& spec) : ParamControl(spec)
{
    m_combo = new QComboBox;
    m_combo->setToolTip(trParam(spec.help));
    setHeadCount(1);
    connect(m_combo, &QComboBox::activated, this, &ParamControl::edited);
}

QWidget* HeadControl::field() const
{
    return m_combo;
}

void HeadControl::setHeadCount(int heads)
{
    if (m_combo->count() == heads + 1)
        return;
    const QSignalBlocker block(m_combo);
    const QVariant current = m_combo->currentData();
    m_combo->clear();
    m_combo->addItem(tr("Mean over heads"), 0);
    for (int h = 1; h <= heads; ++h)
        m_combo->addItem(tr("Head %1").arg(h), h);
    m_combo->setCurrentIndex(std::max(0, m_combo->findData(current)));
}

void HeadControl::showValue(const mllab::labs::ParamValue& value)
{
    const auto* head = std::get_if<long long>(&value);
    const int shown = head ? int(*head) : 0;
    if (m_combo->findData(shown) < 0) // before the model is known: offer up to this head
        setHeadCount(shown);
    const QSignalBlocker block(m_combo);
    m_combo->setCurrentIndex(m_combo->findData(shown));
}

mllab::labs::ParamValue HeadControl::value() const
{
    return static_cast<long long>(m_combo->currentData().toInt());
}
