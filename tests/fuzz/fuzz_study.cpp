// The study-data import (app/study/StudyData parseStudyJson). Any bytes are either imported or
// refused with a message while the target is left untouched; what is imported exports to JSON
// that imports to the same data again.

#include "app/study/StudyData.h"
#include "tests/fuzz/fuzz_check.h"

#include <cstdint>

namespace {

std::size_t recordCount(const StudyData& d)
{
    return std::size_t(d.reviews.size() + d.cards.size() + d.notes.size() + d.bookmarks.size() +
                       d.sessions.size() + d.mockItems.size() + d.labPresets.size());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray json(reinterpret_cast<const char*>(data), qsizetype(size));
    StudyData imported;
    imported.notes.append({QStringLiteral("sentinel"), QStringLiteral("kept on refusal"), 1});
    QString error;
    if (!parseStudyJson(json, &imported, &error)) {
        FUZZ_CHECK(!error.isEmpty());
        FUZZ_CHECK(imported.notes.size() == 1 && imported.notes[0].questionId == "sentinel");
        return 0;
    }
    FUZZ_CHECK(error.isEmpty());
    const QByteArray exported = toStudyJson(imported, 0);
    StudyData again;
    QString againError;
    const bool reimported = parseStudyJson(exported, &again, &againError);
    if (!reimported)
        std::fprintf(stderr, "export does not import: %s\n%s\n", qPrintable(againError),
                     exported.constData());
    FUZZ_CHECK(reimported);
    FUZZ_CHECK(recordCount(again) == recordCount(imported));
    FUZZ_CHECK(toStudyJson(again, 0) == exported);
    return 0;
}
