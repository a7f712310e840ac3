// The parameter declaration of the vector-index lab, apart from its computation: the registry,
// links, state files and lessons read it without linking what the lab computes.

#include "engine/labs/vector_index.h"

namespace mllab::labs {

const LabSpec& vectorIndexLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"vector-index", "Vector indexes (faiss)",
                  "Build faiss's exact, HNSW, IVF and IVF-PQ indexes over the same vectors and "
                  "measure build time, memory per vector, recall@10 and queries per second as "
                  "efSearch and nprobe sweep."};
        ParamSpec source{"source", "Data", ParamType::Choice, std::string("synthetic")};
        source.choices = {"synthetic", "bank", "csv"};
        source.choiceLabels = {"Mixture", "Bank", "CSV…"};
        source.help = "What is indexed; queries are held out (synthetic: further draws from the "
                      "same mixture)";
        ParamSpec csv = csvFileParam("A CSV file with a header row; every column numeric, one "
                                     "vector per row");
        ParamSpec n{"n", "Vectors", ParamType::Integer, 10000LL, 1000, 1000000, 1000};
        n.visibleWhen = "source=synthetic";
        n.help = "Database vectors drawn from the mixture (large n builds for minutes: progress "
                 "and Cancel)";
        ParamSpec dim{"dim", "Dimensions", ParamType::Integer, 32LL, 2, 128, 1};
        dim.visibleWhen = "source=synthetic";
        dim.help = "Coordinates per vector";
        ParamSpec clusters{"clusters", "Clusters", ParamType::Integer, 50LL, 1, 1000, 1};
        clusters.visibleWhen = "source=synthetic";
        clusters.help = "Gaussian components of the mixture (centres N(0, 1), noise N(0, 1))";
        ParamSpec queries{"queries", "Queries", ParamType::Integer, 200LL, 10, 10000, 10};
        queries.help = "Held-out query vectors; recall and QPS are averaged over them";
        ParamSpec index{"index", "Index", ParamType::Choice, std::string("hnsw")};
        index.choices = {"flat", "hnsw", "ivf", "ivfpq"};
        index.choiceLabels = {"Flat (exact)", "HNSW", "IVF-Flat", "IVF-PQ"};
        index.help = "The index highlighted in the charts and whose per-query recall is shown";
        ParamSpec all{"all_indexes", "All four", ParamType::Bool, true};
        all.help = "Build every index type for the comparison; off: only the exact index (the "
                   "truth recall needs) and the chosen one";
        ParamSpec m{"m", "HNSW M", ParamType::Integer, 16LL, 2, 64, 1};
        m.help = "HNSW: neighbours per node and layer (layer 0 keeps 2M); more: better recall, "
                 "more memory, slower build";
        ParamSpec efc{"ef_construction", "efConstruction", ParamType::Integer, 40LL, 8, 512, 8};
        efc.help = "HNSW: candidates kept while linking a new node";
        ParamSpec efs{"ef_search", "efSearch", ParamType::Integer, 16LL, 1, 1024, 1};
        efs.help = "HNSW: candidates kept while searching (faiss uses at least k = 10)";
        ParamSpec nlist{"nlist", "nlist", ParamType::Integer, 64LL, 1, 4096, 1};
        nlist.help = "IVF: k-means cells (faiss's k-means on at most 256 vectors per cell)";
        ParamSpec nprobe{"nprobe", "nprobe", ParamType::Integer, 4LL, 1, 4096, 1};
        nprobe.help = "IVF: cells searched per query, at most nlist; nprobe = nlist is exact";
        ParamSpec pqm{"pq_m", "PQ m", ParamType::Integer, 8LL, 1, 64, 1};
        pqm.help = "IVF-PQ: sub-vectors per vector, each coded in nbits; must divide the "
                   "dimension";
        ParamSpec nbits{"nbits", "PQ nbits", ParamType::Integer, 6LL, 4, 8, 1};
        nbits.help = "IVF-PQ: bits per sub-vector code (2^nbits centroids per sub-vector)";
        s.params = {source,
                    csv,
                    n,
                    dim,
                    clusters,
                    queries,
                    index,
                    all,
                    m,
                    efc,
                    efs,
                    nlist,
                    nprobe,
                    pqm,
                    nbits,
                    seedParam("Seed of the synthetic mixture and of the held-out queries"),
                    tabsParam("tab", {"tradeoff", "recall", "build"}, "The chart shown")};
        return s;
    }();
    return spec;
}

} // namespace mllab::labs
