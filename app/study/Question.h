#pragma once
// One interview question as loaded from its Markdown file (format: docs/content-style.md).

#include <QList>
#include <QString>
#include <QStringList>

struct FollowUp {
    QString question;
    QString answer;  ///< Markdown
};

struct Question {
    QString id;          ///< stable slug
    int number = 0;      ///< 1-72, the order of the bank
    QString section;     ///< one of QuestionBank::sections()
    QString title;
    int difficulty = 1;  ///< 1 core, 2 experienced, 3 senior
    QStringList tags;
    QStringList labs;     ///< lab ids
    QStringList related;  ///< question ids
    QString sourcePath;   ///< file it came from

    QString body;         ///< Markdown after the front matter
    QString shortAnswer;  ///< Markdown of "## Short answer"
    QString deepDive;
    QString interviewerTests;
    QString redFlags;
    QList<FollowUp> followUps;
    QString code;  ///< Markdown of "## Code", may be empty

    // Lower-cased text for search, filled by the parser.
    QString searchTitle;
    QString searchTags;
    QString searchShort;
    QString searchBody;
};

/// A problem found while loading content; the file it names is skipped.
struct ContentProblem {
    QString path;
    int line = 0;  ///< 1-based, 0 when the problem concerns the whole file
    QString message;

    QString toString() const
    {
        return line > 0 ? QStringLiteral("%1:%2: %3").arg(path).arg(line).arg(message)
                        : QStringLiteral("%1: %2").arg(path, message);
    }
};
