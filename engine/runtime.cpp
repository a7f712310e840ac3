#include "engine/runtime.h"

#include <ATen/Parallel.h>
#include <Eigen/Core>
#include <torch/version.h>

#include <fstream>
#include <mutex>

namespace mllab {

std::string mllabVersion()
{
    return MLLAB_VERSION;
}

std::string torchVersion()
{
    return TORCH_VERSION;
}

std::string eigenVersion()
{
    return std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
           std::to_string(EIGEN_MINOR_VERSION);
}

std::string loadedBlasLibrary()
{
    std::ifstream maps("/proc/self/maps");
    std::string line;
    while (std::getline(maps, line)) {
        const auto slash = line.find('/');
        if (slash == std::string::npos)
            continue;
        const std::string path = line.substr(slash);
        if (path.find("libblas") != std::string::npos || path.find("libopenblas") != std::string::npos ||
            path.find("libmkl") != std::string::npos)
            return path;
    }
    return {};
}

void configureComputeThreads(int intraOpThreads)
{
    static std::once_flag interOpOnce;
    std::call_once(interOpOnce, [] {
        try {
            at::set_num_interop_threads(1);
        } catch (...) {
            // libtorch refuses once its inter-op pool has started; the default is then kept.
        }
    });
    if (intraOpThreads > 0)
        at::set_num_threads(intraOpThreads);
}

int computeThreads()
{
    return at::get_num_threads();
}

} // namespace mllab
