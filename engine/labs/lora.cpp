// The lora lab's pipeline (libtorch): see lora.h for the maths and conventions.
#include "engine/labs/lora.h"

#include "engine/fileio.h"

#include "engine/datapaths.h"
#include "engine/lm/model_impl.h"
#include "engine/lm/quantize.h"
#include "engine/lm/trainer.h"
#include "engine/runtime.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <sstream>

namespace mllab::labs {
namespace {

namespace F = torch::nn::functional;
using Weights = std::map<std::string, torch::Tensor>;

/// One PEFT-style adapter: A [r, d_in] Kaiming-uniform, B [d_out, r] zero.
class LoraAdapterImpl : public torch::nn::Module {
public:
    LoraAdapterImpl(std::int64_t dIn, std::int64_t dOut, int rank)
    {
        a = register_parameter("lora_A", torch::empty({rank, dIn}));
        b = register_parameter("lora_B", torch::zeros({dOut, rank}));
        torch::nn::init::kaiming_uniform_(a, std::sqrt(5.0));
    }
    /// (x·Aᵀ)·Bᵀ, unscaled.
    torch::Tensor forward(const torch::Tensor& x) const { return F::linear(F::linear(x, a), b); }
    torch::Tensor delta() const { return torch::matmul(b, a); } ///< B·A, [d_out, d_in]

    torch::Tensor a, b;
};
TORCH_MODULE(LoraAdapter);

/// An adapter on rows [row0, row0 + rows) of one Linear's weight (`linear`, e.g.
/// "block0.attn.qkv").
struct Adapter {
    std::string linear;
    std::string target;
    std::int64_t row0 = 0, rows = 0, outFeatures = 0;
    LoraAdapter module{nullptr};
};

/// The adapters of one model, with their scale α / r.
struct AdapterSet {
    std::vector<Adapter> adapters;
    double scale = 1;
    std::vector<torch::Tensor> parameters() const
    {
        std::vector<torch::Tensor> out;
        for (const auto& a : adapters)
            for (const auto& p : a.module->parameters())
                out.push_back(p);
        return out;
    }
};

/// Rows of the weight a target lives in, and that weight's Linear.
void targetRows(const std::string& target, std::int64_t width, std::string& linear,
                std::int64_t& row0, std::int64_t& rows)
{
    row0 = 0;
    if (target == "q" || target == "k" || target == "v" || target == "qkv") {
        linear = "attn.qkv";
        rows = target == "qkv" ? 3 * width : width;
        row0 = target == "k" ? width : target == "v" ? 2 * width : 0;
    } else if (target == "proj") {
        linear = "attn.proj";
        rows = width;
    } else if (target == "fc") {
        linear = "fc";
        rows = 4 * width;
    } else {
        linear = "out";
        rows = width;
    }
}

/// y = x·Wᵀ + b plus, for each adapter on this Linear, (α/r)·(x·Aᵀ)·Bᵀ placed on its rows.
torch::Tensor linear(const torch::Tensor& x, const Weights& w, const std::string& name,
                     const AdapterSet* adapters)
{
    torch::Tensor y = F::linear(x, w.at(name + ".weight"), w.at(name + ".bias"));
    if (!adapters)
        return y;
    for (const auto& a : adapters->adapters) {
        if (a.linear != name)
            continue;
        auto delta = a.module->forward(x) * adapters->scale;
        if (a.rows != a.outFeatures)
            delta = torch::constant_pad_nd(delta, {a.row0, a.outFeatures - a.row0 - a.rows}, 0);
        y = y + delta;
    }
    return y;
}

/// The GPT of engine/lm/gpt.cpp written as a function of its weights (dropout off, as in eval()):
/// the same operations in the same order, so with B = 0 it gives the module's logits.
torch::Tensor gptLogits(const Weights& w, const GptConfig& c, const torch::Tensor& ids,
                        const AdapterSet* adapters)
{
    const auto batch = ids.size(0), time = ids.size(1);
    const std::int64_t width = c.width, heads = c.heads, headDim = width / heads;
    auto x = F::embedding(ids, w.at("tok.weight")) + w.at("pos.weight").narrow(0, 0, time);
    const auto mask = torch::ones({time, time}, torch::TensorOptions().dtype(torch::kBool)).triu(1);
    const auto norm = [&](const torch::Tensor& in, const std::string& name) {
        return F::layer_norm(in, F::LayerNormFuncOptions({width})
                                     .weight(w.at(name + ".weight"))
                                     .bias(w.at(name + ".bias"))
                                     .eps(1e-5));
    };
    for (int l = 0; l < c.layers; ++l) {
        const std::string p = "block" + std::to_string(l) + ".";
        auto split = linear(norm(x, p + "ln1"), w, p + "attn.qkv", adapters)
                         .view({batch, time, 3, heads, headDim})
                         .permute({2, 0, 3, 1, 4});
        auto scores =
            torch::matmul(split[0], split[1].transpose(-2, -1)) / std::sqrt(double(headDim));
        scores = scores.masked_fill(mask, -std::numeric_limits<float>::infinity());
        auto y = torch::matmul(torch::softmax(scores, -1), split[2])
                     .transpose(1, 2)
                     .reshape({batch, time, width});
        x = x + linear(y, w, p + "attn.proj", adapters);
        x = x + linear(torch::gelu(linear(norm(x, p + "ln2"), w, p + "fc", adapters)), w, p + "out",
                       adapters);
    }
    x = norm(x, "lnf");
    return torch::matmul(x, w.at("tok.weight").t());
}

Weights weightsOf(lm::Gpt& net)
{
    Weights w;
    for (auto& [name, tensor] : net->namedWeights())
        w[name] = tensor;
    return w;
}

double meanCrossEntropy(const torch::Tensor& logits, const torch::Tensor& targets)
{
    return F::cross_entropy(logits.reshape({-1, logits.size(-1)}), targets.reshape({-1}))
        .item<double>();
}

/// Consecutive windows of `window` + 1 tokens (input and shifted target), at most `limit`.
void windowsOf(const std::vector<TokenId>& ids, int window, int limit, torch::Tensor& inputs,
               torch::Tensor& targets)
{
    std::vector<std::int64_t> in, out;
    int count = 0;
    for (std::size_t start = 0; start + window + 1 <= ids.size() && count < limit;
         start += std::size_t(window), ++count)
        for (int i = 0; i < window; ++i) {
            in.push_back(ids[start + i]);
            out.push_back(ids[start + i + 1]);
        }
    inputs = torch::tensor(in, torch::kLong).view({count, window});
    targets = torch::tensor(out, torch::kLong).view({count, window});
}

std::string readTextFile(const std::string& path)
{
    if (path.empty())
        throw InputError("choose a text file to fine-tune on (New text: My text file)");
    std::string text = readRegularFile(path, "text file");
    if (text.find('\0') != std::string::npos)
        throw InputError("'" + path + "' is not a text file (it holds zero bytes)");
    return text;
}

std::vector<double> singularValues(const torch::Tensor& m)
{
    const auto s = torch::linalg_svdvals(m.to(torch::kDouble)).contiguous();
    return std::vector<double>(s.data_ptr<double>(), s.data_ptr<double>() + s.numel());
}

/// The step's batch: `batch` windows of the training tokens at the given starts.
void batchAt(const std::vector<TokenId>& train, const std::vector<std::int64_t>& starts, int window,
             torch::Tensor& inputs, torch::Tensor& targets)
{
    std::vector<std::int64_t> in, out;
    for (auto start : starts)
        for (int i = 0; i < window; ++i) {
            in.push_back(train[std::size_t(start + i)]);
            out.push_back(train[std::size_t(start + i + 1)]);
        }
    inputs = torch::tensor(in, torch::kLong).view({std::int64_t(starts.size()), window});
    targets = torch::tensor(out, torch::kLong).view({std::int64_t(starts.size()), window});
}

std::int64_t adamStateBytes(torch::optim::AdamW& optimizer)
{
    std::int64_t bytes = 0;
    for (const auto& entry : optimizer.state()) {
        const auto& s = static_cast<const torch::optim::AdamWParamState&>(*entry.second);
        bytes += s.exp_avg().numel() * std::int64_t(s.exp_avg().element_size()) +
                 s.exp_avg_sq().numel() * std::int64_t(s.exp_avg_sq().element_size());
    }
    return bytes;
}

} // namespace

LoraLabResult computeLoraLab(const LoraLabParams& params, const Progress& progress)
{
    LoraLabResult r;
    r.params = params;
    r.targets = parseLoraTargets(params.targets);
    if (params.rank < 1 || params.rank > 64)
        throw InputError("LoRA rank must be between 1 and 64, got " + std::to_string(params.rank));
    if (!(params.alpha > 0) || !std::isfinite(params.alpha))
        throw InputError("LoRA α must be a positive number");
    if (params.steps < 1 || params.batch < 1)
        throw InputError("steps and batch must be at least 1");
    if (!(params.loraLr > 0) || !(params.fullLr > 0))
        throw InputError("learning rates must be positive");
    if (params.evalEvery < 1)
        throw InputError("evaluate every must be at least 1 step");

    const SingleComputeThread oneThread;
    torch::manual_seed(params.seed);
    progress.update(0, "loading the model");
    const std::string modelPath = params.modelPath.empty() ? shippedModelPath() : params.modelPath;
    const auto baseModel = LanguageModel::load(modelPath, "cpu");
    const auto fullModel = LanguageModel::load(modelPath, "cpu");
    const GptConfig config = baseModel->config();
    if (params.window < 2 || params.window > config.contextLength)
        throw InputError("window must be between 2 and the model's context of " +
                         std::to_string(config.contextLength) + " tokens, got " +
                         std::to_string(params.window));
    if (params.svdLayer < 0 || params.svdLayer >= config.layers)
        throw InputError("SVD block must be between 0 and " + std::to_string(config.layers - 1));

    // The texts: the new one split 90/10, held-out question-bank text for forgetting.
    std::string text;
    if (params.text == "ships-log") {
        text = readTextFile(dataDirectory() + "/datasets/ships_log.txt");
        r.textName = "ship's log";
    } else if (params.text == "file") {
        text = readTextFile(params.file);
        r.textName = params.file.substr(params.file.find_last_of("/\\") + 1);
    } else {
        throw InputError("unknown text '" + params.text + "': use ships-log or file");
    }
    r.textBytes = std::int64_t(text.size());
    const auto& tokenizer = baseModel->tokenizer();
    const std::vector<TokenId> ids = tokenizer.encode(text);
    const std::size_t split = ids.size() - ids.size() / 10;
    const std::vector<TokenId> train(ids.begin(), ids.begin() + std::ptrdiff_t(split));
    const std::vector<TokenId> validation(ids.begin() + std::ptrdiff_t(split), ids.end());
    r.trainTokens = std::int64_t(train.size());
    r.validationTokens = std::int64_t(validation.size());
    const std::size_t need = std::size_t(params.window) + 1;
    if (train.size() < need || validation.size() < need)
        throw InputError("the text is too short: " + std::to_string(ids.size()) +
                         " tokens, its last tenth must hold one window of " + std::to_string(need) +
                         " tokens (about " + std::to_string(need * 10 * 3) +
                         " bytes of text in all)");
    const std::vector<TokenId> bankIds = tokenizer.encode(heldOutBankText(8000));
    torch::Tensor newIn, newOut, bankIn, bankOut;
    windowsOf(validation, params.window, 8, newIn, newOut);
    windowsOf(bankIds, params.window, 8, bankIn, bankOut);

    // The same batches for both runs.
    std::mt19937_64 rng(params.seed);
    std::uniform_int_distribution<std::int64_t> pick(0, std::int64_t(train.size()) - params.window -
                                                            1);
    std::vector<std::vector<std::int64_t>> batches(std::size_t(params.steps));
    for (auto& b : batches)
        for (int i = 0; i < params.batch; ++i)
            b.push_back(pick(rng));

    // LoRA: frozen base weights (detached views of the base model's), adapters trainable.
    lm::Gpt& baseNet = baseModel->impl().net;
    Weights base;
    for (auto& [name, t] : weightsOf(baseNet))
        base[name] = t.detach();
    Weights before;
    for (auto& [name, t] : base)
        before[name] = t.clone();
    AdapterSet set;
    set.scale = params.alpha / params.rank;
    for (int l = 0; l < config.layers; ++l)
        for (const auto& target : r.targets) {
            Adapter a;
            a.target = target;
            std::string linearName;
            targetRows(target, config.width, linearName, a.row0, a.rows);
            a.linear = "block" + std::to_string(l) + "." + linearName;
            const auto& weight = base.at(a.linear + ".weight");
            a.outFeatures = weight.size(0);
            a.module = LoraAdapter(weight.size(1), a.rows, params.rank);
            LoraAdapterInfo info;
            info.name = a.linear + ".weight" +
                        (a.rows != a.outFeatures ? "[" + target + "]" : std::string());
            info.dIn = weight.size(1);
            info.dOut = a.rows;
            for (const auto& p : a.module->parameters())
                info.parameters += p.numel();
            r.loraParameters += info.parameters;
            r.adapters.push_back(info);
            set.adapters.push_back(std::move(a));
        }
    for (const auto& p : baseNet->parameters())
        r.totalParameters += p.numel();

    lm::Gpt& fullNet = fullModel->impl().net;
    fullNet->eval(); // dropout off: both runs see the same deterministic network
    for (const auto& p : fullNet->parameters())
        r.fullParameters += p.numel();
    const Weights full = weightsOf(fullNet);

    torch::optim::AdamW loraOpt(set.parameters(), torch::optim::AdamWOptions(params.loraLr));
    torch::optim::AdamW fullOpt(fullNet->parameters(), torch::optim::AdamWOptions(params.fullLr));

    const auto evaluate = [&](bool lora, std::vector<double>& newLoss,
                              std::vector<double>& bankLoss) {
        torch::NoGradGuard noGrad;
        newLoss.push_back(meanCrossEntropy(
            gptLogits(lora ? base : full, config, newIn, lora ? &set : nullptr), newOut));
        bankLoss.push_back(meanCrossEntropy(
            gptLogits(lora ? base : full, config, bankIn, lora ? &set : nullptr), bankOut));
    };
    const auto step = [&](bool lora, const torch::Tensor& in, const torch::Tensor& out) {
        auto& opt = lora ? loraOpt : fullOpt;
        opt.zero_grad();
        const auto logits = gptLogits(lora ? base : full, config, in, lora ? &set : nullptr);
        auto loss = F::cross_entropy(logits.reshape({-1, logits.size(-1)}), out.reshape({-1}));
        const double value = loss.item<double>();
        if (!std::isfinite(value))
            return value;
        loss.backward();
        opt.step();
        return value;
    };

    {
        torch::NoGradGuard noGrad;
        r.startMaxAbsDiff = (gptLogits(base, config, newIn, &set) - baseNet->forward(newIn).logits)
                                .abs()
                                .max()
                                .item<double>();
    }
    r.evalSteps.push_back(0);
    evaluate(true, r.loraNewLoss, r.loraBankLoss);
    r.fullNewLoss = r.loraNewLoss; // the same start (checked by the tests)
    r.fullBankLoss = r.loraBankLoss;
    ProgressThrottle throttle(progress, std::chrono::milliseconds(30));
    for (int s = 1; s <= params.steps; ++s) {
        throttle.tick(double(s - 1) / params.steps, "fine-tuning, step " + std::to_string(s) +
                                                        " of " + std::to_string(params.steps));
        torch::Tensor in, out;
        batchAt(train, batches[std::size_t(s - 1)], params.window, in, out);
        const double nan = std::numeric_limits<double>::quiet_NaN();
        auto t0 = std::chrono::steady_clock::now();
        if (!r.loraDiverged) {
            r.loraTrainLoss.push_back(step(true, in, out));
            r.loraDiverged = !std::isfinite(r.loraTrainLoss.back());
        } else {
            r.loraTrainLoss.push_back(nan);
        }
        auto t1 = std::chrono::steady_clock::now();
        r.loraStepSeconds += std::chrono::duration<double>(t1 - t0).count();
        progress.checkCancelled();
        t0 = std::chrono::steady_clock::now();
        if (!r.fullDiverged) {
            r.fullTrainLoss.push_back(step(false, in, out));
            r.fullDiverged = !std::isfinite(r.fullTrainLoss.back());
        } else {
            r.fullTrainLoss.push_back(nan);
        }
        r.fullStepSeconds +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (s % params.evalEvery == 0 || s == params.steps) {
            progress.checkCancelled();
            r.evalSteps.push_back(s);
            if (r.loraDiverged) {
                r.loraNewLoss.push_back(nan);
                r.loraBankLoss.push_back(nan);
            } else {
                evaluate(true, r.loraNewLoss, r.loraBankLoss);
            }
            if (r.fullDiverged) {
                r.fullNewLoss.push_back(nan);
                r.fullBankLoss.push_back(nan);
            } else {
                evaluate(false, r.fullNewLoss, r.fullBankLoss);
            }
        }
    }
    r.loraOptimizerBytes = adamStateBytes(loraOpt);
    r.fullOptimizerBytes = adamStateBytes(fullOpt);
    progress.update(0.95, "comparing the updates");

    torch::NoGradGuard noGrad;
    for (auto& [name, t] : base)
        r.frozenMaxChange =
            std::max(r.frozenMaxChange, (t - before.at(name)).abs().max().item<double>());

    // Singular values of one matrix's update: ΔW of the full run, (α/r)·B·A of LoRA.
    {
        std::string linearName;
        std::int64_t row0 = 0, rows = 0;
        targetRows(params.svdMatrix, config.width, linearName, row0, rows);
        const std::string name = "block" + std::to_string(params.svdLayer) + "." + linearName;
        r.svdName = name + ".weight" +
                    (params.svdMatrix == "q" || params.svdMatrix == "k" || params.svdMatrix == "v"
                         ? "[" + params.svdMatrix + "]"
                         : std::string());
        const auto& w0 = before.at(name + ".weight");
        auto loraDelta = torch::zeros_like(w0);
        for (const auto& a : set.adapters)
            if (a.linear == name) {
                loraDelta.narrow(0, a.row0, a.rows).add_(a.module->delta() * set.scale);
                if (a.row0 < row0 + rows && row0 < a.row0 + a.rows)
                    r.svdAdapted = true;
            }
        const auto fullDelta = (full.at(name + ".weight") - w0).narrow(0, row0, rows);
        if (!r.fullDiverged)
            r.fullSingularValues = singularValues(fullDelta);
        if (!r.loraDiverged)
            r.loraSingularValues = singularValues(loraDelta.narrow(0, row0, rows));
        double top = 0, all = 0;
        for (std::size_t i = 0; i < r.fullSingularValues.size(); ++i) {
            const double e = r.fullSingularValues[i] * r.fullSingularValues[i];
            all += e;
            if (int(i) < params.rank)
                top += e;
        }
        r.fullEnergyTopR = all > 0 ? top / all : 0;
    }

    // Merge: W ← W + (α/r)·B·A. In float64 through the same function (the algebra alone), then
    // in float32 in the base model itself, its own forward() against the unmerged adapters.
    if (!r.loraDiverged) {
        Weights base64, merged64;
        for (const auto& [name, t] : base)
            merged64[name] = base64[name] = t.to(torch::kDouble);
        for (auto& [name, t] : merged64)
            t = t.clone();
        AdapterSet set64 = set;
        for (auto& a : set64.adapters) {
            a.module = LoraAdapter(a.module->a.size(1), a.rows, params.rank);
            a.module->a.set_data(
                set.adapters[std::size_t(&a - set64.adapters.data())].module->a.to(torch::kDouble));
            a.module->b.set_data(
                set.adapters[std::size_t(&a - set64.adapters.data())].module->b.to(torch::kDouble));
            merged64.at(a.linear + ".weight")
                .narrow(0, a.row0, a.rows)
                .add_(a.module->delta() * set.scale);
        }
        r.mergeMaxAbsDiff64 =
            (gptLogits(merged64, config, newIn, nullptr) - gptLogits(base64, config, newIn, &set64))
                .abs()
                .max()
                .item<double>();
        const auto unmerged = gptLogits(base, config, newIn, &set);
        for (const auto& a : set.adapters)
            base.at(a.linear + ".weight")
                .narrow(0, a.row0, a.rows)
                .add_(a.module->delta() * set.scale);
        const auto merged = baseNet->forward(newIn).logits;
        r.mergeMaxAbsDiff = (merged - unmerged).abs().max().item<double>();
        r.mergeMaxAbsLogit = unmerged.abs().max().item<double>();
    } else {
        r.mergeMaxAbsDiff = std::numeric_limits<double>::quiet_NaN();
        r.mergeMaxAbsDiff64 = std::numeric_limits<double>::quiet_NaN();
        r.mergeMaxAbsLogit = std::numeric_limits<double>::quiet_NaN();
    }
    progress.update(1, "done");
    return r;
}

} // namespace mllab::labs
