// mllab-cli embeddings: train word vectors on the question bank (skip-gram with negative sampling
// or PPMI-SVD, engine/text/embeddings.h) and query them (neighbours, analogy), and the tiny GPT's
// contextual vectors of one word in two sentences.
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/datapaths.h"
#include "engine/labs/embeddings.h"
#include "engine/limits.h"
#include "engine/lm/model.h"
#include "engine/runtime.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <ostream>

namespace mllab::cli {
namespace {

using nlohmann::json;

json neighboursJson(const std::vector<text::Neighbour>& list)
{
    json out = json::array();
    for (const auto& n : list)
        out.push_back({{"word", n.word}, {"cosine", n.cosine}});
    return out;
}

int runTrain(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 3,
              {"method", "dim", "window", "negatives", "subsample", "epochs", "min-count", "seed",
               "out"});
    const std::string method = args.text("method", "sgns");
    if (method != "sgns" && method != "ppmi-svd")
        throw InputError("unknown --method '" + method + "' (sgns, ppmi-svd)");
    text::SgnsParams p;
    p.dim = int(args.count("dim", p.dim, 1, limits::kMaxEmbeddingDim));
    p.window = int(args.count("window", p.window, 1, limits::kMaxEmbeddingWindow));
    p.negatives = int(args.count("negatives", p.negatives, 1, limits::kMaxNegatives));
    p.subsample = args.number("subsample", p.subsample);
    p.epochs = int(args.count("epochs", p.epochs, 1, limits::kMaxEmbeddingEpochs));
    p.minCount = int(args.count("min-count", p.minCount, 1, 1'000'000));
    p.seed = std::uint64_t(args.integer("seed", 1));
    text::checkSgnsParams(p);
    const std::string outPath = args.text("out", "");
    if (args.has("out") &&
        (outPath.size() <= 12 || outPath.compare(outPath.size() - 12, 12, ".safetensors") != 0))
        throw InputError("--out must name a .safetensors file (got '" + outPath + "')");
    const text::Sentences& corpus = labs::bankCorpus();
    Progress progress;
    int lastPercent = -1;
    progress.report = [&lastPercent](double fraction, const std::string& message) {
        const int percent = int(fraction * 100);
        if (percent != lastPercent) {
            lastPercent = percent;
            std::cerr << "\r" << percent << "% " << message << std::flush;
        }
    };
    json summary{{"method", method},        {"dim", p.dim},   {"window", p.window},
                 {"min_count", p.minCount}, {"seed", p.seed}, {"sentences", corpus.size()}};
    text::WordVectors vectors;
    std::map<std::string, std::string> metadata;
    std::string settings = "dim " + std::to_string(p.dim) + ", window " + std::to_string(p.window) +
                           ", min_count " + std::to_string(p.minCount) + ", seed " +
                           std::to_string(p.seed);
    if (method == "sgns") {
        const text::SgnsResult r = text::trainSgns(corpus, p, progress);
        std::cerr << "\n";
        summary.update({{"negatives", p.negatives},
                        {"subsample", p.subsample},
                        {"epochs", p.epochs},
                        {"corpus_words", r.corpusWords},
                        {"trained_words", r.trainedWords},
                        {"pairs", r.pairs},
                        {"epoch_loss", r.epochLoss},
                        {"seconds", r.seconds},
                        {"words_per_second", r.wordsPerSecond}});
        settings = "SGNS, " + settings + ", negatives " + std::to_string(p.negatives) +
                   ", subsample " + json(p.subsample).dump() + ", epochs " +
                   std::to_string(p.epochs);
        metadata["corpus_words"] = std::to_string(r.corpusWords);
        vectors = r.vectors;
    } else {
        text::PpmiParams pp;
        pp.dim = p.dim;
        pp.window = p.window;
        pp.minCount = p.minCount;
        pp.seed = p.seed;
        const SingleComputeThread oneThread; // Eigen's small products: one thread is faster
        const text::PpmiResult r = text::trainPpmiSvd(corpus, pp, progress);
        summary.update({{"corpus_words", r.corpusWords},
                        {"nonzeros", r.nonZeros},
                        {"singular_values", r.singularValues},
                        {"seconds", r.seconds}});
        settings = "PPMI-SVD (cds 0.75, U·Σ^0.5), " + settings;
        metadata["corpus_words"] = std::to_string(r.corpusWords);
        vectors = r.vectors;
    }
    summary["words"] = vectors.size();
    metadata["method"] = method;
    metadata["settings"] = settings;
    metadata["corpus"] = "question bank (content/questions), title + paragraphs, wordTokens";
    if (args.has("out")) {
        text::saveWordVectors(args.required("out"), vectors, metadata);
        summary["out"] = args.required("out");
    }
    printJson(out, summary);
    return 0;
}

text::WordVectors vectorsFrom(const Args& args)
{
    return text::loadWordVectors(args.text("vectors", text::shippedWordVectorsPath()));
}

int runNeighbours(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 3, {"word", "vectors", "top"});
    const text::WordVectors vectors = vectorsFrom(args);
    const std::string word = args.required("word");
    const auto list =
        text::nearestNeighbours(vectors, word, int(args.count("top", 10, 1, limits::kMaxListed)));
    printJson(out, json{{"word", word}, {"neighbours", neighboursJson(list)}});
    return 0;
}

int runAnalogy(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 3, {"a", "b", "c", "vectors", "top"});
    const text::WordVectors vectors = vectorsFrom(args);
    const std::string a = args.required("a"), b = args.required("b"), c = args.required("c");
    const auto list =
        text::analogy(vectors, a, b, c, int(args.count("top", 5, 1, limits::kMaxListed)));
    printJson(out, json{{"a", a}, {"b", b}, {"c", c}, {"answers", neighboursJson(list)}});
    return 0;
}

int runContextual(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 3, {"word", "sentence", "model"});
    const std::string word = args.required("word");
    const auto sentences = args.all("sentence");
    if (sentences.size() != 2)
        throw UsageError("give exactly two --sentence options (got " +
                         std::to_string(sentences.size()) + ")");
    const auto model = LanguageModel::load(args.text("model", shippedModelPath()));
    const text::ContextualResult r =
        text::contextualVectors(*model, word, sentences[0], sentences[1]);
    printJson(out, json{{"word", word},
                        {"tokens", r.pieces},
                        {"word_tokens", r.wordTokens},
                        {"dim", r.dim},
                        {"contextual_cosine", r.contextualCosine},
                        {"static_cosine", r.staticCosine}});
    return 0;
}

int runEmbeddings(const std::vector<std::string>& argv, std::ostream& out)
{
    if (argv.size() < 3)
        throw UsageError("name a subcommand: train, neighbours, analogy or contextual");
    const std::string& sub = argv[2];
    if (sub == "train")
        return runTrain(argv, out);
    if (sub == "neighbours" || sub == "neighbors")
        return runNeighbours(argv, out);
    if (sub == "analogy")
        return runAnalogy(argv, out);
    if (sub == "contextual")
        return runContextual(argv, out);
    throw UsageError("unknown subcommand '" + sub + "' (train, neighbours, analogy, contextual)");
}

} // namespace

void addEmbeddingsRunners(Runners& out)
{
    out["embeddings"] = runEmbeddings;
}

} // namespace mllab::cli
