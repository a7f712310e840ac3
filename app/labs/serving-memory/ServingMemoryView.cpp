#include "app/labs/serving-memory/ServingMemoryView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"
#include "app/widgets/RichLabel.h"
#include "engine/datapaths.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QTabWidget>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace ml = mllab::labs;

namespace {

constexpr double kGiB = 1073741824.0;

/// Large counts with separators ("1,087"), small ones with three significant digits.
QString amount(double value)
{
    return std::abs(value) >= 100 ? labtext::count((long long)std::llround(value))
                                  : labtext::significant(value, 3);
}

QString rate(double tokensPerSecond)
{
    return QObject::tr("%1 tokens/s").arg(amount(tokensPerSecond));
}

/// A parameter count in millions or billions: "124 M", "8.03 B".
QString parameterCount(double n)
{
    return n >= 1e9 ? QStringLiteral("%1 B").arg(labtext::significant(n / 1e9, 3))
                    : QStringLiteral("%1 M").arg(labtext::significant(n / 1e6, 3));
}

} // namespace

ServingMemoryView::ServingMemoryView(JobRunner* jobs, QWidget* parent)
    : LabView(ml::servingMemoryLabSpec(), jobs, parent)
{
    m_memory = charts::makeChart(tr("GPU memory"), QStringLiteral("memory"));
    m_memory->legend()->hide();
    m_memoryKey = charts::makeKeyLabel();
    m_context = charts::makeChart(tr("KV cache against context"), QStringLiteral("kv-context"));
    m_context->legend()->hide();
    m_contextKey = charts::makeKeyLabel();
    m_batch = charts::makeChart(tr("Decode bound against batch"), QStringLiteral("decode-batch"));
    m_batch->legend()->hide();
    m_batchKey = charts::makeKeyLabel();
    m_arithmetic = widgets::richLabel();
    m_arithmetic->setObjectName(QStringLiteral("arithmetic"));

    m_tabs = new QTabWidget;
    m_tabs->addTab(charts::withKey(charts::makeChartView(m_memory), m_memoryKey), tr("Memory"));
    m_tabs->addTab(charts::withKey(charts::makeChartView(m_context), m_contextKey),
                   tr("KV cache vs context"));
    m_tabs->addTab(charts::withKey(charts::makeChartView(m_batch), m_batchKey),
                   tr("Decode vs batch"));
    chartLayout()->addWidget(m_tabs, 1);
    chartLayout()->addWidget(m_arithmetic);
    bindTabs(QStringLiteral("tab"), m_tabs);
}

void ServingMemoryView::refresh()
{
    run(
        tr("Serving memory"),
        [state = state()](const mllab::Progress& progress) {
            return ml::computeServingMemoryLab(ml::servingMemoryLabParams(state), progress);
        },
        [this](const ml::ServingMemoryLabResult& r) { showResult(r); });
    try {
        runMeasurement(ml::servingMemoryLabParams(state()));
    } catch (const mllab::InputError&) {
        // A custom shape without sense: the main job's banner says why.
    }
}

void ServingMemoryView::runMeasurement(const mllab::ServingParams& params)
{
    if (params.model.id != "tiny-gpt") {
        m_measured.reset();
        m_measureRequested.clear();
        return;
    }
    const int tokens = ml::servingMeasureTokens(params);
    const QString key = QString::number(tokens);
    if (key == m_measureRequested)
        return;
    m_measureRequested = key;
    m_measured.reset();
    runPart(
        QStringLiteral("measure"), tr("Measuring the KV cache"),
        [tokens](const mllab::Progress& progress) {
            return mllab::measureKvCache(mllab::shippedModelPath(), tokens, progress);
        },
        [this](const mllab::KvCacheMeasurement& m) {
            m_measured = m;
            showArithmetic();
        },
        [this](const QString& message) {
            m_measureRequested.clear();
            showError(message);
        });
}

void ServingMemoryView::showResult(const ml::ServingMemoryLabResult& result)
{
    clearError();
    m_result = result;
    drawMemory();
    drawContext();
    drawBatch();
    showArithmetic();
    updateNotice();
    Q_EMIT resultShown();
}

void ServingMemoryView::drawMemory()
{
    charts::clearChart(m_memory);
    const auto& s = m_result.result;
    const double gpu = s.gpuBytes / kGiB;
    const double weights = s.weightsBytes / kGiB;
    const double used = s.usedKvBytes / kGiB;
    // Row 0: contiguous (every sequence reserves the context); row 1: paged blocks of 16.
    const double reserved[2] = {s.contiguousKvBytes / kGiB, s.pagedKvBytes / kGiB};
    auto* w = charts::barSet(tr("weights"), theme::series(0));
    auto* u = charts::barSet(tr("KV cache in use"), theme::series(1));
    auto* r = charts::barSet(tr("KV reserved, unused"), theme::series(2));
    auto* f = charts::barSet(tr("free"), theme::surface(0.15));
    double top = gpu;
    for (double kv : reserved) {
        *w << weights;
        *u << used;
        *r << std::max(0.0, kv - used);
        *f << std::max(0.0, gpu - weights - kv);
        top = std::max(top, weights + kv);
    }
    auto* series = new QHorizontalStackedBarSeries;
    series->append({w, u, r, f});
    series->setBarWidth(0.55);
    auto* categories = new QBarCategoryAxis;
    categories->append({tr("contiguous"), tr("paged")});
    auto* x =
        charts::makeAxis(tr("GiB (GPU: %1 GiB)").arg(labtext::significant(gpu)), 0, top * 1.05);
    m_memory->addSeries(series);
    m_memory->addAxis(categories, Qt::AlignLeft);
    m_memory->addAxis(x, Qt::AlignBottom);
    series->attachAxis(categories);
    series->attachAxis(x);
    // The GPU's capacity as a vertical line: bars that cross it do not fit.
    auto* capacity =
        charts::line(tr("GPU memory"), {{gpu, -0.5}, {gpu, 1.5}}, theme::text(), 2, Qt::DashLine);
    auto* rows = new QValueAxis;
    rows->setRange(-0.5, 1.5);
    rows->setVisible(false);
    m_memory->addAxis(rows, Qt::AlignRight);
    charts::addSeries(m_memory, capacity, x, rows);
    theme::applyTo(m_memory);
    m_memoryKey->setText(
        charts::keyHtml({{theme::series(0), QStringLiteral("■"), tr("weights")},
                         {theme::series(1), QStringLiteral("■"), tr("KV cache the tokens use")},
                         {theme::series(2), QStringLiteral("■"),
                          tr("reserved but unused (contiguous: the whole context; paged: the last "
                             "block of %1 tokens)")
                              .arg(m_result.params.blockTokens)},
                         {theme::surface(0.15), QStringLiteral("■"), tr("free")},
                         {theme::text(), QStringLiteral("┅"), tr("GPU memory")}}));
}

void ServingMemoryView::drawContext()
{
    charts::clearChart(m_context);
    const auto& r = m_result;
    std::vector<double> all = r.kvMha;
    all.insert(all.end(), r.kvMqa.begin(), r.kvMqa.end());
    all.push_back(std::max(r.freeGiB, 1e-6));
    const auto [lo, hi] = charts::logRange(all, 1e-6, 10);
    auto* x = charts::makeLogAxis(tr("context (tokens, log scale)"), r.contexts.front(),
                                  r.contexts.back());
    auto* y = charts::makeLogAxis(tr("KV cache of the batch (GiB, log scale)"), lo, hi);
    m_context->addAxis(x, Qt::AlignBottom);
    m_context->addAxis(y, Qt::AlignLeft);
    const auto curve = [&](const QString& name, const std::vector<double>& gib, const QColor& c,
                           Qt::PenStyle style) {
        QList<QPointF> points;
        for (std::size_t i = 0; i < gib.size(); ++i)
            points << QPointF(r.contexts[i], std::max(gib[i], 1e-6));
        charts::addSeries(m_context, charts::line(name, points, c, 2, style), x, y);
    };
    const int kv = r.params.model.kvHeads, heads = std::max(r.params.model.heads, kv);
    curve(tr("MHA"), r.kvMha, theme::series(2), Qt::DashLine);
    curve(tr("this model"), r.kvModel, theme::series(1), Qt::SolidLine);
    curve(tr("MQA"), r.kvMqa, theme::series(4), Qt::DotLine);
    if (r.freeGiB > 0)
        charts::addSeries(
            m_context,
            charts::line(tr("free beside the weights"),
                         {{r.contexts.front(), r.freeGiB}, {r.contexts.back(), r.freeGiB}},
                         theme::text(), 1.5, Qt::DashLine),
            x, y);
    auto* now = charts::marker(tr("this context"), theme::series(1), 0);
    now->append(double(r.params.context), std::max(r.result.kvBytes / kGiB, 1e-6));
    charts::addSeries(m_context, now, x, y);
    theme::applyTo(m_context);
    m_contextKey->setText(charts::keyHtml(
        {{theme::series(2), QStringLiteral("┅"), tr("MHA (%1 KV heads)").arg(heads)},
         {theme::series(1), QStringLiteral("━"), tr("this model (%1 KV heads)").arg(kv)},
         {theme::series(4), QStringLiteral("┊"), tr("MQA (1 KV head)")},
         {theme::text(), QStringLiteral("┅"), tr("free beside the weights")},
         {theme::series(1), QStringLiteral("●"), tr("the chosen context")}}));
}

void ServingMemoryView::drawBatch()
{
    charts::clearChart(m_batch);
    const auto& r = m_result;
    std::vector<double> all = r.decodeTotal;
    all.insert(all.end(), r.decodePerSequence.begin(), r.decodePerSequence.end());
    const auto [lo, hi] = charts::logRange(all, 1e-3, 8);
    auto* x = charts::makeLogAxis(tr("concurrent sequences (log scale)"), 1, r.batches.back());
    auto* y = charts::makeLogAxis(tr("decode bound (tokens/s, log scale)"), lo, hi);
    m_batch->addAxis(x, Qt::AlignBottom);
    m_batch->addAxis(y, Qt::AlignLeft);
    QList<QPointF> total, each;
    for (std::size_t i = 0; i < r.batches.size(); ++i) {
        total << QPointF(r.batches[i], r.decodeTotal[i]);
        each << QPointF(r.batches[i], r.decodePerSequence[i]);
    }
    charts::addSeries(m_batch, charts::line(tr("whole batch"), total, theme::series(0)), x, y);
    charts::addSeries(
        m_batch, charts::line(tr("per sequence"), each, theme::series(3), 2, Qt::DashLine), x, y);
    if (r.result.maxBatch >= 1)
        charts::addSeries(
            m_batch,
            charts::line(tr("largest batch that fits"),
                         {{double(r.result.maxBatch), lo}, {double(r.result.maxBatch), hi}},
                         theme::text(), 1.5, Qt::DashLine),
            x, y);
    auto* now = charts::marker(tr("this batch"), theme::series(0), 0);
    now->append(double(r.params.batch), r.result.decodeTokensPerSecondBound);
    charts::addSeries(m_batch, now, x, y);
    theme::applyTo(m_batch);
    m_batchKey->setText(
        charts::keyHtml({{theme::series(0), QStringLiteral("━"), tr("tokens/s over the batch")},
                         {theme::series(3), QStringLiteral("┅"), tr("tokens/s per sequence")},
                         {theme::text(), QStringLiteral("┅"), tr("largest batch that fits")},
                         {theme::series(0), QStringLiteral("●"), tr("the chosen batch")}}));
}

void ServingMemoryView::showArithmetic()
{
    const auto& p = m_result.params;
    const auto& s = m_result.result;
    const auto& m = p.model;
    const double wb = mllab::bytesPerValue(p.weightDtype), kb = mllab::bytesPerValue(p.kvDtype);
    const auto line = [](const QString& name, const QString& sum, const QString& value) {
        return QStringLiteral("<b>%1</b> %2 = <b>%3</b>").arg(name, sum, value);
    };
    QStringList lines{
        line(tr("Weights"),
             tr("%1 parameters × %2 B").arg(parameterCount(m.parameters), amount(wb)),
             labtext::bytes(s.weightsBytes)),
        line(tr("KV cache per token"),
             tr("2 (K and V) × %1 layers × %2 KV heads × %3 × %4 B")
                 .arg(m.layers)
                 .arg(m.kvHeads)
                 .arg(m.headDim)
                 .arg(amount(kb)),
             labtext::bytes(s.kvBytesPerToken)),
        line(tr("KV cache"),
             tr("per token × %1 tokens × %2 sequences").arg(labtext::count(p.context)).arg(p.batch),
             labtext::bytes(s.kvBytes)),
        line(tr("Largest batch"),
             tr("(%1 GiB − weights) ÷ KV cache per sequence").arg(amount(p.gpuMemoryGiB)),
             tr("%1 contiguous, %2 paged").arg(s.maxBatch).arg(s.maxBatchPaged)),
        line(tr("Decode bound"),
             tr("%1 × %2 GB/s ÷ (active weights %3 + KV cache %4)")
                 .arg(p.batch)
                 .arg(amount(p.bandwidthGBs))
                 .arg(labtext::bytes(m.activeParameters * wb), labtext::bytes(s.kvBytes)),
             rate(s.decodeTokensPerSecondBound)),
        line(tr("Prefill bound"),
             tr("%1 TFLOP/s ÷ (2 × %2 active parameters)")
                 .arg(amount(p.teraflops), parameterCount(m.activeParameters)),
             rate(s.prefillTokensPerSecondBound))};
    if (m.id == "tiny-gpt" && m_measured)
        lines << line(tr("Measured in the engine"),
                      tr("%1 tokens decoded: the cache holds %2 (formula, float32: %3); %4 "
                         "with the cache, %5 recomputing every step (%6× faster)")
                          .arg(m_measured->tokens)
                          .arg(labtext::bytes(m_measured->cacheBytes), labtext::bytes(m_measured->formulaBytes),
                               rate(m_measured->cachedTokensPerSecond),
                               rate(m_measured->recomputedTokensPerSecond))
                          .arg(labtext::significant(m_measured->cachedTokensPerSecond /
                                                    m_measured->recomputedTokensPerSecond)),
                      m_measured->cacheBytes == m_measured->formulaBytes ? tr("as the formula")
                                                                          : tr("differs"));
    else if (m.id == "tiny-gpt")
        lines << tr("<i>Measuring the tiny GPT's cache in the engine…</i>");
    m_arithmetic->setText(lines.join(QStringLiteral("<br>")));
}

void ServingMemoryView::updateNotice()
{
    const auto& p = m_result.params;
    const auto& s = m_result.result;
    const auto& m = p.model;
    QStringList parts;
    parts << tr("Every token keeps a key and a value in each of %1 layers for %2 KV heads of %3 "
                "numbers: %4 per token, %5 for %6 sequences of %7 tokens, beside %8 of weights.")
                 .arg(m.layers)
                 .arg(m.kvHeads)
                 .arg(m.headDim)
                 .arg(labtext::bytes(s.kvBytesPerToken), labtext::bytes(s.kvBytes))
                 .arg(p.batch)
                 .arg(labtext::count(p.context))
                 .arg(labtext::bytes(s.weightsBytes));
    if (s.fits)
        parts << tr("It fits in %1 GiB; at this context at most %2 sequences do (%3 with paged "
                    "blocks holding %4 tokens each).")
                     .arg(labtext::significant(p.gpuMemoryGiB))
                     .arg(s.maxBatch)
                     .arg(s.maxBatchPaged)
                     .arg(labtext::count(p.meanLength > 0 ? p.meanLength : p.context));
    else
        parts << tr("<b>It does not fit</b>: %1 is needed of %2 GiB.")
                     .arg(labtext::bytes(s.totalBytes), labtext::significant(p.gpuMemoryGiB));
    if (m.heads > m.kvHeads)
        parts << tr("Sharing each KV head among %1 query heads (GQA) makes the cache %2× smaller "
                    "than MHA's.")
                     .arg(labtext::significant(double(m.heads) / m.kvHeads))
                     .arg(labtext::significant(s.kvBytesPerTokenMha / s.kvBytesPerToken));
    parts << tr("Each decode step reads every active weight once for the whole batch, so one "
                "sequence gets at most %1 and a batch of %2 %3 in total.")
                 .arg(rate(m_result.decodeTotal.front()))
                 .arg(p.batch)
                 .arg(rate(s.decodeTokensPerSecondBound));
    if (m.contextLimit > 0 && p.context > m.contextLimit)
        parts << tr("The context is beyond the %1 tokens this model was trained for.")
                     .arg(labtext::count(m.contextLimit));
    setNotice(parts.join(QLatin1Char(' ')));
}

QString ServingMemoryView::resultCsv() const
{
    const auto& s = m_result.result;
    QString csv = QStringLiteral("quantity,value\n");
    const std::vector<std::pair<const char*, double>> rows{
        {"weights_bytes", s.weightsBytes},
        {"kv_bytes_per_token", s.kvBytesPerToken},
        {"kv_bytes", s.kvBytes},
        {"total_bytes", s.totalBytes},
        {"gpu_bytes", s.gpuBytes},
        {"fits", s.fits ? 1.0 : 0.0},
        {"max_batch", double(s.maxBatch)},
        {"max_batch_paged", double(s.maxBatchPaged)},
        {"decode_tokens_per_s_bound", s.decodeTokensPerSecondBound},
        {"prefill_tokens_per_s_bound", s.prefillTokensPerSecondBound},
        {"kv_bytes_per_token_mha", s.kvBytesPerTokenMha},
        {"kv_bytes_per_token_mqa", s.kvBytesPerTokenMqa},
        {"paged_kv_bytes", s.pagedKvBytes},
        {"used_kv_bytes", s.usedKvBytes}};
    for (const auto& [name, value] : rows)
        csv += labtext::csvRow({QString::fromLatin1(name), labtext::exact(value)});
    return csv;
}

QList<KeyNumber> ServingMemoryView::keyNumbers() const
{
    const auto& s = m_result.result;
    return {{tr("total"), labtext::bytes(s.totalBytes)},
            {tr("largest batch"), QString::number(s.maxBatch)},
            {tr("decode bound"), rate(s.decodeTokensPerSecondBound)}};
}
