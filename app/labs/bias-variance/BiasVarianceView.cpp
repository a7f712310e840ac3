#include "app/labs/bias-variance/BiasVarianceView.h"

#include "app/jobs/JobRunner.h"
#include "app/charts/ChartKit.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace {

/// Names of the tabs for the `tab` parameter (lab links, screenshots of one tab).
const QStringList kTabs = {QStringLiteral("fits"), QStringLiteral("learning"),
                           QStringLiteral("double-descent")};

const double kRidgeChoices[] = {0, 1e-4, 1e-3, 1e-2, 0.1, 1, 10};
constexpr int kFanCurves = 20;
constexpr int kMaxKnn = 50;
constexpr double kLogFloor = 1e-5; ///< smallest error drawn on a log axis
const QColor kBiasColour(230, 120, 20), kVarianceColour(130, 60, 180), kTestColour(30, 30, 30),
    kTrainColour(40, 150, 70), kNoiseColour(120, 120, 120), kMarkerColour(200, 40, 40),
    kFitColour(30, 100, 210);

QChart* newChart(const QString& title)
{
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setTitle(title);
    chart->setMargins(QMargins(4, 4, 4, 4));
    QFont font = chart->legend()->font();
    font.setPointSizeF(font.pointSizeF() * 0.85);
    chart->legend()->setFont(font);
    chart->legend()->hide();
    QFont titleFont = chart->titleFont();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 0.95);
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    return chart;
}

QChartView* viewOf(QChart* chart);

struct LegendItem {
    QColor colour;
    QString symbol; ///< ━ solid, ┅ dashed, ┈ dotted, ● points, ★ marker
    QString text;
};

/// A legend as wrapping rich text under a chart: at 1280x800 a chart is only ~400 px wide and
/// Qt Charts' one-row legend would truncate every entry.
QString legendHtml(const std::vector<LegendItem>& items)
{
    QStringList parts;
    for (const auto& item : items)
        parts << QStringLiteral("<span style=\"color:%1\"><b>%2</b></span>&nbsp;%3")
                     .arg(item.colour.name(), item.symbol,
                          item.text.toHtmlEscaped().replace(QLatin1Char(' '),
                                                            QStringLiteral("&nbsp;")));
    return parts.join(QStringLiteral(" &nbsp; "));
}

QLabel* legendLabel()
{
    auto* label = new QLabel;
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    label->setContentsMargins(6, 0, 6, 2);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    label->setFont(font);
    return label;
}

QWidget* chartWithLegend(QChart* chart, QLabel* legend)
{
    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(viewOf(chart), 1);
    layout->addWidget(legend);
    return box;
}

QChartView* viewOf(QChart* chart)
{
    auto* view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(260, 170);
    return view;
}

using charts::clearChart;
using charts::line;

void add(QChart* chart, QAbstractSeries* series, QAbstractAxis* x, QAbstractAxis* y,
         bool inLegend = true)
{
    charts::addSeries(chart, series, x, y);
    if (!inLegend)
        charts::hideFromLegend(chart, series);
}

QValueAxis* valueAxis(const QString& title, double low, double high, const char* format = "%g")
{
    auto* axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setRange(low, high);
    axis->setLabelFormat(QString::fromLatin1(format));
    return axis;
}

QLogValueAxis* logAxis(const QString& title, double low, double high)
{
    auto* axis = new QLogValueAxis;
    axis->setTitleText(title);
    axis->setBase(10);
    axis->setLabelFormat(QStringLiteral("%g"));
    axis->setRange(low, high);
    axis->setMinorTickCount(-1);
    return axis;
}

double positive(double v)
{
    return std::max(v, kLogFloor);
}

/// A log range covering the values with a little room, at most `decades` decades tall.
std::pair<double, double> logRange(const std::vector<double>& values, double decades = 9)
{
    double low = INFINITY, high = 0;
    for (const double v : values) {
        if (!std::isfinite(v))
            continue;
        low = std::min(low, positive(v));
        high = std::max(high, positive(v));
    }
    if (!(high > 0))
        return {kLogFloor, 1};
    low = std::max(low * 0.5, high * std::pow(10.0, -decades));
    return {low, high * 2};
}

QString number(double v)
{
    return QString::number(v, 'g', 3);
}

QString functionTitle(mllab::TrueFunction f)
{
    switch (f) {
    case mllab::TrueFunction::Sine:
        return BiasVarianceView::tr("sin(πx)");
    case mllab::TrueFunction::Cubic:
        return BiasVarianceView::tr("4x³ − 3x");
    case mllab::TrueFunction::Step:
        return BiasVarianceView::tr("step at 0");
    }
    return {};
}

QWidget* sliderRow(QSlider* slider, QLabel* value)
{
    return charts::sliderRow(slider, value, 30);
}

} // namespace

BiasVarianceView::BiasVarianceView(JobRunner* jobs, QWidget* parent)
    : LabView(QStringLiteral("bias-variance"), jobs, parent)
{
    buildControls();
    buildCharts();
    syncControls();
}

void BiasVarianceView::buildControls()
{
    m_function = new QComboBox;
    m_function->addItem(tr("sin(πx)"), QStringLiteral("sin"));
    m_function->addItem(tr("4x³ − 3x"), QStringLiteral("cubic"));
    m_function->addItem(tr("step at 0"), QStringLiteral("step"));
    m_family = new QComboBox;
    m_family->addItem(tr("polynomial"), QStringLiteral("poly"));
    m_family->addItem(tr("k-NN"), QStringLiteral("knn"));
    m_noise = new QSlider(Qt::Horizontal);
    m_noise->setRange(0, 150);
    m_noiseValue = new QLabel;
    m_n = new QSlider(Qt::Horizontal);
    m_n->setRange(5, 200);
    m_nValue = new QLabel;
    m_complexity = new QSlider(Qt::Horizontal);
    m_complexityValue = new QLabel;
    m_complexityLabel = new QLabel;
    m_ridge = new QComboBox;
    m_ddRidge = new QComboBox;
    for (const double v : kRidgeChoices) {
        m_ridge->addItem(v == 0 ? tr("none") : QString::number(v), v);
        m_ddRidge->addItem(v == 0 ? tr("none") : QString::number(v), v);
    }
    m_bootstraps = new QSpinBox;
    m_bootstraps->setRange(2, mllab::kMaxBootstraps);
    m_bootstraps->setSingleStep(50);
    m_bootstraps->setToolTip(tr("Independent training sets drawn from the same distribution"));
    m_seed = new QSpinBox;
    m_seed->setRange(0, 1'000'000);
    m_ddN = new QSpinBox;
    m_ddN->setRange(5, 80);
    m_ddN->setToolTip(tr("Training points of the double-descent tab: the peak sits at p = n"));

    auto* form = parameterForm();
    form->addRow(tr("True f:"), m_function);
    form->addRow(tr("Noise σ:"), sliderRow(m_noise, m_noiseValue));
    form->addRow(tr("Points n:"), sliderRow(m_n, m_nValue));
    form->addRow(tr("Model:"), m_family);
    form->addRow(m_complexityLabel, sliderRow(m_complexity, m_complexityValue));
    form->addRow(tr("Ridge λ:"), m_ridge);
    form->addRow(tr("Sets:"), m_bootstraps);
    form->addRow(tr("Seed:"), m_seed);
    auto* heading = new QLabel(tr("<b>Double descent</b>"));
    form->addRow(heading);
    form->addRow(tr("Points n:"), m_ddN);
    form->addRow(tr("Ridge λ:"), m_ddRidge);

    const auto changed = [this] { controlChanged(); };
    for (QComboBox* box : {m_function, m_family, m_ridge, m_ddRidge})
        connect(box, &QComboBox::currentIndexChanged, this, changed);
    for (QSlider* slider : {m_noise, m_n, m_complexity})
        connect(slider, &QSlider::valueChanged, this, changed);
    for (QSpinBox* spin : {m_bootstraps, m_seed, m_ddN})
        connect(spin, &QSpinBox::valueChanged, this, changed);
}

void BiasVarianceView::buildCharts()
{
    m_fanChart = newChart(tr("Fitted curves on independent training sets"));
    m_decompositionChart = newChart(tr("Expected test error = bias² + variance + noise"));
    m_learningChart = newChart(tr("Learning curves"));
    m_doubleChart = newChart(tr("Double descent with random Fourier features"));

    auto* fitsPage = new QWidget;
    auto* fitsLayout = new QVBoxLayout(fitsPage);
    fitsLayout->setContentsMargins(0, 0, 0, 0);
    m_fanLegend = legendLabel();
    m_decompositionLegend = legendLabel();
    m_learningLegend = legendLabel();
    m_doubleLegend = legendLabel();
    fitsLayout->addWidget(chartWithLegend(m_fanChart, m_fanLegend), 9);
    fitsLayout->addWidget(chartWithLegend(m_decompositionChart, m_decompositionLegend), 11);

    auto* learningPage = new QWidget;
    auto* learningLayout = new QVBoxLayout(learningPage);
    learningLayout->setContentsMargins(0, 0, 0, 0);
    m_diagnosis = new QLabel;
    m_diagnosis->setWordWrap(true);
    m_diagnosis->setTextFormat(Qt::RichText);
    learningLayout->addWidget(m_diagnosis);
    learningLayout->addWidget(chartWithLegend(m_learningChart, m_learningLegend), 1);

    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(fitsPage, tr("Fits && error"));
    m_tabs->addTab(learningPage, tr("Learning curves"));
    m_tabs->addTab(chartWithLegend(m_doubleChart, m_doubleLegend), tr("Double descent"));
    chartLayout()->addWidget(m_tabs);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { updateNotice(); });
}

// ---------------------------------------------------------------------------------------------
// Parameters

QMap<QString, QString> BiasVarianceView::parameters() const
{
    const Settings& s = m_settings;
    return {
        {QStringLiteral("function"), QString::fromStdString(mllab::trueFunctionName(s.function))},
        {QStringLiteral("family"), QString::fromStdString(mllab::modelFamilyName(s.family))},
        {QStringLiteral("noise"), QString::number(s.noise)},
        {QStringLiteral("n"), QString::number(s.nTrain)},
        {QStringLiteral("degree"), QString::number(s.degree)},
        {QStringLiteral("k"), QString::number(s.k)},
        {QStringLiteral("ridge"), QString::number(s.ridge)},
        {QStringLiteral("bootstraps"), QString::number(s.bootstraps)},
        {QStringLiteral("dd-n"), QString::number(s.doubleDescentN)},
        {QStringLiteral("dd-ridge"), QString::number(s.doubleDescentRidge)},
        {QStringLiteral("seed"), QString::number(s.seed)},
        {QStringLiteral("tab"), charts::currentTabId(m_tabs, kTabs)}};
}

QString BiasVarianceView::setParameter(const QString& key, const QString& value)
{
    bool ok = false;
    const double number = value.toDouble(&ok);
    const int whole = value.toInt();
    const bool isWhole = ok && number == std::floor(number);
    const auto range = [&](const QString& what, double low, double high) {
        return tr("%1 must be from %2 to %3 (got '%4')").arg(what).arg(low).arg(high).arg(value);
    };
    if (key == QLatin1String("tab"))
        return charts::showTab(m_tabs, kTabs, value);
    Settings s = m_settings;
    if (key == QLatin1String("function")) {
        try {
            s.function = mllab::parseTrueFunction(value.toStdString());
        } catch (const mllab::InputError&) {
            return tr("function must be sin, cubic or step (got '%1')").arg(value);
        }
    } else if (key == QLatin1String("family")) {
        try {
            s.family = mllab::parseModelFamily(value.toStdString());
        } catch (const mllab::InputError&) {
            return tr("family must be poly or knn (got '%1')").arg(value);
        }
    } else if (key == QLatin1String("noise")) {
        if (!ok || number < 0 || number > 1.5)
            return range(tr("noise σ"), 0, 1.5);
        s.noise = number;
    } else if (key == QLatin1String("n")) {
        if (!isWhole || whole < 5 || whole > 200)
            return range(tr("n (training points)"), 5, 200);
        s.nTrain = whole;
    } else if (key == QLatin1String("degree")) {
        if (!isWhole || whole < 1 || whole > mllab::kMaxPolynomialDegree)
            return range(tr("degree"), 1, mllab::kMaxPolynomialDegree);
        s.degree = whole;
    } else if (key == QLatin1String("k")) {
        if (!isWhole || whole < 1 || whole > kMaxKnn)
            return range(tr("k"), 1, kMaxKnn);
        s.k = whole;
    } else if (key == QLatin1String("ridge") || key == QLatin1String("dd-ridge")) {
        if (!ok || number < 0 || number > 1e6)
            return range(key == QLatin1String("ridge") ? tr("ridge λ") : tr("dd-ridge λ"), 0, 1e6);
        (key == QLatin1String("ridge") ? s.ridge : s.doubleDescentRidge) = number;
    } else if (key == QLatin1String("bootstraps")) {
        if (!isWhole || whole < 2 || whole > mllab::kMaxBootstraps)
            return range(tr("bootstraps"), 2, mllab::kMaxBootstraps);
        s.bootstraps = whole;
    } else if (key == QLatin1String("dd-n")) {
        if (!isWhole || whole < 5 || whole > 80)
            return range(tr("dd-n"), 5, 80);
        s.doubleDescentN = whole;
    } else if (key == QLatin1String("seed")) {
        if (!isWhole || whole < 0 || whole > 1'000'000)
            return range(tr("seed"), 0, 1'000'000);
        s.seed = whole;
    } else {
        return tr("unknown parameter '%1' (known: %2)")
            .arg(key, QStringList(parameters().keys()).join(QStringLiteral(", ")));
    }
    if (s.family == mllab::ModelFamily::Polynomial && s.ridge == 0 && s.degree > s.nTrain - 1)
        return tr("degree %1 needs at least %2 training points (n is %3): lower the degree, "
                  "raise n or add a ridge penalty")
            .arg(s.degree)
            .arg(s.degree + 1)
            .arg(s.nTrain);
    if (s.family == mllab::ModelFamily::KNearest && s.k > s.nTrain)
        return tr("k = %1 needs at least %1 training points (n is %2)").arg(s.k).arg(s.nTrain);
    m_settings = s;
    syncControls();
    return {};
}

void BiasVarianceView::resetParameters()
{
    m_settings = {};
    syncControls();
    refresh();
}

int BiasVarianceView::largestComplexity() const
{
    const Settings& s = m_settings;
    if (s.family == mllab::ModelFamily::KNearest)
        return std::min(kMaxKnn, s.nTrain);
    return s.ridge > 0 ? mllab::kMaxPolynomialDegree
                       : std::min(mllab::kMaxPolynomialDegree, s.nTrain - 1);
}

int BiasVarianceView::chosenComplexity() const
{
    const int chosen =
        m_settings.family == mllab::ModelFamily::Polynomial ? m_settings.degree : m_settings.k;
    return std::clamp(chosen, 1, largestComplexity());
}

void BiasVarianceView::syncControls()
{
    const Settings& s = m_settings;
    const QSignalBlocker b1(m_function), b2(m_family), b3(m_noise), b4(m_n), b5(m_complexity),
        b6(m_ridge), b7(m_bootstraps), b8(m_seed), b9(m_ddN), b10(m_ddRidge);
    m_function->setCurrentIndex(
        m_function->findData(QString::fromStdString(mllab::trueFunctionName(s.function))));
    m_family->setCurrentIndex(
        m_family->findData(QString::fromStdString(mllab::modelFamilyName(s.family))));
    m_noise->setValue(int(std::lround(s.noise * 100)));
    m_noiseValue->setText(QString::number(s.noise, 'f', 2));
    m_n->setValue(s.nTrain);
    m_nValue->setText(QString::number(s.nTrain));
    const bool poly = s.family == mllab::ModelFamily::Polynomial;
    m_complexityLabel->setText(poly ? tr("Degree:") : tr("k:"));
    m_complexity->setRange(1, largestComplexity());
    m_complexity->setValue(chosenComplexity());
    m_complexityValue->setText(QString::number(chosenComplexity()));
    m_ridge->setEnabled(poly);
    for (auto [box, value] :
         {std::pair{m_ridge, s.ridge}, std::pair{m_ddRidge, s.doubleDescentRidge}}) {
        int index = box->findData(value);
        if (index < 0) {
            box->addItem(QString::number(value), value);
            index = box->count() - 1;
        }
        box->setCurrentIndex(index);
    }
    m_bootstraps->setValue(s.bootstraps);
    m_seed->setValue(s.seed);
    m_ddN->setValue(s.doubleDescentN);
}

void BiasVarianceView::controlChanged()
{
    Settings& s = m_settings;
    s.function = mllab::parseTrueFunction(m_function->currentData().toString().toStdString());
    s.family = mllab::parseModelFamily(m_family->currentData().toString().toStdString());
    s.noise = m_noise->value() / 100.0;
    s.nTrain = m_n->value();
    s.ridge = m_ridge->currentData().toDouble();
    // The complexity slider's range follows n, the family and the ridge; keep its value.
    if (sender() == m_complexity)
        (s.family == mllab::ModelFamily::Polynomial ? s.degree : s.k) = m_complexity->value();
    s.bootstraps = m_bootstraps->value();
    s.seed = m_seed->value();
    s.doubleDescentN = m_ddN->value();
    s.doubleDescentRidge = m_ddRidge->currentData().toDouble();
    if (s.family == mllab::ModelFamily::Polynomial)
        s.degree = std::clamp(s.degree, 1, largestComplexity());
    else
        s.k = std::clamp(s.k, 1, largestComplexity());
    syncControls();
    refresh();
}

mllab::BiasVarianceParams BiasVarianceView::decompositionParams() const
{
    const Settings& s = m_settings;
    mllab::BiasVarianceParams p;
    p.function = s.function;
    p.noise = s.noise;
    p.nTrain = s.nTrain;
    p.family = s.family;
    p.complexities.clear();
    for (int c = 1; c <= largestComplexity(); ++c)
        p.complexities.push_back(c);
    p.ridge = s.family == mllab::ModelFamily::Polynomial ? s.ridge : 0;
    p.bootstraps = s.bootstraps;
    p.fanComplexity = chosenComplexity();
    p.fanCurves = std::min(kFanCurves, s.bootstraps);
    p.seed = std::uint64_t(s.seed);
    return p;
}

mllab::LearningCurveParams BiasVarianceView::learningCurveParams() const
{
    const Settings& s = m_settings;
    mllab::LearningCurveParams p;
    p.function = s.function;
    p.noise = s.noise;
    p.family = s.family;
    p.complexity = chosenComplexity();
    p.ridge = s.family == mllab::ModelFamily::Polynomial ? s.ridge : 0;
    p.nTrain = s.nTrain;
    p.repeats = 40;
    p.seed = std::uint64_t(s.seed);
    return p;
}

mllab::DoubleDescentParams BiasVarianceView::doubleDescentParams() const
{
    const Settings& s = m_settings;
    mllab::DoubleDescentParams p;
    p.function = s.function;
    p.noise = s.noise;
    p.nTrain = s.doubleDescentN;
    p.ridge = s.doubleDescentRidge;
    p.trials = 16;
    p.seed = std::uint64_t(s.seed);
    return p;
}

void BiasVarianceView::refresh()
{
    const auto decomposition = decompositionParams();
    jobs()->submit<mllab::BiasVarianceResult>(
        labId(), tr("Bias-variance: %1 training sets").arg(decomposition.bootstraps),
        [decomposition](const mllab::Progress& progress) {
            return mllab::computeBiasVariance(decomposition, progress);
        },
        [this](const mllab::BiasVarianceResult& r) { showDecomposition(r); },
        [this](const QString& message) { showError(message); });

    const auto learning = learningCurveParams();
    if (learning.noise == 0) {
        // The diagnosis measures errors against the noise floor σ²; without noise there is none.
        jobs()->cancel(labId() + QStringLiteral("/learning"));
        m_learning = {};
        clearChart(m_learningChart);
        m_diagnosis->setText(tr("<b>Set a noise level above 0</b> to see learning curves: the "
                                "diagnosis compares the errors with the noise floor σ²."));
    } else {
        jobs()->submit<mllab::LearningCurveResult>(
            labId() + QStringLiteral("/learning"), tr("Learning curves"),
            [learning](const mllab::Progress& progress) {
                return mllab::computeLearningCurve(learning, progress);
            },
            [this](const mllab::LearningCurveResult& r) { showLearningCurve(r); },
            [this](const QString& message) { showError(message); });
    }

    // Double descent costs a few hundred milliseconds: only when its own inputs change.
    const auto dd = doubleDescentParams();
    const QString inputs = QStringLiteral("%1/%2/%3/%4/%5")
                               .arg(int(dd.function))
                               .arg(dd.noise)
                               .arg(dd.nTrain)
                               .arg(dd.ridge)
                               .arg(dd.seed);
    if (inputs == m_doubleDescentRequested)
        return;
    m_doubleDescentRequested = inputs;
    jobs()->submit<mllab::DoubleDescentResult>(
        labId() + QStringLiteral("/double-descent"), tr("Double descent"),
        [dd](const mllab::Progress& progress) { return mllab::computeDoubleDescent(dd, progress); },
        [this](const mllab::DoubleDescentResult& r) { showDoubleDescent(r); },
        [this](const QString& message) {
            m_doubleDescentRequested.clear();
            showError(message);
        });
}

// ---------------------------------------------------------------------------------------------
// Drawing

void BiasVarianceView::showDecomposition(const mllab::BiasVarianceResult& result)
{
    clearError();
    m_decomposition = result;
    drawFan();
    drawDecomposition();
    updateNotice();
    Q_EMIT resultShown();
}

void BiasVarianceView::showLearningCurve(const mllab::LearningCurveResult& result)
{
    m_learning = result;
    drawLearningCurve();
    updateNotice();
    Q_EMIT resultShown();
}

void BiasVarianceView::showDoubleDescent(const mllab::DoubleDescentResult& result)
{
    m_double = result;
    drawDoubleDescent();
    updateNotice();
    Q_EMIT resultShown();
}

void BiasVarianceView::drawFan()
{
    const auto& r = m_decomposition;
    clearChart(m_fanChart);
    const bool poly = m_settings.family == mllab::ModelFamily::Polynomial;
    m_fanChart->setTitle(
        tr("%1, %2 = %3: fits on %4 of %5 training sets")
            .arg(poly ? tr("Polynomial") : tr("k-NN"), poly ? tr("degree") : tr("k"))
            .arg(r.fanComplexity)
            .arg(r.fanCurves.size())
            .arg(m_settings.bootstraps));
    auto* x = valueAxis(tr("x"), -1, 1, "%.1f");
    // Room for the noisy points: |f| <= 1 plus about 2.5σ, on whole-number ticks.
    const double reach = std::max(2.0, std::ceil(1 + 2.5 * m_settings.noise));
    auto* y = valueAxis(tr("y"), -reach, reach, "%g");
    y->setTickType(QValueAxis::TicksDynamic);
    y->setTickAnchor(0);
    y->setTickInterval(reach > 3 ? 2 : 1);
    m_fanChart->addAxis(x, Qt::AlignBottom);
    m_fanChart->addAxis(y, Qt::AlignLeft);
    const auto curve = [&](const std::vector<double>& values) {
        QList<QPointF> points;
        points.reserve(qsizetype(values.size()));
        for (std::size_t i = 0; i < values.size(); ++i)
            points.append({r.gridX[i], values[i]});
        return points;
    };
    for (std::size_t c = 0; c < r.fanCurves.size(); ++c) {
        auto* s = line(tr("fitted curves"), curve(r.fanCurves[c]), QColor(70, 130, 220, 70), 1);
        add(m_fanChart, s, x, y, c == 0);
    }
    auto* points = new QScatterSeries;
    points->setName(tr("one training set"));
    points->setMarkerSize(5);
    points->setColor(QColor(90, 90, 90));
    points->setBorderColor(Qt::transparent);
    QList<QPointF> sample;
    for (std::size_t i = 0; i < r.sampleX.size(); ++i)
        sample.append({r.sampleX[i], r.sampleY[i]});
    points->replace(sample);
    add(m_fanChart, points, x, y);
    add(m_fanChart, line(tr("mean fit"), curve(r.fanMean), kFitColour, 2.5), x, y);
    add(m_fanChart,
        line(tr("true f(x) = %1").arg(functionTitle(m_settings.function)), curve(r.truth),
             Qt::black, 2, Qt::DashLine),
        x, y);
    m_fanLegend->setText(
        legendHtml({{Qt::black, QStringLiteral("┅"),
                     tr("true f(x) = %1").arg(functionTitle(m_settings.function))},
                    {QColor(70, 130, 220), QStringLiteral("━"), tr("fitted curves")},
                    {kFitColour, QStringLiteral("━"), tr("mean fit")},
                    {QColor(90, 90, 90), QStringLiteral("●"), tr("one training set")}}));
}

void BiasVarianceView::drawDecomposition()
{
    const auto& r = m_decomposition;
    clearChart(m_decompositionChart);
    const bool poly = m_settings.family == mllab::ModelFamily::Polynomial;
    const double first = r.complexities.front(), last = r.complexities.back();
    auto* x = valueAxis(poly ? tr("polynomial degree (more complex →)")
                             : tr("neighbours k (more complex →)"),
                        first - 0.5, last + 0.5, "%d");
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(0);
    x->setTickInterval(last - first > 20 ? 5 : (last - first > 10 ? 2 : 1));
    x->setReverse(!poly);
    // The range covers what is drawn: bias² only where resolved, and no exact zeros (k = 1
    // interpolates its training set), which would drag a log axis down to its floor.
    std::vector<double> all;
    for (std::size_t i = 0; i < r.bias2.size(); ++i)
        if (r.bias2[i] > 2 * r.bias2StdError[i])
            all.push_back(r.bias2[i]);
    all.insert(all.end(), r.variance.begin(), r.variance.end());
    all.insert(all.end(), r.expectedTestMse.begin(), r.expectedTestMse.end());
    all.insert(all.end(), r.trainMse.begin(), r.trainMse.end());
    if (r.noise > 0)
        all.push_back(r.noise);
    // Focus on the trade-off: from the smallest error to a few decades above the best test error;
    // fits that explode beyond that leave the chart at the top, zeros sit on the bottom axis.
    const double bestTest = *std::min_element(r.expectedTestMse.begin(), r.expectedTestMse.end());
    double low = INFINITY, high = 0;
    for (const double v : all) {
        if (!(v > 0) || !std::isfinite(v))
            continue;
        low = std::min(low, v);
        high = std::max(high, v);
    }
    if (!(high > 0))
        low = high = 1;
    high = std::min(high * 2, std::max(1e3 * positive(bestTest), 10.0));
    low = std::max(low * 0.5, high * 1e-7);
    auto* y = logAxis(tr("MSE (log)"), low, high);
    m_decompositionChart->addAxis(x, Qt::AlignBottom);
    m_decompositionChart->addAxis(y, Qt::AlignLeft);

    const auto series = [&](const std::vector<double>& values) {
        QList<QPointF> points;
        for (std::size_t i = 0; i < values.size(); ++i)
            points.append({double(r.complexities[i]), std::max(values[i], low)});
        return points;
    };
    // bias² is drawn only where it stands above twice its Monte-Carlo error: past the point
    // where the fits explode, the mean of a few hundred of them cannot resolve it.
    QList<QPointF> run;
    bool firstRun = true;
    const auto flush = [&] {
        if (!run.isEmpty())
            add(m_decompositionChart, line(tr("bias²"), run, kBiasColour), x, y, firstRun);
        firstRun = firstRun && run.isEmpty();
        run.clear();
    };
    for (std::size_t i = 0; i < r.bias2.size(); ++i) {
        if (r.bias2[i] > 2 * r.bias2StdError[i])
            run.append({double(r.complexities[i]), positive(r.bias2[i])});
        else
            flush();
    }
    flush();
    add(m_decompositionChart, line(tr("variance"), series(r.variance), kVarianceColour), x, y);
    if (r.noise > 0)
        add(m_decompositionChart,
            line(tr("noise σ²"), {{first - 0.5, r.noise}, {last + 0.5, r.noise}}, kNoiseColour, 1.5,
                 Qt::DashLine),
            x, y);
    add(m_decompositionChart,
        line(tr("test error (measured)"), series(r.expectedTestMse), kTestColour, 2.5), x, y);
    add(m_decompositionChart,
        line(tr("training error"), series(r.trainMse), kTrainColour, 1.5, Qt::DashDotLine), x, y);

    const double chosen = chosenComplexity();
    add(m_decompositionChart,
        line(tr("chosen %1 = %2").arg(poly ? tr("degree") : tr("k")).arg(chosen),
             {{chosen, low}, {chosen, high}}, kMarkerColour, 1.5, Qt::DotLine),
        x, y);
    const std::size_t best = std::size_t(r.bestIndex);
    auto* sweet = new QScatterSeries;
    sweet->setName(tr("sweet spot (%1)").arg(r.complexities[best]));
    sweet->setMarkerShape(QScatterSeries::MarkerShapeStar);
    sweet->setMarkerSize(16);
    sweet->setColor(QColor(240, 190, 20));
    sweet->setBorderColor(Qt::black);
    sweet->replace({{double(r.complexities[best]), positive(r.expectedTestMse[best])}});
    add(m_decompositionChart, sweet, x, y);
    std::vector<LegendItem> legend = {
        {kBiasColour, QStringLiteral("━"), tr("bias² (where resolved)")},
        {kVarianceColour, QStringLiteral("━"), tr("variance")}};
    if (r.noise > 0)
        legend.push_back({kNoiseColour, QStringLiteral("┅"), tr("noise σ²")});
    legend.push_back({kTestColour, QStringLiteral("━"), tr("test error (measured)")});
    legend.push_back({kTrainColour, QStringLiteral("┅"), tr("training error")});
    legend.push_back({kMarkerColour, QStringLiteral("┊"),
                      tr("chosen %1 = %2").arg(poly ? tr("degree") : tr("k")).arg(chosen)});
    legend.push_back({QColor(220, 170, 0), QStringLiteral("★"),
                      tr("sweet spot (%1)").arg(r.complexities[best])});
    m_decompositionLegend->setText(legendHtml(legend));
}

void BiasVarianceView::drawLearningCurve()
{
    const auto& r = m_learning;
    clearChart(m_learningChart);
    const bool poly = m_settings.family == mllab::ModelFamily::Polynomial;
    m_learningChart->setTitle(tr("Learning curves, %1 = %2 (%3 training sets per size)")
                                  .arg(poly ? tr("degree") : tr("k"))
                                  .arg(learningCurveParams().complexity)
                                  .arg(learningCurveParams().repeats));
    auto* x = logAxis(tr("training-set size n (log)"), r.sizes.front() * 0.9, r.sizes.back() * 1.1);
    std::vector<double> all = r.trainMean;
    all.insert(all.end(), r.validationMean.begin(), r.validationMean.end());
    all.push_back(r.noise);
    auto [low, high] = logRange(all, 6);
    high =
        std::min(high, std::max(1e3 * r.noise, 10.0)); // a huge first point would flatten the rest
    auto* y = logAxis(tr("mean squared error (log)"), low, high);
    m_learningChart->addAxis(x, Qt::AlignBottom);
    m_learningChart->addAxis(y, Qt::AlignLeft);

    const auto band = [&](const std::vector<double>& mean, const std::vector<double>& sd,
                          const QColor& colour, const QString& name) {
        QList<QPointF> upper, lower, centre;
        for (std::size_t i = 0; i < r.sizes.size(); ++i) {
            const double n = r.sizes[i];
            upper.append({n, std::clamp(mean[i] + sd[i], low, high)});
            lower.append({n, std::clamp(mean[i] - sd[i], low, high)});
            centre.append({n, positive(mean[i])});
        }
        auto* area = new QAreaSeries(line({}, upper, colour), line({}, lower, colour));
        QColor fill = colour;
        fill.setAlpha(45);
        area->setColor(fill);
        area->setBorderColor(Qt::transparent);
        add(m_learningChart, area, x, y, false);
        add(m_learningChart, line(name, centre, colour, 2.5), x, y);
    };
    band(r.trainMean, r.trainStd, kTrainColour, tr("training error"));
    band(r.validationMean, r.validationStd, kMarkerColour, tr("validation error"));
    const double first = r.sizes.front() * 0.9, last = r.sizes.back() * 1.1;
    add(m_learningChart,
        line(tr("noise floor σ²"), {{first, r.noise}, {last, r.noise}}, kNoiseColour, 1.5,
             Qt::DashLine),
        x, y);
    const double n = r.sizes[std::size_t(r.diagnosedIndex)];
    add(m_learningChart,
        line(tr("current n = %1").arg(n), {{n, low}, {n, high}}, Qt::black, 1.2, Qt::DotLine), x,
        y);
    m_diagnosis->setText(diagnosisText());
    m_learningLegend->setText(
        legendHtml({{kTrainColour, QStringLiteral("━"), tr("training error ± 1 sd")},
                    {kMarkerColour, QStringLiteral("━"), tr("validation error ± 1 sd")},
                    {kNoiseColour, QStringLiteral("┅"), tr("noise floor σ²")},
                    {Qt::black, QStringLiteral("┊"), tr("current n = %1").arg(n)}}));
}

QString BiasVarianceView::diagnosisText() const
{
    const auto& r = m_learning;
    if (r.sizes.empty())
        return {};
    const std::size_t i = std::size_t(r.diagnosedIndex);
    const QString numbers =
        tr("at n = %1: training %2, validation %3, noise floor σ² = %4")
            .arg(r.sizes[i])
            .arg(number(r.trainMean[i]), number(r.validationMean[i]), number(r.noise));
    QString verdict, colour;
    switch (r.diagnosis) {
    case mllab::FitDiagnosis::GoodFit:
        verdict = tr("Good fit: validation error is within 25% of the noise floor");
        colour = QStringLiteral("#1e7b34");
        break;
    case mllab::FitDiagnosis::HighBias:
        verdict = tr("High bias: both errors sit well above the noise floor and close together; "
                     "more data will not help, a more flexible model will");
        colour = QStringLiteral("#b35900");
        break;
    case mllab::FitDiagnosis::HighVariance:
        verdict = tr("High variance: validation error is far above training error; more data, "
                     "a simpler model or a ridge penalty will help");
        colour = QStringLiteral("#8a1c12");
        break;
    }
    return QStringLiteral("<span style=\"color:%1\"><b>%2</b></span> (%3)")
        .arg(colour, verdict, numbers);
}

void BiasVarianceView::drawDoubleDescent()
{
    const auto& r = m_double;
    clearChart(m_doubleChart);
    m_doubleChart->setTitle(tr("Minimum-norm random-feature fits, n = %1, %2 trials")
                                .arg(r.threshold)
                                .arg(doubleDescentParams().trials));
    const double first = r.featureCounts.front() * 0.8, last = r.featureCounts.back() * 1.25;
    auto* x = logAxis(tr("number of random features p (log)"), first, last);
    // Anchored at the best errors: both descents stay readable and the peak, often 1e6 times
    // higher, leaves the chart at the top.
    double bottom = r.noise > 0 ? r.noise : INFINITY, top = 0;
    for (std::size_t i = 0; i < r.featureCounts.size(); ++i) {
        bottom = std::min(bottom, positive(r.testMseLow[i]));
        top = std::max(top, positive(r.testMseHigh[i]));
    }
    const double low = 0.5 * bottom, high = std::min(2 * top, 1e4 * bottom);
    auto* y = logAxis(tr("test mean squared error (log)"), low, high);
    m_doubleChart->addAxis(x, Qt::AlignBottom);
    m_doubleChart->addAxis(y, Qt::AlignLeft);
    QList<QPointF> upper, lower, median, train;
    for (std::size_t i = 0; i < r.featureCounts.size(); ++i) {
        const double p = r.featureCounts[i];
        upper.append({p, std::clamp(r.testMseHigh[i], low, high)});
        lower.append({p, std::clamp(r.testMseLow[i], low, high)});
        median.append({p, std::clamp(r.testMse[i], low, high)});
        train.append({p, std::clamp(r.trainMse[i], low, high)});
    }
    auto* area = new QAreaSeries(line({}, upper, kMarkerColour), line({}, lower, kMarkerColour));
    area->setName(tr("test error, middle half of trials"));
    area->setColor(QColor(200, 40, 40, 45));
    area->setBorderColor(Qt::transparent);
    add(m_doubleChart, area, x, y);
    add(m_doubleChart, line(tr("test error (median)"), median, kMarkerColour, 2.5), x, y);
    add(m_doubleChart, line(tr("training error"), train, kTrainColour, 1.5, Qt::DashDotLine), x, y);
    if (r.noise > 0)
        add(m_doubleChart,
            line(tr("noise σ²"), {{first, r.noise}, {last, r.noise}}, kNoiseColour, 1.5,
                 Qt::DashLine),
            x, y);
    const double n = r.threshold;
    add(m_doubleChart,
        line(tr("interpolation threshold p = n = %1").arg(n), {{n, low}, {n, high}}, Qt::black, 1.2,
             Qt::DotLine),
        x, y);
    std::vector<LegendItem> legend = {
        {kMarkerColour, QStringLiteral("━"), tr("test error (median, band: middle half)")},
        {kTrainColour, QStringLiteral("┅"), tr("training error (0 past p = n: on the axis)")}};
    if (r.noise > 0)
        legend.push_back({kNoiseColour, QStringLiteral("┅"), tr("noise σ²")});
    legend.push_back(
        {Qt::black, QStringLiteral("┊"), tr("interpolation threshold p = n = %1").arg(n)});
    m_doubleLegend->setText(legendHtml(legend));
}

void BiasVarianceView::updateNotice()
{
    const int tab = m_tabs->currentIndex();
    if (tab == 0 && !m_decomposition.bias2.empty()) {
        const auto& r = m_decomposition;
        const auto it = std::find(r.complexities.begin(), r.complexities.end(), chosenComplexity());
        const std::size_t i =
            it == r.complexities.end() ? 0 : std::size_t(it - r.complexities.begin());
        const bool poly = m_settings.family == mllab::ModelFamily::Polynomial;
        const QString what = poly ? tr("degree") : tr("k");
        const double sum = r.bias2[i] + r.variance[i] + r.noise;
        const QString bias =
            r.bias2[i] > 2 * r.bias2StdError[i]
                ? number(r.bias2[i])
                : tr("%1 (± %2, unresolved)").arg(number(r.bias2[i]), number(r.bias2StdError[i]));
        const int best = r.complexities[std::size_t(r.bestIndex)];
        QString regime;
        if (r.complexities[i] == best)
            regime = tr("This is the sweet spot: bias² and variance are balanced.");
        else if ((r.complexities[i] < best) == poly)
            regime = tr("Too simple: bias² dominates, every fit misses the curve the same way.");
        else
            regime = tr("Too flexible: variance dominates, the fits chase each training set's "
                        "noise.");
        setNotice(tr("at %1 = %2, bias² %3 + variance %4 + noise %5 = %6; the test error measured "
                     "with fresh noise is %7 (± %8). %9 The sweet spot is %1 = %10.")
                      .arg(what)
                      .arg(r.complexities[i])
                      .arg(bias, number(r.variance[i]), number(r.noise), number(sum),
                           number(r.expectedTestMse[i]), number(r.testMseNoiseError[i]), regime)
                      .arg(best));
    } else if (tab == 1 && !m_learning.sizes.empty()) {
        setNotice(diagnosisText() +
                  tr(". The gap between the curves is variance; the height of their plateau above "
                     "σ² is bias."));
    } else if (tab == 2 && !m_double.featureCounts.empty()) {
        const auto& r = m_double;
        const int peak = r.featureCounts[std::size_t(r.peakIndex)];
        const std::size_t bestIndex =
            std::size_t(std::min_element(r.testMse.begin(), r.testMse.end()) - r.testMse.begin());
        setNotice(tr("the test error peaks at p = %1 features, next to the interpolation "
                     "threshold p = n = %2, where the fit must pass through every noisy point and "
                     "the solution's norm explodes (median ||w|| = %3). Beyond it the "
                     "minimum-norm solution gets smoother again and the error descends a second "
                     "time, to %4 at p = %5. A ridge penalty removes the peak.")
                      .arg(peak)
                      .arg(r.threshold)
                      .arg(number(r.weightNorm[std::size_t(r.peakIndex)]), number(r.testMse.back()))
                      .arg(r.featureCounts.back()) +
                  (r.featureCounts[bestIndex] > r.threshold
                       ? tr(" Here the best error of all lies beyond the threshold.")
                       : QString()));
    }
}

QString BiasVarianceView::resultCsv() const
{
    QString csv;
    const int tab = m_tabs->currentIndex();
    const auto g = [](double v) { return QString::number(v, 'g', 17); };
    if (tab == 1) {
        const auto& r = m_learning;
        csv = QStringLiteral("n,train_mse,train_sd,validation_mse,validation_sd,noise\n");
        for (std::size_t i = 0; i < r.sizes.size(); ++i)
            csv += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                       .arg(r.sizes[i])
                       .arg(g(r.trainMean[i]), g(r.trainStd[i]), g(r.validationMean[i]),
                            g(r.validationStd[i]), g(r.noise));
    } else if (tab == 2) {
        const auto& r = m_double;
        csv = QStringLiteral(
            "features,train_mse,test_mse_median,test_mse_q25,test_mse_q75,weight_norm\n");
        for (std::size_t i = 0; i < r.featureCounts.size(); ++i)
            csv += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                       .arg(r.featureCounts[i])
                       .arg(g(r.trainMse[i]), g(r.testMse[i]), g(r.testMseLow[i]),
                            g(r.testMseHigh[i]), g(r.weightNorm[i]));
    } else {
        const auto& r = m_decomposition;
        csv =
            QStringLiteral("%1,bias2,variance,noise,expected_test_mse,train_mse\n")
                .arg(m_settings.family == mllab::ModelFamily::Polynomial ? QStringLiteral("degree")
                                                                         : QStringLiteral("k"));
        for (std::size_t i = 0; i < r.complexities.size(); ++i)
            csv += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                       .arg(r.complexities[i])
                       .arg(g(r.bias2[i]), g(r.variance[i]), g(r.noise), g(r.expectedTestMse[i]),
                            g(r.trainMse[i]));
    }
    return csv;
}
