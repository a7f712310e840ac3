#pragma once
// Command-line options of one mllab-cli subcommand: `--name value` pairs and bare `--flag`s.
// Anything not declared is a UsageError (exit 2).

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace mllab::cli {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Args {
public:
    /// Parses argv[first..]; `valued` take one value, `flags` none.
    Args(const std::vector<std::string>& argv, std::size_t first, std::set<std::string> valued,
         std::set<std::string> flags = {});

    bool has(const std::string& name) const;
    bool flag(const std::string& name) const { return m_flags.count(name) > 0; }
    std::string text(const std::string& name, const std::string& fallback) const;
    std::string required(const std::string& name) const;
    double number(const std::string& name, double fallback) const;
    long long integer(const std::string& name, long long fallback) const;
    /// A count: a whole number from `min` to `max` (engine/limits.h), else InputError (exit 1)
    /// naming the option and its range, so no typed count can make a call run for minutes.
    long long count(const std::string& name, long long fallback, long long min,
                    long long max) const;
    std::vector<std::string> list(const std::string& name) const;  ///< comma separated
    std::vector<double> numbers(const std::string& name) const;    ///< comma separated
    /// Every value an option was given, in order (`--reference A --reference B`); text() and
    /// the others read the last.
    std::vector<std::string> all(const std::string& name) const;

private:
    std::map<std::string, std::string> m_values;
    std::map<std::string, std::vector<std::string>> m_all;
    std::set<std::string> m_flags;
};

} // namespace mllab::cli
