// mllab-cli: every engine computation from the shell, as JSON. This executable does not link
// libtorch: the commands that compute with it run in mllab-cli-torch, which it executes in its
// place with the same arguments (found next to this executable, as in the build tree, or in
// the installed helper folder MLLAB_CLI_HELPER_DIR, relative to this executable's folder) unless
// the command's torchFreeRun answers the call itself (`lm next` on the CPU).
#include "engine/cli/commands.h"

#include <cerrno>
#include <cstring>
#include <exception>
#include <iostream>
#include <string>
#include <unistd.h>

namespace {

const char* const kHelperName = "mllab-cli-torch";

std::string executableDirectory()
{
    std::string path(4096, '\0');
    const ssize_t n = ::readlink("/proc/self/exe", path.data(), path.size() - 1);
    if (n <= 0)
        return ".";
    path.resize(std::size_t(n));
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

/// Replaces this process by mllab-cli-torch with the same arguments; returns only on failure,
/// after saying what is missing.
int runInTorchHelper(const std::vector<std::string>& argv)
{
    const std::string dir = executableDirectory();
    const std::string candidates[] = {dir + "/" + kHelperName,
                                      dir + "/" MLLAB_CLI_HELPER_DIR "/" + kHelperName};
    std::vector<char*> args;
    for (const std::string& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::cout.flush();
    std::string tried;
    for (const std::string& helper : candidates) {
        ::execv(helper.c_str(), args.data());
        tried += "\n  " + helper + ": " + std::strerror(errno);
    }
    std::cerr << "mllab-cli " << argv[1] << ": this command computes with libtorch and runs in "
              << kHelperName << ", which could not be started:" << tried
              << "\nReinstall MLLab, or run " << kHelperName << " from the build folder.\n";
    return 3;
}

} // namespace

int main(int argc, char** argv)
{
    const std::vector<std::string> args(argv, argv + argc);
    std::vector<mllab::cli::Command> table = mllab::cli::commandTable();
    for (auto& command : table)
        if (command.needsTorch)
            command.run = [&args, local = command.torchFreeRun](
                              const std::vector<std::string>& argv, std::ostream& out) {
                if (local) {
                    const int code = local(argv, out);
                    if (code != mllab::cli::kRunInTorchHelper)
                        return code;
                }
                return runInTorchHelper(args);
            };
    try {
        return mllab::cli::runCli(args, std::cout, std::cerr, table);
    } catch (const std::exception& e) {
        std::cerr << "mllab-cli: internal error: " << e.what() << "\n";
        return 3;
    }
}
