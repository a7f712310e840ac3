#pragma once
// The lora lab: the shipped tiny GPT fine-tuned on a second text (a ship's log, or the user's
// file) two ways from the same start and with the same batches: LoRA adapters on chosen matrices
// (the base frozen) and full fine-tuning (every weight trained). Both use torch::optim::AdamW with
// PyTorch's defaults (betas 0.9/0.999, eps 1e-8, weight decay 0.01). The adapters follow PEFT's
// LoraLayer: y = x·Wᵀ + b + (α/r)·(x·Aᵀ)·Bᵀ with A [r, d_in] Kaiming-uniform (a = √5, as
// nn.Linear's weight) and B [d_out, r] zero, so the adapted model starts equal to the base; no
// LoRA dropout. The engine's attention has one fused qkv Linear [3·d, d]: "q", "k" and "v" adapt
// one d-row slice of it each (d_out = d), "qkv" the whole matrix (d_out = 3·d). Dropout is off in
// both runs, so every number is deterministic for a seed. Read per step: the validation loss on
// the new text and on held-out question-bank text (what fine-tuning forgets); after training the
// singular values of the full fine-tune's ΔW against LoRA's (α/r)·B·A for one matrix
// (torch::linalg::svdvals), and the merge W + (α/r)·B·A checked against the unmerged model's
// logits.

#include "engine/labs/params.h"
#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace mllab::labs {

struct LoraLabParams {
    std::string text = "ships-log"; ///< "ships-log" (shipped) | "file"
    std::string file;               ///< the user's text when text == "file"
    std::string targets = "q,v";    ///< comma-separated: q, k, v, qkv, proj, fc, out
    int rank = 8;                   ///< r, 1..64
    double alpha = 16;              ///< α; the update is scaled by α / r
    int steps = 20;
    int batch = 4;               ///< windows per step
    int window = 32;             ///< tokens per window (at most the model's context)
    double loraLr = 2e-3;        ///< AdamW learning rate of the adapters
    double fullLr = 3e-4;        ///< AdamW learning rate of full fine-tuning
    int evalEvery = 2;           ///< steps between validation losses
    int svdLayer = 0;            ///< block whose matrix is compared by singular values
    std::string svdMatrix = "q"; ///< q, k, v, qkv, proj, fc or out
    std::string modelPath;       ///< "" = the shipped model
    unsigned long long seed = 0;
};

/// One adapted matrix.
struct LoraAdapterInfo {
    std::string name; ///< e.g. "block0.attn.qkv.weight[q]"
    std::int64_t dIn = 0, dOut = 0;
    std::int64_t parameters = 0; ///< r · (d_in + d_out)
};

struct LoraLabResult {
    LoraLabParams params;
    std::vector<std::string> targets; ///< parsed, in the model's order
    std::string textName;             ///< "ship's log" or the file's name
    std::int64_t textBytes = 0;
    std::int64_t trainTokens = 0, validationTokens = 0;
    std::int64_t totalParameters = 0;    ///< the base model's
    std::int64_t loraParameters = 0;     ///< trainable with LoRA
    std::int64_t fullParameters = 0;     ///< trainable with full fine-tuning
    std::int64_t loraOptimizerBytes = 0; ///< AdamW's exp_avg + exp_avg_sq, read from its state
    std::int64_t fullOptimizerBytes = 0;
    std::vector<LoraAdapterInfo> adapters;

    std::vector<int> evalSteps;                    ///< 0 = the base model
    std::vector<double> loraNewLoss, loraBankLoss; ///< nats per token, per evaluation
    std::vector<double> fullNewLoss, fullBankLoss;
    std::vector<double> loraTrainLoss, fullTrainLoss; ///< per step (1-based step i at i-1)
    bool loraDiverged = false, fullDiverged = false; ///< a loss became non-finite; that run stopped

    std::string svdName;                    ///< the compared matrix
    bool svdAdapted = false;                ///< false: LoRA left it untouched (its ΔW is zero)
    std::vector<double> fullSingularValues; ///< of the full fine-tune's ΔW, descending
    std::vector<double> loraSingularValues; ///< of (α/r)·B·A (at most r are non-zero)
    double fullEnergyTopR = 0; ///< Σ σ_i² over the first r / Σ σ_i² of the full ΔW

    /// max |logits(base + adapters at initialisation) − logits(base model)|: 0 with B = 0
    double startMaxAbsDiff = 0;
    /// max |logits(merged) − logits(base + adapters)| in float64 (the merge's algebra alone)
    double mergeMaxAbsDiff64 = 0;
    /// the same in float32, the merged weights run by the GPT module's own forward()
    double mergeMaxAbsDiff = 0;
    double mergeMaxAbsLogit = 0; ///< max |logit|, for scale
    double frozenMaxChange = 0;  ///< max |W after − W before| over the base under LoRA
    /// Wall seconds in each run's training steps (forward, backward, AdamW; no evaluations), for
    /// bench/lora_vs_torch.py; not part of the JSON, which stays the same for a seed.
    double loraStepSeconds = 0, fullStepSeconds = 0;
};

const LabSpec& loraLabSpec();
LoraLabParams loraLabParams(const LabState& state);
/// Fine-tunes both ways and reads them (libtorch); InputError for a bad target list, rank,
/// window, or a text too short or unreadable.
LoraLabResult computeLoraLab(const LoraLabParams& params, const Progress& progress = {});
nlohmann::json loraLabJson(const LoraLabResult& result);

/// Parses "q,v" / "q v" into target names; InputError naming an unknown one or an overlap
/// (qkv with q, k or v).
std::vector<std::string> parseLoraTargets(const std::string& text);

} // namespace mllab::labs
