#pragma once
// BLEU and ROUGE of one candidate against one or more references (the DESIGN.md `text-metrics`
// contract), and corpus BLEU over many. Tokens are whitespace-separated and case-sensitive.
//
// BLEU follows NLTK 3.8's nltk.translate.bleu_score exactly (tested to 1e-12 against it):
// n-gram counts clipped by their largest count in any reference, precisions p_n = clipped
// matches / max(1, candidate n-grams) kept as NLTK's unreduced fractions, the brevity penalty
// from the closest reference length (the shorter on a tie), 0 when no unigram matches. The score
// is cumulative BLEU-N = BP · exp(Σ_{n≤N} (1/N) log p_n), computed for N = 1..4 together as
// sentence_bleu(refs, hyp, weights=[(1,), (1/2, 1/2), (1/3, 1/3, 1/3), (1/4,)*4]) does; BLEU-4
// is "the" BLEU. A zero p_n goes through NLTK's SmoothingFunction (Chen & Cherry 2014) method:
//   0  none: a zero p_n becomes the smallest normal double (BLEU underflows towards 0)
//   1  a zero p_n becomes 0.1 / candidate n-grams
//   2  (matches + 1) / (n-grams + 1) for every n > 1 (Lin & Och 2004)
//   3  NIST geometric: the k-th zero p_n becomes 1 / (2^k · n-grams)
//   4  the k-th zero p_n becomes ln(length) / (5 · 2^k · n-grams), for candidates longer than 1
//      (with a one-token candidate NLTK leaves the zero, which the sum then skips)
//   5  p_n averaged with its neighbours: m_n = (m_{n-1} + p_n + p_{n+1}) / 3, m_0 = p_1 + 1,
//      p_5 the 5-gram precision
//   7  method 4, then method 5
// (method 6 is not offered). Corpus BLEU is NLTK's corpus_bleu: clipped matches, candidate
// n-grams, candidate lengths and closest-reference lengths summed over the corpus, then one
// score. Like NLTK, corpus method 5 and 7 take p_5 from the last pair and method 4 uses the
// summed candidate length.
//
// ROUGE-N (n = 1, 2) and ROUGE-L as Lin (2004): clipped n-gram matches over reference n-grams
// (recall) and candidate n-grams (precision), the longest common subsequence for L, F1 = 2PR/(P+R);
// with several references each score is the one of the reference with the highest F1 (the first
// on a tie).

#include "engine/progress.h"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace mllab {

/// NLTK's smoothing methods offered: 0, 1, 2, 3, 4, 5, 7.
const std::vector<int>& bleuSmoothingMethods();
/// InputError unless `method` is one of bleuSmoothingMethods().
void checkBleuSmoothing(int method);

struct RougeScore {
    double precision = 0, recall = 0, f1 = 0;
};

/// What one candidate n-gram (by its start position) did in BLEU's clipped count: matched a
/// reference n-gram, appeared in a reference but more often in the candidate than in any one
/// reference (clipped away; the first occurrences are the ones counted), or appears in none.
enum class NgramMatch { Matched, Clipped, Unmatched };

struct TextMetrics {
    double bleu = 0;               ///< BLEU-4 with the chosen smoothing
    std::array<double, 4> bleuN{}; ///< cumulative BLEU-1..4
    int smoothing = 0;
    std::array<double, 4> precisions{}; ///< p1..p4, unsmoothed
    /// p1..p4 as the smoothing left them (0: a zero the score skips).
    std::array<double, 4> smoothedPrecisions{};
    std::array<int, 4> matches{};       ///< clipped n-gram matches, n = 1..4
    std::array<int, 4> candidateNgrams{};
    int candidateLength = 0;
    int closestReferenceLength = 0;
    double brevityPenalty = 0;
    RougeScore rouge1, rouge2, rougeL;

    std::vector<std::string> candidateTokens;
    /// [n-1][i]: the n-gram of the candidate starting at token i (size: candidate n-grams).
    std::array<std::vector<NgramMatch>, 4> ngramMatches;
    int rougeLReference = 0; ///< index of the reference ROUGE-L scored against
    /// One longest common subsequence of the candidate and that reference: token indices in
    /// each, increasing (empty when the texts are too long to align, over 4 million cells).
    std::vector<int> lcsCandidate, lcsReference;
};

struct CorpusBleu {
    double bleu = 0;               ///< BLEU-4
    std::array<double, 4> bleuN{}; ///< cumulative BLEU-1..4
    int smoothing = 0;
    std::array<double, 4> precisions{}; ///< summed matches / summed n-grams, unsmoothed
    std::array<double, 4> smoothedPrecisions{};
    std::array<long long, 4> matches{};
    /// Summed max(1, candidate n-grams) per sentence (NLTK's denominators).
    std::array<long long, 4> candidateNgrams{};
    long long candidateLength = 0; ///< summed
    long long referenceLength = 0; ///< summed closest-reference lengths
    double brevityPenalty = 0;
    std::size_t sentences = 0;
};

/// Splits on whitespace.
std::vector<std::string> whitespaceTokens(const std::string& text);

/// InputError when the candidate or a reference has no tokens, no reference is given or the
/// smoothing method is not offered.
TextMetrics computeTextMetrics(const std::string& candidate,
                               const std::vector<std::string>& references, int smoothing = 0);

/// references[i] are the references of candidates[i]. InputError when the sizes differ, the
/// corpus is empty, a candidate or reference has no tokens (named by its line, 1-based) or the
/// smoothing method is not offered.
CorpusBleu corpusBleu(const std::vector<std::string>& candidates,
                      const std::vector<std::vector<std::string>>& references, int smoothing = 0,
                      const Progress& progress = {});
/// The same over views into texts the caller keeps (a file read whole).
CorpusBleu corpusBleuViews(const std::vector<std::string_view>& candidates,
                           const std::vector<std::vector<std::string_view>>& references,
                           int smoothing = 0, const Progress& progress = {});

} // namespace mllab
