// The command table and the dispatcher of mllab-cli; no libtorch (see commands.h).
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/progress.h"
#include "engine/runtime.h"

#include <ostream>
#include <stdexcept>

namespace mllab::cli {

std::vector<Command> commandTable()
{
    auto torch = [](std::string name, std::string usage) {
        return Command{std::move(name), std::move(usage), nullptr, true};
    };
    std::vector<Command> c;
    c.push_back(torch("devices", "devices"));
    c.push_back(
        torch("monte-carlo",
              "monte-carlo [--samples 1000000] [--seed 0] [--checkpoints 100] [--device cpu]"));
    c.push_back(torch("tokenize", "tokenize --text T [--model M]"));
    c.back().torchFreeRun = runTokenizeWithoutTorch;
    c.push_back(torch(
        "lm",
        "lm next --prompt T [--model M] [--top 10] | lm eval --text-file F [--model M] | "
        "lm generate --prompt T [--temperature 1] [--top-k 0] [--top-p 1] [--min-p 0] [--seed 0] "
        "[--max-tokens 50] [--model M] | lm attention --prompt T [--unscaled] [--model M] | "
        "lm train --corpus PATH --out F [--steps 2000] [--seed 0] [--device cpu] [--preset "
        "small]"));
    c.back().torchFreeRun = runLmWithoutTorch;
    addSamplingCommands(c);
    addEvaluationCommands(c);
    addBiasVarianceCommands(c);
    addRegularizationCommands(c);
    addTokenizerLabCommands(c);
    c.push_back(
        torch("attention-entropy", "attention-entropy --prompt T [--model M] [--device cpu]"));
    return c;
}

namespace {

void printUsage(std::ostream& err, const std::vector<Command>& table)
{
    err << "usage: mllab-cli [--version | --help] <command> [options]\n\ncommands:\n";
    for (const auto& c : table)
        err << "  " << c.usage << "\n";
    err << "\nOutput is JSON on stdout; errors go to stderr. Exit 0 ok, 1 bad input, 2 usage.\n";
}

} // namespace

int runCli(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err,
           const std::vector<Command>& table)
{
    if (argv.size() < 2) {
        printUsage(err, table);
        return 2;
    }
    const std::string& name = argv[1];
    if (name == "--version") {
        out << "mllab-cli " << mllabVersion() << " (libtorch " << torchVersion() << ", Eigen "
            << eigenVersion() << ")\n";
        return 0;
    }
    if (name == "--help" || name == "-h") {
        printUsage(out, table);
        return 0;
    }
    for (const auto& c : table) {
        if (c.name != name)
            continue;
        if (!c.run)
            throw std::logic_error("command '" + name + "' has no run function in this executable");
        try {
            return c.run(argv, out);
        } catch (const UsageError& e) {
            err << "mllab-cli " << name << ": " << e.what() << "\nusage: mllab-cli " << c.usage
                << "\n";
            return 2;
        } catch (const InputError& e) {
            err << "mllab-cli " << name << ": " << e.what() << "\n";
            return 1;
        }
    }
    err << "mllab-cli: unknown command '" << name << "'\n";
    printUsage(err, table);
    return 2;
}

} // namespace mllab::cli
