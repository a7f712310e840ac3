// The CUDA paths against the CPU: for every CUDA device libtorch reports, the shipped GPT's
// next-token logits, its evaluation loss and greedy generation agree with the CPU's, a short
// training run on the device learns, and Monte Carlo pi lands within its error bars. On a machine
// without a CUDA device there is nothing to compare; MLLAB_REQUIRE_CUDA=1 (scripts/gpu-check.sh)
// turns that into a failure, so a GPU run cannot pass by not finding its GPU.
// MLLAB_GPU_TEST_ON_CPU=1 lets the CPU stand in for a device, to check the comparisons
// themselves on a machine without one (scripts/gpu-check.sh run --cpu-only does).
#include "engine/datapaths.h"
#include "engine/gpu/device.h"
#include "engine/lm/model.h"
#include "engine/lm/presets.h"
#include "engine/lm/trainer.h"
#include "engine/montecarlo.h"
#include "tests/support/enginetest.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> cudaDevices()
{
    const char* standIn = std::getenv("MLLAB_GPU_TEST_ON_CPU");
    if (standIn && std::string(standIn) == "1")
        return {"cpu"};
    std::vector<std::string> ids;
    for (const auto& d : mllab::listDevices())
        if (d.kind == "cuda")
            ids.push_back(d.id);
    return ids;
}

mllab::TokenId greedy(const std::vector<float>& logits)
{
    return mllab::TokenId(std::max_element(logits.begin(), logits.end()) - logits.begin());
}

const char* const kPrompt = "Explain how a learning rate schedule changes training: ";

} // namespace

ENGINE_TEST(aCudaDeviceIsPresentWhenRequired)
{
    const auto devices = cudaDevices();
    const char* required = std::getenv("MLLAB_REQUIRE_CUDA");
    if (required && std::string(required) == "1")
        QVERIFY2(!devices.empty(), "MLLAB_REQUIRE_CUDA=1 but libtorch reports no CUDA device");
    if (devices.empty())
        std::cout << "no CUDA device: the CPU/GPU comparisons below have nothing to compare\n";
    for (const auto& id : devices)
        QCOMPARE(mllab::findDevice(id).id, id);
}

ENGINE_TEST(shippedModelAgreesOnEveryDevice)
{
    if (cudaDevices().empty())
        return;
    const auto cpu = mllab::LanguageModel::load(mllab::shippedModelPath(), "cpu");
    const auto cpuNext = cpu->nextToken(kPrompt).logits;
    const auto cpuEval = cpu->evaluate(std::string(kPrompt) + "it lowers the step size over time.");
    const auto cpuText = cpu->generate(kPrompt, 12, greedy).ids;
    for (const auto& id : cudaDevices()) {
        const auto gpu = mllab::LanguageModel::load(mllab::shippedModelPath(), id);
        QCOMPARE(gpu->device(), id);
        const auto next = gpu->nextToken(kPrompt).logits;
        QCOMPARE(next.size(), cpuNext.size());
        float worst = 0;
        for (std::size_t i = 0; i < next.size(); ++i)
            worst = std::max(worst, std::abs(next[i] - cpuNext[i]));
        std::cout << id << ": largest logit difference from the CPU " << worst << "\n";
        QVERIFY2(worst < 2e-3f, "next-token logits differ from the CPU's"); // TF32 off: ~1e-5
        const auto eval =
            gpu->evaluate(std::string(kPrompt) + "it lowers the step size over time.");
        QVERIFY(std::abs(eval.loss - cpuEval.loss) < 1e-3 * cpuEval.loss);
        // Greedy decoding follows the argmax; a near-tie could flip a late token, not the first.
        const auto text = gpu->generate(kPrompt, 12, greedy).ids;
        QCOMPARE(text.size(), cpuText.size());
        QCOMPARE(text.front(), cpuText.front());
    }
}

ENGINE_TEST(trainingOnTheDeviceLearns)
{
    for (const auto& id : cudaDevices()) {
        mllab::TrainParams p;
        p.corpus = std::string(400, ' ');
        for (int i = 0; i < 200; ++i)
            p.corpus += "the loss falls when the learning rate is right. ";
        p.corpusName = "repeated sentence";
        p.config = mllab::trainPreset("tiny").config;
        p.steps = 60;
        p.evalEvery = 30;
        p.device = id;
        const auto r = mllab::trainLanguageModel(p);
        QCOMPARE(r.stepsDone, 60);
        QVERIFY(std::isfinite(r.finalValidationLoss));
        QVERIFY2(r.trainLoss.back().loss < 0.7 * r.trainLoss.front().loss, "no learning on GPU");
        std::cout << id << ": tiny GPT trains at " << r.tokensPerSecond << " tokens/s\n";
    }
}

ENGINE_TEST(monteCarloOnTheDeviceIsWithinItsErrorBars)
{
    for (const auto& id : cudaDevices()) {
        mllab::MonteCarloParams p;
        p.samples = 4'000'000;
        p.device = id;
        const auto r = mllab::computeMonteCarloPi(p);
        QVERIFY(std::abs(r.estimate - M_PI) < 5 * r.standardError);
    }
}

ENGINE_TEST_MAIN(tst_gpu)
