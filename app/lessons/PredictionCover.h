#pragma once
// Covers a lab's result while the class predicts: the step's question and its numbered choices.
// The choice is entered with 1-4 or a click, and Space (or Reveal) uncovers the result.

#include <QStringList>
#include <QWidget>

class QButtonGroup;
class QLabel;
class QPushButton;
class QVBoxLayout;

class PredictionCover : public QWidget {
    Q_OBJECT
public:
    /// Lays itself over `covered` (as its child), following its size.
    explicit PredictionCover(QWidget* covered);

    void ask(const QString& question, const QStringList& choices);
    void setChosen(int choice);
    /// Presenting: the question and its choices grow with the chart text.
    void setTextScale(double factor);

Q_SIGNALS:
    void chosen(int choice);
    void revealRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    QLabel* m_question;
    QVBoxLayout* m_choices;
    QButtonGroup* m_group;
    QPushButton* m_reveal;
    QLabel* m_hint;
    QList<QLabel*> m_choiceTexts;
    double m_scale = 1.0;

    void applyFonts();
};
