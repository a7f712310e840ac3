#pragma once
// Training the small GPT: a byte-level BPE tokenizer trained on the corpus, a contiguous
// train/validation split (the last `validationFraction` of the tokens), AdamW (decoupled weight
// decay on matrices only, as PyTorch's AdamW with two parameter groups), linear warm-up then
// cosine decay to `minLearningRate`, gradient-norm clipping, batches of random windows drawn with
// a seeded generator. Deterministic for a given seed on CPU. Unigram and bigram cross-entropies of
// the validation split under the same tokenizer are reported beside the transformer's.

#include "engine/lm/model.h"
#include "engine/progress.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mllab {

struct TrainParams {
    std::string corpus;            ///< training text (UTF-8 or any bytes)
    std::string corpusName;        ///< shown in messages and stored in the checkpoint
    GptConfig config;              ///< config.vocabSize is also the tokenizer's target size
    /// When set, this tokenizer is used as it is instead of training one on the corpus (a draft
    /// model for speculative decoding must share its target's tokens); config.vocabSize must
    /// hold it.
    std::optional<BpeTokenizer> tokenizer;
    int steps = 2000;
    int batchSize = 32;
    double learningRate = 3e-3;     ///< peak, after warm-up
    double minLearningRate = 3e-4;  ///< end of the cosine
    int warmupSteps = 100;
    double weightDecay = 0.1;
    double gradClip = 1.0;          ///< max global gradient norm
    double validationFraction = 0.1;
    int evalEvery = 100;            ///< steps between validation estimates and checkpoints
    int evalBatches = 8;
    std::uint64_t seed = 0;
    std::string device = "cpu";
    std::string outputPath;         ///< checkpoint written whenever validation loss improves ("" = none)
};

struct LossPoint {
    int step = 0;
    double loss = 0;  ///< nats per token
};

struct TrainResult {
    std::vector<LossPoint> trainLoss;       ///< every step
    std::vector<LossPoint> validationLoss;  ///< every evaluation
    double unigramLoss = 0;                 ///< validation cross-entropy, nats per token
    double bigramLoss = 0;
    double finalValidationLoss = 0;
    double validationBitsPerByte = 0;
    double unigramBitsPerByte = 0;
    double bigramBitsPerByte = 0;
    double tokensPerSecond = 0; ///< training steps only (see trainLanguageModel)
    std::int64_t parameters = 0;
    std::int64_t trainTokens = 0;
    std::int64_t validationTokens = 0;
    int stepsDone = 0;
    double seconds = 0;
    std::string checkpointPath;  ///< last checkpoint written ("" if none)
    std::shared_ptr<LanguageModel> model;
};

/// What training reports after every step, as it goes (the lab draws its curves from it).
struct TrainStep {
    int step = 0;   ///< 1-based
    int steps = 0;  ///< of the run
    double trainLoss = 0;
    double validationLoss = std::numeric_limits<double>::quiet_NaN();  ///< latest evaluation
    int validationStep = 0;                                             ///< its step (0: none yet)
    double learningRate = 0;
    double tokensPerSecond = 0;
    double etaSeconds = 0;
    double unigramLoss = 0;  ///< the baselines on the validation split
    double bigramLoss = 0;
    int savedStep = 0;       ///< step of the last checkpoint written (0: none)
};
using TrainStepSink = std::function<void(const TrainStep&)>;

/// Trains; `onStep` receives every step (from the computing thread); progress carries the
/// fraction done and a message. Cancellation is checked between steps (the last checkpoint written stays valid;
/// nothing partial is written). A non-finite training or validation loss stops with an
/// InputError ("training diverged: ...") and writes nothing from then on: a checkpoint written
/// earlier (in this run or before it) is left as it was. tokensPerSecond counts training steps
/// only: evaluations and checkpoint writes are left out, and in runs of more than 10 steps so
/// are the first 3 (allocator and thread-pool warm-up).
TrainResult trainLanguageModel(const TrainParams& params, const Progress& progress = {},
                               const TrainStepSink& onStep = {});

/// The learning rate of 0-based `step`: linear warm-up to learningRate over warmupSteps, then a
/// cosine from learningRate down to minLearningRate at the last step.
double learningRateAt(const TrainParams& params, int step);

/// Cross-entropy (nats per token) of `validation` under add-one unigram and interpolated bigram
/// models estimated on `train` (the interpolation weight is the best of a small grid).
void ngramBaselines(const std::vector<TokenId>& train, const std::vector<TokenId>& validation,
                    int vocabSize, double& unigram, double& bigram);

/// Reads a training corpus: a file, or every *.md and *.txt file below a folder (sorted by
/// path, joined with blank lines). InputError when empty, binary, or unreadable.
std::string readCorpus(const std::string& path);

} // namespace mllab
