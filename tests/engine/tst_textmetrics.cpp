// engine/text_metrics and `mllab-cli text-metrics`: BLEU, its precisions and brevity penalty
// equal NLTK's sentence_bleu on ten cases (tests/engine/data/text_metrics_reference.json, made by
// bench/text_metrics_reference.py with Debian's python3-nltk), underflowing like it when a
// precision is zero; ROUGE-1, ROUGE-2 and ROUGE-L by hand, the best reference chosen by F1; the
// CLI's contract, repeated --reference and bad input.
#include "engine/text_metrics.h"
#include "tests/support/cli.h"
#include "tests/support/enginetest.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

using mllab::InputError;

namespace {

bool near(double a, double b, double rel = 1e-12)
{
    return std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b)) || a == b;
}

} // namespace

ENGINE_TEST(bleuEqualsNltk)
{
    std::ifstream file(std::string(MLLAB_SOURCE_DIR) + "/tests/engine/data/text_metrics_reference.json");
    QVERIFY(file.good());
    const auto reference = nlohmann::json::parse(file);
    QCOMPARE(reference["cases"].size(), std::size_t(10));
    for (const auto& c : reference["cases"]) {
        const auto m = mllab::computeTextMetrics(c["candidate"].get<std::string>(),
                                                 c["references"].get<std::vector<std::string>>());
        QVERIFY2(near(m.bleu, c["bleu"].get<double>()), c["candidate"].get<std::string>().c_str());
        QVERIFY(near(m.brevityPenalty, c["brevity_penalty"].get<double>()));
        for (std::size_t n = 0; n < 4; ++n)
            QVERIFY(near(m.precisions[n], c["precisions"][n].get<double>()));
    }
}

ENGINE_TEST(rougeByHand)
{
    // Six tokens each; unigram matches the x2, cat, on, mat = 5; bigrams "the cat", "on the",
    // "the mat" = 3 of 5; the longest common subsequence "the cat on the mat" = 5.
    const auto m = mllab::computeTextMetrics("the cat sat on the mat", {"the cat is on the mat"});
    QVERIFY(near(m.rouge1.precision, 5.0 / 6) && near(m.rouge1.recall, 5.0 / 6));
    QVERIFY(near(m.rouge1.f1, 5.0 / 6));
    QVERIFY(near(m.rouge2.precision, 0.6) && near(m.rouge2.recall, 0.6) && near(m.rouge2.f1, 0.6));
    QVERIFY(near(m.rougeL.precision, 5.0 / 6) && near(m.rougeL.recall, 5.0 / 6));
    // Order matters to L, not to 1: reversed, every word matches but the LCS is one token.
    const auto reversed = mllab::computeTextMetrics("d c b a", {"a b c d"});
    QCOMPARE(reversed.rouge1.f1, 1.0);
    QCOMPARE(reversed.rouge2.f1, 0.0);
    QCOMPARE(reversed.rougeL.f1, 0.25);
    // Several references: each score from the one with the best F1. Against "one two three four"
    // P = 1, R = 0.75 (F1 0.857); against "one two" P = 2/3, R = 1 (F1 0.8).
    const auto best = mllab::computeTextMetrics("one two three", {"one two", "one two three four"});
    QCOMPARE(best.rouge1.precision, 1.0);
    QCOMPARE(best.rouge1.recall, 0.75);
    // Case-sensitive tokens.
    QCOMPARE(mllab::computeTextMetrics("The Loss", {"the loss"}).rouge1.f1, 0.0);
}

ENGINE_TEST(badInputIsNamed)
{
    QVERIFY_THROWS_MESSAGE(mllab::computeTextMetrics("  ", {"a b"}), InputError, "candidate");
    QVERIFY_THROWS_MESSAGE(mllab::computeTextMetrics("a b", {"a b", " "}), InputError,
                           "reference 2");
    QVERIFY_THROWS_MESSAGE(mllab::computeTextMetrics("a b", {}), InputError, "reference");
}

ENGINE_TEST(cliKeepsTheContract)
{
    const auto run = enginetest::cli({"text-metrics", "--candidate", "one two three",
                                      "--reference", "one two", "--reference",
                                      "one two three four"});
    QCOMPARE(run.code, 0);
    const auto j = nlohmann::json::parse(run.out);
    for (const char* key : {"bleu", "precisions", "brevity_penalty", "rouge1", "rouge2", "rougeL"})
        QVERIFY2(j.contains(key), key);
    QCOMPARE(j["precisions"].size(), std::size_t(4));
    QCOMPARE(j["rouge1"]["recall"].get<double>(), 0.75); // the second reference was read
    QVERIFY(near(j["bleu"].get<double>(), 1.2213386697554703e-77, 1e-12)); // NLTK's value
    QCOMPARE(enginetest::cli({"text-metrics", "--reference", "a"}).code, 2);
    QCOMPARE(enginetest::cli({"text-metrics", "--candidate", "a"}).code, 2);
    const auto empty = enginetest::cli({"text-metrics", "--candidate", "", "--reference", "a"});
    QCOMPARE(empty.code, 1);
    QVERIFY(empty.err.find("candidate") != std::string::npos);
}

ENGINE_TEST_MAIN(tst_textmetrics)
