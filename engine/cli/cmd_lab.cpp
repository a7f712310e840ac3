// mllab-cli lab ID [--set key=value ...] [--describe]: a lab's pipeline from the shell, validated
// by the same declaration as the app's forms, links and state files.
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/labs/registry.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace mllab::cli {

namespace {

struct LabCall {
    const labs::LabSpec* spec = nullptr;
    labs::LabState state;
    bool describe = false;
};

std::string knownLabs()
{
    std::string ids;
    for (const labs::LabSpec* s : labs::allLabSpecs())
        ids += (ids.empty() ? "" : ", ") + s->id;
    return ids;
}

/// argv: mllab-cli lab ID [--describe] [--set k=v | --set=k=v]...
LabCall parseLabCall(const std::vector<std::string>& argv)
{
    if (argv.size() < 3 || argv[2].rfind("--", 0) == 0)
        throw UsageError("name a lab: one of " + knownLabs());
    LabCall call;
    call.spec = labs::findLabSpec(argv[2]);
    if (!call.spec)
        throw UsageError("unknown lab '" + argv[2] + "' (known: " + knownLabs() + ")");
    call.state = labs::defaultState(*call.spec);
    for (std::size_t i = 3; i < argv.size(); ++i) {
        std::string setting;
        if (argv[i] == "--describe") {
            call.describe = true;
            continue;
        } else if (argv[i] == "--set") {
            if (++i >= argv.size())
                throw UsageError("option --set needs KEY=VALUE");
            setting = argv[i];
        } else if (argv[i].rfind("--set=", 0) == 0) {
            setting = argv[i].substr(6);
        } else {
            throw UsageError("unknown option " + argv[i]);
        }
        const auto eq = setting.find('=');
        if (eq == std::string::npos)
            throw UsageError("--set needs KEY=VALUE, got '" + setting + "'");
        if (auto bad = labs::setFromText(*call.spec, call.state, setting.substr(0, eq),
                                         setting.substr(eq + 1)))
            throw UsageError(labs::problemText(*bad));
    }
    return call;
}

int printLab(const LabCall& call, labs::LabRunner runner, std::ostream& out)
{
    if (call.describe) {
        out << labs::describeJson(*call.spec).dump() << "\n";
        return 0;
    }
    const nlohmann::json result = runner(call.state, {});
    out << nlohmann::json{{"lab", call.spec->id},
                          {"params", labs::stateJson(*call.spec, call.state)["params"]},
                          {"result", result}}
               .dump()
        << "\n";
    return 0;
}

} // namespace

int runLabCommand(const std::vector<std::string>& argv, std::ostream& out,
                  labs::LabRunner (*runnerFor)(std::string_view))
{
    const LabCall call = parseLabCall(argv);
    const labs::LabRunner runner = runnerFor(call.spec->id);
    if (!call.describe && !runner)
        return kRunInTorchHelper;
    return printLab(call, runner, out);
}

int runLabWithoutTorch(const std::vector<std::string>& argv, std::ostream& out)
{
    return runLabCommand(argv, out, &labs::torchFreeLabRunner);
}

CommandHelp labHelp()
{
    return {"Runs a lab's pipeline for a lab state and prints the numbers the lab shows: "
            "{\"lab\", \"params\", \"result\"}. The parameters, their ranges and defaults are the "
            "app's (see --describe); a bad value is refused with the app's message. Labs: " +
                knownLabs() + ".",
            {{"",
              {{"--set KEY=VALUE", "set one parameter; repeatable"},
               {"--describe", "print the lab's parameter declaration instead"}}}}};
}

} // namespace mllab::cli
