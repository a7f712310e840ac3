#include "engine/text/retrieval.h"

#include "engine/csv.h"
#include "engine/datapaths.h"
#include "engine/json_text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>

namespace mllab::text {

Bm25Index::Bm25Index(const std::vector<std::vector<std::string>>& documents,
                     const Bm25Params& params)
    : m_params(params)
{
    if (!(params.k1 >= 0) || !std::isfinite(params.k1))
        throw InputError("BM25 k1 must be a finite number >= 0, not " + std::to_string(params.k1));
    if (!(params.b >= 0 && params.b <= 1))
        throw InputError("BM25 b must lie in [0, 1], not " + std::to_string(params.b));
    if (documents.empty())
        throw InputError("BM25 needs at least one document");
    double total = 0;
    for (std::size_t d = 0; d < documents.size(); ++d) {
        std::unordered_map<std::string, int> counts;
        for (const auto& token : documents[d])
            ++counts[token];
        for (const auto& [token, count] : counts)
            m_postings[token].push_back({int(d), count});
        m_lengths.push_back(int(documents[d].size()));
        total += double(documents[d].size());
    }
    m_averageLength = total / double(documents.size());
    m_lengthNorm.reserve(m_lengths.size());
    for (const int length : m_lengths) {
        const double relative = m_averageLength > 0 ? double(length) / m_averageLength : 0;
        m_lengthNorm.push_back(params.k1 * (1 - params.b + params.b * relative));
    }
}

int Bm25Index::documentFrequency(const std::string& token) const
{
    const auto it = m_postings.find(token);
    return it == m_postings.end() ? 0 : int(it->second.size());
}

double Bm25Index::idf(const std::string& token) const
{
    const double n = documentFrequency(token);
    const double N = double(m_lengths.size());
    return std::log(1 + (N - n + 0.5) / (n + 0.5));
}

std::vector<double> Bm25Index::scores(const std::vector<std::string>& query) const
{
    std::vector<double> out(m_lengths.size(), 0.0);
    for (const auto& token : query) {
        const auto it = m_postings.find(token);
        if (it == m_postings.end())
            continue;
        const double weight = idf(token) * (m_params.k1 + 1);
        for (const Posting& p : it->second) {
            const double tf = p.frequency;
            out[std::size_t(p.document)] +=
                weight * tf / (tf + m_lengthNorm[std::size_t(p.document)]);
        }
    }
    return out;
}

int Ranking::rankOf(int item) const
{
    const auto it = std::find(items.begin(), items.end(), item);
    return it == items.end() ? 0 : int(it - items.begin()) + 1;
}

Ranking rankByScore(const std::vector<double>& scores, const std::vector<bool>& include)
{
    std::vector<int> order;
    order.reserve(scores.size());
    for (std::size_t i = 0; i < scores.size(); ++i)
        if (include.empty() || include[i])
            order.push_back(int(i));
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return scores[std::size_t(a)] > scores[std::size_t(b)]; });
    Ranking r;
    r.items = order;
    r.scores.reserve(order.size());
    for (const int i : order)
        r.scores.push_back(scores[std::size_t(i)]);
    return r;
}

std::vector<int> fusionCandidates(const std::vector<Ranking>& rankings, int depth)
{
    if (depth < 1)
        throw InputError("the fusion depth must be at least 1, not " + std::to_string(depth));
    std::set<int> all;
    for (const Ranking& r : rankings)
        for (std::size_t i = 0; i < r.items.size() && i < std::size_t(depth); ++i)
            all.insert(r.items[i]);
    return {all.begin(), all.end()};
}

Ranking reciprocalRankFusion(const std::vector<Ranking>& rankings, double k, int depth)
{
    if (!(k >= 0) || !std::isfinite(k))
        throw InputError("RRF's k must be a finite number >= 0, not " + std::to_string(k));
    const std::vector<int> candidates = fusionCandidates(rankings, depth);
    if (candidates.empty())
        return {};
    std::vector<double> scores(std::size_t(candidates.back()) + 1, 0.0);
    std::vector<bool> include(scores.size(), false);
    for (const int c : candidates)
        include[std::size_t(c)] = true;
    for (const Ranking& r : rankings)
        for (std::size_t i = 0; i < r.items.size() && i < std::size_t(depth); ++i)
            scores[std::size_t(r.items[i])] += 1.0 / (k + double(i + 1));
    return rankByScore(scores, include);
}

Ranking weightedFusion(const std::vector<int>& candidates, const std::vector<double>& denseScores,
                       const std::vector<double>& bm25Scores, double weight)
{
    if (!(weight >= 0 && weight <= 1))
        throw InputError("the dense weight must lie in [0, 1], not " + std::to_string(weight));
    if (candidates.empty())
        return {};
    const auto normalised = [&](const std::vector<double>& s) {
        double lo = std::numeric_limits<double>::infinity();
        double hi = -lo;
        for (const int c : candidates) {
            lo = std::min(lo, s.at(std::size_t(c)));
            hi = std::max(hi, s.at(std::size_t(c)));
        }
        std::vector<double> out(s.size(), 0.0);
        for (const int c : candidates)
            out[std::size_t(c)] = hi > lo ? (s[std::size_t(c)] - lo) / (hi - lo) : 0.0;
        return out;
    };
    const std::vector<double> dense = normalised(denseScores);
    const std::vector<double> bm25 = normalised(bm25Scores);
    std::vector<double> fused(denseScores.size(), 0.0);
    std::vector<bool> include(denseScores.size(), false);
    for (const int c : candidates) {
        fused[std::size_t(c)] =
            weight * dense[std::size_t(c)] + (1 - weight) * bm25[std::size_t(c)];
        include[std::size_t(c)] = true;
    }
    return rankByScore(fused, include);
}

Ranking questionRanking(const Ranking& passages, const std::vector<int>& passageQuestion)
{
    int questions = 0;
    for (const int q : passageQuestion)
        questions = std::max(questions, q + 1);
    std::vector<double> best(std::size_t(questions), -std::numeric_limits<double>::infinity());
    std::vector<bool> listed(std::size_t(questions), false);
    for (std::size_t i = 0; i < passages.items.size(); ++i) {
        const auto q = std::size_t(passageQuestion.at(std::size_t(passages.items[i])));
        best[q] = std::max(best[q], passages.scores[i]);
        listed[q] = true;
    }
    return rankByScore(best, listed);
}

QueryMetrics rankingMetrics(const std::vector<int>& ranked, const std::vector<int>& relevant, int k)
{
    if (k < 1)
        throw InputError("k of recall@k must be at least 1, not " + std::to_string(k));
    const std::set<int> wanted(relevant.begin(), relevant.end());
    if (wanted.empty())
        throw InputError("a query needs at least one relevant question");
    QueryMetrics m;
    int foundInK = 0;
    double dcg = 0;
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        if (!wanted.count(ranked[i]))
            continue;
        const int rank = int(i) + 1;
        if (m.firstRelevantRank == 0) {
            m.firstRelevantRank = rank;
            m.reciprocalRank = 1.0 / rank;
        }
        if (rank <= k)
            ++foundInK;
        if (rank <= 10)
            dcg += 1 / std::log2(rank + 1.0);
    }
    double ideal = 0;
    for (int i = 1; i <= std::min<int>(int(wanted.size()), 10); ++i)
        ideal += 1 / std::log2(i + 1.0);
    m.recallAtK = double(foundInK) / double(wanted.size());
    m.ndcg10 = dcg / ideal;
    return m;
}

std::string shippedRetrievalEvalPath()
{
    return dataDirectory() + "/datasets/retrieval-eval.json";
}

std::vector<EvalQuery> loadRetrievalEval(const std::string& path,
                                         const std::vector<std::string>& knownIds)
{
    const std::string text = readTextFile(path);
    nlohmann::json j = parseUserJson(text, path, "a retrieval evaluation set");
    // json defaults: value() with a typed default throws when the member holds another type.
    if (!j.is_object() || j.value("format", nlohmann::json()) != "mllab-retrieval-eval")
        throw InputError(path + " is not a retrieval evaluation set (format "
                                "\"mllab-retrieval-eval\")");
    if (j.value("version", nlohmann::json()) != 1)
        throw InputError(path + ": unsupported version (this build reads version 1)");
    if (!j.contains("queries") || !j["queries"].is_array() || j["queries"].empty())
        throw InputError(path + " has no queries");
    const std::set<std::string> known(knownIds.begin(), knownIds.end());
    std::vector<EvalQuery> out;
    for (std::size_t i = 0; i < j["queries"].size(); ++i) {
        const auto& q = j["queries"][i];
        const std::string where = path + ": query " + std::to_string(i + 1);
        if (!q.is_object() || !q.contains("query") || !q["query"].is_string())
            throw InputError(where + " has no \"query\" text");
        EvalQuery e;
        e.query = q["query"].get<std::string>();
        if (wordTokens(e.query).empty())
            throw InputError(where + " has no word in its text");
        if (!q.contains("relevant") || !q["relevant"].is_array() || q["relevant"].empty())
            throw InputError(where + " lists no relevant question id");
        for (const auto& id : q["relevant"]) {
            if (!id.is_string())
                throw InputError(where + ": relevant ids are strings");
            const std::string s = id.get<std::string>();
            if (!known.empty() && !known.count(s))
                throw InputError(where + " names question id '" + s +
                                 "', which the bank does "
                                 "not hold");
            e.relevant.push_back(s);
        }
        out.push_back(std::move(e));
    }
    return out;
}

TextEncoder wordVectorEncoder(const WordVectors& vectors)
{
    const WordVectors* table = &vectors;
    return [table](const std::string& text) { return meanUnitVector(*table, wordTokens(text)); };
}

PassageRetriever::PassageRetriever(std::vector<BankQuestion> questions, const ChunkOptions& chunks,
                                   const Bm25Params& bm25, const TextEncoder& encoder,
                                   const Progress& progress)
    : m_questions(std::move(questions)), m_encoder(encoder)
{
    m_passages = splitPassages(m_questions, chunks);
    if (m_passages.empty())
        throw InputError("the bank gave no passage to search");
    std::unordered_map<int, int> byNumber;
    for (std::size_t q = 0; q < m_questions.size(); ++q)
        byNumber[m_questions[q].number] = int(q);
    std::vector<std::vector<std::string>> tokens;
    tokens.reserve(m_passages.size());
    for (const Passage& p : m_passages) {
        m_passageQuestion.push_back(byNumber.at(p.questionNumber));
        tokens.push_back(wordTokens(p.text));
    }
    m_bm25 = Bm25Index(tokens, bm25);
    ProgressThrottle throttle(progress); // checks cancel per passage (a GPT pass is ~7 ms)
    for (std::size_t i = 0; i < m_passages.size(); ++i) {
        throttle.tick(double(i) / double(m_passages.size()), "embedding passages");
        const std::vector<float> e = m_encoder(m_passages[i].text);
        if (i == 0) {
            m_dim = int(e.size());
            if (m_dim < 1)
                throw InputError("the dense encoder gave an empty embedding");
            m_embeddings.reserve(m_passages.size() * e.size());
        } else if (int(e.size()) != m_dim) {
            throw InputError("the dense encoder changed its dimension");
        }
        m_embeddings.insert(m_embeddings.end(), e.begin(), e.end());
    }
}

int PassageRetriever::questionIndex(const std::string& id) const
{
    for (std::size_t q = 0; q < m_questions.size(); ++q)
        if (m_questions[q].id == id)
            return int(q);
    return -1;
}

PassageRankings PassageRetriever::search(const std::string& query,
                                         const FusionOptions& fusion) const
{
    PassageRankings r;
    r.bm25Scores = m_bm25.scores(wordTokens(query));
    std::vector<bool> matched(r.bm25Scores.size());
    for (std::size_t i = 0; i < matched.size(); ++i)
        matched[i] = r.bm25Scores[i] > 0;
    r.bm25 = rankByScore(r.bm25Scores, matched);

    const std::vector<float> q = m_encoder(query);
    r.denseScores.assign(m_passages.size(), 0.0);
    bool embedded = false;
    for (const float v : q)
        embedded = embedded || v != 0;
    if (embedded && int(q.size()) == m_dim) {
        for (std::size_t p = 0; p < m_passages.size(); ++p)
            r.denseScores[p] =
                cosine(q.data(), m_embeddings.data() + p * std::size_t(m_dim), m_dim);
        r.dense = rankByScore(r.denseScores);
    }
    if (fusion.fusion == Fusion::Rrf) {
        r.hybrid = reciprocalRankFusion({r.bm25, r.dense}, fusion.rrfK, fusion.depth);
    } else {
        r.hybrid = weightedFusion(fusionCandidates({r.bm25, r.dense}, fusion.depth), r.denseScores,
                                  r.bm25Scores, fusion.weight);
    }
    return r;
}

RetrievalEvaluation evaluateRetrieval(const PassageRetriever& retriever,
                                      const std::vector<EvalQuery>& queries,
                                      const FusionOptions& fusion, int k, const Progress& progress)
{
    if (k < 1)
        throw InputError("k of recall@k must be at least 1, not " + std::to_string(k));
    if (queries.empty())
        throw InputError("the evaluation set has no query");
    RetrievalEvaluation out;
    out.k = k;
    for (const char* name : {"bm25", "dense", "hybrid"}) {
        out.retrievers.emplace_back();
        out.retrievers.back().name = name;
    }
    for (std::size_t i = 0; i < queries.size(); ++i) {
        progress.update(double(i) / double(queries.size()), "evaluating");
        std::vector<int> relevant;
        for (const auto& id : queries[i].relevant) {
            const int q = retriever.questionIndex(id);
            if (q < 0)
                throw InputError("evaluation query '" + queries[i].query + "' names question id '" +
                                 id + "', which the bank does not hold");
            relevant.push_back(q);
        }
        const PassageRankings r = retriever.search(queries[i].query, fusion);
        const Ranking* lists[3] = {&r.bm25, &r.dense, &r.hybrid};
        for (int j = 0; j < 3; ++j) {
            const QueryMetrics m =
                rankingMetrics(retriever.questions(*lists[j]).items, relevant, k);
            auto& e = out.retrievers[std::size_t(j)];
            e.perQuery.push_back(m);
            e.recallAtK += m.recallAtK;
            e.mrr += m.reciprocalRank;
            e.ndcg10 += m.ndcg10;
        }
    }
    for (auto& e : out.retrievers) {
        e.recallAtK /= double(queries.size());
        e.mrr /= double(queries.size());
        e.ndcg10 /= double(queries.size());
    }
    return out;
}

struct BankSearch::Impl {
    WordVectors vectors;
    PassageRetriever retriever;
};

BankSearch::BankSearch(const std::string& bankDirectory, const std::string& vectorsPath)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->vectors = loadWordVectors(vectorsPath.empty() ? shippedWordVectorsPath() : vectorsPath);
    m_impl->retriever = PassageRetriever(loadQuestionBank(bankDirectory), ChunkOptions{},
                                         Bm25Params{}, wordVectorEncoder(m_impl->vectors));
}

BankSearch::~BankSearch() = default;

std::vector<BankSearch::Hit> BankSearch::rank(const std::string& query, int top) const
{
    const PassageRetriever& r = m_impl->retriever;
    const Ranking questions = r.questions(r.search(query, FusionOptions{}).hybrid);
    std::vector<Hit> out;
    for (std::size_t i = 0; i < questions.items.size() && int(i) < top; ++i) {
        const BankQuestion& q = r.questions()[std::size_t(questions.items[i])];
        out.push_back({q.number, q.id, questions.scores[i]});
    }
    return out;
}

} // namespace mllab::text
