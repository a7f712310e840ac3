#include "engine/cli/help.h"

#include "engine/cli/commands.h"

#include <algorithm>
#include <ostream>

namespace mllab::cli {

namespace {

constexpr std::size_t kOptionColumn = 24;

/// The option's name without its placeholder: "--input F" -> "--input".
std::string optionName(const std::string& option)
{
    return option.substr(0, option.find(' '));
}

/// The group whose title's last word is argv[2] ("next" in `lm next --help`), if any.
const OptionGroup* namedGroup(const CommandHelp& help, const std::vector<std::string>& argv)
{
    if (argv.size() < 3)
        return nullptr;
    for (const OptionGroup& g : help.groups) {
        const auto space = g.title.rfind(' ');
        if (space != std::string::npos && g.title.substr(space + 1) == argv[2])
            return &g;
    }
    return nullptr;
}

void printGroup(const OptionGroup& group, std::ostream& out)
{
    out << "\n" << (group.title.empty() ? "options" : group.title + " options") << ":\n";
    if (group.options.empty())
        out << "  (none)\n";
    for (const OptionHelp& o : group.options) {
        out << "  " << o.option;
        if (o.option.size() + 2 < kOptionColumn)
            out << std::string(kOptionColumn - 2 - o.option.size(), ' ');
        else
            out << "\n" << std::string(kOptionColumn, ' ');
        out << o.text << "\n";
    }
}

} // namespace

std::string roffText(const std::string& text)
{
    std::string r;
    for (char c : text) {
        if (c == '\\')
            r += "\\e";
        else if (c == '-')
            r += "\\-";
        else
            r += c;
    }
    if (!r.empty() && (r[0] == '.' || r[0] == '\''))
        r.insert(0, "\\&");
    return r;
}

bool asksForHelp(const std::vector<std::string>& argv)
{
    return std::any_of(argv.begin() + std::min<std::size_t>(2, argv.size()), argv.end(),
                       [](const std::string& a) { return a == "--help" || a == "-h"; });
}

void printCommandHelp(const Command& command, const std::vector<std::string>& argv,
                      std::ostream& out)
{
    out << "usage: mllab-cli " << command.usage << "\n";
    if (!command.help.summary.empty())
        out << "\n" << command.help.summary << "\n";
    if (const OptionGroup* group = namedGroup(command.help, argv)) {
        printGroup(*group, out);
        return;
    }
    for (const OptionGroup& g : command.help.groups)
        printGroup(g, out);
}

void printManPageCommands(const std::vector<Command>& table, std::ostream& out)
{
    for (const Command& c : table) {
        out << ".SS " << roffText(c.name) << "\n";
        out << ".B mllab\\-cli\n" << roffText(c.usage) << "\n.PP\n" << roffText(c.help.summary) << "\n";
        for (const OptionGroup& g : c.help.groups) {
            if (!g.title.empty())
                out << ".PP\n.I " << roffText(g.title) << "\n";
            for (const OptionHelp& o : g.options)
                out << ".TP\n.B " << roffText(o.option) << "\n" << roffText(o.text) << "\n";
        }
    }
}

std::vector<std::string> helpOptionNames(const Command& command)
{
    std::vector<std::string> names;
    for (const OptionGroup& g : command.help.groups)
        for (const OptionHelp& o : g.options)
            if (std::find(names.begin(), names.end(), optionName(o.option)) == names.end())
                names.push_back(optionName(o.option));
    return names;
}

} // namespace mllab::cli
