// The torch-free half of engine/text/embeddings.h: the corpus, vocabulary, subsampling, the
// negatives table, PPMI + truncated SVD and the queries. SGNS training and the contextual vectors
// are in sgns.cpp (libtorch).
#include "engine/text/embeddings.h"

#include "engine/text/bank_corpus.h"

#include <Eigen/Dense>
#include <Eigen/SparseCore>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <random>
#include <sstream>
#include <unordered_map>

namespace mllab::text {

Sentences bankSentences()
{
    Sentences out;
    for (const BankQuestion& q : loadQuestionBank()) {
        auto title = wordTokens(q.title);
        if (!title.empty())
            out.push_back(std::move(title));
        std::istringstream lines(q.body);
        std::string paragraph;
        const auto flush = [&] {
            auto tokens = wordTokens(paragraph);
            if (!tokens.empty())
                out.push_back(std::move(tokens));
            paragraph.clear();
        };
        for (std::string line; std::getline(lines, line);) {
            if (line.find_first_not_of(" \t\r") == std::string::npos)
                flush();
            else
                paragraph += line + "\n";
        }
        flush();
    }
    return out;
}

int Vocabulary::find(const std::string& word) const
{
    const auto it =
        std::lower_bound(m_sorted.begin(), m_sorted.end(), word,
                         [](const auto& e, const std::string& w) { return e.first < w; });
    return it != m_sorted.end() && it->first == word ? it->second : -1;
}

Vocabulary buildVocabulary(const Sentences& sentences, int minCount)
{
    if (minCount < 1)
        throw InputError("min_count must be at least 1 (got " + std::to_string(minCount) + ")");
    std::map<std::string, std::int64_t> counts;
    Vocabulary v;
    for (const auto& sentence : sentences)
        for (const auto& word : sentence) {
            ++counts[word];
            ++v.corpusWords;
        }
    std::vector<std::pair<std::string, std::int64_t>> kept;
    for (const auto& [word, count] : counts)
        if (count >= minCount)
            kept.emplace_back(word, count);
    if (kept.empty())
        throw InputError("no word occurs min_count = " + std::to_string(minCount) +
                         " times in the corpus of " + std::to_string(v.corpusWords) + " words");
    std::stable_sort(kept.begin(), kept.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [word, count] : kept) {
        v.m_sorted.emplace_back(word, int(v.words.size()));
        v.words.push_back(word);
        v.counts.push_back(count);
        v.total += count;
    }
    std::sort(v.m_sorted.begin(), v.m_sorted.end());
    return v;
}

std::vector<double> keepProbabilities(const Vocabulary& vocabulary, double threshold)
{
    std::vector<double> keep(vocabulary.counts.size(), 1.0);
    if (threshold <= 0)
        return keep;
    const double thresholdCount = threshold * double(vocabulary.total);
    for (std::size_t i = 0; i < keep.size(); ++i) {
        const double f = double(vocabulary.counts[i]);
        keep[i] = std::min(1.0, (std::sqrt(f / thresholdCount) + 1) * thresholdCount / f);
    }
    return keep;
}

std::vector<int> unigramTable(const std::vector<std::int64_t>& counts, int size, double power)
{
    if (counts.empty() || size < 1)
        throw InputError("the negatives table needs at least one word and one entry");
    double total = 0;
    for (auto c : counts)
        total += std::pow(double(c), power);
    std::vector<int> table(static_cast<std::size_t>(size));
    // As word2vec.c's InitUnigramTable: word i fills the entries up to its cumulative share.
    std::size_t i = 0;
    double cumulative = std::pow(double(counts[0]), power) / total;
    for (int a = 0; a < size; ++a) {
        table[std::size_t(a)] = int(i);
        if (double(a) / size > cumulative && i + 1 < counts.size()) {
            ++i;
            cumulative += std::pow(double(counts[i]), power) / total;
        }
    }
    return table;
}

std::vector<SparseEntry> cooccurrences(const Sentences& sentences, const Vocabulary& vocabulary,
                                       int window)
{
    if (window < 1)
        throw InputError("window must be at least 1 (got " + std::to_string(window) + ")");
    std::unordered_map<std::uint64_t, double> cells;
    cells.reserve(1 << 20);
    std::vector<int> ids;
    for (const auto& sentence : sentences) {
        ids.clear();
        for (const auto& word : sentence) // as word2vec: unknown words are removed first
            if (int id = vocabulary.find(word); id >= 0)
                ids.push_back(id);
        const int n = int(ids.size());
        for (int i = 0; i < n; ++i)
            for (int j = std::max(0, i - window); j <= std::min(n - 1, i + window); ++j)
                if (j != i)
                    cells[(std::uint64_t(std::uint32_t(ids[std::size_t(i)])) << 32) |
                          std::uint32_t(ids[std::size_t(j)])] += 1;
    }
    std::vector<SparseEntry> out;
    out.reserve(cells.size());
    for (const auto& [key, value] : cells)
        out.push_back({int(key >> 32), int(key & 0xffffffffu), value});
    std::sort(out.begin(), out.end(), [](const SparseEntry& a, const SparseEntry& b) {
        return a.row < b.row || (a.row == b.row && a.column < b.column);
    });
    return out;
}

std::vector<SparseEntry> ppmi(const std::vector<SparseEntry>& counts, int words, double smoothing)
{
    std::vector<double> rowSum(std::size_t(words), 0), columnSum(std::size_t(words), 0);
    double total = 0;
    for (const auto& e : counts) {
        rowSum[std::size_t(e.row)] += e.value;
        columnSum[std::size_t(e.column)] += e.value;
        total += e.value;
    }
    double smoothedTotal = 0;
    for (double c : columnSum)
        smoothedTotal += std::pow(c, smoothing);
    std::vector<SparseEntry> out;
    for (const auto& e : counts) {
        const double pwc = e.value / total;
        const double pw = rowSum[std::size_t(e.row)] / total;
        const double pc = std::pow(columnSum[std::size_t(e.column)], smoothing) / smoothedTotal;
        const double pmi = std::log(pwc / (pw * pc));
        if (pmi > 0)
            out.push_back({e.row, e.column, pmi});
    }
    return out;
}

TruncatedSvd truncatedSvd(const std::vector<SparseEntry>& matrix, int rows, int columns, int rank,
                          std::uint64_t seed, const Progress& progress)
{
    if (rank < 1 || rank > std::min(rows, columns))
        throw InputError("the SVD's rank " + std::to_string(rank) + " must be between 1 and " +
                         std::to_string(std::min(rows, columns)) + " (the matrix is " +
                         std::to_string(rows) + " × " + std::to_string(columns) + ")");
    using Sparse = Eigen::SparseMatrix<double, Eigen::RowMajor>;
    Sparse a(rows, columns);
    std::vector<Eigen::Triplet<double>> triplets;
    triplets.reserve(matrix.size());
    for (const auto& e : matrix)
        triplets.emplace_back(e.row, e.column, e.value);
    a.setFromTriplets(triplets.begin(), triplets.end());
    const Sparse at = a.transpose();
    const int k = std::min(std::min(rows, columns), rank + 10);
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    Eigen::MatrixXd omega(columns, k);
    for (Eigen::Index j = 0; j < omega.cols(); ++j)
        for (Eigen::Index i = 0; i < omega.rows(); ++i)
            omega(i, j) = normal(rng);
    const auto orthonormal = [](const Eigen::MatrixXd& m) {
        Eigen::HouseholderQR<Eigen::MatrixXd> qr(m);
        return Eigen::MatrixXd(qr.householderQ() * Eigen::MatrixXd::Identity(m.rows(), m.cols()));
    };
    Eigen::MatrixXd q = orthonormal(a * omega);
    for (int iteration = 0; iteration < 2; ++iteration) {
        progress.checkCancelled();
        const Eigen::MatrixXd z = orthonormal(at * q);
        q = orthonormal(a * z);
    }
    const Eigen::MatrixXd b = (at * q).transpose(); // k × columns = Qᵀ A
    Eigen::BDCSVD<Eigen::MatrixXd> svd(b, Eigen::ComputeThinU | Eigen::ComputeThinV);
    const Eigen::MatrixXd u = q * svd.matrixU().leftCols(rank);
    const Eigen::MatrixXd v = svd.matrixV().leftCols(rank);
    TruncatedSvd out;
    out.rows = rows;
    out.columns = columns;
    out.rank = rank;
    out.u.assign(u.data(), u.data() + u.size());
    out.v.assign(v.data(), v.data() + v.size());
    for (int i = 0; i < rank; ++i)
        out.s.push_back(svd.singularValues()(i));
    return out;
}

PpmiResult trainPpmiSvd(const Sentences& sentences, const PpmiParams& params,
                        const Progress& progress)
{
    if (params.dim < 1)
        throw InputError("dimension must be at least 1 (got " + std::to_string(params.dim) + ")");
    const auto start = std::chrono::steady_clock::now();
    const Vocabulary vocabulary = buildVocabulary(sentences, params.minCount);
    const int n = int(vocabulary.words.size());
    if (params.dim > n)
        throw InputError("dimension " + std::to_string(params.dim) + " exceeds the vocabulary's " +
                         std::to_string(n) + " words");
    progress.checkCancelled();
    const auto weights =
        ppmi(cooccurrences(sentences, vocabulary, params.window), n, params.smoothing);
    progress.checkCancelled();
    const TruncatedSvd svd = truncatedSvd(weights, n, n, params.dim, params.seed, progress);
    PpmiResult r;
    r.vectors.words = vocabulary.words;
    r.vectors.dim = params.dim;
    r.vectors.values.resize(std::size_t(n) * std::size_t(params.dim));
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < params.dim; ++j)
            r.vectors.values[std::size_t(i) * std::size_t(params.dim) + std::size_t(j)] =
                float(svd.u[std::size_t(j) * std::size_t(n) + std::size_t(i)] *
                      std::sqrt(svd.s[std::size_t(j)]));
    r.vectors.reindex();
    r.singularValues = svd.s;
    r.counts = vocabulary.counts;
    r.corpusWords = vocabulary.corpusWords;
    r.nonZeros = std::int64_t(weights.size());
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

namespace {

std::string lower(std::string s)
{
    for (char& c : s)
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    return s;
}

std::vector<double> unitRow(const WordVectors& vectors, int i)
{
    std::vector<double> out(std::size_t(vectors.dim));
    double norm = 0;
    for (int j = 0; j < vectors.dim; ++j) {
        out[std::size_t(j)] = vectors.row(i)[j];
        norm += out[std::size_t(j)] * out[std::size_t(j)];
    }
    norm = std::sqrt(norm);
    if (norm > 0)
        for (double& x : out)
            x /= norm;
    return out;
}

/// The `top` rows closest by cosine to `target` (any length), skipping `excluded`.
std::vector<Neighbour> closest(const WordVectors& vectors, const std::vector<double>& target,
                               const std::vector<int>& excluded, int top)
{
    if (top < 1)
        throw InputError("top must be at least 1 (got " + std::to_string(top) + ")");
    std::vector<float> t(target.begin(), target.end());
    std::vector<std::pair<double, int>> scored;
    for (int i = 0; i < int(vectors.size()); ++i)
        if (std::find(excluded.begin(), excluded.end(), i) == excluded.end()) {
            const double c = cosine(vectors.row(i), t.data(), vectors.dim);
            scored.emplace_back(std::isnan(c) ? -2.0 : c,
                                i); // NaN sorts last, never breaks the sort
        }
    const std::size_t keep = std::min(scored.size(), std::size_t(top));
    std::partial_sort(scored.begin(), scored.begin() + std::ptrdiff_t(keep), scored.end(),
                      [](const auto& a, const auto& b) {
                          return a.first > b.first || (a.first == b.first && a.second < b.second);
                      });
    std::vector<Neighbour> out;
    for (std::size_t i = 0; i < keep; ++i)
        out.push_back({vectors.words[std::size_t(scored[i].second)], scored[i].first});
    return out;
}

} // namespace

int requireWord(const WordVectors& vectors, const std::string& word)
{
    const std::string w = lower(word);
    if (w.empty())
        throw InputError("write a word to look up");
    const int i = vectors.find(w);
    if (i < 0)
        throw InputError("'" + word + "' is not in the vocabulary (" +
                         std::to_string(vectors.size()) + " words)");
    return i;
}

std::vector<Neighbour> nearestNeighbours(const WordVectors& vectors, const std::string& word,
                                         int top)
{
    const int i = requireWord(vectors, word);
    return closest(vectors, unitRow(vectors, i), {i}, top);
}

std::vector<Neighbour> analogy(const WordVectors& vectors, const std::string& a,
                               const std::string& b, const std::string& c, int top)
{
    std::vector<std::string> unknown;
    for (const auto* w : {&a, &b, &c})
        if (lower(*w).empty() || vectors.find(lower(*w)) < 0)
            unknown.push_back("'" + *w + "'");
    if (!unknown.empty()) {
        std::string list;
        for (const auto& u : unknown)
            list += (list.empty() ? "" : ", ") + u;
        throw InputError(list + (unknown.size() == 1 ? " is" : " are") +
                         " not in the vocabulary (" + std::to_string(vectors.size()) + " words)");
    }
    const int ia = vectors.find(lower(a)), ib = vectors.find(lower(b)), ic = vectors.find(lower(c));
    const auto ua = unitRow(vectors, ia), ub = unitRow(vectors, ib), uc = unitRow(vectors, ic);
    std::vector<double> target(ua.size());
    for (std::size_t j = 0; j < target.size(); ++j)
        target[j] = ub[j] + uc[j] - ua[j];
    return closest(vectors, target, {ia, ib, ic}, top);
}

std::pair<int, int> findWord(const std::string& sentence, const std::string& word)
{
    const std::string s = lower(sentence), w = lower(word);
    if (w.empty())
        return {-1, -1};
    const auto isWordChar = [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    };
    for (std::size_t at = s.find(w); at != std::string::npos; at = s.find(w, at + 1)) {
        const bool before = at == 0 || !isWordChar(s[at - 1]);
        const bool after = at + w.size() == s.size() || !isWordChar(s[at + w.size()]);
        if (before && after)
            return {int(at), int(at + w.size())};
    }
    return {-1, -1};
}

} // namespace mllab::text
