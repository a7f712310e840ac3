#pragma once
// Internal: radix sorting of doubles by their bit patterns, shared by the metrics that sort
// millions of scores. Not part of the public API (no app code includes it).

#include "engine/progress.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace mllab::detail {

/// Maps a finite double to an unsigned key with the same order; -0.0 and +0.0 share a key.
inline std::uint64_t sortKey(double value)
{
    value += 0.0; // turns -0.0 into +0.0, so ties between them stay ties
    std::uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return (bits & 0x8000000000000000ULL) ? ~bits : bits | 0x8000000000000000ULL;
}

inline double keyValue(std::uint64_t key)
{
    const std::uint64_t bits = (key & 0x8000000000000000ULL) ? key & ~0x8000000000000000ULL : ~key;
    double value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

/// Number of bits needed to write `range` (0 for 0).
inline int bitWidth(std::uint64_t range)
{
    return range == 0 ? 0 : 64 - __builtin_clzll(range);
}

/// Sorts keys[0..n) ascending in place; the keys agree on every bit above their lowest `bits`
/// bits (so only those are sorted by). `scratch` holds n entries.
/// Most-significant-digit first: each group is spread by its next digit (4 to 11 bits, sized so
/// that a group of n keys lands in buckets of a few keys) into `scratch` and back, then every
/// bucket is sorted on its own; small groups finish by insertion sort. A digit that every key
/// of a group shares is skipped without moving anything, so runs of ties cost one count per
/// digit. Large groups check `progress` for cancellation.
void sortKeys(std::uint64_t* keys, std::uint64_t* scratch, std::size_t n, int bits,
              const Progress& progress);

} // namespace mllab::detail
