#pragma once
// The main window: question browser (left), question text (centre), lab area (right), a
// content-problems panel (shown when files were skipped), a status bar with the compute device
// and the running job, and the File / View / Study / Labs / Help menus.
// Study mode swaps the centre pane: review (the lab area stays beside it for "Show me"), mock
// interview and the progress dashboard; browsing shows the question with its study panel
// (bookmark, notes, history) underneath.

#include "app/study/QuestionBank.h"
#include "app/study/StudyStore.h"
#include "engine/labs/params.h"

#include <QMainWindow>

#include <memory>
#include <optional>

class JobRunner;
class LabArea;
class QDockWidget;
class QListWidget;
class QSplitter;
class QuestionBrowser;
class QuestionView;
class QStackedWidget;
class QActionGroup;
class QMenu;
class QLabel;
class LessonBar;
class LessonController;
class PredictionCover;
class PresenterNotes;
class PresentationMode;
class QShortcut;
class ReviewView;
class MockInterviewView;
class DashboardView;
class StudyPanel;
class Scheduler;
struct StudyContext;
struct StudyData;

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
    /// Opens the state's lab in that state (already validated) and recomputes.
    void openLabState(const mllab::labs::LabState& state);
    /// A lab link or a state file from the command line or a second launch; problems are shown
    /// and change nothing.
    void openLinkOrFile(const QString& linkOrFile);
    void copyLabLink();
    void saveLabState();
    void openLabStateFile();
    bool openQuestion(const QString& id);

    enum class Mode { Browse, Review, Mock, Dashboard };
    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    /// Opens the study database. Interactive: a problem (corrupt, locked, newer schema,
    /// unwritable) is shown with choices: retry, open read-only, back up and start fresh, or
    /// go on without study data. `readOnly` opens it for reading only (and never creates it).
    /// Returns whether study data is open. Its integrity check follows in a job: damage found
    /// there closes the data and is reported the same way (a dialog, or studyProblem()).
    bool openStudyData(const QString& path, bool interactive = true, bool readOnly = false);
    StudyStore* studyStore() const { return m_study.get(); }
    /// The last message of a failed non-interactive openStudyData or of its integrity check
    /// (empty after a success).
    QString studyProblem() const { return m_studyProblem; }
    ReviewView* reviewView() const { return m_review; }
    MockInterviewView* mockView() const { return m_mock; }
    DashboardView* dashboard() const { return m_dashboard; }
    StudyPanel* studyPanel() const { return m_studyPanel; }
    void exportStudyData();
    void importStudyData();
    /// Replaces all study data with `data` off the UI thread; studyImported() tells the outcome.
    void applyImport(const StudyData& data);
    /// Lab presets (kept with the study data): the open lab's parameters under a name.
    bool saveLabPreset(const QString& name, QString* error);
    bool applyLabPreset(const QString& name, QString* error);

    /// Loads questions from `folder` (the built-in bank when empty) and shows any problems.
    void loadContent(const QString& folder = {});
    void reloadContent();

    PresentationMode* presentation() const { return m_presentation; }
    LessonController* lesson() const { return m_lesson; }
    LessonBar* lessonBar() const { return m_lessonBar; }
    /// Opens and plays a lesson file; a bad file is reported and the open lesson kept.
    bool openLesson(const QString& path, QString* error);

    /// Restores geometry and splitter sizes saved by an earlier run.
    void restoreLayout();

Q_SIGNALS:
    void studyImported(bool ok);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    /// Builds the browser's search by meaning over the loaded bank in a job.
    void buildMeaningSearch();
    void buildMenus();
    void readLabStateFile(const QString& path);
    void buildStatusBar();
    void buildProblemsPanel();
    void showProblems();
    void step(int delta);
    void saveLayout() const;
    void buildStudyMenu();
    void buildLessonMenu();
    void showLessonStep(int index);
    void showPrediction();
    void newLesson();
    bool saveLesson(bool chooseFile);
    bool lessonMayClose();
    void addLessonStep();
    void editLessonStep();
    void showPresenterNotes();
    void closeLesson();
    void addLabPresetActions(QMenu* file);
    StudyContext studyContext() const;
    void onStudyDataChanged();
    /// The choice offered when the study data cannot be used: how to open it next, or nothing
    /// (continue without study data).
    std::optional<StudyStore::Access> askAboutStudyProblem(const QString& path,
                                                           const StudyStore::OpenResult& result);
    /// Runs the open data's integrity check in a job; damage closes it and reports as open does.
    void verifyStudyData(bool interactive);
    /// Hands the store to the study views and shows its state in the status bar.
    void showStudyData();
    void toggleBookmark();

    JobRunner* m_jobs;
    QuestionBank m_bank;
    QString m_contentFolder;
    QSplitter* m_splitter;
    QuestionBrowser* m_browser;
    QuestionView* m_question;
    LabArea* m_labArea;
    QDockWidget* m_problemsDock = nullptr;
    QListWidget* m_problems = nullptr;

    std::unique_ptr<Scheduler> m_scheduler;
    std::unique_ptr<StudyStore> m_study;
    QString m_studyProblem;
    Mode m_mode = Mode::Browse;
    QStackedWidget* m_center = nullptr;
    QSplitter* m_questionPane = nullptr;
    StudyPanel* m_studyPanel = nullptr;
    ReviewView* m_review = nullptr;
    MockInterviewView* m_mock = nullptr;
    DashboardView* m_dashboard = nullptr;
    QAction* m_browserAction = nullptr;
    QActionGroup* m_modeActions = nullptr;
    QLabel* m_studyStatus = nullptr;
    QList<int> m_browseSizes;
    PresentationMode* m_presentation = nullptr;
    LessonController* m_lesson = nullptr;
    LessonBar* m_lessonBar = nullptr;
    PredictionCover* m_cover = nullptr;
    PresenterNotes* m_notes = nullptr;
    QList<QShortcut*> m_lessonKeys; ///< navigation and prediction keys, on while a lesson plays
};
