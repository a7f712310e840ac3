#include "engine/text_metrics.h"

#include "engine/progress.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>

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
RougeScore best(const std::vector<Tokens>& references, Score score)
{
    RougeScore top;
    bool first = true;
    for (const Tokens& r : references) {
        const RougeScore s = score(r);
        if (first || s.f1 > top.f1)
            top = s;
        first = false;
    }
    return top;
}

} // namespace

std::vector<std::string> whitespaceTokens(const std::string& text)
{
    std::istringstream in(text);
    Tokens tokens;
    for (std::string token; in >> token;)
        tokens.push_back(token);
    return tokens;
}

TextMetrics computeTextMetrics(const std::string& candidateText,
                               const std::vector<std::string>& referenceTexts)
{
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
    std::array<int, 4> numerators{};
    for (std::size_t n = 1; n <= 4; ++n) {
        const Counts c = ngrams(candidate, n);
        Counts clip; // the largest count of each n-gram in any reference
        for (const Tokens& r : references)
            for (const auto& [gram, count] : ngrams(r, n))
                clip[gram] = std::max(clip[gram], count);
        numerators[n - 1] = clippedMatches(c, clip);
        m.matches[n - 1] = numerators[n - 1];
        m.candidateNgrams[n - 1] = total(c);
        m.precisions[n - 1] = double(numerators[n - 1]) / double(std::max(1, total(c)));
    }
    const double hyp = double(candidate.size());
    std::size_t closest = references.front().size();
    for (const Tokens& r : references) {
        const double d = std::abs(double(r.size()) - hyp), dc = std::abs(double(closest) - hyp);
        if (d < dc || (d == dc && r.size() < closest))
            closest = r.size();
    }
    m.candidateLength = int(candidate.size());
    m.closestReferenceLength = int(closest);
    m.brevityPenalty = hyp > double(closest) ? 1.0 : std::exp(1.0 - double(closest) / hyp);
    if (numerators[0] > 0) {
        double logSum = 0;
        for (std::size_t n = 0; n < 4; ++n)
            logSum += 0.25 * std::log(numerators[n] > 0 ? m.precisions[n] : DBL_MIN);
        m.bleu = m.brevityPenalty * std::exp(logSum);
    }

    m.rouge1 = best(references, [&](const Tokens& r) { return rougeN(candidate, r, 1); });
    m.rouge2 = best(references, [&](const Tokens& r) { return rougeN(candidate, r, 2); });
    m.rougeL = best(references, [&](const Tokens& r) { return rougeL(candidate, r); });
    return m;
}

} // namespace mllab
