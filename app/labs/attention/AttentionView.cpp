#include "app/labs/attention/AttentionView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"
#include "app/labs/ModelPickerControl.h"
#include "app/labs/ParameterPanel.h"
#include "app/widgets/AttentionHeatmap.h"
#include "app/widgets/ModelLibrary.h"
#include "app/widgets/ModelPicker.h"
#include "engine/lm/model.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace {

QString headName(int head)
{
    return head == 0 ? QStringLiteral("mean") : QString::number(head);
}

} // namespace

AttentionView::AttentionView(JobRunner* jobs, QWidget* parent)
    : LabView(mllab::labs::attentionLabSpec(), jobs, parent)
{
    setUpPanel();
    m_tabs = new QTabWidget;
    m_tabs->addTab(makeHeatmapPage(), tr("Heatmap"));
    m_tabs->addTab(makeHeadsPage(), tr("All heads"));
    m_entropyChart = charts::makeChart(QString(), QStringLiteral("entropy"));
    QChartView* entropyView = charts::makeChartView(m_entropyChart);
    entropyView->setMinimumSize(320, 240);
    m_tabs->addTab(entropyView, tr("Entropy"));
    chartLayout()->addWidget(m_tabs);
    bindTabs(QStringLiteral("view"), m_tabs);
}

void AttentionView::setUpPanel()
{
    ParameterPanel* panel = parameterPanel();
    // Labels above the fields keep the panel narrow, leaving the width to the heatmap.
    panel->setLabelsAbove(true);
    auto model = std::make_unique<ModelPickerControl>(*spec().find("model"));
    model->picker()->setMinimumContentsLength(10);
    panel->replaceControl(QStringLiteral("model"), std::move(model));
    m_tokenInfo = new QLabel;
    m_tokenInfo->setWordWrap(false); // wrapped labels get too little height in a form layout
    panel->addRow(QString(), m_tokenInfo, QStringLiteral("prompt"));
}

QWidget* AttentionView::makeHeatmapPage()
{
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    m_truncation = new QLabel;
    m_truncation->setWordWrap(true);
    m_truncation->setStyleSheet(theme::cautionStyle());
    m_truncation->hide();
    m_entropyLabel = new QLabel;
    m_entropyLabel->setWordWrap(true);
    m_heatmap = new AttentionHeatmap(false);
    m_heatmap->setObjectName(QStringLiteral("heatmap"));
    layout->addWidget(m_truncation);
    layout->addWidget(m_entropyLabel);
    layout->addWidget(m_heatmap, 1);
    return page;
}

QWidget* AttentionView::makeHeadsPage()
{
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    m_gridCaption = new QLabel;
    m_gridCaption->setWordWrap(true);
    layout->addWidget(m_gridCaption);
    m_grid = new QGridLayout;
    layout->addLayout(m_grid, 1);
    return page;
}

void AttentionView::parameterChanged(const QString& key)
{
    // A new model or prompt recomputes (text boxes report after a pause in typing already);
    // layer, head, scaling and tab only redraw, in stateShown().
    if (key == QLatin1String("model") || key == QLatin1String("prompt"))
        refresh();
}

void AttentionView::refresh()
{
    const mllab::labs::AttentionLabParams params = mllab::labs::attentionLabParams(state());
    run(tr("Attention maps"),
        [params](const mllab::Progress& progress) {
            mllab::labs::AttentionLabParams p = params;
            p.model = ModelLibrary::load(QString::fromStdString(p.modelPath)); // kept loaded
            return mllab::labs::computeAttentionLab(p, progress);
        },
        [this](const mllab::labs::AttentionLabResult& r) { showResult(r); });
}

void AttentionView::showResult(const mllab::labs::AttentionLabResult& result)
{
    clearError();
    const bool shapeChanged = !m_hasResult || result.maps.layers != m_result.maps.layers ||
                              result.maps.heads != m_result.maps.heads;
    m_result = result;
    m_hasResult = true;
    m_drawn = false;
    m_tokens.clear();
    for (const auto& piece : result.maps.prompt.pieces)
        m_tokens << QString::fromStdString(piece);
    // A state made for a larger model shows this model's last layer and head, as the engine does.
    setLargest(QStringLiteral("layer"), result.maps.layers);
    setLargest(QStringLiteral("head"), result.maps.heads);
    showPromptTokens();
    if (shapeChanged)
        rebuildThumbnails();
    redraw();
    Q_EMIT resultShown();
}

void AttentionView::showPromptTokens()
{
    const mllab::AttentionMapsResult& r = m_result.maps;
    const int n = int(r.prompt.ids.size());
    m_tokenInfo->setText(tr("%1 of %2 context tokens\nd_k = %3 per head")
                             .arg(n)
                             .arg(r.contextLength)
                             .arg(r.headSize));
    if (r.prompt.droppedTokens > 0) {
        m_truncation->setText(tr("The prompt has %1 tokens but the model's context holds %2: the "
                                 "first %3 were dropped, and the maps show the last %2.")
                                  .arg(n + r.prompt.droppedTokens)
                                  .arg(r.contextLength)
                                  .arg(r.prompt.droppedTokens));
        m_truncation->show();
    } else {
        m_truncation->hide();
    }
}

void AttentionView::stateShown()
{
    redraw();
}

const mllab::AttentionMap& AttentionView::shownMap() const
{
    static const mllab::AttentionMap empty;
    return m_hasResult ? mllab::labs::selectedMap(m_result.maps, m_result.shown) : empty;
}

QString AttentionView::selectionName() const
{
    const mllab::labs::AttentionSelection& s = m_result.shown;
    return s.head == 0 ? tr("layer %1, mean over heads").arg(s.layer)
                       : tr("layer %1, head %2").arg(s.layer).arg(s.head);
}

QString AttentionView::entropyText() const
{
    if (!m_hasResult)
        return {};
    const mllab::labs::AttentionSelection& s = m_result.shown;
    return tr("Mean row entropy: <b>%1 bits</b> with 1/√d_k, <b>%2 bits</b> without "
              "(uniform: %3 bits)")
        .arg(QString::number(s.entropyScaled, 'f', 2), QString::number(s.entropyUnscaled, 'f', 2),
             QString::number(m_result.maps.uniformEntropy, 'f', 2));
}

void AttentionView::rebuildThumbnails()
{
    qDeleteAll(m_thumbnails);
    m_thumbnails.clear();
    const int heads = m_result.maps.heads;
    const int columns = heads + 1 <= 3 ? heads + 1 : int(std::ceil(std::sqrt(double(heads + 1))));
    for (int h = 0; h <= heads; ++h) {
        auto* thumb = new AttentionHeatmap(true);
        const int head = h < heads ? h + 1 : 0; // the mean comes last
        thumb->setToolTip(tr("Click to open this map in the heatmap tab"));
        connect(thumb, &AttentionHeatmap::clicked, this, [this, head] {
            changeParameter(QStringLiteral("head"), static_cast<long long>(head));
            changeParameter(QStringLiteral("view"), std::string("heatmap"));
        });
        thumb->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
        m_grid->addWidget(thumb, h / columns, h % columns);
        m_thumbnails.append(thumb);
    }
    for (int row = 0; row < m_grid->rowCount(); ++row)
        m_grid->setRowStretch(row, 0);
    m_grid->setRowStretch(heads / columns + 1, 1); // an empty last row takes the slack
}

void AttentionView::fillThumbnails()
{
    const mllab::labs::AttentionSelection& s = m_result.shown;
    const mllab::AttentionSet& set = s.scaled ? m_result.maps.scaled : m_result.maps.unscaled;
    const std::size_t layer = std::size_t(s.layer - 1);
    const int heads = m_result.maps.heads;
    for (int h = 0; h <= heads && h < m_thumbnails.size(); ++h) {
        AttentionHeatmap* thumb = m_thumbnails[h];
        if (h < heads) {
            thumb->setMap(set.heads[layer][std::size_t(h)], m_tokens);
            thumb->setTitle(tr("Head %1 · %2 bits")
                                .arg(h + 1)
                                .arg(set.headEntropy[layer][std::size_t(h)], 0, 'f', 2));
        } else {
            thumb->setMap(set.meanOverHeads[layer], m_tokens);
            thumb->setTitle(tr("Mean · %1 bits").arg(set.meanMapEntropy[layer], 0, 'f', 2));
        }
    }
    m_gridCaption->setText(tr("Every head of layer %1 (%2), mean row entropy in each title. Click "
                              "one to open it.")
                               .arg(s.layer)
                               .arg(s.scaled ? tr("with 1/√d_k") : tr("without 1/√d_k")));
}

void AttentionView::redraw()
{
    if (!m_hasResult)
        return;
    const mllab::labs::AttentionSelection s =
        mllab::labs::selectAttention(m_result.maps, int(state().integer("layer")),
                                     int(state().integer("head")), state().flag("scaled"));
    const mllab::labs::AttentionSelection& drawn = m_result.shown;
    if (m_drawn && s.layer == drawn.layer && s.head == drawn.head && s.scaled == drawn.scaled)
        return; // another key changed (the tab, the prompt before its maps arrive)
    const bool mapsChanged = !m_drawn || s.layer != drawn.layer || s.scaled != drawn.scaled;
    m_result.shown = s;
    m_drawn = true;
    m_heatmap->setMap(shownMap(), m_tokens);
    m_heatmap->setTitle(tr("Attention weights, %1%2")
                            .arg(selectionName(), s.scaled ? QString() : tr(" (without 1/√d_k)")));
    if (mapsChanged)
        fillThumbnails();
    for (int i = 0; i < m_thumbnails.size(); ++i) {
        const int head = i < m_result.maps.heads ? i + 1 : 0;
        m_thumbnails[i]->setSelected(head == s.head);
    }
    m_entropyLabel->setText(entropyText());
    updateEntropyChart();
    updateNotice();
}

void AttentionView::updateEntropyChart()
{
    const mllab::AttentionMapsResult& r = m_result.maps;
    const std::size_t layer = std::size_t(m_result.shown.layer - 1);
    charts::clearChart(m_entropyChart);
    auto* scaled = charts::barSet(tr("with 1/√d_k"), theme::color(theme::Role::Accent));
    auto* unscaled = charts::barSet(tr("without 1/√d_k"), theme::color(theme::Role::Secondary));
    QStringList categories;
    double top = r.uniformEntropy;
    for (int h = 0; h <= r.heads; ++h) {
        const bool mean = h == r.heads;
        const double s = mean ? r.scaled.meanMapEntropy[layer]
                              : r.scaled.headEntropy[layer][std::size_t(h)];
        const double u = mean ? r.unscaled.meanMapEntropy[layer]
                              : r.unscaled.headEntropy[layer][std::size_t(h)];
        scaled->append(s);
        unscaled->append(u);
        top = std::max({top, s, u});
        categories << (mean ? tr("mean") : tr("head %1").arg(h + 1));
    }
    auto* series = new QBarSeries;
    series->append(scaled);
    series->append(unscaled);
    auto* x = new QBarCategoryAxis;
    x->append(categories);
    x->setTitleText(tr("layer %1").arg(m_result.shown.layer));
    QValueAxis* y =
        charts::makeAxis(tr("mean row entropy (bits)"), 0, top * 1.1, QStringLiteral("%.1f"));
    y->setRange(0, top * 1.1);
    m_entropyChart->addAxis(x, Qt::AlignBottom);
    m_entropyChart->addAxis(y, Qt::AlignLeft);
    charts::addSeries(m_entropyChart, series, x, y);
    theme::applyTo(m_entropyChart); // the category axis in the palette's colours
    m_entropyChart->setTitle(
        tr("Mean row entropy per head (uniform: %1 bits)").arg(r.uniformEntropy, 0, 'f', 2));
}

void AttentionView::updateNotice()
{
    const mllab::labs::AttentionSelection& s = m_result.shown;
    const mllab::AttentionMapsResult& r = m_result.maps;
    QString pattern;
    if (s.focus.previousToken >= 0.5)
        pattern = tr("%1% of the rows put their largest weight on the token just before the query: "
                     "a previous-token pattern. ")
                      .arg(qRound(100 * s.focus.previousToken));
    else if (s.focus.firstToken >= 0.5)
        pattern = tr("%1% of the rows put their largest weight on the first token, a common "
                     "\"attention sink\" when nothing else is relevant. ")
                      .arg(qRound(100 * s.focus.firstToken));
    else if (s.focus.self >= 0.5)
        pattern = tr("%1% of the rows attend most to the query token itself. ")
                      .arg(qRound(100 * s.focus.self));
    const double factor = std::sqrt(double(r.headSize));
    QString text =
        tr("In %1 the rows spread over %2 bits on average (uniform would be %3). %4"
           "Drop the 1/√d_k (d_k = %5) and the same scores come out %6× larger: the "
           "softmax saturates to %7 bits, nearly one-hot rows whose gradients vanish. "
           "Every row sums to 1 and nothing above the diagonal is seen: the causal mask.")
            .arg(selectionName(), QString::number(s.entropyScaled, 'f', 2),
                 QString::number(r.uniformEntropy, 'f', 2), pattern)
            .arg(r.headSize)
            .arg(factor, 0, 'f', 1)
            .arg(s.entropyUnscaled, 0, 'f', 2);
    if (r.prompt.droppedTokens > 0)
        text += tr(" The prompt was cut: only the last %1 tokens fit the context.")
                    .arg(r.contextLength);
    setNotice(text);
}

QString AttentionView::resultCsv() const
{
    QString csv = QStringLiteral("layer,head,scaled,query,query_token,key,key_token,weight\n");
    if (!m_hasResult)
        return csv;
    const mllab::labs::AttentionSelection& s = m_result.shown;
    const auto& map = shownMap();
    const QStringList selection{QString::number(s.layer), headName(s.head),
                                s.scaled ? QStringLiteral("true") : QStringLiteral("false")};
    for (std::size_t q = 0; q < map.size(); ++q)
        for (std::size_t k = 0; k <= q; ++k)
            csv += labtext::csvRow(selection + QStringList{
                                                   QString::number(q + 1),
                                                   labtext::csvField(m_tokens.value(int(q))),
                                                   QString::number(k + 1),
                                                   labtext::csvField(m_tokens.value(int(k))),
                                                   labtext::exact(double(map[q][k])),
                                               });
    return csv;
}

QList<KeyNumber> AttentionView::keyNumbers() const
{
    if (!m_hasResult)
        return {};
    return {
        {tr("entropy"), labtext::fixed(m_result.shown.entropyScaled, 2) + tr(" bits")},
        {tr("without 1/√d_k"), labtext::fixed(m_result.shown.entropyUnscaled, 2) + tr(" bits")}};
}
