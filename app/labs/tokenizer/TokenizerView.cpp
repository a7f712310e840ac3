#include "app/labs/tokenizer/TokenizerView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"
#include "app/labs/ModelPickerControl.h"
#include "app/labs/ParameterPanel.h"
#include "app/widgets/ModelPicker.h"
#include "app/widgets/ResultTable.h"
#include "app/widgets/RichLabel.h"
#include "app/widgets/TokenChips.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSlider>
#include <QTableWidget>
#include <QTabWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

namespace {

using labtext::html;

} // namespace

TokenizerView::TokenizerView(JobRunner* jobs, QWidget* parent)
    : LabView(mllab::labs::tokenizerLabSpec(), jobs, parent)
{
    setUpPanel();

    m_tabs = new QTabWidget;
    m_tabs->addTab(makeBpePage(), tr("BPE step by step"));
    m_tabs->addTab(makeModelPage(), tr("Model's tokenizer"));
    chartLayout()->addWidget(m_tabs);
    bindTabs(QStringLiteral("tab"), m_tabs);
}

void TokenizerView::setUpPanel()
{
    ParameterPanel* panel = parameterPanel();
    // Labels above the fields keep the panel narrow, leaving the width to the chips and table.
    panel->setLabelsAbove(true);
    auto model = std::make_unique<ModelPickerControl>(*spec().find("model"));
    model->picker()->setMinimumContentsLength(10);
    panel->replaceControl(QStringLiteral("model"), std::move(model));
}

QWidget* TokenizerView::makeBpePage()
{
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    m_slider = new QSlider(Qt::Horizontal);
    m_slider->setRange(0, 0);
    m_slider->setPageStep(1);
    m_slider->setTickPosition(QSlider::TicksBelow);
    m_slider->setToolTip(trParam(spec().find("step")->help));
    auto* sliderRow = new QHBoxLayout;
    sliderRow->addWidget(new QLabel(tr("Step:")));
    sliderRow->addWidget(m_slider, 1);
    m_stepLabel = widgets::richLabel();
    m_stepChips = new TokenChips;
    auto* stepScroll = charts::verticalScroll(m_stepChips, true);
    stepScroll->setMinimumHeight(70);
    stepScroll->setMaximumHeight(150);
    m_table =
        widgets::makeResultTable({tr("Step"), tr("Pair merged"), tr("Count"), tr("New token")});
    m_table->setMinimumHeight(120);

    m_countChart = charts::makeChart(tr("Tokens in the traced text"), QStringLiteral("merges"));
    m_countChart->legend()->hide();
    m_countSeries = charts::lineSeries(QString(), theme::color(theme::Role::Accent), 2);
    m_countMarker = charts::marker(QString(), theme::color(theme::Role::Marker),
                                   QScatterSeries::MarkerShapeCircle);
    m_stepAxis = charts::makeAxis(tr("merges learned"), 0, 1, QStringLiteral("%d"));
    m_countAxis = charts::makeAxis(tr("tokens"), 0, 1, QStringLiteral("%d"));
    charts::attach(m_countChart, m_countSeries, m_stepAxis, m_countAxis);
    charts::attach(m_countChart, m_countMarker, m_stepAxis, m_countAxis);

    layout->addLayout(sliderRow);
    layout->addWidget(m_stepLabel);
    layout->addWidget(stepScroll);
    layout->addWidget(m_table, 3);
    layout->addWidget(charts::makeChartView(m_countChart, 170), 2);

    connect(m_slider, &QSlider::valueChanged, this, [this](int step) {
        changeParameter(QStringLiteral("step"), step == m_slider->maximum() ? -1LL : qint64(step));
    });
    // The layout can resize the table after a step was shown: keep that merge in view.
    m_table->viewport()->installEventFilter(this);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        const auto rows = m_table->selectionModel()->selectedRows();
        if (!rows.isEmpty())
            m_slider->setValue(rows.first().row() + 1);
    });
    return page;
}

QWidget* TokenizerView::makeModelPage()
{
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    m_modelStats = widgets::richLabel();
    m_modelChips = new TokenChips;
    m_modelChips->setPlaceholder(tr("Type a text under “Text for the model”."));
    m_unitChart =
        charts::makeChart(tr("The same text in different units"), QStringLiteral("units"));
    m_unitChart->legend()->hide();
    layout->addWidget(m_modelStats);
    layout->addWidget(charts::verticalScroll(m_modelChips, true), 3);
    layout->addWidget(charts::makeChartView(m_unitChart, 170), 2);
    return page;
}

void TokenizerView::parameterChanged(const QString& key)
{
    if (key == QLatin1String("step") || key == QLatin1String("tab"))
        return; // stateShown() redraws
    // Text boxes report after a pause in typing; a job that a newer change supersedes stops at
    // once, so a spin box held down costs nothing.
    const bool model = key == QLatin1String("model") || key == QLatin1String("model_text");
    compute(model ? kModel : kBpe);
}

void TokenizerView::refresh()
{
    compute(kBpe | kModel);
}

void TokenizerView::compute(int halves)
{
    // A newer job cancels the one in flight, so it takes over that job's halves too.
    halves |= m_runningHalves;
    m_runningHalves = halves;
    mllab::labs::TokenizerLabParams params = mllab::labs::tokenizerLabParams(state());
    params.computeBpe = halves & kBpe;
    params.computeModel = halves & kModel;
    const QString title = halves == kBpe     ? tr("BPE merges")
                          : halves == kModel ? tr("Tokenizing")
                                             : tr("BPE merges and tokenizing");
    run(title,
        [params](const mllab::Progress& progress) {
            return mllab::labs::computeTokenizerLab(params, progress);
        },
        [this](const mllab::labs::TokenizerLabResult& r) {
            m_runningHalves = 0;
            showResult(r);
        });
}

void TokenizerView::showResult(const mllab::labs::TokenizerLabResult& result)
{
    bool shown = false;
    if (result.hasBpe) {
        m_bpeError = QString::fromStdString(result.bpeError);
        if (m_bpeError.isEmpty()) { // a failed half keeps its last good result on screen
            m_bpe = result.bpe;
            m_hasBpe = shown = true;
            showBpe();
        }
    }
    if (result.hasModel) {
        m_modelError = QString::fromStdString(result.modelError);
        if (m_modelError.isEmpty()) {
            m_model = result.model;
            m_hasModel = shown = true;
            showModel();
        }
    }
    updateErrors();
    updateNotice();
    if (shown)
        Q_EMIT resultShown();
}

void TokenizerView::stateShown()
{
    if (m_hasBpe && shownStep() != m_drawnStep)
        showStep(); // only then: showing a step scrolls the merge table to it
    updateNotice();
}

bool TokenizerView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_table->viewport() && event->type() == QEvent::Resize && m_hasBpe &&
        shownStep() > 0)
        m_table->scrollTo(m_table->model()->index(shownStep() - 1, 0),
                          QAbstractItemView::PositionAtCenter);
    return LabView::eventFilter(watched, event);
}

int TokenizerView::shownStep() const
{
    return m_hasBpe ? mllab::labs::shownBpeStep(m_bpe, int(state().integer("step"))) : 0;
}

void TokenizerView::updateErrors()
{
    if (m_bpeError.isEmpty() && m_modelError.isEmpty())
        clearError();
    else if (m_bpeError.isEmpty() || m_modelError.isEmpty())
        showError(m_bpeError + m_modelError);
    else
        showError(tr("BPE: %1\nModel's tokenizer: %2").arg(m_bpeError, m_modelError));
}

void TokenizerView::showBpe()
{
    const int steps = int(m_bpe.steps.size());
    {
        const QSignalBlocker block(m_table);
        m_table->setRowCount(steps);
        for (int i = 0; i < steps; ++i) {
            const auto& s = m_bpe.steps[std::size_t(i)];
            const QString pair = QString::fromStdString(s.left) + QStringLiteral("  +  ") +
                                 QString::fromStdString(s.right);
            widgets::setRow(m_table, i,
                            {QString::number(s.step), pair, QString::number(s.count),
                             QString::fromStdString(s.merged)},
                            {1, 3});
        }
    }

    QList<QPointF> counts;
    counts.append({0, double(m_bpe.initialPieces.size())});
    for (const auto& s : m_bpe.steps)
        counts.append({double(s.step), double(s.pieces.size())});
    m_countSeries->replace(counts);
    charts::setIntegerTicks(m_stepAxis, std::max(1, steps), 8);
    m_stepAxis->setMax(std::max(1, steps) + 0.4); // room for the marker on the last step
    charts::setIntegerTicks(m_countAxis, double(m_bpe.initialPieces.size()), 5);
    m_countAxis->setMax(double(m_bpe.initialPieces.size()) * 1.05 + 1);
    {
        const QSignalBlocker block(m_slider);
        m_slider->setRange(0, steps);
    }
    showStep();
}

void TokenizerView::showStep()
{
    if (!m_hasBpe)
        return;
    const int step = shownStep();
    m_drawnStep = step;
    {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(step);
    }
    const auto& pieces =
        step == 0 ? m_bpe.initialPieces : m_bpe.steps[std::size_t(step - 1)].pieces;
    m_stepChips->setTokens(labtext::strings(pieces));
    const std::size_t bytes = m_bpe.initialPieces.size();
    if (step == 0) {
        m_stepChips->setHighlight({});
        m_stepLabel->setText(
            tr("<b>Step 0 of %1:</b> before any merge every byte is a token: %2 tokens.")
                .arg(m_bpe.steps.size())
                .arg(bytes));
    } else {
        const auto& s = m_bpe.steps[std::size_t(step - 1)];
        m_stepChips->setHighlight(QString::fromStdString(s.merged));
        m_stepLabel->setText(
            tr("<b>Step %1 of %2:</b> “%3” + “%4” → <b>“%5”</b> (token %6, pair seen "
               "%7×). The text is now %8 tokens for %9 bytes; outlined chips are "
               "the new token.")
                .arg(QString::number(step), QString::number(m_bpe.steps.size()), html(s.left),
                     html(s.right), html(s.merged), QString::number(s.newToken),
                     QString::number(s.count), QString::number(s.pieces.size()),
                     QString::number(bytes)));
    }
    {
        const QSignalBlocker block(m_table);
        if (step == 0) {
            m_table->clearSelection();
            m_table->scrollToTop();
        } else {
            m_table->selectRow(step - 1);
            m_table->doItemsLayout(); // the scroll range must know new rows before scrollTo
            m_table->scrollTo(m_table->model()->index(step - 1, 0),
                              QAbstractItemView::PositionAtCenter);
        }
    }
    m_countMarker->replace({QPointF(step, double(pieces.size()))});
}

void TokenizerView::showModel()
{
    QList<int> ids;
    for (auto id : m_model.ids)
        ids << int(id);
    m_modelChips->setTokens(labtext::strings(m_model.pieces), ids);
    m_modelStats->setText(
        tr("<b>%1 tokens</b> for %2 bytes (%3 characters, %4 words): <b>%5 bytes per token</b>, "
           "%6 tokens per word. Vocabulary: %7 tokens (256 bytes + %8 merges).")
            .arg(QString::number(m_model.ids.size()), QString::number(m_model.bytes),
                 QString::number(m_model.characters), QString::number(m_model.words),
                 QString::number(m_model.bytesPerToken, 'f', 2),
                 QString::number(m_model.tokensPerWord, 'f', 2),
                 QString::number(m_model.vocabularySize),
                 QString::number(m_model.vocabularySize - 256)));
    drawUnits();
}

void TokenizerView::drawUnits()
{
    charts::clearChart(m_unitChart);
    auto* series = new QHorizontalBarSeries;
    series->append(charts::barSet(tr("units"), theme::color(theme::Role::Accent),
                                  {double(m_model.words), double(m_model.ids.size()),
                                   double(m_model.characters), double(m_model.bytes)}));
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsInsideEnd);
    auto* y = new QBarCategoryAxis;
    y->append({tr("words"), tr("BPE tokens"), tr("characters"), tr("bytes")});
    QValueAxis* x =
        charts::makeAxis(tr("count"), 0, double(m_model.bytes) * 1.05, QStringLiteral("%d"));
    m_unitChart->addAxis(y, Qt::AlignLeft);
    m_unitChart->addAxis(x, Qt::AlignBottom);
    charts::addSeries(m_unitChart, series, y, x);
    theme::applyTo(m_unitChart); // the category axis in the palette's colours
}

void TokenizerView::updateNotice()
{
    QStringList parts;
    if (m_hasBpe && !m_bpe.steps.empty()) {
        const int step = shownStep();
        const std::size_t bytes = m_bpe.initialPieces.size();
        const std::size_t tokens =
            step == 0 ? bytes : m_bpe.steps[std::size_t(step - 1)].pieces.size();
        const auto& first = m_bpe.steps.front();
        parts << tr("The most frequent pair merges first (“%1” + “%2”, seen %3×); after %4 merges "
                    "the traced text is %5 tokens instead of %6 bytes.")
                     .arg(html(first.left), html(first.right), QString::number(first.count),
                          QString::number(step), QString::number(tokens), QString::number(bytes));
        if (m_bpe.stoppedEarly)
            parts << tr("Training stopped after %1 merges: every word is one token, so later "
                        "merges would only memorise this text.")
                         .arg(m_bpe.steps.size());
    }
    if (m_hasModel) {
        const bool modelTab = state().text("tab") == "model";
        parts.insert(modelTab ? 0 : parts.size(),
                     tr("The model's tokenizer needs %1 bytes per token here; frequent words are "
                        "one token, rare ones split into pieces, and anything else falls back to "
                        "bytes, so no word is ever unknown.")
                         .arg(m_model.bytesPerToken, 0, 'f', 2));
    }
    setNotice(parts.join(QLatin1Char(' ')));
}

QString TokenizerView::resultCsv() const
{
    QString csv =
        QStringLiteral("step,left,right,count,new_token,new_piece,tokens_in_traced_text\n");
    const auto quoted = [](const std::string& t) {
        return labtext::csvField(QString::fromStdString(t));
    };
    for (const auto& s : m_bpe.steps)
        csv += labtext::csvRow({QString::number(s.step), quoted(s.left), quoted(s.right),
                                QString::number(s.count), QString::number(s.newToken),
                                quoted(s.merged), QString::number(s.pieces.size())});
    return csv;
}

QList<KeyNumber> TokenizerView::keyNumbers() const
{
    QList<KeyNumber> numbers;
    if (m_hasBpe && shownStep() > 0)
        numbers << KeyNumber{
            tr("traced tokens"),
            QString::number(m_bpe.steps[std::size_t(shownStep() - 1)].pieces.size())};
    if (m_hasModel)
        numbers << KeyNumber{tr("bytes per token"), labtext::fixed(m_model.bytesPerToken, 2)};
    return numbers;
}
