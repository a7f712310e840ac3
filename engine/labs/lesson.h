#pragma once
// Lessons: an ordered set of lab states for a class, each with presenter notes and optionally a
// prediction the audience commits to before the lab's result is revealed. Qt-free, so
// `mllab-cli lesson` checks a lesson's predictions against the same pipelines the app shows.
//
// File format (*.mllab-lesson, JSON):
//   {"format": "mllab-lesson", "version": 1, "title": "...",
//    "steps": [{"title": "...", "notes": "Markdown for the presenter",
//               "state": {"format": "mllab-state", "version": 1, "lab": "roc", "params": {...}},
//               "predict": {"question": "...", "choices": ["...", "..."], "answer": 0,
//                              "explanation": "... {/result/auc_roc} ...",
//                              "checks": ["/result/auc_roc > 0.8"]}}]}
// "predict" is optional. "answer" indexes "choices" (2 to 4 of them; the right choice's text is
// read too). Placeholders
// {[stepN:]/json/pointer} in the explanation and the checks point into what `mllab-cli lab`
// prints for that step ({"lab", "params", "result"}); N counts steps from 1 and defaults to the
// step itself. A check is "A OP B" with OP one of < <= > >= == != and A, B placeholders
// (without braces), numbers, or a factor times a placeholder ("0.5*step1:/result/ap"): the checks
// are what must hold for the stated answer to be right.

#include "engine/labs/params.h"
#include "engine/progress.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mllab::labs {

struct LessonPrediction {
    std::string question;
    std::vector<std::string> choices; ///< 2 to 4
    int answer = 0;                   ///< index into choices
    std::string explanation;          ///< may hold {pointer} placeholders
    std::vector<std::string> checks;  ///< "A OP B"
};

struct LessonStep {
    std::string title;
    std::string notes; ///< Markdown, for the presenter
    LabState state;
    std::optional<LessonPrediction> prediction;
};

struct Lesson {
    std::string title;
    std::vector<LessonStep> steps;
};

inline constexpr int kLessonVersion = 1;

/// Reads and validates a whole lesson; InputError names the source, the step (from 1) and the
/// field: "intro.mllab-lesson: step 3: predict: answer must index choices (0 to 2), got 5".
Lesson readLessonText(std::string_view text, const std::string& source);
Lesson readLessonFile(const std::string& path);
/// The lesson as its file holds it (validate() first when it was edited).
nlohmann::json lessonJson(const Lesson& lesson);
/// What readLessonText would refuse in a lesson built in memory (an edited one), or "".
std::string lessonProblem(const Lesson& lesson);

/// What `mllab-cli lab` prints for a step's state: {"lab", "params", "result"}.
using StepRunner = std::function<nlohmann::json(const LabState& state, const Progress& progress)>;

struct CheckOutcome {
    std::string check;
    bool holds = false;
    double left = 0, right = 0;
};

struct StepOutcome {
    nlohmann::json output;              ///< {"lab", "params", "result"}
    std::vector<CheckOutcome> checks;
    std::string explanation;            ///< with its placeholders filled in
};

/// Step `index`'s prediction against the outputs of the steps up to and including it: each
/// check evaluated and the explanation filled in (output is left to the caller). InputError
/// when a placeholder or check points nowhere.
StepOutcome explainStep(const LessonStep& step, const std::vector<nlohmann::json>& outputs,
                        std::size_t index);

/// Runs every step (outputs[i] feeds stepN: references of later steps) and evaluates the checks.
/// Throws InputError when a placeholder points nowhere or a step's pipeline refuses its state.
std::vector<StepOutcome> playLesson(const Lesson& lesson, const StepRunner& run,
                                    const Progress& progress = {});

/// The explanation of step `index` with each {pointer} replaced by its number (3 significant
/// digits), given the outputs of the steps up to and including it.
std::string fillPlaceholders(const std::string& text, const std::vector<nlohmann::json>& outputs,
                             std::size_t index);

/// Evaluates one check against the outputs; InputError if it is malformed or points nowhere.
CheckOutcome evaluateCheck(const std::string& check, const std::vector<nlohmann::json>& outputs,
                           std::size_t index);

} // namespace mllab::labs
