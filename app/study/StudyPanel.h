#pragma once
// Under the question text: the question's bookmark toggle, its study record (reviews, last
// grade, next due, recall now), the review history (the newest 100 reviews), and the
// candidate's Markdown notes with a preview. Notes are saved a moment after typing stops, on
// leaving the box and on switching question, each save its own transaction.

#include "app/study/StudyContext.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QTabWidget;
class QTextBrowser;
class QTimer;
class QToolButton;
class QTreeWidget;

class StudyPanel : public QWidget {
    Q_OBJECT
public:
    explicit StudyPanel(QWidget* parent = nullptr);

    void setContext(const StudyContext& context) { m_context = context; }
    /// Shows the study record of this question (saving the previous one's notes first).
    void setQuestion(const QString& questionId);
    /// Re-reads the shown question's record (after a review elsewhere).
    void reload();
    void toggleBookmark();
    void focusNotes();
    /// Writes pending note edits now.
    void saveNotes();

    QString questionId() const { return m_id; }
    bool isBookmarked() const;
    QPlainTextEdit* notesEdit() const { return m_notes; }
    QTreeWidget* history() const { return m_history; }
    QString summaryText() const;

Q_SIGNALS:
    void dataChanged();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void showPreview(bool preview);

    StudyContext m_context;
    QString m_id;
    bool m_dirty = false;
    QToolButton* m_bookmark;
    QLabel* m_summary;
    QTabWidget* m_tabs;
    QStackedWidget* m_noteStack;
    QPlainTextEdit* m_notes;
    QTextBrowser* m_preview;
    QToolButton* m_previewButton;
    QTreeWidget* m_history;
    QTimer* m_saveTimer;
};
