#include "app/study/StudyData.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <cmath>

namespace {

const QLatin1String kFormat("mllab-study");

QString tr(const char* text)
{
    return QCoreApplication::translate("StudyData", text);
}

QJsonValue isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

/// The fields where 0 means "none" (a card never reviewed, a session not ended) write it as null;
/// every other time is written as it is, 1970-01-01T00:00:00.000Z included.
QJsonValue isoTimeOrNull(qint64 ms)
{
    return ms == 0 ? QJsonValue(QJsonValue::Null) : isoTime(ms);
}

QString stateName(CardState state)
{
    switch (state) {
    case CardState::New:
        return QStringLiteral("new");
    case CardState::Learning:
        return QStringLiteral("learning");
    case CardState::Review:
        return QStringLiteral("review");
    case CardState::Relearning:
        return QStringLiteral("relearning");
    }
    return {};
}

QJsonValue idOrNull(qint64 id)
{
    return id == 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(id);
}

int digits(const QString& s, int from, int count)
{
    int value = 0;
    for (int i = from; i < from + count; ++i) {
        const QChar c = s.at(i);
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return -1;
        value = value * 10 + (c.unicode() - '0');
    }
    return value;
}

/// Milliseconds of an ISO 8601 time; the exact form we write ("2024-05-01T08:00:00.000Z") is
/// read directly (imports hold thousands), anything else through QDateTime. False if invalid.
bool parseIsoTime(const QString& text, qint64* ms)
{
    if (text.size() == 24 && text.at(4) == QLatin1Char('-') && text.at(7) == QLatin1Char('-') &&
        text.at(10) == QLatin1Char('T') && text.at(13) == QLatin1Char(':') &&
        text.at(16) == QLatin1Char(':') && text.at(19) == QLatin1Char('.') &&
        text.at(23) == QLatin1Char('Z')) {
        const int y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2);
        const int h = digits(text, 11, 2), mi = digits(text, 14, 2), sec = digits(text, 17, 2);
        const int milli = digits(text, 20, 3);
        const QDate date(y, mo, d);
        if (y > 0 && date.isValid() && h >= 0 && h < 24 && mi >= 0 && mi < 60 && sec >= 0 &&
            sec < 60 && milli >= 0) {
            constexpr qint64 kEpochJulianDay = 2440588; // 1970-01-01
            *ms = (date.toJulianDay() - kEpochJulianDay) * 86'400'000 +
                  ((h * 60 + mi) * 60 + sec) * 1000 + milli;
            return true;
        }
    }
    const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    // An offset can move a time into year 0 or 10000 in UTC, which the export cannot write.
    const int utcYear = t.toUTC().date().year();
    if (!t.isValid() || utcYear < 1 || utcYear > 9999)
        return false;
    *ms = t.toMSecsSinceEpoch();
    return true;
}

/// Reads the fields of one record, remembering where it is for messages. The first problem
/// is kept; later reads become no-ops so that callers can read everything and check once.
class Reader {
public:
    Reader(const QJsonValue& value, QString where, QString* error)
        : m_where(std::move(where)), m_error(error)
    {
        if (!value.isObject())
            failWith(tr("%1 should be an object").arg(m_where));
        m_object = value.toObject();
    }

    bool ok() const { return m_error->isEmpty(); }

    QString string(const char* key, bool allowEmpty = true)
    {
        const QJsonValue v = field(key);
        if (!ok())
            return {};
        if (!v.isString())
            return typeError(key, tr("text")), QString();
        if (!allowEmpty && v.toString().trimmed().isEmpty())
            failWith(tr("%1.%2 is empty").arg(m_where, QLatin1String(key)));
        return v.toString();
    }

    qint64 integer(const char* key, qint64 min, qint64 max, bool nullable = false)
    {
        const QJsonValue v = field(key);
        if (!ok() || (nullable && v.isNull()))
            return 0;
        const double d = v.toDouble(std::nan(""));
        if (!v.isDouble() || d != std::floor(d))
            return typeError(key, tr("a whole number")), 0;
        // d is whole, so d < max + 1 means d <= max; it also holds d below 2^63 when max is
        // the largest qint64 (which a double rounds up to 2^63), so the cast cannot overflow.
        if (d < double(min) || d >= double(max) + 1.0) {
            failWith(tr("%1.%2 is %3; expected %4 to %5")
                         .arg(m_where, QLatin1String(key))
                         .arg(d, 0, 'g', 15)
                         .arg(min)
                         .arg(max));
            return 0;
        }
        return qint64(d);
    }

    double number(const char* key)
    {
        const QJsonValue v = field(key);
        if (!ok())
            return 0;
        if (!v.isDouble())
            return typeError(key, tr("a number")), 0;
        if (!std::isfinite(v.toDouble()) || v.toDouble() < 0)
            failWith(tr("%1.%2 is %3; expected a number of at least 0")
                         .arg(m_where, QLatin1String(key))
                         .arg(v.toDouble()));
        return v.toDouble();
    }

    /// ISO 8601 time (or null when `nullable`, read as 0).
    qint64 time(const char* key, bool nullable = false)
    {
        const QJsonValue v = field(key);
        if (!ok() || (nullable && v.isNull()))
            return 0;
        if (!v.isString())
            return typeError(key, tr("an ISO 8601 time")), 0;
        qint64 ms = 0;
        if (!parseIsoTime(v.toString(), &ms))
            failWith(
                tr("%1.%2 is '%3', which is not an ISO 8601 time such as 2024-05-01T09:30:00.000Z")
                    .arg(m_where, QLatin1String(key), v.toString()));
        return ms;
    }

    void failWith(const QString& message)
    {
        if (m_error->isEmpty())
            *m_error = message;
    }

    const QString& where() const { return m_where; }

private:
    QJsonValue field(const char* key)
    {
        if (!ok())
            return {};
        const auto it = m_object.constFind(QLatin1String(key));
        if (it == m_object.constEnd()) {
            failWith(tr("%1 has no \"%2\"").arg(m_where, QLatin1String(key)));
            return {};
        }
        return *it;
    }

    void typeError(const char* key, const QString& expected)
    {
        failWith(tr("%1.%2 should be %3").arg(m_where, QLatin1String(key), expected));
    }

    QJsonObject m_object;
    QString m_where;
    QString* m_error;
};

bool readState(Reader& r, CardState* state)
{
    const QString name = r.string("state");
    for (CardState s :
         {CardState::New, CardState::Learning, CardState::Review, CardState::Relearning}) {
        if (name == stateName(s)) {
            *state = s;
            return true;
        }
    }
    r.failWith(
        tr("%1.state is '%2'; expected new, learning, review or relearning").arg(r.where(), name));
    return false;
}

template <class Record, class ReadOne>
bool readList(const QJsonObject& root, const char* key, QList<Record>* out, QString* error,
              ReadOne readOne)
{
    const auto it = root.constFind(QLatin1String(key));
    if (it == root.constEnd() || !it->isArray()) {
        *error = it == root.constEnd()
                     ? tr("the file has no \"%1\" list (is it complete?)").arg(QLatin1String(key))
                     : tr("\"%1\" should be a list").arg(QLatin1String(key));
        return false;
    }
    const QJsonArray array = it->toArray();
    for (int i = 0; i < array.size(); ++i) {
        Reader r(array[i], QStringLiteral("%1[%2]").arg(QLatin1String(key)).arg(i), error);
        Record record = readOne(r);
        if (!r.ok())
            return false;
        out->append(record);
    }
    return true;
}

/// Checks that `key(record)` is unique in `list`; names the first repeat.
template <class Record, class Key>
bool unique(const QList<Record>& list, const char* name, const char* field, QString* error, Key key)
{
    QSet<QString> seen;
    for (int i = 0; i < list.size(); ++i) {
        const QString k = key(list[i]);
        if (seen.contains(k)) {
            *error = tr("%1[%2].%3 repeats '%4'")
                         .arg(QLatin1String(name))
                         .arg(i)
                         .arg(QLatin1String(field), k);
            return false;
        }
        seen.insert(k);
    }
    return true;
}

constexpr qint64 kMaxMs = 253'402'300'799'000; // 9999-12-31

bool readAll(const QJsonObject& root, StudyData* d, QString* error)
{
    return readList(root, "reviews", &d->reviews, error,
                    [](Reader& r) {
                        ReviewRecord x;
                        x.id = r.integer("id", 1, kMaxMs);
                        x.questionId = r.string("question_id", false);
                        x.reviewedAtMs = r.time("reviewed_at");
                        x.grade = Grade(r.integer("grade", 1, 4));
                        x.elapsedMs = r.integer("elapsed_ms", 0, kMaxMs);
                        x.answer = r.string("answer");
                        x.source = r.string("source");
                        if (r.ok() && x.source != QLatin1String("review") &&
                            x.source != QLatin1String("mock"))
                            r.failWith(tr("%1.source is '%2'; expected review or mock")
                                           .arg(r.where(), x.source));
                        x.sessionId = r.integer("session_id", 1, kMaxMs, true);
                        x.stability = r.number("stability");
                        x.difficulty = r.number("difficulty");
                        x.dueMs = r.time("due", true);
                        return x;
                    }) &&
           readList(root, "cards", &d->cards, error,
                    [](Reader& r) {
                        CardRecord x;
                        x.questionId = r.string("question_id", false);
                        readState(r, &x.memory.state);
                        x.memory.stability = r.number("stability");
                        x.memory.difficulty = r.number("difficulty");
                        x.memory.dueMs = r.time("due", true);
                        x.memory.lastReviewMs = r.time("last_review", true);
                        x.memory.reps = int(r.integer("reps", 0, 1'000'000));
                        x.memory.lapses = int(r.integer("lapses", 0, 1'000'000));
                        return x;
                    }) &&
           readList(root, "notes", &d->notes, error,
                    [](Reader& r) {
                        NoteRecord x;
                        x.questionId = r.string("question_id", false);
                        x.markdown = r.string("markdown");
                        x.updatedAtMs = r.time("updated_at");
                        return x;
                    }) &&
           readList(root, "bookmarks", &d->bookmarks, error,
                    [](Reader& r) {
                        BookmarkRecord x;
                        x.questionId = r.string("question_id", false);
                        x.createdAtMs = r.time("created_at");
                        return x;
                    }) &&
           readList(root, "sessions", &d->sessions, error,
                    [](Reader& r) {
                        SessionRecord x;
                        x.id = r.integer("id", 1, kMaxMs);
                        x.kind = r.string("kind", false);
                        x.startedAtMs = r.time("started_at");
                        x.endedAtMs = r.time("ended_at", true);
                        x.summary = r.string("summary");
                        return x;
                    }) &&
           readList(root, "mock_items", &d->mockItems, error,
                    [](Reader& r) {
                        MockItemRecord x;
                        x.sessionId = r.integer("session_id", 1, kMaxMs);
                        x.position = int(r.integer("position", 0, 1000));
                        x.questionId = r.string("question_id", false);
                        x.followUp = int(r.integer("follow_up", -1, 100));
                        x.answer = r.string("answer");
                        x.followUpAnswer = r.string("follow_up_answer");
                        x.elapsedMs = r.integer("elapsed_ms", 0, kMaxMs);
                        x.rubric = int(r.integer("rubric", -1, 15));
                        return x;
                    }) &&
           readList(root, "lab_presets", &d->labPresets, error, [](Reader& r) {
               LabPresetRecord x;
               x.labId = r.string("lab_id", false);
               x.name = r.string("name", false);
               x.params = r.string("params");
               x.createdAtMs = r.time("created_at");
               return x;
           });
}

bool crossCheck(const StudyData& d, QString* error)
{
    const auto str = [](qint64 v) { return QString::number(v); };
    if (!unique(d.reviews, "reviews", "id", error,
                [&](const ReviewRecord& r) { return str(r.id); }) ||
        !unique(d.cards, "cards", "question_id", error,
                [](const CardRecord& c) { return c.questionId; }) ||
        !unique(d.notes, "notes", "question_id", error,
                [](const NoteRecord& n) { return n.questionId; }) ||
        !unique(d.bookmarks, "bookmarks", "question_id", error,
                [](const BookmarkRecord& b) { return b.questionId; }) ||
        !unique(d.sessions, "sessions", "id", error,
                [&](const SessionRecord& s) { return str(s.id); }) ||
        !unique(d.mockItems, "mock_items", "position", error,
                [&](const MockItemRecord& m) {
                    return str(m.sessionId) + QLatin1Char('/') + str(m.position);
                }) ||
        !unique(d.labPresets, "lab_presets", "name", error,
                [](const LabPresetRecord& p) { return p.labId + QLatin1Char('/') + p.name; }))
        return false;
    QSet<qint64> sessions;
    for (const SessionRecord& s : d.sessions)
        sessions.insert(s.id);
    for (int i = 0; i < d.reviews.size(); ++i) {
        if (d.reviews[i].sessionId != 0 && !sessions.contains(d.reviews[i].sessionId)) {
            *error = tr("reviews[%1].session_id %2 names no session in the file")
                         .arg(i)
                         .arg(d.reviews[i].sessionId);
            return false;
        }
    }
    for (int i = 0; i < d.mockItems.size(); ++i) {
        if (!sessions.contains(d.mockItems[i].sessionId)) {
            *error = tr("mock_items[%1].session_id %2 names no session in the file")
                         .arg(i)
                         .arg(d.mockItems[i].sessionId);
            return false;
        }
    }
    return true;
}

} // namespace

Grade gradeForRubric(int rubric)
{
    const int met = rubric < 0 ? 0 : qPopulationCount(quint32(rubric & 15));
    return met <= 1 ? Grade::Again : met == 2 ? Grade::Hard : met == 3 ? Grade::Good : Grade::Easy;
}

QByteArray toStudyJson(const StudyData& d, qint64 exportedAtMs)
{
    QJsonArray reviews, cards, notes, bookmarks, sessions, mockItems, presets;
    for (const ReviewRecord& r : d.reviews)
        reviews.append(QJsonObject{{QStringLiteral("id"), r.id},
                                   {QStringLiteral("question_id"), r.questionId},
                                   {QStringLiteral("reviewed_at"), isoTime(r.reviewedAtMs)},
                                   {QStringLiteral("grade"), int(r.grade)},
                                   {QStringLiteral("elapsed_ms"), r.elapsedMs},
                                   {QStringLiteral("answer"), r.answer},
                                   {QStringLiteral("source"), r.source},
                                   {QStringLiteral("session_id"), idOrNull(r.sessionId)},
                                   {QStringLiteral("stability"), r.stability},
                                   {QStringLiteral("difficulty"), r.difficulty},
                                   {QStringLiteral("due"), isoTimeOrNull(r.dueMs)}});
    for (const CardRecord& c : d.cards)
        cards.append(
            QJsonObject{{QStringLiteral("question_id"), c.questionId},
                        {QStringLiteral("state"), stateName(c.memory.state)},
                        {QStringLiteral("stability"), c.memory.stability},
                        {QStringLiteral("difficulty"), c.memory.difficulty},
                        {QStringLiteral("due"), isoTimeOrNull(c.memory.dueMs)},
                        {QStringLiteral("last_review"), isoTimeOrNull(c.memory.lastReviewMs)},
                        {QStringLiteral("reps"), c.memory.reps},
                        {QStringLiteral("lapses"), c.memory.lapses}});
    for (const NoteRecord& n : d.notes)
        notes.append(QJsonObject{{QStringLiteral("question_id"), n.questionId},
                                 {QStringLiteral("markdown"), n.markdown},
                                 {QStringLiteral("updated_at"), isoTime(n.updatedAtMs)}});
    for (const BookmarkRecord& b : d.bookmarks)
        bookmarks.append(QJsonObject{{QStringLiteral("question_id"), b.questionId},
                                     {QStringLiteral("created_at"), isoTime(b.createdAtMs)}});
    for (const SessionRecord& s : d.sessions)
        sessions.append(QJsonObject{{QStringLiteral("id"), s.id},
                                    {QStringLiteral("kind"), s.kind},
                                    {QStringLiteral("started_at"), isoTime(s.startedAtMs)},
                                    {QStringLiteral("ended_at"), isoTimeOrNull(s.endedAtMs)},
                                    {QStringLiteral("summary"), s.summary}});
    for (const MockItemRecord& m : d.mockItems)
        mockItems.append(QJsonObject{{QStringLiteral("session_id"), m.sessionId},
                                     {QStringLiteral("position"), m.position},
                                     {QStringLiteral("question_id"), m.questionId},
                                     {QStringLiteral("follow_up"), m.followUp},
                                     {QStringLiteral("answer"), m.answer},
                                     {QStringLiteral("follow_up_answer"), m.followUpAnswer},
                                     {QStringLiteral("elapsed_ms"), m.elapsedMs},
                                     {QStringLiteral("rubric"), m.rubric}});
    for (const LabPresetRecord& p : d.labPresets)
        presets.append(QJsonObject{{QStringLiteral("lab_id"), p.labId},
                                   {QStringLiteral("name"), p.name},
                                   {QStringLiteral("params"), p.params},
                                   {QStringLiteral("created_at"), isoTime(p.createdAtMs)}});
    const QJsonObject root{{QStringLiteral("format"), kFormat},
                           {QStringLiteral("version"), kStudyJsonVersion},
                           {QStringLiteral("exported_at"), isoTime(exportedAtMs)},
                           {QStringLiteral("reviews"), reviews},
                           {QStringLiteral("cards"), cards},
                           {QStringLiteral("notes"), notes},
                           {QStringLiteral("bookmarks"), bookmarks},
                           {QStringLiteral("sessions"), sessions},
                           {QStringLiteral("mock_items"), mockItems},
                           {QStringLiteral("lab_presets"), presets}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool parseStudyJson(const QByteArray& json, StudyData* data, QString* error)
{
    error->clear();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = tr("not valid JSON at character %1: %2 (is the file complete?)")
                     .arg(parseError.offset)
                     .arg(parseError.errorString());
        return false;
    }
    if (!doc.isObject()) {
        *error = tr("the file should hold one JSON object");
        return false;
    }
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("format")).toString() != kFormat) {
        *error = tr("this is not an MLLab study export (\"format\" should be \"%1\")").arg(kFormat);
        return false;
    }
    const QJsonValue version = root.value(QStringLiteral("version"));
    if (!version.isDouble() || version.toDouble() != std::floor(version.toDouble()) ||
        version.toInt() < 1) {
        *error = tr("\"version\" should be a whole number of at least 1");
        return false;
    }
    if (version.toInt() > kStudyJsonVersion) {
        *error =
            tr("the file was written by a newer MLLab (format version %1; this one reads up to %2)")
                .arg(version.toInt())
                .arg(kStudyJsonVersion);
        return false;
    }
    StudyData parsed;
    if (!readAll(root, &parsed, error) || !crossCheck(parsed, error))
        return false;
    *data = std::move(parsed);
    return true;
}
