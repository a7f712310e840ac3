#pragma once
// The right-hand lab area: a lab picker, the lab's title and summary, links to the questions it
// illustrates, Reset and Export, and the current lab view. Views are created on first use and
// kept, so switching back keeps their parameters.

#include <QMap>
#include <QWidget>

#include <functional>

class JobRunner;
class LabView;
class QComboBox;
class QLabel;
class QStackedWidget;

class LabArea : public QWidget {
    Q_OBJECT
public:
    explicit LabArea(JobRunner* jobs, QWidget* parent = nullptr);

    /// Shows the lab with this id (creating its view); false if no built lab has it.
    bool openLab(const QString& id);
    LabView* currentLab() const;
    QString currentLabId() const;

    /// How to name a question in the links row (title for an id).
    void setQuestionTitles(std::function<QString(const QString&)> titleOf);

    void exportCurrent();
    void resetCurrent();

Q_SIGNALS:
    void questionRequested(const QString& questionId);
    void labChanged(const QString& labId);

private:
    void updateHeader();

    JobRunner* m_jobs;
    QComboBox* m_picker;
    QLabel* m_summary;
    QLabel* m_links; ///< the question links, wrapped: a long row must not widen the window
    QStackedWidget* m_stack;
    QMap<QString, LabView*> m_views;
    std::function<QString(const QString&)> m_titleOf;
};
