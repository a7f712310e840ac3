#pragma once
// The largest values MLLab accepts for every count a user can type (mllab-cli options; the lab
// parameters declare their own ranges). Each bounds the work or the output of one call to what a
// study machine finishes in seconds and a reader can use; above it a command exits 1 naming the
// option and the range. docs/reliability.md lists them.

namespace mllab::limits {

constexpr long long kMaxGeneratedTokens = 4096; ///< lm generate / speculative --max-tokens
constexpr long long kMaxSpeculativeGamma = 64;  ///< lm speculative --gamma
constexpr long long kMaxTopTokens = 65536;      ///< lm next --top (a vocabulary at most)
constexpr long long kMaxTrainSteps = 1'000'000; ///< lm train --steps, optimize --steps
constexpr long long kMaxBatchSize = 4096;       ///< lm train --batch-size
constexpr long long kMaxMonteCarloSamples = 1'000'000'000; ///< monte-carlo --samples
constexpr long long kMaxCheckpoints = 1000;                ///< monte-carlo --checkpoints
constexpr long long kMaxBootstraps = 10'000;               ///< bias-variance --bootstraps
constexpr long long kMaxCurveGrid = 10'000;                ///< bias-variance --grid, --fan-curves
constexpr long long kMaxDraws = 10'000'000;                ///< sample --draws
constexpr long long kMaxBins = 1000;                       ///< calibration --bins
constexpr long long kMaxAlphas = 10'000;                   ///< lasso-path / ridge-path --n-alphas
constexpr long long kMaxContourLevels = 100;               ///< regularization --levels
constexpr long long kMaxTokenizerMerges = 65'536;          ///< bpe-steps / tokenizer-lab --merges
constexpr long long kMaxEmbeddingDim = 1024;    ///< embeddings train --dim
constexpr long long kMaxEmbeddingWindow = 50;   ///< embeddings train --window
constexpr long long kMaxNegatives = 50;         ///< embeddings train --negatives
constexpr long long kMaxEmbeddingEpochs = 1000; ///< embeddings train --epochs
constexpr long long kMaxListed = 10'000;        ///< embeddings neighbours / analogy --top

} // namespace mllab::limits
