#pragma once
// Mock interview mode: a session of N questions picked at random, from one section, or weakest
// first. Each question runs a timer; after the main answer the interviewer asks one of the
// question's follow-ups. Then the candidate assesses each answer against a four-point rubric
// (keys 1-4 toggle: key idea, concrete number or example, no red flags, handled the follow-up),
// which becomes a scheduler grade at once; a summary closes the session.
// Keyboard: Enter starts; Ctrl+Enter moves on (follow-up, next question, next assessment);
// Esc leaves the answer box or the mode. Answers are committed when each step is taken.

#include "app/study/StudyStats.h"
#include "app/study/StudyContext.h"

#include <QList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableWidget;
class QTextBrowser;
class QTimer;
struct Question;

class MockInterviewView : public QWidget {
    Q_OBJECT
public:
    enum class Stage { Setup, Asking, Assessing, Summary };

    explicit MockInterviewView(QWidget* parent = nullptr);

    void setContext(const StudyContext& context);

    /// Starts a session with the setup page's choices (count, pick, section, minutes, seed).
    void start();
    void configure(int count, MockPick pick, const QString& section = {}, int minutes = 4);
    void setSeed(quint32 seed) { m_seed = seed; }
    /// Ctrl+Enter: follow-up, next question, or next assessment.
    void advance();
    void toggleRubric(int item); ///< 1-4
    void showSetup();

    Stage stage() const { return m_stage; }
    bool askingFollowUp() const { return m_followUpPhase; }
    int position() const { return m_position; }
    QList<MockQuestion> questions() const { return m_questions; }
    qint64 sessionId() const { return m_sessionId; }
    int rubricOf(int position) const { return m_items.value(position).rubric; }
    QPlainTextEdit* answerEdit() const { return m_answer; }
    QTableWidget* summaryTable() const { return m_summary; }
    QString timerText() const;

Q_SIGNALS:
    void dataChanged();
    void closeRequested();

protected:
    void keyPressEvent(QKeyEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* buildSetup();
    QWidget* buildAsking();
    QWidget* buildAssessing();
    QWidget* buildSummary();
    void showQuestion();
    void showFollowUp();
    void finishQuestion();
    void showAssessment();
    void commitAssessment();
    void showSummary();
    void tick();
    const Question* questionAt(int position) const;
    bool saveItem(int position);

    StudyContext m_context;
    Stage m_stage = Stage::Setup;
    quint32 m_seed = 0;
    QList<MockQuestion> m_questions;
    QList<MockItemRecord> m_items;
    QList<Grade> m_grades;
    int m_position = 0;
    bool m_followUpPhase = false;
    qint64 m_sessionId = 0;
    qint64 m_questionStartMs = 0;
    int m_limitMinutes = 4;
    QString m_error;

    QStackedWidget* m_pages;
    // setup
    QSpinBox* m_count;
    QComboBox* m_pick;
    QComboBox* m_section;
    QSpinBox* m_minutes;
    QLabel* m_setupNote;
    // asking
    QLabel* m_askHeader;
    QLabel* m_timer;
    QLabel* m_askTitle;
    QLabel* m_aim;
    QLabel* m_followUp;
    QPlainTextEdit* m_answer;
    QPushButton* m_next;
    // assessing
    QLabel* m_assessHeader;
    QTextBrowser* m_assessText;
    QCheckBox* m_rubric[4];
    // summary
    QLabel* m_summaryText;
    QTableWidget* m_summary;
    QTimer* m_tick;
};
