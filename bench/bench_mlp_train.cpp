// Training speed of the labs' MLPs, in optimiser steps per second: the train-eval lab's
// network (Linear-norm-ReLU-dropout twice, then Linear; Adam; minibatches of 32 from 80 points)
// for each normalisation, timed through the lab's own pipeline (training plus reading the curves
// and 50 Monte-Carlo passes, so the count is conservative). One line of JSON per case;
// bench/mlp_vs_torch.py runs the same training loop in PyTorch-Python and prints the ratios.
//
//     build/bench/bench_mlp_train [threads]
#include "engine/labs/train_eval.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

namespace {

double secondsOf(const mllab::labs::TrainEvalLabParams& p)
{
    double best = 1e30;
    for (int run = 0; run < 3; ++run) {
        const auto start = std::chrono::steady_clock::now();
        mllab::labs::computeTrainEvalLab(p);
        best = std::min(
            best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc > 1)
        at::set_num_threads(std::atoi(argv[1]));
    constexpr int kPoints = 80; // engine/labs/train_eval.cpp's training set
    for (const std::string norm : {"none", "batchnorm", "layernorm"}) {
        mllab::labs::TrainEvalLabParams p;
        p.norm = norm;
        const int stepsPerEpoch = (kPoints + p.batch - 1) / p.batch;
        const int steps = p.epochs * stepsPerEpoch;
        const double s = secondsOf(p);
        std::cout << "{\"norm\":\"" << norm << "\",\"threads\":" << at::get_num_threads()
                  << ",\"batch\":" << p.batch << ",\"width\":" << p.width << ",\"steps\":" << steps
                  << ",\"seconds\":" << s << ",\"steps_per_second\":" << steps / s << "}\n";
    }
}
