#include "engine/json_text.h"

#include "engine/progress.h"

namespace mllab {

nlohmann::json parseUserJson(std::string_view text, const std::string& source,
                             const std::string& what)
{
    try {
        return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        const bool truncated = e.byte >= text.size();
        throw InputError(source + (truncated
                                       ? " is truncated: its JSON ends early"
                                       : " is not " + what + ": its JSON is malformed at byte " +
                                             std::to_string(e.byte)));
    } catch (const nlohmann::json::exception& e) {
        // out_of_range.406: "number overflow parsing '1e400'"; the quoted number is the problem.
        const std::string message = e.what();
        const std::size_t quote = message.find('\'');
        const std::string number =
            quote == std::string::npos ? std::string() : message.substr(quote);
        throw InputError(source + " is not " + what + ": its number " + number +
                         " is beyond the range of a double");
    }
}

} // namespace mllab
