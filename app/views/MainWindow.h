#pragma once
// The main window: question browser (left), question text (centre), lab area (right), a status
// bar with the compute device and the running job, and the File / View / Labs / Help menus.

#include <QMainWindow>

class JobRunner;
class LabArea;
class QListWidget;
class QSplitter;
class QTextBrowser;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    JobRunner* jobs() const { return m_jobs; }
    LabArea* labArea() const { return m_labArea; }
    bool openLab(const QString& id);

    /// Restores geometry and splitter sizes saved by an earlier run.
    void restoreLayout();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void buildStatusBar();
    void saveLayout() const;

    JobRunner* m_jobs;
    QSplitter* m_splitter;
    QListWidget* m_browser;
    QTextBrowser* m_question;
    LabArea* m_labArea;
};
