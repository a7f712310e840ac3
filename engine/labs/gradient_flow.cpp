// The gradient-flow lab's pipeline: torch::nn modules, torch::optim, float32, seeded from the
// lab's own generator (the split, the initial weights, the minibatches).
#include "engine/labs/gradient_flow.h"
#include "engine/runtime.h"

#include "engine/datasets.h"
#include "engine/labs/activations.h"
#include "engine/labs/gradient_flow_net.h"

#include <torch/torch.h>

#include <cmath>
#include <limits>

namespace mllab::labs {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kHeldOut = 0.25;

std::vector<double> values(const torch::Tensor& t)
{
    const auto flat = t.detach().reshape({-1}).to(torch::kFloat64).contiguous();
    return {flat.data_ptr<double>(), flat.data_ptr<double>() + flat.numel()};
}

/// Features as a float32 tensor standardised with the training part's StandardScaler.
torch::Tensor features(const Dataset& d, const Standardizer& scaler)
{
    const std::size_t f = d.featureCount();
    auto t = torch::empty({long(d.rows), long(f)}, torch::kFloat32);
    auto a = t.accessor<float, 2>();
    for (std::size_t i = 0; i < d.rows; ++i)
        for (std::size_t j = 0; j < f; ++j)
            a[long(i)][long(j)] = float(scaler.apply(j, d.at(i, j)));
    return t;
}

torch::Tensor labels(const Dataset& d)
{
    auto t = torch::empty({long(d.rows)}, torch::kLong);
    for (std::size_t i = 0; i < d.rows; ++i)
        t[long(i)] = d.labels[i];
    return t;
}

void checkParams(const GradientFlowLabParams& p)
{
    if (p.dataset != "breast-cancer" && p.dataset != "wine")
        throw InputError("unknown dataset '" + p.dataset + "' (breast-cancer, wine)");
    checkActivation(p.activation);
    if (p.init != "zero" && p.init != "small" && p.init != "xavier" && p.init != "he" &&
        p.init != "large")
        throw InputError("unknown initialisation '" + p.init +
                         "' (zero, small, xavier, he, large)");
    if (p.norm != "none" && p.norm != "batchnorm" && p.norm != "layernorm")
        throw InputError("unknown normalisation '" + p.norm + "' (none, batchnorm, layernorm)");
    if (p.optimizer != "sgd" && p.optimizer != "adam")
        throw InputError("unknown optimizer '" + p.optimizer + "' (sgd, adam)");
    if (p.depth < 1 || p.depth > 200)
        throw InputError("depth must be from 1 to 200 hidden layers, got " +
                         std::to_string(p.depth));
    if (p.width < 1 || p.width > 4096)
        throw InputError("width must be from 1 to 4096 units, got " + std::to_string(p.width));
    if (p.steps < 1)
        throw InputError("steps must be at least 1, got " + std::to_string(p.steps));
    if (p.batch < 2)
        throw InputError("batch size must be at least 2 rows, got " + std::to_string(p.batch));
    if (!(p.lr > 0) || !std::isfinite(p.lr))
        throw InputError("the learning rate must be a positive number");
    if (!(p.clip >= 0) || !std::isfinite(p.clip))
        throw InputError("the gradient clipping norm must be 0 (off) or positive");
}

/// The activation curve and its saturated intervals, from the activations lab's engine.
void activationCurve(const std::string& activation, GradientFlowLabResult& r)
{
    ActivationsLabParams a;
    a.functions = {activation};
    a.xMin = -5;
    a.xMax = 5;
    a.points = 401;
    const ActivationsLabResult curves = computeActivationsLab(a);
    r.curveX = curves.x;
    r.curveValue = curves.curves.front().value;
    r.curveDerivative = curves.curves.front().derivative;
    for (std::size_t i = 0; i < r.curveX.size(); ++i) {
        if (!isSaturated(activation, r.curveX[i]))
            continue;
        if (!r.curveSaturated.empty() && i > 0 && r.curveSaturated.back().second == r.curveX[i - 1])
            r.curveSaturated.back().second = r.curveX[i];
        else
            r.curveSaturated.push_back({r.curveX[i], r.curveX[i]});
    }
}

double meanOf(const std::vector<double>& v, std::size_t from)
{
    double sum = 0;
    for (std::size_t i = from; i < v.size(); ++i)
        sum += v[i];
    return v.size() > from ? sum / double(v.size() - from) : kNaN;
}

/// a / b, NaN unless both are finite and b > 0.
double ratio(double a, double b)
{
    return std::isfinite(a) && std::isfinite(b) && b > 0 ? a / b : kNaN;
}

} // namespace

GradientFlowNetImpl::GradientFlowNetImpl(const GradientFlowLabParams& p, int inputs, int classes)
    : activation(p.activation), residual(p.residual)
{
    for (int l = 0; l < p.depth; ++l) {
        const std::string n = std::to_string(l + 1);
        hidden.push_back(
            register_module("fc" + n, torch::nn::Linear(l ? p.width : inputs, p.width)));
        if (p.norm == "batchnorm")
            batchNorms.push_back(register_module("bn" + n, torch::nn::BatchNorm1d(p.width)));
        else if (p.norm == "layernorm")
            layerNorms.push_back(register_module(
                "ln" + n, torch::nn::LayerNorm(torch::nn::LayerNormOptions({p.width}))));
    }
    output = register_module("out", torch::nn::Linear(p.width, classes));
}

void GradientFlowNetImpl::initialise(const std::string& scheme, at::Generator& random)
{
    torch::NoGradGuard noGrad;
    for (torch::nn::Linear& layer : linears()) {
        const double fanIn = double(layer->options.in_features());
        const double fanOut = double(layer->options.out_features());
        layer->bias.zero_();
        if (scheme == "zero")
            layer->weight.zero_();
        else if (scheme == "small")
            layer->weight.normal_(0, 0.01, random);
        else if (scheme == "xavier") // torch.nn.init.xavier_normal_, gain 1
            layer->weight.normal_(0, std::sqrt(2.0 / (fanIn + fanOut)), random);
        else if (scheme == "he") // torch.nn.init.kaiming_normal_, fan_in, ReLU gain √2
            layer->weight.normal_(0, std::sqrt(2.0 / fanIn), random);
        else
            layer->weight.normal_(0, 1.0, random);
    }
}

torch::Tensor GradientFlowNetImpl::forward(torch::Tensor x, std::vector<torch::Tensor>* pre)
{
    for (std::size_t l = 0; l < hidden.size(); ++l) {
        auto z = hidden[l](x);
        if (!batchNorms.empty())
            z = batchNorms[l](z);
        else if (!layerNorms.empty())
            z = layerNorms[l](z);
        if (pre)
            pre->push_back(z);
        const auto a = applyActivation(activation, z);
        x = residual && l > 0 ? x + a : a;
    }
    return output(x);
}

std::vector<torch::nn::Linear> GradientFlowNetImpl::linears() const
{
    std::vector<torch::nn::Linear> all = hidden;
    all.push_back(output);
    return all;
}

torch::Tensor applyActivation(const std::string& activation, const torch::Tensor& z)
{
    if (activation == "sigmoid")
        return torch::sigmoid(z);
    if (activation == "tanh")
        return torch::tanh(z);
    if (activation == "relu")
        return torch::relu(z);
    if (activation == "leaky-relu")
        return torch::leaky_relu(z, 0.01);
    return torch::gelu(z); // exact (erf), torch's default
}

torch::Tensor saturatedMask(const std::string& activation, const torch::Tensor& z)
{
    if (activation == "sigmoid") {
        const auto s = torch::sigmoid(z);
        return (s < 0.03).logical_or(s > 0.97);
    }
    if (activation == "tanh")
        return torch::tanh(z).abs() > 0.97;
    if (activation == "relu")
        return z <= 0;
    if (activation == "leaky-relu")
        return z < 0;
    return z < -3;
}

torch::Tensor stackedStatistics(const std::string& activation,
                                const std::vector<torch::Tensor>& preActivations)
{
    torch::NoGradGuard noGrad;
    const long layers = long(preActivations.size());
    // Every hidden layer has the same shape: one tensor [layers, rows · width].
    const auto z = torch::stack(preActivations).reshape({layers, -1});
    const auto a = applyActivation(activation, z);
    const auto saturated = saturatedMask(activation, z).to(torch::kFloat32).mean(1);
    const auto spread = z.size(1) > 1 ? a.std(1) : torch::zeros({layers});
    return torch::cat({a.mean(1), spread, saturated});
}

GradientFlowLabResult computeGradientFlowLab(const GradientFlowLabParams& p,
                                             const Progress& progress)
{
    checkParams(p);
    const SingleComputeThread oneThread;
    GradientFlowLabResult r;
    r.params = p;
    activationCurve(p.activation, r);

    // Data: stratified split, standardised with the training part's statistics.
    const Dataset data = loadBuiltInDataset(p.dataset);
    const DatasetSplit split = splitDataset(data, 0, kHeldOut, p.seed);
    const std::size_t f = data.featureCount();
    const Standardizer scaler = fitStandardizer(split.train);
    const auto x = features(split.train, scaler);
    const auto y = labels(split.train);
    const auto vx = features(split.test, scaler);
    const auto vy = labels(split.test);
    r.inputs = int(f);
    r.classes = int(data.classCount());
    r.trainRows = int(split.train.rows);
    r.validationRows = int(split.test.rows);
    const long n = long(split.train.rows);
    if (p.batch > n)
        throw InputError("batch size " + std::to_string(p.batch) + " is larger than the " +
                         std::to_string(n) + " training rows of " + p.dataset +
                         ": choose at most " + std::to_string(n));
    const long batch = p.batch;

    at::Generator random = at::make_generator<at::CPUGeneratorImpl>(p.seed);
    GradientFlowNet net(p, r.inputs, r.classes);
    net->initialise(p.init, random);
    const std::vector<torch::nn::Linear> linears = net->linears();
    const std::size_t layers = linears.size(), depth = std::size_t(p.depth);

    std::unique_ptr<torch::optim::Optimizer> optimizer;
    if (p.optimizer == "adam")
        optimizer = std::make_unique<torch::optim::Adam>(net->parameters(),
                                                         torch::optim::AdamOptions(p.lr));
    else
        optimizer =
            std::make_unique<torch::optim::SGD>(net->parameters(), torch::optim::SGDOptions(p.lr));

    r.gradNorm.assign(layers, std::vector<double>(std::size_t(p.steps), kNaN));
    r.updateRatio = r.gradNorm;
    r.actMean.assign(depth, std::vector<double>(std::size_t(p.steps), kNaN));
    r.actStd = r.actMean;
    r.actSaturated = r.actMean;
    r.loss.assign(std::size_t(p.steps), kNaN);
    r.totalNorm = r.loss;
    r.clippedNorm = r.loss;
    const int validateEvery = std::max(1, p.steps / 50);

    const auto validate = [&](int step) {
        torch::NoGradGuard noGrad;
        net->eval();
        const auto predicted = net->forward(vx).argmax(1);
        const double accuracy = predicted.eq(vy).to(torch::kFloat64).mean().item<double>();
        net->train();
        r.validationSteps.push_back(step);
        r.validationAccuracy.push_back(accuracy);
        return accuracy;
    };

    ProgressThrottle throttle(progress);
    auto order = torch::randperm(n, random, torch::kLong);
    long offset = 0;
    net->train();
    for (int step = 0; step < p.steps; ++step) {
        throttle.tick(double(step) / p.steps, "training");
        if (offset + batch > n) {
            order = torch::randperm(n, random, torch::kLong);
            offset = 0;
        }
        const auto rows = order.slice(0, offset, offset + batch);
        offset += batch;

        std::vector<torch::Tensor> pre;
        optimizer->zero_grad();
        const auto logits = net->forward(x.index_select(0, rows), &pre);
        const auto loss = torch::nn::functional::cross_entropy(logits, y.index_select(0, rows));
        loss.backward();

        // What is recorded stays in tensors until one conversion per step; per-layer norms cost
        // less than copying the whole network side by side.
        std::vector<torch::Tensor> record;
        std::vector<torch::Tensor> before;
        torch::Tensor beforeNorms;
        {
            torch::NoGradGuard noGrad;
            record.push_back(stackedStatistics(p.activation, pre));
            std::vector<torch::Tensor> gradNorms, weightNorms;
            for (const auto& layer : linears) {
                gradNorms.push_back(layer->weight.grad().norm());
                before.push_back(layer->weight.detach().clone());
                weightNorms.push_back(before.back().norm());
            }
            record.push_back(torch::stack(gradNorms));
            beforeNorms = torch::stack(weightNorms);
        }
        const auto totalNorm = [&net] {
            torch::NoGradGuard noGrad;
            std::vector<torch::Tensor> norms;
            for (const auto& parameter : net->parameters())
                if (parameter.grad().defined())
                    norms.push_back(parameter.grad().norm());
            return torch::stack(norms).norm().item<double>();
        };
        // torch's clip_grad_norm_ returns the total norm it found before scaling.
        const double total =
            p.clip > 0 ? torch::nn::utils::clip_grad_norm_(net->parameters(), p.clip) : totalNorm();
        const double clipped = p.clip > 0 ? totalNorm() : total;
        optimizer->step();
        {
            torch::NoGradGuard noGrad;
            std::vector<torch::Tensor> moved;
            for (std::size_t l = 0; l < layers; ++l)
                moved.push_back((linears[l]->weight - before[l]).norm());
            record.push_back(torch::stack(moved) / beforeNorms);
        }
        record.push_back(loss.detach().reshape({1}));
        const std::vector<double> v = values(torch::cat(record));
        const auto s = std::size_t(step);
        for (std::size_t l = 0; l < depth; ++l) {
            r.actMean[l][s] = v[l];
            r.actStd[l][s] = v[depth + l];
            r.actSaturated[l][s] = v[2 * depth + l];
        }
        for (std::size_t l = 0; l < layers; ++l) {
            r.gradNorm[l][s] = v[3 * depth + l];
            // 0/0 (a zero layer that did not move) and x/0 read as NaN: no ratio exists.
            const double u = v[3 * depth + layers + l];
            r.updateRatio[l][s] = std::isfinite(u) ? u : kNaN;
        }
        r.loss[s] = v.back();
        r.totalNorm[s] = total;
        r.clippedNorm[s] = clipped;
        if (!std::isfinite(r.loss[s])) {
            r.diverged = true;
            r.divergedAt = step;
            break; // the rest stays NaN: nothing is left to learn from
        }
        if ((step + 1) % validateEvery == 0 || step + 1 == p.steps)
            validate(step + 1);
    }
    r.finalValidationAccuracy = r.diverged ? kNaN : r.validationAccuracy.back();

    // Symmetry: on the training data in eval() mode, how far apart the units of a layer are.
    {
        torch::NoGradGuard noGrad;
        net->eval();
        std::vector<torch::Tensor> pre;
        net->forward(x, &pre);
        for (const auto& z : pre) {
            const auto a = applyActivation(p.activation, z);
            const auto spread = (std::get<0>(a.max(1)) - std::get<0>(a.min(1))).max();
            r.unitSpread.push_back(spread.item<double>());
        }
    }

    const std::size_t first = 0, last = depth - 1;
    r.gradRatioStart = ratio(r.gradNorm[first][0], r.gradNorm[last][0]);
    const std::size_t steps = r.diverged ? std::size_t(r.divergedAt) : std::size_t(p.steps);
    const std::size_t from = steps - std::max<std::size_t>(1, steps / 10);
    r.gradRatioEnd =
        steps > 0 ? ratio(meanOf(std::vector<double>(r.gradNorm[first].begin(),
                                                     r.gradNorm[first].begin() + long(steps)),
                                 from),
                          meanOf(std::vector<double>(r.gradNorm[last].begin(),
                                                     r.gradNorm[last].begin() + long(steps)),
                                 from))
                  : kNaN;
    progress.update(1.0, "done");
    return r;
}

} // namespace mllab::labs
