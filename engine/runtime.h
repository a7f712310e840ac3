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

} // namespace mllab
