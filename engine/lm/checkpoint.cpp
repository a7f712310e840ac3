// LanguageModel::save and ::load: the small GPT as a safetensors file. The metadata holds the
// format tag, the model config, the tokenizer merges and whatever the trainer adds (corpus hash,
// steps, validation loss); every tensor is F32, named as GptImpl::namedWeights() names it.
#include "engine/gpu/torch_device.h"
#include "engine/lm/model_impl.h"
#include "engine/lm/safetensors.h"

#include <charconv>
#include <cstring>

namespace mllab {
namespace {

const char* kFormat = "mllab-gpt-1";

int metadataInt(const SafetensorsFile& file, const std::string& key, const std::string& source)
{
    const auto it = file.metadata.find(key);
    if (it == file.metadata.end())
        throw InputError(source + ": the metadata lacks '" + key + "'");
    int value = 0;
    const auto [ptr, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
    if (ec != std::errc() || ptr != it->second.data() + it->second.size())
        throw InputError(source + ": metadata '" + key + "' is not an integer ('" + it->second + "')");
    return value;
}

GptConfig configFrom(const SafetensorsFile& file, const std::string& source)
{
    const auto format = file.metadata.find("format");
    if (format == file.metadata.end() || format->second != kFormat)
        throw InputError(source + " is not an MLLab language-model checkpoint (metadata 'format' is not '" +
                         kFormat + "')");
    GptConfig c;
    c.vocabSize = metadataInt(file, "vocab_size", source);
    c.contextLength = metadataInt(file, "context_length", source);
    c.layers = metadataInt(file, "layers", source);
    c.heads = metadataInt(file, "heads", source);
    c.width = metadataInt(file, "width", source);
    c.dropout = 0.0;
    try {
        lm::validateConfig(c);
    } catch (const InputError& e) {
        throw InputError(source + ": " + e.what());
    }
    return c;
}

} // namespace

void LanguageModel::save(const std::string& path, const std::map<std::string, std::string>& metadata) const
{
    SafetensorsFile file;
    file.metadata = m_impl->metadata;
    for (const auto& [k, v] : metadata)
        file.metadata[k] = v;
    const GptConfig& c = m_impl->config;
    file.metadata["format"] = kFormat;
    file.metadata["vocab_size"] = std::to_string(c.vocabSize);
    file.metadata["context_length"] = std::to_string(c.contextLength);
    file.metadata["layers"] = std::to_string(c.layers);
    file.metadata["heads"] = std::to_string(c.heads);
    file.metadata["width"] = std::to_string(c.width);
    file.metadata["tokenizer_merges"] = m_impl->tokenizer.serializeMerges();
    torch::NoGradGuard noGrad;
    for (auto& [name, tensor] : m_impl->net->namedWeights()) {
        auto cpu = tensor.detach().to(torch::kCPU, torch::kFloat).contiguous();
        std::vector<float> values(cpu.data_ptr<float>(), cpu.data_ptr<float>() + cpu.numel());
        file.tensors.push_back(makeF32Tensor(name, cpu.sizes().vec(), values));
    }
    writeSafetensors(path, file);
}

std::shared_ptr<LanguageModel> LanguageModel::load(const std::string& path, const std::string& device)
{
    const SafetensorsFile file = readSafetensors(path);
    auto impl = std::make_unique<Impl>();
    impl->config = configFrom(file, path);
    try {
        impl->tokenizer = BpeTokenizer::fromSerializedMerges(file.metadata.count("tokenizer_merges")
                                                                 ? file.metadata.at("tokenizer_merges")
                                                                 : std::string());
    } catch (const InputError& e) {
        throw InputError(path + ": " + e.what());
    }
    if (impl->tokenizer.vocabSize() > impl->config.vocabSize)
        throw InputError(path + ": the tokenizer has " + std::to_string(impl->tokenizer.vocabSize()) +
                         " tokens but the model only " + std::to_string(impl->config.vocabSize));
    impl->net = lm::Gpt(impl->config);
    std::vector<TensorSpec> expected;
    auto weights = impl->net->namedWeights();
    for (auto& [name, tensor] : weights)
        expected.push_back({name, DType::F32, tensor.sizes().vec()});
    checkTensors(file, expected, path);

    torch::NoGradGuard noGrad;
    for (auto& [name, tensor] : weights) {
        const TensorRecord* record = file.find(name);
        const std::vector<float> values = f32Values(*record);
        std::memcpy(tensor.data_ptr<float>(), values.data(), values.size() * sizeof(float));
    }
    impl->device = torchDevice(device);
    impl->deviceId = device;
    impl->net->to(impl->device);
    impl->net->eval();
    impl->metadata = file.metadata;
    return lm::wrap(std::move(impl));
}

} // namespace mllab
