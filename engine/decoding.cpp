#include "engine/decoding.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace mllab {
namespace {

constexpr int kMaxWidth = 1024;
constexpr int kMaxNewTokens = 100'000;

std::string stepLabel(int step)
{
    return "step " + std::to_string(step + 1) + ": ";
}

void validateCommon(int maxNewTokens, int eosId)
{
    if (maxNewTokens < 1 || maxNewTokens > kMaxNewTokens)
        throw InputError("max new tokens must be between 1 and " + std::to_string(kMaxNewTokens) +
                         ", got " + std::to_string(maxNewTokens));
    if (eosId < -1)
        throw InputError("the end-of-sequence id must be a token id or -1 (none), got " +
                         std::to_string(eosId));
}

/// Checks the scorer's answer for `expected` prefixes; fixes the vocabulary size on first use.
void checkRows(const std::vector<std::vector<float>>& rows, std::size_t expected, int step,
               int eosId, std::size_t& vocab)
{
    if (rows.size() != expected)
        throw InputError(stepLabel(step) + "the scorer returned " + std::to_string(rows.size()) +
                         " rows for " + std::to_string(expected) + " prefixes");
    for (std::size_t b = 0; b < rows.size(); ++b) {
        if (rows[b].empty())
            throw InputError(stepLabel(step) + "the scorer returned an empty row");
        if (vocab == 0)
            vocab = rows[b].size();
        if (rows[b].size() != vocab)
            throw InputError(stepLabel(step) + "row " + std::to_string(b) + " has " +
                             std::to_string(rows[b].size()) + " entries; the vocabulary has " +
                             std::to_string(vocab));
    }
    if (eosId >= 0 && std::size_t(eosId) >= vocab)
        throw InputError("the end-of-sequence id " + std::to_string(eosId) +
                         " is outside the vocabulary of " + std::to_string(vocab) + " tokens");
}

/// Throws InputError for NaN or +inf entries or a row with no finite entry.
void checkValues(const std::vector<float>& row, int step, std::size_t beam)
{
    bool anyFinite = false;
    for (std::size_t t = 0; t < row.size(); ++t) {
        if (std::isnan(row[t]) || row[t] == std::numeric_limits<float>::infinity())
            throw InputError(stepLabel(step) + "beam " + std::to_string(beam) +
                             ": the log-probability of token " + std::to_string(t) + " is " +
                             (std::isnan(row[t]) ? "NaN" : "+inf"));
        anyFinite = anyFinite || std::isfinite(row[t]);
    }
    if (!anyFinite)
        throw InputError(stepLabel(step) + "beam " + std::to_string(beam) +
                         ": every token has log-probability -inf");
}

double lengthNormalised(double logProb, std::size_t length, double alpha)
{
    return logProb / std::pow(double(length), alpha);
}

struct Extension {
    double logProb;   ///< of the extended beam
    std::size_t beam; ///< index of the live beam it extends
    int token;
};

bool extensionRanksBefore(const Extension& a, const Extension& b)
{
    if (a.logProb != b.logProb)
        return a.logProb > b.logProb;
    if (a.beam != b.beam)
        return a.beam < b.beam;
    return a.token < b.token;
}

/// The `count` best finite extensions of one beam (higher log-probability, then lower id).
void bestExtensions(const std::vector<float>& row, std::size_t beam, double base, std::size_t count,
                    std::vector<Extension>& out)
{
    std::vector<Extension> all;
    all.reserve(row.size());
    for (std::size_t t = 0; t < row.size(); ++t) {
        if (std::isfinite(row[t]))
            all.push_back({base + double(row[t]), beam, int(t)});
    }
    const std::size_t keep = std::min(count, all.size());
    std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(keep), all.end(),
                      extensionRanksBefore);
    out.insert(out.end(), all.begin(), all.begin() + std::ptrdiff_t(keep));
}

bool beamRanksBefore(const Beam& a, const Beam& b)
{
    if (a.score != b.score)
        return a.score > b.score;
    if (a.logProb != b.logProb)
        return a.logProb > b.logProb;
    return a.ids < b.ids;
}

/// Hugging Face's stopping rule: width hypotheses exist and no live beam can still beat the worst
/// of the best width of them at its current length.
bool searchIsDone(std::vector<Beam>& finished, const std::vector<Beam>& live, std::size_t width,
                  double alpha)
{
    if (finished.size() < width)
        return false;
    if (live.empty())
        return true;
    std::sort(finished.begin(), finished.end(), beamRanksBefore);
    const double worstFinished = finished[width - 1].score;
    double bestLive = -std::numeric_limits<double>::infinity();
    for (const auto& beam : live)
        bestLive = std::max(bestLive, lengthNormalised(beam.logProb, beam.ids.size(), alpha));
    return worstFinished >= bestLive;
}

} // namespace

BeamResult computeBeamSearch(const BeamParams& params, const NextLogProbs& next,
                             const Progress& progress)
{
    if (params.width < 1 || params.width > kMaxWidth)
        throw InputError("beam width must be between 1 and " + std::to_string(kMaxWidth) +
                         ", got " + std::to_string(params.width));
    if (!std::isfinite(params.lengthPenalty))
        throw InputError("the length penalty must be a finite number");
    validateCommon(params.maxNewTokens, params.eosId);
    const std::size_t width = std::size_t(params.width);
    const double alpha = params.lengthPenalty;

    BeamResult result;
    std::vector<Beam> live(1);
    std::vector<Beam> finished;
    std::size_t vocab = 0;
    for (int step = 0; step < params.maxNewTokens && !live.empty(); ++step) {
        progress.update(double(step) / params.maxNewTokens,
                        "beam search step " + std::to_string(step + 1));
        std::vector<std::vector<int>> prefixes;
        for (const auto& beam : live) {
            prefixes.push_back(params.prompt);
            prefixes.back().insert(prefixes.back().end(), beam.ids.begin(), beam.ids.end());
        }
        const auto rows = next(prefixes);
        ++result.steps;
        checkRows(rows, live.size(), step, params.eosId, vocab);

        std::vector<Extension> extensions;
        for (std::size_t b = 0; b < live.size(); ++b) {
            checkValues(rows[b], step, b);
            bestExtensions(rows[b], b, live[b].logProb, 2 * width, extensions);
        }
        std::sort(extensions.begin(), extensions.end(), extensionRanksBefore);

        std::vector<Beam> nextLive;
        for (std::size_t rank = 0; rank < extensions.size() && nextLive.size() < width; ++rank) {
            const Extension& e = extensions[rank];
            Beam beam = live[e.beam];
            beam.ids.push_back(e.token);
            beam.logProb = e.logProb;
            if (e.token == params.eosId) {
                if (rank < width) {
                    beam.ended = true;
                    beam.score = lengthNormalised(beam.logProb, beam.ids.size(), alpha);
                    finished.push_back(std::move(beam));
                }
                continue;
            }
            nextLive.push_back(std::move(beam));
        }
        live = std::move(nextLive);
        if (searchIsDone(finished, live, width, alpha))
            live.clear();
    }
    for (auto& beam : live) {
        beam.score = lengthNormalised(beam.logProb, beam.ids.size(), alpha);
        finished.push_back(std::move(beam));
    }
    std::sort(finished.begin(), finished.end(), beamRanksBefore);
    if (finished.size() > width)
        finished.resize(width);
    result.beams = std::move(finished);
    progress.update(1.0, "beam search done");
    return result;
}

SampledDecodingResult computeSampledDecoding(const SampledDecodingParams& params,
                                             const NextLogProbs& next, const Progress& progress)
{
    validateCommon(params.maxNewTokens, params.eosId);
    TokenSampler sampler(params.sampling, params.seed);
    SampledDecodingResult result;
    std::vector<int> prefix = params.prompt;
    std::size_t vocab = 0;
    for (int step = 0; step < params.maxNewTokens; ++step) {
        progress.update(double(step) / params.maxNewTokens,
                        "sampling step " + std::to_string(step + 1));
        const auto rows = next({prefix});
        checkRows(rows, 1, step, params.eosId, vocab);
        TokenDraw drawn;
        try {
            drawn = sampler.sample(rows[0]);
        } catch (const InputError& e) {
            throw InputError(stepLabel(step) + "the scorer's " + e.what());
        }
        prefix.push_back(drawn.id);
        result.ids.push_back(drawn.id);
        result.probs.push_back(drawn.probability);
        if (drawn.id == params.eosId) {
            result.ended = true;
            break;
        }
    }
    progress.update(1.0, "sampling done");
    return result;
}

} // namespace mllab
