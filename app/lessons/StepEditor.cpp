#include "app/lessons/StepEditor.h"

#include "app/lessons/LessonController.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace ml = mllab::labs;

StepEditor::StepEditor(LessonController* lesson, QWidget* parent)
    : QDialog(parent), m_lesson(lesson)
{
    setWindowTitle(tr("Edit lesson step"));
    const ml::LessonStep& step = *lesson->currentStep();
    m_title = new QLineEdit(QString::fromStdString(step.title));
    m_notes = new QPlainTextEdit(QString::fromStdString(step.notes));
    m_notes->setPlaceholderText(tr("What to say and what to point at (Markdown)"));
    m_predict = new QGroupBox(tr("Ask the class to predict before the result shows"));
    m_predict->setCheckable(true);
    m_predict->setChecked(step.prediction.has_value());
    const ml::LessonPrediction p = step.prediction.value_or(ml::LessonPrediction{});
    m_question = new QLineEdit(QString::fromStdString(p.question));
    m_answer = new QComboBox;
    auto* form = new QFormLayout(m_predict);
    form->addRow(tr("Question:"), m_question);
    for (int i = 0; i < 4; ++i) {
        auto* choice = new QLineEdit(i < int(p.choices.size())
                                         ? QString::fromStdString(p.choices[std::size_t(i)])
                                         : QString());
        choice->setPlaceholderText(i < 2 ? tr("(needed)") : tr("(optional)"));
        m_choices << choice;
        form->addRow(tr("Choice %1:").arg(i + 1), choice);
        m_answer->addItem(tr("Choice %1").arg(i + 1));
    }
    m_answer->setCurrentIndex(p.answer);
    form->addRow(tr("Right answer:"), m_answer);
    m_explanation = new QPlainTextEdit(QString::fromStdString(p.explanation));
    m_explanation->setPlaceholderText(
        tr("One paragraph; {/result/auc_roc} shows a live number (see mllab-cli lab)"));
    form->addRow(tr("Explanation:"), m_explanation);
    QStringList checks;
    for (const std::string& c : p.checks)
        checks << QString::fromStdString(c);
    m_checks = new QPlainTextEdit(checks.join(QLatin1Char('\n')));
    m_checks->setPlaceholderText(tr("One per line, e.g. /result/auc_roc > 0.8"));
    m_checks->setMaximumHeight(80);
    form->addRow(tr("Checks:"), m_checks);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &StepEditor::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &StepEditor::reject);
    auto* top = new QFormLayout;
    top->addRow(tr("Title:"), m_title);
    top->addRow(tr("Notes:"), m_notes);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_predict);
    layout->addWidget(buttons);
    resize(640, 720);
}

ml::LessonStep StepEditor::step() const
{
    ml::LessonStep step = *m_lesson->currentStep();
    step.title = m_title->text().trimmed().toStdString();
    step.notes = m_notes->toPlainText().toStdString();
    step.prediction.reset();
    if (!m_predict->isChecked())
        return step;
    ml::LessonPrediction p;
    p.question = m_question->text().trimmed().toStdString();
    for (QLineEdit* choice : m_choices)
        if (!choice->text().trimmed().isEmpty())
            p.choices.push_back(choice->text().trimmed().toStdString());
    p.answer = m_answer->currentIndex();
    p.explanation = m_explanation->toPlainText().trimmed().toStdString();
    for (const QString& line : m_checks->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        if (!line.trimmed().isEmpty())
            p.checks.push_back(line.trimmed().toStdString());
    step.prediction = std::move(p);
    return step;
}

void StepEditor::accept()
{
    QString error;
    if (!m_lesson->editCurrent(step(), &error)) {
        QMessageBox::warning(this, tr("Edit lesson step"), error); // the fields keep their text
        return;
    }
    QDialog::accept();
}
