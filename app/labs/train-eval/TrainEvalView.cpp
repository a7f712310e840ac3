#include "app/labs/train-eval/TrainEvalView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <QVBoxLayout>

namespace ml = mllab::labs;

namespace {

QList<QPointF> curve(const std::vector<double>& x, const std::vector<double>& y, double shift = 0,
                     const std::vector<double>* scale = nullptr)
{
    QList<QPointF> points;
    for (std::size_t i = 0; i < x.size(); ++i)
        points.append({x[i], y[i] + shift * (scale ? (*scale)[i] : 1.0)});
    return points;
}

} // namespace

TrainEvalView::TrainEvalView(JobRunner* jobs, QWidget* parent)
    : LabView(ml::trainEvalLabSpec(), jobs, parent)
{
    m_chart = charts::makeChart(tr("One network, three ways to read it"), QStringLiteral("modes"));
    m_chart->legend()->hide(); // the key below has room for every entry
    m_key = charts::makeKeyLabel();
    chartLayout()->addWidget(charts::withKey(charts::makeChartView(m_chart, 300), m_key));
}

void TrainEvalView::refresh()
{
    const ml::TrainEvalLabParams params = ml::trainEvalLabParams(state());
    run(
        tr("Training with dropout"),
        [params](const mllab::Progress& progress) {
            return ml::computeTrainEvalLab(params, progress);
        },
        [this](const ml::TrainEvalLabResult& r) { showResult(r); });
}

void TrainEvalView::showResult(const ml::TrainEvalLabResult& result)
{
    clearError();
    m_result = result;
    m_hasResult = true;
    draw();
    updateNotice();
    Q_EMIT resultShown();
}

void TrainEvalView::draw()
{
    charts::clearChart(m_chart);
    const auto& r = m_result;
    auto* x = charts::makeExactAxis(tr("x"), -3, 3, QStringLiteral("%.0f"));
    auto* y = charts::makeExactAxis(tr("y"), -3, 3, QStringLiteral("%.0f"));
    const QColor mc = theme::color(theme::Role::Secondary);
    auto* upper = charts::lineSeries(QString(), mc, 0);
    auto* lower = charts::lineSeries(QString(), mc, 0);
    upper->replace(curve(r.gridX, r.mcMean, 2, &r.mcStd));
    lower->replace(curve(r.gridX, r.mcMean, -2, &r.mcStd));
    auto* band = charts::area(upper, lower);
    band->setName(tr("MC dropout ±2σ"));
    band->setColor(theme::color(theme::Role::Band));
    band->setBorderColor(theme::color(theme::Role::Band));
    charts::attach(m_chart, band, x, y);
    charts::attach(m_chart,
                   charts::line(tr("sin 2x (truth)"), curve(r.gridX, r.truth),
                                theme::color(theme::Role::Reference), 1.5, Qt::DashLine),
                   x, y);
    charts::attach(m_chart, charts::line(tr("MC dropout mean"), curve(r.gridX, r.mcMean), mc, 2), x,
                   y);
    charts::attach(m_chart,
                   charts::line(tr("train() mode, one pass"), curve(r.gridX, r.trainCurve),
                                theme::color(theme::Role::Tertiary), 1.2),
                   x, y);
    charts::attach(m_chart,
                   charts::line(tr("eval() mode"), curve(r.gridX, r.evalCurve),
                                theme::color(theme::Role::Accent), 2.5),
                   x, y);
    auto* points =
        charts::marker(tr("training points"), theme::text(), QScatterSeries::MarkerShapeCircle);
    points->setMarkerSize(6);
    points->replace(curve(r.trainX, r.trainY));
    charts::attach(m_chart, points, x, y);
    m_key->setText(charts::keyHtml(
        {{theme::text(), QStringLiteral("●"), tr("training points")},
         {theme::color(theme::Role::Reference), QStringLiteral("┅"), tr("truth sin 2x")},
         {theme::color(theme::Role::Accent), QStringLiteral("━"), tr("eval() mode")},
         {theme::color(theme::Role::Tertiary), QStringLiteral("━"), tr("train() mode, one pass")},
         {mc, QStringLiteral("━"), tr("MC dropout mean")},
         {theme::color(theme::Role::Band), QStringLiteral("█"), tr("MC ±2σ")}}));
    theme::applyTo(m_chart);
}

void TrainEvalView::updateNotice()
{
    const auto& r = m_result;
    QStringList parts;
    parts << tr("Validation error in eval() mode %1, in train() mode %2: forgetting eval() at "
                "validation or serving time makes predictions %3 worse.")
                 .arg(labtext::significant(r.validationEval),
                      labtext::significant(r.validationTrain),
                      r.validationEval > 0
                          ? tr("%1×").arg(labtext::fixed(r.validationTrain / r.validationEval, 1))
                          : QStringLiteral("—"));
    if (r.params.dropout > 0)
        parts
            << tr("Monte-Carlo dropout's band is %1 wide (mean σ) where the data is and %2 beyond "
                  "it: the spread of the dropout passes grows where the network has seen nothing.")
                   .arg(labtext::significant(r.mcStdInside), labtext::significant(r.mcStdOutside));
    if (r.hasBatchNorm)
        parts
            << tr("BatchNorm's running statistics (batch %1, momentum %2) are off the true ones "
                  "by %3 in the mean and %4× in the variance; in train() mode it uses the batch in "
                  "hand instead, which for a grid of inputs is no training batch at all.")
                   .arg(r.params.batch)
                   .arg(labtext::significant(r.params.bnMomentum))
                   .arg(labtext::significant(r.runningMeanError),
                        labtext::fixed(r.runningVarRatio, 2));
    if (r.batchStatistics.size() == 3)
        parts << tr("A batch of 2 sees a variance %1× the data's (its mean off by %2), a batch of "
                    "32 %3× (off by %4): small batches normalise with noisy statistics.")
                     .arg(labtext::fixed(r.batchStatistics[0].varRatio, 2),
                          labtext::significant(r.batchStatistics[0].meanError),
                          labtext::fixed(r.batchStatistics[2].varRatio, 2),
                          labtext::significant(r.batchStatistics[2].meanError));
    else if (r.params.norm == "layernorm")
        parts << tr("LayerNorm normalises each example by itself: it behaves the same in train() "
                    "and eval() mode, so only dropout makes the modes differ.");
    setNotice(parts.join(QLatin1Char(' ')));
}

QString TrainEvalView::resultCsv() const
{
    QString csv = QStringLiteral("x,truth,eval_mode,train_mode,mc_mean,mc_std\n");
    const auto& r = m_result;
    for (std::size_t i = 0; i < r.gridX.size(); ++i)
        csv += labtext::csvRow({labtext::exact(r.gridX[i]), labtext::exact(r.truth[i]),
                                labtext::exact(r.evalCurve[i]), labtext::exact(r.trainCurve[i]),
                                labtext::exact(r.mcMean[i]), labtext::exact(r.mcStd[i])});
    return csv;
}

QList<KeyNumber> TrainEvalView::keyNumbers() const
{
    if (!m_hasResult)
        return {};
    return {{tr("val eval()"), labtext::significant(m_result.validationEval)},
            {tr("val train()"), labtext::significant(m_result.validationTrain)},
            {tr("MC σ off data"), labtext::significant(m_result.mcStdOutside)}};
}
