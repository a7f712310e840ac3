#include "app/study/StudyPanel.h"

#include "app/study/Scheduler.h"
#include "app/study/StudyStore.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

/// The history tab lists the newest reviews only; the tab's title counts them all.
constexpr int kHistoryRows = 100;

} // namespace

StudyPanel::StudyPanel(QWidget* parent) : QWidget(parent)
{
    m_bookmark = new QToolButton;
    m_bookmark->setCheckable(true);
    m_bookmark->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_bookmark->setToolTip(tr("Bookmark this question (Ctrl+D)"));
    connect(m_bookmark, &QToolButton::clicked, this, &StudyPanel::toggleBookmark);
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("studySummary"));
    m_summary->setWordWrap(true);
    auto* top = new QHBoxLayout;
    top->addWidget(m_bookmark);
    top->addWidget(m_summary, 1);

    m_notes = new QPlainTextEdit;
    m_notes->setPlaceholderText(tr("Your notes on this question (Markdown). Saved as you type."));
    m_notes->installEventFilter(this);
    m_preview = new QTextBrowser;
    m_preview->setOpenExternalLinks(false);
    m_noteStack = new QStackedWidget;
    m_noteStack->addWidget(m_notes);
    m_noteStack->addWidget(m_preview);
    m_previewButton = new QToolButton;
    m_previewButton->setText(tr("Preview"));
    m_previewButton->setCheckable(true);
    connect(m_previewButton, &QToolButton::toggled, this, &StudyPanel::showPreview);
    auto* notesPage = new QWidget;
    auto* notesLayout = new QVBoxLayout(notesPage);
    notesLayout->setContentsMargins(0, 0, 0, 0);
    notesLayout->addWidget(m_noteStack, 1);
    notesLayout->addWidget(m_previewButton, 0, Qt::AlignRight);

    m_history = new QTreeWidget;
    m_history->setRootIsDecorated(false);
    m_history->setHeaderLabels(
        {tr("When"), tr("Grade"), tr("From"), tr("Time"), tr("Next due"), tr("Your answer")});
    m_history->header()->setStretchLastSection(true);

    m_tabs = new QTabWidget;
    m_tabs->addTab(notesPage, tr("&Notes"));
    m_tabs->addTab(m_history, tr("H&istory"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_tabs, 1);

    m_saveTimer = new QTimer(this);
    m_saveTimer->setSingleShot(true);
    m_saveTimer->setInterval(800);
    connect(m_saveTimer, &QTimer::timeout, this, &StudyPanel::saveNotes);
    connect(m_notes, &QPlainTextEdit::textChanged, this, [this] {
        m_dirty = true;
        m_saveTimer->start();
    });
    setQuestion({});
}

bool StudyPanel::isBookmarked() const
{
    return m_bookmark->isChecked();
}

QString StudyPanel::summaryText() const
{
    return m_summary->text();
}

void StudyPanel::setQuestion(const QString& questionId)
{
    saveNotes();
    m_id = questionId;
    reload();
}

void StudyPanel::reload()
{
    const bool usable = !m_id.isEmpty() && m_context.valid() && m_context.store->isOpen();
    setEnabled(usable);
    {
        const QSignalBlocker block(m_notes);
        m_notes->setPlainText(usable ? m_context.store->note(m_id) : QString());
        m_notes->setReadOnly(usable && !m_context.store->isWritable());
    }
    m_dirty = false;
    m_history->clear();
    if (!usable) {
        m_bookmark->setChecked(false);
        m_bookmark->setText(tr("☆ Bookmark"));
        m_summary->setText(m_context.valid() && !m_context.store->isOpen()
                               ? tr("Study data is not available.")
                               : QString());
        return;
    }
    const bool marked = m_context.store->isBookmarked(m_id);
    m_bookmark->setChecked(marked);
    m_bookmark->setText(marked ? tr("★ Bookmarked") : tr("☆ Bookmark"));

    // Bounded by what the list shows, not by the years of history behind it.
    const QList<ReviewRecord> latest = m_context.store->latestReviews(m_id, kHistoryRows);
    const int reviewCount =
        latest.size() < kHistoryRows ? int(latest.size()) : m_context.store->reviewCount(m_id);
    const QLocale locale;
    for (auto it = latest.cbegin(); it != latest.cend(); ++it) {
        const QStringList cells{
            locale.toString(QDateTime::fromMSecsSinceEpoch(it->reviewedAtMs), QLocale::ShortFormat),
            gradeName(it->grade),
            it->source == QLatin1String("mock") ? tr("mock interview") : tr("review"),
            QStringLiteral("%1 s").arg(it->elapsedMs / 1000),
            it->dueMs > 0 ? locale.toString(QDateTime::fromMSecsSinceEpoch(it->dueMs).date(),
                                            QLocale::ShortFormat)
                          : QString(),
            it->answer.simplified()};
        m_history->addTopLevelItem(new QTreeWidgetItem(cells));
    }
    for (int c = 0; c < 5; ++c)
        m_history->resizeColumnToContents(c);
    m_tabs->setTabText(1, tr("H&istory (%1)").arg(reviewCount));

    const CardMemory card = m_context.store->card(m_id);
    if (card.isNew() || latest.isEmpty()) {
        m_summary->setText(
            tr("Not reviewed yet. Study › Review (Ctrl+R) brings new questions in."));
        return;
    }
    const qint64 now = m_context.now();
    const QString due =
        card.dueMs <= now
            ? tr("due now")
            : tr("next due %1")
                  .arg(locale.toString(QDateTime::fromMSecsSinceEpoch(card.dueMs).date(),
                                       QLocale::ShortFormat));
    m_summary->setText(
        tr("Reviewed %n time(s), last %1 · %2 · recall now %3%", nullptr, reviewCount)
            .arg(gradeName(latest.first().grade), due)
            .arg(qRound(m_context.scheduler->retrievability(card, now) * 100)));
}

void StudyPanel::toggleBookmark()
{
    if (m_id.isEmpty() || !m_context.valid())
        return;
    const bool wanted = !m_context.store->isBookmarked(m_id);
    if (!m_context.store->setBookmarked(m_id, wanted, m_context.now()))
        m_summary->setText(tr("Not saved: %1").arg(m_context.store->lastError()));
    reload();
    Q_EMIT dataChanged();
}

void StudyPanel::focusNotes()
{
    m_tabs->setCurrentIndex(0);
    m_previewButton->setChecked(false);
    m_notes->setFocus(Qt::ShortcutFocusReason);
}

void StudyPanel::saveNotes()
{
    m_saveTimer->stop();
    if (!m_dirty || m_id.isEmpty() || !m_context.valid() || !m_context.store->isWritable())
        return;
    if (m_context.store->setNote(m_id, m_notes->toPlainText(), m_context.now()))
        m_dirty = false;
    else
        m_summary->setText(tr("Notes not saved: %1").arg(m_context.store->lastError()));
}

void StudyPanel::showPreview(bool preview)
{
    if (preview)
        m_preview->setMarkdown(m_notes->toPlainText());
    m_noteStack->setCurrentIndex(preview ? 1 : 0);
}

bool StudyPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_notes && event->type() == QEvent::FocusOut)
        saveNotes();
    return QWidget::eventFilter(watched, event);
}
