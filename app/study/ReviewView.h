#pragma once
// Review mode: the due queue one question at a time. The candidate thinks or types an answer
// (saved with the review), reveals the short answer (Space, or Ctrl+Enter from the answer box),
// opens the deep dive on demand (D), and grades with 1-4; each grade is committed at once.
// "Show me" (L) asks the window to open the question's lab beside the review. Again brings the
// question back at the end of the session. Tab goes to the answer box, Esc leaves it (and,
// from the view, leaves review mode).

#include "app/study/StudyContext.h"

#include <QStringList>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTextBrowser;
class QTimer;
struct Question;

class ReviewView : public QWidget {
    Q_OBJECT
public:
    explicit ReviewView(QWidget* parent = nullptr);

    void setContext(const StudyContext& context) { m_context = context; }
    void setNewPerDay(int count) { m_newPerDay = count; }

    /// Builds the due queue and shows its first question (or the "nothing due" page).
    void start();
    /// Adds up to `count` new questions to the session beyond today's limit.
    void addNewQuestions(int count);
    /// Ends the session (committing its summary); safe to call twice.
    void finish();

    bool isActive() const { return m_sessionId != 0; }
    QString currentId() const;
    bool isRevealed() const { return m_revealed; }
    bool isDeepDiveShown() const { return m_deepShown; }
    QStringList queue() const { return m_queue; }
    int reviewedCount() const { return m_reviewed; }
    QString statusText() const;
    QPlainTextEdit* answerEdit() const { return m_answer; }
    QTextBrowser* answerText() const { return m_text; }

Q_SIGNALS:
    void labRequested(const QString& labId);
    void dataChanged();
    void closeRequested();

protected:
    void keyPressEvent(QKeyEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void showCurrent();
    void showDone();
    void reveal();
    void toggleDeepDive();
    void showMe();
    void grade(int value);
    void renderAnswer();
    void updateStatus();
    const Question* current() const;
    QString firstLab(const Question& q) const;

    StudyContext m_context;
    int m_newPerDay = 10;
    QStringList m_queue;
    int m_position = 0;
    qint64 m_sessionId = 0;
    qint64 m_sessionStartMs = 0;
    qint64 m_shownAtMs = 0;
    bool m_revealed = false;
    bool m_deepShown = false;
    int m_reviewed = 0;
    int m_gradeCounts[4] = {0, 0, 0, 0};
    QString m_error;

    QStackedWidget* m_pages;
    QLabel* m_status;
    QLabel* m_meta;
    QLabel* m_title;
    QPlainTextEdit* m_answer;
    QLabel* m_hint;
    QTextBrowser* m_text;
    QPushButton* m_reveal;
    QPushButton* m_deep;
    QPushButton* m_showMe;
    QPushButton* m_grades[4];
    QLabel* m_doneText;
    QPushButton* m_moreNew;
    QTimer* m_clock;
};
