#include "app/labs/sampling/SamplingView.h"

#include "app/jobs/JobRunner.h"
#include "app/widgets/ModelLibrary.h"
#include "app/widgets/ModelPicker.h"
#include "engine/lm/decode.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
#include <QSpinBox>
#include <QTableWidget>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace {

struct PromptLogits {
    mllab::NextTokenResult next;
    std::vector<std::string> vocab;  ///< readable piece of every token id
};

QString tokenText(const std::string& piece)
{
    return QString::fromUtf8(piece.data(), qsizetype(piece.size()));
}

QString percent(double p)
{
    return p >= 0.995 ? QStringLiteral("%1%").arg(p * 100, 0, 'f', 0) : QStringLiteral("%1%").arg(p * 100, 0, 'f', 1);
}

/// Background colour for a token drawn with probability p: red (unlikely) to green (likely).
QColor probabilityColour(double p)
{
    return QColor::fromHsvF(0.33 * std::clamp(p, 0.0, 1.0), 0.45, 1.0);
}

constexpr double kLogFloor = 1e-5; ///< log axis: zero bars are drawn at the left edge

/// The tabs, as the `view` parameter names them; refresh() fills the one that is open.
const QString kViews[] = {QStringLiteral("distribution"), QStringLiteral("generate"),
                          QStringLiteral("decoding")};

QSlider* makeSlider(int max)
{
    auto* s = new QSlider(Qt::Horizontal);
    s->setRange(0, max);
    return s;
}

} // namespace

SamplingView::SamplingView(JobRunner* jobs, QWidget* parent) : LabView(QStringLiteral("sampling"), jobs, parent)
{
    buildControls();
    m_readout = new QLabel;
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setWordWrap(true);
    m_tabs = new QTabWidget;
    m_tabs->addTab(buildDistributionTab(), tr("Distribution"));
    m_tabs->addTab(buildGenerateTab(), tr("Generate"));
    m_tabs->addTab(buildDecodingTab(), tr("Decoders"));
    m_tabs->setTabToolTip(2, tr("Greedy decoding, beam search and sampling on the same prompt"));
    chartLayout()->addWidget(m_readout);
    chartLayout()->addWidget(m_tabs, 1);
    syncControls();
}

void SamplingView::buildControls()
{
    QFormLayout* form = parameterForm();
    m_model = new ModelPicker;
    m_prompt = new QPlainTextEdit;
    m_prompt->setPlaceholderText(tr("Type a prompt"));
    m_prompt->setFixedHeight(64);
    m_promptTimer = new QTimer(this);
    m_promptTimer->setSingleShot(true);
    m_promptTimer->setInterval(300);
    m_temperature = makeSlider(200);
    m_temperatureLabel = new QLabel;
    m_topK = new QSpinBox;
    m_topK->setRange(0, 65536);
    m_topK->setSpecialValueText(tr("off"));
    m_topP = makeSlider(100);
    m_topP->setMinimum(1);
    m_topPLabel = new QLabel;
    m_minP = makeSlider(100);
    m_minPLabel = new QLabel;
    m_seed = new QSpinBox;
    m_seed->setRange(0, 1'000'000);
    m_bars = new QSpinBox;
    m_bars->setRange(5, 50);
    m_log = new QCheckBox(tr("Log scale"));
    m_compare = new QCheckBox(tr("B at T ="));
    m_compare->setToolTip(
        tr("Generate a second text B with this temperature, same seed and filters"));
    m_compareTemperature = new QDoubleSpinBox;
    m_compareTemperature->setRange(0, 2);
    m_compareTemperature->setSingleStep(0.1);
    m_generateTokens = new QSpinBox;
    m_generateTokens->setRange(1, 400);
    m_beamWidth = new QSpinBox;
    m_beamWidth->setRange(1, 16);
    m_lengthPenalty = new QDoubleSpinBox;
    m_lengthPenalty->setRange(0, 3);
    m_lengthPenalty->setSingleStep(0.1);

    auto withLabel = [](QWidget* control, QLabel* label) {
        auto* row = new QWidget;
        auto* layout = new QHBoxLayout(row);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(control, 1);
        label->setMinimumWidth(44);
        layout->addWidget(label);
        return row;
    };
    auto* compareRow = new QWidget;
    auto* compareLayout = new QHBoxLayout(compareRow);
    compareLayout->setContentsMargins(0, 0, 0, 0);
    compareLayout->addWidget(m_compare);
    compareLayout->addWidget(m_compareTemperature);
    compareLayout->addStretch(1);
    auto* sample = new QPushButton(tr("Sample next token"));
    auto* generate = new QPushButton(tr("Generate"));
    auto* decode = new QPushButton(tr("Compare decoders"));

    form->addRow(tr("Model:"), m_model);
    form->addRow(tr("Prompt:"), m_prompt);
    form->addRow(tr("Temperature:"), withLabel(m_temperature, m_temperatureLabel));
    form->addRow(tr("Top-k:"), m_topK);
    form->addRow(tr("Top-p:"), withLabel(m_topP, m_topPLabel));
    form->addRow(tr("Min-p:"), withLabel(m_minP, m_minPLabel));
    form->addRow(tr("Seed:"), m_seed);
    form->addRow(tr("Bars:"), m_bars);
    form->addRow(QString(), m_log);
    form->addRow(tr("New tokens:"), m_generateTokens);
    form->addRow(tr("Side by side:"), compareRow);
    form->addRow(tr("Beam width:"), m_beamWidth);
    form->addRow(tr("Length penalty α:"), m_lengthPenalty);
    form->addRow(sample);
    form->addRow(generate);
    form->addRow(decode);

    const auto restageOnChange = [this] {
        readControls();
        restage();
    };
    connect(m_temperature, &QSlider::valueChanged, this, restageOnChange);
    connect(m_topK, &QSpinBox::valueChanged, this, restageOnChange);
    connect(m_topP, &QSlider::valueChanged, this, restageOnChange);
    connect(m_minP, &QSlider::valueChanged, this, restageOnChange);
    connect(m_seed, &QSpinBox::valueChanged, this, restageOnChange);
    connect(m_bars, &QSpinBox::valueChanged, this, restageOnChange);
    connect(m_log, &QCheckBox::toggled, this, restageOnChange);
    connect(m_compare, &QCheckBox::toggled, this, [this] { readControls(); });
    connect(m_compareTemperature, &QDoubleSpinBox::valueChanged, this, [this] { readControls(); });
    connect(m_generateTokens, &QSpinBox::valueChanged, this, [this] { readControls(); });
    connect(m_beamWidth, &QSpinBox::valueChanged, this, [this] { readControls(); });
    connect(m_lengthPenalty, &QDoubleSpinBox::valueChanged, this, [this] { readControls(); });
    connect(m_prompt, &QPlainTextEdit::textChanged, m_promptTimer, qOverload<>(&QTimer::start));
    connect(m_promptTimer, &QTimer::timeout, this, [this] {
        readControls();
        refresh();
    });
    connect(m_model, &ModelPicker::modelChanged, this, [this] { refresh(); });
    connect(sample, &QPushButton::clicked, this, [this] {
        m_settings.seed += 1;
        syncControls();
        restage();
    });
    connect(generate, &QPushButton::clicked, this, &SamplingView::generate);
    connect(decode, &QPushButton::clicked, this, &SamplingView::compareDecoders);
}

QWidget* SamplingView::buildDistributionTab()
{
    m_chart = new QChart;
    m_chart->setAnimationOptions(QChart::NoAnimation);
    // The key is a wrapping label, not the chart's legend, which elides its entries when the
    // lab is narrow.
    m_chart->legend()->hide();
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    buildChart();
    m_chartView = new QChartView(m_chart);
    // No antialiasing: the bars are axis-aligned rectangles, and painting them antialiased took a
    // slider move from about 10 ms to 15-21 ms at 1280x800, past one 60 Hz frame (bench_lmviews).
    m_chartView->setRenderHint(QPainter::Antialiasing, false);
    m_chartView->setMinimumSize(300, 280);
    auto* key = new QLabel(
        tr("<span style='color:#a0bee6'>■</span> at T = 1 &nbsp; "
           "<span style='color:#195ac8'>■</span> after T and the filters &nbsp; "
           "<span style='color:#cdcdcd'>■</span> cut by top-k, top-p or min-p &nbsp; "
           "<span style='color:#e67814'>━</span> cumulative (top axis), after T and top-k "
           "&nbsp; <span style='color:#c82828'>╍</span> top-p cut"));
    key->setWordWrap(true);
    key->setTextFormat(Qt::RichText);
    // Every token label needs its row: many bars grow the chart and the tab scrolls.
    auto* scroll = new QScrollArea;
    scroll->setWidget(m_chartView);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addWidget(key);
    layout->addWidget(scroll, 1);
    return page;
}

QWidget* SamplingView::buildGenerateTab()
{
    auto* page = new QWidget;
    auto* layout = new QHBoxLayout(page);
    for (int i = 0; i < 2; ++i) {
        auto* column = new QVBoxLayout;
        m_outputTitle[i] = new QLabel;
        m_outputTitle[i]->setWordWrap(true);
        m_output[i] = new QTextBrowser;
        column->addWidget(m_outputTitle[i]);
        column->addWidget(m_output[i], 1);
        layout->addLayout(column, 1);
    }
    m_outputTitle[0]->setText(tr("Press Generate to sample a continuation."));
    return page;
}

QWidget* SamplingView::buildDecodingTab()
{
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    m_decodingCaption = new QLabel(tr("Press Compare decoders to continue the prompt three ways."));
    m_decodingCaption->setWordWrap(true);
    m_decodingCaption->setTextFormat(Qt::RichText);
    m_decoding = new QTableWidget(0, 3);
    m_decoding->setHorizontalHeaderLabels({tr("Method"), tr("Continuation"), tr("log P")});
    m_decoding->horizontalHeaderItem(2)->setToolTip(
        tr("Natural-log probability of the continuation under the model at T = 1"));
    m_decoding->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_decoding->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_decoding->verticalHeader()->hide();
    m_decoding->setWordWrap(true);
    m_decoding->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(m_decodingCaption);
    layout->addWidget(m_decoding, 1);
    return page;
}

void SamplingView::syncControls()
{
    const QSignalBlocker b1(m_temperature), b2(m_topK), b3(m_topP), b4(m_minP), b5(m_seed), b6(m_bars),
        b7(m_log), b8(m_compare), b9(m_compareTemperature), b10(m_generateTokens), b11(m_beamWidth),
        b12(m_lengthPenalty), b13(m_prompt);
    if (m_prompt->toPlainText() != m_settings.prompt)
        m_prompt->setPlainText(m_settings.prompt);
    const auto& c = m_settings.config;
    m_temperature->setValue(int(std::lround(c.temperature * 100)));
    m_topK->setValue(c.topK);
    m_topP->setValue(int(std::lround(c.topP * 100)));
    m_minP->setValue(int(std::lround(c.minP * 100)));
    m_seed->setValue(int(m_settings.seed));
    m_bars->setValue(m_settings.bars);
    m_log->setChecked(m_settings.logScale);
    m_compare->setChecked(m_settings.compare);
    m_compareTemperature->setValue(m_settings.compareTemperature);
    m_generateTokens->setValue(m_settings.generateTokens);
    m_beamWidth->setValue(m_settings.beamWidth);
    m_lengthPenalty->setValue(m_settings.lengthPenalty);
    m_temperatureLabel->setText(c.temperature == 0 ? tr("0 greedy") : QString::number(c.temperature, 'f', 2));
    m_topPLabel->setText(QString::number(c.topP, 'f', 2));
    m_minPLabel->setText(QString::number(c.minP, 'f', 2));
}

void SamplingView::readControls()
{
    m_settings.prompt = m_prompt->toPlainText();
    auto& c = m_settings.config;
    c.temperature = m_temperature->value() / 100.0;
    c.topK = m_topK->value();
    c.topP = m_topP->value() / 100.0;
    c.minP = m_minP->value() / 100.0;
    m_settings.seed = std::uint64_t(m_seed->value());
    m_settings.bars = m_bars->value();
    m_settings.logScale = m_log->isChecked();
    m_settings.compare = m_compare->isChecked();
    m_settings.compareTemperature = m_compareTemperature->value();
    m_settings.generateTokens = m_generateTokens->value();
    m_settings.beamWidth = m_beamWidth->value();
    m_settings.lengthPenalty = m_lengthPenalty->value();
    syncControls();
}

QMap<QString, QString> SamplingView::parameters() const
{
    const auto& c = m_settings.config;
    return {
        {QStringLiteral("prompt"), m_settings.prompt},
        {QStringLiteral("temperature"), QString::number(c.temperature)},
        {QStringLiteral("top_k"), QString::number(c.topK)},
        {QStringLiteral("top_p"), QString::number(c.topP)},
        {QStringLiteral("min_p"), QString::number(c.minP)},
        {QStringLiteral("seed"), QString::number(m_settings.seed)},
        {QStringLiteral("bars"), QString::number(m_settings.bars)},
        {QStringLiteral("log"), m_settings.logScale ? QStringLiteral("1") : QStringLiteral("0")},
        {QStringLiteral("compare"), m_settings.compare ? QStringLiteral("1") : QStringLiteral("0")},
        {QStringLiteral("compare_temperature"), QString::number(m_settings.compareTemperature)},
        {QStringLiteral("tokens"), QString::number(m_settings.generateTokens)},
        {QStringLiteral("beam_width"), QString::number(m_settings.beamWidth)},
        {QStringLiteral("length_penalty"), QString::number(m_settings.lengthPenalty)},
        {QStringLiteral("model"), m_model->currentPath()},
        {QStringLiteral("view"), kViews[m_tabs->currentIndex()]}};
}

QString SamplingView::setParameter(const QString& key, const QString& value)
{
    bool ok = true;
    const double number = value.toDouble(&ok);
    auto inRange = [&](double lo, double hi, const QString& what) -> QString {
        if (!ok || number < lo || number > hi)
            return tr("%1 must be a number from %2 to %3 (got '%4')").arg(what).arg(lo).arg(hi).arg(value);
        return {};
    };
    auto& c = m_settings.config;
    QString error;
    if (key == QLatin1String("prompt")) {
        if (value.isEmpty())
            return tr("the prompt must not be empty");
        m_settings.prompt = value;
    } else if (key == QLatin1String("temperature")) {
        if ((error = inRange(0, 2, key)).isEmpty())
            c.temperature = number;
    } else if (key == QLatin1String("top_k")) {
        if ((error = inRange(0, 65536, key)).isEmpty())
            c.topK = int(number);
    } else if (key == QLatin1String("top_p")) {
        if ((error = inRange(0.01, 1, key)).isEmpty())
            c.topP = number;
    } else if (key == QLatin1String("min_p")) {
        if ((error = inRange(0, 1, key)).isEmpty())
            c.minP = number;
    } else if (key == QLatin1String("seed")) {
        if ((error = inRange(0, 1'000'000, key)).isEmpty())
            m_settings.seed = std::uint64_t(number);
    } else if (key == QLatin1String("bars")) {
        if ((error = inRange(5, 50, key)).isEmpty())
            m_settings.bars = int(number);
    } else if (key == QLatin1String("log")) {
        m_settings.logScale = value == QLatin1String("1") || value == QLatin1String("true");
    } else if (key == QLatin1String("compare")) {
        m_settings.compare = value == QLatin1String("1") || value == QLatin1String("true");
    } else if (key == QLatin1String("compare_temperature")) {
        if ((error = inRange(0, 2, key)).isEmpty())
            m_settings.compareTemperature = number;
    } else if (key == QLatin1String("tokens")) {
        if ((error = inRange(1, 400, key)).isEmpty())
            m_settings.generateTokens = int(number);
    } else if (key == QLatin1String("beam_width")) {
        if ((error = inRange(1, 16, key)).isEmpty())
            m_settings.beamWidth = int(number);
    } else if (key == QLatin1String("length_penalty")) {
        if ((error = inRange(0, 3, key)).isEmpty())
            m_settings.lengthPenalty = number;
    } else if (key == QLatin1String("model")) {
        if (!m_model->selectPath(value))
            return tr("no model at '%1'").arg(value);
    } else if (key == QLatin1String("view")) {
        const auto found = std::find(std::begin(kViews), std::end(kViews), value);
        if (found == std::end(kViews))
            return tr("view must be distribution, generate or decoding (got '%1')").arg(value);
        m_tabs->setCurrentIndex(int(found - std::begin(kViews)));
    } else {
        return tr("unknown parameter '%1' (known: %2)").arg(key, QStringList(parameters().keys()).join(QStringLiteral(", ")));
    }
    syncControls();
    return error;
}

void SamplingView::resetParameters()
{
    m_settings = {};
    syncControls();
    refresh();
}

void SamplingView::refresh()
{
    const QString path = m_model->currentPath();
    const std::string prompt = m_settings.prompt.toStdString();
    jobs()->submit<PromptLogits>(
        labId(), tr("Next-token logits"),
        [path, prompt](const mllab::Progress&) {
            PromptLogits out;
            const auto model = ModelLibrary::load(path);
            out.next = model->nextToken(prompt);
            for (int id = 0; id < model->tokenizer().vocabSize(); ++id)
                out.vocab.push_back(model->tokenizer().piece(id));
            out.vocab.resize(out.next.logits.size());
            return out;
        },
        [this](const PromptLogits& r) {
            clearError();
            m_next = r.next;
            m_vocab = r.vocab;
            restage();
        },
        [this](const QString& message) { showError(message); });
    // A lab link or --set view=... opens a tab that shows its result without a button press.
    if (m_tabs->currentIndex() == 1)
        generate();
    else if (m_tabs->currentIndex() == 2)
        compareDecoders();
}

void SamplingView::restage()
{
    if (m_next.logits.empty())
        return;
    QElapsedTimer timer;
    timer.start();
    mllab::SamplingParams params;
    params.logits.assign(m_next.logits.begin(), m_next.logits.end());
    params.config = m_settings.config;
    params.seed = m_settings.seed;
    params.draws = 1;
    try {
        m_sampling = mllab::computeSampling(params);
    } catch (const mllab::InputError& e) {
        showError(QString::fromStdString(e.what()));
        return;
    }
    std::vector<int> order(m_next.logits.size());
    std::iota(order.begin(), order.end(), 0);
    const std::size_t n = std::min<std::size_t>(std::size_t(m_settings.bars), order.size());
    std::partial_sort(order.begin(), order.begin() + long(n), order.end(), [&](int a, int b) {
        return m_sampling.softmax[std::size_t(a)] > m_sampling.softmax[std::size_t(b)] ||
               (m_sampling.softmax[std::size_t(a)] == m_sampling.softmax[std::size_t(b)] && a < b);
    });
    m_barTokens.assign(order.begin(), order.begin() + long(n));
    drawChart(); // the chart view repaints with the next frame; bench_lmviews times it
    m_lastRestageMs = double(timer.nsecsElapsed()) / 1e6;
    updateNotice();
    Q_EMIT resultShown();
}

void SamplingView::buildChart()
{
    // Built once; a slider move only replaces values (rebuilding series and axes per move cost
    // about 100 ms a frame with 50 bars).
    m_natural = new QBarSet(tr("at T = 1"));
    m_shaped = new QBarSet(tr("after T and filters"));
    m_natural->setColor(QColor(160, 190, 230));
    m_natural->setSelectedColor(QColor(205, 205, 205)); // cut by top-k / top-p / min-p: greyed
    m_shaped->setColor(QColor(25, 90, 200));
    m_barSeries = new QHorizontalBarSeries;
    m_barSeries->append(m_natural);
    m_barSeries->append(m_shaped);
    m_barSeries->setBarWidth(0.85);
    m_cumulative = new QLineSeries;
    m_cumulative->setName(tr("cumulative (top axis)"));
    m_cumulative->setPen(QPen(QColor(230, 120, 20), 2));
    m_cut = new QLineSeries;
    m_cut->setPen(QPen(QColor(200, 40, 40), 2, Qt::DashLine));
    m_chart->addSeries(m_barSeries);
    m_chart->addSeries(m_cumulative);
    m_chart->addSeries(m_cut);

    m_tokenAxis = new QBarCategoryAxis;
    m_tokenAxis->setTitleText(tr("next token"));
    m_tokenAxis->setTruncateLabels(false);
    m_linearAxis = new QValueAxis;
    m_linearAxis->setLabelFormat(QStringLiteral("%.2f"));
    m_linearAxis->setTitleText(tr("probability"));
    m_logAxis = new QLogValueAxis(this);
    m_logAxis->setBase(10);
    m_logAxis->setRange(kLogFloor, 1.0);
    m_logAxis->setLabelFormat(QStringLiteral("%.0e"));
    m_logAxis->setTitleText(tr("probability (log scale)"));
    auto* x2 = new QValueAxis;
    x2->setRange(0, 1);
    x2->setTickCount(6);
    x2->setLabelFormat(QStringLiteral("%.1f"));
    x2->setGridLineVisible(false);
    x2->setTitleText(tr("cumulative"));
    x2->setLabelsColor(QColor(190, 95, 10));
    x2->setTitleBrush(QColor(190, 95, 10));
    m_chart->addAxis(m_tokenAxis, Qt::AlignLeft);
    m_chart->addAxis(m_linearAxis, Qt::AlignBottom);
    m_chart->addAxis(x2, Qt::AlignTop);
    m_barSeries->attachAxis(m_tokenAxis);
    m_barSeries->attachAxis(m_linearAxis);
    for (QLineSeries* line : {m_cumulative, m_cut}) {
        line->attachAxis(m_tokenAxis);
        line->attachAxis(x2);
    }
}

void SamplingView::drawChart()
{
    // Horizontal bars keep token labels legible; the most probable token is drawn at the top,
    // so categories are appended from the last bar to the first.
    const int n = int(m_barTokens.size());
    m_chartView->setMinimumHeight(std::max(280, 16 * n + 110));
    const bool log = m_settings.logScale;
    QStringList labels;
    QList<qreal> natural, shaped;
    QList<int> cut;
    QList<QPointF> cumulative;
    std::vector<double> running(std::size_t(n), 0.0);
    int boundary = -1;
    double sum = 0;
    for (int i = 0; i < n; ++i) {
        const auto id = std::size_t(m_barTokens[std::size_t(i)]);
        sum += m_sampling.topK[id];
        running[std::size_t(i)] = sum;
        if (boundary < 0 && m_sampling.topP[id] == 0 && m_sampling.topK[id] > 0)
            boundary = i;
    }
    double top = 0;
    for (int i = n - 1; i >= 0; --i) {
        const auto id = std::size_t(m_barTokens[std::size_t(i)]);
        const double before = m_sampling.softmax[id], after = m_sampling.finalDistribution()[id];
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
    if (m_sampling.kept.empty())
        return {};
    const auto& final = m_sampling.finalDistribution();
    const auto top = std::size_t(std::max_element(final.begin(), final.end()) - final.begin());
    QString text =
        tr("Entropy <b>%1 bits</b> · kept <b>%2</b> of %3 tokens · top token <b>%4</b> %5")
            .arg(m_sampling.entropyBits, 0, 'f', 2)
            .arg(m_sampling.kept.size())
            .arg(final.size())
            .arg(piece(int(top)).toHtmlEscaped(), percent(final[top]));
    if (!m_sampling.draws.empty()) {
        const int drawn = m_sampling.draws.front();
        text += tr(" · seed %1 draws <b>%2</b> (%3)")
                    .arg(m_settings.seed)
                    .arg(piece(drawn).toHtmlEscaped(), percent(final[std::size_t(drawn)]));
    }
    return text;
}

void SamplingView::updateNotice()
{
    m_readout->setText(readout());
    const auto& c = m_settings.config;
    const auto nonZero = [](const std::vector<double>& p) {
        return int(std::count_if(p.begin(), p.end(), [](double v) { return v > 0; }));
    };
    const auto entropy = [](const std::vector<double>& p) {
        double h = 0;
        for (double v : p)
            if (v > 0)
                h -= v * std::log2(v);
        return h;
    };
    const auto lead = std::size_t(m_barTokens.empty() ? 0 : m_barTokens.front());
    const QString leader = QStringLiteral("“%1”").arg(piece(int(lead)).toHtmlEscaped());
    QString text;
    if (c.temperature == 0) {
        text = tr("T = 0 is greedy decoding: all probability goes to %1 (it had %2 at T = 1), so "
                  "every run writes the same text. ")
                   .arg(leader, percent(m_sampling.softmax[lead]));
    } else if (std::abs(c.temperature - 1) < 1e-9) {
        text = tr("T = 1 is the model's own distribution: %1 leads with %2, entropy %3 bits. Lower "
                  "T sharpens it toward the top token; higher T flattens the tail. ")
                   .arg(leader, percent(m_sampling.softmax[lead]))
                   .arg(entropy(m_sampling.softmax), 0, 'f', 2);
    } else {
        text = tr("T = %1 divides the logits by %1 and %2 the distribution: %3 goes from %4 at "
                  "T = 1 to %5, the entropy from %6 to %7 bits. ")
                   .arg(c.temperature, 0, 'f', 2)
                   .arg(c.temperature < 1 ? tr("sharpens") : tr("flattens"), leader,
                        percent(m_sampling.softmax[lead]), percent(m_sampling.temperature[lead]))
                   .arg(entropy(m_sampling.softmax), 0, 'f', 2)
                   .arg(entropy(m_sampling.temperature), 0, 'f', 2);
    }
    QStringList cuts;
    if (c.topK > 0)
        cuts << tr("top-k %1 keeps the %1 most probable").arg(c.topK);
    if (c.topP < 1)
        cuts << tr("top-p %1 keeps the fewest top tokens reaching %1 of the mass (%2, above "
                   "the dashed line)")
                    .arg(c.topP, 0, 'f', 2)
                    .arg(nonZero(m_sampling.topP));
    if (c.minP > 0)
        cuts << tr("min-p %1 drops tokens below %1 × the top token's probability")
                    .arg(c.minP, 0, 'f', 2);
    const int kept = int(m_sampling.kept.size());
    if (!cuts.isEmpty())
        text += tr("Then %1: %2 of %3 tokens remain, renormalised to sum to 1; sampling picks "
                   "only those.")
                    .arg(cuts.join(QStringLiteral("; ")))
                    .arg(kept)
                    .arg(m_sampling.softmax.size());
    else if (c.temperature != 0)
        text += tr("No filter is on: all %1 tokens can be drawn.").arg(kept);
    if (m_next.prompt.droppedTokens > 0)
        text += tr(" The prompt was longer than the context: its first %1 tokens were dropped.")
                    .arg(m_next.prompt.droppedTokens);
    setNotice(text);
}

mllab::SamplingConfig SamplingView::compareConfig() const
{
    mllab::SamplingConfig c = m_settings.config;
    c.temperature = m_settings.compareTemperature;
    return c;
}

void SamplingView::generate()
{
    const QString path = m_model->currentPath();
    std::vector<mllab::GenerateParams> runs(1);
    runs[0].prompt = m_settings.prompt.toStdString();
    runs[0].sampling = m_settings.config;
    runs[0].seed = m_settings.seed;
    runs[0].maxTokens = m_settings.generateTokens;
    if (m_settings.compare) {
        runs.push_back(runs[0]);
        runs[1].sampling = compareConfig();
    }
    m_tabs->setCurrentIndex(1);
    jobs()->submit<std::vector<mllab::GeneratedText>>(
        labId() + QStringLiteral("/generate"), tr("Generating %n token(s)", nullptr, m_settings.generateTokens),
        [path, runs](const mllab::Progress& progress) {
            const auto model = ModelLibrary::load(path);
            std::vector<mllab::GeneratedText> out;
            for (const auto& run : runs)
                out.push_back(mllab::generateText(*model, run, progress));
            return out;
        },
        [this, runs](const std::vector<mllab::GeneratedText>& results) {
            clearError();
            for (int i = 0; i < 2; ++i) {
                const bool used = i < int(results.size());
                m_output[i]->setVisible(used);
                m_outputTitle[i]->setVisible(used);
                if (!used)
                    continue;
                const auto& c = runs[std::size_t(i)].sampling;
                m_outputTitle[i]->setText(
                    tr("<b>%1</b>: T = %2, top-k %3, top-p %4, min-p %5, seed %6")
                        .arg(i == 0 ? QStringLiteral("A") : QStringLiteral("B"))
                        .arg(c.temperature, 0, 'f', 2)
                        .arg(c.topK > 0 ? QString::number(c.topK) : tr("off"))
                        .arg(c.topP, 0, 'f', 2)
                        .arg(c.minP, 0, 'f', 2)
                        .arg(runs[std::size_t(i)].seed));
                QString html = QStringLiteral("<span style='color:#555'>%1</span>")
                                   .arg(m_settings.prompt.toHtmlEscaped());
                m_generated[std::size_t(i)].clear();
                const auto& r = results[std::size_t(i)];
                for (std::size_t t = 0; t < r.ids.size(); ++t) {
                    QString shown = QString::fromStdString(r.pieces[t]);
                    shown.replace(QStringLiteral("␣"), QStringLiteral(" ")).replace(QStringLiteral("↵"), QStringLiteral("\n"));
                    m_generated[std::size_t(i)] += shown;
                    html += QStringLiteral("<span style='background:%1'>%2</span>")
                                .arg(probabilityColour(r.probs[t]).name(), shown.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
                }
                html += QStringLiteral("<p style='color:#666'>%1</p>")
                            .arg(tr("Background: probability the token had when drawn, red (low) to green (high)."));
                m_output[i]->setHtml(html);
            }
            Q_EMIT resultShown();
        },
        [this](const QString& message) { showError(message); });
}

QString SamplingView::piece(int id) const
{
    return id >= 0 && std::size_t(id) < m_vocab.size() ? tokenText(m_vocab[std::size_t(id)]) : QString::number(id);
}

QString SamplingView::generatedText(int column) const
{
    return m_generated[std::size_t(column)];
}

void SamplingView::compareDecoders()
{
    const QString path = m_model->currentPath();
    mllab::DecodeCompareParams params;
    params.prompt = m_settings.prompt.toStdString();
    params.beamWidth = m_settings.beamWidth;
    params.lengthPenalty = m_settings.lengthPenalty;
    params.maxNewTokens = std::min(m_settings.generateTokens, 30);
    params.sampling = m_settings.config;
    params.seed = m_settings.seed;
    m_tabs->setCurrentIndex(2);
    jobs()->submit<std::vector<mllab::DecodedSequence>>(
        labId() + QStringLiteral("/decode"), tr("Greedy, beam and sampled decoding"),
        [path, params](const mllab::Progress& progress) {
            return mllab::compareDecoding(*ModelLibrary::load(path), params, progress);
        },
        [this](const std::vector<mllab::DecodedSequence>& rows) {
            clearError();
            m_decoding->setRowCount(int(rows.size()));
            int best = 0;
            for (int r = 0; r < int(rows.size()); ++r) {
                const auto& s = rows[std::size_t(r)];
                QString method =
                    tr("%1\n%2 tokens").arg(QString::fromStdString(s.method)).arg(s.ids.size());
                if (s.method == "beam")
                    method += tr("\nscore %1").arg(s.score, 0, 'f', 3);
                const QStringList cells = {
                    method, QString::fromUtf8(s.text.data(), qsizetype(s.text.size())),
                    QString::number(s.logProb, 'f', 2)};
                for (int c = 0; c < 3; ++c) {
                    auto* item = new QTableWidgetItem(cells[c]);
                    item->setTextAlignment(Qt::AlignTop |
                                           (c == 2 ? Qt::AlignRight : Qt::AlignLeft));
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
                        .arg(m_settings.beamWidth)
                        .arg(m_settings.lengthPenalty, 0, 'f', 2)
                        .arg(QString::fromStdString(rows[std::size_t(best)].method)));
            Q_EMIT resultShown();
        },
        [this](const QString& message) { showError(message); });
}

QString SamplingView::resultCsv() const
{
    QString csv = QStringLiteral("token_id,piece,p_t1,p_temperature,p_top_k,p_top_p,p_final\n");
    for (int id : m_barTokens) {
        const auto i = std::size_t(id);
        QString text = piece(id);
        text.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        csv += QStringLiteral("%1,\"%2\",%3,%4,%5,%6,%7\n")
                   .arg(id)
                   .arg(text)
                   .arg(m_sampling.softmax[i], 0, 'g', 10)
                   .arg(m_sampling.temperature[i], 0, 'g', 10)
                   .arg(m_sampling.topK[i], 0, 'g', 10)
                   .arg(m_sampling.topP[i], 0, 'g', 10)
                   .arg(m_sampling.finalDistribution()[i], 0, 'g', 10);
    }
    return csv;
}
