#pragma once
// What `mllab-cli COMMAND --help` prints and the mllab-cli(1) manual lists: one description per
// command, written beside its usage line, so the two cannot drift apart.

#include <iosfwd>
#include <string>
#include <vector>

namespace mllab::cli {

struct Command;

struct OptionHelp {
    std::string option; ///< as typed, with its value's placeholder: "--input F"
    std::string text;   ///< what it sets; the default in brackets
};

/// The options of one command, or of one subcommand (title "lm next") of a command.
struct OptionGroup {
    std::string title; ///< empty for a command without subcommands
    std::vector<OptionHelp> options;
};

struct CommandHelp {
    std::string summary; ///< what the command computes, one or two sentences
    std::vector<OptionGroup> groups;
};

/// True when argv (after the command name) asks for help: --help or -h.
bool asksForHelp(const std::vector<std::string>& argv);

/// Usage, summary and options of `command`; for a command with subcommands, only the named
/// subcommand's options when argv[2] names one.
void printCommandHelp(const Command& command, const std::vector<std::string>& argv,
                      std::ostream& out);

/// The COMMANDS section of mllab-cli(1), in roff (man macros), for every command of `table`.
void printManPageCommands(const std::vector<Command>& table, std::ostream& out);

/// Text for a roff (man) page: backslashes escaped, '-' as the unbreakable \- of option names,
/// and a leading '.' or '\'' kept from being read as a request.
std::string roffText(const std::string& text);

/// Every option name ("--input") a command's help lists, in order, without repeats.
std::vector<std::string> helpOptionNames(const Command& command);

} // namespace mllab::cli
