#pragma once
// The one way the engine parses JSON text a user gave (lab states, lessons, evaluation sets):
// every way the text can fail becomes an InputError, including the ones nlohmann-json reports
// as other exception types (a number beyond a double's range is out_of_range, not parse_error).

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace mllab {

/// The parsed text; InputError starting with `source`: "is truncated: its JSON ends early",
/// "is not <what>: its JSON is malformed at byte N", or "is not <what>: its number '1e400' is
/// beyond the range of a double".
nlohmann::json parseUserJson(std::string_view text, const std::string& source,
                             const std::string& what);

} // namespace mllab
