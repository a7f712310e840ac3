#pragma once
// The loaded question bank: every valid question file of a folder (the built-in resource folder
// or an author's working copy), the problems of the files that were skipped, section counts, and
// ranked search.

#include "app/study/Question.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

struct QuestionFilter {
    QString section;      ///< empty: any
    int difficulty = 0;   ///< 0: any
    QString tag;          ///< empty: any
    bool hasLab = false;  ///< only questions with at least one built lab
};

struct SearchHit {
    int index = 0;  ///< into QuestionBank::questions()
    int score = 0;
};

class QuestionBank {
public:
    /// The folder compiled into the binary.
    static QString builtInFolder() { return QStringLiteral(":/content/questions"); }

    /// Loads every *.md file below `folder`; returns false if the folder cannot be read.
    bool load(const QString& folder, const QStringList& knownLabIds);

    const QList<Question>& questions() const { return m_questions; }
    const QList<ContentProblem>& problems() const { return m_problems; }
    const QString& folder() const { return m_folder; }
    const Question* find(const QString& id) const;
    int indexOf(const QString& id) const { return m_index.value(id, -1); }

    /// Section names in bank order with their question counts.
    QList<QPair<QString, int>> sectionCounts() const;
    QStringList allTags() const;

    /// Questions matching every word of `query` (case-insensitive, at word starts) and the
    /// filter, best first: a word in the title counts most, then tags, short answer, body.
    /// An empty query lists every question passing the filter in bank order.
    QList<SearchHit> search(const QString& query, const QuestionFilter& filter = {}) const;
    static QStringList queryWords(const QString& query);

    /// JSON array for `mllab --list-questions`.
    QByteArray toJson() const;

private:
    bool passes(const Question& q, const QuestionFilter& filter) const;

    QString m_folder;
    QList<Question> m_questions;
    QList<ContentProblem> m_problems;
    QHash<QString, int> m_index;
};
