#pragma once
// Engine-internal: the decoder-only transformer in the libtorch C++ frontend. Token and learned
// position embeddings, pre-LayerNorm blocks, multi-head causal self-attention written out
// (Q, K, V, scores / sqrt(d_k), causal mask, softmax) so every layer's and head's attention
// probabilities can be returned, a 4x GELU MLP, and the output head tied to the token embedding.

#include "engine/lm/gpt_checkpoint.h"
#include "engine/lm/model.h"

#include <torch/torch.h>

#include <optional>
#include <vector>

namespace mllab::lm {

/// Keys and values of one layer for incremental decoding: [batch, heads, time, head_dim].
struct LayerCache {
    torch::Tensor keys;
    torch::Tensor values;
};

struct ForwardOptions {
    bool keepAttention = false;        ///< fill ForwardOutput::attention
    bool scaleScores = true;           ///< false: softmax of q·k without 1/sqrt(d_k) (the lab's toggle)
    std::vector<LayerCache>* cache = nullptr;  ///< when set: append this call's keys/values
    /// Optional padding mask [batch, past + time] (bool, true where a key is padding), combined
    /// with the causal mask as Hugging Face's attention_mask (there 0 marks padding). A query
    /// whose every visible key is padding (left padding's pad rows) keeps its own key, so its
    /// softmax stays finite; its output is padding and nobody reads it. Undefined: causal only.
    torch::Tensor paddingMask;
    /// Optional position ids [batch, time] (long); undefined: past..past+time-1 for every row.
    /// With left padding pass cumsum(attention_mask) - 1 (pads at 0), as Hugging Face's
    /// generate() does, so a padded prompt's tokens get the positions they have unpadded.
    torch::Tensor positions;
    bool keepHidden = false; ///< fill ForwardOutput::hidden
};

struct ForwardOutput {
    torch::Tensor logits;                  ///< [batch, time, vocab]
    std::vector<torch::Tensor> attention;  ///< per layer [batch, heads, time, keys]
    torch::Tensor hidden;                  ///< [batch, time, d_model] after the final LayerNorm
};

class CausalSelfAttentionImpl : public torch::nn::Module {
public:
    CausalSelfAttentionImpl(const GptConfig& config);
    /// `mask` [time, keys] or [batch, 1, time, keys]: true where a query must not see a key.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask,
                          const ForwardOptions& options, LayerCache* cache,
                          torch::Tensor* attentionOut);

private:
    int m_heads;
    double m_dropout;
    torch::nn::Linear m_qkv{nullptr};
    torch::nn::Linear m_proj{nullptr};
};
TORCH_MODULE(CausalSelfAttention);

class BlockImpl : public torch::nn::Module {
public:
    BlockImpl(const GptConfig& config);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask,
                          const ForwardOptions& options, LayerCache* cache,
                          torch::Tensor* attentionOut);

private:
    torch::nn::LayerNorm m_ln1{nullptr};
    CausalSelfAttention m_attention{nullptr};
    torch::nn::LayerNorm m_ln2{nullptr};
    torch::nn::Linear m_fc{nullptr};
    torch::nn::Linear m_out{nullptr};
    double m_dropout;
};
TORCH_MODULE(Block);

class GptImpl : public torch::nn::Module {
public:
    explicit GptImpl(const GptConfig& config);

    /// `ids` [batch, time] with time <= context minus the cached length.
    ForwardOutput forward(const torch::Tensor& ids, const ForwardOptions& options = {});
    const GptConfig& config() const { return m_config; }

    /// Parameters by the stable names checkpoints use (tied head not repeated).
    std::vector<std::pair<std::string, torch::Tensor>> namedWeights();

private:
    GptConfig m_config;
    torch::nn::Embedding m_tokens{nullptr};
    torch::nn::Embedding m_positions{nullptr};
    std::vector<Block> m_blocks;
    torch::nn::LayerNorm m_lnFinal{nullptr};
    /// [context, context], true above the diagonal; built once (a buffer, so it follows to()) and
    /// sliced per call instead of allocating a mask per block and step.
    torch::Tensor m_causalMask;
};
TORCH_MODULE(Gpt);

/// Inverted dropout with torch::dropout's semantics: outside training (or p = 0) the identity;
/// in training each element survives with probability 1 - p and is scaled by 1 / (1 - p). On the
/// CPU (float32) the mask is a counter-based hash of the element index keyed by one 64-bit draw of
/// libtorch's default generator, so it is reproducible under torch::manual_seed and identical for
/// any number of threads; the keep decision has 2^-24 resolution. Elsewhere: torch::dropout.
torch::Tensor invertedDropout(const torch::Tensor& x, double p, bool training);

} // namespace mllab::lm
