#include "app/labs/monte-carlo/MonteCarloView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"
#include "engine/labs/monte_carlo.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QLocale>
#include <QLogValueAxis>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

MonteCarloView::MonteCarloView(JobRunner* jobs, QWidget* parent)
    : LabView(mllab::labs::monteCarloSpec(), jobs, parent)
{
    m_chart = charts::makeChart(tr("Running estimate of π"), QStringLiteral("estimate"));
    m_chartView = charts::makeChartView(m_chart);
    m_chartView->setMinimumSize(320, 240);
    chartLayout()->addWidget(m_chartView);
}

void MonteCarloView::refresh()
{
    const mllab::MonteCarloParams params = mllab::labs::monteCarloParams(state());
    run(tr("Monte Carlo: %1 points").arg(QLocale().toString(qlonglong(params.samples))),
        [params](const mllab::Progress& progress) { return mllab::computeMonteCarloPi(params, progress); },
        [this](const mllab::MonteCarloResult& r) { showResult(r); });
}

void MonteCarloView::showResult(const mllab::MonteCarloResult& result)
{
    clearError();
    m_result = result;
    charts::clearChart(m_chart);

    auto* estimate = new QLineSeries;
    estimate->setName(tr("estimate"));
    auto* upper = new QLineSeries;
    auto* lower = new QLineSeries;
    auto* truth = new QLineSeries;
    truth->setName(tr("π"));
    QList<QPointF> est, up, low;
    for (std::size_t i = 0; i < result.estimates.size(); ++i) {
        const double n = double(result.samplesSoFar[i]);
        est.append({n, result.estimates[i]});
        up.append({n, result.estimates[i] + 2 * result.standardErrors[i]});
        low.append({n, result.estimates[i] - 2 * result.standardErrors[i]});
    }
    estimate->replace(est);
    upper->replace(up);
    lower->replace(low);
    const double first = result.samplesSoFar.front(), last = result.samplesSoFar.back();
    truth->replace({{first, M_PI}, {last, M_PI}});
    auto* band = charts::area(upper, lower);
    band->setName(tr("±2 standard errors"));
    band->setColor(theme::color(theme::Role::Band));
    band->setBorderColor(theme::color(theme::Role::Band));
    truth->setPen(QPen(theme::color(theme::Role::Marker), 1.5, Qt::DashLine));
    estimate->setPen(QPen(theme::color(theme::Role::Accent), 2));

    auto* x = new QLogValueAxis;
    x->setTitleText(tr("points drawn n (log scale)"));
    x->setLabelFormat(QStringLiteral("%.0e"));
    x->setBase(10);
    double lo = M_PI, hi = M_PI;
    for (int i = 0; i < low.size(); ++i) {
        lo = std::min(lo, low[i].y());
        hi = std::max(hi, up[i].y());
    }
    const double pad = 0.05 * (hi - lo + 1e-9);
    auto* y = charts::makeAxis(tr("estimate of π"), lo - pad, hi + pad);
    y->setRange(lo - pad, hi + pad);
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries* s : {static_cast<QAbstractSeries*>(band), static_cast<QAbstractSeries*>(truth),
                               static_cast<QAbstractSeries*>(estimate)})
        charts::addSeries(m_chart, s, x, y);
    theme::applyTo(m_chart); // the log axis is not made by the kit

    const QLocale locale;
    setNotice(tr("with n = %1 points the estimate is %2 ± %3 (one standard error), %4 from π. "
                 "Every 100× more points shrink the error band about 10×: error ∝ 1/√n.")
                  .arg(locale.toString(qlonglong(last)), QString::number(result.estimate, 'f', 5),
                       QString::number(result.standardError, 'f', 5),
                       QString::number(std::abs(result.estimate - M_PI), 'f', 5)));
    Q_EMIT resultShown();
}

QString MonteCarloView::resultCsv() const
{
    QString csv = QStringLiteral("samples,estimate,standard_error\n");
    for (std::size_t i = 0; i < m_result.estimates.size(); ++i)
        csv += QStringLiteral("%1,%2,%3\n")
                   .arg(m_result.samplesSoFar[i])
                   .arg(m_result.estimates[i], 0, 'g', 17)
                   .arg(m_result.standardErrors[i], 0, 'g', 17);
    return csv;
}

QList<KeyNumber> MonteCarloView::keyNumbers() const
{
    if (m_result.estimates.empty())
        return {};
    return {{tr("estimate"), labtext::fixed(m_result.estimate, 5)},
            {tr("standard error"), labtext::significant(m_result.standardError, 2)}};
}
