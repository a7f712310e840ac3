// The retrieval lab's declaration and JSON (libtorch-free; the pipeline is retrieval.cpp).
#include "engine/labs/retrieval.h"

#include <nlohmann/json.hpp>

namespace mllab::labs {

const LabSpec& retrievalLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"retrieval", "Retrieval: BM25, dense and hybrid",
                  "Search the question bank's passages with BM25, with embeddings and with both "
                  "fused, and measure recall@k, MRR and nDCG@10 on an evaluation set of "
                  "queries."};
        s.needsTorch = true;
        ParamSpec query{
            "query", "Query", ParamType::Text,
            std::string("find the documents that answer a question before the model replies")};
        query.widget = ParamWidget::LineEdit;
        query.placeholder = "a question in your own words";
        query.help = "Searched by every retriever; its best passages are listed with their ranks";
        ParamSpec chunk{"chunk_words", "Passage length", ParamType::Integer, 120LL, 10, 400, 10};
        chunk.unit = "words";
        chunk.widget = ParamWidget::Slider;
        chunk.help = "Words per passage window within a heading's section";
        ParamSpec overlap{"overlap", "Overlap", ParamType::Integer, 30LL, 0, 200, 5};
        overlap.unit = "words";
        overlap.help = "Words shared by consecutive windows; must be below the passage length";
        ParamSpec k1{"k1", "BM25 k1", ParamType::Number, 1.2, 0, 5, 0.1};
        k1.widget = ParamWidget::Slider;
        k1.help = "Term-frequency saturation: 0 counts a term once, large values almost linearly";
        ParamSpec b{"b", "BM25 b", ParamType::Number, 0.75, 0, 1, 0.05};
        b.widget = ParamWidget::Slider;
        b.help = "Length normalisation: 0 ignores passage length, 1 divides fully by it";
        ParamSpec dense{"dense", "Dense embedding", ParamType::Choice, std::string("word2vec")};
        dense.choices = {"word2vec", "gpt"};
        dense.choiceLabels = {"word vectors (mean)", "tiny GPT (mean hidden state)"};
        dense.help = "How queries and passages become vectors compared by cosine";
        ParamSpec fusion{"fusion", "Fusion", ParamType::Choice, std::string("rrf")};
        fusion.choices = {"rrf", "weighted"};
        fusion.choiceLabels = {"reciprocal rank fusion", "weighted min-max sum"};
        fusion.help = "How the hybrid combines BM25 and dense";
        ParamSpec rrfK{"rrf_k", "RRF k", ParamType::Number, 60.0, 0, 500, 1};
        rrfK.decimals = 0;
        rrfK.help = "score = Σ 1/(k + rank): small k lets the first ranks dominate";
        rrfK.visibleWhen = "fusion=rrf";
        ParamSpec weight{"weight", "Dense weight w", ParamType::Number, 0.5, 0, 1, 0.05};
        weight.widget = ParamWidget::Slider;
        weight.help = "w·norm(dense) + (1 − w)·norm(BM25), min-max over the candidates";
        weight.visibleWhen = "fusion=weighted";
        ParamSpec k{"k", "Recall@k: k", ParamType::Integer, 5LL, 1, 20, 1};
        k.help = "Questions counted for recall@k";
        s.params = {query,
                    chunk,
                    overlap,
                    k1,
                    b,
                    dense,
                    fusion,
                    rrfK,
                    weight,
                    k,
                    tabsParam("tab", {"metrics", "query", "per-query"}, "The chart shown")};
        return s;
    }();
    return spec;
}

RetrievalLabParams retrievalLabParams(const LabState& state)
{
    RetrievalLabParams p;
    p.query = state.text("query");
    p.chunks.chunkWords = int(state.integer("chunk_words"));
    p.chunks.overlapWords = int(state.integer("overlap"));
    p.bm25.k1 = state.number("k1");
    p.bm25.b = state.number("b");
    p.dense = state.text("dense");
    p.fusion.fusion =
        state.text("fusion") == "weighted" ? text::Fusion::Weighted : text::Fusion::Rrf;
    p.fusion.rrfK = state.number("rrf_k");
    p.fusion.weight = state.number("weight");
    p.k = int(state.integer("k"));
    return p;
}

namespace {

nlohmann::json evaluationJson(const text::RetrievalEvaluation& e)
{
    nlohmann::json out = nlohmann::json::object();
    for (const auto& r : e.retrievers)
        out[r.name] = {{"recall_at_k", r.recallAtK}, {"mrr", r.mrr}, {"ndcg_at_10", r.ndcg10}};
    return out;
}

} // namespace

nlohmann::json retrievalLabJson(const RetrievalLabResult& r)
{
    nlohmann::json hits = nlohmann::json::array();
    for (const auto& h : r.hits)
        hits.push_back(
            {{"question", h.questionId},
             {"number", h.questionNumber},
             {"heading", h.heading},
             {"score", h.fused},
             {"bm25_score", h.bm25Score},
             {"dense_score", h.denseScore},
             {"rank", {{"bm25", h.bm25Rank}, {"dense", h.denseRank}, {"hybrid", h.hybridRank}}}});
    nlohmann::json perQuery = nlohmann::json::array();
    for (std::size_t i = 0; i < r.evalQueries.size(); ++i) {
        nlohmann::json q{{"query", r.evalQueries[i]}};
        for (const auto& e : r.evaluation.retrievers)
            q[e.name + "_first_relevant_rank"] = e.perQuery[i].firstRelevantRank;
        perQuery.push_back(q);
    }
    return {{"passages", r.passages},
            {"questions", r.questions},
            {"average_passage_tokens", r.averagePassageTokens},
            {"embedding_dim", r.embeddingDim},
            {"eval_queries", r.evalQueries.size()},
            {"k", r.evaluation.k},
            {"metrics", evaluationJson(r.evaluation)},
            {"found_within_k",
             {{"bm25_only", r.onlyBm25},
              {"dense_only", r.onlyDense},
              {"both", r.both},
              {"neither", r.neither}}},
            {"hybrid_beats_both", r.hybridBeatsBoth},
            {"query_tokens", r.queryTokens},
            {"query_known_tokens", r.queryKnownTokens},
            {"hits", hits},
            {"per_query", perQuery}};
}

} // namespace mllab::labs
