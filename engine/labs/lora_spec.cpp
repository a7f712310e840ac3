// The lora lab's declaration, target parsing and JSON (libtorch-free; the pipeline is lora.cpp).
#include "engine/labs/lora.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace mllab::labs {

const LabSpec& loraLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"lora", "LoRA vs full fine-tuning",
                  "The tiny GPT fine-tuned on a ship's log with low-rank adapters and with every "
                  "weight: trainable parameters, optimizer memory, what each learns and forgets, "
                  "the rank of the update, and merging the adapters."};
        s.needsTorch = true;
        ParamSpec text{"text", "New text", ParamType::Choice, std::string("ships-log")};
        text.choices = {"ships-log", "file"};
        text.choiceLabels = {"Ship's log", "My file"};
        text.help = "What the model is fine-tuned on: a ship's log, far from the question bank's "
                    "register, or a plain-text file of your own";
        ParamSpec file{"file", "Text file", ParamType::File, std::string()};
        file.allowEmpty = true;
        file.visibleWhen = "text=file";
        file.help = "A UTF-8 text file of at least a few kilobytes; the last tenth is held out";
        ParamSpec targets{"targets", "Adapted matrices", ParamType::Text, std::string("q,v")};
        targets.placeholder = "q,v  or  qkv,proj,fc,out";
        targets.help = "Comma-separated, in every block: q, k, v (one slice each of the fused qkv "
                       "matrix), qkv (all of it), proj (attention output), fc and out (the MLP)";
        ParamSpec rank{"rank", "Rank r", ParamType::Integer, 8LL, 1, 64, 1};
        rank.stops = {1, 2, 4, 8, 16, 32, 64};
        rank.widget = ParamWidget::ComboBox;
        rank.help = "Inner dimension of B·A: each adapter trains r·(d_in + d_out) numbers";
        ParamSpec alpha{"alpha", "α", ParamType::Number, 16.0, 0.5, 256, 0.5};
        alpha.decimals = 1;
        alpha.help = "The update is scaled by α / r (PEFT's lora_alpha)";
        ParamSpec steps{"steps", "Steps", ParamType::Integer, 20LL, 1, 400, 1};
        steps.help = "AdamW steps of each run, on the same batches";
        ParamSpec batch{"batch", "Batch", ParamType::Integer, 4LL, 1, 32, 1};
        batch.help = "Random windows of the new text per step";
        ParamSpec window{"window", "Window (tokens)", ParamType::Integer, 32LL, 8, 128, 8};
        window.help = "Tokens per training window (the model's context is 128)";
        ParamSpec loraLr{"lora_lr", "LoRA lr", ParamType::Number, 2e-3, 1e-5, 1, 1e-5};
        loraLr.decimals = -1;
        loraLr.stops = {1e-5, 1e-4, 3e-4, 1e-3, 2e-3, 3e-3, 5e-3, 1e-2, 3e-2, 0.1, 0.3, 1};
        loraLr.widget = ParamWidget::ComboBox;
        loraLr.help = "AdamW's learning rate for the adapters";
        ParamSpec fullLr{"full_lr", "Full FT lr", ParamType::Number, 3e-4, 1e-6, 1, 1e-6};
        fullLr.decimals = -1;
        fullLr.stops = {1e-6, 1e-5, 3e-5, 1e-4, 2e-4, 3e-4, 5e-4, 1e-3, 3e-3, 1e-2, 0.1, 1};
        fullLr.widget = ParamWidget::ComboBox;
        fullLr.help = "AdamW's learning rate for full fine-tuning (usually ~10× lower than LoRA's)";
        ParamSpec evalEvery{"eval_every", "Eval every (steps)", ParamType::Integer, 2LL, 1, 100, 1};
        evalEvery.help = "Steps between the validation losses on both texts";
        ParamSpec svdLayer{"svd_layer", "SVD block", ParamType::Integer, 0LL, 0, 3, 1};
        svdLayer.help = "Block whose matrix update is compared by singular values";
        ParamSpec svdMatrix{"svd_matrix", "SVD matrix", ParamType::Choice, std::string("q")};
        svdMatrix.choices = {"q", "k", "v", "qkv", "proj", "fc", "out"};
        svdMatrix.help = "Which matrix's ΔW (full fine-tune) and (α/r)·B·A (LoRA) to compare";
        s.params = {text,      file,
                    targets,   rank,
                    alpha,     steps,
                    batch,     window,
                    loraLr,    fullLr,
                    evalEvery, svdLayer,
                    svdMatrix, seedParam("Seed of the batches and of the adapters' A matrices")};
        return s;
    }();
    return spec;
}

std::vector<std::string> parseLoraTargets(const std::string& text)
{
    static const std::vector<std::string> known{"q", "k", "v", "qkv", "proj", "fc", "out"};
    std::vector<std::string> out;
    std::string token;
    auto flush = [&] {
        if (token.empty())
            return;
        if (std::find(known.begin(), known.end(), token) == known.end())
            throw InputError("unknown LoRA target '" + token +
                             "': use q, k, v, qkv, proj, fc or out, separated by commas");
        if (std::find(out.begin(), out.end(), token) == out.end())
            out.push_back(token);
        token.clear();
    };
    for (char c : text) {
        if (c == ',' || c == ' ' || c == ';' || c == '\t')
            flush();
        else
            token += char(std::tolower(static_cast<unsigned char>(c)));
    }
    flush();
    if (out.empty())
        throw InputError("no LoRA target: name at least one matrix (q, k, v, qkv, proj, fc, out)");
    const bool whole = std::find(out.begin(), out.end(), "qkv") != out.end();
    for (const char* slice : {"q", "k", "v"})
        if (whole && std::find(out.begin(), out.end(), slice) != out.end())
            throw InputError(std::string("LoRA targets 'qkv' and '") + slice +
                             "' overlap: qkv already adapts the whole fused matrix");
    // A fixed order (the model's), so "v,q" and "q,v" are the same run.
    std::vector<std::string> ordered;
    for (const auto& k : known)
        if (std::find(out.begin(), out.end(), k) != out.end())
            ordered.push_back(k);
    return ordered;
}

LoraLabParams loraLabParams(const LabState& state)
{
    LoraLabParams p;
    p.text = state.text("text");
    p.file = state.text("file");
    p.targets = state.text("targets");
    p.rank = int(state.integer("rank"));
    p.alpha = state.number("alpha");
    p.steps = int(state.integer("steps"));
    p.batch = int(state.integer("batch"));
    p.window = int(state.integer("window"));
    p.loraLr = state.number("lora_lr");
    p.fullLr = state.number("full_lr");
    p.evalEvery = int(state.integer("eval_every"));
    p.svdLayer = int(state.integer("svd_layer"));
    p.svdMatrix = state.text("svd_matrix");
    p.seed = static_cast<unsigned long long>(state.integer("seed"));
    return p;
}

nlohmann::json loraLabJson(const LoraLabResult& r)
{
    nlohmann::json adapters = nlohmann::json::array();
    for (const auto& a : r.adapters)
        adapters.push_back(
            {{"name", a.name}, {"d_in", a.dIn}, {"d_out", a.dOut}, {"parameters", a.parameters}});
    std::string targets;
    for (const auto& t : r.targets)
        targets += (targets.empty() ? "" : ",") + t;
    return {{"text", r.textName},
            {"text_bytes", r.textBytes},
            {"train_tokens", r.trainTokens},
            {"validation_tokens", r.validationTokens},
            {"targets", targets},
            {"counts",
             {{"base_parameters", r.totalParameters},
              {"lora_trainable", r.loraParameters},
              {"full_trainable", r.fullParameters},
              {"lora_optimizer_bytes", r.loraOptimizerBytes},
              {"full_optimizer_bytes", r.fullOptimizerBytes},
              {"adapters", adapters}}},
            {"curves",
             {{"eval_steps", r.evalSteps},
              {"lora_new_text_loss", r.loraNewLoss},
              {"lora_bank_loss", r.loraBankLoss},
              {"full_new_text_loss", r.fullNewLoss},
              {"full_bank_loss", r.fullBankLoss},
              {"lora_train_loss", r.loraTrainLoss},
              {"full_train_loss", r.fullTrainLoss},
              {"lora_diverged", r.loraDiverged},
              {"full_diverged", r.fullDiverged}}},
            {"singular_values",
             {{"matrix", r.svdName},
              {"adapted", r.svdAdapted},
              {"full_delta", r.fullSingularValues},
              {"lora_delta", r.loraSingularValues},
              {"full_energy_in_top_r", r.fullEnergyTopR}}},
            {"merge",
             {{"start_max_abs_logit_diff", r.startMaxAbsDiff},
              {"max_abs_logit_diff_float64", r.mergeMaxAbsDiff64},
              {"max_abs_logit_diff", r.mergeMaxAbsDiff},
              {"max_abs_logit", r.mergeMaxAbsLogit},
              {"frozen_max_change", r.frozenMaxChange}}}};
}

} // namespace mllab::labs
