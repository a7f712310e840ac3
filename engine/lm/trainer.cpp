#include "engine/lm/trainer.h"

#include "engine/csv.h"
#include "engine/lm/model_impl.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>

namespace mllab {
namespace {

namespace fs = std::filesystem;

void validate(const TrainParams& p)
{
    auto need = [](bool ok, const std::string& what) {
        if (!ok)
            throw InputError(what);
    };
    need(p.steps >= 1 && p.steps <= 10'000'000, "steps must be 1-10,000,000, got " + std::to_string(p.steps));
    need(p.batchSize >= 1 && p.batchSize <= 4096, "batch size must be 1-4096, got " + std::to_string(p.batchSize));
    // No upper bound: a rate far too large is a lesson of its own, and the run stops with a
    // clear error once the loss is no longer finite.
    need(p.learningRate > 0 && std::isfinite(p.learningRate),
         "learning rate must be positive and finite");
    need(p.minLearningRate >= 0 && p.minLearningRate <= p.learningRate,
         "minimum learning rate must be between 0 and the learning rate");
    need(p.warmupSteps >= 0, "warm-up steps must not be negative");
    need(p.weightDecay >= 0, "weight decay must not be negative");
    need(p.gradClip > 0, "gradient clipping norm must be positive");
    need(p.validationFraction > 0 && p.validationFraction < 0.5, "validation fraction must be in (0, 0.5)");
    need(p.evalEvery >= 1 && p.evalBatches >= 1, "evaluation interval and batches must be at least 1");
    lm::validateConfig(p.config);
}

void checkCorpusText(const std::string& corpus, const std::string& name)
{
    if (corpus.empty())
        throw InputError("the corpus " + name + " is empty");
    const auto nul = std::count(corpus.begin(), corpus.end(), '\0');
    if (nul > 0)
        throw InputError("the corpus " + name + " looks binary (it contains " + std::to_string(nul) +
                         " NUL bytes); use a text file");
}

std::string fnv1a64(const std::string& text)
{
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

/// Inputs and targets of `count` windows starting at `starts`.
std::pair<torch::Tensor, torch::Tensor> makeBatch(const torch::Tensor& tokens, const std::vector<int64_t>& starts,
                                                  int64_t context, const c10::Device& device)
{
    std::vector<torch::Tensor> rows;
    rows.reserve(starts.size());
    for (int64_t s : starts)
        rows.push_back(tokens.slice(0, s, s + context + 1));
    auto batch = torch::stack(rows).to(device);
    return {batch.slice(1, 0, context), batch.slice(1, 1, context + 1)};
}

double batchLoss(lm::GptImpl& net, const torch::Tensor& x, const torch::Tensor& y)
{
    auto logits = net.forward(x).logits;
    return torch::cross_entropy_loss(logits.reshape({-1, logits.size(-1)}), y.reshape({-1})).item<double>();
}

double validationLoss(lm::GptImpl& net, const torch::Tensor& tokens, const TrainParams& p)
{
    torch::NoGradGuard noGrad;
    net.eval();
    const int64_t context = p.config.contextLength;
    const int64_t span = tokens.size(0) - context - 1;
    const int64_t windows = int64_t(p.evalBatches) * p.batchSize;
    double total = 0;
    for (int b = 0; b < p.evalBatches; ++b) {
        std::vector<int64_t> starts;
        for (int i = 0; i < p.batchSize; ++i)  // evenly spaced: the same windows every time
            starts.push_back(span * (int64_t(b) * p.batchSize + i) / std::max<int64_t>(1, windows - 1));
        auto [x, y] = makeBatch(tokens, starts, context, net.parameters().front().device());
        total += batchLoss(net, x, y);
    }
    net.train();
    return total / p.evalBatches;
}

std::unique_ptr<torch::optim::AdamW> makeOptimizer(lm::GptImpl& net, const TrainParams& p)
{
    std::vector<torch::Tensor> decay, noDecay;
    for (auto& param : net.parameters())
        (param.dim() >= 2 ? decay : noDecay).push_back(param);
    auto options = [&](double wd) {
        return std::make_unique<torch::optim::AdamWOptions>(
            torch::optim::AdamWOptions(p.learningRate).betas({0.9, 0.95}).eps(1e-8).weight_decay(wd));
    };
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decay, options(p.weightDecay));
    groups.emplace_back(noDecay, options(0.0));
    return std::make_unique<torch::optim::AdamW>(groups, torch::optim::AdamWOptions(p.learningRate));
}

void saveCheckpoint(const LanguageModel& model, const TrainParams& p, int steps, double valLoss,
                    const std::string& corpusHash)
{
    model.save(p.outputPath, {{"corpus_name", p.corpusName},
                              {"corpus_fnv1a64", corpusHash},
                              {"steps", std::to_string(steps)},
                              {"seed", std::to_string(p.seed)},
                              {"validation_loss", std::to_string(valLoss)}});
}

} // namespace

double learningRateAt(const TrainParams& p, int step)
{
    if (step < p.warmupSteps)
        return p.learningRate * double(step + 1) / double(p.warmupSteps);
    const double span = std::max(1, p.steps - p.warmupSteps);
    const double progress = std::min(1.0, double(step - p.warmupSteps) / span);
    return p.minLearningRate + 0.5 * (p.learningRate - p.minLearningRate) * (1.0 + std::cos(M_PI * progress));
}

void ngramBaselines(const std::vector<TokenId>& train, const std::vector<TokenId>& validation, int vocabSize,
                    double& unigram, double& bigram)
{
    std::vector<double> uni(std::size_t(vocabSize), 1.0);  // add-one
    for (TokenId t : train)
        uni[std::size_t(t)] += 1;
    const double uniTotal = double(train.size()) + vocabSize;
    std::unordered_map<std::uint64_t, double> pairs;
    std::vector<double> context(std::size_t(vocabSize), 0.0);
    for (std::size_t i = 0; i + 1 < train.size(); ++i) {
        pairs[(std::uint64_t(train[i]) << 32) | std::uint32_t(train[i + 1])] += 1;
        context[std::size_t(train[i])] += 1;
    }
    unigram = 0;
    for (TokenId t : validation)
        unigram -= std::log(uni[std::size_t(t)] / uniTotal);
    unigram /= double(validation.size());
    bigram = std::numeric_limits<double>::infinity();
    for (double lambda : {0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95}) {
        double nats = 0;
        for (std::size_t i = 0; i + 1 < validation.size(); ++i) {
            const TokenId a = validation[i], b = validation[i + 1];
            const double pu = uni[std::size_t(b)] / uniTotal;
            const double ca = context[std::size_t(a)];
            const auto it = pairs.find((std::uint64_t(a) << 32) | std::uint32_t(b));
            const double pb = ca > 0 && it != pairs.end() ? it->second / ca : 0.0;
            nats -= std::log(lambda * pb + (1 - lambda) * pu);
        }
        bigram = std::min(bigram, nats / double(validation.size() - 1));
    }
}

std::string readCorpus(const std::string& path)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw InputError("corpus '" + path + "' does not exist");
    std::string text;
    if (fs::is_directory(path, ec)) {
        std::vector<fs::path> files;
        for (const auto& e : fs::recursive_directory_iterator(path))
            if (e.is_regular_file() && (e.path().extension() == ".md" || e.path().extension() == ".txt"))
                files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files)
            text += readTextFile(f.string()) + "\n\n";
    } else {
        text = readTextFile(path);
    }
    checkCorpusText(text, "'" + path + "'");
    return text;
}

TrainResult trainLanguageModel(const TrainParams& p, const Progress& progress,
                               const TrainStepSink& onStep)
{
    validate(p);
    checkCorpusText(p.corpus, p.corpusName.empty() ? std::string("text") : "'" + p.corpusName + "'");
    const auto started = std::chrono::steady_clock::now();
    const BpeTokenizer tokenizer = [&] {
        if (p.tokenizer)
            return *p.tokenizer;
        progress.update(0.0, "training the tokenizer");
        BpeTrainParams bpe;
        bpe.corpus = p.corpus;
        bpe.vocabSize = p.config.vocabSize;
        bpe.minPairCount = 2;
        return BpeTokenizer(trainBpe(bpe, progress).merges);
    }();

    const std::vector<TokenId> ids = tokenizer.encode(p.corpus);
    const int64_t context = p.config.contextLength;
    const int64_t valCount = int64_t(double(ids.size()) * p.validationFraction);
    const int64_t trainCount = int64_t(ids.size()) - valCount;
    if (valCount < context + 2 || trainCount < context + 2)
        throw InputError("the corpus is too small: " + std::to_string(ids.size()) + " tokens, but " +
                         std::to_string(2 * (context + 2)) + " are needed for one training and one "
                         "validation window of " + std::to_string(context) + " tokens");
    const std::vector<TokenId> trainIds(ids.begin(), ids.begin() + trainCount);
    const std::vector<TokenId> valIds(ids.begin() + trainCount, ids.end());

    TrainResult result;
    result.trainTokens = trainCount;
    result.validationTokens = valCount;
    ngramBaselines(trainIds, valIds, tokenizer.vocabSize(), result.unigramLoss, result.bigramLoss);

    const std::string corpusHash = fnv1a64(p.corpus);
    auto model = LanguageModel::create(p.config, tokenizer, p.seed, p.device);
    lm::GptImpl& net = *model->impl().net;
    const c10::Device device = model->impl().device;
    net.train();
    auto optimizer = makeOptimizer(net, p);
    const auto toTensor = [](const std::vector<TokenId>& v) {
        return torch::tensor(std::vector<int64_t>(v.begin(), v.end()), torch::kLong);
    };
    const torch::Tensor trainTokens = toTensor(trainIds), valTokens = toTensor(valIds);
    std::mt19937_64 rng(p.seed);
    std::uniform_int_distribution<int64_t> pickStart(0, trainCount - context - 1);

    using Clock = std::chrono::steady_clock;
    const auto loopStart = Clock::now();
    double lastVal = std::numeric_limits<double>::quiet_NaN();
    int lastValStep = 0;
    double bestVal = std::numeric_limits<double>::infinity();
    int savedStep = 0;
    // Throughput counts training steps only (evaluations and checkpoint writes excluded) and,
    // in runs long enough to afford it, skips the first steps, which pay for the allocator's
    // and the thread pool's warm-up.
    const int untimedSteps = p.steps > 10 ? 3 : 0;
    double stepSeconds = 0;
    const auto diverged = [&](const char* which, double value, int step) {
        const std::string shown = std::isnan(value) ? "NaN" : value > 0 ? "+inf" : "-inf";
        return InputError("training diverged: the " + std::string(which) + " loss became " + shown +
                          " at step " + std::to_string(step) + " (try a lower learning rate); " +
                          (savedStep > 0
                               ? "the checkpoint of step " + std::to_string(savedStep) + " is kept"
                               : std::string("no checkpoint was written")));
    };

    // Losses stay on the device until read. On the CPU a loss is final when backward() returns
    // and reading it is free, so every step is read at once; on a GPU a read waits for the device,
    // so losses are read in groups (and always before an evaluation or a checkpoint). Read losses
    // are reported after the step's evaluation, outside the timed part of the step.
    struct StepLoss {
        int step;
        double lr;
        torch::Tensor loss;
        double value = 0;
    };
    std::vector<StepLoss> pending, ready;
    const std::size_t readEvery = device.is_cpu() ? 1 : 16;
    const auto readLosses = [&] {
        if (pending.empty())
            return;
        std::vector<torch::Tensor> losses;
        for (const auto& l : pending)
            losses.push_back(l.loss);
        const torch::Tensor values =
            torch::stack(losses).to(torch::kCPU, torch::kDouble).contiguous();
        for (std::size_t i = 0; i < pending.size(); ++i) {
            pending[i].value = values.data_ptr<double>()[i];
            if (!std::isfinite(pending[i].value))
                throw diverged("training", pending[i].value, pending[i].step);
            pending[i].loss = torch::Tensor();
            ready.push_back(pending[i]);
        }
        pending.clear();
    };
    const auto report = [&] {
        if (ready.empty())
            return;
        const double wall = std::chrono::duration<double>(Clock::now() - loopStart).count();
        const int last = ready.back().step;
        const double tokensPerSecond =
            last > untimedSteps
                ? double(last - untimedSteps) * p.batchSize * context / std::max(stepSeconds, 1e-9)
                : double(last) * p.batchSize * context / std::max(wall, 1e-9);
        for (const auto& l : ready) {
            result.trainLoss.push_back({l.step, l.value});
            result.stepsDone = l.step;
            if (onStep) {
                TrainStep s;
                s.step = l.step;
                s.steps = p.steps;
                s.trainLoss = l.value;
                s.validationLoss = lastVal;
                s.validationStep = lastValStep;
                s.learningRate = l.lr;
                s.tokensPerSecond = tokensPerSecond;
                s.etaSeconds = wall / l.step * (p.steps - l.step);
                s.unigramLoss = result.unigramLoss;
                s.bigramLoss = result.bigramLoss;
                s.savedStep = savedStep;
                onStep(s);
            }
            progress.update(double(l.step) / p.steps,
                            "step " + std::to_string(l.step) + " of " + std::to_string(p.steps));
        }
        ready.clear();
    };

    for (int step = 0; step < p.steps; ++step) {
        progress.checkCancelled();
        const auto stepStart = Clock::now();
        const double lr = learningRateAt(p, step);
        for (auto& group : optimizer->param_groups())
            static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
        std::vector<int64_t> starts(std::size_t(p.batchSize));
        for (auto& s : starts)
            s = pickStart(rng);
        auto [x, y] = makeBatch(trainTokens, starts, context, device);
        auto logits = net.forward(x).logits;
        auto loss =
            torch::cross_entropy_loss(logits.reshape({-1, logits.size(-1)}), y.reshape({-1}));
        optimizer->zero_grad();
        loss.backward();
        torch::nn::utils::clip_grad_norm_(net.parameters(), p.gradClip);
        optimizer->step();
        pending.push_back({step + 1, lr, loss.detach()});
        const bool evaluate = (step + 1) % p.evalEvery == 0 || step + 1 == p.steps;
        if (pending.size() >= readEvery || evaluate)
            readLosses();
        if (step >= untimedSteps)
            stepSeconds += std::chrono::duration<double>(Clock::now() - stepStart).count();

        if (evaluate) {
            lastVal = validationLoss(net, valTokens, p);
            lastValStep = step + 1;
            if (!std::isfinite(lastVal))
                throw diverged("validation", lastVal, step + 1);
            result.validationLoss.push_back({step + 1, lastVal});
            // Keep the best model seen: a later, overfitted evaluation never replaces it.
            if (!p.outputPath.empty() && lastVal < bestVal) {
                bestVal = lastVal;
                net.eval();
                saveCheckpoint(*model, p, step + 1, lastVal, corpusHash);
                net.train();
                result.checkpointPath = p.outputPath;
                savedStep = step + 1;
            }
        }
        report();
    }
    readLosses();
    report();
    net.eval();
    result.tokensPerSecond =
        double(p.steps - untimedSteps) * p.batchSize * context / std::max(stepSeconds, 1e-9);
    result.finalValidationLoss = lastVal;
    const std::string valText = tokenizer.decode(valIds);
    result.validationBitsPerByte = model->evaluate(valText).bitsPerByte;
    std::int64_t valBytes = 0;
    for (std::size_t i = 1; i < valIds.size(); ++i)
        valBytes += std::int64_t(tokenizer.tokenBytes(valIds[i]).size());
    const double perByte = double(valIds.size() - 1) / (double(valBytes) * std::log(2.0));
    result.unigramBitsPerByte = result.unigramLoss * perByte;
    result.bigramBitsPerByte = result.bigramLoss * perByte;
    result.parameters = model->parameterCount();
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    result.model = model;
    return result;
}

} // namespace mllab
