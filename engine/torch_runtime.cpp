// The libtorch half of runtime.h: its thread pools (the rest of runtime.h needs no libtorch).
#include "engine/runtime.h"

#include <ATen/Parallel.h>
#include <omp.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace mllab {

namespace {

/// libtorch counts physical cores (one on a 2-vCPU machine); training the shipped shape measured
/// 1.74x faster with two threads there (docs/performance.md), so use the logical CPUs, at most 4
/// (more is not measured and small models stop gaining), unless OMP_NUM_THREADS says otherwise.
int defaultIntraOpThreads()
{
    if (std::getenv("OMP_NUM_THREADS"))
        return 0;
    const int logical = int(std::thread::hardware_concurrency());
    return std::clamp(logical, 1, 4);
}

} // namespace

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
    if (intraOpThreads <= 0)
        intraOpThreads = defaultIntraOpThreads();
    if (intraOpThreads > 0 && intraOpThreads != at::get_num_threads())
        at::set_num_threads(intraOpThreads);
}

int computeThreads()
{
    return at::get_num_threads();
}

SingleComputeThread::SingleComputeThread()
{
    // get_num_threads first: ATen initialises a thread's OpenMP count lazily, on its first call,
    // and would otherwise undo the setting below at the thread's first parallel kernel.
    m_before = at::get_num_threads();
    omp_set_num_threads(1);
}

SingleComputeThread::~SingleComputeThread()
{
    omp_set_num_threads(m_before);
}

} // namespace mllab
