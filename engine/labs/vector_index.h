#pragma once
// The vector-index lab: faiss's exact IndexFlatL2 against three approximate indexes
// (IndexHNSWFlat, IndexIVFFlat, IndexIVFPQ) on the same vectors, measured live
// (engine/vectorindex.h): build time, bytes per vector, recall@10 against the exact search,
// queries per second on one thread, the recall-vs-QPS sweep of efSearch and nprobe with the
// Pareto front over all of them, and the per-query recall of the chosen index.
// The search conventions are faiss's (squared L2 distances, efSearch and nprobe as faiss names
// them); recall@k as ann-benchmarks defines it (shared ids among the k returned / k).

#include "engine/labs/params.h"
#include "engine/progress.h"
#include "engine/vectorindex.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace mllab::labs {

struct VectorIndexLabParams {
    std::string source = "synthetic"; ///< "synthetic", "bank", "csv"
    std::string csvPath;
    std::string wordVectorsPath; ///< bank: empty means text::shippedWordVectorsPath()
    vectorindex::SyntheticOptions synthetic;
    vectorindex::IndexSettings settings; ///< settings.kind: the chosen index
    bool allIndexes = true;              ///< build all four (else exact + the chosen one)
};

struct VectorIndexLabResult {
    VectorIndexLabParams params;
    std::string source; ///< what VectorSet::source said
    std::size_t n = 0, nq = 0;
    int dim = 0;
    double dataSeconds = 0;
    /// Settings lowered to what the data allow (a small CSV or bank sample), each as
    /// "nlist 64 -> 1 (...)"; params.settings holds the values used.
    std::vector<std::string> adjustments;
    /// The flat (exact) index first, then the others in kind order; each with its sweep and the
    /// Pareto front marked over all of them.
    std::vector<vectorindex::IndexMeasure> measures;

    /// The chosen index's measure (the flat one when it is the choice).
    const vectorindex::IndexMeasure& chosen() const;
    /// The measure of this kind, or nullptr when it was not built.
    const vectorindex::IndexMeasure* find(vectorindex::IndexKind kind) const;
};

const LabSpec& vectorIndexLabSpec();
VectorIndexLabParams vectorIndexLabParams(const LabState& state);
/// InputError for bad vectors or settings (before any index is built).
VectorIndexLabResult computeVectorIndexLab(const VectorIndexLabParams& params,
                                           const Progress& progress = {});
nlohmann::json vectorIndexMeasureJson(const vectorindex::IndexMeasure& m,
                                      bool withNeighbours = false);
nlohmann::json vectorIndexLabJson(const VectorIndexLabResult& result);

} // namespace mllab::labs
