// The sampling lab's declaration, staging and JSON (libtorch-free).
#include "engine/labs/sampling.h"

#include "engine/datapaths.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mllab::labs {

namespace {

ParamSpec slider(const char* key, const char* label, double value, double min, double max,
                 double step)
{
    ParamSpec p{key, label, ParamType::Number, value, min, max, step};
    p.widget = ParamWidget::Slider;
    return p;
}

/// -sum p log2 p over the non-zero entries, in token order.
double entropyBits(const std::vector<double>& p)
{
    double h = 0;
    for (double v : p)
        if (v > 0)
            h -= v * std::log2(v);
    return h;
}

} // namespace

const LabSpec& samplingLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"sampling", "Sampling: temperature, top-k, top-p, min-p",
                  "Reshape the real next-token distribution of the small GPT and sample from it."};
        s.needsTorch = true;
        ParamSpec model{"model", "Model", ParamType::Text, std::string()};
        model.allowEmpty = true;
        model.help = "The language model: a checkpoint; empty: the shipped model";
        ParamSpec prompt{"prompt", "Prompt", ParamType::Text, std::string("The learning rate")};
        prompt.widget = ParamWidget::TextEdit;
        prompt.help = "The text whose next token is drawn";
        ParamSpec temperature = slider("temperature", "Temperature", 1.0, 0, 2, 0.01);
        temperature.specialValueText = "0 greedy";
        temperature.help = "Divides the logits: below 1 sharpens, above 1 flattens; 0 is greedy";
        ParamSpec topK{"top_k", "Top-k", ParamType::Integer, 0LL, 0, 65536, 1};
        topK.specialValueText = "off";
        topK.help = "Keeps the k most probable tokens; 0 keeps all";
        ParamSpec topP = slider("top_p", "Top-p", 1.0, 0.01, 1, 0.01);
        topP.help = "Keeps the fewest top tokens whose probability reaches p";
        ParamSpec minP = slider("min_p", "Min-p", 0.0, 0, 1, 0.01);
        minP.help = "Drops tokens below min-p times the top token's probability";
        ParamSpec seed = seedParam("Seed of the draws: the same seed draws the same tokens");
        ParamSpec bars{"bars", "Bars", ParamType::Integer, 20LL, 5, 50, 1};
        bars.help = "Tokens shown, most probable first";
        ParamSpec log{"log", "Log scale", ParamType::Bool, false};
        log.help = "Probabilities on a log axis, to see the tail";
        ParamSpec tokens{"tokens", "New tokens", ParamType::Integer, 40LL, 1, 400, 1};
        tokens.help = "Tokens to generate";
        ParamSpec compare{"compare", "Side by side: B", ParamType::Bool, false};
        compare.help = "Generate a second text B at its own temperature, same seed and filters";
        ParamSpec compareT{"compare_temperature", "B at T", ParamType::Number, 1.2, 0, 2, 0.1};
        compareT.enabledWhen = "compare=true";
        compareT.help = "Temperature of text B";
        ParamSpec beam{"beam_width", "Beam width", ParamType::Integer, 4LL, 1, 16, 1};
        beam.help = "Candidates beam search keeps";
        ParamSpec penalty{"length_penalty", "Length penalty α", ParamType::Number, 1.0, 0, 3, 0.1};
        penalty.help = "Beam search ranks by log P / length^α";
        ParamSpec view =
            tabsParam("view", {"distribution", "generate", "decoding"},
                      "The tab shown: the distribution, generated text, or the decoders");
        s.params = {model, prompt, temperature, topK,    topP, minP, seed,    bars, log,
                    tokens, compare, compareT,   beam,   penalty, view};
        return s;
    }();
    return spec;
}

SamplingLabParams samplingLabParams(const LabState& state)
{
    SamplingLabParams p;
    p.modelPath = state.text("model").empty() ? shippedModelPath() : state.text("model");
    p.prompt = state.text("prompt");
    p.config.temperature = state.number("temperature");
    p.config.topK = int(state.integer("top_k"));
    p.config.topP = state.number("top_p");
    p.config.minP = state.number("min_p");
    p.seed = std::uint64_t(state.integer("seed"));
    p.bars = int(state.integer("bars"));
    p.tokens = int(state.integer("tokens"));
    p.compare = state.flag("compare");
    p.compareTemperature = state.number("compare_temperature");
    p.beamWidth = int(state.integer("beam_width"));
    p.lengthPenalty = state.number("length_penalty");
    p.view = state.text("view");
    return p;
}

SamplingStage stageSampling(const NextTokenResult& next, const SamplingLabParams& p)
{
    SamplingParams params;
    params.logits.assign(next.logits.begin(), next.logits.end());
    params.config = p.config;
    params.seed = p.seed;
    params.draws = 1;
    SamplingStage stage;
    stage.sampling = computeSampling(params);
    const auto& softmax = stage.sampling.softmax;
    std::vector<int> order(softmax.size());
    std::iota(order.begin(), order.end(), 0);
    const std::size_t n = std::min<std::size_t>(std::size_t(std::max(0, p.bars)), order.size());
    std::partial_sort(order.begin(), order.begin() + long(n), order.end(), [&](int a, int b) {
        return softmax[std::size_t(a)] > softmax[std::size_t(b)] ||
               (softmax[std::size_t(a)] == softmax[std::size_t(b)] && a < b);
    });
    stage.bars.assign(order.begin(), order.begin() + long(n));
    for (std::size_t i = 0; i < stage.bars.size(); ++i) {
        const auto id = std::size_t(stage.bars[i]);
        if (stage.sampling.topP[id] == 0 && stage.sampling.topK[id] > 0) {
            stage.topPBoundary = int(i);
            break;
        }
    }
    const auto& final = stage.sampling.finalDistribution();
    stage.topToken = int(std::max_element(final.begin(), final.end()) - final.begin());
    stage.softmaxEntropyBits = entropyBits(softmax);
    stage.temperatureEntropyBits = entropyBits(stage.sampling.temperature);
    stage.topPKept = std::size_t(std::count_if(
        stage.sampling.topP.begin(), stage.sampling.topP.end(), [](double v) { return v > 0; }));
    return stage;
}

std::vector<GenerateParams> generationRuns(const SamplingLabParams& p)
{
    std::vector<GenerateParams> runs(1);
    runs[0].prompt = p.prompt;
    runs[0].sampling = p.config;
    runs[0].seed = p.seed;
    runs[0].maxTokens = p.tokens;
    if (p.compare) {
        runs.push_back(runs[0]);
        runs[1].sampling.temperature = p.compareTemperature;
    }
    return runs;
}

DecodeCompareParams decodingParams(const SamplingLabParams& p)
{
    DecodeCompareParams d;
    d.prompt = p.prompt;
    d.beamWidth = p.beamWidth;
    d.lengthPenalty = p.lengthPenalty;
    d.maxNewTokens = std::min(p.tokens, 30);
    d.sampling = p.config;
    d.seed = p.seed;
    return d;
}

nlohmann::json samplingLabJson(const SamplingLabResult& r)
{
    const SamplingResult& s = r.stage.sampling;
    const auto& final = s.finalDistribution();
    const auto top = std::size_t(std::max_element(final.begin(), final.end()) - final.begin());
    const auto piece = [&](std::size_t id) {
        return id < r.logits.pieces.size() ? r.logits.pieces[id] : std::to_string(id);
    };
    nlohmann::json bars = nlohmann::json::array();
    for (int id : r.stage.bars)
        bars.push_back({{"id", id},
                        {"piece", piece(std::size_t(id))},
                        {"p_t1", s.softmax[std::size_t(id)]},
                        {"p_final", final[std::size_t(id)]}});
    nlohmann::json j = {{"prompt_tokens", r.logits.next.prompt.ids.size()},
                        {"dropped_prompt_tokens", r.logits.next.prompt.droppedTokens},
                        {"entropy_bits", s.entropyBits},
                        {"kept", s.kept.size()},
                        {"vocabulary", final.size()},
                        {"top_token", {{"id", top}, {"piece", piece(top)}, {"p", final[top]}}},
                        {"bars", bars},
                        {"top_p_boundary", r.stage.topPBoundary}};
    if (!s.draws.empty())
        j["draw"] = {{"id", s.draws.front()}, {"piece", piece(std::size_t(s.draws.front()))}};
    nlohmann::json generated = nlohmann::json::array();
    for (const GeneratedText& g : r.generated)
        generated.push_back({{"text", g.text}, {"ids", g.ids}, {"probs", g.probs}});
    if (!generated.empty())
        j["generated"] = generated;
    nlohmann::json decoded = nlohmann::json::array();
    for (const DecodedSequence& d : r.decoded)
        decoded.push_back({{"method", d.method}, {"text", d.text}, {"log_prob", d.logProb}, {"score", d.score}});
    if (!decoded.empty())
        j["decoded"] = decoded;
    return j;
}

} // namespace mllab::labs
