#include "engine/lm/shipped.h"

#include <cstdlib>
#include <filesystem>

namespace mllab {

std::string shippedModelPath()
{
    namespace fs = std::filesystem;
    if (const char* env = std::getenv("MLLAB_MODEL"); env && *env)
        return env;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = exe.parent_path().parent_path() / "share/mllab/models/tiny-gpt.safetensors";
        if (fs::exists(installed, ec))
            return installed.string();
    }
    return std::string(MLLAB_SOURCE_DIR) + "/resources/models/tiny-gpt.safetensors";
}

} // namespace mllab
