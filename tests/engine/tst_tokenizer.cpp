// engine/lm/tokenizer: exact round trips on any bytes, the hand-computed merges of a toy text,
// readable pieces, and strict merge tables.
#include "engine/lm/tokenizer.h"
#include "tests/support/enginetest.h"

#include <random>

using mllab::BpeTokenizer;

namespace {

BpeTokenizer trained(const std::string& corpus, int vocab)
{
    mllab::BpeTrainParams p;
    p.corpus = corpus;
    p.vocabSize = vocab;
    return BpeTokenizer(mllab::trainBpe(p).merges);
}

const std::string kProse =
    "Temperature divides the logits before the softmax. Top-p keeps the smallest set of tokens whose "
    "probability reaches p. The learning rate warms up and then decays. Attention weights sum to one. "
    "Überraschung: naïve café ☕ and emoji 🙂 stay intact.\n";

} // namespace

ENGINE_TEST(preTokenizeSplitsWordsWithLeadingSpace)
{
    const auto chunks = mllab::preTokenize("the cat  sat, 42!\n");
    std::vector<std::string> got(chunks.begin(), chunks.end());
    QCOMPARE(got, (std::vector<std::string>{"the", " cat", " ", " sat", ",", " ", "42", "!", "\n"}));
}

ENGINE_TEST(toyMergesMatchHandComputedSequence)
{
    // Chunks: "the", " cat", " sat", " on", " the", " mat".
    // 1. (a,t) occurs 3 times. 2. (t,h) and (h,e) twice each; (t,h) comes first in the text.
    // 3. (th,e) twice. Then every pair occurs once, taken in text order: (' ',c), (' c',at), ...
    mllab::BpeTrainParams p;
    p.corpus = "the cat sat on the mat";
    p.vocabSize = 256 + 6;
    p.traceText = "the mat";
    const auto r = mllab::trainBpe(p);
    std::vector<std::string> pieces;
    std::vector<std::int64_t> counts;
    for (const auto& s : r.steps) {
        pieces.push_back(s.piece);
        counts.push_back(s.count);
    }
    QCOMPARE(pieces, (std::vector<std::string>{"at", "th", "the", "␣c", "␣cat", "␣s"}));
    QCOMPARE(counts, (std::vector<std::int64_t>{3, 2, 2, 1, 1, 1}));
    QCOMPARE(r.steps[0].newToken, 256);
    QCOMPARE(r.initialTracePieces, (std::vector<std::string>{"t", "h", "e", "␣", "m", "a", "t"}));
    QCOMPARE(r.steps[0].tracedPieces, (std::vector<std::string>{"t", "h", "e", "␣", "m", "at"}));
    QCOMPARE(r.steps[2].tracedPieces, (std::vector<std::string>{"the", "␣", "m", "at"}));
}

ENGINE_TEST(trainingStopsWhenNoPairIsLeft)
{
    mllab::BpeTrainParams p;
    p.corpus = "ab ab";
    p.vocabSize = 1000;
    const auto r = mllab::trainBpe(p);
    QVERIFY(r.merges.size() <= 3);
    const BpeTokenizer t(r.merges);
    QCOMPARE(t.encode("ab ab").size(), std::size_t(2));
}

ENGINE_TEST(roundTripsRandomBytes)
{
    const BpeTokenizer t = trained(kProse + kProse, 300);
    QVERIFY(t.vocabSize() > 256);
    for (std::uint64_t seed = 0; seed < 200; ++seed) {
        std::mt19937_64 rng(seed);
        std::string bytes(rng() % 300, '\0');
        for (auto& c : bytes)
            c = char(rng() % 256);
        QCOMPARE(t.decode(t.encode(bytes)), bytes);
    }
}

ENGINE_TEST(roundTripsSpecialText)
{
    const BpeTokenizer t = trained(kProse, 320);
    for (const std::string& s : {std::string(), std::string("\0\0x", 3), std::string("\xff\xfe invalid \xc3"),
                                 std::string("emoji 🙂🙂 and ZWJ 👩‍💻"), kProse, std::string(5000, ' ')})
        QCOMPARE(t.decode(t.encode(s)), s);
    QVERIFY(t.encode("").empty());
}

ENGINE_TEST(mergesCompressText)
{
    const BpeTokenizer t = trained(kProse + kProse + kProse, 400);
    QVERIFY(t.encode(kProse).size() < kProse.size() / 2);
}

ENGINE_TEST(piecesAreReadable)
{
    QCOMPARE(mllab::displayPiece(" the"), std::string("␣the"));
    QCOMPARE(mllab::displayPiece("a\nb\t"), std::string("a↵b⇥"));
    QCOMPARE(mllab::displayPiece("café"), std::string("café"));
    QCOMPARE(mllab::displayPiece(std::string("\0", 1)), std::string("<0x00>"));
    QCOMPARE(mllab::displayPiece("\xc3"), std::string("<0xC3>"));  // half a character
    QCOMPARE(mllab::displayPiece("\xe2\x98"), std::string("<0xE2><0x98>"));
}

ENGINE_TEST(serializedMergesRoundTrip)
{
    const BpeTokenizer t = trained(kProse, 300);
    const BpeTokenizer back = BpeTokenizer::fromSerializedMerges(t.serializeMerges());
    QCOMPARE(back.encode(kProse), t.encode(kProse));
}

ENGINE_TEST(badMergeTablesAreInputErrors)
{
    QVERIFY_THROWS_MESSAGE(BpeTokenizer::fromSerializedMerges("97 98\nfoo\n"), mllab::InputError, "line 2");
    QVERIFY_THROWS_MESSAGE(BpeTokenizer::fromSerializedMerges("97 300\n"), mllab::InputError,
                           "refers to token 300");
    const BpeTokenizer t;
    QVERIFY_THROWS_MESSAGE(t.tokenBytes(256), mllab::InputError, "outside the vocabulary");
    mllab::BpeTrainParams p;
    p.vocabSize = 10;
    QVERIFY_THROWS_MESSAGE(mllab::trainBpe(p), mllab::InputError, "at least 256");
}

ENGINE_TEST(mergesThatDoubleATokenAreBounded)
{
    // "97 97", "256 256", "257 257", ...: each merge doubles a token; 28 of them would spell
    // out 2^28 bytes. Loading stops at the first token over the limit with a message.
    std::string merges = "97 97\n";
    for (int id = 256; id < 256 + 27; ++id)
        merges += std::to_string(id) + " " + std::to_string(id) + "\n";
    QVERIFY_THROWS_MESSAGE(BpeTokenizer::fromSerializedMerges(merges), mllab::InputError,
                           "makes a token of 2048 bytes; tokens may have at most 1024");
    // Many merges of long tokens: bounded by the table's total size too.
    std::string wide = "97 97\n";
    for (int id = 256; id < 256 + 8; ++id)
        wide += std::to_string(id) + " " + std::to_string(id) + "\n"; // up to 512 bytes
    for (int i = 0; i < 20000; ++i)
        wide += "264 264\n"; // 1024 bytes each
    QVERIFY_THROWS_MESSAGE(BpeTokenizer::fromSerializedMerges(wide), mllab::InputError,
                           "MiB of token text");
    // Training on a long run of one byte never makes a token over the limit.
    mllab::BpeTrainParams p;
    p.corpus = std::string(5000, 'a');
    p.vocabSize = 300;
    const BpeTokenizer t(mllab::trainBpe(p).merges);
    for (int id = 256; id < t.vocabSize(); ++id)
        QVERIFY(t.tokenBytes(id).size() <= mllab::kMaxTokenBytes);
    QCOMPARE(t.decode(t.encode(p.corpus)), p.corpus);
}

ENGINE_TEST_MAIN(tst_tokenizer)
