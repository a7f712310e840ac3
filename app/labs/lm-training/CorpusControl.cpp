#include "app/labs/lm-training/CorpusControl.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>

namespace {
const QString kBank = QStringLiteral("questions");
const QString kChooseFile = QStringLiteral("<choose>");
} // namespace

CorpusControl::CorpusControl(const mllab::labs::ParamSpec& spec) : ParamControl(spec)
{
    m_combo = new QComboBox;
    m_combo->addItem(tr("Question bank (built in)"), kBank);
    m_combo->addItem(tr("Choose a text file…"), kChooseFile);
    m_combo->setToolTip(trParam(spec.help));
    connect(m_combo, &QComboBox::activated, this, &CorpusControl::choose);
}

QWidget* CorpusControl::field() const
{
    return m_combo;
}

void CorpusControl::choose(int index)
{
    if (m_combo->itemData(index).toString() != kChooseFile) {
        Q_EMIT edited();
        return;
    }
    const QString path = QFileDialog::getOpenFileName(
        m_combo, tr("Training text"), QString(), tr("Text files (*.txt *.md);;All files (*)"));
    if (path.isEmpty()) {
        m_combo->setCurrentIndex(0);
        return;
    }
    showValue(path.toStdString());
    Q_EMIT edited();
}

void CorpusControl::showValue(const mllab::labs::ParamValue& value)
{
    const QString path = QString::fromStdString(std::get<std::string>(value));
    const QSignalBlocker block(m_combo);
    int index = m_combo->findData(path);
    if (index < 0) {
        index = m_combo->count() - 1; // before "Choose a text file…"
        m_combo->insertItem(index, QFileInfo(path).fileName(), path);
        m_combo->setItemData(index, path, Qt::ToolTipRole);
    }
    m_combo->setCurrentIndex(index);
}

mllab::labs::ParamValue CorpusControl::value() const
{
    return m_combo->currentData().toString().toStdString();
}
