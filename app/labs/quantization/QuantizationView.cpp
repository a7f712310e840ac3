#include "app/labs/quantization/QuantizationView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"
#include "app/labs/ModelPickerControl.h"
#include "app/labs/ParameterPanel.h"
#include "app/widgets/MatrixHeatmap.h"
#include "app/widgets/ModelLibrary.h"
#include "app/widgets/ModelPicker.h"
#include "app/widgets/ResultTable.h"
#include "engine/lm/model.h"

#include <QChart>
#include <QChartView>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTableWidget>
#include <QTabWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ml = mllab::labs;

namespace {

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

QString signedFixed(double value, int decimals)
{
    return (value >= 0 ? QStringLiteral("+") : QString()) + labtext::fixed(value, decimals);
}

bool sameConfiguration(const mllab::QuantizeSpec& a, const mllab::QuantizeSpec& b)
{
    return a.bits == b.bits && a.group == b.group && a.scheme == b.scheme &&
           a.outlierFraction == b.outlierFraction;
}

} // namespace

QuantizationView::QuantizationView(JobRunner* jobs, QWidget* parent)
    : LabView(ml::quantizationLabSpec(), jobs, parent)
{
    auto model = std::make_unique<ModelPickerControl>(*spec().find("model"));
    model->picker()->setMinimumContentsLength(10);
    parameterPanel()->replaceControl(QStringLiteral("model"), std::move(model));
    parameterPanel()->addHeading(tr("Histogram"), QStringLiteral("layer"));

    // Labels above the fields keep the panel narrow, leaving the width to the charts.
    parameterPanel()->setLabelsAbove(true);
    m_table = widgets::makeResultTable({QString(), tr("float32"), tr("quantized")}, 2);
    m_table->setRowCount(4);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    chartLayout()->addWidget(m_table);

    m_tabs = new QTabWidget;
    m_heatmap = new MatrixHeatmap;
    m_heatmap->setObjectName(QStringLiteral("heatmap"));
    m_heatmap->setChartName(QStringLiteral("relative-error"));
    m_heatmap->setTitle(tr("Relative error ‖W − W'‖ / ‖W‖ per block and matrix"));
    m_heatmap->setAxisTitles(tr("block"), tr("matrix"));
    m_heatmap->setValueTitle(tr("relative RMS error"));
    // Linear, over the values shown: the matrices differ by a few percent of each other, which
    // a log scale over decades would paint in one colour.
    m_heatmap->setScale(MatrixHeatmap::Scale::Linear);
    m_tabs->addTab(m_heatmap, tr("Error per matrix"));

    m_histogram = charts::makeChart(QString(), QStringLiteral("histogram"));
    m_histogram->legend()->hide();
    m_histogramKey = charts::makeKeyLabel();
    m_tabs->addTab(charts::withKey(charts::makeChartView(m_histogram), m_histogramKey),
                   tr("Weight histogram"));

    m_sweepChart = charts::makeChart(QString(), QStringLiteral("sweep"));
    m_sweepChart->legend()->hide();
    m_sweepKey = charts::makeKeyLabel();
    m_tabs->addTab(charts::withKey(charts::makeChartView(m_sweepChart), m_sweepKey), tr("Sweep"));
    chartLayout()->addWidget(m_tabs, 1);
    bindTabs(QStringLiteral("view"), m_tabs);
}

void QuantizationView::parameterChanged(const QString& key)
{
    if (key == QLatin1String("view"))
        return; // the tab only
    LabView::parameterChanged(key);
}

void QuantizationView::refresh()
{
    const ml::QuantizationLabParams params = ml::quantizationLabParams(state());
    run(
        tr("Quantization"),
        [params](const mllab::Progress& progress) {
            ml::QuantizationLabParams p = params;
            p.model = ModelLibrary::load(qs(p.modelPath)); // kept loaded
            return ml::computeQuantizationLab(p, progress);
        },
        [this](const ml::QuantizationLabResult& r) { showResult(r); });
    // The sweep covers every bits × granularity × scheme already: it reruns only for another
    // model, outlier option or a configuration outside it (7 bits).
    const QString sweepKey =
        QStringLiteral("%1/%2/%3")
            .arg(qs(params.modelPath))
            .arg(params.spec.outlierFraction)
            .arg(params.spec.bits == 7
                     ? QStringLiteral("7/%1/%2").arg(params.spec.group).arg(qs(params.spec.scheme))
                     : QString());
    if (sweepKey != m_sweepRequested) {
        m_sweepRequested = sweepKey;
        runPart(
            QStringLiteral("sweep"), tr("Quantization sweep"),
            [params](const mllab::Progress& progress) {
                ml::QuantizationLabParams p = params;
                p.model = ModelLibrary::load(qs(p.modelPath));
                return ml::computeQuantizationSweep(p, progress);
            },
            [this](const ml::QuantizationSweep& s) { showSweep(s); },
            [this](const QString& message) {
                m_sweepRequested.clear();
                showError(message);
            });
    }
}

void QuantizationView::showResult(const ml::QuantizationLabResult& result)
{
    clearError();
    m_result = result;
    m_hasResult = true;
    setLargest(QStringLiteral("layer"), std::max(1, result.layers));
    const mllab::QuantizeResult& c = result.current;
    // The preset names fit the column; longer names are in the notice and the heatmap's title.
    m_table->horizontalHeaderItem(2)->setText(result.name.size() <= 12 ? qs(result.name)
                                                                       : tr("quantized"));
    widgets::setRow(
        m_table, 0,
        {tr("size (bytes per weight)"),
         tr("%1 B (4)").arg(labtext::count(qRound64(c.sizeBytesFp32))),
         tr("%1 B (%2)")
             .arg(labtext::count(qRound64(c.sizeBytes)), labtext::fixed(result.bytesPerWeight, 4))},
        {0});
    widgets::setRow(m_table, 1,
                    {tr("bits per byte (change)"), labtext::fixed(c.bitsPerByteFp32, 4),
                     tr("%1 (%2)").arg(labtext::fixed(c.bitsPerByte, 4),
                                       signedFixed(c.bitsPerByte - c.bitsPerByteFp32, 4))},
                    {0});
    widgets::setRow(
        m_table, 2,
        {tr("mean KL from float32 (nats)"), QStringLiteral("0"), labtext::significant(c.klMean, 3)},
        {0});
    widgets::setRow(
        m_table, 3,
        {tr("same top token"), labtext::percent(1.0), labtext::percent(c.top1Agreement)}, {0});
    // Both rows visible: the header and the rows as tall as their contents, nothing to scroll.
    m_table->resizeRowsToContents();
    int height = m_table->horizontalHeader()->height() + 2 * m_table->frameWidth() + 2;
    for (int row = 0; row < m_table->rowCount(); ++row)
        height += m_table->rowHeight(row);
    m_table->setFixedHeight(height);
    drawHeatmap();
    drawHistogram();
    if (m_hasSweep)
        drawSweep(); // the current point moves
    updateNotice();
    Q_EMIT resultShown();
}

void QuantizationView::showSweep(const ml::QuantizationSweep& sweep)
{
    m_sweep = sweep;
    m_hasSweep = true;
    drawSweep();
    updateNotice();
}

void QuantizationView::drawHeatmap()
{
    QStringList rows;
    for (int b = 0; b < m_result.layers; ++b)
        rows << tr("block %1").arg(b + 1);
    m_heatmap->setMatrix(m_result.relRmse);
    m_heatmap->setRowLabels(rows);
    m_heatmap->setColumnLabels({QStringLiteral("qkv"), QStringLiteral("proj"), QStringLiteral("fc"),
                                QStringLiteral("out")});
    m_heatmap->setTitle(
        tr("Relative error ‖W − W'‖ / ‖W‖ per block and matrix, %1").arg(qs(m_result.name)));
}

void QuantizationView::drawHistogram()
{
    const ml::QuantizeHistogram& h = m_result.histogram;
    charts::clearChart(m_histogram);
    if (h.counts.empty())
        return;
    const int bins = int(h.counts.size());
    const double width = (h.high - h.low) / bins;
    std::vector<double> edges, values;
    double top = 1;
    for (int i = 0; i <= bins; ++i)
        edges.push_back(h.low + i * width);
    for (auto count : h.counts) {
        values.push_back(double(count));
        top = std::max(top, double(count));
    }
    auto* x = charts::makeExactAxis(tr("weight value"), h.low, h.high, QStringLiteral("%.3g"));
    auto* y = charts::makeAxis(tr("weights per bin"), 0, top * 1.12, QStringLiteral("%.0f"));
    m_histogram->addAxis(x, Qt::AlignBottom);
    m_histogram->addAxis(y, Qt::AlignLeft);
    const QColor accent = theme::color(theme::Role::Accent);
    charts::addSeries(m_histogram,
                      charts::line(tr("weights"), charts::steps(edges, values), accent), x, y);
    // The grid: a tick above the bars per level, a faint line down through them when few.
    const QColor gridColour = theme::color(theme::Role::Marker);
    const bool lines = h.grid.levels.size() <= 33;
    if (lines)
        for (double level : h.grid.levels)
            charts::addSeries(m_histogram,
                              charts::line(QString(), {{level, 0}, {level, top * 1.06}}, gridColour,
                                           1.0, Qt::DotLine),
                              x, y);
    auto* ticks =
        charts::marker(tr("grid levels"), gridColour, QScatterSeries::MarkerShapeRectangle);
    ticks->setMarkerSize(6);
    QList<QPointF> points;
    for (double level : h.grid.levels)
        points.append({level, top * 1.06});
    ticks->replace(points);
    charts::addSeries(m_histogram, ticks, x, y);
    const mllab::QuantizeSpec& s = m_result.current.spec;
    const QString groupText =
        h.grid.groups == 1 ? tr("the tensor's one scale")
        : s.group == 0
            ? tr("row %1 of %2, the widest scale").arg(h.grid.group + 1).arg(h.grid.groups)
            : tr("group %1 of %2, the widest scale").arg(h.grid.group + 1).arg(h.grid.groups);
    m_histogram->setTitle(
        tr("%1: %2 weights, rel. error %3")
            .arg(qs(h.tensor))
            .arg(labtext::count(std::accumulate(h.counts.begin(), h.counts.end(), std::int64_t(0))))
            .arg(labtext::significant(h.relRmse, 3)));
    m_histogramKey->setText(
        charts::keyHtml({{accent, QStringLiteral("━"), tr("float32 weights")},
                         {gridColour, QStringLiteral("■"),
                          tr("the %1 levels of %2 (s = %3)")
                              .arg(h.grid.levels.size())
                              .arg(groupText, labtext::significant(h.grid.scale, 3))}}));
}

void QuantizationView::drawSweep()
{
    charts::clearChart(m_sweepChart);
    if (m_sweep.points.empty())
        return;
    const ml::QuantizationLabParams params = ml::quantizationLabParams(state());
    const double kib = 1024;
    double xMin = 1e300, xMax = 0, yMax = m_sweep.bitsPerByteFp32;
    double yMin = m_sweep.bitsPerByteFp32;
    for (const ml::SweepPoint& p : m_sweep.points) {
        xMin = std::min(xMin, p.sizeBytes / kib);
        xMax = std::max(xMax, p.sizeBytes / kib);
        yMin = std::min(yMin, p.bitsPerByte);
        yMax = std::max(yMax, p.bitsPerByte);
    }
    // A broken configuration (2 bits per tensor: +2.4 bits/byte) would squash the rest into a
    // line: the scale stops 0.6 above float32 and the points beyond sit on its top edge as ▲.
    const double cap = m_sweep.bitsPerByteFp32 + 0.6;
    const double pad = std::max(0.01, (std::min(yMax, cap) - yMin) * 0.05);
    const double yTop = std::min(yMax, cap) + pad;
    const double xPad = std::max(1.0, (xMax - xMin) * 0.04);
    auto* x = charts::makeAxis(tr("model size (KiB), float32: %1 KiB")
                                   .arg(labtext::count(qRound64(m_sweep.sizeBytesFp32 / kib))),
                               xMin - xPad, xMax + xPad, QStringLiteral("%.0f"));
    auto* y = charts::makeAxis(
        tr("bits per byte (first %1 bytes)").arg(labtext::count(m_sweep.textBytes)), yMin - pad,
        yTop, QStringLiteral("%.2f"));
    m_sweepChart->addAxis(x, Qt::AlignBottom);
    m_sweepChart->addAxis(y, Qt::AlignLeft);
    const auto shown = [&](double bpb) { return std::min(bpb, yTop); };
    const QColor reference = theme::color(theme::Role::Reference);
    charts::addSeries(
        m_sweepChart,
        charts::line(tr("float32"),
                     {{0, m_sweep.bitsPerByteFp32}, {xMax * 1.05, m_sweep.bitsPerByteFp32}},
                     reference, 1.5, Qt::DashLine),
        x, y);
    const QColor sym = theme::series(0), asym = theme::series(1);
    auto* symPoints = charts::marker(tr("sym"), sym, QScatterSeries::MarkerShapeCircle);
    auto* asymPoints = charts::marker(tr("asym"), asym, QScatterSeries::MarkerShapeRectangle);
    symPoints->setMarkerSize(7);
    asymPoints->setMarkerSize(7);
    QList<QPointF> front, symList, asymList, current, offScale;
    std::vector<const ml::SweepPoint*> sorted;
    for (const ml::SweepPoint& p : m_sweep.points) {
        const QPointF point(p.sizeBytes / kib, shown(p.bitsPerByte));
        if (p.bitsPerByte > yTop)
            offScale.append(point);
        else
            (p.spec.scheme == "sym" ? symList : asymList).append(point);
        if (p.pareto)
            sorted.push_back(&p);
        if (sameConfiguration(p.spec, params.spec))
            current.append(point);
    }
    std::sort(sorted.begin(), sorted.end(), [](const ml::SweepPoint* a, const ml::SweepPoint* b) {
        return a->sizeBytes < b->sizeBytes;
    });
    for (const ml::SweepPoint* p : sorted)
        front.append({p->sizeBytes / kib, shown(p->bitsPerByte)});
    symPoints->replace(symList);
    asymPoints->replace(asymList);
    const QColor frontColour = theme::text();
    charts::addSeries(m_sweepChart, charts::line(tr("Pareto front"), front, frontColour, 2.0), x,
                      y);
    charts::addSeries(m_sweepChart, symPoints, x, y);
    charts::addSeries(m_sweepChart, asymPoints, x, y);
    const QColor offColour = theme::color(theme::Role::Negative);
    auto* off = charts::marker(tr("off the scale"), offColour, QScatterSeries::MarkerShapeTriangle);
    off->setMarkerSize(10);
    off->replace(offScale);
    charts::addSeries(m_sweepChart, off, x, y);
    const QColor markerColour = theme::color(theme::Role::Marker);
    auto* mark = charts::marker(tr("current"), markerColour, QScatterSeries::MarkerShapeStar);
    mark->setMarkerSize(18);
    mark->replace(current);
    charts::addSeries(m_sweepChart, mark, x, y);
    m_sweepChart->setTitle(
        tr("Bits per byte against size, %1 configurations").arg(m_sweep.points.size()));
    m_sweepKey->setText(charts::keyHtml(
        {{sym, QStringLiteral("●"), tr("symmetric")},
         {asym, QStringLiteral("●"), tr("asymmetric")},
         {frontColour, QStringLiteral("━"), tr("Pareto front (%1 points)").arg(front.size())},
         {markerColour, QStringLiteral("★"),
          current.isEmpty() ? tr("current (not in the sweep)") : tr("current")},
         {offColour, QStringLiteral("▲"),
          tr("%1 above %2 bits/byte, drawn at %2")
              .arg(offScale.size())
              .arg(labtext::fixed(yTop, 2))},
         {reference, QStringLiteral("┅"), tr("float32")}}));
}

void QuantizationView::updateNotice()
{
    if (!m_hasResult)
        return;
    const mllab::QuantizeResult& c = m_result.current;
    const double delta = c.bitsPerByte - c.bitsPerByteFp32;
    QString text =
        tr("%1 stores %2 bytes per weight (float32: 4, so %3× smaller matrices); on %4 bytes of "
           "held-out bank text bits/byte moves %5 (%6 → %7), the mean KL of the next-token "
           "distributions is %8 nats and %9 of positions keep the same top token.")
            .arg(qs(m_result.name), labtext::fixed(m_result.bytesPerWeight, 3),
                 labtext::fixed(4.0 / std::max(1e-9, m_result.bytesPerWeight), 1),
                 labtext::count(m_result.textBytes), signedFixed(delta, 4),
                 labtext::fixed(c.bitsPerByteFp32, 4), labtext::fixed(c.bitsPerByte, 4),
                 labtext::significant(c.klMean, 2), labtext::percent(c.top1Agreement, 0));
    if (m_result.outliersKept > 0)
        text += tr(" %1 outliers stay in fp16 at 6 bytes each (int32 index + fp16 value).")
                    .arg(labtext::count(m_result.outliersKept));
    // The worst of the table: where the rel. error is largest.
    double worst = -1;
    int worstBlock = 0, worstColumn = 0;
    for (int b = 0; b < int(m_result.relRmse.size()); ++b)
        for (int col = 0; col < int(m_result.relRmse[std::size_t(b)].size()); ++col)
            if (m_result.relRmse[std::size_t(b)][std::size_t(col)] > worst) {
                worst = m_result.relRmse[std::size_t(b)][std::size_t(col)];
                worstBlock = b;
                worstColumn = col;
            }
    if (worst >= 0)
        text += tr(" Largest error: block %1 %2 (%3).")
                    .arg(worstBlock + 1)
                    .arg(qs(ml::kQuantizedMatrices[std::size_t(worstColumn)]))
                    .arg(labtext::significant(worst, 3));
    if (m_hasSweep) {
        const mllab::QuantizeSpec& s = c.spec;
        const ml::SweepPoint* twoBit = nullptr;
        int onFront = 0;
        for (const ml::SweepPoint& p : m_sweep.points) {
            onFront += p.pareto ? 1 : 0;
            if (p.spec.bits == 2 && p.spec.group == s.group && p.spec.scheme == s.scheme)
                twoBit = &p;
        }
        if (twoBit && s.bits > 2)
            text += tr(" At 2 bits with the same scales the model %1: KL %2, %3 same top token.")
                        .arg(twoBit->klMean > 0.3 ? tr("breaks") : tr("degrades"),
                             labtext::significant(twoBit->klMean, 2),
                             labtext::percent(twoBit->top1Agreement, 0));
        text += tr(" The sweep (%1 configurations, measured on the first %2 bytes of the same "
                   "text to stay fast, float32 log-probs computed once) has %3 on its Pareto "
                   "front.")
                    .arg(m_sweep.points.size())
                    .arg(labtext::count(m_sweep.textBytes))
                    .arg(onFront);
    }
    setNotice(text);
}

QString QuantizationView::resultCsv() const
{
    QString csv = QStringLiteral("kind,name,bits,group,scheme,outlier_fraction,size_bytes,"
                                 "bits_per_byte,kl_mean,top1_agreement,rel_rmse\n");
    if (!m_hasResult)
        return csv;
    const mllab::QuantizeResult& c = m_result.current;
    const auto spec = [](const mllab::QuantizeSpec& s) {
        return QStringList{QString::number(s.bits), QString::number(s.group), qs(s.scheme),
                           labtext::exact(s.outlierFraction)};
    };
    csv += labtext::csvRow(
        QStringList{QStringLiteral("current"), labtext::csvField(qs(m_result.name))} +
        spec(c.spec) +
        QStringList{labtext::exact(c.sizeBytes), labtext::exact(c.bitsPerByte),
                    labtext::exact(c.klMean), labtext::exact(c.top1Agreement), QString()});
    for (const mllab::QuantizedTensor& t : c.tensors)
        csv += labtext::csvRow(
            QStringList{QStringLiteral("tensor"), qs(t.name)} + spec(c.spec) +
            QStringList{QString(), QString(), QString(), QString(), labtext::exact(t.relRmse)});
    for (const ml::SweepPoint& p : m_sweep.points)
        csv += labtext::csvRow(
            QStringList{p.pareto ? QStringLiteral("sweep-pareto") : QStringLiteral("sweep"),
                        labtext::csvField(qs(p.name))} +
            spec(p.spec) +
            QStringList{labtext::exact(p.sizeBytes), labtext::exact(p.bitsPerByte),
                        labtext::exact(p.klMean), labtext::exact(p.top1Agreement), QString()});
    return csv;
}

QList<KeyNumber> QuantizationView::keyNumbers() const
{
    if (!m_hasResult)
        return {};
    const mllab::QuantizeResult& c = m_result.current;
    return {{tr("Δ bits/byte"), signedFixed(c.bitsPerByte - c.bitsPerByteFp32, 4)},
            {tr("KL"), labtext::significant(c.klMean, 3)},
            {tr("same top"), labtext::percent(c.top1Agreement)},
            {tr("size"), labtext::count(qRound64(c.sizeBytes)) + tr(" B")}};
}
