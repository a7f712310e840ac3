#pragma once
// Compute devices: discovery and selection by id ("cpu", "cuda:0", ...). Torch-free so that the
// app can list devices without libtorch headers; engine code converts ids with torch_device.h.

#include <cstdint>
#include <string>
#include <vector>

namespace mllab {

struct DeviceInfo {
    std::string id;               ///< "cpu" or "cuda:N"
    std::string name;             ///< CPU model or GPU product name
    std::string kind;             ///< "cpu" or "cuda"
    int threads = 0;              ///< CPU: hardware threads; CUDA: 0
    std::int64_t memoryBytes = 0; ///< CUDA: total device memory; CPU: physical memory
};

/// The CPU first, then every CUDA device libtorch can use (none with a CPU-only libtorch).
std::vector<DeviceInfo> listDevices();

/// The device with this id; InputError naming the available ids when it is unknown or absent.
DeviceInfo findDevice(const std::string& id);

/// "cuda:0" when a CUDA device is available, else "cpu".
std::string defaultDeviceId();

} // namespace mllab
