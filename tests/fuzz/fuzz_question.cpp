// A question file's front matter and sections (app/study/QuestionParser, Qt Core only). Any
// bytes give either a question or a list of problems, never both and never neither, and every
// problem names the file and a line inside it.

#include "app/study/QuestionParser.h"
#include "tests/fuzz/fuzz_check.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    const QString path = QStringLiteral("fuzz.md");
    const ParsedQuestion parsed =
        QuestionParser::parse(bytes, path, {QStringLiteral("sampling"), QStringLiteral("roc")});
    FUZZ_CHECK(parsed.question.has_value() == parsed.problems.isEmpty());
    const int lines = int(bytes.count('\n')) + 1;
    for (const ContentProblem& problem : parsed.problems) {
        FUZZ_CHECK(problem.path == path);
        FUZZ_CHECK(!problem.message.isEmpty());
        FUZZ_CHECK(problem.line >= 0 && problem.line <= lines);
    }
    if (const auto& q = parsed.question) {
        FUZZ_CHECK(!q->id.isEmpty() && !q->title.isEmpty());
        FUZZ_CHECK(q->difficulty >= 1 && q->difficulty <= 3);
        for (const QString& lab : q->labs)
            FUZZ_CHECK(lab == QLatin1String("sampling") || lab == QLatin1String("roc"));
    }
    return 0;
}
