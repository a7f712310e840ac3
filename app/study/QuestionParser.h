#pragma once
// Parses and strictly validates one question file: front matter keys and types, the required
// headings in order with non-empty text, answered follow-ups, UTF-8. Cross-file checks
// (duplicates, related ids) belong to QuestionBank.

#include "app/study/Question.h"

#include <QByteArray>
#include <QHash>
#include <QStringList>

#include <optional>

struct ParsedQuestion {
    std::optional<Question> question;  ///< set when the file is valid on its own
    QList<ContentProblem> problems;    ///< every problem found, empty when valid
    QHash<QString, int> keyLines;      ///< front-matter key -> line, for later messages
};

class QuestionParser {
public:
    static const QStringList& sectionNames();
    static const QStringList& requiredHeadings();  ///< without the "## " prefix

    /// `knownLabIds`: lab ids a question may reference.
    static ParsedQuestion parse(const QByteArray& bytes, const QString& path,
                                const QStringList& knownLabIds);
};
