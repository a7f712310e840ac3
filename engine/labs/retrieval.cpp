// The retrieval lab's pipeline (mllab_engine: the GPT encoder needs libtorch).
#include "engine/labs/retrieval.h"

#include "engine/datapaths.h"
#include "engine/lm/model.h"
#include "engine/text/gpt_encoder.h"
#include "engine/text/word_vectors.h"

#include <map>
#include <mutex>
#include <sstream>
#include <tuple>

namespace mllab::labs {
namespace {

using namespace mllab::text;

std::mutex& cacheMutex()
{
    static std::mutex m;
    return m;
}

std::shared_ptr<const std::vector<BankQuestion>> cachedBank()
{
    static std::shared_ptr<const std::vector<BankQuestion>> bank;
    std::lock_guard lock(cacheMutex());
    if (!bank)
        bank = std::make_shared<const std::vector<BankQuestion>>(loadQuestionBank());
    return bank;
}

std::shared_ptr<const WordVectors> cachedVectors(const std::string& path)
{
    static std::map<std::string, std::shared_ptr<const WordVectors>> tables;
    std::lock_guard lock(cacheMutex());
    auto& slot = tables[path];
    if (!slot)
        slot = std::make_shared<const WordVectors>(loadWordVectors(path));
    return slot;
}

/// The GPT's embeddings per text, so that changing k1, b or the fusion does not rerun the model
/// over every passage.
TextEncoder cachedGptEncoder(const std::string& path)
{
    struct Memo {
        TextEncoder encoder;
        std::mutex mutex;
        std::map<std::string, std::vector<float>> embeddings;
    };
    static std::map<std::string, std::shared_ptr<Memo>> memos;
    std::shared_ptr<Memo> memo;
    {
        std::lock_guard lock(cacheMutex());
        auto& slot = memos[path];
        if (!slot) {
            slot = std::make_shared<Memo>();
            slot->encoder = gptPooledEncoder(LanguageModel::load(path));
        }
        memo = slot;
    }
    return [memo](const std::string& text) {
        {
            std::lock_guard lock(memo->mutex);
            if (const auto it = memo->embeddings.find(text); it != memo->embeddings.end())
                return it->second;
        }
        std::vector<float> e = memo->encoder(text);
        std::lock_guard lock(memo->mutex);
        if (memo->embeddings.size() > 50000)
            memo->embeddings.clear();
        memo->embeddings.emplace(text, e);
        return e;
    };
}

Progress subProgress(const Progress& progress, double from, double to)
{
    Progress part;
    part.cancel = progress.cancel;
    if (progress.report)
        part.report = [report = progress.report, from, to](double f, const std::string& message) {
            report(from + (to - from) * f, message);
        };
    return part;
}

std::string snippet(const std::string& text, int words)
{
    std::istringstream in(text);
    std::string out, word;
    for (int i = 0; i < words && in >> word; ++i)
        out += (i ? " " : "") + word;
    if (in >> word)
        out += " …";
    return out;
}

} // namespace

std::shared_ptr<const PassageRetriever> retrievalLabRetriever(const RetrievalLabParams& p,
                                                              const Progress& progress)
{
    if (p.dense != "word2vec" && p.dense != "gpt")
        throw InputError("dense embedding '" + p.dense + "' is not one of word2vec, gpt");
    if (p.chunks.overlapWords >= p.chunks.chunkWords)
        throw InputError("the overlap (" + std::to_string(p.chunks.overlapWords) +
                         " words) must be below the passage length (" +
                         std::to_string(p.chunks.chunkWords) + " words)");
    const std::string source =
        p.dense == "gpt" ? (p.modelPath.empty() ? shippedModelPath() : p.modelPath)
                         : (p.vectorsPath.empty() ? shippedWordVectorsPath() : p.vectorsPath);
    using Key = std::tuple<int, int, double, double, std::string, std::string>;
    const Key key{p.chunks.chunkWords, p.chunks.overlapWords, p.bm25.k1, p.bm25.b, p.dense, source};
    static std::map<Key, std::shared_ptr<const PassageRetriever>> built;
    {
        std::lock_guard lock(cacheMutex());
        if (const auto it = built.find(key); it != built.end())
            return it->second;
    }
    TextEncoder encoder;
    std::shared_ptr<const WordVectors> vectors;
    if (p.dense == "gpt") {
        encoder = cachedGptEncoder(source);
    } else {
        vectors = cachedVectors(source);
        encoder = [vectors](const std::string& t) {
            return meanUnitVector(*vectors, wordTokens(t));
        };
    }
    auto retriever = std::make_shared<const PassageRetriever>(*cachedBank(), p.chunks, p.bm25,
                                                              encoder, progress);
    std::lock_guard lock(cacheMutex());
    if (built.size() > 16)
        built.clear();
    built[key] = retriever;
    return retriever;
}

RetrievalLabResult computeRetrievalLab(const RetrievalLabParams& p, const Progress& progress)
{
    if (p.k < 1)
        throw InputError("k of recall@k must be at least 1");
    if (p.top < 1)
        throw InputError("at least one passage must be listed");
    RetrievalLabResult r;
    r.params = p;
    const Progress building = subProgress(progress, 0, 0.6);
    const auto retriever = retrievalLabRetriever(p, building);
    r.passages = int(retriever->passages().size());
    r.questions = int(retriever->questions().size());
    r.averagePassageTokens = retriever->bm25().averageLength();
    r.embeddingDim = retriever->dim();

    std::vector<std::string> ids;
    for (const auto& q : retriever->questions())
        ids.push_back(q.id);
    const auto queries =
        loadRetrievalEval(p.evalPath.empty() ? shippedRetrievalEvalPath() : p.evalPath, ids);
    for (const auto& q : queries)
        r.evalQueries.push_back(q.query);
    r.evaluation =
        evaluateRetrieval(*retriever, queries, p.fusion, p.k, subProgress(progress, 0.6, 0.95));
    const auto& bm25 = r.evaluation.retrievers[0].perQuery;
    const auto& dense = r.evaluation.retrievers[1].perQuery;
    const auto& hybrid = r.evaluation.retrievers[2].perQuery;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        const bool inB = bm25[i].firstRelevantRank > 0 && bm25[i].firstRelevantRank <= p.k;
        const bool inD = dense[i].firstRelevantRank > 0 && dense[i].firstRelevantRank <= p.k;
        (inB && inD ? r.both : inB ? r.onlyBm25 : inD ? r.onlyDense : r.neither)++;
        if (hybrid[i].reciprocalRank > std::max(bm25[i].reciprocalRank, dense[i].reciprocalRank))
            ++r.hybridBeatsBoth;
    }

    progress.checkCancelled();
    const auto tokens = wordTokens(p.query);
    r.queryTokens = int(tokens.size());
    if (p.dense == "gpt") {
        r.queryKnownTokens = r.queryTokens;
    } else {
        const auto vectors =
            cachedVectors(p.vectorsPath.empty() ? shippedWordVectorsPath() : p.vectorsPath);
        for (const auto& t : tokens)
            r.queryKnownTokens += vectors->find(t) >= 0 ? 1 : 0;
    }
    if (!tokens.empty()) {
        const PassageRankings rankings = retriever->search(p.query, p.fusion);
        for (std::size_t i = 0; i < rankings.hybrid.items.size() && int(i) < p.top; ++i) {
            const int passage = rankings.hybrid.items[i];
            const Passage& ps = retriever->passages()[std::size_t(passage)];
            RetrievalLabHit h;
            h.passage = passage;
            h.questionNumber = ps.questionNumber;
            h.questionId = ps.questionId;
            for (const auto& q : retriever->questions())
                if (q.number == ps.questionNumber)
                    h.questionTitle = q.title;
            h.heading = ps.heading;
            h.snippet = snippet(ps.text, 24);
            h.fused = rankings.hybrid.scores[i];
            h.bm25Score = rankings.bm25Scores[std::size_t(passage)];
            h.denseScore = rankings.denseScores[std::size_t(passage)];
            h.bm25Rank = rankings.bm25.rankOf(passage);
            h.denseRank = rankings.dense.rankOf(passage);
            h.hybridRank = int(i) + 1;
            r.hits.push_back(std::move(h));
        }
    }
    progress.update(1.0, "done");
    return r;
}

} // namespace mllab::labs
