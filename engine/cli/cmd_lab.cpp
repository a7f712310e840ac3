// mllab-cli lab ID [--set key=value ...] [--describe] [--progress]: a lab's pipeline from the
// shell, validated by the same declaration as the app's forms, links and state files.
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/labs/lesson.h"
#include "engine/labs/registry.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>
#include <memory>
#include <mutex>
#include <ostream>

namespace mllab::cli {

namespace {

struct LabCall {
    const labs::LabSpec* spec = nullptr;
    labs::LabState state;
    bool describe = false;
    bool progress = false; ///< progress lines on stderr
};

std::string knownLabs()
{
    std::string ids;
    for (const labs::LabSpec* s : labs::allLabSpecs())
        ids += (ids.empty() ? "" : ", ") + s->id;
    return ids;
}

/// argv: mllab-cli lab ID [--describe] [--progress] [--set k=v | --set=k=v]...
LabCall parseLabCall(const std::vector<std::string>& argv)
{
    if (argv.size() < 3 || argv[2].rfind("--", 0) == 0)
        throw UsageError("name a lab: one of " + knownLabs());
    LabCall call;
    call.spec = labs::findLabSpec(argv[2]);
    if (!call.spec)
        throw UsageError("unknown lab '" + argv[2] + "' (known: " + knownLabs() + ")");
    call.state = labs::defaultState(*call.spec);
    for (std::size_t i = 3; i < argv.size(); ++i) {
        std::string setting;
        if (argv[i] == "--describe") {
            call.describe = true;
            continue;
        } else if (argv[i] == "--progress") {
            call.progress = true;
            continue;
        } else if (argv[i] == "--set") {
            if (++i >= argv.size())
                throw UsageError("option --set needs KEY=VALUE");
            setting = argv[i];
        } else if (argv[i].rfind("--set=", 0) == 0) {
            setting = argv[i].substr(6);
        } else {
            throw UsageError("unknown option " + argv[i]);
        }
        const auto eq = setting.find('=');
        if (eq == std::string::npos)
            throw UsageError("--set needs KEY=VALUE, got '" + setting + "'");
        if (auto bad = labs::setFromText(*call.spec, call.state, setting.substr(0, eq),
                                         setting.substr(eq + 1)))
            throw UsageError(labs::problemText(*bad));
    }
    return call;
}

/// Progress that writes {"progress": fraction, "message": text} lines to stderr, at most one a
/// second (the first at once), so that a long run from the shell shows it is moving.
Progress stderrProgress()
{
    struct Clock {
        std::mutex mutex;
        std::chrono::steady_clock::time_point last{};
    };
    auto clock = std::make_shared<Clock>();
    Progress progress;
    progress.report = [clock](double fraction, const std::string& message) {
        const std::lock_guard<std::mutex> lock(clock->mutex);
        const auto now = std::chrono::steady_clock::now();
        if (clock->last != std::chrono::steady_clock::time_point{} &&
            now - clock->last < std::chrono::seconds(1))
            return;
        clock->last = now;
        std::cerr << nlohmann::json{{"progress", fraction}, {"message", message}}.dump(
                         -1, ' ', false, nlohmann::json::error_handler_t::replace)
                  << std::endl;
    };
    return progress;
}

int printLab(const LabCall& call, labs::LabRunner runner, std::ostream& out)
{
    if (call.describe) {
        printJson(out, labs::describeJson(*call.spec));
        return 0;
    }
    printJson(out,
              labs::labOutput(call.state, runner, call.progress ? stderrProgress() : Progress{}));
    return 0;
}

nlohmann::json predictionJson(const labs::LessonPrediction& p, const labs::StepOutcome& outcome)
{
    nlohmann::json checks = nlohmann::json::array();
    for (const labs::CheckOutcome& c : outcome.checks)
        checks.push_back(
            {{"check", c.check}, {"holds", c.holds}, {"left", c.left}, {"right", c.right}});
    return {{"question", p.question},
            {"answer", p.choices[std::size_t(p.answer)]},
            {"explanation", outcome.explanation},
            {"checks", std::move(checks)}};
}

/// The first check that does not hold, as a message naming its step, or "".
std::string failedCheck(const std::vector<labs::StepOutcome>& outcomes)
{
    for (std::size_t i = 0; i < outcomes.size(); ++i)
        for (const labs::CheckOutcome& c : outcomes[i].checks)
            if (!c.holds)
                return "step " + std::to_string(i + 1) + ": check '" + c.check +
                       "' does not hold (" + nlohmann::json(c.left).dump() + " against " +
                       nlohmann::json(c.right).dump() + ")";
    return {};
}

} // namespace

int runLabCommand(const std::vector<std::string>& argv, std::ostream& out,
                  labs::LabRunner (*runnerFor)(std::string_view))
{
    const LabCall call = parseLabCall(argv);
    const labs::LabRunner runner = runnerFor(call.spec->id);
    if (!call.describe && !runner)
        return kRunInTorchHelper;
    return printLab(call, runner, out);
}

int runLabWithoutTorch(const std::vector<std::string>& argv, std::ostream& out)
{
    return runLabCommand(argv, out, &labs::torchFreeLabRunner);
}

int runLessonCommand(const std::vector<std::string>& argv, std::ostream& out,
                     labs::LabRunner (*runnerFor)(std::string_view))
{
    if (argv.size() != 3 || argv[2].rfind("--", 0) == 0)
        throw UsageError("lesson takes one argument: the lesson file (*.mllab-lesson)");
    const labs::Lesson lesson = labs::readLessonFile(argv[2]);
    for (const labs::LessonStep& step : lesson.steps)
        if (!runnerFor(step.state.lab))
            return kRunInTorchHelper;
    const auto outcomes = labs::playLesson(
        lesson, [runnerFor](const labs::LabState& state, const Progress& progress) {
            return labs::labOutput(state, runnerFor(state.lab), progress);
        });
    nlohmann::json steps = nlohmann::json::array();
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        nlohmann::json step = outcomes[i].output;
        step["title"] = lesson.steps[i].title;
        if (const auto& p = lesson.steps[i].prediction)
            step["prediction"] = predictionJson(*p, outcomes[i]);
        steps.push_back(std::move(step));
    }
    const std::string failure = failedCheck(outcomes);
    printJson(out, nlohmann::json{{"title", lesson.title},
                                  {"checks_hold", failure.empty()},
                                  {"steps", steps}});
    if (!failure.empty())
        throw InputError(argv[2] + ": " + failure);
    return 0;
}

int runLessonWithoutTorch(const std::vector<std::string>& argv, std::ostream& out)
{
    return runLessonCommand(argv, out, &labs::torchFreeLabRunner);
}

CommandHelp lessonHelp()
{
    return {"Plays a lesson (*.mllab-lesson) headless: runs every step's lab state through the "
            "lab's pipeline, fills the explanations' {/pointer} placeholders and evaluates each "
            "prediction's checks. Prints {\"title\", \"checks_hold\", \"steps\": [{\"lab\", "
            "\"params\", \"result\", \"title\", \"prediction\"}]}; exits 1 naming the step when "
            "the file is invalid or a check does not hold.",
            {}};
}

CommandHelp labHelp()
{
    return {"Runs a lab's pipeline for a lab state and prints the numbers the lab shows: "
            "{\"lab\", \"params\", \"result\"}. The parameters, their ranges and defaults are the "
            "app's (see --describe); a bad value is refused with the app's message. Labs: " +
                knownLabs() + ".",
            {{"",
              {{"--set KEY=VALUE", "set one parameter; repeatable"},
               {"--describe", "print the lab's parameter declaration instead"},
               {"--progress", "write {\"progress\", \"message\"} lines to stderr while it runs, "
                              "at most one a second"}}}}};
}

} // namespace mllab::cli
