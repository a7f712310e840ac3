#pragma once
// BLEU and ROUGE of one candidate against one or more references (the DESIGN.md `text-metrics`
// contract). Tokens are whitespace-separated and case-sensitive.
// BLEU as NLTK's sentence_bleu with weights (0.25, 0.25, 0.25, 0.25) and no smoothing: n-gram
// counts clipped by their largest count in any reference, precisions p_n = clipped matches /
// max(1, candidate n-grams), the brevity penalty from the closest reference length (the shorter
// on a tie), 0 when no unigram matches, and a zero p_n replaced by the smallest normal double as
// NLTK's method0 does (BLEU then underflows towards 0 rather than being exactly 0).
// ROUGE-N (n = 1, 2) and ROUGE-L as Lin (2004): clipped n-gram matches over reference n-grams
// (recall) and candidate n-grams (precision), the longest common subsequence for L, F1 = 2PR/(P+R);
// with several references each score is the one of the reference with the highest F1.

#include <array>
#include <string>
#include <vector>

namespace mllab {

struct RougeScore {
    double precision = 0, recall = 0, f1 = 0;
};

struct TextMetrics {
    double bleu = 0;
    std::array<double, 4> precisions{}; ///< p1..p4, unsmoothed
    std::array<int, 4> matches{};       ///< clipped n-gram matches, n = 1..4
    std::array<int, 4> candidateNgrams{};
    int candidateLength = 0;
    int closestReferenceLength = 0;
    double brevityPenalty = 0;
    RougeScore rouge1, rouge2, rougeL;
};

/// Splits on whitespace.
std::vector<std::string> whitespaceTokens(const std::string& text);

/// InputError when the candidate or a reference has no tokens, or no reference is given.
TextMetrics computeTextMetrics(const std::string& candidate,
                               const std::vector<std::string>& references);

} // namespace mllab
