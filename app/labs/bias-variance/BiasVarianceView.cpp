#include "app/labs/bias-variance/BiasVarianceView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"
#include "app/labs/ParameterPanel.h"
#include "app/widgets/RichLabel.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QTabWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ml = mllab::labs;

namespace {

constexpr double kLogFloor = 1e-5; ///< smallest error drawn on a log axis

QColor biasColour() { return theme::series(1); }
QColor varianceColour() { return theme::series(3); }
QColor trainColour() { return theme::series(2); }
QColor sweetSpotColour() { return theme::series(4); }
QColor noiseColour() { return theme::color(theme::Role::Reference); }
QColor markerColour() { return theme::color(theme::Role::Marker); }
QColor fitColour() { return theme::color(theme::Role::Accent); }

QColor translucent(QColor colour, int alpha)
{
    colour.setAlpha(alpha);
    return colour;
}

/// A chart whose key is a wrapping label under it (charts::withKey): at 1280x800 a chart is only
/// ~400 px wide and Qt Charts' one-row legend would truncate every entry.
QChart* newChart(const QString& title)
{
    QChart* chart = charts::makeChart(title);
    chart->legend()->hide();
    QFont titleFont = chart->titleFont();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 0.95);
    chart->setTitleFont(titleFont);
    return chart;
}

/// Two charts and their keys share the first tab: each may shrink to 260 x 170.
QWidget* chartWithKey(QChart* chart, QLabel* key)
{
    QChartView* view = charts::makeChartView(chart);
    view->setMinimumSize(260, 170);
    return charts::withKey(view, key);
}

void add(QChart* chart, QAbstractSeries* series, QAbstractAxis* x, QAbstractAxis* y,
         bool inLegend = true)
{
    charts::addSeries(chart, series, x, y);
    if (!inLegend)
        charts::hideFromLegend(chart, series);
}

/// Adds the axes to the chart in the palette's colours.
void addAxes(QChart* chart, QAbstractAxis* x, QAbstractAxis* y)
{
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    theme::applyTo(chart);
}

double positive(double v)
{
    return std::max(v, kLogFloor);
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

bool isPolynomial(const ml::BiasVarianceLabParams& p)
{
    return p.family == mllab::ModelFamily::Polynomial;
}

QString complexityName(const ml::BiasVarianceLabParams& p)
{
    return isPolynomial(p) ? BiasVarianceView::tr("degree") : BiasVarianceView::tr("k");
}

} // namespace

BiasVarianceView::BiasVarianceView(JobRunner* jobs, QWidget* parent)
    : LabView(ml::biasVarianceLabSpec(), jobs, parent)
{
    parameterPanel()->addHeading(tr("Double descent"), QStringLiteral("dd_n"));
    buildCharts();
    bindTabs(QStringLiteral("tab"), m_tabs);
}

void BiasVarianceView::buildCharts()
{
    m_fanChart = newChart(tr("Fitted curves on independent training sets"));
    m_fanChart->setObjectName(QStringLiteral("fits"));
    m_decompositionChart = newChart(tr("Expected test error = bias² + variance + noise"));
    m_decompositionChart->setObjectName(QStringLiteral("error"));
    m_learningChart = newChart(tr("Learning curves"));
    m_learningChart->setObjectName(QStringLiteral("learning"));
    m_doubleChart = newChart(tr("Double descent with random Fourier features"));
    m_doubleChart->setObjectName(QStringLiteral("double-descent"));
    m_fanLegend = charts::makeKeyLabel();
    m_decompositionLegend = charts::makeKeyLabel();
    m_learningLegend = charts::makeKeyLabel();
    m_doubleLegend = charts::makeKeyLabel();

    auto* fitsPage = new QWidget;
    auto* fitsLayout = new QVBoxLayout(fitsPage);
    fitsLayout->setContentsMargins(0, 0, 0, 0);
    fitsLayout->addWidget(chartWithKey(m_fanChart, m_fanLegend), 9);
    fitsLayout->addWidget(chartWithKey(m_decompositionChart, m_decompositionLegend), 11);

    auto* learningPage = new QWidget;
    auto* learningLayout = new QVBoxLayout(learningPage);
    learningLayout->setContentsMargins(0, 0, 0, 0);
    m_diagnosis = widgets::richLabel();
    learningLayout->addWidget(m_diagnosis);
    learningLayout->addWidget(chartWithKey(m_learningChart, m_learningLegend), 1);

    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(fitsPage, tr("Fits && error"));
    m_tabs->addTab(learningPage, tr("Learning curves"));
    m_tabs->addTab(chartWithKey(m_doubleChart, m_doubleLegend), tr("Double descent"));
    chartLayout()->addWidget(m_tabs);
}

// ---------------------------------------------------------------------------------------------
// Parameters

void BiasVarianceView::parameterChanged(const QString& key)
{
    if (key == QLatin1String("tab")) {
        updateNotice();
        return;
    }
    if (key == QLatin1String("n") || key == QLatin1String("ridge") ||
        key == QLatin1String("family"))
        keepComplexityInRange();
    scheduleRefresh();
}

void BiasVarianceView::keepComplexityInRange()
{
    // Fewer points bring a chosen complexity beyond what they support down with them.
    const ml::BiasVarianceLabParams p = ml::biasVarianceLabParams(state());
    const QString key = isPolynomial(p) ? QStringLiteral("degree") : QStringLiteral("k");
    const long long largest = ml::largestComplexity(p.family, p.nTrain, p.ridge);
    if (state().integer(key.toStdString()) > largest)
        changeParameter(key, largest);
}

void BiasVarianceView::stateShown()
{
    // The complexity sliders reach what the training set supports. (--set may ask for more: the
    // pipeline then says why it cannot fit it.)
    const ml::BiasVarianceLabParams p = ml::biasVarianceLabParams(state());
    parameterPanel()
        ->control(QStringLiteral("degree"))
        ->setSpan(1,
                  double(ml::largestComplexity(mllab::ModelFamily::Polynomial, p.nTrain, p.ridge)));
    parameterPanel()
        ->control(QStringLiteral("k"))
        ->setSpan(1, double(ml::largestComplexity(mllab::ModelFamily::KNearest, p.nTrain, 0)));
}

void BiasVarianceView::refresh()
{
    const ml::BiasVarianceLabParams params = ml::biasVarianceLabParams(state());
    run(tr("Bias-variance: %1 training sets").arg(params.bootstraps),
        [params](const mllab::Progress& progress) {
            return ml::computeBiasVarianceFits(params, progress);
        },
        [this](const ml::BiasVarianceLabResult& r) { showFits(r); });
    runDoubleDescent(params);
}

void BiasVarianceView::runDoubleDescent(const ml::BiasVarianceLabParams& params)
{
    // Double descent costs up to seconds: only when its own inputs change, beside the fits.
    const mllab::DoubleDescentParams dd = ml::doubleDescentParams(params);
    const QString inputs = QStringLiteral("%1/%2/%3/%4/%5")
                               .arg(int(dd.function))
                               .arg(dd.noise)
                               .arg(dd.nTrain)
                               .arg(dd.ridge)
                               .arg(dd.seed);
    if (inputs == m_doubleDescentRequested)
        return;
    m_doubleDescentRequested = inputs;
    runPart(
        QStringLiteral("double-descent"), tr("Double descent"),
        [dd](const mllab::Progress& progress) { return mllab::computeDoubleDescent(dd, progress); },
        [this](const mllab::DoubleDescentResult& r) { showDoubleDescent(r); },
        [this](const QString& message) {
            m_doubleDescentRequested.clear();
            showError(message);
        });
}

// ---------------------------------------------------------------------------------------------
// Drawing

void BiasVarianceView::showFits(const ml::BiasVarianceLabResult& result)
{
    clearError();
    mllab::DoubleDescentResult doubleDescent = std::move(m_result.doubleDescent);
    m_result = result;
    m_result.doubleDescent = std::move(doubleDescent);
    drawFan();
    drawDecomposition();
    drawLearningCurve();
    updateNotice();
    Q_EMIT resultShown();
}

void BiasVarianceView::showDoubleDescent(const mllab::DoubleDescentResult& result)
{
    m_result.doubleDescent = result;
    drawDoubleDescent();
    updateNotice();
    Q_EMIT resultShown();
}

void BiasVarianceView::drawFan()
{
    const auto& r = m_result.decomposition;
    const ml::BiasVarianceLabParams& p = m_result.params;
    charts::clearChart(m_fanChart);
    const QString model = isPolynomial(p) ? tr("Polynomial") : tr("k-NN");
    m_fanChart->setTitle(tr("%1, %2 = %3: fits on %4 of %5 training sets")
                             .arg(model, complexityName(p))
                             .arg(r.fanComplexity)
                             .arg(r.fanCurves.size())
                             .arg(p.bootstraps));
    auto* x = charts::makeExactAxis(tr("x"), -1, 1, QStringLiteral("%.1f"));
    // Room for the noisy points: |f| <= 1 plus about 2.5σ, on whole-number ticks.
    const double reach = std::max(2.0, std::ceil(1 + 2.5 * p.noise));
    auto* y = charts::makeExactAxis(tr("y"), -reach, reach, QStringLiteral("%g"));
    y->setTickType(QValueAxis::TicksDynamic);
    y->setTickAnchor(0);
    y->setTickInterval(reach > 3 ? 2 : 1);
    addAxes(m_fanChart, x, y);
    const auto curve = [&](const std::vector<double>& values) {
        QList<QPointF> points;
        points.reserve(qsizetype(values.size()));
        for (std::size_t i = 0; i < values.size(); ++i)
            points.append({r.gridX[i], values[i]});
        return points;
    };
    for (std::size_t c = 0; c < r.fanCurves.size(); ++c) {
        auto* s = charts::line(tr("fitted curves"), curve(r.fanCurves[c]),
                               translucent(fitColour(), 70), 1);
        add(m_fanChart, s, x, y, c == 0);
    }
    auto* points = new QScatterSeries;
    points->setName(tr("one training set"));
    points->setMarkerSize(5);
    points->setColor(noiseColour());
    points->setPen(QPen(Qt::NoPen));
    QList<QPointF> sample;
    for (std::size_t i = 0; i < r.sampleX.size(); ++i)
        sample.append({r.sampleX[i], r.sampleY[i]});
    points->replace(sample);
    add(m_fanChart, points, x, y);
    add(m_fanChart, charts::line(tr("mean fit"), curve(r.fanMean), fitColour(), 2.5), x, y);
    const QString truth = tr("true f(x) = %1").arg(functionTitle(p.function));
    add(m_fanChart, charts::line(truth, curve(r.truth), theme::text(), 2, Qt::DashLine), x, y);
    m_fanLegend->setText(
        charts::keyHtml({{theme::text(), QStringLiteral("┅"), truth},
                         {fitColour(), QStringLiteral("━"), tr("fitted curves")},
                         {fitColour(), QStringLiteral("━"), tr("mean fit")},
                         {noiseColour(), QStringLiteral("●"), tr("one training set")}}));
}

void BiasVarianceView::drawDecomposition()
{
    const auto& r = m_result.decomposition;
    const bool poly = isPolynomial(m_result.params);
    charts::clearChart(m_decompositionChart);
    const double first = r.complexities.front(), last = r.complexities.back();
    auto* x = charts::makeExactAxis(poly ? tr("polynomial degree (more complex →)")
                                         : tr("neighbours k (more complex →)"),
                                    first - 0.5, last + 0.5, QStringLiteral("%d"));
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(0);
    x->setTickInterval(last - first > 20 ? 5 : (last - first > 10 ? 2 : 1));
    x->setReverse(!poly);
    // The range covers what is drawn: bias² only where resolved, and no exact zeros (k = 1
    // interpolates its training set), which would drag a log axis down to its floor.
    std::vector<double> all;
    for (std::size_t i = 0; i < r.bias2.size(); ++i)
        if (ml::bias2Resolved(r, i))
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
    auto* y = charts::makeLogAxis(tr("MSE (log)"), low, high);
    addAxes(m_decompositionChart, x, y);

    const auto series = [&](const std::vector<double>& values) {
        QList<QPointF> points;
        for (std::size_t i = 0; i < values.size(); ++i)
            points.append({double(r.complexities[i]), std::max(values[i], low)});
        return points;
    };
    // bias² is drawn only where it is resolved, in runs between the unresolved complexities.
    QList<QPointF> run;
    bool firstRun = true;
    const auto flush = [&] {
        if (!run.isEmpty())
            add(m_decompositionChart, charts::line(tr("bias²"), run, biasColour()), x, y,
                firstRun);
        firstRun = firstRun && run.isEmpty();
        run.clear();
    };
    for (std::size_t i = 0; i < r.bias2.size(); ++i) {
        if (ml::bias2Resolved(r, i))
            run.append({double(r.complexities[i]), positive(r.bias2[i])});
        else
            flush();
    }
    flush();
    add(m_decompositionChart, charts::line(tr("variance"), series(r.variance), varianceColour()),
        x, y);
    if (r.noise > 0)
        add(m_decompositionChart,
            charts::line(tr("noise σ²"), {{first - 0.5, r.noise}, {last + 0.5, r.noise}},
                         noiseColour(), 1.5, Qt::DashLine),
            x, y);
    add(m_decompositionChart,
        charts::line(tr("test error (measured)"), series(r.expectedTestMse), theme::text(), 2.5), x,
        y);
    add(m_decompositionChart,
        charts::line(tr("training error"), series(r.trainMse), trainColour(), 1.5,
                     Qt::DashDotLine),
        x, y);

    const int chosen = r.complexities[m_result.chosenIndex];
    const QString chosenText =
        tr("chosen %1 = %2").arg(complexityName(m_result.params)).arg(chosen);
    add(m_decompositionChart,
        charts::line(chosenText, {{double(chosen), low}, {double(chosen), high}}, markerColour(),
                     1.5, Qt::DotLine),
        x, y);
    const std::size_t best = std::size_t(r.bestIndex);
    const QString sweetText = tr("sweet spot (%1)").arg(r.complexities[best]);
    auto* sweet = new QScatterSeries;
    sweet->setName(sweetText);
    sweet->setMarkerShape(QScatterSeries::MarkerShapeStar);
    sweet->setMarkerSize(16);
    sweet->setColor(sweetSpotColour());
    sweet->setBorderColor(theme::text());
    sweet->replace({{double(r.complexities[best]), positive(r.expectedTestMse[best])}});
    add(m_decompositionChart, sweet, x, y);
    std::vector<charts::KeyEntry> legend = {
        {biasColour(), QStringLiteral("━"), tr("bias² (where resolved)")},
        {varianceColour(), QStringLiteral("━"), tr("variance")}};
    if (r.noise > 0)
        legend.push_back({noiseColour(), QStringLiteral("┅"), tr("noise σ²")});
    legend.push_back({theme::text(), QStringLiteral("━"), tr("test error (measured)")});
    legend.push_back({trainColour(), QStringLiteral("┅"), tr("training error")});
    legend.push_back({markerColour(), QStringLiteral("┊"), chosenText});
    legend.push_back({sweetSpotColour(), QStringLiteral("★"), sweetText});
    m_decompositionLegend->setText(charts::keyHtml(legend));
}

void BiasVarianceView::drawLearningCurve()
{
    const auto& r = m_result.learning;
    charts::clearChart(m_learningChart);
    if (r.sizes.empty()) {
        // The diagnosis measures errors against the noise floor σ²; without noise there is none.
        m_learningLegend->clear();
        m_diagnosis->setText(tr("<b>Set a noise level above 0</b> to see learning curves: the "
                                "diagnosis compares the errors with the noise floor σ²."));
        return;
    }
    m_learningChart->setTitle(tr("Learning curves, %1 = %2 (%3 training sets per size)")
                                  .arg(complexityName(m_result.params))
                                  .arg(ml::chosenComplexity(m_result.params))
                                  .arg(ml::kLearningCurveRepeats));
    auto* x = charts::makeLogAxis(tr("training-set size n (log)"), r.sizes.front() * 0.9,
                                  r.sizes.back() * 1.1);
    std::vector<double> all = r.trainMean;
    all.insert(all.end(), r.validationMean.begin(), r.validationMean.end());
    all.push_back(r.noise);
    auto [low, high] = charts::logRange(all, kLogFloor, 6);
    // A huge first point would flatten the rest.
    high = std::min(high, std::max(1e3 * r.noise, 10.0));
    auto* y = charts::makeLogAxis(tr("mean squared error (log)"), low, high);
    addAxes(m_learningChart, x, y);

    const auto band = [&](const std::vector<double>& mean, const std::vector<double>& sd,
                          const QColor& colour, const QString& name) {
        QList<QPointF> upper, lower, centre;
        for (std::size_t i = 0; i < r.sizes.size(); ++i) {
            const double n = r.sizes[i];
            upper.append({n, std::clamp(mean[i] + sd[i], low, high)});
            lower.append({n, std::clamp(mean[i] - sd[i], low, high)});
            centre.append({n, positive(mean[i])});
        }
        auto* area = charts::area(charts::line({}, upper, colour), charts::line({}, lower, colour));
        area->setColor(translucent(colour, 45));
        area->setPen(QPen(Qt::NoPen));
        add(m_learningChart, area, x, y, false);
        add(m_learningChart, charts::line(name, centre, colour, 2.5), x, y);
    };
    band(r.trainMean, r.trainStd, trainColour(), tr("training error"));
    band(r.validationMean, r.validationStd, markerColour(), tr("validation error"));
    const double first = r.sizes.front() * 0.9, last = r.sizes.back() * 1.1;
    add(m_learningChart,
        charts::line(tr("noise floor σ²"), {{first, r.noise}, {last, r.noise}}, noiseColour(), 1.5,
                     Qt::DashLine),
        x, y);
    const double n = r.sizes[std::size_t(r.diagnosedIndex)];
    add(m_learningChart,
        charts::line(tr("current n = %1").arg(n), {{n, low}, {n, high}}, theme::text(), 1.2,
                     Qt::DotLine),
        x, y);
    m_diagnosis->setText(diagnosisText());
    m_learningLegend->setText(
        charts::keyHtml({{trainColour(), QStringLiteral("━"), tr("training error ± 1 sd")},
                         {markerColour(), QStringLiteral("━"), tr("validation error ± 1 sd")},
                         {noiseColour(), QStringLiteral("┅"), tr("noise floor σ²")},
                         {theme::text(), QStringLiteral("┊"), tr("current n = %1").arg(n)}}));
}

QString BiasVarianceView::diagnosisText() const
{
    const auto& r = m_result.learning;
    if (r.sizes.empty())
        return {};
    const std::size_t i = std::size_t(r.diagnosedIndex);
    const QString numbers =
        tr("at n = %1: training %2, validation %3, noise floor σ² = %4")
            .arg(r.sizes[i])
            .arg(labtext::significant(r.trainMean[i]), labtext::significant(r.validationMean[i]),
                 labtext::significant(r.noise));
    QString verdict;
    QColor colour;
    switch (r.diagnosis) {
    case mllab::FitDiagnosis::GoodFit:
        verdict = tr("Good fit: validation error is within 25% of the noise floor");
        colour = trainColour();
        break;
    case mllab::FitDiagnosis::HighBias:
        verdict = tr("High bias: both errors sit well above the noise floor and close together; "
                     "more data will not help, a more flexible model will");
        colour = biasColour();
        break;
    case mllab::FitDiagnosis::HighVariance:
        verdict = tr("High variance: validation error is far above training error; more data, "
                     "a simpler model or a ridge penalty will help");
        colour = markerColour();
        break;
    }
    return QStringLiteral("<span style=\"color:%1\"><b>%2</b></span> (%3)")
        .arg(colour.name(), verdict, numbers);
}

void BiasVarianceView::drawDoubleDescent()
{
    const auto& r = m_result.doubleDescent;
    charts::clearChart(m_doubleChart);
    m_doubleChart->setTitle(tr("Minimum-norm random-feature fits, n = %1, %2 trials")
                                .arg(r.threshold)
                                .arg(ml::kDoubleDescentTrials));
    const double first = r.featureCounts.front() * 0.8, last = r.featureCounts.back() * 1.25;
    auto* x = charts::makeLogAxis(tr("number of random features p (log)"), first, last);
    // Anchored at the best errors: both descents stay readable and the peak, often 1e6 times
    // higher, leaves the chart at the top.
    double bottom = r.noise > 0 ? r.noise : INFINITY, top = 0;
    for (std::size_t i = 0; i < r.featureCounts.size(); ++i) {
        bottom = std::min(bottom, positive(r.testMseLow[i]));
        top = std::max(top, positive(r.testMseHigh[i]));
    }
    const double low = 0.5 * bottom, high = std::min(2 * top, 1e4 * bottom);
    auto* y = charts::makeLogAxis(tr("test mean squared error (log)"), low, high);
    addAxes(m_doubleChart, x, y);
    QList<QPointF> upper, lower, median, train;
    for (std::size_t i = 0; i < r.featureCounts.size(); ++i) {
        const double p = r.featureCounts[i];
        upper.append({p, std::clamp(r.testMseHigh[i], low, high)});
        lower.append({p, std::clamp(r.testMseLow[i], low, high)});
        median.append({p, std::clamp(r.testMse[i], low, high)});
        train.append({p, std::clamp(r.trainMse[i], low, high)});
    }
    auto* area = charts::area(charts::line({}, upper, markerColour()),
                              charts::line({}, lower, markerColour()));
    area->setName(tr("test error, middle half of trials"));
    area->setColor(translucent(markerColour(), 45));
    area->setPen(QPen(Qt::NoPen));
    add(m_doubleChart, area, x, y);
    add(m_doubleChart, charts::line(tr("test error (median)"), median, markerColour(), 2.5), x, y);
    add(m_doubleChart,
        charts::line(tr("training error"), train, trainColour(), 1.5, Qt::DashDotLine), x, y);
    if (r.noise > 0)
        add(m_doubleChart,
            charts::line(tr("noise σ²"), {{first, r.noise}, {last, r.noise}}, noiseColour(), 1.5,
                         Qt::DashLine),
            x, y);
    const double n = r.threshold;
    const QString threshold = tr("interpolation threshold p = n = %1").arg(n);
    add(m_doubleChart,
        charts::line(threshold, {{n, low}, {n, high}}, theme::text(), 1.2, Qt::DotLine), x, y);
    std::vector<charts::KeyEntry> legend = {
        {markerColour(), QStringLiteral("━"), tr("test error (median, band: middle half)")},
        {trainColour(), QStringLiteral("┅"), tr("training error (0 past p = n: on the axis)")}};
    if (r.noise > 0)
        legend.push_back({noiseColour(), QStringLiteral("┅"), tr("noise σ²")});
    legend.push_back({theme::text(), QStringLiteral("┊"), threshold});
    m_doubleLegend->setText(charts::keyHtml(legend));
}

void BiasVarianceView::updateNotice()
{
    const std::string& tab = state().text("tab");
    if (tab == "fits" && !m_result.decomposition.bias2.empty())
        setNotice(decompositionNotice());
    else if (tab == "learning" && !m_result.learning.sizes.empty())
        setNotice(diagnosisText() +
                  tr(". The gap between the curves is variance; the height of their plateau above "
                     "σ² is bias."));
    else if (tab == "double-descent" && !m_result.doubleDescent.featureCounts.empty())
        setNotice(doubleDescentNotice());
}

QString BiasVarianceView::decompositionNotice() const
{
    const auto& r = m_result.decomposition;
    const std::size_t i = m_result.chosenIndex;
    const double sum = r.bias2[i] + r.variance[i] + r.noise;
    const QString bias =
        ml::bias2Resolved(r, i)
            ? labtext::significant(r.bias2[i])
            : tr("%1 (± %2, unresolved)")
                  .arg(labtext::significant(r.bias2[i]), labtext::significant(r.bias2StdError[i]));
    QString regime;
    switch (m_result.regime) {
    case ml::ComplexityRegime::SweetSpot:
        regime = tr("This is the sweet spot: bias² and variance are balanced.");
        break;
    case ml::ComplexityRegime::TooSimple:
        regime = tr("Too simple: bias² dominates, every fit misses the curve the same way.");
        break;
    case ml::ComplexityRegime::TooFlexible:
        regime = tr("Too flexible: variance dominates, the fits chase each training set's "
                    "noise.");
        break;
    }
    return tr("at %1 = %2, bias² %3 + variance %4 + noise %5 = %6; the test error measured "
              "with fresh noise is %7 (± %8). %9 The sweet spot is %1 = %10.")
        .arg(complexityName(m_result.params))
        .arg(r.complexities[i])
        .arg(bias, labtext::significant(r.variance[i]), labtext::significant(r.noise),
             labtext::significant(sum), labtext::significant(r.expectedTestMse[i]),
             labtext::significant(r.testMseNoiseError[i]), regime)
        .arg(r.complexities[std::size_t(r.bestIndex)]);
}

QString BiasVarianceView::doubleDescentNotice() const
{
    const auto& r = m_result.doubleDescent;
    const int peak = r.featureCounts[std::size_t(r.peakIndex)];
    const std::size_t best = ml::lowestTestErrorIndex(r);
    return tr("the test error peaks at p = %1 features, next to the interpolation "
              "threshold p = n = %2, where the fit must pass through every noisy point and "
              "the solution's norm explodes (median ||w|| = %3). Beyond it the "
              "minimum-norm solution gets smoother again and the error descends a second "
              "time, to %4 at p = %5. A ridge penalty removes the peak.")
               .arg(peak)
               .arg(r.threshold)
               .arg(labtext::significant(r.weightNorm[std::size_t(r.peakIndex)]),
                    labtext::significant(r.testMse.back()))
               .arg(r.featureCounts.back()) +
           (r.featureCounts[best] > r.threshold
                ? tr(" Here the best error of all lies beyond the threshold.")
                : QString());
}

QString BiasVarianceView::resultCsv() const
{
    const std::string& tab = state().text("tab");
    const auto g = [](double v) { return QString::number(v, 'g', 17); };
    QString csv;
    if (tab == "learning") {
        const auto& r = m_result.learning;
        csv = QStringLiteral("n,train_mse,train_sd,validation_mse,validation_sd,noise\n");
        for (std::size_t i = 0; i < r.sizes.size(); ++i)
            csv += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                       .arg(r.sizes[i])
                       .arg(g(r.trainMean[i]), g(r.trainStd[i]), g(r.validationMean[i]),
                            g(r.validationStd[i]), g(r.noise));
    } else if (tab == "double-descent") {
        const auto& r = m_result.doubleDescent;
        csv = QStringLiteral(
            "features,train_mse,test_mse_median,test_mse_q25,test_mse_q75,weight_norm\n");
        for (std::size_t i = 0; i < r.featureCounts.size(); ++i)
            csv += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                       .arg(r.featureCounts[i])
                       .arg(g(r.trainMse[i]), g(r.testMse[i]), g(r.testMseLow[i]),
                            g(r.testMseHigh[i]), g(r.weightNorm[i]));
    } else {
        const auto& r = m_result.decomposition;
        csv = QStringLiteral("%1,bias2,variance,noise,expected_test_mse,train_mse\n")
                  .arg(isPolynomial(m_result.params) ? QStringLiteral("degree")
                                                     : QStringLiteral("k"));
        for (std::size_t i = 0; i < r.complexities.size(); ++i)
            csv += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                       .arg(r.complexities[i])
                       .arg(g(r.bias2[i]), g(r.variance[i]), g(r.noise), g(r.expectedTestMse[i]),
                            g(r.trainMse[i]));
    }
    return csv;
}

QList<KeyNumber> BiasVarianceView::keyNumbers() const
{
    const auto& d = m_result.decomposition;
    const std::size_t i = m_result.chosenIndex;
    if (i >= d.variance.size())
        return {};
    return {{tr("bias²"), labtext::significant(d.bias2[i])},
            {tr("variance"), labtext::significant(d.variance[i])},
            {tr("test MSE"), labtext::significant(d.expectedTestMse[i])}};
}
