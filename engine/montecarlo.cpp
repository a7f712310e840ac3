#include "engine/montecarlo.h"

#include "engine/gpu/torch_device.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace mllab {
namespace {

constexpr std::int64_t kMaxChunk = 1 << 20;

void validate(const MonteCarloParams& p)
{
    if (p.samples < 1)
        throw InputError("samples must be at least 1 (got " + std::to_string(p.samples) + ")");
    if (p.checkpoints < 1)
        throw InputError("checkpoints must be at least 1 (got " + std::to_string(p.checkpoints) + ")");
}

} // namespace

MonteCarloResult computeMonteCarloPi(const MonteCarloParams& params, const Progress& progress)
{
    validate(params);
    const c10::Device device = torchDevice(params.device);
    torch::NoGradGuard noGrad;
    auto generator = device.is_cpu() ? at::detail::createCPUGenerator(params.seed)
                                     : at::Generator();
    if (!device.is_cpu())
        torch::manual_seed(params.seed);

    const std::int64_t checkpoints = std::min<std::int64_t>(params.checkpoints, params.samples);
    MonteCarloResult result;
    std::int64_t drawn = 0;
    std::int64_t inside = 0;
    ProgressThrottle throttle(progress);
    for (std::int64_t k = 1; k <= checkpoints; ++k) {
        const std::int64_t target = params.samples * k / checkpoints;
        while (drawn < target) {
            throttle.tick(double(drawn) / double(params.samples), "drawing points");
            const std::int64_t n = std::min(kMaxChunk, target - drawn);
            const auto options = torch::TensorOptions().dtype(torch::kFloat64).device(device);
            const torch::Tensor xy = device.is_cpu() ? torch::rand({n, 2}, generator, options)
                                                     : torch::rand({n, 2}, options);
            inside += (xy.square().sum(1) <= 1.0).sum().item<std::int64_t>();
            drawn += n;
        }
        const double p = double(inside) / double(drawn);
        result.samplesSoFar.push_back(drawn);
        result.estimates.push_back(4.0 * p);
        result.standardErrors.push_back(4.0 * std::sqrt(p * (1.0 - p) / double(drawn)));
        progress.update(double(k) / double(checkpoints), "drawn " + std::to_string(drawn) + " points");
    }
    result.estimate = result.estimates.back();
    result.standardError = result.standardErrors.back();
    return result;
}

} // namespace mllab
