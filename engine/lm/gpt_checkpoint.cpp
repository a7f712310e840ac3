#include "engine/lm/gpt_checkpoint.h"

#include "engine/progress.h"

#include <charconv>

namespace mllab::lm {

const char* const kGptFormat = "mllab-gpt-1";

namespace {

int metadataInt(const SafetensorsFile& file, const std::string& key, const std::string& source)
{
    const auto it = file.metadata.find(key);
    if (it == file.metadata.end())
        throw InputError(source + ": the metadata lacks '" + key + "'");
    int value = 0;
    const auto [ptr, ec] =
        std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
    if (ec != std::errc() || ptr != it->second.data() + it->second.size())
        throw InputError(source + ": metadata '" + key + "' is not an integer ('" + it->second +
                         "')");
    return value;
}

} // namespace

void validateConfig(const GptConfig& c)
{
    auto need = [](bool ok, const std::string& what) {
        if (!ok)
            throw InputError("model config: " + what);
    };
    need(c.vocabSize >= 256 && c.vocabSize <= 65536,
         "vocab size must be 256-65536, got " + std::to_string(c.vocabSize));
    need(c.contextLength >= 2 && c.contextLength <= 4096,
         "context must be 2-4096, got " + std::to_string(c.contextLength));
    need(c.layers >= 1 && c.layers <= 48, "layers must be 1-48, got " + std::to_string(c.layers));
    need(c.heads >= 1 && c.width >= c.heads && c.width % c.heads == 0,
         "width (" + std::to_string(c.width) + ") must be a positive multiple of heads (" +
             std::to_string(c.heads) + ")");
    need(c.width <= 4096, "width must be at most 4096, got " + std::to_string(c.width));
    need(c.dropout >= 0.0 && c.dropout < 1.0,
         "dropout must be in [0, 1), got " + std::to_string(c.dropout));
}

std::vector<TensorSpec> gptWeightSpecs(const GptConfig& c)
{
    const std::int64_t w = c.width;
    std::vector<TensorSpec> out;
    auto add = [&](std::string name, std::vector<std::int64_t> shape) {
        out.push_back({std::move(name), DType::F32, std::move(shape)});
    };
    add("tok.weight", {c.vocabSize, w});
    add("pos.weight", {c.contextLength, w});
    for (int i = 0; i < c.layers; ++i) {
        const std::string b = "block" + std::to_string(i) + ".";
        add(b + "ln1.weight", {w});
        add(b + "ln1.bias", {w});
        add(b + "attn.qkv.weight", {3 * w, w});
        add(b + "attn.qkv.bias", {3 * w});
        add(b + "attn.proj.weight", {w, w});
        add(b + "attn.proj.bias", {w});
        add(b + "ln2.weight", {w});
        add(b + "ln2.bias", {w});
        add(b + "fc.weight", {4 * w, w});
        add(b + "fc.bias", {4 * w});
        add(b + "out.weight", {w, 4 * w});
        add(b + "out.bias", {w});
    }
    add("lnf.weight", {w});
    add("lnf.bias", {w});
    return out;
}

GptConfig gptConfigFrom(const SafetensorsFile& file, const std::string& source)
{
    const auto format = file.metadata.find("format");
    if (format == file.metadata.end() || format->second != kGptFormat)
        throw InputError(source +
                         " is not an MLLab language-model checkpoint (metadata 'format' is not '" +
                         kGptFormat + "')");
    GptConfig c;
    c.vocabSize = metadataInt(file, "vocab_size", source);
    c.contextLength = metadataInt(file, "context_length", source);
    c.layers = metadataInt(file, "layers", source);
    c.heads = metadataInt(file, "heads", source);
    c.width = metadataInt(file, "width", source);
    c.dropout = 0.0;
    try {
        validateConfig(c);
    } catch (const InputError& e) {
        throw InputError(source + ": " + e.what());
    }
    return c;
}

BpeTokenizer gptTokenizerFrom(const SafetensorsFile& file, const GptConfig& config,
                              const std::string& source)
{
    BpeTokenizer tokenizer;
    try {
        const auto merges = file.metadata.find("tokenizer_merges");
        tokenizer = BpeTokenizer::fromSerializedMerges(
            merges != file.metadata.end() ? merges->second : std::string());
    } catch (const InputError& e) {
        throw InputError(source + ": " + e.what());
    }
    if (tokenizer.vocabSize() > config.vocabSize)
        throw InputError(source + ": the tokenizer has " + std::to_string(tokenizer.vocabSize()) +
                         " tokens but the model only " + std::to_string(config.vocabSize));
    return tokenizer;
}

std::map<std::string, std::string> gptMetadata(const GptConfig& c, const BpeTokenizer& tokenizer)
{
    return {{"format", kGptFormat},
            {"vocab_size", std::to_string(c.vocabSize)},
            {"context_length", std::to_string(c.contextLength)},
            {"layers", std::to_string(c.layers)},
            {"heads", std::to_string(c.heads)},
            {"width", std::to_string(c.width)},
            {"tokenizer_merges", tokenizer.serializeMerges()}};
}

PromptTokens promptTokens(const BpeTokenizer& tokenizer, int contextLength,
                          const std::string& prompt)
{
    if (prompt.empty())
        throw InputError("the prompt is empty: type at least one character");
    PromptTokens out;
    out.ids = tokenizer.encode(prompt);
    if (int(out.ids.size()) > contextLength) {
        out.droppedTokens = int(out.ids.size()) - contextLength;
        out.ids.erase(out.ids.begin(), out.ids.begin() + out.droppedTokens);
    }
    for (TokenId id : out.ids)
        out.pieces.push_back(tokenizer.piece(id));
    return out;
}

} // namespace mllab::lm
