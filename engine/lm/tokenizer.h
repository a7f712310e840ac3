#pragma once
// Byte-level BPE tokenizer: 256 byte tokens plus learned merges, so every byte sequence (invalid
// UTF-8, emoji, NUL, the empty string) encodes and decodes exactly.
//
// Pre-tokenisation splits text into chunks that merges never cross, GPT-2 style: an optional
// leading space joined to a run of letters (bytes >= 0x80 count as letters, keeping UTF-8 words
// whole), a run of digits, an optional space joined to a run of punctuation, or a run of
// whitespace. Training repeatedly merges the most frequent adjacent pair, ties broken by the
// pair's earliest occurrence in the text, so a hand-run of the algorithm gives the same merges.

#include "engine/progress.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace mllab {

using TokenId = std::int32_t;

/// Longest token (in bytes) a tokenizer may hold; training skips pairs that would exceed it and
/// loading refuses merges that do (each merge can double a length: 28 of them reach 256 MiB).
constexpr std::size_t kMaxTokenBytes = 1024;
/// Bytes of all tokens' text together; 65,536 tokens of 128 bytes each fit.
constexpr std::size_t kMaxTokenTableBytes = std::size_t(8) << 20;

struct BpeMerge {
    TokenId left = 0;
    TokenId right = 0;
};

/// One step of BPE training, for the tokenizer lab.
struct BpeStep {
    BpeMerge pair;                     ///< the merged pair
    std::int64_t count = 0;            ///< its frequency when merged
    TokenId newToken = 0;              ///< id of the merged token (256 + step)
    std::string piece;                 ///< readable text of the new token
    std::vector<std::string> tracedPieces;  ///< the traced text's tokens after this step
};

struct BpeTrainParams {
    std::string corpus;
    int vocabSize = 1024;   ///< 256 bytes + merges; stops early when no pair is left
    int minPairCount = 1;   ///< a pair must occur at least this often to be merged
    std::string traceText;  ///< when non-empty, its tokenization is recorded after every merge
};

struct BpeTrainResult {
    std::vector<BpeMerge> merges;
    std::vector<BpeStep> steps;
    std::vector<std::string> initialTracePieces;  ///< traceText as bytes, before any merge
};

/// Shows bytes as readable text: printable ASCII as is, space as '␣', newline '↵', tab '⇥',
/// complete UTF-8 characters as themselves, every other byte as <0xNN>.
std::string displayPiece(std::string_view bytes);

class BpeTokenizer {
public:
    BpeTokenizer() { buildTables(); }  ///< bytes only (256 tokens)
    explicit BpeTokenizer(std::vector<BpeMerge> merges);

    int vocabSize() const { return 256 + int(m_merges.size()); }
    const std::vector<BpeMerge>& merges() const { return m_merges; }

    std::vector<TokenId> encode(std::string_view text) const;
    std::string decode(const std::vector<TokenId>& ids) const;
    /// Raw bytes of one token; InputError for an id outside the vocabulary.
    const std::string& tokenBytes(TokenId id) const;
    /// Readable text of one token (see displayPiece).
    std::string piece(TokenId id) const { return displayPiece(tokenBytes(id)); }

    /// Merges as text "l r\n..." (for checkpoint metadata) and back; InputError on bad text.
    std::string serializeMerges() const;
    static BpeTokenizer fromSerializedMerges(const std::string& text);

private:
    void buildTables();
    std::vector<TokenId> encodeChunk(std::string_view chunk) const;

    std::vector<BpeMerge> m_merges;
    std::vector<std::string> m_bytes;                   ///< token id -> bytes
    std::unordered_map<std::uint64_t, TokenId> m_rank;  ///< pair key -> merged id (its rank)
};

/// Trains merges on `params.corpus`; cancellable between merges.
BpeTrainResult trainBpe(const BpeTrainParams& params, const Progress& progress = {});

/// Splits text into pre-tokenisation chunks (views into `text`); chunks longer than 256 bytes
/// are cut into 256-byte pieces so encoding stays linear on pathological input.
std::vector<std::string_view> preTokenize(std::string_view text);


} // namespace mllab
