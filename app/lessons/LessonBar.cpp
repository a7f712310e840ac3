#include "app/lessons/LessonBar.h"

#include "app/charts/Theme.h"
#include "app/lessons/LessonController.h"
#include "app/widgets/RichLabel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

LessonBar::LessonBar(LessonController* lesson, QWidget* parent) : QWidget(parent), m_lesson(lesson)
{
    m_title = widgets::richLabel();
    m_back = new QPushButton(tr("◀ Back"));
    m_back->setToolTip(tr("The step before (PageUp, Left)"));
    m_next = new QPushButton(tr("Next ▶"));
    m_next->setToolTip(tr("The next step (PageDown, Right)"));
    auto* notes = new QPushButton(tr("Notes"));
    notes->setToolTip(tr("The presenter notes, in a window of their own"));
    auto* edit = new QPushButton(tr("Edit step…"));
    auto* close = new QPushButton(tr("Close lesson"));
    connect(m_back, &QPushButton::clicked, lesson, &LessonController::back);
    connect(m_next, &QPushButton::clicked, lesson, &LessonController::next);
    connect(notes, &QPushButton::clicked, this, &LessonBar::notesRequested);
    connect(edit, &QPushButton::clicked, this, &LessonBar::editRequested);
    connect(close, &QPushButton::clicked, this, &LessonBar::closeRequested);

    m_answer = widgets::richLabel();
    m_answer->setStyleSheet(theme::noticeStyle());
    m_answer->hide();

    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_title, 1);
    for (QPushButton* b : {m_back, m_next, notes, edit, close})
        row->addWidget(b);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 4);
    layout->addLayout(row);
    layout->addWidget(m_answer);
    connect(lesson, &LessonController::changed, this, &LessonBar::update);
    connect(lesson, &LessonController::predictionChanged, this, &LessonBar::update);
    update();
}

QString LessonBar::explanationText() const
{
    return m_answer->isVisible() ? m_answer->text() : QString();
}

void LessonBar::update()
{
    const auto& lesson = m_lesson->lesson();
    const int n = m_lesson->stepCount();
    const int at = m_lesson->current();
    const QString title = QString::fromStdString(lesson.title).toHtmlEscaped();
    if (const auto* step = m_lesson->currentStep())
        m_title->setText(tr("<b>%1</b> · step %2 of %3: %4")
                             .arg(title)
                             .arg(at + 1)
                             .arg(n)
                             .arg(QString::fromStdString(step->title).toHtmlEscaped()));
    else
        m_title->setText(
            tr("<b>%1</b> · no steps yet: Lesson › Add current state as step").arg(title));
    m_back->setEnabled(at > 0);
    m_next->setEnabled(at + 1 < n);

    const auto* step = m_lesson->currentStep();
    if (!step || !step->prediction || !m_lesson->revealed()) {
        m_answer->hide();
        return;
    }
    const auto& p = *step->prediction;
    const QString right = QString::fromStdString(p.choices[std::size_t(p.answer)]).toHtmlEscaped();
    QString text =
        m_lesson->chosen() == p.answer
            ? tr("<b>Right: %1.</b>").arg(right)
            : tr("<b>The answer: %1</b> (the class said: %2).")
                  .arg(right, QString::fromStdString(p.choices[std::size_t(m_lesson->chosen())])
                                  .toHtmlEscaped());
    text += QLatin1Char(' ') + (m_lesson->explanation().isEmpty()
                                    ? tr("Computing the numbers…")
                                    : m_lesson->explanation().toHtmlEscaped());
    if (!m_lesson->failedChecks().isEmpty())
        text += QStringLiteral("<br>") +
                tr("<i>Note for the author: these numbers do not bear the stated answer out "
                   "(%1).</i>")
                    .arg(m_lesson->failedChecks().toHtmlEscaped());
    m_answer->setText(text);
    m_answer->show();
}
