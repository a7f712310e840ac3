#pragma once
// Process-wide facts and settings of the compute runtime: library versions, the BLAS library in
// use, and libtorch's thread pools (set once, before any tensor work). The thread functions are
// defined in mllab_engine (engine/torch_runtime.cpp), the others in the libtorch-free
// mllab_engine_core.

#include <string>

namespace mllab {

std::string mllabVersion();
std::string torchVersion(); ///< e.g. "1.13.0"
std::string eigenVersion(); ///< e.g. "3.4.0"

/// File name of the BLAS library mapped into this process (e.g.
/// ".../openblas-openmp/libblas.so.3"), or an empty string when none is loaded yet.
std::string loadedBlasLibrary();

/// Sets libtorch's intra-op threads (0 = the logical CPUs, at most 4, or libtorch's default when
/// OMP_NUM_THREADS is set) and one inter-op thread. Safe to
/// call more than once; only the first call changes the inter-op pool (libtorch allows it once).
void configureComputeThreads(int intraOpThreads);
int computeThreads();

/// While it lives, libtorch's CPU kernels called from this thread run on this thread alone; the
/// thread's earlier count comes back after. For the labs' small networks (a few thousand weights,
/// batches of a few hundred rows) a second OpenMP thread costs more than it saves: it waits for
/// a core at every small product, 4-10x slower on a busy 2-core machine (docs/performance.md),
/// and the numbers are the same. OpenMP keeps the count per thread, so other jobs keep theirs.
class SingleComputeThread {
public:
    SingleComputeThread();
    ~SingleComputeThread();
    SingleComputeThread(const SingleComputeThread&) = delete;
    SingleComputeThread& operator=(const SingleComputeThread&) = delete;

private:
    int m_before = 1;
};

} // namespace mllab
