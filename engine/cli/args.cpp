#include "engine/cli/args.h"

#include "engine/progress.h"

#include "engine/csv.h"

#include <charconv>

namespace mllab::cli {

Args::Args(const std::vector<std::string>& argv, std::size_t first, std::set<std::string> valued,
           std::set<std::string> flags)
{
    for (std::size_t i = first; i < argv.size(); ++i) {
        const std::string& arg = argv[i];
        if (arg.rfind("--", 0) != 0 || arg.size() < 3)
            throw UsageError("unexpected argument '" + arg + "'");
        std::string name = arg.substr(2);
        std::string value;
        bool inlineValue = false;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            inlineValue = true;
        }
        if (flags.count(name) && !inlineValue) {
            m_flags.insert(name);
        } else if (valued.count(name)) {
            if (!inlineValue) {
                if (i + 1 >= argv.size())
                    throw UsageError("option --" + name + " needs a value");
                value = argv[++i];
            }
            m_values[name] = value;
            m_all[name].push_back(value);
        } else {
            throw UsageError("unknown option --" + name);
        }
    }
}

std::vector<std::string> Args::all(const std::string& name) const
{
    const auto it = m_all.find(name);
    return it == m_all.end() ? std::vector<std::string>{} : it->second;
}

bool Args::has(const std::string& name) const
{
    return m_values.count(name) > 0;
}

std::string Args::text(const std::string& name, const std::string& fallback) const
{
    const auto it = m_values.find(name);
    return it == m_values.end() ? fallback : it->second;
}

std::string Args::required(const std::string& name) const
{
    const auto it = m_values.find(name);
    if (it == m_values.end())
        throw UsageError("option --" + name + " is required");
    return it->second;
}

double Args::number(const std::string& name, double fallback) const
{
    if (!has(name))
        return fallback;
    double v = 0;
    if (!parseCsvNumber(m_values.at(name), v))
        throw UsageError("option --" + name + " needs a finite number, got '" + m_values.at(name) + "'");
    return v;
}

long long Args::integer(const std::string& name, long long fallback) const
{
    if (!has(name))
        return fallback;
    const std::string& s = m_values.at(name);
    long long v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size())
        throw UsageError("option --" + name + " needs an integer, got '" + s + "'");
    return v;
}

long long Args::count(const std::string& name, long long fallback, long long min,
                      long long max) const
{
    const long long v = integer(name, fallback);
    if (v < min || v > max)
        throw InputError("option --" + name + " must be from " + std::to_string(min) + " to " +
                         std::to_string(max) + ", got " + m_values.at(name));
    return v;
}

std::vector<std::string> Args::list(const std::string& name) const
{
    std::vector<std::string> out;
    if (!has(name))
        return out;
    const std::string& s = m_values.at(name);
    std::size_t start = 0;
    while (start <= s.size()) {
        const auto comma = s.find(',', start);
        const std::string item = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!item.empty())
            out.push_back(item);
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return out;
}

std::vector<double> Args::numbers(const std::string& name) const
{
    std::vector<double> out;
    for (const auto& item : list(name)) {
        double v = 0;
        if (!parseCsvNumber(item, v))
            throw UsageError("option --" + name + " needs comma-separated numbers, got '" + item + "'");
        out.push_back(v);
    }
    return out;
}

} // namespace mllab::cli
