#include "engine/lm/gpt.h"
#include "engine/simd_clones.h"

#include "engine/progress.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <cstdint>
#include <limits>

namespace mllab::lm {
namespace {

/// A 32-bit avalanche mixer (MurmurHash3's finaliser): a bijection whose output bits each depend on
/// every input bit, so consecutive counters give independent-looking words.
inline std::uint32_t mix32(std::uint32_t h)
{
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

/// Writes `keep` or 0 into out[first..last): element i is dropped when the 24 high bits of
/// mix32(mix32(i ^ key0) + key1) fall below `threshold` (a draw at 2^-24 resolution).
MLLAB_AVX2_CLONES void fillDropoutMask(float* out, std::int64_t first, std::int64_t last,
                                       std::uint32_t key0, std::uint32_t key1,
                                       std::uint32_t threshold, float keep)
{
    for (std::int64_t i = first; i < last; ++i) {
        const std::uint32_t r = mix32(mix32(std::uint32_t(i) ^ key0) + key1) >> 8;
        out[i] = r < threshold ? 0.0f : keep;
    }
}

} // namespace

// libtorch 1.13 draws a CPU dropout mask one Bernoulli sample at a time on a single thread (about
// 20 ns each), which was a third of a training step of the shipped model; a hash of the element
// index is an order of magnitude cheaper and splits across threads without changing the result.
torch::Tensor invertedDropout(const torch::Tensor& x, double p, bool training)
{
    if (!training || p <= 0.0)
        return x;
    if (!x.device().is_cpu() || x.scalar_type() != torch::kFloat ||
        x.numel() >= (std::int64_t(1) << 32))
        return torch::dropout(x, p, true);
    const auto seed = std::uint64_t(torch::randint(std::numeric_limits<std::int64_t>::max(), {1},
                                                   torch::TensorOptions().dtype(torch::kLong))
                                        .item<std::int64_t>());
    const std::uint32_t key0 = std::uint32_t(seed), key1 = std::uint32_t(seed >> 32);
    const auto threshold = std::uint32_t(std::llround(p * double(1u << 24)));
    const float keep = float(1.0 / (1.0 - p));
    torch::Tensor mask = torch::empty(x.sizes(), x.options().requires_grad(false));
    float* out = mask.data_ptr<float>();
    at::parallel_for(0, mask.numel(), 1 << 16, [&](std::int64_t first, std::int64_t last) {
        fillDropoutMask(out, first, last, key0, key1, threshold, keep);
    });
    return x * mask;
}

CausalSelfAttentionImpl::CausalSelfAttentionImpl(const GptConfig& c) : m_heads(c.heads), m_dropout(c.dropout)
{
    m_qkv = register_module("qkv", torch::nn::Linear(c.width, 3 * c.width));
    m_proj = register_module("proj", torch::nn::Linear(c.width, c.width));
}

torch::Tensor CausalSelfAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& mask,
                                               const ForwardOptions& options, LayerCache* cache,
                                               torch::Tensor* attentionOut)
{
    const auto batch = x.size(0), time = x.size(1), width = x.size(2);
    const auto headDim = width / m_heads;
    auto split = m_qkv->forward(x).view({batch, time, 3, m_heads, headDim}).permute({2, 0, 3, 1, 4});
    torch::Tensor q = split[0], k = split[1], v = split[2];  // [batch, heads, time, head_dim]
    const int64_t past = cache && cache->keys.defined() ? cache->keys.size(2) : 0;
    if (cache) {
        if (past > 0) {
            k = torch::cat({cache->keys, k}, 2);
            v = torch::cat({cache->values, v}, 2);
        }
        cache->keys = k;
        cache->values = v;
    }
    const int64_t keys = k.size(2);
    auto scores = torch::matmul(q, k.transpose(-2, -1));
    if (options.scaleScores)
        scores = scores / std::sqrt(double(headDim));
    TORCH_CHECK(mask.size(-2) == time && mask.size(-1) == keys,
                "attention mask of the wrong shape");
    scores = scores.masked_fill(mask, -std::numeric_limits<float>::infinity());
    auto probs = torch::softmax(scores, -1);
    if (attentionOut)
        *attentionOut = probs;
    probs = invertedDropout(probs, m_dropout, is_training());
    auto y = torch::matmul(probs, v).transpose(1, 2).reshape({batch, time, width});
    return invertedDropout(m_proj->forward(y), m_dropout, is_training());
}

BlockImpl::BlockImpl(const GptConfig& c) : m_dropout(c.dropout)
{
    m_ln1 = register_module("ln1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.width})));
    m_attention = register_module("attn", CausalSelfAttention(c));
    m_ln2 = register_module("ln2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.width})));
    m_fc = register_module("fc", torch::nn::Linear(c.width, 4 * c.width));
    m_out = register_module("out", torch::nn::Linear(4 * c.width, c.width));
}

torch::Tensor BlockImpl::forward(const torch::Tensor& x, const torch::Tensor& mask,
                                 const ForwardOptions& options, LayerCache* cache,
                                 torch::Tensor* attentionOut)
{
    auto h = x + m_attention->forward(m_ln1->forward(x), mask, options, cache, attentionOut);
    auto mlp = m_out->forward(torch::gelu(m_fc->forward(m_ln2->forward(h))));
    return h + invertedDropout(mlp, m_dropout, is_training());
}

GptImpl::GptImpl(const GptConfig& c) : m_config(c)
{
    validateConfig(c);
    m_tokens = register_module("tok", torch::nn::Embedding(c.vocabSize, c.width));
    m_positions = register_module("pos", torch::nn::Embedding(c.contextLength, c.width));
    for (int i = 0; i < c.layers; ++i)
        m_blocks.push_back(register_module("block" + std::to_string(i), Block(c)));
    m_lnFinal =
        register_module("lnf", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.width})));
    m_causalMask =
        register_buffer("causal_mask", torch::ones({c.contextLength, c.contextLength},
                                                   torch::TensorOptions().dtype(torch::kBool))
                                           .triu(1));

    // GPT-2 initialisation: N(0, 0.02), residual projections scaled by 1/sqrt(2 * layers).
    torch::NoGradGuard noGrad;
    for (auto& p : named_parameters()) {
        const std::string& name = p.key();
        if (name.find(".bias") != std::string::npos || name.find("ln") != std::string::npos)
            continue;
        const bool residual = name.find("proj.weight") != std::string::npos ||
                              name.find("out.weight") != std::string::npos;
        p.value().normal_(0.0, residual ? 0.02 / std::sqrt(2.0 * c.layers) : 0.02);
    }
    for (auto& p : named_parameters())
        if (p.key().find(".bias") != std::string::npos && p.key().find("ln") == std::string::npos)
            p.value().zero_();
}

ForwardOutput GptImpl::forward(const torch::Tensor& ids, const ForwardOptions& options)
{
    const int64_t time = ids.size(1);
    const int64_t past = options.cache && !options.cache->empty() && (*options.cache)[0].keys.defined()
                             ? (*options.cache)[0].keys.size(2)
                             : 0;
    if (past + time > m_config.contextLength)
        throw InputError("sequence of " + std::to_string(past + time) + " tokens exceeds the context of " +
                         std::to_string(m_config.contextLength));
    if (options.cache && options.cache->empty())
        options.cache->resize(m_blocks.size());
    auto positions =
        options.positions.defined()
            ? options.positions
            : torch::arange(past, past + time,
                            torch::TensorOptions().dtype(torch::kLong).device(ids.device()));
    if (options.positions.defined() &&
        (options.positions.dim() != 2 || options.positions.size(0) != ids.size(0) ||
         options.positions.size(1) != time))
        throw InputError("position ids must be [batch, time] like the token ids");
    auto x = m_tokens->forward(ids) + m_positions->forward(positions);
    x = invertedDropout(x, m_config.dropout, is_training());
    // Query i (absolute position past + i) may attend to keys 0..past + i: rows past..past+time of
    // the model's upper-triangular mask, first past + time columns.
    torch::Tensor mask = m_causalMask.slice(0, past, past + time).slice(1, 0, past + time);
    if (options.paddingMask.defined()) {
        const auto& pad = options.paddingMask;
        if (pad.dim() != 2 || pad.size(0) != ids.size(0) || pad.size(1) != past + time)
            throw InputError("the padding mask must be [batch, past + time tokens]");
        // [batch, 1, time, keys]: causal OR key is padding; a fully hidden row keeps its own key.
        auto combined = mask.unsqueeze(0) | pad.to(torch::kBool).unsqueeze(1);
        const auto hidden = combined.all(-1, true); // [batch, time, 1]
        const auto self =
            torch::eye(time, past + time,
                       torch::TensorOptions().dtype(torch::kBool).device(ids.device()))
                .roll(past, 1)
                .unsqueeze(0);
        mask = (combined & ~(hidden & self)).unsqueeze(1);
    }
    ForwardOutput out;
    for (std::size_t i = 0; i < m_blocks.size(); ++i) {
        torch::Tensor attention;
        LayerCache* cache = options.cache ? &(*options.cache)[i] : nullptr;
        x = m_blocks[i]->forward(x, mask, options, cache,
                                 options.keepAttention ? &attention : nullptr);
        if (options.keepAttention)
            out.attention.push_back(attention);
    }
    x = m_lnFinal->forward(x);
    if (options.keepHidden)
        out.hidden = x;
    out.logits = torch::matmul(x, m_tokens->weight.t());  // weight tying
    return out;
}

std::vector<std::pair<std::string, torch::Tensor>> GptImpl::namedWeights()
{
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (auto& p : named_parameters())
        out.emplace_back(p.key(), p.value());
    return out;
}

} // namespace mllab::lm
