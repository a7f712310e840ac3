#include "engine/lm/model.h"

#include "engine/gpu/torch_device.h"
#include "engine/lm/model_impl.h"

#include <cmath>

namespace mllab {
namespace {

torch::Tensor idsTensor(const std::vector<TokenId>& ids, const c10::Device& device)
{
    std::vector<int64_t> wide(ids.begin(), ids.end());
    return torch::tensor(wide, torch::TensorOptions().dtype(torch::kLong)).view({1, int64_t(wide.size())}).to(device);
}

std::vector<float> toVector(const torch::Tensor& t)
{
    auto cpu = t.to(torch::kCPU, torch::kFloat).contiguous();
    return std::vector<float>(cpu.data_ptr<float>(), cpu.data_ptr<float>() + cpu.numel());
}

} // namespace

namespace lm {
std::shared_ptr<LanguageModel> wrap(std::unique_ptr<LanguageModel::Impl> impl)
{
    struct Access : LanguageModel {
        explicit Access(std::unique_ptr<Impl> i) : LanguageModel(std::move(i)) {}
    };
    return std::make_shared<Access>(std::move(impl));
}
} // namespace lm

LanguageModel::LanguageModel(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
LanguageModel::~LanguageModel() = default;

std::shared_ptr<LanguageModel> LanguageModel::create(const GptConfig& config, BpeTokenizer tokenizer,
                                                     std::uint64_t seed, const std::string& device)
{
    lm::validateConfig(config);
    if (tokenizer.vocabSize() > config.vocabSize)
        throw InputError("the tokenizer has " + std::to_string(tokenizer.vocabSize()) +
                         " tokens but the model only " + std::to_string(config.vocabSize));
    auto impl = std::make_unique<Impl>();
    impl->config = config;
    impl->tokenizer = std::move(tokenizer);
    impl->device = torchDevice(device);
    impl->deviceId = device;
    torch::manual_seed(seed);
    impl->net = lm::Gpt(config);
    impl->net->to(impl->device);
    impl->net->eval();
    return lm::wrap(std::move(impl));
}

const GptConfig& LanguageModel::config() const { return m_impl->config; }
const BpeTokenizer& LanguageModel::tokenizer() const { return m_impl->tokenizer; }
const std::string& LanguageModel::device() const { return m_impl->deviceId; }
const std::map<std::string, std::string>& LanguageModel::metadata() const { return m_impl->metadata; }

std::int64_t LanguageModel::parameterCount() const
{
    std::int64_t n = 0;
    for (const auto& p : m_impl->net->parameters())
        n += p.numel();
    return n;
}

PromptTokens LanguageModel::tokenize(const std::string& prompt) const
{
    return lm::promptTokens(m_impl->tokenizer, m_impl->config.contextLength, prompt);
}

NextTokenResult LanguageModel::nextToken(const std::string& prompt) const
{
    c10::InferenceMode guard;
    NextTokenResult out;
    out.prompt = tokenize(prompt);
    auto logits = m_impl->net->forward(idsTensor(out.prompt.ids, m_impl->device)).logits;
    out.logits = toVector(logits[0][logits.size(1) - 1]);
    return out;
}

AttentionResult LanguageModel::attention(const std::string& prompt, bool scaled) const
{
    c10::InferenceMode guard;
    AttentionResult out;
    out.prompt = tokenize(prompt);
    lm::ForwardOptions options;
    options.keepAttention = true;
    options.scaleScores = scaled;
    const auto forward = m_impl->net->forward(idsTensor(out.prompt.ids, m_impl->device), options);
    out.layers = m_impl->config.layers;
    out.heads = m_impl->config.heads;
    const int64_t time = int64_t(out.prompt.ids.size());
    for (const auto& layer : forward.attention) {
        auto cpu = layer[0].to(torch::kCPU, torch::kFloat).contiguous();  // [heads, time, time]
        std::vector<std::vector<std::vector<float>>> heads;
        for (int h = 0; h < out.heads; ++h) {
            std::vector<std::vector<float>> rows;
            for (int64_t q = 0; q < time; ++q) {
                const float* row = cpu[h][q].data_ptr<float>();
                rows.emplace_back(row, row + time);
            }
            heads.push_back(std::move(rows));
        }
        out.weights.push_back(std::move(heads));
    }
    return out;
}

HiddenStates LanguageModel::hiddenStates(const std::string& prompt) const
{
    c10::InferenceMode guard;
    HiddenStates out;
    out.prompt = tokenize(prompt);
    lm::ForwardOptions options;
    options.keepHidden = true;
    const auto forward = m_impl->net->forward(idsTensor(out.prompt.ids, m_impl->device), options);
    const auto hidden = forward.hidden[0].to(torch::kCPU, torch::kFloat).contiguous();
    out.dim = int(hidden.size(1));
    for (int64_t t = 0; t < hidden.size(0); ++t) {
        const float* row = hidden[t].data_ptr<float>();
        out.vectors.emplace_back(row, row + out.dim);
    }
    return out;
}

EvalResult LanguageModel::evaluate(const std::string& text, const Progress& progress) const
{
    c10::InferenceMode guard;
    const auto ids = m_impl->tokenizer.encode(text);
    if (ids.size() < 2)
        throw InputError("the text is too short to evaluate: it needs at least two tokens");
    const int64_t context = m_impl->config.contextLength;
    const int64_t stride = std::max<int64_t>(1, context / 2);
    const int64_t n = int64_t(ids.size());
    double nats = 0;
    int64_t predicted = 0;
    // Sliding windows: each window predicts only targets the previous one did not, so every
    // token after the first is scored once with at least context/2 tokens of history.
    for (int64_t start = 0, done = 1; done < n; start += stride) {
        progress.update(double(done) / double(n), "evaluating");
        const int64_t end = std::min(start + context + 1, n);
        std::vector<TokenId> window(ids.begin() + start, ids.begin() + end);
        auto logits = m_impl->net->forward(idsTensor({window.begin(), window.end() - 1}, m_impl->device)).logits[0];
        auto targets = idsTensor({window.begin() + 1, window.end()}, m_impl->device)[0];
        const int64_t first = done - (start + 1);  // index of the first new target in this window
        auto logp = torch::log_softmax(logits.to(torch::kFloat), -1)
                        .gather(1, targets.unsqueeze(1))
                        .squeeze(1)
                        .slice(0, first);
        nats -= logp.sum().item<double>();
        predicted += logp.size(0);
        done = end;
    }
    std::int64_t predictedBytes = 0;
    for (std::size_t i = 1; i < ids.size(); ++i)
        predictedBytes += std::int64_t(m_impl->tokenizer.tokenBytes(ids[i]).size());
    EvalResult out;
    out.tokens = predicted;
    out.bytes = std::int64_t(text.size());
    out.loss = nats / double(predicted);
    out.perplexity = std::exp(out.loss);
    out.bitsPerByte = nats / (double(predictedBytes) * std::log(2.0));
    return out;
}

std::vector<std::vector<float>> LanguageModel::nextLogProbs(const std::vector<std::vector<TokenId>>& prefixes) const
{
    c10::InferenceMode guard;
    std::vector<std::vector<float>> out;
    const std::size_t context = std::size_t(m_impl->config.contextLength);
    for (const auto& prefix : prefixes) {
        if (prefix.empty())
            throw InputError("a decoding prefix is empty");
        std::vector<TokenId> window(prefix.size() > context ? prefix.end() - long(context) : prefix.begin(),
                                    prefix.end());
        auto logits = m_impl->net->forward(idsTensor(window, m_impl->device)).logits[0];
        out.push_back(toVector(torch::log_softmax(logits[logits.size(0) - 1].to(torch::kFloat), -1)));
    }
    return out;
}

GenerationResult LanguageModel::generate(const std::string& prompt, int maxTokens, const TokenPicker& pick,
                                         const Progress& progress) const
{
    if (maxTokens < 0 || maxTokens > 100000)
        throw InputError("max tokens must be 0-100000, got " + std::to_string(maxTokens));
    c10::InferenceMode guard;
    GenerationResult out;
    PromptTokens start = tokenize(prompt);
    out.droppedPromptTokens = start.droppedTokens;
    const int context = m_impl->config.contextLength;
    std::vector<TokenId> history = start.ids;
    std::vector<lm::LayerCache> cache;
    lm::ForwardOptions options;
    options.cache = &cache;
    // Prime the cache with the history, leaving room for at least one new token.
    auto prime = [&] {
        cache.clear();
        if (int(history.size()) >= context)
            history.erase(history.begin(), history.end() - (context / 2));
        return m_impl->net->forward(idsTensor(history, m_impl->device), options).logits;
    };
    auto logits = prime();
    std::string bytes;
    for (int step = 0; step < maxTokens; ++step) {
        progress.update(double(step) / double(std::max(1, maxTokens)), "generating");
        const std::vector<float> next = toVector(logits[0][logits.size(1) - 1]);
        const TokenId id = pick(next);
        if (id < 0 || id >= m_impl->config.vocabSize)
            throw InputError("the sampler picked token " + std::to_string(id) + ", outside the vocabulary");
        const float maxLogit = *std::max_element(next.begin(), next.end());
        double z = 0;
        for (float l : next)
            z += std::exp(double(l) - maxLogit);
        out.probs.push_back(std::exp(double(next[std::size_t(id)]) - maxLogit) / z);
        out.ids.push_back(id);
        out.pieces.push_back(m_impl->tokenizer.piece(id));
        bytes += m_impl->tokenizer.tokenBytes(id);
        history.push_back(id);
        if (step + 1 == maxTokens)
            break;
        if (int(history.size()) >= context)
            logits = prime();
        else
            logits = m_impl->net->forward(idsTensor({id}, m_impl->device), options).logits;
    }
    out.text = bytes;
    return out;
}

} // namespace mllab
