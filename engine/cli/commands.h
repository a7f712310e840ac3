#pragma once
// The mllab-cli subcommands. Each prints one JSON document on stdout and returns the exit code;
// InputError (exit 1) and UsageError (exit 2) propagate to runCli, which prints them on stderr.
//
// Two executables share them. `mllab-cli` links only the libtorch-free mllab_cli_core, so that
// roc, calibration, pca, sample, lasso-path, ... start without loading libtorch; for a command
// that computes with libtorch it executes `mllab-cli-torch` (engine/cli/helper.h), which links
// mllab_cli_commands and runs every command. The usage lines of the libtorch commands live in
// the core table so that `mllab-cli --help` lists them without libtorch.

#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace mllab::cli {

using RunFunction = std::function<int(const std::vector<std::string>& argv, std::ostream& out)>;

struct Command {
    std::string name;
    std::string usage; ///< one line: options with defaults in brackets
    RunFunction run;
    bool needsTorch = false; ///< computes with libtorch: run only by mllab_cli_commands
};

// --- mllab_cli_core (no libtorch) ---

/// Every subcommand, in the order `mllab-cli --help` lists them. The libtorch commands come
/// with their name and usage but without a run function.
std::vector<Command> commandTable();

void addSamplingCommands(std::vector<Command>& out);
void addEvaluationCommands(std::vector<Command>& out);
void addBiasVarianceCommands(std::vector<Command>& out);
void addRegularizationCommands(std::vector<Command>& out);
void addTokenizerLabCommands(std::vector<Command>& out);

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

/// commandTable() with every run function filled in.
const std::vector<Command>& commands();

/// runCli over commands(): every command runs in this process.
int runCli(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err);

} // namespace mllab::cli
