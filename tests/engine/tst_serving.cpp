// engine/serving and `mllab-cli serving`: weights, KV cache and decode bound by hand for
// Llama-3-8B (a KV cache of exactly 1 GiB at 8,192 tokens), GQA against MHA and MQA, a mixture of
// experts decoding with its active weights only, llama.cpp's block sizes for int8/int4, paged
// blocks against contiguous reservations, the presets' parameter counts, and bad input named.
#include "engine/labs/registry.h"
#include "engine/labs/serving_memory.h"
#include "engine/serving.h"
#include "engine/datapaths.h"
#include "engine/lm/kv_cache_measure.h"
#include "tests/support/cli.h"
#include "tests/support/enginetest.h"

#include <nlohmann/json.hpp>

#include <cmath>

using mllab::InputError;

namespace {

bool near(double a, double b, double rel = 1e-12)
{
    return std::abs(a - b) <= rel * std::max(1.0, std::abs(b));
}

mllab::ServingParams llama8b(std::int64_t context, std::int64_t batch)
{
    mllab::ServingParams p;
    p.model = mllab::modelShape("llama-3-8b");
    p.context = context;
    p.batch = batch;
    return p;
}

} // namespace

ENGINE_TEST(llama3For8kTokensByHand)
{
    const auto r = mllab::computeServing(llama8b(8192, 1));
    QCOMPARE(r.kvBytesPerToken, 2.0 * 32 * 8 * 128 * 2); // 128 KiB per token
    QCOMPARE(r.kvBytes, 1073741824.0);                   // 8,192 tokens: exactly 1 GiB
    QCOMPARE(r.weightsBytes, 8030261248.0 * 2);
    QCOMPARE(r.totalBytes, 8030261248.0 * 2 + 1073741824.0);
    QVERIFY(r.fits);
    // (80 GiB - 16.06 GB of weights) / 1 GiB per sequence = 65.04.
    QCOMPARE(r.maxBatch, std::int64_t(65));
    QVERIFY(near(r.decodeTokensPerSecondBound, 3350e9 / (8030261248.0 * 2 + 1073741824.0)));
    QVERIFY(near(r.prefillTokensPerSecondBound, 989e12 / (2 * 8030261248.0)));
    // Grouped-query attention: 8 KV heads for 32 query heads, 4x less than MHA; MQA 8x less again.
    QCOMPARE(r.kvBytesPerTokenMha, 4 * r.kvBytesPerToken);
    QCOMPARE(r.kvBytesPerTokenMqa, r.kvBytesPerToken / 8);

    const auto crowded = mllab::computeServing(llama8b(8192, 66));
    QVERIFY(!crowded.fits); // one sequence more than the largest batch
    QVERIFY(mllab::computeServing(llama8b(8192, 65)).fits);
}

ENGINE_TEST(mixtureOfExpertsStoresAllAndReadsItsActiveExperts)
{
    mllab::ServingParams p;
    p.model = mllab::modelShape("mixtral-8x7b");
    p.context = 4096;
    const auto r = mllab::computeServing(p);
    QCOMPARE(r.weightsBytes, 46702792704.0 * 2);
    QVERIFY(near(r.decodeTokensPerSecondBound, 3350e9 / (12879925248.0 * 2 + r.kvBytes)));
    QVERIFY(near(r.prefillTokensPerSecondBound, 989e12 / (2 * 12879925248.0)));
}

ENGINE_TEST(quantizedDtypesCountTheirBlockScales)
{
    QCOMPARE(mllab::bytesPerValue("fp32"), 4.0);
    QCOMPARE(mllab::bytesPerValue("fp16"), 2.0);
    QCOMPARE(mllab::bytesPerValue("int8"), 34.0 / 32);
    QCOMPARE(mllab::bytesPerValue("int4"), 18.0 / 32);
    QVERIFY_THROWS_MESSAGE(mllab::bytesPerValue("fp8"), InputError, "fp8");
    auto p = llama8b(8192, 1);
    p.weightDtype = "int4";
    p.kvDtype = "int8";
    const auto r = mllab::computeServing(p);
    QCOMPARE(r.weightsBytes, 8030261248.0 * 18 / 32);
    QCOMPARE(r.kvBytesPerToken, 2.0 * 32 * 8 * 128 * 34 / 32);
}

ENGINE_TEST(pagedBlocksWasteLessThanOneBlockPerSequence)
{
    auto p = llama8b(8192, 10);
    p.meanLength = 1000; // 63 blocks of 16 = 1,008 tokens each
    const auto r = mllab::computeServing(p);
    QCOMPARE(r.contiguousKvBytes, r.kvBytesPerToken * 8192 * 10);
    QCOMPARE(r.pagedKvBytes, r.kvBytesPerToken * 1008 * 10);
    QCOMPARE(r.usedKvBytes, r.kvBytesPerToken * 1000 * 10);
    QVERIFY(r.maxBatchPaged > 8 * r.maxBatch);
}

ENGINE_TEST(presetsMatchTheirConfigurations)
{
    // The shipped model: 4 layers of width 128 in 4 heads, 1,024 tokens, context 128.
    const auto& tiny = mllab::modelShape("tiny-gpt");
    QCOMPARE(tiny.kvHeads * tiny.headDim, 128);
    const double d = 128, v = 1024, ctx = 128, layers = 4;
    const double block =
        2 * d + (3 * d * d + 3 * d) + (d * d + d) + 2 * d + (4 * d * d + 4 * d) + (4 * d * d + d);
    QCOMPARE(tiny.parameters, v * d + ctx * d + layers * block + 2 * d); // tied output
    QCOMPARE(mllab::modelShape("gpt2").parameters, 124439808.0);
    QVERIFY_THROWS_MESSAGE(mllab::modelShape("gpt-5"), InputError, "llama-3-70b");
}

ENGINE_TEST(badSettingsAreNamed)
{
    auto p = llama8b(0, 1);
    QVERIFY_THROWS_MESSAGE(mllab::computeServing(p), InputError, "context");
    p = llama8b(4096, 1);
    p.model.kvHeads = 64;
    QVERIFY_THROWS_MESSAGE(mllab::computeServing(p), InputError, "KV heads");
    p = llama8b(4096, 1);
    p.model.activeParameters = 2 * p.model.parameters;
    QVERIFY_THROWS_MESSAGE(mllab::computeServing(p), InputError, "active");
    p = llama8b(4096, 1);
    p.meanLength = 5000;
    QVERIFY_THROWS_MESSAGE(mllab::computeServing(p), InputError, "mean sequence length");
}

ENGINE_TEST(cliKeepsTheContract)
{
    const auto run = enginetest::cli({"serving", "--preset", "llama-3-8b", "--context", "8192"});
    QCOMPARE(run.code, 0);
    const auto j = nlohmann::json::parse(run.out);
    for (const char* key : {"weights_bytes", "kv_bytes_per_token", "kv_bytes", "total_bytes",
                            "fits", "max_batch", "decode_tokens_per_s_bound"})
        QVERIFY2(j.contains(key), key);
    QCOMPARE(j["kv_bytes"].get<double>(), 1073741824.0);
    QCOMPARE(j["max_batch"].get<std::int64_t>(), std::int64_t(65));
    QCOMPARE(j["fits"].get<bool>(), true);

    const auto custom =
        enginetest::cli({"serving", "--layers", "32", "--kv-heads", "8", "--head-dim", "128",
                         "--params", "8030261248", "--context", "8192", "--kv-dtype", "fp32"});
    QCOMPARE(custom.code, 0);
    QCOMPARE(nlohmann::json::parse(custom.out)["kv_bytes"].get<double>(), 2 * 1073741824.0);

    QCOMPARE(enginetest::cli({"serving"}).code, 2);
    QCOMPARE(enginetest::cli({"serving", "--layers", "32"}).code, 2);
    QCOMPARE(enginetest::cli({"serving", "--preset", "gpt2", "--layers", "3"}).code, 2);
    const auto unknown = enginetest::cli({"serving", "--preset", "gpt-5"});
    QCOMPARE(unknown.code, 1);
    QVERIFY(unknown.err.find("gpt-5") != std::string::npos);
    QCOMPARE(enginetest::cli({"serving", "--preset", "gpt2", "--weight-dtype", "fp8"}).code, 1);
    QCOMPARE(enginetest::cli({"serving", "--preset", "gpt2", "--batch", "0"}).code, 1);
}

ENGINE_TEST(theLabShowsTheContractsNumbersAndItsSweeps)
{
    namespace labs = mllab::labs;
    labs::LabState state = labs::defaultState(labs::servingMemoryLabSpec());
    const nlohmann::json out = labs::labOutput(state, labs::labRunner("serving-memory"), {});
    const auto& r = out["result"];
    QCOMPARE(r["model"].get<std::string>(), std::string("llama-3-8b"));
    QCOMPARE(r["kv_bytes"].get<double>(), 8 * 1073741824.0); // 8 sequences of 8,192 tokens
    QCOMPARE(r["max_batch"].get<std::int64_t>(), std::int64_t(65));
    // 2,048 tokens held in blocks of 16: a quarter of the contiguous reservation.
    QCOMPARE(r["paging"]["paged_kv_bytes"].get<double>(), 8 * 1073741824.0 / 4);
    QCOMPARE(r["paging"]["max_batch_paged"].get<std::int64_t>(), std::int64_t(260));
    const auto& sweep = r["context_sweep"];
    const auto contexts = sweep["contexts"].get<std::vector<double>>();
    const auto kv = sweep["kv_gib"].get<std::vector<double>>();
    for (std::size_t i = 0; i < contexts.size(); ++i)
        QVERIFY(near(kv[i], 131072.0 * contexts[i] * 8 / 1073741824.0));
    // Decode: the batch's total rises with the batch and each sequence's share falls.
    const auto total = r["batch_sweep"]["decode_tokens_per_s"].get<std::vector<double>>();
    const auto each =
        r["batch_sweep"]["decode_tokens_per_s_per_sequence"].get<std::vector<double>>();
    for (std::size_t i = 1; i < total.size(); ++i) {
        QVERIFY(total[i] > total[i - 1]);
        QVERIFY(each[i] < each[i - 1]);
    }

    // A custom shape: a mixture of experts whose active share reads fewer weights.
    QVERIFY(!labs::setFromText(labs::servingMemoryLabSpec(), state, "model", "custom"));
    QVERIFY(!labs::setFromText(labs::servingMemoryLabSpec(), state, "active_b", "2"));
    const auto custom = labs::servingMemoryLabParams(state);
    QCOMPARE(custom.model.activeParameters, 2e9);
    QCOMPARE(custom.model.parameters, 8e9);
    QVERIFY(!labs::setFromText(labs::servingMemoryLabSpec(), state, "kv_heads", "64"));
    QVERIFY_THROWS_MESSAGE(labs::labOutput(state, labs::labRunner("serving-memory"), {}),
                           InputError, "KV heads");
}

ENGINE_TEST(theTinyGptsCacheIsMeasuredAsTheFormulaSays)
{
    namespace labs = mllab::labs;
    labs::LabState state = labs::defaultState(labs::servingMemoryLabSpec());
    QVERIFY(!labs::setFromText(labs::servingMemoryLabSpec(), state, "model", "tiny-gpt"));
    QVERIFY(!labs::setFromText(labs::servingMemoryLabSpec(), state, "context", "64"));
    const nlohmann::json out = labs::labOutput(state, labs::labRunner("serving-memory"), {});
    const auto& measured = out["result"]["measured"];
    // 4 layers x 128 (4 heads of 32) x K and V x 4 bytes = 4 KiB per token, float32 in the engine.
    QCOMPARE(measured["bytes_per_token"].get<double>(), 4096.0);
    QVERIFY(measured["tokens"].get<int>() >= 64);
    QCOMPARE(measured["cache_bytes"].get<double>(), measured["formula_bytes"].get<double>());
    QVERIFY(measured["cached_tokens_per_s"].get<double>() > 0);
    QVERIFY(measured["recomputed_tokens_per_s"].get<double>() > 0);
    QVERIFY_THROWS_MESSAGE(mllab::measureKvCache(mllab::shippedModelPath(), 500), InputError,
                           "context");
}

ENGINE_TEST_MAIN(tst_serving)
