#include "app/lessons/LessonController.h"

#include "app/jobs/JobRunner.h"
#include "engine/labs/registry.h"

#include <QFile>
#include <QSaveFile>

namespace ml = mllab::labs;

LessonController::LessonController(JobRunner* jobs, QObject* parent) : QObject(parent), m_jobs(jobs)
{
}

const ml::LessonStep* LessonController::currentStep() const
{
    return m_current >= 0 && m_current < stepCount() ? &m_lesson.steps[std::size_t(m_current)]
                                                     : nullptr;
}

bool LessonController::open(const QString& path, QString* error)
{
    try {
        ml::Lesson lesson = ml::readLessonFile(path.toStdString());
        m_lesson = std::move(lesson);
    } catch (const mllab::InputError& e) {
        *error = QString::fromStdString(e.what());
        return false;
    }
    m_path = path;
    m_open = true;
    m_outputs.assign(m_lesson.steps.size(), std::nullopt);
    setModified(false);
    go(0);
    return true;
}

bool LessonController::save(const QString& path, QString* error)
{
    const std::string problem = ml::lessonProblem(m_lesson);
    if (!problem.empty()) {
        *error = tr("The lesson was not saved: %1").arg(QString::fromStdString(problem));
        return false;
    }
    QSaveFile file(path);
    const QByteArray text = QByteArray::fromStdString(ml::lessonJson(m_lesson).dump(2) + "\n");
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
        *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    m_path = path;
    setModified(false);
    return true;
}

void LessonController::newLesson(const QString& title)
{
    m_lesson = {};
    m_lesson.title = title.toStdString();
    m_path.clear();
    m_open = true;
    m_current = -1;
    m_outputs.clear();
    setModified(false);
    Q_EMIT predictionChanged();
}

void LessonController::close()
{
    m_lesson = {};
    m_path.clear();
    m_open = false;
    m_current = -1;
    m_outputs.clear();
    m_chosen = -1;
    m_revealed = false;
    setModified(false);
    Q_EMIT predictionChanged();
}

void LessonController::setTitle(const QString& title)
{
    m_lesson.title = title.toStdString();
    setModified(true);
}

void LessonController::addStep(const ml::LabState& state, const QString& title)
{
    ml::LessonStep step;
    step.title = title.toStdString();
    step.state = state;
    step.state.pinned.reset(); // a lesson step is a state; a pin is a presenter's own
    const auto at = m_lesson.steps.begin() + (m_current + 1);
    m_lesson.steps.insert(at, std::move(step));
    m_outputs.insert(m_outputs.begin() + (m_current + 1), std::nullopt);
    setModified(true);
    go(m_current + 1);
}

bool LessonController::editCurrent(const ml::LessonStep& step, QString* error)
{
    if (!currentStep())
        return false;
    ml::Lesson edited = m_lesson;
    edited.steps[std::size_t(m_current)] = step;
    const std::string problem = ml::lessonProblem(edited);
    if (!problem.empty()) {
        *error = QString::fromStdString(problem);
        return false;
    }
    m_lesson = std::move(edited);
    m_outputs[std::size_t(m_current)].reset();
    setModified(true);
    go(m_current);
    return true;
}

void LessonController::removeCurrent()
{
    if (!currentStep())
        return;
    m_lesson.steps.erase(m_lesson.steps.begin() + m_current);
    m_outputs.erase(m_outputs.begin() + m_current);
    // Later steps may refer to earlier ones by number: their numbers are recomputed.
    std::fill(m_outputs.begin(), m_outputs.end(), std::nullopt);
    setModified(true);
    go(std::min(m_current, stepCount() - 1));
}

void LessonController::moveCurrent(int delta)
{
    const int to = m_current + delta;
    if (!currentStep() || to < 0 || to >= stepCount())
        return;
    std::swap(m_lesson.steps[std::size_t(m_current)], m_lesson.steps[std::size_t(to)]);
    std::fill(m_outputs.begin(), m_outputs.end(), std::nullopt);
    setModified(true);
    go(to);
}

void LessonController::go(int index)
{
    if (m_lesson.steps.empty()) {
        m_current = -1;
        Q_EMIT predictionChanged();
        return;
    }
    m_current = std::clamp(index, 0, stepCount() - 1);
    m_chosen = -1;
    m_revealed = false;
    m_explanation.clear();
    m_failedChecks.clear();
    Q_EMIT stepShown(m_current);
    Q_EMIT predictionChanged();
}

bool LessonController::hasPrediction() const
{
    const ml::LessonStep* step = currentStep();
    return step && step->prediction.has_value();
}

void LessonController::choose(int choice)
{
    if (!awaitsPrediction() || choice < 0 ||
        choice >= int(currentStep()->prediction->choices.size()))
        return;
    m_chosen = choice;
    Q_EMIT predictionChanged();
}

bool LessonController::reveal()
{
    if (!awaitsPrediction() || m_chosen < 0)
        return false;
    m_revealed = true;
    Q_EMIT predictionChanged();
    explain();
    return true;
}

void LessonController::explain()
{
    const int index = m_current;
    // The explanation may read any earlier step: compute what is not known yet.
    std::vector<std::pair<std::size_t, ml::LabState>> missing;
    for (int i = 0; i <= index; ++i)
        if (!m_outputs[std::size_t(i)])
            missing.emplace_back(std::size_t(i), m_lesson.steps[std::size_t(i)].state);
    m_jobs->submit(
        QStringLiteral("lesson"), tr("Numbers for the explanation"), this,
        [missing](const mllab::Progress& progress) {
            std::vector<std::pair<std::size_t, nlohmann::json>> outputs;
            for (const auto& [i, state] : missing)
                outputs.emplace_back(i, ml::labOutput(state, ml::labRunner(state.lab), progress));
            return outputs;
        },
        [this, index](const std::vector<std::pair<std::size_t, nlohmann::json>>& outputs) {
            for (const auto& [i, output] : outputs)
                if (i < m_outputs.size())
                    m_outputs[i] = output;
            if (index != m_current || !m_revealed)
                return;
            std::vector<nlohmann::json> known;
            for (int i = 0; i <= index; ++i)
                known.push_back(*m_outputs[std::size_t(i)]);
            try {
                const ml::StepOutcome outcome =
                    ml::explainStep(*currentStep(), known, std::size_t(index));
                m_explanation = QString::fromStdString(outcome.explanation);
                QStringList failed;
                for (const ml::CheckOutcome& check : outcome.checks)
                    if (!check.holds)
                        failed << QString::fromStdString(check.check);
                m_failedChecks = failed.join(QStringLiteral(", "));
            } catch (const mllab::InputError& e) {
                m_explanation = QString::fromStdString(currentStep()->prediction->explanation);
                m_failedChecks = QString::fromStdString(e.what());
            }
            Q_EMIT predictionChanged();
        },
        [this](const QString& message) { Q_EMIT errorOccurred(message); });
}

void LessonController::setModified(bool modified)
{
    m_modified = modified;
    Q_EMIT changed();
}
