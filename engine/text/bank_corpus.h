#pragma once
// The question bank as a text corpus for the embeddings, retrieval and vector-index labs: the
// questions read from their Markdown files (front matter: id, number, title, section), split into
// passages at each "## " heading and then into word windows with overlap, and the word tokenizer
// every one of those labs shares. Qt-free; the app's QuestionParser stays the source of truth
// for what the browser shows.

#include "engine/datapaths.h"

#include <string>
#include <string_view>
#include <vector>

namespace mllab::text {

struct BankQuestion {
    std::string id; ///< front matter `id`, e.g. "temperature"
    int number = 0; ///< front matter `number`, 1..72
    std::string title;
    std::string section;
    std::string body; ///< the Markdown after the front matter
};

/// Parses one question file; InputError naming `source` when the front matter or its id/number
/// is missing.
BankQuestion parseBankQuestion(const std::string& markdown, const std::string& source);

/// Every `*.md` file below `directory`, sorted by number; InputError when there is none.
std::vector<BankQuestion> loadQuestionBank(const std::string& directory = questionBankDirectory());

struct Passage {
    int questionNumber = 0;
    std::string questionId;
    std::string heading; ///< the "## " heading the window lies under ("" before the first)
    std::string text;    ///< the window's words joined by single spaces (Markdown kept)
};

struct ChunkOptions {
    int chunkWords = 120;  ///< window length in whitespace-separated words, >= 1
    int overlapWords = 30; ///< words shared by consecutive windows, 0 <= overlap < chunkWords
};

/// Splits each question at its "## " headings and each section into windows of chunkWords words
/// that advance by chunkWords - overlapWords (the last window may be shorter; a section shorter
/// than one window is one passage). A section begins with its heading; the question's title
/// leads its first section.
/// InputError for options out of range.
std::vector<Passage> splitPassages(const std::vector<BankQuestion>& questions,
                                   const ChunkOptions& options = {});

/// Lower-cased runs of ASCII letters and digits; every other byte (punctuation, Markdown, UTF-8)
/// separates words. "Few-shot (k=5)" -> {"few", "shot", "k", "5"}.
std::vector<std::string> wordTokens(std::string_view text);

} // namespace mllab::text
