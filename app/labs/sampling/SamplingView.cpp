#include "app/labs/sampling/SamplingView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"
#include "app/labs/ModelPickerControl.h"
#include "app/labs/ParameterPanel.h"
#include "app/widgets/ModelLibrary.h"
#include "app/widgets/ResultTable.h"
#include "app/widgets/RichLabel.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QTabWidget>
#include <QTextBrowser>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace {

/// The params with their model from the library's cache, loaded once (called in a job: loading
/// reads the checkpoint).
mllab::labs::SamplingLabParams withModel(mllab::labs::SamplingLabParams p)
{
    p.model = ModelLibrary::load(QString::fromStdString(p.modelPath));
    return p;
}

QString tokenText(const std::string& piece)
{
    return QString::fromUtf8(piece.data(), qsizetype(piece.size()));
}

QString percent(double p)
{
    return p >= 0.995 ? QStringLiteral("%1%").arg(p * 100, 0, 'f', 0) : QStringLiteral("%1%").arg(p * 100, 0, 'f', 1);
}

/// Background colour for a token drawn with probability p: from a bad tint (unlikely) to a good
/// one (likely), both readable under the text.
QColor probabilityColour(double p)
{
    return p < 0.5 ? theme::cell(false, 1.0 - 2.0 * p) : theme::cell(true, 2.0 * p - 1.0);
}

constexpr double kLogFloor = 1e-5; ///< log axis: zero bars are drawn at the left edge

/// The parameters that reshape kept logits (no job), and those that need new logits.
const QStringList kRestageKeys = {QStringLiteral("temperature"), QStringLiteral("top_k"),
                                  QStringLiteral("top_p"),       QStringLiteral("min_p"),
                                  QStringLiteral("seed"),        QStringLiteral("bars"),
                                  QStringLiteral("log")};
const QStringList kLogitKeys = {QStringLiteral("prompt"), QStringLiteral("model")};

} // namespace

SamplingView::SamplingView(JobRunner* jobs, QWidget* parent)
    : LabView(mllab::labs::samplingLabSpec(), jobs, parent)
{
    parameterPanel()->replaceControl(QStringLiteral("model"),
                                     std::make_unique<ModelPickerControl>(*spec().find("model")));
    addButtons();
    m_readout = widgets::richLabel();
    m_tabs = new QTabWidget;
    m_tabs->addTab(buildDistributionTab(), tr("Distribution"));
    m_tabs->addTab(buildGenerateTab(), tr("Generate"));
    m_tabs->addTab(buildDecodingTab(), tr("Decoders"));
    m_tabs->setTabToolTip(2, tr("Greedy decoding, beam search and sampling on the same prompt"));
    chartLayout()->addWidget(m_readout);
    chartLayout()->addWidget(m_tabs, 1);
    bindTabs(QStringLiteral("view"), m_tabs);
}

void SamplingView::addButtons()
{
    auto* sample = new QPushButton(tr("Sample next token"));
    auto* generate = new QPushButton(tr("Generate"));
    auto* decode = new QPushButton(tr("Compare decoders"));
    for (QPushButton* button : {sample, generate, decode})
        parameterPanel()->addRow(button);
    connect(sample, &QPushButton::clicked, this, [this] {
        const long long seed = state().integer("seed");
        changeParameter(QStringLiteral("seed"), seed < 1'000'000 ? seed + 1 : 0LL);
    });
    connect(generate, &QPushButton::clicked, this, &SamplingView::generate);
    connect(decode, &QPushButton::clicked, this, &SamplingView::compareDecoders);
}

mllab::labs::SamplingLabParams SamplingView::params() const
{
    return mllab::labs::samplingLabParams(state());
}

void SamplingView::parameterChanged(const QString& key)
{
    if (kRestageKeys.contains(key))
        restage(); // the stages only, from the kept logits
    else if (kLogitKeys.contains(key))
        scheduleRefresh();
    // Generation and decoder settings wait for their buttons; the tab only shows.
}

QWidget* SamplingView::buildDistributionTab()
{
    m_chart = charts::makeChart(QString(), QStringLiteral("distribution"));
    // The key is a wrapping label, not the chart's legend, which elides its entries when the
    // lab is narrow.
    m_chart->legend()->hide();
    buildChart();
    m_chartView = charts::makeChartView(m_chart);
    // No antialiasing: the bars are axis-aligned rectangles, and painting them antialiased took a
    // slider move from about 10 ms to 15-21 ms at 1280x800, past one 60 Hz frame (bench_lmviews).
    m_chartView->setRenderHint(QPainter::Antialiasing, false);
    m_chartView->setMinimumSize(300, 280);
    m_key = charts::makeKeyLabel();
    m_key->setText(charts::keyHtml(
        {{m_natural->color(), QStringLiteral("■"), tr("at T = 1")},
         {m_shaped->color(), QStringLiteral("■"), tr("after T and the filters")},
         {m_natural->selectedColor(), QStringLiteral("■"), tr("cut by top-k, top-p or min-p")},
         {m_cumulative->pen().color(), QStringLiteral("━"),
          tr("cumulative (top axis), after T and top-k")},
         {m_cut->pen().color(), QStringLiteral("╍"), tr("top-p cut")}}));
    // Every token label needs its row: many bars grow the chart and the tab scrolls.
    QScrollArea* scroll = charts::verticalScroll(m_chartView);
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addWidget(m_key);
    layout->addWidget(scroll, 1);
    return page;
}

QWidget* SamplingView::buildGenerateTab()
{
    // One column per text; a hidden column (no B) leaves its width to the other.
    auto* page = new QWidget;
    auto* layout = new QHBoxLayout(page);
    for (int i = 0; i < 2; ++i) {
        m_column[i] = new QWidget;
        auto* column = new QVBoxLayout(m_column[i]);
        column->setContentsMargins(0, 0, 0, 0);
        m_outputTitle[i] = new QLabel;
        m_outputTitle[i]->setWordWrap(true);
        m_output[i] = new QTextBrowser;
        column->addWidget(m_outputTitle[i]);
        column->addWidget(m_output[i], 1);
        layout->addWidget(m_column[i], 1);
    }
    m_column[1]->hide();
    m_outputTitle[0]->setText(tr("Press Generate to sample a continuation."));
    return page;
}

QWidget* SamplingView::buildDecodingTab()
{
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    m_decodingCaption =
        widgets::richLabel(tr("Press Compare decoders to continue the prompt three ways."));
    m_decoding = widgets::makeResultTable({tr("Method"), tr("Continuation"), tr("log P")}, 1);
    m_decoding->horizontalHeaderItem(2)->setToolTip(
        tr("Natural-log probability of the continuation under the model at T = 1"));
    m_decoding->setWordWrap(true);
    layout->addWidget(m_decodingCaption);
    layout->addWidget(m_decoding, 1);
    return page;
}

void SamplingView::refresh()
{
    const mllab::labs::SamplingLabParams p = params();
    run(
        tr("Next-token logits"),
        [p](const mllab::Progress& progress) {
            return std::shared_ptr<const mllab::labs::PromptLogits>(
                std::make_shared<mllab::labs::PromptLogits>(
                    mllab::labs::computePromptLogits(withModel(p), progress)));
        },
        [this](const std::shared_ptr<const mllab::labs::PromptLogits>& logits) {
            clearError();
            m_logits = logits;
            restage();
        });
    // A lab link or --set view=... opens a tab that shows its result without a button press.
    if (state().text("view") == "generate")
        generate();
    else if (state().text("view") == "decoding")
        compareDecoders();
}

void SamplingView::restage()
{
    if (m_logits->next.logits.empty())
        return;
    const std::shared_ptr<const mllab::labs::PromptLogits> logits = m_logits;
    const mllab::labs::SamplingLabParams p = params();
    runPart(
        QStringLiteral("stage"), tr("Sampling stages"),
        [logits, p](const mllab::Progress&) {
            return std::shared_ptr<const mllab::labs::SamplingStage>(
                std::make_shared<mllab::labs::SamplingStage>(
                    mllab::labs::stageSampling(logits->next, p)));
        },
        [this, logits](const std::shared_ptr<const mllab::labs::SamplingStage>& stage) {
            if (logits == m_logits) // else newer logits have restaged already
                showStage(stage);
        });
}

void SamplingView::showStage(const std::shared_ptr<const mllab::labs::SamplingStage>& stage)
{
    QElapsedTimer timer;
    timer.start();
    clearError();
    m_stage = stage;
    drawChart(); // the chart view repaints with the next frame; bench_lmviews times it
    updateNotice();
    m_lastRestageMs = double(timer.nsecsElapsed()) / 1e6;
    Q_EMIT resultShown();
}

void SamplingView::buildChart()
{
    // Built once; a slider move only replaces values (rebuilding series and axes per move cost
    // about 100 ms a frame with 50 bars).
    m_natural = new QBarSet(tr("at T = 1"));
    m_shaped = new QBarSet(tr("after T and filters"));
    m_natural->setColor(theme::tint(theme::color(theme::Role::Accent), 0.45));
    m_natural->setSelectedColor(theme::color(theme::Role::Muted)); // cut by the filters: greyed
    m_shaped->setColor(theme::color(theme::Role::Accent));
    m_barSeries = new QHorizontalBarSeries;
    m_barSeries->append(m_natural);
    m_barSeries->append(m_shaped);
    m_barSeries->setBarWidth(0.85);
    m_cumulative = charts::lineSeries(tr("cumulative (top axis)"),
                                      theme::color(theme::Role::Secondary), 2);
    m_cut = charts::lineSeries(QString(), theme::color(theme::Role::Marker), 2, Qt::DashLine);
    m_chart->addSeries(m_barSeries);
    m_chart->addSeries(m_cumulative);
    m_chart->addSeries(m_cut);

    m_tokenAxis = new QBarCategoryAxis;
    m_tokenAxis->setTitleText(tr("next token"));
    m_tokenAxis->setTruncateLabels(false);
    m_linearAxis = charts::makeAxis(tr("probability"), 0, 1, QStringLiteral("%.2f"));
    m_logAxis = new QLogValueAxis(this);
    m_logAxis->setBase(10);
    m_logAxis->setRange(kLogFloor, 1.0);
    m_logAxis->setLabelFormat(QStringLiteral("%.0e"));
    m_logAxis->setTitleText(tr("probability (log scale)"));
    m_cumulativeAxis = charts::makeAxis(tr("cumulative"), 0, 1, QStringLiteral("%.1f"));
    m_cumulativeAxis->setGridLineVisible(false);
    m_chart->addAxis(m_tokenAxis, Qt::AlignLeft);
    m_chart->addAxis(m_linearAxis, Qt::AlignBottom);
    m_chart->addAxis(m_cumulativeAxis, Qt::AlignTop);
    theme::applyTo(m_chart);
    m_cumulativeAxis->setLabelsColor(theme::asText(theme::color(theme::Role::Secondary)));
    m_cumulativeAxis->setTitleBrush(theme::asText(theme::color(theme::Role::Secondary)));
    m_barSeries->attachAxis(m_tokenAxis);
    m_barSeries->attachAxis(m_linearAxis);
    for (QLineSeries* line : {m_cumulative, m_cut}) {
        line->attachAxis(m_tokenAxis);
        line->attachAxis(m_cumulativeAxis);
    }
}

void SamplingView::drawChart()
{
    // Horizontal bars keep token labels legible; the most probable token is drawn at the top,
    // so categories are appended from the last bar to the first.
    const int n = int(m_stage->bars.size());
    m_chartView->setMinimumHeight(std::max(280, 16 * n + 110));
    const bool log = state().flag("log");
    QStringList labels;
    QList<qreal> natural, shaped;
    QList<int> cut;
    QList<QPointF> cumulative;
    std::vector<double> running(std::size_t(n), 0.0);
    int boundary = -1;
    double sum = 0;
    for (int i = 0; i < n; ++i) {
        const auto id = std::size_t(m_stage->bars[std::size_t(i)]);
        sum += m_stage->sampling.topK[id];
        running[std::size_t(i)] = sum;
        if (boundary < 0 && m_stage->sampling.topP[id] == 0 && m_stage->sampling.topK[id] > 0)
            boundary = i;
    }
    double top = 0;
    for (int i = n - 1; i >= 0; --i) {
        const auto id = std::size_t(m_stage->bars[std::size_t(i)]);
        const double before = m_stage->sampling.softmax[id],
                     after = m_stage->sampling.finalDistribution()[id];
        natural << (log ? std::max(before, kLogFloor) : before);
        shaped << (log ? std::max(after, kLogFloor) : after);
        if (after == 0)
            cut << n - 1 - i;
        top = std::max({top, before, after});
        labels << piece(int(id));
        cumulative.append({running[std::size_t(i)], double(n - 1 - i)});
    }
    if (m_tokenAxis->categories() != labels) {
        m_tokenAxis->clear();
        m_tokenAxis->append(labels);
    }
    m_natural->deselectAllBars();
    m_natural->remove(0, m_natural->count());
    m_natural->append(natural);
    m_natural->selectBars(cut);
    m_shaped->remove(0, m_shaped->count());
    m_shaped->append(shaped);
    m_cumulative->replace(cumulative);
    // Swap the value axis after the values: a log axis must never see the zeros of a linear one.
    QAbstractAxis* x = log ? static_cast<QAbstractAxis*>(m_logAxis) : m_linearAxis;
    if (!m_barSeries->attachedAxes().contains(x)) {
        QAbstractAxis* old = log ? static_cast<QAbstractAxis*>(m_linearAxis) : m_logAxis;
        m_barSeries->detachAxis(old);
        m_chart->removeAxis(old); // hands it back: kept for the next toggle
        old->setParent(this);
        m_chart->addAxis(x, Qt::AlignBottom);
        m_barSeries->attachAxis(x);
    }
    if (!log) {
        m_linearAxis->setRange(0, std::min(1.0, top * 1.05 + 1e-3));
        m_linearAxis->applyNiceNumbers();
        if (m_linearAxis->max() > 1)
            m_linearAxis->setRange(0, 1);
    }
    if (boundary > 0) {
        const double at = double(n - boundary) - 0.5;
        m_cut->replace({{0.0, at}, {1.0, at}});
    } else {
        m_cut->clear();
    }
}

QString SamplingView::readout() const
{
    if (m_stage->sampling.kept.empty())
        return {};
    const auto& final = m_stage->sampling.finalDistribution();
    const auto top = std::size_t(m_stage->topToken);
    QString text =
        tr("Entropy <b>%1 bits</b> · kept <b>%2</b> of %3 tokens · top token <b>%4</b> %5")
            .arg(m_stage->sampling.entropyBits, 0, 'f', 2)
            .arg(m_stage->sampling.kept.size())
            .arg(final.size())
            .arg(piece(int(top)).toHtmlEscaped(), percent(final[top]));
    if (!m_stage->sampling.draws.empty()) {
        const int drawn = m_stage->sampling.draws.front();
        text += tr(" · seed %1 draws <b>%2</b> (%3)")
                    .arg(state().integer("seed"))
                    .arg(piece(drawn).toHtmlEscaped(), percent(final[std::size_t(drawn)]));
    }
    return text;
}

void SamplingView::updateNotice()
{
    m_readout->setText(readout());
    const mllab::SamplingConfig c = mllab::labs::samplingLabParams(state()).config;
    const auto lead = std::size_t(m_stage->bars.empty() ? 0 : m_stage->bars.front());
    const QString leader = QStringLiteral("“%1”").arg(piece(int(lead)).toHtmlEscaped());
    QString text;
    if (c.temperature == 0) {
        text = tr("T = 0 is greedy decoding: all probability goes to %1 (it had %2 at T = 1), so "
                  "every run writes the same text. ")
                   .arg(leader, percent(m_stage->sampling.softmax[lead]));
    } else if (std::abs(c.temperature - 1) < 1e-9) {
        text = tr("T = 1 is the model's own distribution: %1 leads with %2, entropy %3 bits. Lower "
                  "T sharpens it toward the top token; higher T flattens the tail. ")
                   .arg(leader, percent(m_stage->sampling.softmax[lead]))
                   .arg(m_stage->softmaxEntropyBits, 0, 'f', 2);
    } else {
        text = tr("T = %1 divides the logits by %1 and %2 the distribution: %3 goes from %4 at "
                  "T = 1 to %5, the entropy from %6 to %7 bits. ")
                   .arg(c.temperature, 0, 'f', 2)
                   .arg(c.temperature < 1 ? tr("sharpens") : tr("flattens"), leader,
                        percent(m_stage->sampling.softmax[lead]),
                        percent(m_stage->sampling.temperature[lead]))
                   .arg(m_stage->softmaxEntropyBits, 0, 'f', 2)
                   .arg(m_stage->temperatureEntropyBits, 0, 'f', 2);
    }
    QStringList cuts;
    if (c.topK > 0)
        cuts << tr("top-k %1 keeps the %1 most probable").arg(c.topK);
    if (c.topP < 1)
        cuts << tr("top-p %1 keeps the fewest top tokens reaching %1 of the mass (%2, above "
                   "the dashed line)")
                    .arg(c.topP, 0, 'f', 2)
                    .arg(qulonglong(m_stage->topPKept));
    if (c.minP > 0)
        cuts << tr("min-p %1 drops tokens below %1 × the top token's probability")
                    .arg(c.minP, 0, 'f', 2);
    const int kept = int(m_stage->sampling.kept.size());
    if (!cuts.isEmpty())
        text += tr("Then %1: %2 of %3 tokens remain, renormalised to sum to 1; sampling picks "
                   "only those.")
                    .arg(cuts.join(QStringLiteral("; ")))
                    .arg(kept)
                    .arg(m_stage->sampling.softmax.size());
    else if (c.temperature != 0)
        text += tr("No filter is on: all %1 tokens can be drawn.").arg(kept);
    if (m_logits->next.prompt.droppedTokens > 0)
        text += tr(" The prompt was longer than the context: its first %1 tokens were dropped.")
                    .arg(m_logits->next.prompt.droppedTokens);
    setNotice(text);
}

void SamplingView::generate()
{
    const mllab::labs::SamplingLabParams p = params();
    changeParameter(QStringLiteral("view"), std::string("generate"));
    jobs()->submit(
        labId() + QStringLiteral("/generate"), tr("Generating %n token(s)", nullptr, p.tokens), this,
        [p](const mllab::Progress& progress) {
            return mllab::labs::computeGeneration(withModel(p), progress);
        },
        [this](const std::vector<mllab::GeneratedText>& results) { showGenerated(results); },
        [this](const QString& message) { showError(message); });
}

void SamplingView::showGenerated(const std::vector<mllab::GeneratedText>& results)
{
    clearError();
    const std::vector<mllab::GenerateParams> runs =
        mllab::labs::generationRuns(mllab::labs::samplingLabParams(state()));
    for (int i = 0; i < 2; ++i) {
        const bool used = i < int(results.size()) && i < int(runs.size());
        m_column[i]->setVisible(used);
        if (!used)
            continue;
        const auto& c = runs[std::size_t(i)].sampling;
        m_outputTitle[i]->setText(tr("<b>%1</b>: T = %2, top-k %3, top-p %4, min-p %5, seed %6")
                                      .arg(i == 0 ? QStringLiteral("A") : QStringLiteral("B"))
                                      .arg(c.temperature, 0, 'f', 2)
                                      .arg(c.topK > 0 ? QString::number(c.topK) : tr("off"))
                                      .arg(c.topP, 0, 'f', 2)
                                      .arg(c.minP, 0, 'f', 2)
                                      .arg(runs[std::size_t(i)].seed));
        const QString muted = theme::color(theme::Role::Muted).name();
        QString html = QStringLiteral("<span style='color:%1'>%2</span>")
                           .arg(muted, QString::fromStdString(state().text("prompt")).toHtmlEscaped());
        m_generated[std::size_t(i)].clear();
        const auto& r = results[std::size_t(i)];
        for (std::size_t t = 0; t < r.ids.size(); ++t) {
            QString shown = QString::fromStdString(r.pieces[t]);
            shown.replace(QStringLiteral("␣"), QStringLiteral(" ")).replace(QStringLiteral("↵"), QStringLiteral("\n"));
            m_generated[std::size_t(i)] += shown;
            const QColor background = probabilityColour(r.probs[t]);
            html += QStringLiteral("<span style='background:%1; color:%2'>%3</span>")
                        .arg(background.name(), theme::textOn(background).name(),
                             shown.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
        }
        html += QStringLiteral("<p style='color:%1'>%2</p>")
                    .arg(muted, tr("Background: probability the token had when drawn, from the "
                                   "warm tint (low) to the green one (high)."));
        m_output[i]->setHtml(html);
    }
    Q_EMIT resultShown();
}

QString SamplingView::piece(int id) const
{
    const auto& pieces = m_logits->pieces;
    return id >= 0 && std::size_t(id) < pieces.size() ? tokenText(pieces[std::size_t(id)]) : QString::number(id);
}

QString SamplingView::generatedText(int column) const
{
    return m_generated[std::size_t(column)];
}

void SamplingView::compareDecoders()
{
    const mllab::labs::SamplingLabParams p = params();
    changeParameter(QStringLiteral("view"), std::string("decoding"));
    jobs()->submit(
        labId() + QStringLiteral("/decode"), tr("Greedy, beam and sampled decoding"), this,
        [p](const mllab::Progress& progress) {
            return mllab::labs::computeDecoding(withModel(p), progress);
        },
        [this](const std::vector<mllab::DecodedSequence>& rows) { showDecoded(rows); },
        [this](const QString& message) { showError(message); });
}

void SamplingView::showDecoded(const std::vector<mllab::DecodedSequence>& rows)
{
    clearError();
    m_decoding->setRowCount(int(rows.size()));
    int best = 0;
    for (int r = 0; r < int(rows.size()); ++r) {
        const auto& s = rows[std::size_t(r)];
        QString method = tr("%1\n%2 tokens").arg(QString::fromStdString(s.method)).arg(s.ids.size());
        if (s.method == "beam")
            method += tr("\nscore %1").arg(s.score, 0, 'f', 3);
        const QStringList cells = {method, QString::fromUtf8(s.text.data(), qsizetype(s.text.size())),
                                   QString::number(s.logProb, 'f', 2)};
        for (int c = 0; c < 3; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setTextAlignment(Qt::AlignTop | (c == 2 ? Qt::AlignRight : Qt::AlignLeft));
            m_decoding->setItem(r, c, item);
        }
        if (s.logProb > rows[std::size_t(best)].logProb)
            best = r;
    }
    m_decoding->resizeRowsToContents();
    if (!rows.empty())
        m_decodingCaption->setText(
            tr("The same prompt continued greedily, by beam search (width %1; it ranks by "
               "score = log P / tokens^α, α = %2) and by sampling with the current "
               "settings. log P is the natural-log probability at T = 1; the highest here "
               "is <b>%3</b>: beam search keeps several candidates, so it can find a "
               "sequence greedy decoding missed; sampling trades probability for "
               "variety.")
                .arg(state().integer("beam_width"))
                .arg(state().number("length_penalty"), 0, 'f', 2)
                .arg(QString::fromStdString(rows[std::size_t(best)].method)));
    Q_EMIT resultShown();
}

QString SamplingView::resultCsv() const
{
    QString csv = QStringLiteral("token_id,piece,p_t1,p_temperature,p_top_k,p_top_p,p_final\n");
    for (int id : m_stage->bars) {
        const auto i = std::size_t(id);
        QString text = piece(id);
        text.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        csv += QStringLiteral("%1,\"%2\",%3,%4,%5,%6,%7\n")
                   .arg(id)
                   .arg(text)
                   .arg(m_stage->sampling.softmax[i], 0, 'g', 10)
                   .arg(m_stage->sampling.temperature[i], 0, 'g', 10)
                   .arg(m_stage->sampling.topK[i], 0, 'g', 10)
                   .arg(m_stage->sampling.topP[i], 0, 'g', 10)
                   .arg(m_stage->sampling.finalDistribution()[i], 0, 'g', 10);
    }
    return csv;
}

QList<KeyNumber> SamplingView::keyNumbers() const
{
    const auto& s = m_stage->sampling;
    if (s.kept.empty())
        return {};
    return {{tr("entropy"), labtext::fixed(s.entropyBits, 2) + tr(" bits")},
            {tr("tokens kept"), labtext::count(static_cast<long long>(s.kept.size()))}};
}
