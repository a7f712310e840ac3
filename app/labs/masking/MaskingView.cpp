#include "app/labs/masking/MaskingView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"
#include "app/labs/ModelPickerControl.h"
#include "app/labs/ParamControl.h"
#include "app/labs/ParameterPanel.h"
#include "app/widgets/AttentionHeatmap.h"
#include "app/widgets/ModelLibrary.h"
#include "app/widgets/ModelPicker.h"
#include "app/widgets/ResultTable.h"
#include "app/widgets/RichLabel.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QScrollBar>
#include <QTableWidget>
#include <QTabWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace {

/// The floor of the log axis: a difference of exactly 0 is drawn there.
constexpr double kFloor = 1e-9;
/// What counts as float noise for float32 logits of this size.
constexpr double kNoise = 1e-5;

QString sci(double v)
{
    return v == 0 ? QStringLiteral("0") : QString::number(v, 'g', 2);
}

/// A table exactly as tall as its rows (no vertical scroll bar for a handful of rows).
void fitRows(QTableWidget* table)
{
    table->resizeRowsToContents();
    int height = table->horizontalHeader()->sizeHint().height() + 2 * table->frameWidth() + 2;
    for (int row = 0; row < table->rowCount(); ++row)
        height += table->rowHeight(row);
    if (table->horizontalScrollBarPolicy() != Qt::ScrollBarAlwaysOff)
        height += table->horizontalScrollBar()->sizeHint().height();
    table->setFixedHeight(height);
}

QString shortText(const std::string& text)
{
    QString t = QString::fromStdString(text);
    return t.size() > 40 ? t.left(38) + QStringLiteral("…") : t;
}

} // namespace

MaskingView::MaskingView(JobRunner* jobs, QWidget* parent)
    : LabView(mllab::labs::maskingLabSpec(), jobs, parent)
{
    ParameterPanel* panel = parameterPanel();
    // Labels beside the short fields (ids, layer, head) and above the wide ones: every row fits
    // a 1280 x 800 window, synthetic lengths included.
    if (auto* form = qobject_cast<QFormLayout*>(panel->layout()))
        form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    else
        panel->setLabelsAbove(true);
    for (const char* key : {"sequences", "median_length", "spread", "buckets"}) // sliders wrap
        if (ParamControl* control = panel->control(QString::fromLatin1(key)))
            control->field()->setMinimumWidth(170);
    auto model = std::make_unique<ModelPickerControl>(*spec().find("model"));
    model->picker()->setMinimumContentsLength(10);
    panel->replaceControl(QStringLiteral("model"), std::move(model));

    m_tabs = new QTabWidget;
    m_tabs->addTab(makeHeatmapPage(), tr("Masks over attention"));
    m_tabs->addTab(makeLogitsPage(), tr("Logits"));
    m_tabs->addTab(makeCostPage(), tr("Padding cost"));
    chartLayout()->addWidget(m_tabs);
    bindTabs(QStringLiteral("view"), m_tabs);
}

QWidget* MaskingView::makeHeatmapPage()
{
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    m_heatmapCaption = widgets::richLabel();
    m_heatmap = new AttentionHeatmap(false);
    m_heatmap->setObjectName(QStringLiteral("heatmap"));
    m_heatmap->setProperty("chartName", QStringLiteral("attention"));
    layout->addWidget(m_heatmapCaption);
    layout->addWidget(m_heatmap, 1);
    return page;
}

QWidget* MaskingView::makeLogitsPage()
{
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    m_logitCaption = widgets::richLabel();
    m_logitTable =
        widgets::makeResultTable({tr("#"), tr("prompt"), tr("tokens"), tr("pads"), tr("|Δ| mask"),
                                  tr("KL mask"), tr("|Δ| no mask"), tr("KL no mask")},
                                 1);
    m_logitTable->setToolTip(
        tr("|Δ|: the largest |logit padded - logit alone| over the "
           "prompt's real tokens; KL(alone ‖ padded) of the next token, nats"));
    m_logitChart = charts::makeChart(tr("Largest logit change against the prompt alone"),
                                     QStringLiteral("delta-logits"));
    QChartView* chartView = charts::makeChartView(m_logitChart);
    layout->addWidget(m_logitCaption);
    layout->addWidget(m_logitTable);
    layout->addWidget(chartView, 1);
    return page;
}

QWidget* MaskingView::makeCostPage()
{
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    m_costCaption = widgets::richLabel();
    m_costChart = charts::makeChart(tr("Compute spent on padding"), QStringLiteral("cost"));
    m_bucketChart =
        charts::makeChart(tr("Bucketing: padding against k"), QStringLiteral("buckets"));
    m_costChart->legend()->hide(); // the keys under the charts have room for every entry
    m_bucketChart->legend()->hide();
    auto* costKey = charts::makeKeyLabel();
    costKey->setText(charts::keyHtml(
        {{theme::color(theme::Role::Accent), QStringLiteral("■"), tr("tokens on padding")},
         {theme::color(theme::Role::Secondary), QStringLiteral("■"), tr("attention on padding")},
         {theme::color(theme::Role::Tertiary), QStringLiteral("■"),
          tr("attention across documents (masked)")}}));
    auto* bucketKey = charts::makeKeyLabel();
    bucketKey->setText(charts::keyHtml(
        {{theme::color(theme::Role::Accent), QStringLiteral("━"), tr("tokens")},
         {theme::color(theme::Role::Secondary), QStringLiteral("━"), tr("attention")},
         {theme::color(theme::Role::Marker), QStringLiteral("●"), tr("chosen k")}}));
    auto* charts = new QHBoxLayout;
    charts->addWidget(charts::withKey(charts::makeChartView(m_costChart), costKey), 3);
    charts->addWidget(charts::withKey(charts::makeChartView(m_bucketChart), bucketKey), 2);
    m_costTable =
        widgets::makeResultTable({tr("batching"), tr("rows"), tr("tokens"), tr("on padding"),
                                  tr("attention cells"), tr("on padding"), tr("across documents")},
                                 0);
    layout->addWidget(m_costCaption);
    layout->addLayout(charts, 1);
    layout->addWidget(m_costTable);
    return page;
}

void MaskingView::parameterChanged(const QString& key)
{
    if (key == QLatin1String("view"))
        return;
    if (key == QLatin1String("masked"))
        return; // stateShown() redraws
    scheduleRefresh();
}

void MaskingView::stateShown()
{
    if (m_hasResult && m_drawnMasked != state().flag("masked"))
        drawHeatmap();
}

void MaskingView::refresh()
{
    const mllab::labs::MaskingLabParams params = mllab::labs::maskingLabParams(state());
    run(
        tr("Padding and masks"),
        [params](const mllab::Progress& progress) {
            mllab::labs::MaskingLabParams p = params;
            p.model = ModelLibrary::load(QString::fromStdString(p.modelPath)); // kept loaded
            return mllab::labs::computeMaskingLab(p, progress);
        },
        [this](const mllab::labs::MaskingLabResult& r) { showResult(r); });
}

void MaskingView::showResult(const mllab::labs::MaskingLabResult& result)
{
    clearError();
    m_result = result;
    m_hasResult = true;
    setLargest(QStringLiteral("layer"), result.layers);
    setLargest(QStringLiteral("head"), result.heads);
    drawHeatmap();
    drawLogits();
    drawCost();
    updateNotice();
    Q_EMIT resultShown();
}

void MaskingView::drawHeatmap()
{
    const auto& r = m_result;
    const bool masked = state().flag("masked");
    m_drawnMasked = masked;
    QStringList tokens;
    for (const auto& piece : r.shownPieces)
        tokens << QString::fromStdString(piece);
    m_heatmap->setMap(masked ? r.attentionMasked : r.attentionUnmasked, tokens);
    if (masked)
        m_heatmap->setPaddingMask(r.shownPaddingMask);
    m_heatmap->setTitle(
        tr("Prompt %1, layer %2, head %3: %4")
            .arg(r.shownPrompt)
            .arg(r.layer)
            .arg(r.head)
            .arg(masked ? tr("with the padding mask") : tr("without mask or position ids")));
    const auto& row = r.prompts[std::size_t(r.shownPrompt - 1)];
    double padWeight = 0; // the unmasked run's weight on pads, summed over real queries
    int realQueries = 0;
    for (std::size_t q = 0; q < r.shownPadding.size(); ++q) {
        if (r.shownPadding[q])
            continue;
        ++realQueries;
        for (std::size_t k = 0; k <= q; ++k)
            if (r.shownPadding[k])
                padWeight += r.attentionUnmasked[q][k];
    }
    m_heatmapCaption->setText(
        (masked ? tr("%1 real tokens and %2 pads (%3-padded with “%4”, id %5). Hatched: the "
                     "causal mask; cross-hatched: the padding mask. Without the mask the real "
                     "tokens put <b>%6</b> of their attention on pads, on average.")
                : tr("%1 real tokens and %2 pads (%3-padded with “%4”, id %5), no padding "
                     "mask: only the causal mask is hatched, and the real tokens put <b>%6</b> "
                     "of their attention on pads, on average."))
            .arg(row.tokens)
            .arg(row.pads)
            .arg(r.leftPadding ? tr("left") : tr("right"),
                 QString::fromStdString(r.padPiece).toHtmlEscaped())
            .arg(r.padId)
            .arg(labtext::percent(realQueries > 0 ? padWeight / realQueries : 0.0)));
}

void MaskingView::drawLogits()
{
    const auto& r = m_result;
    m_logitTable->setRowCount(int(r.prompts.size()));
    std::vector<double> values;
    for (std::size_t i = 0; i < r.prompts.size(); ++i) {
        const auto& p = r.prompts[i];
        widgets::setRow(m_logitTable, int(i),
                        {QString::number(i + 1), shortText(p.text), QString::number(p.tokens),
                         QString::number(p.pads), sci(p.maxDeltaMasked), sci(p.klMasked),
                         sci(p.maxDeltaUnmasked), sci(p.klUnmasked)},
                        {1});
        m_logitTable->item(int(i), 1)->setToolTip(QString::fromStdString(p.text));
        values.push_back(std::max(p.maxDeltaMasked, kFloor));
        values.push_back(std::max(p.maxDeltaUnmasked, kFloor));
    }
    fitRows(m_logitTable);

    charts::clearChart(m_logitChart);
    values.push_back(kNoise);
    const auto [low, high] = charts::logRange(values, kFloor);
    const double n = double(r.prompts.size());
    QValueAxis* x = charts::makeExactAxis(tr("prompt"), 0.5, n + 0.5, QStringLiteral("%d"));
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(1);
    x->setTickInterval(1);
    QLogValueAxis* y = charts::makeLogAxis(tr("max |Δlogit|"), low, high);
    m_logitChart->addAxis(x, Qt::AlignBottom);
    m_logitChart->addAxis(y, Qt::AlignLeft);
    auto addPoints = [&](const QString& name, theme::Role role, bool maskedRun) {
        auto* s = new QScatterSeries;
        s->setName(name);
        s->setColor(theme::color(role));
        s->setBorderColor(theme::color(role));
        s->setMarkerSize(12);
        s->setMarkerShape(maskedRun ? QScatterSeries::MarkerShapeCircle
                                    : QScatterSeries::MarkerShapeRectangle);
        QList<QPointF> points;
        for (std::size_t i = 0; i < r.prompts.size(); ++i) {
            const auto& p = r.prompts[i];
            points << QPointF(double(i + 1),
                              std::max(maskedRun ? p.maxDeltaMasked : p.maxDeltaUnmasked, kFloor));
        }
        s->replace(points);
        charts::addSeries(m_logitChart, s, x, y);
    };
    addPoints(tr("with the mask and position ids"), theme::Role::Accent, true);
    addPoints(tr("without them"), theme::Role::Secondary, false);
    auto* noise = charts::line(tr("float noise (10⁻⁵)"), {{0.5, kNoise}, {n + 0.5, kNoise}},
                               theme::color(theme::Role::Reference), 1.5, Qt::DashLine);
    charts::addSeries(m_logitChart, noise, x, y);
    theme::applyTo(m_logitChart);

    double worstMasked = 0;
    for (const auto& p : r.prompts)
        worstMasked = std::max(worstMasked, p.maxDeltaMasked);
    m_logitCaption->setText(
        tr("Each prompt's logits in the padded batch against the prompt run alone, over its real "
           "tokens; KL(alone ‖ padded) of the next-token distribution after its last token. "
           "Largest change with the mask: <b>%1</b>.")
            .arg(sci(worstMasked)));
}

void MaskingView::drawCost()
{
    const auto& c = m_result.cost;
    const mllab::labs::BatchingCost* ways[] = {&c.padToMax, &c.buckets, &c.packing};
    // Short names under the bars (a category is some 60 pixels wide), long ones in the table.
    const QStringList names{tr("max"), tr("k = %1").arg(state().integer("buckets")), tr("pack")};
    const QStringList longNames{tr("to longest"), tr("%1 buckets").arg(state().integer("buckets")),
                                tr("packing")};
    charts::clearChart(m_costChart);
    auto* tokens = charts::barSet(tr("tokens on padding"), theme::color(theme::Role::Accent));
    auto* attention =
        charts::barSet(tr("attention on padding"), theme::color(theme::Role::Secondary));
    auto* cross =
        charts::barSet(tr("attention across documents"), theme::color(theme::Role::Tertiary));
    for (const auto* w : ways) {
        tokens->append(100 * w->tokenPadShare);
        attention->append(100 * w->attentionPadShare);
        cross->append(100 * w->attentionCrossShare);
    }
    auto* series = new QBarSeries;
    series->append(tokens);
    series->append(attention);
    series->append(cross);
    auto* categories = new QBarCategoryAxis;
    categories->append(names);
    QValueAxis* y = charts::makeExactAxis(tr("share of compute (%)"), 0, 100, QStringLiteral("%d"));
    m_costChart->addAxis(categories, Qt::AlignBottom);
    m_costChart->addAxis(y, Qt::AlignLeft);
    charts::addSeries(m_costChart, series, categories, y);
    theme::applyTo(m_costChart);

    charts::clearChart(m_bucketChart);
    const int maxK = int(c.bucketTokenShare.size());
    // Half a step of room on both sides, so the chosen k's marker is never cut at an end.
    QValueAxis* k =
        charts::makeExactAxis(tr("buckets k"), 0.5, std::max(2, maxK) + 0.5, QStringLiteral("%d"));
    k->setTickType(QValueAxis::TicksDynamic);
    k->setTickAnchor(1);
    k->setTickInterval(maxK > 8 ? 5 : 1);
    QValueAxis* share = charts::makeExactAxis(tr("on padding (%)"), 0, 100, QStringLiteral("%d"));
    m_bucketChart->addAxis(k, Qt::AlignBottom);
    m_bucketChart->addAxis(share, Qt::AlignLeft);
    QList<QPointF> tokenPoints, attentionPoints;
    for (int i = 0; i < maxK; ++i) {
        tokenPoints << QPointF(i + 1, 100 * c.bucketTokenShare[std::size_t(i)]);
        attentionPoints << QPointF(i + 1, 100 * c.bucketAttentionShare[std::size_t(i)]);
    }
    charts::addSeries(m_bucketChart,
                      charts::line(tr("tokens"), tokenPoints, theme::color(theme::Role::Accent)), k,
                      share);
    charts::addSeries(
        m_bucketChart,
        charts::line(tr("attention"), attentionPoints, theme::color(theme::Role::Secondary)), k,
        share);
    const double chosen = std::min<double>(double(state().integer("buckets")), maxK);
    auto* marker = charts::marker(tr("chosen k"), theme::color(theme::Role::Marker), 0);
    marker->append(chosen, 100 * c.buckets.tokenPadShare);
    charts::addSeries(m_bucketChart, marker, k, share);
    theme::applyTo(m_bucketChart);

    m_costTable->setRowCount(3);
    for (int i = 0; i < 3; ++i) {
        const auto* w = ways[i];
        widgets::setRow(
            m_costTable, i,
            {longNames[i], labtext::count(w->rows), labtext::count(w->tokens),
             labtext::percent(w->tokenPadShare),
             w->cells < 1e9 ? labtext::count(w->cells) : labtext::significant(double(w->cells), 3),
             labtext::percent(w->attentionPadShare), labtext::percent(w->attentionCrossShare)},
            {0});
    }
    fitRows(m_costTable);
    const auto [shortest, longest] = std::minmax_element(c.lengths.begin(), c.lengths.end());
    m_costCaption->setText(
        tr("%1 sequences of %2 to %3 tokens (%4), packed into rows of %5. Attention cells: a "
           "dense T×T score matrix per row, head and layer.")
            .arg(c.lengths.size())
            .arg(*shortest)
            .arg(*longest)
            .arg(m_result.syntheticLengths ? tr("log-normal, seeded") : tr("the prompts"))
            .arg(c.rowLength));
}

void MaskingView::updateNotice()
{
    const auto& r = m_result;
    double worstMasked = 0, worstUnmasked = 0, klUnmasked = 0;
    int flipped = 0;
    for (const auto& p : r.prompts) {
        worstMasked = std::max(worstMasked, p.maxDeltaMasked);
        worstUnmasked = std::max(worstUnmasked, p.maxDeltaUnmasked);
        klUnmasked = std::max(klUnmasked, p.klUnmasked);
        flipped += p.sameTopUnmasked ? 0 : 1;
    }
    QString text =
        tr("With the padding mask (and, for left padding, position ids that skip the pads) every "
           "prompt's logits stay within <b>%1</b> of its logits alone: float noise. ")
            .arg(sci(worstMasked));
    if (worstUnmasked > kNoise)
        text += tr("Without them the largest change is <b>%1</b> (KL up to %2 nats; %3 of %4 "
                   "prompts change their most likely next token): the real tokens attend to "
                   "pads and sit at shifted positions. ")
                    .arg(sci(worstUnmasked), sci(klUnmasked))
                    .arg(flipped)
                    .arg(r.prompts.size());
    else if (!r.leftPadding)
        text += tr("Without it nothing changes either (%1): right pads come after every real "
                   "token, so the causal mask already hides them; only a reader of the last "
                   "column, or a bidirectional model, would be fooled. ")
                    .arg(sci(worstUnmasked));
    else
        text += tr("Without it the change is also tiny (%1): no prompt needed padding. ")
                    .arg(sci(worstUnmasked));
    const auto& c = r.cost;
    text += tr("For the padding cost, padding to the longest spends <b>%1</b> of the tokens and "
               "%2 of attention on pads; %3 buckets cut that to %4 and %5; packing leaves %6 of "
               "tokens on padding, but a dense kernel still computes %7 of its scores across "
               "documents, which the document mask discards.")
                .arg(labtext::percent(c.padToMax.tokenPadShare),
                     labtext::percent(c.padToMax.attentionPadShare))
                .arg(state().integer("buckets"))
                .arg(labtext::percent(c.buckets.tokenPadShare),
                     labtext::percent(c.buckets.attentionPadShare),
                     labtext::percent(c.packing.tokenPadShare),
                     labtext::percent(c.packing.attentionCrossShare));
    setNotice(text);
}

QString MaskingView::resultCsv() const
{
    QString csv = QStringLiteral(
        "kind,name,tokens,pads,max_abs_delta_logit_masked,max_abs_delta_logit_unmasked,"
        "kl_masked,kl_unmasked,token_padding_share,attention_padding_share,"
        "attention_cross_document_share\n");
    if (!m_hasResult)
        return csv;
    for (const auto& p : m_result.prompts)
        csv += labtext::csvRow(
            {QStringLiteral("prompt"), labtext::csvField(QString::fromStdString(p.text)),
             QString::number(p.tokens), QString::number(p.pads), labtext::exact(p.maxDeltaMasked),
             labtext::exact(p.maxDeltaUnmasked), labtext::exact(p.klMasked),
             labtext::exact(p.klUnmasked), QString(), QString(), QString()});
    const auto& c = m_result.cost;
    for (const auto* w : {&c.padToMax, &c.buckets, &c.packing})
        csv += labtext::csvRow(
            {QStringLiteral("batching"), labtext::csvField(QString::fromStdString(w->name)),
             QString::number(w->tokens), QString::number(w->tokens - w->realTokens), QString(),
             QString(), QString(), QString(), labtext::exact(w->tokenPadShare),
             labtext::exact(w->attentionPadShare), labtext::exact(w->attentionCrossShare)});
    return csv;
}

QList<KeyNumber> MaskingView::keyNumbers() const
{
    if (!m_hasResult)
        return {};
    double masked = 0, unmasked = 0;
    for (const auto& p : m_result.prompts) {
        masked = std::max(masked, p.maxDeltaMasked);
        unmasked = std::max(unmasked, p.maxDeltaUnmasked);
    }
    return {{tr("max |Δlogit| with mask"), sci(masked)},
            {tr("without"), sci(unmasked)},
            {tr("pad share"), labtext::percent(m_result.cost.padToMax.tokenPadShare)},
            {tr("bucketed"), labtext::percent(m_result.cost.buckets.tokenPadShare)}};
}
