#pragma once
// The main window: question browser (left), question text (centre), lab area (right), a
// content-problems panel (shown when files were skipped), a status bar with the compute device
// and the running job, and the File / View / Labs / Help menus.

#include "app/models/QuestionBank.h"

#include <QMainWindow>

class JobRunner;
class LabArea;
class QDockWidget;
class QListWidget;
class QSplitter;
class QuestionBrowser;
class QuestionView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    JobRunner* jobs() const { return m_jobs; }
    LabArea* labArea() const { return m_labArea; }
    QuestionBrowser* browser() const { return m_browser; }
    QuestionView* questionView() const { return m_question; }
    const QuestionBank& bank() const { return m_bank; }
    bool openLab(const QString& id);
    bool openQuestion(const QString& id);

    /// Loads questions from `folder` (the built-in bank when empty) and shows any problems.
    void loadContent(const QString& folder = {});
    void reloadContent();

    /// Restores geometry and splitter sizes saved by an earlier run.
    void restoreLayout();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void buildStatusBar();
    void buildProblemsPanel();
    void showProblems();
    void step(int delta);
    void saveLayout() const;

    JobRunner* m_jobs;
    QuestionBank m_bank;
    QString m_contentFolder;
    QSplitter* m_splitter;
    QuestionBrowser* m_browser;
    QuestionView* m_question;
    LabArea* m_labArea;
    QDockWidget* m_problemsDock = nullptr;
    QListWidget* m_problems = nullptr;
};
