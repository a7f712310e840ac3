#include "engine/lm/tokenizer.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <tuple>

namespace mllab {
namespace {

constexpr std::size_t kMaxChunk = 256;

std::uint64_t pairKey(TokenId a, TokenId b)
{
    return (std::uint64_t(std::uint32_t(a)) << 32) | std::uint32_t(b);
}

enum class CharClass { Letter, Digit, Space, Other };

CharClass classify(unsigned char c)
{
    if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'')
        return CharClass::Letter;
    if (c >= '0' && c <= '9')
        return CharClass::Digit;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return CharClass::Space;
    return CharClass::Other;
}

/// Replaces every left-to-right occurrence of (a, b) in `ids` by `merged`.
void applyMerge(std::vector<TokenId>& ids, TokenId a, TokenId b, TokenId merged)
{
    std::size_t out = 0;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i + 1 < ids.size() && ids[i] == a && ids[i + 1] == b) {
            ids[out++] = merged;
            ++i;
        } else {
            ids[out++] = ids[i];
        }
    }
    ids.resize(out);
}

std::vector<TokenId> bytesOf(std::string_view chunk)
{
    std::vector<TokenId> ids(chunk.size());
    for (std::size_t i = 0; i < chunk.size(); ++i)
        ids[i] = TokenId(static_cast<unsigned char>(chunk[i]));
    return ids;
}

/// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not one.
std::size_t utf8Length(std::string_view s, std::size_t i)
{
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4;
    if (n == 0 || i + n > s.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
            return 0;
    const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) ||
        (c == 0xF4 && c1 > 0x8F))
        return 0;  // overlong forms and surrogates
    return n;
}

/// A distinct pre-tokenisation chunk of the corpus during training.
struct Word {
    std::vector<TokenId> ids;
    std::int64_t count = 0;
    std::size_t firstSeen = 0;  ///< index of its first occurrence among all chunks
};

struct PairStat {
    std::int64_t count = 0;
    std::size_t firstWord = 0;  ///< position of the word in first-seen order
    std::size_t firstPos = 0;
};

std::vector<Word> collectWords(std::string_view corpus)
{
    std::unordered_map<std::string_view, std::size_t> index;
    std::vector<Word> words;
    std::size_t chunkNo = 0;
    for (std::string_view chunk : preTokenize(corpus)) {
        auto [it, inserted] = index.try_emplace(chunk, words.size());
        if (inserted)
            words.push_back({bytesOf(chunk), 0, chunkNo});
        ++words[it->second].count;
        ++chunkNo;
    }
    return words;  // already in first-seen order
}

/// The pair to merge next: most frequent, ties by earliest occurrence in the text.
/// The most frequent adjacent pair whose merged token stays within kMaxTokenBytes.
bool bestPair(const std::vector<Word>& words, const std::vector<std::string>& pieces,
              BpeMerge& pair, std::int64_t& count)
{
    std::unordered_map<std::uint64_t, PairStat> stats;
    stats.reserve(4096);
    for (std::size_t w = 0; w < words.size(); ++w) {
        const auto& ids = words[w].ids;
        for (std::size_t i = 0; i + 1 < ids.size(); ++i) {
            auto [it, inserted] = stats.try_emplace(pairKey(ids[i], ids[i + 1]));
            if (inserted) {
                it->second.firstWord = w;
                it->second.firstPos = i;
            }
            it->second.count += words[w].count;
        }
    }
    const PairStat* best = nullptr;
    std::uint64_t bestKey = 0;
    for (const auto& [key, stat] : stats) {
        if (pieces[key >> 32].size() + pieces[key & 0xffffffffu].size() > kMaxTokenBytes)
            continue;
        if (!best || stat.count > best->count ||
            (stat.count == best->count &&
             std::tie(stat.firstWord, stat.firstPos) < std::tie(best->firstWord, best->firstPos))) {
            best = &stat;
            bestKey = key;
        }
    }
    if (!best)
        return false;
    pair = {TokenId(bestKey >> 32), TokenId(bestKey & 0xffffffffu)};
    count = best->count;
    return true;
}

} // namespace

std::vector<std::string_view> preTokenize(std::string_view text)
{
    std::vector<std::string_view> chunks;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t start = i;
        const unsigned char c = static_cast<unsigned char>(text[i]);
        CharClass cls = classify(c);
        // A single space joins the run that follows it when that run is letters or punctuation.
        if (c == ' ' && i + 1 < text.size()) {
            const CharClass next = classify(static_cast<unsigned char>(text[i + 1]));
            if (next == CharClass::Letter || next == CharClass::Other) {
                cls = next;
                ++i;
            }
        }
        while (i < text.size() && classify(static_cast<unsigned char>(text[i])) == cls) {
            // A space run stops before the last space when a word follows, so the word keeps it.
            if (cls == CharClass::Space && text[i] == ' ' && i + 1 < text.size() && i > start &&
                classify(static_cast<unsigned char>(text[i + 1])) != CharClass::Space)
                break;
            ++i;
        }
        if (i == start)
            ++i;
        for (std::size_t at = start; at < i; at += kMaxChunk)
            chunks.push_back(text.substr(at, std::min(kMaxChunk, i - at)));
    }
    return chunks;
}

std::string displayPiece(std::string_view bytes)
{
    std::string out;
    static const char* hex = "0123456789ABCDEF";
    for (std::size_t i = 0; i < bytes.size();) {
        const unsigned char c = static_cast<unsigned char>(bytes[i]);
        if (c == ' ') {
            out += "\xE2\x90\xA3";  // ␣
        } else if (c == '\n') {
            out += "\xE2\x86\xB5";  // ↵
        } else if (c == '\t') {
            out += "\xE2\x87\xA5";  // ⇥
        } else if (c >= 0x21 && c < 0x7F) {
            out += char(c);
        } else if (const std::size_t n = c >= 0x80 ? utf8Length(bytes, i) : 0; n > 0) {
            out.append(bytes.substr(i, n));
            i += n;
            continue;
        } else {
            out += "<0x";
            out += hex[c >> 4];
            out += hex[c & 15];
            out += '>';
        }
        ++i;
    }
    return out;
}

BpeTokenizer::BpeTokenizer(std::vector<BpeMerge> merges) : m_merges(std::move(merges))
{
    buildTables();
}

void BpeTokenizer::buildTables()
{
    m_bytes.clear();
    m_rank.clear();
    std::size_t tableBytes = 256;
    if (m_merges.size() > std::size_t(65536 - 256))
        throw InputError("the tokenizer has " + std::to_string(m_merges.size()) +
                         " merges; a vocabulary may have at most 65,536 tokens");
    for (int b = 0; b < 256; ++b)
        m_bytes.emplace_back(1, char(b));
    for (std::size_t i = 0; i < m_merges.size(); ++i) {
        const BpeMerge& m = m_merges[i];
        const TokenId id = TokenId(256 + i);
        if (m.left < 0 || m.right < 0 || m.left >= id || m.right >= id)
            throw InputError("BPE merge " + std::to_string(i) + " refers to token " +
                             std::to_string(std::max(m.left, m.right)) +
                             ", which does not exist before it");
        // Merges can double a token's length each step: bound every token and the table.
        const std::size_t length = m_bytes[m.left].size() + m_bytes[m.right].size();
        if (length > kMaxTokenBytes)
            throw InputError("BPE merge " + std::to_string(i) + " makes a token of " +
                             std::to_string(length) + " bytes; tokens may have at most " +
                             std::to_string(kMaxTokenBytes));
        tableBytes += length;
        if (tableBytes > kMaxTokenTableBytes)
            throw InputError("the BPE merges spell out more than " +
                             std::to_string(kMaxTokenTableBytes >> 20) +
                             " MiB of token text; the tokenizer is damaged or not a tokenizer");
        m_bytes.push_back(m_bytes[m.left] + m_bytes[m.right]);
        m_rank.emplace(pairKey(m.left, m.right), id);
    }
}

std::vector<TokenId> BpeTokenizer::encodeChunk(std::string_view chunk) const
{
    std::vector<TokenId> ids = bytesOf(chunk);
    while (ids.size() > 1) {
        TokenId best = -1;
        std::size_t bestAt = 0;
        for (std::size_t i = 0; i + 1 < ids.size(); ++i) {
            const auto it = m_rank.find(pairKey(ids[i], ids[i + 1]));
            if (it != m_rank.end() && (best < 0 || it->second < best)) {
                best = it->second;
                bestAt = i;
            }
        }
        if (best < 0)
            break;
        applyMerge(ids, ids[bestAt], ids[bestAt + 1], best);
    }
    return ids;
}

std::vector<TokenId> BpeTokenizer::encode(std::string_view text) const
{
    std::vector<TokenId> out;
    out.reserve(text.size() / 2 + 1);
    std::unordered_map<std::string_view, std::vector<TokenId>> cache;  // per call: thread-safe
    for (std::string_view chunk : preTokenize(text)) {
        auto it = cache.find(chunk);
        if (it == cache.end())
            it = cache.emplace(chunk, encodeChunk(chunk)).first;
        out.insert(out.end(), it->second.begin(), it->second.end());
    }
    return out;
}

const std::string& BpeTokenizer::tokenBytes(TokenId id) const
{
    if (id < 0 || id >= vocabSize())
        throw InputError("token id " + std::to_string(id) + " is outside the vocabulary (0-" +
                         std::to_string(vocabSize() - 1) + ")");
    return m_bytes[std::size_t(id)];
}

std::string BpeTokenizer::decode(const std::vector<TokenId>& ids) const
{
    std::string out;
    for (TokenId id : ids)
        out += tokenBytes(id);
    return out;
}

std::string BpeTokenizer::serializeMerges() const
{
    std::string out;
    for (const BpeMerge& m : m_merges)
        out += std::to_string(m.left) + " " + std::to_string(m.right) + "\n";
    return out;
}

BpeTokenizer BpeTokenizer::fromSerializedMerges(const std::string& text)
{
    std::vector<BpeMerge> merges;
    std::istringstream in(text);
    std::string line;
    std::size_t lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.empty())
            continue;
        std::istringstream fields(line);
        BpeMerge m;
        std::string rest;
        if (!(fields >> m.left >> m.right) || (fields >> rest))
            throw InputError("tokenizer merges: line " + std::to_string(lineNo) +
                             " is not two token ids");
        merges.push_back(m);
    }
    return BpeTokenizer(std::move(merges));
}

BpeTrainResult trainBpe(const BpeTrainParams& params, const Progress& progress)
{
    if (params.vocabSize < 256)
        throw InputError("vocabulary size must be at least 256 (the byte tokens), got " +
                         std::to_string(params.vocabSize));
    if (params.vocabSize > 65536)
        throw InputError("vocabulary size must be at most 65536, got " + std::to_string(params.vocabSize));
    std::vector<Word> words = collectWords(params.corpus);
    std::vector<std::vector<TokenId>> traced;
    for (std::string_view chunk : preTokenize(params.traceText))
        traced.push_back(bytesOf(chunk));

    BpeTrainResult result;
    std::vector<std::string> pieces;  // token id -> bytes, grows with the merges
    for (int b = 0; b < 256; ++b)
        pieces.emplace_back(1, char(b));
    auto tracePieces = [&] {
        std::vector<std::string> out;
        for (const auto& ids : traced)
            for (TokenId id : ids)
                out.push_back(displayPiece(pieces[std::size_t(id)]));
        return out;
    };
    if (!params.traceText.empty())
        result.initialTracePieces = tracePieces();

    const int wanted = params.vocabSize - 256;
    for (int step = 0; step < wanted; ++step) {
        progress.update(double(step) / wanted, "merge " + std::to_string(step + 1));
        BpeMerge pair;
        std::int64_t count = 0;
        if (!bestPair(words, pieces, pair, count) || count < params.minPairCount)
            break;
        const TokenId merged = TokenId(256 + step);
        for (Word& w : words)
            applyMerge(w.ids, pair.left, pair.right, merged);
        for (auto& ids : traced)
            applyMerge(ids, pair.left, pair.right, merged);
        pieces.push_back(pieces[std::size_t(pair.left)] + pieces[std::size_t(pair.right)]);
        result.merges.push_back(pair);
        BpeStep s{pair, count, merged, displayPiece(pieces.back()), {}};
        if (!params.traceText.empty())
            s.tracedPieces = tracePieces();
        result.steps.push_back(std::move(s));
    }
    return result;
}

} // namespace mllab
