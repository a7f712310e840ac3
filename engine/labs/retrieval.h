#pragma once
// The retrieval lab: BM25, dense and hybrid retrieval over the question bank's passages
// (engine/text/retrieval.h has every formula and convention), evaluated at question level on the
// shipped evaluation set (resources/datasets/retrieval-eval.json: recall@k, MRR, nDCG@10) and
// shown for one typed query with each retriever's rank. The dense side is the shipped word
// vectors' mean unit vector, or the tiny GPT's final hidden states averaged over the tokens
// (which needs libtorch: the pipeline lives in mllab_engine, the declaration in the core).

#include "engine/labs/params.h"
#include "engine/progress.h"
#include "engine/text/retrieval.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace mllab::labs {

struct RetrievalLabParams {
    std::string query;
    text::ChunkOptions chunks;
    text::Bm25Params bm25;
    std::string dense = "word2vec"; ///< "word2vec" or "gpt"
    text::FusionOptions fusion;
    int k = 5;               ///< recall@k
    int top = 10;            ///< passages listed for the query
    std::string evalPath;    ///< "" for the shipped set
    std::string vectorsPath; ///< "" for shippedWordVectorsPath()
    std::string modelPath;   ///< "" for shippedModelPath()
};

/// One passage of the typed query's hybrid list.
struct RetrievalLabHit {
    int passage = 0;
    int questionNumber = 0;
    std::string questionId;
    std::string questionTitle;
    std::string heading;
    std::string snippet; ///< the passage's first words
    double fused = 0;
    double bm25Score = 0;
    double denseScore = 0;
    int bm25Rank = 0; ///< rank in the retriever's passage list, 0 when not listed
    int denseRank = 0;
    int hybridRank = 0;
};

struct RetrievalLabResult {
    RetrievalLabParams params;
    int passages = 0;
    int questions = 0;
    double averagePassageTokens = 0;
    int embeddingDim = 0;
    std::vector<std::string> evalQueries;
    text::RetrievalEvaluation evaluation;
    /// Queries whose first relevant question is within the first k of: BM25 only, dense only,
    /// both, neither.
    int onlyBm25 = 0, onlyDense = 0, both = 0, neither = 0;
    int hybridBeatsBoth = 0; ///< queries where hybrid's reciprocal rank beats both retrievers'
    std::vector<RetrievalLabHit> hits; ///< the typed query's best passages by hybrid score
    int queryTokens = 0;
    int queryKnownTokens = 0; ///< query tokens in the word-vector table (word2vec) or all (gpt)
};

const LabSpec& retrievalLabSpec();
RetrievalLabParams retrievalLabParams(const LabState& state);
/// InputError for overlap >= chunk size, an unreadable bank, vectors, model or evaluation file.
RetrievalLabResult computeRetrievalLab(const RetrievalLabParams& params,
                                       const Progress& progress = {});
nlohmann::json retrievalLabJson(const RetrievalLabResult& result);

/// The retriever of `params` (bank, chunks, BM25, dense source), kept between calls while those
/// stay the same; GPT embeddings are kept per text.
std::shared_ptr<const text::PassageRetriever>
retrievalLabRetriever(const RetrievalLabParams& params, const Progress& progress = {});

} // namespace mllab::labs
