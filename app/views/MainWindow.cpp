#include "app/views/MainWindow.h"

#include "app/jobs/JobRunner.h"
#include "app/models/LabRegistry.h"
#include "app/views/AboutDialog.h"
#include "app/views/JobStatusWidget.h"
#include "app/views/LabArea.h"
#include "engine/gpu/device.h"

#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTextBrowser>

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), m_jobs(new JobRunner(this))
{
    setWindowTitle(tr("MLLab"));
    m_browser = new QListWidget;
    m_browser->addItem(tr("The question bank loads here."));
    m_question = new QTextBrowser;
    m_question->setOpenLinks(false);
    m_question->setMarkdown(tr("# Welcome to MLLab\n\nPick a question on the left, or a lab on the right."));
    m_labArea = new LabArea(m_jobs);

    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_browser);
    m_splitter->addWidget(m_question);
    m_splitter->addWidget(m_labArea);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 2);
    m_splitter->setSizes({240, 400, 640});
    setCentralWidget(m_splitter);

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
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* browser = view->addAction(tr("Question &browser"));
    browser->setCheckable(true);
    browser->setChecked(true);
    connect(browser, &QAction::toggled, m_browser, &QWidget::setVisible);
    QAction* question = view->addAction(tr("Question &text"));
    question->setCheckable(true);
    question->setChecked(true);
    connect(question, &QAction::toggled, m_question, &QWidget::setVisible);

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
    statusBar()->addPermanentWidget(new JobStatusWidget(m_jobs));
    statusBar()->addPermanentWidget(deviceLabel);
    connect(m_jobs, &JobRunner::failed, this, [this](quint64, const QString&, const QString& message) {
        statusBar()->showMessage(message, 8000);
    });
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
    const QString lab = settings.value(QStringLiteral("window/lab")).toString();
    if (!lab.isEmpty())
        openLab(lab);
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("window/lab"), m_labArea->currentLabId());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveLayout();
    m_jobs->cancelAll();
    event->accept();
}
