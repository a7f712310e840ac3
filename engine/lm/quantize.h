#pragma once
// Round-to-nearest weight quantization of the GPT (the DESIGN.md `lm quantize` contract): every
// block matrix (`*.attn.qkv.weight`, `*.attn.proj.weight`, `*.fc.weight`, `*.out.weight`) is
// quantized and dequantized in place; embeddings, norms and biases stay float32. Group -1: one
// scale per tensor; 0: per output row; G > 0: groups of G consecutive inputs within a row.
// sym: s = max|w| / (2^(B-1) - 1), q = clamp(round(w/s), ±(2^(B-1) - 1)), w' = q·s.
// asym: s = (max - min) / (2^B - 1), z = round(-min/s), q = clamp(round(w/s) + z, 0, 2^B - 1),
// w' = (q - z)·s. round is half-to-even in float32 (torch.round); s = 0 leaves the group as it
// is (all zeros, or one repeated value). Stored size: B bits per value plus an fp16 scale per
// group (and an fp16 minimum for asym), as llama.cpp's q4_0 / q4_1 blocks.
//
// Outliers (the idea of LLM.int8 and AWQ): with outlierFraction f > 0 the round(f·n) weights of
// largest |w| in each tensor (ties: the lower index) are kept aside, rounded to fp16, and every
// group's scale is computed from the remaining weights only, so one large weight no longer
// stretches its group's grid. Each kept weight costs an int32 index and an fp16 value, 6 bytes.

#include "engine/progress.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mllab {

struct QuantizeSpec {
    int bits = 4;               ///< 2 to 8
    int group = 32;             ///< -1 per tensor, 0 per output row, > 0 inputs per group
    std::string scheme = "sym"; ///< "sym" or "asym"
    double outlierFraction = 0; ///< share of each tensor kept in fp16 (0 to 0.5)
};

/// InputError naming the setting: bits outside 2..8, a group below -1, an unknown scheme, an
/// outlier fraction outside 0..0.5.
void validateQuantizeSpec(const QuantizeSpec& spec);

/// Quantizes and dequantizes a rows x cols row-major matrix; InputError when the group does not
/// divide a row.
std::vector<float> quantizeDequantize(const std::vector<float>& weights, std::int64_t rows,
                                      std::int64_t cols, const QuantizeSpec& spec);

/// Bytes a rows x cols matrix takes quantized: ceil(values·B/8) + groups x 2 (x 4 for asym),
/// plus 6 per kept outlier (int32 index + fp16 value).
double quantizedBytes(std::int64_t rows, std::int64_t cols, const QuantizeSpec& spec);

/// Weights of a tensor of n values the outlier option keeps in fp16: round(f·n).
std::int64_t keptOutliers(std::int64_t values, const QuantizeSpec& spec);

/// The grid of one group: the values w' can take, ascending (q·s, or (q - z)·s for asym).
struct QuantizeGrid {
    std::int64_t group = 0;  ///< which group (0-based, row-major order)
    std::int64_t groups = 0; ///< groups in the tensor
    std::int64_t size = 0;   ///< values per group
    double scale = 0;
    std::vector<double> levels;
};

/// The grid of the group with the largest scale (ties: the first), outliers excluded.
QuantizeGrid largestScaleGrid(const std::vector<float>& weights, std::int64_t rows,
                              std::int64_t cols, const QuantizeSpec& spec);

/// True for the names the contract quantizes.
bool isQuantizedWeight(const std::string& name);

struct QuantizedTensor {
    std::string name;
    std::vector<std::int64_t> shape;
    double relRmse = 0; ///< ||W - W'||_F / ||W||_F
};

struct QuantizeResult {
    QuantizeSpec spec;
    double sizeBytes = 0;     ///< quantized matrices at their bytes, the rest float32
    double sizeBytesFp32 = 0; ///< every weight float32 (the tied head counted once)
    double bitsPerByte = 0;   ///< of the quantized model on the text
    double bitsPerByteFp32 = 0;
    double klMean = 0;        ///< mean over predicted positions of KL(float32 || quantized), nats
    double top1Agreement = 0; ///< share of positions where both pick the same top token
    std::int64_t positions = 0;
    std::vector<QuantizedTensor> tensors;
};

class LanguageModel;

/// A block matrix of the float32 model.
struct BlockMatrix {
    std::string name;
    std::int64_t rows = 0, cols = 0;
    std::vector<float> weights; ///< row-major
};

/// Compares quantized copies of a model with its float32 self on one text: the float32
/// next-token log-probabilities are computed once, then each compare() quantizes a working copy
/// from the kept float32 weights and runs only the quantized model (what a sweep reuses).
class QuantizeComparer {
public:
    /// `reference`: the model already loaded (null: loaded from modelPath); the working copy is
    /// loaded from modelPath. InputError for a text under two tokens.
    QuantizeComparer(const std::string& modelPath, const std::string& text,
                     std::shared_ptr<const LanguageModel> reference = {},
                     const Progress& progress = {});
    ~QuantizeComparer();
    QuantizeComparer(const QuantizeComparer&) = delete;
    QuantizeComparer& operator=(const QuantizeComparer&) = delete;

    QuantizeResult compare(const QuantizeSpec& spec, const Progress& progress = {});
    /// The float32 block matrices, in the model's order.
    const std::vector<BlockMatrix>& matrices() const;
    /// The working copy as the last compare() left it.
    const LanguageModel& quantizedModel() const;
    double bitsPerByteFp32() const;
    std::int64_t positions() const;

private:
    struct State;
    std::unique_ptr<State> m;
};

/// Loads the checkpoint twice, quantizes one copy and compares the two on `text` (CPU); the
/// quantized copy is written to `outPath` as a float32 checkpoint when it is not empty.
QuantizeResult quantizeLanguageModel(const std::string& modelPath, const QuantizeSpec& spec,
                                     const std::string& text, const std::string& outPath = {},
                                     const Progress& progress = {});

/// The held-out part of the question bank: its last tenth of bytes (about what `lm train`
/// validates on), at most `maxBytes` from there.
std::string heldOutBankText(std::size_t maxBytes = 16000);

} // namespace mllab
