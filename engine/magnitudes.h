#pragma once
// The largest data values the engine accepts where it sums their squares, and the one check that
// refuses larger ones with a message naming the value and its row. A finite value can still
// overflow a variance, a least-squares loss or a float32 distance; refusing it where the data
// enters keeps such overflow from reaching the user as null or a silently wrong number.

#include <string>
#include <vector>

namespace mllab {

/// Values whose squares are summed in double precision (variances, least squares, PCA):
/// n·x² stays far below DBL_MAX for any n below 2^31.
constexpr double kMaxDoubleDataMagnitude = 1e100;
/// Values stored as float32 whose squared distances are summed (vector indexes): dim·x² stays
/// below FLT_MAX (3.4e38) for dim up to 2^20.
constexpr double kMaxFloatDataMagnitude = 1e15;

/// Throws InputError "<what> has the value V at row R; <purpose> accepts magnitudes up to L
/// (their squares must not overflow)" for the first finite value above `limit` (rows 1-based).
/// NaN and infinities are left to the caller's own finite check. `limit` is a power of ten.
void checkMagnitudes(const std::vector<double>& values, double limit, const std::string& what,
                     const std::string& purpose);

} // namespace mllab
