#include "engine/text_metrics.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string_view>
#include <unordered_map>

namespace mllab {

namespace {

using Tokens = std::vector<std::string>;
using Counts = std::map<std::vector<std::string>, int>;

Counts ngrams(const Tokens& tokens, std::size_t n)
{
    Counts counts;
    for (std::size_t i = 0; i + n <= tokens.size(); ++i)
        ++counts[Tokens(tokens.begin() + std::ptrdiff_t(i), tokens.begin() + std::ptrdiff_t(i + n))];
    return counts;
}

int total(const Counts& counts)
{
    int sum = 0;
    for (const auto& [gram, count] : counts)
        sum += count;
    return sum;
}

/// Candidate n-grams matched, each up to its count in `reference`.
int clippedMatches(const Counts& candidate, const Counts& reference)
{
    int matches = 0;
    for (const auto& [gram, count] : candidate) {
        const auto it = reference.find(gram);
        if (it != reference.end())
            matches += std::min(count, it->second);
    }
    return matches;
}

double f1(double precision, double recall)
{
    return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
}

RougeScore rougeN(const Tokens& candidate, const Tokens& reference, std::size_t n)
{
    const Counts c = ngrams(candidate, n), r = ngrams(reference, n);
    const int matches = clippedMatches(c, r);
    RougeScore s;
    s.precision = total(c) > 0 ? double(matches) / total(c) : 0.0;
    s.recall = total(r) > 0 ? double(matches) / total(r) : 0.0;
    s.f1 = f1(s.precision, s.recall);
    return s;
}

std::size_t lcsLength(const Tokens& a, const Tokens& b)
{
    std::vector<std::size_t> previous(b.size() + 1, 0), current(b.size() + 1, 0);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j)
            current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1
                                              : std::max(previous[j], current[j - 1]);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

/// One longest common subsequence as index pairs, from the full table (small texts only).
void lcsAlignment(const Tokens& a, const Tokens& b, std::vector<int>& inA, std::vector<int>& inB)
{
    const std::size_t w = b.size() + 1;
    std::vector<int> table((a.size() + 1) * w, 0);
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j)
            table[i * w + j] = a[i - 1] == b[j - 1]
                                   ? table[(i - 1) * w + j - 1] + 1
                                   : std::max(table[(i - 1) * w + j], table[i * w + j - 1]);
    std::size_t i = a.size(), j = b.size();
    while (i > 0 && j > 0) {
        if (a[i - 1] == b[j - 1]) {
            inA.push_back(int(i - 1));
            inB.push_back(int(j - 1));
            --i;
            --j;
        } else if (table[(i - 1) * w + j] >= table[i * w + j - 1]) {
            --i;
        } else {
            --j;
        }
    }
    std::reverse(inA.begin(), inA.end());
    std::reverse(inB.begin(), inB.end());
}

RougeScore rougeL(const Tokens& candidate, const Tokens& reference)
{
    const double lcs = double(lcsLength(candidate, reference));
    RougeScore s;
    s.precision = lcs / double(candidate.size());
    s.recall = lcs / double(reference.size());
    s.f1 = f1(s.precision, s.recall);
    return s;
}

template <class Score>
RougeScore best(const std::vector<Tokens>& references, Score score, int* index = nullptr)
{
    RougeScore top;
    bool first = true;
    for (std::size_t i = 0; i < references.size(); ++i) {
        const RougeScore s = score(references[i]);
        if (first || s.f1 > top.f1) {
            top = s;
            if (index)
                *index = int(i);
        }
        first = false;
    }
    return top;
}

// ---- BLEU counts: token ids and packed n-gram keys, exact (no hashing of n-grams) ----------

using Key = unsigned __int128; // up to five token ids of 25 bits each
constexpr int kIdBits = 25;

/// Whitespace tokens as views into `text` (std::isspace in the C locale, as istringstream >>).
void splitViews(std::string_view text, std::vector<std::string_view>& out)
{
    out.clear();
    const auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
    };
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && space(text[i]))
            ++i;
        const std::size_t start = i;
        while (i < text.size() && !space(text[i]))
            ++i;
        if (i > start)
            out.push_back(text.substr(start, i - start));
    }
}

class Vocabulary {
public:
    std::uint32_t id(std::string_view token)
    {
        const auto [it, added] = m_ids.try_emplace(token, std::uint32_t(m_ids.size()));
        if (added && m_ids.size() >= (std::size_t(1) << kIdBits))
            throw InputError("more than 33 million distinct tokens");
        return it->second;
    }

private:
    std::unordered_map<std::string_view, std::uint32_t> m_ids;
};

/// Sorted keys of the n-grams of `ids`.
void sortedKeys(const std::vector<std::uint32_t>& ids, int n, std::vector<Key>& out)
{
    out.clear();
    for (std::size_t i = 0; i + std::size_t(n) <= ids.size(); ++i) {
        Key key = 0;
        for (int k = 0; k < n; ++k)
            key = (key << kIdBits) | ids[i + std::size_t(k)];
        out.push_back(key);
    }
    std::sort(out.begin(), out.end());
}

/// NLTK's modified_precision as its unreduced fraction.
struct Fraction {
    long long numerator = 0, denominator = 1;
};

class PairCounter {
public:
    /// Fills p[0..orders-1] for n = 1..orders.
    void count(const std::vector<std::uint32_t>& candidate,
               const std::vector<std::vector<std::uint32_t>>& references, int orders, Fraction* p)
    {
        for (int n = 1; n <= orders; ++n) {
            sortedKeys(candidate, n, m_candidate);
            m_unique.clear();
            m_counts.clear();
            for (std::size_t i = 0; i < m_candidate.size(); ++i) {
                if (i == 0 || m_candidate[i] != m_candidate[i - 1]) {
                    m_unique.push_back(m_candidate[i]);
                    m_counts.push_back(0);
                }
                ++m_counts.back();
            }
            m_clip.assign(m_unique.size(), 0);
            for (const auto& reference : references) {
                sortedKeys(reference, n, m_reference);
                std::size_t r = 0;
                for (std::size_t u = 0; u < m_unique.size(); ++u) {
                    while (r < m_reference.size() && m_reference[r] < m_unique[u])
                        ++r;
                    long long c = 0;
                    while (r < m_reference.size() && m_reference[r] == m_unique[u]) {
                        ++c;
                        ++r;
                    }
                    m_clip[u] = std::max(m_clip[u], c);
                }
            }
            long long matched = 0;
            for (std::size_t u = 0; u < m_unique.size(); ++u)
                matched += std::min(m_counts[u], m_clip[u]);
            p[n - 1] = {matched, std::max<long long>(1, (long long)m_candidate.size())};
        }
    }

private:
    std::vector<Key> m_candidate, m_reference, m_unique;
    std::vector<long long> m_counts, m_clip;
};

double brevityPenalty(long long closestReferenceLength, long long candidateLength)
{
    if (candidateLength > closestReferenceLength)
        return 1;
    if (candidateLength == 0)
        return 0;
    return std::exp(1 - double(closestReferenceLength) / double(candidateLength));
}

long long closestLength(const std::vector<std::vector<std::uint32_t>>& references, long long hyp)
{
    long long closest = (long long)references.front().size();
    for (const auto& r : references) {
        const long long len = (long long)r.size();
        if (std::llabs(len - hyp) < std::llabs(closest - hyp) ||
            (std::llabs(len - hyp) == std::llabs(closest - hyp) && len < closest))
            closest = len;
    }
    return closest;
}

double value(const Fraction& f)
{
    return double(f.numerator) / double(f.denominator);
}

/// NLTK's corpus_bleu after the counts: the smoothing function on p1..p4 (p5 for methods 5 and
/// 7), then BLEU-1..4 with uniform weights, fsum-like (compensated) sums of w·log p over p > 0.
void scoreBleu(const std::array<Fraction, 4>& p, const Fraction& p5, long long hypLength, double bp,
               int method, std::array<double, 4>& smoothed, std::array<double, 4>& bleuN)
{
    for (std::size_t i = 0; i < 4; ++i)
        smoothed[i] = value(p[i]);
    bleuN = {};
    if (p[0].numerator == 0)
        return;
    const auto method4 = [&] {
        long long k = 1;
        for (std::size_t i = 0; i < 4; ++i)
            if (p[i].numerator == 0 && hypLength > 1) {
                const double numerator = 1 / (double((1LL << k) * 5) / std::log(double(hypLength)));
                smoothed[i] = numerator / double(p[i].denominator);
                ++k;
            }
    };
    const auto method5 = [&] {
        const std::array<double, 5> next{smoothed[0], smoothed[1], smoothed[2], smoothed[3],
                                         value(p5)};
        double previous = next[0] + 1;
        for (std::size_t i = 0; i < 4; ++i) {
            smoothed[i] = (previous + next[i] + next[i + 1]) / 3;
            previous = smoothed[i];
        }
    };
    if (method == 0) {
        for (std::size_t i = 0; i < 4; ++i)
            if (p[i].numerator == 0)
                smoothed[i] = DBL_MIN;
    } else if (method == 1) {
        for (std::size_t i = 0; i < 4; ++i)
            if (p[i].numerator == 0)
                smoothed[i] = (0 + 0.1) / double(p[i].denominator);
    } else if (method == 2) {
        for (std::size_t i = 1; i < 4; ++i)
            smoothed[i] = double(p[i].numerator + 1) / double(p[i].denominator + 1);
    } else if (method == 3) {
        long long k = 1;
        for (std::size_t i = 0; i < 4; ++i)
            if (p[i].numerator == 0) {
                smoothed[i] = 1.0 / double((1LL << k) * p[i].denominator);
                ++k;
            }
    } else if (method == 4) {
        method4();
    } else if (method == 5) {
        method5();
    } else if (method == 7) {
        method4();
        method5();
    } else {
        checkBleuSmoothing(method);
    }
    for (std::size_t order = 1; order <= 4; ++order) {
        const double w = order == 3 ? 1.0 / 3 : 1.0 / double(order);
        double sum = 0, compensation = 0; // Neumaier's summation, as math.fsum rounds once
        for (std::size_t i = 0; i < order; ++i) {
            if (!(smoothed[i] > 0))
                continue;
            const double term = w * std::log(smoothed[i]);
            const double t = sum + term;
            compensation += std::abs(sum) >= std::abs(term) ? (sum - t) + term : (term - t) + sum;
            sum = t;
        }
        bleuN[order - 1] = bp * std::exp(sum + compensation);
    }
}

} // namespace

const std::vector<int>& bleuSmoothingMethods()
{
    static const std::vector<int> methods{0, 1, 2, 3, 4, 5, 7};
    return methods;
}

void checkBleuSmoothing(int method)
{
    const auto& m = bleuSmoothingMethods();
    if (std::find(m.begin(), m.end(), method) == m.end())
        throw InputError("smoothing method " + std::to_string(method) +
                         " is not offered: use 0, 1, 2, 3, 4, 5 or 7 (NLTK's SmoothingFunction)");
}

std::vector<std::string> whitespaceTokens(const std::string& text)
{
    std::istringstream in(text);
    Tokens tokens;
    for (std::string token; in >> token;)
        tokens.push_back(token);
    return tokens;
}

TextMetrics computeTextMetrics(const std::string& candidateText,
                               const std::vector<std::string>& referenceTexts, int smoothing)
{
    checkBleuSmoothing(smoothing);
    if (referenceTexts.empty())
        throw InputError("give at least one reference");
    const Tokens candidate = whitespaceTokens(candidateText);
    if (candidate.empty())
        throw InputError("the candidate has no tokens");
    std::vector<Tokens> references;
    for (std::size_t i = 0; i < referenceTexts.size(); ++i) {
        references.push_back(whitespaceTokens(referenceTexts[i]));
        if (references.back().empty())
            throw InputError("reference " + std::to_string(i + 1) + " has no tokens");
    }

    TextMetrics m;
    m.smoothing = smoothing;
    m.candidateTokens = candidate;
    // The counts through the same path as corpus BLEU.
    Vocabulary vocabulary;
    std::vector<std::uint32_t> candidateIds;
    for (const auto& t : candidate)
        candidateIds.push_back(vocabulary.id(t));
    std::vector<std::vector<std::uint32_t>> referenceIds(references.size());
    for (std::size_t r = 0; r < references.size(); ++r)
        for (const auto& t : references[r])
            referenceIds[r].push_back(vocabulary.id(t));
    std::array<Fraction, 5> p;
    PairCounter counter;
    counter.count(candidateIds, referenceIds, 5, p.data());
    const long long hyp = (long long)candidate.size();
    const long long closest = closestLength(referenceIds, hyp);
    m.candidateLength = int(hyp);
    m.closestReferenceLength = int(closest);
    m.brevityPenalty = brevityPenalty(closest, hyp);
    for (std::size_t n = 0; n < 4; ++n) {
        m.matches[n] = int(p[n].numerator);
        m.candidateNgrams[n] = int(std::max<long long>(0, hyp - (long long)n));
        m.precisions[n] = value(p[n]);
    }
    scoreBleu({p[0], p[1], p[2], p[3]}, p[4], hyp, m.brevityPenalty, smoothing,
              m.smoothedPrecisions, m.bleuN);
    m.bleu = m.bleuN[3];

    // Which candidate n-grams the clipped count took: the first occurrences, up to the largest
    // count in any reference.
    for (std::size_t n = 1; n <= 4; ++n) {
        Counts clip;
        for (const Tokens& r : references)
            for (const auto& [gram, count] : ngrams(r, n))
                clip[gram] = std::max(clip[gram], count);
        Counts used;
        for (std::size_t i = 0; i + n <= candidate.size(); ++i) {
            const Tokens gram(candidate.begin() + std::ptrdiff_t(i),
                              candidate.begin() + std::ptrdiff_t(i + n));
            const auto it = clip.find(gram);
            const int allowed = it == clip.end() ? 0 : it->second;
            int& u = used[gram];
            m.ngramMatches[n - 1].push_back(u < allowed   ? NgramMatch::Matched
                                            : allowed > 0 ? NgramMatch::Clipped
                                                          : NgramMatch::Unmatched);
            if (u < allowed)
                ++u;
        }
    }

    m.rouge1 = best(references, [&](const Tokens& r) { return rougeN(candidate, r, 1); });
    m.rouge2 = best(references, [&](const Tokens& r) { return rougeN(candidate, r, 2); });
    m.rougeL = best(
        references, [&](const Tokens& r) { return rougeL(candidate, r); }, &m.rougeLReference);
    const Tokens& lcsRef = references[std::size_t(m.rougeLReference)];
    if (double(candidate.size()) * double(lcsRef.size()) <= 4e6)
        lcsAlignment(candidate, lcsRef, m.lcsCandidate, m.lcsReference);
    return m;
}

CorpusBleu corpusBleu(const std::vector<std::string>& candidates,
                      const std::vector<std::vector<std::string>>& references, int smoothing,
                      const Progress& progress)
{
    checkBleuSmoothing(smoothing);
    if (candidates.empty())
        throw InputError("the corpus has no candidates");
    if (references.size() != candidates.size())
        throw InputError(std::to_string(candidates.size()) + " candidates but " +
                         std::to_string(references.size()) + " sets of references");
    CorpusBleu c;
    c.smoothing = smoothing;
    c.sentences = candidates.size();
    Vocabulary vocabulary;
    PairCounter counter;
    std::vector<std::string_view> views;
    std::vector<std::uint32_t> candidateIds;
    std::vector<std::vector<std::uint32_t>> referenceIds;
    std::array<long long, 4> numerators{}, denominators{};
    Fraction lastP5;
    ProgressThrottle throttle(progress);
    for (std::size_t s = 0; s < candidates.size(); ++s) {
        if ((s & 255) == 0)
            throttle.tick(double(s) / double(candidates.size()), "corpus BLEU");
        splitViews(candidates[s], views);
        if (views.empty())
            throw InputError("candidate " + std::to_string(s + 1) + " has no tokens");
        candidateIds.clear();
        for (const auto v : views)
            candidateIds.push_back(vocabulary.id(v));
        if (references[s].empty())
            throw InputError("candidate " + std::to_string(s + 1) + " has no reference");
        referenceIds.resize(references[s].size());
        for (std::size_t r = 0; r < references[s].size(); ++r) {
            splitViews(references[s][r], views);
            if (views.empty())
                throw InputError("reference " + std::to_string(r + 1) + " of candidate " +
                                 std::to_string(s + 1) + " has no tokens");
            referenceIds[r].clear();
            for (const auto v : views)
                referenceIds[r].push_back(vocabulary.id(v));
        }
        const bool last = s + 1 == candidates.size();
        const bool needP5 = last && (smoothing == 5 || smoothing == 7);
        std::array<Fraction, 5> p;
        counter.count(candidateIds, referenceIds, needP5 ? 5 : 4, p.data());
        for (std::size_t n = 0; n < 4; ++n) {
            numerators[n] += p[n].numerator;
            denominators[n] += p[n].denominator;
        }
        if (needP5)
            lastP5 = p[4];
        const long long hyp = (long long)candidateIds.size();
        c.candidateLength += hyp;
        c.referenceLength += closestLength(referenceIds, hyp);
    }
    c.brevityPenalty = brevityPenalty(c.referenceLength, c.candidateLength);
    std::array<Fraction, 4> p;
    for (std::size_t n = 0; n < 4; ++n) {
        p[n] = {numerators[n], denominators[n]};
        c.matches[n] = numerators[n];
        c.candidateNgrams[n] = denominators[n];
        c.precisions[n] = value(p[n]);
    }
    scoreBleu(p, lastP5, c.candidateLength, c.brevityPenalty, smoothing, c.smoothedPrecisions,
              c.bleuN);
    c.bleu = c.bleuN[3];
    return c;
}

} // namespace mllab
