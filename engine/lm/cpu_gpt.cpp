#include "engine/lm/cpu_gpt.h"

#include "engine/lm/gpt_checkpoint.h"
#include "engine/lm/safetensors.h"
#include "engine/progress.h"

#include <Eigen/Dense>

#include <cmath>
#include <limits>

namespace mllab {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::Matrix<float, 1, Eigen::Dynamic>;

namespace {

/// torch::nn::Linear: y = x W^T + b with W [out, in].
struct Linear {
    Matrix weight;
    RowVector bias;
    Matrix operator()(const Matrix& x) const
    {
        Matrix y(x.rows(), weight.rows());
        y.noalias() = x * weight.transpose();
        y.rowwise() += bias;
        return y;
    }
};

/// torch::nn::LayerNorm over the last dimension: biased variance, eps 1e-5, affine.
struct LayerNorm {
    RowVector weight;
    RowVector bias;
    Matrix operator()(const Matrix& x) const
    {
        constexpr double eps = 1e-5;
        Matrix y(x.rows(), x.cols());
        const double n = double(x.cols());
        for (Eigen::Index r = 0; r < x.rows(); ++r) {
            double mean = 0;
            for (Eigen::Index c = 0; c < x.cols(); ++c)
                mean += x(r, c);
            mean /= n;
            double var = 0;
            for (Eigen::Index c = 0; c < x.cols(); ++c) {
                const double d = x(r, c) - mean;
                var += d * d;
            }
            const double inv = 1.0 / std::sqrt(var / n + eps);
            for (Eigen::Index c = 0; c < x.cols(); ++c)
                y(r, c) = float((x(r, c) - mean) * inv) * weight(c) + bias(c);
        }
        return y;
    }
};

struct Block {
    LayerNorm ln1, ln2;
    Linear qkv, proj, fc, out;
};

} // namespace

struct CpuGpt::Weights {
    Matrix tokens;    ///< [vocab, width]; also the output head
    Matrix positions; ///< [context, width]
    std::vector<Block> blocks;
    LayerNorm lnFinal;
};

CpuGpt::CpuGpt() = default;
CpuGpt::~CpuGpt() = default;

std::shared_ptr<const CpuGpt> CpuGpt::load(const std::string& path)
{
    const SafetensorsFile file = readSafetensors(path);
    std::shared_ptr<CpuGpt> model(new CpuGpt());
    model->m_config = lm::gptConfigFrom(file, path);
    model->m_tokenizer = lm::gptTokenizerFrom(file, model->m_config, path);
    checkTensors(file, lm::gptWeightSpecs(model->m_config), path);

    auto matrix = [&](const std::string& name) {
        const TensorRecord& t = *file.find(name); // present with its shape: checkTensors
        const std::vector<float> v = f32Values(t);
        return Matrix(
            Eigen::Map<const Matrix>(v.data(), Eigen::Index(t.shape[0]), Eigen::Index(t.shape[1])));
    };
    auto vector = [&](const std::string& name) {
        const std::vector<float> v = f32Values(*file.find(name));
        return RowVector(Eigen::Map<const RowVector>(v.data(), Eigen::Index(v.size())));
    };
    auto linear = [&](const std::string& name) {
        return Linear{matrix(name + ".weight"), vector(name + ".bias")};
    };
    auto layerNorm = [&](const std::string& name) {
        return LayerNorm{vector(name + ".weight"), vector(name + ".bias")};
    };
    auto w = std::make_unique<Weights>();
    w->tokens = matrix("tok.weight");
    w->positions = matrix("pos.weight");
    for (int i = 0; i < model->m_config.layers; ++i) {
        const std::string b = "block" + std::to_string(i) + ".";
        w->blocks.push_back({layerNorm(b + "ln1"), layerNorm(b + "ln2"), linear(b + "attn.qkv"),
                             linear(b + "attn.proj"), linear(b + "fc"), linear(b + "out")});
    }
    w->lnFinal = layerNorm("lnf");
    model->m_weights = std::move(w);
    model->m_metadata = file.metadata;
    return model;
}

const GptConfig& CpuGpt::config() const
{
    return m_config;
}
const BpeTokenizer& CpuGpt::tokenizer() const
{
    return m_tokenizer;
}
const std::map<std::string, std::string>& CpuGpt::metadata() const
{
    return m_metadata;
}

PromptTokens CpuGpt::tokenize(const std::string& prompt) const
{
    return lm::promptTokens(m_tokenizer, m_config.contextLength, prompt);
}

NextTokenResult CpuGpt::nextToken(const std::string& prompt) const
{
    NextTokenResult out;
    out.prompt = tokenize(prompt);
    out.logits = forward(out.prompt.ids, false);
    return out;
}

std::vector<std::vector<float>> CpuGpt::logits(const std::vector<TokenId>& ids) const
{
    const std::vector<float> all = forward(ids, true);
    const std::size_t vocab = std::size_t(m_config.vocabSize);
    std::vector<std::vector<float>> out;
    for (std::size_t t = 0; t < ids.size(); ++t)
        out.emplace_back(all.begin() + long(t * vocab), all.begin() + long((t + 1) * vocab));
    return out;
}

std::vector<float> CpuGpt::forward(const std::vector<TokenId>& ids, bool allPositions) const
{
    const GptConfig& c = m_config;
    const Weights& w = *m_weights;
    const Eigen::Index time = Eigen::Index(ids.size());
    if (time < 1 || time > c.contextLength)
        throw InputError("sequence of " + std::to_string(time) + " tokens: the model takes 1-" +
                         std::to_string(c.contextLength));
    Matrix x(time, c.width);
    for (Eigen::Index t = 0; t < time; ++t) {
        const TokenId id = ids[std::size_t(t)];
        if (id < 0 || id >= c.vocabSize)
            throw InputError("token " + std::to_string(id) + " is outside the vocabulary of " +
                             std::to_string(c.vocabSize));
        x.row(t) = w.tokens.row(id) + w.positions.row(t);
    }
    const Eigen::Index headDim = c.width / c.heads;
    const float scale = float(1.0 / std::sqrt(double(headDim)));
    const float minusInf = -std::numeric_limits<float>::infinity();
    Matrix scores(time, time), mixed(time, c.width);
    for (const Block& block : w.blocks) {
        const Matrix qkv = block.qkv(block.ln1(x)); // [time, 3 width]: q | k | v, heads inside
        for (Eigen::Index h = 0; h < c.heads; ++h) {
            const auto q = qkv.middleCols(h * headDim, headDim);
            const auto k = qkv.middleCols(c.width + h * headDim, headDim);
            const auto v = qkv.middleCols(2 * c.width + h * headDim, headDim);
            scores.noalias() = q * k.transpose();
            for (Eigen::Index i = 0; i < time; ++i) {
                // Softmax over keys 0..i; keys after the query get probability 0.
                float top = minusInf;
                for (Eigen::Index j = 0; j <= i; ++j) {
                    scores(i, j) *= scale;
                    top = std::max(top, scores(i, j));
                }
                float sum = 0;
                for (Eigen::Index j = 0; j <= i; ++j) {
                    scores(i, j) = std::exp(scores(i, j) - top);
                    sum += scores(i, j);
                }
                for (Eigen::Index j = 0; j <= i; ++j)
                    scores(i, j) /= sum;
                for (Eigen::Index j = i + 1; j < time; ++j)
                    scores(i, j) = 0;
            }
            mixed.middleCols(h * headDim, headDim).noalias() = scores * v;
        }
        x += block.proj(mixed);
        Matrix hidden = block.fc(block.ln2(x));
        for (Eigen::Index i = 0; i < hidden.size(); ++i) {
            const float a = hidden.data()[i];
            hidden.data()[i] = 0.5f * a * (1.0f + std::erf(a * float(M_SQRT1_2)));
        }
        x += block.out(hidden);
    }
    const Matrix last = allPositions ? w.lnFinal(x) : w.lnFinal(x.bottomRows(1));
    Matrix logits(last.rows(), c.vocabSize);
    logits.noalias() = last * w.tokens.transpose();
    return std::vector<float>(logits.data(), logits.data() + logits.size());
}

} // namespace mllab
