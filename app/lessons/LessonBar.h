#pragma once
// The lesson's bar above the lab: lesson title, step counter and title, Back / Next, the
// presenter notes window and step editing, and after a reveal the right answer with its
// explanation in the live numbers.

#include <QWidget>

class LessonController;
class QLabel;
class QPushButton;

class LessonBar : public QWidget {
    Q_OBJECT
public:
    explicit LessonBar(LessonController* lesson, QWidget* parent = nullptr);

    QString explanationText() const;

Q_SIGNALS:
    void notesRequested();
    void editRequested();
    void closeRequested();

private:
    void update();

    LessonController* m_lesson;
    QLabel* m_title;
    QPushButton* m_back;
    QPushButton* m_next;
    QLabel* m_answer;
};
