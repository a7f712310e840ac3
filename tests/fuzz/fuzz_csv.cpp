// The CSV reader (engine/csv.h): the header scan, the text reader and the numeric reader (its
// plain-decimal fast path and the general number parser). Any input either reads or is refused
// with InputError; when both readers accept a file they agree cell by cell.

#include "engine/csv.h"
#include "engine/progress.h"
#include "tests/fuzz/fuzz_check.h"

#include <cmath>
#include <cstdint>
#include <string_view>

using namespace mllab;

namespace {

void checkText(const CsvText& text, const CsvInfo& info)
{
    FUZZ_CHECK(text.header == info.header);
    FUZZ_CHECK(text.rows.size() == info.rows);
    FUZZ_CHECK(text.lines.size() == text.rows.size());
    for (std::size_t r = 0; r < text.rows.size(); ++r) {
        FUZZ_CHECK(text.rows[r].size() == text.header.size());
        FUZZ_CHECK(r == 0 || text.lines[r] > text.lines[r - 1]);
    }
}

void checkNumeric(const CsvNumeric& numeric, const CsvText* text)
{
    FUZZ_CHECK(numeric.columns.size() == numeric.names.size());
    for (std::size_t c = 0; c < numeric.columns.size(); ++c) {
        FUZZ_CHECK(numeric.columns[c].size() == numeric.rows);
        for (std::size_t r = 0; r < numeric.rows; ++r) {
            const double value = numeric.columns[c][r];
            FUZZ_CHECK(std::isfinite(value));
            if (!text)
                continue;
            // The fast path and the general parser must read every cell alike.
            double again = 0;
            FUZZ_CHECK(parseCsvNumber(text->rows[r][c], again));
            FUZZ_CHECK(again == value);
            FUZZ_CHECK(numeric.lineOf(r) == text->lines[r]);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    CsvInfo info;
    try {
        info = inspectCsv(input, "fuzz.csv");
    } catch (const InputError&) {
        return 0;
    }
    CsvText text;
    bool textRead = false;
    try {
        text = readTextCsv(input, "fuzz.csv");
        textRead = true;
        checkText(text, info);
    } catch (const InputError&) {
    }
    try {
        checkNumeric(readNumericCsv(input, "fuzz.csv"), textRead ? &text : nullptr);
    } catch (const InputError&) {
    }
    if (!info.header.empty()) {
        try {
            const CsvNumeric last = readNumericCsv(input, "fuzz.csv", {info.header.back()});
            FUZZ_CHECK(last.rows == info.rows);
            checkNumeric(last, nullptr);
        } catch (const InputError&) {
        }
    }
    return 0;
}
