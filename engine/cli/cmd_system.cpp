#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/gpu/device.h"
#include "engine/progress.h"
#include "engine/runtime.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace mllab::cli {
namespace {

int runDevices(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2, {});
    nlohmann::json devices = nlohmann::json::array();
    for (const auto& d : listDevices()) {
        nlohmann::json j{{"id", d.id}, {"name", d.name}, {"kind", d.kind}, {"memory_bytes", d.memoryBytes}};
        if (d.kind == "cpu")
            j["threads"] = d.threads;
        devices.push_back(j);
    }
    out << nlohmann::json{{"devices", devices}}.dump() << "\n";
    return 0;
}

} // namespace

void addSystemCommands(std::vector<Command>& out)
{
    out.push_back({"devices", "devices", runDevices});
}

const std::vector<Command>& commands()
{
    static const std::vector<Command> all = [] {
        std::vector<Command> c;
        addSystemCommands(c);
        addDemoCommands(c);
        addLmCommands(c);
        addSamplingCommands(c);
        addEvaluationCommands(c);
        addBiasVarianceCommands(c);
        addRegularizationCommands(c);
        addLmLabCommands(c);
        return c;
    }();
    return all;
}

namespace {

void printUsage(std::ostream& err)
{
    err << "usage: mllab-cli [--version | --help] <command> [options]\n\ncommands:\n";
    for (const auto& c : commands())
        err << "  " << c.usage << "\n";
    err << "\nOutput is JSON on stdout; errors go to stderr. Exit 0 ok, 1 bad input, 2 usage.\n";
}

} // namespace

int runCli(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err)
{
    if (argv.size() < 2) {
        printUsage(err);
        return 2;
    }
    const std::string& name = argv[1];
    if (name == "--version") {
        out << "mllab-cli " << mllabVersion() << " (libtorch " << torchVersion() << ", Eigen "
            << eigenVersion() << ")\n";
        return 0;
    }
    if (name == "--help" || name == "-h") {
        printUsage(out);
        return 0;
    }
    for (const auto& c : commands()) {
        if (c.name != name)
            continue;
        try {
            return c.run(argv, out);
        } catch (const UsageError& e) {
            err << "mllab-cli " << name << ": " << e.what() << "\nusage: mllab-cli " << c.usage << "\n";
            return 2;
        } catch (const InputError& e) {
            err << "mllab-cli " << name << ": " << e.what() << "\n";
            return 1;
        }
    }
    err << "mllab-cli: unknown command '" << name << "'\n";
    printUsage(err);
    return 2;
}

} // namespace mllab::cli
