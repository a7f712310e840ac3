#pragma once
// The convolution lab: one 2-D convolution of a shipped image (MLLab's own 64x64 test image, or
// an 8x8 handwritten digit) with a preset or typed kernel, computed by
// torch::nn::functional::conv2d, so the semantics are PyTorch's: cross-correlation (the kernel is
// not flipped), zero padding, and the output size
//     H_out = floor((H + 2p − d(k − 1) − 1) / s) + 1
// (torch.nn.Conv2d's formula; an empty output is refused). Beside it, the receptive field of L
// such layers stacked, r_l = r_{l−1} + d(k − 1)·j_{l−1} with jump j_l = j_{l−1}·s; parameter and
// multiply-add counts against a fully connected layer on the same input; 1x1 convolutions as
// channel mixing (an Inception-style 1x1 reduce then 3x3, against a direct 3x3); and a small CNN
// (torch::nn::Conv2d, torch::optim::Adam) trained on the digits, with its first-layer feature
// maps. Counts include biases, as torch.nn.Conv2d and Linear have them by default; a
// multiply-add (MAC) is one multiplication and one addition, FLOPs = 2 x MACs.

#include "engine/labs/params.h"
#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace mllab::labs {

struct ConvolutionLabParams {
    std::string input = "image"; ///< "image" (64x64 test image) | "digit" (8x8)
    int digit = 3; ///< the digit shown: its first row in the file (the CNN: its first test row)
    std::string kernel = "sobel_x"; ///< a preset (kernelPresets()) or "custom"
    int kernelSize = 3;             ///< 3 or 5
    std::string customKernel;       ///< "custom": k rows of k numbers (rows on lines or after ';')
    int stride = 1, padding = 1, dilation = 1;
    int inChannels = 4, outChannels = 8, groups = 1; ///< the layer whose sizes are counted
    int layers = 4; ///< identical layers stacked for the receptive-field table
    int bottleneckIn = 256, bottleneckMid = 64, bottleneckOut = 256; ///< 1x1 reduce, then 3x3
    int mapSize = 28;     ///< spatial size of the bottleneck's feature map
    bool trainCnn = true; ///< mllab-cli: also train the CNN on the digits
    int cnnFilters = 8;   ///< first-layer filters of the CNN (the second has twice as many)
    int epochs = 8;
    unsigned long long seed = 0;
};

/// A grayscale picture or a kernel, row-major.
struct ConvImage {
    int height = 0, width = 0;
    std::vector<double> values;
    double at(int row, int column) const { return values[std::size_t(row * width + column)]; }
};

/// One layer of the stack: its output size, jump (input pixels between neighbouring outputs)
/// and receptive field (input pixels one output sees along each axis).
struct ReceptiveFieldRow {
    int layer = 0;
    int size = 0;
    long long jump = 1;
    long long field = 1;
};

/// Parameters (weights + biases) and multiply-adds of one layer.
struct LayerCost {
    long long weights = 0, biases = 0, macs = 0;
    long long params() const { return weights + biases; }
};

struct ConvolutionLabResult {
    ConvolutionLabParams params;
    ConvImage input;  ///< values in [0, 1]
    ConvImage kernel; ///< the weights conv2d used
    ConvImage output; ///< conv2d's output (no bias)
    long long nonFinite = 0; ///< output values that overflowed float32 (inf or NaN)
    /// The formula's numbers along the height (the inputs are square): H + 2p − d(k−1) − 1.
    long long numerator = 0;
    std::vector<ReceptiveFieldRow> stack; ///< layer 0 is the input; stops before an empty one
    bool stackEmptied = false;            ///< a further layer would have had an empty output
    LayerCost conv;                       ///< the C_in → C_out layer (groups) on the input's size
    LayerCost dense;               ///< a Linear from the flattened input to the flattened output
    long long torchConvParams = 0; ///< the same layer's parameters as torch::nn::Conv2d has them
    int convOutputSize = 0;        ///< that layer's output size, as torch computed it
    LayerCost direct3x3;           ///< C_in → C_out, 3x3, padding 1
    LayerCost reduce1x1, then3x3;  ///< C_in → C_mid 1x1, then C_mid → C_out 3x3
    long long torchDirectParams = 0, torchBottleneckParams = 0;
    /// max |conv1x1(x) − W·x per pixel|: a 1x1 convolution is a Linear over the channels.
    double oneByOneMaxDifference = 0;
};

struct CnnEpoch {
    int epoch = 0;
    double trainLoss = 0, testLoss = 0;
    double trainAccuracy = 0, testAccuracy = 0;
};

/// One digit's first test-set sample through the trained CNN.
struct CnnDigit {
    ConvImage sample;                   ///< in [0, 1]
    int predicted = -1;                 ///< what the CNN says it is
    std::vector<ConvImage> featureMaps; ///< the first layer's ReLU outputs on it, 8x8 each
};

struct ConvolutionCnnResult {
    ConvolutionLabParams params;
    std::vector<CnnEpoch> epochs;
    int trainRows = 0, testRows = 0;
    long long parameters = 0;
    std::vector<ConvImage> kernels; ///< the first layer's 3x3 filters
    /// Digits 0-9 (so that choosing another digit needs no training); digit d at index d.
    std::vector<CnnDigit> digits;
};

/// The presets, in menu order: identity, box, gaussian, sharpen, sobel_x, sobel_y, laplacian,
/// edge.
const std::vector<std::string>& kernelPresets();
/// A preset's k x k weights (k = 3 or 5); InputError for an unknown name or size.
ConvImage kernelPreset(const std::string& name, int size);
/// Parses a typed kernel: `size` rows of `size` numbers, rows separated by new lines or ';',
/// numbers by spaces or commas. InputError naming the row and the value otherwise.
ConvImage parseKernel(const std::string& text, int size);

/// floor((size + 2p − d(k − 1) − 1) / s) + 1, as torch.nn.Conv2d; may be 0 or negative (empty).
long long convOutputSize(long long size, int kernel, int stride, int padding, int dilation);
/// The same, or InputError naming the numbers when the output would be empty.
int checkedConvOutputSize(int size, int kernel, int stride, int padding, int dilation);
/// Row 0 is the input (field 1, jump 1); then one row per layer while its output is non-empty.
std::vector<ReceptiveFieldRow> receptiveFieldStack(int size, int kernel, int stride, int padding,
                                                   int dilation, int layers);
/// A Conv2d's counts: weights C_out·(C_in/g)·k², C_out biases, MACs C_out·H_out·W_out·(C_in/g)·k².
/// InputError when g does not divide C_in and C_out.
LayerCost convCost(int inChannels, int outChannels, int kernel, int groups, long long outH,
                   long long outW);
/// A Linear from every input value to every output value: (C_in·H·W)·(C_out·H_out·W_out) weights.
LayerCost denseCost(long long inputs, long long outputs);

/// The first row of `digit` in the 8x8 digits (resources/datasets/digits.csv), values / 16.
ConvImage digitImage(int digit);
/// MLLab's 64x64 test image (resources/datasets/test_image.pgm), values / 255.
ConvImage testImage();
/// A plain (P2) or binary (P5) 8-bit PGM; InputError naming the file and the problem.
ConvImage readPgm(const std::string& path);

const LabSpec& convolutionLabSpec();
ConvolutionLabParams convolutionLabParams(const LabState& state);
/// The convolution, the counts and the checks (libtorch); fast. InputError for an empty output,
/// groups that do not divide the channels, a bad kernel.
ConvolutionLabResult computeConvolutionLab(const ConvolutionLabParams& params,
                                           const Progress& progress = {});
/// Trains the CNN on the digits: a stratified 75/25 split, Adam (lr 0.01), batches of 64,
/// torch.nn.CrossEntropyLoss; weights and biases start U(±1/√fan_in) as torch.nn.Conv2d and Linear.
ConvolutionCnnResult computeConvolutionCnn(const ConvolutionLabParams& params,
                                           const Progress& progress = {});
nlohmann::json convolutionLabJson(const ConvolutionLabResult& result);
nlohmann::json convolutionCnnJson(const ConvolutionCnnResult& result);

} // namespace mllab::labs
