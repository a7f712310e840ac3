// mllab-cli: JSON on stdout, errors on stderr, exit 0 / 1 (bad input) / 2 (usage).
#include "engine/cli/commands.h"
#include "engine/runtime.h"
#include "tests/support/cli.h"
#include "tests/support/enginetest.h"

#include <nlohmann/json.hpp>
#include <torch/version.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <sstream>

#include <sys/stat.h>

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
        // Only `lm`, `tokenize`, `lab` and `lesson` answer some calls (`lm next` and `tokenize`
        // on the CPU, the labs that need no libtorch, --describe) without libtorch.
        QCOMPARE(bool(table[i].torchFreeRun),
                 table[i].name == "lm" || table[i].name == "tokenize" || table[i].name == "lab" ||
                     table[i].name == "lesson");
    }
    QCOMPARE(torchCommands,
             9); // devices, monte-carlo, tokenize, lm, embeddings, lab, lesson, attention-entropy,
                 // retrieve
}

/// Option names ("--input") in a usage line, in order.
std::vector<std::string> usageOptionNames(const std::string& usage)
{
    std::vector<std::string> names;
    for (std::size_t at = usage.find("--"); at != std::string::npos; at = usage.find("--", at + 2)) {
        std::size_t end = at + 2;
        while (end < usage.size() && (std::isalnum(static_cast<unsigned char>(usage[end])) || usage[end] == '-'))
            ++end;
        const std::string name = usage.substr(at, end - at);
        if (std::find(names.begin(), names.end(), name) == names.end())
            names.push_back(name);
    }
    return names;
}

ENGINE_TEST(everyCommandHasHelpListingItsUsageOptions)
{
    for (const auto& command : mllab::cli::commandTable()) {
        QVERIFY2(!command.help.summary.empty(), command.name + " has no summary");
        const auto listed = mllab::cli::helpOptionNames(command);
        for (const std::string& name : usageOptionNames(command.usage))
            QVERIFY2(std::find(listed.begin(), listed.end(), name) != listed.end(),
                     command.name + ": " + name + " is in the usage line but not in --help");
    }
}

ENGINE_TEST(everyOptionHelpListsIsAccepted)
{
    // Each run function parses its options first: an option it does not know is refused as
    // "unknown option" before anything is computed. "x" is no valid number, file or choice, so
    // every call ends early on its value or on a missing required option.
    for (const auto& command : mllab::cli::commands()) {
        for (const auto& group : command.help.groups) {
            std::vector<std::string> prefix{command.name};
            if (!group.title.empty())
                prefix.push_back(group.title.substr(group.title.rfind(' ') + 1));
            for (const auto& option : group.options) {
                auto args = prefix;
                args.push_back(option.option.substr(0, option.option.find(' ')));
                if (option.option.find(' ') != std::string::npos)
                    args.push_back("x");
                const auto r = cli(args);
                QVERIFY2(r.err.find("unknown option") == std::string::npos,
                         command.name + " " + group.title + ": " + option.option + ": " + r.err);
            }
        }
    }
}

ENGINE_TEST(commandHelpPrintsItsOptionsAndExitsZero)
{
    const auto r = cli({"roc", "--help"});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.find("usage: mllab-cli roc --input F") == 0, r.out);
    for (const char* text : {"--score C", "--label C", "--positive CLASS", "roc_curve"})
        QVERIFY2(r.out.find(text) != std::string::npos, std::string(text) + " missing in\n" + r.out);
    QCOMPARE(r.err, std::string());
    // -h too, and after other options; libtorch commands answer without their helper.
    QCOMPARE(cli({"pca", "--input", "missing.csv", "-h"}).code, 0);
    const auto lm = cli({"lm", "train", "--help"});
    QCOMPARE(lm.code, 0);
    QVERIFY2(lm.out.find("lm train options:") != std::string::npos, lm.out);
    QVERIFY2(lm.out.find("--batch-size B") != std::string::npos, lm.out);
    QVERIFY2(lm.out.find("lm next options:") == std::string::npos, lm.out);
}

ENGINE_TEST(manualPageListsEveryCommandAndOption)
{
    std::ostringstream page;
    mllab::cli::printManPageCommands(mllab::cli::commandTable(), page);
    const std::string text = page.str();
    for (const auto& command : mllab::cli::commandTable()) {
        QVERIFY2(text.find(".SS " + mllab::cli::roffText(command.name) + "\n") != std::string::npos,
                 command.name);
        for (const std::string& name : mllab::cli::helpOptionNames(command))
            QVERIFY2(text.find(".B " + mllab::cli::roffText(name)) != std::string::npos,
                     command.name + " " + name);
    }
    QCOMPARE(mllab::cli::roffText("--top-k"), std::string("\\-\\-top\\-k"));
    QCOMPARE(mllab::cli::roffText(".x a\\b"), std::string("\\&.x a\\eb"));
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
    QVERIFY2(r.err.find("--samples must be from 1 to 1000000000, got -5") != std::string::npos,
             r.err);
}

ENGINE_TEST(monteCarloJson)
{
    const auto r = cli({"monte-carlo", "--samples", "1000", "--checkpoints", "2", "--seed", "3"});
    QCOMPARE(r.code, 0);
    const auto j = nlohmann::json::parse(r.out);
    QCOMPARE(j["estimates"].size(), std::size_t(2));
    QCOMPARE(j["samples"][1].get<long long>(), 1000LL);
}

ENGINE_TEST(countsOutsideTheirLimitsExitOneNamingTheRange)
{
    using Case = std::pair<std::vector<std::string>, std::string>;
    const std::vector<Case> cases = {
        {{"monte-carlo", "--samples", "2000000000"}, "--samples must be from 1 to 1000000000"},
        {{"monte-carlo", "--checkpoints", "5000"}, "--checkpoints must be from 1 to 1000"},
        {{"lm", "generate", "--prompt", "a", "--max-tokens", "100000"},
         "--max-tokens must be from 1 to 4096"},
        {{"lm", "speculative", "--prompt", "a", "--max-tokens", "0"},
         "--max-tokens must be from 1 to 4096"},
        {{"lm", "speculative", "--prompt", "a", "--gamma", "1000"}, "--gamma must be from 1 to 64"},
        {{"lm", "next", "--prompt", "a", "--top", "100000"}, "--top must be from 1 to 65536"},
        {{"lm", "train", "--corpus", ".", "--out", "x.safetensors", "--steps", "9999999"},
         "--steps must be from 1 to 1000000"},
        {{"bias-variance", "--bootstraps", "1000000"}, "--bootstraps must be from 1 to 10000"},
        {{"bpe-steps", "--merges", "100000"}, "--merges must be from 1 to 65536"},
    };
    for (const auto& [args, message] : cases) {
        const auto r = cli(args);
        QVERIFY2(r.code == 1, args[0] + " " + args[1] + ": exit " + std::to_string(r.code));
        QVERIFY2(r.err.find(message) != std::string::npos, r.err);
    }
}

ENGINE_TEST(labProgressGoesToStderrAndLeavesTheJsonAlone)
{
    // `lab --progress` reports on stderr (at most one line a second), so a long run from the
    // shell shows it is moving; stdout stays the one JSON document.
    std::ostringstream progress;
    std::streambuf* saved = std::cerr.rdbuf(progress.rdbuf());
    const auto r = cli({"lab", "bias-variance", "--progress"});
    std::cerr.rdbuf(saved);
    QVERIFY2(r.code == 0, r.err);
    QCOMPARE(nlohmann::json::parse(r.out)["lab"].get<std::string>(), std::string("bias-variance"));
    std::istringstream lines(progress.str());
    std::string first;
    QVERIFY(std::getline(lines, first));
    const auto line = nlohmann::json::parse(first);
    QVERIFY(line["progress"].get<double>() >= 0 && line["progress"].get<double>() <= 1);
    QVERIFY(!line["message"].get<std::string>().empty());
    const auto quiet = cli({"lab", "bias-variance"});
    QCOMPARE(quiet.out, r.out); // the same numbers with and without progress
}

ENGINE_TEST(generatedTextStaysValidJsonAtAnyTemperature)
{
    // At temperature 5 the sampled tokens often end inside a UTF-8 character; every command
    // prints through one writer that replaces such bytes, so the output always parses.
    for (const char* seed : {"0", "1", "2", "3"}) {
        const auto r = cli({"lm", "generate", "--prompt", "The", "--temperature", "5",
                            "--max-tokens", "40", "--seed", seed});
        QCOMPARE(r.code, 0);
        const auto doc = nlohmann::json::parse(r.out);
        QCOMPARE(doc["ids"].size(), std::size_t(40));
    }
    const auto bytes = cli({"tokenize", "--text", "caf\xc3 \xff\xfe"});
    QCOMPARE(bytes.code, 0);
    QVERIFY(nlohmann::json::parse(bytes.out).contains("ids"));
}

ENGINE_TEST(foldersAndFifosAreRefusedNotOpened)
{
    const std::string fifo = "tst_cli_fifo";
    std::remove(fifo.c_str());
    QVERIFY(::mkfifo(fifo.c_str(), 0600) == 0);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"lm", "eval", "--text-file", fifo},
             {"roc", "--input", fifo},
             {"pca", "--input", fifo},
             {"lab", "lora", "--set", "text=file", "--set", "file=" + fifo}}) {
        const auto r = cli(args);
        QVERIFY2(r.code == 1 || r.code == 2, args[0] + ": exit " + std::to_string(r.code));
        QVERIFY2(r.err.find("FIFO") != std::string::npos || r.code == 2, r.err);
    }
    std::remove(fifo.c_str());
    const auto folder = cli({"lm", "eval", "--text-file", "."});
    QCOMPARE(folder.code, 1);
    QVERIFY2(folder.err.find("it is a folder") != std::string::npos, folder.err);
}

ENGINE_TEST_MAIN(tst_cli)
