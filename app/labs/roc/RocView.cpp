#include "app/labs/roc/RocView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/ControlWithButton.h"
#include "app/labs/LabText.h"
#include "app/labs/ParameterPanel.h"
#include "app/widgets/ConfusionMatrixBox.h"
#include "engine/csv.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QPushButton>
#include <QScatterSeries>
#include <QTabWidget>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace {

constexpr std::size_t kMetricCurvePoints = 600;

} // namespace

RocView::RocView(JobRunner* jobs, QWidget* parent)
    : LabView(mllab::labs::rocLabSpec(), jobs, parent)
{
    buildCostControl();
    m_matrix = new ConfusionMatrixBox(tr("At this threshold"));
    parameterPanel()->addRow(m_matrix);
    buildCharts();
    bindTabs(QStringLiteral("tab"), m_tabs);
}

void RocView::buildCostControl()
{
    auto cost =
        std::make_unique<ControlWithButton>(makeParamControl(*spec().find("cost")), tr("Use"));
    m_useOptimal = cost->button();
    m_useOptimal->setToolTip(tr("Move the threshold to the cost-optimal one"));
    m_useOptimal->setEnabled(false);
    connect(m_useOptimal, &QPushButton::clicked, this, &RocView::useCostOptimalThreshold);
    parameterPanel()->replaceControl(QStringLiteral("cost"), std::move(cost));
}

void RocView::buildCharts()
{
    m_tabs = new QTabWidget;
    m_rocChart = charts::makeChart(tr("ROC curve"), QStringLiteral("roc"));
    m_prChart = charts::makeChart(tr("Precision–recall curve"), QStringLiteral("pr"));
    m_histChart = charts::makeChart(tr("Scores per class"), QStringLiteral("scores"));
    m_metricChart =
        charts::makeChart(tr("Metrics against the threshold"), QStringLiteral("metrics"));
    m_tabs->addTab(charts::makeChartView(m_rocChart), tr("ROC"));
    m_tabs->addTab(charts::makeChartView(m_prChart), tr("Precision–recall"));
    m_tabs->addTab(charts::makeChartView(m_histChart), tr("Scores"));
    m_tabs->addTab(charts::makeChartView(m_metricChart), tr("Metrics"));
    chartLayout()->addWidget(m_tabs);
}

void RocView::parameterChanged(const QString& key)
{
    // The threshold, β and the cost ratio only redraw (stateShown); the tab only shows.
    static const QStringList redrawOnly = {QStringLiteral("threshold"), QStringLiteral("beta"),
                                           QStringLiteral("cost")};
    if (!redrawOnly.contains(key))
        LabView::parameterChanged(key);
}

void RocView::stateShown()
{
    if (m_result->roc.thresholds.size() < 2)
        return;
    if (state().number("beta") != m_drawnBeta)
        drawThresholdCharts();
    showThreshold();
}

void RocView::csvHeaderRead(const mllab::CsvInfo& header, bool chosen)
{
    offerColumns(header, {QStringLiteral("score"), QStringLiteral("label")});
    // The columns named as before, else the first for the score and the second for the label.
    if (chosen)
        chooseColumns(header, {{QStringLiteral("score"), 0}, {QStringLiteral("label"), 1}});
}

void RocView::useCostOptimalThreshold()
{
    const double cost = state().number("cost");
    if (m_result->roc.thresholds.size() < 2 || cost <= 0 || cost != m_costRatio)
        return;
    changeParameter(QStringLiteral("threshold"),
                    mllab::labs::thresholdOfCostPoint(m_result->roc, m_costPoint));
}

void RocView::refresh()
{
    const mllab::labs::RocLabParams params = mllab::labs::rocLabParams(state());
    run(
        tr("ROC lab: training and scoring"),
        [params](const mllab::Progress& progress) {
            return prepare(mllab::labs::computeRocLab(params, progress));
        },
        [this](const Shown& shown) { showResult(shown); });
}

RocView::Shown RocView::prepare(mllab::labs::RocLabResult result)
{
    Shown shown;
    shown.result = std::make_shared<mllab::labs::RocLabResult>(std::move(result));
    const mllab::RocResult& r = shown.result->roc;
    shown.roc = charts::decimate(
        r.pointCount(), [&r](std::size_t k) { return QPointF(r.fpr(k), r.tpr(k)); }, 1e-3);
    shown.pr = charts::decimate(
        r.pointCount(), [&r](std::size_t i) { return QPointF(r.recall(i), r.precision(i)); }, 1e-3);
    return shown;
}

void RocView::findCostPoint(double cost)
{
    if (cost == m_pendingCostRatio)
        return;
    m_pendingCostRatio = cost;
    const std::shared_ptr<const mllab::labs::RocLabResult> result = m_result;
    runPart(
        QStringLiteral("cost"), tr("Least-cost threshold"),
        [result, cost](const mllab::Progress&) {
            return mllab::costOptimalPoint(result->roc, cost);
        },
        [this, result, cost](std::size_t point) {
            if (result != m_result)
                return; // a newer result came first and brought its own
            m_pendingCostRatio = -1;
            m_costRatio = cost;
            m_costPoint = point;
            showThreshold();
        });
}

void RocView::showResult(const Shown& shown)
{
    clearError();
    m_result = shown.result;
    // The job found the least-cost point for the cost ratio it started with.
    m_costRatio = m_result->readout.costRatio;
    m_costPoint = m_result->readout.costPoint;
    m_pendingCostRatio = -1;
    const auto& h = m_result->roc.histogram;
    parameterPanel()->control(QStringLiteral("threshold"))->setSpan(h.lower, h.upper);
    drawCurves(shown);
    drawScoreHistogram();
    drawThresholdCharts();
    // The threshold stays within the new scores (the engine's readout used the one at the start
    // of the job; the slider may have moved since).
    const double within = mllab::labs::thresholdWithinScores(m_result->roc, threshold());
    if (within != threshold())
        changeParameter(QStringLiteral("threshold"), within); // shows it through stateShown()
    else
        showThreshold();
    Q_EMIT resultShown();
}

void RocView::drawCurves(const Shown& shown)
{
    const mllab::RocResult& r = m_result->roc;
    const QColor curveColor = theme::color(theme::Role::Accent);
    const QColor reference = theme::color(theme::Role::Reference);
    charts::clearChart(m_rocChart);
    auto* rx = charts::makeAxis(tr("false positive rate"), 0, 1, QStringLiteral("%.1f"));
    auto* ry = charts::makeAxis(tr("true positive rate (recall)"), 0, 1, QStringLiteral("%.1f"));
    auto* chance = charts::line(tr("no skill"), {{0, 0}, {1, 1}}, reference, 1.2, Qt::DashLine);
    auto* curve = charts::line(tr("model"), shown.roc, curveColor, 2.2);
    m_rocMarker = charts::marker(tr("threshold"), theme::color(theme::Role::Marker),
                                 QScatterSeries::MarkerShapeCircle);
    m_costMarker = charts::marker(tr("least cost"), theme::color(theme::Role::Tertiary),
                                  QScatterSeries::MarkerShapeRectangle);
    for (QAbstractSeries* s :
         {static_cast<QAbstractSeries*>(chance), static_cast<QAbstractSeries*>(curve),
          static_cast<QAbstractSeries*>(m_costMarker), static_cast<QAbstractSeries*>(m_rocMarker)})
        charts::attach(m_rocChart, s, rx, ry);
    charts::hideFromLegend(m_rocChart, m_rocMarker);
    charts::hideFromLegend(m_rocChart, m_costMarker);
    m_rocChart->setTitle(tr("ROC curve: AUC %1").arg(labtext::fixed(r.aucRoc, 3)));

    charts::clearChart(m_prChart);
    auto* px = charts::makeAxis(tr("recall"), 0, 1, QStringLiteral("%.1f"));
    auto* py = charts::makeAxis(tr("precision"), 0, 1, QStringLiteral("%.1f"));
    const double prevalence = double(r.positives) / double(r.n);
    auto* baseline = charts::line(
        tr("no skill: prevalence %1").arg(labtext::fixed(prevalence, prevalence < 0.01 ? 4 : 3)),
        {{0, prevalence}, {1, prevalence}}, reference, 1.2, Qt::DashLine);
    auto* pr = charts::line(tr("model"), shown.pr, curveColor, 2.2);
    m_prMarker = charts::marker(tr("threshold"), theme::color(theme::Role::Marker),
                                QScatterSeries::MarkerShapeCircle);
    for (QAbstractSeries* s :
         {static_cast<QAbstractSeries*>(baseline), static_cast<QAbstractSeries*>(pr),
          static_cast<QAbstractSeries*>(m_prMarker)})
        charts::attach(m_prChart, s, px, py);
    charts::hideFromLegend(m_prChart, m_prMarker);
    m_prChart->setTitle(tr("Precision–recall: AP %1").arg(labtext::fixed(r.averagePrecision, 3)));
}

void RocView::drawScoreHistogram()
{
    // The share of each class per bin, so that a rare class stays visible.
    const mllab::RocResult& r = m_result->roc;
    charts::clearChart(m_histChart);
    const auto& h = r.histogram;
    const std::size_t bins = h.positives.size();
    std::vector<double> edges(bins + 1), pos(bins), neg(bins);
    double top = 0;
    for (std::size_t i = 0; i <= bins; ++i)
        edges[i] = h.lower + (h.upper - h.lower) * double(i) / double(bins);
    for (std::size_t i = 0; i < bins; ++i) {
        pos[i] = double(h.positives[i]) / double(r.positives);
        neg[i] = double(h.negatives[i]) / double(r.negatives);
        top = std::max({top, pos[i], neg[i]});
    }
    auto* hx = charts::makeAxis(tr("score"), h.lower, h.upper);
    m_histY =
        charts::makeAxis(tr("share of the class per bin"), 0, top * 1.1, QStringLiteral("%.2f"));
    const auto area = [&](const std::vector<double>& values, theme::Role role,
                          const QString& name) {
        const QColor colour = theme::color(role);
        auto* upper = new QLineSeries;
        upper->replace(charts::steps(edges, values));
        auto* s = charts::area(upper);
        s->setName(name);
        QColor fill = colour;
        fill.setAlpha(90);
        s->setBrush(fill);
        s->setPen(QPen(colour, 1.5));
        return s;
    };
    charts::attach(
        m_histChart,
        area(neg, theme::Role::Negative, tr("negatives (%1)").arg(labtext::count(r.negatives))), hx,
        m_histY);
    charts::attach(
        m_histChart,
        area(pos, theme::Role::Positive, tr("positives (%1)").arg(labtext::count(r.positives))), hx,
        m_histY);
    m_histLine = charts::lineSeries(tr("threshold"), theme::color(theme::Role::Marker), 2.0);
    charts::attach(m_histChart, m_histLine, hx, m_histY);
    charts::hideFromLegend(m_histChart, m_histLine);
}

void RocView::drawThresholdCharts()
{
    const mllab::RocResult& r = m_result->roc;
    if (r.thresholds.size() < 2)
        return;
    const double beta = state().number("beta");
    m_drawnBeta = beta;
    charts::clearChart(m_metricChart);
    const mllab::ThresholdCurve c = mllab::thresholdCurve(r, kMetricCurvePoints, beta);
    auto* x = charts::makeAxis(tr("threshold"), r.histogram.lower, r.histogram.upper);
    auto* y = charts::makeAxis(tr("metric"), 0, 1, QStringLiteral("%.1f"));
    const auto add = [&](const std::vector<double>& ys, const QString& name, int colour,
                         Qt::PenStyle style) {
        auto* s = charts::line(name, charts::decimate(c.thresholds, ys, 1e-3),
                               theme::series(colour), 2.0, style);
        charts::attach(m_metricChart, s, x, y);
    };
    // Okabe-Ito: blue, orange, bluish green, reddish purple.
    add(c.precision, tr("precision"), 0, Qt::SolidLine);
    add(c.recall, tr("recall"), 4, Qt::SolidLine);
    add(c.f1, tr("F1"), 2, Qt::SolidLine);
    if (std::abs(beta - 1.0) > 1e-9)
        add(c.fBeta, tr("F-β (β = %1)").arg(labtext::fixed(beta, 1)), 3, Qt::DashLine);
    m_metricLine = charts::lineSeries(tr("threshold"), theme::color(theme::Role::Marker), 2.0);
    charts::attach(m_metricChart, m_metricLine, x, y);
    charts::hideFromLegend(m_metricChart, m_metricLine);
}

QString RocView::confusionText() const
{
    return m_matrix->countsText();
}
void RocView::showThreshold()
{
    const mllab::RocResult& r = m_result->roc;
    if (r.thresholds.empty() || !m_rocMarker)
        return;
    const double t = threshold(), cost = state().number("cost");
    // O(log n): the least-cost point is never searched here (a job finds it per cost ratio).
    m_result->readout = mllab::labs::readRocAt(r, t, state().number("beta"), 0);
    const bool costKnown = cost > 0 && cost == m_costRatio;
    if (cost > 0 && !costKnown)
        findCostPoint(cost);
    if (costKnown) {
        m_result->readout.costRatio = cost;
        m_result->readout.costPoint = m_costPoint;
    }
    const mllab::labs::RocReadout& at = m_result->readout;
    const mllab::ThresholdMetrics& m = at.metrics;
    m_rocMarker->replace({QPointF(r.fpr(at.point), r.tpr(at.point))});
    m_prMarker->replace({QPointF(r.tpr(at.point), at.point == 0 ? 1.0 : m.precision)});
    m_histLine->replace({{t, 0}, {t, m_histY->max()}});
    if (m_metricLine)
        m_metricLine->replace({{t, 0}, {t, 1.0}});
    if (costKnown)
        m_costMarker->replace({QPointF(r.fpr(at.costPoint), r.tpr(at.costPoint))});
    else
        m_costMarker->clear();
    m_useOptimal->setEnabled(costKnown);

    m_matrix->showMetrics(m);
    updateNotice();
}

QString RocView::scoredText() const
{
    if (!m_result->csvName.empty())
        return tr("the scores in %1").arg(QString::fromStdString(m_result->csvName));
    const QString model = m_result->model == "mlp" ? tr("an MLP") : tr("logistic regression");
    return tr("%1 trained on %2 rows and scored on %3 held-out rows")
        .arg(model, labtext::count(qlonglong(m_result->trainRows)),
             labtext::count(qlonglong(m_result->testRows)));
}

void RocView::updateNotice()
{
    const mllab::RocResult& r = m_result->roc;
    const mllab::labs::RocReadout& at = m_result->readout;
    const mllab::ThresholdMetrics& m = at.metrics;
    const double prevalence = double(r.positives) / double(r.n);
    QString text =
        tr("%1: AUC-ROC %2, average precision %3 at a prevalence of %4.")
            .arg(scoredText(), labtext::fixed(r.aucRoc, 3), labtext::fixed(r.averagePrecision, 3),
                 labtext::fixed(prevalence, prevalence < 0.01 ? 4 : 3));
    if (prevalence < 0.05)
        text += QLatin1Char(' ') +
                tr("Positives are rare: the ROC curve divides false alarms by the many negatives "
                   "and still looks good, while precision shows how many alarms are false.");
    else
        text += QLatin1Char(' ') +
                tr("Make the classes rarer with the imbalance slider: AUC-ROC hardly moves, "
                   "average precision falls.");
    text += QLatin1Char(' ') + tr("At threshold %1, %2 of %3 flagged rows are positive (precision "
                                  "%4) and %5 of the positives are caught (recall %6).")
                                   .arg(labtext::fixed(at.threshold, 3))
                                   .arg(labtext::count(m.counts.tp))
                                   .arg(labtext::count(m.counts.tp + m.counts.fp))
                                   .arg(labtext::fixed(m.precision, 3))
                                   .arg(labtext::count(m.counts.tp))
                                   .arg(labtext::fixed(m.recall, 3));
    if (at.costRatio > 0)
        text += QLatin1Char(' ') + tr("With a miss costing %1 false alarms, the cheapest threshold "
                                      "is %2 (green square).")
                                       .arg(labtext::fixed(at.costRatio, 1))
                                       .arg(at.costPoint == 0
                                                ? tr("above every score")
                                                : labtext::fixed(r.thresholds[at.costPoint], 4));
    setNotice(text);
}

QString RocView::resultCsv() const
{
    const mllab::RocResult& r = m_result->roc;
    QString csv = QStringLiteral("threshold,true_positives,false_positives,fpr,tpr,precision\n");
    for (std::size_t k = 0; k < r.thresholds.size(); ++k) {
        const double tp = double(r.truePositives[k]), fp = double(r.falsePositives[k]);
        csv += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                   .arg(std::isinf(r.thresholds[k]) ? QStringLiteral("inf")
                                                    : QString::number(r.thresholds[k], 'g', 17))
                   .arg(r.truePositives[k])
                   .arg(r.falsePositives[k])
                   .arg(r.fpr(k), 0, 'g', 17)
                   .arg(r.tpr(k), 0, 'g', 17)
                   .arg(k == 0 ? QString() : QString::number(tp / (tp + fp), 'g', 17));
    }
    return csv;
}

QList<KeyNumber> RocView::keyNumbers() const
{
    const auto& m = m_result->readout.metrics;
    return {{tr("AUC"), labtext::fixed(m_result->roc.aucRoc, 3)},
            {tr("AP"), labtext::fixed(m_result->roc.averagePrecision, 3)},
            {tr("precision"), labtext::fixed(m.precision, 3)},
            {tr("recall"), labtext::fixed(m.recall, 3)}};
}
