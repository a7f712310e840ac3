#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/regularization.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace mllab::cli {
namespace {

const std::set<std::string> kPathOptions = {"input",  "target", "features", "alphas",
                                            "n-alphas", "eps",  "validation", "seed"};

struct PathOptions {
    RegressionData data;
    std::vector<double> alphas;
    int nAlphas = 100;
    bool standardize = false;
    double validation = 0;
    std::uint64_t seed = 0;
};

PathOptions pathOptions(const Args& args)
{
    PathOptions o;
    o.data = regressionDataFromCsvFile(args.required("input"), args.required("target"),
                                       args.list("features"));
    o.alphas = args.numbers("alphas");
    if (args.has("alphas") && o.alphas.empty())
        throw UsageError("option --alphas needs comma-separated numbers");
    const long long n = args.integer("n-alphas", 100);
    if (n < 1 || n > 10000)
        throw UsageError("option --n-alphas must be from 1 to 10000");
    o.nAlphas = int(n);
    o.standardize = args.flag("standardize");
    o.validation = args.number("validation", 0);
    const long long seed = args.integer("seed", 0);
    if (seed < 0)
        throw UsageError("option --seed needs a whole number >= 0");
    o.seed = std::uint64_t(seed);
    return o;
}

nlohmann::json pathJson(const RegularizationPathResult& r)
{
    nlohmann::json j{{"alphas", r.alphas},          {"coefs", r.coefs},
                     {"intercepts", r.intercepts},  {"features", r.featureNames},
                     {"nonzero", r.nonzero},        {"train_mse", r.trainMse},
                     {"fit_rows", r.fitRows},       {"validation_rows", r.validationRows},
                     {"feature_means", r.featureMeans}, {"feature_scales", r.featureScales}};
    if (!r.validationMse.empty()) {
        j["validation_mse"] = r.validationMse;
        j["best_alpha"] = r.alphas[std::size_t(r.bestIndex)];
    }
    if (!r.sweeps.empty())
        j["sweeps"] = r.sweeps;
    return j;
}

int runLassoPath(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2, kPathOptions, {"standardize"});
    const PathOptions o = pathOptions(args);
    LassoPathParams p;
    p.data = o.data;
    p.alphas = o.alphas;
    p.nAlphas = o.nAlphas;
    p.eps = args.number("eps", p.eps);
    p.standardize = o.standardize;
    p.validationFraction = o.validation;
    p.seed = o.seed;
    printJson(out, pathJson(computeLassoPath(p)));
    return 0;
}

int runRidgePath(const std::vector<std::string>& argv, std::ostream& out)
{
    std::set<std::string> options = kPathOptions;
    options.erase("eps");
    Args args(argv, 2, options, {"standardize"});
    const PathOptions o = pathOptions(args);
    RidgePathParams p;
    p.data = o.data;
    p.alphas = o.alphas;
    p.nAlphas = o.nAlphas;
    p.standardize = o.standardize;
    p.validationFraction = o.validation;
    p.seed = o.seed;
    printJson(out, pathJson(computeRidgePath(p)));
    return 0;
}

nlohmann::json solutionJson(const ConstrainedSolution& s)
{
    return {{"w", s.weights},
            {"loss", s.loss},
            {"multiplier", s.multiplier},
            {"active", s.constraintActive},
            {"zero_weights", s.zeroWeights},
            {"kkt_residual", s.kktResidual}};
}

int runConstrainedOptimum(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2,
              {"budget", "centre", "correlation", "l1-ratio", "input", "features", "target",
               "levels"},
              {"contours"});
    ConstrainedOptimumParams p;
    p.budget = args.number("budget", p.budget);
    p.l1Ratio = args.number("l1-ratio", p.l1Ratio);
    p.correlation = args.number("correlation", p.correlation);
    const long long levels = args.integer("levels", p.contourLevels);
    if (levels < 0 || levels > 100)
        throw UsageError("option --levels must be from 0 to 100");
    p.contourLevels = int(levels);
    if (args.has("centre")) {
        const auto c = args.numbers("centre");
        if (c.size() != 2)
            throw UsageError("option --centre needs two numbers, e.g. 1.5,0.6");
        p.centre = {c[0], c[1]};
    }
    if (args.has("input")) {
        if (args.has("centre") || args.has("correlation"))
            throw UsageError("--input takes the loss from the data; drop --centre/--correlation");
        const auto features = args.list("features");
        if (features.size() != 2)
            throw UsageError("--input needs --features with exactly two columns, e.g. bmi,s5");
        p.data = regressionDataFromCsvFile(args.required("input"), args.required("target"),
                                           features);
    }
    const ConstrainedOptimumResult r = computeConstrainedOptimum(p);
    nlohmann::json j{{"budget", r.budget},
                     {"l1_ratio", r.l1Ratio},
                     {"centre", r.centre},
                     {"hessian", {{r.hessian[0], r.hessian[1]}, {r.hessian[2], r.hessian[3]}}},
                     {"l1", solutionJson(r.l1)},
                     {"l2", solutionJson(r.l2)},
                     {"elastic_net", solutionJson(r.elasticNet)},
                     {"contour_levels", r.contourLevels}};
    if (args.flag("contours")) {
        j["contours"] = r.contours;
        j["elastic_net_boundary"] = r.elasticNetBoundary;
    }
    printJson(out, j);
    return 0;
}

} // namespace

void addRegularizationCommands(std::vector<Command>& out)
{
    out.push_back({"lasso-path",
                   "lasso-path --input F --target y [--features a,b,...] [--alphas a,b,...] "
                   "[--n-alphas 100] [--eps 0.001] [--standardize] [--validation 0] [--seed 0]",
                   runLassoPath});
    out.back().help = {
        "Lasso coefficients along a path of penalties, objective 1/(2n)||y - Xw - b||^2 + "
        "alpha ||w||_1 as scikit-learn's Lasso, solved exactly to rounding.",
        {{"",
          {{"--input F", "CSV file with a header row (required)"},
           {"--target y", "the column to predict (required)"},
           {"--features a,b,...", "feature columns [every column but the target]"},
           {"--alphas a,b,...", "penalties to fit [a geometric grid of --n-alphas]"},
           {"--n-alphas N", "size of that grid [100]"},
           {"--eps E", "smallest alpha over the largest on the default grid [0.001]"},
           {"--standardize", "scale the features to unit standard deviation first"},
           {"--validation V", "fraction of rows held out for validation error [0]"},
           {"--seed S", "seed of the held-out split [0]"}}}}};
    out.push_back({"ridge-path",
                   "ridge-path --input F --target y [--features a,b,...] [--alphas a,b,...] "
                   "[--n-alphas 100] [--standardize] [--validation 0] [--seed 0]",
                   runRidgePath});
    out.back().help = {
        "Ridge coefficients along a path of penalties, objective ||y - Xw - b||^2 + "
        "alpha ||w||^2 as scikit-learn's Ridge, from one SVD.",
        {{"",
          {{"--input F", "CSV file with a header row (required)"},
           {"--target y", "the column to predict (required)"},
           {"--features a,b,...", "feature columns [every column but the target]"},
           {"--alphas a,b,...", "penalties to fit [a geometric grid of --n-alphas]"},
           {"--n-alphas N", "size of that grid [100]"},
           {"--standardize", "scale the features to unit standard deviation first"},
           {"--validation V", "fraction of rows held out for validation error [0]"},
           {"--seed S", "seed of the held-out split [0]"}}}}};
    out.push_back({"constrained-optimum",
                   "constrained-optimum [--budget 1] [--centre 1.5,0.6] [--correlation 0.5] "
                   "[--l1-ratio 0.5] [--input F --features a,b --target y] [--levels 6] "
                   "[--contours]",
                   runConstrainedOptimum});
    out.back().help = {
        "Why L1 gives zeros: the minimiser of a two-weight quadratic loss inside the L1 diamond, "
        "the L2 disc and the elastic-net region of the same budget, with KKT certificates.",
        {{"",
          {{"--budget T", "size of the regions, ||w|| <= T [1]"},
           {"--centre x,y", "the unconstrained optimum w-hat [1.5,0.6]"},
           {"--correlation R", "correlation of the two features, in (-1, 1) [0.5]"},
           {"--l1-ratio R", "L1 share of the elastic-net region, in [0, 1] [0.5]"},
           {"--input F", "take the loss from this CSV instead of --centre and --correlation"},
           {"--features a,b", "its two feature columns"},
           {"--target y", "its target column"},
           {"--levels N", "loss contours to return, 0 to 100 [6]"},
           {"--contours", "include the contour ellipses and region outlines"}}}}};
}

} // namespace mllab::cli
