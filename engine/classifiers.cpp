#include "engine/classifiers.h"

#include "engine/gpu/torch_device.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>

namespace mllab {
namespace {

void checkParams(const ClassifierParams& p)
{
    if (p.hiddenUnits < 1 || p.hiddenUnits > 1024)
        throw InputError("hidden units must be from 1 to 1024 (got " +
                         std::to_string(p.hiddenUnits) + ")");
    if (p.epochs < 1 || p.epochs > 100000)
        throw InputError("epochs must be from 1 to 100000 (got " + std::to_string(p.epochs) + ")");
    if (!(p.learningRate > 0 && p.learningRate <= 10))
        throw InputError("learning rate must be in (0, 10] (got " + std::to_string(p.learningRate) +
                         ")");
    if (!(p.weightDecay >= 0 && p.weightDecay <= 100))
        throw InputError("weight decay must be in [0, 100] (got " + std::to_string(p.weightDecay) +
                         ")");
}

torch::Tensor featureTensor(const Dataset& d)
{
    return torch::from_blob(const_cast<double*>(d.features.data()),
                            {std::int64_t(d.rows), std::int64_t(d.featureCount())}, torch::kFloat64)
        .to(torch::kFloat32);
}

/// A stack of affine layers with ReLU between them; weights drawn from this model's generator.
class Network {
public:
    Network(const std::vector<std::int64_t>& sizes, std::uint64_t seed, const c10::Device& device)
    {
        auto generator = at::detail::createCPUGenerator(seed);
        for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
            const double bound = 1.0 / std::sqrt(double(sizes[l]));
            auto w =
                (torch::rand({sizes[l], sizes[l + 1]}, generator, torch::kFloat32) * 2 - 1) * bound;
            auto b = (torch::rand({sizes[l + 1]}, generator, torch::kFloat32) * 2 - 1) * bound;
            m_weights.push_back(w.to(device).requires_grad_());
            m_biases.push_back(b.to(device).requires_grad_());
        }
    }

    torch::Tensor forward(torch::Tensor x) const
    {
        for (std::size_t l = 0; l < m_weights.size(); ++l) {
            x = torch::addmm(m_biases[l], x, m_weights[l]);
            if (l + 1 < m_weights.size())
                x = torch::relu(x);
        }
        return x;
    }

    std::vector<torch::Tensor> parameters() const
    {
        std::vector<torch::Tensor> all = m_weights;
        all.insert(all.end(), m_biases.begin(), m_biases.end());
        return all;
    }

    torch::Tensor weightPenalty() const
    {
        torch::Tensor sum = torch::zeros({}, m_weights[0].options());
        for (const auto& w : m_weights)
            sum = sum + w.square().sum();
        return sum;
    }

private:
    std::vector<torch::Tensor> m_weights, m_biases;
};

torch::Tensor lossOf(const torch::Tensor& logits, const torch::Tensor& labels, bool binary)
{
    if (binary)
        return torch::binary_cross_entropy_with_logits(logits.squeeze(1),
                                                       labels.to(torch::kFloat32));
    return torch::cross_entropy_loss(logits, labels);
}

double accuracyOf(const torch::Tensor& logits, const torch::Tensor& labels, bool binary)
{
    const torch::Tensor predicted =
        binary ? (logits.squeeze(1) > 0).to(torch::kLong) : logits.argmax(1);
    return predicted.eq(labels).to(torch::kFloat64).mean().item<double>();
}

std::vector<double> toVector(const torch::Tensor& t)
{
    const torch::Tensor c = t.to(torch::kCPU, torch::kFloat64).contiguous();
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

} // namespace

ModelKind modelKindFromName(const std::string& name)
{
    if (name == "logistic")
        return ModelKind::Logistic;
    if (name == "mlp")
        return ModelKind::Mlp;
    throw InputError("model must be 'logistic' or 'mlp' (got '" + name + "')");
}

std::string modelKindName(ModelKind kind)
{
    return kind == ModelKind::Logistic ? "logistic" : "mlp";
}

std::vector<double> sigmoidScores(const std::vector<double>& logits)
{
    std::vector<double> out(logits.size());
    for (std::size_t i = 0; i < logits.size(); ++i)
        out[i] = 1.0 / (1.0 + std::exp(-logits[i]));
    return out;
}

std::vector<double> labelValues(const Dataset& data)
{
    return std::vector<double>(data.labels.begin(), data.labels.end());
}

ClassifierOutputs trainClassifier(const DatasetSplit& split, const ClassifierParams& params,
                                  const Progress& progress)
{
    checkParams(params);
    const Dataset& train = split.train;
    const std::size_t classes = train.classCount();
    if (classes < 2)
        throw InputError("training needs at least two classes");
    if (train.rows < 2)
        throw InputError("training needs at least 2 rows (got " + std::to_string(train.rows) + ")");
    const bool binary = classes == 2;
    const c10::Device device = torchDevice(params.device);
    torch::Tensor x = featureTensor(train);
    const torch::Tensor mean = x.mean(0);
    const torch::Tensor sd = x.std(0, /*unbiased=*/false).clamp_min(1e-12);
    const auto standardise = [&](const Dataset& d) {
        return ((featureTensor(d) - mean) / sd).to(device);
    };
    x = standardise(train);
    const torch::Tensor y = torch::tensor(train.labels, torch::kLong).to(device);

    const std::int64_t in = std::int64_t(train.featureCount());
    const std::int64_t out = binary ? 1 : std::int64_t(classes);
    const std::vector<std::int64_t> sizes =
        params.model == ModelKind::Logistic
            ? std::vector<std::int64_t>{in, out}
            : std::vector<std::int64_t>{in, params.hiddenUnits, params.hiddenUnits, out};
    Network net(sizes, params.seed, device);
    torch::optim::Adam optimizer(net.parameters(), torch::optim::AdamOptions(params.learningRate));

    ClassifierOutputs result;
    result.outputs = std::size_t(out);
    const int sampleEvery = std::max(1, params.epochs / 50);
    ProgressThrottle throttle(progress);
    for (int epoch = 1; epoch <= params.epochs; ++epoch) {
        optimizer.zero_grad();
        torch::Tensor loss = lossOf(net.forward(x), y, binary);
        const double lossValue = loss.item<double>();
        if (params.weightDecay > 0)
            loss = loss + 0.5 * params.weightDecay * net.weightPenalty();
        loss.backward();
        optimizer.step();
        if (epoch % sampleEvery == 0 || epoch == 1)
            result.lossHistory.push_back(lossValue);
        throttle.tick(double(epoch) / double(params.epochs), "training");
    }

    torch::NoGradGuard noGrad;
    const torch::Tensor trainLogits = net.forward(x);
    result.trainLoss = lossOf(trainLogits, y, binary).item<double>();
    result.trainAccuracy = accuracyOf(trainLogits, y, binary);
    if (split.validation.rows > 0)
        result.validationLogits = toVector(net.forward(standardise(split.validation)));
    const torch::Tensor testLogits = net.forward(standardise(split.test));
    result.testLogits = toVector(testLogits);
    result.testAccuracy =
        accuracyOf(testLogits, torch::tensor(split.test.labels, torch::kLong).to(device), binary);
    return result;
}

} // namespace mllab
