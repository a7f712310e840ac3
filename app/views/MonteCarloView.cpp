#include "app/views/MonteCarloView.h"

#include "app/jobs/JobRunner.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFormLayout>
#include <QLineSeries>
#include <QLocale>
#include <QLogValueAxis>
#include <QSpinBox>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace {
const std::int64_t kSampleChoices[] = {1'000, 10'000, 100'000, 1'000'000, 10'000'000, 100'000'000};
} // namespace

MonteCarloView::MonteCarloView(JobRunner* jobs, QWidget* parent)
    : LabView(QStringLiteral("monte-carlo"), jobs, parent)
{
    m_samples = new QComboBox;
    for (const auto n : kSampleChoices)
        m_samples->addItem(QLocale().toString(qlonglong(n)), QVariant::fromValue<qlonglong>(n));
    m_seed = new QSpinBox;
    m_seed->setRange(0, 1'000'000);
    parameterForm()->addRow(tr("Points:"), m_samples);
    parameterForm()->addRow(tr("Seed:"), m_seed);

    m_chart = new QChart;
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setTitle(tr("Running estimate of π"));
    m_chartView = new QChartView(m_chart);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumSize(320, 240);
    chartLayout()->addWidget(m_chartView);

    syncControls();
    connect(m_samples, &QComboBox::currentIndexChanged, this, [this] {
        m_params.samples = m_samples->currentData().toLongLong();
        refresh();
    });
    connect(m_seed, &QSpinBox::valueChanged, this, [this](int seed) {
        m_params.seed = std::uint64_t(seed);
        refresh();
    });
}

QMap<QString, QString> MonteCarloView::parameters() const
{
    return {{QStringLiteral("samples"), QString::number(m_params.samples)},
            {QStringLiteral("seed"), QString::number(m_params.seed)}};
}

QString MonteCarloView::setParameter(const QString& key, const QString& value)
{
    bool ok = false;
    const qlonglong n = value.toLongLong(&ok);
    if (key == QLatin1String("samples")) {
        if (!ok || n < 1 || n > 1'000'000'000)
            return tr("samples must be a whole number from 1 to 1,000,000,000 (got '%1')").arg(value);
        m_params.samples = n;
    } else if (key == QLatin1String("seed")) {
        if (!ok || n < 0 || n > 1'000'000)
            return tr("seed must be a whole number from 0 to 1,000,000 (got '%1')").arg(value);
        m_params.seed = std::uint64_t(n);
    } else {
        return tr("unknown parameter '%1' (known: samples, seed)").arg(key);
    }
    syncControls();
    return {};
}

void MonteCarloView::resetParameters()
{
    m_params = {};
    syncControls();
    refresh();
}

void MonteCarloView::syncControls()
{
    const QSignalBlocker blockSamples(m_samples);
    const QSignalBlocker blockSeed(m_seed);
    int index = m_samples->findData(QVariant::fromValue<qlonglong>(m_params.samples));
    if (index < 0) {
        m_samples->addItem(QLocale().toString(qlonglong(m_params.samples)),
                           QVariant::fromValue<qlonglong>(m_params.samples));
        index = m_samples->count() - 1;
    }
    m_samples->setCurrentIndex(index);
    m_seed->setValue(int(m_params.seed));
}

void MonteCarloView::refresh()
{
    const mllab::MonteCarloParams params = m_params;
    jobs()->submit<mllab::MonteCarloResult>(
        labId(), tr("Monte Carlo: %1 points").arg(QLocale().toString(qlonglong(params.samples))),
        [params](const mllab::Progress& progress) { return mllab::computeMonteCarloPi(params, progress); },
        [this](const mllab::MonteCarloResult& r) { showResult(r); },
        [this](const QString& message) { showError(message); });
}

void MonteCarloView::showResult(const mllab::MonteCarloResult& result)
{
    clearError();
    m_result = result;
    m_chart->removeAllSeries();
    for (auto* axis : m_chart->axes())
        m_chart->removeAxis(axis);

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
    auto* band = new QAreaSeries(upper, lower);
    band->setName(tr("±2 standard errors"));
    band->setColor(QColor(66, 133, 244, 60));
    band->setBorderColor(QColor(66, 133, 244, 90));
    truth->setPen(QPen(QColor(200, 60, 40), 1.5, Qt::DashLine));
    estimate->setPen(QPen(QColor(25, 90, 200), 2));

    auto* x = new QLogValueAxis;
    x->setTitleText(tr("points drawn n (log scale)"));
    x->setLabelFormat(QStringLiteral("%.0e"));
    x->setBase(10);
    auto* y = new QValueAxis;
    y->setTitleText(tr("estimate of π"));
    double lo = M_PI, hi = M_PI;
    for (int i = 0; i < low.size(); ++i) {
        lo = std::min(lo, low[i].y());
        hi = std::max(hi, up[i].y());
    }
    const double pad = 0.05 * (hi - lo + 1e-9);
    y->setRange(lo - pad, hi + pad);
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries* s : {static_cast<QAbstractSeries*>(band), static_cast<QAbstractSeries*>(truth),
                               static_cast<QAbstractSeries*>(estimate)}) {
        m_chart->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
    }

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
