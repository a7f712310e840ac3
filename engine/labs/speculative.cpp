// The speculative lab's pipeline (libtorch): both models, plain and speculative decoding timed
// in the same job, and the gamma sweep.
#include "engine/labs/speculative.h"

#include "engine/lm/decode.h"
#include "engine/runtime.h"

#include <algorithm>
#include <chrono>

namespace mllab::labs {
namespace {

constexpr int kRepeats = 2; ///< timed runs of each kind in the lab's main job

struct Models {
    std::shared_ptr<LanguageModel> target;
    std::shared_ptr<LanguageModel> draft;
};

Models loadModels(const SpeculativeLabParams& p)
{
    Models m{LanguageModel::load(p.modelPath), LanguageModel::load(p.draftPath)};
    // One untimed call each, so neither timing pays for first-call allocations.
    m.target->nextToken(p.prompt.empty() ? " " : p.prompt);
    m.draft->nextToken(p.prompt.empty() ? " " : p.prompt);
    return m;
}

/// Plain decoding, the path `lm generate` takes, at the same temperature and seed.
std::pair<std::vector<TokenId>, double> plainDecode(const LanguageModel& target,
                                                    const SpeculativeLabParams& p,
                                                    const Progress& progress)
{
    GenerateParams g;
    g.prompt = p.prompt;
    g.sampling.temperature = p.temperature;
    g.seed = p.seed;
    g.maxTokens = p.maxTokens;
    const auto started = std::chrono::steady_clock::now();
    const GeneratedText text = generateText(target, g, progress);
    return {text.ids,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()};
}

SpeculativeParams decodeParams(const SpeculativeLabParams& p, int gamma)
{
    SpeculativeParams s;
    s.prompt = p.prompt;
    s.gamma = gamma;
    s.maxTokens = p.maxTokens;
    s.temperature = p.temperature;
    s.seed = p.seed;
    return s;
}

double perPass(const SpeculativeResult& r)
{
    return r.verifyPasses > 0 ? double(r.ids.size()) / r.verifyPasses : 0.0;
}

void checkPrompt(const SpeculativeLabParams& p)
{
    if (p.prompt.empty())
        throw InputError("the prompt is empty: type a few words for the models to continue");
}

} // namespace

SpeculativeLabResult computeSpeculativeLab(const SpeculativeLabParams& p, const Progress& progress)
{
    checkPrompt(p);
    const SingleComputeThread oneThread;
    const Models m = loadModels(p);
    SpeculativeLabResult r;
    r.gamma = p.gamma;
    r.temperature = p.temperature;
    const SpeculativeParams params = decodeParams(p, p.gamma);
    // Alternating runs, the faster of each kind: on a busy machine one run alone is noisy.
    r.run = speculativeDecode(*m.target, *m.draft, params, progress);  // validates first
    auto [ids, seconds] = plainDecode(*m.target, p, {});
    r.plainIds = ids;
    r.plainSeconds = seconds;
    for (int again = 1; again < kRepeats; ++again) {
        progress.checkCancelled();
        r.run.seconds =
            std::min(r.run.seconds, speculativeDecode(*m.target, *m.draft, params).seconds);
        r.plainSeconds = std::min(r.plainSeconds, plainDecode(*m.target, p, {}).second);
    }
    r.speedup = r.run.seconds > 0 ? r.plainSeconds / r.run.seconds : 0.0;
    r.alpha = r.run.acceptanceRate();
    r.expectedPerPass = expectedTokensPerPass(r.alpha, p.gamma);
    r.tokensPerPass = perPass(r.run);
    r.matchesPlain = r.plainIds == r.run.ids;
    return r;
}

SpeculativeSweepResult computeSpeculativeSweep(const SpeculativeLabParams& p,
                                               const Progress& progress)
{
    checkPrompt(p);
    const SingleComputeThread oneThread;
    const Models m = loadModels(p);
    SpeculativeSweepResult out;
    // Plain decoding is timed between the speculative runs and its fastest run kept, so a
    // moment of load on the machine does not land on one side only.
    out.plainSeconds = plainDecode(*m.target, p, {}).second;
    for (int gamma = 1; gamma <= p.sweepMax; ++gamma) {
        progress.update(double(gamma - 1) / p.sweepMax, "γ = " + std::to_string(gamma));
        progress.checkCancelled();
        const SpeculativeResult r = speculativeDecode(*m.target, *m.draft, decodeParams(p, gamma));
        out.plainSeconds = std::min(out.plainSeconds, plainDecode(*m.target, p, {}).second);
        SpeculativeSweepPoint point;
        point.gamma = gamma;
        point.alpha = r.acceptanceRate();
        point.tokensPerPass = perPass(r);
        point.expectedPerPass = expectedTokensPerPass(point.alpha, gamma);
        point.seconds = r.seconds;
        out.points.push_back(point);
    }
    for (auto& point : out.points)
        point.speedup = point.seconds > 0 ? out.plainSeconds / point.seconds : 0.0;
    return out;
}

} // namespace mllab::labs
