#include "app/lessons/PresenterNotes.h"

#include "app/lessons/LessonController.h"

#include <QTextBrowser>
#include <QVBoxLayout>

PresenterNotes::PresenterNotes(LessonController* lesson, QWidget* parent)
    : QWidget(parent, Qt::Window), m_lesson(lesson)
{
    setWindowTitle(tr("Presenter notes"));
    m_text = new QTextBrowser;
    QFont font = m_text->font();
    font.setPointSizeF(font.pointSizeF() * 1.25);
    m_text->setFont(font);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    resize(520, 640);
    connect(lesson, &LessonController::changed, this, &PresenterNotes::update);
    connect(lesson, &LessonController::stepShown, this, &PresenterNotes::update);
    update();
}

QString PresenterNotes::markdown() const
{
    const auto* step = m_lesson->currentStep();
    if (!step)
        return tr("No step is shown.");
    QString md = tr("## Step %1 of %2: %3\n\n")
                     .arg(m_lesson->current() + 1)
                     .arg(m_lesson->stepCount())
                     .arg(QString::fromStdString(step->title));
    md += step->notes.empty() ? tr("*(no notes)*") : QString::fromStdString(step->notes);
    if (step->prediction) {
        const auto& p = *step->prediction;
        md += tr("\n\n**The class predicts:** %1\n\n").arg(QString::fromStdString(p.question));
        for (std::size_t i = 0; i < p.choices.size(); ++i)
            md += QStringLiteral("%1. %2%3\n")
                      .arg(i + 1)
                      .arg(QString::fromStdString(p.choices[i]),
                           int(i) == p.answer ? tr(" ← the answer") : QString());
    }
    if (m_lesson->current() + 1 < m_lesson->stepCount())
        md += tr("\n\n---\nNext: %1")
                  .arg(QString::fromStdString(
                      m_lesson->lesson().steps[std::size_t(m_lesson->current() + 1)].title));
    return md;
}

void PresenterNotes::update()
{
    m_text->setMarkdown(markdown());
}
