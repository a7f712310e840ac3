#include "app/labs/vector-index/VectorIndexView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"
#include "app/widgets/RichLabel.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QStackedBarSeries>
#include <QTabWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ml = mllab::labs;
namespace vi = mllab::vectorindex;

namespace {

QColor indexColour(vi::IndexKind kind)
{
    return theme::series(int(kind));
}

QString indexLabel(vi::IndexKind kind)
{
    switch (kind) {
    case vi::IndexKind::Flat:
        return VectorIndexView::tr("Flat (exact)");
    case vi::IndexKind::Hnsw:
        return VectorIndexView::tr("HNSW");
    case vi::IndexKind::Ivf:
        return VectorIndexView::tr("IVF-Flat");
    case vi::IndexKind::IvfPq:
        return VectorIndexView::tr("IVF-PQ");
    }
    return {};
}

/// The chosen setting's search parameter as text ("efSearch 16", "nprobe 4", "exact").
QString settingText(const vi::IndexMeasure& m)
{
    if (m.sweepParameter.empty())
        return VectorIndexView::tr("exact");
    const int value =
        m.settings.kind == vi::IndexKind::Hnsw ? m.settings.efSearch : m.settings.nprobe;
    return QStringLiteral("%1 %2").arg(QString::fromStdString(m.sweepParameter)).arg(value);
}

} // namespace

VectorIndexView::VectorIndexView(JobRunner* jobs, QWidget* parent)
    : LabView(ml::vectorIndexLabSpec(), jobs, parent)
{
    m_tradeoff =
        charts::makeChart(tr("Recall@10 against queries per second"), QStringLiteral("tradeoff"));
    m_tradeoff->legend()->hide();
    m_recall = charts::makeChart(tr("Per-query recall@10"), QStringLiteral("per-query-recall"));
    m_recall->legend()->hide();
    m_build = charts::makeChart(tr("Build time (train + add)"), QStringLiteral("build-time"));
    m_build->legend()->hide();
    m_memory = charts::makeChart(tr("Index size per vector"), QStringLiteral("bytes-per-vector"));
    m_memory->legend()->hide();
    m_tradeoffKey = charts::makeKeyLabel();
    m_recallKey = charts::makeKeyLabel();
    m_table = widgets::richLabel();
    m_table->setObjectName(QStringLiteral("table"));

    m_tabs = new QTabWidget;
    m_tabs->addTab(charts::withKey(charts::makeChartView(m_tradeoff), m_tradeoffKey),
                   tr("Recall vs QPS"));
    m_tabs->addTab(charts::withKey(charts::makeChartView(m_recall), m_recallKey),
                   tr("Per-query recall"));
    auto* buildPage = new QWidget;
    auto* buildLayout = new QHBoxLayout(buildPage);
    buildLayout->setContentsMargins(0, 0, 0, 0);
    buildLayout->addWidget(charts::makeChartView(m_build));
    buildLayout->addWidget(charts::makeChartView(m_memory));
    m_tabs->addTab(buildPage, tr("Build and memory"));
    chartLayout()->addWidget(m_tabs, 1);
    chartLayout()->addWidget(m_table);
    bindTabs(QStringLiteral("tab"), m_tabs);
}

void VectorIndexView::refresh()
{
    const ml::VectorIndexLabParams params = ml::vectorIndexLabParams(state());
    run(
        tr("Vector indexes"),
        [params](const mllab::Progress& progress) {
            return ml::computeVectorIndexLab(params, progress);
        },
        [this](const ml::VectorIndexLabResult& r) { showResult(r); });
}

void VectorIndexView::parameterChanged(const QString& key)
{
    if (key == QLatin1String("tab"))
        return;
    if (key == QLatin1String("index") && followChosenIndex())
        return;
    LabView::parameterChanged(key);
}

void VectorIndexView::stateShown()
{
    followChosenIndex();
}

bool VectorIndexView::followChosenIndex()
{
    // With every index built, choosing another only moves the highlight.
    if (!hasResult() || !m_result.params.allIndexes)
        return false;
    const vi::IndexKind kind = vi::parseIndexKind(state().text("index"));
    if (kind != m_result.params.settings.kind) {
        m_result.params.settings.kind = kind;
        redraw();
    }
    return true;
}

void VectorIndexView::showResult(const ml::VectorIndexLabResult& result)
{
    clearError();
    m_result = result;
    redraw();
    Q_EMIT resultShown();
}

void VectorIndexView::redraw()
{
    drawTradeoff();
    drawRecall();
    drawBuild();
    const auto& r = m_result;
    QString html =
        QStringLiteral("<table cellspacing='0' cellpadding='3'><tr><th align='left'>%1</th>"
                       "<th align='right'>%2</th><th align='right'>%3</th>"
                       "<th align='right'>%4</th><th align='right'>%5</th>"
                       "<th align='left'>%6</th></tr>")
            .arg(tr("faiss index"), tr("build"), tr("bytes/vector"), tr("recall@10"),
                 tr("queries/s"), tr("setting"));
    for (const vi::IndexMeasure& m : r.measures) {
        const bool chosen = m.settings.kind == r.params.settings.kind;
        QString row =
            QStringLiteral("<tr><td>%1</td><td align='right'>%2 s</td><td align='right'>%3</td>"
                           "<td align='right'>%4</td><td align='right'>%5</td><td>%6</td></tr>")
                .arg(QString::fromLatin1(vi::indexClassName(m.settings.kind)),
                     labtext::significant(m.buildSeconds()), labtext::fixed(m.bytesPerVector, 1),
                     labtext::fixed(m.recall, 3), labtext::count(std::llround(m.qps)),
                     settingText(m));
        if (chosen)
            row.replace(QStringLiteral("<td"), QStringLiteral("<td style='font-weight:bold'"));
        html += row;
    }
    html += QStringLiteral("</table>");
    html += tr("%1 vectors of %2 dimensions (%3), %4 held-out queries; one thread, one query at a "
               "time; bytes/vector = the index serialised by faiss::write_index ÷ n.")
                .arg(labtext::count(static_cast<long long>(r.n)))
                .arg(r.dim)
                .arg(QString::fromStdString(r.source))
                .arg(labtext::count(static_cast<long long>(r.nq)));
    m_table->setText(html);
    updateNotice();
}

void VectorIndexView::drawTradeoff()
{
    charts::clearChart(m_tradeoff);
    const auto& r = m_result;
    std::vector<double> qps;
    double lowRecall = 1;
    for (const auto& m : r.measures)
        for (const auto& p : m.sweep) {
            qps.push_back(p.qps);
            lowRecall = std::min(lowRecall, p.recall);
        }
    const auto [low, high] = charts::logRange(qps, 1, 7);
    auto* x = charts::makeLogAxis(tr("queries per second, one thread (log)"), low, high);
    const double bottom = std::max(0.0, std::floor(lowRecall * 10 - 0.5) / 10);
    auto* y = charts::makeExactAxis(tr("recall@10"), bottom, 1.02, QStringLiteral("%.1f"));
    y->setTickType(QValueAxis::TicksDynamic);
    y->setTickAnchor(0);
    y->setTickInterval(bottom < 0.45 ? 0.2 : 0.1);
    m_tradeoff->addAxis(x, Qt::AlignBottom);
    m_tradeoff->addAxis(y, Qt::AlignLeft);
    std::vector<charts::KeyEntry> key;
    std::vector<std::pair<double, double>> front;
    for (const auto& m : r.measures) {
        QList<QPointF> points;
        for (const auto& p : m.sweep) {
            points << QPointF(p.qps, p.recall);
            if (p.pareto)
                front.emplace_back(p.qps, p.recall);
        }
        const QColor colour = indexColour(m.settings.kind);
        auto* curve = charts::line(indexLabel(m.settings.kind), points, colour, 2);
        curve->setPointsVisible(true);
        charts::addSeries(m_tradeoff, curve, x, y);
        if (points.size() == 1) {
            auto* dot = charts::marker(indexLabel(m.settings.kind), colour,
                                       QScatterSeries::MarkerShapeCircle);
            dot->replace(points);
            charts::addSeries(m_tradeoff, dot, x, y);
        }
        const QString sweep = m.sweepParameter.empty()
                                  ? tr("exact search")
                                  : tr("%1 %2 → %3")
                                        .arg(QString::fromStdString(m.sweepParameter))
                                        .arg(m.sweep.front().parameter)
                                        .arg(m.sweep.back().parameter);
        key.push_back({colour, m.sweep.size() == 1 ? QStringLiteral("●") : QStringLiteral("━"),
                       tr("%1 (%2)").arg(indexLabel(m.settings.kind), sweep)});
    }
    std::sort(front.begin(), front.end());
    QList<QPointF> frontPoints;
    for (const auto& [q, rec] : front)
        frontPoints << QPointF(q, rec);
    charts::addSeries(
        m_tradeoff, charts::line(tr("Pareto front"), frontPoints, theme::text(), 1.5, Qt::DashLine),
        x, y);
    const vi::IndexMeasure& chosen = r.chosen();
    auto* star = charts::marker(tr("chosen"), theme::highlight(), QScatterSeries::MarkerShapeStar);
    star->setBorderColor(theme::text());
    star->setMarkerSize(18);
    star->replace({QPointF(chosen.qps, chosen.recall)});
    charts::addSeries(m_tradeoff, star, x, y);
    theme::applyTo(m_tradeoff);
    key.push_back({theme::text(), QStringLiteral("┅"),
                   tr("Pareto front (no point both faster and more accurate)")});
    key.push_back(
        {theme::highlight(), QStringLiteral("★"),
         tr("chosen: %1, %2").arg(indexLabel(chosen.settings.kind), settingText(chosen))});
    m_tradeoffKey->setText(charts::keyHtml(key));
}

void VectorIndexView::drawRecall()
{
    charts::clearChart(m_recall);
    const auto& r = m_result;
    const int k = vi::kRecallK;
    auto* series = new QStackedBarSeries;
    QStringList categories;
    for (int b = 0; b <= k; ++b)
        categories << QString::number(b);
    const vi::IndexMeasure& chosen = r.chosen();
    QList<qreal> counts(k + 1, 0);
    for (double v : chosen.perQueryRecall)
        counts[std::clamp(int(std::lround(v * k)), 0, k)] += 1;
    series->append(charts::barSet(indexLabel(chosen.settings.kind),
                                  indexColour(chosen.settings.kind), counts));
    series->setBarWidth(0.8);
    auto* axisX = new QBarCategoryAxis;
    axisX->append(categories);
    axisX->setTitleText(tr("true neighbours among the 10 returned"));
    const double top = *std::max_element(counts.begin(), counts.end());
    auto* y = charts::makeAxis(tr("queries"), 0, std::max(1.0, top * 1.1), QStringLiteral("%d"));
    charts::setIntegerTicks(y, std::max(1.0, top * 1.1), 5);
    m_recall->addSeries(series);
    m_recall->addAxis(axisX, Qt::AlignBottom);
    m_recall->addAxis(y, Qt::AlignLeft);
    series->attachAxis(axisX);
    series->attachAxis(y);
    m_recall->setTitle(tr("Per-query recall@10 of %1 (%2)")
                           .arg(indexLabel(chosen.settings.kind), settingText(chosen)));
    theme::applyTo(m_recall);
    const int perfect = int(counts[k]);
    m_recallKey->setText(charts::keyHtml(
        {{indexColour(chosen.settings.kind), QStringLiteral("■"),
          tr("%1 of %2 queries found all 10; mean %3, worst %4")
              .arg(perfect)
              .arg(chosen.perQueryRecall.size())
              .arg(labtext::fixed(chosen.recall, 3))
              .arg(labtext::fixed(chosen.perQueryRecall.empty()
                                      ? 0.0
                                      : *std::min_element(chosen.perQueryRecall.begin(),
                                                          chosen.perQueryRecall.end()),
                                  1))}}));
}

void VectorIndexView::drawBuild()
{
    const auto& r = m_result;
    const auto bars = [&](QChart* chart, const QString& axisTitle, auto value) {
        charts::clearChart(chart);
        auto* series = new QHorizontalStackedBarSeries;
        QStringList categories;
        double top = 0;
        for (std::size_t i = 0; i < r.measures.size(); ++i) {
            const auto& m = r.measures[i];
            categories << indexLabel(m.settings.kind);
            QList<qreal> values(qsizetype(r.measures.size()), 0);
            values[qsizetype(i)] = value(m);
            top = std::max(top, double(value(m)));
            series->append(
                charts::barSet(indexLabel(m.settings.kind), indexColour(m.settings.kind), values));
        }
        series->setBarWidth(0.6);
        auto* axisX = new QBarCategoryAxis;
        axisX->append(categories);
        auto* y = charts::makeAxis(axisTitle, 0, std::max(top * 1.15, 1e-6));
        chart->addSeries(series);
        chart->addAxis(axisX, Qt::AlignLeft);
        chart->addAxis(y, Qt::AlignBottom);
        series->attachAxis(axisX);
        series->attachAxis(y);
        theme::applyTo(chart);
    };
    bars(m_build, tr("seconds, one thread"),
         [](const vi::IndexMeasure& m) { return m.buildSeconds(); });
    bars(m_memory, tr("bytes per vector"),
         [](const vi::IndexMeasure& m) { return m.bytesPerVector; });
}

void VectorIndexView::updateNotice()
{
    const auto& r = m_result;
    const vi::IndexMeasure& flat = r.measures.front();
    const vi::IndexMeasure& c = r.chosen();
    QStringList parts;
    if (c.settings.kind == vi::IndexKind::Flat) {
        parts << tr("The exact index compares every query with all %1 vectors: recall 1 at %2 "
                    "queries/s. Choose an approximate index to see what it trades.")
                     .arg(labtext::count(static_cast<long long>(r.n)),
                          labtext::count(std::llround(flat.qps)));
    } else {
        parts << tr("%1 at %2 finds %3 of the true 10 nearest neighbours on average at %4 "
                    "queries/s, %5× the exact search's %6.")
                     .arg(indexLabel(c.settings.kind), settingText(c), labtext::percent(c.recall),
                          labtext::count(std::llround(c.qps)),
                          labtext::significant(c.qps / std::max(flat.qps, 1e-9), 2),
                          labtext::count(std::llround(flat.qps)));
        const auto worst = std::count_if(c.perQueryRecall.begin(), c.perQueryRecall.end(),
                                         [](double v) { return v < 0.5; });
        if (worst > 0)
            parts << tr("The mean hides the worst cases: %1 of the %2 queries found fewer "
                        "than half of their true neighbours.")
                         .arg(worst)
                         .arg(c.perQueryRecall.size());
        bool onFront = false;
        for (const auto& p : c.sweep)
            onFront = onFront || ((c.settings.kind == vi::IndexKind::Hnsw
                                       ? c.settings.efSearch
                                       : c.settings.nprobe) == p.parameter &&
                                  p.pareto);
        parts << (onFront ? tr("This setting is on the Pareto front: nothing measured is both "
                               "faster and more accurate.")
                          : tr("This setting is off the Pareto front: another measured point is "
                               "both faster and at least as accurate."));
        parts << tr("It takes %1 bytes per vector against %2 for the raw floats, and %3 s to "
                    "build.")
                     .arg(labtext::fixed(c.bytesPerVector, 1),
                          labtext::fixed(flat.bytesPerVector, 0),
                          labtext::significant(c.buildSeconds()));
    }
    if (c.settings.kind == vi::IndexKind::IvfPq && !c.sweep.empty())
        parts << tr("Even visiting all %1 cells it reaches only %2: it ranks by distances to the "
                    "%3-byte codes, not to the vectors (re-ranking the candidates with the raw "
                    "vectors, faiss's IndexRefineFlat, buys the recall back).")
                     .arg(c.settings.nlist)
                     .arg(labtext::fixed(c.sweep.back().recall, 3))
                     .arg(labtext::fixed(c.settings.pqM * c.settings.nbits / 8.0, 0));
    if (c.settings.kind != vi::IndexKind::IvfPq)
        if (const vi::IndexMeasure* pq = r.find(vi::IndexKind::IvfPq))
            parts << tr("IVF-PQ compresses to %1 bytes per vector and caps recall at %2.")
                         .arg(labtext::fixed(pq->bytesPerVector, 1),
                              labtext::fixed(
                                  pq->sweep.empty() ? pq->recall : pq->sweep.back().recall, 3));
    if (!r.adjustments.empty()) {
        QStringList changes;
        for (const std::string& a : r.adjustments)
            changes << QString::fromStdString(a);
        parts << tr("Fitted to these %1 vectors: %2.")
                     .arg(r.n)
                     .arg(changes.join(QStringLiteral("; ")));
    }
    setNotice(parts.join(QLatin1Char(' ')));
}

void VectorIndexView::csvHeaderRead(const mllab::CsvInfo& header, bool chosen)
{
    // Every column is a coordinate: a newly chosen file only switches the source to it.
    if (chosen)
        chooseColumns(header, {});
    else
        scheduleRefresh();
}

QString VectorIndexView::resultCsv() const
{
    QString csv =
        QStringLiteral("index,parameter_name,parameter,recall_at_10,queries_per_second,pareto,"
                       "build_seconds,bytes_per_vector\n");
    for (const auto& m : m_result.measures)
        for (const auto& p : m.sweep)
            csv += labtext::csvRow(
                {QString::fromLatin1(vi::indexKindName(m.settings.kind)),
                 QString::fromStdString(m.sweepParameter), QString::number(p.parameter),
                 labtext::exact(p.recall), labtext::exact(p.qps),
                 p.pareto ? QStringLiteral("1") : QStringLiteral("0"),
                 labtext::exact(m.buildSeconds()), labtext::exact(m.bytesPerVector)});
    return csv;
}

QList<KeyNumber> VectorIndexView::keyNumbers() const
{
    if (!hasResult())
        return {};
    const auto& c = m_result.chosen();
    return {{tr("recall@10"), labtext::fixed(c.recall, 3)},
            {tr("queries/s"), labtext::count(std::llround(c.qps))},
            {tr("bytes/vector"), labtext::fixed(c.bytesPerVector, 1)}};
}
