#include "engine/labs/tokenizer.h"

#include "engine/datapaths.h"
#include "engine/lm/gpt_checkpoint.h"
#include "engine/lm/safetensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>
#include <system_error>

namespace mllab::labs {

namespace {

/// What identifies a file's version: its modification time and size (none when unreadable).
struct FileStamp {
    std::filesystem::file_time_type modified{};
    std::uintmax_t size = 0;
    bool operator==(const FileStamp& other) const
    {
        return modified == other.modified && size == other.size;
    }
};

FileStamp stampOf(const std::string& path)
{
    std::error_code error;
    FileStamp stamp;
    stamp.modified = std::filesystem::last_write_time(path, error);
    stamp.size = error ? 0 : std::filesystem::file_size(path, error);
    return stamp;
}

std::shared_ptr<const BpeTokenizer> readCheckpointTokenizer(const std::string& path)
{
    const SafetensorsFile file = readSafetensors(path);
    const GptConfig config = lm::gptConfigFrom(file, path);
    auto tokenizer = std::make_shared<BpeTokenizer>(lm::gptTokenizerFrom(file, config, path));
    checkTensors(file, lm::gptWeightSpecs(config), path);
    return tokenizer;
}

void computeBpeHalf(const TokenizerLabParams& p, TokenizerLabResult& r, const Progress& progress)
{
    r.hasBpe = true;
    try {
        r.bpe = computeBpeLab(p.bpe, progress);
        r.shownStep = shownBpeStep(r.bpe, p.step);
    } catch (const InputError& e) {
        r.bpeError = e.what();
    }
}

void computeModelHalf(const TokenizerLabParams& p, TokenizerLabResult& r, const Progress& progress)
{
    r.hasModel = true;
    try {
        TokenizationParams t;
        t.tokenizer = *checkpointTokenizer(p.modelPath);
        t.text = p.modelText;
        r.model = computeTokenization(t, progress);
    } catch (const InputError& e) {
        r.modelError = e.what();
    }
}

nlohmann::json bpeJson(const TokenizerLabResult& result)
{
    if (!result.bpeError.empty())
        return {{"error", result.bpeError}};
    const BpeLabResult& bpe = result.bpe;
    nlohmann::json steps = nlohmann::json::array();
    for (const BpeLabStep& s : bpe.steps)
        steps.push_back({{"step", s.step},
                         {"pair", {s.left, s.right}},
                         {"count", s.count},
                         {"new_token", s.newToken},
                         {"piece", s.merged},
                         {"tokens", s.pieces.size()}});
    const int shown = result.shownStep;
    const auto& pieces =
        shown == 0 ? bpe.initialPieces : bpe.steps[std::size_t(shown - 1)].pieces;
    return {{"traced_bytes", bpe.initialPieces.size()},
            {"training_bytes", bpe.trainingBytes},
            {"steps", steps},
            {"stopped_early", bpe.stoppedEarly},
            {"shown_step", shown},
            {"shown_pieces", pieces}};
}

nlohmann::json modelJson(const TokenizerLabResult& result)
{
    if (!result.modelError.empty())
        return {{"error", result.modelError}};
    const TokenizationResult& m = result.model;
    return {{"ids", m.ids},
            {"pieces", m.pieces},
            {"tokens", m.ids.size()},
            {"bytes", m.bytes},
            {"characters", m.characters},
            {"words", m.words},
            {"bytes_per_token", m.bytesPerToken},
            {"tokens_per_word", m.tokensPerWord},
            {"vocabulary_size", m.vocabularySize},
            {"merges", m.vocabularySize - 256}};
}

} // namespace

TokenizerLabParams tokenizerLabParams(const LabState& state)
{
    TokenizerLabParams p;
    p.bpe.text = state.text("text");
    p.bpe.merges = int(state.integer("merges"));
    p.bpe.probeText = state.text("probe");
    p.step = int(state.integer("step"));
    p.modelPath = state.text("model").empty() ? shippedModelPath() : state.text("model");
    p.modelText = state.text("model_text");
    return p;
}

TokenizerLabResult computeTokenizerLab(const TokenizerLabParams& params, const Progress& progress)
{
    TokenizerLabResult r;
    if (params.computeBpe)
        computeBpeHalf(params, r, progress);
    if (params.computeModel)
        computeModelHalf(params, r, progress);
    return r;
}

int shownBpeStep(const BpeLabResult& bpe, int step)
{
    const int last = int(bpe.steps.size());
    return step < 0 ? last : std::min(step, last);
}

nlohmann::json tokenizerLabJson(const TokenizerLabResult& result)
{
    nlohmann::json json = nlohmann::json::object();
    if (result.hasBpe)
        json["bpe"] = bpeJson(result);
    if (result.hasModel)
        json["model"] = modelJson(result);
    return json;
}

std::string tokenizerLabError(const TokenizerLabResult& result)
{
    std::string message;
    if (!result.bpeError.empty())
        message = "BPE: " + result.bpeError;
    if (!result.modelError.empty())
        message += (message.empty() ? "" : "; ") + std::string("model's tokenizer: ") +
                   result.modelError;
    return message;
}

std::shared_ptr<const BpeTokenizer> checkpointTokenizer(const std::string& path)
{
    static std::mutex mutex;
    static std::map<std::string, std::pair<FileStamp, std::shared_ptr<const BpeTokenizer>>> cache;
    const FileStamp stamp = stampOf(path);
    {
        const std::lock_guard<std::mutex> lock(mutex);
        const auto it = cache.find(path);
        if (it != cache.end() && it->second.first == stamp)
            return it->second.second;
    }
    auto tokenizer = readCheckpointTokenizer(path); // the slow part, outside the lock
    const std::lock_guard<std::mutex> lock(mutex);
    cache[path] = {stamp, tokenizer};
    return tokenizer;
}

} // namespace mllab::labs
