// engine/text_metrics and `mllab-cli text-metrics`: BLEU, its precisions and brevity penalty
// equal NLTK's sentence_bleu on thirteen cases (tests/engine/data/text_metrics_reference.json,
// made by bench/text_metrics_reference.py with Debian's python3-nltk), underflowing like it when
// a precision is zero; BLEU-1..4 under smoothing methods 0-5 and 7 equal NLTK's sentence_bleu and
// corpus_bleu to 1e-12; the clipped-match highlights and the LCS agree with the counts; ROUGE-1,
// ROUGE-2 and ROUGE-L by hand, the best reference chosen by F1; the CLI's contract (single pair
// and corpus files, --smoothing), repeated --reference and bad input.
#include "engine/labs/text_metrics_lab.h"
#include "engine/text_metrics.h"
#include "tests/support/cli.h"
#include "tests/support/enginetest.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>

using mllab::InputError;

namespace {

bool near(double a, double b, double rel = 1e-12)
{
    return std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b)) || a == b;
}

} // namespace

nlohmann::json nltkReference()
{
    std::ifstream file(std::string(MLLAB_SOURCE_DIR) +
                       "/tests/engine/data/text_metrics_reference.json");
    return file.good() ? nlohmann::json::parse(file) : nlohmann::json();
}

ENGINE_TEST(bleuEqualsNltk)
{
    const auto reference = nltkReference();
    QCOMPARE(reference["cases"].size(), std::size_t(13));
    for (const auto& c : reference["cases"]) {
        const auto m = mllab::computeTextMetrics(c["candidate"].get<std::string>(),
                                                 c["references"].get<std::vector<std::string>>());
        QVERIFY2(near(m.bleu, c["bleu"].get<double>()), c["candidate"].get<std::string>().c_str());
        QVERIFY(near(m.brevityPenalty, c["brevity_penalty"].get<double>()));
        for (std::size_t n = 0; n < 4; ++n)
            QVERIFY(near(m.precisions[n], c["precisions"][n].get<double>()));
    }
}

ENGINE_TEST(smoothedBleuNEqualsNltk)
{
    const auto reference = nltkReference();
    int compared = 0;
    for (const auto& c : reference["cases"]) {
        for (const auto& [method, expected] : c["bleu_n"].items()) {
            const auto m = mllab::computeTextMetrics(
                c["candidate"].get<std::string>(), c["references"].get<std::vector<std::string>>(),
                std::stoi(method));
            for (std::size_t n = 0; n < 4; ++n) {
                const std::string what = c["candidate"].get<std::string>() + " method " + method +
                                         " BLEU-" + std::to_string(n + 1);
                QVERIFY2(near(m.bleuN[n], expected[n].get<double>()), what.c_str());
                ++compared;
            }
            QCOMPARE(m.bleu, m.bleuN[3]);
        }
    }
    QCOMPARE(compared, 13 * 7 * 4);
    // Smoothing changes the score only where a precision is zero (methods 0, 1, 3, 4) ...
    const auto full = mllab::computeTextMetrics("one two three four five six",
                                                {"one two three four five six"}, 3);
    QCOMPARE(full.bleu, 1.0);
    // ... and a zero 4-gram precision no longer sends BLEU-4 to 1e-77 under method 1.
    const auto m0 = mllab::computeTextMetrics("the cat sat on the mat", {"the cat is on the mat"});
    const auto m1 =
        mllab::computeTextMetrics("the cat sat on the mat", {"the cat is on the mat"}, 1);
    QVERIFY(m0.bleu < 1e-70 && m1.bleu > 0.1);
    QCOMPARE(m0.bleuN[2], m1.bleuN[2]); // orders 1-3 match, so BLEU-3 is the same
    QVERIFY(near(m1.smoothedPrecisions[3], 0.1 / 3));
}

ENGINE_TEST(corpusBleuEqualsNltk)
{
    const auto reference = nltkReference();
    QCOMPARE(reference["corpora"].size(), std::size_t(3));
    for (const auto& c : reference["corpora"]) {
        const auto candidates = c["candidates"].get<std::vector<std::string>>();
        const auto refs = c["references"].get<std::vector<std::vector<std::string>>>();
        for (const auto& [method, expected] : c["bleu_n"].items()) {
            const auto b = mllab::corpusBleu(candidates, refs, std::stoi(method));
            for (std::size_t n = 0; n < 4; ++n)
                QVERIFY2(near(b.bleuN[n], expected[n].get<double>()),
                         (method + " BLEU-" + std::to_string(n + 1)).c_str());
            QVERIFY(near(b.brevityPenalty, c["brevity_penalty"].get<double>()));
            for (std::size_t n = 0; n < 4; ++n)
                QVERIFY(near(b.precisions[n], c["precisions"][n].get<double>()));
            QCOMPARE(b.sentences, candidates.size());
        }
    }
    // Corpus BLEU is not the mean of sentence BLEU: NLTK's docstring example, 0.5920... against
    // a mean of 0.6223...
    const auto& doc = reference["corpora"][2];
    const auto b =
        mllab::corpusBleu(doc["candidates"].get<std::vector<std::string>>(),
                          doc["references"].get<std::vector<std::vector<std::string>>>());
    QVERIFY(std::abs(b.bleu - 0.5920778868801042) < 1e-15);
    // One pair: corpus BLEU is sentence BLEU.
    const auto one = mllab::corpusBleu({"a b c d e"}, {{"a b c d f", "x b c d e"}}, 2);
    QCOMPARE(one.bleu, mllab::computeTextMetrics("a b c d e", {"a b c d f", "x b c d e"}, 2).bleu);
    QVERIFY_THROWS_MESSAGE(mllab::corpusBleu({"a", "b"}, {{"a"}}), InputError,
                           "2 candidates but 1");
    QVERIFY_THROWS_MESSAGE(mllab::corpusBleu({"a", " "}, {{"a"}, {"b"}}), InputError,
                           "candidate 2");
    QVERIFY_THROWS_MESSAGE(mllab::corpusBleu({"a"}, {{"a", ""}}), InputError,
                           "reference 2 of candidate 1");
    QVERIFY_THROWS_MESSAGE(mllab::corpusBleu({}, {}), InputError, "no candidates");
    QVERIFY_THROWS_MESSAGE(mllab::corpusBleu({"a"}, {{"a"}}, 6), InputError, "method 6");
}

ENGINE_TEST(highlightsAgreeWithTheCounts)
{
    // "the" five times against references with at most two: two matched, three clipped away.
    const auto m =
        mllab::computeTextMetrics("the the cat the the the", {"the cat on the mat", "a cat"});
    using mllab::NgramMatch;
    const std::vector<NgramMatch> unigrams{NgramMatch::Matched, NgramMatch::Matched,
                                           NgramMatch::Matched, NgramMatch::Clipped,
                                           NgramMatch::Clipped, NgramMatch::Clipped};
    QVERIFY(m.ngramMatches[0] == unigrams);
    // "the cat" matched, "the the" nowhere, "cat the" nowhere.
    QVERIFY(m.ngramMatches[1][1] == NgramMatch::Matched);
    QVERIFY(m.ngramMatches[1][0] == NgramMatch::Unmatched);
    const auto reference = nltkReference(); // kept alive: the loop walks one of its members
    for (const auto& c : reference["cases"]) {
        const auto t = mllab::computeTextMetrics(c["candidate"].get<std::string>(),
                                                 c["references"].get<std::vector<std::string>>());
        for (std::size_t n = 0; n < 4; ++n) {
            QCOMPARE(int(t.ngramMatches[n].size()), t.candidateNgrams[n]);
            QCOMPARE(int(std::count(t.ngramMatches[n].begin(), t.ngramMatches[n].end(),
                                    NgramMatch::Matched)),
                     t.matches[n]);
        }
        // The LCS found is as long as ROUGE-L says, and is a common subsequence.
        QCOMPARE(t.lcsCandidate.size(), t.lcsReference.size());
        QVERIFY(near(double(t.lcsCandidate.size()) / t.candidateLength, t.rougeL.precision));
        const auto ref = mllab::whitespaceTokens(
            c["references"][std::size_t(t.rougeLReference)].get<std::string>());
        for (std::size_t k = 0; k < t.lcsCandidate.size(); ++k) {
            QCOMPARE(t.candidateTokens[std::size_t(t.lcsCandidate[k])],
                     ref[std::size_t(t.lcsReference[k])]);
            if (k > 0)
                QVERIFY(t.lcsCandidate[k] > t.lcsCandidate[k - 1] &&
                        t.lcsReference[k] > t.lcsReference[k - 1]);
        }
    }
}

ENGINE_TEST(examplesWhereBleuAndRougeDisagree)
{
    namespace ml = mllab::labs;
    const auto score = [](const std::string& id, int smoothing = 0) {
        ml::LabState state = ml::defaultState(ml::textMetricsLabSpec());
        ml::setFromText(ml::textMetricsLabSpec(), state, "example", id);
        ml::setFromText(ml::textMetricsLabSpec(), state, "smoothing", std::to_string(smoothing));
        return ml::computeTextMetricsLab(ml::textMetricsLabParams(state)).metrics;
    };
    QCOMPARE(ml::textMetricsExamples().size(), std::size_t(3));
    // Paraphrase: no 4-gram in common, so BLEU underflows, yet ROUGE-1 F1 is above one half;
    // smoothing method 1 brings BLEU back to a readable 0.1.
    const auto paraphrase = score("paraphrase");
    QCOMPARE(paraphrase.matches[3], 0);
    QVERIFY(paraphrase.bleu < 1e-70 && paraphrase.rouge1.f1 > 0.5);
    QVERIFY(std::abs(score("paraphrase", 1).bleu - 0.1039030217) < 1e-9);
    // Reordering: the same eleven words (ROUGE-1 = 1) in another order: ROUGE-L 6/11.
    const auto reordering = score("reordering");
    QCOMPARE(reordering.rouge1.f1, 1.0);
    QVERIFY(near(reordering.rougeL.f1, 6.0 / 11));
    QVERIFY(reordering.bleu > 0.3);
    // Short: every n-gram matches (p_n = 1) but six of eleven reference words are there, so the
    // brevity penalty exp(1 - 11/6) is the whole BLEU and ROUGE-1 recall is 6/11.
    const auto short_ = score("short");
    for (const double p : short_.precisions)
        QCOMPARE(p, 1.0);
    QVERIFY(near(short_.bleu, std::exp(1 - 11.0 / 6)));
    QVERIFY(near(short_.rouge1.recall, 6.0 / 11) && short_.rouge1.precision == 1.0);
    // The example replaces the typed texts; "custom" uses them.
    QCOMPARE(score("custom").candidateTokens,
             mllab::whitespaceTokens("the model learns the training data too well"));
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
    QVERIFY_THROWS_MESSAGE(mllab::computeTextMetrics("a b", {"a b"}, 6), InputError,
                           "smoothing method 6");
    QVERIFY_THROWS_MESSAGE(mllab::computeTextMetrics("a b", {"a b"}, -1), InputError,
                           "smoothing method -1");
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
    // Added keys: BLEU-1..4 and the smoothing method; --smoothing changes them.
    QCOMPARE(j["bleu_n"].size(), std::size_t(4));
    QCOMPARE(j["bleu_n"][3].get<double>(), j["bleu"].get<double>());
    QCOMPARE(j["smoothing"].get<int>(), 0);
    const auto smoothed =
        enginetest::cli({"text-metrics", "--candidate", "one two three", "--reference",
                         "one two three four", "--smoothing", "1"});
    QCOMPARE(smoothed.code, 0);
    QVERIFY(nlohmann::json::parse(smoothed.out)["bleu"].get<double>() > 0.1);
    const auto bad = enginetest::cli(
        {"text-metrics", "--candidate", "a", "--reference", "a", "--smoothing", "6"});
    QCOMPARE(bad.code, 1);
    QVERIFY(bad.err.find("smoothing method 6") != std::string::npos);
}

namespace {

std::string joinLines(const std::vector<std::string>& lines)
{
    std::string text;
    for (const auto& line : lines)
        text += line + "\n";
    return text;
}

} // namespace

ENGINE_TEST(cliCorpusFiles)
{
    // NLTK's docstring corpus: the first candidate has three references, the second one; a
    // references file gives line i's reference of candidate i, an empty line none.
    const auto doc = nltkReference()["corpora"][2];
    const auto candidates = doc["candidates"].get<std::vector<std::string>>();
    const auto refs = doc["references"].get<std::vector<std::vector<std::string>>>();
    const enginetest::TempFile cf("tm-candidates.txt", joinLines(candidates));
    const enginetest::TempFile r1f("tm-refs1.txt", joinLines({refs[0][0], refs[1][0]}));
    const enginetest::TempFile r2f("tm-refs2.txt", joinLines({refs[0][1], ""}));
    const enginetest::TempFile r3f("tm-refs3.txt", joinLines({refs[0][2], ""}));
    const std::string &c = cf.path(), &r1 = r1f.path(), &r2 = r2f.path(), &r3 = r3f.path();
    for (const auto& [method, expected] : doc["bleu_n"].items()) {
        const auto run = enginetest::cli({"text-metrics", "--candidates-file", c,
                                          "--references-file", r1, "--references-file", r2,
                                          "--references-file", r3, "--smoothing", method});
        QCOMPARE(run.code, 0);
        const auto j = nlohmann::json::parse(run.out);
        for (std::size_t n = 0; n < 4; ++n)
            QVERIFY(near(j["bleu_n"][n].get<double>(), expected[n].get<double>()));
        QCOMPARE(j["sentences"].get<int>(), 2);
        QVERIFY(j.contains("precisions") && j.contains("brevity_penalty"));
    }
    // A references file shorter than the candidates, a missing file, both forms at once.
    const enginetest::TempFile shortFile("tm-short.txt", joinLines({refs[0][0]}));
    const std::string& shortRefs = shortFile.path();
    const auto mismatch =
        enginetest::cli({"text-metrics", "--candidates-file", c, "--references-file", shortRefs});
    QCOMPARE(mismatch.code, 1);
    QVERIFY(mismatch.err.find("tm-short.txt") != std::string::npos);
    const auto missing = enginetest::cli(
        {"text-metrics", "--candidates-file", "/nonexistent/c.txt", "--references-file", r1});
    QCOMPARE(missing.code, 1);
    QVERIFY(missing.err.find("/nonexistent/c.txt") != std::string::npos);
    QCOMPARE(enginetest::cli({"text-metrics", "--candidates-file", c, "--candidate", "a",
                              "--references-file", r1})
                 .code,
             2);
    QCOMPARE(enginetest::cli({"text-metrics", "--candidates-file", c}).code, 2);
}

ENGINE_TEST_MAIN(tst_textmetrics)
