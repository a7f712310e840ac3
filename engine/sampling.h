#pragma once
// Sampling from a language model's next-token logits: temperature, top-k, top-p (nucleus) and
// min-p, each stage's distribution, the entropy of the result and seeded draws. Pure functions of
// a logits vector; no libtorch, so the sampling lab, mllab-cli and the decoders share them cheaply.
//
/// Pipeline (the mllab-cli `sample` contract in DESIGN.md), every stage renormalised:
///   temperature  p_i = exp((l_i - max l) / T) / sum_j exp((l_j - max l) / T), computed in double
///                after subtracting the maximum (PyTorch's softmax(logits / T)); T = 0 puts all
///                mass on the argmax, the lowest token id among tied maxima.
///   top-k        keeps the k most probable tokens; ties in the descending order go to the lower
///                token id; k = 0 disables it and k >= vocabulary keeps everything.
///   top-p        keeps the smallest prefix of the descending order (ties by token id) whose mass
///                reaches p, at least one token and never a token of probability 0; a relative
///                tolerance of 1e-12 absorbs rounding, and p = 1 keeps every non-zero token.
///   min-p        keeps p_i >= min_p * max_j p_j (min_p = 1 keeps the maximum and its ties).
/// A -inf logit (JSON null) is a token of probability 0 at every stage. The rules are those of
/// Hugging Face's TopK, TopP and MinP logits warpers applied in this order, with ties broken by
/// token id (its top-k also keeps every token tied with the k-th, here exactly k are kept).

#include "engine/progress.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

namespace mllab {

/// How a next-token distribution is reshaped before a draw.
struct SamplingConfig {
    double temperature = 1.0; ///< >= 0; 0 is greedy (all mass on the argmax)
    int topK = 0;             ///< keep the k most probable tokens; 0 disables
    double topP = 1.0;        ///< in (0, 1]; nucleus mass; 1 disables
    double minP = 0.0;        ///< in [0, 1]; keep p_i >= minP * max p; 0 disables
};

struct SamplingParams {
    std::vector<double> logits; ///< one per token; -inf (JSON null) means "never chosen"
    SamplingConfig config;
    std::uint64_t seed = 0; ///< same seed -> same draws, on every machine
    int draws = 0;          ///< tokens drawn from the final distribution (0 .. 10,000,000)
};

/// Every distribution has one entry per token (zeros for removed tokens) and sums to 1.
struct SamplingResult {
    std::vector<double> softmax;     ///< T = 1, no filtering
    std::vector<double> temperature; ///< after temperature
    std::vector<double> topK;        ///< after top-k
    std::vector<double> topP;        ///< after top-p
    std::vector<double> minP;        ///< after min-p: the final distribution draws come from
    std::vector<int> kept;           ///< ids with non-zero final probability, ascending
    double entropyBits = 0;          ///< -sum p log2 p of the final distribution
    double entropyNats = 0;          ///< the same in nats (natural log)
    std::vector<int> draws;          ///< seeded draws from the final distribution

    const std::vector<double>& finalDistribution() const { return minP; }
};

/// Runs the pipeline above and draws `draws` tokens. A draw takes u in [0, 1) from the top 53 bits
/// of std::mt19937_64(seed) and picks the first kept token, in id order, whose cumulative weight
/// exceeds u times the total (inverse-CDF sampling), so draws do not depend on the standard
/// library's distributions.
SamplingResult computeSampling(const SamplingParams& params, const Progress& progress = {});

/// One drawn token and its probability in the final (filtered) distribution.
struct TokenDraw {
    int id = -1;
    double probability = 0;
};

/// Draws one token at a time with a fixed config and a seeded generator: the decoders' hot path.
/// It computes only the final distribution and finds the kept set by selection, not a full sort.
/// With top-p and no top-k (the usual decoding setting) it evaluates the exponential exactly only
/// for the tokens of weight >= 2^-12 of the top one, and bounds the rest of the total mass with a
/// rough float pass; when the bound leaves the nucleus in doubt it computes everything exactly.
/// Either way the n-th call draws exactly what computeSampling's n-th draw would for the same
/// logits, config and seed, with the same probability. Keeps scratch buffers between calls; not
/// thread-safe, use one per thread.
class TokenSampler {
public:
    /// Throws InputError for a config outside the ranges documented in SamplingConfig.
    explicit TokenSampler(const SamplingConfig& config = {}, std::uint64_t seed = 0);
    ~TokenSampler();
    TokenSampler(TokenSampler&&) noexcept;
    TokenSampler& operator=(TokenSampler&&) noexcept;

    /// Throws InputError for empty logits, NaN or +inf entries, or all entries -inf.
    TokenDraw sample(const float* logits, std::size_t count);
    TokenDraw sample(const double* logits, std::size_t count);
    TokenDraw sample(const std::vector<float>& logits)
    {
        return sample(logits.data(), logits.size());
    }
    TokenDraw sample(const std::vector<double>& logits)
    {
        return sample(logits.data(), logits.size());
    }

    const SamplingConfig& config() const { return m_config; }

private:
    struct Workspace;
    SamplingConfig m_config;
    std::mt19937_64 m_engine;
    std::unique_ptr<Workspace> m_workspace;
};

/// Throws InputError naming the first knob outside its range.
void validateSamplingConfig(const SamplingConfig& config);

} // namespace mllab
