#include "app/study/DashboardView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/jobs/JobRunner.h"
#include "app/study/QuestionBank.h"
#include "app/study/StudyStore.h"
#include "engine/progress.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QKeyEvent>
#include <QLabel>
#include <QValueAxis>
#include <QVBoxLayout>

namespace {

/// What a worker needs to compute the dashboard away from the window's objects.
struct StoredDashboard {
    QString path;
    QuestionBank bank; ///< a copy: the window may reload its bank meanwhile
    QString schedulerId;
    qint64 nowMs = 0;
};

/// Reads the cards and the review log through a read-only connection of its own (this runs on a
/// worker thread) and computes the dashboard; InputError with the store's message on failure.
DashboardStats computeStoredDashboard(const StoredDashboard& in)
{
    StudyStore store;
    // The window's own verify job checks the pages; this reader need not do it again.
    const StudyStore::OpenResult opened =
        store.open(in.path, StudyStore::Access::ReadOnly, StudyStore::Check::Deferred);
    if (!opened.ok())
        throw mllab::InputError(opened.message.toStdString());
    return computeDashboard(in.bank, store.cards(), store.reviewLog(),
                            *makeScheduler(in.schedulerId),
                            QDateTime::fromMSecsSinceEpoch(in.nowMs));
}

QChartView* makeChartView()
{
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto* view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setFocusPolicy(Qt::NoFocus);
    view->setMinimumHeight(180);
    return view;
}

/// Whole-number axis from 0 with a little headroom.
QValueAxis* countAxis(int maximum)
{
    auto* axis = new QValueAxis;
    const int top = std::max(4, maximum + 1);
    axis->setRange(0, top);
    axis->setLabelFormat(QStringLiteral("%d"));
    axis->setTickCount(std::min(top, 5) + 1);
    axis->applyNiceNumbers();
    return axis;
}

} // namespace

DashboardView::DashboardView(QWidget* parent) : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    auto* title = new QLabel(tr("<h2>Progress</h2>"));
    auto* keys = new QLabel(tr("R  review due questions   ·   M  mock interview   ·   Esc  back"));
    theme::setSecondary(keys);
    auto* header = new QHBoxLayout;
    header->addWidget(title);
    header->addStretch(1);
    header->addWidget(keys);

    auto* tiles = new QHBoxLayout;
    for (int i = 0; i < 6; ++i) {
        auto* tile = new QLabel;
        tile->setTextFormat(Qt::RichText);
        tile->setAlignment(Qt::AlignCenter);
        tile->setWordWrap(true);
        tile->setStyleSheet(theme::tileStyle());
        tiles->addWidget(tile, 1);
        m_tiles.append(tile);
    }

    m_masteryView = makeChartView();
    m_reviewsView = makeChartView();
    m_forecastView = makeChartView();
    auto* grid = new QGridLayout;
    grid->addWidget(m_masteryView, 0, 0, 2, 1);
    grid->addWidget(m_reviewsView, 0, 1);
    grid->addWidget(m_forecastView, 1, 1);
    grid->setColumnStretch(0, 5);
    grid->setColumnStretch(1, 4);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addLayout(tiles);
    layout->addLayout(grid, 1);
}

void DashboardView::refresh()
{
    if (!m_context.valid() || !m_context.store->isOpen()) {
        showMessage(tr("No study data is open."));
        return;
    }
    if (!m_context.jobs) { // a context without a runner computes in place
        showStats(computeDashboard(*m_context.bank, m_context.store->cards(),
                                   m_context.store->reviewLog(), *m_context.scheduler,
                                   QDateTime::fromMSecsSinceEpoch(m_context.now())));
        return;
    }
    StoredDashboard input{m_context.store->path(), *m_context.bank, m_context.scheduler->id(),
                          m_context.now()};
    // Reading every review takes a fraction of a second on years of history: a job, with the
    // worker's own read-only connection; a newer refresh supersedes an older one.
    m_context.jobs->submit(
        QStringLiteral("study/dashboard"), tr("Computing the progress dashboard"), this,
        [input = std::move(input)](const mllab::Progress&) {
            return computeStoredDashboard(input);
        },
        [this](const DashboardStats& stats) { showStats(stats); },
        [this](const QString& message) { showMessage(message); });
}

void DashboardView::showMessage(const QString& message)
{
    m_stats = {};
    for (QLabel* tile : std::as_const(m_tiles))
        tile->clear();
    m_tiles.first()->setText(message);
}

void DashboardView::showStats(const DashboardStats& stats)
{
    m_stats = stats;
    const auto tile = [](const QString& value, const QString& label) {
        return QStringLiteral("<span style='font-size:20pt; font-weight:bold'>%1</span><br>%2")
            .arg(value, label);
    };
    m_tiles[0]->setText(tile(QString::number(m_stats.streakDays), tr("day streak")));
    m_tiles[1]->setText(tile(QString::number(m_stats.reviewsToday), tr("reviews today")));
    m_tiles[2]->setText(tile(QString::number(m_stats.dueNow), tr("due now")));
    m_tiles[3]->setText(tile(QStringLiteral("%1/%2").arg(m_stats.cardsSeen).arg(m_stats.cardsTotal),
                             tr("questions seen")));
    m_tiles[4]->setText(tile(QString::number(m_stats.totalReviews), tr("reviews in all")));
    m_tiles[5]->setText(tile(m_stats.retention30 < 0
                                 ? QStringLiteral("–")
                                 : QStringLiteral("%1%").arg(qRound(m_stats.retention30 * 100)),
                             tr("recalled, last 30 days")));
    drawMastery();
    const QLocale locale;
    const auto range = [&](const QList<QDate>& days) {
        return days.isEmpty() ? QString()
                              : QStringLiteral("%1 – %2").arg(
                                    locale.toString(days.first(), QStringLiteral("d MMM")),
                                    locale.toString(days.last(), QStringLiteral("d MMM")));
    };
    drawDays(m_reviewsView->chart(), m_reviews, m_stats.pastDays, m_stats.reviewsPerDay,
             tr("Reviews per day, %1").arg(range(m_stats.pastDays)), theme::series(0));
    drawDays(m_forecastView->chart(), m_forecast, m_stats.nextDays, m_stats.dueForecast,
             tr("Questions due per day, %1 (today includes overdue)").arg(range(m_stats.nextDays)),
             theme::series(4));
    Q_EMIT refreshed();
}

QString DashboardView::tilesText() const
{
    QStringList parts;
    for (const QLabel* tile : m_tiles)
        parts << tile->text();
    return parts.join(QLatin1Char('\n'));
}

void DashboardView::drawMastery()
{
    QChart* chart = m_masteryView->chart();
    charts::clearChart(chart);
    chart->setTitle(tr("Mastery per section: expected recall in %1 days (questions seen)")
                        .arg(kMasteryHorizonDays));
    m_mastery = new QBarSet(tr("Mastery"));
    m_mastery->setColor(theme::series(2));
    QStringList names;
    // Horizontal bars list the first category at the bottom; reverse to read top-down in bank
    // order.
    for (auto it = m_stats.sections.crbegin(); it != m_stats.sections.crend(); ++it) {
        names << QStringLiteral("%1 (%2/%3)").arg(it->section).arg(it->seen).arg(it->questions);
        *m_mastery << qRound(it->mastery * 1000) / 10.0;
    }
    auto* series = new QHorizontalBarSeries;
    series->append(m_mastery);
    series->setLabelsVisible(true);
    series->setLabelsFormat(QStringLiteral("@value%"));
    series->setLabelsPosition(QAbstractBarSeries::LabelsInsideBase);
    chart->addSeries(series);
    auto* categories = new QBarCategoryAxis;
    categories->append(names);
    auto* percent = new QValueAxis;
    percent->setRange(0, 100);
    percent->setLabelFormat(QStringLiteral("%d%%"));
    percent->setTickCount(6);
    chart->addAxis(categories, Qt::AlignLeft);
    chart->addAxis(percent, Qt::AlignBottom);
    series->attachAxis(categories);
    series->attachAxis(percent);
}

void DashboardView::drawDays(QChart* chart, QBarSet*& set, const QList<QDate>& days,
                             const QList<int>& counts, const QString& title, const QColor& colour)
{
    charts::clearChart(chart);
    chart->setTitle(title);
    set = new QBarSet(title);
    set->setColor(colour);
    QStringList labels;
    int maximum = 0;
    for (int i = 0; i < days.size(); ++i) {
        // Day of the month only (the title gives the range): short, and unique within 14 days.
        labels << QString::number(days[i].day());
        *set << counts.value(i);
        maximum = std::max(maximum, counts.value(i));
    }
    auto* series = new QBarSeries;
    series->append(set);
    series->setBarWidth(0.7);
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    chart->addSeries(series);
    auto* categories = new QBarCategoryAxis;
    categories->append(labels);
    QValueAxis* y = countAxis(maximum);
    chart->addAxis(categories, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(categories);
    series->attachAxis(y);
}

void DashboardView::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_R:
        Q_EMIT reviewRequested();
        break;
    case Qt::Key_M:
        Q_EMIT mockRequested();
        break;
    case Qt::Key_Escape:
        Q_EMIT closeRequested();
        break;
    default:
        QWidget::keyPressEvent(event);
    }
}
