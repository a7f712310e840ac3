#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/montecarlo.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace mllab::cli {
namespace {

int runMonteCarlo(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2, {"samples", "seed", "checkpoints", "device"});
    MonteCarloParams p;
    p.samples = args.integer("samples", p.samples);
    p.seed = static_cast<std::uint64_t>(args.integer("seed", 0));
    p.checkpoints = static_cast<int>(args.integer("checkpoints", p.checkpoints));
    p.device = args.text("device", p.device);
    const MonteCarloResult r = computeMonteCarloPi(p);
    out << nlohmann::json{{"estimate", r.estimate},
                          {"standard_error", r.standardError},
                          {"samples", r.samplesSoFar},
                          {"estimates", r.estimates},
                          {"standard_errors", r.standardErrors}}
               .dump()
        << "\n";
    return 0;
}

} // namespace

void addDemoRunners(Runners& out)
{
    out["monte-carlo"] = runMonteCarlo;
}

} // namespace mllab::cli
