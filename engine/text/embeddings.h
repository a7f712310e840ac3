#pragma once
// Static word vectors trained on a tokenised corpus, two ways, and the queries asked of them.
//
// Skip-gram with negative sampling (SGNS; Mikolov et al. 2013) follows word2vec.c and gensim 4.2's
// Word2Vec(sg=1, hs=0):
// - the vocabulary keeps words seen at least min_count times, most frequent first (ties: in
//   alphabetical order, so that the row order never depends on the corpus's order);
// - each occurrence of word w (count f, corpus of `total` kept words) survives subsampling with
//   gensim's probability min(1, (sqrt(f/(t·total)) + 1)·(t·total)/f) for the threshold t, drawn
//   afresh every epoch; t = 0 keeps every word;
// - the dynamic window: for each centre word a reduced window b is drawn uniformly from
//   [0, window - 1] and the words up to window - b positions away (within the sentence, after
//   subsampling) are its contexts;
// - negatives come from a table of unigram counts raised to 0.75 (word2vec.c's table); each
//   (centre, context) pair draws `negatives` of them. As gensim's train_sg_pair, the context
//   word's input vector predicts the centre word's output vector;
// - input vectors start uniform(-0.5/dim, 0.5/dim), output vectors at zero; the learning rate
//   falls linearly from alpha 0.025 to min_alpha 1e-4 over all the run's words.
// The updates are plain SGD on the touched rows: batches of pairs gather their rows, take the
// gradient of the negative-sampling log-sigmoid loss by hand and index_add_ it back (a word seen
// twice in a batch gets both updates, as word2vec.c's threads would give it). word2vec.c updates
// after every pair; a batch sees the rows as they were at its start. Seeded and deterministic.
//
// The count-based alternative (Levy, Goldberg & Dagan 2015): co-occurrence counts over the same
// (full, not reduced) window, positive PMI with the context distribution smoothed to the power
// 0.75, PPMI(w, c) = max(0, log(#(w,c)·Σ_c #(c)^0.75 / (#(w)·#(c)^0.75·Σ_wc #(w,c)/Σ_w #(w)))),
// i.e. max(0, log P(w,c) / (P(w)·P_0.75(c))), and a truncated SVD of that sparse matrix; the
// vectors are U·Σ^0.5 (Levy et al.'s symmetric weighting, p = 0.5). The SVD is Halko, Martinsson
// & Tropp's randomised range finder (10 extra columns, 2 power iterations, seeded) followed by
// Eigen's exact SVD of the small projected matrix — exact for a matrix of rank <= dim.
//
// Queries: nearest neighbours by cosine; analogies a : b :: c : ? by 3CosAdd as gensim's
// most_similar(positive=[b, c], negative=[a]) (unit vectors, the inputs excluded).

#include "engine/progress.h"
#include "engine/text/word_vectors.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mllab {
class LanguageModel;
} // namespace mllab

namespace mllab::text {

/// A corpus as sentences of word tokens.
using Sentences = std::vector<std::vector<std::string>>;

/// The question bank as sentences: each question's title, then each paragraph of its body
/// (split at blank lines), as wordTokens.
Sentences bankSentences();

struct Vocabulary {
    std::vector<std::string> words;   ///< most frequent first
    std::vector<std::int64_t> counts; ///< per word
    std::int64_t total = 0;           ///< kept words (sum of counts)
    std::int64_t corpusWords = 0;     ///< every token of the corpus
    int find(const std::string& word) const;

private:
    friend Vocabulary buildVocabulary(const Sentences&, int);
    std::vector<std::pair<std::string, int>> m_sorted; ///< word -> row, by word
};

/// InputError when minCount < 1 or no word is seen minCount times.
Vocabulary buildVocabulary(const Sentences& sentences, int minCount);

/// gensim's keep probability per word for threshold t (t <= 0: all 1).
std::vector<double> keepProbabilities(const Vocabulary& vocabulary, double threshold);

/// word2vec.c's negatives table: `size` word rows, word i filling a share count_i^0.75 / Σ.
std::vector<int> unigramTable(const std::vector<std::int64_t>& counts, int size,
                              double power = 0.75);

struct SgnsParams {
    int dim = 64;
    int window = 5;
    int negatives = 5;
    double subsample = 1e-3;
    int epochs = 5;
    int minCount = 3;
    double alpha = 0.025;
    double minAlpha = 1e-4;
    int batchPairs = 512; ///< (centre, context) pairs per SGD step (at most a quarter of the words)
    std::uint64_t seed = 1;
};

struct SgnsResult {
    WordVectors vectors; ///< the input vectors, one row per vocabulary word
    std::vector<std::int64_t> counts;
    std::int64_t corpusWords = 0;  ///< tokens of the corpus
    std::int64_t trainedWords = 0; ///< words kept by subsampling, over all epochs
    std::int64_t pairs = 0;        ///< (centre, context) pairs trained
    std::vector<double> epochLoss; ///< mean negative-sampling loss per pair, per epoch
    double seconds = 0;
    double wordsPerSecond = 0; ///< corpus words × epochs / seconds (gensim's words/s)
};

/// InputError naming the first setting out of range (dim, window, negatives, epochs, min_count,
/// subsampling threshold). Progress reports the words done.
void checkSgnsParams(const SgnsParams& params);
SgnsResult trainSgns(const Sentences& sentences, const SgnsParams& params,
                     const Progress& progress = {});

struct PpmiParams {
    int dim = 64;
    int window = 5;
    int minCount = 3;
    double smoothing = 0.75; ///< context-distribution smoothing exponent
    std::uint64_t seed = 1;
};

struct SparseEntry {
    int row = 0, column = 0;
    double value = 0;
};

struct PpmiResult {
    WordVectors vectors; ///< U·Σ^0.5
    std::vector<double> singularValues;
    std::vector<std::int64_t> counts;
    std::int64_t corpusWords = 0;
    std::int64_t nonZeros = 0; ///< positive PPMI cells
    double seconds = 0;
};

/// Symmetric co-occurrence counts within `window` (both sides, within sentences) of the vocabulary
/// words, and their PPMI; sorted by row then column.
std::vector<SparseEntry> cooccurrences(const Sentences& sentences, const Vocabulary& vocabulary,
                                       int window);
std::vector<SparseEntry> ppmi(const std::vector<SparseEntry>& counts, int words, double smoothing);

/// Rank-`rank` truncated SVD of a rows × columns sparse matrix: U (rows × rank, column-major),
/// the singular values, V (columns × rank, column-major). InputError when rank exceeds either size.
struct TruncatedSvd {
    std::vector<double> u, s, v;
    int rows = 0, columns = 0, rank = 0;
};
TruncatedSvd truncatedSvd(const std::vector<SparseEntry>& matrix, int rows, int columns, int rank,
                          std::uint64_t seed, const Progress& progress = {});

PpmiResult trainPpmiSvd(const Sentences& sentences, const PpmiParams& params,
                        const Progress& progress = {});

struct Neighbour {
    std::string word;
    double cosine = 0;
};

/// Lower-cases `word`; InputError "'xyz' is not in the vocabulary (N words)" otherwise.
int requireWord(const WordVectors& vectors, const std::string& word);

/// The `top` words closest to `word` by cosine, the word itself excluded.
std::vector<Neighbour> nearestNeighbours(const WordVectors& vectors, const std::string& word,
                                         int top);
/// 3CosAdd: the `top` words whose unit vectors are closest to unit(b̂ + ĉ − â), excluding a, b, c;
/// InputError naming every unknown word.
std::vector<Neighbour> analogy(const WordVectors& vectors, const std::string& a,
                               const std::string& b, const std::string& c, int top);

/// Contextual vectors of one word in two sentences: the tiny GPT's final hidden states (after
/// the last LayerNorm), averaged over the tokens whose bytes overlap the word's first whole-word
/// occurrence (case-insensitive) in each sentence.
struct ContextualResult {
    std::string word;
    std::vector<std::string> sentences;           ///< the two sentences
    std::vector<std::vector<std::string>> pieces; ///< tokens of each sentence
    std::vector<std::vector<int>> wordTokens;     ///< the token positions covering the word
    std::vector<std::vector<float>> vectors;      ///< the word's vector in each sentence
    double contextualCosine = 0;
    double staticCosine = 1; ///< the same word's static vector against itself
    int dim = 0;
};

/// Byte span [first, second) of `word`'s first whole-word, case-insensitive occurrence; {-1, -1}
/// when it does not occur.
std::pair<int, int> findWord(const std::string& sentence, const std::string& word);

/// InputError when the word is missing from a sentence, a sentence is empty or longer than the
/// model's context.
ContextualResult contextualVectors(const LanguageModel& model, const std::string& word,
                                   const std::string& first, const std::string& second);

} // namespace mllab::text
