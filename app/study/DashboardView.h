#pragma once
// Progress dashboard: streak, today's reviews, due now, questions seen, 30-day pass rate;
// mastery per section (bars), reviews per day over the last two weeks, and how many questions
// fall due on each of the next 14 days. Keys: R review, M mock interview, Esc back.

#include "app/study/StudyStats.h"
#include "app/study/StudyContext.h"

#include <QWidget>

class QBarSet;
class QChart;
class QChartView;
class QLabel;

class DashboardView : public QWidget {
    Q_OBJECT
public:
    explicit DashboardView(QWidget* parent = nullptr);

    void setContext(const StudyContext& context) { m_context = context; }
    /// Recomputes from the store in a job (reading every review takes a fraction of a second on
    /// years of history) and redraws when it is done; refreshed() then follows.
    void refresh();

    const DashboardStats& stats() const { return m_stats; }
    QBarSet* masteryBars() const { return m_mastery; }
    QBarSet* reviewBars() const { return m_reviews; }
    QBarSet* forecastBars() const { return m_forecast; }
    QString tilesText() const;

Q_SIGNALS:
    void reviewRequested();
    void mockRequested();
    void closeRequested();
    /// The shown numbers are those of the latest refresh().
    void refreshed();

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void showStats(const DashboardStats& stats);
    void showMessage(const QString& message);
    void drawMastery();
    void drawDays(QChart* chart, QBarSet*& set, const QList<QDate>& days, const QList<int>& counts,
                  const QString& title, const QColor& colour);

    StudyContext m_context;
    DashboardStats m_stats;
    QList<QLabel*> m_tiles;
    QChartView* m_masteryView;
    QChartView* m_reviewsView;
    QChartView* m_forecastView;
    QBarSet* m_mastery = nullptr;
    QBarSet* m_reviews = nullptr;
    QBarSet* m_forecast = nullptr;
};
