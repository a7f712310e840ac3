#include "engine/sampling.h"

#include "engine/fastexp.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <sstream>
#include <string>

namespace mllab {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kTopPTolerance = 1e-12;
constexpr int kMaxDraws = 10'000'000;
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

__attribute__((target_clones("avx2", "default"))) double laneSum(const double* w, std::size_t n)
{
    return laneSumBody(w, n);
}

constexpr std::size_t kBlock = 64; // tokens per block of the running sums used by draws

/// Per block of 64 tokens: bases[b] = total weight of the blocks before b (bases[blocks] = total
/// weight) and maxima[b] = the block's largest weight.
__attribute__((target_clones("avx2", "default"))) void blockStats(const double* w, std::size_t n,
                                                                  double* bases, double* maxima)
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

__attribute__((target_clones("avx2", "default"))) void scanLanes(const float* logits, std::size_t n,
                                                                 float& max, bool& suspicious)
{
    scanLanesBody(logits, n, max, suspicious);
}

__attribute__((target_clones("avx2", "default"))) void
scanLanes(const double* logits, std::size_t n, double& max, bool& suspicious)
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

/// Reorders c so that c[0, end) is the shortest prefix of the descending order whose weight
/// reaches target (> 0) and returns end (at most c.size()); c[end - 1] ranks last in it.
/// Expected linear time: a quickselect that moves down or right by comparing partial masses.
std::size_t nucleusEnd(std::vector<Candidate>& c, double target)
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
        if (acc + before >= target) {
            hi = mid;
            continue;
        }
        acc += before;
        std::iter_swap(split, std::find_if(split, c.begin() + std::ptrdiff_t(hi),
                                           [&](const Candidate& x) { return x.id == pivot.id; }));
        acc += pivot.weight;
        if (acc >= target)
            return mid + 1;
        lo = mid + 1;
    }
    std::sort(c.begin() + std::ptrdiff_t(lo), c.begin() + std::ptrdiff_t(hi), ranksBefore);
    for (std::size_t k = lo; k < hi; ++k) {
        acc += c[k].weight;
        if (acc >= target)
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
            end = nucleusEnd(m_work, target);
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
    static const Progress none;
    m_workspace->pipeline.run(logits, count, m_config, none);
    return m_workspace->pipeline.draw(uniform53(m_engine));
}

TokenDraw TokenSampler::sample(const double* logits, std::size_t count)
{
    static const Progress none;
    m_workspace->pipeline.run(logits, count, m_config, none);
    return m_workspace->pipeline.draw(uniform53(m_engine));
}

} // namespace mllab
