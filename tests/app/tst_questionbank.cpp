// The question bank: the shipped 72 questions load cleanly with the required structure; search
// ranks and finds; every malformed-file case yields its own error while the rest still load.
#include "app/labs/LabRegistry.h"
#include "app/study/QuestionBank.h"
#include "app/study/QuestionParser.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

namespace {

QByteArray validFile(const QString& id, int number, const QString& related = {})
{
    return QStringLiteral("---\nid: %1\nnumber: %2\nsection: Machine Learning Fundamentals\n"
                          "title: Title %1\ndifficulty: 2\ntags: [alpha, beta]\nlabs: [roc]\n"
                          "related: [%3]\n---\n\n## Short answer\n\nShort.\n\n## Deep dive\n\nDeep.\n\n"
                          "## What the interviewer is testing\n\nTesting.\n\n## Red flags\n\n- Flag.\n\n"
                          "## Follow-ups\n\n### First?\n\nAnswer one.\n\n### Second?\n\nAnswer two.\n")
        .arg(id)
        .arg(number)
        .arg(related)
        .toUtf8();
}

void write(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

QuestionBank loadBuiltIn()
{
    QuestionBank bank;
    bank.load(QuestionBank::builtInFolder(), LabRegistry::knownLabIds());
    return bank;
}

} // namespace

class TestQuestionBank : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void allQuestionsLoadWithoutProblems()
    {
        const QuestionBank bank = loadBuiltIn();
        QStringList problems;
        for (const auto& p : bank.problems())
            problems << p.toString();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QCOMPARE(bank.questions().size(), 72);
    }

    void numbersAreOneToSeventyTwoOnce()
    {
        const QuestionBank bank = loadBuiltIn();
        for (int i = 0; i < bank.questions().size(); ++i)
            QCOMPARE(bank.questions()[i].number, i + 1);
    }

    void sectionCounts()
    {
        const QList<QPair<QString, int>> expected = {
            {QStringLiteral("LLM Engineering & Prompt Design"), 3},
            {QStringLiteral("AI System Architecture"), 1},
            {QStringLiteral("Machine Learning Fundamentals"), 10},
            {QStringLiteral("Deep Learning & Neural Networks"), 10},
            {QStringLiteral("MLOps & System Design"), 10},
            {QStringLiteral("PyTorch & Coding Scenarios"), 10},
            {QStringLiteral("NLP & LLM Specifics"), 10},
            {QStringLiteral("Advanced & Edge-Case Topics"), 10},
            {QStringLiteral("Gap-Filling Topics"), 8},
        };
        QCOMPARE(loadBuiltIn().sectionCounts(), expected);
    }

    void everyQuestionIsComplete()
    {
        const QuestionBank bank = loadBuiltIn();
        for (const Question& q : bank.questions()) {
            const QByteArray id = q.id.toUtf8();
            QVERIFY2(!q.shortAnswer.isEmpty() && !q.deepDive.isEmpty() && !q.interviewerTests.isEmpty() &&
                         !q.redFlags.isEmpty(), id);
            QVERIFY2(q.followUps.size() >= 2, id);
            for (const FollowUp& f : q.followUps)
                QVERIFY2(!f.question.isEmpty() && !f.answer.isEmpty(), id);
            QVERIFY2(q.tags.size() >= 2, id);
            QVERIFY2(!q.body.contains(QLatin1String("$$")) && !q.body.contains(QLatin1String("\\frac")), id);
        }
    }

    void folderMatchesSectionAndNumber()
    {
        const QuestionBank bank = loadBuiltIn();
        for (const Question& q : bank.questions()) {
            const QString file = QFileInfo(q.sourcePath).fileName();
            QVERIFY2(file == QStringLiteral("%1-%2.md").arg(q.number, 2, 10, QLatin1Char('0')).arg(q.id),
                     qPrintable(q.sourcePath));
            const QString folder = QFileInfo(q.sourcePath).dir().dirName();
            const int section = QuestionParser::sectionNames().indexOf(q.section) + 1;
            QVERIFY2(folder.startsWith(QStringLiteral("%1-").arg(section, 2, 10, QLatin1Char('0'))),
                     qPrintable(q.sourcePath));
        }
    }

    void labsAndRelatedResolve()
    {
        const QuestionBank bank = loadBuiltIn();
        for (const Question& q : bank.questions()) {
            for (const QString& lab : q.labs)
                QVERIFY2(LabRegistry::knownLabIds().contains(lab), qPrintable(q.id + QLatin1Char(' ') + lab));
            for (const QString& rel : q.related)
                QVERIFY2(bank.find(rel), qPrintable(q.id + QLatin1Char(' ') + rel));
        }
    }

    void searchFindsNucleus()
    {
        const QuestionBank bank = loadBuiltIn();
        QStringList ids;
        for (const SearchHit& hit : bank.search(QStringLiteral("nucleus")))
            ids << bank.questions()[hit.index].id;
        QVERIFY2(ids.contains(QStringLiteral("temperature")), qPrintable(ids.join(QLatin1Char(','))));
        QVERIFY2(ids.contains(QStringLiteral("decoding-strategies")), qPrintable(ids.join(QLatin1Char(','))));
    }

    void searchRanksTitleMatchesFirst()
    {
        const QuestionBank bank = loadBuiltIn();
        const QList<SearchHit> hits = bank.search(QStringLiteral("LoRA"));
        QVERIFY(!hits.isEmpty());
        QCOMPARE(bank.questions()[hits.first().index].id, QStringLiteral("fine-tuning-peft-lora"));
        for (const SearchHit& hit : hits)  // word starts only: "exploration" must not match
            QVERIFY(bank.questions()[hit.index].searchBody.contains(QLatin1String("lora")));
    }

    void searchNeedsEveryWordAndIgnoresCase()
    {
        const QuestionBank bank = loadBuiltIn();
        const int one = bank.search(QStringLiteral("attention")).size();
        const int both = bank.search(QStringLiteral("ATTENTION softmax")).size();
        QVERIFY(one > 0);
        QVERIFY(both > 0 && both <= one);
        QCOMPARE(bank.search(QStringLiteral("attention zzzqqq")).size(), 0);
        QCOMPARE(bank.search(QString()).size(), 72);
    }

    void filtersNarrowResults()
    {
        const QuestionBank bank = loadBuiltIn();
        QuestionFilter bySection;
        bySection.section = QStringLiteral("Gap-Filling Topics");
        QCOMPARE(bank.search(QString(), bySection).size(), 8);
        QuestionFilter byDifficulty;
        byDifficulty.difficulty = 3;
        for (const SearchHit& hit : bank.search(QString(), byDifficulty))
            QCOMPARE(bank.questions()[hit.index].difficulty, 3);
        QuestionFilter byTag;
        byTag.tag = bank.questions().first().tags.first();
        QVERIFY(bank.search(QString(), byTag).size() >= 1);
    }

    void searchTiming()
    {
        const QuestionBank bank = loadBuiltIn();
        QElapsedTimer timer;
        timer.start();
        const int runs = 50;
        for (int i = 0; i < runs; ++i)
            bank.search(QStringLiteral("gradient descent learning rate"));
        qInfo("search over %lld questions: %.3f ms per query (recorded, not asserted)",
              qlonglong(bank.questions().size()), double(timer.nsecsElapsed()) / 1e6 / runs);
        QVERIFY(true);
    }

    void malformedFileIsSkippedWithItsError_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        const QByteArray good = validFile(QStringLiteral("c"), 3);
        auto replaced = [&](const char* from, const char* to) {
            QByteArray b = good;
            return b.replace(from, to);
        };
        QTest::newRow("missing key") << replaced("difficulty: 2\n", "") << 9 << QStringLiteral("missing key 'difficulty'");
        QTest::newRow("unknown key") << replaced("difficulty: 2\n", "difficulty: 2\nauthor: x\n") << 7 << QStringLiteral("unknown key 'author'");
        QTest::newRow("wrong type") << replaced("difficulty: 2", "difficulty: hard") << 6 << QStringLiteral("'difficulty' must be 1, 2 or 3");
        QTest::newRow("number not a number") << replaced("number: 3", "number: three") << 3 << QStringLiteral("'number' must be a positive whole number");
        QTest::newRow("tags not a list") << replaced("tags: [alpha, beta]", "tags: alpha") << 7 << QStringLiteral("'tags' must be a list");
        QTest::newRow("duplicate id") << validFile(QStringLiteral("a"), 3) << 2 << QStringLiteral("duplicate id 'a'");
        QTest::newRow("duplicate number") << validFile(QStringLiteral("c"), 1) << 3 << QStringLiteral("duplicate number 1");
        QTest::newRow("missing last heading") << replaced("## Follow-ups", "Follow-ups") << 0 << QStringLiteral("missing required heading '## Follow-ups'");
        QTest::newRow("missing heading") << replaced("## Red flags\n\n- Flag.\n\n", "") << 24 << QStringLiteral("missing heading '## Red flags' before '## Follow-ups'");
        QTest::newRow("empty section") << replaced("Deep.\n", "") << 16 << QStringLiteral("section '## Deep dive' is empty");
        QTest::newRow("unknown heading") << replaced("## Red flags", "## Pitfalls") << 24 << QStringLiteral("unknown heading '## Pitfalls'");
        QTest::newRow("non-UTF-8") << replaced("Deep.", "Deep \xff\xfe.") << 18 << QStringLiteral("not valid UTF-8");
        QTest::newRow("unknown lab") << replaced("labs: [roc]", "labs: [telepathy]") << 8 << QStringLiteral("unknown lab id 'telepathy'");
        QTest::newRow("unknown related") << replaced("related: []", "related: [ghost]") << 9 << QStringLiteral("unknown related question id 'ghost'");
        QTest::newRow("one follow-up") << replaced("### Second?\n\nAnswer two.\n", "") << 28 << QStringLiteral("needs at least two");
        QTest::newRow("unanswered follow-up") << replaced("Answer two.\n", "") << 34 << QStringLiteral("follow-up 'Second?' has no answer");
        QTest::newRow("level-1 heading") << replaced("Short.\n", "# Big\n") << 14 << QStringLiteral("level-1 heading not allowed");
        QTest::newRow("no front matter") << good.mid(4) << 1 << QStringLiteral("expected '---'");
        QTest::newRow("unclosed front matter") << replaced("---\n\n## Short", "\n## Short") << 1 << QStringLiteral("never closed");
        QTest::newRow("empty file") << QByteArray() << 0 << QStringLiteral("the file is empty");
        QTest::newRow("unknown section") << replaced("section: Machine Learning Fundamentals", "section: Astrology") << 4 << QStringLiteral("unknown section 'Astrology'");
    }

    void malformedFileIsSkippedWithItsError()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, line);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QDir(dir.path()).mkpath(QStringLiteral("01-s"));
        write(dir.filePath(QStringLiteral("01-s/01-a.md")), validFile(QStringLiteral("a"), 1));
        write(dir.filePath(QStringLiteral("01-s/02-b.md")), validFile(QStringLiteral("b"), 2, QStringLiteral("a")));
        write(dir.filePath(QStringLiteral("01-s/03-c.md")), bytes);
        QuestionBank bank;
        bank.load(dir.path(), LabRegistry::knownLabIds());
        QCOMPARE(bank.questions().size(), 2);
        QVERIFY(bank.find(QStringLiteral("a")) && bank.find(QStringLiteral("b")));
        QVERIFY(!bank.problems().isEmpty());
        const ContentProblem& p = bank.problems().first();
        QVERIFY2(p.path.endsWith(QLatin1String("03-c.md")), qPrintable(p.toString()));
        QVERIFY2(p.message.contains(message), qPrintable(p.toString()));
        QCOMPARE(p.line, line);
    }

    void missingFolderIsAProblem()
    {
        QuestionBank bank;
        QVERIFY(!bank.load(QStringLiteral("/no/such/folder"), LabRegistry::knownLabIds()));
        QCOMPARE(bank.problems().size(), 1);
        QVERIFY(bank.questions().isEmpty());
    }

    void jsonListsEveryQuestion()
    {
        const QuestionBank bank = loadBuiltIn();
        const QJsonArray array = QJsonDocument::fromJson(bank.toJson()).array();
        QCOMPARE(array.size(), 72);
        const QJsonObject first = array.first().toObject();
        for (const char* key : {"id", "number", "section", "title", "difficulty", "tags", "labs"})
            QVERIFY2(first.contains(QLatin1String(key)), key);
    }
};

QTEST_GUILESS_MAIN(TestQuestionBank)
#include "tst_questionbank.moc"
