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

// ---- BLEU counts: token ids, then n-gram matches from the runs of equal tokens --------------
//
// Candidate n-gram i equals reference n-gram j exactly when the run of equal tokens starting at
// (i, j) is at least n long, so one pass over the position pairs (most differ at the first
// token) counts every order at once: no n-gram is built, hashed or sorted.

constexpr int kMaxOrder = 5;

struct Token {
    std::string_view text;
    std::uint64_t hash; // FNV-1a
};

/// Whitespace tokens as views into `text` (std::isspace in the C locale, as istringstream >>),
/// hashed on the way.
void splitTokens(std::string_view text, std::vector<Token>& out)
{
    out.clear();
    const char* p = text.data();
    const char* const end = p + text.size();
    const auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
    };
    while (p < end) {
        while (p < end && space(*p))
            ++p;
        const char* start = p;
        std::uint64_t h = 1469598103934665603ULL;
        while (p < end && !space(*p)) {
            h = (h ^ std::uint8_t(*p)) * 1099511628211ULL;
            ++p;
        }
        if (p > start)
            out.push_back({std::string_view(start, std::size_t(p - start)), h});
    }
}

/// Token -> id: an open-addressing table of (hash, id) slots beside the tokens by id (the
/// texts outlive it).
class Vocabulary {
public:
    Vocabulary() : m_slots(1024) {}

    std::uint32_t id(const Token& token)
    {
        const std::uint32_t tag = std::uint32_t(token.hash >> 32);
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t i = std::size_t(token.hash) & mask;; i = (i + 1) & mask) {
            Slot& slot = m_slots[i];
            if (slot.id == kEmpty) {
                slot = {tag, std::uint32_t(m_tokens.size())};
                m_tokens.push_back(token);
                if (2 * m_tokens.size() > m_slots.size())
                    grow();
                return std::uint32_t(m_tokens.size() - 1);
            }
            if (slot.tag == tag) {
                const Token& known = m_tokens[slot.id];
                if (known.hash == token.hash && known.text == token.text)
                    return slot.id;
            }
        }
    }

    std::size_t size() const { return m_tokens.size(); }

private:
    static constexpr std::uint32_t kEmpty = ~std::uint32_t(0);
    struct Slot {
        std::uint32_t tag = 0, id = kEmpty;
    };

    void grow()
    {
        std::vector<Slot> slots(m_slots.size() * 2);
        const std::size_t mask = slots.size() - 1;
        for (std::uint32_t id = 0; id < m_tokens.size(); ++id) {
            std::size_t i = std::size_t(m_tokens[id].hash) & mask;
            while (slots[i].id != kEmpty)
                i = (i + 1) & mask;
            slots[i] = {std::uint32_t(m_tokens[id].hash >> 32), id};
        }
        m_slots.swap(slots);
    }

    std::vector<Slot> m_slots;
    std::vector<Token> m_tokens;
};

/// NLTK's modified_precision as its unreduced fraction.
struct Fraction {
    long long numerator = 0, denominator = 1;
};

/// The run of equal tokens from a[0] and b[0] given a[0] == b[0], at most kMaxOrder long.
int run(const std::uint32_t* a, std::size_t aLeft, const std::uint32_t* b, std::size_t bLeft)
{
    const std::size_t most = std::min({aLeft, bLeft, std::size_t(kMaxOrder)});
    std::size_t k = 1;
    while (k < most && a[k] == b[k])
        ++k;
    return int(k);
}

/// Where each token id occurs in one text: head[id] its last position, next[j] the one before
/// j with the same id (-1: none). head is all -1 between uses.
struct Occurrences {
    std::vector<int> head, next;

    void index(const std::vector<std::uint32_t>& ids, std::size_t vocabularySize)
    {
        if (head.size() < vocabularySize)
            head.resize(vocabularySize, -1);
        next.resize(ids.size());
        for (std::size_t j = 0; j < ids.size(); ++j) {
            next[j] = head[ids[j]];
            head[ids[j]] = int(j);
        }
    }
    void clear(const std::vector<std::uint32_t>& ids)
    {
        for (const std::uint32_t id : ids)
            head[id] = -1;
    }
};

/// Fills p[0..orders-1] for n = 1..orders (orders <= kMaxOrder); every id < vocabularySize.
void countPair(const std::vector<std::uint32_t>& candidate,
               const std::vector<std::vector<std::uint32_t>>& references, int orders, Fraction* p,
               std::size_t vocabularySize, std::vector<Occurrences>& scratch)
{
    std::array<long long, kMaxOrder + 1> matched{};
    const std::size_t c = candidate.size();
    const std::uint32_t* cand = candidate.data();
    if (scratch.size() < references.size() + 1)
        scratch.resize(references.size() + 1);
    scratch[0].index(candidate, vocabularySize);
    for (std::size_t r = 0; r < references.size(); ++r)
        scratch[r + 1].index(references[r], vocabularySize);
    for (std::size_t i = 0; i < c; ++i) {
        const std::uint32_t token = cand[i];
        // The n-gram at i is its first occurrence for every n above the longest run shared
        // with an earlier position; only first occurrences are counted, with their multiplicity.
        // histogram[m]: positions whose run with i is exactly m (capped); counts of "run >= n"
        // are its suffix sums.
        int earlier = 0;
        std::array<long long, kMaxOrder + 1> own{}, clip{};
        for (int k = scratch[0].head[token]; k >= 0; k = scratch[0].next[std::size_t(k)]) {
            const std::size_t kk = std::size_t(k);
            if (kk < i)
                earlier = std::max(earlier, run(cand + kk, c - kk, cand + i, c - i));
            else
                ++own[std::size_t(run(cand + i, c - i, cand + kk, c - kk))];
        }
        if (earlier >= orders)
            continue;
        for (std::size_t r = 0; r < references.size(); ++r) {
            std::array<long long, kMaxOrder + 1> in{};
            const std::uint32_t* ref = references[r].data();
            const std::size_t size = references[r].size();
            const Occurrences& occurrences = scratch[r + 1];
            for (int j = occurrences.head[token]; j >= 0; j = occurrences.next[std::size_t(j)])
                ++in[std::size_t(run(cand + i, c - i, ref + j, size - std::size_t(j)))];
            long long atLeast = 0;
            for (int n = kMaxOrder; n >= 1; --n) {
                atLeast += in[std::size_t(n)];
                clip[std::size_t(n)] = std::max(clip[std::size_t(n)], atLeast);
            }
        }
        long long ownAtLeast = 0;
        for (int n = kMaxOrder; n >= 1; --n) {
            ownAtLeast += own[std::size_t(n)];
            if (n > earlier && n <= orders)
                matched[std::size_t(n)] += std::min(ownAtLeast, clip[std::size_t(n)]);
        }
    }
    scratch[0].clear(candidate);
    for (std::size_t r = 0; r < references.size(); ++r)
        scratch[r + 1].clear(references[r]);
    for (int n = 1; n <= orders; ++n)
        p[n - 1] = {matched[std::size_t(n)], std::max<long long>(1, (long long)c - n + 1)};
}

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
    std::vector<Token> split;
    std::vector<std::uint32_t> candidateIds;
    splitTokens(candidateText, split);
    for (const Token& t : split)
        candidateIds.push_back(vocabulary.id(t));
    std::vector<std::vector<std::uint32_t>> referenceIds(references.size());
    for (std::size_t r = 0; r < references.size(); ++r) {
        splitTokens(referenceTexts[r], split);
        for (const Token& t : split)
            referenceIds[r].push_back(vocabulary.id(t));
    }
    std::array<Fraction, 5> p;
    std::vector<Occurrences> scratch;
    countPair(candidateIds, referenceIds, 5, p.data(), vocabulary.size(), scratch);
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

namespace {

template <class Text>
CorpusBleu corpusBleuOf(const std::vector<Text>& candidates,
                        const std::vector<std::vector<Text>>& references, int smoothing,
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
    std::vector<Token> views;
    std::vector<Occurrences> scratch;
    std::vector<std::uint32_t> candidateIds;
    std::vector<std::vector<std::uint32_t>> referenceIds;
    std::array<long long, 4> numerators{}, denominators{};
    Fraction lastP5;
    ProgressThrottle throttle(progress);
    for (std::size_t s = 0; s < candidates.size(); ++s) {
        if ((s & 255) == 0)
            throttle.tick(double(s) / double(candidates.size()), "corpus BLEU");
        splitTokens(candidates[s], views);
        if (views.empty())
            throw InputError("candidate " + std::to_string(s + 1) + " has no tokens");
        candidateIds.clear();
        for (const Token& t : views)
            candidateIds.push_back(vocabulary.id(t));
        if (references[s].empty())
            throw InputError("candidate " + std::to_string(s + 1) + " has no reference");
        referenceIds.resize(references[s].size());
        for (std::size_t r = 0; r < references[s].size(); ++r) {
            splitTokens(references[s][r], views);
            if (views.empty())
                throw InputError("reference " + std::to_string(r + 1) + " of candidate " +
                                 std::to_string(s + 1) + " has no tokens");
            referenceIds[r].clear();
            for (const Token& t : views)
                referenceIds[r].push_back(vocabulary.id(t));
        }
        const bool last = s + 1 == candidates.size();
        const bool needP5 = last && (smoothing == 5 || smoothing == 7);
        std::array<Fraction, 5> p;
        countPair(candidateIds, referenceIds, needP5 ? 5 : 4, p.data(), vocabulary.size(), scratch);
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

} // namespace

CorpusBleu corpusBleu(const std::vector<std::string>& candidates,
                      const std::vector<std::vector<std::string>>& references, int smoothing,
                      const Progress& progress)
{
    return corpusBleuOf(candidates, references, smoothing, progress);
}

CorpusBleu corpusBleuViews(const std::vector<std::string_view>& candidates,
                           const std::vector<std::vector<std::string_view>>& references,
                           int smoothing, const Progress& progress)
{
    return corpusBleuOf(candidates, references, smoothing, progress);
}

} // namespace mllab
