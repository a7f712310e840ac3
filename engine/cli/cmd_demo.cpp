#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/limits.h"
#include "engine/montecarlo.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace mllab::cli {
namespace {

int runMonteCarlo(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2, {"samples", "seed", "checkpoints", "device"});
    MonteCarloParams p;
    p.samples = args.count("samples", p.samples, 1, limits::kMaxMonteCarloSamples);
    p.seed = static_cast<std::uint64_t>(args.integer("seed", 0));
    p.checkpoints = int(args.count("checkpoints", p.checkpoints, 1, limits::kMaxCheckpoints));
    p.device = args.text("device", p.device);
    const MonteCarloResult r = computeMonteCarloPi(p);
    printJson(out, nlohmann::json{{"estimate", r.estimate},
                                  {"standard_error", r.standardError},
                                  {"samples", r.samplesSoFar},
                                  {"estimates", r.estimates},
                                  {"standard_errors", r.standardErrors}});
    return 0;
}

} // namespace

void addDemoRunners(Runners& out)
{
    out["monte-carlo"] = runMonteCarlo;
}

} // namespace mllab::cli
