// mllab-cli optimize: one optimizer's trajectory on a 2-D surface, torch.optim's semantics in
// float64 (the contract in DESIGN.md).
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/optimize.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace mllab::cli {
namespace {

OptimizerSettings settingsFrom(const Args& args)
{
    OptimizerSettings s;
    s.kind = optimizerFromName(args.text("optimizer", "sgd"));
    s.lr = args.number("lr", 0);
    s.momentum = args.number("momentum", 0);
    s.dampening = args.number("dampening", 0);
    s.nesterov = args.flag("nesterov");
    s.alpha = args.number("alpha", 0.99);
    s.beta1 = args.number("beta1", 0.9);
    s.beta2 = args.number("beta2", 0.999);
    s.eps = args.number("eps", 1e-8);
    s.weightDecay = args.number("weight-decay", -1);
    s.biasCorrection = !args.flag("no-bias-correction");
    s.noise = args.number("noise", 0);
    const long long seed = args.integer("seed", 0);
    if (seed < 0)
        throw UsageError("option --seed needs a whole number >= 0");
    s.seed = static_cast<unsigned long long>(seed);
    return s;
}

int runOptimize(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2,
              {"surface", "optimizer", "lr", "steps", "start", "condition", "momentum", "dampening",
               "alpha", "beta1", "beta2", "eps", "weight-decay", "noise", "seed"},
              {"nesterov", "no-bias-correction"});
    const Surface surface = surfaceFromName(args.text("surface", "quadratic"));
    args.required("lr");
    const OptimizerSettings settings = settingsFrom(args);
    const long long steps = args.integer("steps", 100);
    if (steps < 0 || steps > 1'000'000)
        throw UsageError("option --steps must be from 0 to 1000000");
    const auto start = args.numbers("start");
    if (start.size() != 2)
        throw UsageError("option --start needs two numbers, e.g. -1.5,1");
    const double condition = args.number("condition", 10);
    if (!(condition >= 1))
        throw InputError("--condition must be 1 or more");
    const Trajectory t = optimize(surface, condition, settings, {start[0], start[1]}, int(steps));
    nlohmann::json points = nlohmann::json::array();
    for (const Point2& p : t.points)
        points.push_back({p[0], p[1]});
    nlohmann::json answer{{"points", points}, {"loss", t.loss}};
    if (t.diverged)
        answer["diverged_at_step"] = t.points.size();
    printJson(out, answer);
    return 0;
}

} // namespace

void addOptimizeCommands(std::vector<Command>& out)
{
    out.push_back({"optimize",
                   "optimize --surface quadratic|rosenbrock|saddle|bumpy --optimizer "
                   "sgd|rmsprop|adam|adamw --lr F --steps N --start X,Y [--condition 10] "
                   "[--momentum 0] [--nesterov] [--dampening 0] [--alpha 0.99] [--beta1 0.9] "
                   "[--beta2 0.999] [--eps 1e-8] [--weight-decay W] [--no-bias-correction] "
                   "[--noise 0] [--seed 0]",
                   runOptimize});
    out.back().help = {
        "One optimizer's trajectory on a 2-D surface in float64, with torch.optim's update "
        "rules and defaults: {\"points\": [[x, y] x N+1], \"loss\": [N+1]}. Surfaces: quadratic "
        "(x^2 + K y^2)/2, rosenbrock (1-x)^2 + 100(y-x^2)^2, saddle (x^2 - y^2)/2, bumpy "
        "(x^2 + y^2)/10 + sin(3x) sin(3y)/2. A trajectory that diverges stops there and says "
        "\"diverged_at_step\".",
        {{"",
          {{"--surface S", "quadratic, rosenbrock, saddle or bumpy [quadratic]"},
           {"--optimizer O", "sgd, rmsprop, adam or adamw [sgd]"},
           {"--lr F", "learning rate (required)"},
           {"--steps N", "updates [100]"},
           {"--start X,Y", "the first point (required)"},
           {"--condition K", "the quadratic's condition number [10]"},
           {"--momentum M", "SGD and RMSprop momentum [0]"},
           {"--nesterov", "Nesterov momentum (SGD)"},
           {"--dampening D", "SGD dampening [0]"},
           {"--alpha A", "RMSprop smoothing constant [0.99]"},
           {"--beta1 B", "Adam's first-moment decay [0.9]"},
           {"--beta2 B", "Adam's second-moment decay [0.999]"},
           {"--eps E", "RMSprop and Adam epsilon [1e-8]"},
           {"--weight-decay W", "L2 (SGD, RMSprop, Adam) or decoupled (AdamW) [0; AdamW 0.01]"},
           {"--no-bias-correction",
            "Adam and AdamW without bias correction (torch always corrects)"},
           {"--noise S", "σ of seeded N(0, σ^2) noise added to each gradient component [0]"},
           {"--seed N", "seed of that noise [0]"}}}}};
}

} // namespace mllab::cli
