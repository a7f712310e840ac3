#pragma once
// The shared numeric comparison of every test: |actual - expected| <= rel * |expected|, with an
// absolute floor of `rel` when expected is 0 (so 1e-12 "equals" 0 at rel 1e-9... only if <= 1e-9).

#include <cmath>

inline bool fuzzyCompare(double actual, double expected, double rel)
{
    if (actual == expected)
        return true;  // also covers equal infinities
    if (std::isnan(actual) || std::isnan(expected))
        return std::isnan(actual) && std::isnan(expected);
    const double scale = expected == 0.0 ? 1.0 : std::abs(expected);
    return std::abs(actual - expected) <= rel * scale;
}
