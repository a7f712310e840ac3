#include "app/labs/ColumnListControl.h"

#include <QListWidget>

ColumnListControl::ColumnListControl(const mllab::labs::ParamSpec& spec) : ParamControl(spec)
{
    m_list = new QListWidget;
    m_list->setMaximumHeight(140);
    m_list->setToolTip(trParam(spec.help));
    connect(m_list, &QListWidget::itemChanged, this, [this] {
        m_chosen.clear();
        for (int i = 0; i < m_list->count(); ++i)
            if (m_list->item(i)->checkState() == Qt::Checked)
                m_chosen << m_list->item(i)->text();
        Q_EMIT edited();
    });
}

QWidget* ColumnListControl::field() const
{
    return m_list;
}

void ColumnListControl::showValue(const mllab::labs::ParamValue& value)
{
    const auto* text = std::get_if<std::string>(&value);
    m_chosen.clear();
    if (text)
        for (const QString& name : QString::fromStdString(*text).split(QLatin1Char(',')))
            if (!name.trimmed().isEmpty())
                m_chosen << name.trimmed(); // "a, b" from --set or a link reads like "a,b"
    const QSignalBlocker block(m_list);
    for (int i = 0; i < m_list->count(); ++i) {
        QListWidgetItem* item = m_list->item(i);
        const bool ticked = m_chosen.isEmpty() || m_chosen.contains(item->text());
        item->setCheckState(ticked ? Qt::Checked : Qt::Unchecked);
    }
}

mllab::labs::ParamValue ColumnListControl::value() const
{
    return m_chosen.join(QLatin1Char(',')).toStdString();
}

void ColumnListControl::setItems(const QStringList& values, const QStringList& labels)
{
    (void)labels;
    const QSignalBlocker block(m_list);
    m_list->clear();
    for (const QString& column : values) {
        auto* item = new QListWidgetItem(column, m_list);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(m_chosen.isEmpty() || m_chosen.contains(column) ? Qt::Checked
                                                                            : Qt::Unchecked);
    }
}
