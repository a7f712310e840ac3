#pragma once
// exp of many non-positive arguments, vectorised: within 2 ulp of std::exp and several times
// faster. Each function has an AVX2 clone chosen at run time (a portable x86-64 build otherwise
// evaluates two doubles at a time). Arguments below -746 give 0, as std::exp rounds them.

#include <cstddef>

namespace mllab {

/// out[i] = exp((in[i] - shift) / temperature), for in[i] <= shift (-inf gives 0).
void expShifted(const float* in, double* out, std::size_t n, double shift, double temperature);
void expShifted(const double* in, double* out, std::size_t n, double shift, double temperature);

/// out[i] = exp(in[i] * scale), for in[i] * scale <= 0. `in` and `out` must not overlap.
void expScaled(const double* in, double* out, std::size_t n, double scale);

} // namespace mllab
