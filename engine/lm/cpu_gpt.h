#pragma once
// Torch-free inference of the GPT of model.h on the CPU, in float32 like the checkpoint, with
// Eigen: token + learned position embeddings; per block x += proj(attention(LayerNorm1(x))) and
// x += out(GELU(fc(LayerNorm2(x)))); a final LayerNorm and the output head tied to the token
// embedding. LayerNorm as torch::nn::LayerNorm (biased variance, eps 1e-5); GELU as torch::gelu's
// default, the exact erf form 0.5 x (1 + erf(x / sqrt 2)); causal attention with scores scaled
// by 1 / sqrt(d_k) and masked to -inf above the diagonal. tests/engine/tst_cpu_gpt checks its
// logits against the libtorch model's.
//
// It exists so that `mllab-cli lm next` answers without loading libtorch (about 0.7 s of a
// process start here). It loads the same checkpoints through gpt_checkpoint.h and rejects bad
// files with the libtorch loader's messages. A loaded model is immutable: const calls are safe
// from several threads.

#include "engine/lm/gpt_config.h"
#include "engine/lm/tokenizer.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mllab {

class CpuGpt {
public:
    /// Loads a checkpoint; InputError for every kind of bad file (readSafetensors, the metadata
    /// and the tensors, as LanguageModel::load).
    static std::shared_ptr<const CpuGpt> load(const std::string& path);
    ~CpuGpt();
    CpuGpt(const CpuGpt&) = delete;
    CpuGpt& operator=(const CpuGpt&) = delete;

    const GptConfig& config() const;
    const BpeTokenizer& tokenizer() const;
    const std::map<std::string, std::string>& metadata() const;

    /// As LanguageModel::tokenize: the prompt's last context-length tokens.
    PromptTokens tokenize(const std::string& prompt) const;
    /// As LanguageModel::nextToken: the logits after the (cut) prompt.
    NextTokenResult nextToken(const std::string& prompt) const;
    /// Logits after every position of `ids` (1 to context-length tokens, each inside the
    /// vocabulary): [ids.size()][vocab]. InputError otherwise.
    std::vector<std::vector<float>> logits(const std::vector<TokenId>& ids) const;

    struct Weights;

private:
    CpuGpt();
    std::vector<float> forward(const std::vector<TokenId>& ids, bool allPositions) const;

    GptConfig m_config;
    BpeTokenizer m_tokenizer;
    std::map<std::string, std::string> m_metadata;
    std::unique_ptr<Weights> m_weights;
};

} // namespace mllab
