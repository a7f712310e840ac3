#include "engine/csv.h"

#include "engine/fileio.h"

#include "engine/parallel.h"
#include "engine/progress.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>
#include <unordered_map>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mllab {
namespace {

/// Records between two looks at the cancel flag: a few hundred microseconds of parsing.
constexpr std::size_t kRecordsPerCancelCheck = 4096;
/// Bytes read between two looks at the cancel flag.
constexpr std::size_t kBytesPerCancelCheck = std::size_t(8) << 20;

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
    std::string_view text() const { return m_text; }

    /// Continues at byte `pos`, the start of line `line` (after records read elsewhere).
    void seek(std::size_t pos, std::size_t line)
    {
        m_pos = pos;
        m_line = line;
    }

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
        const char* const data = m_text.data();
        const std::size_t size = m_text.size();
        std::size_t pos = m_pos; // a local: stores through char data may not alias it
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
    std::deque<std::string> m_scratch; // deque: growing it keeps earlier views valid
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
        what += (what.empty() ? "" : ", ") + std::to_string(p.nonFinite) +
                " NaN or infinite value" + (p.nonFinite > 1 ? "s" : "");
    throw InputError(
        source + ": column " + quoteName(column) + " has " + what + ", first at line " +
        std::to_string(p.firstLine) +
        (p.firstValue.empty() ? std::string(" (empty)") : " (" + quoteName(p.firstValue) + ")"));
}

} // namespace

namespace {

/// A plain decimal ([-]digits[.digits], at most 19 digits, mantissa at most 2^53) at p that
/// ends at a field or line end, the case parseCsvNumber reads exactly without std::from_chars
/// (Clinger: the mantissa and the power of ten are both exact doubles, so one division rounds
/// correctly); returns the end of the number, or nullptr for anything else (the caller then takes
/// the general route).
inline const char* parsePlainDecimalAt(const char* p, const char* end, double& value)
{
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,
                                        1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19};
    const bool negative = p < end && *p == '-';
    p += negative;
    const char* const intStart = p;
    std::uint64_t mantissa = 0;
    while (p < end && static_cast<unsigned>(*p - '0') < 10)
        mantissa = mantissa * 10 + std::uint64_t(*p++ - '0');
    const long digits = p - intStart;
    long decimals = 0;
    if (p < end && *p == '.') {
        const char* const fracStart = ++p;
        while (p < end && static_cast<unsigned>(*p - '0') < 10)
            mantissa = mantissa * 10 + std::uint64_t(*p++ - '0');
        decimals = p - fracStart;
        if (decimals == 0)
            return nullptr;
    }
    if (digits == 0 || digits + decimals > 19 || mantissa > (std::uint64_t(1) << 53))
        return nullptr;
    if (p < end && *p != ',' && *p != '\n' && *p != '\r')
        return nullptr;
    const double v = decimals ? double(mantissa) / kPow10[decimals] : double(mantissa);
    value = negative ? -v : v;
    return p;
}

/// A whole field that is a plain decimal (see parsePlainDecimalAt).
bool parseSimpleDecimal(std::string_view s, double& value)
{
    const char* const end = s.data() + s.size();
    return parsePlainDecimalAt(s.data(), end, value) == end;
}

} // namespace

bool parseCsvNumber(std::string_view field, double& value)
{
    field = trimmed(field);
    const bool explicitPlus = !field.empty() && field.front() == '+';
    if (explicitPlus)
        field.remove_prefix(1);
    if (field.empty() || (explicitPlus && (field.front() == '-' || field.front() == '+')))
        return false; // "+-1" is not -1
    if (parseSimpleDecimal(field, value))
        return true;
    const char* end = field.data() + field.size();
    const auto [ptr, ec] = std::from_chars(field.data(), end, value);
    if (ec == std::errc::result_out_of_range && ptr == end) {
        // Too small for a double rounds to zero (or a subnormal), as Python's float() and
        // numpy read it; too large stays refused.
        const double rounded = std::strtod(std::string(field).c_str(), nullptr);
        if (std::isfinite(rounded) && std::abs(rounded) < 1.0) {
            value = rounded;
            return true;
        }
        return false;
    }
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
        return row + 2; // no record seen: a header on line 1
    --it;
    return it->second + (row - it->first);
}

std::size_t CsvText::columnIndex(const std::string& name) const
{
    return findColumn(header, name, source);
}

std::string readTextFile(const std::string& path)
{
    return readRegularFile(path, "file");
}

CsvInfo inspectCsv(std::string_view text, const std::string& source, const Progress& progress)
{
    RecordScanner scanner(text, source);
    std::vector<std::string_view> fields;
    CsvInfo info;
    info.source = source;
    info.header = readHeader(scanner, fields, source);
    while (scanner.next(fields)) {
        checkFieldCount(fields, info.header.size(), scanner.recordLine(), source);
        if (++info.rows % kRecordsPerCancelCheck == 0)
            progress.checkCancelled();
    }
    return info;
}

namespace {

/// The records of one part of a numeric CSV file, parsed on their own (possibly in a thread).
struct NumericPart {
    std::vector<std::vector<double>> columns;
    std::vector<ColumnProblems> problems;
    std::vector<std::pair<std::size_t, std::size_t>> lineBreaks; ///< rows relative to the part
    std::size_t rows = 0;
    std::exception_ptr error; ///< an InputError that stopped the scan

    std::size_t lineOf(std::size_t row) const
    {
        const auto& b = lineBreaks.back();
        return b.second + (row - b.first);
    }
};

/// Which numeric column (0..) each field of a record fills, -1 for fields not asked for; empty
/// when a field is asked for twice (the fast path then stays off).
std::vector<int> slotsOfFields(std::size_t fieldCount, const std::vector<std::size_t>& index)
{
    std::vector<int> slot(fieldCount, -1);
    for (std::size_t c = 0; c < index.size(); ++c) {
        if (slot[index[c]] >= 0)
            return {};
        slot[index[c]] = int(c);
    }
    return slot;
}

/// The fast path of a numeric record: its fields found by one table-driven scan and the wanted
/// ones parsed in place, without field views. Returns the start of the next line, or nullptr
/// when the record needs the general scanner: at the end of the text, on a quote, a blank line,
/// a wrong number of fields or a field that is not a finite number (which the general path then
/// reports exactly as it always has).
const char* fastNumericRecord(const char* p, const char* end, const std::vector<int>& slot,
                              double* values)
{
    const std::size_t fieldCount = slot.size();
    for (std::size_t f = 0; f < fieldCount; ++f) {
        const char* const start = p;
        if (slot[f] >= 0) {
            if (const char* q = parsePlainDecimalAt(p, end, values[slot[f]])) {
                p = q; // the common case: each byte read once
            } else {
                while (p < end && !RecordScanner::isSpecial(*p))
                    ++p;
                if ((p < end && *p == '"') ||
                    !parseCsvNumber(std::string_view(start, std::size_t(p - start)),
                                    values[slot[f]]))
                    return nullptr;
            }
        } else {
            while (p < end && !RecordScanner::isSpecial(*p))
                ++p;
            if (p < end && *p == '"')
                return nullptr;
        }
        if (f + 1 < fieldCount) {
            if (p == end || *p != ',')
                return nullptr;
            ++p;
        }
    }
    if (p == end)
        return p;
    if (*p == ',')
        return nullptr; // more fields than the header
    if (*p == '\r')
        ++p;
    if (p < end && *p == '\n')
        ++p;
    return p;
}

/// A record that the fast path declined, through the general scanner; false at the end.
bool scanGeneralRecord(RecordScanner& scanner, std::vector<std::string_view>& fields,
                       std::size_t fieldCount, const std::vector<std::size_t>& index,
                       const std::string& source, double* values, NumericPart& part)
{
    if (!scanner.next(fields))
        return false;
    checkFieldCount(fields, fieldCount, scanner.recordLine(), source);
    for (std::size_t c = 0; c < index.size(); ++c) {
        const std::string_view field = fields[index[c]];
        values[c] = 0;
        if (parseCsvNumber(field, values[c]))
            continue;
        auto& p = part.problems[c];
        const std::string_view t = trimmed(field);
        double v = 0;
        if (t.empty())
            p.record(p.empty, scanner.recordLine(), t);
        else if (const bool plus = t.front() == '+';
                 !(plus && t.size() > 1 && (t[1] == '-' || t[1] == '+')) &&
                 std::from_chars(t.data() + plus, t.data() + t.size(), v).ptr ==
                     t.data() + t.size())
            p.record(p.nonFinite, scanner.recordLine(), t);
        else
            p.record(p.nonNumeric, scanner.recordLine(), t);
    }
    return true;
}

void scanNumericPart(RecordScanner& scanner, std::size_t fieldCount,
                     const std::vector<std::size_t>& index, std::size_t expectedRows,
                     const std::string& source, const Progress& progress, NumericPart& part)
{
    try {
        part.columns.resize(index.size());
        part.problems.resize(index.size());
        for (auto& c : part.columns)
            c.reserve(expectedRows);
        const std::vector<int> slot = slotsOfFields(fieldCount, index);
        const char* const text = scanner.text().data();
        const char* const end = text + scanner.text().size();
        std::vector<std::string_view> fields;
        std::vector<double> values(index.size());
        std::size_t pos = scanner.position(), line = scanner.line();
        while (true) {
            std::size_t recordLine = line;
            const char* next =
                slot.empty() ? nullptr : fastNumericRecord(text + pos, end, slot, values.data());
            if (next) {
                pos = std::size_t(next - text);
                ++line;
            } else {
                scanner.seek(pos, line);
                if (!scanGeneralRecord(scanner, fields, fieldCount, index, source, values.data(),
                                       part))
                    break;
                recordLine = scanner.recordLine();
                pos = scanner.position();
                line = scanner.line();
            }
            if (part.lineBreaks.empty() || recordLine != part.lineOf(part.rows))
                part.lineBreaks.emplace_back(part.rows, recordLine);
            for (std::size_t c = 0; c < index.size(); ++c)
                part.columns[c].push_back(values[c]);
            if (++part.rows % kRecordsPerCancelCheck == 0)
                progress.checkCancelled(); // Cancelled leaves through runParts
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
                          const std::vector<std::string>& columns, const Progress& progress)
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
    // Line counts first (a vectorised count per part, in parallel): they number each part's
    // lines and size its columns.
    std::vector<std::size_t> lines(pieces.size());
    runParts(pieces.size(), [&](std::size_t k) {
        lines[k] = std::size_t(std::count(pieces[k].begin(), pieces[k].end(), '\n'));
    });
    std::vector<std::size_t> firstLine(pieces.size());
    std::size_t line = scanner.line(), allRows = 0;
    for (std::size_t k = 0; k < pieces.size(); ++k) {
        firstLine[k] = line;
        line += lines[k];
        allRows += lines[k] + 1;
    }
    std::vector<NumericPart> parts(pieces.size());
    runParts(pieces.size(), [&](std::size_t k) {
        RecordScanner partScanner(pieces[k], source, firstLine[k]);
        // The first part's columns end up holding every row: sized for all, they are never
        // copied, and the other parts are appended to them.
        scanNumericPart(partScanner, header.size(), index, k == 0 ? allRows : lines[k] + 1, source,
                        progress, parts[k]);
    });

    std::vector<ColumnProblems> problems(out.names.size());
    out.columns.resize(out.names.size());
    for (const auto& part : parts)
        if (part.error)
            std::rethrow_exception(part.error);
    for (std::size_t c = 0; c < out.columns.size(); ++c) {
        out.columns[c] = std::move(parts[0].columns[c]);
        for (std::size_t k = 1; k < parts.size(); ++k)
            out.columns[c].insert(out.columns[c].end(), parts[k].columns[c].begin(),
                                  parts[k].columns[c].end());
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

namespace {

/// A whole file in memory, uninitialised until read: a large file is read by several threads at
/// once, each reading (and so first touching) its own share of the buffer.
struct FileBytes {
    std::unique_ptr<char[]> data;
    std::size_t size = 0;
    std::string_view view() const { return {data.get(), size}; }
};

/// Reads the file in slices of kBytesPerCancelCheck, looking at the cancel flag between them.
FileBytes readFileBytes(const std::string& path, const Progress& progress)
{
    checkRegularFile(path, "CSV file"); // before open(): a FIFO would block it
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        throw InputError("cannot open " + quoteName(path) + " for reading");
    const std::unique_ptr<int, void (*)(int*)> closer(new int(fd), [](int* f) {
        ::close(*f);
        delete f;
    });
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode))
        throw InputError("cannot read " + quoteName(path) + " (not a regular file)");
    if (std::uint64_t(info.st_size) > kMaxReadBytes)
        throw InputError(quoteName(path) + " is larger than the 1 GiB MLLab reads");
    FileBytes bytes;
    bytes.size = std::size_t(info.st_size);
    bytes.data.reset(new char[std::max<std::size_t>(bytes.size, 1)]);
    const std::size_t parts = partsFor(bytes.size, std::size_t(16) << 20);
    runParts(parts, [&](std::size_t part) {
        auto [at, end] = partRange(bytes.size, parts, part);
        while (at < end) {
            progress.checkCancelled();
            const std::size_t slice = std::min(end - at, kBytesPerCancelCheck);
            const ssize_t got = ::pread(fd, bytes.data.get() + at, slice, off_t(at));
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0)
                throw InputError("reading " + quoteName(path) + " failed" +
                                 (got == 0 ? " (the file became shorter while it was read)"
                                           : ": " + std::string(std::strerror(errno))));
            at += std::size_t(got);
        }
    });
    return bytes;
}

} // namespace

CsvInfo inspectCsvFile(const std::string& path, const Progress& progress)
{
    const FileBytes bytes = readFileBytes(path, progress);
    return inspectCsv(bytes.view(), path, progress);
}

CsvNumeric readNumericCsvFile(const std::string& path, const std::vector<std::string>& columns,
                              const Progress& progress)
{
    const FileBytes bytes = readFileBytes(path, progress);
    return readNumericCsv(bytes.view(), path, columns, progress);
}

CsvText readTextCsv(std::string_view text, const std::string& source, const Progress& progress)
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
        if (out.rows.size() % kRecordsPerCancelCheck == 0)
            progress.checkCancelled();
    }
    if (out.rows.empty())
        throw InputError(source + " has a header but no data rows");
    return out;
}

CsvText readTextCsvFile(const std::string& path, const Progress& progress)
{
    const FileBytes bytes = readFileBytes(path, progress);
    return readTextCsv(bytes.view(), path, progress);
}

} // namespace mllab
