#pragma once
// Retrieval over the question bank's passages (bank_corpus.h): Okapi BM25 over an inverted index,
// dense retrieval by the cosine of pooled embeddings, their fusion (reciprocal rank fusion or a
// weighted sum of min-max normalised scores), question-level ranking, and the metrics of an
// evaluation set (recall@k, MRR, nDCG@10 with binary relevance). Qt-free and libtorch-free: the
// dense side takes any TextEncoder (word vectors here; the GPT's pooled hidden states come from
// engine/text/gpt_encoder.h in mllab_engine).
//
// Conventions:
// - BM25 as Lucene/Elasticsearch (BM25Similarity): score(q, d) = Σ over the query's tokens t
//   (a repeated token counts again, as repeated term clauses do) of
//   idf(t) · tf(t, d)·(k1 + 1) / (tf(t, d) + k1·(1 − b + b·|d|/avgdl)),
//   idf(t) = ln(1 + (N − n(t) + 0.5)/(n(t) + 0.5)) with N passages and n(t) of them holding t.
//   A retriever's list holds only the passages that match at least one query token.
// - Dense: cos(e(query), e(passage)); the list holds every passage when the query has an
//   embedding and none when it has none (no known word).
// - Rankings are best first, ranks count from 1, ties go to the lower passage or question index.
// - Fusion candidates: the union of each retriever's first `depth` passages. RRF (Cormack,
//   Clarke & Büttcher 2009, as Elastic and OpenSearch): score = Σ over the retrievers whose list
//   holds the passage within `depth` of 1/(k + rank). Weighted: w·norm(dense) + (1 − w)·norm(bm25)
//   with norm(x) = (x − min)/(max − min) over the candidates (0 when max = min); both retrievers
//   score every candidate (BM25 0 for a passage without a query token).
// - A question's score is the best score of its passages in the list; a question none of whose
//   passages is in the list is not retrieved.

#include "engine/progress.h"
#include "engine/text/bank_corpus.h"
#include "engine/text/word_vectors.h"

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace mllab::text {

struct Bm25Params {
    double k1 = 1.2; ///< term-frequency saturation, >= 0
    double b = 0.75; ///< length normalisation, 0..1
};

/// Okapi BM25 over an inverted index (term -> postings of passage and term frequency): a query
/// visits only the postings of its tokens.
class Bm25Index {
public:
    Bm25Index() = default;
    /// InputError for k1 < 0, b outside [0, 1] or no document.
    Bm25Index(const std::vector<std::vector<std::string>>& documents, const Bm25Params& params);

    /// One score per document (0 where no query token occurs).
    std::vector<double> scores(const std::vector<std::string>& query) const;
    /// ln(1 + (N − n + 0.5)/(n + 0.5)); that of n = 0 for a token no document holds.
    double idf(const std::string& token) const;
    /// Documents holding `token`.
    int documentFrequency(const std::string& token) const;
    std::size_t documentCount() const { return m_lengths.size(); }
    double averageLength() const { return m_averageLength; }
    const Bm25Params& params() const { return m_params; }

private:
    struct Posting {
        int document;
        int frequency;
    };
    std::unordered_map<std::string, std::vector<Posting>> m_postings;
    std::vector<int> m_lengths;
    std::vector<double> m_lengthNorm; ///< k1·(1 − b + b·|d|/avgdl) per document
    double m_averageLength = 0;
    Bm25Params m_params;
};

/// A ranked list: items (passage or question indices) best first with their scores.
struct Ranking {
    std::vector<int> items;
    std::vector<double> scores;

    /// 1-based rank of `item`, 0 when absent.
    int rankOf(int item) const;
};

/// The items whose `include` is true (all when empty), sorted by score, best first; ties to the
/// lower index.
Ranking rankByScore(const std::vector<double>& scores, const std::vector<bool>& include = {});

/// The union of each ranking's first `depth` items, in increasing order.
std::vector<int> fusionCandidates(const std::vector<Ranking>& rankings, int depth);

/// Reciprocal rank fusion of the candidates: Σ 1/(k + rank) over the rankings that hold the item
/// within their first `depth`. InputError for k < 0 or depth < 1.
Ranking reciprocalRankFusion(const std::vector<Ranking>& rankings, double k, int depth);

/// w·norm(dense) + (1 − w)·norm(bm25) over `candidates` (scores indexed by item), norm being
/// min-max over the candidates. InputError for w outside [0, 1].
Ranking weightedFusion(const std::vector<int>& candidates, const std::vector<double>& denseScores,
                       const std::vector<double>& bm25Scores, double weight);

/// Question-level ranking from a passage ranking: each question scores its best passage.
/// `passageQuestion[p]` is the question index of passage p.
Ranking questionRanking(const Ranking& passages, const std::vector<int>& passageQuestion);

/// Binary-relevance metrics of one ranked list of questions.
struct QueryMetrics {
    double recallAtK = 0;      ///< |relevant in the first k| / |relevant|
    double reciprocalRank = 0; ///< 1 / rank of the first relevant item, 0 when none is listed
    double ndcg10 = 0;         ///< DCG@10 / ideal DCG@10, DCG = Σ rel_i / log2(i + 1)
    int firstRelevantRank = 0; ///< 0 when none is listed
};

/// InputError for k < 1 or no relevant item. The ideal DCG places min(|relevant|, 10) relevant
/// items first.
QueryMetrics rankingMetrics(const std::vector<int>& ranked, const std::vector<int>& relevant,
                            int k);

/// One query of an evaluation set: the question ids that answer it.
struct EvalQuery {
    std::string query;
    std::vector<std::string> relevant;
};

/// Reads {"format":"mllab-retrieval-eval","version":1,"queries":[{"query","relevant":[ids]}]};
/// InputError naming the file and the problem, including an id that is not one of `knownIds`
/// (when given).
std::vector<EvalQuery> loadRetrievalEval(const std::string& path,
                                         const std::vector<std::string>& knownIds = {});
/// dataDirectory()/datasets/retrieval-eval.json.
std::string shippedRetrievalEvalPath();

/// Maps a text to a unit-length embedding, or all zeros when it has none; safe to call from
/// several threads at once.
using TextEncoder = std::function<std::vector<float>(const std::string& text)>;

/// meanUnitVector of the text's wordTokens under `vectors` (which must outlive the encoder).
TextEncoder wordVectorEncoder(const WordVectors& vectors);

enum class Fusion { Rrf, Weighted };

struct FusionOptions {
    Fusion fusion = Fusion::Rrf;
    double rrfK = 60;    ///< RRF's k, >= 0
    double weight = 0.5; ///< Weighted: the dense share w, 0..1
    int depth = 100;     ///< passages each retriever contributes to the candidates, >= 1
};

/// Passage rankings of one query by the three retrievers.
struct PassageRankings {
    std::vector<double> bm25Scores;  ///< per passage
    std::vector<double> denseScores; ///< per passage (0 without a query embedding)
    Ranking bm25, dense, hybrid;
};

/// The bank's passages with a BM25 index and their dense embeddings, built once; search() is
/// const and thread-safe.
class PassageRetriever {
public:
    PassageRetriever() = default;
    /// Embeds every passage with `encoder` (progress per passage). InputError when there is no
    /// passage or the encoder's dimension changes.
    PassageRetriever(std::vector<BankQuestion> questions, const ChunkOptions& chunks,
                     const Bm25Params& bm25, const TextEncoder& encoder,
                     const Progress& progress = {});

    PassageRankings search(const std::string& query, const FusionOptions& fusion) const;
    /// Question-level rankings (indices into questions()) of a search.
    Ranking questions(const Ranking& passages) const
    {
        return questionRanking(passages, m_passageQuestion);
    }

    const std::vector<BankQuestion>& questions() const { return m_questions; }
    const std::vector<Passage>& passages() const { return m_passages; }
    const Bm25Index& bm25() const { return m_bm25; }
    int dim() const { return m_dim; }
    /// Index into questions() of a question id, -1 if none.
    int questionIndex(const std::string& id) const;

private:
    std::vector<BankQuestion> m_questions;
    std::vector<Passage> m_passages;
    std::vector<int> m_passageQuestion;
    Bm25Index m_bm25;
    TextEncoder m_encoder;
    int m_dim = 0;
    std::vector<float> m_embeddings; ///< passages × dim, unit rows (or zero)
};

/// Mean metrics of one retriever over an evaluation set, with every query's numbers.
struct RetrieverEvaluation {
    std::string name; ///< "bm25", "dense", "hybrid"
    double recallAtK = 0;
    double mrr = 0;
    double ndcg10 = 0;
    std::vector<QueryMetrics> perQuery;
};

struct RetrievalEvaluation {
    int k = 5;
    std::vector<RetrieverEvaluation> retrievers; ///< bm25, dense, hybrid
};

/// Runs every query through the three retrievers at question level. InputError for k < 1, an
/// empty set or an id the bank does not hold.
RetrievalEvaluation evaluateRetrieval(const PassageRetriever& retriever,
                                      const std::vector<EvalQuery>& queries,
                                      const FusionOptions& fusion, int k,
                                      const Progress& progress = {});

/// "Search by meaning" for the question browser: the bank and the shipped word vectors, built
/// once (a few hundred milliseconds: run it in a job), then rank() per keystroke (well under
/// 50 ms). Hybrid retrieval with the defaults (BM25 k1 1.2, b 0.75, RRF k 60, 120-word passages
/// with 30 words of overlap); const calls are thread-safe.
class BankSearch {
public:
    struct Hit {
        int questionNumber = 0; ///< front matter `number`
        std::string questionId;
        double score = 0; ///< the fused score of the question's best passage
    };

    /// Loads the bank from `bankDirectory` and the vectors from `vectorsPath`; InputError when
    /// either cannot be read.
    explicit BankSearch(const std::string& bankDirectory = questionBankDirectory(),
                        const std::string& vectorsPath = {});
    ~BankSearch();
    BankSearch(const BankSearch&) = delete;
    BankSearch& operator=(const BankSearch&) = delete;

    /// At most `top` questions, best first; empty for a query without a known word.
    std::vector<Hit> rank(const std::string& query, int top = 10) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace mllab::text
