#include "engine/sampling.h"
#include "engine/simd_clones.h"

#include "engine/limits.h"

#include "engine/fastexp.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <immintrin.h>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <type_traits>

namespace mllab {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kTopPTolerance = 1e-12;
constexpr int kMaxDraws = int(limits::kMaxDraws);
constexpr std::size_t kChunk = std::size_t(1) << 20; // tokens between cancellation checks

std::string show(double v)
{
    std::ostringstream out;
    out.precision(10);
    out << v;
    return out.str();
}

// ---------------------------------------------------------------------------------------------
// Sums and scans run in lanes held in 32-byte GCC vectors (one AVX2 register, or two SSE2 ones in
// the default clone; wider vectors are lowered badly) and fold in a fixed order: no long dependency
// chain, and the same result on every machine whichever clone runs.

template <class T> using Vec32 __attribute__((vector_size(32))) = T;
using Double4 = Vec32<double>;

/// Eight double lanes a0..a3, b0..b3 folded pairwise.
inline double foldLanes(const Double4& a, const Double4& b)
{
    return ((a[0] + a[1]) + (a[2] + a[3])) + ((b[0] + b[1]) + (b[2] + b[3]));
}

inline __attribute__((always_inline)) double laneSumBody(const double* w, std::size_t n)
{
    Double4 a = {};
    Double4 b = {};
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        Double4 va, vb;
        std::memcpy(&va, w + i, sizeof va);
        std::memcpy(&vb, w + i + 4, sizeof vb);
        a += va;
        b += vb;
    }
    double tail = 0; // kept out of the lanes: indexing a lane would force them to memory
    for (; i < n; ++i)
        tail += w[i];
    return foldLanes(a, b) + tail;
}

MLLAB_AVX2_CLONES double laneSum(const double* w, std::size_t n)
{
    return laneSumBody(w, n);
}

constexpr std::size_t kBlock = 64; // tokens per block of the running sums used by draws

/// Per block of 64 tokens: bases[b] = total weight of the blocks before b (bases[blocks] = total
/// weight) and maxima[b] = the block's largest weight.
MLLAB_AVX2_CLONES void blockStats(const double* w, std::size_t n, double* bases, double* maxima)
{
    bases[0] = 0.0;
    for (std::size_t start = 0, b = 0; start < n; start += kBlock, ++b) {
        const std::size_t end = std::min(n, start + kBlock);
        Double4 sumA = {}, sumB = {}, topA = {}, topB = {};
        std::size_t i = start;
        for (; i + 8 <= end; i += 8) {
            Double4 va, vb;
            std::memcpy(&va, w + i, sizeof va);
            std::memcpy(&vb, w + i + 4, sizeof vb);
            sumA += va;
            sumB += vb;
            topA = va > topA ? va : topA;
            topB = vb > topB ? vb : topB;
        }
        double tailSum = 0;
        double tailMax = 0;
        for (; i < end; ++i) {
            tailSum += w[i];
            tailMax = std::max(tailMax, w[i]);
        }
        bases[b + 1] = bases[b] + (foldLanes(sumA, sumB) + tailSum);
        const Double4 top = topA > topB ? topA : topB;
        maxima[b] = std::max(std::max(std::max(top[0], top[1]), std::max(top[2], top[3])), tailMax);
    }
}

/// Largest value (NaN ignored) and whether NaN or +inf may be present.
template <class T>
inline __attribute__((always_inline)) void scanLanesBody(const T* logits, std::size_t n, T& max,
                                                         bool& suspicious)
{
    using Vec = Vec32<T>;
    constexpr std::size_t kLanes = sizeof(Vec) / sizeof(T);
    constexpr T inf = std::numeric_limits<T>::infinity();
    Vec topA = Vec{} - inf, topB = Vec{} - inf;
    Vec sumA = {}, sumB = {}; // NaN anywhere makes a lane sum NaN; +inf makes it +inf or NaN
    std::size_t i = 0;
    for (; i + 2 * kLanes <= n; i += 2 * kLanes) {
        Vec va, vb;
        std::memcpy(&va, logits + i, sizeof va);
        std::memcpy(&vb, logits + i + kLanes, sizeof vb);
        topA = va > topA ? va : topA;
        topB = vb > topB ? vb : topB;
        sumA += va;
        sumB += vb;
    }
    max = -inf;
    T tailSum = 0;
    for (; i < n; ++i) {
        max = logits[i] > max ? logits[i] : max;
        tailSum += logits[i];
    }
    suspicious = std::isnan(tailSum) || tailSum == inf;
    for (std::size_t j = 0; j < kLanes; ++j) {
        max = std::max({max, T(topA[j]), T(topB[j])});
        const T s = sumA[j] + sumB[j];
        suspicious = suspicious || std::isnan(s) || s == inf;
    }
}

MLLAB_AVX2_CLONES void scanLanes(const float* logits, std::size_t n, float& max, bool& suspicious)
{
    scanLanesBody(logits, n, max, suspicious);
}

MLLAB_AVX2_CLONES void scanLanes(const double* logits, std::size_t n, double& max, bool& suspicious)
{
    scanLanesBody(logits, n, max, suspicious);
}

/// Writes the ids i with w[i] >= threshold, ascending, to ids (room for n + 1); returns how many.
/// Skips the blocks whose maximum falls short; branch-free inside the others.
std::size_t idsAtLeast(const double* w, std::size_t n, const double* blockMaxima, double threshold,
                       int* ids)
{
    std::size_t count = 0;
    for (std::size_t start = 0, b = 0; start < n; start += kBlock, ++b) {
        if (blockMaxima[b] < threshold)
            continue;
        for (std::size_t i = start; i < std::min(n, start + kBlock); ++i) {
            ids[count] = int(i);
            count += w[i] >= threshold ? 1 : 0;
        }
    }
    return count;
}

// ---------------------------------------------------------------------------------------------
// A rough pass for the decoders' top-p draw: every weight in float, eight at a time, only to bound
// the total mass and to find the tokens that can be in the nucleus. The exact weights of those few
// tokens are then computed as the full pipeline computes them.

/// What roughMassAvx2() found about the tokens that are not candidates (the tail): their total
/// weight, within `error` of the sum of their exact weights exp((l_i - max) / T).
struct RoughMass {
    double tailMass = 0;
    double error = 0;
    double headMass = 0;        ///< the candidates' rough weights summed in float: an estimate
    std::size_t candidates = 0; ///< ids written
};

constexpr float kRoughFloor = -87.0f; // exp(-87) is a normal float; arguments below are clamped

/// 8 arguments x = (l - max) / T in float, from float or double logits (x <= 0; -inf stays -inf).
template <class T>
__attribute__((target("avx2,fma"))) inline __m256 roughArguments(const T* l, __m256 max8,
                                                                 __m256d max4, __m256 invT8)
{
    if constexpr (std::is_same_v<T, float>) {
        (void)max4;
        return _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(l), max8), invT8);
    } else {
        (void)max8;
        const __m128 a = _mm256_cvtpd_ps(_mm256_sub_pd(_mm256_loadu_pd(l), max4));
        const __m128 b = _mm256_cvtpd_ps(_mm256_sub_pd(_mm256_loadu_pd(l + 4), max4));
        return _mm256_mul_ps(_mm256_set_m128(b, a), invT8);
    }
}

/// Writes the ids with x_i >= candidateArg, x_i = (l_i - max) / T computed in float, ascending, to
/// ids (room for n + 8), and sums the other tokens' w_i = exp(x_i), computed in float (x clamped at
/// kRoughFloor; 2^f by a degree-6 Taylor polynomial on [-1/2, 1/2], 2^n from bits), in double.
///
/// Error bound. x is off by at most 3 float roundings (5 counting the product by log2 e), so each
/// weight is off by at most |x| 2^-21 relative from the argument; the polynomial (truncation
/// 1.2e-7) and its roundings add at most 2^-20 relative (2.4e-7 measured over [-87, 0]); a clamped
/// token adds at most exp(-87) < 2^-125 absolute. The returned error is 1.25 times the sum of these
/// bounds over the tail.
template <class T>
__attribute__((target("avx2,fma"))) RoughMass
roughMassAvx2(const T* logits, std::size_t n, double max, float invT, float candidateArg, int* ids)
{
    const __m256 max8 = _mm256_set1_ps(float(max));
    const __m256d max4 = _mm256_set1_pd(max);
    const __m256 invT8 = _mm256_set1_ps(invT);
    const __m256 floor8 = _mm256_set1_ps(kRoughFloor);
    const __m256 cand8 = _mm256_set1_ps(candidateArg);
    const __m256 log2e = _mm256_set1_ps(1.44269504088896341f);
    const __m256 magic =
        _mm256_set1_ps(0x1.8p23f); // adding it rounds to an integer in the low bits
    const __m256i magicBits = _mm256_castps_si256(magic);
    const __m256i bias = _mm256_set1_epi32(127);
    // (ln 2)^k / k!, k = 0..6: 2^f = e^(f ln 2) for |f| <= 1/2.
    const __m256 c1 = _mm256_set1_ps(0.693147180559945309f);
    const __m256 c2 = _mm256_set1_ps(0.240226506959100712f);
    const __m256 c3 = _mm256_set1_ps(0.0555041086648215800f);
    const __m256 c4 = _mm256_set1_ps(0.00961812910762847717f);
    const __m256 c5 = _mm256_set1_ps(0.00133335581464284434f);
    const __m256 c6 = _mm256_set1_ps(0.000154035303933816099f);
    const __m256 one = _mm256_set1_ps(1.0f);
    __m256d sumA = _mm256_setzero_pd();
    __m256d sumB = _mm256_setzero_pd();
    __m256 spread = _mm256_setzero_ps(); // sum of w |x|, for the error bound
    __m256 head = _mm256_setzero_ps();
    std::size_t count = 0;
    T tail[8];
    for (std::size_t i = 0; i < n; i += 8) {
        const T* l = logits + i;
        if (i + 8 > n) { // the last few tokens, padded with -inf (clamped, counted in the bound)
            std::fill(std::begin(tail), std::end(tail), -std::numeric_limits<T>::infinity());
            std::copy(logits + i, logits + n, tail);
            l = tail;
        }
        __m256 x = _mm256_max_ps(roughArguments(l, max8, max4, invT8), floor8);
        const __m256 isCandidate = _mm256_cmp_ps(x, cand8, _CMP_GE_OQ);
        unsigned mask = unsigned(_mm256_movemask_ps(isCandidate));
        while (mask != 0) {
            const std::size_t id = i + std::size_t(__builtin_ctz(mask));
            ids[count] = int(id);
            count += id < n ? 1 : 0;
            mask &= mask - 1;
        }
        const __m256 t = _mm256_mul_ps(x, log2e);
        const __m256 kd = _mm256_add_ps(t, magic);
        const __m256 f = _mm256_sub_ps(t, _mm256_sub_ps(kd, magic)); // in [-1/2, 1/2], exact
        __m256 p = _mm256_fmadd_ps(c6, f, c5);
        p = _mm256_fmadd_ps(p, f, c4);
        p = _mm256_fmadd_ps(p, f, c3);
        p = _mm256_fmadd_ps(p, f, c2);
        p = _mm256_fmadd_ps(p, f, c1);
        p = _mm256_fmadd_ps(p, f, one);
        const __m256i k = _mm256_sub_epi32(_mm256_castps_si256(kd), magicBits); // -126 .. 0
        const __m256 scale = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(k, bias), 23));
        const __m256 all = _mm256_mul_ps(p, scale);
        const __m256 w = _mm256_andnot_ps(isCandidate, all); // the tail's weights
        head = _mm256_add_ps(head, _mm256_and_ps(isCandidate, all));
        sumA = _mm256_add_pd(sumA, _mm256_cvtps_pd(_mm256_castps256_ps128(w)));
        sumB = _mm256_add_pd(sumB, _mm256_cvtps_pd(_mm256_extractf128_ps(w, 1)));
        spread = _mm256_fnmadd_ps(w, x, spread);
    }
    alignas(32) double a[4], b[4];
    alignas(32) float s[8], h[8];
    _mm256_store_ps(h, head);
    _mm256_store_pd(a, sumA);
    _mm256_store_pd(b, sumB);
    _mm256_store_ps(s, spread);
    RoughMass r;
    r.tailMass = ((a[0] + a[1]) + (a[2] + a[3])) + ((b[0] + b[1]) + (b[2] + b[3]));
    double spreadSum = 0;
    for (int k = 0; k < 8; ++k) {
        spreadSum += double(s[k]);
        r.headMass += double(h[k]);
    }
    // The float lane sums of w |x| are themselves off by at most 8,000 roundings: x1.25 covers it.
    r.error = 1.25 * (0x1p-21 * spreadSum + 0x1p-20 * r.tailMass) + double(n + 8) * 0x1p-120;
    r.candidates = count;
    return r;
}

bool hasAvx2Fma()
{
    static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return has;
}

// ---------------------------------------------------------------------------------------------
// Validation.

struct LogitsScan {
    double max = -kInf;
    int argmax = -1; ///< found only when asked for
};

template <class T> [[noreturn]] void throwBadLogit(const T* logits, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i) {
        if (std::isnan(logits[i]))
            throw InputError("logit " + std::to_string(i) +
                             " is NaN; a logit must be a number, "
                             "or -inf (null in JSON) for a token that is never chosen");
        if (logits[i] == std::numeric_limits<T>::infinity())
            throw InputError("logit " + std::to_string(i) +
                             " is +inf; a logit must be finite, "
                             "or -inf (null in JSON) for a token that is never chosen");
    }
    throw InputError("the logits hold NaN or +inf"); // not reached: the scan found one
}

/// Maximum, and argmax (lowest id among ties) when wanted; throws InputError for unusable logits.
template <class T> LogitsScan scanLogits(const T* logits, std::size_t n, bool wantArgmax)
{
    if (n == 0)
        throw InputError("there are no logits; give one logit per token");
    if (n > std::size_t(std::numeric_limits<int>::max()))
        throw InputError("too many logits (" + std::to_string(n) +
                         "); token ids must fit in an int");
    constexpr T inf = std::numeric_limits<T>::infinity();
    T max = -inf;
    bool suspicious = false;
    scanLanes(logits, n, max, suspicious);
    if (suspicious) {
        for (std::size_t k = 0; k < n; ++k) {
            if (std::isnan(logits[k]) || logits[k] == inf)
                throwBadLogit(logits, n);
        }
    }
    if (max == -inf)
        throw InputError("every logit is -inf; at least one token needs a finite logit");
    LogitsScan scan;
    scan.max = double(max);
    if (wantArgmax)
        scan.argmax = int(std::find(logits, logits + n, max) - logits);
    return scan;
}

// ---------------------------------------------------------------------------------------------
// The pipeline. Weights w_i = exp((l_i - max l) / T) are never normalised in place: each stage is
// a set of tokens (a "support") plus its mass, and its distribution is w_i / mass on the set. The
// maximum weight is exactly 1 (exp(0)), which makes min-p a plain threshold on w.

struct Candidate {
    double weight;
    int id;
};

/// The descending order of the pipeline: heavier first, then lower id.
inline bool ranksBefore(const Candidate& a, const Candidate& b)
{
    return a.weight > b.weight || (a.weight == b.weight && a.id < b.id);
}

struct Support {
    bool all = true;               ///< every token of non-zero weight
    std::vector<Candidate> tokens; ///< otherwise exactly these, in ascending id order
    double mass = 0;               ///< sum of their weights

    void assignExplicit(std::vector<Candidate> list)
    {
        all = false;
        tokens = std::move(list);
        mass = 0;
        for (const auto& c : tokens)
            mass += c.weight;
    }
};

const Candidate& medianOfThree(const Candidate& a, const Candidate& b, const Candidate& c)
{
    if (ranksBefore(a, b))
        return ranksBefore(b, c) ? b : (ranksBefore(a, c) ? c : a);
    return ranksBefore(a, c) ? a : (ranksBefore(b, c) ? c : b);
}

/// How a computed mass compares with a target known only to lie in [lo, hi].
enum class Reach { No, Yes, Unsure };

inline Reach reaches(double mass, double lo, double hi)
{
    if (mass >= hi)
        return Reach::Yes;
    return mass < lo ? Reach::No : Reach::Unsure;
}

/// Reorders c so that c[0, end) is the shortest prefix of the descending order whose weight
/// reaches the target (> 0) and returns end (at most c.size()); c[end - 1] ranks last in it.
/// Expected linear time: a quickselect that moves down or right by comparing partial masses.
/// The target is known to lie in [targetLo, targetHi]; when a comparison along the way falls
/// inside that interval the answer could depend on where, and the function returns 0 instead.
/// With targetLo == targetHi it never does.
std::size_t nucleusEnd(std::vector<Candidate>& c, double targetLo, double targetHi)
{
    std::size_t lo = 0;
    std::size_t hi = c.size();
    double acc = 0; // mass of c[0, lo), which ranks before c[lo, hi) and falls short of target
    while (hi - lo > 16) {
        const Candidate pivot = medianOfThree(c[lo], c[lo + (hi - lo) / 2], c[hi - 1]);
        const auto first = c.begin() + std::ptrdiff_t(lo);
        const auto split =
            std::partition(first, c.begin() + std::ptrdiff_t(hi),
                           [&](const Candidate& x) { return ranksBefore(x, pivot); });
        const std::size_t mid = std::size_t(split - c.begin());
        double before = 0;
        for (std::size_t k = lo; k < mid; ++k)
            before += c[k].weight;
        const Reach withBefore = reaches(acc + before, targetLo, targetHi);
        if (withBefore == Reach::Unsure)
            return 0;
        if (withBefore == Reach::Yes) {
            hi = mid;
            continue;
        }
        acc += before;
        std::iter_swap(split, std::find_if(split, c.begin() + std::ptrdiff_t(hi),
                                           [&](const Candidate& x) { return x.id == pivot.id; }));
        acc += pivot.weight;
        const Reach withPivot = reaches(acc, targetLo, targetHi);
        if (withPivot == Reach::Unsure)
            return 0;
        if (withPivot == Reach::Yes)
            return mid + 1;
        lo = mid + 1;
    }
    std::sort(c.begin() + std::ptrdiff_t(lo), c.begin() + std::ptrdiff_t(hi), ranksBefore);
    for (std::size_t k = lo; k < hi; ++k) {
        acc += c[k].weight;
        const Reach r = reaches(acc, targetLo, targetHi);
        if (r == Reach::Unsure)
            return 0;
        if (r == Reach::Yes)
            return k + 1;
    }
    return hi; // rounding left the sum a hair short: keep every candidate
}

class SamplingPipeline {
public:
    std::vector<double> weights; ///< per token, when T > 0
    Support temperature, topK, topP, minP;
    bool greedy = false;
    double maxLogit = 0;
    std::size_t vocab = 0;

    template <class T>
    void run(const T* logits, std::size_t n, const SamplingConfig& config, const Progress& progress)
    {
        greedy = config.temperature == 0.0;
        const LogitsScan scan = scanLogits(logits, n, greedy);
        vocab = n;
        maxLogit = scan.max;
        if (greedy) {
            temperature.assignExplicit({Candidate{1.0, scan.argmax}});
            topK = topP = minP = temperature;
            prepareDraws();
            return;
        }
        weights.resize(n);
        for (std::size_t b = 0; b < n; b += kChunk) {
            progress.checkCancelled();
            expShifted(logits + b, weights.data() + b, std::min(kChunk, n - b), scan.max,
                       config.temperature);
        }
        const std::size_t blocks = (n + kBlock - 1) / kBlock;
        m_blockBases.resize(blocks + 1);
        m_blockMaxima.resize(blocks);
        blockStats(weights.data(), n, m_blockBases.data(), m_blockMaxima.data());
        temperature.all = true;
        temperature.tokens.clear();
        temperature.mass = m_blockBases.back();
        progress.checkCancelled();
        selectTopK(config.topK);
        selectTopP(config.topP);
        selectMinP(config.minP);
        prepareDraws();
    }

    /// What draw() needs after run(), for the decoders. Temperature + top-p (+ min-p) without
    /// top-k takes a shortcut that computes every weight only roughly (roughMassAvx2) and the
    /// exact weights of the tokens of weight >= 2^-12 alone; it yields exactly run()'s final
    /// support, or gives up and calls run() when it cannot be sure that it does.
    template <class T> void runForDraw(const T* logits, std::size_t n, const SamplingConfig& config)
    {
        if (!runNucleusShortcut(logits, n, config))
            run(logits, n, config, Progress{});
    }

    /// The first token, in id order over the final support, whose cumulative weight exceeds u
    /// times the support's mass (u in [0, 1)). Dense supports accumulate by blocks of 64 tokens
    /// (earlier blocks' sums, then token by token), explicit ones token by token.
    TokenDraw draw(double u) const
    {
        const double target = u * minP.mass;
        if (minP.all) {
            const int id = drawDense(target);
            const std::size_t i = id >= 0 ? std::size_t(id) : lastNonZero();
            return {int(i), weights[i] / minP.mass};
        }
        const auto it = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), target);
        const Candidate& c = it == m_cumulative.end()
                                 ? minP.tokens.back()
                                 : minP.tokens[std::size_t(it - m_cumulative.begin())];
        return {c.id, c.weight / minP.mass};
    }

    /// Calls f(id, probability) for the final support's tokens of non-zero probability, in id
    /// order, with the probabilities the final distribution holds.
    template <class F> void forEachFinal(F f) const
    {
        if (minP.all) {
            for (std::size_t i = 0; i < vocab; ++i) {
                const double p = weights[i] / minP.mass;
                if (p > 0)
                    f(int(i), p);
            }
            return;
        }
        for (const auto& c : minP.tokens) {
            const double p = c.weight / minP.mass;
            if (p > 0)
                f(c.id, p);
        }
    }

    /// One entry per token, w_i / mass on an explicit support and 0 elsewhere; empty for a
    /// support that keeps every token.
    std::vector<double> explicitDistribution(const Support& s) const
    {
        if (s.all)
            return {};
        std::vector<double> p(vocab, 0.0);
        for (const auto& c : s.tokens)
            p[std::size_t(c.id)] = c.weight / s.mass;
        return p;
    }

    /// The temperature stage, made from the weights in place (the pipeline cannot draw after).
    std::vector<double> takeTemperatureDistribution()
    {
        if (greedy)
            return explicitDistribution(temperature);
        std::vector<double> p = std::move(weights);
        for (auto& v : p)
            v /= temperature.mass;
        return p;
    }

private:
    static constexpr double kSmallestWeight = std::numeric_limits<double>::denorm_min();

    std::vector<double> m_blockBases;  ///< see blockStats()
    std::vector<double> m_blockMaxima; ///< see blockStats()
    std::vector<double> m_cumulative;  ///< running weight over an explicit final support
    std::unique_ptr<int[]> m_ids;      ///< scratch for idsAtLeast, uninitialised on purpose
    std::size_t m_idsSize = 0;
    std::vector<Candidate> m_gathered; ///< candidates in id order
    std::vector<Candidate> m_work;     ///< the same, reordered by selection
    std::vector<double> m_scratch;

    std::vector<float> m_floatLogits;   ///< candidates' logits, for their exact weights
    std::vector<double> m_doubleLogits; ///< the same for double logits
    std::vector<double> m_candidateWeights;

    std::vector<float>& candidateLogits(const float*) { return m_floatLogits; }
    std::vector<double>& candidateLogits(const double*) { return m_doubleLogits; }

    /// The top-p stage finds its nucleus among the tokens of weight >= 2^-12 when they hold
    /// enough mass; the total mass W only enters through the target (p - 1e-12) W. The rough
    /// pass bounds W within +-error, hence the target within [lo, hi]; every decision that
    /// compares a mass with the target (enough mass gathered, the quickselect's steps) comes out
    /// the same for any target in [lo, hi] or the shortcut gives up. Gathered tokens, their
    /// weights, their order and every sum over them are run()'s own, so the final support, its
    /// mass and the draws are bit for bit run()'s. Returns false, having changed nothing that
    /// run() relies on, when it gives up or does not apply.
    template <class T>
    bool runNucleusShortcut(const T* logits, std::size_t n, const SamplingConfig& config)
    {
        const double t = config.temperature;
        const double share = config.topP - kTopPTolerance;
        const bool noTopK = config.topK == 0 || std::size_t(config.topK) >= n;
        if (!noTopK || !(share > 0.0) || config.topP >= 1.0 || !(t >= 1e-30 && t <= 1e30) ||
            !hasAvx2Fma())
            return false;
        const LogitsScan scan = scanLogits(logits, n, false);
        if (m_idsSize < n + 8) {
            m_ids.reset(new int[n + 8]);
            m_idsSize = n + 8;
        }
        // w >= 2^-12 needs x >= -12 ln 2; the margin of 1e-3 exceeds the float argument's error.
        const float candidateArg = float(-12 * 0.693147180559945309 - 1e-3);
        const RoughMass rough =
            roughMassAvx2(logits, n, scan.max, float(1.0 / t), candidateArg, m_ids.get());
        // The candidates hold clearly too little mass (run() gathers further), or they are so many
        // (flat distributions) that run()'s dense pass costs no more: give up before computing
        // their exact weights.
        if (rough.headMass < 0.999 * share * (rough.headMass + rough.tailMass) ||
            rough.candidates > n / 8)
            return false;
        auto& candidates = candidateLogits(logits);
        candidates.resize(rough.candidates);
        for (std::size_t k = 0; k < rough.candidates; ++k)
            candidates[k] = logits[m_ids[k]];
        m_candidateWeights.resize(rough.candidates);
        expShifted(candidates.data(), m_candidateWeights.data(), rough.candidates, scan.max, t);
        m_gathered.clear();
        double mass = 0;     // of the gathered tokens, summed as gather() sums it
        double headMass = 0; // of every candidate
        for (std::size_t k = 0; k < rough.candidates; ++k) {
            const double w = m_candidateWeights[k];
            headMass += w;
            if (w >= 0x1p-12) {
                m_gathered.push_back({w, m_ids[k]});
                mass += w;
            }
        }
        // run()'s total is a double sum of the same exact weights (candidates') and of weights
        // the rough pass bounds (the tail's): both sums' rounding, at most n 2^-53 of the total
        // (6e-12 for n = 50,257), and the weights' 2 ulp fit well inside 2^-30 of it.
        const double total = headMass + rough.tailMass;
        const double error = rough.error + 0x1p-30 * total;
        const double lo = share * (total - error) * (1 - 0x1p-52);
        const double hi = share * (total + error) * (1 + 0x1p-52);
        if (!(lo > 0) || reaches(mass, lo, hi) != Reach::Yes)
            return false; // run() would gather further, or might
        m_work = m_gathered;
        const std::size_t end = nucleusEnd(m_work, lo, hi);
        if (end == 0)
            return false;
        greedy = false;
        vocab = n;
        maxLogit = scan.max;
        topP.assignExplicit(keepUpTo(m_work[end - 1]));
        selectMinP(config.minP);
        prepareDraws();
        return true;
    }

    void prepareDraws()
    {
        if (minP.all)
            return;
        m_cumulative.resize(minP.tokens.size());
        double acc = 0;
        for (std::size_t i = 0; i < minP.tokens.size(); ++i) {
            acc += minP.tokens[i].weight;
            m_cumulative[i] = acc;
        }
    }

    int drawDense(double target) const
    {
        const auto firstBlockPast =
            std::upper_bound(m_blockBases.begin() + 1, m_blockBases.end(), target);
        for (auto b = std::size_t(firstBlockPast - (m_blockBases.begin() + 1));
             b + 1 < m_blockBases.size(); ++b) {
            double acc = m_blockBases[b];
            for (std::size_t i = b * kBlock; i < std::min(vocab, (b + 1) * kBlock); ++i) {
                acc += weights[i];
                if (acc > target)
                    return int(i);
            }
        }
        return -1; // rounding put the target at the very end
    }

    std::size_t lastNonZero() const
    {
        std::size_t last = vocab - 1;
        while (weights[last] == 0.0)
            --last;
        return last;
    }

    /// Tokens of weight >= threshold into m_gathered, in id order; returns their mass.
    double gather(double threshold)
    {
        if (m_idsSize < vocab + 1) {
            m_ids.reset(new int[vocab + 1]); // pages are touched only as far as ids are written
            m_idsSize = vocab + 1;
        }
        const std::size_t count =
            idsAtLeast(weights.data(), vocab, m_blockMaxima.data(), threshold, m_ids.get());
        m_gathered.resize(count);
        double mass = 0;
        for (std::size_t k = 0; k < count; ++k) {
            const auto id = std::size_t(m_ids[k]);
            m_gathered[k] = {weights[id], int(id)};
            mass += weights[id];
        }
        return mass;
    }

    /// Gathers the tokens of weight >= 2^-12, else >= 2^-24, else > 0: the first level whose
    /// tokens satisfy enough(count, mass); false when even all non-zero tokens do not. Most
    /// distributions stop at the first level with a few hundred tokens, which is what spares a
    /// sort of the whole vocabulary.
    template <class Enough> bool gatherEnough(Enough enough)
    {
        for (const double threshold : {0x1p-12, 0x1p-24, kSmallestWeight}) {
            const double mass = gather(threshold);
            if (enough(m_gathered.size(), mass))
                return true;
        }
        return false;
    }

    /// The candidates of m_gathered (id order) ranking at or before `boundary`.
    std::vector<Candidate> keepUpTo(const Candidate& boundary) const
    {
        std::vector<Candidate> kept;
        kept.reserve(m_gathered.size());
        for (const auto& c : m_gathered) {
            if (!ranksBefore(boundary, c))
                kept.push_back(c);
        }
        return kept;
    }

    /// The k-th largest block maximum is a threshold at least k tokens reach (they include those
    /// k maxima), and usually not many more.
    void selectTopK(int k)
    {
        const std::size_t want = std::size_t(k);
        if (k == 0 || want >= vocab) {
            topK = temperature;
            return;
        }
        double threshold = kSmallestWeight;
        if (want <= m_blockMaxima.size()) {
            m_scratch = m_blockMaxima;
            std::nth_element(m_scratch.begin(), m_scratch.begin() + std::ptrdiff_t(want - 1),
                             m_scratch.end(), std::greater<double>());
            threshold = std::max(threshold, m_scratch[want - 1]);
        }
        gather(threshold);
        if (m_gathered.size() < want) { // fewer non-zero tokens than k: all of them stay
            topK = temperature;
            return;
        }
        m_work = m_gathered;
        std::nth_element(m_work.begin(), m_work.begin() + std::ptrdiff_t(want - 1), m_work.end(),
                         ranksBefore);
        topK.assignExplicit(keepUpTo(m_work[want - 1]));
    }

    void selectTopP(double p)
    {
        if (p >= 1.0) {
            topP = topK;
            return;
        }
        const double target = (p - kTopPTolerance) * topK.mass;
        if (topK.all)
            gatherEnough([&](std::size_t, double mass) { return mass >= target; });
        else
            m_gathered = topK.tokens;
        m_work = m_gathered;
        std::size_t end = 1;
        if (target > 0)
            end = nucleusEnd(m_work, target, target);
        else
            std::iter_swap(m_work.begin(),
                           std::min_element(m_work.begin(), m_work.end(), ranksBefore));
        topP.assignExplicit(keepUpTo(m_work[end - 1]));
    }

    /// With the maximum weight exactly 1, p_i >= minP * max p is w_i >= minP.
    void selectMinP(double threshold)
    {
        if (threshold <= 0.0) {
            minP = topP;
            return;
        }
        std::vector<Candidate> kept;
        if (topP.all) {
            gather(threshold);
            kept = m_gathered;
        } else {
            for (const auto& c : topP.tokens) {
                if (c.weight >= threshold)
                    kept.push_back(c);
            }
        }
        minP.assignExplicit(std::move(kept));
    }
};

/// u in [0, 1) from the top 53 bits of one 64-bit draw.
double uniform53(std::mt19937_64& engine)
{
    return double(engine() >> 11) * 0x1.0p-53;
}

std::vector<double> softmaxAtOne(const std::vector<double>& logits, double max)
{
    std::vector<double> p(logits.size());
    expShifted(logits.data(), p.data(), p.size(), max, 1.0);
    const double mass = laneSum(p.data(), p.size());
    for (auto& v : p)
        v /= mass;
    return p;
}

} // namespace

void validateSamplingConfig(const SamplingConfig& c)
{
    if (!(c.temperature >= 0.0) || !std::isfinite(c.temperature))
        throw InputError("temperature must be a finite number >= 0 (0 is greedy), got " +
                         show(c.temperature));
    if (c.topK < 0)
        throw InputError("top-k must be >= 0 (0 disables it), got " + std::to_string(c.topK));
    if (!(c.topP > 0.0 && c.topP <= 1.0))
        throw InputError("top-p must be in (0, 1] (1 disables it), got " + show(c.topP));
    if (!(c.minP >= 0.0 && c.minP <= 1.0))
        throw InputError("min-p must be in [0, 1] (0 disables it), got " + show(c.minP));
}

SamplingResult computeSampling(const SamplingParams& params, const Progress& progress)
{
    validateSamplingConfig(params.config);
    if (params.draws < 0 || params.draws > kMaxDraws)
        throw InputError("draws must be between 0 and " + std::to_string(kMaxDraws) + ", got " +
                         std::to_string(params.draws));
    SamplingPipeline pipe;
    pipe.run(params.logits.data(), params.logits.size(), params.config, progress);

    SamplingResult r;
    // Draws and the final support come first: they read the weights, which then turn into the
    // temperature stage in place.
    std::mt19937_64 engine(params.seed);
    r.draws.reserve(std::size_t(params.draws));
    for (int d = 0; d < params.draws; ++d) {
        if (d % 65536 == 0)
            progress.checkCancelled();
        r.draws.push_back(pipe.draw(uniform53(engine)).id);
    }
    double entropy = 0;
    pipe.forEachFinal([&](int id, double p) {
        r.kept.push_back(id);
        entropy -= p * std::log(p);
    });
    r.entropyNats = entropy;
    r.entropyBits = entropy / std::log(2.0);

    r.topK = pipe.explicitDistribution(pipe.topK);
    r.topP = pipe.explicitDistribution(pipe.topP);
    r.minP = pipe.explicitDistribution(pipe.minP);
    r.temperature = pipe.takeTemperatureDistribution();
    for (auto* stage : {&r.topK, &r.topP, &r.minP}) {
        if (stage->empty()) // kept everything: the temperature stage's support and mass
            *stage = r.temperature;
    }
    if (!pipe.greedy && params.config.temperature == 1.0)
        r.softmax = r.temperature;
    else
        r.softmax = softmaxAtOne(params.logits, pipe.maxLogit);
    progress.checkCancelled();
    return r;
}

// ---------------------------------------------------------------------------------------------

struct TokenSampler::Workspace {
    SamplingPipeline pipeline;
};

TokenSampler::TokenSampler(const SamplingConfig& config, std::uint64_t seed)
    : m_config(config), m_engine(seed), m_workspace(std::make_unique<Workspace>())
{
    validateSamplingConfig(config);
}

TokenSampler::~TokenSampler() = default;
TokenSampler::TokenSampler(TokenSampler&&) noexcept = default;
TokenSampler& TokenSampler::operator=(TokenSampler&&) noexcept = default;

TokenDraw TokenSampler::sample(const float* logits, std::size_t count)
{
    m_workspace->pipeline.runForDraw(logits, count, m_config);
    return m_workspace->pipeline.draw(uniform53(m_engine));
}

TokenDraw TokenSampler::sample(const double* logits, std::size_t count)
{
    m_workspace->pipeline.runForDraw(logits, count, m_config);
    return m_workspace->pipeline.draw(uniform53(m_engine));
}

} // namespace mllab
