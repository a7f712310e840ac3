#pragma once
// Where MLLab's read-only data lives (the shipped model, the datasets). Installed binaries read
// only their installation: <prefix>/share/mllab, found from the running executable's folder
// (<prefix>/bin or <prefix>/libexec/mllab). The source tree's resources/ folder is a fallback
// only for executables that run from inside the build folder (development and tests).

#include <string>

namespace mllab {

/// The data folder (holding models/ and datasets/): the installed one if present, else, for an
/// executable inside the build folder, the source tree's resources/. When neither exists, the
/// installed location it should have been, so that messages name it.
std::string dataDirectory();

/// $MLLAB_MODEL if set, else dataDirectory()/models/tiny-gpt.safetensors.
std::string shippedModelPath();

/// $MLLAB_DRAFT_MODEL if set, else dataDirectory()/models/tiny-gpt-draft.safetensors: the
/// speculative-decoding draft, trained with the shipped model's tokenizer.
std::string shippedDraftModelPath();

/// The question bank's Markdown files (the corpus the lm-training lab learns by default):
/// dataDirectory()/questions when installed, the source tree's content/questions in a build
/// folder.
std::string questionBankDirectory();

} // namespace mllab
