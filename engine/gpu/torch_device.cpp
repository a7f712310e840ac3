#include "engine/gpu/torch_device.h"

#include "engine/gpu/device.h"

namespace mllab {

c10::Device torchDevice(const std::string& id)
{
    return c10::Device(findDevice(id).id);
}

} // namespace mllab
