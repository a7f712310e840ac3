#include "engine/lm/speculative.h"

#include "engine/lm/model_impl.h"

#include <chrono>
#include <cmath>
#include <random>

namespace mllab {
namespace {

torch::Tensor idsTensor(const std::vector<TokenId>& ids, const c10::Device& device)
{
    std::vector<int64_t> wide(ids.begin(), ids.end());
    return torch::tensor(wide, torch::TensorOptions().dtype(torch::kLong))
        .view({1, int64_t(wide.size())})
        .to(device);
}

/// One model's decoding state: its window of committed tokens and how many of them are cached.
struct Decoder {
    const LanguageModel& model;
    std::vector<TokenId> window;
    std::vector<lm::LayerCache> cache;
    std::size_t cached = 0;
    int passes = 0;

    int context() const { return model.config().contextLength; }
    /// Keeps the first n cached positions.
    void truncate(std::size_t n)
    {
        if (n == 0) {
            cache.clear();
        } else {
            for (auto& layer : cache) {
                layer.keys = layer.keys.slice(2, 0, int64_t(n));
                layer.values = layer.values.slice(2, 0, int64_t(n));
            }
        }
        cached = n;
    }
    /// As LanguageModel::generate: once the window fills, keep its last context/2 tokens.
    void slideIfFull(std::size_t limit)
    {
        if (window.size() >= limit && window.size() > std::size_t(context() / 2)) {
            window.erase(window.begin(), window.end() - context() / 2);
            truncate(0);
        }
    }
    /// Feeds the uncached window tokens and `extra`; returns the logits of the last `rows`
    /// positions as a [rows, vocab] float CPU tensor. The cache then holds window + extra.
    torch::Tensor feed(const std::vector<TokenId>& extra, int rows)
    {
        std::vector<TokenId> ids(window.begin() + long(cached), window.end());
        ids.insert(ids.end(), extra.begin(), extra.end());
        lm::ForwardOptions options;
        options.cache = &cache;
        auto& impl = model.impl();
        const auto logits = impl.net->forward(idsTensor(ids, impl.device), options).logits[0];
        ++passes;
        cached = window.size() + extra.size();
        return logits.slice(0, logits.size(0) - rows).to(torch::kCPU, torch::kFloat).contiguous();
    }
};

/// softmax(logits / T) in double; T = 0 puts all mass on the argmax (lowest id on ties).
std::vector<double> distribution(const float* logits, std::size_t n, double temperature)
{
    std::vector<double> p(n, 0.0);
    std::size_t best = 0;
    for (std::size_t i = 1; i < n; ++i)
        if (logits[i] > logits[best])
            best = i;
    if (temperature == 0) {
        p[best] = 1.0;
        return p;
    }
    double total = 0;
    for (std::size_t i = 0; i < n; ++i)
        total += p[i] = std::exp((double(logits[i]) - double(logits[best])) / temperature);
    for (double& v : p)
        v /= total;
    return p;
}

double uniform(std::mt19937_64& rng) { return double(rng() >> 11) * 0x1.0p-53; }

/// Inverse-CDF draw in token-id order from non-negative weights (not necessarily normalised).
TokenId draw(const std::vector<double>& weights, std::mt19937_64& rng)
{
    double total = 0;
    for (double w : weights)
        total += w;
    const double target = uniform(rng) * total;
    double cumulative = 0;
    TokenId last = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (weights[i] <= 0)
            continue;
        cumulative += weights[i];
        last = TokenId(i);
        if (cumulative > target)
            return last;
    }
    return last;
}

TokenId argmax(const std::vector<double>& p)
{
    std::size_t best = 0;
    for (std::size_t i = 1; i < p.size(); ++i)
        if (p[i] > p[best])
            best = i;
    return TokenId(best);
}

void validate(const LanguageModel& target, const LanguageModel& draft, const SpeculativeParams& p)
{
    if (p.gamma < 1 || p.gamma > 16)
        throw InputError("gamma (draft tokens per target pass) must be 1-16, got " +
                         std::to_string(p.gamma));
    if (p.maxTokens < 0 || p.maxTokens > 2000)
        throw InputError("max tokens must be 0-2000, got " + std::to_string(p.maxTokens));
    if (!std::isfinite(p.temperature) || p.temperature < 0 || p.temperature > 5)
        throw InputError("temperature must be between 0 and 5");
    const BpeTokenizer& a = target.tokenizer();
    const BpeTokenizer& b = draft.tokenizer();
    bool same = a.vocabSize() == b.vocabSize() &&
                target.config().vocabSize == draft.config().vocabSize;
    for (int id = 0; same && id < a.vocabSize(); ++id)
        same = a.tokenBytes(id) == b.tokenBytes(id);
    if (!same)
        throw InputError("the draft model's tokenizer differs from the target's (" +
                         std::to_string(b.vocabSize()) + " vs " + std::to_string(a.vocabSize()) +
                         " tokens): speculative decoding needs the same vocabulary");
}

} // namespace

double expectedTokensPerPass(double alpha, int gamma)
{
    if (alpha >= 1.0)
        return gamma + 1.0;
    return (1.0 - std::pow(alpha, gamma + 1)) / (1.0 - alpha);
}

SpeculativeResult speculativeDecode(const LanguageModel& target, const LanguageModel& draft,
                                    const SpeculativeParams& params, const Progress& progress)
{
    validate(target, draft, params);
    c10::InferenceMode guard;
    const auto started = std::chrono::steady_clock::now();
    SpeculativeResult out;
    const PromptTokens prompt = target.tokenize(params.prompt);
    out.droppedPromptTokens = prompt.droppedTokens;
    if (prompt.ids.empty())
        throw InputError("the prompt is empty: give at least one character");
    Decoder big{target, prompt.ids, {}, 0, 0};
    Decoder small{draft, prompt.ids, {}, 0, 0};
    big.slideIfFull(std::size_t(big.context()));
    const double T = params.temperature;
    const std::size_t vocab = std::size_t(target.config().vocabSize);
    std::mt19937_64 rng(params.seed);
    const BpeTokenizer& tokenizer = target.tokenizer();
    std::string bytes;
    auto emit = [&](TokenId id, SpeculativeTokenKind kind, int pass) {
        out.trace.push_back({id, tokenizer.piece(id), kind, pass});
        if (kind == SpeculativeTokenKind::Rejected)
            return;
        out.ids.push_back(id);
        bytes += tokenizer.tokenBytes(id);
    };

    int pass = 0;
    while (int(out.ids.size()) < params.maxTokens) {
        progress.update(double(out.ids.size()) / params.maxTokens, "decoding");
        progress.checkCancelled();
        const int remaining = params.maxTokens - int(out.ids.size());
        // The target's window never exceeds context - 1 tokens when it predicts (as generate).
        const int room = big.context() - 1 - int(big.window.size());
        const int g = std::max(0, std::min({params.gamma, remaining, room}));

        // Draft: g proposals, one forward each, from the draft's distribution at T.
        std::vector<TokenId> proposals;
        std::vector<std::vector<double>> q;
        if (g > 0) {
            if (small.window.size() + std::size_t(g) > std::size_t(small.context()))
                small.slideIfFull(0);
            for (int i = 0; i < g; ++i) {
                // Feed only what is not cached yet: the window's tail, then the last proposal
                // (pushed onto the window for the call and taken off again below).
                if (i > 0)
                    small.window.push_back(proposals.back());
                const torch::Tensor logits = small.feed({}, 1);
                q.push_back(distribution(logits.data_ptr<float>(), vocab, T));
                proposals.push_back(T == 0 ? argmax(q.back()) : draw(q.back(), rng));
            }
            // Only what the target keeps is committed.
            small.window.resize(small.window.size() - std::size_t(g - 1));
        }

        // Target: one pass scores the g proposals and the position after them.
        const torch::Tensor logits = big.feed(proposals, g + 1);
        std::vector<std::vector<double>> p;
        for (int i = 0; i <= g; ++i)
            p.push_back(distribution(logits[i].data_ptr<float>(), vocab, T));
        if (g > 0)
            ++out.verifyPasses;

        int kept = 0;
        TokenId next = -1;
        SpeculativeTokenKind nextKind = SpeculativeTokenKind::Bonus;
        for (int i = 0; i < g; ++i) {
            const TokenId x = proposals[std::size_t(i)];
            const double px = p[std::size_t(i)][std::size_t(x)];
            const double qx = q[std::size_t(i)][std::size_t(x)];
            bool accept;
            if (T == 0)
                accept = params.rule == SpeculativeRule::AcceptAll || x == argmax(p[std::size_t(i)]);
            else
                accept = params.rule == SpeculativeRule::AcceptAll || qx <= 0 ||
                         uniform(rng) < std::min(1.0, px / qx);
            ++out.proposed;
            if (accept) {
                ++out.accepted;
                ++kept;
                emit(x, SpeculativeTokenKind::Accepted, pass);
                continue;
            }
            emit(x, SpeculativeTokenKind::Rejected, pass);
            const auto& pi = p[std::size_t(i)];
            if (T == 0) {
                next = argmax(pi);
            } else {
                std::vector<double> residual(vocab);
                double mass = 0;
                for (std::size_t v = 0; v < vocab; ++v)
                    mass += residual[v] = std::max(0.0, pi[v] - q[std::size_t(i)][v]);
                next = draw(mass > 0 ? residual : pi, rng);
            }
            nextKind = SpeculativeTokenKind::Corrected;
            break;
        }
        if (next < 0 && int(out.ids.size()) < params.maxTokens) {
            const auto& last = p[std::size_t(g)];
            next = T == 0 ? argmax(last) : draw(last, rng);
        }
        if (next >= 0)
            emit(next, nextKind, pass);
        ++pass;

        // Commit: the kept proposals and the target's token; cut the refused suffix from caches.
        const std::size_t bigBefore = big.window.size();
        const std::size_t smallBefore = small.window.size();
        const std::vector<TokenId> committed(out.ids.end() - (kept + (next >= 0 ? 1 : 0)),
                                             out.ids.end());
        big.window.insert(big.window.end(), committed.begin(), committed.end());
        small.window.insert(small.window.end(), committed.begin(), committed.end());
        big.truncate(bigBefore + std::size_t(kept));
        small.truncate(std::min(small.cached, smallBefore + std::size_t(kept)));
        big.slideIfFull(std::size_t(big.context()));
    }
    out.targetPasses = big.passes;
    out.draftPasses = small.passes;
    out.text = bytes;
    out.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return out;
}

} // namespace mllab
