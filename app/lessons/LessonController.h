#pragma once
// The lesson that is open: its steps, the file it came from, which step is shown, and the
// prediction's progress on that step (asked, chosen, revealed). It opens and saves lesson files
// (validated whole: a bad file changes nothing), edits steps, and computes the live numbers an
// explanation refers to through the same pipelines as the labs, off the UI thread.

#include "engine/labs/lesson.h"

#include <QObject>
#include <QString>

#include <optional>
#include <vector>

class JobRunner;

class LessonController : public QObject {
    Q_OBJECT
public:
    explicit LessonController(JobRunner* jobs, QObject* parent = nullptr);

    bool isOpen() const { return m_open; }
    const mllab::labs::Lesson& lesson() const { return m_lesson; }
    QString path() const { return m_path; }
    bool isModified() const { return m_modified; }
    int current() const { return m_current; } ///< the step shown, from 0; -1 when none
    int stepCount() const { return int(m_lesson.steps.size()); }
    const mllab::labs::LessonStep* currentStep() const;

    /// Reads and validates `path`; false with `error` naming the step and field, the open lesson
    /// untouched.
    bool open(const QString& path, QString* error);
    /// Writes the lesson (validated first); false with `error`, nothing written.
    bool save(const QString& path, QString* error);
    void newLesson(const QString& title);
    void close();
    void setTitle(const QString& title);

    /// Adds `state` as a step after the current one and shows it.
    void addStep(const mllab::labs::LabState& state, const QString& title);
    /// Replaces the current step's title, notes and prediction; `error` names what is wrong.
    bool editCurrent(const mllab::labs::LessonStep& step, QString* error);
    void removeCurrent();
    /// Moves the current step one place earlier (-1) or later (+1).
    void moveCurrent(int delta);

    /// Shows step `index` (clamped): the window opens its state, a prediction covers the result.
    void go(int index);
    void next() { go(m_current + 1); }
    void back() { go(m_current - 1); }

    /// The prediction's flow on the current step.
    bool awaitsPrediction() const { return hasPrediction() && !m_revealed; }
    bool hasPrediction() const;
    int chosen() const { return m_chosen; }
    void choose(int choice);
    /// Reveals the result once a choice is entered; false when none is.
    bool reveal();
    bool revealed() const { return m_revealed; }
    /// The explanation with its live numbers, once computed after the reveal ("" before).
    QString explanation() const { return m_explanation; }
    /// Checks of the current step that do not hold for the live numbers ("" when all hold).
    QString failedChecks() const { return m_failedChecks; }

Q_SIGNALS:
    void changed();            ///< title, steps or file changed
    void stepShown(int index); ///< a step is shown: open its state
    void predictionChanged();  ///< chosen, revealed or explained
    void errorOccurred(const QString& message);

private:
    void explain();
    void setModified(bool modified);

    JobRunner* m_jobs;
    mllab::labs::Lesson m_lesson;
    QString m_path;
    bool m_open = false;
    bool m_modified = false;
    int m_current = -1;
    int m_chosen = -1;
    bool m_revealed = false;
    QString m_explanation;
    QString m_failedChecks;
    /// What `mllab-cli lab` prints for each step's state, computed on demand.
    std::vector<std::optional<nlohmann::json>> m_outputs;
};
