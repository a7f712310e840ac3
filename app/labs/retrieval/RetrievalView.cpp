#include "app/labs/retrieval/RetrievalView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"
#include "app/widgets/ResultTable.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTableWidget>
#include <QTabWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <map>

namespace ml = mllab::labs;

namespace {

QString retrieverLabel(const std::string& name)
{
    if (name == "bm25")
        return RetrievalView::tr("BM25");
    if (name == "dense")
        return RetrievalView::tr("dense");
    return RetrievalView::tr("hybrid");
}

QString rankText(int rank)
{
    return rank > 0 ? QString::number(rank) : QStringLiteral("–");
}

} // namespace

RetrievalView::RetrievalView(JobRunner* jobs, QWidget* parent)
    : LabView(ml::retrievalLabSpec(), jobs, parent)
{
    m_metrics =
        charts::makeChart(tr("Evaluation set: question-level metrics"), QStringLiteral("metrics"));
    m_metrics->legend()->hide();
    m_query =
        charts::makeChart(tr("The query's best passages by hybrid score"), QStringLiteral("query"));
    m_query->legend()->hide();
    m_perQuery =
        charts::makeChart(tr("Per evaluation query: BM25 vs dense"), QStringLiteral("per-query"));
    m_perQuery->legend()->hide();
    m_metricsKey = charts::makeKeyLabel();
    m_queryKey = charts::makeKeyLabel();
    m_perQueryKey = charts::makeKeyLabel();

    m_table = widgets::makeResultTable({tr("#"), tr("question · section"), tr("fused"),
                                        tr("BM25 rank"), tr("dense rank"), tr("passage")},
                                       5);
    m_table->setObjectName(QStringLiteral("hits"));
    m_table->setWordWrap(false);
    // The passages' text must not widen the lab: it scrolls, and each row's tooltip has it.
    m_table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustIgnored);
    m_table->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Expanding);

    auto* queryPage = new QWidget;
    auto* queryLayout = new QVBoxLayout(queryPage);
    queryLayout->setContentsMargins(0, 0, 0, 0);
    QChartView* queryView = charts::makeChartView(m_query, 250);
    // Ten category labels must not set the lab's width: the chart takes what the tab has.
    queryView->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Expanding);
    queryView->setMinimumWidth(1);
    m_table->setMinimumWidth(1);
    m_table->setMinimumHeight(140);
    queryLayout->addWidget(charts::withKey(queryView, m_queryKey), 3);
    queryLayout->addWidget(m_table, 1);

    auto* tabs = new QTabWidget;
    tabs->addTab(charts::withKey(charts::makeChartView(m_metrics), m_metricsKey), tr("Metrics"));
    tabs->addTab(queryPage, tr("Query"));
    tabs->addTab(charts::withKey(charts::makeChartView(m_perQuery), m_perQueryKey),
                 tr("Per query"));
    chartLayout()->addWidget(tabs, 1);
    bindTabs(QStringLiteral("tab"), tabs);
}

void RetrievalView::refresh()
{
    const ml::RetrievalLabParams params = ml::retrievalLabParams(state());
    run(
        tr("Retrieval"),
        [params](const mllab::Progress& progress) {
            return ml::computeRetrievalLab(params, progress);
        },
        [this](const ml::RetrievalLabResult& r) { showResult(r); });
}

void RetrievalView::showResult(const ml::RetrievalLabResult& result)
{
    clearError();
    m_result = result;
    drawMetrics();
    drawQuery();
    drawPerQuery();
    updateNotice();
    Q_EMIT resultShown();
}

void RetrievalView::drawMetrics()
{
    charts::clearChart(m_metrics);
    const auto& e = m_result.evaluation;
    auto* series = new QBarSeries;
    std::vector<charts::KeyEntry> key;
    for (std::size_t i = 0; i < e.retrievers.size(); ++i) {
        const auto& r = e.retrievers[i];
        series->append(charts::barSet(retrieverLabel(r.name), theme::series(int(i)),
                                      {r.recallAtK, r.mrr, r.ndcg10}));
        key.push_back({theme::series(int(i)), QStringLiteral("■"),
                       tr("%1: recall@%2 %3, MRR %4, nDCG@10 %5")
                           .arg(retrieverLabel(r.name))
                           .arg(e.k)
                           .arg(labtext::fixed(r.recallAtK, 3), labtext::fixed(r.mrr, 3),
                                labtext::fixed(r.ndcg10, 3))});
    }
    auto* categories = new QBarCategoryAxis;
    categories->setTitleText(
        tr("metric over %1 queries (nDCG at rank 10)").arg(m_result.evalQueries.size()));
    categories->append({tr("recall@%1").arg(e.k), tr("MRR"), tr("nDCG")});
    categories->setLabelsAngle(0);
    auto* y = charts::makeExactAxis(tr("score (0 to 1)"), 0, 1, QStringLiteral("%.1f"));
    y->setTickType(QValueAxis::TicksDynamic);
    y->setTickAnchor(0);
    y->setTickInterval(0.2);
    m_metrics->addSeries(series);
    m_metrics->addAxis(categories, Qt::AlignBottom);
    m_metrics->addAxis(y, Qt::AlignLeft);
    series->attachAxis(categories);
    series->attachAxis(y);
    theme::applyTo(m_metrics);
    m_metricsKey->setText(charts::keyHtml(key));
}

void RetrievalView::drawQuery()
{
    charts::clearChart(m_query);
    const auto& hits = m_result.hits;
    m_table->setRowCount(int(hits.size()));
    for (std::size_t i = 0; i < hits.size(); ++i) {
        const auto& h = hits[i];
        widgets::setRow(
            m_table, int(i),
            {QString::number(h.hybridRank),
             QStringLiteral("%1 %2 · %3")
                 .arg(h.questionNumber)
                 .arg(QString::fromStdString(h.questionId), QString::fromStdString(h.heading)),
             labtext::significant(h.fused), rankText(h.bm25Rank), rankText(h.denseRank),
             QString::fromStdString(h.snippet)},
            {1, 5});
        for (int c = 0; c < m_table->columnCount(); ++c)
            if (QTableWidgetItem* item = m_table->item(int(i), c))
                item->setToolTip(QString::fromStdString(h.snippet));
    }
    m_table->resizeColumnsToContents();
    if (hits.empty()) {
        m_queryKey->setText(tr("No passage: the query has no word to search for."));
        return;
    }
    auto* series = new QHorizontalBarSeries;
    QList<qreal> values;
    QStringList labels;
    double top = 0;
    // The first hit at the top: a horizontal bar series draws its first category at the bottom.
    for (auto it = hits.rbegin(); it != hits.rend(); ++it) {
        values << it->fused;
        top = std::max(top, it->fused);
        labels << tr("%1. q%2 B%3 D%4")
                      .arg(it->hybridRank)
                      .arg(it->questionNumber)
                      .arg(rankText(it->bm25Rank), rankText(it->denseRank));
    }
    series->append(charts::barSet(tr("fused score"), theme::series(2), values));
    auto* y = new QBarCategoryAxis;
    y->append(labels);
    const bool rrf = m_result.params.fusion.fusion == mllab::text::Fusion::Rrf;
    auto* x = charts::makeAxis(rrf ? tr("RRF score Σ 1/(k + rank)") : tr("weighted score (0 to 1)"),
                               0, top > 0 ? top * 1.05 : 1,
                               rrf ? QStringLiteral("%.3f") : QStringLiteral("%.2f"));
    m_query->addAxis(y, Qt::AlignLeft);
    m_query->addAxis(x, Qt::AlignBottom);
    charts::addSeries(m_query, series, y, x);
    theme::applyTo(m_query);
    m_queryKey->setText(charts::keyHtml(
        {{theme::series(2), QStringLiteral("■"),
          tr("fused score; labels: hybrid rank, question, BM25 rank B, dense rank D")}}));
}

void RetrievalView::drawPerQuery()
{
    charts::clearChart(m_perQuery);
    const auto& e = m_result.evaluation;
    if (e.retrievers.size() < 2)
        return;
    const auto& bm25 = e.retrievers[0].perQuery;
    const auto& dense = e.retrievers[1].perQuery;
    auto* x = charts::makeExactAxis(tr("BM25: 1 / rank of the first answer"), -0.05, 1.05,
                                    QStringLiteral("%.1f"));
    auto* y = charts::makeExactAxis(tr("dense: 1 / rank"), -0.05, 1.05, QStringLiteral("%.1f"));
    for (QValueAxis* axis : {x, y}) {
        axis->setTickType(QValueAxis::TicksDynamic);
        axis->setTickAnchor(0);
        axis->setTickInterval(0.2);
    }
    m_perQuery->addAxis(x, Qt::AlignBottom);
    m_perQuery->addAxis(y, Qt::AlignLeft);
    charts::addSeries(
        m_perQuery, charts::line(tr("equal"), {{0, 0}, {1, 1}}, theme::series(3), 1, Qt::DashLine),
        x, y);
    auto* bm25Better = charts::marker(tr("BM25 ranks it higher"), theme::series(0), 0);
    auto* denseBetter = charts::marker(tr("dense ranks it higher"), theme::series(1), 0);
    auto* tie = charts::marker(tr("same rank"), theme::series(2), 0);
    std::map<std::pair<double, double>, int> same;
    int bm25Wins = 0, denseWins = 0, ties = 0;
    for (std::size_t i = 0; i < bm25.size(); ++i) {
        const double a = bm25[i].reciprocalRank, b = dense[i].reciprocalRank;
        QScatterSeries* target = a > b ? bm25Better : b > a ? denseBetter : tie;
        (a > b ? bm25Wins : b > a ? denseWins : ties)++;
        if (same[{a, b}]++ == 0)
            target->append(a, b);
    }
    for (QScatterSeries* s : {bm25Better, denseBetter, tie})
        charts::addSeries(m_perQuery, s, x, y);
    theme::applyTo(m_perQuery);
    m_perQueryKey->setText(charts::keyHtml(
        {{theme::series(0), QStringLiteral("●"),
          tr("BM25 ranks a relevant question higher: %1 queries").arg(bm25Wins)},
         {theme::series(1), QStringLiteral("●"), tr("dense higher: %1").arg(denseWins)},
         {theme::series(2), QStringLiteral("●"),
          tr("same rank: %1 (points overlap; 1 = first, 0 = not listed)").arg(ties)}}));
}

void RetrievalView::updateNotice()
{
    const auto& r = m_result;
    const auto& e = r.evaluation;
    if (e.retrievers.size() < 3)
        return;
    const auto& bm25 = e.retrievers[0];
    const auto& dense = e.retrievers[1];
    const auto& hybrid = e.retrievers[2];
    QStringList parts;
    const bool bm25Leads = bm25.mrr >= dense.mrr;
    parts << tr("Over %1 queries and %2 passages, %3 finds the answer first more often "
                "(MRR %4 against %5).")
                 .arg(r.evalQueries.size())
                 .arg(r.passages)
                 .arg(bm25Leads ? tr("BM25") : tr("dense retrieval"),
                      labtext::fixed(bm25Leads ? bm25.mrr : dense.mrr, 3),
                      labtext::fixed(bm25Leads ? dense.mrr : bm25.mrr, 3));
    const int onlyOne = std::max(r.onlyBm25, r.onlyDense);
    if (std::min(r.onlyBm25, r.onlyDense) * 4 >= onlyOne && onlyOne > 0)
        parts << tr("Within the first %1 questions, %2 queries are found by BM25 only and %3 by "
                    "dense only: the two miss different things, which is what fusion exploits.")
                     .arg(e.k)
                     .arg(r.onlyBm25)
                     .arg(r.onlyDense);
    else
        parts << tr("Within the first %1 questions, %2 queries are found by BM25 only and %3 by "
                    "dense only: %4 finds nearly everything the other does, so fusion has little "
                    "to add.")
                     .arg(e.k)
                     .arg(r.onlyBm25)
                     .arg(r.onlyDense)
                     .arg(r.onlyBm25 >= r.onlyDense ? tr("BM25") : tr("dense retrieval"));
    const double best = std::max(bm25.mrr, dense.mrr);
    if (hybrid.mrr >= best)
        parts << tr("The hybrid's MRR %1 beats both; it ranks an answer higher than either "
                    "retriever for %2 queries.")
                     .arg(labtext::fixed(hybrid.mrr, 3))
                     .arg(r.hybridBeatsBoth);
    else if (best - hybrid.mrr > 0.05)
        parts << tr("The hybrid's MRR %1 falls well below the best %2: fusion gives the weaker "
                    "list an equal say (RRF) or its share w, so a much weaker retriever drags "
                    "the answers down.")
                     .arg(labtext::fixed(hybrid.mrr, 3), labtext::fixed(best, 3));
    else
        parts << tr("The hybrid's MRR %1 lies just below the best %2, while it ranks an answer "
                    "higher than either retriever for %3 queries.")
                     .arg(labtext::fixed(hybrid.mrr, 3), labtext::fixed(best, 3))
                     .arg(r.hybridBeatsBoth);
    if (r.queryTokens == 0)
        parts << tr("The query has no word: nothing is searched.");
    else if (r.params.dense == "word2vec" && r.queryKnownTokens < r.queryTokens)
        parts << tr("Query words without a word vector: %1 of %2 (they count for BM25 only).")
                     .arg(r.queryTokens - r.queryKnownTokens)
                     .arg(r.queryTokens);
    if (!r.hits.empty())
        parts << tr("The query's best passage is in question %1 (%2), BM25 rank %3, dense rank "
                    "%4.")
                     .arg(r.hits.front().questionNumber)
                     .arg(QString::fromStdString(r.hits.front().questionTitle),
                          rankText(r.hits.front().bm25Rank), rankText(r.hits.front().denseRank));
    setNotice(parts.join(QLatin1Char(' ')));
}

QString RetrievalView::resultCsv() const
{
    QString csv = labtext::csvRow({QStringLiteral("retriever"), QStringLiteral("recall_at_k"),
                                   QStringLiteral("mrr"), QStringLiteral("ndcg_at_10")});
    for (const auto& r : m_result.evaluation.retrievers)
        csv += labtext::csvRow({QString::fromStdString(r.name), labtext::exact(r.recallAtK),
                                labtext::exact(r.mrr), labtext::exact(r.ndcg10)});
    csv += QStringLiteral("\n");
    csv += labtext::csvRow({QStringLiteral("query"), QStringLiteral("bm25_first_relevant_rank"),
                            QStringLiteral("dense_first_relevant_rank"),
                            QStringLiteral("hybrid_first_relevant_rank")});
    const auto& e = m_result.evaluation.retrievers;
    for (std::size_t i = 0; i < m_result.evalQueries.size() && e.size() == 3; ++i)
        csv += labtext::csvRow({QString::fromStdString(m_result.evalQueries[i]),
                                QString::number(e[0].perQuery[i].firstRelevantRank),
                                QString::number(e[1].perQuery[i].firstRelevantRank),
                                QString::number(e[2].perQuery[i].firstRelevantRank)});
    return csv;
}

QList<KeyNumber> RetrievalView::keyNumbers() const
{
    const auto& e = m_result.evaluation.retrievers;
    if (e.size() < 3)
        return {};
    return {{tr("MRR BM25"), labtext::fixed(e[0].mrr, 3)},
            {tr("MRR dense"), labtext::fixed(e[1].mrr, 3)},
            {tr("MRR hybrid"), labtext::fixed(e[2].mrr, 3)},
            {tr("recall@%1 hybrid").arg(m_result.evaluation.k), labtext::fixed(e[2].recallAtK, 3)}};
}
