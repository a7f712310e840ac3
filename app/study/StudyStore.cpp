#include "app/study/StudyStore.h"

#include <limits>

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStringList>
#include <QVariant>

#include <algorithm>
#include <atomic>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("StudyStore", text);
}

// Migration N takes the schema from version N-1 to N. Never edit a released step: add one.
const QList<QStringList>& migrations()
{
    static const QList<QStringList> steps{
        // 1: the first schema.
        {QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL)"),
         QStringLiteral("CREATE TABLE sessions (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
                        "started_at INTEGER NOT NULL, ended_at INTEGER, summary TEXT)"),
         QStringLiteral("CREATE TABLE reviews (id INTEGER PRIMARY KEY, question_id TEXT NOT NULL, "
                        "reviewed_at INTEGER NOT NULL, grade INTEGER NOT NULL "
                        "CHECK (grade BETWEEN 1 AND 4), elapsed_ms INTEGER NOT NULL DEFAULT 0, "
                        "stability REAL, difficulty REAL, due INTEGER)"),
         QStringLiteral("CREATE INDEX reviews_by_question ON reviews (question_id, reviewed_at)"),
         QStringLiteral("CREATE TABLE cards (question_id TEXT PRIMARY KEY, state INTEGER NOT NULL, "
                        "stability REAL NOT NULL, difficulty REAL NOT NULL, due INTEGER, "
                        "last_review INTEGER, reps INTEGER NOT NULL, lapses INTEGER NOT NULL)"),
         QStringLiteral("CREATE TABLE notes (question_id TEXT PRIMARY KEY, markdown TEXT NOT NULL, "
                        "updated_at INTEGER NOT NULL)"),
         QStringLiteral("CREATE TABLE bookmarks (question_id TEXT PRIMARY KEY, "
                        "created_at INTEGER NOT NULL)"),
         QStringLiteral("CREATE TABLE lab_presets (id INTEGER PRIMARY KEY, lab_id TEXT NOT NULL, "
                        "name TEXT NOT NULL, params TEXT NOT NULL, created_at INTEGER NOT NULL, "
                        "UNIQUE (lab_id, name))"),
         QStringLiteral("INSERT INTO schema_version (version) VALUES (1)")},
        // 2: typed answers, review sources and sessions, mock-interview answers with rubrics.
        {QStringLiteral("ALTER TABLE reviews ADD COLUMN answer TEXT NOT NULL DEFAULT ''"),
         QStringLiteral("ALTER TABLE reviews ADD COLUMN source TEXT NOT NULL DEFAULT 'review'"),
         QStringLiteral(
             "ALTER TABLE reviews ADD COLUMN session_id INTEGER REFERENCES sessions (id)"),
         QStringLiteral(
             "CREATE TABLE mock_items (session_id INTEGER NOT NULL REFERENCES sessions (id), "
             "position INTEGER NOT NULL, question_id TEXT NOT NULL, "
             "follow_up INTEGER NOT NULL DEFAULT -1, answer TEXT NOT NULL DEFAULT '', "
             "follow_up_answer TEXT NOT NULL DEFAULT '', "
             "elapsed_ms INTEGER NOT NULL DEFAULT 0, rubric INTEGER NOT NULL DEFAULT -1, "
             "PRIMARY KEY (session_id, position))"),
         QStringLiteral("UPDATE schema_version SET version = 2")},
    };
    return steps;
}

QVariant nullableId(qint64 id)
{
    return id == 0 ? QVariant(QMetaType(QMetaType::LongLong)) : QVariant(id);
}

/// Qt binds a null QString as SQL NULL; text columns are NOT NULL, so bind "" instead.
QString text(const QString& s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

QVariant nullableTime(qint64 ms)
{
    return nullableId(ms);
}

/// SQLite's own words ("file is not a database"), without Qt's "Unable to fetch row".
QString message(const QSqlError& error)
{
    return error.databaseText().isEmpty() ? error.driverText() : error.databaseText();
}

int sqliteCode(const QSqlError& error)
{
    return error.nativeErrorCode().toInt() & 0xff; // primary result code
}

CardMemory cardFrom(const QSqlQuery& q, int first)
{
    CardMemory c;
    c.state = CardState(q.value(first).toInt());
    c.stability = q.value(first + 1).toDouble();
    c.difficulty = q.value(first + 2).toDouble();
    c.dueMs = q.value(first + 3).toLongLong();
    c.lastReviewMs = q.value(first + 4).toLongLong();
    c.reps = q.value(first + 5).toInt();
    c.lapses = q.value(first + 6).toInt();
    return c;
}

const QString kInsertReview =
    QStringLiteral("INSERT INTO reviews (id, question_id, reviewed_at, grade, elapsed_ms, answer, "
                   "source, session_id, "
                   "stability, difficulty, due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
const QString kUpsertCard = QStringLiteral("INSERT OR REPLACE INTO cards (question_id, state, "
                                           "stability, difficulty, due, last_review, reps, lapses) "
                                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

const char* const kReviewColumns =
    "id, question_id, reviewed_at, grade, elapsed_ms, answer, source, session_id, stability, "
    "difficulty, due";

ReviewRecord reviewFrom(const QSqlQuery& q)
{
    ReviewRecord r;
    r.id = q.value(0).toLongLong();
    r.questionId = q.value(1).toString();
    r.reviewedAtMs = q.value(2).toLongLong();
    gradeFromInt(q.value(3).toInt(), &r.grade);
    r.elapsedMs = q.value(4).toLongLong();
    r.answer = q.value(5).toString();
    r.source = q.value(6).toString();
    r.sessionId = q.value(7).toLongLong();
    r.stability = q.value(8).toDouble();
    r.difficulty = q.value(9).toDouble();
    r.dueMs = q.value(10).toLongLong();
    return r;
}

} // namespace

QString StudyStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/study.sqlite");
}

StudyStore::StudyStore()
{
    static std::atomic<int> counter{0};
    m_connection = QStringLiteral("mllab-study-%1").arg(++counter);
}

StudyStore::~StudyStore()
{
    close();
}

bool StudyStore::isOpen() const
{
    return QSqlDatabase::contains(m_connection) &&
           QSqlDatabase::database(m_connection, false).isOpen();
}

void StudyStore::close()
{
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
    m_lock.reset();
    m_schemaVersion = 0;
}

StudyStore::OpenResult StudyStore::fail(Status status, const QString& message)
{
    m_lastError = message;
    return {status, message};
}

StudyStore::OpenResult StudyStore::classify(const QString& what, const QString& sqlError, int code)
{
    const QString file = QDir::toNativeSeparators(m_path);
    switch (code) {
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
        return fail(Status::Locked, tr("The study data in %1 is locked by another program (%2). "
                                       "Close it and retry, or open the data read-only.")
                                        .arg(file, sqlError));
    case 8:  // SQLITE_READONLY
    case 10: // SQLITE_IOERR
    case 13: // SQLITE_FULL
    case 14: // SQLITE_CANTOPEN
        return fail(
            Status::Unwritable,
            tr("The study data in %1 cannot be used (%3, while %2).").arg(file, what, sqlError));
    default: // SQLITE_CORRUPT, SQLITE_NOTADB and anything else that makes the file unusable
        return fail(Status::Corrupt,
                    tr("The study data in %1 is damaged or is not a study database "
                       "(%3, while %2).")
                        .arg(file, what, sqlError));
    }
}

StudyStore::OpenResult StudyStore::open(const QString& path, Access access, Check check)
{
    close();
    const OpenResult result = tryOpen(path, access, check);
    if (!result.ok())
        close(); // never keep a half-open database or its lock
    return result;
}

StudyStore::OpenResult StudyStore::verify(const QString& path)
{
    StudyStore reader;
    return reader.open(path, Access::ReadOnly, Check::Full);
}

StudyStore::OpenResult StudyStore::checkIntegrity()
{
    QSqlQuery check(QSqlDatabase::database(m_connection, false));
    if (!check.exec(QStringLiteral("PRAGMA quick_check")) || !check.next())
        return classify(tr("checking it"), message(check.lastError()),
                        sqliteCode(check.lastError()));
    if (check.value(0).toString() != QLatin1String("ok"))
        return fail(Status::Corrupt,
                    tr("The study data in %1 failed its integrity check (%2).")
                        .arg(QDir::toNativeSeparators(m_path), check.value(0).toString()));
    return {};
}

StudyStore::OpenResult StudyStore::tryOpen(const QString& path, Access access, Check check)
{
    m_path = path;
    m_readOnly = access == Access::ReadOnly;
    m_lastError.clear();
    const QFileInfo info(path);
    const QString file = QDir::toNativeSeparators(path);
    if (access != Access::ReadWrite && !info.exists())
        return fail(Status::Unwritable, tr("There is no study data in %1 to open.").arg(file));
    if (access == Access::ReadWrite) {
        if (!QDir().mkpath(info.absolutePath()))
            return fail(Status::Unwritable,
                        tr("Cannot create the folder %1 for the study data.")
                            .arg(QDir::toNativeSeparators(info.absolutePath())));
        if ((info.exists() && !info.isWritable()) || !QFileInfo(info.absolutePath()).isWritable())
            return fail(Status::Unwritable,
                        tr("The study data in %1 cannot be written (no permission).").arg(file));
        m_lock = std::make_unique<QLockFile>(path + QStringLiteral(".lock"));
        m_lock->setStaleLockTime(0); // stale only when its process is gone, however old
        if (!m_lock->tryLock(0)) {
            qint64 pid = 0;
            QString host, app;
            const bool held = m_lock->error() == QLockFile::LockFailedError;
            m_lock->getLockInfo(&pid, &host, &app);
            if (held)
                return fail(Status::Locked,
                            tr("Another MLLab (process %1 on %2) is using the study data in "
                               "%3. Close it and retry, or open the data read-only.")
                                .arg(pid)
                                .arg(host, file));
            return fail(Status::Unwritable,
                        tr("Cannot lock the study data in %1 (no permission).").arg(file));
        }
    }

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path);
    QStringList options{QStringLiteral("QSQLITE_BUSY_TIMEOUT=2000")};
    if (m_readOnly)
        options << QStringLiteral("QSQLITE_OPEN_READONLY");
    db.setConnectOptions(options.join(QLatin1Char(';')));
    if (!db.open())
        return classify(tr("opening"), message(db.lastError()), sqliteCode(db.lastError()));

    if (check == Check::Full) {
        if (const OpenResult checked = checkIntegrity(); !checked.ok())
            return checked;
    } else if (QSqlQuery probe(db);
               !probe.exec(QStringLiteral("SELECT COUNT(*) FROM sqlite_master")) || !probe.next()) {
        // Reads only the schema page: a file that is not a database fails here at once.
        return classify(tr("reading it"), message(probe.lastError()),
                        sqliteCode(probe.lastError()));
    }

    const QStringList tables = db.tables();
    if (tables.contains(QStringLiteral("schema_version"))) {
        QSqlQuery version(db);
        if (!version.exec(QStringLiteral("SELECT version FROM schema_version")) || !version.next())
            return fail(Status::Corrupt,
                        tr("The study data in %1 has no schema version.").arg(file));
        // Read wide and bound it: a negative or huge version would index past the migrations.
        bool isNumber = false;
        const qlonglong stored = version.value(0).toLongLong(&isNumber);
        if (!isNumber || stored < 1 || stored > std::numeric_limits<int>::max())
            return fail(Status::Corrupt,
                        tr("The study data in %1 has the schema version '%2', which no MLLab "
                           "writes (versions start at 1).")
                            .arg(file, version.value(0).toString()));
        m_schemaVersion = int(stored);
    } else if (!tables.isEmpty()) {
        return fail(Status::Corrupt, tr("%1 is not an MLLab study database (it has tables %2).")
                                         .arg(file, tables.join(QStringLiteral(", "))));
    }
    if (m_schemaVersion > kSchemaVersion && !m_readOnly)
        return fail(
            Status::NewerSchema,
            tr("The study data in %1 was written by a newer MLLab (schema %2; this one knows up "
               "to %3). Open it read-only, or update MLLab.")
                .arg(file)
                .arg(m_schemaVersion)
                .arg(kSchemaVersion));
    if (m_readOnly)
        return {};

    QSqlQuery wal(db);
    if (!wal.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !wal.next())
        return classify(tr("switching to WAL"), message(wal.lastError()),
                        sqliteCode(wal.lastError()));
    wal.finish();
    // NORMAL in WAL mode: a commit survives a killed process, and no fsync waits per write.
    if (!run(QStringLiteral("PRAGMA synchronous=NORMAL")) ||
        !run(QStringLiteral("PRAGMA foreign_keys=ON")))
        return classify(tr("setting it up"), m_lastError, m_lastCode);
    if (!migrate())
        return classify(tr("upgrading its schema"), m_lastError, m_lastCode);
    return {};
}

bool StudyStore::migrate()
{
    for (int v = m_schemaVersion + 1; v <= kSchemaVersion; ++v) {
        if (!applyMigration(v))
            return false;
        m_schemaVersion = v;
    }
    return true;
}

bool StudyStore::applyMigration(int toVersion)
{
    const auto& all = migrations();
    if (toVersion < 1 || toVersion > int(all.size()))
        return false;
    return inTransaction([&] {
        for (const QString& sql : all[toVersion - 1])
            if (!run(sql))
                return false;
        return true;
    });
}

QString StudyStore::backUpAndRemove(const QString& path, QString* error)
{
    const QString stamp =
        QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    const QString backup = path + QStringLiteral(".backup-") + stamp;
    for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        if (!QFile::exists(path + suffix))
            continue;
        if (QFile::exists(backup + suffix) || !QFile::rename(path + suffix, backup + suffix)) {
            *error = tr("Cannot move %1 aside to %2.").arg(path + suffix, backup + suffix);
            return {};
        }
    }
    return backup;
}

bool StudyStore::exec(QSqlQuery& query) const
{
    if (query.exec())
        return true;
    m_lastError = message(query.lastError());
    m_lastCode = sqliteCode(query.lastError());
    return false;
}

bool StudyStore::run(const QString& sql) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (q.exec(sql))
        return true;
    m_lastError = message(q.lastError());
    m_lastCode = sqliteCode(q.lastError());
    return false;
}

template <class F> bool StudyStore::inTransaction(F&& body)
{
    if (!isWritable()) {
        m_lastError =
            isOpen() ? tr("the study data is open read-only") : tr("no study data is open");
        return false;
    }
    if (!run(QStringLiteral("BEGIN IMMEDIATE")))
        return false;
    if (body() && run(QStringLiteral("COMMIT")))
        return true;
    const QString error = m_lastError;
    run(QStringLiteral("ROLLBACK"));
    m_lastError = error;
    return false;
}

QSqlQuery StudyStore::prepare(const QString& sql) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(sql);
    return q;
}

bool StudyStore::insertReview(QSqlQuery& q, ReviewRecord& r)
{
    q.bindValue(0, nullableId(r.id));
    q.bindValue(1, r.questionId);
    q.bindValue(2, r.reviewedAtMs);
    q.bindValue(3, int(r.grade));
    q.bindValue(4, r.elapsedMs);
    q.bindValue(5, text(r.answer));
    q.bindValue(6, text(r.source));
    q.bindValue(7, nullableId(r.sessionId));
    q.bindValue(8, r.stability);
    q.bindValue(9, r.difficulty);
    q.bindValue(10, nullableTime(r.dueMs));
    if (!exec(q))
        return false;
    r.id = q.lastInsertId().toLongLong();
    return true;
}

bool StudyStore::upsertCard(QSqlQuery& q, const QString& questionId, const CardMemory& c)
{
    q.bindValue(0, questionId);
    q.bindValue(1, int(c.state));
    q.bindValue(2, c.stability);
    q.bindValue(3, c.difficulty);
    q.bindValue(4, nullableTime(c.dueMs));
    q.bindValue(5, nullableTime(c.lastReviewMs));
    q.bindValue(6, c.reps);
    q.bindValue(7, c.lapses);
    return exec(q);
}

bool StudyStore::recordReview(ReviewRecord& review, const CardMemory& after)
{
    review.stability = after.stability;
    review.difficulty = after.difficulty;
    review.dueMs = after.dueMs;
    review.id = 0;
    return inTransaction([&] {
        QSqlQuery insert = prepare(kInsertReview);
        QSqlQuery card = prepare(kUpsertCard);
        return insertReview(insert, review) && upsertCard(card, review.questionId, after);
    });
}

bool StudyStore::setNote(const QString& questionId, const QString& markdown, qint64 nowMs)
{
    return inTransaction([&] {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        if (markdown.trimmed().isEmpty()) {
            q.prepare(QStringLiteral("DELETE FROM notes WHERE question_id = ?"));
            q.addBindValue(questionId);
        } else {
            q.prepare(
                QStringLiteral("INSERT OR REPLACE INTO notes (question_id, markdown, updated_at) "
                               "VALUES (?, ?, ?)"));
            q.addBindValue(questionId);
            q.addBindValue(markdown);
            q.addBindValue(nowMs);
        }
        return exec(q);
    });
}

bool StudyStore::setBookmarked(const QString& questionId, bool bookmarked, qint64 nowMs)
{
    return inTransaction([&] {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        if (bookmarked) {
            q.prepare(QStringLiteral(
                "INSERT OR IGNORE INTO bookmarks (question_id, created_at) VALUES (?, ?)"));
            q.addBindValue(questionId);
            q.addBindValue(nowMs);
        } else {
            q.prepare(QStringLiteral("DELETE FROM bookmarks WHERE question_id = ?"));
            q.addBindValue(questionId);
        }
        return exec(q);
    });
}

qint64 StudyStore::startSession(const QString& kind, qint64 nowMs)
{
    qint64 id = 0;
    inTransaction([&] {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.prepare(QStringLiteral("INSERT INTO sessions (kind, started_at) VALUES (?, ?)"));
        q.addBindValue(kind);
        q.addBindValue(nowMs);
        if (!exec(q))
            return false;
        id = q.lastInsertId().toLongLong();
        return true;
    });
    return id;
}

bool StudyStore::finishSession(qint64 sessionId, const QString& summaryJson, qint64 nowMs)
{
    return inTransaction([&] {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.prepare(QStringLiteral("UPDATE sessions SET ended_at = ?, summary = ? WHERE id = ?"));
        q.addBindValue(nowMs);
        q.addBindValue(text(summaryJson));
        q.addBindValue(sessionId);
        return exec(q);
    });
}

bool StudyStore::writeMockItem(const MockItemRecord& m)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(
        QStringLiteral("INSERT OR REPLACE INTO mock_items (session_id, position, question_id, "
                       "follow_up, answer, follow_up_answer, elapsed_ms, rubric) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const QVariant& v :
         {QVariant(m.sessionId), QVariant(m.position), QVariant(m.questionId), QVariant(m.followUp),
          QVariant(text(m.answer)), QVariant(text(m.followUpAnswer)), QVariant(m.elapsedMs),
          QVariant(m.rubric)})
        q.addBindValue(v);
    return exec(q);
}

bool StudyStore::saveMockItem(const MockItemRecord& item)
{
    return inTransaction([&] { return writeMockItem(item); });
}

bool StudyStore::recordMockAssessment(const MockItemRecord& item, ReviewRecord& review,
                                      const CardMemory& after)
{
    review.stability = after.stability;
    review.difficulty = after.difficulty;
    review.dueMs = after.dueMs;
    review.id = 0;
    return inTransaction([&] {
        QSqlQuery insert = prepare(kInsertReview);
        QSqlQuery card = prepare(kUpsertCard);
        return writeMockItem(item) && insertReview(insert, review) &&
               upsertCard(card, review.questionId, after);
    });
}

bool StudyStore::saveLabPreset(const LabPresetRecord& p)
{
    return inTransaction([&] {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.prepare(
            QStringLiteral("INSERT OR REPLACE INTO lab_presets (lab_id, name, params, created_at) "
                           "VALUES (?, ?, ?, ?)"));
        q.addBindValue(p.labId);
        q.addBindValue(p.name);
        q.addBindValue(text(p.params));
        q.addBindValue(p.createdAtMs);
        return exec(q);
    });
}

bool StudyStore::insertAll(const StudyData& d)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    for (const SessionRecord& s : d.sessions) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT INTO sessions (id, kind, started_at, ended_at, summary) "
                                 "VALUES (?, ?, ?, ?, ?)"));
        q.addBindValue(s.id);
        q.addBindValue(s.kind);
        q.addBindValue(s.startedAtMs);
        q.addBindValue(nullableTime(s.endedAtMs));
        q.addBindValue(text(s.summary));
        if (!exec(q))
            return false;
    }
    QSqlQuery insert = prepare(kInsertReview); // prepared once, bound per row
    for (ReviewRecord r : d.reviews)
        if (!insertReview(insert, r))
            return false;
    QSqlQuery card = prepare(kUpsertCard);
    for (const CardRecord& c : d.cards)
        if (!upsertCard(card, c.questionId, c.memory))
            return false;
    for (const NoteRecord& n : d.notes) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral(
            "INSERT INTO notes (question_id, markdown, updated_at) VALUES (?, ?, ?)"));
        q.addBindValue(n.questionId);
        q.addBindValue(text(n.markdown));
        q.addBindValue(n.updatedAtMs);
        if (!exec(q))
            return false;
    }
    for (const BookmarkRecord& b : d.bookmarks) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT INTO bookmarks (question_id, created_at) VALUES (?, ?)"));
        q.addBindValue(b.questionId);
        q.addBindValue(b.createdAtMs);
        if (!exec(q))
            return false;
    }
    for (const MockItemRecord& m : d.mockItems)
        if (!writeMockItem(m))
            return false;
    for (const LabPresetRecord& p : d.labPresets) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral(
            "INSERT INTO lab_presets (lab_id, name, params, created_at) VALUES (?, ?, ?, ?)"));
        q.addBindValue(p.labId);
        q.addBindValue(p.name);
        q.addBindValue(text(p.params));
        q.addBindValue(p.createdAtMs);
        if (!exec(q))
            return false;
    }
    return true;
}

bool StudyStore::replaceAll(const StudyData& data)
{
    return inTransaction([&] {
        for (const char* table :
             {"mock_items", "reviews", "sessions", "cards", "notes", "bookmarks", "lab_presets"})
            if (!run(QStringLiteral("DELETE FROM %1").arg(QLatin1String(table))))
                return false;
        return insertAll(data);
    });
}

// --- reads ---

QHash<QString, CardMemory> StudyStore::cards() const
{
    if (!isOpen())
        return {};
    QHash<QString, CardMemory> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT question_id, state, stability, difficulty, due, last_review, "
                             "reps, lapses FROM cards"));
    if (!exec(q))
        return out;
    while (q.next())
        out.insert(q.value(0).toString(), cardFrom(q, 1));
    return out;
}

CardMemory StudyStore::card(const QString& questionId) const
{
    if (!isOpen())
        return {};
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral(
        "SELECT state, stability, difficulty, due, last_review, reps, lapses FROM cards "
        "WHERE question_id = ?"));
    q.addBindValue(questionId);
    if (exec(q) && q.next())
        return cardFrom(q, 0);
    return {};
}

QList<ReviewRecord> StudyStore::reviews(const QString& questionId) const
{
    if (!isOpen())
        return {};
    QList<ReviewRecord> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    QString sql = QStringLiteral("SELECT %1 FROM reviews").arg(QLatin1String(kReviewColumns));
    if (!questionId.isEmpty())
        sql += QStringLiteral(" WHERE question_id = ?");
    q.prepare(sql + QStringLiteral(" ORDER BY reviewed_at, id"));
    if (!questionId.isEmpty())
        q.addBindValue(questionId);
    if (!exec(q))
        return out;
    while (q.next())
        out.append(reviewFrom(q));
    return out;
}

QList<ReviewRecord> StudyStore::reviewLog() const
{
    if (!isOpen())
        return {};
    QList<ReviewRecord> out;
    QSqlQuery q = prepare(QStringLiteral(
        "SELECT question_id, reviewed_at, grade FROM reviews ORDER BY reviewed_at, id"));
    if (!exec(q))
        return out;
    while (q.next()) {
        ReviewRecord r;
        r.questionId = q.value(0).toString();
        r.reviewedAtMs = q.value(1).toLongLong();
        gradeFromInt(q.value(2).toInt(), &r.grade);
        out.append(r);
    }
    return out;
}

int StudyStore::reviewCount() const
{
    if (!isOpen())
        return {};
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM reviews"));
    return exec(q) && q.next() ? q.value(0).toInt() : 0;
}

bool StudyStore::hasReviews() const
{
    if (!isOpen())
        return false;
    QSqlQuery q = prepare(QStringLiteral("SELECT EXISTS (SELECT 1 FROM reviews)"));
    return exec(q) && q.next() && q.value(0).toBool();
}

QString StudyStore::note(const QString& questionId) const
{
    if (!isOpen())
        return {};
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT markdown FROM notes WHERE question_id = ?"));
    q.addBindValue(questionId);
    return exec(q) && q.next() ? q.value(0).toString() : QString();
}

QSet<QString> StudyStore::bookmarks() const
{
    if (!isOpen())
        return {};
    QSet<QString> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT question_id FROM bookmarks"));
    if (exec(q))
        while (q.next())
            out.insert(q.value(0).toString());
    return out;
}

bool StudyStore::isBookmarked(const QString& questionId) const
{
    if (!isOpen())
        return {};
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT 1 FROM bookmarks WHERE question_id = ?"));
    q.addBindValue(questionId);
    return exec(q) && q.next();
}

QList<SessionRecord> StudyStore::sessions() const
{
    if (!isOpen())
        return {};
    QList<SessionRecord> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(
        QStringLiteral("SELECT id, kind, started_at, ended_at, summary FROM sessions ORDER BY id"));
    if (!exec(q))
        return out;
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toLongLong(),
                    q.value(3).toLongLong(), q.value(4).toString()});
    return out;
}

QList<MockItemRecord> StudyStore::mockItems(qint64 sessionId) const
{
    if (!isOpen())
        return {};
    QList<MockItemRecord> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    QString sql = QStringLiteral(
        "SELECT session_id, position, question_id, follow_up, answer, follow_up_answer, "
        "elapsed_ms, rubric FROM mock_items");
    if (sessionId != 0)
        sql += QStringLiteral(" WHERE session_id = ?");
    q.prepare(sql + QStringLiteral(" ORDER BY session_id, position"));
    if (sessionId != 0)
        q.addBindValue(sessionId);
    if (!exec(q))
        return out;
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toInt(), q.value(2).toString(),
                    q.value(3).toInt(), q.value(4).toString(), q.value(5).toString(),
                    q.value(6).toLongLong(), q.value(7).toInt()});
    return out;
}

QList<LabPresetRecord> StudyStore::labPresets(const QString& labId) const
{
    if (!isOpen())
        return {};
    QList<LabPresetRecord> out;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    QString sql = QStringLiteral("SELECT lab_id, name, params, created_at FROM lab_presets");
    if (!labId.isEmpty())
        sql += QStringLiteral(" WHERE lab_id = ?");
    q.prepare(sql + QStringLiteral(" ORDER BY lab_id, name"));
    if (!labId.isEmpty())
        q.addBindValue(labId);
    if (!exec(q))
        return out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                    q.value(3).toLongLong()});
    return out;
}

int StudyStore::newCardsSince(qint64 sinceMs) const
{
    if (!isOpen())
        return {};
    // Walks the distinct questions through reviews_by_question (a skip scan: one index probe per
    // question) instead of grouping every review: O(questions · log reviews).
    QSqlQuery q = prepare(QStringLiteral(
        "WITH RECURSIVE ids(id) AS (SELECT (SELECT MIN(question_id) FROM reviews) "
        "UNION ALL SELECT (SELECT MIN(question_id) FROM reviews WHERE question_id > ids.id) "
        "FROM ids WHERE ids.id IS NOT NULL) "
        "SELECT COUNT(*) FROM ids WHERE id IS NOT NULL AND "
        "(SELECT MIN(reviewed_at) FROM reviews WHERE question_id = ids.id) >= ?"));
    q.addBindValue(sinceMs);
    return exec(q) && q.next() ? q.value(0).toInt() : 0;
}

QList<ReviewRecord> StudyStore::latestReviews(const QString& questionId, int limit) const
{
    if (!isOpen())
        return {};
    QList<ReviewRecord> out;
    QSqlQuery q = prepare(QStringLiteral("SELECT %1 FROM reviews WHERE question_id = ? "
                                         "ORDER BY reviewed_at DESC, id DESC LIMIT ?")
                              .arg(QLatin1String(kReviewColumns)));
    q.addBindValue(questionId);
    q.addBindValue(limit);
    if (!exec(q))
        return out;
    while (q.next())
        out.append(reviewFrom(q));
    return out;
}

int StudyStore::reviewCount(const QString& questionId) const
{
    if (!isOpen())
        return {};
    QSqlQuery q = prepare(QStringLiteral("SELECT COUNT(*) FROM reviews WHERE question_id = ?"));
    q.addBindValue(questionId);
    return exec(q) && q.next() ? q.value(0).toInt() : 0;
}

StudyData StudyStore::snapshot() const
{
    if (!isOpen())
        return {};
    StudyData d;
    d.reviews = reviews();
    const QHash<QString, CardMemory> all = cards();
    for (auto it = all.constBegin(); it != all.constEnd(); ++it)
        d.cards.append({it.key(), it.value()});
    std::sort(d.cards.begin(), d.cards.end(),
              [](const CardRecord& a, const CardRecord& b) { return a.questionId < b.questionId; });
    QSqlQuery notes(QSqlDatabase::database(m_connection, false));
    notes.prepare(
        QStringLiteral("SELECT question_id, markdown, updated_at FROM notes ORDER BY question_id"));
    if (exec(notes))
        while (notes.next())
            d.notes.append({notes.value(0).toString(), notes.value(1).toString(),
                            notes.value(2).toLongLong()});
    QSqlQuery marks(QSqlDatabase::database(m_connection, false));
    marks.prepare(
        QStringLiteral("SELECT question_id, created_at FROM bookmarks ORDER BY question_id"));
    if (exec(marks))
        while (marks.next())
            d.bookmarks.append({marks.value(0).toString(), marks.value(1).toLongLong()});
    d.sessions = sessions();
    d.mockItems = mockItems(0);
    d.labPresets = labPresets();
    return d;
}
