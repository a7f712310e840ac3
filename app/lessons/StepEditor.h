#pragma once
// Edits one lesson step: its title, presenter notes, and an optional prediction (question, 2-4
// choices, the right one, the explanation with {/pointer} placeholders, and its checks). OK
// validates the whole lesson; a problem is shown and the dialog stays open, losing nothing.

#include "engine/labs/lesson.h"

#include <QDialog>

class LessonController;
class QCheckBox;
class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QGroupBox;

class StepEditor : public QDialog {
    Q_OBJECT
public:
    StepEditor(LessonController* lesson, QWidget* parent = nullptr);

    /// The step as the fields describe it.
    mllab::labs::LessonStep step() const;
    void accept() override;

private:
    LessonController* m_lesson;
    QLineEdit* m_title;
    QPlainTextEdit* m_notes;
    QGroupBox* m_predict;
    QLineEdit* m_question;
    QList<QLineEdit*> m_choices;
    QComboBox* m_answer;
    QPlainTextEdit* m_explanation;
    QPlainTextEdit* m_checks;
};
