#pragma once
// Plain records of the study data (what the store keeps and what export/import carries), and
// the versioned JSON form: parseStudyJson() validates a whole file before anything is applied.

#include "app/study/Scheduler.h"

#include <QByteArray>
#include <QList>
#include <QString>

struct ReviewRecord {
    qint64 id = 0; ///< assigned by the store
    QString questionId;
    qint64 reviewedAtMs = 0;
    Grade grade = Grade::Good;
    qint64 elapsedMs = 0;                      ///< time spent on the question before grading
    QString answer;                            ///< what the candidate typed, may be empty
    QString source = QStringLiteral("review"); ///< "review" or "mock"
    qint64 sessionId = 0;                      ///< 0: none
    double stability = 0;                      ///< scheduler state after this review
    double difficulty = 0;
    qint64 dueMs = 0;
};

struct CardRecord {
    QString questionId;
    CardMemory memory;
};

struct NoteRecord {
    QString questionId;
    QString markdown;
    qint64 updatedAtMs = 0;
};

struct BookmarkRecord {
    QString questionId;
    qint64 createdAtMs = 0;
};

struct SessionRecord {
    qint64 id = 0;
    QString kind; ///< "review" or "mock"
    qint64 startedAtMs = 0;
    qint64 endedAtMs = 0; ///< 0 while unfinished (or if the app was killed)
    QString summary;      ///< JSON text, may be empty
};

/// Self-assessment of one mock-interview answer (bit flags).
enum RubricItem {
    RubricKeyIdea = 1,    ///< stated the key idea
    RubricConcrete = 2,   ///< gave a concrete number or example
    RubricNoRedFlags = 4, ///< avoided the red flags
    RubricFollowUp = 8,   ///< handled the follow-up
};
/// Grade fed to the scheduler from a rubric: 0-1 items Again, 2 Hard, 3 Good, 4 Easy.
Grade gradeForRubric(int rubric);

struct MockItemRecord {
    qint64 sessionId = 0;
    int position = 0; ///< 0-based order in the session
    QString questionId;
    int followUp = -1; ///< index into the question's follow-ups, -1 none
    QString answer;
    QString followUpAnswer;
    qint64 elapsedMs = 0;
    int rubric = -1; ///< RubricItem flags; -1 until assessed
};

struct LabPresetRecord {
    QString labId;
    QString name;
    QString params; ///< JSON object text of key -> value
    qint64 createdAtMs = 0;
};

struct StudyData {
    QList<ReviewRecord> reviews;
    QList<CardRecord> cards;
    QList<NoteRecord> notes;
    QList<BookmarkRecord> bookmarks;
    QList<SessionRecord> sessions;
    QList<MockItemRecord> mockItems;
    QList<LabPresetRecord> labPresets;
};

/// Version of the export format written by toStudyJson().
constexpr int kStudyJsonVersion = 1;

/// {"format":"mllab-study","version":1,"exported_at":..., "reviews":[...], ...}; times as
/// ISO 8601 UTC with milliseconds.
QByteArray toStudyJson(const StudyData& data, qint64 exportedAtMs);

/// Parses and validates a whole export. On any problem returns false and sets `error` to what
/// is wrong and where ("reviews[3].grade is 7; expected 1-4"); `data` is then untouched.
bool parseStudyJson(const QByteArray& json, StudyData* data, QString* error);
