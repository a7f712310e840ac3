#pragma once
// The sampling lab: the real next-token distribution of a language model for a prompt, reshaped
// by temperature, top-k, top-p and min-p (engine/sampling.h, the order and conventions of
// DESIGN.md's `sample`), sampled generation under two settings, and greedy vs beam search vs
// sampling on the same prompt (engine/lm/decode.h).
//
// The logits come once per prompt and model (a job); restaging them for new sampling settings
// (stageSampling, torch-free) is O(vocabulary), up to 65,536 tokens for a trained model, so the
// app runs it in a job too, and the stage carries every whole-vocabulary number the view shows:
// drawing a stage costs O(bars).
// Declaration, staging and JSON are in mllab_engine_core; running the model needs libtorch.

#include "engine/labs/params.h"
#include "engine/lm/decode.h"
#include "engine/lm/model.h"
#include "engine/progress.h"
#include "engine/sampling.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <vector>

namespace mllab::labs {

struct SamplingLabParams {
    std::string modelPath;  ///< a checkpoint (the state's "" is the shipped model's path)
    std::string prompt;
    SamplingConfig config;
    std::uint64_t seed = 0;
    int bars = 20;               ///< tokens shown, most probable at T = 1 first
    int tokens = 40;             ///< generated tokens
    bool compare = false;        ///< also generate B with compareTemperature
    double compareTemperature = 1.2;
    int beamWidth = 4;
    double lengthPenalty = 1.0;
    std::string view = "distribution";  ///< distribution | generate | decoding
    /// The model already loaded (the app's model library keeps one); null: modelPath is loaded.
    std::shared_ptr<const LanguageModel> model;
};

/// The prompt's next-token logits and every token's readable piece.
struct PromptLogits {
    NextTokenResult next;
    std::vector<std::string> pieces;
};

/// The distribution after the sampling stages, and the tokens shown as bars.
struct SamplingStage {
    SamplingResult sampling;
    std::vector<int> bars;  ///< ids, most probable at T = 1 first (ties: lower id first)
    int topPBoundary = -1;  ///< first bar top-p cuts after top-k kept it (-1: none)
    int topToken = 0;       ///< most probable after every stage (lowest id on ties)
    double softmaxEntropyBits = 0;     ///< entropy at T = 1
    double temperatureEntropyBits = 0; ///< entropy after temperature alone
    std::size_t topPKept = 0;          ///< tokens left after top-p
};

struct SamplingLabResult {
    PromptLogits logits;
    SamplingStage stage;
    std::vector<GeneratedText> generated;  ///< view "generate": A, and B when compared
    std::vector<DecodedSequence> decoded;  ///< view "decoding": greedy, beam, sampling
};

const LabSpec& samplingLabSpec();
SamplingLabParams samplingLabParams(const LabState& state);
/// Restages kept logits for the params' sampling settings (one seeded draw); torch-free.
SamplingStage stageSampling(const NextTokenResult& next, const SamplingLabParams& params);
/// The generation runs the params ask for: A, and B at compareTemperature when comparing.
std::vector<GenerateParams> generationRuns(const SamplingLabParams& params);
/// The decoder comparison's settings (at most 30 new tokens).
DecodeCompareParams decodingParams(const SamplingLabParams& params);

// libtorch (mllab_engine):
PromptLogits computePromptLogits(const SamplingLabParams& params, const Progress& progress = {});
std::vector<GeneratedText> computeGeneration(const SamplingLabParams& params,
                                             const Progress& progress = {});
std::vector<DecodedSequence> computeDecoding(const SamplingLabParams& params,
                                             const Progress& progress = {});
/// Logits and stages, and the generation or the decoders when the view shows them.
SamplingLabResult computeSamplingLab(const SamplingLabParams& params,
                                     const Progress& progress = {});

/// Entropy, kept tokens, the top token, the seeded draw, the bars' probabilities before and
/// after, and the generated texts or decoded sequences when present.
nlohmann::json samplingLabJson(const SamplingLabResult& result);

} // namespace mllab::labs
