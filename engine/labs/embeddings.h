#pragma once
// The embeddings lab: static word vectors of the question bank two ways — skip-gram with
// negative sampling (word2vec.c / gensim 4.2 conventions, engine/text/embeddings.h) and PPMI with
// context-distribution smoothing + truncated SVD (Levy, Goldberg & Dagan 2015) — side by side:
// nearest neighbours by cosine, 3CosAdd analogies (gensim's most_similar), a PCA projection of
// chosen words, and the tiny GPT's contextual vectors of one word in two sentences next to the
// static vectors' cosine (always 1 for the same word).
//
// The SGNS vectors are the shipped file (resources/models/bank-word2vec.safetensors, made by
// `mllab-cli embeddings train`, docs/embeddings.md) or, with source = trained, trained on the bank
// with the lab's settings (computeEmbeddingsTraining, the view's separate part). PPMI-SVD is
// always computed from the bank with the lab's window, dimension and min_count (a fraction of a
// second, cached).

#include "engine/labs/params.h"
#include "engine/progress.h"
#include "engine/text/embeddings.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <vector>

namespace mllab::labs {

struct EmbeddingsLabParams {
    std::string source = "shipped"; ///< "shipped" | "trained"
    std::string word = "overfitting";
    int top = 8;
    std::string analogyA, analogyB, analogyC;
    std::vector<std::string> projection; ///< words of the 2-D projection
    std::string contextWord;
    std::string sentence1, sentence2;
    text::SgnsParams sgns; ///< dim, window, negatives, subsample, epochs, min_count, seed
};

struct EmbeddingsTraining {
    text::SgnsParams params;
    text::SgnsResult result;
};

struct ProjectedWords {
    std::vector<std::string> words;
    std::vector<double> x, y;
    double explained1 = 0, explained2 = 0; ///< PCA's explained variance ratios
};

struct EmbeddingsMethod {
    std::string id, label; ///< "sgns" / "ppmi-svd"
    int words = 0, dim = 0;
    std::vector<text::Neighbour> neighbours;
    std::vector<text::Neighbour> analogy;
    std::string analogyError; ///< InputError of the analogy (unknown word), or ""
    ProjectedWords projection;
    std::vector<std::string> missing; ///< projection words not in this vocabulary
    double staticCosine = 1;          ///< the context word's vector against itself
    std::string description;          ///< where the vectors came from
};

struct EmbeddingsLabResult {
    EmbeddingsLabParams params;
    EmbeddingsMethod sgns, ppmi;
    text::ContextualResult contextual;
    std::shared_ptr<const EmbeddingsTraining> training; ///< with source = trained
    std::int64_t corpusWords = 0;
};

const LabSpec& embeddingsLabSpec();
EmbeddingsLabParams embeddingsLabParams(const LabState& state);

/// Trains SGNS on the bank with the lab's settings (progress: words done; cancellable).
std::shared_ptr<const EmbeddingsTraining>
computeEmbeddingsTraining(const EmbeddingsLabParams& params, const Progress& progress = {});

/// Everything but the training: `training` gives the SGNS vectors (with source = trained and no
/// training passed, it trains first); otherwise the shipped file. InputError for an unknown
/// word (the neighbour query's or the context word), a missing file, a sentence without the word.
EmbeddingsLabResult computeEmbeddingsLab(const EmbeddingsLabParams& params,
                                         std::shared_ptr<const EmbeddingsTraining> training = {},
                                         const Progress& progress = {});

nlohmann::json embeddingsLabJson(const EmbeddingsLabResult& result);

/// The bank as sentences, read once.
const text::Sentences& bankCorpus();
/// PPMI-SVD of the bank for these settings (the last one cached).
std::shared_ptr<const text::PpmiResult> bankPpmi(const text::PpmiParams& params,
                                                 const Progress& progress = {});

} // namespace mllab::labs
