// mllab-cli-manpage TEMPLATE OUT: writes mllab-cli(1) from its template, with the COMMANDS
// section made from the command table (the same descriptions `mllab-cli COMMAND --help` prints).
// Build-time only; not installed.
#include "engine/cli/commands.h"
#include "engine/cli/help.h"

#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::cerr << "usage: mllab-cli-manpage TEMPLATE OUT\n";
        return 2;
    }
    std::ifstream in(argv[1]);
    std::ostringstream page;
    bool filled = false;
    for (std::string line; std::getline(in, line);) {
        if (line == ".\\\" mllab-cli-manpage: commands") {
            mllab::cli::printManPageCommands(mllab::cli::commandTable(), page);
            filled = true;
        } else {
            page << line << "\n";
        }
    }
    if (!in.eof() || !filled) {
        std::cerr << "mllab-cli-manpage: " << argv[1] << " is unreadable or has no commands marker\n";
        return 1;
    }
    std::ofstream out(argv[2]);
    out << page.str();
    return out ? 0 : 1;
}
