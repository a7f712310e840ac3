// The convolution lab's pipeline: torch::nn::functional::conv2d for the image, torch::nn::Conv2d
// modules for the counts, and a small CNN (torch::nn, torch::optim::Adam), float32, seeded.
#include "engine/labs/convolution.h"
#include "engine/runtime.h"

#include "engine/datasets.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>


namespace mllab::labs {

namespace F = torch::nn::functional;

namespace {

torch::Tensor toTensor(const ConvImage& image)
{
    std::vector<float> v(image.values.begin(), image.values.end());
    return torch::from_blob(v.data(), {1, 1, image.height, image.width}, torch::kFloat32).clone();
}

ConvImage fromTensor(const torch::Tensor& t)
{
    const auto flat = t.detach().to(torch::kFloat64).contiguous();
    ConvImage image{int(flat.size(-2)), int(flat.size(-1)), {}};
    image.values.assign(flat.data_ptr<double>(), flat.data_ptr<double>() + flat.numel());
    return image;
}

long long parameterCount(const torch::nn::Module& module)
{
    long long n = 0;
    for (const auto& p : module.parameters())
        n += p.numel();
    return n;
}

/// torch's default initialisation of Conv2d and Linear, U(±1/√fan_in) for weights and biases
/// (kaiming_uniform with a = √5), drawn from the lab's own generator.
void initialise(torch::nn::Module& module, at::Generator& random)
{
    torch::NoGradGuard noGrad;
    for (const auto& child : module.modules(/*include_self=*/false)) {
        // The dictionary owns the entries that find() points into: keep it alive.
        auto own = child->named_parameters(/*recurse=*/false);
        torch::Tensor* weight = own.find("weight");
        torch::Tensor* bias = own.find("bias");
        if (!weight)
            continue;
        const double fanIn = double(weight->numel() / weight->size(0));
        const double bound = 1.0 / std::sqrt(fanIn);
        weight->uniform_(-bound, bound, random);
        if (bias)
            bias->uniform_(-bound, bound, random);
    }
}

/// conv(1 → f, 3x3, pad 1) → ReLU → max-pool 2 → conv(f → 2f, 3x3, pad 1) → ReLU → max-pool 2 →
/// Linear(2f·2·2 → 10): 8x8 → 4x4 → 2x2.
struct DigitCnnImpl : torch::nn::Module {
    explicit DigitCnnImpl(int filters)
    {
        conv1 = register_module(
            "conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(1, filters, 3).padding(1)));
        conv2 = register_module(
            "conv2",
            torch::nn::Conv2d(torch::nn::Conv2dOptions(filters, 2 * filters, 3).padding(1)));
        fc = register_module("fc", torch::nn::Linear(2 * filters * 4, 10));
    }
    torch::Tensor features(const torch::Tensor& x) { return torch::relu(conv1(x)); }
    torch::Tensor forward(const torch::Tensor& x)
    {
        auto h = F::max_pool2d(features(x), F::MaxPool2dFuncOptions(2));
        h = F::max_pool2d(torch::relu(conv2(h)), F::MaxPool2dFuncOptions(2));
        return fc(h.flatten(1));
    }
    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
    torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(DigitCnn);

std::pair<torch::Tensor, torch::Tensor> tensors(const Dataset& d)
{
    std::vector<float> x(d.features.begin(), d.features.end());
    auto images = torch::from_blob(x.data(), {long(d.rows), 1, 8, 8}, torch::kFloat32) / 16.0;
    std::vector<long> y(d.labels.begin(), d.labels.end());
    auto labels = torch::from_blob(y.data(), {long(d.rows)}, torch::kLong).clone();
    return {images.clone(), labels};
}

} // namespace

ConvolutionLabResult computeConvolutionLab(const ConvolutionLabParams& p, const Progress& progress)
{
    ConvolutionLabResult r;
    r.params = p;
    if (p.input != "image" && p.input != "digit")
        throw InputError("unknown input '" + p.input + "' (image, digit)");
    r.kernel = p.kernel == "custom" ? parseKernel(p.customKernel, p.kernelSize)
                                    : kernelPreset(p.kernel, p.kernelSize);
    r.input = p.input == "image" ? testImage() : digitImage(p.digit);
    const int size = r.input.height;
    const int out = checkedConvOutputSize(size, p.kernelSize, p.stride, p.padding, p.dilation);
    r.numerator = 1LL * size + 2LL * p.padding - 1LL * p.dilation * (p.kernelSize - 1) - 1;
    progress.checkCancelled();

    torch::NoGradGuard noGrad;
    const auto options =
        F::Conv2dFuncOptions().stride(p.stride).padding(p.padding).dilation(p.dilation);
    r.output = fromTensor(F::conv2d(toTensor(r.input), toTensor(r.kernel), options)[0][0]);
    r.nonFinite = std::count_if(r.output.values.begin(), r.output.values.end(),
                                [](double v) { return !std::isfinite(v); });

    r.stack = receptiveFieldStack(size, p.kernelSize, p.stride, p.padding, p.dilation, p.layers);
    r.stackEmptied = int(r.stack.size()) <= p.layers;

    // The C_in → C_out layer: counted by hand and by torch::nn::Conv2d, run on the image as C_in
    // channels to read the output size torch gives.
    r.conv = convCost(p.inChannels, p.outChannels, p.kernelSize, p.groups, out, out);
    r.dense = denseCost(1LL * p.inChannels * size * size, 1LL * p.outChannels * out * out);
    torch::nn::Conv2d layer(torch::nn::Conv2dOptions(p.inChannels, p.outChannels, p.kernelSize)
                                .stride(p.stride)
                                .padding(p.padding)
                                .dilation(p.dilation)
                                .groups(p.groups));
    r.torchConvParams = parameterCount(*layer);
    r.convOutputSize = int(layer(toTensor(r.input).expand({1, p.inChannels, size, size})).size(2));
    progress.checkCancelled();

    // 1x1 bottleneck against a direct 3x3, both with padding 1 so the map keeps its size.
    const int m = p.mapSize;
    r.direct3x3 = convCost(p.bottleneckIn, p.bottleneckOut, 3, 1, m, m);
    r.reduce1x1 = convCost(p.bottleneckIn, p.bottleneckMid, 1, 1, m, m);
    r.then3x3 = convCost(p.bottleneckMid, p.bottleneckOut, 3, 1, m, m);
    r.torchDirectParams = parameterCount(
        *torch::nn::Conv2d(torch::nn::Conv2dOptions(p.bottleneckIn, p.bottleneckOut, 3)));
    torch::nn::Conv2d reduce(torch::nn::Conv2dOptions(p.bottleneckIn, p.bottleneckMid, 1));
    r.torchBottleneckParams = parameterCount(*reduce) +
                              parameterCount(*torch::nn::Conv2d(
                                  torch::nn::Conv2dOptions(p.bottleneckMid, p.bottleneckOut, 3)));
    // A 1x1 convolution is a Linear over the channels at every pixel: W (C_mid x C_in) · x + b.
    at::Generator random = at::make_generator<at::CPUGeneratorImpl>(p.seed);
    const auto x = torch::randn({1, p.bottleneckIn, 6, 6}, random);
    const auto conv = reduce(x);
    const auto w = reduce->weight.reshape({p.bottleneckMid, p.bottleneckIn});
    const auto linear = torch::matmul(w, x.reshape({p.bottleneckIn, 36})) +
                        reduce->bias.reshape({p.bottleneckMid, 1});
    r.oneByOneMaxDifference =
        (conv.reshape({p.bottleneckMid, 36}) - linear).abs().max().item<double>();
    return r;
}

ConvolutionCnnResult computeConvolutionCnn(const ConvolutionLabParams& p, const Progress& progress)
{
    if (p.epochs < 1 || p.cnnFilters < 1)
        throw InputError("the CNN needs at least one epoch and one filter");
    if (p.digit < 0 || p.digit > 9)
        throw InputError("digit must be 0 to 9, got " + std::to_string(p.digit));
    const SingleComputeThread oneThread;
    ConvolutionCnnResult r;
    r.params = p;
    const DatasetSplit split = splitDataset(loadBuiltInDataset("digits"), 0, 0.25, p.seed);
    auto [trainX, trainY] = tensors(split.train);
    auto [testX, testY] = tensors(split.test);
    r.trainRows = int(split.train.rows);
    r.testRows = int(split.test.rows);

    at::Generator random = at::make_generator<at::CPUGeneratorImpl>(p.seed);
    DigitCnn net(p.cnnFilters);
    initialise(*net, random);
    r.parameters = parameterCount(*net);
    torch::optim::Adam adam(net->parameters(), torch::optim::AdamOptions(0.01));
    constexpr long kBatch = 64;
    const long n = trainX.size(0);
    for (int epoch = 1; epoch <= p.epochs; ++epoch) {
        net->train();
        const auto order = torch::randperm(n, random, torch::kLong);
        for (long start = 0; start < n; start += kBatch) {
            progress.checkCancelled();
            const auto rows = order.slice(0, start, std::min(n, start + kBatch));
            adam.zero_grad();
            auto loss = F::cross_entropy(net->forward(trainX.index_select(0, rows)),
                                         trainY.index_select(0, rows));
            loss.backward();
            adam.step();
        }
        torch::NoGradGuard noGrad;
        net->eval();
        CnnEpoch e;
        e.epoch = epoch;
        const auto trainLogits = net->forward(trainX), testLogits = net->forward(testX);
        e.trainLoss = F::cross_entropy(trainLogits, trainY).item<double>();
        e.testLoss = F::cross_entropy(testLogits, testY).item<double>();
        e.trainAccuracy =
            trainLogits.argmax(1).eq(trainY).to(torch::kFloat64).mean().item<double>();
        e.testAccuracy = testLogits.argmax(1).eq(testY).to(torch::kFloat64).mean().item<double>();
        r.epochs.push_back(e);
        progress.update(double(epoch) / p.epochs, "epoch " + std::to_string(epoch));
    }

    // Each digit's first test sample and what the first layer makes of it.
    torch::NoGradGuard noGrad;
    net->eval();
    for (long f = 0; f < net->conv1->weight.size(0); ++f)
        r.kernels.push_back(fromTensor(net->conv1->weight[f][0]));
    r.digits.resize(10);
    std::vector<bool> found(10, false);
    for (std::size_t i = 0; i < split.test.rows; ++i) {
        const int digit = std::stoi(split.test.classNames[std::size_t(split.test.labels[i])]);
        if (digit < 0 || digit > 9 || found[std::size_t(digit)])
            continue;
        found[std::size_t(digit)] = true;
        CnnDigit& d = r.digits[std::size_t(digit)];
        const auto x = testX.slice(0, long(i), long(i) + 1);
        d.sample = fromTensor(x[0][0]);
        d.predicted = int(net->forward(x).argmax(1).item<long>());
        const auto maps = net->features(x)[0];
        for (long f = 0; f < maps.size(0); ++f)
            d.featureMaps.push_back(fromTensor(maps[f]));
    }
    return r;
}

} // namespace mllab::labs
