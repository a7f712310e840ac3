#pragma once
// Every lab's declaration, and the pipelines `mllab-cli lab` runs. The declarations are
// libtorch-free, so mllab-cli validates a state before it starts its libtorch helper; the
// pipelines of labs that compute with libtorch are registered by mllab_engine (labRunner).

#include "engine/labs/params.h"
#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <string_view>
#include <vector>

namespace mllab::labs {

/// Every lab, in menu order.
const std::vector<const LabSpec*>& allLabSpecs();
/// The lab with this id, or nullptr.
const LabSpec* findLabSpec(std::string_view id);

/// A lab link (mllab://lab/ID?...) read against these labs; InputError names the problem.
LabState readLabLink(std::string_view link);
/// A state file (*.mllab) or its text read against these labs; InputError names the file and
/// the problem (unreadable, empty, not JSON, truncated, another format, newer, unknown lab, bad
/// value).
LabState readLabStateText(std::string_view text, const std::string& source);
LabState readLabStateFile(const std::string& path);

/// Runs a lab's pipeline for a state and returns the numbers it shows as JSON (the "result" of
/// `mllab-cli lab`). Throws InputError for data the user can fix.
using LabRunner = nlohmann::json (*)(const LabState& state, const Progress& progress);

/// The pipeline of a lab that needs no libtorch (mllab_engine_core), else nullptr.
LabRunner torchFreeLabRunner(std::string_view id);
/// The pipeline of any lab (defined in mllab_engine, which links libtorch).
LabRunner labRunner(std::string_view id);

/// What `mllab-cli lab` prints for a state: {"lab", "params", "result"} (runner's result).
nlohmann::json labOutput(const LabState& state, LabRunner runner, const Progress& progress);

} // namespace mllab::labs
