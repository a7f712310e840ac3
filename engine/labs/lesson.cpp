#include "engine/labs/lesson.h"

#include "engine/csv.h"
#include "engine/json_text.h"
#include "engine/labs/registry.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <regex>

namespace mllab::labs {

namespace {

using nlohmann::json;

/// An InputError whose message says where in the lesson the problem is.
[[noreturn]] void refuse(const std::string& where, const std::string& problem)
{
    throw InputError(where.empty() ? problem : where + ": " + problem);
}

const json& member(const json& object, const char* key, const std::string& where)
{
    const auto it = object.find(key);
    if (it == object.end())
        refuse(where, std::string("\"") + key + "\" is missing");
    return *it;
}

std::string text(const json& object, const char* key, const std::string& where, bool required)
{
    const auto it = object.find(key);
    if (it == object.end()) {
        if (required)
            refuse(where, std::string("\"") + key + "\" is missing");
        return {};
    }
    if (!it->is_string())
        refuse(where, std::string(key) + " must be text, got " + it->dump());
    std::string value = it->get<std::string>();
    if (required && value.find_first_not_of(" \t\r\n") == std::string::npos)
        refuse(where, std::string(key) + " is empty");
    return value;
}

/// "step3:/result/ap" or "/result/ap": the step index (from 0) and the pointer.
struct Reference {
    std::size_t step = 0;
    json::json_pointer pointer;
};

std::optional<Reference> parseReference(const std::string& operand, std::size_t index)
{
    static const std::regex form(R"(^(?:step(\d+):)?(/.*)$)");
    std::smatch match;
    if (!std::regex_match(operand, match, form))
        return std::nullopt;
    Reference ref;
    std::size_t step = index + 1; // counted from 1, as written
    if (match[1].matched) {
        const std::string digits = match[1].str();
        // A number beyond size_t (from_chars reports it, std::stoul threw) is as wrong as any
        // other step after this one.
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), step);
        if (ec != std::errc() || step == 0 || step > index + 1)
            throw InputError("'" + operand +
                             "' must name this step or an earlier one (step1 to step" +
                             std::to_string(index + 1) + ")");
    }
    ref.step = step - 1;
    try {
        ref.pointer = json::json_pointer(match[2].str());
    } catch (const json::exception&) {
        throw InputError("'" + operand + "' is not a JSON pointer");
    }
    return ref;
}

const json& resolve(const Reference& ref, const std::vector<json>& outputs,
                    const std::string& operand)
{
    if (ref.step >= outputs.size() || !outputs[ref.step].contains(ref.pointer))
        throw InputError("'" + operand + "' points to nothing in what the lab shows (see " +
                         "mllab-cli lab for the names)");
    return outputs[ref.step].at(ref.pointer);
}

double plainNumber(const std::string& operand)
{
    std::size_t used = 0;
    double number = 0;
    try {
        number = std::stod(operand, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != operand.size())
        throw InputError("'" + operand + "' is neither a number nor a /pointer");
    return number;
}

double operandValue(const std::string& operand, const std::vector<json>& outputs,
                    std::size_t index)
{
    // "0.5*/result/ap": a factor times a value, for "falls by more than half".
    if (const auto star = operand.find("*/"); star != std::string::npos)
        return plainNumber(operand.substr(0, star)) *
               operandValue(operand.substr(star + 1), outputs, index);
    if (const auto star = operand.find("*step"); star != std::string::npos)
        return plainNumber(operand.substr(0, star)) *
               operandValue(operand.substr(star + 1), outputs, index);
    if (const auto ref = parseReference(operand, index)) {
        const json& value = resolve(*ref, outputs, operand);
        if (value.is_boolean())
            return value.get<bool>() ? 1.0 : 0.0;
        if (!value.is_number())
            throw InputError("'" + operand + "' is " + value.dump() + ", not a number");
        return value.get<double>();
    }
    return plainNumber(operand);
}

struct CheckParts {
    std::string left, op, right;
};

CheckParts splitCheck(const std::string& check)
{
    static const std::regex form(R"(^\s*(\S+)\s*(<=|>=|==|!=|<|>)\s*(\S+)\s*$)");
    std::smatch match;
    if (!std::regex_match(check, match, form))
        throw InputError("check '" + check + "' must read 'A OP B' with OP one of < <= > >= == !=");
    return {match[1].str(), match[2].str(), match[3].str()};
}

bool compare(double left, const std::string& op, double right)
{
    if (op == "<")
        return left < right;
    if (op == "<=")
        return left <= right;
    if (op == ">")
        return left > right;
    if (op == ">=")
        return left >= right;
    if (op == "==")
        return left == right;
    return left != right;
}

std::string shown(const json& value)
{
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_boolean())
        return value.get<bool>() ? "true" : "false";
    if (value.is_number_integer())
        return std::to_string(value.get<long long>());
    if (value.is_number()) {
        // Three significant digits, without an exponent where people read plain numbers
        // (0.000123 to 9,999,999): "0.0515", "56.8", "3467", "10".
        const double v = value.get<double>();
        std::array<char, 32> buffer{};
        const double magnitude = std::abs(v);
        if (magnitude >= 1e3 && magnitude < 1e7 && v != std::floor(v)) {
            // 1099572.4 -> "1100000": three significant digits before the point too.
            const double unit = std::pow(10.0, std::floor(std::log10(magnitude)) - 2);
            std::snprintf(buffer.data(), buffer.size(), "%.0f", std::round(v / unit) * unit);
        } else if (magnitude >= 1e-4 && magnitude < 1e7) {
            const int decimals = v == std::floor(v) // a whole number reads as one: "10", not "10.0"
                                     ? 0
                                     : std::max(0, 2 - int(std::floor(std::log10(magnitude))));
            std::snprintf(buffer.data(), buffer.size(), "%.*f", decimals, v);
        } else {
            std::snprintf(buffer.data(), buffer.size(), "%.3g", v);
        }
        return buffer.data();
    }
    return value.dump();
}

void checkOperandSyntax(const std::string& operand, std::size_t index)
{
    std::size_t star = operand.find("*/");
    if (star == std::string::npos)
        star = operand.find("*step");
    if (star != std::string::npos) {
        plainNumber(operand.substr(0, star));
        checkOperandSyntax(operand.substr(star + 1), index);
    } else if (!parseReference(operand, index)) {
        plainNumber(operand);
    }
}

/// Checks the placeholders' and checks' syntax (not their targets, which need the outputs).
void validateReferences(const LessonPrediction& p, std::size_t index, const std::string& where)
{
    static const std::regex placeholder(R"(\{([^{}]*)\})");
    for (auto it = std::sregex_iterator(p.explanation.begin(), p.explanation.end(), placeholder);
         it != std::sregex_iterator(); ++it) {
        try {
            if (!parseReference((*it)[1].str(), index))
                refuse(where + ": predict.explanation",
                       "placeholder {" + (*it)[1].str() + "} must be a /pointer or stepN:/pointer");
        } catch (const InputError& e) {
            if (std::string(e.what()).rfind(where, 0) == 0)
                throw;
            refuse(where + ": predict.explanation", e.what());
        }
    }
    for (std::size_t c = 0; c < p.checks.size(); ++c) {
        try {
            const CheckParts parts = splitCheck(p.checks[c]);
            for (const std::string* operand : {&parts.left, &parts.right})
                checkOperandSyntax(*operand, index);
        } catch (const InputError& e) {
            refuse(where + ": predict.checks[" + std::to_string(c) + "]", e.what());
        }
    }
}

LessonPrediction readPrediction(const json& p, std::size_t index, const std::string& step)
{
    const std::string where = step + ": predict";
    if (!p.is_object())
        refuse(where, "must be an object with question, choices, answer and explanation");
    LessonPrediction prediction;
    prediction.question = text(p, "question", where, true);
    const json& choices = member(p, "choices", where);
    if (!choices.is_array() || choices.size() < 2 || choices.size() > 4)
        refuse(where, "choices must be a list of 2 to 4 answers");
    for (std::size_t c = 0; c < choices.size(); ++c) {
        if (!choices[c].is_string() || choices[c].get<std::string>().empty())
            refuse(where, "choice " + std::to_string(c + 1) + " must be non-empty text");
        prediction.choices.push_back(choices[c].get<std::string>());
    }
    const json& answer = member(p, "answer", where);
    const int last = int(prediction.choices.size()) - 1;
    // The index of the right choice, or the right choice's text.
    if (answer.is_string()) {
        const auto it = std::find(prediction.choices.begin(), prediction.choices.end(),
                                  answer.get<std::string>());
        if (it == prediction.choices.end())
            refuse(where, "answer " + answer.dump() + " is not one of the choices");
        prediction.answer = int(it - prediction.choices.begin());
    } else if (!answer.is_number_integer() || answer.get<long long>() < 0 ||
               answer.get<long long>() > last) {
        refuse(where, "answer must index choices (0 to " + std::to_string(last) + "), got " +
                          answer.dump());
    } else {
        prediction.answer = answer.get<int>();
    }
    prediction.explanation = text(p, "explanation", where, true);
    if (const auto checks = p.find("checks"); checks != p.end()) {
        if (!checks->is_array())
            refuse(where, "checks must be a list of 'A OP B' texts");
        for (const json& check : *checks) {
            if (!check.is_string())
                refuse(where, "every check must be text, got " + check.dump());
            prediction.checks.push_back(check.get<std::string>());
        }
    }
    validateReferences(prediction, index, step);
    return prediction;
}

LessonStep readStep(const json& s, std::size_t index)
{
    const std::string where = "step " + std::to_string(index + 1);
    if (!s.is_object())
        refuse(where, "must be an object with title, state and optionally notes and predict");
    LessonStep step;
    step.title = text(s, "title", where, true);
    step.notes = text(s, "notes", where, false);
    try {
        step.state = stateFromJson(member(s, "state", where), &findLabSpec);
    } catch (const InputError& e) {
        if (std::string(e.what()).rfind(where, 0) == 0)
            throw;
        refuse(where + ": state", e.what());
    }
    auto p = s.find("predict");
    if (p == s.end())
        p = s.find("prediction"); // an early name of the field, still read
    if (p != s.end() && !p->is_null())
        step.prediction = readPrediction(*p, index, where);
    return step;
}

Lesson readLessonJson(const json& root)
{
    if (!root.is_object())
        refuse("", "not a lesson: the file must hold a JSON object");
    // A json default: value() with a string default throws when "format" holds another type.
    if (root.value("format", json()) != "mllab-lesson")
        refuse("", "not a lesson: \"format\" must be \"mllab-lesson\"");
    const json& version = member(root, "version", "");
    if (!version.is_number_integer() || version.get<long long>() < 1)
        refuse("", "version must be a whole number from 1, got " + version.dump());
    if (version.get<long long>() > kLessonVersion)
        refuse("", "written by a newer MLLab (lesson version " + version.dump() +
                       "; this one reads version " + std::to_string(kLessonVersion) + ")");
    Lesson lesson;
    lesson.title = text(root, "title", "", true);
    const json& steps = member(root, "steps", "");
    if (!steps.is_array() || steps.empty())
        refuse("", "steps must be a non-empty list");
    for (std::size_t i = 0; i < steps.size(); ++i)
        lesson.steps.push_back(readStep(steps[i], i));
    return lesson;
}

} // namespace

Lesson readLessonText(std::string_view text, const std::string& source)
{
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        throw InputError(source + " is empty: a lesson is a JSON object");
    const json root = parseUserJson(text, source, "a lesson");
    try {
        return readLessonJson(root);
    } catch (const InputError& e) {
        throw InputError(source + ": " + e.what());
    }
}

Lesson readLessonFile(const std::string& path)
{
    return readLessonText(readTextFile(path), path);
}

nlohmann::json lessonJson(const Lesson& lesson)
{
    json steps = json::array();
    for (const LessonStep& step : lesson.steps) {
        const LabSpec* spec = findLabSpec(step.state.lab);
        json s{{"title", step.title},
               {"notes", step.notes},
               {"state", spec ? stateJson(*spec, step.state) : json()}};
        if (step.prediction) {
            const LessonPrediction& p = *step.prediction;
            s["predict"] = {{"question", p.question},
                            {"choices", p.choices},
                            {"answer", p.answer},
                            {"explanation", p.explanation},
                            {"checks", p.checks}};
        }
        steps.push_back(std::move(s));
    }
    return {{"format", "mllab-lesson"},
            {"version", kLessonVersion},
            {"title", lesson.title},
            {"steps", std::move(steps)}};
}

std::string lessonProblem(const Lesson& lesson)
{
    try {
        readLessonJson(lessonJson(lesson));
        return {};
    } catch (const InputError& e) {
        return e.what();
    }
}

std::string fillPlaceholders(const std::string& text, const std::vector<json>& outputs,
                             std::size_t index)
{
    static const std::regex placeholder(R"(\{([^{}]*)\})");
    std::string filled;
    auto last = text.cbegin();
    for (auto it = std::sregex_iterator(text.begin(), text.end(), placeholder);
         it != std::sregex_iterator(); ++it) {
        filled.append(last, (*it)[0].first);
        const std::string operand = (*it)[1].str();
        const auto ref = parseReference(operand, index);
        filled += ref ? shown(resolve(*ref, outputs, operand)) : (*it)[0].str();
        last = (*it)[0].second;
    }
    filled.append(last, text.cend());
    return filled;
}

CheckOutcome evaluateCheck(const std::string& check, const std::vector<json>& outputs,
                           std::size_t index)
{
    const CheckParts parts = splitCheck(check);
    CheckOutcome outcome;
    outcome.check = check;
    outcome.left = operandValue(parts.left, outputs, index);
    outcome.right = operandValue(parts.right, outputs, index);
    outcome.holds = compare(outcome.left, parts.op, outcome.right);
    return outcome;
}

StepOutcome explainStep(const LessonStep& step, const std::vector<json>& outputs, std::size_t index)
{
    StepOutcome outcome;
    if (!step.prediction)
        return outcome;
    for (const std::string& check : step.prediction->checks)
        outcome.checks.push_back(evaluateCheck(check, outputs, index));
    outcome.explanation = fillPlaceholders(step.prediction->explanation, outputs, index);
    return outcome;
}

std::vector<StepOutcome> playLesson(const Lesson& lesson, const StepRunner& run,
                                    const Progress& progress)
{
    std::vector<json> outputs;
    std::vector<StepOutcome> outcomes;
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
        const LessonStep& step = lesson.steps[i];
        const std::string where = "step " + std::to_string(i + 1);
        try {
            outputs.push_back(run(step.state, progress));
            StepOutcome outcome = explainStep(step, outputs, i);
            outcome.output = outputs.back();
            outcomes.push_back(std::move(outcome));
        } catch (const InputError& e) {
            throw InputError(where + " (" + step.state.lab + "): " + e.what());
        }
    }
    return outcomes;
}

} // namespace mllab::labs
