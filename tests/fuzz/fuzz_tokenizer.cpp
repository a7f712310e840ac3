// The byte-level BPE tokenizer (engine/lm/tokenizer.h): a merges table read from the input
// ("left right" per line, as checkpoint metadata holds it), then a text after the first blank
// line. Bad tables are refused with InputError; for an accepted one decode(encode(text)) == text
// for every byte string, every id is in the vocabulary, and the table serializes back to itself.

#include "engine/lm/tokenizer.h"
#include "engine/progress.h"
#include "tests/fuzz/fuzz_check.h"

#include <cstdint>
#include <string>
#include <string_view>

using namespace mllab;

namespace {

/// The text encoded is bounded so that one input stays fast however long the table.
constexpr std::size_t kMaxText = 2048;

void checkRoundTrip(const BpeTokenizer& tokenizer, std::string_view text)
{
    const std::vector<TokenId> ids = tokenizer.encode(text);
    FUZZ_CHECK(ids.size() <= text.size());
    for (TokenId id : ids) {
        FUZZ_CHECK(id >= 0 && id < tokenizer.vocabSize());
        FUZZ_CHECK(!tokenizer.tokenBytes(id).empty());
        FUZZ_CHECK(tokenizer.tokenBytes(id).size() <= kMaxTokenBytes);
    }
    FUZZ_CHECK(tokenizer.decode(ids) == text);
}

/// Ids read from the text's bytes decode when they are in the vocabulary, else InputError.
void checkDecodeOfAnyIds(const BpeTokenizer& tokenizer, std::string_view text)
{
    std::vector<TokenId> ids;
    for (std::size_t i = 0; i + 2 <= text.size() && ids.size() < 64; i += 2)
        ids.push_back(TokenId(std::uint8_t(text[i]) | std::uint8_t(text[i + 1]) << 8) - 256);
    bool inVocabulary = true;
    std::size_t bytes = 0;
    for (TokenId id : ids) {
        inVocabulary = inVocabulary && id >= 0 && id < tokenizer.vocabSize();
        if (inVocabulary)
            bytes += tokenizer.tokenBytes(id).size();
    }
    try {
        FUZZ_CHECK(tokenizer.decode(ids).size() == bytes);
        FUZZ_CHECK(inVocabulary);
    } catch (const InputError&) {
        FUZZ_CHECK(!inVocabulary);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t split = input.find("\n\n");
    const std::string table(input.substr(0, split));
    const std::string_view text =
        split == std::string_view::npos ? std::string_view() : input.substr(split + 2, kMaxText);
    try {
        const BpeTokenizer tokenizer = BpeTokenizer::fromSerializedMerges(table);
        FUZZ_CHECK(tokenizer.vocabSize() == 256 + int(tokenizer.merges().size()));
        const BpeTokenizer again = BpeTokenizer::fromSerializedMerges(tokenizer.serializeMerges());
        FUZZ_CHECK(again.serializeMerges() == tokenizer.serializeMerges());
        checkRoundTrip(tokenizer, text);
        checkRoundTrip(tokenizer, table.substr(0, kMaxText));
        checkDecodeOfAnyIds(tokenizer, text);
    } catch (const InputError&) {
    }
    return 0;
}
