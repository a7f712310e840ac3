#include "engine/lm/tokenization.h"

#include <cctype>

namespace mllab {
namespace {

constexpr std::size_t kMaxTokenizeBytes = 1'000'000;

void validate(const BpeLabParams& p)
{
    if (p.text.empty())
        throw InputError("the training text is empty: type a sentence or two");
    if (p.text.size() > kBpeLabMaxTextBytes)
        throw InputError("the training text has " + std::to_string(p.text.size()) +
                         " bytes; the step-by-step lab takes at most " +
                         std::to_string(kBpeLabMaxTextBytes));
    const std::string& traced = p.probeText.empty() ? p.text : p.probeText;
    if (traced.size() > kBpeLabMaxTraceBytes)
        throw InputError(std::string(p.probeText.empty() ? "the training text" : "the probe text") +
                         " has " + std::to_string(traced.size()) + " bytes; at most " +
                         std::to_string(kBpeLabMaxTraceBytes) +
                         " can be traced step by step (use a shorter probe text)");
    if (p.merges < 1 || p.merges > kBpeLabMaxMerges)
        throw InputError("merges must be from 1 to " + std::to_string(kBpeLabMaxMerges) + ", got " +
                         std::to_string(p.merges));
}

bool continuesUtf8(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

} // namespace

BpeLabResult computeBpeLab(const BpeLabParams& params, const Progress& progress)
{
    validate(params);
    BpeTrainParams bpe;
    bpe.corpus = params.text;
    bpe.vocabSize = 256 + params.merges;
    bpe.minPairCount = 1;
    bpe.traceText = params.probeText.empty() ? params.text : params.probeText;
    BpeTrainResult trained = trainBpe(bpe, progress);

    const BpeTokenizer tokenizer(trained.merges);
    BpeLabResult out;
    out.tracedText = bpe.traceText;
    out.initialPieces = std::move(trained.initialTracePieces);
    out.trainingBytes = std::int64_t(params.text.size());
    out.stoppedEarly = int(trained.steps.size()) < params.merges;
    for (std::size_t i = 0; i < trained.steps.size(); ++i) {
        BpeStep& s = trained.steps[i];
        BpeLabStep step;
        step.step = int(i) + 1;
        step.left = tokenizer.piece(s.pair.left);
        step.right = tokenizer.piece(s.pair.right);
        step.merged = std::move(s.piece);
        step.newToken = s.newToken;
        step.count = s.count;
        step.pieces = std::move(s.tracedPieces);
        out.steps.push_back(std::move(step));
    }
    return out;
}

TokenizationResult computeTokenization(const TokenizationParams& params, const Progress& progress)
{
    const std::string& text = params.text;
    if (text.empty())
        throw InputError("the text to tokenize is empty: type something");
    if (text.size() > kMaxTokenizeBytes)
        throw InputError("the text has " + std::to_string(text.size()) + " bytes; at most " +
                         std::to_string(kMaxTokenizeBytes) + " can be tokenized here");
    progress.checkCancelled();
    TokenizationResult out;
    out.ids = params.tokenizer.encode(text);
    out.vocabularySize = params.tokenizer.vocabSize();
    for (TokenId id : out.ids) {
        const std::string& bytes = params.tokenizer.tokenBytes(id);
        out.pieces.push_back(displayPiece(bytes));
        out.pieceBytes.push_back(int(bytes.size()));
    }
    out.bytes = std::int64_t(text.size());
    bool inWord = false;
    for (unsigned char c : text) {
        const bool space = std::isspace(c) != 0;
        if (!space && !inWord)
            ++out.words;
        inWord = !space;
        if (!continuesUtf8(c))
            ++out.characters;
    }
    out.bytesPerToken = double(out.bytes) / double(out.ids.size());
    out.tokensPerWord = out.words > 0 ? double(out.ids.size()) / double(out.words) : 0.0;
    return out;
}

} // namespace mllab
