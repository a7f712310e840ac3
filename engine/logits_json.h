#pragma once
// The logits file of `mllab-cli sample`: {"logits": [2.0, 1.5, null, ...]}, null meaning -inf.
// Parsed here, apart from the command, so that the parser can be tested and fuzzed on its own.

#include <string>
#include <string_view>
#include <vector>

namespace mllab {

/// The logits of `text`; InputError naming `source` and the problem (not JSON, no "logits"
/// array, an entry that is neither a number nor null).
std::vector<double> parseLogitsJson(std::string_view text, const std::string& source);

} // namespace mllab
