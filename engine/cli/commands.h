#pragma once
// The mllab-cli subcommands. Each prints one JSON document on stdout and returns the exit code;
// InputError (exit 1) and UsageError (exit 2) propagate to main, which prints them on stderr.

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace mllab::cli {

struct Command {
    std::string name;
    std::string usage;  ///< one line: options with defaults in brackets
    std::function<int(const std::vector<std::string>& argv, std::ostream& out)> run;
};

/// Every subcommand, in the order `mllab-cli --help` lists them.
const std::vector<Command>& commands();

void addSystemCommands(std::vector<Command>& out);
void addDemoCommands(std::vector<Command>& out);
void addLmCommands(std::vector<Command>& out);
void addSamplingCommands(std::vector<Command>& out);
void addEvaluationCommands(std::vector<Command>& out);
void addBiasVarianceCommands(std::vector<Command>& out);
void addRegularizationCommands(std::vector<Command>& out);
void addLmLabCommands(std::vector<Command>& out);

/// Runs mllab-cli with the given arguments (argv[0] is the program name); returns the exit code.
int runCli(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err);

} // namespace mllab::cli
