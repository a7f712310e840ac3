#include "app/views/MainWindow.h"

#include "app/jobs/JobRunner.h"
#include "app/models/LabRegistry.h"
#include "app/models/Scheduler.h"
#include "app/models/StudyStore.h"
#include "app/views/AboutDialog.h"
#include "app/views/DashboardView.h"
#include "app/views/JobStatusWidget.h"
#include "app/views/LabArea.h"
#include "app/views/LabView.h"
#include "app/views/MockInterviewView.h"
#include "app/views/QuestionBrowser.h"
#include "app/views/QuestionView.h"
#include "app/views/ReviewView.h"
#include "app/views/StudyContext.h"
#include "app/views/StudyPanel.h"
#include "engine/gpu/device.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>
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
    m_labArea->setQuestionTitles([this](const QString& id) {
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
    m_splitter->setSizes({250, 420, 610});
    setCentralWidget(m_splitter);

    connect(m_browser, &QuestionBrowser::questionSelected, this, &MainWindow::openQuestion);
    connect(m_browser, &QuestionBrowser::questionOpened, this, [this](const QString& id) {
        openQuestion(id);
        m_question->textBrowser()->setFocus();
    });
    connect(m_browser, &QuestionBrowser::searchWordsChanged, m_question, &QuestionView::setHighlight);
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
    file->addAction(tr("&Export lab…"), QKeySequence(tr("Ctrl+E")), m_labArea, &LabArea::exportCurrent);
    file->addAction(tr("Save lab &preset…"), this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Save lab preset"), tr("Preset name:"),
                                                   QLineEdit::Normal, QString(), &ok);
        QString error;
        if (ok && !name.trimmed().isEmpty() && !saveLabPreset(name.trimmed(), &error))
            QMessageBox::warning(this, tr("Save lab preset"), error);
    });
    file->addAction(tr("&Apply lab preset…"), this, [this] {
        QStringList names;
        if (LabView* lab = m_labArea->currentLab())
            for (const LabPresetRecord& p : m_study->labPresets(lab->labId()))
                names << p.name;
        if (names.isEmpty()) {
            QMessageBox::information(this, tr("Apply lab preset"),
                                     tr("This lab has no saved presets."));
            return;
        }
        bool ok = false;
        const QString name = QInputDialog::getItem(this, tr("Apply lab preset"), tr("Preset:"),
                                                   names, 0, false, &ok);
        QString error;
        if (ok && !applyLabPreset(name, &error))
            QMessageBox::warning(this, tr("Apply lab preset"), error);
    });
    file->addAction(tr("&Reload content"), QKeySequence::Refresh, this, &MainWindow::reloadContent);
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

    buildStudyMenu();

    QMenu* labs = menuBar()->addMenu(tr("&Labs"));
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
    const auto devices = mllab::listDevices();
    const mllab::DeviceInfo device = mllab::findDevice(mllab::defaultDeviceId());
    auto* deviceLabel = new QLabel(tr("Device: %1 (%2)")
                                       .arg(QString::fromStdString(device.id),
                                            QString::fromStdString(device.name)));
    deviceLabel->setToolTip(tr("%n compute device(s) available", nullptr, int(devices.size())));
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

void MainWindow::loadContent(const QString& folder)
{
    m_contentFolder = folder;
    m_bank.load(folder.isEmpty() ? QuestionBank::builtInFolder() : folder, LabRegistry::knownLabIds());
    m_mock->setContext(studyContext());
    const QString current = m_question->currentId();
    m_browser->setBank(&m_bank);
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

// --- study mode ---

StudyContext MainWindow::studyContext() const
{
    StudyContext context;
    context.store = m_study.get();
    context.bank = &m_bank;
    context.scheduler = m_scheduler.get();
    return context;
}

void MainWindow::buildStudyMenu()
{
    QMenu* study = menuBar()->addMenu(tr("&Study"));
    m_modeActions = new QActionGroup(this);
    const struct {
        Mode mode;
        QString text;
        QKeySequence keys;
    } modes[] = {{Mode::Browse, tr("&Browse questions"), QKeySequence(tr("Ctrl+B"))},
                 {Mode::Review, tr("&Review due questions"), QKeySequence(tr("Ctrl+R"))},
                 {Mode::Mock, tr("&Mock interview"), QKeySequence(tr("Ctrl+M"))},
                 {Mode::Dashboard, tr("&Progress dashboard"), QKeySequence(tr("Ctrl+P"))}};
    for (const auto& m : modes) {
        QAction* action = study->addAction(m.text);
        action->setShortcut(m.keys);
        action->setCheckable(true);
        action->setChecked(m.mode == Mode::Browse);
        action->setData(int(m.mode));
        m_modeActions->addAction(action);
        const Mode mode = m.mode;
        connect(action, &QAction::triggered, this, [this, mode] { setMode(mode); });
    }
    study->addSeparator();
    study->addAction(tr("Toggle &bookmark"), QKeySequence(tr("Ctrl+D")), this,
                     &MainWindow::toggleBookmark);
    study->addAction(tr("Edit &notes"), QKeySequence(tr("Ctrl+Shift+N")), this, [this] {
        setMode(Mode::Browse);
        m_studyPanel->focusNotes();
    });
    study->addAction(tr("New questions per &day…"), this, [this] {
        QSettings settings;
        bool ok = false;
        const int value = QInputDialog::getInt(
            this, tr("New questions per day"),
            tr("How many new questions may a day's review bring in?"),
            settings.value(QStringLiteral("study/newPerDay"), 10).toInt(), 0, 72, 1, &ok);
        if (ok) {
            settings.setValue(QStringLiteral("study/newPerDay"), value);
            m_review->setNewPerDay(value);
        }
    });
    study->addSeparator();
    study->addAction(tr("&Export study data…"), this, &MainWindow::exportStudyData);
    study->addAction(tr("&Import study data…"), this, &MainWindow::importStudyData);
    m_review->setNewPerDay(QSettings().value(QStringLiteral("study/newPerDay"), 10).toInt());
}

bool MainWindow::openStudyData(const QString& path, bool interactive, bool readOnly)
{
    auto access = readOnly ? StudyStore::Access::ReadOnly : StudyStore::Access::ReadWrite;
    while (true) {
        const StudyStore::OpenResult result = m_study->open(path, access);
        if (result.ok())
            break;
        if (!interactive) {
            statusBar()->showMessage(result.message, 15000);
            break;
        }
        QMessageBox box(QMessageBox::Warning, tr("Study data"), result.message,
                        QMessageBox::NoButton, this);
        box.setInformativeText(
            tr("Nothing has been changed or deleted. What would you like to do?"));
        QPushButton* retry = box.addButton(tr("&Retry"), QMessageBox::AcceptRole);
        QPushButton* readOnly =
            QFileInfo::exists(path) && result.status != StudyStore::Status::Corrupt
                ? box.addButton(tr("Open &read-only"), QMessageBox::AcceptRole)
                : nullptr;
        // Starting fresh under a running instance would fork its data: not offered when locked.
        QPushButton* fresh =
            QFileInfo::exists(path) && result.status != StudyStore::Status::Locked &&
                    result.status != StudyStore::Status::Unwritable
                ? box.addButton(tr("&Back up and start fresh"), QMessageBox::DestructiveRole)
                : nullptr;
        QPushButton* without =
            box.addButton(tr("Continue &without study data"), QMessageBox::RejectRole);
        box.setDefaultButton(retry);
        box.exec();
        if (box.clickedButton() == readOnly) {
            access = StudyStore::Access::ReadOnly;
        } else if (box.clickedButton() == fresh) {
            QString error;
            const QString backup = StudyStore::backUpAndRemove(path, &error);
            if (backup.isEmpty())
                QMessageBox::critical(this, tr("Study data"), error);
            else
                QMessageBox::information(
                    this, tr("Study data"),
                    tr("The old file is kept as %1.").arg(QDir::toNativeSeparators(backup)));
            access = StudyStore::Access::ReadWrite;
        } else if (box.clickedButton() == without || box.clickedButton() != retry) {
            break;
        } else {
            access = StudyStore::Access::ReadWrite;
        }
    }
    const StudyContext context = studyContext();
    m_review->setContext(context);
    m_mock->setContext(context);
    m_dashboard->setContext(context);
    m_studyPanel->setContext(context);
    m_studyPanel->reload();
    m_studyStatus->setText(!m_study->isOpen()      ? tr("Study data: not available")
                           : m_study->isReadOnly() ? tr("Study data: read-only")
                                                   : QString());
    onStudyDataChanged();
    return m_study->isOpen();
}

void MainWindow::onStudyDataChanged()
{
    QSet<QString> due;
    if (m_study->isOpen()) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QHash<QString, CardMemory> cards = m_study->cards();
        for (auto it = cards.constBegin(); it != cards.constEnd(); ++it)
            if (!it->isNew() && it->dueMs <= now)
                due.insert(it.key());
    }
    m_browser->setStudyMarks(m_study->isOpen() ? m_study->bookmarks() : QSet<QString>(), due);
    if (m_mode == Mode::Browse || sender() != m_studyPanel)
        m_studyPanel->reload();
    if (m_mode == Mode::Dashboard)
        m_dashboard->refresh();
}

void MainWindow::toggleBookmark()
{
    const QString id = m_mode == Mode::Review ? m_review->currentId() : m_studyPanel->questionId();
    if (id.isEmpty() || !m_study->isOpen())
        return;
    if (!m_study->setBookmarked(id, !m_study->isBookmarked(id),
                                QDateTime::currentMSecsSinceEpoch()))
        statusBar()->showMessage(tr("Bookmark not saved: %1").arg(m_study->lastError()), 8000);
    else
        statusBar()->showMessage(
            m_study->isBookmarked(id) ? tr("Bookmarked") : tr("Bookmark removed"), 3000);
    onStudyDataChanged();
}

void MainWindow::setMode(Mode mode)
{
    if (m_mode == Mode::Browse && mode != Mode::Browse) {
        m_browseSizes = m_splitter->sizes();
        m_studyPanel->saveNotes();
    }
    if (m_mode == Mode::Review && mode != Mode::Review)
        m_review->finish();
    m_mode = mode;
    m_center->setCurrentIndex(int(mode));
    m_browser->setVisible(mode == Mode::Browse && m_browserAction->isChecked());
    m_labArea->setVisible(mode == Mode::Browse || mode == Mode::Review);
    for (QAction* action : m_modeActions->actions())
        action->setChecked(action->data().toInt() == int(mode));
    const int width = m_splitter->width();
    switch (mode) {
    case Mode::Browse:
        if (!m_browseSizes.isEmpty())
            m_splitter->setSizes(m_browseSizes);
        m_studyPanel->reload();
        break;
    case Mode::Review:
        m_splitter->setSizes({0, width * 11 / 20, width * 9 / 20});
        m_review->start();
        m_review->setFocus(Qt::OtherFocusReason);
        break;
    case Mode::Mock:
        if (m_mock->stage() == MockInterviewView::Stage::Summary ||
            m_mock->stage() == MockInterviewView::Stage::Setup)
            m_mock->showSetup();
        m_mock->setFocus(Qt::OtherFocusReason);
        break;
    case Mode::Dashboard:
        m_dashboard->refresh();
        m_dashboard->setFocus(Qt::OtherFocusReason);
        break;
    }
    onStudyDataChanged();
}

void MainWindow::exportStudyData()
{
    if (!m_study->isOpen()) {
        QMessageBox::warning(this, tr("Export study data"), tr("No study data is open."));
        return;
    }
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export study data"), QStringLiteral("mllab-study.json"), tr("JSON (*.json)"));
    if (file.isEmpty())
        return;
    const StudyData data = m_study->snapshot();
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, file] {
        const QString error = watcher->result();
        watcher->deleteLater();
        if (error.isEmpty())
            statusBar()->showMessage(
                tr("Study data exported to %1").arg(QDir::toNativeSeparators(file)), 6000);
        else
            QMessageBox::warning(this, tr("Export study data"), error);
    });
    watcher->setFuture(QtConcurrent::run([data, file] {
        QSaveFile out(file);
        if (!out.open(QIODevice::WriteOnly))
            return tr("Cannot write %1: %2").arg(file, out.errorString());
        out.write(toStudyJson(data, QDateTime::currentMSecsSinceEpoch()));
        return out.commit() ? QString() : tr("Cannot write %1: %2").arg(file, out.errorString());
    }));
}

void MainWindow::importStudyData()
{
    if (!m_study->isWritable()) {
        QMessageBox::warning(this, tr("Import study data"),
                             tr("The study data is not open for writing."));
        return;
    }
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Import study data"), QString(), tr("JSON (*.json)"));
    if (file.isEmpty())
        return;
    struct Parsed {
        StudyData data;
        QString error;
    };
    auto* watcher = new QFutureWatcher<Parsed>(this);
    connect(watcher, &QFutureWatcher<Parsed>::finished, this, [this, watcher, file] {
        const Parsed parsed = watcher->result();
        watcher->deleteLater();
        if (!parsed.error.isEmpty()) {
            QMessageBox::warning(this, tr("Import study data"),
                                 tr("%1 was not imported, and nothing was changed:\n\n%2")
                                     .arg(QDir::toNativeSeparators(file), parsed.error));
            return;
        }
        const auto answer =
            QMessageBox::question(this, tr("Import study data"),
                                  tr("Replace your study data (%1 reviews) with the file's %2 "
                                     "reviews, %3 notes and %4 bookmarks?")
                                      .arg(m_study->reviewCount())
                                      .arg(parsed.data.reviews.size())
                                      .arg(parsed.data.notes.size())
                                      .arg(parsed.data.bookmarks.size()));
        if (answer != QMessageBox::Yes)
            return;
        applyImport(parsed.data);
    });
    watcher->setFuture(QtConcurrent::run([file] {
        Parsed parsed;
        QFile in(file);
        if (!in.open(QIODevice::ReadOnly))
            parsed.error = tr("cannot read the file: %1").arg(in.errorString());
        else
            parseStudyJson(in.readAll(), &parsed.data, &parsed.error);
        return parsed;
    }));
}

bool MainWindow::saveLabPreset(const QString& name, QString* error)
{
    LabView* lab = m_labArea->currentLab();
    if (!lab) {
        *error = tr("No lab is open.");
        return false;
    }
    QJsonObject params;
    const QMap<QString, QString> values = lab->parameters();
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        params.insert(it.key(), it.value());
    const LabPresetRecord preset{
        lab->labId(), name, QString::fromUtf8(QJsonDocument(params).toJson(QJsonDocument::Compact)),
        QDateTime::currentMSecsSinceEpoch()};
    if (m_study->saveLabPreset(preset))
        return true;
    *error = tr("The preset was not saved: %1").arg(m_study->lastError());
    return false;
}

bool MainWindow::applyLabPreset(const QString& name, QString* error)
{
    LabView* lab = m_labArea->currentLab();
    if (!lab) {
        *error = tr("No lab is open.");
        return false;
    }
    for (const LabPresetRecord& preset : m_study->labPresets(lab->labId())) {
        if (preset.name != name)
            continue;
        const QJsonObject params = QJsonDocument::fromJson(preset.params.toUtf8()).object();
        for (auto it = params.constBegin(); it != params.constEnd(); ++it) {
            const QString problem = lab->setParameter(it.key(), it.value().toString());
            if (!problem.isEmpty()) {
                *error = tr("Preset '%1' no longer fits this lab: %2").arg(name, problem);
                lab->refresh();
                return false;
            }
        }
        lab->refresh();
        return true;
    }
    *error = tr("This lab has no preset named '%1'.").arg(name);
    return false;
}

void MainWindow::applyImport(const StudyData& data)
{
    // The replacement is one transaction on a second connection in a worker thread; the dialog
    // keeps the user from writing through the main connection meanwhile.
    auto* busy = new QProgressDialog(tr("Importing study data…"), QString(), 0, 0, this);
    busy->setWindowModality(Qt::WindowModal);
    busy->setMinimumDuration(300);
    auto* watcher = new QFutureWatcher<QString>(this);
    const int reviews = int(data.reviews.size());
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, busy, reviews] {
        const QString error = watcher->result();
        watcher->deleteLater();
        busy->deleteLater();
        if (!error.isEmpty())
            QMessageBox::warning(this, tr("Import study data"),
                                 tr("Nothing was changed: %1").arg(error));
        else
            statusBar()->showMessage(tr("Imported %n review(s)", nullptr, reviews), 6000);
        onStudyDataChanged();
        Q_EMIT studyImported(error.isEmpty());
    });
    watcher->setFuture(QtConcurrent::run([path = m_study->path(), data] {
        StudyStore worker;
        const StudyStore::OpenResult opened = worker.open(path, StudyStore::Access::SharedWriter);
        if (!opened.ok())
            return opened.message;
        return worker.replaceAll(data) ? QString() : worker.lastError();
    }));
}
