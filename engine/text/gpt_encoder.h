#pragma once
// A dense TextEncoder from the tiny GPT: the final hidden states (after the last LayerNorm,
// LanguageModel::hiddenStates) averaged over the text's tokens and normalised to unit length,
// the "mean pooling" of sentence-transformers. A text longer than the model's context keeps its
// last contextLength tokens, as hiddenStates does. Needs libtorch (mllab_engine).

#include "engine/text/retrieval.h"

#include <memory>

namespace mllab {
class LanguageModel;
}

namespace mllab::text {

/// Thread-safe when the model is (a loaded LanguageModel is immutable). Each call runs the
/// model on one compute thread.
TextEncoder gptPooledEncoder(std::shared_ptr<const LanguageModel> model);

} // namespace mllab::text
