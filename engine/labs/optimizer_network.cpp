// The optimizers lab's network race: torch::nn::Linear layers, torch::optim optimizers, float32.
#include "engine/labs/optimizer_network.h"

#include "engine/datasets.h"
#include "engine/runtime.h"

#include <Eigen/Dense>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace mllab::labs {

namespace {

constexpr int kHidden = 16;
constexpr int kGrid = 25;        ///< grid nodes per axis (odd: the centre node is θ_final)
constexpr double kMargin = 1.25; ///< the plane spans the path's extent times this

struct MlpImpl : torch::nn::Module {
    MlpImpl(int in, int classes)
    {
        fc1 = register_module("fc1", torch::nn::Linear(in, kHidden));
        fc2 = register_module("fc2", torch::nn::Linear(kHidden, kHidden));
        out = register_module("out", torch::nn::Linear(kHidden, classes));
    }
    torch::Tensor forward(const torch::Tensor& x)
    {
        return out(torch::relu(fc2(torch::relu(fc1(x)))));
    }
    torch::nn::Linear fc1{nullptr}, fc2{nullptr}, out{nullptr};
};
TORCH_MODULE(Mlp);

/// torch.nn.Linear's default initialisation, U(±1/√fan_in) for weights and biases, drawn from
/// the lab's own generator (libtorch's global one is shared with other jobs).
void initialise(Mlp& net, at::Generator& random)
{
    torch::NoGradGuard noGrad;
    for (torch::nn::Linear* layer : {&net->fc1, &net->fc2, &net->out}) {
        const double bound = 1.0 / std::sqrt(double((*layer)->options.in_features()));
        for (torch::Tensor* t : {&(*layer)->weight, &(*layer)->bias})
            t->copy_(torch::rand(t->sizes(), random) * (2 * bound) - bound);
    }
}

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const std::string& id,
                                                       const OptimizersLabParams& p,
                                                       std::vector<torch::Tensor> params)
{
    const OptimizerSettings s = racerSettings(id, p);
    validateOptimizer(s);
    const double decay = effectiveWeightDecay(s);
    switch (s.kind) {
    case OptimizerKind::Sgd:
        return std::make_unique<torch::optim::SGD>(params, torch::optim::SGDOptions(s.lr)
                                                               .momentum(s.momentum)
                                                               .nesterov(s.nesterov)
                                                               .weight_decay(decay));
    case OptimizerKind::RmsProp:
        return std::make_unique<torch::optim::RMSprop>(
            params,
            torch::optim::RMSpropOptions(s.lr).alpha(s.alpha).eps(s.eps).weight_decay(decay));
    case OptimizerKind::Adam:
        return std::make_unique<torch::optim::Adam>(params, torch::optim::AdamOptions(s.lr)
                                                                .betas({s.beta1, s.beta2})
                                                                .eps(s.eps)
                                                                .weight_decay(decay));
    case OptimizerKind::AdamW:
        return std::make_unique<torch::optim::AdamW>(params, torch::optim::AdamWOptions(s.lr)
                                                                 .betas({s.beta1, s.beta2})
                                                                 .eps(s.eps)
                                                                 .weight_decay(decay));
    }
    throw InputError("unknown optimizer '" + id + "'");
}

struct Data {
    torch::Tensor x, y;
    int classes = 0;
};

/// The wine data, every feature standardised (mean 0, population std 1, as StandardScaler).
Data wineData()
{
    const Dataset d = loadBuiltInDataset("wine");
    const auto rows = std::int64_t(d.rows), cols = std::int64_t(d.featureCount());
    auto x = torch::from_blob(const_cast<double*>(d.features.data()), {rows, cols}, torch::kFloat64)
                 .to(torch::kFloat32);
    x = (x - x.mean(0)) / x.std(0, /*unbiased=*/false).clamp_min(1e-12);
    std::vector<std::int64_t> labels(d.labels.begin(), d.labels.end());
    auto y = torch::tensor(labels, torch::kLong);
    return {x, y, int(d.classCount())};
}

std::pair<double, double> lossAndAccuracy(Mlp& net, const Data& data)
{
    torch::NoGradGuard noGrad;
    // Read in float64: a float32 cross-entropy rounds to exactly 0 once the margins pass ~17,
    // which a log axis cannot show.
    const auto logits = net->forward(data.x).to(torch::kFloat64);
    const double loss = torch::nn::functional::cross_entropy(logits, data.y).item<double>();
    const double accuracy = logits.argmax(1).eq(data.y).to(torch::kFloat64).mean().item<double>();
    return {loss, accuracy};
}

Eigen::VectorXd flat(Mlp& net)
{
    const auto v = torch::nn::utils::parameters_to_vector(net->parameters()).to(torch::kFloat64);
    return Eigen::Map<const Eigen::VectorXd>(v.data_ptr<double>(), v.numel());
}

void load(Mlp& net, const Eigen::VectorXd& theta)
{
    torch::NoGradGuard noGrad;
    const auto t =
        torch::from_blob(const_cast<double*>(theta.data()), {theta.size()}, torch::kFloat64)
            .to(torch::kFloat32);
    torch::nn::utils::vector_to_parameters(t, net->parameters());
}

/// The first two principal directions of the rows θ_t − θ_final (centred), through the Gram
/// matrix of the smaller side, and the share of variance each explains.
void principalPlane(const Eigen::MatrixXd& m, Eigen::VectorXd dirs[2], double explained[2])
{
    const Eigen::MatrixXd c = m.rowwise() - m.colwise().mean();
    const bool fewRows = c.rows() <= c.cols();
    const Eigen::MatrixXd gram =
        fewRows ? Eigen::MatrixXd(c * c.transpose()) : Eigen::MatrixXd(c.transpose() * c);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(gram);
    const Eigen::VectorXd values = eig.eigenvalues().cwiseMax(0.0);
    const double total = values.sum();
    for (int k = 0; k < 2; ++k) {
        const Eigen::Index col = values.size() - 1 - k; // ascending order
        Eigen::VectorXd dir = fewRows ? Eigen::VectorXd(c.transpose() * eig.eigenvectors().col(col))
                                      : Eigen::VectorXd(eig.eigenvectors().col(col));
        const double norm = dir.norm();
        dirs[k] = norm > 0 ? Eigen::VectorXd(dir / norm) : Eigen::VectorXd::Zero(c.cols());
        explained[k] = total > 0 ? values[col] / total : 0;
    }
    // scikit-learn's svd_flip-like convention: the largest |component| of each direction positive.
    for (int k = 0; k < 2; ++k) {
        Eigen::Index at = 0;
        dirs[k].cwiseAbs().maxCoeff(&at);
        if (dirs[k][at] < 0)
            dirs[k] = -dirs[k];
    }
}

void mapLandscape(Mlp& net, const Data& data, const std::vector<Eigen::VectorXd>& path,
                  NetworkRacer& racer, const Progress& progress)
{
    const Eigen::VectorXd& final = path.back();
    Eigen::MatrixXd m(Eigen::Index(path.size() - 1), final.size());
    for (std::size_t t = 0; t + 1 < path.size(); ++t)
        m.row(Eigen::Index(t)) = (path[t] - final).transpose();
    Eigen::VectorXd dirs[2];
    principalPlane(m, dirs, racer.explained);
    double extent = 0;
    for (const auto& theta : path) {
        racer.pathA.push_back(dirs[0].dot(theta - final));
        racer.pathB.push_back(dirs[1].dot(theta - final));
        extent = std::max({extent, std::abs(racer.pathA.back()), std::abs(racer.pathB.back())});
    }
    extent = extent > 0 ? extent * kMargin : 1.0;
    for (int i = 0; i < kGrid; ++i)
        racer.grid.push_back(extent * (2.0 * i / (kGrid - 1) - 1.0));
    racer.grid[kGrid / 2] = 0.0; // exactly θ_final
    for (int j = 0; j < kGrid; ++j) {
        progress.checkCancelled();
        for (int i = 0; i < kGrid; ++i) {
            load(net, final + racer.grid[std::size_t(i)] * dirs[0] +
                          racer.grid[std::size_t(j)] * dirs[1]);
            racer.gridLoss.push_back(lossAndAccuracy(net, data).first);
        }
    }
}

NetworkRacer race(const std::string& id, const OptimizersLabParams& p, const Data& data,
                  const Eigen::VectorXd& start, Mlp& net, const Progress& progress)
{
    NetworkRacer racer;
    racer.id = id;
    load(net, start);
    auto optimizer = makeOptimizer(id, p, net->parameters());
    std::vector<Eigen::VectorXd> path{start};
    for (int epoch = 0; epoch <= p.netEpochs; ++epoch) {
        progress.checkCancelled();
        const auto [loss, accuracy] = lossAndAccuracy(net, data);
        if (!std::isfinite(loss)) {
            racer.diverged = true;
            path.pop_back(); // the plane is drawn through the finite part of the path
            break;
        }
        racer.loss.push_back(loss);
        racer.accuracy.push_back(accuracy);
        if (epoch == p.netEpochs)
            break;
        optimizer->zero_grad();
        torch::nn::functional::cross_entropy(net->forward(data.x), data.y).backward();
        optimizer->step();
        path.push_back(flat(net));
    }
    if (path.size() >= 3) {
        load(net, path.back());
        mapLandscape(net, data, path, racer, progress);
    }
    return racer;
}

} // namespace

NetworkRaceResult computeNetworkRace(const OptimizersLabParams& p, const Progress& progress)
{
    if (p.racers.empty())
        throw InputError("choose at least one optimizer");
    const SingleComputeThread oneThread;
    const Data data = wineData();
    at::Generator random = at::make_generator<at::CPUGeneratorImpl>(p.seed);
    Mlp net(int(data.x.size(1)), data.classes);
    initialise(net, random);
    const Eigen::VectorXd start = flat(net);
    NetworkRaceResult r;
    r.dataset = "wine";
    r.rows = int(data.x.size(0));
    r.parameters = int(start.size());
    r.epochs = p.netEpochs;
    r.chanceLoss = std::log(double(data.classes));
    for (const std::string& id : p.racers) {
        if (std::find(racerIds().begin(), racerIds().end(), id) == racerIds().end())
            throw InputError("unknown optimizer '" + id +
                             "' (sgd, momentum, nesterov, rmsprop, adam, adamw)");
        r.racers.push_back(race(id, p, data, start, net, progress));
    }
    return r;
}

nlohmann::json networkRaceJson(const NetworkRaceResult& r)
{
    nlohmann::json racers = nlohmann::json::array();
    for (const NetworkRacer& racer : r.racers) {
        racers.push_back({{"optimizer", racer.id},
                          {"loss", racer.loss},
                          {"accuracy", racer.accuracy},
                          {"final_loss", racer.loss.empty() ? NAN : racer.loss.back()},
                          {"final_accuracy", racer.accuracy.empty() ? NAN : racer.accuracy.back()},
                          {"diverged", racer.diverged},
                          {"explained_variance", {racer.explained[0], racer.explained[1]}},
                          {"path", {{"a", racer.pathA}, {"b", racer.pathB}}},
                          {"plane", {{"grid", racer.grid}, {"loss", racer.gridLoss}}}});
    }
    return {{"dataset", r.dataset},        {"rows", r.rows},
            {"parameters", r.parameters},  {"epochs", r.epochs},
            {"chance_loss", r.chanceLoss}, {"racers", racers}};
}

} // namespace mllab::labs
