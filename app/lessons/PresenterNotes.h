#pragma once
// The presenter's notes in a window of their own, to drag to a second screen: the step's notes
// (Markdown), its prediction with the right answer, and the title of the next step.

#include <QWidget>

class LessonController;
class QTextBrowser;

class PresenterNotes : public QWidget {
    Q_OBJECT
public:
    explicit PresenterNotes(LessonController* lesson, QWidget* parent = nullptr);
    QString markdown() const;

private:
    void update();
    LessonController* m_lesson;
    QTextBrowser* m_text;
};
