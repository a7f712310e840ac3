#include "app/window/MainWindow.h"
#include "app/window/PresentationMode.h"
#include "engine/datapaths.h"
#include "engine/text/retrieval.h"

#include "app/jobs/DeviceCatalog.h"
#include "app/jobs/JobRunner.h"
#include "app/labs/LabArea.h"
#include "app/labs/LabRegistry.h"
#include "app/study/DashboardView.h"
#include "app/study/MockInterviewView.h"
#include "app/study/QuestionBrowser.h"
#include "app/study/QuestionView.h"
#include "app/study/ReviewView.h"
#include "app/study/Scheduler.h"
#include "app/study/StudyContext.h"
#include "app/study/StudyPanel.h"
#include "app/study/StudyStore.h"
#include "app/widgets/JobStatusWidget.h"
#include "app/window/AboutDialog.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTextBrowser>

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_jobs(new JobRunner(this)),
      m_scheduler(makeScheduler(QSettings().value(QStringLiteral("study/scheduler")).toString())),
      m_study(std::make_unique<StudyStore>())
{
    setWindowTitle(tr("MLLab"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/mllab.svg")));
    m_browser = new QuestionBrowser;
    m_question = new QuestionView;
    m_labArea = new LabArea(m_jobs);
    connect(m_labArea, &LabArea::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, 6000); });
    m_labArea->setQuestionLinks(
        [this](const QString& labId) {
            QStringList ids;
            for (const Question& q : m_bank.questions())
                if (q.labs.contains(labId))
                    ids << q.id;
            return ids;
        },
        [this](const QString& id) {
            const Question* q = m_bank.find(id);
            return q ? q->title : QString();
        });

    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_browser);
    m_studyPanel = new StudyPanel;
    m_questionPane = new QSplitter(Qt::Vertical);
    m_questionPane->setChildrenCollapsible(false);
    m_questionPane->addWidget(m_question);
    m_questionPane->addWidget(m_studyPanel);
    m_questionPane->setStretchFactor(0, 3);
    m_questionPane->setStretchFactor(1, 1);
    m_questionPane->setSizes({560, 200});
    m_review = new ReviewView;
    m_mock = new MockInterviewView;
    m_dashboard = new DashboardView;
    // The study pages get the whole window or half of it; their wide rows must not force a
    // minimum width on the browsing layout that shares the stack.
    for (QWidget* page : {static_cast<QWidget*>(m_review), static_cast<QWidget*>(m_mock),
                          static_cast<QWidget*>(m_dashboard)})
        page->setMinimumWidth(240);
    m_center = new QStackedWidget;
    m_center->addWidget(m_questionPane); // indices follow Mode
    m_center->addWidget(m_review);
    m_center->addWidget(m_mock);
    m_center->addWidget(m_dashboard);
    m_splitter->addWidget(m_center);
    m_splitter->addWidget(m_labArea);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 2);
    // At 1280 pixels: a browser, a question column wide enough to read, most of the rest to the
    // lab.
    m_splitter->setSizes({230, 360, 690});
    setCentralWidget(m_splitter);

    connect(m_browser, &QuestionBrowser::questionSelected, this, &MainWindow::openQuestion);
    connect(m_browser, &QuestionBrowser::questionOpened, this, [this](const QString& id) {
        openQuestion(id);
        m_question->textBrowser()->setFocus();
    });
    connect(m_browser, &QuestionBrowser::searchWordsChanged, m_question, &QuestionView::setHighlight);
    m_browser->setSearchByMeaning(
        QSettings().value(QStringLiteral("browser/searchByMeaning"), false).toBool());
    connect(m_browser, &QuestionBrowser::searchByMeaningToggled, this,
            [](bool on) { QSettings().setValue(QStringLiteral("browser/searchByMeaning"), on); });
    connect(m_question, &QuestionView::labRequested, this, &MainWindow::openLab);
    connect(m_question, &QuestionView::questionRequested, this, &MainWindow::openQuestion);
    connect(m_question, &QuestionView::previousRequested, this, [this] { step(-1); });
    connect(m_question, &QuestionView::nextRequested, this, [this] { step(+1); });
    connect(m_labArea, &LabArea::questionRequested, this, [this](const QString& id) {
        setMode(Mode::Browse);
        openQuestion(id);
    });
    connect(m_review, &ReviewView::labRequested, this, &MainWindow::openLab);
    const auto browse = [this] { setMode(Mode::Browse); };
    connect(m_review, &ReviewView::closeRequested, this, browse);
    connect(m_mock, &MockInterviewView::closeRequested, this, browse);
    connect(m_dashboard, &DashboardView::closeRequested, this, browse);
    connect(m_review, &ReviewView::dataChanged, this, &MainWindow::onStudyDataChanged);
    connect(m_mock, &MockInterviewView::dataChanged, this, &MainWindow::onStudyDataChanged);
    connect(m_studyPanel, &StudyPanel::dataChanged, this, &MainWindow::onStudyDataChanged);
    connect(m_dashboard, &DashboardView::reviewRequested, this, [this] { setMode(Mode::Review); });
    connect(m_dashboard, &DashboardView::mockRequested, this, [this] { setMode(Mode::Mock); });
    auto* find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, m_browser, &QuestionBrowser::focusSearch);

    buildProblemsPanel();
    buildMenus();
    buildStatusBar();
    resize(1280, 800);
    if (!LabRegistry::labs().empty())
        m_labArea->openLab(LabRegistry::labs().front().id);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open lab state…"), QKeySequence::Open, this, &MainWindow::openLabStateFile);
    file->addAction(tr("&Save lab state…"), QKeySequence::Save, this, &MainWindow::saveLabState);
    file->addAction(tr("Copy lab &link"), QKeySequence(tr("Ctrl+L")), this, &MainWindow::copyLabLink);
    file->addAction(tr("&Export lab…"), QKeySequence(tr("Ctrl+E")), m_labArea,
                    &LabArea::exportToFolder);
    file->addAction(tr("Export lab as one &picture…"), m_labArea, &LabArea::exportCurrent);
    addLabPresetActions(file);
    file->addAction(tr("&Reload content"), QKeySequence(tr("Ctrl+Shift+R")), this,
                    &MainWindow::reloadContent); // F5 is the presentation
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Find question"), QKeySequence::Find, m_browser, &QuestionBrowser::focusSearch);
    QAction* browser = view->addAction(tr("Question &browser"));
    browser->setCheckable(true);
    browser->setChecked(true);
    m_browserAction = browser;
    connect(browser, &QAction::toggled, this,
            [this](bool on) { m_browser->setVisible(on && m_mode == Mode::Browse); });
    QAction* question = view->addAction(tr("Question &text"));
    question->setCheckable(true);
    question->setChecked(true);
    connect(question, &QAction::toggled, m_question, &QWidget::setVisible);
    view->addAction(m_problemsDock->toggleViewAction());
    m_presentation = new PresentationMode(this, m_labArea, {m_browser, m_center, m_problemsDock});
    m_presentation->addActionsTo(view);

    buildStudyMenu();
    buildLessonMenu();

    QMenu* labs = menuBar()->addMenu(tr("&Labs"));
    labs->addAction(tr("&Pin result to compare"), QKeySequence(tr("Ctrl+Shift+P")), m_labArea,
                    &LabArea::pinCurrent);
    labs->addAction(tr("&Unpin"), m_labArea, &LabArea::unpinCurrent);
    labs->addSeparator();
    int shortcut = 1;
    for (const auto& lab : LabRegistry::labs()) {
        QAction* action = labs->addAction(lab.title);
        if (shortcut <= 9)
            action->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(shortcut++)));
        const QString id = lab.id;
        connect(action, &QAction::triggered, this, [this, id] { openLab(id); });
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About MLLab"), this, [this] { AboutDialog(this).exec(); });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::buildStatusBar()
{
    auto* deviceLabel = new QLabel;
    const auto showDevice = [deviceLabel] {
        const DeviceCatalog& catalog = DeviceCatalog::instance();
        if (!catalog.isReady()) {
            deviceLabel->setText(tr("Device: detecting…"));
            return;
        }
        const mllab::DeviceInfo& device = catalog.defaultDevice();
        deviceLabel->setText(
            tr("Device: %1 (%2)")
                .arg(QString::fromStdString(device.id), QString::fromStdString(device.name)));
        deviceLabel->setToolTip(
            tr("%n compute device(s) available", nullptr, int(catalog.devices().size())));
    };
    showDevice();
    connect(&DeviceCatalog::instance(), &DeviceCatalog::ready, deviceLabel, showDevice);
    DeviceCatalog::instance().discover(m_jobs);
    m_studyStatus = new QLabel;
    statusBar()->addPermanentWidget(m_studyStatus);
    statusBar()->addPermanentWidget(new JobStatusWidget(m_jobs));
    statusBar()->addPermanentWidget(deviceLabel);
    connect(m_jobs, &JobRunner::failed, this, [this](quint64, const QString&, const QString& message) {
        statusBar()->showMessage(message, 8000);
    });
}

void MainWindow::buildProblemsPanel()
{
    m_problems = new QListWidget;
    m_problems->setWordWrap(true);
    m_problemsDock = new QDockWidget(tr("Content problems"), this);
    m_problemsDock->setObjectName(QStringLiteral("contentProblems"));
    m_problemsDock->setWidget(m_problems);
    addDockWidget(Qt::BottomDockWidgetArea, m_problemsDock);
    m_problemsDock->hide();
}

void MainWindow::buildMeaningSearch()
{
    // The engine reads the bank from disk: the built-in (resource) bank is the installed one.
    const QString folder = m_bank.folder();
    const std::string bankDirectory = folder.startsWith(QLatin1Char(':'))
                                          ? mllab::questionBankDirectory()
                                          : QDir(folder).absolutePath().toStdString();
    using Search = std::shared_ptr<const mllab::text::BankSearch>;
    m_browser->setMeaningSearch(nullptr);
    m_jobs->submit(
        QStringLiteral("browser/meaning"), tr("Preparing search by meaning"), m_browser,
        [bankDirectory](const mllab::Progress&) -> Search {
            return std::make_shared<const mllab::text::BankSearch>(bankDirectory);
        },
        [this](const Search& search) { m_browser->setMeaningSearch(search); },
        [this](const QString& message) { m_browser->setMeaningSearch(nullptr, message); });
}

void MainWindow::loadContent(const QString& folder)
{
    m_contentFolder = folder;
    m_bank.load(folder.isEmpty() ? QuestionBank::builtInFolder() : folder, LabRegistry::knownLabIds());
    m_mock->setContext(studyContext());
    const QString current = m_question->currentId();
    m_browser->setBank(&m_bank);
    buildMeaningSearch();
    m_labArea->updateHeader();
    showProblems();
    if (!current.isEmpty() && openQuestion(current))
        return;
    m_question->showWelcome(
        tr("# Welcome to MLLab\n\n%n interview question(s) are loaded. Pick one on the left "
           "(Ctrl+F searches), or choose a lab on the right: every lab computes on real models and "
           "links back to the questions it illustrates.", nullptr, int(m_bank.questions().size())));
}

void MainWindow::reloadContent()
{
    loadContent(m_contentFolder);
    statusBar()->showMessage(tr("Reloaded %n question(s)", nullptr, int(m_bank.questions().size())), 4000);
}

void MainWindow::showProblems()
{
    m_problems->clear();
    for (const ContentProblem& p : m_bank.problems())
        m_problems->addItem(p.toString());
    m_problemsDock->setWindowTitle(tr("Content problems (%n)", nullptr, int(m_bank.problems().size())));
    m_problemsDock->setVisible(!m_bank.problems().isEmpty());
}

bool MainWindow::openQuestion(const QString& id)
{
    const Question* q = m_bank.find(id);
    if (!q)
        return false;
    if (m_question->currentId() != id)
        m_question->showQuestion(*q, m_bank, m_browser->searchWords());
    if (m_studyPanel->questionId() != id)
        m_studyPanel->setQuestion(id);
    if (m_browser->currentId() != id)
        m_browser->selectQuestion(id);
    return true;
}

void MainWindow::step(int delta)
{
    const int index = m_bank.indexOf(m_question->currentId()) + delta;
    if (index >= 0 && index < m_bank.questions().size())
        openQuestion(m_bank.questions()[index].id);
}

bool MainWindow::openLab(const QString& id)
{
    return m_labArea->openLab(id);
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    m_problemsDock->setVisible(!m_bank.problems().isEmpty());
    const QString lab = settings.value(QStringLiteral("window/lab")).toString();
    if (!lab.isEmpty())
        openLab(lab);
    const QString question = settings.value(QStringLiteral("window/question")).toString();
    if (!question.isEmpty())
        openQuestion(question);
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("window/lab"), m_labArea->currentLabId());
    settings.setValue(QStringLiteral("window/question"), m_question->currentId());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_studyPanel->saveNotes();
    m_review->finish();
    saveLayout();
    m_jobs->cancelAll();
    event->accept();
}
