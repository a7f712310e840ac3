#include "engine/datapaths.h"

#include <cstdlib>
#include <filesystem>

namespace mllab {

namespace {

namespace fs = std::filesystem;

bool isInside(const fs::path& path, const fs::path& folder)
{
    const auto rel = path.lexically_relative(folder);
    return !rel.empty() && *rel.begin() != "..";
}

} // namespace

std::string dataDirectory()
{
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec)
        return std::string(MLLAB_SOURCE_DIR) + "/resources";
    // bin/<exe> and libexec/mllab/<exe> both sit below <prefix>.
    const fs::path installed[] = {exe.parent_path().parent_path() / "share/mllab",
                                  exe.parent_path().parent_path().parent_path() / "share/mllab"};
    for (const fs::path& folder : installed)
        if (fs::is_directory(folder / "models", ec))
            return folder.string();
    const fs::path buildFolder = fs::weakly_canonical(MLLAB_BINARY_DIR, ec);
    if (!ec && isInside(fs::weakly_canonical(exe, ec), buildFolder))
        return std::string(MLLAB_SOURCE_DIR) + "/resources";
    return installed[0].string();
}

std::string questionBankDirectory()
{
    const std::string data = dataDirectory();
    if (data == std::string(MLLAB_SOURCE_DIR) + "/resources")
        return std::string(MLLAB_SOURCE_DIR) + "/content/questions";
    return data + "/questions";
}

std::string shippedModelPath()
{
    if (const char* env = std::getenv("MLLAB_MODEL"); env && *env)
        return env;
    return dataDirectory() + "/models/tiny-gpt.safetensors";
}

std::string shippedDraftModelPath()
{
    if (const char* env = std::getenv("MLLAB_DRAFT_MODEL"); env && *env)
        return env;
    return dataDirectory() + "/models/tiny-gpt-draft.safetensors";
}

} // namespace mllab
