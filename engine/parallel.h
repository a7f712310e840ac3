#pragma once
// Splitting one computation of the torch-free engine over a few threads of its own: work is cut
// into parts, one thread per part, and the first exception of any part is rethrown once all
// parts have finished. (libtorch's pool belongs to mllab_engine, which the core cannot use.)

#include <cstddef>
#include <functional>
#include <utility>

namespace mllab {

/// Parts worth making of `work` items when each part should get at least `minPerPart` items:
/// from 1 up to the logical CPUs (at most 8).
std::size_t partsFor(std::size_t work, std::size_t minPerPart);

/// Runs body(0) .. body(parts - 1) at once, part 0 on the calling thread; returns when all are
/// done and rethrows the exception of the lowest-numbered part that threw.
void runParts(std::size_t parts, const std::function<void(std::size_t part)>& body);

/// The half-open range [begin, end) of part `part` when n items are cut into `parts` parts.
inline std::pair<std::size_t, std::size_t> partRange(std::size_t n, std::size_t parts,
                                                     std::size_t part)
{
    return {n * part / parts, n * (part + 1) / parts};
}

} // namespace mllab
