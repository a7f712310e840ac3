#include "engine/lm/decode.h"

namespace mllab {
namespace {

NextLogProbs scorer(const LanguageModel& model)
{
    return [&model](const std::vector<std::vector<int>>& prefixes) {
        std::vector<std::vector<TokenId>> wide(prefixes.begin(), prefixes.end());
        return model.nextLogProbs(wide);
    };
}

/// Sum of log p(token | prefix) of `ids` after `prompt` at T = 1.
double sequenceLogProb(const LanguageModel& model, std::vector<TokenId> prefix, const std::vector<TokenId>& ids)
{
    double total = 0;
    for (TokenId id : ids) {
        total += model.nextLogProbs({prefix})[0][std::size_t(id)];
        prefix.push_back(id);
    }
    return total;
}

DecodedSequence sequence(const LanguageModel& model, const std::string& method, const std::vector<int>& prompt,
                         const std::vector<int>& ids)
{
    DecodedSequence s;
    s.method = method;
    s.ids.assign(ids.begin(), ids.end());
    s.text = model.tokenizer().decode(s.ids);
    s.logProb = sequenceLogProb(model, {prompt.begin(), prompt.end()}, s.ids);
    s.score = s.logProb;
    return s;
}

} // namespace

GeneratedText generateText(const LanguageModel& model, const GenerateParams& params, const Progress& progress)
{
    TokenSampler sampler(params.sampling, params.seed);
    std::vector<double> probs;
    const auto pick = [&](const std::vector<float>& logits) {
        const TokenDraw draw = sampler.sample(logits);
        probs.push_back(draw.probability);
        return TokenId(draw.id);
    };
    const GenerationResult r = model.generate(params.prompt, params.maxTokens, pick, progress);
    return {r.text, r.ids, r.pieces, probs, r.droppedPromptTokens};
}

std::vector<DecodedSequence> compareDecoding(const LanguageModel& model, const DecodeCompareParams& params,
                                             const Progress& progress)
{
    const PromptTokens prompt = model.tokenize(params.prompt);
    const std::vector<int> promptIds(prompt.ids.begin(), prompt.ids.end());
    const NextLogProbs next = scorer(model);

    BeamParams greedy;
    greedy.prompt = promptIds;
    greedy.width = 1;
    greedy.maxNewTokens = params.maxNewTokens;
    BeamParams beam = greedy;
    beam.width = params.beamWidth;
    beam.lengthPenalty = params.lengthPenalty;
    SampledDecodingParams sampled;
    sampled.prompt = promptIds;
    sampled.sampling = params.sampling;
    sampled.seed = params.seed;
    sampled.maxNewTokens = params.maxNewTokens;

    std::vector<DecodedSequence> out;
    out.push_back(sequence(model, "greedy", promptIds, computeBeamSearch(greedy, next, progress).beams.front().ids));
    const BeamResult beams = computeBeamSearch(beam, next, progress);
    DecodedSequence best = sequence(model, "beam", promptIds, beams.beams.front().ids);
    best.score = beams.beams.front().score;
    out.push_back(best);
    out.push_back(sequence(model, "sampling", promptIds, computeSampledDecoding(sampled, next, progress).ids));
    return out;
}

} // namespace mllab
