// The tokenizer lab's pipeline (engine/labs/tokenizer.h): the toy text's merges and a model's
// tokenizer read without libtorch agree with the libtorch model's, each half fails apart with
// its own message, the step shown is clamped to the merges learned, and `mllab-cli lab
// tokenizer` prints both halves.
#include "engine/labs/tokenizer.h"
#include "engine/lm/model.h"
#include "tests/support/cli.h"
#include "tests/support/enginetest.h"
#include "tests/support/lmtestmodel.h"

#include <nlohmann/json.hpp>

#include <cstdio>

using namespace mllab::labs;

namespace {

/// The small model as a checkpoint in the working folder, removed at the end of the test.
class ModelFile {
public:
    explicit ModelFile(std::string path) : m_path(lmtest::writeTestModel(path)) {}
    ~ModelFile() { std::remove(m_path.c_str()); }
    ModelFile(const ModelFile&) = delete;
    ModelFile& operator=(const ModelFile&) = delete;
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

std::string loadError(const std::string& path)
{
    try {
        mllab::LanguageModel::load(path);
    } catch (const mllab::InputError& e) {
        return e.what();
    }
    return {};
}

} // namespace

ENGINE_TEST(bothHalvesMatchTheirEngines)
{
    const ModelFile model("tst_tokenizerlab_halves.safetensors");
    TokenizerLabParams p = tokenizerLabParams(defaultState(tokenizerLabSpec()));
    p.modelPath = model.path();
    const TokenizerLabResult r = computeTokenizerLab(p);
    QVERIFY(r.hasBpe && r.hasModel);
    QCOMPARE(r.bpeError, std::string());
    QCOMPARE(r.modelError, std::string());
    QCOMPARE(r.bpe.steps.size(), std::size_t(12)); // the toy text's merges, then no pair is left
    QCOMPARE(r.shownStep, 12);
    const auto loaded = mllab::LanguageModel::load(model.path());
    QVERIFY(r.model.ids == loaded->tokenizer().encode(p.modelText));
    QCOMPARE(r.model.vocabularySize, loaded->tokenizer().vocabSize());
    QCOMPARE(checkpointTokenizer(model.path())->serializeMerges(),
             loaded->tokenizer().serializeMerges());
    QVERIFY(checkpointTokenizer(model.path()) == checkpointTokenizer(model.path())); // kept
}

ENGINE_TEST(eachHalfFailsApart)
{
    TokenizerLabParams p = tokenizerLabParams(defaultState(tokenizerLabSpec()));
    p.bpe.text.clear();
    p.modelPath = "no-such-model.safetensors";
    const TokenizerLabResult r = computeTokenizerLab(p);
    QVERIFY(r.bpeError.find("training text is empty") != std::string::npos);
    QCOMPARE(r.modelError, loadError(p.modelPath)); // the libtorch loader's words
    QCOMPARE(tokenizerLabError(r), "BPE: " + r.bpeError + "; model's tokenizer: " + r.modelError);

    p.computeModel = false;
    const TokenizerLabResult bpeOnly = computeTokenizerLab(p);
    QVERIFY(bpeOnly.hasBpe && !bpeOnly.hasModel);
    QCOMPARE(tokenizerLabError(bpeOnly), "BPE: " + bpeOnly.bpeError);
    QVERIFY(!tokenizerLabJson(bpeOnly).contains("model"));
}

ENGINE_TEST(theStepShownIsClampedToTheMergesLearned)
{
    TokenizerLabParams p = tokenizerLabParams(defaultState(tokenizerLabSpec()));
    p.computeModel = false;
    p.step = 3;
    const TokenizerLabResult r = computeTokenizerLab(p);
    QCOMPARE(shownBpeStep(r.bpe, -1), 12);
    QCOMPARE(shownBpeStep(r.bpe, 0), 0);
    QCOMPARE(shownBpeStep(r.bpe, 500), 12);
    const nlohmann::json j = tokenizerLabJson(r);
    QCOMPARE(j["bpe"]["shown_step"].get<int>(), 3);
    QCOMPARE(j["bpe"]["shown_pieces"].size(), std::size_t(15)); // "the|␣|c|at|..."
    QCOMPARE(j["bpe"]["steps"][0]["tokens"].get<int>(), 19);
    QCOMPARE(j["bpe"]["traced_bytes"].get<int>(), 22);
}

ENGINE_TEST(theCliPrintsBothHalves)
{
    const ModelFile model("tst_tokenizerlab_cli.safetensors");
    const auto r = enginetest::cli({"lab", "tokenizer", "--set", "model=" + model.path(), "--set",
                                    "step=last", "--set", "model_text=the cat"});
    QCOMPARE(r.code, 0);
    const auto j = nlohmann::json::parse(r.out)["result"];
    QCOMPARE(j["bpe"]["shown_step"].get<int>(), 12);
    QCOMPARE(j["model"]["bytes"].get<int>(), 7);
    QCOMPARE(j["model"]["pieces"].size(), j["model"]["ids"].size());

    const auto bad = enginetest::cli({"lab", "tokenizer", "--set", "text="});
    QCOMPARE(bad.code, 1);
    QVERIFY2(bad.err.find("BPE: the training text is empty") != std::string::npos, bad.err);
}

ENGINE_TEST_MAIN(tst_tokenizerlab)
