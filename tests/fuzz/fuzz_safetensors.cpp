// Checkpoint reading (engine/lm/safetensors.h): the header and layout validation of
// decodeSafetensors and the value checks of checkTensors. Any input decodes completely or is
// refused with InputError; a decoded file re-encodes to a file that decodes to the same tensors.

#include "engine/lm/safetensors.h"
#include "engine/progress.h"
#include "tests/fuzz/fuzz_check.h"

#include <cmath>
#include <cstdint>
#include <cstring>

using namespace mllab;

namespace {

bool sameTensors(const SafetensorsFile& a, const SafetensorsFile& b)
{
    if (a.metadata != b.metadata || a.tensors.size() != b.tensors.size())
        return false;
    for (std::size_t i = 0; i < a.tensors.size(); ++i) {
        const TensorRecord& x = a.tensors[i];
        const TensorRecord& y = b.tensors[i];
        if (x.name != y.name || x.dtype != y.dtype || x.shape != y.shape || x.bytes != y.bytes)
            return false;
    }
    return true;
}

/// Whether checkTensors may refuse this tensor's values (NaN, infinite or above the limit).
bool holdsRefusableValue(const TensorRecord& t)
{
    auto bad = [](double v) { return !std::isfinite(v) || std::fabs(v) > kMaxWeightMagnitude; };
    if (t.dtype == DType::F32) {
        for (std::size_t i = 0; i + 4 <= t.bytes.size(); i += 4) {
            float v;
            std::memcpy(&v, &t.bytes[i], 4);
            if (bad(v))
                return true;
        }
    }
    if (t.dtype == DType::F64) {
        for (std::size_t i = 0; i + 8 <= t.bytes.size(); i += 8) {
            double v;
            std::memcpy(&v, &t.bytes[i], 8);
            if (bad(v))
                return true;
        }
    }
    return false;
}

void checkDecoded(const SafetensorsFile& file)
{
    std::vector<TensorSpec> expected;
    bool refusable = false;
    for (std::size_t i = 0; i < file.tensors.size(); ++i) {
        const TensorRecord& t = file.tensors[i];
        FUZZ_CHECK(i == 0 || file.tensors[i - 1].name < t.name);
        FUZZ_CHECK(t.shape.size() <= kSafetensorsMaxRank);
        FUZZ_CHECK(std::uint64_t(elementCount(t.shape)) * dtypeSize(t.dtype) == t.bytes.size());
        FUZZ_CHECK(file.find(t.name) == &t);
        expected.push_back({t.name, t.dtype, t.shape});
        refusable = refusable || holdsRefusableValue(t);
    }
    // Checked against its own layout, a file is refused only for its values.
    try {
        checkTensors(file, expected, "fuzz.safetensors");
        FUZZ_CHECK(!refusable);
    } catch (const InputError&) {
        FUZZ_CHECK(refusable);
    }
    // Against another layout it is refused with a message, never anything else.
    try {
        checkTensors(file, {{"wte", DType::F32, {4, 2}}, {"b", DType::F64, {}}},
                     "fuzz.safetensors");
    } catch (const InputError&) {
    }
    const std::vector<std::uint8_t> again = encodeSafetensors(file);
    FUZZ_CHECK(sameTensors(decodeSafetensors(again, "again.safetensors"), file));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    SafetensorsFile file;
    try {
        file = decodeSafetensors(data, size, "fuzz.safetensors");
    } catch (const InputError&) {
        return 0;
    }
    checkDecoded(file);
    return 0;
}
