// mllab-cli devices, and the complete command set of mllab-cli-torch and the tests.
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/gpu/device.h"

#include <nlohmann/json.hpp>

#include <ostream>
#include <stdexcept>

namespace mllab::cli {
namespace {

int runDevices(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2, {});
    nlohmann::json devices = nlohmann::json::array();
    for (const auto& d : listDevices()) {
        nlohmann::json j{
            {"id", d.id}, {"name", d.name}, {"kind", d.kind}, {"memory_bytes", d.memoryBytes}};
        if (d.kind == "cpu")
            j["threads"] = d.threads;
        devices.push_back(j);
    }
    printJson(out, nlohmann::json{{"devices", devices}});
    return 0;
}

} // namespace

void addSystemRunners(Runners& out)
{
    out["devices"] = runDevices;
    out["lab"] = [](const std::vector<std::string>& argv, std::ostream& stream) {
        return runLabCommand(argv, stream, &labs::labRunner);
    };
    out["lesson"] = [](const std::vector<std::string>& argv, std::ostream& stream) {
        return runLessonCommand(argv, stream, &labs::labRunner);
    };
}

const std::vector<Command>& commands()
{
    static const std::vector<Command> all = [] {
        Runners runners;
        addSystemRunners(runners);
        addDemoRunners(runners);
        addLmRunners(runners);
        addLmLabRunners(runners);
        addRetrievalRunners(runners);
        addEmbeddingsRunners(runners);
        std::vector<Command> c = commandTable();
        std::size_t used = 0;
        for (Command& command : c) {
            if (!command.needsTorch)
                continue;
            const auto it = runners.find(command.name);
            if (it == runners.end())
                throw std::logic_error("no run function for the libtorch command '" + command.name +
                                       "'");
            command.run = it->second;
            ++used;
        }
        if (used != runners.size())
            throw std::logic_error("a libtorch run function has no entry in the command table");
        return c;
    }();
    return all;
}

int runCli(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err)
{
    return runCli(argv, out, err, commands());
}

} // namespace mllab::cli
