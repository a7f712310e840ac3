#include "engine/radixsort.h"

#include <algorithm>
#include <array>
#include <vector>

namespace mllab::detail {
namespace {

constexpr int kDigitBits = 11;
constexpr int kPasses = 6; // 6 x 11 bits cover 64
constexpr std::size_t kBuckets = std::size_t(1) << kDigitBits;
constexpr std::uint64_t kDigitMask = kBuckets - 1;
constexpr std::size_t kChunk = std::size_t(1) << 20; // cancellation check every ~2 ms

using Histograms = std::array<std::array<std::size_t, kBuckets>, kPasses>;

void countDigits(const std::uint64_t* keys, std::size_t n, Histograms& counts,
                 const Progress& progress)
{
    for (auto& h : counts)
        h.fill(0);
    for (std::size_t start = 0; start < n; start += kChunk) {
        progress.checkCancelled();
        const std::size_t end = std::min(n, start + kChunk);
        for (std::size_t i = start; i < end; ++i) {
            const std::uint64_t k = keys[i];
            for (int p = 0; p < kPasses; ++p)
                ++counts[p][(k >> (p * kDigitBits)) & kDigitMask];
        }
    }
}

} // namespace

const std::uint64_t* radixSort(std::uint64_t* keys, std::uint64_t* buffer, std::size_t n,
                               const Progress& progress)
{
    if (n < 512) {
        std::sort(keys, keys + n);
        return keys;
    }
    Histograms counts;
    countDigits(keys, n, counts, progress);
    std::uint64_t* from = keys;
    std::uint64_t* to = buffer;
    std::vector<std::size_t> offsets(kBuckets);
    for (int p = 0; p < kPasses; ++p) {
        const auto& h = counts[p];
        if (std::any_of(h.begin(), h.end(), [n](std::size_t c) { return c == n; }))
            continue; // every key has the same digit here: the pass would not move anything
        std::size_t sum = 0;
        for (std::size_t b = 0; b < kBuckets; ++b) {
            offsets[b] = sum;
            sum += h[b];
        }
        const int shift = p * kDigitBits;
        for (std::size_t start = 0; start < n; start += kChunk) {
            progress.checkCancelled();
            const std::size_t end = std::min(n, start + kChunk);
            for (std::size_t i = start; i < end; ++i) {
                const std::uint64_t k = from[i];
                to[offsets[(k >> shift) & kDigitMask]++] = k;
            }
        }
        std::swap(from, to);
    }
    return from;
}

} // namespace mllab::detail
