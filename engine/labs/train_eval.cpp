// The train-eval lab's pipeline: torch::nn modules and torch::optim::Adam, float32, seeded.
#include "engine/labs/train_eval.h"

#include "engine/runtime.h"

#include <torch/torch.h>

#include <cmath>

namespace mllab::labs {

namespace {

constexpr int kTrainPoints = 80;
constexpr int kValidationPoints = 200;
constexpr int kGridPoints = 241;

/// Linear -> normalisation -> ReLU -> dropout, twice, then a linear output. Its randomness (the
/// initial weights and the dropout masks) comes from the lab's own generator, not libtorch's
/// global one, so that another job drawing numbers meanwhile cannot change the result.
struct NetImpl : torch::nn::Module {
    NetImpl(const TrainEvalLabParams& p, at::Generator generator)
        : random(std::move(generator)), dropP(p.dropout)
    {
        fc1 = register_module("fc1", torch::nn::Linear(1, p.width));
        fc2 = register_module("fc2", torch::nn::Linear(p.width, p.width));
        out = register_module("out", torch::nn::Linear(p.width, 1));
        // torch's default for Linear, U(±1/√fan_in) for weights and biases, from our generator.
        torch::NoGradGuard noGrad;
        for (torch::nn::Linear* layer : {&fc1, &fc2, &out}) {
            const double bound = 1.0 / std::sqrt(double((*layer)->options.in_features()));
            (*layer)->weight.uniform_(-bound, bound, random);
            (*layer)->bias.uniform_(-bound, bound, random);
        }
        if (p.norm == "batchnorm") {
            const auto options = torch::nn::BatchNorm1dOptions(p.width).momentum(p.bnMomentum);
            bn1 = register_module("bn1", torch::nn::BatchNorm1d(options));
            bn2 = register_module("bn2", torch::nn::BatchNorm1d(options));
        } else if (p.norm == "layernorm") {
            ln1 = register_module("ln1",
                                  torch::nn::LayerNorm(torch::nn::LayerNormOptions({p.width})));
            ln2 = register_module("ln2",
                                  torch::nn::LayerNorm(torch::nn::LayerNormOptions({p.width})));
        }
    }

    torch::Tensor norm(torch::Tensor x, int layer)
    {
        if (bn1)
            return layer == 1 ? bn1(x) : bn2(x);
        if (ln1)
            return layer == 1 ? ln1(x) : ln2(x);
        return x;
    }

    /// torch.nn.Dropout's rule: in train() mode zero each unit with probability p and scale the
    /// rest by 1/(1 - p); in eval() mode pass through.
    torch::Tensor drop(const torch::Tensor& x)
    {
        if (!dropoutOn || dropP <= 0)
            return x;
        const auto keep = torch::rand(x.sizes(), random, x.options()) >= dropP;
        return x * keep.to(x.scalar_type()) / (1 - dropP);
    }

    void train(bool on = true) override
    {
        torch::nn::Module::train(on);
        dropoutOn = on;
    }

    torch::Tensor forward(torch::Tensor x)
    {
        x = drop(torch::relu(norm(fc1(x), 1)));
        x = drop(torch::relu(norm(fc2(x), 2)));
        return out(x);
    }

    at::Generator random;
    double dropP = 0;
    bool dropoutOn = true; ///< Monte-Carlo dropout turns it on in eval() mode
    torch::nn::Linear fc1{nullptr}, fc2{nullptr}, out{nullptr};
    torch::nn::BatchNorm1d bn1{nullptr}, bn2{nullptr};
    torch::nn::LayerNorm ln1{nullptr}, ln2{nullptr};
};
TORCH_MODULE(Net);

/// x uniform on [-2, -0.4] ∪ [0.4, 2] (a gap in the middle), y = sin(2x) + noise.
std::pair<torch::Tensor, torch::Tensor> sample(int n, double noise, at::Generator& random)
{
    auto side = torch::randint(0, 2, {n, 1}, random).to(torch::kFloat32) * 2 - 1;
    auto x = side * (0.4 + 1.6 * torch::rand({n, 1}, random));
    auto y = torch::sin(2 * x) + noise * torch::randn({n, 1}, random);
    return {x, y};
}

std::vector<double> values(const torch::Tensor& t)
{
    const auto flat = t.reshape({-1}).to(torch::kFloat64).contiguous();
    return {flat.data_ptr<double>(), flat.data_ptr<double>() + flat.numel()};
}

double mse(const torch::Tensor& a, const torch::Tensor& b)
{
    return torch::mse_loss(a, b).item<double>();
}

double trainNetwork(Net& net, const torch::Tensor& x, const torch::Tensor& y,
                    const TrainEvalLabParams& p, const Progress& progress)
{
    torch::optim::Adam adam(net->parameters(), torch::optim::AdamOptions(0.01));
    double last = 0;
    for (int epoch = 0; epoch < p.epochs; ++epoch) {
        progress.checkCancelled();
        net->train();
        const auto order = torch::randperm(kTrainPoints, net->random, torch::kLong);
        double sum = 0;
        int batches = 0;
        for (int start = 0; start < kTrainPoints; start += p.batch) {
            // BatchNorm needs two rows to have a batch variance: a last single row joins none.
            const int end = std::min(kTrainPoints, start + p.batch);
            if (end - start < 2 && net->bn1)
                break;
            const auto rows = order.slice(0, start, end);
            adam.zero_grad();
            auto loss =
                torch::mse_loss(net->forward(x.index_select(0, rows)), y.index_select(0, rows));
            loss.backward();
            adam.step();
            sum += loss.item<double>();
            ++batches;
        }
        last = sum / std::max(1, batches);
    }
    return last;
}

/// Mean of a per-unit statistic over the units where |x| of the grid lies in [lo, hi].
double meanWhere(const std::vector<double>& grid, const std::vector<double>& v, double lo,
                 double hi)
{
    double sum = 0;
    int n = 0;
    for (std::size_t i = 0; i < grid.size(); ++i)
        if (std::abs(grid[i]) >= lo && std::abs(grid[i]) <= hi) {
            sum += v[i];
            ++n;
        }
    return n ? sum / n : 0;
}

void compareRunningStatistics(Net& net, const torch::Tensor& x, TrainEvalLabResult& r)
{
    torch::NoGradGuard noGrad;
    const auto inputs = net->fc1(x); // what the first BatchNorm normalises
    const auto trueMean = inputs.mean(0);
    const auto trueVar = inputs.var(0, /*unbiased=*/true);
    r.hasBatchNorm = true;
    r.runningMeanError = (net->bn1->running_mean - trueMean).abs().mean().item<double>();
    r.runningVarRatio = (net->bn1->running_var / trueVar.clamp_min(1e-12)).mean().item<double>();
    // The statistics a batch gives BatchNorm in train() mode: the smaller, the noisier.
    const auto dataMean = inputs.mean(0);
    const auto dataVar = inputs.var(0, /*unbiased=*/false).clamp_min(1e-12);
    const auto order = torch::randperm(kTrainPoints, net->random, torch::kLong);
    for (int batch : {2, 4, 32}) {
        BatchStatistics s{batch, 0, 0};
        int batches = 0;
        for (int start = 0; start + batch <= kTrainPoints; start += batch, ++batches) {
            const auto rows = inputs.index_select(0, order.slice(0, start, start + batch));
            s.meanError += (rows.mean(0) - dataMean).abs().mean().item<double>();
            s.varRatio += (rows.var(0, /*unbiased=*/false) / dataVar).mean().item<double>();
        }
        s.meanError /= batches;
        s.varRatio /= batches;
        r.batchStatistics.push_back(s);
    }
}

} // namespace

TrainEvalLabResult computeTrainEvalLab(const TrainEvalLabParams& p, const Progress& progress)
{
    if (p.norm != "none" && p.norm != "batchnorm" && p.norm != "layernorm")
        throw InputError("unknown normalisation '" + p.norm + "' (none, batchnorm, layernorm)");
    const SingleComputeThread oneThread;
    at::Generator random = at::make_generator<at::CPUGeneratorImpl>(p.seed);
    TrainEvalLabResult r;
    r.params = p;
    const auto [x, y] = sample(kTrainPoints, p.noise, random);
    const auto [vx, vy] = sample(kValidationPoints, p.noise, random);
    Net net(p, random);
    r.trainLoss = trainNetwork(net, x, y, p, progress);
    r.trainX = values(x);
    r.trainY = values(y);

    torch::NoGradGuard noGrad;
    const auto grid = torch::linspace(-3, 3, kGridPoints).reshape({-1, 1});
    r.gridX = values(grid);
    r.truth = values(torch::sin(2 * grid));
    net->eval();
    r.evalCurve = values(net->forward(grid));
    r.validationEval = mse(net->forward(vx), vy);
    net->train(); // what forgetting eval() gives: dropout on, BatchNorm on the batch in hand
    r.trainCurve = values(net->forward(grid));
    r.validationTrain = mse(net->forward(vx), vy);
    // Monte-Carlo dropout: only the dropout layers sample; BatchNorm keeps its running statistics.
    net->eval();
    net->dropoutOn = true;
    std::vector<torch::Tensor> passes;
    for (int k = 0; k < p.mcPasses; ++k)
        passes.push_back(net->forward(grid));
    const auto stacked = torch::stack(passes);
    r.mcMean = values(stacked.mean(0));
    r.mcStd = values(stacked.std(0, /*unbiased=*/true));
    r.mcStdInside = meanWhere(r.gridX, r.mcStd, 0.5, 1.9);
    r.mcStdOutside = meanWhere(r.gridX, r.mcStd, 2.5, 3.0);
    net->eval();
    if (net->bn1)
        compareRunningStatistics(net, x, r);
    return r;
}

} // namespace mllab::labs
