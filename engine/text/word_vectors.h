#pragma once
// A table of word vectors (word2vec's or PPMI-SVD's output) and its file format: safetensors
// with one F32 tensor "vectors" [words, dim] and the words, in row order, as a JSON array in
// the metadata key "words" (further metadata keys describe how the table was made). Loading
// checks sizes, duplicate words and that every value is finite.

#include <cstddef>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace mllab::text {

struct WordVectors {
    std::vector<std::string> words;
    int dim = 0;
    std::vector<float> values; ///< words.size() * dim, row-major

    /// Row of `word`, or -1.
    int find(const std::string& word) const;
    const float* row(int i) const { return values.data() + std::size_t(i) * std::size_t(dim); }
    std::size_t size() const { return words.size(); }
    /// Rebuilds the word -> row map; call after changing `words`. InputError on a duplicate.
    void reindex();

private:
    std::unordered_map<std::string, int> m_index;
};

/// Writes atomically (see writeSafetensors); InputError when the table is inconsistent.
void saveWordVectors(const std::string& path, const WordVectors& vectors,
                     const std::map<std::string, std::string>& metadata = {});

/// Reads a table written by saveWordVectors; InputError naming the file and the problem.
WordVectors loadWordVectors(const std::string& path,
                            std::map<std::string, std::string>* metadata = nullptr);

/// $MLLAB_WORD_VECTORS if set, else dataDirectory()/models/bank-word2vec.safetensors: the
/// skip-gram vectors trained on the question bank that dense retrieval uses by default.
std::string shippedWordVectorsPath();

/// The mean of the unit-normalised vectors of the tokens found in the table (unknown tokens are
/// skipped), itself normalised to unit length; all zeros when no token is known.
std::vector<float> meanUnitVector(const WordVectors& vectors,
                                  const std::vector<std::string>& tokens);

/// Cosine similarity; 0 when either vector is zero.
double cosine(const float* a, const float* b, int dim);

} // namespace mllab::text
