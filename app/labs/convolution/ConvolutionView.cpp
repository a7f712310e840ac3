#include "app/labs/convolution/ConvolutionView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"
#include "app/labs/ParameterPanel.h"
#include "app/widgets/ImageGrid.h"
#include "app/widgets/ResultTable.h"
#include "app/widgets/RichLabel.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QScrollArea>
#include <QTableWidget>
#include <QTabWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ml = mllab::labs;

namespace {

ImageGrid::Tile tile(const QString& caption, const ml::ConvImage& image, bool diverging)
{
    ImageGrid::Tile t;
    t.caption = caption;
    t.rows = image.height;
    t.columns = image.width;
    t.values = image.values;
    if (diverging) {
        double limit = 0;
        for (double v : image.values)
            if (std::isfinite(v))
                limit = std::max(limit, std::abs(v));
        t.scale = ImageGrid::Scale::Diverging;
        t.low = -limit;
        t.high = limit;
    } else if (!image.values.empty()) {
        const auto [lo, hi] = std::minmax_element(image.values.begin(), image.values.end());
        t.low = std::min(0.0, *lo);
        t.high = std::max(1.0, *hi);
    }
    return t;
}

bool hasNegative(const std::vector<double>& values)
{
    return std::any_of(values.begin(), values.end(), [](double v) { return v < 0; });
}

QString kernelLabel(const ml::ConvolutionLabParams& p)
{
    static const QMap<QString, QString> names{
        {QStringLiteral("identity"), QObject::tr("identity")},
        {QStringLiteral("box"), QObject::tr("box blur")},
        {QStringLiteral("gaussian"), QObject::tr("Gaussian blur")},
        {QStringLiteral("sharpen"), QObject::tr("sharpen")},
        {QStringLiteral("sobel_x"), QObject::tr("Sobel x")},
        {QStringLiteral("sobel_y"), QObject::tr("Sobel y")},
        {QStringLiteral("laplacian"), QObject::tr("Laplacian")},
        {QStringLiteral("edge"), QObject::tr("edge")},
        {QStringLiteral("custom"), QObject::tr("custom")}};
    return names.value(QString::fromStdString(p.kernel), QString::fromStdString(p.kernel));
}

QWidget* page(QTabWidget* tabs, const QString& title)
{
    auto* content = new QWidget;
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    tabs->addTab(charts::verticalScroll(content), title);
    return content;
}

QString cnnKey(const ml::ConvolutionLabParams& p)
{
    return QStringLiteral("%1/%2/%3").arg(p.cnnFilters).arg(p.epochs).arg(p.seed);
}

void fitTableHeight(QTableWidget* table)
{
    int height = table->horizontalHeader()->height() + 2 * table->frameWidth() + 2;
    for (int r = 0; r < table->rowCount(); ++r)
        height += table->rowHeight(r);
    table->setFixedHeight(height);
}

} // namespace

ConvolutionView::ConvolutionView(JobRunner* jobs, QWidget* parent)
    : LabView(ml::convolutionLabSpec(), jobs, parent)
{
    m_tabs = new QTabWidget;
    // Tab 1: the convolution itself.
    QWidget* conv = page(m_tabs, tr("Convolution"));
    auto* convLayout = static_cast<QVBoxLayout*>(conv->layout());
    m_images = new ImageGrid;
    m_images->setChartName(QStringLiteral("convolution"));
    m_images->setMaximumTileSide(210);
    convLayout->addWidget(m_images);
    m_formula = widgets::richLabel();
    m_formula->setAlignment(Qt::AlignCenter);
    convLayout->addWidget(m_formula);
    // Layers across, quantities down: a stack of 8 stays four rows high.
    m_stackTable = widgets::makeResultTable({tr("layer"), tr("input")}, 0);
    convLayout->addWidget(m_stackTable);
    m_stackChart = charts::makeChart(tr("Receptive field across stacked layers"),
                                     QStringLiteral("receptive-field"));
    convLayout->addWidget(charts::makeChartView(m_stackChart, 230));
    m_countTable = widgets::makeResultTable({tr("layer on the same input"), tr("weights"),
                                             tr("biases"), tr("params"), tr("MACs"), tr("FLOPs")},
                                            0);
    convLayout->addWidget(m_countTable);
    convLayout->addStretch(1);

    // Tab 2: 1x1 convolutions and the CNN.
    QWidget* cnn = page(m_tabs, tr("1x1 and a CNN"));
    auto* cnnLayout = static_cast<QVBoxLayout*>(cnn->layout());
    m_bottleneckTable = widgets::makeResultTable(
        {tr("layer"), tr("weights"), tr("biases"), tr("params"), tr("MACs")}, 0);
    cnnLayout->addWidget(m_bottleneckTable);
    m_bottleneckNote = widgets::richLabel();
    cnnLayout->addWidget(m_bottleneckNote);
    m_cnnStatus = widgets::richLabel();
    cnnLayout->addWidget(m_cnnStatus);
    m_kernels = new ImageGrid;
    m_kernels->setChartName(QStringLiteral("cnn-filters"));
    m_kernels->setMaximumTileSide(90);
    cnnLayout->addWidget(m_kernels);
    m_maps = new ImageGrid;
    m_maps->setChartName(QStringLiteral("cnn-feature-maps"));
    m_maps->setMaximumTileSide(90);
    cnnLayout->addWidget(m_maps);
    m_accuracyChart =
        charts::makeChart(tr("CNN accuracy per epoch"), QStringLiteral("cnn-accuracy"));
    m_lossChart = charts::makeChart(tr("CNN cross-entropy per epoch"), QStringLiteral("cnn-loss"));
    for (QChart* chart : {m_accuracyChart, m_lossChart}) {
        QChartView* view = charts::makeChartView(chart, 220);
        view->setMaximumHeight(260);
        cnnLayout->addWidget(view);
    }
    cnnLayout->addStretch(1);

    chartLayout()->addWidget(m_tabs);
    bindTabs(QStringLiteral("view"), m_tabs);
    parameterPanel()->addHeading(tr("Layer counted"), QStringLiteral("in_channels"));
    parameterPanel()->addHeading(tr("1×1 bottleneck"), QStringLiteral("bottleneck_in"));
    parameterPanel()->addHeading(tr("CNN on the digits"), QStringLiteral("train_cnn"));
}

void ConvolutionView::parameterChanged(const QString& key)
{
    if (key == QLatin1String("view"))
        return; // the tab only
    LabView::parameterChanged(key);
}

void ConvolutionView::refresh()
{
    const ml::ConvolutionLabParams params = ml::convolutionLabParams(state());
    run(
        tr("Convolution"),
        [params](const mllab::Progress& progress) {
            return ml::computeConvolutionLab(params, progress);
        },
        [this](const ml::ConvolutionLabResult& r) { showResult(r); });
    if (params.trainCnn && (cnnKey(params) != m_cnnKey || (!m_hasCnn && !m_cnnRunning)))
        startCnn();
    else if (params.trainCnn && m_hasCnn && !m_cnnRunning)
        drawCnn(); // the same network: another digit, or training back on
    else if (!params.trainCnn)
        m_cnnStatus->setText(tr("CNN training is off (Train the CNN)."));
}

void ConvolutionView::startCnn()
{
    const ml::ConvolutionLabParams params = ml::convolutionLabParams(state());
    m_cnnKey = cnnKey(params);
    m_cnnRunning = true;
    m_cnnStatus->setText(tr("Training the CNN on the digits (%1 epochs)…").arg(params.epochs));
    runPart(
        QStringLiteral("cnn"), tr("Training the CNN"),
        [params](const mllab::Progress& progress) {
            return ml::computeConvolutionCnn(params, progress);
        },
        [this](const ml::ConvolutionCnnResult& r) { showCnn(r); },
        [this](const QString& message) {
            m_cnnRunning = false;
            m_cnnStatus->setText(message);
        });
}

void ConvolutionView::showResult(const ml::ConvolutionLabResult& result)
{
    clearError();
    m_result = result;
    m_hasResult = true;
    drawConvolution();
    drawStack();
    drawCounts();
    updateNotice();
    Q_EMIT resultShown();
}

void ConvolutionView::showCnn(const ml::ConvolutionCnnResult& result)
{
    m_cnn = result;
    m_hasCnn = true;
    m_cnnRunning = false;
    drawCnn();
    updateNotice();
    Q_EMIT cnnShown();
}

void ConvolutionView::drawConvolution()
{
    const auto& r = m_result;
    const auto& p = r.params;
    const QString input = p.input == "image" ? tr("test image") : tr("digit %1").arg(p.digit);
    const bool signedOutput = hasNegative(r.kernel.values) || hasNegative(r.output.values);
    ImageGrid::Tile kernel = tile(tr("kernel (%1×%1)").arg(p.kernelSize), r.kernel, true);
    kernel.printValues = true;
    m_images->setTiles(
        {tile(tr("%1 (%2×%3)").arg(input).arg(r.input.height).arg(r.input.width), r.input, false),
         kernel,
         tile(tr("output (%1×%2)").arg(r.output.height).arg(r.output.width), r.output,
              signedOutput)});
    m_formula->setText(
        tr("<b>Output size</b> ⌊(H + 2p − d(k − 1) − 1) / s⌋ + 1<br>= ⌊(%1 + 2·%2 − %3·(%4 − 1) "
           "− 1) / %5⌋ + 1 = ⌊%6 / %5⌋ + 1 = <b>%7</b> → %7×%7")
            .arg(r.input.height)
            .arg(p.padding)
            .arg(p.dilation)
            .arg(p.kernelSize)
            .arg(p.stride)
            .arg(r.numerator)
            .arg(r.output.height));
}

void ConvolutionView::drawStack()
{
    const auto& rows = m_result.stack;
    QStringList headers{tr("layer"), tr("input")};
    for (std::size_t i = 1; i < rows.size(); ++i)
        headers << QString::number(rows[i].layer);
    m_stackTable->setColumnCount(int(headers.size()));
    m_stackTable->setHorizontalHeaderLabels(headers);
    m_stackTable->setRowCount(3);
    QStringList sizes{tr("output size (px)")}, jumps{tr("jump (px)")},
        fields{tr("receptive field (px)")};
    for (const auto& row : rows) {
        sizes << QString::number(row.size);
        jumps << labtext::count(row.jump);
        fields << labtext::count(row.field);
    }
    widgets::setRow(m_stackTable, 0, sizes, {0});
    widgets::setRow(m_stackTable, 1, jumps, {0});
    widgets::setRow(m_stackTable, 2, fields, {0});
    fitTableHeight(m_stackTable);

    charts::clearChart(m_stackChart);
    double top = 1;
    QList<QPointF> field, size;
    for (const auto& row : rows) {
        field.append({double(row.layer), double(row.field)});
        size.append({double(row.layer), double(row.size)});
        top = std::max({top, double(row.field), double(row.size)});
    }
    auto* x = charts::makeExactAxis(tr("layer"), 0, std::max<double>(1, m_result.params.layers),
                                    QStringLiteral("%d"));
    charts::setIntegerTicks(x, std::max<double>(1, m_result.params.layers), 8);
    auto* y = charts::makeAxis(tr("input pixels"), 0, top * 1.08, QStringLiteral("%.0f"));
    charts::attach(
        m_stackChart,
        charts::line(tr("receptive field"), field, theme::color(theme::Role::Accent), 2.5), x, y);
    charts::attach(m_stackChart,
                   charts::line(tr("output size"), size, theme::color(theme::Role::Secondary), 2,
                                Qt::DashLine),
                   x, y);
    theme::applyTo(m_stackChart);
}

void ConvolutionView::drawCounts()
{
    const auto& r = m_result;
    const auto& p = r.params;
    const auto row = [](const QString& name, const ml::LayerCost& c) {
        return QStringList{name,
                           labtext::count(c.weights),
                           labtext::count(c.biases),
                           labtext::count(c.params()),
                           labtext::count(c.macs),
                           labtext::count(2 * c.macs)};
    };
    m_countTable->setRowCount(2);
    widgets::setRow(m_countTable, 0,
                    row(tr("Conv2d %1 → %2 channels, %3×%3, groups %4")
                            .arg(p.inChannels)
                            .arg(p.outChannels)
                            .arg(p.kernelSize)
                            .arg(p.groups),
                        r.conv),
                    {0});
    widgets::setRow(
        m_countTable, 1,
        row(tr("Linear %1 → %2 values")
                .arg(labtext::count(1LL * p.inChannels * r.input.height * r.input.width),
                     labtext::count(1LL * p.outChannels * r.output.height * r.output.width)),
            r.dense),
        {0});
    fitTableHeight(m_countTable);

    m_bottleneckTable->setRowCount(4);
    const int m = p.mapSize;
    widgets::setRow(
        m_bottleneckTable, 0,
        row(tr("3×3 %1 → %2").arg(p.bottleneckIn).arg(p.bottleneckOut), r.direct3x3).mid(0, 5),
        {0});
    widgets::setRow(
        m_bottleneckTable, 1,
        row(tr("1×1 %1 → %2").arg(p.bottleneckIn).arg(p.bottleneckMid), r.reduce1x1).mid(0, 5),
        {0});
    widgets::setRow(
        m_bottleneckTable, 2,
        row(tr("3×3 %1 → %2").arg(p.bottleneckMid).arg(p.bottleneckOut), r.then3x3).mid(0, 5), {0});
    ml::LayerCost block{r.reduce1x1.weights + r.then3x3.weights,
                        r.reduce1x1.biases + r.then3x3.biases, r.reduce1x1.macs + r.then3x3.macs};
    widgets::setRow(m_bottleneckTable, 3, row(tr("1×1 + 3×3 block"), block).mid(0, 5), {0});
    fitTableHeight(m_bottleneckTable);
    const double ratio = double(r.direct3x3.params()) / double(std::max(1LL, block.params()));
    m_bottleneckNote->setText(
        tr("On a %1×%1 map. torch::nn::Conv2d counts %2 parameters for the direct 3×3 and %3 "
           "for the block, as above. A 1×1 convolution is a Linear layer applied at every "
           "pixel: it mixes the %4 channels into %5 and sees no neighbours (its output and "
           "W·x + b differ by at most %6 here). The block needs %7 parameters than the direct "
           "3×3.")
            .arg(m)
            .arg(labtext::count(r.torchDirectParams), labtext::count(r.torchBottleneckParams))
            .arg(p.bottleneckIn)
            .arg(p.bottleneckMid)
            .arg(labtext::significant(r.oneByOneMaxDifference, 2),
                 ratio >= 1 ? tr("%1× fewer").arg(labtext::fixed(ratio, 1))
                            : tr("%1× more").arg(labtext::fixed(1 / ratio, 1))));
}

void ConvolutionView::drawCnn()
{
    const auto& c = m_cnn;
    charts::clearChart(m_accuracyChart);
    charts::clearChart(m_lossChart);
    QList<QPointF> trainAcc, testAcc, trainLoss, testLoss;
    double topLoss = 0;
    for (const auto& e : c.epochs) {
        trainAcc.append({double(e.epoch), 100 * e.trainAccuracy});
        testAcc.append({double(e.epoch), 100 * e.testAccuracy});
        trainLoss.append({double(e.epoch), e.trainLoss});
        testLoss.append({double(e.epoch), e.testLoss});
        for (double v : {e.trainLoss, e.testLoss})
            if (std::isfinite(v))
                topLoss = std::max(topLoss, v);
    }
    const double epochs = std::max<double>(2, double(c.epochs.size()));
    const auto epochAxis = [&] {
        auto* x = charts::makeExactAxis(tr("epoch"), 1, epochs, QStringLiteral("%d"));
        return x;
    };
    auto* xa = epochAxis();
    auto* ya = charts::makeExactAxis(tr("accuracy (%)"), 0, 100, QStringLiteral("%.0f"));
    charts::attach(
        m_accuracyChart,
        charts::line(tr("train"), trainAcc, theme::color(theme::Role::Secondary), 2, Qt::DashLine),
        xa, ya);
    charts::attach(m_accuracyChart,
                   charts::line(tr("test"), testAcc, theme::color(theme::Role::Accent), 2.5), xa,
                   ya);
    charts::attach(m_accuracyChart,
                   charts::line(tr("chance (10 %)"), {{1, 10}, {epochs, 10}},
                                theme::color(theme::Role::Reference), 1.2, Qt::DotLine),
                   xa, ya);
    auto* xl = epochAxis();
    auto* yl = charts::makeAxis(tr("loss (nats)"), 0, std::max(0.1, topLoss * 1.1),
                                QStringLiteral("%.2f"));
    charts::attach(
        m_lossChart,
        charts::line(tr("train"), trainLoss, theme::color(theme::Role::Secondary), 2, Qt::DashLine),
        xl, yl);
    charts::attach(m_lossChart,
                   charts::line(tr("test"), testLoss, theme::color(theme::Role::Accent), 2.5), xl,
                   yl);
    theme::applyTo(m_accuracyChart);
    theme::applyTo(m_lossChart);

    QList<ImageGrid::Tile> kernels;
    for (std::size_t f = 0; f < c.kernels.size(); ++f)
        kernels.append(tile(tr("filter %1").arg(f + 1), c.kernels[f], true));
    QList<ImageGrid::Tile> maps;
    const int digit = int(state().integer("digit")); // any digit: no training needed
    const ml::CnnDigit& d = c.digits.at(std::size_t(digit));
    maps.append(tile(tr("digit %1 → %2").arg(digit).arg(d.predicted), d.sample, false));
    for (std::size_t f = 0; f < d.featureMaps.size(); ++f)
        maps.append(tile(tr("map %1").arg(f + 1), d.featureMaps[f], false));
    m_kernels->setTitle(tr("First-layer filters (3×3, learned)"));
    m_kernels->setTiles(kernels);
    m_maps->setTitle(tr("The chosen digit (→ what the CNN reads) and the filters' ReLU outputs"));
    m_maps->setTiles(maps);
    const auto& last = c.epochs.back();
    m_cnnStatus->setText(
        tr("<b>CNN</b> conv %1 → ReLU → max-pool → conv %2 → ReLU → max-pool → Linear 10; %3 "
           "parameters, trained on %4 digits and tested on %5 others: test accuracy <b>%6</b> "
           "after %7 epochs (chance 10 %).")
            .arg(c.params.cnnFilters)
            .arg(2 * c.params.cnnFilters)
            .arg(labtext::count(c.parameters), labtext::count(c.trainRows),
                 labtext::count(c.testRows), labtext::percent(last.testAccuracy))
            .arg(c.epochs.size()));
}

void ConvolutionView::updateNotice()
{
    if (!m_hasResult)
        return;
    const auto& r = m_result;
    const auto& p = r.params;
    QStringList parts;
    parts << tr("A %1×%1 %2 kernel, stride %3, padding %4, dilation %5, turns the %6×%6 input "
                "into %7×%7 (it spans %8 of the %9 padded pixels).")
                 .arg(p.kernelSize)
                 .arg(kernelLabel(p))
                 .arg(p.stride)
                 .arg(p.padding)
                 .arg(p.dilation)
                 .arg(r.input.height)
                 .arg(r.output.height)
                 .arg(p.dilation * (p.kernelSize - 1) + 1)
                 .arg(r.input.height + 2 * p.padding);
    if (r.nonFinite > 0)
        parts << tr("%1 of the %2 output values overflow float32 (inf or NaN, drawn in the "
                    "warning colour): the kernel's weights are too large.")
                     .arg(labtext::count(r.nonFinite),
                          labtext::count(static_cast<long long>(r.output.values.size())));
    if (p.kernel == "sobel_x" || p.kernel == "sobel_y")
        parts << tr("Sobel is positive where the image brightens %1: conv2d does not flip the "
                    "kernel (cross-correlation).")
                     .arg(p.kernel == "sobel_x" ? tr("to the right") : tr("downwards"));
    const auto& last = r.stack.back();
    parts << tr("%1 such layers stacked see %2×%2 input pixels per output (jump %3)%4.")
                 .arg(last.layer)
                 .arg(labtext::count(last.field))
                 .arg(labtext::count(last.jump))
                 .arg(r.stackEmptied ? tr("; another layer would leave nothing") : QString());
    const double denseRatio = double(r.dense.params()) / double(std::max(1LL, r.conv.params()));
    parts << tr("The convolution has %1 parameters, a dense layer between the same input and "
                "output %2 (%3×): every position shares one small kernel.")
                 .arg(labtext::count(r.conv.params()), labtext::count(r.dense.params()),
                      denseRatio >= 100 ? labtext::count(std::llround(denseRatio))
                                        : labtext::fixed(denseRatio, 1));
    const long long block = r.reduce1x1.params() + r.then3x3.params();
    parts << tr("A 1×1 reduce to %1 channels: the 3×3 block needs %2 parameters, not %3.")
                 .arg(p.bottleneckMid)
                 .arg(labtext::count(block), labtext::count(r.direct3x3.params()));
    if (m_hasCnn && !m_cnn.epochs.empty()) {
        const int digit = int(state().integer("digit"));
        parts << tr("The CNN reaches %1 test accuracy (chance 10 %) and reads the chosen %2 as "
                    "a %3.")
                     .arg(labtext::percent(m_cnn.epochs.back().testAccuracy))
                     .arg(digit)
                     .arg(m_cnn.digits.at(std::size_t(digit)).predicted);
    }
    setNotice(parts.join(QLatin1Char(' ')));
}

QString ConvolutionView::resultCsv() const
{
    QString csv = QStringLiteral("row,column,input,output\n");
    const auto& r = m_result;
    for (int i = 0; i < r.output.height; ++i)
        for (int j = 0; j < r.output.width; ++j)
            csv += labtext::csvRow({QString::number(i), QString::number(j),
                                    i < r.input.height && j < r.input.width
                                        ? labtext::exact(r.input.at(i, j))
                                        : QString(),
                                    labtext::exact(r.output.at(i, j))});
    return csv;
}

QList<KeyNumber> ConvolutionView::keyNumbers() const
{
    if (!m_hasResult)
        return {};
    QList<KeyNumber> numbers{{tr("output"), QString::number(m_result.output.height)},
                             {tr("receptive field"), labtext::count(m_result.stack.back().field)},
                             {tr("conv params"), labtext::count(m_result.conv.params())}};
    if (m_hasCnn && !m_cnn.epochs.empty())
        numbers.append({tr("CNN test acc"), labtext::percent(m_cnn.epochs.back().testAccuracy)});
    return numbers;
}
