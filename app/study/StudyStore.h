#pragma once
// The study store: every review, card state, note, bookmark, session, mock-interview answer and
// lab preset, kept in SQLite (Qt SQL, QSQLITE) in the app data folder.
//
// Safety: WAL journal with synchronous=NORMAL, and every user action is one transaction written as
// it happens, so a killed process (kill -9, a crash) loses nothing it had committed: a WAL commit
// is in the operating system's hands once COMMIT returns. The trade-off against FULL: no fsync
// per write (a write costs well under a millisecond instead of several), but a power loss or an
// operating-system crash may lose the last commits before the next checkpoint (never corrupting
// the database).
//
// Threads: a StudyStore belongs to the thread that opened it. Work that reads every review (the
// dashboard, export) opens its own ReadOnly store on the worker thread; the UI thread keeps to
// the calls whose cost does not grow with the number of reviews (see docs/reliability.md). A lock
// file next to the database keeps a second MLLab from writing to it (the second one may open it
// read-only). open() never deletes or overwrites a database it cannot use: it reports why (corrupt,
// locked, newer schema, unwritable) and the caller offers retry, read-only or backUpAndRemove().
// The schema is versioned (table schema_version) and migrated forward one step at a time.

#include "app/study/StudyData.h"

#include <QHash>
#include <QSet>
#include <QString>

#include <memory>

class QLockFile;
class QSqlQuery;

class StudyStore {
public:
    enum class Status { Ok, Corrupt, Locked, NewerSchema, Unwritable };
    /// SharedWriter: a second writing connection of the instance that already holds the lock,
    /// for work moved off the UI thread (an import); the file must exist.
    enum class Access { ReadWrite, ReadOnly, SharedWriter };
    struct OpenResult {
        Status status = Status::Ok;
        QString message; ///< for the user: what is wrong with which file
        bool ok() const { return status == Status::Ok; }
    };

    /// Full: open() runs SQLite's quick_check, which reads every page (100+ ms on 200k reviews).
    /// Deferred: it does not, and the caller runs verify() in a job right after opening.
    enum class Check { Full, Deferred };

    /// The schema this build writes; migrations lead from 1 to here.
    static constexpr int kSchemaVersion = 2;

    /// <AppDataLocation>/study.sqlite
    static QString defaultPath();

    StudyStore();
    ~StudyStore();
    StudyStore(const StudyStore&) = delete;
    StudyStore& operator=(const StudyStore&) = delete;

    OpenResult open(const QString& path, Access access = Access::ReadWrite,
                    Check check = Check::Full);
    /// The integrity check of a Deferred open, on a read-only connection of its own: call it on
    /// a worker thread; Corrupt (with the message open() would give) when the data is damaged.
    static OpenResult verify(const QString& path);
    void close();
    bool isOpen() const;
    bool isReadOnly() const { return m_readOnly; }
    bool isWritable() const { return isOpen() && !m_readOnly; }
    QString path() const { return m_path; }
    /// The message of the last failed write or read.
    QString lastError() const { return m_lastError; }
    /// Schema version of the open database.
    int schemaVersion() const { return m_schemaVersion; }

    /// Renames the database and its -wal/-shm files to "<name>.backup-<UTC time>..." so that a
    /// fresh one can be created; returns the backup path, or empty with `error` set.
    static QString backUpAndRemove(const QString& path, QString* error);

    // Writes: each is one transaction; false (and lastError()) if nothing was written.
    bool recordReview(ReviewRecord& review, const CardMemory& after);
    bool setNote(const QString& questionId, const QString& markdown, qint64 nowMs);
    bool setBookmarked(const QString& questionId, bool bookmarked, qint64 nowMs);
    qint64 startSession(const QString& kind, qint64 nowMs); ///< 0 on failure
    bool finishSession(qint64 sessionId, const QString& summaryJson, qint64 nowMs);
    bool saveMockItem(const MockItemRecord& item);
    /// A mock answer's assessment and the review it feeds the scheduler, together.
    bool recordMockAssessment(const MockItemRecord& item, ReviewRecord& review,
                              const CardMemory& after);
    bool saveLabPreset(const LabPresetRecord& preset);
    /// Replaces all study data with `data` in one transaction (import).
    bool replaceAll(const StudyData& data);

    // Reads.
    QHash<QString, CardMemory> cards() const;
    CardMemory card(const QString& questionId) const;
    /// Every review (of one question), oldest first; grows with the history: not for the UI thread.
    QList<ReviewRecord> reviews(const QString& questionId = {}) const;
    /// The newest `limit` reviews of a question, newest first (an index range, cheap).
    QList<ReviewRecord> latestReviews(const QString& questionId, int limit) const;
    /// How many times this question was reviewed.
    int reviewCount(const QString& questionId) const;
    /// Question, time and grade of every review, oldest first (what the dashboard needs); reads
    /// every review: call it on a worker thread's own store.
    QList<ReviewRecord> reviewLog() const;
    /// Counts every review (a few ms on 200k): off the UI thread.
    int reviewCount() const;
    /// Whether any review is stored (one row probe).
    bool hasReviews() const;
    QString note(const QString& questionId) const;
    QSet<QString> bookmarks() const;
    bool isBookmarked(const QString& questionId) const;
    QList<SessionRecord> sessions() const;
    QList<MockItemRecord> mockItems(qint64 sessionId) const;
    QList<LabPresetRecord> labPresets(const QString& labId = {}) const;
    /// Questions whose first review was at or after `sinceMs` (new cards introduced).
    int newCardsSince(qint64 sinceMs) const;
    /// Everything, for export; reads every review: call it on a worker thread's own store.
    StudyData snapshot() const;

private:
    OpenResult tryOpen(const QString& path, Access access, Check check);
    OpenResult checkIntegrity();
    OpenResult fail(Status status, const QString& message);
    OpenResult classify(const QString& what, const QString& sqlError, int code);
    bool exec(QSqlQuery& query) const;
    bool run(const QString& sql) const;
    template <class F> bool inTransaction(F&& body);
    bool migrate();
    bool applyMigration(int toVersion);
    QSqlQuery prepare(const QString& sql) const;
    bool insertReview(QSqlQuery& prepared, ReviewRecord& review);
    bool writeMockItem(const MockItemRecord& item);
    bool upsertCard(QSqlQuery& prepared, const QString& questionId, const CardMemory& memory);
    bool insertAll(const StudyData& data);

    QString m_connection;
    QString m_path;
    bool m_readOnly = false;
    int m_schemaVersion = 0;
    mutable QString m_lastError;
    mutable int m_lastCode = 0; ///< SQLite primary result code of the last failure
    std::unique_ptr<QLockFile> m_lock;
};
