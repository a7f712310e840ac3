// The study store: fresh schema in WAL mode, migration from the first schema, reviews that
// survive SIGKILL, corrupt / locked / newer-schema / unwritable databases reported (never
// deleted), and export/import that validates fully and applies all or nothing.
//
// Run with "--record-reviews PATH" the binary is the child of the SIGKILL test: it records
// reviews as fast as it can and prints "committed ID" after each commit.
#include "app/study/StudyStore.h"
#include "tests/support/bigstudy.h"
#include "tests/support/childprocess.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <unistd.h>

namespace {

constexpr qint64 kT0 = 1'714'550'400'000; // 2024-05-01T08:00:00Z

/// A raw connection for setting up files the store must cope with.
class RawDb {
public:
    explicit RawDb(const QString& path) : m_name(QStringLiteral("raw-%1").arg(++s_count))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.open();
    }
    ~RawDb()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    bool exec(const QString& sql)
    {
        QSqlQuery q(QSqlDatabase::database(m_name));
        if (!q.exec(sql)) {
            qWarning() << sql << q.lastError().text();
            return false;
        }
        return true;
    }
    QVariant value(const QString& sql)
    {
        QSqlQuery q(QSqlDatabase::database(m_name));
        return q.exec(sql) && q.next() ? q.value(0) : QVariant();
    }

private:
    static inline int s_count = 0;
    QString m_name;
};

ReviewRecord review(const QString& id, Grade grade, qint64 at, const QString& answer = {})
{
    ReviewRecord r;
    r.questionId = id;
    r.grade = grade;
    r.reviewedAtMs = at;
    r.elapsedMs = 4200;
    r.answer = answer;
    return r;
}

/// Records a review the way the review view does: scheduler state from the stored card.
bool grade(StudyStore& store, const QString& id, Grade g, qint64 at, const QString& answer = {})
{
    const CardMemory after = FsrsScheduler().review(store.card(id), g, at);
    ReviewRecord r = review(id, g, at, answer);
    const bool ok = store.recordReview(r, after);
    if (!ok)
        qWarning("recordReview: %s", qPrintable(store.lastError()));
    return ok;
}

void populate(StudyStore& store)
{
    QVERIFY(grade(store, QStringLiteral("temperature"), Grade::Good, kT0,
                  QStringLiteral("scales logits")));
    QVERIFY(grade(store, QStringLiteral("pca"), Grade::Again, kT0 + 60'000));
    QVERIFY(grade(store, QStringLiteral("pca"), Grade::Hard, kT0 + 700'000));
    QVERIFY(store.setNote(QStringLiteral("pca"), QStringLiteral("# PCA\n\n- centre first"), kT0));
    QVERIFY(store.setBookmarked(QStringLiteral("temperature"), true, kT0));
    const qint64 session = store.startSession(QStringLiteral("mock"), kT0 + 1000);
    QVERIFY(session > 0);
    MockItemRecord item;
    item.sessionId = session;
    item.questionId = QStringLiteral("pca");
    item.followUp = 1;
    item.answer = QStringLiteral("variance");
    item.elapsedMs = 95'000;
    item.rubric = RubricKeyIdea | RubricConcrete | RubricFollowUp;
    QVERIFY(store.saveMockItem(item));
    QVERIFY(store.finishSession(session, QStringLiteral("{\"questions\":1}"), kT0 + 200'000));
    QVERIFY(store.saveLabPreset({QStringLiteral("sampling"), QStringLiteral("creative"),
                                 QStringLiteral("{\"temperature\":\"1.3\"}"), kT0}));
}

int recordUntilKilled(const QString& path)
{
    StudyStore store;
    const StudyStore::OpenResult opened = store.open(path);
    if (!opened.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.message));
        return 3;
    }
    const QStringList ids{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    for (int i = 0; i < 1'000'000; ++i) {
        ReviewRecord r = review(ids[i % 3], Grade(1 + i % 4), kT0 + i * 1000);
        const CardMemory after =
            FsrsScheduler().review(store.card(r.questionId), r.grade, r.reviewedAtMs);
        if (!store.recordReview(r, after))
            return 4;
        std::printf("committed %lld\n", static_cast<long long>(r.id));
        std::fflush(stdout);
    }
    return 0;
}

} // namespace

/// A study database at `path` with one review, its schema version then set to `version`
/// (an SQL literal) behind the store's back.
static bool oneReviewWithSchemaVersion(const QString& path, const QString& version)
{
    {
        StudyStore store;
        if (!store.open(path).ok() || !grade(store, QStringLiteral("pca"), Grade::Good, kT0))
            return false;
    }
    RawDb raw(path);
    return raw.exec(QStringLiteral("UPDATE schema_version SET version = ") + version);
}

class TestStudyStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void freshStoreUsesWalAndCurrentSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/study.sqlite"));
        StudyStore store;
        const auto result = store.open(path);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(store.schemaVersion(), StudyStore::kSchemaVersion);
        populate(store);
        QCOMPARE(store.reviewCount(), 3);
        QVERIFY(store.hasReviews());
        QCOMPARE(store.reviewCount(QStringLiteral("pca")), 2);
        QCOMPARE(store.latestReviews(QStringLiteral("pca"), 1).value(0).grade, Grade::Hard);
        QCOMPARE(store.card(QStringLiteral("pca")).reps, 2);
        QCOMPARE(store.card(QStringLiteral("pca")).lapses, 0);
        QCOMPARE(store.reviews(QStringLiteral("temperature")).value(0).answer,
                 QStringLiteral("scales logits"));
        QVERIFY(store.isBookmarked(QStringLiteral("temperature")));
        QVERIFY(!store.isBookmarked(QStringLiteral("pca")));
        QCOMPARE(store.note(QStringLiteral("pca")), QStringLiteral("# PCA\n\n- centre first"));
        QCOMPARE(store.newCardsSince(kT0), 2);
        QCOMPARE(store.newCardsSince(kT0 + 120'000), 0);
        QVERIFY(store.setNote(QStringLiteral("pca"), QStringLiteral("  "), kT0));
        QCOMPARE(store.note(QStringLiteral("pca")), QString());
        QVERIFY(store.setBookmarked(QStringLiteral("temperature"), false, kT0));
        QVERIFY(store.bookmarks().isEmpty());
        store.close();
        RawDb raw(path);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA journal_mode")).toString(),
                 QStringLiteral("wal"));
    }

    void migratesFromTheFirstSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("study.sqlite"));
        {
            // The first released schema, as it was, with some data in it.
            RawDb raw(path);
            for (const char* sql :
                 {"CREATE TABLE schema_version (version INTEGER NOT NULL)",
                  "CREATE TABLE sessions (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, started_at "
                  "INTEGER NOT NULL, "
                  "ended_at INTEGER, summary TEXT)",
                  "CREATE TABLE reviews (id INTEGER PRIMARY KEY, question_id TEXT NOT NULL, "
                  "reviewed_at INTEGER "
                  "NOT NULL, grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4), elapsed_ms "
                  "INTEGER NOT NULL "
                  "DEFAULT 0, stability REAL, difficulty REAL, due INTEGER)",
                  "CREATE INDEX reviews_by_question ON reviews (question_id, reviewed_at)",
                  "CREATE TABLE cards (question_id TEXT PRIMARY KEY, state INTEGER NOT NULL, "
                  "stability REAL NOT "
                  "NULL, difficulty REAL NOT NULL, due INTEGER, last_review INTEGER, reps INTEGER "
                  "NOT NULL, "
                  "lapses INTEGER NOT NULL)",
                  "CREATE TABLE notes (question_id TEXT PRIMARY KEY, markdown TEXT NOT NULL, "
                  "updated_at INTEGER NOT NULL)",
                  "CREATE TABLE bookmarks (question_id TEXT PRIMARY KEY, created_at INTEGER NOT "
                  "NULL)",
                  "CREATE TABLE lab_presets (id INTEGER PRIMARY KEY, lab_id TEXT NOT NULL, name "
                  "TEXT NOT NULL, "
                  "params TEXT NOT NULL, created_at INTEGER NOT NULL, UNIQUE (lab_id, name))",
                  "INSERT INTO schema_version VALUES (1)",
                  "INSERT INTO reviews VALUES (7, 'pca', 1714550400000, 3, 5000, 3.7145, 5.1618, "
                  "1714896000000)",
                  "INSERT INTO cards VALUES ('pca', 2, 3.7145, 5.1618, 1714896000000, "
                  "1714550400000, 1, 0)",
                  "INSERT INTO notes VALUES ('pca', 'centre first', 1714550400000)",
                  "INSERT INTO bookmarks VALUES ('pca', 1714550400000)",
                  "INSERT INTO sessions VALUES (1, 'review', 1714550400000, 1714550500000, '')"})
                QVERIFY(raw.exec(QString::fromLatin1(sql)));
        }
        StudyStore store;
        const auto result = store.open(path);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(store.schemaVersion(), 2);
        const QList<ReviewRecord> old = store.reviews();
        QCOMPARE(old.size(), 1);
        QCOMPARE(old[0].id, qint64(7));
        QCOMPARE(old[0].grade, Grade::Good);
        QCOMPARE(old[0].source, QStringLiteral("review"));
        QCOMPARE(old[0].answer, QString());
        QCOMPARE(store.card(QStringLiteral("pca")).dueMs, qint64(1714896000000));
        QCOMPARE(store.note(QStringLiteral("pca")), QStringLiteral("centre first"));
        QVERIFY(store.isBookmarked(QStringLiteral("pca")));
        // What version 2 added works on the migrated file.
        QVERIFY(grade(store, QStringLiteral("pca"), Grade::Good, 1714896000000,
                      QStringLiteral("typed")));
        QCOMPARE(store.reviews().last().answer, QStringLiteral("typed"));
        QCOMPARE(store.card(QStringLiteral("pca")).reps, 2);
        QVERIFY(store.saveMockItem({1, 0, QStringLiteral("pca"), 0, {}, {}, 1000, 15}));
        store.close();
        // Reopening a current file migrates nothing and keeps everything.
        QVERIFY(store.open(path).ok());
        QCOMPARE(store.reviewCount(), 2);
    }

    void committedReviewsSurviveSigkill()
    {
        SKIP_IF_CHILD_PROCESSES_UNSUPPORTED();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("study.sqlite"));
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--record-reviews"), path});
        QVERIFY(child.waitForStarted());
        QByteArray out;
        while (out.count('\n') < 60 && child.state() == QProcess::Running) {
            child.waitForReadyRead(10000);
            out += child.readAllStandardOutput();
        }
        child.kill(); // SIGKILL, wherever it is: likely inside a transaction
        QVERIFY(child.waitForFinished(10000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        out += child.readAllStandardOutput();

        QList<qint64> committed;
        for (const QByteArray& line : out.split('\n'))
            if (line.startsWith("committed "))
                committed.append(line.mid(10).toLongLong());
        QVERIFY2(committed.size() >= 60, child.readAllStandardError().constData());

        StudyStore store;
        const auto result = store.open(path); // the dead child's lock does not block this
        QVERIFY2(result.ok(), qPrintable(result.message));
        QSet<qint64> stored;
        const QList<ReviewRecord> reviews = store.reviews();
        for (const ReviewRecord& r : reviews)
            stored.insert(r.id);
        for (qint64 id : std::as_const(committed))
            QVERIFY2(stored.contains(id), qPrintable(QStringLiteral("review %1 was lost").arg(id)));
        QVERIFY(reviews.size() >= committed.size());
        // Review and card state were written together: each card counts its reviews.
        for (const QString& id : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})
            QCOMPARE(store.card(id).reps, int(store.reviews(id).size()));
        QVERIFY(grade(store, QStringLiteral("a"), Grade::Good, kT0 + 99'000'000));
    }

    void corruptFileIsReportedAndKept()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("study.sqlite"));
        QByteArray garbage = QByteArray("SQLite format 3") + '\0';
        for (int i = 0; i < 8192; ++i)
            garbage.append(char((i * 7919) % 251));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(garbage);
        }
        StudyStore store;
        const auto result = store.open(path);
        QCOMPARE(result.status, StudyStore::Status::Corrupt);
        QVERIFY2(result.message.contains(path), qPrintable(result.message));
        QVERIFY(!store.isOpen());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), garbage); // untouched
        f.close();

        QString error;
        const QString backup = StudyStore::backUpAndRemove(path, &error);
        QVERIFY2(!backup.isEmpty(), qPrintable(error));
        QVERIFY(!QFile::exists(path));
        QFile kept(backup);
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), garbage);
        QVERIFY(store.open(path).ok());
        QCOMPARE(store.reviewCount(), 0);
    }

    void damagedPagesAreFoundByTheDeferredCheck()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("study.sqlite"));
        QString error;
        QVERIFY2(bigstudy::createWithDamagedPages(path, &error), qPrintable(error));
        StudyStore store;
        // Deferred: the schema reads fine, so the window opens at once ...
        QVERIFY(store.open(path, StudyStore::Access::ReadWrite, StudyStore::Check::Deferred).ok());
        store.close();
        // ... and the check its job runs finds the damage, in the words open() would use.
        const StudyStore::OpenResult checked = StudyStore::verify(path);
        QCOMPARE(checked.status, StudyStore::Status::Corrupt);
        QVERIFY2(checked.message.contains(path), qPrintable(checked.message));
        QCOMPARE(store.open(path).status, StudyStore::Status::Corrupt);
        QVERIFY(!store.isOpen());
    }

    void foreignDatabaseIsNotTakenOver()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("other.sqlite"));
        {
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("CREATE TABLE invoices (id INTEGER)")));
        }
        StudyStore store;
        const auto result = store.open(path);
        QCOMPARE(result.status, StudyStore::Status::Corrupt);
        QVERIFY(result.message.contains(QStringLiteral("invoices")));
        RawDb raw(path);
        QVERIFY(!raw.value(QStringLiteral("SELECT name FROM sqlite_master WHERE name = 'reviews'"))
                     .isValid());
    }

    void secondInstanceIsLockedOutButCanRead()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("study.sqlite"));
        StudyStore first;
        QVERIFY(first.open(path).ok());
        QVERIFY(grade(first, QStringLiteral("pca"), Grade::Good, kT0));

        StudyStore second;
        const auto result = second.open(path);
        QCOMPARE(result.status, StudyStore::Status::Locked);
        QVERIFY2(result.message.contains(QString::number(QCoreApplication::applicationPid())),
                 qPrintable(result.message));
        QVERIFY(second.open(path, StudyStore::Access::ReadOnly).ok());
        QVERIFY(second.isReadOnly());
        QCOMPARE(second.reviewCount(), 1);
        QVERIFY(!grade(second, QStringLiteral("pca"), Grade::Easy, kT0 + 1));
        QVERIFY(second.lastError().contains(QStringLiteral("read-only")));

        QVERIFY(grade(first, QStringLiteral("pca"), Grade::Good, kT0 + kMsPerDay * 4));
        QCOMPARE(second.reviewCount(), 2); // sees the first one's new commit
        first.close();
        QVERIFY(second.open(path).ok()); // retry after the first one has gone
        QCOMPARE(second.card(QStringLiteral("pca")).reps, 2);
    }

    void databaseLockedBySqliteIsReported()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("study.sqlite"));
        RawDb holder(path);
        QVERIFY(holder.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        QVERIFY(holder.exec(QStringLiteral("CREATE TABLE t (x)")));
        StudyStore store;
        const auto result = store.open(path);
        QCOMPARE(result.status, StudyStore::Status::Locked);
        QVERIFY2(result.message.contains(QStringLiteral("locked")), qPrintable(result.message));
        QVERIFY(holder.exec(QStringLiteral("ROLLBACK")));
        QVERIFY(store.open(path).ok());
    }

    void newerSchemaIsRefusedButReadable()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("study.sqlite"));
        QVERIFY(oneReviewWithSchemaVersion(path, QStringLiteral("99")));
        StudyStore store;
        const auto result = store.open(path);
        QCOMPARE(result.status, StudyStore::Status::NewerSchema);
        QVERIFY(result.message.contains(QStringLiteral("newer")));
        QVERIFY(store.open(path, StudyStore::Access::ReadOnly).ok());
        QCOMPARE(store.reviewCount(), 1);
        store.close();
        RawDb raw(path);
        QCOMPARE(raw.value(QStringLiteral("SELECT version FROM schema_version")).toInt(), 99);
    }

    void impossibleSchemaVersionIsCorruptNotACrash_data()
    {
        QTest::addColumn<QString>("version");
        QTest::newRow("negative") << QStringLiteral("-3");
        QTest::newRow("zero") << QStringLiteral("0");
        QTest::newRow("2^31") << QStringLiteral("2147483648");
        QTest::newRow("2^63-1") << QStringLiteral("9223372036854775807");
        QTest::newRow("text") << QStringLiteral("'two'");
    }

    void impossibleSchemaVersionIsCorruptNotACrash()
    {
        QFETCH(QString, version);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("study.sqlite"));
        QVERIFY(oneReviewWithSchemaVersion(path, version));
        StudyStore store;
        const auto result = store.open(path);
        QCOMPARE(result.status, StudyStore::Status::Corrupt);
        QVERIFY2(result.message.contains(QStringLiteral("schema version")),
                 qPrintable(result.message));
        store.close();
        // The refusal released the lock: a second store opens the same file the same way.
        StudyStore again;
        QCOMPARE(again.open(path).status, StudyStore::Status::Corrupt);
    }

    void unwritableLocationIsReported()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("not-a-folder")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        StudyStore store;
        auto result = store.open(dir.filePath(QStringLiteral("not-a-folder/study.sqlite")));
        QCOMPARE(result.status, StudyStore::Status::Unwritable);
        result = store.open(dir.filePath(QStringLiteral("missing.sqlite")),
                            StudyStore::Access::ReadOnly);
        QCOMPARE(result.status, StudyStore::Status::Unwritable);
        if (::geteuid() == 0)
            return; // permissions do not stop root; the rest needs an ordinary user
        const QString locked = dir.filePath(QStringLiteral("ro"));
        QVERIFY(QDir().mkpath(locked));
        {
            StudyStore seed;
            QVERIFY(seed.open(locked + QStringLiteral("/study.sqlite")).ok());
        }
        QFile::setPermissions(locked, QFile::ReadOwner | QFile::ExeOwner);
        result = store.open(locked + QStringLiteral("/study.sqlite"));
        QCOMPARE(result.status, StudyStore::Status::Unwritable);
        QFile::setPermissions(locked, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }

    void exportImportRoundTrip()
    {
        QTemporaryDir dir;
        StudyStore source;
        QVERIFY(source.open(dir.filePath(QStringLiteral("a.sqlite"))).ok());
        populate(source);
        const QByteArray json = toStudyJson(source.snapshot(), kT0);

        StudyStore target;
        QVERIFY(target.open(dir.filePath(QStringLiteral("b.sqlite"))).ok());
        QVERIFY(grade(target, QStringLiteral("other"), Grade::Easy, kT0));
        StudyData parsed;
        QString error;
        QVERIFY2(parseStudyJson(json, &parsed, &error), qPrintable(error));
        QVERIFY2(target.replaceAll(parsed), qPrintable(target.lastError()));
        QCOMPARE(toStudyJson(target.snapshot(), kT0), json);
        QCOMPARE(target.card(QStringLiteral("other")).reps, 0); // replaced, not merged
    }

    void malformedImportChangesNothing_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("message");
        QTest::newRow("truncated")
            << QByteArray() << QByteArray("<truncate>") << QStringLiteral("not valid JSON");
        QTest::newRow("not an export") << QByteArray("\"mllab-study\"") << QByteArray("\"photos\"")
                                       << QStringLiteral("not an MLLab study export");
        QTest::newRow("newer format")
            << QByteArray("\"version\": 1") << QByteArray("\"version\": 2")
            << QStringLiteral("newer MLLab");
        QTest::newRow("bad grade") << QByteArray("\"grade\": 3") << QByteArray("\"grade\": 7")
                                   << QStringLiteral("reviews[0].grade is 7; expected 1 to 4");
        QTest::newRow("missing list")
            << QByteArray("\"lab_presets\"") << QByteArray("\"lab_presetz\"")
            << QStringLiteral("no \"lab_presets\" list");
        QTest::newRow("bad time") << QByteArray("\"reviewed_at\": \"2024-05-01T08:00:00.000Z\"")
                                  << QByteArray("\"reviewed_at\": \"yesterday\"")
                                  << QStringLiteral("reviews[0].reviewed_at is 'yesterday'");
        QTest::newRow("wrong type") << QByteArray("\"reps\": 1") << QByteArray("\"reps\": \"one\"")
                                    << QStringLiteral("cards[1].reps should be a whole number");
        QTest::newRow("duplicate id") << QByteArray("\"id\": 2,") << QByteArray("\"id\": 1,")
                                      << QStringLiteral("reviews[1].id repeats '1'");
        QTest::newRow("dangling session")
            << QByteArray("\"session_id\": 1") << QByteArray("\"session_id\": 5")
            << QStringLiteral("mock_items[0].session_id 5 names no session");
        QTest::newRow("missing field")
            << QByteArray("\"lapses\": 0,") << QByteArray() << QStringLiteral("has no \"lapses\"");
        // Found by fuzz_study: a non-digit in the year read as year -1, which exports as "".
        QTest::newRow("year not digits")
            << QByteArray("\"reviewed_at\": \"2024-05-01T08:00:00.000Z\"")
            << QByteArray("\"reviewed_at\": \"2#24-05-01T08:00:00.000Z\"")
            << QStringLiteral("reviews[0].reviewed_at is '2#24-05-01T08:00:00.000Z'");
        QTest::newRow("year 0 in UTC")
            << QByteArray("\"reviewed_at\": \"2024-05-01T08:00:00.000Z\"")
            << QByteArray("\"reviewed_at\": \"0001-01-01T00:00:00.000+01:00\"")
            << QStringLiteral("reviews[0].reviewed_at is '0001-01-01T00:00:00.000+01:00'");
        // Found by fuzz_study: a count far beyond the range was cast to an integer (UB).
        QTest::newRow("huge count") << QByteArray("\"reps\": 1") << QByteArray("\"reps\": 1e100")
                                    << QStringLiteral("cards[1].reps is 1e+100; expected 0 to");
        QTest::newRow("id of 2^63")
            << QByteArray("\"id\": 2,") << QByteArray("\"id\": 9223372036854775808,")
            << QStringLiteral("reviews[1].id is 9.22337203685478e+18");
    }

    void importedTimesExportAndImportAgain()
    {
        // The epoch is a time like any other where a time is required (it once exported as null,
        // which the import then refused).
        StudyData data;
        data.notes.append({QStringLiteral("temperature"), QStringLiteral("note"), 0});
        data.bookmarks.append({QStringLiteral("temperature"), 0});
        StudyData again;
        QString error;
        QVERIFY2(parseStudyJson(toStudyJson(data, 0), &again, &error), qPrintable(error));
        QCOMPARE(again.notes.size(), 1);
        QCOMPARE(again.notes[0].updatedAtMs, 0);
        QCOMPARE(toStudyJson(again, 0), toStudyJson(data, 0));
    }

    void malformedImportChangesNothing()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, message);
        QTemporaryDir dir;
        StudyStore store;
        QVERIFY(store.open(dir.filePath(QStringLiteral("study.sqlite"))).ok());
        populate(store);
        const QByteArray before = toStudyJson(store.snapshot(), kT0);
        QByteArray bad = before;
        if (to == "<truncate>") {
            bad.truncate(bad.size() * 2 / 3);
        } else {
            QVERIFY2(bad.contains(from), from.constData());
            bad.replace(bad.indexOf(from), from.size(), to);
        }
        StudyData parsed;
        parsed.reviews.append(review(QStringLiteral("sentinel"), Grade::Good, 1));
        QString error;
        QVERIFY(!parseStudyJson(bad, &parsed, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
        QCOMPARE(parsed.reviews.size(), 1); // untouched on failure
        QCOMPARE(toStudyJson(store.snapshot(), kT0), before);
    }

    void importReadsTimesWithOffsets()
    {
        QTemporaryDir dir;
        StudyStore store;
        QVERIFY(store.open(dir.filePath(QStringLiteral("study.sqlite"))).ok());
        populate(store);
        QByteArray json = toStudyJson(store.snapshot(), kT0);
        json.replace("\"reviewed_at\": \"2024-05-01T08:00:00.000Z\"",
                     "\"reviewed_at\": \"2024-05-01T10:00:00+02:00\"");
        StudyData parsed;
        QString error;
        QVERIFY2(parseStudyJson(json, &parsed, &error), qPrintable(error));
        QCOMPARE(parsed.reviews[0].reviewedAtMs, kT0);
        QCOMPARE(parsed.reviews[1].reviewedAtMs, kT0 + 60'000);
        json.replace("2024-05-01T10:00:00+02:00", "2024-02-30T08:00:00.000Z");
        QVERIFY(!parseStudyJson(json, &parsed, &error));
        QVERIFY2(error.contains(QStringLiteral("2024-02-30")), qPrintable(error));
    }

    void failedImportRollsBackEverything()
    {
        QTemporaryDir dir;
        StudyStore store;
        QVERIFY(store.open(dir.filePath(QStringLiteral("study.sqlite"))).ok());
        populate(store);
        const QByteArray before = toStudyJson(store.snapshot(), kT0);
        StudyData data = store.snapshot();
        data.reviews.append(data.reviews.first()); // same id twice: fails half-way through
        QVERIFY(!store.replaceAll(data));
        QVERIFY(!store.lastError().isEmpty());
        QCOMPARE(toStudyJson(store.snapshot(), kT0), before);
    }

    void sharedWriterImportsBesideTheOwner()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("study.sqlite"));
        StudyStore owner;
        QVERIFY(owner.open(path).ok());
        populate(owner);
        StudyData data = owner.snapshot();
        data.reviews.removeLast();
        QString error;
        auto future = QtConcurrent::run([path, data] {
            StudyStore worker; // its own connection, in the pool's thread
            const StudyStore::OpenResult opened =
                worker.open(path, StudyStore::Access::SharedWriter);
            if (!opened.ok())
                return opened.message;
            return worker.replaceAll(data) ? QString() : worker.lastError();
        });
        future.waitForFinished();
        QVERIFY2(future.result().isEmpty(), qPrintable(future.result()));
        QCOMPARE(owner.reviewCount(), 2); // the owner's connection sees the import
        QVERIFY(grade(owner, QStringLiteral("pca"), Grade::Good, kT0 + kMsPerDay));
        StudyStore stranger;
        QCOMPARE(stranger.open(path).status, StudyStore::Status::Locked); // still locked to others
    }

    void rubricGrades()
    {
        QCOMPARE(gradeForRubric(-1), Grade::Again);
        QCOMPARE(gradeForRubric(RubricKeyIdea), Grade::Again);
        QCOMPARE(gradeForRubric(RubricKeyIdea | RubricFollowUp), Grade::Hard);
        QCOMPARE(gradeForRubric(RubricKeyIdea | RubricConcrete | RubricNoRedFlags), Grade::Good);
        QCOMPARE(gradeForRubric(15), Grade::Easy);
    }
};

int main(int argc, char** argv)
{
    if (argc == 3 && qstrcmp(argv[1], "--record-reviews") == 0) {
        QCoreApplication app(argc, argv);
        return recordUntilKilled(QString::fromLocal8Bit(argv[2]));
    }
    QCoreApplication app(argc, argv);
    TestStudyStore test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_studystore.moc"
