#include "app/labs/tokenizer/TokenizerView.h"

#include "app/jobs/JobRunner.h"
#include "app/widgets/ModelLibrary.h"
#include "app/widgets/CompactTextEdit.h"
#include "app/widgets/ModelPicker.h"
#include "app/widgets/TokenChips.h"
#include "engine/lm/model.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLegend>
#include <QLineEdit>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QScatterSeries>
#include <QScrollArea>
#include <QSlider>
#include <QSpinBox>
#include <QTableWidget>
#include <QTabWidget>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

namespace {

QStringList toQt(const std::vector<std::string>& pieces)
{
    QStringList out;
    out.reserve(qsizetype(pieces.size()));
    for (const auto& p : pieces)
        out << QString::fromStdString(p);
    return out;
}

QScrollArea* scrolling(QWidget* content)
{
    auto* area = new QScrollArea;
    area->setWidget(content);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::StyledPanel);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    return area;
}

QString csvField(const QString& text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

/// Whole-number ticks 1, 2 or 5 x 10^k apart, about `ticks` of them over [0, top].
void setIntegerTicks(QValueAxis* axis, double top, int ticks)
{
    double step = 1;
    while (top / step > ticks)
        step *= (QString::number(step).startsWith(QLatin1Char('2')) ? 2.5 : 2);
    axis->setRange(0, std::max(1.0, top));
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
}

QChartView* chartView(QChart* chart, int minimumHeight)
{
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto* view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(minimumHeight);
    return view;
}

} // namespace

TokenizerView::TokenizerView(JobRunner* jobs, QWidget* parent)
    : LabView(QStringLiteral("tokenizer"), jobs, parent)
{
    m_text = new CompactTextEdit(3);
    m_text->setToolTip(tr("BPE learns its merges from this text"));
    m_merges = new QSpinBox;
    m_merges->setRange(1, mllab::kBpeLabMaxMerges);
    m_merges->setToolTip(
        tr("How many merges to learn; training stops early once every word is one token"));
    m_probe = new QLineEdit;
    m_probe->setPlaceholderText(tr("(the training text)"));
    m_probe->setToolTip(
        tr("Text whose tokens the step slider shows; empty traces the training text"));
    m_picker = new ModelPicker;
    m_modelText = new CompactTextEdit(6);
    m_modelText->setToolTip(tr("Any text, tokenized by the chosen model's tokenizer"));
    // Labels above the fields keep the panel narrow, leaving the width to the chips and table.
    parameterForm()->setRowWrapPolicy(QFormLayout::WrapAllRows);
    m_picker->setMinimumContentsLength(10);
    parameterForm()->addRow(tr("Training text:"), m_text);
    parameterForm()->addRow(tr("Merges:"), m_merges);
    parameterForm()->addRow(tr("Trace:"), m_probe);
    parameterForm()->addRow(tr("Model:"), m_picker);
    parameterForm()->addRow(tr("Text for the model's tokenizer:"), m_modelText);

    m_bpeTimer = new QTimer(this);
    m_bpeTimer->setSingleShot(true);
    m_bpeTimer->setInterval(300);
    m_modelTimer = new QTimer(this);
    m_modelTimer->setSingleShot(true);
    m_modelTimer->setInterval(300);

    // Tab 1: BPE step by step.
    auto* bpePage = new QWidget;
    auto* bpeLayout = new QVBoxLayout(bpePage);
    m_slider = new QSlider(Qt::Horizontal);
    m_slider->setRange(0, 0);
    m_slider->setPageStep(1);
    m_slider->setTickPosition(QSlider::TicksBelow);
    auto* sliderRow = new QHBoxLayout;
    sliderRow->addWidget(new QLabel(tr("Step:")));
    sliderRow->addWidget(m_slider, 1);
    m_stepLabel = new QLabel;
    m_stepLabel->setWordWrap(true);
    m_stepLabel->setTextFormat(Qt::RichText);
    m_stepChips = new TokenChips;
    auto* stepScroll = scrolling(m_stepChips);
    stepScroll->setMinimumHeight(70);
    stepScroll->setMaximumHeight(150);
    m_table = new QTableWidget(0, 4);
    m_table->setHorizontalHeaderLabels(
        {tr("Step"), tr("Pair merged"), tr("Count"), tr("New token")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setMinimumHeight(120);
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_countChart = new QChart;
    m_countChart->legend()->hide();
    m_countChart->setTitle(tr("Tokens in the traced text"));
    m_countSeries = new QLineSeries;
    m_countMarker = new QScatterSeries;
    m_countMarker->setMarkerSize(10);
    m_countMarker->setColor(QColor(0xd0, 0x30, 0x20));
    m_countSeries->setPen(QPen(QColor(0x22, 0x5e, 0xa8), 2));
    m_countChart->addSeries(m_countSeries);
    m_countChart->addSeries(m_countMarker);
    auto* stepAxis = new QValueAxis;
    stepAxis->setTitleText(tr("merges learned"));
    stepAxis->setLabelFormat(QStringLiteral("%d"));
    auto* countAxis = new QValueAxis;
    countAxis->setTitleText(tr("tokens"));
    countAxis->setLabelFormat(QStringLiteral("%d"));
    m_countChart->addAxis(stepAxis, Qt::AlignBottom);
    m_countChart->addAxis(countAxis, Qt::AlignLeft);
    for (auto* s : {static_cast<QAbstractSeries*>(m_countSeries),
                    static_cast<QAbstractSeries*>(m_countMarker)}) {
        s->attachAxis(stepAxis);
        s->attachAxis(countAxis);
    }
    bpeLayout->addLayout(sliderRow);
    bpeLayout->addWidget(m_stepLabel);
    bpeLayout->addWidget(stepScroll);
    bpeLayout->addWidget(m_table, 3);
    bpeLayout->addWidget(chartView(m_countChart, 170), 2);

    // Tab 2: a trained model's tokenizer.
    auto* modelPage = new QWidget;
    auto* modelLayout = new QVBoxLayout(modelPage);
    m_modelStats = new QLabel;
    m_modelStats->setWordWrap(true);
    m_modelStats->setTextFormat(Qt::RichText);
    m_modelChips = new TokenChips;
    m_modelChips->setPlaceholder(tr("Type a text under “Text for the model”."));
    m_unitChart = new QChart;
    m_unitChart->setTitle(tr("The same text in different units"));
    m_unitChart->legend()->hide();
    modelLayout->addWidget(m_modelStats);
    modelLayout->addWidget(scrolling(m_modelChips), 3);
    modelLayout->addWidget(chartView(m_unitChart, 170), 2);

    m_tabs = new QTabWidget;
    m_tabs->addTab(bpePage, tr("BPE step by step"));
    m_tabs->addTab(modelPage, tr("Model's tokenizer"));
    chartLayout()->addWidget(m_tabs);

    syncControls();
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        m_params.text = m_text->toPlainText();
        m_bpeTimer->start();
    });
    connect(m_merges, &QSpinBox::valueChanged, this, [this](int merges) {
        m_params.merges = merges;
        m_bpeTimer->start();
    });
    connect(m_probe, &QLineEdit::textChanged, this, [this](const QString& probe) {
        m_params.probe = probe;
        m_bpeTimer->start();
    });
    connect(m_picker, &ModelPicker::modelChanged, this, [this](const QString& path) {
        m_params.modelPath = path;
        refreshModel();
    });
    connect(m_modelText, &QPlainTextEdit::textChanged, this, [this] {
        m_params.modelText = m_modelText->toPlainText();
        m_modelTimer->start();
    });
    connect(m_bpeTimer, &QTimer::timeout, this, &TokenizerView::refreshBpe);
    connect(m_modelTimer, &QTimer::timeout, this, &TokenizerView::refreshModel);
    connect(m_slider, &QSlider::valueChanged, this, [this](int step) {
        m_params.step = step == m_slider->maximum() ? -1 : step;
        showStep();
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, &TokenizerView::updateNotice);
    // The layout can resize the table after a step was shown: keep that merge in view.
    m_table->viewport()->installEventFilter(this);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        const auto rows = m_table->selectionModel()->selectedRows();
        if (!rows.isEmpty())
            m_slider->setValue(rows.first().row() + 1);
    });
}

QMap<QString, QString> TokenizerView::parameters() const
{
    return {{QStringLiteral("text"), m_params.text},
            {QStringLiteral("merges"), QString::number(m_params.merges)},
            {QStringLiteral("probe"), m_params.probe},
            {QStringLiteral("step"),
             m_params.step < 0 ? QStringLiteral("last") : QString::number(m_params.step)},
            {QStringLiteral("model"), m_params.modelPath},
            {QStringLiteral("model_text"), m_params.modelText},
            {QStringLiteral("tab"),
             m_tabs->currentIndex() == 0 ? QStringLiteral("bpe") : QStringLiteral("model")}};
}

QString TokenizerView::setParameter(const QString& key, const QString& value)
{
    bool ok = false;
    if (key == QLatin1String("text")) {
        m_params.text = value;
    } else if (key == QLatin1String("merges")) {
        const int merges = value.toInt(&ok);
        if (!ok || merges < 1 || merges > mllab::kBpeLabMaxMerges)
            return tr("merges must be a whole number from 1 to %1 (got '%2')")
                .arg(mllab::kBpeLabMaxMerges)
                .arg(value);
        m_params.merges = merges;
    } else if (key == QLatin1String("probe")) {
        m_params.probe = value;
    } else if (key == QLatin1String("step")) {
        if (value.trimmed().toLower() == QLatin1String("last")) {
            m_params.step = -1;
        } else {
            const int step = value.toInt(&ok);
            if (!ok || step < 0 || step > mllab::kBpeLabMaxMerges)
                return tr("step must be 'last' or a whole number from 0 to %1 (got '%2')")
                    .arg(mllab::kBpeLabMaxMerges)
                    .arg(value);
            m_params.step = step;
        }
    } else if (key == QLatin1String("model")) {
        if (!m_picker->selectPath(value))
            return tr("model '%1' is not in the model list (the shipped model or one trained in "
                      "the app)")
                .arg(value);
        m_params.modelPath = value;
    } else if (key == QLatin1String("model_text")) {
        m_params.modelText = value;
    } else if (key == QLatin1String("tab")) {
        if (value != QLatin1String("bpe") && value != QLatin1String("model"))
            return tr("tab must be bpe or model (got '%1')").arg(value);
        m_tabs->setCurrentIndex(value == QLatin1String("bpe") ? 0 : 1);
    } else {
        return tr("unknown parameter '%1' (known: text, merges, probe, step, model, model_text, "
                  "tab)")
            .arg(key);
    }
    syncControls();
    if (m_hasBpe)
        showStep();
    return {};
}

void TokenizerView::resetParameters()
{
    const QString model = m_params.modelPath;
    m_params = {};
    m_params.modelPath = model;
    syncControls();
    refresh();
}

void TokenizerView::syncControls()
{
    const QSignalBlocker b1(m_text), b2(m_merges), b3(m_probe), b4(m_modelText);
    if (m_text->toPlainText() != m_params.text)
        m_text->setPlainText(m_params.text);
    m_merges->setValue(m_params.merges);
    if (m_probe->text() != m_params.probe)
        m_probe->setText(m_params.probe);
    if (m_modelText->toPlainText() != m_params.modelText)
        m_modelText->setPlainText(m_params.modelText);
}

void TokenizerView::refresh()
{
    refreshBpe();
    refreshModel();
}

void TokenizerView::refreshBpe()
{
    m_bpeTimer->stop();
    mllab::BpeLabParams p;
    p.text = m_params.text.toStdString();
    p.merges = m_params.merges;
    p.probeText = m_params.probe.toStdString();
    jobs()->submit<mllab::BpeLabResult>(
        labId() + QStringLiteral("/bpe"), tr("BPE merges"),
        [p](const mllab::Progress& progress) { return mllab::computeBpeLab(p, progress); },
        [this](const mllab::BpeLabResult& r) { showBpe(r); },
        [this](const QString& message) {
            m_bpeError = message;
            updateErrors();
        });
}

void TokenizerView::refreshModel()
{
    m_modelTimer->stop();
    if (m_params.modelPath.isEmpty())
        m_params.modelPath = m_picker->currentPath();
    const QString path = m_params.modelPath;
    const std::string text = m_params.modelText.toStdString();
    jobs()->submit<mllab::TokenizationResult>(
        labId() + QStringLiteral("/model"), tr("Tokenizing"),
        [path, text](const mllab::Progress& progress) {
            mllab::TokenizationParams p;
            p.tokenizer = ModelLibrary::load(path)->tokenizer();
            p.text = text;
            return mllab::computeTokenization(p, progress);
        },
        [this](const mllab::TokenizationResult& r) { showModel(r); },
        [this](const QString& message) {
            m_modelError = message;
            updateErrors();
        });
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
    const int last = int(m_bpe.steps.size());
    return m_params.step < 0 ? last : std::min(m_params.step, last);
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

void TokenizerView::showBpe(const mllab::BpeLabResult& result)
{
    m_bpeError.clear();
    updateErrors();
    m_bpe = result;
    m_hasBpe = true;
    const int steps = int(result.steps.size());

    {
        const QSignalBlocker block(m_table);
        m_table->setRowCount(steps);
        for (int i = 0; i < steps; ++i) {
            const auto& s = result.steps[std::size_t(i)];
            const QString pair = QString::fromStdString(s.left) + QStringLiteral("  +  ") +
                                 QString::fromStdString(s.right);
            const QStringList cells = {QString::number(s.step), pair, QString::number(s.count),
                                       QString::fromStdString(s.merged)};
            for (int c = 0; c < 4; ++c) {
                auto* item = new QTableWidgetItem(cells[c]);
                item->setTextAlignment(c == 1 || c == 3 ? Qt::AlignLeft | Qt::AlignVCenter
                                                        : Qt::AlignRight | Qt::AlignVCenter);
                m_table->setItem(i, c, item);
            }
        }
    }

    QList<QPointF> counts;
    counts.append({0, double(result.initialPieces.size())});
    for (const auto& s : result.steps)
        counts.append({double(s.step), double(s.pieces.size())});
    m_countSeries->replace(counts);
    auto* x = qobject_cast<QValueAxis*>(m_countChart->axes(Qt::Horizontal).value(0));
    auto* y = qobject_cast<QValueAxis*>(m_countChart->axes(Qt::Vertical).value(0));
    setIntegerTicks(x, std::max(1, steps), 8);
    x->setMax(std::max(1, steps) + 0.4); // room for the marker on the last step
    setIntegerTicks(y, double(result.initialPieces.size()), 5);
    y->setMax(double(result.initialPieces.size()) * 1.05 + 1);

    {
        const QSignalBlocker block(m_slider);
        m_slider->setRange(0, steps);
        m_slider->setValue(shownStep());
    }
    showStep();
    Q_EMIT resultShown();
}

void TokenizerView::showStep()
{
    if (!m_hasBpe)
        return;
    const int step = shownStep();
    {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(step);
    }
    const auto& pieces =
        step == 0 ? m_bpe.initialPieces : m_bpe.steps[std::size_t(step - 1)].pieces;
    m_stepChips->setTokens(toQt(pieces));
    const std::size_t bytes = m_bpe.initialPieces.size();
    if (step == 0) {
        m_stepChips->setHighlight({});
        m_stepLabel->setText(
            tr("<b>Step 0 of %1:</b> before any merge every byte is a token: %2 tokens.")
                .arg(m_bpe.steps.size())
                .arg(bytes));
    } else {
        const auto& s = m_bpe.steps[std::size_t(step - 1)];
        const QString merged = QString::fromStdString(s.merged).toHtmlEscaped();
        m_stepChips->setHighlight(QString::fromStdString(s.merged));
        m_stepLabel->setText(
            tr("<b>Step %1 of %2:</b> “%3” + “%4” → <b>“%5”</b> (token %6, pair seen "
               "%7×). The text is now %8 tokens for %9 bytes; outlined chips are "
               "the new token.")
                .arg(QString::number(step), QString::number(m_bpe.steps.size()),
                     QString::fromStdString(s.left).toHtmlEscaped(),
                     QString::fromStdString(s.right).toHtmlEscaped(), merged,
                     QString::number(s.newToken), QString::number(s.count),
                     QString::number(s.pieces.size()), QString::number(bytes)));
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
    updateNotice();
}

void TokenizerView::showModel(const mllab::TokenizationResult& result)
{
    m_modelError.clear();
    updateErrors();
    m_model = result;
    m_hasModel = true;
    QList<int> ids;
    for (auto id : result.ids)
        ids << int(id);
    m_modelChips->setTokens(toQt(result.pieces), ids);
    m_modelStats->setText(
        tr("<b>%1 tokens</b> for %2 bytes (%3 characters, %4 words): <b>%5 bytes per token</b>, "
           "%6 tokens per word. Vocabulary: %7 tokens (256 bytes + %8 merges).")
            .arg(QString::number(result.ids.size()), QString::number(result.bytes),
                 QString::number(result.characters), QString::number(result.words),
                 QString::number(result.bytesPerToken, 'f', 2),
                 QString::number(result.tokensPerWord, 'f', 2),
                 QString::number(result.vocabularySize),
                 QString::number(result.vocabularySize - 256)));

    m_unitChart->removeAllSeries();
    for (auto* axis : m_unitChart->axes())
        m_unitChart->removeAxis(axis);
    auto* set = new QBarSet(tr("units"));
    set->setColor(QColor(0x41, 0xb6, 0xc4));
    set->setLabelColor(QColor(0x20, 0x20, 0x20));
    const QStringList categories = {tr("words"), tr("BPE tokens"), tr("characters"), tr("bytes")};
    *set << double(result.words) << double(result.ids.size()) << double(result.characters)
         << double(result.bytes);
    auto* series = new QHorizontalBarSeries;
    series->append(set);
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsInsideEnd);
    m_unitChart->addSeries(series);
    auto* y = new QBarCategoryAxis;
    y->append(categories);
    auto* x = new QValueAxis;
    x->setRange(0, double(result.bytes) * 1.05);
    x->applyNiceNumbers();
    x->setTitleText(tr("count"));
    x->setLabelFormat(QStringLiteral("%d"));
    m_unitChart->addAxis(y, Qt::AlignLeft);
    m_unitChart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(y);
    series->attachAxis(x);
    updateNotice();
    Q_EMIT resultShown();
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
        parts << tr("the most frequent pair merges first (“%1” + “%2”, seen %3×); after %4 merges "
                    "the traced text is %5 tokens instead of %6 bytes.")
                     .arg(QString::fromStdString(first.left).toHtmlEscaped(),
                          QString::fromStdString(first.right).toHtmlEscaped(),
                          QString::number(first.count), QString::number(step),
                          QString::number(tokens), QString::number(bytes));
        if (m_bpe.stoppedEarly)
            parts
                << tr("Training stopped after %1 merges: every word is one token, so later merges "
                      "would only memorise this text.")
                       .arg(m_bpe.steps.size());
    }
    if (m_hasModel)
        parts.insert(
            m_tabs->currentIndex() == 1 ? 0 : parts.size(),
            tr("The model's tokenizer needs %1 bytes per token here; frequent words are one "
               "token, rare ones split into pieces, and anything else falls back to bytes, so "
               "no word is ever unknown.")
                .arg(m_model.bytesPerToken, 0, 'f', 2));
    setNotice(parts.join(QLatin1Char(' ')));
}

QString TokenizerView::resultCsv() const
{
    QString csv =
        QStringLiteral("step,left,right,count,new_token,new_piece,tokens_in_traced_text\n");
    for (const auto& s : m_bpe.steps)
        csv += QString::number(s.step) + QLatin1Char(',') +
               csvField(QString::fromStdString(s.left)) + QLatin1Char(',') +
               csvField(QString::fromStdString(s.right)) + QLatin1Char(',') +
               QString::number(s.count) + QLatin1Char(',') + QString::number(s.newToken) +
               QLatin1Char(',') + csvField(QString::fromStdString(s.merged)) + QLatin1Char(',') +
               QString::number(s.pieces.size()) + QLatin1Char('\n');
    return csv;
}
