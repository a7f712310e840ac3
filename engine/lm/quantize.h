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
};

/// InputError naming the setting: bits outside 2..8, a group below -1, an unknown scheme.
void validateQuantizeSpec(const QuantizeSpec& spec);

/// Quantizes and dequantizes a rows x cols row-major matrix; InputError when the group does not
/// divide a row.
std::vector<float> quantizeDequantize(const std::vector<float>& weights, std::int64_t rows,
                                      std::int64_t cols, const QuantizeSpec& spec);

/// Bytes a rows x cols matrix takes quantized: ceil(values·B/8) + groups x 2 (x 4 for asym).
double quantizedBytes(std::int64_t rows, std::int64_t cols, const QuantizeSpec& spec);

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

/// Loads the checkpoint twice, quantizes one copy and compares the two on `text` (CPU); the
/// quantized copy is written to `outPath` as a float32 checkpoint when it is not empty.
QuantizeResult quantizeLanguageModel(const std::string& modelPath, const QuantizeSpec& spec,
                                     const std::string& text, const std::string& outPath = {},
                                     const Progress& progress = {});

/// The held-out part of the question bank: its last tenth of bytes (about what `lm train`
/// validates on), at most `maxBytes` from there.
std::string heldOutBankText(std::size_t maxBytes = 16000);

} // namespace mllab
