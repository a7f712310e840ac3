#pragma once
// The right-hand lab area: a lab picker, the lab's title and summary, links to the questions it
// illustrates, Reset and Export, and the current lab view. Views are created on first use and
// kept, so switching back keeps their parameters.

#include "engine/labs/params.h"

#include <QMap>
#include <QWidget>

#include <functional>

class JobRunner;
class LabView;
class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;

class LabArea : public QWidget {
    Q_OBJECT
public:
    explicit LabArea(JobRunner* jobs, QWidget* parent = nullptr);

    /// Shows the lab with this id (creating its view); false if no built lab has it.
    bool openLab(const QString& id);
    /// Shows the state's lab in that state (validated by its reader) and recomputes.
    bool openLabState(const mllab::labs::LabState& state);
    LabView* currentLab() const;
    QString currentLabId() const;
    QString currentLabTitle() const;

    /// The questions a lab illustrates (from the question files) and how to name one, for the
    /// links row under the lab's title.
    void setQuestionLinks(std::function<QStringList(const QString& labId)> questionsOf,
                          std::function<QString(const QString& questionId)> titleOf);

    /// The lab as one picture (PNG, SVG) or its result table as CSV, to a chosen file.
    void exportCurrent();
    /// Pins the current lab's result (replacing a pinned one) / stops comparing with it.
    void pinCurrent();
    void unpinCurrent();
    /// Every chart as PNG and CSV, the lab's picture and its state file, to a chosen folder.
    void exportToFolder();
    void resetCurrent();
    /// Presentation: every lab's chart text scaled by `textScale`, its parameter panel shown or
    /// not; (false, 1, true) goes back.
    void setPresentation(bool on, double textScale, bool panelShown);
    bool isPresenting() const { return m_presenting; }
    /// A bar over the lab (the lesson's), above its header.
    void addTopBar(QWidget* bar);
    /// The widget that shows the current lab view, for a cover laid over it.
    QWidget* labStack() const;
    /// Re-reads the title, summary and question links of the current lab (after a reload).
    void updateHeader();

Q_SIGNALS:
    void questionRequested(const QString& questionId);
    void labChanged(const QString& labId);
    void statusMessage(const QString& text);

private:
    LabView* viewFor(const QString& id, bool computeIfNew);
    void showPinState();
    JobRunner* m_jobs;
    QComboBox* m_picker;
    QLabel* m_summary;
    QLabel* m_links; ///< the question links, wrapped: a long row must not widen the window
    QStackedWidget* m_stack;
    bool m_presenting = false;
    double m_textScale = 1.0;
    bool m_panelShown = true;
    QPushButton* m_pinButton;
    QPushButton* m_unpinButton;
    QMap<QString, LabView*> m_views;
    std::function<QStringList(const QString&)> m_questionsOf;
    std::function<QString(const QString&)> m_titleOf;
};
