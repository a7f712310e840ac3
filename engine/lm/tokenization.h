#pragma once
// The tokenizer lab's two computations: byte-level BPE trained step by step on a short text (the
// merge table and the text's tokens after every merge), and a trained tokenizer applied to any
// text (pieces and compression).
//
/// BPE follows trainBpe (GPT-2 style pre-tokenisation, most frequent pair first, ties by first
/// occurrence); here every pair that occurs at least once may merge, so the toy text runs to the
/// end. Compression is bytes per token = UTF-8 bytes / tokens; words are runs of non-whitespace.

#include "engine/lm/tokenizer.h"
#include "engine/progress.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mllab {

struct BpeLabParams {
    std::string text = "the cat sat on the mat"; ///< training text, 1-100,000 bytes
    int merges = 20;                             ///< merges to learn, 1-1,000 (stops early)
    std::string probeText;                       ///< traced text; "" traces the training text
};

/// Limits that keep the per-step trace small (pieces are stored for every step).
constexpr std::size_t kBpeLabMaxTextBytes = 100'000;
constexpr std::size_t kBpeLabMaxTraceBytes = 2'000;
constexpr int kBpeLabMaxMerges = 1'000;

struct BpeLabStep {
    int step = 0;     ///< 1-based
    std::string left; ///< readable pieces of the merged pair
    std::string right;
    std::string merged;              ///< readable piece of the new token
    TokenId newToken = 0;            ///< 256 + step - 1
    std::int64_t count = 0;          ///< the pair's frequency in the training text when merged
    std::vector<std::string> pieces; ///< the traced text's tokens after this merge
};

struct BpeLabResult {
    std::string tracedText;                 ///< what was traced (training or probe text)
    std::vector<std::string> initialPieces; ///< the traced text as bytes (step 0)
    std::vector<BpeLabStep> steps;          ///< fewer than asked when no pair was left
    std::int64_t trainingBytes = 0;
    bool stoppedEarly = false; ///< every pre-tokenised chunk became one token
};

/// InputError for an empty or too long text, a trace over kBpeLabMaxTraceBytes, or a merge count
/// outside 1-kBpeLabMaxMerges.
BpeLabResult computeBpeLab(const BpeLabParams& params, const Progress& progress = {});

struct TokenizationParams {
    BpeTokenizer tokenizer; ///< e.g. a model's tokenizer
    std::string text;       ///< any bytes, 1-1,000,000 bytes
};

struct TokenizationResult {
    std::vector<TokenId> ids;
    std::vector<std::string> pieces; ///< readable text of each token
    std::vector<int> pieceBytes;     ///< bytes each token covers
    std::int64_t bytes = 0;
    std::int64_t words = 0;      ///< runs of non-whitespace
    std::int64_t characters = 0; ///< UTF-8 code points (bytes that do not continue one)
    double bytesPerToken = 0;
    double tokensPerWord = 0; ///< 0 when the text has no word
    int vocabularySize = 0;
};

/// Encodes the text; InputError when it is empty or over 1,000,000 bytes.
TokenizationResult computeTokenization(const TokenizationParams& params,
                                       const Progress& progress = {});

} // namespace mllab
