#include "app/window/PresentationMode.h"

#include "app/labs/LabArea.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QEvent>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QScreen>
#include <QSettings>
#include <QShortcut>
#include <QStatusBar>
#include <QTimer>
#include <QWindow>

namespace {

const char* const kScaleKey = "presentation/textScale";
const char* const kHidePanelKey = "presentation/hidePanel";
const char* const kScreenKey = "presentation/screen"; ///< a screen's name, or "window"
constexpr int kIdlePointerMs = 2500;

} // namespace

PresentationMode::PresentationMode(QMainWindow* window, LabArea* labs, QList<QWidget*> sideWidgets)
    : QObject(window), m_window(window), m_labs(labs)
{
    for (QWidget* w : sideWidgets)
        m_side << w;
    m_action = new QAction(tr("&Presentation"), this);
    m_action->setCheckable(true);
    m_action->setShortcut(QKeySequence(Qt::Key_F5));
    // On the window too: its shortcut must work while the menu bar is hidden.
    window->addAction(m_action);
    connect(m_action, &QAction::triggered, this, [this](bool on) { setOn(on); });
    m_escape = new QShortcut(QKeySequence(Qt::Key_Escape), window);
    m_escape->setEnabled(false);
    connect(m_escape, &QShortcut::activated, this, [this] { setOn(false); });
    m_idle = new QTimer(this);
    m_idle->setSingleShot(true);
    m_idle->setInterval(kIdlePointerMs);
    connect(m_idle, &QTimer::timeout, this, &PresentationMode::hidePointer);
}

PresentationMode::~PresentationMode()
{
    showPointer(); // the pointer must not stay hidden after the window is gone
}

void PresentationMode::addActionsTo(QMenu* view)
{
    view->addSeparator();
    view->addAction(m_action);
    view->addMenu(settingsMenu(view));
}

QMenu* PresentationMode::settingsMenu(QWidget* parent)
{
    auto* menu = new QMenu(tr("Presentation &settings"), parent);
    auto* sizes = new QActionGroup(menu);
    for (double factor : {1.25, 1.6, 2.0}) {
        QAction* a = menu->addAction(tr("Chart text %1×").arg(QLocale().toString(factor, 'g', 3)));
        a->setCheckable(true);
        a->setChecked(qFuzzyCompare(factor, textScale()));
        sizes->addAction(a);
        connect(a, &QAction::triggered, this, [this, factor] { setTextScale(factor); });
    }
    menu->addSeparator();
    QAction* panel = menu->addAction(tr("Hide the parameter panel"));
    panel->setCheckable(true);
    panel->setChecked(hidesPanel());
    connect(panel, &QAction::toggled, this, &PresentationMode::setHidesPanel);
    menu->addSeparator();
    // Where to present: this window as it is, or full screen on one of the screens.
    auto* where = new QActionGroup(menu);
    const QString chosen = QSettings().value(QLatin1String(kScreenKey)).toString();
    QAction* inWindow = menu->addAction(tr("Fill this window"));
    inWindow->setCheckable(true);
    inWindow->setChecked(chosen == QLatin1String("window"));
    where->addAction(inWindow);
    connect(inWindow, &QAction::triggered, this,
            [] { QSettings().setValue(QLatin1String(kScreenKey), QStringLiteral("window")); });
    for (QScreen* screen : QGuiApplication::screens()) {
        const QString name = screen->name();
        QAction* a = menu->addAction(tr("Full screen on %1 (%2×%3)")
                                         .arg(name)
                                         .arg(screen->size().width())
                                         .arg(screen->size().height()));
        a->setCheckable(true);
        a->setChecked(chosen == name || (chosen.isEmpty() && screen == m_window->screen()));
        where->addAction(a);
        connect(a, &QAction::triggered, this,
                [name] { QSettings().setValue(QLatin1String(kScreenKey), name); });
    }
    return menu;
}

double PresentationMode::textScale() const
{
    const double stored = QSettings().value(QLatin1String(kScaleKey), 1.6).toDouble();
    return stored >= 1.0 && stored <= 3.0 ? stored : 1.6;
}

void PresentationMode::setTextScale(double factor)
{
    QSettings().setValue(QLatin1String(kScaleKey), factor);
    if (m_on)
        m_labs->setPresentation(true, textScale(), !hidesPanel());
}

bool PresentationMode::hidesPanel() const
{
    return QSettings().value(QLatin1String(kHidePanelKey), false).toBool();
}

void PresentationMode::setHidesPanel(bool hide)
{
    QSettings().setValue(QLatin1String(kHidePanelKey), hide);
    if (m_on)
        m_labs->setPresentation(true, textScale(), !hide);
}

void PresentationMode::setOn(bool on, bool fullScreen)
{
    if (on != m_on) {
        if (on)
            enter(fullScreen);
        else
            leave();
    }
    m_action->setChecked(m_on);
}

void PresentationMode::enter(bool fullScreen)
{
    m_on = true;
    m_hidden.clear();
    QList<QWidget*> hide{m_window->menuBar(), m_window->statusBar()};
    for (const QPointer<QWidget>& w : m_side)
        if (w)
            hide << w;
    for (QWidget* w : hide)
        if (!w->isHidden()) { // not isVisible(): the window may not be shown yet
            m_hidden << w;
            w->hide();
        }
    m_labs->setPresentation(true, textScale(), !hidesPanel());
    m_wasFullScreen = m_window->isFullScreen();
    m_wasMaximized = m_window->isMaximized();
    const QString where = QSettings().value(QLatin1String(kScreenKey)).toString();
    if (fullScreen && where != QLatin1String("window")) {
        for (QScreen* screen : QGuiApplication::screens())
            if (screen->name() == where && m_window->windowHandle()) {
                m_window->windowHandle()->setScreen(screen);
                m_window->move(screen->geometry().topLeft());
            }
        m_window->showFullScreen();
    }
    m_escape->setEnabled(true);
    qApp->installEventFilter(this);
    m_idle->start();
    Q_EMIT toggled(true);
}

void PresentationMode::leave()
{
    m_on = false;
    qApp->removeEventFilter(this);
    m_idle->stop();
    showPointer();
    m_escape->setEnabled(false);
    m_labs->setPresentation(false, 1.0, true);
    for (const QPointer<QWidget>& w : std::as_const(m_hidden))
        if (w)
            w->show();
    m_hidden.clear();
    if (m_window->isFullScreen() && !m_wasFullScreen)
        m_wasMaximized ? m_window->showMaximized() : m_window->showNormal();
    Q_EMIT toggled(false);
}

bool PresentationMode::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::MouseMove || event->type() == QEvent::MouseButtonPress) {
        showPointer();
        m_idle->start();
    }
    return QObject::eventFilter(watched, event);
}

void PresentationMode::hidePointer()
{
    if (!m_on || m_pointerHidden)
        return;
    QApplication::setOverrideCursor(Qt::BlankCursor);
    m_pointerHidden = true;
}

void PresentationMode::showPointer()
{
    if (!m_pointerHidden)
        return;
    QApplication::restoreOverrideCursor();
    m_pointerHidden = false;
}
