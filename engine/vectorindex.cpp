#include "engine/vectorindex.h"

#include "engine/csv.h"
#include "engine/magnitudes.h"
#include "engine/text/bank_corpus.h"
#include "engine/text/word_vectors.h"

#include <faiss/impl/AuxIndexStructures.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>
#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/IndexIVFPQ.h>

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <mutex>
#include <numeric>
#include <random>
#include <set>

namespace mllab::vectorindex {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// faiss (and OpenBLAS's OpenMP build under its k-means) on the calling thread alone while it
/// lives: one thread keeps the QPS a single-thread figure, the build deterministic, and small
/// searches from waiting for a second core. OpenMP keeps the count per thread.
class OneOmpThread {
public:
    OneOmpThread() : m_before(omp_get_max_threads()) { omp_set_num_threads(1); }
    ~OneOmpThread() { omp_set_num_threads(m_before); }
    OneOmpThread(const OneOmpThread&) = delete;
    OneOmpThread& operator=(const OneOmpThread&) = delete;

private:
    int m_before;
};

/// faiss's k-means and exhaustive search poll one process-wide InterruptCallback between
/// iterations and blocks; it answers with the cancel flag of the computation on the polling
/// thread, so that a long training (nlist in the thousands over a million vectors) can be
/// cancelled. faiss then throws, and measureIndex turns that into Cancelled.
thread_local const std::atomic<bool>* t_cancel = nullptr;

struct CancelFlagCallback : faiss::InterruptCallback {
    bool want_interrupt() override { return t_cancel && t_cancel->load(std::memory_order_relaxed); }
};

class CancelWhileAlive {
public:
    explicit CancelWhileAlive(const std::atomic<bool>* flag) : m_before(t_cancel)
    {
        static const bool installed = [] {
            std::lock_guard<std::mutex> guard(faiss::InterruptCallback::lock);
            faiss::InterruptCallback::instance = std::make_unique<CancelFlagCallback>();
            return true;
        }();
        (void)installed;
        t_cancel = flag;
    }
    ~CancelWhileAlive() { t_cancel = m_before; }
    CancelWhileAlive(const CancelWhileAlive&) = delete;
    CancelWhileAlive& operator=(const CancelWhileAlive&) = delete;

private:
    const std::atomic<bool>* m_before;
};

/// Normal draws by Box-Muller from the engine's own bits, so a seed gives the same data with
/// any standard library.
class Normal {
public:
    explicit Normal(std::uint64_t seed) : m_rng(seed) {}
    double operator()()
    {
        if (m_hasSpare) {
            m_hasSpare = false;
            return m_spare;
        }
        const double u1 = (double(m_rng() >> 11) + 0.5) * 0x1.0p-53; // (0, 1)
        const double u2 = double(m_rng() >> 11) * 0x1.0p-53;
        const double r = std::sqrt(-2.0 * std::log(u1));
        const double a = 2.0 * M_PI * u2;
        m_spare = r * std::sin(a);
        m_hasSpare = true;
        return r * std::cos(a);
    }
    std::uint64_t bits() { return m_rng(); }

private:
    std::mt19937_64 m_rng;
    double m_spare = 0;
    bool m_hasSpare = false;
};

void checkQueries(std::size_t queries)
{
    if (queries < 1 || queries > kMaxQueries)
        throw InputError("queries must be from 1 to " + std::to_string(kMaxQueries) + ", got " +
                         std::to_string(queries));
}

std::string countText(std::size_t value)
{
    return std::to_string(value);
}

} // namespace

const char* indexKindName(IndexKind kind)
{
    switch (kind) {
    case IndexKind::Flat:
        return "flat";
    case IndexKind::Hnsw:
        return "hnsw";
    case IndexKind::Ivf:
        return "ivf";
    case IndexKind::IvfPq:
        return "ivfpq";
    }
    return "?";
}

const char* indexClassName(IndexKind kind)
{
    switch (kind) {
    case IndexKind::Flat:
        return "IndexFlatL2";
    case IndexKind::Hnsw:
        return "IndexHNSWFlat";
    case IndexKind::Ivf:
        return "IndexIVFFlat";
    case IndexKind::IvfPq:
        return "IndexIVFPQ";
    }
    return "?";
}

IndexKind parseIndexKind(const std::string& name)
{
    for (int i = 0; i < kIndexKinds; ++i)
        if (name == indexKindName(IndexKind(i)))
            return IndexKind(i);
    throw InputError("index must be flat, hnsw, ivf or ivfpq, got '" + name + "'");
}

VectorSet syntheticVectors(const SyntheticOptions& o, const Progress& progress)
{
    if (o.n < 10 || o.n > kMaxVectors)
        throw InputError("n must be from 10 to " + countText(kMaxVectors) + " vectors, got " +
                         countText(o.n));
    if (o.dim < 2 || o.dim > kMaxDim)
        throw InputError("dim must be from 2 to " + std::to_string(kMaxDim) + ", got " +
                         std::to_string(o.dim));
    if (o.clusters < 1 || o.clusters > 10000)
        throw InputError("clusters must be from 1 to 10000, got " + std::to_string(o.clusters));
    checkQueries(o.queries);

    Normal normal(o.seed);
    const auto dim = std::size_t(o.dim);
    std::vector<float> centres(std::size_t(o.clusters) * dim);
    for (float& c : centres)
        c = float(normal());
    VectorSet set;
    set.source = "synthetic";
    set.dim = o.dim;
    set.n = o.n;
    set.nq = o.queries;
    set.base.resize(o.n * dim);
    set.queries.resize(o.queries * dim);
    const std::size_t total = o.n + o.queries;
    ProgressThrottle throttle(progress);
    for (std::size_t i = 0; i < total; ++i) {
        if (i % 1024 == 0)
            throttle.tick(double(i) / double(total), "drawing vectors");
        const float* centre = centres.data() + (normal.bits() % std::uint64_t(o.clusters)) * dim;
        float* row = i < o.n ? set.base.data() + i * dim : set.queries.data() + (i - o.n) * dim;
        for (std::size_t j = 0; j < dim; ++j)
            row[j] = centre[j] + float(normal());
    }
    return set;
}

VectorSet holdOutQueries(std::string source, std::vector<float> rows, int dim, std::size_t queries,
                         std::uint64_t seed, bool fitQueries)
{
    checkQueries(queries);
    const std::size_t total = rows.size() / std::size_t(dim);
    if (fitQueries && total >= 2 && queries > total / 5)
        queries = std::max<std::size_t>(1, total / 5);
    if (total < queries + 1)
        throw InputError(source + " has " + countText(total) + " vectors: too few to hold out " +
                         countText(queries) + " queries and keep one to search");
    if (total - queries > kMaxVectors)
        throw InputError(source + " has " + countText(total) + " vectors, more than the " +
                         countText(kMaxVectors) + " an index here may hold");
    std::vector<std::size_t> order(total);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::mt19937_64 rng(seed);
    for (std::size_t i = 0; i < queries; ++i) { // a partial Fisher-Yates shuffle
        const std::size_t j = i + std::size_t(rng() % (total - i));
        std::swap(order[i], order[j]);
    }
    std::vector<bool> isQuery(total, false);
    for (std::size_t i = 0; i < queries; ++i)
        isQuery[order[i]] = true;
    VectorSet set;
    set.source = std::move(source);
    set.dim = dim;
    set.nq = queries;
    set.n = total - queries;
    const auto d = std::size_t(dim);
    set.base.reserve(set.n * d);
    set.queries.reserve(queries * d);
    for (std::size_t i = 0; i < queries; ++i)
        set.queries.insert(set.queries.end(), rows.begin() + std::ptrdiff_t(order[i] * d),
                           rows.begin() + std::ptrdiff_t((order[i] + 1) * d));
    for (std::size_t r = 0; r < total; ++r)
        if (!isQuery[r])
            set.base.insert(set.base.end(), rows.begin() + std::ptrdiff_t(r * d),
                            rows.begin() + std::ptrdiff_t((r + 1) * d));
    return set;
}

VectorSet bankVectors(std::size_t queries, std::uint64_t seed, const std::string& wordVectorsPath,
                      bool fitQueries)
{
    const text::WordVectors words = text::loadWordVectors(wordVectorsPath);
    const std::vector<text::Passage> passages = text::splitPassages(text::loadQuestionBank());
    std::vector<float> rows;
    rows.reserve(passages.size() * std::size_t(words.dim));
    for (const text::Passage& p : passages) {
        const std::vector<float> v = text::meanUnitVector(words, text::wordTokens(p.text));
        if (std::any_of(v.begin(), v.end(), [](float x) { return x != 0; }))
            rows.insert(rows.end(), v.begin(), v.end());
    }
    if (words.dim > kMaxDim)
        throw InputError(wordVectorsPath + " has " + std::to_string(words.dim) +
                         "-dimensional vectors; at most " + std::to_string(kMaxDim));
    return holdOutQueries("bank", std::move(rows), words.dim, queries, seed, fitQueries);
}

VectorSet csvVectors(const std::string& path, std::size_t queries, std::uint64_t seed,
                     bool fitQueries, const Progress& progress)
{
    if (path.empty())
        throw InputError("choose a CSV file of numeric columns (one vector per row)");
    const CsvNumeric csv = readNumericCsvFile(path, {}, progress); // InputError names a text cell
    const std::size_t dim = csv.columns.size();
    if (dim < 1 || csv.rows < 2)
        throw InputError(path + ": needs at least one numeric column and two data rows");
    if (dim > std::size_t(kMaxDim))
        throw InputError(path + " has " + std::to_string(dim) + " columns; at most " +
                         std::to_string(kMaxDim) + " dimensions");
    for (std::size_t c = 0; c < dim; ++c)
        checkMagnitudes(csv.columns[c], kMaxFloatDataMagnitude,
                        path + ": column '" + csv.names[c] + "'", "a float32 vector index");
    std::vector<float> rows(csv.rows * dim);
    for (std::size_t r = 0; r < csv.rows; ++r)
        for (std::size_t c = 0; c < dim; ++c)
            rows[r * dim + c] = float(csv.columns[c][r]);
    return holdOutQueries(csv.source, std::move(rows), int(dim), queries, seed, fitQueries);
}

void validateSettings(const IndexSettings& s, std::size_t n, int dim)
{
    const auto range = [](const char* key, int value, int low, int high) {
        if (value < low || value > high)
            throw InputError(std::string(key) + " must be from " + std::to_string(low) + " to " +
                             std::to_string(high) + ", got " + std::to_string(value));
    };
    switch (s.kind) {
    case IndexKind::Flat:
        break;
    case IndexKind::Hnsw:
        range("m", s.hnswM, 2, 128);
        range("ef_construction", s.efConstruction, 1, 2048);
        range("ef_search", s.efSearch, 1, 4096);
        break;
    case IndexKind::IvfPq:
        range("pq_m", s.pqM, 1, dim);
        if (dim % s.pqM != 0)
            throw InputError("pq_m " + std::to_string(s.pqM) + " does not divide dim " +
                             std::to_string(dim) +
                             ": IVF-PQ cuts each vector into pq_m equal sub-vectors");
        range("nbits", s.nbits, 4, 8); // faiss 1.7.3 IndexIVFPQ: nbits_per_idx <= 8
        if ((std::size_t{1} << s.nbits) > n)
            throw InputError("nbits " + std::to_string(s.nbits) + " needs 2^" +
                             std::to_string(s.nbits) + " = " + std::to_string(1 << s.nbits) +
                             " training vectors for its codebooks, but n is " + countText(n));
        [[fallthrough]];
    case IndexKind::Ivf:
        range("nlist", s.nlist, 1, 65536);
        if (std::size_t(s.nlist) > n)
            throw InputError("nlist " + std::to_string(s.nlist) + " is more than the n = " +
                             countText(n) + " vectors k-means could place in cells");
        range("nprobe", s.nprobe, 1, 65536);
        if (s.nprobe > s.nlist)
            throw InputError("nprobe " + std::to_string(s.nprobe) + " is more than nlist " +
                             std::to_string(s.nlist) +
                             ": a query cannot visit more cells "
                             "than there are");
        break;
    }
}

double recallAtK(const std::int64_t* found, const std::int64_t* truth, int k)
{
    int hits = 0;
    for (int i = 0; i < k; ++i) {
        if (found[i] < 0)
            continue;
        for (int j = 0; j < k; ++j)
            if (truth[j] == found[i]) {
                ++hits;
                break;
            }
    }
    return double(hits) / double(k);
}

namespace {

struct Searched {
    Neighbours neighbours;
    double seconds = 0;
    double recall = 0;
    std::vector<double> perQuery;
};

void setSearchParameter(faiss::Index& index, IndexKind kind, int value)
{
    if (kind == IndexKind::Hnsw)
        static_cast<faiss::IndexHNSW&>(index).hnsw.efSearch = value;
    else if (kind == IndexKind::Ivf || kind == IndexKind::IvfPq)
        static_cast<faiss::IndexIVF&>(index).nprobe = std::size_t(value);
}

/// Seconds to search every query in one call (a batch, as hnswlib's knn_query takes them),
/// the fastest of up to three passes.
double batchSeconds(const faiss::Index& index, const VectorSet& set)
{
    std::vector<faiss::Index::idx_t> ids(set.nq * std::size_t(kRecallK));
    std::vector<float> distances(ids.size());
    double best = 0;
    for (int pass = 0; pass < 3; ++pass) {
        const auto start = Clock::now();
        index.search(faiss::Index::idx_t(set.nq), set.queries.data(), kRecallK, distances.data(),
                     ids.data());
        const double timed = secondsSince(start);
        best = pass == 0 ? timed : std::min(best, timed);
        if (timed > 0.05)
            break;
    }
    return best;
}

/// Searches one query at a time (what a service answering single requests does) and times it.
Searched searchAll(const faiss::Index& index, const VectorSet& set, const Neighbours* exact,
                   const Progress& progress)
{
    Searched s;
    const int k = kRecallK;
    s.neighbours.k = k;
    s.neighbours.ids.assign(set.nq * std::size_t(k), -1);
    s.neighbours.distances.assign(set.nq * std::size_t(k), 0.0f);
    // The fastest of up to three passes (as ann-benchmarks reports): other processes on a busy
    // machine only ever add time. A pass over 0.05 s is not repeated.
    s.seconds = 0;
    for (int pass = 0; pass < 3; ++pass) {
        double timed = 0;
        for (std::size_t q = 0; q < set.nq; ++q) {
            progress.checkCancelled();
            const auto start = Clock::now();
            index.search(1, set.queries.data() + q * std::size_t(set.dim), k,
                         s.neighbours.distances.data() + q * std::size_t(k),
                         s.neighbours.ids.data() + q * std::size_t(k));
            timed += secondsSince(start);
        }
        s.seconds = pass == 0 ? timed : std::min(s.seconds, timed);
        if (timed > 0.05)
            break;
    }
    s.perQuery.resize(set.nq, 1.0);
    if (exact)
        for (std::size_t q = 0; q < set.nq; ++q)
            s.perQuery[q] = recallAtK(s.neighbours.ids.data() + q * std::size_t(k),
                                      exact->ids.data() + q * std::size_t(exact->k), k);
    s.recall = std::accumulate(s.perQuery.begin(), s.perQuery.end(), 0.0) / double(set.nq);
    return s;
}

std::vector<int> sweepValues(const IndexSettings& s)
{
    std::set<int> values;
    if (s.kind == IndexKind::Hnsw) {
        for (int v : {10, 16, 32, 64, 128, 256})
            values.insert(v);
        values.insert(s.efSearch);
    } else if (s.kind == IndexKind::Ivf || s.kind == IndexKind::IvfPq) {
        for (int v = 1; v < s.nlist; v *= 2)
            values.insert(v);
        values.insert(s.nlist);
        values.insert(s.nprobe);
    }
    return {values.begin(), values.end()};
}

} // namespace

IndexMeasure measureIndex(const VectorSet& set, const IndexSettings& settings,
                          const Neighbours* exact, bool sweep, const Progress& progress,
                          double from, double to)
{
    validateSettings(settings, set.n, set.dim);
    if (settings.kind != IndexKind::Flat && !exact)
        throw std::logic_error("measureIndex: an approximate index needs the exact neighbours");
    const OneOmpThread oneThread;
    const CancelWhileAlive cancellable(progress.cancel);
    const auto at = [&](double f) { return from + (to - from) * f; };
    const std::string name = indexClassName(settings.kind);
    IndexMeasure m;
    m.settings = settings;
    const int d = set.dim;
    try {
        std::unique_ptr<faiss::Index> index;
        switch (settings.kind) {
        case IndexKind::Flat:
            index = std::make_unique<faiss::IndexFlatL2>(d);
            break;
        case IndexKind::Hnsw: {
            auto hnsw = std::make_unique<faiss::IndexHNSWFlat>(d, settings.hnswM);
            hnsw->hnsw.efConstruction = settings.efConstruction;
            index = std::move(hnsw);
            break;
        }
        case IndexKind::Ivf:
        case IndexKind::IvfPq: {
            auto* quantizer = new faiss::IndexFlatL2(d);
            std::unique_ptr<faiss::IndexIVF> ivf;
            if (settings.kind == IndexKind::Ivf)
                ivf = std::make_unique<faiss::IndexIVFFlat>(quantizer, d,
                                                            std::size_t(settings.nlist));
            else
                ivf = std::make_unique<faiss::IndexIVFPQ>(quantizer, d, std::size_t(settings.nlist),
                                                          std::size_t(settings.pqM),
                                                          std::size_t(settings.nbits));
            ivf->own_fields = true;
            ivf->cp.seed = 1234; // faiss's default, written out: the build is deterministic
            // faiss warns on stderr below 39 training vectors per centroid; the lab's small sets
            // are meant to show what that costs, so the warning stays out of the output.
            ivf->cp.min_points_per_centroid = 1;
            if (auto* pq = dynamic_cast<faiss::IndexIVFPQ*>(ivf.get())) {
                pq->pq.cp.min_points_per_centroid = 1;
                // The codebooks learn from a sample of 64 vectors per centroid (faiss's default
                // 256 took 0.8 s of the default view's 2 s for a recall change under 0.01).
                pq->pq.cp.max_points_per_centroid = 64;
            }
            index = std::move(ivf);
            break;
        }
        }
        progress.update(at(0), std::string("training ") + name);
        auto start = Clock::now();
        if (!index->is_trained)
            index->train(faiss::Index::idx_t(set.n), set.base.data());
        m.trainSeconds = secondsSince(start);

        // Added in chunks so that a large build reports progress and can be cancelled; HNSW
        // inserts about 10 ms worth per chunk.
        const std::size_t chunk = settings.kind == IndexKind::Hnsw
                                      ? std::max<std::size_t>(64, 32768 / std::size_t(d))
                                      : std::size_t(16384);
        m.addSeconds = 0;
        for (std::size_t i = 0; i < set.n; i += chunk) {
            progress.update(at(0.1 + 0.5 * double(i) / double(set.n)),
                            std::string("adding vectors to ") + name);
            const std::size_t count = std::min(chunk, set.n - i);
            start = Clock::now();
            index->add(faiss::Index::idx_t(count), set.base.data() + i * std::size_t(d));
            m.addSeconds += secondsSince(start);
        }

        faiss::VectorIOWriter writer;
        faiss::write_index(index.get(), &writer);
        m.serializedBytes = writer.data.size();
        m.bytesPerVector = double(m.serializedBytes) / double(set.n);

        const int chosen = settings.kind == IndexKind::Hnsw   ? settings.efSearch
                           : settings.kind == IndexKind::Flat ? 0
                                                              : settings.nprobe;
        m.sweepParameter = settings.kind == IndexKind::Hnsw   ? "efSearch"
                           : settings.kind == IndexKind::Flat ? ""
                                                              : "nprobe";
        const std::vector<int> values = sweep ? sweepValues(settings) : std::vector<int>{};
        progress.update(at(0.6), std::string("searching ") + name);
        setSearchParameter(*index, settings.kind, chosen);
        Searched main = searchAll(*index, set, exact, progress);
        m.recall = main.recall;
        m.qps = double(set.nq) / std::max(main.seconds, 1e-9);
        m.batchQps = double(set.nq) / std::max(batchSeconds(*index, set), 1e-9);
        m.perQueryRecall = std::move(main.perQuery);
        m.neighbours = std::move(main.neighbours);
        if (settings.kind == IndexKind::Flat)
            m.sweep.push_back({0, m.recall, m.qps, false});
        for (std::size_t i = 0; i < values.size(); ++i) {
            progress.update(at(0.65 + 0.35 * double(i) / double(values.size())),
                            std::string("sweeping ") + m.sweepParameter + " of " + name);
            if (values[i] == chosen) {
                m.sweep.push_back({chosen, m.recall, m.qps, false});
                continue;
            }
            setSearchParameter(*index, settings.kind, values[i]);
            const Searched s = searchAll(*index, set, exact, progress);
            m.sweep.push_back(
                {values[i], s.recall, double(set.nq) / std::max(s.seconds, 1e-9), false});
        }
    } catch (const faiss::FaissException& e) {
        progress.checkCancelled(); // the interrupt callback stopped it
        // faiss checks the settings against the data itself; its refusal is about the input.
        throw InputError(name + " cannot be built with these settings: " + e.what());
    }
    progress.update(to, name + " measured");
    return m;
}

void markPareto(std::vector<IndexMeasure>& measures)
{
    std::vector<SweepPoint*> all;
    for (IndexMeasure& m : measures)
        for (SweepPoint& p : m.sweep)
            all.push_back(&p);
    for (SweepPoint* p : all) {
        p->pareto = std::none_of(all.begin(), all.end(), [p](const SweepPoint* o) {
            return o->recall >= p->recall && o->qps >= p->qps &&
                   (o->recall > p->recall || o->qps > p->qps);
        });
    }
}

} // namespace mllab::vectorindex
