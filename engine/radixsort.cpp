#include "engine/radixsort.h"

#include <algorithm>
#include <vector>

namespace mllab::detail {
namespace {

constexpr int kTopBits = 12;       // first, global pass: 4096 buckets
constexpr int kLocalBits = 8;      // later passes run inside one cache-sized bucket: 256 buckets
constexpr std::size_t kSmall = 48; // insertion sort below this
constexpr std::size_t kChunk = std::size_t(1) << 20;  // cancellation check every ~2 ms

void insertionSort(std::uint64_t* a, std::size_t n)
{
    for (std::size_t i = 1; i < n; ++i) {
        const std::uint64_t v = a[i];
        std::size_t j = i;
        while (j > 0 && a[j - 1] > v) {
            a[j] = a[j - 1];
            --j;
        }
        a[j] = v;
    }
}

/// Counting-sort scatter of from[0..n) into to[] by the digit (key >> shift) & mask.
template <int Bits>
void scatter(const std::uint64_t* from, std::uint64_t* to, std::size_t n, int shift,
             std::size_t* offsets)
{
    constexpr std::size_t buckets = std::size_t(1) << Bits;
    constexpr std::uint64_t mask = buckets - 1;
    std::fill(offsets, offsets + buckets, 0);
    for (std::size_t i = 0; i < n; ++i)
        ++offsets[(from[i] >> shift) & mask];
    std::size_t sum = 0;
    for (std::size_t b = 0; b < buckets; ++b) {
        const std::size_t c = offsets[b];
        offsets[b] = sum;
        sum += c;
    }
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t k = from[i];
        to[offsets[(k >> shift) & mask]++] = k;
    }
}

/// LSD passes of 8 bits over the low `bits` bits of a bucket small enough to stay in cache;
/// leaves the result in `a` (copying back after an odd number of passes).
void localSort(std::uint64_t* a, std::uint64_t* scratch, std::size_t n, int bits)
{
    if (n < kSmall) {
        insertionSort(a, n);
        return;
    }
    std::size_t offsets[std::size_t(1) << kLocalBits];
    std::uint64_t* from = a;
    std::uint64_t* to = scratch;
    for (int shift = 0; shift < bits; shift += kLocalBits) {
        scatter<kLocalBits>(from, to, n, shift, offsets);
        std::swap(from, to);
    }
    if (from != a)
        std::copy(from, from + n, a);
}

/// Sorts keys whose bits above `bits` are all equal: one MSD pass on the top 12 of the `bits`,
/// then every bucket on its own (recursively when it is still large).
void msdSort(std::uint64_t* keys, std::uint64_t* buffer, std::size_t n, int bits,
             const Progress& progress)
{
    if (bits <= 0 || n < 2)
        return;
    if (n <= std::size_t(1) << 14 || bits <= kTopBits) {
        localSort(keys, buffer, n, bits);
        return;
    }
    const int shift = bits - kTopBits;
    constexpr std::size_t buckets = std::size_t(1) << kTopBits;
    std::vector<std::size_t> offsets(buckets);
    if (n >= kChunk)
        progress.checkCancelled();
    scatter<kTopBits>(keys, buffer, n, shift, offsets.data());
    // offsets[b] now ends bucket b; the buckets lie in `buffer`, sorted into `keys`.
    std::size_t start = 0;
    std::size_t done = 0;
    for (std::size_t b = 0; b < buckets; ++b) {
        const std::size_t end = offsets[b];
        const std::size_t m = end - start;
        if (m > 0) {
            std::copy(buffer + start, buffer + end, keys + start);
            msdSort(keys + start, buffer + start, m, shift, progress);
        }
        done += m;
        if (done >= kChunk) {
            progress.checkCancelled();
            done = 0;
        }
        start = end;
    }
}

} // namespace

const std::uint64_t* radixSort(std::uint64_t* keys, std::uint64_t* buffer, std::size_t n,
                               const Progress& progress)
{
    if (n < 2)
        return keys;
    // Only the bits that differ between the smallest and the largest key need sorting.
    const auto [lo, hi] = std::minmax_element(keys, keys + n);
    const std::uint64_t base = *lo;
    const std::uint64_t range = *hi - base;
    if (range == 0)
        return keys;
    int bits = 64;
    while (bits > 0 && !((range >> (bits - 1)) & 1))
        --bits;
    for (std::size_t i = 0; i < n; ++i)
        keys[i] -= base;
    msdSort(keys, buffer, n, bits, progress);
    for (std::size_t i = 0; i < n; ++i)
        keys[i] += base;
    return keys;
}

} // namespace mllab::detail
