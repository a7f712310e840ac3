#pragma once
// Engine-internal: turns a validated device id into a torch::Device.

#include <string>

#include <c10/core/Device.h>

namespace mllab {

/// Validates `id` with findDevice and converts it; InputError when unknown or unavailable.
c10::Device torchDevice(const std::string& id);

} // namespace mllab
