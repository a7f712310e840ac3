#include "app/labs/lora/LoraView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"
#include "app/widgets/ResultTable.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QTableWidget>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace ml = mllab::labs;

namespace {

/// A loss for text: the number, or "diverged" for NaN / infinity.
QString loss(double value)
{
    return std::isfinite(value) ? labtext::fixed(value, 3) : QObject::tr("diverged");
}

QList<QPointF> finitePoints(const std::vector<int>& x, const std::vector<double>& y)
{
    QList<QPointF> points;
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i)
        if (std::isfinite(y[i]))
            points.append({double(x[i]), y[i]});
    return points;
}

} // namespace

LoraView::LoraView(JobRunner* jobs, QWidget* parent) : LabView(ml::loraLabSpec(), jobs, parent)
{
    m_table = widgets::makeResultTable(
        {tr("run"), tr("trainable"), tr("AdamW moments"), tr("loss: new text"), tr("loss: bank")},
        0);
    m_table->setRowCount(2);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    chartLayout()->addWidget(m_table);

    auto* row = new QWidget;
    auto* rowLayout = new QHBoxLayout(row);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    m_lossChart =
        charts::makeChart(tr("Validation loss while fine-tuning"), QStringLiteral("losses"));
    m_lossChart->legend()->hide();
    m_lossKey = charts::makeKeyLabel();
    rowLayout->addWidget(charts::withKey(charts::makeChartView(m_lossChart, 280), m_lossKey), 3);
    m_svdChart = charts::makeChart(tr("Singular values of ΔW"), QStringLiteral("singular-values"));
    m_svdChart->legend()->hide();
    m_svdKey = charts::makeKeyLabel();
    rowLayout->addWidget(charts::withKey(charts::makeChartView(m_svdChart, 280), m_svdKey), 2);
    chartLayout()->addWidget(row, 1);
}

void LoraView::refresh()
{
    const ml::LoraLabParams params = ml::loraLabParams(state());
    run(
        tr("Fine-tuning with LoRA and in full"),
        [params](const mllab::Progress& progress) { return ml::computeLoraLab(params, progress); },
        [this](const ml::LoraLabResult& r) { showResult(r); });
}

void LoraView::showResult(const ml::LoraLabResult& result)
{
    clearError();
    m_result = result;
    m_hasResult = true;
    fillTable();
    drawLosses();
    drawSingularValues();
    updateNotice();
    Q_EMIT resultShown();
}

void LoraView::fillTable()
{
    const auto& r = m_result;
    const auto change = [](const std::vector<double>& v) {
        return v.empty() ? QStringLiteral("—")
                         : QStringLiteral("%1 → %2").arg(loss(v.front()), loss(v.back()));
    };
    widgets::setRow(m_table, 0,
                    {tr("LoRA r=%1").arg(r.params.rank),
                     tr("%1 (%2)").arg(
                         labtext::count(r.loraParameters),
                         labtext::percent(double(r.loraParameters) /
                                              double(std::max<std::int64_t>(1, r.totalParameters)),
                                          2)),
                     labtext::bytes(double(r.loraOptimizerBytes)), change(r.loraNewLoss),
                     change(r.loraBankLoss)},
                    {0});
    widgets::setRow(m_table, 1,
                    {tr("Full FT"), tr("%1 (100%)").arg(labtext::count(r.fullParameters)),
                     labtext::bytes(double(r.fullOptimizerBytes)), change(r.fullNewLoss),
                     change(r.fullBankLoss)},
                    {0});
    m_table->resizeColumnsToContents();
    int height = m_table->horizontalHeader()->height() + 2 * m_table->frameWidth();
    for (int i = 0; i < m_table->rowCount(); ++i)
        height += m_table->rowHeight(i);
    m_table->setFixedHeight(height);
}

void LoraView::drawLosses()
{
    charts::clearChart(m_lossChart);
    const auto& r = m_result;
    std::vector<double> all;
    for (const auto* v : {&r.loraNewLoss, &r.loraBankLoss, &r.fullNewLoss, &r.fullBankLoss})
        for (double x : *v)
            if (std::isfinite(x))
                all.push_back(x);
    double low = all.empty() ? 0 : *std::min_element(all.begin(), all.end());
    double high = all.empty() ? 1 : *std::max_element(all.begin(), all.end());
    const double pad = std::max(0.05, 0.08 * (high - low));
    auto* x = charts::makeAxis(tr("step"), 0, std::max(1, r.params.steps), QStringLiteral("%.0f"));
    auto* y = charts::makeAxis(tr("loss (nats/token)"), low - pad, high + pad);
    const QColor lora = theme::color(theme::Role::Accent);
    const QColor full = theme::color(theme::Role::Secondary);
    charts::attach(
        m_lossChart,
        charts::line(tr("LoRA, new text"), finitePoints(r.evalSteps, r.loraNewLoss), lora, 2.5), x,
        y);
    charts::attach(m_lossChart,
                   charts::line(tr("LoRA, question bank"),
                                finitePoints(r.evalSteps, r.loraBankLoss), lora, 2, Qt::DashLine),
                   x, y);
    charts::attach(
        m_lossChart,
        charts::line(tr("full, new text"), finitePoints(r.evalSteps, r.fullNewLoss), full, 2.5), x,
        y);
    charts::attach(m_lossChart,
                   charts::line(tr("full, question bank"),
                                finitePoints(r.evalSteps, r.fullBankLoss), full, 2, Qt::DashLine),
                   x, y);
    m_lossKey->setText(charts::keyHtml(
        {{lora, QStringLiteral("━"), tr("LoRA on %1").arg(QString::fromStdString(r.textName))},
         {lora, QStringLiteral("┅"), tr("LoRA on the question bank")},
         {full, QStringLiteral("━"), tr("full FT on %1").arg(QString::fromStdString(r.textName))},
         {full, QStringLiteral("┅"), tr("full FT on the question bank")}}));
    theme::applyTo(m_lossChart);
}

void LoraView::drawSingularValues()
{
    charts::clearChart(m_svdChart);
    const auto& r = m_result;
    // LoRA's update has rank at most r: the rest are rounding noise, left off the log axis.
    const double loraTop = r.loraSingularValues.empty() ? 0 : r.loraSingularValues.front();
    std::vector<double> shown;
    QList<QPointF> fullPoints, loraPoints;
    for (std::size_t i = 0; i < r.fullSingularValues.size(); ++i)
        if (r.fullSingularValues[i] > 0) {
            fullPoints.append({double(i + 1), r.fullSingularValues[i]});
            shown.push_back(r.fullSingularValues[i]);
        }
    for (std::size_t i = 0; i < r.loraSingularValues.size(); ++i)
        if (r.loraSingularValues[i] > 1e-6 * loraTop && loraTop > 0) {
            loraPoints.append({double(i + 1), r.loraSingularValues[i]});
            shown.push_back(r.loraSingularValues[i]);
        }
    const auto [low, high] =
        charts::logRange(shown.empty() ? std::vector<double>{1e-3, 1} : shown, 1e-8, 6);
    const double n = double(std::max<std::size_t>(
        2, std::max(r.fullSingularValues.size(), r.loraSingularValues.size())));
    auto* x = charts::makeAxis(tr("index i (largest first)"), 1, n, QStringLiteral("%.0f"));
    auto* y = charts::makeLogAxis(tr("singular value"), low, high);
    auto* fullSeries =
        charts::line(tr("full ΔW"), fullPoints, theme::color(theme::Role::Secondary), 2);
    auto* loraSeries =
        charts::line(tr("LoRA (α/r)·B·A"), loraPoints, theme::color(theme::Role::Accent), 2.5);
    m_svdChart->addAxis(x, Qt::AlignBottom);
    m_svdChart->addAxis(y, Qt::AlignLeft);
    charts::addSeries(m_svdChart, fullSeries, x, y);
    charts::addSeries(m_svdChart, loraSeries, x, y);
    m_svdKey->setText(
        charts::keyHtml({{theme::color(theme::Role::Secondary), QStringLiteral("━"),
                          tr("full fine-tune ΔW of %1").arg(QString::fromStdString(r.svdName))},
                         {theme::color(theme::Role::Accent), QStringLiteral("━"),
                          r.svdAdapted ? tr("LoRA (α/r)·B·A, rank ≤ %1").arg(r.params.rank)
                                       : tr("LoRA: matrix not adapted (ΔW = 0)")}}));
    theme::applyTo(m_svdChart);
}

void LoraView::updateNotice()
{
    const auto& r = m_result;
    QStringList parts;
    const double share =
        double(r.loraParameters) / double(std::max<std::int64_t>(1, r.fullParameters));
    parts << tr("LoRA trains %1 numbers, %2 of the model's %3, so AdamW keeps %4 of moments "
                "instead of %5.")
                 .arg(labtext::count(r.loraParameters), labtext::percent(share, 2),
                      labtext::count(r.fullParameters), labtext::bytes(double(r.loraOptimizerBytes)),
                      labtext::bytes(double(r.fullOptimizerBytes)));
    const auto slice =
        std::find_if(r.adapters.begin(), r.adapters.end(),
                     [](const ml::LoraAdapterInfo& a) { return a.name.back() == ']'; });
    if (slice != r.adapters.end())
        parts << tr("The model computes q, k and v with one fused %1×%2 matrix: an adapter on q, k "
                    "or v covers its %2-row slice, r·(%2 + %2) = %3 numbers each.")
                     .arg(3 * slice->dIn)
                     .arg(slice->dIn)
                     .arg(labtext::count(slice->parameters));
    if (r.loraDiverged || r.fullDiverged)
        parts << tr("<b>%1 diverged</b> (a loss became NaN or infinite): its curve stops there; "
                    "lower its learning rate.")
                     .arg(r.loraDiverged && r.fullDiverged ? tr("Both runs")
                          : r.loraDiverged                 ? tr("LoRA")
                                                           : tr("Full fine-tuning"));
    if (!r.loraNewLoss.empty() && !r.fullNewLoss.empty()) {
        const double loraGain = r.loraNewLoss.front() - r.loraNewLoss.back();
        const double fullGain = r.fullNewLoss.front() - r.fullNewLoss.back();
        const double loraForget = r.loraBankLoss.back() - r.loraBankLoss.front();
        const double fullForget = r.fullBankLoss.back() - r.fullBankLoss.front();
        parts << tr("After %1 steps on the same batches the %2 loss fell by %3 nats/token with "
                    "LoRA and %4 in full; the question bank's rose by %5 and %6 — what each run "
                    "forgot.")
                     .arg(r.params.steps)
                     .arg(QString::fromStdString(r.textName), loss(loraGain), loss(fullGain),
                          loss(loraForget), loss(fullForget));
    }
    if (!r.fullSingularValues.empty())
        parts << tr("The full update of %1 spreads over all %2 directions: its top %3 hold %4 of "
                    "its energy (Σσ²), while LoRA's has rank %3 by construction.")
                     .arg(QString::fromStdString(r.svdName))
                     .arg(r.fullSingularValues.size())
                     .arg(r.params.rank)
                     .arg(labtext::percent(r.fullEnergyTopR, 1));
    if (std::isfinite(r.mergeMaxAbsDiff))
        parts << tr("Merged W + (α/r)·B·A gives the adapters' logits to %1 in float64 and %2 in "
                    "float32 (logits up to %3): serving a merged adapter costs nothing extra.")
                     .arg(labtext::significant(r.mergeMaxAbsDiff64, 2),
                          labtext::significant(r.mergeMaxAbsDiff, 2),
                          labtext::fixed(r.mergeMaxAbsLogit, 1));
    setNotice(parts.join(QLatin1Char(' ')));
}

QString LoraView::resultCsv() const
{
    const auto& r = m_result;
    QString csv = QStringLiteral(
        "step,lora_new_text_loss,lora_bank_loss,full_new_text_loss,full_bank_loss\n");
    const auto at = [](const std::vector<double>& v, std::size_t i) {
        return i < v.size() ? labtext::exact(v[i]) : QString();
    };
    for (std::size_t i = 0; i < r.evalSteps.size(); ++i)
        csv +=
            labtext::csvRow({QString::number(r.evalSteps[i]), at(r.loraNewLoss, i),
                             at(r.loraBankLoss, i), at(r.fullNewLoss, i), at(r.fullBankLoss, i)});
    return csv;
}

QList<KeyNumber> LoraView::keyNumbers() const
{
    if (!m_hasResult)
        return {};
    const auto& r = m_result;
    const auto last = [](const std::vector<double>& v) {
        return v.empty() ? QStringLiteral("—") : loss(v.back());
    };
    return {{tr("LoRA params"), labtext::count(r.loraParameters)},
            {tr("LoRA new-text loss"), last(r.loraNewLoss)},
            {tr("full new-text loss"), last(r.fullNewLoss)},
            {tr("LoRA bank loss"), last(r.loraBankLoss)}};
}
