// The sampling lab's model runs (libtorch).
#include "engine/labs/sampling.h"

namespace mllab::labs {

namespace {

std::shared_ptr<const LanguageModel> modelOf(const SamplingLabParams& p)
{
    return p.model ? p.model : LanguageModel::load(p.modelPath);
}

} // namespace

PromptLogits computePromptLogits(const SamplingLabParams& params, const Progress& progress)
{
    const auto model = modelOf(params);
    progress.checkCancelled();
    PromptLogits out;
    out.next = model->nextToken(params.prompt);
    for (int id = 0; id < model->tokenizer().vocabSize(); ++id)
        out.pieces.push_back(model->tokenizer().piece(id));
    out.pieces.resize(out.next.logits.size());
    return out;
}

std::vector<GeneratedText> computeGeneration(const SamplingLabParams& params,
                                             const Progress& progress)
{
    const auto model = modelOf(params);
    std::vector<GeneratedText> out;
    for (const GenerateParams& run : generationRuns(params))
        out.push_back(generateText(*model, run, progress));
    return out;
}

std::vector<DecodedSequence> computeDecoding(const SamplingLabParams& params,
                                             const Progress& progress)
{
    return compareDecoding(*modelOf(params), decodingParams(params), progress);
}

SamplingLabResult computeSamplingLab(const SamplingLabParams& params, const Progress& progress)
{
    SamplingLabParams p = params;
    p.model = modelOf(params); // loaded once for every part
    SamplingLabResult r;
    r.logits = computePromptLogits(p, progress);
    r.stage = stageSampling(r.logits.next, p);
    if (p.view == "generate")
        r.generated = computeGeneration(p, progress);
    else if (p.view == "decoding")
        r.decoded = computeDecoding(p, progress);
    return r;
}

} // namespace mllab::labs
