#include "app/study/MockInterviewView.h"

#include "app/charts/Theme.h"
#include "app/study/QuestionBank.h"
#include "app/study/Scheduler.h"
#include "app/study/StudyStore.h"
#include "app/widgets/ResultTable.h"
#include "app/widgets/RichLabel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace {

QString clockText(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms) / 1000;
    return QStringLiteral("%1:%2")
        .arg(s / 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

QPushButton* keyButton(const QString& text)
{
    auto* b = new QPushButton(text);
    b->setFocusPolicy(Qt::NoFocus);
    return b;
}

QLabel* bigLabel(double scale, bool bold)
{
    auto* label = new QLabel;
    label->setWordWrap(true);
    QFont f = label->font();
    f.setPointSizeF(f.pointSizeF() * scale);
    f.setBold(bold);
    label->setFont(f);
    return label;
}

QString rubricMarks(int rubric)
{
    QString marks;
    for (int bit : {RubricKeyIdea, RubricConcrete, RubricNoRedFlags, RubricFollowUp})
        marks += rubric >= 0 && (rubric & bit) ? QChar(0x2713) : QChar(0x00B7);
    return marks;
}

} // namespace

MockInterviewView::MockInterviewView(QWidget* parent) : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    m_pages = new QStackedWidget;
    m_pages->addWidget(buildSetup());
    m_pages->addWidget(buildAsking());
    m_pages->addWidget(buildAssessing());
    m_pages->addWidget(buildSummary());
    // Long lines are hard to read: the interview keeps to a column in the middle of wide windows.
    m_pages->setMaximumWidth(1040);
    auto* layout = new QHBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(m_pages, 100);
    layout->addStretch(1);
    m_tick = new QTimer(this);
    m_tick->setInterval(250);
    connect(m_tick, &QTimer::timeout, this, &MockInterviewView::tick);
}

QWidget* MockInterviewView::buildSetup()
{
    auto* page = new QWidget;
    auto* title = bigLabel(1.6, true);
    title->setText(tr("Mock interview"));
    auto* intro =
        new QLabel(tr("The interviewer asks each question with a timer running, then one of its "
                      "follow-ups. Answer out loud or type notes. At the end you assess each "
                      "answer against the rubric, and the result schedules the question's next "
                      "review."));
    intro->setWordWrap(true);
    m_count = new QSpinBox;
    m_count->setRange(1, 20);
    m_count->setValue(5);
    m_pick = new QComboBox;
    m_pick->addItem(tr("At random"), int(MockPick::Random));
    m_pick->addItem(tr("From one section"), int(MockPick::Section));
    m_pick->addItem(tr("Weakest first"), int(MockPick::Weakest));
    m_section = new QComboBox;
    m_section->setEnabled(false);
    connect(m_pick, &QComboBox::currentIndexChanged, this, [this] {
        m_section->setEnabled(m_pick->currentData().toInt() == int(MockPick::Section));
    });
    m_minutes = new QSpinBox;
    m_minutes->setRange(1, 20);
    m_minutes->setValue(4);
    m_minutes->setSuffix(tr(" min"));
    auto* form = new QFormLayout;
    form->addRow(tr("&Questions:"), m_count);
    form->addRow(tr("&Pick:"), m_pick);
    form->addRow(tr("&Section:"), m_section);
    form->addRow(tr("&Time per question:"), m_minutes);
    auto* start = keyButton(tr("Start the interview  (Enter)"));
    start->setMinimumHeight(40);
    connect(start, &QPushButton::clicked, this, &MockInterviewView::start);
    m_setupNote = new QLabel;
    m_setupNote->setWordWrap(true);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(title);
    layout->addWidget(intro);
    layout->addSpacing(8);
    layout->addLayout(form);
    layout->addWidget(start, 0, Qt::AlignLeft);
    layout->addWidget(m_setupNote);
    layout->addStretch(1);
    return page;
}

QWidget* MockInterviewView::buildAsking()
{
    auto* page = new QWidget;
    m_askHeader = new QLabel;
    theme::setSecondary(m_askHeader);
    m_timer = bigLabel(1.8, true);
    m_timer->setObjectName(QStringLiteral("mockTimer"));
    m_timer->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto* top = new QHBoxLayout;
    top->addWidget(m_askHeader, 1);
    top->addWidget(m_timer);
    m_askTitle = bigLabel(1.5, true);
    m_aim = new QLabel(
        tr("Aim for: the key idea first · a concrete number or example · none of the usual "
           "red flags. A follow-up comes next."));
    m_aim->setWordWrap(true);
    theme::setSecondary(m_aim);
    m_followUp = bigLabel(1.25, false);
    m_followUp->setStyleSheet(theme::calloutStyle());
    m_answer = new QPlainTextEdit;
    m_answer->setPlaceholderText(tr("Answer out loud, or type notes here. Ctrl+Enter moves on."));
    m_answer->installEventFilter(this);
    m_next = keyButton(QString());
    m_next->setMinimumHeight(38);
    connect(m_next, &QPushButton::clicked, this, &MockInterviewView::advance);
    auto* layout = new QVBoxLayout(page);
    layout->addLayout(top);
    layout->addWidget(m_askTitle);
    layout->addWidget(m_aim);
    layout->addWidget(m_followUp);
    layout->addWidget(m_answer, 1);
    layout->addWidget(m_next, 0, Qt::AlignRight);
    return page;
}

QWidget* MockInterviewView::buildAssessing()
{
    auto* page = new QWidget;
    m_assessHeader = bigLabel(1.2, true);
    m_assessText = new QTextBrowser;
    m_assessText->setFocusPolicy(Qt::NoFocus);
    m_assessText->document()->setDocumentMargin(10);
    const QString labels[4] = {tr("&1  Stated the key idea"),
                               tr("&2  Gave a concrete number or example"),
                               tr("&3  Avoided the red flags"), tr("&4  Handled the follow-up")};
    auto* rubric = new QGridLayout;
    for (int i = 0; i < 4; ++i) {
        m_rubric[i] = new QCheckBox(labels[i]);
        m_rubric[i]->setFocusPolicy(Qt::NoFocus);
        rubric->addWidget(m_rubric[i], i / 2, i % 2);
    }
    auto* next = keyButton(tr("Save and continue  (Enter)"));
    connect(next, &QPushButton::clicked, this, &MockInterviewView::advance);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(m_assessHeader);
    layout->addWidget(m_assessText, 1);
    layout->addLayout(rubric);
    layout->addWidget(next, 0, Qt::AlignRight);
    return page;
}

QWidget* MockInterviewView::buildSummary()
{
    auto* page = new QWidget;
    m_summaryText = widgets::richLabel();
    m_summary = widgets::makeResultTable(
        {tr("#"), tr("Question"), tr("Time"), tr("Rubric"), tr("Grade"), tr("Next review")}, 1);
    m_summary->setFocusPolicy(Qt::NoFocus);
    auto* again = keyButton(tr("New mock interview  (N)"));
    connect(again, &QPushButton::clicked, this, &MockInterviewView::showSetup);
    auto* back = keyButton(tr("Back to the questions  (Esc)"));
    connect(back, &QPushButton::clicked, this, &MockInterviewView::closeRequested);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(again);
    buttons->addWidget(back);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(m_summaryText);
    layout->addWidget(m_summary, 1);
    layout->addLayout(buttons);
    return page;
}

void MockInterviewView::setContext(const StudyContext& context)
{
    m_context = context;
    m_section->clear();
    if (m_context.bank)
        for (const auto& [name, count] : m_context.bank->sectionCounts())
            m_section->addItem(QStringLiteral("%1 (%2)").arg(name).arg(count), name);
}

void MockInterviewView::configure(int count, MockPick pick, const QString& section, int minutes)
{
    m_count->setValue(count);
    m_pick->setCurrentIndex(m_pick->findData(int(pick)));
    if (!section.isEmpty())
        m_section->setCurrentIndex(m_section->findData(section));
    m_minutes->setValue(minutes);
}

void MockInterviewView::showSetup()
{
    m_tick->stop();
    m_stage = Stage::Setup;
    m_pages->setCurrentIndex(0);
    m_setupNote->setText(
        m_context.store && !m_context.store->isWritable()
            ? QStringLiteral("<b style='color:%1'>%2</b>")
                  .arg(theme::warning().name(),
                       tr("Read-only: this interview will not be saved."))
            : QString());
    setFocus(Qt::OtherFocusReason);
}

const Question* MockInterviewView::questionAt(int position) const
{
    if (!m_context.valid() || position < 0 || position >= m_questions.size())
        return nullptr;
    return m_context.bank->find(m_questions[position].questionId);
}

void MockInterviewView::start()
{
    if (!m_context.valid())
        return;
    const qint64 now = m_context.now();
    const quint32 seed = m_seed != 0 ? m_seed : QRandomGenerator::global()->generate();
    m_questions = pickMockQuestions(*m_context.bank, m_context.store->cards(), *m_context.scheduler,
                                    now, MockPick(m_pick->currentData().toInt()), m_count->value(),
                                    m_section->currentData().toString(), seed);
    if (m_questions.isEmpty()) {
        m_setupNote->setText(tr("No questions match this choice."));
        return;
    }
    m_limitMinutes = m_minutes->value();
    m_sessionId = m_context.store->isWritable()
                      ? m_context.store->startSession(QStringLiteral("mock"), now)
                      : 0;
    m_items.clear();
    m_grades.clear();
    for (int i = 0; i < m_questions.size(); ++i)
        m_items.append(
            {m_sessionId, i, m_questions[i].questionId, m_questions[i].followUp, {}, {}, 0, -1});
    m_position = 0;
    m_error.clear();
    showQuestion();
    m_tick->start();
}

void MockInterviewView::showQuestion()
{
    const Question* q = questionAt(m_position);
    m_stage = Stage::Asking;
    m_followUpPhase = false;
    m_pages->setCurrentIndex(1);
    m_questionStartMs = m_context.now();
    m_askHeader->setText(
        tr("Question %1 of %2  ·  %3").arg(m_position + 1).arg(m_questions.size()).arg(q->section));
    m_askTitle->setText(tr("“Talk me through: %1.”").arg(q->title));
    m_followUp->hide();
    m_aim->show();
    m_answer->clear();
    m_next->setText(m_questions[m_position].followUp >= 0
                        ? tr("Done: ask the follow-up  (Ctrl+Enter)")
                        : tr("Done: next question  (Ctrl+Enter)"));
    tick();
    m_answer->setFocus(Qt::OtherFocusReason);
}

void MockInterviewView::showFollowUp()
{
    const Question* q = questionAt(m_position);
    m_followUpPhase = true;
    m_followUp->setText(
        tr("Follow-up: %1").arg(q->followUps[m_questions[m_position].followUp].question));
    m_followUp->show();
    m_aim->hide();
    m_answer->clear();
    m_next->setText(m_position + 1 < m_questions.size()
                        ? tr("Done: next question  (Ctrl+Enter)")
                        : tr("Done: assess my answers  (Ctrl+Enter)"));
    m_answer->setFocus(Qt::OtherFocusReason);
}

bool MockInterviewView::saveItem(int position)
{
    if (m_sessionId == 0)
        return true; // read-only: nothing to keep
    if (m_context.store->saveMockItem(m_items[position]))
        return true;
    m_error = m_context.store->lastError();
    return false;
}

void MockInterviewView::finishQuestion()
{
    m_items[m_position].elapsedMs = m_context.now() - m_questionStartMs;
    saveItem(m_position);
    ++m_position;
    if (m_position < m_questions.size()) {
        showQuestion();
        return;
    }
    m_tick->stop();
    m_position = 0;
    showAssessment();
}

void MockInterviewView::advance()
{
    switch (m_stage) {
    case Stage::Setup:
        start();
        break;
    case Stage::Asking:
        if (!m_followUpPhase) {
            m_items[m_position].answer = m_answer->toPlainText();
            if (m_questions[m_position].followUp >= 0) {
                m_items[m_position].elapsedMs = m_context.now() - m_questionStartMs;
                saveItem(m_position);
                showFollowUp();
            } else {
                finishQuestion();
            }
        } else {
            m_items[m_position].followUpAnswer = m_answer->toPlainText();
            finishQuestion();
        }
        break;
    case Stage::Assessing:
        commitAssessment();
        break;
    case Stage::Summary:
        break;
    }
}

void MockInterviewView::showAssessment()
{
    const Question* q = questionAt(m_position);
    const MockItemRecord& item = m_items[m_position];
    m_stage = Stage::Assessing;
    m_pages->setCurrentIndex(2);
    m_assessHeader->setText(
        tr("Assess answer %1 of %2: %3").arg(m_position + 1).arg(m_questions.size()).arg(q->title));
    const auto quoted = [](const QString& text) {
        return text.trimmed().isEmpty()
                   ? QStringLiteral("> *(answered out loud)*\n")
                   : QStringLiteral("> ") +
                         text.trimmed().replace(QLatin1Char('\n'), QStringLiteral("\n> ")) +
                         QLatin1Char('\n');
    };
    QString md = QStringLiteral("**%1** (%2)\n\n%3\n")
                     .arg(tr("Your answer"), clockText(item.elapsedMs), quoted(item.answer));
    md += QStringLiteral("### %1\n\n%2\n\n### %3\n\n%4\n")
              .arg(tr("Key idea (short answer)"), q->shortAnswer, tr("Red flags"), q->redFlags);
    const bool hasFollowUp = item.followUp >= 0 && item.followUp < q->followUps.size();
    if (hasFollowUp) {
        const FollowUp& f = q->followUps[item.followUp];
        md += QStringLiteral("### %1: %2\n\n**%3**\n\n%4\n%5\n")
                  .arg(tr("Follow-up"), f.question, tr("Your answer"), quoted(item.followUpAnswer),
                       f.answer);
    }
    m_assessText->setMarkdown(md);
    for (int i = 0; i < 4; ++i)
        m_rubric[i]->setChecked(item.rubric >= 0 && (item.rubric & (1 << i)));
    m_rubric[3]->setEnabled(hasFollowUp);
    if (!hasFollowUp)
        m_rubric[3]->setChecked(true); // nothing to handle counts as handled
    setFocus(Qt::OtherFocusReason);
}

void MockInterviewView::toggleRubric(int item)
{
    if (m_stage != Stage::Assessing || item < 1 || item > 4 || !m_rubric[item - 1]->isEnabled())
        return;
    m_rubric[item - 1]->toggle();
}

void MockInterviewView::commitAssessment()
{
    int rubric = 0;
    for (int i = 0; i < 4; ++i)
        rubric |= m_rubric[i]->isChecked() ? (1 << i) : 0;
    MockItemRecord& item = m_items[m_position];
    item.rubric = rubric;
    const Grade grade = gradeForRubric(rubric);
    if (m_sessionId != 0) {
        const qint64 now = m_context.now();
        const CardMemory after =
            m_context.scheduler->review(m_context.store->card(item.questionId), grade, now);
        ReviewRecord review;
        review.questionId = item.questionId;
        review.reviewedAtMs = now;
        review.grade = grade;
        review.elapsedMs = item.elapsedMs;
        review.answer = item.answer;
        review.source = QStringLiteral("mock");
        review.sessionId = m_sessionId;
        if (!m_context.store->recordMockAssessment(item, review, after)) {
            m_assessHeader->setText(tr("Not saved: %1").arg(m_context.store->lastError()));
            return;
        }
        Q_EMIT dataChanged();
    }
    m_grades.append(grade);
    if (++m_position < m_questions.size())
        showAssessment();
    else
        showSummary();
}

void MockInterviewView::showSummary()
{
    m_stage = Stage::Summary;
    m_pages->setCurrentIndex(3);
    m_summary->setRowCount(int(m_questions.size()));
    int points = 0;
    qint64 totalMs = 0;
    QJsonArray grades;
    const QHash<QString, CardMemory> cards = m_context.store->cards();
    for (int i = 0; i < m_questions.size(); ++i) {
        const MockItemRecord& item = m_items[i];
        const Question* q = questionAt(i);
        points += qPopulationCount(quint32(std::max(0, item.rubric)));
        totalMs += item.elapsedMs;
        grades.append(int(m_grades.value(i)));
        const qint64 due = cards.value(item.questionId).dueMs;
        const QStringList cells{QString::number(i + 1),
                                q->title,
                                clockText(item.elapsedMs),
                                rubricMarks(item.rubric),
                                gradeName(m_grades.value(i)),
                                m_sessionId != 0 && due > 0
                                    ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(due).date(),
                                                         QLocale::ShortFormat)
                                    : tr("not saved")};
        for (int c = 0; c < cells.size(); ++c)
            m_summary->setItem(i, c, new QTableWidgetItem(cells[c]));
    }
    m_summary->resizeColumnsToContents();
    m_summary->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    const int max = int(m_questions.size()) * 4;
    m_summaryText->setText(
        tr("<h2>Interview summary</h2><p>Rubric: <b>%1 of %2</b> points  ·  total time %3  ·  "
           "average %4 per question.</p><p>Each grade has been given to the scheduler: "
           "weak answers come back soon in review mode.</p>")
            .arg(points)
            .arg(max)
            .arg(clockText(totalMs))
            .arg(clockText(m_questions.isEmpty() ? 0 : totalMs / m_questions.size())));
    if (m_sessionId != 0) {
        const QJsonObject summary{{QStringLiteral("questions"), int(m_questions.size())},
                                  {QStringLiteral("rubric_points"), points},
                                  {QStringLiteral("rubric_max"), max},
                                  {QStringLiteral("elapsed_ms"), totalMs},
                                  {QStringLiteral("grades"), grades}};
        m_context.store->finishSession(
            m_sessionId, QString::fromUtf8(QJsonDocument(summary).toJson(QJsonDocument::Compact)),
            m_context.now());
    }
    setFocus(Qt::OtherFocusReason);
}

QString MockInterviewView::timerText() const
{
    return m_timer->text();
}

void MockInterviewView::tick()
{
    if (m_stage != Stage::Asking)
        return;
    const qint64 elapsed = m_context.now() - m_questionStartMs;
    const bool over = elapsed > m_limitMinutes * 60'000;
    m_timer->setText(
        QStringLiteral("%1 / %2").arg(clockText(elapsed), clockText(m_limitMinutes * 60'000)));
    m_timer->setStyleSheet(over ? QStringLiteral("color: %1;").arg(theme::warning().name())
                                : QString());
}

bool MockInterviewView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_answer && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        if (enter && key->modifiers().testFlag(Qt::ControlModifier)) {
            advance();
            return true;
        }
        if (key->key() == Qt::Key_Escape) {
            setFocus(Qt::OtherFocusReason);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void MockInterviewView::keyPressEvent(QKeyEvent* event)
{
    const int key = event->key();
    const bool enter = key == Qt::Key_Return || key == Qt::Key_Enter;
    if (enter && m_stage != Stage::Summary) {
        advance();
    } else if (m_stage == Stage::Assessing && key >= Qt::Key_1 && key <= Qt::Key_4) {
        toggleRubric(key - Qt::Key_0);
    } else if (m_stage == Stage::Summary && key == Qt::Key_N) {
        showSetup();
    } else if (key == Qt::Key_Escape) {
        Q_EMIT closeRequested();
    } else if (m_stage == Stage::Asking && key == Qt::Key_Tab) {
        m_answer->setFocus(Qt::TabFocusReason);
    } else {
        QWidget::keyPressEvent(event);
    }
}
