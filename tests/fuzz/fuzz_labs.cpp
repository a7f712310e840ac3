// Lab state files, links and lessons (engine/labs/params.h, lesson.h, registry.h), parsed against
// the real lab declarations. The input is tried as a link, a state file and a lesson. Each is
// refused with InputError or gives a state whose every value lies within its declaration, that
// writes back (as a state file and as a link) to the same state; an accepted lesson has no
// problem, writes back to itself, and its checks and placeholders evaluate or are refused.

#include "engine/labs/lesson.h"
#include "engine/labs/params.h"
#include "engine/labs/registry.h"
#include "engine/progress.h"
#include "tests/fuzz/fuzz_check.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>

using namespace mllab;
using namespace mllab::labs;

namespace {

void checkValue(const ParamSpec& param, const ParamValue& value)
{
    switch (param.type) {
    case ParamType::Number: {
        const double v = std::get<double>(value);
        FUZZ_CHECK(std::isfinite(v) && v >= param.min && v <= param.max);
        break;
    }
    case ParamType::Integer: {
        const long long v = std::get<long long>(value);
        FUZZ_CHECK(double(v) >= param.min && double(v) <= param.max);
        break;
    }
    case ParamType::Bool:
        FUZZ_CHECK(std::holds_alternative<bool>(value));
        break;
    case ParamType::Choice: {
        const std::string& v = std::get<std::string>(value);
        FUZZ_CHECK(std::find(param.choices.begin(), param.choices.end(), v) != param.choices.end());
        break;
    }
    case ParamType::Text:
    case ParamType::File:
        FUZZ_CHECK(std::holds_alternative<std::string>(value));
        break;
    }
}

void checkState(const LabState& state)
{
    const LabSpec* spec = findLabSpec(state.lab);
    FUZZ_CHECK(spec);
    FUZZ_CHECK(state.values.size() == spec->params.size());
    for (std::size_t i = 0; i < state.values.size(); ++i) {
        FUZZ_CHECK(state.values[i].first == spec->params[i].key);
        checkValue(spec->params[i], state.values[i].second);
    }
    FUZZ_CHECK(stateFromJson(stateJson(*spec, state), &findLabSpec) == state);
    LabState unpinned = state; // a link carries no pinned result
    unpinned.pinned.reset();
    FUZZ_CHECK(readLabLink(stateLink(*spec, state)) == unpinned);
}

/// What `mllab-cli lab` would print for each step, with a few numbers for checks to find.
std::vector<nlohmann::json> fakeOutputs(const Lesson& lesson)
{
    std::vector<nlohmann::json> outputs;
    for (const LessonStep& step : lesson.steps)
        outputs.push_back({{"lab", step.state.lab},
                           {"params", nlohmann::json::object()},
                           {"result", {{"auc_roc", 0.75}, {"ap", 0.5}, {"curve", {1, 2, 3}}}}});
    return outputs;
}

void checkLesson(const Lesson& lesson)
{
    FUZZ_CHECK(lessonProblem(lesson).empty());
    const nlohmann::json json = lessonJson(lesson);
    FUZZ_CHECK(lessonJson(readLessonText(json.dump(), "again.mllab-lesson")) == json);
    const std::vector<nlohmann::json> outputs = fakeOutputs(lesson);
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
        checkState(lesson.steps[i].state);
        if (!lesson.steps[i].prediction)
            continue;
        try {
            const StepOutcome outcome = explainStep(lesson.steps[i], outputs, i);
            FUZZ_CHECK(outcome.checks.size() == lesson.steps[i].prediction->checks.size());
        } catch (const InputError&) {
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        checkState(readLabLink(text));
    } catch (const InputError&) {
    }
    try {
        checkState(readLabStateText(text, "fuzz.mllab-state"));
    } catch (const InputError&) {
    }
    try {
        checkLesson(readLessonText(text, "fuzz.mllab-lesson"));
    } catch (const InputError&) {
    }
    return 0;
}
