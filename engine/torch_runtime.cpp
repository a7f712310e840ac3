// The libtorch half of runtime.h: its thread pools (the rest of runtime.h needs no libtorch).
#include "engine/runtime.h"

#include <ATen/Parallel.h>

#include <mutex>

namespace mllab {

void configureComputeThreads(int intraOpThreads)
{
    static std::once_flag interOpOnce;
    std::call_once(interOpOnce, [] {
        try {
            at::set_num_interop_threads(1);
        } catch (...) {
            // libtorch refuses once its inter-op pool has started; the default is then kept.
        }
    });
    if (intraOpThreads > 0)
        at::set_num_threads(intraOpThreads);
}

int computeThreads()
{
    return at::get_num_threads();
}

} // namespace mllab
