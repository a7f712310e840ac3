#pragma once
// Where the shipped model lives: $MLLAB_MODEL if set, else the installed copy
// (<prefix>/share/mllab/models/tiny-gpt.safetensors next to the executable's bin/), else the
// source tree's resources/models/tiny-gpt.safetensors (development builds).

#include <string>

namespace mllab {

std::string shippedModelPath();

} // namespace mllab
