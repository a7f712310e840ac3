#include "engine/runtime.h"

#include <Eigen/Core>

#include <fstream>

namespace mllab {

std::string mllabVersion()
{
    return MLLAB_VERSION;
}

std::string torchVersion()
{
    return MLLAB_TORCH_VERSION;
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
        if (path.find("libblas") != std::string::npos ||
            path.find("libopenblas") != std::string::npos ||
            path.find("libmkl") != std::string::npos)
            return path;
    }
    return {};
}

} // namespace mllab
