#pragma once
// The mllab-cli subcommands. Each prints one JSON document on stdout and returns the exit code;
// InputError (exit 1) and UsageError (exit 2) propagate to runCli, which prints them on stderr.
//
// Two executables share them. `mllab-cli` links only the libtorch-free mllab_cli_core, so that
// roc, calibration, pca, sample, lasso-path, ... start without loading libtorch; for a command
// that computes with libtorch it executes `mllab-cli-torch` (see engine/cli/main.cpp), which links
// mllab_cli_commands and runs every command. The usage lines of the libtorch commands live in
// the core table so that `mllab-cli --help` lists them without libtorch. A libtorch command may
// also have a torch-free run for some of its arguments: `lm next` on the CPU runs in mllab-cli
// through the torch-free inference of engine/lm/cpu_gpt.h, every other `lm` call in the helper.

#include "engine/cli/help.h"
#include "engine/labs/registry.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace mllab {
class BpeTokenizer;
struct NextTokenResult;
} // namespace mllab

namespace mllab::cli {

class Args;

using RunFunction = std::function<int(const std::vector<std::string>& argv, std::ostream& out)>;

struct Command {
    std::string name;
    std::string usage; ///< one line: options with defaults in brackets
    RunFunction run;
    bool needsTorch = false; ///< computes with libtorch: run only by mllab_cli_commands
    /// mllab-cli only, for a libtorch command: runs the arguments that need no libtorch in this
    /// process and returns kRunInTorchHelper, having printed nothing, for the others.
    RunFunction torchFreeRun = {};
    CommandHelp help = {}; ///< for --help and the manual page
};

/// Writes `doc` as one line of JSON. Text that is not valid UTF-8 (a token cut mid-character, a
/// user's bytes) becomes U+FFFD instead of making the writer throw, so every command's output
/// stays valid JSON whatever the input.
void printJson(std::ostream& out, const nlohmann::json& doc);

/// What a torchFreeRun returns for arguments that mllab-cli-torch must run.
constexpr int kRunInTorchHelper = -1;

// --- mllab_cli_core (no libtorch) ---

/// Every subcommand, in the order `mllab-cli --help` lists them. The libtorch commands come
/// with their name and usage but without a run function.
std::vector<Command> commandTable();

void addSamplingCommands(std::vector<Command>& out);
void addEvaluationCommands(std::vector<Command>& out);
void addBiasVarianceCommands(std::vector<Command>& out);
void addRegularizationCommands(std::vector<Command>& out);
void addTokenizerLabCommands(std::vector<Command>& out);
void addOptimizeCommands(std::vector<Command>& out);
void addServingCommands(std::vector<Command>& out);
void addTextMetricsCommands(std::vector<Command>& out);
void addVectorIndexCommands(std::vector<Command>& out);

/// `lm next`, shared by both executables: its options (argv[3..]), the validated --top, and the
/// JSON answer of DESIGN.md's contract.
Args lmNextArgs(const std::vector<std::string>& argv);
long long lmNextTop(const Args& args);
void printLmNext(const NextTokenResult& result, const BpeTokenizer& tokenizer, long long top,
                 std::ostream& out);
/// The torchFreeRun of `lm`: `lm next` on the CPU with CpuGpt; kRunInTorchHelper for any other
/// subcommand or device.
int runLmWithoutTorch(const std::vector<std::string>& argv, std::ostream& out);

/// `tokenize`, shared by both executables: its options (argv[2..]) and the JSON answer (ids and
/// pieces of the text under the model's tokenizer).
Args tokenizeArgs(const std::vector<std::string>& argv);
void printTokenize(const BpeTokenizer& tokenizer, const std::string& text, std::ostream& out);
/// The torchFreeRun of `tokenize`: reads the tokenizer with the torch-free loader on the CPU;
/// kRunInTorchHelper for another device (which the libtorch loader checks).
int runTokenizeWithoutTorch(const std::vector<std::string>& argv, std::ostream& out);

/// `lab ID [--set k=v]... [--describe]`: validates the state, prints --describe, and runs the
/// pipeline `runnerFor` gives for the lab; kRunInTorchHelper when it gives none.
int runLabCommand(const std::vector<std::string>& argv, std::ostream& out,
                  labs::LabRunner (*runnerFor)(std::string_view));
/// The torchFreeRun of `lab`: runLabCommand over the labs that need no libtorch.
int runLabWithoutTorch(const std::vector<std::string>& argv, std::ostream& out);
CommandHelp labHelp();
/// `lesson FILE`: plays every step of a lesson through runnerFor's pipelines and checks its
/// predictions; kRunInTorchHelper when a step's lab has no pipeline there.
int runLessonCommand(const std::vector<std::string>& argv, std::ostream& out,
                     labs::LabRunner (*runnerFor)(std::string_view));
int runLessonWithoutTorch(const std::vector<std::string>& argv, std::ostream& out);
CommandHelp lessonHelp();

/// Runs mllab-cli over `table` with the given arguments (argv[0] is the program name); returns
/// the exit code. A command without a run function is an internal error (exit 3).
int runCli(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err,
           const std::vector<Command>& table);

// --- mllab_cli_commands (libtorch) ---

/// The run functions of the libtorch commands, by command name.
using Runners = std::map<std::string, RunFunction>;
void addSystemRunners(Runners& out);
void addDemoRunners(Runners& out);
void addLmRunners(Runners& out);
void addLmLabRunners(Runners& out);
void addRetrievalRunners(Runners& out);
void addEmbeddingsRunners(Runners& out);

/// commandTable() with every run function filled in.
const std::vector<Command>& commands();

/// runCli over commands(): every command runs in this process.
int runCli(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err);

} // namespace mllab::cli
