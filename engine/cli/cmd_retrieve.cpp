// mllab-cli retrieve: BM25, dense and hybrid retrieval over the question bank (the contract in
// DESIGN.md; every formula in engine/text/retrieval.h). Runs in mllab-cli-torch: the GPT's
// pooled hidden states need libtorch.
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/labs/retrieval.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <ostream>

namespace mllab::cli {
namespace {

using nlohmann::json;

labs::RetrievalLabParams retrieveParams(const Args& args)
{
    labs::RetrievalLabParams p;
    p.dense = args.text("dense", "word2vec");
    if (p.dense != "word2vec" && p.dense != "gpt")
        throw UsageError("--dense must be word2vec or gpt, not '" + p.dense + "'");
    const std::string fusion = args.text("fusion", "rrf");
    if (fusion != "rrf" && fusion != "weighted")
        throw UsageError("--fusion must be rrf or weighted, not '" + fusion + "'");
    p.fusion.fusion = fusion == "weighted" ? text::Fusion::Weighted : text::Fusion::Rrf;
    p.fusion.rrfK = args.number("rrf-k", 60);
    p.fusion.weight = args.number("weight", 0.5);
    p.bm25.k1 = args.number("k1", 1.2);
    p.bm25.b = args.number("b", 0.75);
    const long long chunk = args.count("chunk-words", 120, 1, 100000);
    const long long overlap = args.integer("overlap", 30);
    if (overlap < 0 || overlap >= chunk)
        throw InputError("--overlap must be at least 0 and below --chunk-words (" +
                         std::to_string(chunk) + "), not " + std::to_string(overlap));
    p.chunks.chunkWords = int(chunk);
    p.chunks.overlapWords = int(overlap);
    p.top = int(args.count("top", 10, 1, 100000));
    p.k = int(args.count("k", 5, 1, 100000));
    p.evalPath = args.text("eval-file", "");
    p.vectorsPath = args.text("vectors", "");
    p.modelPath = args.text("model", "");
    if (!std::isfinite(p.fusion.rrfK) || p.fusion.rrfK < 0)
        throw InputError("--rrf-k must be a finite number >= 0");
    if (!(p.fusion.weight >= 0 && p.fusion.weight <= 1))
        throw InputError("--weight must lie in [0, 1]");
    if (!std::isfinite(p.bm25.k1) || p.bm25.k1 < 0)
        throw InputError("--k1 must be a finite number >= 0");
    if (!(p.bm25.b >= 0 && p.bm25.b <= 1))
        throw InputError("--b must lie in [0, 1]");
    return p;
}

json metricsJson(const text::RetrievalEvaluation& e)
{
    json out = json::object();
    for (const auto& r : e.retrievers)
        out[r.name] = {{"recall_at_k", r.recallAtK}, {"mrr", r.mrr}, {"ndcg_at_10", r.ndcg10}};
    return out;
}

int runRetrieve(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2,
              {"query", "retriever", "dense", "fusion", "rrf-k", "weight", "k1", "b", "chunk-words",
               "overlap", "top", "eval-file", "k", "vectors", "model"},
              {"evaluate"});
    const labs::RetrievalLabParams p = retrieveParams(args);
    if (args.flag("evaluate")) {
        if (args.has("query"))
            throw UsageError("--evaluate runs the evaluation set; leave out --query");
        const auto retriever = labs::retrievalLabRetriever(p);
        std::vector<std::string> ids;
        for (const auto& q : retriever->questions())
            ids.push_back(q.id);
        const std::string path = p.evalPath.empty() ? text::shippedRetrievalEvalPath() : p.evalPath;
        const auto queries = text::loadRetrievalEval(path, ids);
        const auto e = text::evaluateRetrieval(*retriever, queries, p.fusion, p.k);
        printJson(out, json{{"queries", queries.size()},
                            {"passages", retriever->passages().size()},
                            {"k", e.k},
                            {"metrics", metricsJson(e)}});
        return 0;
    }
    const std::string query = args.required("query");
    if (text::wordTokens(query).empty())
        throw InputError("the query has no word to search for");
    const std::string retriever = args.text("retriever", "hybrid");
    if (retriever != "bm25" && retriever != "dense" && retriever != "hybrid")
        throw UsageError("--retriever must be bm25, dense or hybrid, not '" + retriever + "'");
    const auto index = labs::retrievalLabRetriever(p);
    const text::PassageRankings r = index->search(query, p.fusion);
    const text::Ranking& chosen = retriever == "bm25"    ? r.bm25
                                  : retriever == "dense" ? r.dense
                                                         : r.hybrid;
    json results = json::array();
    for (std::size_t i = 0; i < chosen.items.size() && int(i) < p.top; ++i) {
        const int passage = chosen.items[i];
        const text::Passage& ps = index->passages()[std::size_t(passage)];
        results.push_back({{"rank", i + 1},
                           {"question", ps.questionId},
                           {"number", ps.questionNumber},
                           {"heading", ps.heading},
                           {"score", chosen.scores[i]},
                           {"ranks",
                            {{"bm25", r.bm25.rankOf(passage)},
                             {"dense", r.dense.rankOf(passage)},
                             {"hybrid", r.hybrid.rankOf(passage)}}},
                           {"text", ps.text}});
    }
    printJson(out, json{{"query", query},
                        {"retriever", retriever},
                        {"passages", index->passages().size()},
                        {"results", results}});
    return 0;
}

} // namespace

void addRetrievalRunners(Runners& out)
{
    out["retrieve"] = runRetrieve;
}

} // namespace mllab::cli
