#include "engine/logits_json.h"

#include "engine/progress.h"

#include <nlohmann/json.hpp>

#include <limits>

namespace mllab {
namespace {

std::string jsonTypeName(const nlohmann::json& value)
{
    if (value.is_string())
        return "a string";
    if (value.is_boolean())
        return "a boolean";
    if (value.is_object())
        return "an object";
    if (value.is_array())
        return "an array";
    return value.type_name();
}

} // namespace

std::vector<double> parseLogitsJson(std::string_view text, const std::string& source)
{
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::exception& e) {
        throw InputError(source + " is not valid JSON: " + e.what());
    }
    if (!doc.is_object() || !doc.contains("logits"))
        throw InputError(source +
                         " has no \"logits\" array; expected {\"logits\": [2.0, 1.5, null, ...]}");
    const nlohmann::json& list = doc["logits"];
    if (!list.is_array())
        throw InputError("\"logits\" in " + source + " must be an array of numbers, got " +
                         jsonTypeName(list));
    std::vector<double> logits;
    logits.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        const nlohmann::json& v = list[i];
        if (v.is_null())
            logits.push_back(-std::numeric_limits<double>::infinity());
        else if (v.is_number())
            logits.push_back(v.get<double>());
        else
            throw InputError("logits[" + std::to_string(i) + "] in " + source + " is " +
                             jsonTypeName(v) + "; use a number, or null for -inf");
    }
    return logits;
}

} // namespace mllab
