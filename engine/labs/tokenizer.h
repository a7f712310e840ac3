#pragma once
// The tokenizer lab's pipeline, in two halves that fail apart: byte-level BPE learned merge by
// merge on a short text (engine/lm/tokenization.h), and a trained model's tokenizer applied to
// any text. A bad training text leaves the model's half shown, and a bad checkpoint the BPE
// half. No libtorch: the tokenizer is read from the checkpoint's metadata.

#include "engine/labs/params.h"
#include "engine/lm/tokenization.h"
#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>

namespace mllab::labs {

struct TokenizerLabParams {
    BpeLabParams bpe;       ///< training text, merges, the traced text
    int step = -1;          ///< the merge whose tokens are shown; -1: the last one learned
    std::string modelPath;  ///< a checkpoint (the state's "" is the shipped model's path)
    std::string modelText;  ///< tokenized by the model's tokenizer
    /// The halves to compute (the app recomputes only the one whose inputs changed).
    bool computeBpe = true;
    bool computeModel = true;
};

struct TokenizerLabResult {
    bool hasBpe = false;     ///< the BPE half was computed: bpe or bpeError holds it
    BpeLabResult bpe;
    std::string bpeError;    ///< why BPE failed (an InputError); empty when it ran
    bool hasModel = false;   ///< likewise for the model's half
    TokenizationResult model;
    std::string modelError;
    int shownStep = 0;       ///< step clamped to the merges learned (0: bytes)
};

const LabSpec& tokenizerLabSpec();
TokenizerLabParams tokenizerLabParams(const LabState& state);
/// Each half catches its own InputError into its error field; other failures propagate.
TokenizerLabResult computeTokenizerLab(const TokenizerLabParams& params,
                                       const Progress& progress = {});
/// The step shown for a requested step (-1: the last) of a BPE result.
int shownBpeStep(const BpeLabResult& bpe, int step);
/// The BPE half (merges with their pair, count and the traced text's token count after each,
/// the tokens at the step shown) and the model's half (token pieces and ids, bytes,
/// characters, words, bytes per token, tokens per word, vocabulary), or their errors.
nlohmann::json tokenizerLabJson(const TokenizerLabResult& result);

/// Both halves' errors in one message ("BPE: ...; model's tokenizer: ..."), empty when none
/// failed (mllab-cli exits with it).
std::string tokenizerLabError(const TokenizerLabResult& result);

/// The tokenizer of a GPT checkpoint, read without libtorch and checked as the model loaders
/// check it (same messages); kept per path while the file is unchanged. Thread-safe.
std::shared_ptr<const BpeTokenizer> checkpointTokenizer(const std::string& path);

} // namespace mllab::labs
