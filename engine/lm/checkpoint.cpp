// LanguageModel::save and ::load: the small GPT as a safetensors file. The metadata holds the
// format tag, the model config, the tokenizer merges and whatever the trainer adds (corpus hash,
// steps, validation loss); every tensor is F32, named as GptImpl::namedWeights() names it. The
// metadata and the expected tensors come from gpt_checkpoint.h, which the torch-free CPU
// inference shares.
#include "engine/gpu/torch_device.h"
#include "engine/lm/gpt_checkpoint.h"
#include "engine/lm/model_impl.h"
#include "engine/lm/safetensors.h"

#include <cstring>
#include <stdexcept>

namespace mllab {

void LanguageModel::save(const std::string& path, const std::map<std::string, std::string>& metadata) const
{
    SafetensorsFile file;
    file.metadata = m_impl->metadata;
    for (const auto& [k, v] : metadata)
        file.metadata[k] = v;
    for (const auto& [k, v] : lm::gptMetadata(m_impl->config, m_impl->tokenizer))
        file.metadata[k] = v;
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
    impl->config = lm::gptConfigFrom(file, path);
    impl->tokenizer = lm::gptTokenizerFrom(file, impl->config, path);
    checkTensors(file, lm::gptWeightSpecs(impl->config), path);
    impl->net = lm::Gpt(impl->config);

    torch::NoGradGuard noGrad;
    for (auto& [name, tensor] : impl->net->namedWeights()) {
        const TensorRecord* record = file.find(name);
        if (!record || record->shape != tensor.sizes().vec())
            throw std::logic_error("gptWeightSpecs disagrees with the model's weight '" + name + "'");
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
