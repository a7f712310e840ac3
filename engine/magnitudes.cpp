#include "engine/magnitudes.h"

#include "engine/progress.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace mllab {

void checkMagnitudes(const std::vector<double>& values, double limit, const std::string& what,
                     const std::string& purpose)
{
    const auto big = std::find_if(values.begin(), values.end(), [limit](double v) {
        return std::isfinite(v) && std::abs(v) > limit;
    });
    if (big == values.end())
        return;
    std::ostringstream text;
    text << what << " has the value " << *big << " at row " << (big - values.begin() + 1) << "; "
         << purpose << " accepts magnitudes up to 1e" << std::lround(std::log10(limit))
         << " (their squares must not overflow)";
    throw InputError(text.str());
}

} // namespace mllab
