#pragma once
// Shows one question: a header with section, difficulty and tags, "Open lab" buttons for its
// built labs, previous/next, and the Markdown body with shaded code blocks, ruled tables,
// related questions as links and the current search words highlighted.

#include <QStringList>
#include <QWidget>

struct Question;
class QuestionBank;
class QLabel;
class QTextBrowser;
class QToolButton;

class QuestionView : public QWidget {
    Q_OBJECT
public:
    explicit QuestionView(QWidget* parent = nullptr);

    void showWelcome(const QString& markdown);
    void showQuestion(const Question& question, const QuestionBank& bank, const QStringList& highlight = {});
    void setHighlight(const QStringList& words);
    QString currentId() const { return m_id; }
    QTextBrowser* textBrowser() const { return m_text; }
    /// Lab ids with an "Open in a lab" link now.
    QStringList labButtons() const;

Q_SIGNALS:
    void labRequested(const QString& labId);
    void questionRequested(const QString& questionId);
    void previousRequested();
    void nextRequested();

private:
    void styleDocument();
    void applyHighlight();

    QString m_id;
    QString m_markdown;
    QStringList m_highlight;
    QLabel* m_header;
    QLabel* m_labBar; ///< links to the question's labs, wrapped to the column's width
    QStringList m_labIds;
    QTextBrowser* m_text;
    QToolButton* m_previous;
    QToolButton* m_next;
};
