// engine/csv: good files parse exactly; every kind of bad file gets a message naming the file,
// the line and the column.
#include "engine/csv.h"
#include "engine/fileio.h"
#include "engine/progress.h"
#include "tests/support/enginetest.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include <sys/stat.h>

using mllab::InputError;

ENGINE_TEST(readsNumbersByName)
{
    const auto t = mllab::readNumericCsv("score,label\n0.9,1\n0.25,0\n-1e-3,1\n", "s.csv");
    QCOMPARE(t.rows, std::size_t(3));
    QCOMPARE(t.column("score"), (std::vector<double>{0.9, 0.25, -1e-3}));
    QCOMPARE(t.column("label"), (std::vector<double>{1, 0, 1}));
}

ENGINE_TEST(selectsAndOrdersRequestedColumns)
{
    const auto t = mllab::readNumericCsv("a,b,name\n1,2,x\n3,4,y\n", "s.csv", {"b", "a"});
    QCOMPARE(t.names, (std::vector<std::string>{"b", "a"}));
    QCOMPARE(t.columns[0], (std::vector<double>{2, 4}));
    QCOMPARE(t.columns[1], (std::vector<double>{1, 3}));
}

ENGINE_TEST(handlesQuotesCrlfBomAndBlankLines)
{
    const std::string text = "\xEF\xBB\xBF\"x\",\"note\"\r\n1.5,\"a, \"\"quoted\"\" note\"\r\n\r\n"
                             "+2,\"two\nlines\"\r\n";
    const auto t = mllab::readTextCsv(text, "q.csv");
    QCOMPARE(t.header, (std::vector<std::string>{"x", "note"}));
    QCOMPARE(t.rows.size(), std::size_t(2));
    QCOMPARE(t.rows[0][1], std::string("a, \"quoted\" note"));
    QCOMPARE(t.rows[1][1], std::string("two\nlines"));
    QCOMPARE(t.lines, (std::vector<std::size_t>{2, 4}));
    const auto n = mllab::readNumericCsv(text, "q.csv", {"x"});
    QCOMPARE(n.column("x"), (std::vector<double>{1.5, 2}));
}

ENGINE_TEST(numbersIgnoreLocaleAndSpaces)
{
    double v = 0;
    QVERIFY(mllab::parseCsvNumber(" 3.25 ", v));
    QCOMPARE(v, 3.25);
    QVERIFY(mllab::parseCsvNumber("+1e3", v));
    QCOMPARE(v, 1000.0);
    QVERIFY(!mllab::parseCsvNumber("3,25", v));
    QVERIFY(!mllab::parseCsvNumber("nan", v));
    QVERIFY(!mllab::parseCsvNumber("inf", v));
    QVERIFY(!mllab::parseCsvNumber("", v));
    QVERIFY(!mllab::parseCsvNumber("12abc", v));
}

ENGINE_TEST(textInNumberColumnNamesCountLineAndValue)
{
    QVERIFY_THROWS_MESSAGE(
        mllab::readNumericCsv("score,label\n0.1,1\nhigh,0\n0.3,1\nlow,0\n", "data.csv"), InputError,
        "data.csv: column 'score' has 2 non-numeric values, first at line 3 ('high')");
}

ENGINE_TEST(nanAndInfinityAreRejected)
{
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsv("p\n0.5\nNaN\n", "d.csv"), InputError,
                           "column 'p' has 1 NaN or infinite value, first at line 3");
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsv("p\n-inf\n", "d.csv"), InputError,
                           "NaN or infinite");
}

ENGINE_TEST(emptyCellIsReported)
{
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsv("a,b\n1,\n2,3\n", "d.csv"), InputError,
                           "column 'b' has 1 empty cell, first at line 2");
}

ENGINE_TEST(emptyFileAndHeaderOnly)
{
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsv("", "e.csv"), InputError, "e.csv is empty");
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsv("\n\n  \n", "e.csv"), InputError, "is empty");
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsv("a,b\n", "h.csv"), InputError,
                           "h.csv has a header but no data rows");
}

ENGINE_TEST(wrongFieldCountNamesTheLine)
{
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsv("a,b\n1,2\n3,4,5\n", "d.csv"), InputError,
                           "d.csv: line 3 has 3 fields; the header has 2");
}

ENGINE_TEST(unknownColumnListsTheKnownOnes)
{
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsv("a,b\n1,2\n", "d.csv", {"score"}), InputError,
                           "d.csv has no column 'score'; its columns are a, b");
}

ENGINE_TEST(badHeaders)
{
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsv("a,a\n1,2\n", "d.csv"), InputError,
                           "names column 'a' twice");
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsv("a,,c\n1,2,3\n", "d.csv"), InputError,
                           "column 2 of the header has no name");
}

ENGINE_TEST(brokenQuoting)
{
    QVERIFY_THROWS_MESSAGE(mllab::readTextCsv("a,b\n1,\"open\n2,3\n", "d.csv"), InputError,
                           "line 2: a quoted field is never closed");
    QVERIFY_THROWS_MESSAGE(mllab::readTextCsv("a,b\n1,\"x\"y\n", "d.csv"), InputError,
                           "line 2: unexpected text after a closing quote");
    QVERIFY_THROWS_MESSAGE(mllab::readTextCsv("a,b\n1,x\"y\n", "d.csv"), InputError,
                           "line 2: a quote inside an unquoted field");
}

ENGINE_TEST(missingFileIsAnInputError)
{
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsvFile("/nonexistent/dir/x.csv"), InputError,
                           "cannot open '/nonexistent/dir/x.csv'");
}

ENGINE_TEST(readsFromDiskAndInspects)
{
    const std::string path = "tst_csv_tmp.csv";
    {
        std::ofstream out(path);
        out << "x,y,label\n1,2,a\n3,4,b\n5,6,c\n";
    }
    const auto info = mllab::inspectCsvFile(path);
    QCOMPARE(info.rows, std::size_t(3));
    QCOMPARE(info.header.size(), std::size_t(3));
    const auto t = mllab::readNumericCsvFile(path, {"y"});
    QCOMPARE(t.column("y"), (std::vector<double>{2, 4, 6}));
    std::remove(path.c_str());
}

ENGINE_TEST(largeFileRoundTrip)
{
    std::string text = "score,label\n";
    const int n = 100000;
    for (int i = 0; i < n; ++i)
        text += std::to_string(i * 0.001) + "," + std::to_string(i % 2) + "\n";
    const auto t = mllab::readNumericCsv(text, "big.csv");
    QCOMPARE(t.rows, std::size_t(n));
    QFUZZY_COMPARE(t.column("score")[n - 1], (n - 1) * 0.001, 1e-12);
    QCOMPARE(t.column("label")[n - 1], double((n - 1) % 2));
}

ENGINE_TEST(largeFileInPartsKeepsOrderLinesAndErrors)
{
    // Over 8 MiB without quotes: parsed in parts on several threads, which must not show.
    const int n = 1000000;
    std::string text = "x,y\n";
    for (int i = 0; i < n; ++i) {
        text += std::to_string(i) + ".5," + std::to_string(i % 7) + "\n";
        if (i == n / 2)
            text += "\n"; // a blank line shifts every later line by one
    }
    const auto t = mllab::readNumericCsv(text, "parts.csv");
    QCOMPARE(t.rows, std::size_t(n));
    bool ordered = true;
    for (int i = 0; i < n; ++i)
        ordered = ordered && t.columns[0][std::size_t(i)] == i + 0.5;
    QVERIFY(ordered);
    QCOMPARE(t.lineOf(0), std::size_t(2));
    QCOMPARE(t.lineOf(std::size_t(n / 2)), std::size_t(n / 2 + 2));
    QCOMPARE(t.lineOf(std::size_t(n - 1)), std::size_t(n + 2));

    std::string bad = text;
    bad.replace(bad.find("\n100.5,") + 1, 5, "oops!");
    bad.replace(bad.rfind("\n") - 1, 1, "z"); // the last row's y
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsv(bad, "parts.csv"), InputError,
                           "column 'x' has 1 non-numeric value, first at line 102 ('oops!')");
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsv(bad, "parts.csv", {"y"}), InputError,
                           "column 'y' has 1 non-numeric value, first at line " +
                               std::to_string(n + 2));
}

ENGINE_TEST(everyKindOfNumberAndLineEndReadsTheSame)
{
    // Plain decimals take a fast route and anything else the general scanner; which one a record
    // takes must never show in the values or in the line numbers.
    const std::vector<std::pair<std::string, double>> kinds = {
        {"0.125", 0.125},
        {"-0.5", -0.5},
        {"7", 7},
        {" 2.5 ", 2.5},
        {"+3", 3},
        {"1e-3", 1e-3},
        {"-2.5E+2", -250},
        {"\"4.75\"", 4.75},
        {"12345678901234567890.5", 12345678901234567890.5},
        {"9007199254740993", 9007199254740992.0}, // above 2^53: rounded to even by from_chars
        {"0.1000000000000000055511151231257827", 0.1},
        {"5.", 5},
        {"\t6.25", 6.25},
    };
    const std::vector<std::string> lineEnds = {"\n", "\r\n", "\r", "\n\n", "\n  \n"};
    std::string text = "a,b,c\n";
    std::vector<double> expectA, expectC;
    std::vector<std::size_t> expectLines;
    std::size_t line = 2;
    for (std::size_t i = 0; i < 400; ++i) {
        const auto& [field, value] = kinds[(i * 7) % kinds.size()];
        const auto& label = kinds[(i * 3 + 1) % kinds.size()];
        text += field + ",note " + std::to_string(i) + "," + label.first;
        expectA.push_back(value);
        expectC.push_back(label.second);
        expectLines.push_back(line);
        if (i + 1 < 400) { // the last record has no line end
            const std::string& end = lineEnds[(i * 5) % lineEnds.size()];
            text += end;
            line += std::size_t(std::count(end.begin(), end.end(), '\n')) + (end == "\r" ? 1 : 0);
        }
    }
    const auto t = mllab::readNumericCsv(text, "kinds.csv", {"a", "c"});
    QCOMPARE(t.columns[0], expectA);
    QCOMPARE(t.columns[1], expectC);
    for (std::size_t i = 0; i < expectLines.size(); ++i)
        if (t.lineOf(i) != expectLines[i])
            QFAIL("row " + std::to_string(i) + " is on line " + std::to_string(expectLines[i]) +
                  ", reported " + std::to_string(t.lineOf(i)));
}

ENGINE_TEST(recordsTheFastRouteDeclinesAreReportedAsBefore)
{
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsv("x,y\n1,2\n3,4,5\n", "n.csv"), InputError,
                           "line 3");
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsv("x,y\n1,2\n3\n", "n.csv"), InputError, "line 3");
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsv("x,y\n1,2\n3,inf\n", "n.csv", {"y"}), InputError,
                           "line 3");
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsv("x,y\n1,2\n-,4\n", "n.csv", {"x"}), InputError,
                           "first at line 3 ('-')");
}

ENGINE_TEST(aFolderIsNotACsvFile)
{
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsvFile("."), InputError, "not a regular file");
}

ENGINE_TEST(signsAndRangeAreReadAsPythonReadsThem)
{
    double v = 7;
    QVERIFY(!mllab::parseCsvNumber("+-1", v));
    QVERIFY(!mllab::parseCsvNumber("++1", v));
    QVERIFY(!mllab::parseCsvNumber("-+1", v));
    QVERIFY(!mllab::parseCsvNumber("--1", v));
    QVERIFY(mllab::parseCsvNumber("1e-400", v)); // float('1e-400') == 0.0
    QCOMPARE(v, 0.0);
    QVERIFY(mllab::parseCsvNumber("-2.5e-320", v)); // a subnormal, kept
    QVERIFY(v < 0 && v > -1e-319);
    QVERIFY(!mllab::parseCsvNumber("1e400", v)); // overflows to infinity: refused
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsv("x\n1\n+-1\n", "s.csv"), InputError,
                           "1 non-numeric value, first at line 3 ('+-1')");
    const auto t = mllab::readNumericCsv("x\n1e-400\n2\n", "u.csv");
    QCOMPARE(t.column("x"), (std::vector<double>{0, 2}));
}

ENGINE_TEST(onlyRegularFilesAreOpened)
{
    // A FIFO would block open() forever: it is refused before anything opens it.
    const std::string fifo = "tst_csv_fifo";
    std::remove(fifo.c_str());
    QVERIFY(::mkfifo(fifo.c_str(), 0600) == 0);
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsvFile(fifo), InputError, "a FIFO (named pipe)");
    QVERIFY_THROWS_MESSAGE(mllab::readTextFile(fifo), InputError, "not a regular file");
    std::remove(fifo.c_str());
    QVERIFY_THROWS_MESSAGE(mllab::readTextFile("."), InputError, "it is a folder");
    QVERIFY_THROWS_MESSAGE(mllab::readTextFile("/dev/null"), InputError, "it is a device");
    QVERIFY_THROWS_MESSAGE(mllab::readTextFile(""), InputError, "an empty path");
}

ENGINE_TEST(filesAboveTheLimitAreRefusedBeforeReading)
{
    const std::string path = "tst_csv_big.csv";
    {
        std::ofstream out(path);
        out << "x\n" << std::string(2000, '1') << "\n";
    }
    QVERIFY_THROWS_MESSAGE(mllab::readRegularFile(path, "CSV file", 1024), InputError,
                           "is 2003 bytes, larger than the 1024 bytes MLLab reads");
    QCOMPARE(mllab::readRegularFile(path, "CSV file").size(), std::size_t(2003));
    std::remove(path.c_str());
}

namespace {

/// A CSV of `rows` score,label records (about 20 bytes each), written once per test.
std::string writeRowsFile(const std::string& path, std::size_t rows)
{
    std::string text = "score,label\n";
    text.reserve(rows * 20);
    for (std::size_t i = 0; i < rows; ++i)
        text += std::to_string(double(i % 9973) / 9973.0) + "," + std::to_string(i % 2) + "\n";
    std::ofstream(path, std::ios::binary) << text;
    return text;
}

} // namespace

ENGINE_TEST(aRaisedCancelFlagStopsEveryReaderWithCancelled)
{
    const std::string path = "tst_csv_cancel.csv";
    const std::string text = writeRowsFile(path, 200'000);
    std::atomic<bool> cancel{true};
    mllab::Progress progress;
    progress.cancel = &cancel;
    // In memory too: the record loops look at the flag, not only the file reads.
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsv(text, path, {}, progress), mllab::Cancelled,
                           "cancelled");
    QVERIFY_THROWS_MESSAGE(mllab::inspectCsv(text, path, progress), mllab::Cancelled, "cancelled");
    QVERIFY_THROWS_MESSAGE(mllab::readTextCsv(text, path, progress), mllab::Cancelled, "cancelled");
    QVERIFY_THROWS_MESSAGE(mllab::readNumericCsvFile(path, {"score"}, progress), mllab::Cancelled,
                           "cancelled");
    QVERIFY_THROWS_MESSAGE(mllab::inspectCsvFile(path, progress), mllab::Cancelled, "cancelled");
    QVERIFY_THROWS_MESSAGE(mllab::readTextCsvFile(path, progress), mllab::Cancelled, "cancelled");
    // A flag that stays down reads the whole file.
    cancel = false;
    QCOMPARE(mllab::readNumericCsvFile(path, {"score"}, progress).rows, std::size_t(200'000));
    QCOMPARE(mllab::inspectCsvFile(path, progress).rows, std::size_t(200'000));
    std::remove(path.c_str());
}

ENGINE_TEST(aLoadCancelledMidwayStopsBeforeItsEnd)
{
    // A million rows, cancelled from another thread while they are read: the read throws
    // Cancelled instead of finishing. How long the stop took is printed, not asserted.
    const std::string path = "tst_csv_cancel_big.csv";
    writeRowsFile(path, 1'000'000);
    const auto started = std::chrono::steady_clock::now();
    mllab::readNumericCsvFile(path);
    const double wholeMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    std::atomic<bool> cancel{false};
    std::chrono::steady_clock::time_point raised;
    mllab::Progress progress;
    progress.cancel = &cancel;
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        raised = std::chrono::steady_clock::now();
        cancel = true;
    });
    bool stopped = false;
    try {
        mllab::readNumericCsvFile(path, {"score", "label"}, progress);
    } catch (const mllab::Cancelled&) {
        stopped = true;
    }
    const auto ended = std::chrono::steady_clock::now();
    canceller.join();
    std::remove(path.c_str());
    if (!stopped) {
        // The whole read finished within the 2 ms: nothing to cancel on this machine.
        std::cout << "  1M rows read in " << wholeMs << " ms, before the flag went up\n";
        return;
    }
    std::cout << "  1M rows: whole read " << wholeMs << " ms; stopped "
              << std::chrono::duration<double, std::milli>(ended - raised).count()
              << " ms after the cancel (printed, not asserted)\n";
}

ENGINE_TEST_MAIN(tst_csv)
