#pragma once
// Presentation mode (View › Presentation, F5; Esc leaves): the lab fills the window or a chosen
// screen, the question column, menus and status bar are hidden (and the parameter panel, if
// chosen), chart text, lines and the notice are scaled up (1.6x by default), controls hidden by
// a link stay hidden, and the mouse pointer hides when idle. Its settings are kept in QSettings.

#include <QList>
#include <QObject>
#include <QPointer>
#include <QWidget>

class LabArea;
class QAction;
class QMainWindow;
class QMenu;
class QShortcut;
class QTimer;

class PresentationMode : public QObject {
    Q_OBJECT
public:
    /// `sideWidgets`: what presenting hides besides the window's menus and status bar.
    PresentationMode(QMainWindow* window, LabArea* labs, QList<QWidget*> sideWidgets);
    ~PresentationMode() override;

    /// The View menu's entries: Presentation (F5) and its settings.
    void addActionsTo(QMenu* view);

    bool isOn() const { return m_on; }
    /// `fullScreen` false keeps the window's size (screenshots, tests).
    void setOn(bool on, bool fullScreen = true);
    void toggle() { setOn(!m_on); }

    double textScale() const;
    void setTextScale(double factor);
    bool hidesPanel() const;
    void setHidesPanel(bool hide);

Q_SIGNALS:
    void toggled(bool on);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void enter(bool fullScreen);
    void leave();
    void hidePointer();
    void showPointer();
    QMenu* settingsMenu(QWidget* parent);

    QMainWindow* m_window;
    LabArea* m_labs;
    QList<QPointer<QWidget>> m_side;
    QList<QPointer<QWidget>> m_hidden; ///< what entering hid, to show again
    bool m_on = false;
    bool m_wasFullScreen = false;
    bool m_wasMaximized = false;
    bool m_pointerHidden = false;
    QAction* m_action = nullptr;
    QShortcut* m_escape = nullptr;
    QTimer* m_idle = nullptr;
};
