#include "engine/csv.h"

#include "engine/progress.h"

#include <algorithm>
#include <deque>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace mllab {
namespace {

std::string quoteName(std::string_view s)
{
    constexpr std::size_t maxShown = 40;
    std::string shown(s.substr(0, maxShown));
    if (s.size() > maxShown)
        shown += "...";
    return "'" + shown + "'";
}

/// Splits CSV text into records without copying: fields are views into the text, except quoted
/// fields containing doubled quotes, which are unescaped into a per-record scratch buffer.
class RecordScanner {
public:
    RecordScanner(std::string_view text, const std::string& source) : m_text(text), m_source(source)
    {
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF")
            m_pos = 3;
    }

    /// Reads the next non-blank record; false at the end of the text.
    bool next(std::vector<std::string_view>& fields)
    {
        fields.clear();
        m_scratch.clear();
        skipBlankLines();
        if (m_pos >= m_text.size())
            return false;
        m_recordLine = m_line;
        while (true) {
            fields.push_back(readField());
            if (m_pos >= m_text.size())
                return true;
            const char c = m_text[m_pos];
            if (c == ',') {
                ++m_pos;
                continue;
            }
            consumeLineEnd();
            return true;
        }
    }

    std::size_t recordLine() const { return m_recordLine; }

private:
    void skipBlankLines()
    {
        while (m_pos < m_text.size()) {
            std::size_t p = m_pos;
            while (p < m_text.size() && (m_text[p] == ' ' || m_text[p] == '\t'))
                ++p;
            if (p < m_text.size() && (m_text[p] == '\n' || m_text[p] == '\r')) {
                m_pos = p;
                consumeLineEnd();
            } else if (p >= m_text.size()) {
                m_pos = p;
            } else {
                return;
            }
        }
    }

    void consumeLineEnd()
    {
        if (m_pos < m_text.size() && m_text[m_pos] == '\r')
            ++m_pos;
        if (m_pos < m_text.size() && m_text[m_pos] == '\n')
            ++m_pos;
        ++m_line;
    }

    std::string_view readField()
    {
        std::size_t p = m_pos;
        while (p < m_text.size() && m_text[p] == ' ')
            ++p;
        if (p < m_text.size() && m_text[p] == '"')
            return readQuoted(p + 1);
        const std::size_t start = m_pos;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == ',' || c == '\n' || c == '\r')
                break;
            if (c == '"')
                throw InputError(m_source + ": line " + std::to_string(m_line) +
                                 ": a quote inside an unquoted field (quote the whole field)");
            ++m_pos;
        }
        return m_text.substr(start, m_pos - start);
    }

    std::string_view readQuoted(std::size_t p)
    {
        const std::size_t startLine = m_line;
        const std::size_t start = p;
        bool escaped = false;
        while (true) {
            if (p >= m_text.size())
                throw InputError(m_source + ": line " + std::to_string(startLine) +
                                 ": a quoted field is never closed");
            const char c = m_text[p];
            if (c == '\n')
                ++m_line;
            if (c == '"') {
                if (p + 1 < m_text.size() && m_text[p + 1] == '"') {
                    escaped = true;
                    p += 2;
                    continue;
                }
                break;
            }
            ++p;
        }
        std::string_view inner = m_text.substr(start, p - start);
        m_pos = p + 1;
        while (m_pos < m_text.size() && m_text[m_pos] == ' ')
            ++m_pos;
        if (m_pos < m_text.size() && m_text[m_pos] != ',' && m_text[m_pos] != '\n' &&
            m_text[m_pos] != '\r')
            throw InputError(m_source + ": line " + std::to_string(m_line) +
                             ": unexpected text after a closing quote");
        if (!escaped)
            return inner;
        std::string unescaped;
        unescaped.reserve(inner.size());
        for (std::size_t i = 0; i < inner.size(); ++i) {
            unescaped += inner[i];
            if (inner[i] == '"')
                ++i;
        }
        m_scratch.push_back(std::move(unescaped));
        return m_scratch.back();
    }

    std::string_view m_text;
    const std::string& m_source;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
    std::size_t m_recordLine = 1;
    std::deque<std::string> m_scratch;  // deque: growing it keeps earlier views valid
};

std::vector<std::string> readHeader(RecordScanner& scanner, std::vector<std::string_view>& fields,
                                    const std::string& source)
{
    if (!scanner.next(fields))
        throw InputError(source + " is empty: expected a header row and data rows");
    std::vector<std::string> header;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        std::string name(fields[i]);
        name.erase(0, name.find_first_not_of(" \t"));
        name.erase(name.find_last_not_of(" \t") + 1);
        if (name.empty())
            throw InputError(source + ": line " + std::to_string(scanner.recordLine()) +
                             ": column " + std::to_string(i + 1) + " of the header has no name");
        if (std::find(header.begin(), header.end(), name) != header.end())
            throw InputError(source + ": the header names column " + quoteName(name) + " twice");
        header.push_back(std::move(name));
    }
    return header;
}

void checkFieldCount(const std::vector<std::string_view>& fields, std::size_t expected,
                     std::size_t line, const std::string& source)
{
    if (fields.size() != expected)
        throw InputError(source + ": line " + std::to_string(line) + " has " +
                         std::to_string(fields.size()) + " fields; the header has " +
                         std::to_string(expected));
}

std::string joinNames(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

std::size_t findColumn(const std::vector<std::string>& header, const std::string& name,
                       const std::string& source)
{
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end())
        throw InputError(source + " has no column " + quoteName(name) + "; its columns are " +
                         joinNames(header));
    return static_cast<std::size_t>(it - header.begin());
}

/// Tracks the bad values of one numeric column so the message can give a count and the first.
struct ColumnProblems {
    std::size_t nonNumeric = 0, empty = 0, nonFinite = 0;
    std::size_t firstLine = 0;
    std::string firstValue;

    void record(std::size_t& counter, std::size_t line, std::string_view value)
    {
        if (nonNumeric + empty + nonFinite == 0) {
            firstLine = line;
            firstValue = std::string(value.substr(0, 40));
        }
        ++counter;
    }
};

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

void throwColumnProblems(const ColumnProblems& p, const std::string& column,
                         const std::string& source)
{
    std::string what;
    if (p.nonNumeric)
        what = std::to_string(p.nonNumeric) + " non-numeric value" + (p.nonNumeric > 1 ? "s" : "");
    if (p.empty)
        what += (what.empty() ? "" : ", ") + std::to_string(p.empty) + " empty cell" +
                (p.empty > 1 ? "s" : "");
    if (p.nonFinite)
        what += (what.empty() ? "" : ", ") + std::to_string(p.nonFinite) + " NaN or infinite value" +
                (p.nonFinite > 1 ? "s" : "");
    throw InputError(source + ": column " + quoteName(column) + " has " + what + ", first at line " +
                     std::to_string(p.firstLine) +
                     (p.firstValue.empty() ? std::string(" (empty)") : " (" + quoteName(p.firstValue) + ")"));
}

} // namespace

bool parseCsvNumber(std::string_view field, double& value)
{
    field = trimmed(field);
    if (!field.empty() && field.front() == '+')
        field.remove_prefix(1);
    if (field.empty())
        return false;
    const char* end = field.data() + field.size();
    const auto [ptr, ec] = std::from_chars(field.data(), end, value);
    return ec == std::errc() && ptr == end && std::isfinite(value);
}

const std::vector<double>& CsvNumeric::column(const std::string& name) const
{
    return columns[findColumn(names, name, source)];
}

std::size_t CsvNumeric::lineOf(std::size_t row) const
{
    auto it = std::upper_bound(lineBreaks.begin(), lineBreaks.end(), row,
                               [](std::size_t r, const auto& b) { return r < b.first; });
    if (it == lineBreaks.begin())
        return row + 2;  // no record seen: a header on line 1
    --it;
    return it->second + (row - it->first);
}

std::size_t CsvText::columnIndex(const std::string& name) const
{
    return findColumn(header, name, source);
}

std::string readTextFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError("cannot open " + quoteName(path) + " for reading");
    std::string text;
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0)
        throw InputError("cannot read " + quoteName(path) + " (not a regular file)");
    text.resize(static_cast<std::size_t>(size));
    in.seekg(0);
    in.read(text.data(), size);
    if (!in)
        throw InputError("reading " + quoteName(path) + " failed");
    return text;
}

CsvInfo inspectCsv(std::string_view text, const std::string& source)
{
    RecordScanner scanner(text, source);
    std::vector<std::string_view> fields;
    CsvInfo info;
    info.source = source;
    info.header = readHeader(scanner, fields, source);
    while (scanner.next(fields)) {
        checkFieldCount(fields, info.header.size(), scanner.recordLine(), source);
        ++info.rows;
    }
    return info;
}

CsvInfo inspectCsvFile(const std::string& path)
{
    return inspectCsv(readTextFile(path), path);
}

CsvNumeric readNumericCsv(std::string_view text, const std::string& source,
                          const std::vector<std::string>& columns)
{
    RecordScanner scanner(text, source);
    std::vector<std::string_view> fields;
    const std::vector<std::string> header = readHeader(scanner, fields, source);

    CsvNumeric out;
    out.source = source;
    out.names = columns.empty() ? header : columns;
    std::vector<std::size_t> index;
    for (const auto& name : out.names)
        index.push_back(findColumn(header, name, source));
    out.columns.resize(out.names.size());
    // Rough row estimate from the byte count keeps re-allocation rare on large files.
    const std::size_t guess = text.size() / std::max<std::size_t>(8, header.size() * 6);
    for (auto& c : out.columns)
        c.reserve(guess);

    std::vector<ColumnProblems> problems(out.names.size());
    while (scanner.next(fields)) {
        checkFieldCount(fields, header.size(), scanner.recordLine(), source);
        if (out.lineBreaks.empty() || scanner.recordLine() != out.lineOf(out.rows))
            out.lineBreaks.emplace_back(out.rows, scanner.recordLine());
        for (std::size_t c = 0; c < index.size(); ++c) {
            const std::string_view field = fields[index[c]];
            double v = 0;
            if (!parseCsvNumber(field, v)) {
                auto& p = problems[c];
                const std::string_view t = trimmed(field);
                if (t.empty())
                    p.record(p.empty, scanner.recordLine(), t);
                else if (std::from_chars(t.data() + (t.front() == '+'), t.data() + t.size(), v).ptr ==
                         t.data() + t.size())
                    p.record(p.nonFinite, scanner.recordLine(), t);
                else
                    p.record(p.nonNumeric, scanner.recordLine(), t);
            }
            out.columns[c].push_back(v);
        }
        ++out.rows;
    }
    for (std::size_t c = 0; c < problems.size(); ++c)
        if (problems[c].nonNumeric + problems[c].empty + problems[c].nonFinite > 0)
            throwColumnProblems(problems[c], out.names[c], source);
    if (out.rows == 0)
        throw InputError(source + " has a header but no data rows");
    return out;
}

CsvNumeric readNumericCsvFile(const std::string& path, const std::vector<std::string>& columns)
{
    return readNumericCsv(readTextFile(path), path, columns);
}

CsvText readTextCsv(std::string_view text, const std::string& source)
{
    RecordScanner scanner(text, source);
    std::vector<std::string_view> fields;
    CsvText out;
    out.source = source;
    out.header = readHeader(scanner, fields, source);
    while (scanner.next(fields)) {
        checkFieldCount(fields, out.header.size(), scanner.recordLine(), source);
        out.rows.emplace_back(fields.begin(), fields.end());
        out.lines.push_back(scanner.recordLine());
    }
    if (out.rows.empty())
        throw InputError(source + " has a header but no data rows");
    return out;
}

CsvText readTextCsvFile(const std::string& path)
{
    return readTextCsv(readTextFile(path), path);
}

} // namespace mllab
