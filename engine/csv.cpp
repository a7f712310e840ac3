#include "engine/csv.h"

#include "engine/progress.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <exception>
#include <thread>
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

    /// Scans a part of a file that starts at the beginning of line `firstLine`.
    RecordScanner(std::string_view text, const std::string& source, std::size_t firstLine)
        : m_text(text), m_source(source), m_line(firstLine)
    {
    }

    std::size_t position() const { return m_pos; }
    std::size_t line() const { return m_line; }

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
    /// The characters that end or break an unquoted field: one table lookup per byte.
    static bool isSpecial(char c)
    {
        static const auto table = [] {
            std::array<bool, 256> t{};
            for (const unsigned char s : {',', '\n', '\r', '"'})
                t[s] = true;
            return t;
        }();
        return table[static_cast<unsigned char>(c)];
    }

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
        const char* const data = m_text.data();
        const std::size_t size = m_text.size();
        std::size_t pos = m_pos;  // a local: stores through char data may not alias it
        while (pos < size && !isSpecial(data[pos]))
            ++pos;
        m_pos = pos;
        while (m_pos < size) {
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

namespace {

/// Clinger's fast path for the common case, a plain decimal such as -12.375: with an integer
/// mantissa below 2^53 and at most 22 decimals, mantissa and power of ten are exact doubles and
/// one division is correctly rounded, giving the very double from_chars would. False (without
/// a verdict) for anything else: exponents, long mantissas, text.
bool parseSimpleDecimal(std::string_view s, double& value)
{
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char* p = s.data();
    const char* const end = p + s.size();
    const bool negative = p < end && *p == '-';
    p += negative;
    std::uint64_t mantissa = 0;
    int digits = 0;
    const char* const intStart = p;
    while (p < end && static_cast<unsigned>(*p - '0') < 10) {
        mantissa = mantissa * 10 + std::uint64_t(*p - '0');
        ++p;
    }
    digits = int(p - intStart);
    int decimals = 0;
    if (p < end && *p == '.') {
        const char* const fracStart = ++p;
        while (p < end && static_cast<unsigned>(*p - '0') < 10) {
            mantissa = mantissa * 10 + std::uint64_t(*p - '0');
            ++p;
        }
        decimals = int(p - fracStart);
        if (decimals == 0)
            return false;
    }
    if (p != end || digits == 0 || digits + decimals > 19 || decimals > 22 ||
        mantissa > (std::uint64_t(1) << 53))
        return false;
    const double v = decimals ? double(mantissa) / kPow10[decimals] : double(mantissa);
    value = negative ? -v : v;
    return true;
}

} // namespace

bool parseCsvNumber(std::string_view field, double& value)
{
    field = trimmed(field);
    if (!field.empty() && field.front() == '+')
        field.remove_prefix(1);
    if (field.empty())
        return false;
    if (parseSimpleDecimal(field, value))
        return true;
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

namespace {

/// The records of one part of a numeric CSV file, parsed on their own (possibly in a thread).
struct NumericPart {
    std::vector<std::vector<double>> columns;
    std::vector<ColumnProblems> problems;
    std::vector<std::pair<std::size_t, std::size_t>> lineBreaks;  ///< rows relative to the part
    std::size_t rows = 0;
    std::exception_ptr error;  ///< an InputError that stopped the scan

    std::size_t lineOf(std::size_t row) const
    {
        const auto& b = lineBreaks.back();
        return b.second + (row - b.first);
    }
};

void scanNumericPart(RecordScanner& scanner, std::size_t fieldCount,
                     const std::vector<std::size_t>& index, std::size_t expectedRows,
                     const std::string& source, NumericPart& part)
{
    try {
        part.columns.resize(index.size());
        part.problems.resize(index.size());
        for (auto& c : part.columns)
            c.reserve(expectedRows);
        std::vector<std::string_view> fields;
        while (scanner.next(fields)) {
            checkFieldCount(fields, fieldCount, scanner.recordLine(), source);
            if (part.lineBreaks.empty() || scanner.recordLine() != part.lineOf(part.rows))
                part.lineBreaks.emplace_back(part.rows, scanner.recordLine());
            for (std::size_t c = 0; c < index.size(); ++c) {
                const std::string_view field = fields[index[c]];
                double v = 0;
                if (!parseCsvNumber(field, v)) {
                    auto& p = part.problems[c];
                    const std::string_view t = trimmed(field);
                    if (t.empty())
                        p.record(p.empty, scanner.recordLine(), t);
                    else if (std::from_chars(t.data() + (t.front() == '+'), t.data() + t.size(), v)
                                 .ptr == t.data() + t.size())
                        p.record(p.nonFinite, scanner.recordLine(), t);
                    else
                        p.record(p.nonNumeric, scanner.recordLine(), t);
                }
                part.columns[c].push_back(v);
            }
            ++part.rows;
        }
    } catch (const InputError&) {
        part.error = std::current_exception();
    }
}

/// Cuts the records after the header into parts at line ends for parallel parsing; a single part
/// when the file is small or has quotes (a quoted field may hold a line break).
std::vector<std::string_view> splitAtLines(std::string_view body)
{
    constexpr std::size_t minPart = std::size_t(4) << 20;
    const std::size_t threads = std::min<std::size_t>(8, std::thread::hardware_concurrency());
    const std::size_t parts = std::min(threads, body.size() / minPart);
    if (parts < 2 || body.find('"') != std::string_view::npos)
        return {body};
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t k = 1; k < parts && start < body.size(); ++k) {
        const std::size_t cut = body.find('\n', std::max(start, body.size() * k / parts));
        if (cut == std::string_view::npos)
            break;
        out.push_back(body.substr(start, cut + 1 - start));
        start = cut + 1;
    }
    out.push_back(body.substr(start));
    return out;
}

void mergeProblems(ColumnProblems& into, const ColumnProblems& from)
{
    if (into.nonNumeric + into.empty + into.nonFinite == 0) {
        into.firstLine = from.firstLine;
        into.firstValue = from.firstValue;
    }
    into.nonNumeric += from.nonNumeric;
    into.empty += from.empty;
    into.nonFinite += from.nonFinite;
}

} // namespace

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

    // Large unquoted files are parsed in parts on several threads, each part sized by its line
    // count (a vectorised scan) so that its columns never re-allocate.
    const std::string_view body = text.substr(scanner.position());
    const std::vector<std::string_view> pieces = splitAtLines(body);
    std::vector<NumericPart> parts(pieces.size());
    std::vector<std::thread> workers;
    std::size_t line = scanner.line();
    for (std::size_t k = 0; k < pieces.size(); ++k) {
        const std::size_t lines = std::size_t(std::count(pieces[k].begin(), pieces[k].end(), '\n'));
        auto work = [&, k, line, lines] {
            RecordScanner partScanner(pieces[k], source, line);
            scanNumericPart(partScanner, header.size(), index, lines + 1, source, parts[k]);
        };
        if (k + 1 < pieces.size())
            workers.emplace_back(work);
        else
            work();
        line += lines;
    }
    for (auto& w : workers)
        w.join();

    std::vector<ColumnProblems> problems(out.names.size());
    out.columns.resize(out.names.size());
    std::size_t total = 0;
    for (const auto& part : parts) {
        if (part.error)
            std::rethrow_exception(part.error);
        total += part.rows;
    }
    for (std::size_t c = 0; c < out.columns.size(); ++c) {
        if (parts.size() == 1) {
            out.columns[c] = std::move(parts[0].columns[c]);
            continue;
        }
        out.columns[c].reserve(total);
        for (const auto& part : parts)
            out.columns[c].insert(out.columns[c].end(), part.columns[c].begin(),
                                  part.columns[c].end());
    }
    for (const auto& part : parts) {
        for (const auto& [row, partLine] : part.lineBreaks)
            if (out.lineBreaks.empty() || out.lineOf(out.rows + row) != partLine)
                out.lineBreaks.emplace_back(out.rows + row, partLine);
        for (std::size_t c = 0; c < problems.size(); ++c)
            mergeProblems(problems[c], part.problems[c]);
        out.rows += part.rows;
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
