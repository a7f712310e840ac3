#pragma once
// Approximate nearest-neighbour indexes measured live: faiss's IndexFlatL2 (exact),
// IndexHNSWFlat, IndexIVFFlat and IndexIVFPQ (faiss 1.7.3, the library behind most vector
// databases; no index is written here) over synthetic, question-bank or CSV vectors. Every
// number is measured on this machine: build time (train + add), bytes per vector (the index
// serialised by faiss::write_index into memory, divided by n), recall@10 against the exact
// search, queries per second searching one query at a time on one thread, the recall-vs-QPS
// sweep of the search parameter (efSearch, nprobe) and the per-query recall.
//
// The faiss headers stay in vectorindex.cpp: callers see plain vectors, and faiss's exceptions
// come back as InputError (bad settings) or std::runtime_error.

#include "engine/progress.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mllab::vectorindex {

enum class IndexKind { Flat, Hnsw, Ivf, IvfPq };
constexpr int kIndexKinds = 4;
/// "flat", "hnsw", "ivf", "ivfpq".
const char* indexKindName(IndexKind kind);
/// "IndexFlatL2", "IndexHNSWFlat", "IndexIVFFlat", "IndexIVFPQ".
const char* indexClassName(IndexKind kind);
/// InputError naming the allowed names.
IndexKind parseIndexKind(const std::string& name);

/// Limits of the vectors a run may use.
constexpr std::size_t kMaxVectors = 1000000;
constexpr int kMaxDim = 128;
constexpr std::size_t kMaxQueries = 10000;
/// recall@k of the lab and of the CLI.
constexpr int kRecallK = 10;

/// Database vectors and held-out queries, row-major float32.
struct VectorSet {
    std::string source; ///< "synthetic", "bank" or the CSV file's name
    int dim = 0;
    std::size_t n = 0;  ///< database vectors
    std::size_t nq = 0; ///< queries
    std::vector<float> base;
    std::vector<float> queries;
};

struct SyntheticOptions {
    std::size_t n = 20000;
    int dim = 64;
    int clusters = 50;
    std::size_t queries = 200;
    std::uint64_t seed = 0;
};

/// A seeded Gaussian mixture: `clusters` centres with coordinates N(0, 1), each point a centre
/// chosen uniformly plus N(0, 1) noise per coordinate; queries are further draws from the same
/// mixture. Deterministic for a seed (own Box-Muller on std::mt19937_64). InputError for sizes
/// out of range.
VectorSet syntheticVectors(const SyntheticOptions& options, const Progress& progress = {});

/// Splits rows into a database and `queries` held-out rows picked by a seeded shuffle (the
/// remaining rows keep their order). InputError when fewer than queries + 1 rows.
VectorSet holdOutQueries(std::string source, std::vector<float> rows, int dim, std::size_t queries,
                         std::uint64_t seed);

/// The question bank's passages (text::splitPassages) as the mean unit word vector of their
/// word tokens (text::meanUnitVector) with the word vectors at `wordVectorsPath`; passages with
/// no known word are left out. InputError when the vectors or the bank cannot be read.
/// `fitQueries`: hold out at most a fifth of the vectors instead of refusing a small set.
VectorSet bankVectors(std::size_t queries, std::uint64_t seed, const std::string& wordVectorsPath,
                      bool fitQueries = false);

/// Every column of a CSV file as one dimension; InputError for text cells (naming the column and
/// line), fewer than 2 data rows than queries need, or more than kMaxDim columns.
VectorSet csvVectors(const std::string& path, std::size_t queries, std::uint64_t seed,
                     bool fitQueries = false, const Progress& progress = {});

struct IndexSettings {
    IndexKind kind = IndexKind::Hnsw;
    int hnswM = 16;          ///< HNSW: neighbours per node (faiss `M`)
    int efConstruction = 40; ///< HNSW: candidate list while building
    int efSearch = 16;       ///< HNSW: candidate list while searching
    int nlist = 128;         ///< IVF: k-means cells
    int nprobe = 8;          ///< IVF: cells visited per query
    int pqM = 8;             ///< IVF-PQ: sub-quantizers (must divide dim)
    int nbits = 8;           ///< IVF-PQ: bits per sub-quantizer code
};

/// InputError naming the setting when faiss would refuse it (or abort): nlist > n, nprobe >
/// nlist, pq_m not dividing dim, nbits outside 4..8 (faiss 1.7.3's IndexIVFPQ), 2^nbits > n, and
/// ranges of the others.
void validateSettings(const IndexSettings& settings, std::size_t n, int dim);

/// Top-k ids (-1 when fewer than k) and squared L2 distances per query, row-major nq x k.
struct Neighbours {
    int k = 0;
    std::vector<std::int64_t> ids;
    std::vector<float> distances;
};

/// |found ∩ truth| / k over the first k entries of each (ids -1 never match).
double recallAtK(const std::int64_t* found, const std::int64_t* truth, int k);

struct SweepPoint {
    int parameter = 0;   ///< efSearch or nprobe (0 for the flat index)
    double recall = 0;   ///< mean recall@10
    double qps = 0;      ///< queries per second, one query at a time, one thread (best of 3)
    bool pareto = false; ///< on the recall/QPS Pareto front of all points measured together
};

struct IndexMeasure {
    IndexSettings settings;
    double trainSeconds = 0;
    double addSeconds = 0;
    double buildSeconds() const { return trainSeconds + addSeconds; }
    std::size_t serializedBytes = 0; ///< faiss::write_index into memory
    double bytesPerVector = 0;       ///< serializedBytes / n
    double recall = 0;               ///< mean recall@10 at the chosen setting
    double qps = 0;                  ///< at the chosen setting, one query per search call
    double batchQps = 0;             ///< the same queries in one search call (one thread)
    std::vector<double> perQueryRecall;
    std::string sweepParameter;    ///< "efSearch", "nprobe" or "" (flat)
    std::vector<SweepPoint> sweep; ///< ascending parameter; includes the chosen setting
    Neighbours neighbours;         ///< at the chosen setting
};

/// Builds one index over set.base and measures it. The flat index is the exact search: its
/// neighbours are the truth the others are scored against (pass `exact` = nullptr for it, and
/// its own recall is then 1). Runs on the calling thread alone (OpenMP's thread count is set to
/// 1 for the call and restored). `sweep` also measures the search-parameter sweep. Progress
/// goes from `from` to `to`.
IndexMeasure measureIndex(const VectorSet& set, const IndexSettings& settings,
                          const Neighbours* exact, bool sweep, const Progress& progress = {},
                          double from = 0, double to = 1);

/// Marks the points on the Pareto front (no other point has both recall and QPS at least as high,
/// one of them higher) over all the measures' sweeps together.
void markPareto(std::vector<IndexMeasure>& measures);

} // namespace mllab::vectorindex
