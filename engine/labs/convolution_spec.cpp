// The convolution lab's declaration, its libtorch-free arithmetic (output sizes, receptive
// fields, counts, kernels) and its JSON; the convolutions and the CNN are convolution.cpp.
#include "engine/labs/convolution.h"

#include "engine/fileio.h"

#include "engine/datapaths.h"
#include "engine/datasets.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>

namespace mllab::labs {

namespace {

std::string sizeText(int size)
{
    return std::to_string(size) + "x" + std::to_string(size);
}

/// The outer product a·bᵀ as a kernel.
ConvImage outer(const std::vector<double>& a, const std::vector<double>& b)
{
    ConvImage k{int(a.size()), int(b.size()), {}};
    for (double x : a)
        for (double y : b)
            k.values.push_back(x * y);
    return k;
}

ConvImage scaled(ConvImage k, double factor)
{
    for (double& v : k.values)
        v *= factor;
    return k;
}

nlohmann::json imageJson(const ConvImage& image)
{
    return {{"height", image.height}, {"width", image.width}, {"values", image.values}};
}

nlohmann::json costJson(const LayerCost& c)
{
    return {{"weights", c.weights},
            {"biases", c.biases},
            {"params", c.params()},
            {"macs", c.macs},
            {"flops", 2 * c.macs}};
}

} // namespace

const std::vector<std::string>& kernelPresets()
{
    static const std::vector<std::string> names = {"identity", "box",     "gaussian",  "sharpen",
                                                   "sobel_x",  "sobel_y", "laplacian", "edge"};
    return names;
}

ConvImage kernelPreset(const std::string& name, int size)
{
    if (size != 3 && size != 5)
        throw InputError("kernel size must be 3 or 5, got " + std::to_string(size));
    const int n = size * size;
    ConvImage k{size, size, std::vector<double>(std::size_t(n), 0.0)};
    const std::size_t centre = std::size_t(n / 2);
    if (name == "identity") {
        k.values[centre] = 1;
    } else if (name == "box") {
        std::fill(k.values.begin(), k.values.end(), 1.0 / n);
    } else if (name == "gaussian") { // binomial weights, the discrete Gaussian
        const std::vector<double> b =
            size == 3 ? std::vector<double>{1, 2, 1} : std::vector<double>{1, 4, 6, 4, 1};
        k = scaled(outer(b, b), size == 3 ? 1.0 / 16 : 1.0 / 256);
    } else if (name == "sharpen") { // 2·identity − box: the image plus its detail
        std::fill(k.values.begin(), k.values.end(), -1.0 / n);
        k.values[centre] += 2;
    } else if (name == "sobel_x" || name == "sobel_y") {
        // Smoothing across, central difference along: positive where the image brightens to the
        // right (x) or downwards (y), since conv2d does not flip the kernel.
        const std::vector<double> smooth =
            size == 3 ? std::vector<double>{1, 2, 1} : std::vector<double>{1, 4, 6, 4, 1};
        const std::vector<double> diff =
            size == 3 ? std::vector<double>{-1, 0, 1} : std::vector<double>{-1, -2, 0, 2, 1};
        k = name == "sobel_x" ? outer(smooth, diff) : outer(diff, smooth);
    } else if (name == "laplacian") {
        k.values = size == 3 ? std::vector<double>{0, 1, 0, 1, -4, 1, 0, 1, 0}
                             : std::vector<double>{0, 0, 1, 0, 0, 0, 1, 2, 1, 0, 1, 2, -16,
                                                   2, 1, 0, 1, 2, 1, 0, 0, 0, 1, 0, 0};
    } else if (name == "edge") { // every neighbour −1, the centre their count: sums to zero
        std::fill(k.values.begin(), k.values.end(), -1.0);
        k.values[centre] = n - 1;
    } else {
        throw InputError("unknown kernel preset '" + name +
                         "' (identity, box, gaussian, sharpen, sobel_x, sobel_y, laplacian, edge)");
    }
    return k;
}

ConvImage parseKernel(const std::string& text, int size)
{
    if (size != 3 && size != 5)
        throw InputError("kernel size must be 3 or 5, got " + std::to_string(size));
    std::vector<std::string> rows;
    std::string row;
    for (char c : text + "\n") {
        if (c == '\n' || c == ';') {
            if (row.find_first_not_of(" \t\r,") != std::string::npos)
                rows.push_back(row);
            row.clear();
        } else {
            row += c;
        }
    }
    if (int(rows.size()) != size)
        throw InputError("the custom kernel needs " + std::to_string(size) + " rows for " +
                         sizeText(size) + ", got " + std::to_string(rows.size()));
    ConvImage k{size, size, {}};
    for (std::size_t r = 0; r < rows.size(); ++r) {
        std::string cells = rows[r];
        std::replace(cells.begin(), cells.end(), ',', ' ');
        std::istringstream in(cells);
        std::string cell;
        int count = 0;
        while (in >> cell) {
            std::size_t used = 0;
            double v = 0;
            try {
                v = std::stod(cell, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used != cell.size() || !std::isfinite(v))
                throw InputError("custom kernel row " + std::to_string(r + 1) + ": '" + cell +
                                 "' is not a number");
            k.values.push_back(v);
            ++count;
        }
        if (count != size)
            throw InputError("custom kernel row " + std::to_string(r + 1) + " has " +
                             std::to_string(count) + (count == 1 ? " number" : " numbers") +
                             ", needs " + std::to_string(size));
    }
    return k;
}

long long convOutputSize(long long size, int kernel, int stride, int padding, int dilation)
{
    const long long numerator = size + 2LL * padding - 1LL * dilation * (kernel - 1) - 1;
    // floor division, also for a negative numerator
    const long long q = numerator >= 0 ? numerator / stride : -((-numerator + stride - 1) / stride);
    return q + 1;
}

int checkedConvOutputSize(int size, int kernel, int stride, int padding, int dilation)
{
    const long long out = convOutputSize(size, kernel, stride, padding, dilation);
    if (out < 1)
        throw InputError("the output would be empty: floor((" + std::to_string(size) + " + 2·" +
                         std::to_string(padding) + " − " + std::to_string(dilation) + "·(" +
                         std::to_string(kernel) + " − 1) − 1) / " + std::to_string(stride) +
                         ") + 1 = " + std::to_string(out) + "; the dilated kernel spans " +
                         std::to_string(dilation * (kernel - 1) + 1) +
                         " pixels, more than the padded input's " +
                         std::to_string(size + 2 * padding) + " (add padding or lower dilation)");
    return int(out);
}

std::vector<ReceptiveFieldRow> receptiveFieldStack(int size, int kernel, int stride, int padding,
                                                   int dilation, int layers)
{
    std::vector<ReceptiveFieldRow> rows{{0, size, 1, 1}};
    for (int l = 1; l <= layers; ++l) {
        const ReceptiveFieldRow& prev = rows.back();
        const long long out = convOutputSize(prev.size, kernel, stride, padding, dilation);
        if (out < 1)
            break;
        rows.push_back({l, int(out), prev.jump * stride,
                        prev.field + 1LL * dilation * (kernel - 1) * prev.jump});
    }
    return rows;
}

LayerCost convCost(int inChannels, int outChannels, int kernel, int groups, long long outH,
                   long long outW)
{
    if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
        throw InputError("groups (" + std::to_string(groups) + ") must divide both the input (" +
                         std::to_string(inChannels) + ") and the output channels (" +
                         std::to_string(outChannels) + ")");
    LayerCost c;
    const long long perOutput = 1LL * (inChannels / groups) * kernel * kernel;
    c.weights = outChannels * perOutput;
    c.biases = outChannels;
    c.macs = outChannels * outH * outW * perOutput;
    return c;
}

LayerCost denseCost(long long inputs, long long outputs)
{
    return {inputs * outputs, outputs, inputs * outputs};
}

ConvImage digitImage(int digit)
{
    if (digit < 0 || digit > 9)
        throw InputError("digit must be 0 to 9, got " + std::to_string(digit));
    static const Dataset digits = loadBuiltInDataset("digits");
    const std::string name = std::to_string(digit);
    for (std::size_t r = 0; r < digits.rows; ++r)
        if (digits.classNames[std::size_t(digits.labels[r])] == name) {
            ConvImage image{8, 8, {}};
            for (std::size_t f = 0; f < 64; ++f)
                image.values.push_back(digits.at(r, f) / 16.0);
            return image;
        }
    throw InputError("the digits file has no digit " + name);
}

ConvImage readPgm(const std::string& path)
{
    std::istringstream in(readRegularFile(path, "image"));
    std::string magic;
    in >> magic;
    if (magic != "P2" && magic != "P5")
        throw InputError(path + " is not a PGM image (P2 or P5)");
    auto number = [&](const char* what) {
        in >> std::ws;
        while (in.peek() == '#') {
            std::string comment;
            std::getline(in, comment);
            in >> std::ws;
        }
        long long v = -1;
        if (!(in >> v) || v < 1 || v > 65535)
            throw InputError(path + ": bad " + std::string(what));
        return v;
    };
    const long long width = number("width"), height = number("height");
    const long long maxValue = number("maximum value");
    if (maxValue > 255 || width > 4096 || height > 4096)
        throw InputError(path + ": only 8-bit PGM images up to 4096x4096 are read");
    ConvImage image{int(height), int(width), {}};
    image.values.reserve(std::size_t(width * height));
    if (magic == "P5") {
        in.get();
        std::vector<char> bytes(std::size_t(width * height));
        if (!in.read(bytes.data(), std::streamsize(bytes.size())))
            throw InputError(path + ": the pixels stop early");
        for (char b : bytes)
            image.values.push_back(double(static_cast<unsigned char>(b)) / double(maxValue));
    } else {
        for (long long i = 0; i < width * height; ++i) {
            long long v = -1;
            if (!(in >> v) || v < 0 || v > maxValue)
                throw InputError(path + ": pixel " + std::to_string(i + 1) +
                                 " is missing or out of range");
            image.values.push_back(double(v) / double(maxValue));
        }
    }
    return image;
}

ConvImage testImage()
{
    static const ConvImage image = readPgm(dataDirectory() + "/datasets/test_image.pgm");
    return image;
}

const LabSpec& convolutionLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"convolution", "Convolutions and 1x1 convolutions",
                  "A 2-D convolution as PyTorch computes it: kernels, stride, padding, dilation "
                  "and groups; the output size, the receptive field of a stack, what it costs "
                  "against a dense layer; 1x1 bottlenecks and a small CNN on handwritten digits."};
        s.needsTorch = true;
        ParamSpec view = tabsParam("view", {"convolution", "cnn"},
                                   "The convolution of the image, or 1x1 bottlenecks and the CNN");
        view.choiceLabels = {"Convolution", "1x1 and a CNN"};
        ParamSpec input{"input", "Input", ParamType::Choice, std::string("image")};
        input.choices = {"image", "digit"};
        input.choiceLabels = {"test image 64x64", "digit 8x8"};
        input.help = "MLLab's test image (shapes, edges, a gradient, text) or a handwritten digit";
        ParamSpec digit{"digit", "Digit", ParamType::Integer, 3LL, 0, 9, 1};
        digit.help = "The digit convolved (input: digit) and whose feature maps the CNN shows";
        ParamSpec kernel{"kernel", "Kernel", ParamType::Choice, std::string("sobel_x")};
        kernel.choices = kernelPresets();
        kernel.choices.push_back("custom");
        kernel.choiceLabels = {"identity", "box blur", "Gaussian blur", "sharpen",
                               "Sobel x",  "Sobel y",  "Laplacian",     "edge (all neighbours)",
                               "custom"};
        kernel.help = "A preset kernel, or your own typed below";
        ParamSpec size{"kernel_size", "Kernel size", ParamType::Choice, std::string("3")};
        size.choices = {"3", "5"};
        size.choiceLabels = {"3x3", "5x5"};
        size.help = "k: the kernel is k x k";
        ParamSpec custom{"custom_kernel", "Custom kernel", ParamType::Text,
                         std::string("0 -1 0\n-1 5 -1\n0 -1 0")};
        custom.widget = ParamWidget::TextEdit;
        custom.lines = 5;
        custom.visibleWhen = "kernel=custom";
        custom.help = "k rows of k numbers, rows on new lines or after ';'";
        ParamSpec stride{"stride", "Stride s", ParamType::Integer, 1LL, 1, 4, 1};
        stride.help = "Steps between neighbouring outputs, in input pixels";
        ParamSpec padding{"padding", "Padding p", ParamType::Integer, 1LL, 0, 4, 1};
        padding.help = "Zeros added on every side";
        ParamSpec dilation{"dilation", "Dilation d", ParamType::Integer, 1LL, 1, 4, 1};
        dilation.help = "Spacing between kernel taps: the kernel spans d(k − 1) + 1 pixels";
        ParamSpec inCh{"in_channels", "Input channels", ParamType::Integer, 4LL, 1, 64, 1};
        inCh.help = "C_in of the layer whose parameters and multiply-adds are counted";
        ParamSpec outCh{"out_channels", "Output channels", ParamType::Integer, 8LL, 1, 64, 1};
        outCh.help = "C_out of that layer";
        ParamSpec groups{"groups", "Groups", ParamType::Integer, 1LL, 1, 64, 1};
        groups.help = "Each group of C_in/g inputs feeds C_out/g outputs; g = C_in is depthwise";
        ParamSpec layers{"layers", "Stacked layers", ParamType::Integer, 4LL, 1, 8, 1};
        layers.help = "Identical layers stacked, for the receptive-field table";
        ParamSpec bIn{"bottleneck_in", "1x1: C_in", ParamType::Integer, 256LL, 1, 1024, 1};
        bIn.help = "Channels into the block (Inception: 1x1 reduce, then 3x3)";
        ParamSpec bMid{"bottleneck_mid", "1x1: C_mid", ParamType::Integer, 64LL, 1, 1024, 1};
        bMid.help = "Channels the 1x1 convolution reduces to";
        ParamSpec bOut{"bottleneck_out", "1x1: C_out", ParamType::Integer, 256LL, 1, 1024, 1};
        bOut.help = "Channels out of the 3x3 convolution";
        ParamSpec map{"map_size", "1x1: map size", ParamType::Integer, 28LL, 1, 256, 1};
        map.unit = "px";
        map.help = "Height and width of the feature map, for the multiply-adds";
        ParamSpec train{"train_cnn", "Train the CNN", ParamType::Bool, true};
        train.help = "Train the small CNN on the digits (mllab-cli includes its accuracy)";
        ParamSpec filters{"cnn_filters", "CNN filters", ParamType::Integer, 8LL, 1, 32, 1};
        filters.help = "First-layer filters of the CNN; the second layer has twice as many";
        ParamSpec epochs{"epochs", "CNN epochs", ParamType::Integer, 8LL, 1, 60, 1};
        epochs.help =
            "Passes over the training digits, three quarters of 1,797 (Adam, batches of 64)";
        s.params = {view,
                    input,
                    digit,
                    kernel,
                    size,
                    custom,
                    stride,
                    padding,
                    dilation,
                    inCh,
                    outCh,
                    groups,
                    layers,
                    bIn,
                    bMid,
                    bOut,
                    map,
                    train,
                    filters,
                    epochs,
                    seedParam("Seed of the train/test split, the CNN's weights and batches")};
        return s;
    }();
    return spec;
}

ConvolutionLabParams convolutionLabParams(const LabState& state)
{
    ConvolutionLabParams p;
    p.input = state.text("input");
    p.digit = int(state.integer("digit"));
    p.kernel = state.text("kernel");
    p.kernelSize = std::stoi(state.text("kernel_size"));
    p.customKernel = state.text("custom_kernel");
    p.stride = int(state.integer("stride"));
    p.padding = int(state.integer("padding"));
    p.dilation = int(state.integer("dilation"));
    p.inChannels = int(state.integer("in_channels"));
    p.outChannels = int(state.integer("out_channels"));
    p.groups = int(state.integer("groups"));
    p.layers = int(state.integer("layers"));
    p.bottleneckIn = int(state.integer("bottleneck_in"));
    p.bottleneckMid = int(state.integer("bottleneck_mid"));
    p.bottleneckOut = int(state.integer("bottleneck_out"));
    p.mapSize = int(state.integer("map_size"));
    p.trainCnn = state.flag("train_cnn");
    p.cnnFilters = int(state.integer("cnn_filters"));
    p.epochs = int(state.integer("epochs"));
    p.seed = static_cast<unsigned long long>(state.integer("seed"));
    return p;
}

nlohmann::json convolutionLabJson(const ConvolutionLabResult& r)
{
    const auto& p = r.params;
    nlohmann::json stack = nlohmann::json::array();
    for (const auto& row : r.stack)
        stack.push_back({{"layer", row.layer},
                         {"output_size", row.size},
                         {"jump", row.jump},
                         {"receptive_field", row.field}});
    return {
        {"input", {{"name", p.input}, {"height", r.input.height}, {"width", r.input.width}}},
        {"kernel", {{"name", p.kernel}, {"size", p.kernelSize}, {"weights", r.kernel.values}}},
        {"output_size",
         {{"height", r.output.height},
          {"width", r.output.width},
          {"formula", "floor((H + 2p - d(k-1) - 1)/s) + 1"},
          {"H", r.input.height},
          {"p", p.padding},
          {"d", p.dilation},
          {"k", p.kernelSize},
          {"s", p.stride},
          {"numerator", r.numerator}}},
        {"output", imageJson(r.output)},
        {"output_non_finite", r.nonFinite},
        {"receptive_field", {{"layers", stack}, {"stack_emptied", r.stackEmptied}}},
        {"layer_counts",
         {{"in_channels", p.inChannels},
          {"out_channels", p.outChannels},
          {"groups", p.groups},
          {"conv", costJson(r.conv)},
          {"torch_conv_params", r.torchConvParams},
          {"dense", costJson(r.dense)}}},
        {"bottleneck",
         {{"in", p.bottleneckIn},
          {"mid", p.bottleneckMid},
          {"out", p.bottleneckOut},
          {"map_size", p.mapSize},
          {"direct_3x3", costJson(r.direct3x3)},
          {"reduce_1x1", costJson(r.reduce1x1)},
          {"then_3x3", costJson(r.then3x3)},
          {"bottleneck_params", r.reduce1x1.params() + r.then3x3.params()},
          {"bottleneck_macs", r.reduce1x1.macs + r.then3x3.macs},
          {"torch_direct_params", r.torchDirectParams},
          {"torch_bottleneck_params", r.torchBottleneckParams},
          {"one_by_one_vs_linear_max_difference", r.oneByOneMaxDifference}}},
    };
}

nlohmann::json convolutionCnnJson(const ConvolutionCnnResult& r)
{
    nlohmann::json epochs = nlohmann::json::array();
    for (const auto& e : r.epochs)
        epochs.push_back({{"epoch", e.epoch},
                          {"train_loss", e.trainLoss},
                          {"test_loss", e.testLoss},
                          {"train_accuracy", e.trainAccuracy},
                          {"test_accuracy", e.testAccuracy}});
    return {{"train_rows", r.trainRows},
            {"test_rows", r.testRows},
            {"parameters", r.parameters},
            {"test_accuracy", r.epochs.empty() ? 0.0 : r.epochs.back().testAccuracy},
            {"digit", r.params.digit},
            {"predicted", r.params.digit >= 0 && r.params.digit < int(r.digits.size())
                              ? r.digits[std::size_t(r.params.digit)].predicted
                              : -1},
            {"epochs", epochs}};
}

} // namespace mllab::labs
