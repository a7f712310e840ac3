#include "app/labs/text-metrics/TextMetricsView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"
#include "app/widgets/RichLabel.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QLineSeries>
#include <QLabel>
#include <QLegend>
#include <QValueAxis>

namespace ml = mllab::labs;

TextMetricsView::TextMetricsView(JobRunner* jobs, QWidget* parent)
    : LabView(ml::textMetricsLabSpec(), jobs, parent)
{
    m_bleu = charts::makeChart(tr("BLEU: n-gram precision"), QStringLiteral("bleu"));
    m_bleu->legend()->hide();
    m_rouge = charts::makeChart(tr("ROUGE against the best reference"), QStringLiteral("rouge"));
    m_rouge->legend()->hide();
    m_bleuKey = charts::makeKeyLabel();
    m_rougeKey = charts::makeKeyLabel();
    m_counts = widgets::richLabel();
    m_counts->setObjectName(QStringLiteral("counts"));
    auto* tabs = new QTabWidget;
    tabs->addTab(charts::withKey(charts::makeChartView(m_bleu), m_bleuKey), tr("BLEU"));
    tabs->addTab(charts::withKey(charts::makeChartView(m_rouge), m_rougeKey), tr("ROUGE"));
    chartLayout()->addWidget(tabs, 1);
    chartLayout()->addWidget(m_counts);
    bindTabs(QStringLiteral("tab"), tabs);
}

void TextMetricsView::refresh()
{
    const ml::TextMetricsLabParams params = ml::textMetricsLabParams(state());
    run(
        tr("BLEU and ROUGE"),
        [params](const mllab::Progress& progress) {
            return ml::computeTextMetricsLab(params, progress);
        },
        [this](const ml::TextMetricsLabResult& r) { showResult(r); });
}

void TextMetricsView::showResult(const ml::TextMetricsLabResult& result)
{
    clearError();
    m_result = result;
    drawBleu();
    drawRouge();
    const auto& m = result.metrics;
    QStringList lines;
    for (int n = 0; n < 4; ++n)
        lines << tr("p%1 = %2 / %3 candidate %1-grams matched (clipped) = %4")
                     .arg(n + 1)
                     .arg(m.matches[std::size_t(n)])
                     .arg(m.candidateNgrams[std::size_t(n)])
                     .arg(labtext::fixed(m.precisions[std::size_t(n)], 3));
    lines << tr("BP = %1 (candidate %2 tokens, closest reference %3)")
                 .arg(labtext::fixed(m.brevityPenalty, 3))
                 .arg(m.candidateLength)
                 .arg(m.closestReferenceLength);
    lines << tr("<b>BLEU = BP × (p1·p2·p3·p4)<sup>1/4</sup> = %1</b>").arg(labtext::significant(m.bleu));
    m_counts->setText(lines.join(QStringLiteral("<br>")));
    updateNotice();
    Q_EMIT resultShown();
}

void TextMetricsView::drawBleu()
{
    charts::clearChart(m_bleu);
    const auto& m = m_result.metrics;
    auto* x = charts::makeExactAxis(tr("n-gram order n"), 0.8, 4.2, QStringLiteral("%d"));
    x->setTickCount(5);
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(1);
    x->setTickInterval(1);
    auto* y = charts::makeAxis(tr("score"), 0, 1, QStringLiteral("%.1f"));
    m_bleu->addAxis(x, Qt::AlignBottom);
    m_bleu->addAxis(y, Qt::AlignLeft);
    QList<QPointF> precisions;
    for (int n = 0; n < 4; ++n)
        precisions << QPointF(n + 1, m.precisions[std::size_t(n)]);
    auto* curve = charts::line(tr("precision p_n"), precisions, theme::series(0), 2.5);
    curve->setPointsVisible(true);
    charts::addSeries(m_bleu, curve, x, y);
    charts::addSeries(m_bleu,
                      charts::line(tr("brevity penalty"), {{0.8, m.brevityPenalty}, {4.2, m.brevityPenalty}},
                                   theme::series(3), 1.5, Qt::DotLine),
                      x, y);
    charts::addSeries(m_bleu,
                      charts::line(tr("BLEU"), {{0.8, m.bleu}, {4.2, m.bleu}}, theme::series(1), 2,
                                   Qt::DashLine),
                      x, y);
    theme::applyTo(m_bleu);
    m_bleuKey->setText(charts::keyHtml(
        {{theme::series(0), QStringLiteral("━"), tr("precision p_n (clipped n-gram matches)")},
         {theme::series(3), QStringLiteral("┊"), tr("brevity penalty %1").arg(labtext::fixed(m.brevityPenalty, 3))},
         {theme::series(1), QStringLiteral("┅"), tr("BLEU %1").arg(labtext::significant(m.bleu))}}));
}

void TextMetricsView::drawRouge()
{
    charts::clearChart(m_rouge);
    const auto& m = m_result.metrics;
    auto* precision = charts::barSet(tr("precision"), theme::series(0),
                                     {m.rouge1.precision, m.rouge2.precision, m.rougeL.precision});
    auto* recall = charts::barSet(tr("recall"), theme::series(1),
                                  {m.rouge1.recall, m.rouge2.recall, m.rougeL.recall});
    auto* f1 = charts::barSet(tr("F1"), theme::series(2), {m.rouge1.f1, m.rouge2.f1, m.rougeL.f1});
    auto* series = new QBarSeries;
    series->append({precision, recall, f1});
    auto* categories = new QBarCategoryAxis;
    categories->append({tr("ROUGE-1"), tr("ROUGE-2"), tr("ROUGE-L")});
    auto* y = charts::makeAxis(tr("score"), 0, 1, QStringLiteral("%.1f"));
    m_rouge->addSeries(series);
    m_rouge->addAxis(categories, Qt::AlignBottom);
    m_rouge->addAxis(y, Qt::AlignLeft);
    series->attachAxis(categories);
    series->attachAxis(y);
    theme::applyTo(m_rouge);
    m_rougeKey->setText(charts::keyHtml({{theme::series(0), QStringLiteral("■"), tr("precision")},
                                         {theme::series(1), QStringLiteral("■"), tr("recall")},
                                         {theme::series(2), QStringLiteral("■"), tr("F1")}}));
}

void TextMetricsView::updateNotice()
{
    const auto& m = m_result.metrics;
    QStringList parts;
    parts << tr("BLEU %1 is a precision: how much of the candidate the references support, "
                "averaged geometrically over 1- to 4-grams, so one missing order drags it "
                "towards 0.")
                 .arg(labtext::significant(m.bleu));
    if (m.matches[3] == 0 && m.matches[0] > 0)
        parts << tr("No 4-gram matches here: without smoothing BLEU is then practically 0 even "
                    "though %1 of the words match.")
                     .arg(labtext::percent(m.precisions[0]));
    if (m.brevityPenalty < 1)
        parts << tr("The candidate is shorter than the closest reference, so the brevity penalty "
                    "%1 scales it down.")
                     .arg(labtext::fixed(m.brevityPenalty, 3));
    parts << tr("ROUGE-1 recall %1 is how much of the best reference the candidate covers; "
                "ROUGE-L (%2 F1) rewards the longest run of words in the same order.")
                 .arg(labtext::percent(m.rouge1.recall), labtext::fixed(m.rougeL.f1, 3));
    setNotice(parts.join(QLatin1Char(' ')));
}

QString TextMetricsView::resultCsv() const
{
    const auto& m = m_result.metrics;
    QString csv = QStringLiteral("metric,value\n");
    const std::vector<std::pair<QString, double>> rows{
        {QStringLiteral("bleu"), m.bleu},
        {QStringLiteral("p1"), m.precisions[0]},
        {QStringLiteral("p2"), m.precisions[1]},
        {QStringLiteral("p3"), m.precisions[2]},
        {QStringLiteral("p4"), m.precisions[3]},
        {QStringLiteral("brevity_penalty"), m.brevityPenalty},
        {QStringLiteral("rouge1_precision"), m.rouge1.precision},
        {QStringLiteral("rouge1_recall"), m.rouge1.recall},
        {QStringLiteral("rouge1_f1"), m.rouge1.f1},
        {QStringLiteral("rouge2_precision"), m.rouge2.precision},
        {QStringLiteral("rouge2_recall"), m.rouge2.recall},
        {QStringLiteral("rouge2_f1"), m.rouge2.f1},
        {QStringLiteral("rougeL_precision"), m.rougeL.precision},
        {QStringLiteral("rougeL_recall"), m.rougeL.recall},
        {QStringLiteral("rougeL_f1"), m.rougeL.f1}};
    for (const auto& [name, value] : rows)
        csv += labtext::csvRow({name, labtext::exact(value)});
    return csv;
}

QList<KeyNumber> TextMetricsView::keyNumbers() const
{
    const auto& m = m_result.metrics;
    return {{tr("BLEU"), labtext::significant(m.bleu)},
            {tr("ROUGE-1 F1"), labtext::fixed(m.rouge1.f1, 3)},
            {tr("ROUGE-L F1"), labtext::fixed(m.rougeL.f1, 3)}};
}
