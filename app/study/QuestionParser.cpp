#include "app/study/QuestionParser.h"

#include <QRegularExpression>
#include <QSet>
#include <QStringDecoder>

namespace {

const QStringList kKeys = {QStringLiteral("id"),   QStringLiteral("number"),
                           QStringLiteral("section"), QStringLiteral("title"),
                           QStringLiteral("difficulty"), QStringLiteral("tags"),
                           QStringLiteral("labs"), QStringLiteral("related")};

const QRegularExpression& slugPattern()
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9]+(-[a-z0-9]+)*$"));
    return re;
}

class Parser {
public:
    Parser(const QString& path, const QStringList& knownLabs) : m_path(path), m_knownLabs(knownLabs) {}

    ParsedQuestion run(const QByteArray& bytes)
    {
        if (decodeLines(bytes) && parseFrontMatter())
            parseBody();
        ParsedQuestion out;
        out.problems = m_problems;
        out.keyLines = m_keyLines;
        if (m_problems.isEmpty())
            out.question = m_q;
        return out;
    }

private:
    void problem(int line, const QString& message) { m_problems.append({m_path, line, message}); }

    bool decodeLines(const QByteArray& bytes)
    {
        if (bytes.trimmed().isEmpty()) {
            problem(0, QStringLiteral("the file is empty"));
            return false;
        }
        const QList<QByteArray> raw = bytes.split('\n');
        for (int i = 0; i < raw.size(); ++i) {
            QStringDecoder decoder(QStringDecoder::Utf8);
            QString line = decoder.decode(raw[i]);
            if (decoder.hasError()) {
                problem(i + 1, QStringLiteral("not valid UTF-8 text (save the file as UTF-8)"));
                return false;
            }
            if (i == 0 && line.startsWith(QChar(0xFEFF)))
                line.remove(0, 1);
            if (line.endsWith(QLatin1Char('\r')))
                line.chop(1);
            m_lines.append(line);
        }
        return true;
    }

    bool parseFrontMatter()
    {
        if (m_lines.value(0) != QLatin1String("---")) {
            problem(1, QStringLiteral("expected '---' to open the front matter"));
            return false;
        }
        int end = -1;
        for (int i = 1; i < m_lines.size(); ++i) {
            if (m_lines[i] == QLatin1String("---")) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            problem(1, QStringLiteral("the front matter is never closed with '---'"));
            return false;
        }
        QHash<QString, QString> values;
        for (int i = 1; i < end; ++i) {
            const QString& line = m_lines[i];
            if (line.trimmed().isEmpty())
                continue;
            const int colon = line.indexOf(QLatin1Char(':'));
            const QString key = colon < 0 ? line.trimmed() : line.left(colon).trimmed();
            if (colon < 0) {
                problem(i + 1, QStringLiteral("expected 'key: value', got '%1'").arg(line.trimmed()));
                continue;
            }
            if (!kKeys.contains(key)) {
                problem(i + 1, QStringLiteral("unknown key '%1' (allowed: %2)").arg(key, kKeys.join(QStringLiteral(", "))));
                continue;
            }
            if (values.contains(key)) {
                problem(i + 1, QStringLiteral("key '%1' appears twice").arg(key));
                continue;
            }
            values.insert(key, line.mid(colon + 1).trimmed());
            m_keyLines.insert(key, i + 1);
        }
        for (const QString& key : kKeys)
            if (!values.contains(key))
                problem(end + 1, QStringLiteral("missing key '%1'").arg(key));
        if (!m_problems.isEmpty())
            return false;
        m_bodyStart = end + 1;
        readScalars(values);
        m_q.tags = readList(values, QStringLiteral("tags"));
        m_q.labs = readList(values, QStringLiteral("labs"));
        m_q.related = readList(values, QStringLiteral("related"));
        checkLists();
        return m_problems.isEmpty();
    }

    void readScalars(const QHash<QString, QString>& values)
    {
        m_q.id = values.value(QStringLiteral("id"));
        if (!slugPattern().match(m_q.id).hasMatch())
            problem(m_keyLines.value(QStringLiteral("id")),
                    QStringLiteral("'id' must be a slug of lowercase letters, digits and '-', got '%1'").arg(m_q.id));
        bool ok = false;
        m_q.number = values.value(QStringLiteral("number")).toInt(&ok);
        if (!ok || m_q.number < 1 || m_q.number > 999)
            problem(m_keyLines.value(QStringLiteral("number")),
                    QStringLiteral("'number' must be a positive whole number, got '%1'").arg(values.value(QStringLiteral("number"))));
        m_q.section = values.value(QStringLiteral("section"));
        if (!QuestionParser::sectionNames().contains(m_q.section))
            problem(m_keyLines.value(QStringLiteral("section")),
                    QStringLiteral("unknown section '%1'").arg(m_q.section));
        m_q.title = values.value(QStringLiteral("title"));
        if (m_q.title.isEmpty())
            problem(m_keyLines.value(QStringLiteral("title")), QStringLiteral("'title' is empty"));
        m_q.difficulty = values.value(QStringLiteral("difficulty")).toInt(&ok);
        if (!ok || m_q.difficulty < 1 || m_q.difficulty > 3)
            problem(m_keyLines.value(QStringLiteral("difficulty")),
                    QStringLiteral("'difficulty' must be 1, 2 or 3, got '%1'").arg(values.value(QStringLiteral("difficulty"))));
    }

    QStringList readList(const QHash<QString, QString>& values, const QString& key)
    {
        const QString text = values.value(key);
        const int line = m_keyLines.value(key);
        if (!text.startsWith(QLatin1Char('[')) || !text.endsWith(QLatin1Char(']'))) {
            problem(line, QStringLiteral("'%1' must be a list like [a, b], got '%2'").arg(key, text));
            return {};
        }
        QStringList items;
        const QString inner = text.mid(1, text.size() - 2).trimmed();
        if (inner.isEmpty())
            return items;
        for (const QString& part : inner.split(QLatin1Char(','))) {
            const QString item = part.trimmed();
            if (!slugPattern().match(item).hasMatch()) {
                problem(line, QStringLiteral("'%1' has an invalid entry '%2' (lowercase slugs only)").arg(key, item));
                continue;
            }
            if (items.contains(item))
                problem(line, QStringLiteral("'%1' lists '%2' twice").arg(key, item));
            items.append(item);
        }
        return items;
    }

    void checkLists()
    {
        const int labLine = m_keyLines.value(QStringLiteral("labs"));
        for (const QString& lab : std::as_const(m_q.labs))
            if (!m_knownLabs.contains(lab))
                problem(labLine, QStringLiteral("unknown lab id '%1'").arg(lab));
        if (m_q.related.contains(m_q.id))
            problem(m_keyLines.value(QStringLiteral("related")), QStringLiteral("a question cannot be related to itself"));
    }

    struct Section {
        QString heading;
        int line = 0;
        QStringList lines;
        QList<int> lineNumbers;
    };

    void parseBody()
    {
        QList<Section> sections;
        bool inFence = false;
        QString fence;
        for (int i = m_bodyStart; i < m_lines.size(); ++i) {
            const QString& line = m_lines[i];
            const QString trimmed = line.trimmed();
            if (trimmed.startsWith(QLatin1String("```")) || trimmed.startsWith(QLatin1String("~~~"))) {
                if (!inFence) {
                    inFence = true;
                    fence = trimmed.left(3);
                } else if (trimmed.startsWith(fence)) {
                    inFence = false;
                }
            } else if (!inFence && line.startsWith(QLatin1String("# "))) {
                problem(i + 1, QStringLiteral("level-1 heading not allowed (the title comes from the front matter)"));
            } else if (!inFence && line.startsWith(QLatin1String("## "))) {
                sections.append({line.mid(3).trimmed(), i + 1, {}, {}});
                continue;
            }
            if (sections.isEmpty()) {
                if (!trimmed.isEmpty())
                    problem(i + 1, QStringLiteral("text before the first '## ' heading"));
                continue;
            }
            sections.last().lines.append(line);
            sections.last().lineNumbers.append(i + 1);
        }
        if (inFence)
            problem(m_lines.size(), QStringLiteral("a code block is never closed"));
        m_q.body = m_lines.mid(m_bodyStart).join(QLatin1Char('\n')).trimmed();
        checkSections(sections);
        fillSearchText();
    }

    void checkSections(const QList<Section>& sections)
    {
        QStringList expected = QuestionParser::requiredHeadings();
        int next = 0;
        for (const Section& s : sections) {
            const bool isCode = s.heading == QLatin1String("Code");
            if (!isCode && !expected.contains(s.heading)) {
                problem(s.line, QStringLiteral("unknown heading '## %1'").arg(s.heading));
                continue;
            }
            if (isCode && next < expected.size()) {
                problem(s.line, QStringLiteral("'## Code' must come after '## Follow-ups'"));
                continue;
            }
            if (!isCode) {
                const int index = expected.indexOf(s.heading);
                if (index != next) {
                    problem(s.line, index < next
                                        ? QStringLiteral("heading '## %1' appears twice").arg(s.heading)
                                        : QStringLiteral("missing heading '## %1' before '## %2'").arg(expected[next], s.heading));
                    next = std::max(next, index + 1);
                    continue;
                }
                ++next;
            }
            const QString text = s.lines.join(QLatin1Char('\n')).trimmed();
            if (text.isEmpty()) {
                problem(s.line, QStringLiteral("section '## %1' is empty").arg(s.heading));
                continue;
            }
            store(s, text);
        }
        for (int i = next; i < expected.size(); ++i)
            problem(0, QStringLiteral("missing required heading '## %1'").arg(expected[i]));
    }

    void store(const Section& s, const QString& text)
    {
        if (s.heading == QLatin1String("Short answer"))
            m_q.shortAnswer = text;
        else if (s.heading == QLatin1String("Deep dive"))
            m_q.deepDive = text;
        else if (s.heading == QLatin1String("What the interviewer is testing"))
            m_q.interviewerTests = text;
        else if (s.heading == QLatin1String("Red flags"))
            m_q.redFlags = text;
        else if (s.heading == QLatin1String("Code"))
            m_q.code = text;
        else
            parseFollowUps(s);
    }

    void parseFollowUps(const Section& s)
    {
        int currentLine = 0;
        bool inFence = false;
        for (int i = 0; i < s.lines.size(); ++i) {
            const QString& line = s.lines[i];
            if (line.trimmed().startsWith(QLatin1String("```")))
                inFence = !inFence;
            if (!inFence && line.startsWith(QLatin1String("### "))) {
                closeFollowUp(currentLine);
                m_q.followUps.append({line.mid(4).trimmed(), {}});
                currentLine = s.lineNumbers[i];
                continue;
            }
            if (m_q.followUps.isEmpty()) {
                if (!line.trimmed().isEmpty())
                    problem(s.lineNumbers[i], QStringLiteral("text in '## Follow-ups' before the first '### ' question"));
                continue;
            }
            m_q.followUps.last().answer += line + QLatin1Char('\n');
        }
        closeFollowUp(currentLine);
        if (m_q.followUps.size() < 2)
            problem(s.line, QStringLiteral("'## Follow-ups' needs at least two '### ' questions with answers, found %1")
                                .arg(m_q.followUps.size()));
    }

    void closeFollowUp(int line)
    {
        if (m_q.followUps.isEmpty())
            return;
        FollowUp& f = m_q.followUps.last();
        f.answer = f.answer.trimmed();
        if (f.answer.isEmpty())
            problem(line, QStringLiteral("follow-up '%1' has no answer").arg(f.question));
    }

    void fillSearchText()
    {
        m_q.searchTitle = m_q.title.toLower();
        m_q.searchTags = m_q.tags.join(QLatin1Char(' ')).toLower();
        m_q.searchShort = m_q.shortAnswer.toLower();
        m_q.searchBody = m_q.body.toLower();
    }

    QString m_path;
    const QStringList& m_knownLabs;
    QStringList m_lines;
    int m_bodyStart = 0;
    Question m_q;
    QHash<QString, int> m_keyLines;
    QList<ContentProblem> m_problems;
};

} // namespace

const QStringList& QuestionParser::sectionNames()
{
    static const QStringList names = {
        QStringLiteral("LLM Engineering & Prompt Design"), QStringLiteral("AI System Architecture"),
        QStringLiteral("Machine Learning Fundamentals"),   QStringLiteral("Deep Learning & Neural Networks"),
        QStringLiteral("MLOps & System Design"),           QStringLiteral("PyTorch & Coding Scenarios"),
        QStringLiteral("NLP & LLM Specifics"),             QStringLiteral("Advanced & Edge-Case Topics"),
        QStringLiteral("Gap-Filling Topics"),
    };
    return names;
}

const QStringList& QuestionParser::requiredHeadings()
{
    static const QStringList headings = {
        QStringLiteral("Short answer"), QStringLiteral("Deep dive"),
        QStringLiteral("What the interviewer is testing"), QStringLiteral("Red flags"),
        QStringLiteral("Follow-ups"),
    };
    return headings;
}

ParsedQuestion QuestionParser::parse(const QByteArray& bytes, const QString& path,
                                     const QStringList& knownLabIds)
{
    Parser parser(path, knownLabIds);
    ParsedQuestion out = parser.run(bytes);
    if (out.question)
        out.question->sourcePath = path;
    return out;
}
