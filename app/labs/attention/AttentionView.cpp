#include "app/labs/attention/AttentionView.h"

#include "app/jobs/JobRunner.h"
#include "app/widgets/ModelLibrary.h"
#include "app/widgets/AttentionHeatmap.h"
#include "app/widgets/CompactTextEdit.h"
#include "app/widgets/ModelPicker.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace {

constexpr int kMaxLayers = 64;
constexpr int kMaxHeads = 64;
const QString kViews[] = {QStringLiteral("heatmap"), QStringLiteral("heads"),
                          QStringLiteral("entropy")};

QString csvField(const QString& text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

bool parseBool(const QString& value, bool* ok)
{
    const QString v = value.trimmed().toLower();
    *ok = true;
    if (v == QLatin1String("1") || v == QLatin1String("true") || v == QLatin1String("on") ||
        v == QLatin1String("yes"))
        return true;
    if (v == QLatin1String("0") || v == QLatin1String("false") || v == QLatin1String("off") ||
        v == QLatin1String("no"))
        return false;
    *ok = false;
    return false;
}

} // namespace

QString AttentionView::defaultPrompt()
{
    return QStringLiteral("Attention lets each token look back at the tokens before it. "
                          "Attention lets each token look back");
}

AttentionView::AttentionView(JobRunner* jobs, QWidget* parent)
    : LabView(QStringLiteral("attention"), jobs, parent)
{
    m_params.prompt = defaultPrompt();

    m_picker = new ModelPicker;
    m_prompt = new CompactTextEdit(6);
    m_prompt->setToolTip(
        tr("The text the model reads; longer than the context, it keeps the last tokens"));
    m_promptTimer = new QTimer(this);
    m_promptTimer->setSingleShot(true);
    m_promptTimer->setInterval(350);
    m_tokenInfo = new QLabel;
    m_tokenInfo->setWordWrap(false);  // wrapped labels get too little height in a form layout
    m_layer = new QSpinBox;
    m_layer->setRange(1, 1);
    m_head = new QComboBox;
    m_scaled = new QCheckBox(tr("Scale scores by 1/√d_k"));
    m_scaled->setToolTip(tr("Off: the softmax of the raw dot products QKᵀ, as if the scaling "
                            "were forgotten"));

    // Labels above the fields keep the panel narrow, leaving the width to the heatmap.
    parameterForm()->setRowWrapPolicy(QFormLayout::WrapAllRows);
    m_prompt->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_prompt->setMinimumWidth(100);
    m_prompt->setMinimumHeight(60);
    m_picker->setMinimumContentsLength(10);
    parameterForm()->addRow(tr("Model:"), m_picker);
    parameterForm()->addRow(tr("Prompt:"), m_prompt);
    parameterForm()->addRow(QString(), m_tokenInfo);
    auto* selectors = new QWidget;
    auto* selectorRow = new QHBoxLayout(selectors);
    selectorRow->setContentsMargins(0, 0, 0, 0);
    selectorRow->addWidget(m_layer);
    selectorRow->addWidget(m_head, 1);
    parameterForm()->addRow(tr("Layer and head:"), selectors);
    parameterForm()->addRow(m_scaled);

    m_tabs = new QTabWidget;
    auto* heatPage = new QWidget;
    auto* heatLayout = new QVBoxLayout(heatPage);
    m_truncation = new QLabel;
    m_truncation->setWordWrap(true);
    m_truncation->setStyleSheet(QStringLiteral("QLabel { background: #fff4e0; border: 1px solid "
                                               "#f0d39c; border-radius: 4px; padding: 4px; }"));
    m_truncation->hide();
    m_entropyLabel = new QLabel;
    m_entropyLabel->setWordWrap(true);
    m_heatmap = new AttentionHeatmap(false);
    heatLayout->addWidget(m_truncation);
    heatLayout->addWidget(m_entropyLabel);
    heatLayout->addWidget(m_heatmap, 1);
    m_tabs->addTab(heatPage, tr("Heatmap"));

    m_gridPage = new QWidget;
    auto* gridOuter = new QVBoxLayout(m_gridPage);
    m_gridCaption = new QLabel;
    m_gridCaption->setWordWrap(true);
    gridOuter->addWidget(m_gridCaption);
    m_grid = new QGridLayout;
    gridOuter->addLayout(m_grid, 1);
    m_tabs->addTab(m_gridPage, tr("All heads"));

    m_entropyChart = new QChart;
    m_entropyChart->setAnimationOptions(QChart::NoAnimation);
    m_entropyChart->legend()->setAlignment(Qt::AlignBottom);
    auto* chartView = new QChartView(m_entropyChart);
    chartView->setRenderHint(QPainter::Antialiasing);
    chartView->setMinimumSize(320, 240);
    m_tabs->addTab(chartView, tr("Entropy"));
    chartLayout()->addWidget(m_tabs);

    syncControls();
    connect(m_picker, &ModelPicker::modelChanged, this, [this](const QString& path) {
        m_params.modelPath = path;
        refresh();
    });
    connect(m_prompt, &QPlainTextEdit::textChanged, this, [this] {
        m_params.prompt = m_prompt->toPlainText();
        m_promptTimer->start();
    });
    connect(m_promptTimer, &QTimer::timeout, this, &AttentionView::refresh);
    connect(m_layer, &QSpinBox::valueChanged, this, [this](int layer) {
        m_params.layer = layer;
        rebuildThumbnails();
        redraw();
    });
    connect(m_head, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index < 0)
            return;
        m_params.head = m_head->itemData(index).toInt();
        redraw();
    });
    connect(m_scaled, &QCheckBox::toggled, this, [this](bool on) {
        m_params.scaled = on;
        rebuildThumbnails();
        redraw();
    });
}

QMap<QString, QString> AttentionView::parameters() const
{
    return {{QStringLiteral("model"), m_params.modelPath},
            {QStringLiteral("prompt"), m_params.prompt},
            {QStringLiteral("layer"), QString::number(m_params.layer)},
            {QStringLiteral("head"),
             m_params.head == 0 ? QStringLiteral("mean") : QString::number(m_params.head)},
            {QStringLiteral("scaled"),
             m_params.scaled ? QStringLiteral("true") : QStringLiteral("false")},
            {QStringLiteral("view"), kViews[m_tabs->currentIndex()]}};
}

QString AttentionView::setParameter(const QString& key, const QString& value)
{
    const int layers = m_hasResult ? m_result.layers : kMaxLayers;
    const int heads = m_hasResult ? m_result.heads : kMaxHeads;
    bool ok = false;
    if (key == QLatin1String("model")) {
        if (!m_picker->selectPath(value))
            return tr("model '%1' is not in the model list (the shipped model or one trained in "
                      "the app)")
                .arg(value);
        m_params.modelPath = value;
    } else if (key == QLatin1String("prompt")) {
        m_params.prompt = value;
    } else if (key == QLatin1String("layer")) {
        const int layer = value.toInt(&ok);
        if (!ok || layer < 1 || layer > layers)
            return tr("layer must be a whole number from 1 to %1 (got '%2')")
                .arg(layers)
                .arg(value);
        m_params.layer = layer;
    } else if (key == QLatin1String("head")) {
        if (value.trimmed().toLower() == QLatin1String("mean")) {
            m_params.head = 0;
        } else {
            const int head = value.toInt(&ok);
            if (!ok || head < 1 || head > heads)
                return tr("head must be 'mean' or a whole number from 1 to %1 (got '%2')")
                    .arg(heads)
                    .arg(value);
            m_params.head = head;
        }
    } else if (key == QLatin1String("scaled")) {
        const bool scaled = parseBool(value, &ok);
        if (!ok)
            return tr("scaled must be true or false (got '%1')").arg(value);
        m_params.scaled = scaled;
    } else if (key == QLatin1String("view")) {
        const int index =
            int(std::find(std::begin(kViews), std::end(kViews), value) - std::begin(kViews));
        if (index >= int(std::size(kViews)))
            return tr("view must be heatmap, heads or entropy (got '%1')").arg(value);
        m_tabs->setCurrentIndex(index);
    } else {
        return tr("unknown parameter '%1' (known: model, prompt, layer, head, scaled, view)")
            .arg(key);
    }
    syncControls();
    if (m_hasResult) {
        rebuildThumbnails();
        redraw();
    }
    return {};
}

void AttentionView::resetParameters()
{
    const QString model = m_params.modelPath;
    m_params = {};
    m_params.modelPath = model;
    m_params.prompt = defaultPrompt();
    syncControls();
    refresh();
}

void AttentionView::syncControls()
{
    const QSignalBlocker b1(m_prompt), b2(m_layer), b3(m_head), b4(m_scaled);
    if (m_prompt->toPlainText() != m_params.prompt)
        m_prompt->setPlainText(m_params.prompt);
    const int layers = m_hasResult ? m_result.layers : std::max(1, m_params.layer);
    const int heads = m_hasResult ? m_result.heads : std::max(1, m_params.head);
    m_layer->setRange(1, layers);
    m_layer->setValue(m_params.layer);
    if (m_head->count() != heads + 1) {
        m_head->clear();
        m_head->addItem(tr("Mean over heads"), 0);
        for (int h = 1; h <= heads; ++h)
            m_head->addItem(tr("Head %1").arg(h), h);
    }
    m_head->setCurrentIndex(m_head->findData(m_params.head));
    m_scaled->setChecked(m_params.scaled);
}

void AttentionView::refresh()
{
    m_promptTimer->stop();
    if (m_params.modelPath.isEmpty())
        m_params.modelPath = m_picker->currentPath();
    const QString path = m_params.modelPath;
    const std::string prompt = m_params.prompt.toStdString();
    jobs()->submit<mllab::AttentionMapsResult>(
        labId(), tr("Attention maps"),
        [path, prompt](const mllab::Progress& progress) {
            mllab::AttentionMapsParams p;
            p.model = ModelLibrary::load(path);
            p.prompt = prompt;
            return mllab::computeAttentionMaps(p, progress);
        },
        [this](const mllab::AttentionMapsResult& r) { showResult(r); },
        [this](const QString& message) { showError(message); });
}

void AttentionView::showResult(const mllab::AttentionMapsResult& result)
{
    clearError();
    const bool shapeChanged =
        !m_hasResult || result.layers != m_result.layers || result.heads != m_result.heads;
    m_result = result;
    m_hasResult = true;
    m_tokens.clear();
    for (const auto& piece : result.prompt.pieces)
        m_tokens << QString::fromStdString(piece);
    m_params.layer = std::clamp(m_params.layer, 1, result.layers);
    m_params.head = std::clamp(m_params.head, 0, result.heads);
    syncControls();

    const int n = int(result.prompt.ids.size());
    m_tokenInfo->setText(tr("%1 of %2 context tokens\nd_k = %3 per head")
                             .arg(n)
                             .arg(result.contextLength)
                             .arg(result.headSize));
    if (result.prompt.droppedTokens > 0) {
        m_truncation->setText(tr("The prompt has %1 tokens but the model's context holds %2: the "
                                 "first %3 were dropped, and the maps show the last %2.")
                                  .arg(n + result.prompt.droppedTokens)
                                  .arg(result.contextLength)
                                  .arg(result.prompt.droppedTokens));
        m_truncation->show();
    } else {
        m_truncation->hide();
    }
    if (shapeChanged)
        rebuildThumbnails();
    redraw();
    Q_EMIT resultShown();
}

const mllab::AttentionSet& AttentionView::shownSet() const
{
    return m_params.scaled ? m_result.scaled : m_result.unscaled;
}

const mllab::AttentionMap& AttentionView::shownMap() const
{
    static const mllab::AttentionMap empty;
    if (!m_hasResult)
        return empty;
    const auto& set = shownSet();
    const std::size_t layer = std::size_t(m_params.layer - 1);
    return m_params.head == 0 ? set.meanOverHeads[layer]
                              : set.heads[layer][std::size_t(m_params.head - 1)];
}

double AttentionView::shownEntropy(const mllab::AttentionSet& set) const
{
    const std::size_t layer = std::size_t(m_params.layer - 1);
    return m_params.head == 0 ? set.meanMapEntropy[layer]
                              : set.headEntropy[layer][std::size_t(m_params.head - 1)];
}

QString AttentionView::selectionName() const
{
    return m_params.head == 0 ? tr("layer %1, mean over heads").arg(m_params.layer)
                              : tr("layer %1, head %2").arg(m_params.layer).arg(m_params.head);
}

QString AttentionView::entropyText() const
{
    if (!m_hasResult)
        return {};
    const double scaled = shownEntropy(m_result.scaled), unscaled = shownEntropy(m_result.unscaled);
    const QString s = QString::number(scaled, 'f', 2), u = QString::number(unscaled, 'f', 2);
    return tr("Mean row entropy: <b>%1 bits</b> with 1/√d_k, <b>%2 bits</b> without "
              "(uniform: %3 bits)")
        .arg(s, u, QString::number(m_result.uniformEntropy, 'f', 2));
}

void AttentionView::rebuildThumbnails()
{
    if (!m_hasResult)
        return;
    const int heads = m_result.heads;
    if (m_thumbnails.size() != heads + 1) {
        qDeleteAll(m_thumbnails);
        m_thumbnails.clear();
        const int columns =
            heads + 1 <= 3 ? heads + 1 : int(std::ceil(std::sqrt(double(heads + 1))));
        for (int h = 0; h <= heads; ++h) {
            auto* thumb = new AttentionHeatmap(true);
            const int head = h < heads ? h + 1 : 0; // the mean comes last
            thumb->setToolTip(tr("Click to open this map in the heatmap tab"));
            connect(thumb, &AttentionHeatmap::clicked, this, [this, head] {
                m_params.head = head;
                syncControls();
                redraw();
                m_tabs->setCurrentIndex(0);
            });
            thumb->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
            m_grid->addWidget(thumb, h / columns, h % columns);
            m_thumbnails.append(thumb);
        }
        for (int row = 0; row < m_grid->rowCount(); ++row)
            m_grid->setRowStretch(row, 0);
        m_grid->setRowStretch(heads / columns + 1, 1); // an empty last row takes the slack
    }
    const auto& set = shownSet();
    const std::size_t layer = std::size_t(m_params.layer - 1);
    for (int h = 0; h <= heads; ++h) {
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
                               .arg(m_params.layer)
                               .arg(m_params.scaled ? tr("with 1/√d_k") : tr("without 1/√d_k")));
}

void AttentionView::redraw()
{
    if (!m_hasResult)
        return;
    m_heatmap->setMap(shownMap(), m_tokens);
    m_heatmap->setTitle(
        tr("Attention weights, %1%2")
            .arg(selectionName(), m_params.scaled ? QString() : tr(" (without 1/√d_k)")));
    for (int i = 0; i < m_thumbnails.size(); ++i) {
        const int head = i < m_result.heads ? i + 1 : 0;
        m_thumbnails[i]->setSelected(head == m_params.head);
    }
    m_entropyLabel->setText(entropyText());
    updateEntropyChart();
    updateNotice();
}

void AttentionView::updateEntropyChart()
{
    m_entropyChart->removeAllSeries();
    for (auto* axis : m_entropyChart->axes())
        m_entropyChart->removeAxis(axis);
    const std::size_t layer = std::size_t(m_params.layer - 1);
    auto* scaled = new QBarSet(tr("with 1/√d_k"));
    auto* unscaled = new QBarSet(tr("without 1/√d_k"));
    scaled->setColor(QColor(0x22, 0x5e, 0xa8));
    unscaled->setColor(QColor(0xe0, 0x8a, 0x2c));
    QStringList categories;
    double top = m_result.uniformEntropy;
    for (int h = 0; h <= m_result.heads; ++h) {
        const bool mean = h == m_result.heads;
        const double s = mean ? m_result.scaled.meanMapEntropy[layer]
                              : m_result.scaled.headEntropy[layer][std::size_t(h)];
        const double u = mean ? m_result.unscaled.meanMapEntropy[layer]
                              : m_result.unscaled.headEntropy[layer][std::size_t(h)];
        scaled->append(s);
        unscaled->append(u);
        top = std::max({top, s, u});
        categories << (mean ? tr("mean") : tr("head %1").arg(h + 1));
    }
    auto* series = new QBarSeries;
    series->append(scaled);
    series->append(unscaled);
    m_entropyChart->addSeries(series);
    auto* x = new QBarCategoryAxis;
    x->append(categories);
    x->setTitleText(tr("layer %1").arg(m_params.layer));
    auto* y = new QValueAxis;
    y->setRange(0, top * 1.1);
    y->setTitleText(tr("mean row entropy (bits)"));
    y->setLabelFormat(QStringLiteral("%.1f"));
    m_entropyChart->addAxis(x, Qt::AlignBottom);
    m_entropyChart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    m_entropyChart->setTitle(
        tr("Mean row entropy per head (uniform: %1 bits)").arg(m_result.uniformEntropy, 0, 'f', 2));
}

void AttentionView::updateNotice()
{
    const double scaled = shownEntropy(m_result.scaled), unscaled = shownEntropy(m_result.unscaled);
    const auto focus = mllab::attentionFocus(shownMap());
    QString pattern;
    if (focus.previousToken >= 0.5)
        pattern = tr("%1% of the rows put their largest weight on the token just before the query: "
                     "a previous-token pattern. ")
                      .arg(qRound(100 * focus.previousToken));
    else if (focus.firstToken >= 0.5)
        pattern = tr("%1% of the rows put their largest weight on the first token, a common "
                     "\"attention sink\" when nothing else is relevant. ")
                      .arg(qRound(100 * focus.firstToken));
    else if (focus.self >= 0.5)
        pattern = tr("%1% of the rows attend most to the query token itself. ")
                      .arg(qRound(100 * focus.self));
    const double factor = std::sqrt(double(m_result.headSize));
    QString text =
        tr("In %1 the rows spread over %2 bits on average (uniform would be %3). %4"
           "Drop the 1/√d_k (d_k = %5) and the same scores come out %6× larger: the "
           "softmax saturates to %7 bits, nearly one-hot rows whose gradients vanish. "
           "Every row sums to 1 and nothing above the diagonal is seen: the causal mask.")
            .arg(selectionName(), QString::number(scaled, 'f', 2),
                 QString::number(m_result.uniformEntropy, 'f', 2), pattern)
            .arg(m_result.headSize)
            .arg(factor, 0, 'f', 1)
            .arg(unscaled, 0, 'f', 2);
    if (m_result.prompt.droppedTokens > 0)
        text += tr(" The prompt was cut: only the last %1 tokens fit the context.")
                    .arg(m_result.contextLength);
    setNotice(text);
}

QString AttentionView::resultCsv() const
{
    QString csv = QStringLiteral("layer,head,scaled,query,query_token,key,key_token,weight\n");
    if (!m_hasResult)
        return csv;
    const auto& map = shownMap();
    const QString head =
        m_params.head == 0 ? QStringLiteral("mean") : QString::number(m_params.head);
    const QString prefix = QString::number(m_params.layer) + QLatin1Char(',') + head +
                           QLatin1Char(',') +
                           (m_params.scaled ? QStringLiteral("true,") : QStringLiteral("false,"));
    for (std::size_t q = 0; q < map.size(); ++q)
        for (std::size_t k = 0; k <= q; ++k)
            csv += prefix + QString::number(q + 1) + QLatin1Char(',') +
                   csvField(m_tokens.value(int(q))) + QLatin1Char(',') + QString::number(k + 1) +
                   QLatin1Char(',') + csvField(m_tokens.value(int(k))) + QLatin1Char(',') +
                   QString::number(double(map[q][k]), 'g', 9) + QLatin1Char('\n');
    return csv;
}
