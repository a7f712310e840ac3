#include "app/study/QuestionBank.h"

#include "engine/labs/registry.h"
#include "app/study/QuestionParser.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace {

/// Counts occurrences of `word` that start a word in `text` (both lower-case).
int countAtWordStarts(const QString& text, const QString& word)
{
    int count = 0;
    for (qsizetype at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
        if (at == 0 || !text.at(at - 1).isLetterOrNumber())
            ++count;
    }
    return count;
}

int wordScore(const Question& q, const QString& word)
{
    int score = 0;
    if (countAtWordStarts(q.searchTitle, word))
        score += 100;
    if (countAtWordStarts(q.searchTags, word))
        score += 60;
    if (countAtWordStarts(q.searchShort, word))
        score += 25;
    if (const int inBody = countAtWordStarts(q.searchBody, word))
        score += 10 + std::min(inBody, 10);
    return score;
}

QJsonArray toArray(const QStringList& list)
{
    return QJsonArray::fromStringList(list);
}

} // namespace

bool QuestionBank::load(const QString& folder, const QStringList& knownLabIds)
{
    m_folder = folder;
    m_questions.clear();
    m_problems.clear();
    m_index.clear();
    if (!QDir(folder).exists()) {
        m_problems.append({folder, 0, QStringLiteral("the content folder does not exist")});
        return false;
    }
    QStringList files;
    QDirIterator it(folder, {QStringLiteral("*.md")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    files.sort();

    struct Candidate {
        Question question;
        QHash<QString, int> keyLines;
    };
    QList<Candidate> candidates;
    QHash<QString, QString> idOwner;
    QHash<int, QString> numberOwner;
    for (const QString& path : std::as_const(files)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            m_problems.append({path, 0, QStringLiteral("cannot read: %1").arg(file.errorString())});
            continue;
        }
        ParsedQuestion parsed = QuestionParser::parse(file.readAll(), path, knownLabIds);
        m_problems.append(parsed.problems);
        if (!parsed.question)
            continue;
        const Question& q = *parsed.question;
        if (idOwner.contains(q.id)) {
            m_problems.append({path, parsed.keyLines.value(QStringLiteral("id")),
                               QStringLiteral("duplicate id '%1' (already used by %2)").arg(q.id, idOwner.value(q.id))});
            continue;
        }
        if (numberOwner.contains(q.number)) {
            m_problems.append({path, parsed.keyLines.value(QStringLiteral("number")),
                               QStringLiteral("duplicate number %1 (already used by %2)").arg(q.number).arg(numberOwner.value(q.number))});
            continue;
        }
        idOwner.insert(q.id, path);
        numberOwner.insert(q.number, path);
        candidates.append({q, parsed.keyLines});
    }

    for (const Candidate& c : std::as_const(candidates)) {
        bool ok = true;
        for (const QString& rel : c.question.related) {
            if (!idOwner.contains(rel)) {
                m_problems.append({c.question.sourcePath, c.keyLines.value(QStringLiteral("related")),
                                   QStringLiteral("unknown related question id '%1'").arg(rel)});
                ok = false;
            }
        }
        if (ok)
            m_questions.append(c.question);
    }
    std::sort(m_questions.begin(), m_questions.end(),
              [](const Question& a, const Question& b) { return a.number < b.number; });
    for (int i = 0; i < m_questions.size(); ++i)
        m_index.insert(m_questions[i].id, i);
    return true;
}

const Question* QuestionBank::find(const QString& id) const
{
    const int i = indexOf(id);
    return i < 0 ? nullptr : &m_questions[i];
}

QList<QPair<QString, int>> QuestionBank::sectionCounts() const
{
    QList<QPair<QString, int>> counts;
    for (const QString& name : QuestionParser::sectionNames()) {
        const auto n = std::count_if(m_questions.begin(), m_questions.end(),
                                     [&](const Question& q) { return q.section == name; });
        counts.append({name, int(n)});
    }
    return counts;
}

QStringList QuestionBank::allTags() const
{
    QSet<QString> tags;
    for (const Question& q : m_questions)
        for (const QString& t : q.tags)
            tags.insert(t);
    QStringList sorted(tags.begin(), tags.end());
    sorted.sort();
    return sorted;
}

QStringList QuestionBank::queryWords(const QString& query)
{
    static const QRegularExpression separators(QStringLiteral("[\\s,;]+"));
    QStringList words = query.toLower().split(separators, Qt::SkipEmptyParts);
    words.removeDuplicates();
    return words;
}

bool QuestionBank::passes(const Question& q, const QuestionFilter& filter) const
{
    if (!filter.section.isEmpty() && q.section != filter.section)
        return false;
    if (filter.difficulty && q.difficulty != filter.difficulty)
        return false;
    if (!filter.tag.isEmpty() && !q.tags.contains(filter.tag))
        return false;
    if (filter.hasLab &&
        std::none_of(q.labs.begin(), q.labs.end(), [](const QString& id) {
            return mllab::labs::findLabSpec(id.toStdString()) != nullptr;
        }))
        return false;
    return true;
}

QList<SearchHit> QuestionBank::search(const QString& query, const QuestionFilter& filter) const
{
    const QStringList words = queryWords(query);
    QList<SearchHit> hits;
    for (int i = 0; i < m_questions.size(); ++i) {
        const Question& q = m_questions[i];
        if (!passes(q, filter))
            continue;
        int total = 0;
        bool all = true;
        for (const QString& w : words) {
            const int s = wordScore(q, w);
            if (s == 0) {
                all = false;
                break;
            }
            total += s;
        }
        if (all)
            hits.append({i, total});
    }
    if (!words.isEmpty())
        std::stable_sort(hits.begin(), hits.end(),
                         [](const SearchHit& a, const SearchHit& b) { return a.score > b.score; });
    return hits;
}

QByteArray QuestionBank::toJson() const
{
    QJsonArray array;
    for (const Question& q : m_questions) {
        array.append(QJsonObject{{QStringLiteral("id"), q.id},
                                 {QStringLiteral("number"), q.number},
                                 {QStringLiteral("section"), q.section},
                                 {QStringLiteral("title"), q.title},
                                 {QStringLiteral("difficulty"), q.difficulty},
                                 {QStringLiteral("tags"), toArray(q.tags)},
                                 {QStringLiteral("labs"), toArray(q.labs)}});
    }
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}
