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
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QScrollArea>
#include <QTabWidget>
#include <QValueAxis>
#include <QVBoxLayout>

namespace ml = mllab::labs;

TextMetricsView::TextMetricsView(JobRunner* jobs, QWidget* parent)
    : LabView(ml::textMetricsLabSpec(), jobs, parent)
{
    m_bleu = charts::makeChart(tr("BLEU: n-gram precision and BLEU-n"), QStringLiteral("bleu"));
    m_bleu->legend()->hide();
    m_rouge = charts::makeChart(tr("ROUGE against the best reference"), QStringLiteral("rouge"));
    m_rouge->legend()->hide();
    m_bleuKey = charts::makeKeyLabel();
    m_rougeKey = charts::makeKeyLabel();
    m_counts = widgets::richLabel();
    m_counts->setObjectName(QStringLiteral("counts"));
    m_highlights = widgets::richLabel();
    m_highlights->setObjectName(QStringLiteral("highlights"));
    m_highlights->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* tabs = new QTabWidget;
    auto* bleuTab = new QWidget;
    auto* bleuLayout = new QVBoxLayout(bleuTab);
    bleuLayout->setContentsMargins(0, 0, 0, 0);
    bleuLayout->addWidget(charts::withKey(charts::makeChartView(m_bleu), m_bleuKey), 1);
    bleuLayout->addWidget(m_counts);
    tabs->addTab(bleuTab, tr("BLEU"));
    tabs->addTab(charts::withKey(charts::makeChartView(m_rouge), m_rougeKey), tr("ROUGE"));
    auto* matches = new QWidget;
    auto* matchesLayout = new QVBoxLayout(matches);
    matchesLayout->addWidget(m_highlights);
    matchesLayout->addStretch(1);
    tabs->addTab(charts::verticalScroll(matches), tr("Matches"));
    chartLayout()->addWidget(tabs, 1);
    bindTabs(QStringLiteral("tab"), tabs);
}

void TextMetricsView::parameterChanged(const QString& key)
{
    // "Your own texts" chosen after an example: start from the texts just scored. Only a choice
    // in the form does this; a state (link, preset, file) is shown as it is.
    if (key == QLatin1String("example") && state().text("example") == "custom")
        if (const auto* e = ml::findTextMetricsExample(m_result.params.example)) {
            std::string references;
            for (const auto& r : e->references)
                references += (references.empty() ? "" : "\n") + r;
            changeParameter(QStringLiteral("candidate"), e->candidate);
            changeParameter(QStringLiteral("references"), references);
        }
    LabView::parameterChanged(key);
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
    // One row per order: the clipped matches, p_n (smoothed where it changed) and BLEU-n.
    QString table = QStringLiteral("<table cellspacing=0 cellpadding=2><tr><th align=left>%1</th>"
                                   "<th align=right>%2</th><th align=right>%3</th>"
                                   "<th align=right>%4</th></tr>")
                        .arg(tr("n"), tr("matched / n-grams"), tr("p_n"), tr("BLEU-n"));
    for (std::size_t n = 0; n < 4; ++n) {
        QString p = labtext::fixed(m.precisions[n], 3);
        if (m.smoothedPrecisions[n] != m.precisions[n])
            p += QStringLiteral(" → ") + labtext::significant(m.smoothedPrecisions[n]);
        table += QStringLiteral("<tr><td>%1</td><td align=right>%2 / %3</td>"
                                "<td align=right>&nbsp;%4</td><td align=right>&nbsp;%5</td></tr>")
                     .arg(n + 1)
                     .arg(m.matches[n])
                     .arg(m.candidateNgrams[n])
                     .arg(p, labtext::significant(m.bleuN[n]));
    }
    table += QStringLiteral("</table>");
    QStringList lines{table};
    lines << tr("p1 = %1 / %2 clipped unigram matches; BP = %3 (candidate %4 tokens, closest "
                "reference %5)")
                 .arg(m.matches[0])
                 .arg(m.candidateNgrams[0])
                 .arg(labtext::fixed(m.brevityPenalty, 3))
                 .arg(m.candidateLength)
                 .arg(m.closestReferenceLength);
    lines << tr("<b>BLEU = BP × (p1·p2·p3·p4)<sup>1/4</sup> = %1</b>%2")
                 .arg(labtext::significant(m.bleu),
                      m.smoothing != 0 ? tr(" (smoothing method %1)").arg(m.smoothing) : QString());
    m_counts->setText(lines.join(QStringLiteral("<br>")));
    showHighlights();
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
    QList<QPointF> cumulative;
    for (int n = 0; n < 4; ++n)
        cumulative << QPointF(n + 1, m.bleuN[std::size_t(n)]);
    auto* bleuN = charts::line(tr("BLEU-n"), cumulative, theme::series(1), 2, Qt::DashLine);
    bleuN->setPointsVisible(true);
    charts::addSeries(m_bleu, bleuN, x, y);
    theme::applyTo(m_bleu);
    m_bleuKey->setText(charts::keyHtml(
        {{theme::series(0), QStringLiteral("━"), tr("precision p_n (clipped n-gram matches)")},
         {theme::series(3), QStringLiteral("┊"),
          tr("brevity penalty %1").arg(labtext::fixed(m.brevityPenalty, 3))},
         {theme::series(1), QStringLiteral("┅"),
          tr("BLEU-n over orders 1..n; BLEU-4 %1").arg(labtext::significant(m.bleu))}}));
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
    if (const auto* e = ml::findTextMetricsExample(m_result.params.example))
        parts << tr("%1: %2").arg(tr(e->label.c_str()), tr(e->point.c_str()));
    parts << tr("BLEU %1 is a precision: how much of the candidate the references support, "
                "averaged geometrically over 1- to 4-grams, so one missing order drags it "
                "towards 0.")
                 .arg(labtext::significant(m.bleu));
    if (m.matches[3] == 0 && m.matches[0] > 0 && m.smoothing == 0)
        parts << tr("No 4-gram matches here: without smoothing BLEU is then practically 0 even "
                    "though %1 of the words match (BLEU-%2 %3 stops before the missing order; "
                    "a smoothing method keeps BLEU-4 informative).")
                     .arg(labtext::percent(m.precisions[0]))
                     .arg(m.matches[1] == 0   ? 1
                          : m.matches[2] == 0 ? 2
                                              : 3)
                     .arg(labtext::significant(m.bleuN[m.matches[1] == 0   ? 0
                                                       : m.matches[2] == 0 ? 1
                                                                           : 2]));
    else if (m.matches[3] == 0 && m.matches[0] > 0)
        parts << tr("No 4-gram matches: smoothing method %1 puts %2 in place of p4's 0, so "
                    "BLEU-4 is %3 rather than practically 0; the number depends on the method, so "
                    "quote it with the method.")
                     .arg(m.smoothing)
                     .arg(labtext::significant(m.smoothedPrecisions[3]))
                     .arg(labtext::significant(m.bleu));
    const int clipped = int(
        std::count(m.ngramMatches[0].begin(), m.ngramMatches[0].end(), mllab::NgramMatch::Clipped));
    if (clipped > 0)
        parts << tr(
            "%n candidate word(s) were clipped away: they occur more often in the "
            "candidate than in any one reference, so repeating a word cannot buy precision.",
            nullptr, clipped);
    if (m.brevityPenalty < 1)
        parts << tr("The candidate is shorter than the closest reference, so the brevity penalty "
                    "%1 scales it down.")
                     .arg(labtext::fixed(m.brevityPenalty, 3));
    parts << tr("ROUGE-1 recall %1 is how much of the best reference the candidate covers; "
                "ROUGE-L (%2 F1) rewards the longest subsequence of words in the same order "
                "(%3 of %4 candidate words, highlighted in the Matches tab).")
                 .arg(labtext::percent(m.rouge1.recall), labtext::fixed(m.rougeL.f1, 3))
                 .arg(m.lcsCandidate.size())
                 .arg(m.candidateLength);
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
        {QStringLiteral("smoothing"), double(m.smoothing)},
        {QStringLiteral("smoothed_p1"), m.smoothedPrecisions[0]},
        {QStringLiteral("smoothed_p2"), m.smoothedPrecisions[1]},
        {QStringLiteral("smoothed_p3"), m.smoothedPrecisions[2]},
        {QStringLiteral("smoothed_p4"), m.smoothedPrecisions[3]},
        {QStringLiteral("bleu_1"), m.bleuN[0]},
        {QStringLiteral("bleu_2"), m.bleuN[1]},
        {QStringLiteral("bleu_3"), m.bleuN[2]},
        {QStringLiteral("bleu_4"), m.bleuN[3]},
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
            {tr("BLEU-2"), labtext::significant(m.bleuN[1])},
            {tr("ROUGE-1 F1"), labtext::fixed(m.rouge1.f1, 3)},
            {tr("ROUGE-L F1"), labtext::fixed(m.rougeL.f1, 3)}};
}

namespace {
/// An invalid colour: the token is drawn without a fill.
const QColor kNoFill;

/// A token on a tinted background (the text colour that reads on it), or plain.
QString token(const std::string& text, const QColor& background, bool bold = false)
{
    const QString escaped = QString::fromStdString(text).toHtmlEscaped();
    if (!background.isValid())
        return escaped;
    return QStringLiteral("<span style=\"background-color:%1; color:%2;%3\">&nbsp;%4&nbsp;</span>")
        .arg(background.name(), theme::textOn(background).name(),
             bold ? QStringLiteral(" font-weight:bold;") : QString(), escaped);
}

} // namespace

void TextMetricsView::showHighlights()
{
    const auto& m = m_result.metrics;
    const QColor matched = theme::cell(true, 0.6);
    const QColor clipped = theme::cell(false, 0.6);
    const QColor common = theme::tint(theme::color(theme::Role::Accent), 0.3);
    const std::size_t length = m.candidateTokens.size();
    QStringList html;
    html << tr("<b>BLEU's clipped matches in the candidate</b>: %1 counted, %2 clipped away "
               "(more often than in any one reference), plain: in no reference")
                .arg(token(tr("matched").toStdString(), matched),
                     token(tr("clipped").toStdString(), clipped));
    for (std::size_t n = 1; n <= 4; ++n) {
        // A token shows the best status of the n-grams covering it.
        std::vector<int> status(length, 0); // 0 none, 1 clipped, 2 matched
        const auto& grams = m.ngramMatches[n - 1];
        for (std::size_t i = 0; i < grams.size(); ++i) {
            const int s = grams[i] == mllab::NgramMatch::Matched   ? 2
                          : grams[i] == mllab::NgramMatch::Clipped ? 1
                                                                   : 0;
            for (std::size_t k = i; k < i + n && k < length; ++k)
                status[k] = std::max(status[k], s);
        }
        QStringList tokens;
        for (std::size_t k = 0; k < length; ++k)
            tokens << token(m.candidateTokens[k], status[k] == 2   ? matched
                                                  : status[k] == 1 ? clipped
                                                                   : kNoFill);
        html << tr("%1-grams (%2 of %3): %4")
                    .arg(n)
                    .arg(m.matches[n - 1])
                    .arg(m.candidateNgrams[n - 1])
                    .arg(tokens.join(QLatin1Char(' ')));
    }
    const auto reference =
        mllab::whitespaceTokens(m_result.params.references[std::size_t(m.rougeLReference)]);
    const auto lcsLine = [&](const std::vector<std::string>& tokens, const std::vector<int>& in) {
        QStringList out;
        std::size_t next = 0;
        for (std::size_t k = 0; k < tokens.size(); ++k) {
            const bool inLcs = next < in.size() && std::size_t(in[next]) == k;
            if (inLcs)
                ++next;
            out << token(tokens[k], inLcs ? common : kNoFill, inLcs);
        }
        return out.join(QLatin1Char(' '));
    };
    html << tr("<b>ROUGE-L's longest common subsequence</b> (%1 tokens, %2)")
                .arg(m.lcsCandidate.size())
                .arg(token(tr("in order in both").toStdString(), common, true));
    html << tr("candidate: %1").arg(lcsLine(m.candidateTokens, m.lcsCandidate));
    html << tr("reference %1: %2")
                .arg(m.rougeLReference + 1)
                .arg(lcsLine(reference, m.lcsReference));
    m_highlights->setText(html.join(QStringLiteral("<br>")));
}
