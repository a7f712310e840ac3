// mllab-cli sample: the JSON of the contract, null logits, and exit codes 1 (bad input) and
// 2 (usage) with the problem named on stderr.
#include "tests/support/cli.h"
#include "tests/support/enginetest.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

using enginetest::cli;
using enginetest::TempFile;

namespace {

std::set<std::string> keysOf(const nlohmann::json& object)
{
    std::set<std::string> keys;
    for (auto it = object.begin(); it != object.end(); ++it)
        keys.insert(it.key());
    return keys;
}

void expectError(const std::vector<std::string>& args, int code, const std::string& fragment)
{
    const auto r = cli(args);
    QCOMPARE(r.code, code);
    QVERIFY(r.out.empty());
    QVERIFY2(r.err.find(fragment) != std::string::npos, r.err);
}

} // namespace

ENGINE_TEST(sampleJsonHasExactlyTheContractKeys)
{
    TempFile f("tst_cli_sampling_a.json",
               R"({"logits": [0.0, 0.6931471805599453, null, 1.0986122886681098]})");
    const auto r =
        cli({"sample", "--logits", f.path(), "--top-k", "2", "--seed", "3", "--draws", "6"});
    QCOMPARE(r.code, 0);
    QVERIFY(r.err.empty());
    const auto j = nlohmann::json::parse(r.out);
    QCOMPARE(keysOf(j), (std::set<std::string>{"stages", "final", "kept", "entropy", "entropy_nats",
                                               "draws"}));
    QCOMPARE(keysOf(j["stages"]),
             (std::set<std::string>{"softmax", "temperature", "top_k", "top_p", "min_p"}));
    for (const auto& stage : j["stages"])
        QCOMPARE(stage.size(), std::size_t(4));
    // softmax of log 1, log 2, -inf, log 3; top-k 2 keeps 2/5 and 3/5.
    QFUZZY_COMPARE(j["stages"]["softmax"][0].get<double>(), 1.0 / 6, 1e-12);
    QCOMPARE(j["stages"]["softmax"][2].get<double>(), 0.0);
    QFUZZY_COMPARE(j["final"][1].get<double>(), 0.4, 1e-12);
    QFUZZY_COMPARE(j["final"][3].get<double>(), 0.6, 1e-12);
    QCOMPARE(j["kept"].get<std::vector<int>>(), (std::vector<int>{1, 3}));
    const double bits = -(0.4 * std::log2(0.4) + 0.6 * std::log2(0.6));
    QFUZZY_COMPARE(j["entropy"].get<double>(), bits, 1e-12);
    QFUZZY_COMPARE(j["entropy_nats"].get<double>(), bits * std::log(2.0), 1e-12);
    QCOMPARE(j["draws"].size(), std::size_t(6));
    for (const auto& d : j["draws"])
        QVERIFY(d.get<int>() == 1 || d.get<int>() == 3);
    QCOMPARE(
        cli({"sample", "--logits", f.path(), "--top-k", "2", "--seed", "3", "--draws", "6"}).out,
        r.out);
}

ENGINE_TEST(sampleDefaultsDisableEveryFilter)
{
    TempFile f("tst_cli_sampling_b.json",
               R"({"logits": [1, 1, 1, 1], "note": "extra keys are fine"})");
    const auto r = cli({"sample", "--logits", f.path()});
    QCOMPARE(r.code, 0);
    const auto j = nlohmann::json::parse(r.out);
    QCOMPARE(j["final"].get<std::vector<double>>(), std::vector<double>(4, 0.25));
    QCOMPARE(j["draws"].size(), std::size_t(0));
    QFUZZY_COMPARE(j["entropy"].get<double>(), 2.0, 1e-12);
}

ENGINE_TEST(sampleGreedyAndInlineValues)
{
    TempFile f("tst_cli_sampling_c.json", R"({"logits": [2, 5, 5, -1]})");
    const auto r = cli({"sample", "--logits=" + f.path(), "--temperature=0", "--draws=3"});
    QCOMPARE(r.code, 0);
    const auto j = nlohmann::json::parse(r.out);
    QCOMPARE(j["final"].get<std::vector<double>>(), (std::vector<double>{0, 1, 0, 0}));
    QCOMPARE(j["draws"].get<std::vector<int>>(), (std::vector<int>{1, 1, 1}));
    QCOMPARE(j["entropy"].get<double>(), 0.0);
}

ENGINE_TEST(badFilesExitOne)
{
    expectError({"sample", "--logits", "/nonexistent/l.json"}, 1,
                "cannot open '/nonexistent/l.json'");
    TempFile broken("tst_cli_sampling_d.json", R"({"logits": [1, 2)");
    expectError({"sample", "--logits", broken.path()}, 1, broken.path() + " is not valid JSON");
    TempFile missing("tst_cli_sampling_e.json", R"({"scores": [1, 2]})");
    expectError({"sample", "--logits", missing.path()}, 1, "has no \"logits\" array");
    TempFile notArray("tst_cli_sampling_f.json", R"({"logits": "1, 2"})");
    expectError({"sample", "--logits", notArray.path()}, 1,
                "must be an array of numbers, got a string");
    TempFile badEntry("tst_cli_sampling_g.json", R"({"logits": [1, "2", 3]})");
    expectError({"sample", "--logits", badEntry.path()}, 1,
                "logits[1] in tst_cli_sampling_g.json is a string; use a number, or null for -inf");
    TempFile huge("tst_cli_sampling_h.json", R"({"logits": [1, 1e999]})");
    expectError({"sample", "--logits", huge.path()}, 1, "is not valid JSON");
    TempFile empty("tst_cli_sampling_i.json", R"({"logits": []})");
    expectError({"sample", "--logits", empty.path()}, 1, "there are no logits");
    TempFile allNull("tst_cli_sampling_j.json", R"({"logits": [null, null]})");
    expectError({"sample", "--logits", allNull.path()}, 1, "every logit is -inf");
    TempFile topLevel("tst_cli_sampling_k.json", R"([1, 2, 3])");
    expectError({"sample", "--logits", topLevel.path()}, 1, "has no \"logits\" array");
}

ENGINE_TEST(outOfRangeKnobsExitOne)
{
    TempFile f("tst_cli_sampling_l.json", R"({"logits": [1, 2]})");
    expectError({"sample", "--logits", f.path(), "--top-p", "0"}, 1, "top-p must be in (0, 1]");
    expectError({"sample", "--logits", f.path(), "--min-p", "2"}, 1, "min-p must be in [0, 1]");
    expectError({"sample", "--logits", f.path(), "--temperature", "-1"}, 1, "temperature must be");
    expectError({"sample", "--logits", f.path(), "--top-k", "-3"}, 1, "top-k must be >= 0");
    expectError({"sample", "--logits", f.path(), "--draws", "-1"}, 1,
                "--draws must be from 0 to 10000000");
}

ENGINE_TEST(malformedOptionsExitTwo)
{
    TempFile f("tst_cli_sampling_m.json", R"({"logits": [1, 2]})");
    expectError({"sample"}, 2, "option --logits is required");
    expectError({"sample", "--logits", f.path(), "--top-k", "many"}, 2, "--top-k needs an integer");
    expectError({"sample", "--logits", f.path(), "--temperature", "hot"}, 2,
                "--temperature needs a finite number");
    expectError({"sample", "--logits", f.path(), "--seed", "-1"}, 2,
                "--seed needs a non-negative integer");
    expectError({"sample", "--logits", f.path(), "--beam", "4"}, 2, "unknown option --beam");
    expectError({"sample", "--logits"}, 2, "option --logits needs a value");
}

ENGINE_TEST(helpListsSample)
{
    const auto r = cli({"--help"});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.find("sample --logits F.json [--temperature 1]") != std::string::npos);
}

ENGINE_TEST_MAIN(tst_cli_sampling)
