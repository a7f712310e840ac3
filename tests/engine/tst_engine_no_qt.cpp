// The engine is Qt-free: no file under engine/ may include a Qt header, and no app file may
// include a libtorch header (keeps app builds fast and Qt's keywords away from libtorch).
#include "tests/support/enginetest.h"

#include <filesystem>
#include <fstream>
#include <regex>

namespace fs = std::filesystem;

static std::vector<std::string> filesIncluding(const fs::path& root, const std::regex& include)
{
    std::vector<std::string> offenders;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const auto ext = entry.path().extension();
        if (!entry.is_regular_file() || (ext != ".h" && ext != ".cpp" && ext != ".hpp"))
            continue;
        std::ifstream in(entry.path());
        std::string line;
        while (std::getline(in, line)) {
            if (std::regex_search(line, include)) {
                offenders.push_back(entry.path().string() + ": " + line);
                break;
            }
        }
    }
    return offenders;
}

ENGINE_TEST(engineIncludesNoQtHeader)
{
    const std::regex qtInclude(R"(^\s*#\s*include\s*[<"](Q[A-Za-z]|qt[a-z]*/|Qt[A-Za-z]*/))");
    const auto offenders = filesIncluding(fs::path(MLLAB_SOURCE_DIR) / "engine", qtInclude);
    QVERIFY2(offenders.empty(), offenders.empty() ? "" : offenders.front());
}

ENGINE_TEST(appIncludesNoTorchHeader)
{
    const fs::path app = fs::path(MLLAB_SOURCE_DIR) / "app";
    if (!fs::exists(app))
        return;  // engine-only checkout
    const std::regex torchInclude(R"(^\s*#\s*include\s*[<"](torch/|ATen/|c10/))");
    const auto offenders = filesIncluding(app, torchInclude);
    QVERIFY2(offenders.empty(), offenders.empty() ? "" : offenders.front());
}

ENGINE_TEST(detectorFindsAQtInclude)
{
    // Guards the regex itself: a scan that can never match would pass forever.
    const std::regex qtInclude(R"(^\s*#\s*include\s*[<"](Q[A-Za-z]|qt[a-z]*/|Qt[A-Za-z]*/))");
    QVERIFY(std::regex_search("#include <QString>", qtInclude));
    QVERIFY(std::regex_search("  # include <QtCore/QObject>", qtInclude));
    QVERIFY(!std::regex_search("#include <queue>", qtInclude));
}

ENGINE_TEST_MAIN(tst_engine_no_qt)
