#pragma once
// Internal: LSD radix sort of doubles by their bit patterns, shared by the metrics that sort
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

/// Sorts keys[0..n) ascending using `buffer` (n entries) as scratch; returns the array that holds
/// the sorted keys. Only the bits in which the keys differ are sorted: one most-significant-digit
/// pass of 12 bits over the whole array spreads the keys into 4096 buckets, then each bucket,
/// small enough to stay in cache, is sorted by 8-bit least-significant-digit passes (recursing
/// while a bucket is still large). Checks `progress` for cancellation between chunks of work.
const std::uint64_t* radixSort(std::uint64_t* keys, std::uint64_t* buffer, std::size_t n,
                               const Progress& progress);

} // namespace mllab::detail
