// The lr-schedule lab's pipeline: torch::nn Linear/ReLU/Linear with cross-entropy, trained with
// torch::optim::SGD (momentum 0.9) or torch::optim::Adam, float32, seeded; the schedules come
// from engine/lrschedule.h and are written into the optimizer's param group before each epoch,
// as a PyTorch scheduler's step() does.
#include "engine/labs/lr_schedule.h"
#include "engine/runtime.h"

#include "engine/datasets.h"
#include "engine/lrschedule.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

namespace mllab::labs {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Data {
    torch::Tensor x, y, vx, vy; ///< standardised features (float32), class indices (int64)
    int features = 0, classes = 0;
};

Data loadData(const LrScheduleLabParams& p)
{
    const Dataset all = loadBuiltInDataset(p.dataset);
    const DatasetSplit split = splitDataset(all, 0.0, 0.3, std::uint64_t(p.seed));
    const Dataset& train = split.train;
    const Dataset& val = split.test;
    const std::size_t d = all.featureCount();
    const Standardizer scaler = fitStandardizer(train);
    const auto tensors = [&](const Dataset& set, torch::Tensor& x, torch::Tensor& y) {
        std::vector<float> values(set.rows * d);
        std::vector<int64_t> labels(set.rows);
        for (std::size_t r = 0; r < set.rows; ++r) {
            for (std::size_t j = 0; j < d; ++j)
                values[r * d + j] = float(scaler.apply(j, set.at(r, j)));
            labels[r] = set.labels[r];
        }
        x = torch::from_blob(values.data(), {int64_t(set.rows), int64_t(d)}, torch::kFloat32)
                .clone();
        y = torch::from_blob(labels.data(), {int64_t(set.rows)}, torch::kInt64).clone();
    };
    Data data;
    tensors(train, data.x, data.y);
    tensors(val, data.vx, data.vy);
    data.features = int(d);
    data.classes = int(all.classCount());
    return data;
}

/// Linear → ReLU → Linear. The initial weights come from the lab's own generator with torch's
/// default for Linear, U(±1/√fan_in) for weights and biases, so every run starts alike.
struct NetImpl : torch::nn::Module {
    NetImpl(int in, int hidden, int classes, at::Generator& random)
    {
        fc1 = register_module("fc1", torch::nn::Linear(in, hidden));
        fc2 = register_module("fc2", torch::nn::Linear(hidden, classes));
        torch::NoGradGuard noGrad;
        for (torch::nn::Linear* layer : {&fc1, &fc2}) {
            const double bound = 1.0 / std::sqrt(double((*layer)->options.in_features()));
            (*layer)->weight.uniform_(-bound, bound, random);
            (*layer)->bias.uniform_(-bound, bound, random);
        }
    }
    torch::Tensor forward(const torch::Tensor& x) { return fc2(torch::relu(fc1(x))); }
    torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(Net);

Net makeNet(const LrScheduleLabParams& p, const Data& data)
{
    at::Generator random = at::make_generator<at::CPUGeneratorImpl>(p.seed);
    return Net(data.features, p.hidden, data.classes, random);
}

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const LrScheduleLabParams& p, Net& net,
                                                       double lr)
{
    if (p.optimizer == "adam")
        return std::make_unique<torch::optim::Adam>(net->parameters(),
                                                    torch::optim::AdamOptions(lr));
    return std::make_unique<torch::optim::SGD>(net->parameters(),
                                               torch::optim::SGDOptions(lr).momentum(kLrMomentum));
}

/// What a scheduler's step() writes into the param group: the lr and, for one-cycle, SGD's
/// momentum or Adam's β1.
void setLr(torch::optim::Optimizer& optimizer, double lr, double momentum = kNaN)
{
    for (auto& group : optimizer.param_groups()) {
        if (auto* sgd = dynamic_cast<torch::optim::SGDOptions*>(&group.options())) {
            sgd->lr(lr);
            if (!std::isnan(momentum))
                sgd->momentum(momentum);
        } else if (auto* adam = dynamic_cast<torch::optim::AdamOptions*>(&group.options())) {
            adam->lr(lr);
            if (!std::isnan(momentum))
                adam->betas({momentum, std::get<1>(adam->betas())});
        }
    }
}

/// The batch order of one epoch: the same generator state in every run of a part.
struct Batches {
    explicit Batches(unsigned long long seed)
        : random(at::make_generator<at::CPUGeneratorImpl>(seed + 1))
    {
    }
    torch::Tensor order(int64_t rows) { return torch::randperm(rows, random, torch::kLong); }
    at::Generator random;
};

using Ticker = ProgressThrottle; ///< checks cancellation every batch

struct Evaluation {
    double loss = kNaN, accuracy = kNaN;
};

Evaluation evaluate(Net& net, const torch::Tensor& x, const torch::Tensor& y)
{
    torch::NoGradGuard noGrad;
    const auto logits = net->forward(x);
    Evaluation e;
    e.loss = torch::nn::functional::cross_entropy(logits, y).item<double>();
    e.accuracy = logits.argmax(1).eq(y).to(torch::kFloat64).mean().item<double>();
    return e;
}

/// One epoch of minibatches; returns the mean training loss (NaN or ∞ once it diverged).
double trainEpoch(Net& net, torch::optim::Optimizer& optimizer, const Data& data, int batch,
                  Batches& batches, Ticker& ticker, double fraction)
{
    const int64_t rows = data.x.size(0);
    const auto order = batches.order(rows);
    double sum = 0;
    int count = 0;
    for (int64_t start = 0; start < rows; start += batch) {
        ticker.tick(fraction, "training");
        const auto idx = order.slice(0, start, std::min<int64_t>(rows, start + batch));
        optimizer.zero_grad();
        auto loss = torch::nn::functional::cross_entropy(net->forward(data.x.index_select(0, idx)),
                                                         data.y.index_select(0, idx));
        const double value = loss.item<double>();
        if (!std::isfinite(value))
            return value;
        loss.backward();
        optimizer.step();
        sum += value;
        ++count;
    }
    return sum / std::max(1, count);
}

int stepsPerEpoch(int rows, int batch)
{
    return (rows + batch - 1) / batch;
}

/// Per-example gradients of the cross-entropy over the training set (n rows; columns fc1's
/// weight and bias, then fc2's, in their row-major order), from one backward pass: for a Linear
/// layer z = W a + b, example i's gradient is δ_i a_iᵀ and δ_i, where δ_i = ∂loss_i/∂z_i (the
/// gradient of the summed loss at row i). Also the summed loss.
std::pair<torch::Tensor, double> perExampleGradients(Net& net, const Data& data)
{
    const auto x = data.x;
    auto z1 = net->fc1(x);
    auto h = torch::relu(z1);
    auto z2 = net->fc2(h);
    z1.retain_grad();
    z2.retain_grad();
    auto lossSum = torch::nn::functional::cross_entropy(
        z2, data.y, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
    net->zero_grad();
    lossSum.backward();
    const int64_t n = x.size(0);
    const auto d2 = z2.grad().detach(), d1 = z1.grad().detach();
    auto g = torch::cat({torch::einsum("bi,bj->bij", {d1, x}).reshape({n, -1}), d1,
                         torch::einsum("bi,bj->bij", {d2, h.detach()}).reshape({n, -1}), d2},
                        1)
                 .to(torch::kFloat64)
                 .contiguous();
    net->zero_grad();
    return {g, lossSum.item<double>()};
}

NoiseScalePoint measureNoiseScale(Net& net, const Data& data)
{
    const auto [g, lossSum] = perExampleGradients(net, data);
    const std::vector<double> grads(g.data_ptr<double>(), g.data_ptr<double>() + g.numel());
    const NoiseScale s = gradientNoiseScale(grads, std::size_t(g.size(0)), std::size_t(g.size(1)));
    NoiseScalePoint point;
    point.trainLoss = lossSum / double(g.size(0));
    point.traceSigma = s.traceSigma;
    point.gradNorm2 = s.gradNorm2;
    point.bSimple = s.bSimple;
    return point;
}

std::vector<double> flatGradient(Net& net)
{
    std::vector<double> out;
    for (const torch::Tensor& t : {net->fc1->weight.grad(), net->fc1->bias.grad(),
                                   net->fc2->weight.grad(), net->fc2->bias.grad()}) {
        const auto flat = t.reshape({-1}).to(torch::kFloat64).contiguous();
        out.insert(out.end(), flat.data_ptr<double>(), flat.data_ptr<double>() + flat.numel());
    }
    return out;
}

} // namespace

LrRangeTestResult computeLrRangeTest(const LrScheduleLabParams& p, const Progress& progress)
{
    const SingleComputeThread oneThread;
    checkLrScheduleParams(p);
    const Data data = loadData(p);
    Net net = makeNet(p, data);
    const std::vector<double> lrs = rangeTestLrs(p.rangeStart, p.rangeEnd, p.rangeSteps);
    auto optimizer = makeOptimizer(p, net, lrs.front());
    Batches batches(p.seed);
    Ticker ticker(progress);
    LrRangeTestResult r;
    r.plannedSteps = p.rangeSteps;
    const int64_t rows = data.x.size(0);
    const int batch = std::min<int>(p.batch, int(rows));
    torch::Tensor order;
    int64_t start = rows;
    double average = 0, power = 1, best = std::numeric_limits<double>::infinity();
    for (int k = 0; k < p.rangeSteps; ++k) {
        ticker.tick(double(k) / p.rangeSteps, "range test");
        if (start + batch > rows) { // a new pass over the data; a short last batch is skipped
            order = batches.order(rows);
            start = 0;
        }
        const auto idx = order.slice(0, start, start + batch);
        start += batch;
        setLr(*optimizer, lrs[std::size_t(k)]);
        optimizer->zero_grad();
        auto loss = torch::nn::functional::cross_entropy(net->forward(data.x.index_select(0, idx)),
                                                         data.y.index_select(0, idx));
        const double value = loss.item<double>();
        if (!std::isfinite(value)) {
            r.diverged = true;
            break;
        }
        average = p.smoothing * average + (1 - p.smoothing) * value;
        power *= p.smoothing;
        const double smoothed = average / (1 - power);
        r.lr.push_back(lrs[std::size_t(k)]);
        r.loss.push_back(value);
        r.smoothed.push_back(smoothed);
        best = std::min(best, smoothed);
        if (k > 0 && smoothed > kRangeDivergence * best) {
            r.diverged = true;
            break;
        }
        loss.backward();
        optimizer->step();
    }
    const LrSuggestion s =
        suggestLr(r.lr, r.smoothed, p.rule == "min10" ? LrRule::MinOverTen : LrRule::Steepest);
    r.suggestedLr = s.lr;
    r.suggestedIndex = s.index;
    r.minIndex = s.minIndex;
    r.minLr = r.lr[s.minIndex];
    r.minLoss = r.smoothed[s.minIndex];
    r.slope = s.slope;
    r.firstLoss = r.smoothed.front();
    return r;
}

LrSchedulesResult computeLrSchedules(const LrScheduleLabParams& p, const Progress& progress)
{
    const SingleComputeThread oneThread;
    checkLrScheduleParams(p);
    const Data data = loadData(p);
    const int epochs = p.epochs;
    const int rows = int(data.x.size(0));
    const int batch = std::min(p.batch, rows);
    const OneCycleSchedule cycle = oneCycleLr(p.lr, epochs);
    struct Plan {
        std::string id, label;
        std::vector<double> lr, momentum; // empty momentum: the optimizer's own
    };
    const auto fmt = [](double v) {
        char text[32];
        std::snprintf(text, sizeof text, "%g", v);
        return std::string(text);
    };
    const std::vector<Plan> plans = {
        {"constant", "constant", std::vector<double>(std::size_t(epochs), p.lr), {}},
        {"step",
         "StepLR (" + std::to_string(p.stepSize) + ", γ " + fmt(p.gamma) + ")",
         stepLr(p.lr, p.stepSize, p.gamma, epochs),
         {}},
        {"cosine", "cosine", cosineLr(p.lr, epochs, 0, epochs), {}},
        {"warmup-cosine",
         "warm-up " + std::to_string(p.warmup) + " + cosine",
         warmupCosineLr(p.lr, p.warmup, kWarmupStartFactor, epochs),
         {}},
        {"one-cycle", "one-cycle", cycle.lr, cycle.momentum},
        {"plateau",
         "on plateau (×" + fmt(p.plateauFactor) + ", " + std::to_string(p.plateauPatience) + ")",
         {},
         {}}};
    LrSchedulesResult out;
    Ticker ticker(progress);
    for (std::size_t k = 0; k < plans.size(); ++k) {
        const Plan& plan = plans[k];
        Net net = makeNet(p, data);
        auto optimizer = makeOptimizer(p, net, p.lr);
        Batches batches(p.seed);
        PlateauScheduler plateau(p.lr, p.plateauFactor, p.plateauPatience, kPlateauThreshold);
        LrScheduleRun run;
        run.id = plan.id;
        run.label = plan.label;
        const double baseMomentum = p.optimizer == "adam" ? 0.9 : kLrMomentum;
        for (int e = 0; e < epochs; ++e) {
            const double lr = plan.id == "plateau" ? plateau.lr() : plan.lr[std::size_t(e)];
            const double momentum =
                plan.momentum.empty() ? baseMomentum : plan.momentum[std::size_t(e)];
            run.lr.push_back(lr);
            run.momentum.push_back(momentum);
            if (run.diverged) {
                run.trainLoss.push_back(kNaN);
                run.valLoss.push_back(kNaN);
                run.valAccuracy.push_back(kNaN);
                plateau.step(kNaN);
                continue;
            }
            setLr(*optimizer, lr, momentum);
            const double fraction = (double(k) + double(e) / epochs) / double(plans.size());
            const double trainLoss =
                trainEpoch(net, *optimizer, data, batch, batches, ticker, fraction);
            const Evaluation v = evaluate(net, data.vx, data.vy);
            run.diverged = !std::isfinite(trainLoss) || !std::isfinite(v.loss);
            run.trainLoss.push_back(run.diverged ? kNaN : trainLoss);
            run.valLoss.push_back(run.diverged ? kNaN : v.loss);
            run.valAccuracy.push_back(run.diverged ? kNaN : v.accuracy);
            plateau.step(run.valLoss.back());
        }
        run.finalValLoss = run.valLoss.back();
        run.finalAccuracy = run.valAccuracy.back();
        run.bestValLoss = std::numeric_limits<double>::infinity();
        for (int e = 0; e < epochs; ++e)
            if (run.valLoss[std::size_t(e)] < run.bestValLoss) {
                run.bestValLoss = run.valLoss[std::size_t(e)];
                run.bestEpoch = e;
            }
        if (!std::isfinite(run.bestValLoss))
            run.bestValLoss = kNaN;
        out.runs.push_back(std::move(run));
    }
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < out.runs.size(); ++k)
        if (out.runs[k].finalValLoss < best) {
            best = out.runs[k].finalValLoss;
            out.best = int(k);
        }
    return out;
}

LrBatchResult computeLrBatchSizes(const LrScheduleLabParams& p, const Progress& progress)
{
    const SingleComputeThread oneThread;
    checkLrScheduleParams(p);
    const Data data = loadData(p);
    const int rows = int(data.x.size(0));
    const int reference = std::min(p.batch, rows);
    LrBatchResult out;
    out.referenceBatch = reference;
    out.trainRows = rows;
    const int small = std::max(1, reference / 4), large = std::min(rows, reference * 4);
    struct Plan {
        int batch;
        bool scaled;
    };
    std::vector<Plan> plans = {{small, false}, {reference, false}, {large, false}};
    if (small != reference)
        plans.push_back({small, true});
    if (large != reference)
        plans.push_back({large, true});
    Ticker ticker(progress);
    for (std::size_t k = 0; k < plans.size(); ++k) {
        LrBatchRun run;
        run.batch = plans[k].batch;
        run.scaled = plans[k].scaled;
        // The linear scaling rule (Goyal et al. 2017): k times the batch, k times the lr.
        run.lr = run.scaled ? p.lr * double(run.batch) / double(reference) : p.lr;
        run.stepsPerEpoch = stepsPerEpoch(rows, run.batch);
        Net net = makeNet(p, data);
        auto optimizer = makeOptimizer(p, net, run.lr);
        Batches batches(p.seed);
        const bool measure = run.batch == reference && !run.scaled;
        if (measure)
            out.noise.push_back(measureNoiseScale(net, data));
        for (int e = 0; e < p.epochs; ++e) {
            if (run.diverged) {
                run.trainLoss.push_back(kNaN);
                run.valLoss.push_back(kNaN);
                continue;
            }
            const double fraction = (double(k) + double(e) / p.epochs) / double(plans.size());
            const double trainLoss =
                trainEpoch(net, *optimizer, data, run.batch, batches, ticker, fraction);
            const Evaluation v = evaluate(net, data.vx, data.vy);
            run.diverged = !std::isfinite(trainLoss) || !std::isfinite(v.loss);
            run.trainLoss.push_back(run.diverged ? kNaN : trainLoss);
            run.valLoss.push_back(run.diverged ? kNaN : v.loss);
            if (measure && !run.diverged) {
                NoiseScalePoint point = measureNoiseScale(net, data);
                point.step = (e + 1) * run.stepsPerEpoch;
                out.noise.push_back(point);
            }
        }
        out.runs.push_back(std::move(run));
    }
    return out;
}

PerExampleGradientCheck lrPerExampleGradients(const LrScheduleLabParams& p)
{
    checkLrScheduleParams(p);
    const SingleComputeThread oneThread;
    const Data data = loadData(p);
    Net net = makeNet(p, data);
    PerExampleGradientCheck c;
    const auto [g, lossSum] = perExampleGradients(net, data);
    (void)lossSum;
    c.rows = std::size_t(g.size(0));
    c.columns = std::size_t(g.size(1));
    c.perExample.assign(g.data_ptr<double>(), g.data_ptr<double>() + g.numel());
    // Autograd's own: the mean loss over the set, and the first example's loss alone.
    net->zero_grad();
    torch::nn::functional::cross_entropy(net->forward(data.x), data.y).backward();
    c.meanGradient = flatGradient(net);
    net->zero_grad();
    torch::nn::functional::cross_entropy(net->forward(data.x.slice(0, 0, 1)), data.y.slice(0, 0, 1))
        .backward();
    c.firstExampleGradient = flatGradient(net);
    return c;
}

LrScheduleLabResult computeLrScheduleLab(const LrScheduleLabParams& p, const Progress& progress)
{
    checkLrScheduleParams(p);
    LrScheduleLabResult r;
    r.params = p;
    const Data data = loadData(p);
    r.trainRows = int(data.x.size(0));
    r.validationRows = int(data.vx.size(0));
    r.features = data.features;
    r.classes = data.classes;
    r.range = computeLrRangeTest(p, progress);
    r.schedules = computeLrSchedules(p, progress);
    r.batches = computeLrBatchSizes(p, progress);
    return r;
}

} // namespace mllab::labs
