#pragma once
// The speculative lab: a small draft GPT (resources/models/tiny-gpt-draft.*, the shipped
// model's tokenizer, one block of width 64) proposes gamma tokens, the shipped model verifies
// them in one pass (engine/lm/speculative.h: Leviathan et al. 2023 / Chen et al. 2023). The lab
// shows each token as accepted, rejected (struck through) or corrected, the measured acceptance
// rate alpha against the expected tokens per target pass (1 - alpha^(gamma+1)) / (1 - alpha),
// and the speed-up over plain decoding (the `lm generate` path, engine/lm/decode.h) timed in the
// same job. A sweep part repeats the decoding for gamma = 1..8.
// Declaration and JSON are in mllab_engine_core; the pipeline needs libtorch.

#include "engine/labs/params.h"
#include "engine/lm/speculative.h"
#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace mllab::labs {

struct SpeculativeLabParams {
    std::string modelPath;  ///< target checkpoint ("" in the state: the shipped model)
    std::string draftPath;  ///< draft checkpoint ("" in the state: the shipped draft)
    std::string prompt;
    int gamma = 4;
    double temperature = 0;
    int maxTokens = 48;
    std::uint64_t seed = 0;
    int sweepMax = 8;       ///< the sweep runs gamma = 1..sweepMax
};

struct SpeculativeLabResult {
    SpeculativeResult run;        ///< the speculative decoding at the chosen gamma
    std::vector<TokenId> plainIds;  ///< plain decoding of the same prompt (the reference)
    double plainSeconds = 0;        ///< the faster of two plain runs (run.seconds likewise)
    double speedup = 0;           ///< plainSeconds / run.seconds
    double alpha = 0;             ///< measured acceptance rate
    double expectedPerPass = 0;   ///< (1 - alpha^(gamma+1)) / (1 - alpha)
    double tokensPerPass = 0;     ///< generated tokens / verification passes, measured
    bool matchesPlain = false;    ///< at T = 0: ids identical to plain greedy decoding
    int gamma = 0;
    double temperature = 0;
};

struct SpeculativeSweepPoint {
    int gamma = 0;
    double alpha = 0;
    double tokensPerPass = 0;
    double expectedPerPass = 0;
    double seconds = 0;
    double speedup = 0;  ///< plain seconds / seconds
};

struct SpeculativeSweepResult {
    double plainSeconds = 0; ///< the fastest of the plain runs timed between the gammas
    std::vector<SpeculativeSweepPoint> points;
};

const LabSpec& speculativeLabSpec();
SpeculativeLabParams speculativeLabParams(const LabState& state);
nlohmann::json speculativeLabJson(const SpeculativeLabResult& r);
nlohmann::json speculativeSweepJson(const SpeculativeSweepResult& r);
const char* speculativeKindName(SpeculativeTokenKind kind);

// libtorch (mllab_engine):
SpeculativeLabResult computeSpeculativeLab(const SpeculativeLabParams& params,
                                           const Progress& progress = {});
SpeculativeSweepResult computeSpeculativeSweep(const SpeculativeLabParams& params,
                                               const Progress& progress = {});

} // namespace mllab::labs
