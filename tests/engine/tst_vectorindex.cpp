// engine/vectorindex and the vector-index lab over faiss: the exact index equals a brute-force
// search written here (ids and distances); recall@k by hand on a tiny case; HNSW with a large
// efSearch reaches recall >= 0.95 on the lab's synthetic default; IVF visiting every cell equals
// the exact search; IVF-PQ's bytes per vector are its code (m * nbits / 8) plus the 8-byte id
// and its shared tables spread over n; the synthetic mixture is deterministic for a seed; bad
// settings and CSVs are refused with InputError naming them (never a faiss abort); the Pareto
// front; the `mllab-cli vector-index` contract.
#include "engine/labs/vector_index.h"
#include "engine/vectorindex.h"
#include "tests/support/cli.h"
#include "tests/support/enginetest.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <numeric>
#include <thread>

using mllab::InputError;
namespace vi = mllab::vectorindex;

namespace {

vi::VectorSet small(std::size_t n = 2000, int dim = 16, std::uint64_t seed = 3)
{
    vi::SyntheticOptions o;
    o.n = n;
    o.dim = dim;
    o.clusters = 10;
    o.queries = 50;
    o.seed = seed;
    return vi::syntheticVectors(o);
}

vi::IndexMeasure exactOf(const vi::VectorSet& set)
{
    vi::IndexSettings s;
    s.kind = vi::IndexKind::Flat;
    return vi::measureIndex(set, s, nullptr, false);
}

} // namespace

ENGINE_TEST(exactSearchEqualsBruteForce)
{
    const vi::VectorSet set = small();
    const vi::IndexMeasure flat = exactOf(set);
    const int k = vi::kRecallK;
    QCOMPARE(flat.neighbours.k, k);
    QCOMPARE(flat.recall, 1.0);
    const auto d = std::size_t(set.dim);
    for (std::size_t q = 0; q < set.nq; ++q) {
        std::vector<std::pair<double, std::int64_t>> all;
        for (std::size_t i = 0; i < set.n; ++i) {
            double sum = 0;
            for (std::size_t j = 0; j < d; ++j) {
                const double diff = double(set.queries[q * d + j]) - double(set.base[i * d + j]);
                sum += diff * diff;
            }
            all.emplace_back(sum, std::int64_t(i));
        }
        std::partial_sort(all.begin(), all.begin() + k, all.end());
        for (int r = 0; r < k; ++r) {
            QCOMPARE(flat.neighbours.ids[q * std::size_t(k) + std::size_t(r)],
                     all[std::size_t(r)].second);
            const double faissDistance =
                flat.neighbours.distances[q * std::size_t(k) + std::size_t(r)];
            QVERIFY(std::abs(faissDistance - all[std::size_t(r)].first) <=
                    1e-4 * all[std::size_t(r)].first);
        }
    }
}

ENGINE_TEST(recallByHand)
{
    const std::int64_t truth[3] = {4, 7, 9};
    const std::int64_t found[3] = {9, 1, 4};
    QCOMPARE(vi::recallAtK(found, truth, 3), 2.0 / 3.0);
    const std::int64_t missing[3] = {-1, -1, 7};
    QCOMPARE(vi::recallAtK(missing, truth, 3), 1.0 / 3.0);
    QCOMPARE(vi::recallAtK(truth, truth, 3), 1.0);
}

ENGINE_TEST(hnswWithLargeEfSearchFindsNearlyAll)
{
    mllab::labs::VectorIndexLabParams p = mllab::labs::vectorIndexLabParams(
        mllab::labs::defaultState(mllab::labs::vectorIndexLabSpec()));
    const vi::VectorSet set = vi::syntheticVectors(p.synthetic);
    const vi::IndexMeasure flat = exactOf(set);
    vi::IndexSettings s = p.settings;
    s.kind = vi::IndexKind::Hnsw;
    s.efSearch = 256;
    const vi::IndexMeasure hnsw = vi::measureIndex(set, s, &flat.neighbours, false);
    QVERIFY(hnsw.recall >= 0.95);
    QCOMPARE(hnsw.perQueryRecall.size(), set.nq);
    const double mean =
        std::accumulate(hnsw.perQueryRecall.begin(), hnsw.perQueryRecall.end(), 0.0) /
        double(set.nq);
    QVERIFY(std::abs(mean - hnsw.recall) < 1e-12);
    // A small efSearch trades recall for speed: the sweep's recall never rises as it shrinks.
    s.efSearch = 16;
    const vi::IndexMeasure swept = vi::measureIndex(set, s, &flat.neighbours, true);
    QCOMPARE(swept.sweepParameter, std::string("efSearch"));
    QVERIFY(swept.sweep.front().recall <= swept.sweep.back().recall);
}

ENGINE_TEST(ivfVisitingEveryCellIsExact)
{
    const vi::VectorSet set = small();
    const vi::IndexMeasure flat = exactOf(set);
    vi::IndexSettings s;
    s.kind = vi::IndexKind::Ivf;
    s.nlist = 16;
    s.nprobe = 16;
    const vi::IndexMeasure ivf = vi::measureIndex(set, s, &flat.neighbours, true);
    QCOMPARE(ivf.recall, 1.0);
    QVERIFY(ivf.neighbours.ids == flat.neighbours.ids);
    for (std::size_t i = 0; i < ivf.neighbours.distances.size(); ++i)
        QVERIFY(std::abs(ivf.neighbours.distances[i] - flat.neighbours.distances[i]) <=
                1e-4f * flat.neighbours.distances[i]);
    // nprobe 1 visits one cell: recall can only be lower.
    QCOMPARE(ivf.sweep.front().parameter, 1);
    QVERIFY(ivf.sweep.front().recall < 1.0);
    // Flat codes: 4 bytes per coordinate plus the 8-byte id, and the centroids spread over n.
    const double expected = 4.0 * set.dim + 8 + 4.0 * s.nlist * set.dim / double(set.n);
    QVERIFY(std::abs(ivf.bytesPerVector - expected) < 2.0);
}

ENGINE_TEST(ivfPqBytesPerVectorAreTheCode)
{
    const vi::VectorSet set = small(20000, 32);
    const vi::IndexMeasure flat = exactOf(set);
    vi::IndexSettings s;
    s.kind = vi::IndexKind::IvfPq;
    s.nlist = 32;
    s.nprobe = 4;
    s.pqM = 8;
    s.nbits = 6;
    const vi::IndexMeasure pq = vi::measureIndex(set, s, &flat.neighbours, false);
    const double code = s.pqM * s.nbits / 8.0; // 6 bytes
    const double shared =
        (4.0 * s.nlist * set.dim + 4.0 * set.dim * (1 << s.nbits)) / double(set.n);
    QVERIFY2(std::abs(pq.bytesPerVector - (code + 8 + shared)) < 1.5,
             std::to_string(pq.bytesPerVector).c_str());
    // Compressed: far below the 4 * dim bytes of the raw vector, and recall pays for it.
    QVERIFY(pq.bytesPerVector < 4.0 * set.dim / 4);
    QVERIFY(pq.recall < 1.0);
    QVERIFY(pq.recall > 0.1);
}

ENGINE_TEST(syntheticIsDeterministic)
{
    const vi::VectorSet a = small(500, 8, 11);
    const vi::VectorSet b = small(500, 8, 11);
    const vi::VectorSet c = small(500, 8, 12);
    QVERIFY(a.base == b.base);
    QVERIFY(a.queries == b.queries);
    QVERIFY(a.base != c.base);
    QCOMPARE(a.base.size(), std::size_t(500 * 8));
    QCOMPARE(a.queries.size(), std::size_t(50 * 8));
    // Two builds of the same approximate index give the same neighbours.
    const vi::IndexMeasure flat = exactOf(a);
    vi::IndexSettings s;
    s.kind = vi::IndexKind::Hnsw;
    const auto first = vi::measureIndex(a, s, &flat.neighbours, false);
    const auto second = vi::measureIndex(a, s, &flat.neighbours, false);
    QVERIFY(first.neighbours.ids == second.neighbours.ids);
}

ENGINE_TEST(badSettingsAreRefused)
{
    const vi::VectorSet set = small(300, 12);
    const vi::IndexMeasure flat = exactOf(set);
    vi::IndexSettings s;
    s.kind = vi::IndexKind::Ivf;
    s.nlist = 400;
    s.nprobe = 1;
    QVERIFY_THROWS_MESSAGE(vi::measureIndex(set, s, &flat.neighbours, false), InputError,
                           "nlist 400 is more than the n = 300");
    s.nlist = 16;
    s.nprobe = 17;
    QVERIFY_THROWS_MESSAGE(vi::measureIndex(set, s, &flat.neighbours, false), InputError,
                           "nprobe 17 is more than nlist 16");
    s.kind = vi::IndexKind::IvfPq;
    s.nprobe = 4;
    s.pqM = 5;
    QVERIFY_THROWS_MESSAGE(vi::measureIndex(set, s, &flat.neighbours, false), InputError,
                           "pq_m 5 does not divide dim 12");
    s.pqM = 4;
    s.nbits = 11;
    QVERIFY_THROWS_MESSAGE(vi::measureIndex(set, s, &flat.neighbours, false), InputError,
                           "nbits must be from 4 to 8");
    s.nbits = 9; // faiss 1.7.3's IndexIVFPQ asserts nbits <= 8: refused before it is reached
    QVERIFY_THROWS_MESSAGE(vi::measureIndex(set, s, &flat.neighbours, false), InputError,
                           "nbits must be from 4 to 8");
    QVERIFY_THROWS_MESSAGE(vi::parseIndexKind("lsh"), InputError, "flat, hnsw, ivf or ivfpq");
    vi::SyntheticOptions o;
    o.dim = 129;
    QVERIFY_THROWS_MESSAGE(vi::syntheticVectors(o), InputError, "dim must be from 2 to 128");
    o.dim = 8;
    o.n = 1000001;
    QVERIFY_THROWS_MESSAGE(vi::syntheticVectors(o), InputError, "n must be from 10 to 1000000");
}

ENGINE_TEST(csvVectors)
{
    enginetest::TempFile good("vi_good.csv", "a,b,c\n1,2,3\n4,5,6\n7,8,9\n1,1,1\n");
    const vi::VectorSet set = vi::csvVectors(good.path(), 1, 0);
    QCOMPARE(set.dim, 3);
    QCOMPARE(set.n, std::size_t(3));
    QCOMPARE(set.nq, std::size_t(1));
    enginetest::TempFile text("vi_text.csv", "a,b\n1,2\n3,oops\n5,6\n");
    QVERIFY_THROWS_MESSAGE(vi::csvVectors(text.path(), 1, 0), InputError, "b");
    QVERIFY_THROWS_MESSAGE(vi::csvVectors(good.path(), 4, 0), InputError, "too few to hold out");
    // A float32 index cannot hold 1e300, nor sum squares of 1e20: refused, naming the cell.
    enginetest::TempFile huge("vi_huge.csv", "a,b\n1,2\n3,1e20\n5,6\n");
    QVERIFY_THROWS_MESSAGE(vi::csvVectors(huge.path(), 1, 0), InputError,
                           "column 'b' has the value 1e+20 at row 2; a float32 vector index "
                           "accepts magnitudes up to 1e15");
    // --query-input: every --input row is indexed and every --query-input row asked; a query
    // equal to a database row finds it at distance 0.
    enginetest::TempFile asked("vi_queries.csv", "a,b,c\n7,8,9\n1,2,3\n");
    const auto both = enginetest::cli({"vector-index", "--source", "csv", "--input", good.path(),
                                       "--query-input", asked.path(), "--index", "flat"});
    QCOMPARE(both.code, 0);
    const auto j = nlohmann::json::parse(both.out);
    QCOMPARE(j["n"].get<int>(), 4);
    QCOMPARE(j["queries"].get<int>(), 2);
    enginetest::TempFile narrow("vi_narrow.csv", "a,b\n1,2\n3,4\n");
    const auto mismatch = enginetest::cli({"vector-index", "--source", "csv", "--input",
                                           good.path(), "--query-input", narrow.path()});
    QCOMPARE(mismatch.code, 1);
    QVERIFY(mismatch.err.find("--query-input has 2 columns but --input has 3") !=
            std::string::npos);
    const auto run = enginetest::cli({"vector-index", "--source", "csv", "--input", text.path(),
                                      "--queries", "1", "--index", "flat"});
    QCOMPARE(run.code, 1);
    QVERIFY(run.err.find("vi_text.csv") != std::string::npos);
}

ENGINE_TEST(aLongTrainingCanBeCancelled)
{
    // The flag is raised while faiss's k-means trains 1,024 cells (seconds of work): faiss polls
    // it between iterations and stops, before any vector is added.
    const vi::VectorSet set = small(20000, 32);
    std::atomic<bool> cancel{false}, training{false}, adding{false};
    mllab::Progress progress{[&](double, const std::string& message) {
                                 if (message.find("training") != std::string::npos)
                                     training = true;
                                 if (message.find("adding") != std::string::npos)
                                     adding = true;
                             },
                             &cancel};
    vi::IndexSettings s;
    s.kind = vi::IndexKind::Ivf;
    s.nlist = 1024;
    s.nprobe = 1;
    const vi::IndexMeasure flat = exactOf(set);
    std::thread raiser([&] {
        while (!training)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        cancel = true;
    });
    bool cancelled = false;
    try {
        vi::measureIndex(set, s, &flat.neighbours, false, progress);
    } catch (const mllab::Cancelled&) {
        cancelled = true;
    }
    raiser.join();
    QVERIFY(cancelled);
    QVERIFY(!adding); // stopped inside the training
    // The next run is not affected by the flag of the last.
    s.nlist = 16;
    QCOMPARE(vi::measureIndex(set, s, &flat.neighbours, false).settings.nlist, 16);
}

ENGINE_TEST(paretoFront)
{
    std::vector<vi::IndexMeasure> ms(2);
    ms[0].sweep = {{1, 0.5, 100, false}, {2, 0.9, 50, false}};
    ms[1].sweep = {{1, 0.4, 90, false}, {2, 0.95, 10, false}};
    vi::markPareto(ms);
    QVERIFY(ms[0].sweep[0].pareto);
    QVERIFY(ms[0].sweep[1].pareto);
    QVERIFY(!ms[1].sweep[0].pareto); // 0.5 at 100 beats 0.4 at 90
    QVERIFY(ms[1].sweep[1].pareto);
}

ENGINE_TEST(cliContract)
{
    const auto run = enginetest::cli({"vector-index", "--n", "3000", "--dim", "16", "--queries",
                                      "20", "--index", "ivf", "--nlist", "16", "--nprobe", "16"});
    QCOMPARE(run.code, 0);
    const auto j = nlohmann::json::parse(run.out);
    for (const char* key : {"n", "dim", "index", "build_seconds", "bytes_per_vector",
                            "recall_at_10", "queries_per_second", "per_query_recall", "sweep"})
        QVERIFY2(j.contains(key), key);
    QCOMPARE(j["n"].get<int>(), 3000);
    QCOMPARE(j["index"].get<std::string>(), std::string("ivf"));
    QCOMPARE(j["recall_at_10"].get<double>(), 1.0);
    QCOMPARE(j["per_query_recall"].size(), std::size_t(20));

    const auto big = enginetest::cli({"vector-index", "--n", "2000000"});
    QCOMPARE(big.code, 1);
    QVERIFY(big.err.find("--n must be from 10 to 1000000") != std::string::npos);
    const auto pq = enginetest::cli({"vector-index", "--n", "1000", "--dim", "10", "--index",
                                     "ivfpq", "--pq-m", "3", "--nlist", "8", "--nprobe", "2"});
    QCOMPARE(pq.code, 1);
    QVERIFY(pq.err.find("pq_m 3 does not divide dim 10") != std::string::npos);
    const auto nbits = enginetest::cli({"vector-index", "--nbits", "12"});
    QCOMPARE(nbits.code, 1);
    QVERIFY(nbits.err.find("--nbits must be from 4 to 8") != std::string::npos);
}

ENGINE_TEST(labDefaultComputesEveryIndex)
{
    const auto& spec = mllab::labs::vectorIndexLabSpec();
    const auto r = mllab::labs::computeVectorIndexLab(
        mllab::labs::vectorIndexLabParams(mllab::labs::defaultState(spec)));
    QCOMPARE(r.measures.size(), std::size_t(4));
    QCOMPARE(r.measures.front().recall, 1.0);
    QVERIFY(r.chosen().settings.kind == vi::IndexKind::Hnsw);
    const auto ivf = r.find(vi::IndexKind::Ivf);
    QVERIFY(ivf != nullptr);
    QVERIFY(!ivf->sweep.empty());
    bool anyPareto = false;
    for (const auto& m : r.measures)
        for (const auto& p : m.sweep)
            anyPareto = anyPareto || p.pareto;
    QVERIFY(anyPareto);
    const auto j = mllab::labs::vectorIndexLabJson(r);
    QCOMPARE(j["indexes"].size(), std::size_t(4));
}

ENGINE_TEST_MAIN(tst_vectorindex)
