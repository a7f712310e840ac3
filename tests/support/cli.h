#pragma once
// Runs mllab-cli's commands in-process for engine tests: the same entry point as the executable,
// with stdout and stderr captured, and temporary input files that remove themselves.

#include "engine/cli/commands.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace enginetest {

struct CliRun {
    int code;        ///< 0 ok, 1 bad input, 2 usage (DESIGN.md's contract)
    std::string out; ///< JSON on success
    std::string err; ///< the message on failure
};

/// `mllab-cli args...`
inline CliRun cli(std::vector<std::string> args)
{
    args.insert(args.begin(), "mllab-cli");
    std::ostringstream out, err;
    const int code = mllab::cli::runCli(args, out, err);
    return {code, out.str(), err.str()};
}

/// A file in the working folder with the given content, removed when it goes out of scope.
class TempFile {
public:
    TempFile(std::string path, const std::string& content) : m_path(std::move(path))
    {
        std::ofstream(m_path, std::ios::binary) << content;
    }
    ~TempFile() { std::remove(m_path.c_str()); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

} // namespace enginetest
