#pragma once
// Torch-free reading and writing of safetensors checkpoints, in plain types. The model layer
// converts its tensors to and from TensorRecord; nothing here knows about libtorch.
//
/// Format (as published with Hugging Face's `safetensors`): an 8-byte little-endian unsigned
/// header length N; N bytes of UTF-8 JSON that begin with '{' and may be padded at the end with
/// spaces (0x20); then the data buffer. The JSON maps each tensor name to {"dtype", "shape",
/// "data_offsets": [begin, end]} (offsets relative to the data buffer, end exclusive); an optional
/// "__metadata__" object maps strings to strings. Tensor data is little-endian and C-ordered
/// (row-major), the layout of a contiguous PyTorch CPU tensor.
///
/// Writer: tensors contiguous in name order (byte-wise), header padded with spaces to a multiple
/// of 8 bytes, file replaced atomically. Reader: checks every rule above (see docs/checkpoints.md)
/// and throws InputError naming the file and the problem; it returns a complete result or nothing.

#include "engine/progress.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mllab {

/// Element types of the format that MLLab reads and writes (names as in the JSON header).
enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

std::size_t dtypeSize(DType dtype);          ///< bytes per element (BOOL is one byte)
std::string dtypeName(DType dtype);          ///< "F32", "BOOL", ...
bool dtypeFromName(const std::string& name, DType& dtype);  ///< false for unknown names
std::vector<DType> allDTypes();              ///< every DType, in declaration order

/// Product of the dimensions; 1 for a scalar (shape []). Throws InputError on a negative
/// dimension or an overflowing product.
std::int64_t elementCount(const std::vector<std::int64_t>& shape);

/// "[2, 3]" (or "[]" for a scalar), as error messages print shapes.
std::string shapeText(const std::vector<std::int64_t>& shape);

/// One named tensor: its raw bytes, little-endian, C order.
struct TensorRecord {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;   ///< [] is a scalar with one element
    std::vector<std::uint8_t> bytes;   ///< elementCount(shape) * dtypeSize(dtype) bytes
};

/// A whole checkpoint. readSafetensors returns tensors sorted by name.
struct SafetensorsFile {
    std::map<std::string, std::string> metadata;  ///< the "__metadata__" map (UTF-8)
    std::vector<TensorRecord> tensors;

    const TensorRecord* find(const std::string& name) const;  ///< nullptr when absent
};

/// Builds an F32 record from values (stored little-endian); throws InputError when the number of
/// values does not match the shape.
TensorRecord makeF32Tensor(const std::string& name, const std::vector<std::int64_t>& shape,
                           const std::vector<float>& values);

/// The values of an F32 record; throws InputError for another dtype.
std::vector<float> f32Values(const TensorRecord& tensor);

/// The file as bytes. Throws InputError for records that cannot be written: byte count not
/// matching shape and dtype, duplicate, empty or reserved ("__metadata__") names, text that is
/// not UTF-8.
std::vector<std::uint8_t> encodeSafetensors(const SafetensorsFile& file);

/// Parses bytes of a whole file; `source` names it in messages.
SafetensorsFile decodeSafetensors(const std::uint8_t* data, std::size_t size,
                                  const std::string& source = "<memory>");
SafetensorsFile decodeSafetensors(const std::vector<std::uint8_t>& bytes,
                                  const std::string& source = "<memory>");

/// Writes `file` to `path` atomically: a temporary file in the same folder is written, synced
/// and renamed over `path`. On any failure (unwritable folder, full disk, bad record) an existing
/// file at `path` is left untouched, the temporary file is removed and InputError is thrown.
void writeSafetensors(const std::string& path, const SafetensorsFile& file);

/// Reads and validates a file. Allocates nothing larger than the file itself.
SafetensorsFile readSafetensors(const std::string& path);

/// Size and layout limits of the reader.
constexpr std::uint64_t kSafetensorsMaxHeaderBytes = 100'000'000;  ///< same bound as the reference
constexpr std::size_t kSafetensorsMaxRank = 64;                    ///< dimensions per shape

/// What a loader expects to find in a checkpoint.
struct TensorSpec {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
};

/// Largest |weight| a model may hold: far above any trained value, far below where float32
/// activations overflow.
constexpr double kMaxWeightMagnitude = 1e6;

/// Checks that `file` holds exactly the expected tensors with their dtypes and shapes; throws
/// InputError ("<source>: tensor 'x' has shape [2, 3], expected [3, 2]") for a missing tensor,
/// an unexpected one, a wrong shape or a wrong dtype, and for an F32/F64 value that is NaN,
/// infinite or above kMaxWeightMagnitude in magnitude.
void checkTensors(const SafetensorsFile& file, const std::vector<TensorSpec>& expected,
                  const std::string& source);

} // namespace mllab
