#include "app/study/ReviewView.h"

#include "app/charts/Theme.h"
#include "app/labs/LabRegistry.h"
#include "app/study/QuestionBank.h"
#include "app/study/Scheduler.h"
#include "app/study/StudyStats.h"
#include "app/study/StudyStore.h"
#include "app/widgets/RichLabel.h"

#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace {

QPushButton* flatButton(const QString& text)
{
    auto* b = new QPushButton(text);
    b->setFocusPolicy(Qt::NoFocus); // keys belong to the view: Space must not press a button
    return b;
}

QString clockText(qint64 ms)
{
    const qint64 s = ms / 1000;
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

ReviewView::ReviewView(QWidget* parent) : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("reviewStatus"));
    m_meta = new QLabel;
    m_meta->setWordWrap(true); // long tag lists must not widen the pane and squeeze the lab
    theme::setSecondary(m_meta);
    m_title = new QLabel;
    m_title->setWordWrap(true);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.45);
    big.setBold(true);
    m_title->setFont(big);

    m_answer = new QPlainTextEdit;
    m_answer->setPlaceholderText(tr("Think it through, or type your answer here (Tab). "
                                    "Ctrl+Enter reveals, Esc leaves the box."));
    m_answer->setMaximumHeight(120);
    m_answer->installEventFilter(this);
    m_hint = new QLabel;
    theme::setSecondary(m_hint);

    m_text = new QTextBrowser;
    m_text->setFocusPolicy(Qt::NoFocus);
    m_text->setOpenLinks(false);
    m_text->document()->setDocumentMargin(10);

    m_reveal = flatButton(tr("Reveal answer  (Space)"));
    m_deep = flatButton(tr("Deep dive  (D)"));
    m_showMe = flatButton(tr("Show me in the lab  (L)"));
    connect(m_reveal, &QPushButton::clicked, this, &ReviewView::reveal);
    connect(m_deep, &QPushButton::clicked, this, &ReviewView::toggleDeepDive);
    connect(m_showMe, &QPushButton::clicked, this, &ReviewView::showMe);
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_reveal);
    actions->addWidget(m_deep);
    actions->addWidget(m_showMe);
    actions->addStretch(1);

    auto* grades = new QHBoxLayout;
    for (int i = 0; i < 4; ++i) {
        m_grades[i] = flatButton(QString());
        m_grades[i]->setMinimumHeight(44);
        m_grades[i]->setStyleSheet(
            QStringLiteral("QPushButton:enabled { color: %1; font-weight: bold; }")
                .arg(theme::grade(i).name()));
        connect(m_grades[i], &QPushButton::clicked, this, [this, i] { grade(i + 1); });
        grades->addWidget(m_grades[i]);
    }

    auto* card = new QWidget;
    auto* cardLayout = new QVBoxLayout(card);
    cardLayout->setContentsMargins(0, 0, 0, 0);
    cardLayout->addWidget(m_meta);
    cardLayout->addWidget(m_title);
    cardLayout->addWidget(m_answer);
    cardLayout->addLayout(actions);
    cardLayout->addWidget(m_text, 1);
    cardLayout->addWidget(m_hint);
    cardLayout->addLayout(grades);

    auto* done = new QWidget;
    auto* doneLayout = new QVBoxLayout(done);
    m_doneText = widgets::richLabel();
    m_moreNew = flatButton(tr("Learn 5 more new questions  (N)"));
    connect(m_moreNew, &QPushButton::clicked, this, [this] { addNewQuestions(5); });
    auto* back = flatButton(tr("Back to the questions  (Esc)"));
    connect(back, &QPushButton::clicked, this, &ReviewView::closeRequested);
    auto* doneButtons = new QHBoxLayout;
    doneButtons->addWidget(m_moreNew);
    doneButtons->addWidget(back);
    doneButtons->addStretch(1);
    doneLayout->addWidget(m_doneText);
    doneLayout->addLayout(doneButtons);
    doneLayout->addStretch(1);

    m_pages = new QStackedWidget;
    m_pages->addWidget(card);
    m_pages->addWidget(done);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_pages, 1);

    m_clock = new QTimer(this);
    m_clock->setInterval(1000);
    connect(m_clock, &QTimer::timeout, this, &ReviewView::updateStatus);
}

const Question* ReviewView::current() const
{
    if (!m_context.valid() || m_position >= m_queue.size())
        return nullptr;
    return m_context.bank->find(m_queue[m_position]);
}

QString ReviewView::currentId() const
{
    const Question* q = current();
    return q ? q->id : QString();
}

QString ReviewView::firstLab(const Question& q) const
{
    for (const QString& id : q.labs)
        if (LabRegistry::find(id))
            return id;
    return {};
}

void ReviewView::start()
{
    finish();
    m_queue.clear();
    m_position = 0;
    m_reviewed = 0;
    if (!m_context.valid() || !m_context.store->isOpen()) {
        m_pages->setCurrentIndex(1);
        m_doneText->setText(
            tr("<h2>Study data is not available</h2><p>Reviews need the study database; "
               "see the message shown at start-up. Browsing and the labs work as usual.</p>"));
        m_status->setText(tr("<b>Review</b>"));
        return;
    }
    const qint64 now = m_context.now();
    QStringList order;
    for (const Question& q : m_context.bank->questions())
        order.append(q.id);
    QueueParams params;
    params.nowMs = now;
    params.newPerDay = m_newPerDay;
    params.newSeenToday = m_context.store->newCardsSince(startOfLocalDay(now));
    m_queue = buildDueQueue(order, m_context.store->cards(), params);
    m_position = 0;
    m_reviewed = 0;
    std::fill(std::begin(m_gradeCounts), std::end(m_gradeCounts), 0);
    m_error.clear();
    m_sessionStartMs = now;
    m_sessionId = m_context.store->isWritable()
                      ? m_context.store->startSession(QStringLiteral("review"), now)
                      : -1;
    m_clock->start();
    showCurrent();
}

void ReviewView::addNewQuestions(int count)
{
    if (!m_context.valid())
        return;
    const QHash<QString, CardMemory> cards = m_context.store->cards();
    int added = 0;
    for (const Question& q : m_context.bank->questions()) {
        if (added == count)
            break;
        if ((!cards.contains(q.id) || cards[q.id].isNew()) &&
            !m_queue.mid(m_position).contains(q.id)) {
            m_queue.append(q.id);
            ++added;
        }
    }
    if (m_sessionId == 0)
        m_sessionId = -1; // continue without a stored session row
    showCurrent();
}

void ReviewView::finish()
{
    m_clock->stop();
    if (m_sessionId > 0 && m_context.store && m_context.store->isWritable()) {
        QJsonObject summary{{QStringLiteral("reviewed"), m_reviewed},
                            {QStringLiteral("again"), m_gradeCounts[0]},
                            {QStringLiteral("hard"), m_gradeCounts[1]},
                            {QStringLiteral("good"), m_gradeCounts[2]},
                            {QStringLiteral("easy"), m_gradeCounts[3]}};
        m_context.store->finishSession(
            m_sessionId, QString::fromUtf8(QJsonDocument(summary).toJson(QJsonDocument::Compact)),
            m_context.now());
    }
    m_sessionId = 0;
}

void ReviewView::showCurrent()
{
    const Question* q = current();
    if (!q) {
        showDone();
        return;
    }
    m_pages->setCurrentIndex(0);
    m_revealed = false;
    m_deepShown = false;
    m_shownAtMs = m_context.now();
    const QString dots =
        QString(q->difficulty, QChar(0x25CF)) + QString(3 - q->difficulty, QChar(0x25CB));
    m_meta->setText(QStringLiteral("%1  ·  %2  ·  %3")
                        .arg(q->section, dots, q->tags.join(QStringLiteral(", "))));
    m_title->setText(QStringLiteral("%1. %2").arg(q->number).arg(q->title));
    m_answer->clear();
    m_answer->setReadOnly(false);
    m_text->setMarkdown(
        tr("*Answer out loud or in the box above, then press **Space** to compare.*"));
    m_reveal->setEnabled(true);
    m_deep->setEnabled(false);
    m_showMe->setEnabled(!firstLab(*q).isEmpty());
    const CardMemory card = m_context.store->card(q->id);
    const qint64 now = m_context.now();
    for (int i = 0; i < 4; ++i) {
        m_grades[i]->setText(QStringLiteral("%1  %2\n%3")
                                 .arg(i + 1)
                                 .arg(gradeName(Grade(i + 1)), m_context.scheduler->previewInterval(
                                                                   card, Grade(i + 1), now)));
        m_grades[i]->setEnabled(false);
    }
    m_hint->setText(card.isNew()
                        ? tr("New question")
                        : tr("Seen %n time(s), %1 lapse(s)", nullptr, card.reps).arg(card.lapses));
    updateStatus();
    setFocus(Qt::OtherFocusReason);
}

void ReviewView::showDone()
{
    m_pages->setCurrentIndex(1);
    const QHash<QString, CardMemory> cards =
        m_context.valid() ? m_context.store->cards() : QHash<QString, CardMemory>();
    qint64 next = 0;
    for (const CardMemory& c : cards)
        if (!c.isNew() && (next == 0 || c.dueMs < next))
            next = c.dueMs;
    QString text;
    if (m_reviewed == 0)
        text = tr("<h2>Nothing is due right now</h2>");
    else
        text = tr("<h2>Session complete</h2><p>%n question(s) reviewed in %1: "
                  "%2 Again, %3 Hard, %4 Good, %5 Easy.</p>",
                  nullptr, m_reviewed)
                   .arg(clockText(m_context.now() - m_sessionStartMs))
                   .arg(m_gradeCounts[0])
                   .arg(m_gradeCounts[1])
                   .arg(m_gradeCounts[2])
                   .arg(m_gradeCounts[3]);
    if (next > 0)
        text += tr("<p>Next question due: %1.</p>")
                    .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(next),
                                            QLocale::ShortFormat));
    text += tr("<p>Today's limit of new questions is %1 (Study › New questions per day).</p>")
                .arg(m_newPerDay);
    m_doneText->setText(text);
    updateStatus();
    setFocus(Qt::OtherFocusReason);
}

void ReviewView::reveal()
{
    if (!current() || m_revealed)
        return;
    m_revealed = true;
    m_answer->setReadOnly(true);
    m_reveal->setEnabled(false);
    m_deep->setEnabled(true);
    for (QPushButton* b : m_grades)
        b->setEnabled(true);
    renderAnswer();
    setFocus(Qt::OtherFocusReason);
}

void ReviewView::toggleDeepDive()
{
    if (!m_revealed)
        return;
    m_deepShown = !m_deepShown;
    renderAnswer();
}

void ReviewView::renderAnswer()
{
    const Question* q = current();
    if (!q)
        return;
    QString md = QStringLiteral("### %1\n\n%2\n").arg(tr("Short answer"), q->shortAnswer);
    if (m_deepShown)
        md += QStringLiteral("\n### %1\n\n%2\n").arg(tr("Deep dive"), q->deepDive);
    else
        md += tr("\n*Press **D** for the deep dive, then grade yourself with **1-4**.*\n");
    m_text->setMarkdown(md);
    m_deep->setText(m_deepShown ? tr("Hide deep dive  (D)") : tr("Deep dive  (D)"));
}

void ReviewView::showMe()
{
    if (const Question* q = current()) {
        const QString lab = firstLab(*q);
        if (!lab.isEmpty())
            Q_EMIT labRequested(lab);
    }
}

void ReviewView::grade(int value)
{
    const Question* q = current();
    Grade g;
    if (!q || !m_revealed || !gradeFromInt(value, &g))
        return;
    const qint64 now = m_context.now();
    const CardMemory after = m_context.scheduler->review(m_context.store->card(q->id), g, now);
    ReviewRecord record;
    record.questionId = q->id;
    record.reviewedAtMs = now;
    record.grade = g;
    record.elapsedMs = now - m_shownAtMs;
    record.answer = m_answer->toPlainText();
    record.sessionId = std::max<qint64>(0, m_sessionId);
    if (!m_context.store->recordReview(record, after)) {
        m_error = tr("Not saved: %1").arg(m_context.store->lastError());
        updateStatus();
        return; // stay on the question so the grade can be given again
    }
    m_error.clear();
    ++m_reviewed;
    ++m_gradeCounts[value - 1];
    if (g == Grade::Again)
        m_queue.append(q->id); // relearn before the session ends
    ++m_position;
    Q_EMIT dataChanged();
    showCurrent();
}

QString ReviewView::statusText() const
{
    return m_status->text();
}

void ReviewView::updateStatus()
{
    QString text;
    if (m_context.store && !m_context.store->isWritable())
        text = QStringLiteral("<b style='color:%1'>%2</b>  ")
                   .arg(theme::warning().name(), tr("Read-only: grades are not saved."));
    const int left = std::max(0, int(m_queue.size()) - m_position);
    text +=
        tr("<b>Review</b>  ·  %1 left  ·  %2 done  ·  %3 elapsed")
            .arg(left)
            .arg(m_reviewed)
            .arg(clockText(
                m_context.valid() && m_sessionStartMs ? m_context.now() - m_sessionStartMs : 0));
    if (!m_error.isEmpty())
        text += QStringLiteral("  ·  <b style='color:%1'>%2</b>")
                    .arg(theme::warning().name(), m_error.toHtmlEscaped());
    m_status->setText(text);
}

bool ReviewView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_answer && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        if (enter && key->modifiers().testFlag(Qt::ControlModifier)) {
            reveal();
            return true;
        }
        if (key->key() == Qt::Key_Escape) {
            setFocus(Qt::OtherFocusReason);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ReviewView::keyPressEvent(QKeyEvent* event)
{
    const int key = event->key();
    if (m_pages->currentIndex() == 1) {
        if (key == Qt::Key_N)
            addNewQuestions(5);
        else if (key == Qt::Key_Escape)
            Q_EMIT closeRequested();
        else
            QWidget::keyPressEvent(event);
        return;
    }
    switch (key) {
    case Qt::Key_Space:
        reveal();
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        reveal();
        break;
    case Qt::Key_D:
        toggleDeepDive();
        break;
    case Qt::Key_L:
        showMe();
        break;
    case Qt::Key_1:
    case Qt::Key_2:
    case Qt::Key_3:
    case Qt::Key_4:
        grade(key - Qt::Key_0);
        break;
    case Qt::Key_PageDown:
        m_text->verticalScrollBar()->triggerAction(QScrollBar::SliderPageStepAdd);
        break;
    case Qt::Key_PageUp:
        m_text->verticalScrollBar()->triggerAction(QScrollBar::SliderPageStepSub);
        break;
    case Qt::Key_Escape:
        Q_EMIT closeRequested();
        break;
    default:
        QWidget::keyPressEvent(event);
    }
}
