#pragma once
// Decoding a continuation from any next-token scorer: beam search (greedy is width 1) and seeded
// sampling. The decoding lab plugs the language model in through NextLogProbs; tests plug in
// small hand-made scorers.

#include "engine/progress.h"
#include "engine/sampling.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace mllab {

/// Next-token log-probabilities (log-softmax of the logits, one row per prefix, every row as
/// long as the vocabulary; -inf for an impossible token) for a batch of token-id prefixes.
using NextLogProbs =
    std::function<std::vector<std::vector<float>>(const std::vector<std::vector<int>>& prefixes)>;

struct BeamParams {
    std::vector<int> prompt;    ///< ids the continuation follows; each prefix starts with them
    int width = 4;              ///< beams kept per step, 1 .. 1024; 1 is greedy decoding
    double lengthPenalty = 1.0; ///< alpha in score = sum log p / length^alpha
    int maxNewTokens = 20;      ///< 1 .. 100,000
    int eosId = -1;             ///< the token that ends a beam; -1 = none
};

struct Beam {
    std::vector<int> ids; ///< generated ids (prompt excluded), ending with eosId if it ended
    double logProb = 0;   ///< natural-log probability of ids given the prompt
    double score = 0;     ///< logProb / ids.size()^lengthPenalty
    bool ended = false;   ///< produced eosId (otherwise stopped at maxNewTokens)
};

struct BeamResult {
    std::vector<Beam> beams; ///< at most width, best score first
    int steps = 0;           ///< scorer calls made
};

/// Beam search as Hugging Face's beam scorer does it: each step extends every live beam by every
/// token and keeps the 2·width best extensions (ties: earlier beam, then lower id); an extension
/// ending in eosId that ranks within the first width becomes a finished hypothesis, the others
/// fill the width live beams. Length is the number of generated tokens, EOS included, so
/// alpha > 0 favours longer outputs and alpha = 0 ranks by log-probability alone. The search stops
/// at maxNewTokens (live beams join the hypotheses), when no beam is left, or when width beams
/// have finished and the best live beam's current score does not beat the worst of them
/// (early_stopping=False). Width 1 is exactly greedy decoding: the argmax (lowest id on ties)
/// until eosId or maxNewTokens. Checks cancellation between steps.
BeamResult computeBeamSearch(const BeamParams& params, const NextLogProbs& next,
                             const Progress& progress = {});

struct SampledDecodingParams {
    std::vector<int> prompt; ///< ids the continuation follows
    SamplingConfig sampling; ///< temperature, top-k, top-p, min-p applied at every step
    std::uint64_t seed = 0;  ///< same seed, same scorer -> same continuation
    int maxNewTokens = 50;   ///< 1 .. 100,000
    int eosId = -1;          ///< stops after this token; -1 = none
};

struct SampledDecodingResult {
    std::vector<int> ids;      ///< generated ids, ending with eosId if it was drawn
    std::vector<double> probs; ///< each drawn token's probability in its filtered distribution
    bool ended = false;        ///< eosId was drawn
};

/// Draws a continuation token by token with one TokenSampler (log-probabilities and logits give
/// the same distributions, softmax being shift-invariant). Checks cancellation between steps.
SampledDecodingResult computeSampledDecoding(const SampledDecodingParams& params,
                                             const NextLogProbs& next,
                                             const Progress& progress = {});

} // namespace mllab
