#include "engine/labs/vector_index.h"

#include "engine/text/word_vectors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>

namespace mllab::labs {

namespace vi = vectorindex;

VectorIndexLabParams vectorIndexLabParams(const LabState& state)
{
    VectorIndexLabParams p;
    p.source = state.text("source");
    p.csvPath = state.text("csv");
    p.synthetic.n = std::size_t(state.integer("n"));
    p.synthetic.dim = int(state.integer("dim"));
    p.synthetic.clusters = int(state.integer("clusters"));
    p.synthetic.queries = std::size_t(state.integer("queries"));
    p.synthetic.seed = std::uint64_t(state.integer("seed"));
    p.settings.kind = vi::parseIndexKind(state.text("index"));
    p.allIndexes = state.flag("all_indexes");
    p.settings.hnswM = int(state.integer("m"));
    p.settings.efConstruction = int(state.integer("ef_construction"));
    p.settings.efSearch = int(state.integer("ef_search"));
    p.settings.nlist = int(state.integer("nlist"));
    p.settings.nprobe = int(state.integer("nprobe"));
    p.settings.pqM = int(state.integer("pq_m"));
    p.settings.nbits = int(state.integer("nbits"));
    return p;
}

const vi::IndexMeasure& VectorIndexLabResult::chosen() const
{
    if (const vi::IndexMeasure* m = find(params.settings.kind))
        return *m;
    return measures.front();
}

const vi::IndexMeasure* VectorIndexLabResult::find(vi::IndexKind kind) const
{
    for (const vi::IndexMeasure& m : measures)
        if (m.settings.kind == kind)
            return &m;
    return nullptr;
}

namespace {

/// Lowers the index settings that a small data set cannot support, so a 60-row CSV still builds
/// every index: nlist to n/39 (faiss's k-means wants 39 training points per centroid), nprobe to
/// nlist, pq_m to the largest divisor of dim not above it, nbits to log2(n). Each change is
/// described in `notes`.
vi::IndexSettings fitToData(vi::IndexSettings s, std::size_t n, int dim,
                            std::vector<std::string>& notes)
{
    const auto lower = [&](const char* key, int& value, int fitted, const std::string& why) {
        if (fitted >= value)
            return;
        notes.push_back(std::string(key) + " " + std::to_string(value) + " -> " +
                        std::to_string(fitted) + " (" + why + ")");
        value = fitted;
    };
    const std::string vectors = std::to_string(n) + " vectors";
    lower("nlist", s.nlist, int(std::max<std::size_t>(1, n / 39)),
          vectors + "; k-means wants 39 per list");
    lower("nprobe", s.nprobe, s.nlist, "no more than nlist");
    int divisor = std::min(s.pqM, dim);
    while (divisor > 1 && dim % divisor != 0)
        --divisor;
    lower("pq_m", s.pqM, std::max(1, divisor), "must divide dim " + std::to_string(dim));
    int bits = 0;
    while (bits < 30 && (std::size_t{1} << (bits + 1)) <= n)
        ++bits;
    if (bits >= 4)
        lower("nbits", s.nbits, bits,
              vectors + " train at most 2^" + std::to_string(bits) + " codes");
    return s;
}

} // namespace

VectorIndexLabResult computeVectorIndexLab(const VectorIndexLabParams& p, const Progress& progress)
{
    VectorIndexLabResult r;
    r.params = p;
    const auto start = std::chrono::steady_clock::now();
    progress.update(0, "preparing vectors");
    const Progress dataProgress{
        [&progress](double f, const std::string& message) { progress.update(0.1 * f, message); },
        progress.cancel};
    vi::VectorSet set;
    if (p.source == "synthetic")
        set = vi::syntheticVectors(p.synthetic, dataProgress);
    else if (p.source == "bank")
        set = vi::bankVectors(
            p.synthetic.queries, p.synthetic.seed,
            p.wordVectorsPath.empty() ? text::shippedWordVectorsPath() : p.wordVectorsPath, true);
    else if (p.source == "csv")
        set = vi::csvVectors(p.csvPath, p.synthetic.queries, p.synthetic.seed, true, dataProgress);
    else
        throw InputError("source must be synthetic, bank or csv, got '" + p.source + "'");
    r.dataSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.source = set.source;
    r.n = set.n;
    r.nq = set.nq;
    r.dim = set.dim;

    if (set.nq < p.synthetic.queries)
        r.adjustments.push_back("queries " + std::to_string(p.synthetic.queries) + " -> " +
                                std::to_string(set.nq) + " (a fifth of the " +
                                std::to_string(set.n + set.nq) + " vectors held out)");
    r.params.settings = fitToData(p.settings, set.n, set.dim, r.adjustments);

    std::vector<vi::IndexKind> kinds{vi::IndexKind::Flat};
    for (int k = 1; k < vi::kIndexKinds; ++k)
        if (p.allIndexes || vi::IndexKind(k) == p.settings.kind)
            kinds.push_back(vi::IndexKind(k));
    // Every setting is checked before the first index is built.
    for (vi::IndexKind kind : kinds) {
        vi::IndexSettings s = r.params.settings;
        s.kind = kind;
        vi::validateSettings(s, set.n, set.dim);
    }
    // The exact search takes about as long as one approximate index's sweep.
    const double share = 0.9 / double(kinds.size());
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        vi::IndexSettings s = r.params.settings;
        s.kind = kinds[i];
        const vi::Neighbours* exact = i == 0 ? nullptr : &r.measures.front().neighbours;
        r.measures.push_back(vi::measureIndex(
            set, s, exact, true, progress, 0.1 + share * double(i), 0.1 + share * double(i + 1)));
    }
    vi::markPareto(r.measures);
    return r;
}

nlohmann::json vectorIndexMeasureJson(const vi::IndexMeasure& m, bool withNeighbours)
{
    nlohmann::json sweep = nlohmann::json::array();
    for (const vi::SweepPoint& p : m.sweep)
        sweep.push_back({{"parameter", p.parameter},
                         {"recall_at_10", p.recall},
                         {"queries_per_second", p.qps},
                         {"pareto", p.pareto}});
    nlohmann::json j{{"index", vi::indexKindName(m.settings.kind)},
                     {"faiss_class", vi::indexClassName(m.settings.kind)},
                     {"train_seconds", m.trainSeconds},
                     {"add_seconds", m.addSeconds},
                     {"build_seconds", m.buildSeconds()},
                     {"serialized_bytes", m.serializedBytes},
                     {"bytes_per_vector", m.bytesPerVector},
                     {"recall_at_10", m.recall},
                     {"queries_per_second", m.qps},
                     {"batch_queries_per_second", m.batchQps},
                     {"per_query_recall", m.perQueryRecall},
                     {"sweep_parameter", m.sweepParameter},
                     {"sweep", sweep}};
    if (withNeighbours)
        j["neighbour_ids"] = m.neighbours.ids;
    return j;
}

nlohmann::json vectorIndexLabJson(const VectorIndexLabResult& r)
{
    nlohmann::json indexes = nlohmann::json::array();
    for (const vi::IndexMeasure& m : r.measures)
        indexes.push_back(vectorIndexMeasureJson(m));
    return {{"source", r.source},
            {"n", r.n},
            {"dim", r.dim},
            {"queries", r.nq},
            {"chosen", vi::indexKindName(r.params.settings.kind)},
            {"data_seconds", r.dataSeconds},
            {"adjusted", r.adjustments},
            {"indexes", indexes}};
}

} // namespace mllab::labs
