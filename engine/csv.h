#pragma once
// Strict, fast CSV reading for user data.
//
// Format: a header row of unique, non-empty column names, then one record per line; comma
// separated; RFC 4180 quoting ("a, b" and "say ""hi"""); LF or CRLF line ends; an optional UTF-8
// byte-order mark; blank lines skipped. Numbers parse with std::from_chars: locale-independent,
// '.' as the decimal point, an optional leading '+', spaces around a field ignored. NaN, inf and
// empty cells are rejected in numeric columns. Every error is an InputError naming the file, the
// line and the column.
//
// Every reader takes the engine's Progress: it checks the cancel flag every few thousand records
// and every few MiB read, so that a superseded or cancelled load of a large file stops within
// milliseconds (throwing Cancelled) instead of running to its end.

#include "engine/progress.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mllab {

/// The header of a CSV file and its number of data rows (for column pickers).
struct CsvInfo {
    std::string source;               ///< file name used in messages
    std::vector<std::string> header;  ///< column names in file order
    std::size_t rows = 0;             ///< data rows (records after the header)
};

/// Numeric columns read from a CSV file, in the order they were asked for.
struct CsvNumeric {
    std::string source;
    std::vector<std::string> names;            ///< column names, as requested
    std::vector<std::vector<double>> columns;  ///< columns[i][row]
    std::size_t rows = 0;
    /// (row, line) where the line of a row stops being the previous row's line + 1 (blank lines,
    /// quoted line breaks); the first entry is row 0. Kept sparse: a clean file has one entry.
    std::vector<std::pair<std::size_t, std::size_t>> lineBreaks;

    const std::vector<double>& column(const std::string& name) const;
    /// 1-based file line where data row `row` (0-based) starts.
    std::size_t lineOf(std::size_t row) const;
};

/// All cells of a CSV file as text (for small files and label columns).
struct CsvText {
    std::string source;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;  ///< rows[row][column]
    std::vector<std::size_t> lines;              ///< 1-based file line where each row starts

    std::size_t columnIndex(const std::string& name) const;  ///< throws InputError
};

/// Reads the file at `path` whole; an empty or unreadable file is an InputError.
std::string readTextFile(const std::string& path);

CsvInfo inspectCsv(std::string_view text, const std::string& source, const Progress& progress = {});
CsvInfo inspectCsvFile(const std::string& path, const Progress& progress = {});

/// Parses the named columns as numbers; `columns` empty means every column.
CsvNumeric readNumericCsv(std::string_view text, const std::string& source,
                          const std::vector<std::string>& columns = {},
                          const Progress& progress = {});
CsvNumeric readNumericCsvFile(const std::string& path, const std::vector<std::string>& columns = {},
                              const Progress& progress = {});

CsvText readTextCsv(std::string_view text, const std::string& source,
                    const Progress& progress = {});
CsvText readTextCsvFile(const std::string& path, const Progress& progress = {});

/// Parses one number as the reader does; false for text, empty, NaN or infinite values.
bool parseCsvNumber(std::string_view field, double& value);

} // namespace mllab
