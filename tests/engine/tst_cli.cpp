// mllab-cli: JSON on stdout, errors on stderr, exit 0 / 1 (bad input) / 2 (usage).
#include "engine/cli/commands.h"
#include "engine/runtime.h"
#include "tests/support/cli.h"
#include "tests/support/enginetest.h"

#include <nlohmann/json.hpp>
#include <torch/version.h>

#include <sstream>

using enginetest::cli;

ENGINE_TEST(versionPrintsTheVersions)
{
    const auto r = cli({"--version"});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.find("mllab-cli 0.") == 0);
    QVERIFY(r.out.find("libtorch") != std::string::npos);
}

ENGINE_TEST(torchFreeVersionMatchesTheLinkedLibtorch)
{
    // mllab-cli prints the libtorch version without linking libtorch (from CMake's Torch_VERSION).
    QCOMPARE(mllab::torchVersion(), std::string(TORCH_VERSION));
}

ENGINE_TEST(everyCommandRunsInTheTorchHelper)
{
    // The light table lists every command (libtorch ones without a run function); the complete
    // set gives each of them one, in the same order, with the same usage line.
    const auto table = mllab::cli::commandTable();
    const auto& all = mllab::cli::commands();
    QCOMPARE(all.size(), table.size());
    int torchCommands = 0;
    for (std::size_t i = 0; i < table.size(); ++i) {
        QCOMPARE(all[i].name, table[i].name);
        QCOMPARE(all[i].usage, table[i].usage);
        QVERIFY2(bool(all[i].run), all[i].name);
        QCOMPARE(bool(table[i].run), !table[i].needsTorch);
        torchCommands += table[i].needsTorch;
        // Only `lm` and `tokenize` answer some calls (`lm next` and `tokenize` on the CPU)
        // without libtorch.
        QCOMPARE(bool(table[i].torchFreeRun), table[i].name == "lm" || table[i].name == "tokenize");
    }
    QCOMPARE(torchCommands, 5); // devices, monte-carlo, tokenize, lm, attention-entropy
}

ENGINE_TEST(devicesIsJsonWithCpuFirst)
{
    const auto r = cli({"devices"});
    QCOMPARE(r.code, 0);
    const auto j = nlohmann::json::parse(r.out);
    QCOMPARE(j["devices"][0]["id"].get<std::string>(), std::string("cpu"));
    QVERIFY(j["devices"][0].contains("name"));
}

ENGINE_TEST(unknownCommandIsUsageError)
{
    const auto r = cli({"frobnicate"});
    QCOMPARE(r.code, 2);
    QVERIFY(r.out.empty());
    QVERIFY(r.err.find("unknown command 'frobnicate'") != std::string::npos);
    QVERIFY(r.err.find("usage:") != std::string::npos);
}

ENGINE_TEST(unknownFlagIsUsageError)
{
    const auto r = cli({"devices", "--colour", "red"});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.find("unknown option --colour") != std::string::npos);
}

ENGINE_TEST(noArgumentsIsUsageError)
{
    QCOMPARE(cli({}).code, 2);
}

ENGINE_TEST(badValueIsUsageError)
{
    const auto r = cli({"monte-carlo", "--samples", "many"});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.find("--samples needs an integer") != std::string::npos);
}

ENGINE_TEST(badInputExitsOne)
{
    const auto r = cli({"monte-carlo", "--samples", "-5"});
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.find("samples must be at least 1") != std::string::npos);
}

ENGINE_TEST(monteCarloJson)
{
    const auto r = cli({"monte-carlo", "--samples", "1000", "--checkpoints", "2", "--seed", "3"});
    QCOMPARE(r.code, 0);
    const auto j = nlohmann::json::parse(r.out);
    QCOMPARE(j["estimates"].size(), std::size_t(2));
    QCOMPARE(j["samples"][1].get<long long>(), 1000LL);
}

ENGINE_TEST_MAIN(tst_cli)
