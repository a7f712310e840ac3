// mllab-cli vector-index: one faiss index built over synthetic, question-bank or CSV vectors and
// measured against the exact search (the contract in DESIGN.md; engine/vectorindex.h).
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/labs/vector_index.h"
#include "engine/text/word_vectors.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace mllab::cli {
namespace {

namespace vi = vectorindex;

int intOption(const Args& args, const std::string& name, long long fallback, long long low,
              long long high)
{
    return int(args.count(name, fallback, low, high));
}

int runVectorIndex(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2,
              {"source", "input", "n", "dim", "clusters", "queries", "index", "m",
               "ef-construction", "ef-search", "nlist", "nprobe", "pq-m", "nbits", "seed",
               "word-vectors", "query-input"});
    vi::SyntheticOptions data;
    const long long n = args.integer("n", 20000);
    if (n < 10 || n > static_cast<long long>(vi::kMaxVectors))
        throw InputError("--n must be from 10 to 1000000 vectors, got " + std::to_string(n));
    data.n = std::size_t(n);
    data.dim = intOption(args, "dim", 64, 2, vi::kMaxDim);
    data.clusters = intOption(args, "clusters", 50, 1, 10000);
    data.queries = std::size_t(intOption(args, "queries", 200, 1, vi::kMaxQueries));
    data.seed = std::uint64_t(intOption(args, "seed", 0, 0, 1000000000));
    vi::IndexSettings s;
    s.kind = vi::parseIndexKind(args.text("index", "hnsw"));
    s.hnswM = intOption(args, "m", 16, 2, 128);
    s.efConstruction = intOption(args, "ef-construction", 40, 1, 2048);
    s.efSearch = intOption(args, "ef-search", 16, 1, 4096);
    s.nlist = intOption(args, "nlist", 128, 1, 65536);
    s.nprobe = intOption(args, "nprobe", 8, 1, 65536);
    s.pqM = intOption(args, "pq-m", 8, 1, vi::kMaxDim);
    s.nbits = intOption(args, "nbits", 8, 4, 8);

    const std::string source = args.text("source", "synthetic");
    vi::VectorSet set;
    if (source == "synthetic")
        set = vi::syntheticVectors(data);
    else if (source == "bank")
        set = vi::bankVectors(data.queries, data.seed,
                              args.text("word-vectors", text::shippedWordVectorsPath()));
    else if (source == "csv" && args.has("query-input")) {
        // Both files given: every row of --input is indexed, every row of --query-input asked
        // (bench/vector_index_vs_hnswlib.py feeds faiss and hnswlib the same split this way).
        const vi::VectorSet base = vi::csvVectors(args.required("input"), 1, 0);
        const vi::VectorSet asked = vi::csvVectors(args.text("query-input", ""), 1, 0);
        if (asked.dim != base.dim)
            throw InputError("--query-input has " + std::to_string(asked.dim) +
                             " columns but --input has " + std::to_string(base.dim));
        set = base;
        set.base.insert(set.base.end(), base.queries.begin(), base.queries.end());
        set.n += base.nq;
        set.queries = asked.base;
        set.queries.insert(set.queries.end(), asked.queries.begin(), asked.queries.end());
        set.nq = asked.n + asked.nq;
    } else if (source == "csv")
        set = vi::csvVectors(args.required("input"), data.queries, data.seed);
    else
        throw InputError("--source must be synthetic, bank or csv, got '" + source + "'");
    vi::validateSettings(s, set.n, set.dim);

    vi::IndexSettings flat = s;
    flat.kind = vi::IndexKind::Flat;
    std::vector<vi::IndexMeasure> measures{vi::measureIndex(set, flat, nullptr, false)};
    if (s.kind != vi::IndexKind::Flat)
        measures.push_back(vi::measureIndex(set, s, &measures.front().neighbours, true));
    const vi::IndexMeasure& m = measures.back();
    nlohmann::json j = labs::vectorIndexMeasureJson(m);
    j["source"] = set.source;
    j["n"] = set.n;
    j["dim"] = set.dim;
    j["queries"] = set.nq;
    j["exact_queries_per_second"] = measures.front().qps;
    printJson(out, j);
    return 0;
}

} // namespace

void addVectorIndexCommands(std::vector<Command>& out)
{
    out.push_back(
        {"vector-index",
         "vector-index [--source synthetic|bank|csv] [--input F] [--query-input F] [--n 20000] "
         "[--dim 64] "
         "[--clusters 50] [--queries 200] [--index flat|hnsw|ivf|ivfpq] [--m 16] "
         "[--ef-construction 40] [--ef-search 16] [--nlist 128] [--nprobe 8] "
         "[--pq-m 8] [--nbits 8] [--seed 0]",
         runVectorIndex});
    out.back().help = {
        "Builds one faiss index (IndexFlatL2, IndexHNSWFlat, IndexIVFFlat or IndexIVFPQ) over "
        "the vectors and measures it against the exact search: build time (train + add), bytes "
        "per vector (the index serialised by faiss::write_index, divided by n), recall@10, "
        "queries per second searching one query at a time on one thread, the per-query recall "
        "and the sweep of efSearch (HNSW) or nprobe (IVF). Queries are held out: synthetic ones "
        "are further draws from the same Gaussian mixture.",
        {{"Vectors",
          {{"--source S", "synthetic (a seeded Gaussian mixture), bank (the question bank's "
                          "passages as mean word vectors) or csv"},
           {"--input F", "the CSV file for --source csv: every column numeric"},
           {"--query-input F", "with --source csv: a CSV of the queries; every --input row is "
                               "then indexed (else --queries rows are held out)"},
           {"--word-vectors F", "the word vectors for --source bank (default: the shipped ones)"},
           {"--n N", "synthetic database vectors, 10 to 1000000"},
           {"--dim D", "synthetic dimensions, 2 to 128"},
           {"--clusters C", "mixture components"},
           {"--queries Q", "held-out queries, 1 to 10000"},
           {"--seed S", "seed of the mixture and of the held-out rows"}}},
         {"Index",
          {{"--index I", "flat, hnsw, ivf or ivfpq"},
           {"--m M", "HNSW neighbours per node"},
           {"--ef-construction E", "HNSW build candidates"},
           {"--ef-search E", "HNSW search candidates"},
           {"--nlist L", "IVF cells (at most n)"},
           {"--nprobe P", "IVF cells visited (at most nlist)"},
           {"--pq-m M", "IVF-PQ sub-vectors (must divide the dimension)"},
           {"--nbits B", "IVF-PQ bits per code, 4 to 8"}}}}};
}

} // namespace mllab::cli
