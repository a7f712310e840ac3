// The embeddings lab's pipeline (libtorch: skip-gram training and the GPT's hidden states).
#include "engine/labs/embeddings.h"

#include "engine/datapaths.h"
#include "engine/lm/model.h"
#include "engine/pca.h"
#include "engine/runtime.h"

#include <cmath>
#include <mutex>

namespace mllab::labs {

const text::Sentences& bankCorpus()
{
    static const text::Sentences sentences = text::bankSentences();
    return sentences;
}

std::shared_ptr<const text::PpmiResult> bankPpmi(const text::PpmiParams& params,
                                                 const Progress& progress)
{
    static std::mutex mutex;
    static text::PpmiParams cachedParams;
    static std::shared_ptr<const text::PpmiResult> cached;
    {
        const std::lock_guard lock(mutex);
        if (cached && cachedParams.dim == params.dim && cachedParams.window == params.window &&
            cachedParams.minCount == params.minCount && cachedParams.seed == params.seed &&
            cachedParams.smoothing == params.smoothing)
            return cached;
    }
    // Eigen's products would otherwise spread over OpenMP threads: 3-4x slower on a busy machine.
    const SingleComputeThread oneThread;
    auto result = std::make_shared<const text::PpmiResult>(
        text::trainPpmiSvd(bankCorpus(), params, progress));
    const std::lock_guard lock(mutex);
    cachedParams = params;
    cached = result;
    return result;
}

namespace {

std::shared_ptr<const text::WordVectors> shippedVectors(std::string* description)
{
    static std::mutex mutex;
    static std::string cachedPath, cachedDescription;
    static std::shared_ptr<const text::WordVectors> cached;
    const std::string path = text::shippedWordVectorsPath();
    const std::lock_guard lock(mutex);
    if (!cached || cachedPath != path) {
        std::map<std::string, std::string> metadata;
        cached = std::make_shared<const text::WordVectors>(text::loadWordVectors(path, &metadata));
        cachedPath = path;
        cachedDescription = metadata.count("settings") ? metadata["settings"] : std::string();
    }
    *description = cachedDescription;
    return cached;
}

std::shared_ptr<const LanguageModel> shippedModel()
{
    static std::mutex mutex;
    static std::string cachedPath;
    static std::shared_ptr<const LanguageModel> cached;
    const std::string path = shippedModelPath();
    const std::lock_guard lock(mutex);
    if (!cached || cachedPath != path) {
        cached = LanguageModel::load(path);
        cachedPath = path;
    }
    return cached;
}

std::string settingsText(const text::SgnsParams& p)
{
    return "dim " + std::to_string(p.dim) + ", window " + std::to_string(p.window) +
           ", negatives " + std::to_string(p.negatives) + ", epochs " + std::to_string(p.epochs) +
           ", min_count " + std::to_string(p.minCount) + ", seed " + std::to_string(p.seed);
}

ProjectedWords project(const text::WordVectors& vectors, const std::vector<std::string>& words,
                       std::vector<std::string>* missing)
{
    ProjectedWords out;
    std::vector<int> rows;
    for (const auto& w : words) {
        std::string lower = w;
        for (char& ch : lower)
            ch = char(std::tolower(static_cast<unsigned char>(ch)));
        const int i = vectors.find(lower);
        if (i < 0)
            missing->push_back(w);
        else if (std::find(out.words.begin(), out.words.end(), lower) == out.words.end()) {
            out.words.push_back(lower);
            rows.push_back(i);
        }
    }
    if (rows.size() < 3)
        return out; // nothing to project: the view says which words are missing
    // PCA of the unit vectors (cosine is what the lab compares), as scikit-learn's PCA.
    PcaParams pca;
    pca.columns.assign(std::size_t(vectors.dim), std::vector<double>(rows.size()));
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const float* v = vectors.row(rows[r]);
        double norm = 0;
        for (int j = 0; j < vectors.dim; ++j)
            norm += double(v[j]) * v[j];
        norm = norm > 0 ? std::sqrt(norm) : 1;
        for (int j = 0; j < vectors.dim; ++j)
            pca.columns[std::size_t(j)][r] = v[j] / norm;
    }
    for (int j = 0; j < vectors.dim; ++j)
        pca.names.push_back("d" + std::to_string(j));
    pca.components = 2;
    pca.projectionComponents = 2;
    const PcaResult result = computePca(pca);
    out.x = result.projection[0];
    out.y =
        result.projection.size() > 1 ? result.projection[1] : std::vector<double>(rows.size(), 0.0);
    out.explained1 =
        result.explainedVarianceRatio.size() > 0 ? result.explainedVarianceRatio[0] : 0;
    out.explained2 =
        result.explainedVarianceRatio.size() > 1 ? result.explainedVarianceRatio[1] : 0;
    return out;
}

EmbeddingsMethod queryTable(const text::WordVectors& vectors, const EmbeddingsLabParams& p)
{
    EmbeddingsMethod m;
    m.words = int(vectors.size());
    m.dim = vectors.dim;
    m.neighbours = text::nearestNeighbours(vectors, p.word, p.top);
    try {
        m.analogy = text::analogy(vectors, p.analogyA, p.analogyB, p.analogyC, p.top);
    } catch (const InputError& e) {
        m.analogyError = e.what();
    }
    m.projection = project(vectors, p.projection, &m.missing);
    const int i = text::requireWord(vectors, p.contextWord);
    m.staticCosine = text::cosine(vectors.row(i), vectors.row(i), vectors.dim);
    return m;
}

/// The queries of one table; an unknown word's message names the table.
EmbeddingsMethod query(const text::WordVectors& vectors, const EmbeddingsLabParams& p,
                       const std::string& table)
{
    try {
        return queryTable(vectors, p);
    } catch (const InputError& e) {
        throw InputError(table + ": " + e.what());
    }
}

} // namespace

std::shared_ptr<const EmbeddingsTraining>
computeEmbeddingsTraining(const EmbeddingsLabParams& params, const Progress& progress)
{
    auto training = std::make_shared<EmbeddingsTraining>();
    training->params = params.sgns;
    training->result = text::trainSgns(bankCorpus(), params.sgns, progress);
    return training;
}

EmbeddingsLabResult computeEmbeddingsLab(const EmbeddingsLabParams& p,
                                         std::shared_ptr<const EmbeddingsTraining> training,
                                         const Progress& progress)
{
    if (p.source != "shipped" && p.source != "trained")
        throw InputError("unknown source '" + p.source + "' (shipped, trained)");
    if (p.projection.size() < 3 || p.projection.size() > 40)
        throw InputError("write 3 to 40 words to project (got " +
                         std::to_string(p.projection.size()) + ")");
    text::checkSgnsParams(p.sgns);
    EmbeddingsLabResult r;
    r.params = p;
    if (p.source == "trained" && !training)
        training = computeEmbeddingsTraining(p, progress);
    std::shared_ptr<const text::WordVectors> sgns;
    std::string description;
    if (p.source == "trained") {
        r.training = training;
        sgns = std::shared_ptr<const text::WordVectors>(training, &training->result.vectors);
        description = "trained now: " + settingsText(training->params);
    } else {
        sgns = shippedVectors(&description);
        description = "shipped file" + (description.empty() ? "" : ": " + description);
    }
    progress.checkCancelled();
    text::PpmiParams ppmiParams;
    ppmiParams.dim = p.sgns.dim;
    ppmiParams.window = p.sgns.window;
    ppmiParams.minCount = p.sgns.minCount;
    ppmiParams.seed = p.sgns.seed;
    const auto ppmi = bankPpmi(ppmiParams, progress);
    r.corpusWords = ppmi->corpusWords;
    r.sgns = query(*sgns, p, "skip-gram vectors");
    r.sgns.id = "sgns";
    r.sgns.label = "skip-gram (SGNS)";
    r.sgns.description = description;
    r.ppmi =
        query(ppmi->vectors, p, "PPMI-SVD (min_count " + std::to_string(p.sgns.minCount) + ")");
    r.ppmi.id = "ppmi-svd";
    r.ppmi.label = "PPMI + SVD";
    r.ppmi.description = "PPMI (cds 0.75) + truncated SVD, U·Σ^0.5, window " +
                         std::to_string(p.sgns.window) + ", min_count " +
                         std::to_string(p.sgns.minCount);
    progress.checkCancelled();
    r.contextual =
        text::contextualVectors(*shippedModel(), p.contextWord, p.sentence1, p.sentence2);
    return r;
}

} // namespace mllab::labs
