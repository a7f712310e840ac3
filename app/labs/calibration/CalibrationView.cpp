#include "app/labs/calibration/CalibrationView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"
#include "app/labs/ParameterPanel.h"
#include "app/widgets/RichLabel.h"
#include "engine/csv.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QScatterSeries>
#include <QTabWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace {

/// A stronger shade of a role's colour, for outlines and points over its own fill.
QColor emphasised(const QColor& color)
{
    return theme::isDark() ? color.lighter(130) : color.darker(140);
}

QColor translucent(QColor color, int alpha)
{
    color.setAlpha(alpha);
    return color;
}

} // namespace

CalibrationView::CalibrationView(JobRunner* jobs, QWidget* parent)
    : LabView(mllab::labs::calibrationLabSpec(), jobs, parent)
{
    m_metrics = widgets::richLabel();
    parameterPanel()->addRow(m_metrics);

    m_tabs = new QTabWidget;
    addPage(m_beforeChart, m_beforeHist, QStringLiteral("before"), tr("Before (T = 1)"));
    addPage(m_afterChart, m_afterHist, QStringLiteral("after"), tr("After scaling"));
    chartLayout()->addWidget(m_tabs);
    bindTabs(QStringLiteral("tab"), m_tabs);
}

void CalibrationView::addPage(QChart*& diagram, QChart*& histogram, const QString& id,
                              const QString& name)
{
    // Stable export names: the tab's key ("before", "after") and its histogram.
    diagram = charts::makeChart(QString(), id);
    histogram = charts::makeChart(QString(), id + QStringLiteral("-histogram"));
    histogram->legend()->hide();
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(charts::makeChartView(diagram), 3);
    layout->addWidget(charts::makeChartView(histogram, 150), 2);
    m_tabs->addTab(page, name);
}

void CalibrationView::csvHeaderRead(const mllab::CsvInfo& header, bool chosen)
{
    offerColumns(header, {QStringLiteral("prob"), QStringLiteral("label")});
    // The columns named as before, else the first for the probability, the second the label.
    if (chosen)
        chooseColumns(header, {{QStringLiteral("prob"), 0}, {QStringLiteral("label"), 1}});
}

void CalibrationView::refresh()
{
    const mllab::labs::CalibrationLabParams params = mllab::labs::calibrationLabParams(state());
    run(
        tr("Calibration lab: training and temperature scaling"),
        [params](const mllab::Progress& progress) {
            return mllab::labs::computeCalibrationLab(params, progress);
        },
        [this](const mllab::labs::CalibrationLabResult& r) { showResult(r); });
}

void CalibrationView::drawReliability(QChart* diagram, QChart* histogram,
                                      const mllab::CalibrationResult& r, const QString& when)
{
    const bool binary = m_result.classes == 2;
    const QString xTitle =
        binary ? tr("predicted probability of class 1") : tr("confidence (top-class probability)");
    charts::clearChart(diagram);
    auto* x = charts::makeAxis(xTitle, 0, 1, QStringLiteral("%.1f"));
    auto* y = charts::makeAxis(binary ? tr("fraction of class 1") : tr("accuracy"), 0, 1,
                               QStringLiteral("%.1f"));
    std::vector<double> edges, observed, lowGap, highGap;
    for (const auto& b : r.bins) {
        if (edges.empty())
            edges.push_back(b.lower);
        edges.push_back(b.upper);
        const bool empty = b.count == 0;
        observed.push_back(empty ? 0.0 : b.fractionPositive);
        lowGap.push_back(empty ? 0.0 : std::min(b.fractionPositive, b.meanPredicted));
        highGap.push_back(empty ? 0.0 : std::max(b.fractionPositive, b.meanPredicted));
    }
    const QColor barColor = theme::color(theme::Role::Accent);
    auto* barTop = new QLineSeries;
    barTop->replace(charts::steps(edges, observed));
    auto* bars = charts::area(barTop);
    bars->setName(binary ? tr("observed") : tr("accuracy"));
    bars->setBrush(translucent(barColor, 110));
    bars->setPen(QPen(emphasised(barColor), 1.0));

    const QColor gapColor = theme::color(theme::Role::Secondary);
    auto* gapTop = new QLineSeries;
    auto* gapBottom = new QLineSeries;
    gapTop->replace(charts::steps(edges, highGap));
    gapBottom->replace(charts::steps(edges, lowGap));
    auto* gap = charts::area(gapTop, gapBottom);
    gap->setName(tr("gap"));
    gap->setBrush(QBrush(translucent(gapColor, 120), Qt::BDiagPattern));
    gap->setPen(QPen(gapColor, 1.0));

    auto* diagonal = charts::line(tr("ideal"), {{0, 0}, {1, 1}},
                                  theme::color(theme::Role::Reference), 1.2, Qt::DashLine);
    auto* points = new QScatterSeries;
    points->setName(tr("bin means"));
    points->setMarkerSize(7);
    points->setColor(emphasised(barColor));
    points->setBorderColor(theme::background());
    QList<QPointF> pts;
    for (const auto& b : r.bins)
        if (b.count > 0)
            pts.append({b.meanPredicted, b.fractionPositive});
    points->replace(pts);
    for (QAbstractSeries* s :
         {static_cast<QAbstractSeries*>(bars), static_cast<QAbstractSeries*>(gap),
          static_cast<QAbstractSeries*>(diagonal), static_cast<QAbstractSeries*>(points)})
        charts::attach(diagram, s, x, y);
    diagram->setTitle(
        tr("%1: ECE %2, MCE %3").arg(when, labtext::fixed(r.ece, 3), labtext::fixed(r.mce, 3)));
    drawBinShares(histogram, r, edges, xTitle);
}

void CalibrationView::drawBinShares(QChart* histogram, const mllab::CalibrationResult& r,
                                    const std::vector<double>& edges, const QString& xTitle)
{
    charts::clearChart(histogram);
    std::vector<double> share;
    double top = 0;
    for (const auto& b : r.bins) {
        share.push_back(double(b.count) / double(r.n));
        top = std::max(top, share.back());
    }
    auto* x = charts::makeAxis(xTitle, 0, 1, QStringLiteral("%.1f"));
    auto* y = charts::makeAxis(tr("share of rows"), 0, std::max(0.05, top * 1.05),
                               QStringLiteral("%.2f"));
    auto* histTop = new QLineSeries;
    histTop->replace(charts::steps(edges, share));
    auto* hist = charts::area(histTop);
    hist->setName(tr("rows per bin"));
    hist->setBrush(translucent(theme::color(theme::Role::Muted), 120));
    hist->setPen(QPen(theme::color(theme::Role::Reference), 1.0));
    charts::attach(histogram, hist, x, y);
}

void CalibrationView::showResult(const mllab::labs::CalibrationLabResult& result)
{
    clearError();
    m_result = result;
    const QString after = tr("After (T = %1)").arg(labtext::fixed(result.temperature, 2));
    drawReliability(m_beforeChart, m_beforeHist, result.before, tr("Before"));
    drawReliability(m_afterChart, m_afterHist, result.after, after);
    m_tabs->setTabText(1, after);
    m_metrics->setText(metricsText());
    updateNotice();
    Q_EMIT resultShown();
}

QString CalibrationView::scoredText() const
{
    const auto& r = m_result;
    if (!r.csvName.empty())
        return tr("the probabilities in %1 (T fitted on the even rows, tested on the odd)")
            .arg(QString::fromStdString(r.csvName));
    const QString epochs = QLocale().toString(r.epochs);
    const QString model = r.model == "mlp"
                              ? tr("an MLP trained %1 epochs without regularisation").arg(epochs)
                              : tr("logistic regression (%1 epochs)").arg(epochs);
    return tr("%1 on %2 rows (%3 classes)")
        .arg(model, QLocale().toString(qlonglong(r.trainRows)))
        .arg(r.classes);
}

void CalibrationView::updateNotice()
{
    const auto& r = m_result;
    QString text =
        tr("%1; accuracy %2 on %3 test rows. The temperature fitted on %4 validation "
           "rows is T = %5.")
            .arg(scoredText(), labtext::fixed(r.testAccuracy, 3),
                 QLocale().toString(qlonglong(r.testRows)),
                 QLocale().toString(qlonglong(r.validationRows)), labtext::fixed(r.temperature, 2));
    if (r.temperature > 1.05)
        text += QLatin1Char(' ') +
                tr("T > 1: the model was overconfident (its bars sit below the diagonal); dividing "
                   "the logits by T softens the probabilities, ECE falls from %1 to %2 and NLL "
                   "from %3 to %4, and the accuracy stays the same because the ranking does not "
                   "change.")
                    .arg(labtext::fixed(r.before.ece, 3), labtext::fixed(r.after.ece, 3),
                         labtext::fixed(r.nllBefore, 3), labtext::fixed(r.nllAfter, 3));
    else if (r.temperature < 0.95)
        text += QLatin1Char(' ') +
                tr("T < 1: the model was underconfident; scaling sharpens its "
                   "probabilities (ECE %1 → %2).")
                    .arg(labtext::fixed(r.before.ece, 3), labtext::fixed(r.after.ece, 3));
    else
        text += QLatin1Char(' ') + tr("T ≈ 1: the model is already well calibrated (ECE %1). Try "
                                      "the MLP with more epochs.")
                                       .arg(labtext::fixed(r.before.ece, 3));
    setNotice(text);
}

QString CalibrationView::metricsText() const
{
    const auto& r = m_result;
    const QString brier = r.classes == 2 ? tr("Brier") : tr("Brier (top label)");
    return tr("<table cellspacing='0' "
              "cellpadding='3'><tr><th></th><th>before</th><th>after</th></tr>"
              "<tr><td>ECE</td><td align='right'>%1</td><td align='right'>%2</td></tr>"
              "<tr><td>MCE</td><td align='right'>%3</td><td align='right'>%4</td></tr>"
              "<tr><td>%5</td><td align='right'>%6</td><td align='right'>%7</td></tr>"
              "<tr><td>NLL</td><td align='right'>%8</td><td align='right'>%9</td></tr>"
              "</table>T = %10")
        .arg(labtext::fixed(r.before.ece, 3), labtext::fixed(r.after.ece, 3),
             labtext::fixed(r.before.mce, 3), labtext::fixed(r.after.mce, 3), brier,
             labtext::fixed(r.before.brier, 3), labtext::fixed(r.after.brier, 3),
             labtext::fixed(r.nllBefore, 3), labtext::fixed(r.nllAfter, 3))
        .arg(labtext::fixed(r.temperature, 3));
}

QString CalibrationView::resultCsv() const
{
    QString csv =
        QStringLiteral("when,temperature,lower,upper,count,mean_predicted,fraction_positive\n");
    const auto rows = [&csv](const char* when, double t, const mllab::CalibrationResult& r) {
        for (const auto& b : r.bins)
            csv += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                       .arg(QLatin1String(when))
                       .arg(t, 0, 'g', 17)
                       .arg(b.lower, 0, 'g', 17)
                       .arg(b.upper, 0, 'g', 17)
                       .arg(b.count)
                       .arg(b.count ? QString::number(b.meanPredicted, 'g', 17) : QString())
                       .arg(b.count ? QString::number(b.fractionPositive, 'g', 17) : QString());
    };
    rows("before", 1.0, m_result.before);
    rows("after", m_result.temperature, m_result.after);
    return csv;
}

QList<KeyNumber> CalibrationView::keyNumbers() const
{
    const auto& r = m_result;
    return {{tr("accuracy"), labtext::fixed(r.testAccuracy, 3)},
            {tr("ECE"), labtext::fixed(r.before.ece, 3)},
            {tr("T"), labtext::fixed(r.temperature, 2)},
            {tr("ECE after"), labtext::fixed(r.after.ece, 3)}};
}
