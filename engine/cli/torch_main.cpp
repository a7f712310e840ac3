// mllab-cli-torch: every mllab-cli command in one process that links libtorch. mllab-cli runs
// it for the commands that compute with libtorch (commands.h); it takes the same arguments.
#include "engine/cli/commands.h"
#include "engine/runtime.h"

#include <exception>
#include <iostream>

int main(int argc, char** argv)
{
    mllab::configureComputeThreads(0);
    const std::vector<std::string> args(argv, argv + argc);
    try {
        return mllab::cli::runCli(args, std::cout, std::cerr);
    } catch (const std::exception& e) {
        std::cerr << "mllab-cli: internal error: " << e.what() << "\n";
        return 3;
    }
}
