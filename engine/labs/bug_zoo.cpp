// The bug-zoo lab's pipeline: torch::nn modules, torch::optim::SGD and
// torch::nn::CrossEntropyLoss, float32, seeded; both runs start from the same weights and see
// the same batch order unless their bug changes it.
#include "engine/labs/bug_zoo.h"
#include "engine/runtime.h"

#include "engine/datasets.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

namespace mllab::labs {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMomentum = 0.9;
const std::vector<double> kQuantiles = {0.1, 0.25, 0.5, 0.75, 0.9};

/// Linear -> BatchNorm1d -> ReLU -> dropout -> Linear -> ReLU -> dropout -> Linear (logits).
/// The initial weights and the dropout masks come from the lab's own generator, not libtorch's
/// global one, so two runs built from the same seed start identical and another job drawing
/// numbers meanwhile cannot change the result.
struct NetImpl : torch::nn::Module {
    NetImpl(int inputs, int width, int classes, double dropout, at::Generator generator)
        : random(std::move(generator)), dropP(dropout)
    {
        fc1 = register_module("fc1", torch::nn::Linear(inputs, width));
        bn1 = register_module("bn1", torch::nn::BatchNorm1d(width));
        fc2 = register_module("fc2", torch::nn::Linear(width, width));
        out = register_module("out", torch::nn::Linear(width, classes));
        // torch's default for Linear, U(±1/√fan_in) for weights and biases, from our generator.
        torch::NoGradGuard noGrad;
        for (torch::nn::Linear* layer : {&fc1, &fc2, &out}) {
            const double bound = 1.0 / std::sqrt(double((*layer)->options.in_features()));
            (*layer)->weight.uniform_(-bound, bound, random);
            (*layer)->bias.uniform_(-bound, bound, random);
        }
    }

    /// torch.nn.Dropout's rule: in train() mode zero each unit with probability p and scale the
    /// rest by 1/(1 - p); in eval() mode pass through.
    torch::Tensor drop(const torch::Tensor& x)
    {
        if (!is_training() || dropP <= 0)
            return x;
        const auto keep = torch::rand(x.sizes(), random, x.options()) >= dropP;
        return x * keep.to(x.scalar_type()) / (1 - dropP);
    }

    torch::Tensor forward(torch::Tensor x)
    {
        x = drop(torch::relu(bn1(fc1(x))));
        x = drop(torch::relu(fc2(x)));
        return out(x);
    }

    at::Generator random;
    double dropP = 0;
    torch::nn::Linear fc1{nullptr}, fc2{nullptr}, out{nullptr};
    torch::nn::BatchNorm1d bn1{nullptr};
};
TORCH_MODULE(Net);

struct Data {
    torch::Tensor x; ///< rows x features, float32, standardised
    torch::Tensor y; ///< class ids, int64
    long rows() const { return long(x.size(0)); }
};

/// The rows of a dataset standardised with the training rows' StandardScaler.
Data toTensors(const Dataset& d, const Standardizer& scaler)
{
    const std::size_t f = d.featureCount();
    std::vector<float> values(d.rows * f);
    for (std::size_t r = 0; r < d.rows; ++r)
        for (std::size_t c = 0; c < f; ++c)
            values[r * f + c] = float(scaler.apply(c, d.at(r, c)));
    std::vector<long> labels(d.labels.begin(), d.labels.end());
    return {torch::from_blob(values.data(), {long(d.rows), long(f)}, torch::kFloat32).clone(),
            torch::tensor(std::vector<int64_t>(labels.begin(), labels.end()), torch::kLong)};
}

std::vector<double> values(const torch::Tensor& t)
{
    const auto flat = t.reshape({-1}).to(torch::kFloat64).contiguous();
    return {flat.data_ptr<double>(), flat.data_ptr<double>() + flat.numel()};
}

torch::Tensor flatParameters(Net& net)
{
    std::vector<torch::Tensor> parts;
    for (const auto& p : net->parameters())
        parts.push_back(p.detach().reshape({-1}));
    return torch::cat(parts);
}

/// What the p(true) analysis keeps of one epoch: p(true class) and the predicted class per row.
struct Snapshot {
    std::vector<double> pTrue;
    std::vector<long> predicted;
    std::vector<char> correct; ///< predicted == the run's label
};

class Trainer {
public:
    Trainer(const BugZooLabParams& p, const std::string& bug, int classes, int flatFrom)
        : m_p(p), m_bug(bug), m_classes(classes), m_flatFrom(flatFrom)
    {
    }

    /// The run's loss: CrossEntropyLoss on the logits, or (the bug) on their softmax.
    torch::Tensor loss(const torch::Tensor& logits, const torch::Tensor& y) const
    {
        const auto input = m_bug == "softmax_before_ce" ? torch::softmax(logits, 1) : logits;
        return torch::nn::functional::cross_entropy(input, y);
    }

    BugZooRun train(const Data& trainData, const Data& validation, const Progress& progress,
                    double progressFrom, double progressSpan, std::map<int, Snapshot>& snapshots)
    {
        // The same seed gives both runs the same initial weights and, where the bug leaves the
        // data alone, the same batch order and dropout masks.
        Net net(int(trainData.x.size(1)), m_p.width, m_classes, m_p.dropout,
                at::make_generator<at::CPUGeneratorImpl>(m_p.seed * 4 + 1));
        at::Generator order = at::make_generator<at::CPUGeneratorImpl>(m_p.seed * 4 + 2);
        BugZooRun run;
        if (m_bug == "frozen_layer") {
            net->fc1->weight.set_requires_grad(false);
            net->fc1->bias.set_requires_grad(false);
        }
        for (const auto& param : net->parameters()) {
            run.parameters += param.numel();
            if (param.requires_grad())
                run.trainableParameters += param.numel();
        }
        const double lr = m_bug == "lr_high"  ? m_p.lr * 10
                          : m_bug == "lr_low" ? m_p.lr / 10
                                              : m_p.lr;
        torch::optim::SGD sgd(net->parameters(), torch::optim::SGDOptions(lr).momentum(kMomentum));

        const int epochs = m_p.epochs;
        for (auto* v : {&run.trainLoss, &run.trainAccuracy, &run.validationLoss,
                        &run.validationAccuracy, &run.stepNorm})
            v->assign(std::size_t(epochs) + 1, kNaN);
        if (m_bug == "eval_forgotten") {
            run.validationLossEvalMode.assign(std::size_t(epochs) + 1, kNaN);
            run.validationAccuracyEvalMode.assign(std::size_t(epochs) + 1, kNaN);
        }
        run.pTrueQuantiles.assign(std::size_t(epochs) + 1,
                                  std::vector<double>(kQuantiles.size(), kNaN));
        run.stepNorm[0] = 0;
        {
            torch::NoGradGuard noGrad;
            net->eval();
            const auto logits = net->forward(trainData.x);
            run.trainLoss[0] = loss(logits, trainData.y).item<double>();
            run.trainAccuracy[0] = accuracy(logits, trainData.y);
        }
        evaluate(net, trainData, validation, run, 0, snapshots);

        const long n = trainData.rows();
        ProgressThrottle throttle(progress);
        for (int epoch = 1; epoch <= epochs; ++epoch) {
            net->train();
            // Sorted data stays in its order; otherwise a fresh permutation every epoch.
            const auto perm = m_bug == "unshuffled" ? torch::arange(n, torch::kLong)
                                                    : torch::randperm(n, order, torch::kLong);
            double lossSum = 0, stepSum = 0;
            long seen = 0, correct = 0;
            int steps = 0;
            bool finite = true;
            for (long start = 0; start < n; start += m_p.batch) {
                throttle.tick(progressFrom +
                              progressSpan * (epoch - 1 + double(start) / n) / epochs);
                const long end = std::min(n, start + long(m_p.batch));
                // BatchNorm needs two rows for a batch variance: a last single row joins none
                // (what DataLoader's drop_last avoids).
                if (end - start < 2)
                    break;
                const auto rows = perm.slice(0, start, end);
                const auto xb = trainData.x.index_select(0, rows);
                const auto yb = trainData.y.index_select(0, rows);
                if (m_bug != "no_zero_grad")
                    sgd.zero_grad();
                const auto logits = net->forward(xb);
                auto batchLoss = loss(logits, yb);
                const double value = batchLoss.item<double>();
                if (!std::isfinite(value)) {
                    finite = false;
                    break;
                }
                batchLoss.backward();
                const auto before = flatParameters(net);
                sgd.step();
                const double step = (flatParameters(net) - before).norm().item<double>();
                lossSum += value * double(end - start);
                correct += long(std::lround(accuracy(logits.detach(), yb) * double(end - start)));
                seen += end - start;
                stepSum += step;
                ++steps;
            }
            if (!finite) {
                run.divergedEpoch = epoch;
                break; // the rest of the run stays NaN
            }
            run.trainLoss[std::size_t(epoch)] = lossSum / double(std::max(1L, seen));
            run.trainAccuracy[std::size_t(epoch)] = double(correct) / double(std::max(1L, seen));
            run.stepNorm[std::size_t(epoch)] = stepSum / std::max(1, steps);
            evaluate(net, trainData, validation, run, epoch, snapshots);
        }
        torch::NoGradGuard noGrad;
        net->eval();
        run.validationRecall.assign(std::size_t(m_classes), kNaN);
        if (run.divergedEpoch < 0) {
            const auto predicted = net->forward(validation.x).argmax(1);
            for (int c = 0; c < m_classes; ++c) {
                const auto inClass = validation.y == c;
                const double count = inClass.sum().item<double>();
                if (count > 0)
                    run.validationRecall[std::size_t(c)] =
                        ((predicted == c) & inClass).sum().item<double>() / count;
            }
        }
        return run;
    }

private:
    static double accuracy(const torch::Tensor& logits, const torch::Tensor& y)
    {
        return (logits.argmax(1) == y).to(torch::kFloat64).mean().item<double>();
    }

    /// After an epoch: validation (in eval() mode, or in train() mode for the eval_forgotten
    /// bug, which also lets BatchNorm's running statistics see the validation rows), and p(true)
    /// on the training rows in eval() mode.
    void evaluate(Net& net, const Data& trainData, const Data& validation, BugZooRun& run,
                  int epoch, std::map<int, Snapshot>& snapshots)
    {
        torch::NoGradGuard noGrad;
        const auto e = std::size_t(epoch);
        net->eval();
        auto logits = net->forward(validation.x);
        double vLoss = loss(logits, validation.y).item<double>();
        double vAccuracy = accuracy(logits, validation.y);
        if (m_bug == "eval_forgotten") {
            run.validationLossEvalMode[e] = vLoss;
            run.validationAccuracyEvalMode[e] = vAccuracy;
            net->train();
            logits = net->forward(validation.x);
            vLoss = loss(logits, validation.y).item<double>();
            vAccuracy = accuracy(logits, validation.y);
            net->eval();
        }
        run.validationLoss[e] = vLoss;
        run.validationAccuracy[e] = vAccuracy;

        const auto trainLogits = net->forward(trainData.x);
        const auto pTrue =
            torch::softmax(trainLogits.to(torch::kFloat64), 1).gather(1, trainData.y.unsqueeze(1));
        const auto sorted = std::get<0>(pTrue.reshape({-1}).sort());
        std::vector<double> q;
        const auto v = values(sorted);
        for (double level : kQuantiles) { // linear interpolation, numpy's default
            const double pos = level * double(v.size() - 1);
            const auto lo = std::size_t(std::floor(pos));
            const auto hi = std::min(v.size() - 1, lo + 1);
            q.push_back(v[lo] + (pos - double(lo)) * (v[hi] - v[lo]));
        }
        run.pTrueQuantiles[e] = q;
        if (epoch == m_flatFrom || epoch == m_p.epochs) {
            Snapshot s;
            s.pTrue = values(pTrue);
            const auto predicted = trainLogits.argmax(1).contiguous();
            s.predicted.assign(predicted.data_ptr<int64_t>(),
                               predicted.data_ptr<int64_t>() + predicted.numel());
            const auto labels = trainData.y.contiguous();
            for (std::size_t i = 0; i < s.predicted.size(); ++i)
                s.correct.push_back(char(s.predicted[i] == labels.data_ptr<int64_t>()[i]));
            snapshots[epoch] = std::move(s);
        }
    }

    const BugZooLabParams& m_p;
    std::string m_bug;
    int m_classes;
    int m_flatFrom;
};

double meanOf(const std::vector<double>& v, std::size_t from, std::size_t to)
{
    double sum = 0;
    int n = 0;
    for (std::size_t i = from; i < std::min(to, v.size()); ++i) {
        sum += v[i];
        ++n;
    }
    return n ? sum / n : kNaN;
}

/// The mean of the last `count` finite entries after index 0 (a diverged run's last steps).
double meanOfLastFinite(const std::vector<double>& v, std::size_t count)
{
    double sum = 0;
    std::size_t n = 0;
    for (std::size_t i = v.size(); i-- > 1 && n < count;)
        if (std::isfinite(v[i])) {
            sum += v[i];
            ++n;
        }
    return n ? sum / double(n) : kNaN;
}

double finiteMin(const std::vector<double>& v)
{
    double best = kNaN;
    for (double x : v)
        if (std::isfinite(x) && !(x >= best))
            best = x;
    return best;
}

double rises(const std::vector<double>& v)
{
    double sum = 0;
    for (std::size_t i = 2; i < v.size(); ++i)
        if (std::isfinite(v[i]) && std::isfinite(v[i - 1]))
            sum += std::max(0.0, v[i] - v[i - 1]);
    return sum;
}

double jitter(const std::vector<double>& v)
{
    double sum = 0;
    int n = 0;
    for (std::size_t i = 2; i < v.size(); ++i)
        if (std::isfinite(v[i]) && std::isfinite(v[i - 1])) {
            sum += std::abs(v[i] - v[i - 1]);
            ++n;
        }
    return n ? sum / n : kNaN;
}

int epochsBelow(const std::vector<double>& v, double level)
{
    for (std::size_t i = 1; i < v.size(); ++i)
        if (v[i] < level)
            return int(i);
    return -1;
}

LossDownAccuracyFlat flatAnalysis(const std::map<int, Snapshot>& snapshots, int from, int to)
{
    LossDownAccuracyFlat f;
    f.from = from;
    f.to = to;
    const auto a = snapshots.find(from), b = snapshots.find(to);
    if (a == snapshots.end() || b == snapshots.end()) { // the run diverged before
        for (double* x :
             {&f.lossFrom, &f.lossTo, &f.accuracyFrom, &f.accuracyTo, &f.pCorrectFrom,
              &f.pCorrectTo, &f.pWrongFrom, &f.pWrongTo, &f.changedShare, &f.lossDropFromCorrect})
            *x = kNaN;
        return f;
    }
    const Snapshot& s = a->second;
    const Snapshot& t = b->second;
    const std::size_t n = s.pTrue.size();
    double dropAll = 0, dropCorrect = 0;
    int changed = 0, rightTo = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double lossFrom = -std::log(std::max(s.pTrue[i], 1e-300));
        const double lossTo = -std::log(std::max(t.pTrue[i], 1e-300));
        f.lossFrom += lossFrom / double(n);
        f.lossTo += lossTo / double(n);
        changed += s.predicted[i] != t.predicted[i];
        rightTo += t.correct[i];
        dropAll += lossFrom - lossTo;
        if (s.correct[i]) {
            ++f.correctRows;
            f.pCorrectFrom += s.pTrue[i];
            f.pCorrectTo += t.pTrue[i];
            dropCorrect += lossFrom - lossTo;
        } else {
            ++f.wrongRows;
            f.pWrongFrom += s.pTrue[i];
            f.pWrongTo += t.pTrue[i];
        }
    }
    f.accuracyFrom = double(f.correctRows) / double(std::max<std::size_t>(1, n));
    f.accuracyTo = double(rightTo) / double(std::max<std::size_t>(1, n));
    f.pCorrectFrom = f.correctRows ? f.pCorrectFrom / f.correctRows : kNaN;
    f.pCorrectTo = f.correctRows ? f.pCorrectTo / f.correctRows : kNaN;
    f.pWrongFrom = f.wrongRows ? f.pWrongFrom / f.wrongRows : kNaN;
    f.pWrongTo = f.wrongRows ? f.pWrongTo / f.wrongRows : kNaN;
    f.changedShare = double(changed) / double(std::max<std::size_t>(1, n));
    f.lossDropFromCorrect = dropAll > 0 ? dropCorrect / dropAll : kNaN;
    return f;
}

} // namespace

BugZooLabResult computeBugZooLab(const BugZooLabParams& p, const Progress& progress)
{
    const SingleComputeThread oneThread;
    const auto& bugs = bugZooBugs();
    if (std::find(bugs.begin(), bugs.end(), p.bug) == bugs.end())
        throw InputError("unknown bug '" + p.bug + "'");
    if (p.epochs < 1)
        throw InputError("epochs must be at least 1, got " + std::to_string(p.epochs));
    if (p.batch < 2)
        throw InputError("the batch must hold at least 2 rows (BatchNorm needs a batch "
                         "variance), got " +
                         std::to_string(p.batch));
    if (!(p.lr > 0) || !std::isfinite(p.lr))
        throw InputError("the learning rate must be a positive number");
    if (!(p.dropout >= 0 && p.dropout < 1))
        throw InputError("dropout p must be in [0, 1)");
    if (!(p.noise >= 0 && p.noise <= 1))
        throw InputError("the share of flipped labels must be in [0, 1]");
    if (!(p.keep >= 0 && p.keep <= 1))
        throw InputError("the kept share of the smallest class must be in [0, 1]");
    const Dataset data = loadBuiltInDataset(p.dataset); // InputError for an unknown one
    const int classes = int(data.classCount());
    if (classes < 2)
        throw InputError(p.dataset + " has fewer than two classes");
    const DatasetSplit split = splitDataset(data, 0.0, p.validation, std::uint64_t(p.seed));
    const Dataset& trainSet = split.train;
    const Dataset& validationSet = split.test;
    if (std::size_t(p.batch) >= trainSet.rows)
        throw InputError("batch size " + std::to_string(p.batch) + " is not below the " +
                         std::to_string(trainSet.rows) + " training rows of " + p.dataset +
                         ": every epoch would be one full-batch step, with no minibatches");

    // StandardScaler on the (healthy) training rows.
    const std::size_t f = data.featureCount();
    const Standardizer scaler = fitStandardizer(trainSet);

    BugZooLabResult r;
    r.params = p;
    r.classNames = data.classNames;
    r.trainRows = int(trainSet.rows);
    r.validationRows = int(validationSet.rows);
    r.features = int(f);

    // The smallest class of the whole set (the last of equals): imbalance drops most of it.
    std::vector<int> counts(std::size_t(classes), 0);
    for (int label : data.labels)
        ++counts[std::size_t(label)];
    int minority = 0;
    for (int c = 0; c < classes; ++c)
        if (counts[std::size_t(c)] <= counts[std::size_t(minority)])
            minority = c;

    const Data healthyTrain = toTensors(trainSet, scaler);
    const Data validation = toTensors(validationSet, scaler);

    // The buggy run's training rows: the bug changes the data, or only the loop.
    Data buggyTrain = healthyTrain;
    at::Generator dataRandom = at::make_generator<at::CPUGeneratorImpl>(p.seed * 4 + 3);
    if (p.bug == "shuffled_labels") {
        buggyTrain.y = healthyTrain.y.index_select(
            0, torch::randperm(healthyTrain.rows(), dataRandom, torch::kLong));
    } else if (p.bug == "label_noise") {
        auto y = healthyTrain.y.clone();
        const long flips = std::lround(p.noise * double(healthyTrain.rows()));
        const auto rows = torch::randperm(healthyTrain.rows(), dataRandom, torch::kLong);
        const auto shift = torch::randint(1, classes, {healthyTrain.rows()}, dataRandom);
        for (long i = 0; i < flips; ++i) {
            const long row = rows[i].item<long>();
            y[row] = (y[row].item<long>() + shift[i].item<long>()) % classes;
        }
        buggyTrain.y = y;
    } else if (p.bug == "unshuffled") {
        // Sorted by class (stable), as a file grouped by label: every batch is one class.
        const auto order = std::get<1>(healthyTrain.y.sort(/*stable=*/true, 0, false));
        buggyTrain = {healthyTrain.x.index_select(0, order), healthyTrain.y.index_select(0, order)};
    } else if (p.bug == "imbalance") {
        std::vector<int64_t> keepRows;
        const long inClass = (healthyTrain.y == minority).sum().item<long>();
        const long kept = std::max(1L, std::lround(p.keep * double(inClass)));
        long taken = 0;
        for (long i = 0; i < healthyTrain.rows(); ++i) {
            if (healthyTrain.y[i].item<long>() == minority && taken++ >= kept)
                continue;
            keepRows.push_back(i);
        }
        const auto rows = torch::tensor(keepRows, torch::kLong);
        buggyTrain = {healthyTrain.x.index_select(0, rows), healthyTrain.y.index_select(0, rows)};
    }

    const int flatFrom = std::max(1, p.epochs / 2);
    std::map<int, Snapshot> healthySnapshots, buggySnapshots;
    Trainer healthyTrainer(p, "none", classes, flatFrom);
    const bool withBug = p.bug != "none";
    r.healthy = healthyTrainer.train(healthyTrain, validation, progress, 0, withBug ? 0.5 : 1,
                                     healthySnapshots);
    if (withBug) {
        Trainer buggyTrainer(p, p.bug, classes, flatFrom);
        r.buggy = buggyTrainer.train(buggyTrain, validation, progress, 0.5, 0.5, buggySnapshots);
    } else {
        r.buggy = r.healthy;
        buggySnapshots = healthySnapshots;
    }
    progress.update(1.0);

    BugZooSignature& s = r.signature;
    s.lnC = std::log(double(classes));
    s.softmaxFloor = std::log(1 + double(classes - 1) / std::exp(1.0));
    {
        std::vector<int> validationCounts(std::size_t(classes), 0);
        for (int label : validationSet.labels)
            ++validationCounts[std::size_t(label)];
        s.chance = double(*std::max_element(validationCounts.begin(), validationCounts.end())) /
                   double(validationSet.rows);
    }
    const std::size_t last = std::size_t(p.epochs);
    const std::size_t early = std::min<std::size_t>(3, last);
    s.healthyEarlyLoss = meanOf(r.healthy.trainLoss, 1, 1 + early);
    s.buggyEarlyLoss = meanOf(r.buggy.trainLoss, 1, 1 + early);
    s.healthyFinalLoss = r.healthy.trainLoss[last];
    s.buggyFinalLoss = r.buggy.trainLoss[last];
    s.healthyMinValidationLoss = finiteMin(r.healthy.validationLoss);
    s.buggyMinValidationLoss = finiteMin(r.buggy.validationLoss);
    s.healthyFinalValidationAccuracy = r.healthy.validationAccuracy[last];
    s.buggyFinalValidationAccuracy = r.buggy.validationAccuracy[last];
    s.healthyFinalTrainAccuracy = r.healthy.trainAccuracy[last];
    s.buggyFinalTrainAccuracy = r.buggy.trainAccuracy[last];
    s.healthyLossRises = rises(r.healthy.trainLoss);
    s.buggyLossRises = rises(r.buggy.trainLoss);
    s.healthyEarlyStep = meanOf(r.healthy.stepNorm, 1, 1 + early);
    s.buggyEarlyStep = meanOf(r.buggy.stepNorm, 1, 1 + early);
    s.healthyLateStep = meanOfLastFinite(r.healthy.stepNorm, early);
    s.buggyLateStep = meanOfLastFinite(r.buggy.stepNorm, early);
    s.healthyEpochsToHalf = epochsBelow(r.healthy.trainLoss, s.lnC / 2);
    s.buggyEpochsToHalf = epochsBelow(r.buggy.trainLoss, s.lnC / 2);
    if (p.bug == "eval_forgotten") {
        s.validationLossTrainMode = r.buggy.validationLoss[last];
        s.validationLossEvalMode = r.buggy.validationLossEvalMode[last];
        s.validationJitterTrainMode = jitter(r.buggy.validationLoss);
        s.validationJitterEvalMode = jitter(r.buggy.validationLossEvalMode);
    }
    s.minorityClass = minority;
    s.healthyMinorityRecall = r.healthy.validationRecall[std::size_t(minority)];
    s.buggyMinorityRecall = r.buggy.validationRecall[std::size_t(minority)];
    s.minorityTrainRows = int((buggyTrain.y == minority).sum().item<long>());

    r.flat = flatAnalysis(buggySnapshots, flatFrom, p.epochs);
    return r;
}

} // namespace mllab::labs
