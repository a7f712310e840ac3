#include "engine/radixsort.h"

#include <algorithm>
#include <array>

namespace mllab::detail {
namespace {

constexpr std::size_t kSmall = 32; // insertion sort at or below this
constexpr int kMaxDigitBits = 11;  // 2048 buckets: counts stay in L1
constexpr std::size_t kCancelCheck = std::size_t(1) << 18;

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

/// Digit width for a group of n keys: about n / 8 buckets, between 16 and 2048.
int digitBitsFor(std::size_t n)
{
    return std::clamp(bitWidth(n) - 3, 4, kMaxDigitBits);
}

} // namespace

void sortKeys(std::uint64_t* keys, std::uint64_t* scratch, std::size_t n, int bits,
              const Progress& progress)
{
    std::array<std::size_t, (std::size_t(1) << kMaxDigitBits) + 1> start;
    while (bits > 0 && n > kSmall) {
        const int digitBits = std::min(bits, digitBitsFor(n));
        const int shift = bits - digitBits;
        const std::size_t buckets = std::size_t(1) << digitBits;
        const std::uint64_t mask = buckets - 1;
        std::fill(start.begin(), start.begin() + std::ptrdiff_t(buckets) + 1, 0);
        for (std::size_t i = 0; i < n; ++i)
            ++start[((keys[i] >> shift) & mask) + 1];
        bits = shift;
        if (*std::max_element(start.begin() + 1, start.begin() + std::ptrdiff_t(buckets) + 1) == n)
            continue; // every key has this digit: on to the next one, nothing moves
        for (std::size_t b = 0; b < buckets; ++b)
            start[b + 1] += start[b];
        std::array<std::size_t, std::size_t(1) << kMaxDigitBits> next;
        std::copy(start.begin(), start.begin() + std::ptrdiff_t(buckets), next.begin());
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint64_t k = keys[i];
            scratch[next[(k >> shift) & mask]++] = k;
        }
        std::copy(scratch, scratch + n, keys);
        if (n >= kCancelCheck)
            progress.checkCancelled();
        for (std::size_t b = 0; b < buckets; ++b) {
            const std::size_t size = start[b + 1] - start[b];
            if (size > 1)
                sortKeys(keys + start[b], scratch + start[b], size, bits, progress);
        }
        return;
    }
    if (bits > 0)
        insertionSort(keys, n);
}

} // namespace mllab::detail
