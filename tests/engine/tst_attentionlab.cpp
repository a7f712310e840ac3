// The attention lab's pipeline (engine/labs/attention.h): the map shown and its numbers are the
// attention maps' own, a selection beyond the model shows its last layer and head, the JSON
// holds what the lab shows, and `mllab-cli lab attention` runs a checkpoint.
#include "engine/labs/attention.h"
#include "tests/support/cli.h"
#include "tests/support/enginetest.h"
#include "tests/support/lmtestmodel.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

using namespace mllab::labs;

namespace {

std::shared_ptr<const mllab::LanguageModel> testModel()
{
    static const std::string path = lmtest::writeTestModel("tst_attentionlab.safetensors");
    static const auto model = mllab::LanguageModel::load(path);
    return model;
}

AttentionLabParams params(int layer, int head, bool scaled)
{
    AttentionLabParams p = attentionLabParams(defaultState(attentionLabSpec()));
    p.model = testModel();
    p.layer = layer;
    p.head = head;
    p.scaled = scaled;
    return p;
}

} // namespace

ENGINE_TEST(theShownMapIsTheSelectedOne)
{
    const AttentionLabResult r = computeAttentionLab(params(2, 3, true));
    QCOMPARE(r.maps.layers, lmtest::kLayers);
    QCOMPARE(r.maps.heads, lmtest::kHeads);
    QCOMPARE(r.shown.layer, 2);
    QCOMPARE(r.shown.head, 3);
    QVERIFY(selectedMap(r.maps, r.shown) == r.maps.scaled.heads[1][2]);
    QCOMPARE(r.shown.entropyScaled, r.maps.scaled.headEntropy[1][2]);
    QCOMPARE(r.shown.entropyUnscaled, r.maps.unscaled.headEntropy[1][2]);
    const mllab::AttentionFocus focus = mllab::attentionFocus(r.maps.scaled.heads[1][2]);
    QCOMPARE(r.shown.focus.previousToken, focus.previousToken);

    const AttentionSelection mean = selectAttention(r.maps, 1, 0, false);
    QVERIFY(selectedMap(r.maps, mean) == r.maps.unscaled.meanOverHeads[0]);
    QCOMPARE(mean.entropyScaled, r.maps.scaled.meanMapEntropy[0]);
    QCOMPARE(mean.focus.self, mllab::attentionFocus(r.maps.unscaled.meanOverHeads[0]).self);
}

ENGINE_TEST(aSelectionBeyondTheModelShowsItsLast)
{
    const AttentionLabResult r = computeAttentionLab(params(9, 7, false));
    QCOMPARE(r.shown.layer, lmtest::kLayers);
    QCOMPARE(r.shown.head, lmtest::kHeads);
    QVERIFY(selectedMap(r.maps, r.shown) == r.maps.unscaled.heads[2][2]);
}

ENGINE_TEST(theJsonHoldsWhatTheLabShows)
{
    const nlohmann::json j = attentionLabJson(computeAttentionLab(params(1, 0, true)));
    QCOMPARE(j["layers"].get<int>(), lmtest::kLayers);
    QCOMPARE(j["head_size"].get<int>(), 16);
    QCOMPARE(j["scaled"]["per_head"].size(), std::size_t(lmtest::kLayers));
    QCOMPARE(j["shown"]["head"].get<std::string>(), std::string("mean"));
    const auto& weights = j["shown"]["weights"];
    QCOMPARE(weights.size(), j["tokens"].size());
    for (std::size_t q = 0; q < weights.size(); ++q) {
        QCOMPARE(weights[q].size(), q + 1); // the causal part of each row
        double sum = 0;
        for (const auto& w : weights[q])
            sum += w.get<double>();
        QVERIFY(std::abs(sum - 1.0) < 1e-5);
    }
}

ENGINE_TEST(theCliRunsACheckpoint)
{
    testModel();
    const auto r =
        enginetest::cli({"lab", "attention", "--set", "model=tst_attentionlab.safetensors", "--set",
                         "layer=2", "--set", "head=mean", "--set", "scaled=false"});
    QCOMPARE(r.code, 0);
    const auto shown = nlohmann::json::parse(r.out)["result"]["shown"];
    QCOMPARE(shown["layer"].get<int>(), 2);
    QCOMPARE(shown["head"].get<std::string>(), std::string("mean"));
    QCOMPARE(shown["scaled"].get<bool>(), false);

    const auto empty = enginetest::cli(
        {"lab", "attention", "--set", "model=tst_attentionlab.safetensors", "--set", "prompt="});
    QCOMPARE(empty.code, 1);
    QVERIFY2(empty.err.find("the prompt is empty") != std::string::npos, empty.err);
    std::remove("tst_attentionlab.safetensors");
}

ENGINE_TEST_MAIN(tst_attentionlab)
