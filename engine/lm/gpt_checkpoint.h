#pragma once
// The torch-free half of the GPT checkpoint format (docs/lm.md): the config and the tokenizer
// read from the safetensors metadata, the tensors a config implies, and the prompt cut to the
// context. The libtorch model (checkpoint.cpp) and the CPU inference (cpu_gpt.h) both load
// through these functions, so they accept and reject exactly the same files with the same
// messages.

#include "engine/lm/gpt_config.h"
#include "engine/lm/safetensors.h"
#include "engine/lm/tokenizer.h"

#include <map>
#include <string>
#include <vector>

namespace mllab::lm {

/// The metadata 'format' of a GPT checkpoint.
extern const char* const kGptFormat;

/// Checks a config and throws InputError naming the bad field.
void validateConfig(const GptConfig& config);

/// Every weight of the model, F32, in the order and under the names of GptImpl::namedWeights
/// (libtorch's registration order; the tied head is not repeated). Linear weights are
/// [out, in]; embeddings [rows, width].
std::vector<TensorSpec> gptWeightSpecs(const GptConfig& config);

/// The config from the metadata; InputError ("<source>: ...") when the format tag is not ours, a
/// field is missing or not an integer, or the config is invalid. Dropout is 0 (inference).
GptConfig gptConfigFrom(const SafetensorsFile& file, const std::string& source);

/// The tokenizer from the metadata's merges, checked against the config's vocabulary.
BpeTokenizer gptTokenizerFrom(const SafetensorsFile& file, const GptConfig& config,
                              const std::string& source);

/// The metadata a checkpoint of this config and tokenizer carries (format, config, merges).
std::map<std::string, std::string> gptMetadata(const GptConfig& config,
                                               const BpeTokenizer& tokenizer);

/// Tokenises a non-empty prompt and keeps its last `contextLength` tokens, saying how many were
/// dropped; InputError for an empty prompt.
PromptTokens promptTokens(const BpeTokenizer& tokenizer, int contextLength,
                          const std::string& prompt);

} // namespace mllab::lm
