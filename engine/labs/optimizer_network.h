#pragma once
// The optimizers lab's real network: an MLP (features -> 16 -> 16 -> classes, ReLU) on the
// shipped wine data (standardised), trained full-batch from one initialisation with each racer's
// torch::optim optimizer and the race's settings (torch always bias-corrects Adam; the race's
// gradient noise does not apply: the full batch is the gradient). Per racer: the training loss
// and accuracy per epoch, and the trajectory through weight space on the plane of its first two
// PCA directions with the loss evaluated on that plane, the method of Li et al. 2018
// ("Visualizing the Loss Landscape of Neural Nets", section 7): PCA (centred, as scikit-learn's)
// of the rows θ_t − θ_final, the path projected onto the two directions, the plane centred on
// θ_final.

#include "engine/labs/optimizers.h"
#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace mllab::labs {

struct NetworkRacer {
    std::string id;
    std::vector<double> loss;     ///< full-batch cross-entropy (nats) at epochs 0..n, before steps
    std::vector<double> accuracy; ///< training accuracy at the same points
    bool diverged = false;        ///< the loss became non-finite; the curves stop there
    double explained[2] = {0, 0}; ///< share of the path's variance along the two directions
    std::vector<double> pathA, pathB; ///< θ_t − θ_final projected onto the directions
    std::vector<double> grid;         ///< coordinates of the plane's grid, both axes (odd count)
    std::vector<double> gridLoss;     ///< loss at (grid[i], grid[j]), row j = b, column i = a
};

struct NetworkRaceResult {
    std::string dataset; ///< "wine"
    int rows = 0;        ///< training rows
    int parameters = 0;  ///< weights and biases of the MLP
    int epochs = 0;
    double chanceLoss = 0;            ///< ln(classes): the loss of a uniform prediction
    std::vector<NetworkRacer> racers; ///< in the order of params.racers
};

/// Trains the MLP with every racer; InputError for an unknown racer or bad settings.
NetworkRaceResult computeNetworkRace(const OptimizersLabParams& params,
                                     const Progress& progress = {});
nlohmann::json networkRaceJson(const NetworkRaceResult& result);

} // namespace mllab::labs
