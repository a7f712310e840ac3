#include "engine/gpu/device.h"

#include "engine/progress.h"

#include <torch/cuda.h>

#include <fstream>
#include <thread>
#include <unistd.h>

#ifdef MLLAB_WITH_CUDA
#include <cuda_runtime_api.h>
#endif

namespace mllab {
namespace {

std::string cpuModelName()
{
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line)) {
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos)
                return line.substr(line.find_first_not_of(' ', colon + 1));
        }
    }
    return "CPU";
}

std::int64_t physicalMemoryBytes()
{
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && pageSize > 0 ? std::int64_t(pages) * pageSize : 0;
}

DeviceInfo cudaDevice(int index)
{
    DeviceInfo info;
    info.id = "cuda:" + std::to_string(index);
    info.kind = "cuda";
    info.name = "CUDA device " + std::to_string(index);
#ifdef MLLAB_WITH_CUDA
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, index) == cudaSuccess) {
        info.name = prop.name;
        info.memoryBytes = static_cast<std::int64_t>(prop.totalGlobalMem);
    }
#endif
    return info;
}

} // namespace

std::vector<DeviceInfo> listDevices()
{
    DeviceInfo cpu;
    cpu.id = "cpu";
    cpu.kind = "cpu";
    cpu.name = cpuModelName();
    cpu.threads = static_cast<int>(std::thread::hardware_concurrency());
    cpu.memoryBytes = physicalMemoryBytes();
    std::vector<DeviceInfo> devices{cpu};
    const int cudaCount = torch::cuda::is_available() ? static_cast<int>(torch::cuda::device_count()) : 0;
    for (int i = 0; i < cudaCount; ++i)
        devices.push_back(cudaDevice(i));
    return devices;
}

DeviceInfo findDevice(const std::string& id)
{
    const auto devices = listDevices();
    for (const auto& d : devices)
        if (d.id == id || (id == "cuda" && d.id == "cuda:0"))
            return d;
    std::string available;
    for (const auto& d : devices)
        available += (available.empty() ? "" : ", ") + d.id;
    if (id.rfind("cuda", 0) == 0)
        throw InputError("device '" + id + "' is not available (this build or machine has no such "
                         "CUDA device); available: " + available);
    throw InputError("unknown device '" + id + "'; available: " + available);
}

std::string defaultDeviceId()
{
    return torch::cuda::is_available() ? "cuda:0" : "cpu";
}

} // namespace mllab
