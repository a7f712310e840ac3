#include "app/widgets/ConfusionMatrixBox.h"

#include "app/charts/Theme.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>

ConfusionMatrixBox::ConfusionMatrixBox(const QString& title, QWidget* parent)
    : QGroupBox(title, parent)
{
    auto* grid = new QGridLayout(this);
    grid->setSpacing(2);
    grid->addWidget(new QLabel(tr("predicted +")), 0, 1, Qt::AlignCenter);
    grid->addWidget(new QLabel(tr("predicted −")), 0, 2, Qt::AlignCenter);
    grid->addWidget(new QLabel(tr("actual +")), 1, 0);
    grid->addWidget(new QLabel(tr("actual −")), 2, 0);
    const QString tips[] = {tr("true positives"), tr("false negatives"), tr("false positives"),
                            tr("true negatives")};
    for (int i = 0; i < 4; ++i) {
        m_cells[i] = new QLabel;
        m_cells[i]->setAlignment(Qt::AlignCenter);
        m_cells[i]->setMinimumHeight(26);
        m_cells[i]->setToolTip(tips[i]);
        grid->addWidget(m_cells[i], 1 + i / 2, 1 + i % 2);
    }
    styleCells();
    const QString names[] = {tr("precision"), tr("recall"),   tr("F1"),
                             tr("F-β"),       tr("accuracy"), tr("MCC")};
    auto* values = new QGridLayout;
    values->setHorizontalSpacing(8);
    for (int i = 0; i < 6; ++i) {
        m_metricValues[i] = new QLabel;
        m_metricValues[i]->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        values->addWidget(new QLabel(names[i]), i / 2, (i % 2) * 2);
        values->addWidget(m_metricValues[i], i / 2, (i % 2) * 2 + 1);
    }
    grid->addLayout(values, 3, 0, 1, 3);
}

void ConfusionMatrixBox::showMetrics(const mllab::ThresholdMetrics& m)
{
    const std::int64_t cells[] = {m.counts.tp, m.counts.fn, m.counts.fp, m.counts.tn};
    for (int i = 0; i < 4; ++i)
        m_cells[i]->setText(QLocale().toString(qlonglong(cells[i])));
    const double values[] = {m.precision, m.recall, m.f1, m.fBeta, m.accuracy, m.mcc};
    for (int i = 0; i < 6; ++i)
        m_metricValues[i]->setText(QLocale().toString(values[i], 'f', 3));
}

QString ConfusionMatrixBox::countsText() const
{
    return QStringLiteral("TP %1 FN %2 FP %3 TN %4")
        .arg(m_cells[0]->text(), m_cells[1]->text(), m_cells[2]->text(), m_cells[3]->text());
}

void ConfusionMatrixBox::styleCells()
{
    for (int i = 0; i < 4; ++i) {
        const QColor background = theme::cell(i == 0 || i == 3, 0.2);
        m_cells[i]->setStyleSheet(
            QStringLiteral(
                "QLabel { background: %1; color: %2; border-radius: 3px; padding: 2px; }")
                .arg(background.name(), theme::textOn(background).name()));
    }
}

void ConfusionMatrixBox::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        styleCells();
    QGroupBox::changeEvent(event);
}
