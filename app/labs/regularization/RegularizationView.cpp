#include "app/labs/regularization/RegularizationView.h"

#include "app/jobs/JobRunner.h"
#include "app/labs/regularization/ConstraintGeometryCanvas.h"
#include "app/charts/ChartKit.h"
#include "app/labs/LabArea.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTextBrowser>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace {

/// Names of the tabs for the `tab` parameter (lab links, screenshots of one tab).
const QStringList kTabs = {QStringLiteral("geometry"), QStringLiteral("paths"),
                           QStringLiteral("weight-decay")};

const char* const kDiabetesResource = ":/datasets/diabetes.csv";
const char* const kTarget = "progression";
/// Feature pairs offered for the geometry's loss (diabetes columns).
const char* const kLossPairs[][2] = {{"bmi", "s5"}, {"bmi", "bp"}, {"s1", "s2"}};
const QColor kFeatureColours[] = {{31, 119, 180},  {255, 127, 14}, {44, 160, 44},   {214, 39, 40},
                                  {148, 103, 189}, {140, 86, 75},  {227, 119, 194}, {127, 127, 127},
                                  {188, 189, 34},  {23, 190, 207}};

QChart* newChart(const QString& title)
{
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setTitle(title);
    chart->setMargins(QMargins(4, 4, 4, 4));
    QFont font = chart->legend()->font();
    font.setPointSizeF(font.pointSizeF() * 0.85);
    chart->legend()->setFont(font);
    return chart;
}

QChartView* viewOf(QChart* chart)
{
    auto* view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(300, 180);
    return view;
}

using charts::addSeries;
using charts::clearChart;
using charts::line;

QWidget* sliderRow(QSlider* slider, QLabel* value)
{
    return charts::sliderRow(slider, value, 34);
}

QString number(double v)
{
    return QString::number(v, 'g', 3);
}

QString weights(const std::array<double, 2>& w)
{
    const auto one = [](double v) {
        return v == 0 ? QStringLiteral("0") : QString::number(v, 'f', 3);
    };
    return QStringLiteral("(%1,&nbsp;%2)").arg(one(w[0]), one(w[1]));
}

} // namespace

RegularizationView::RegularizationView(JobRunner* jobs, QWidget* parent)
    : LabView(QStringLiteral("regularization"), jobs, parent)
{
    // A compiled-in resource: reading it is a memory copy, not a disk read.
    QFile file(QString::fromLatin1(kDiabetesResource));
    if (file.open(QIODevice::ReadOnly))
        m_diabetesCsv = file.readAll().toStdString();
    buildControls();
    buildPages();
    syncControls();
}

void RegularizationView::buildControls()
{
    m_budget = new QSlider(Qt::Horizontal);
    m_budget->setRange(2, 300);
    m_budget->setToolTip(tr("Budget t of every region: drag it down and watch the L1 optimum "
                            "land on an axis"));
    m_budgetValue = new QLabel;
    m_ratio = new QSlider(Qt::Horizontal);
    m_ratio->setRange(0, 100);
    m_ratioValue = new QLabel;
    m_loss = new QComboBox;
    m_loss->addItem(tr("manual ρ, ŵ"), QStringLiteral("manual"));
    for (const auto& pair : kLossPairs) {
        const QString key =
            QStringLiteral("%1,%2").arg(QLatin1String(pair[0]), QLatin1String(pair[1]));
        m_loss->addItem(tr("diabetes %1, %2").arg(QLatin1String(pair[0]), QLatin1String(pair[1])),
                        key);
    }
    m_correlation = new QSlider(Qt::Horizontal);
    m_correlation->setRange(-95, 95);
    m_correlationValue = new QLabel;
    m_centreX = new QDoubleSpinBox;
    m_centreY = new QDoubleSpinBox;
    for (QDoubleSpinBox* spin : {m_centreX, m_centreY}) {
        spin->setRange(-3, 3);
        spin->setSingleStep(0.1);
        spin->setDecimals(2);
    }
    m_penalty = new QComboBox;
    m_penalty->addItem(tr("lasso"), QStringLiteral("lasso"));
    m_penalty->addItem(tr("ridge"), QStringLiteral("ridge"));
    m_validation = new QSpinBox;
    m_validation->setRange(10, 50);
    m_validation->setSuffix(QStringLiteral(" %"));
    m_validation->setToolTip(tr("Share of the 442 patients held out to measure validation error"));
    m_alpha = new QSlider(Qt::Horizontal);
    m_alpha->setRange(0, 99);
    m_alpha->setToolTip(tr("Read the coefficients at one alpha (no recomputation)"));
    m_alphaValue = new QLabel;
    m_seed = new QSpinBox;
    m_seed->setRange(0, 1'000'000);

    auto* form = parameterForm();
    form->addRow(new QLabel(tr("<b>Constraint geometry</b>")));
    form->addRow(tr("Budget t:"), sliderRow(m_budget, m_budgetValue));
    form->addRow(tr("Elastic r:"), sliderRow(m_ratio, m_ratioValue));
    form->addRow(tr("Loss from:"), m_loss);
    form->addRow(tr("Corr. ρ:"), sliderRow(m_correlation, m_correlationValue));
    form->addRow(tr("Centre ŵ₁:"), m_centreX);
    form->addRow(tr("Centre ŵ₂:"), m_centreY);
    form->addRow(new QLabel(tr("<b>Paths (diabetes data)</b>")));
    form->addRow(tr("Penalty:"), m_penalty);
    form->addRow(tr("Validation:"), m_validation);
    form->addRow(tr("Read at α:"), sliderRow(m_alpha, m_alphaValue));
    form->addRow(tr("Seed:"), m_seed);

    const auto changed = [this] { controlChanged(); };
    for (QSlider* slider : {m_budget, m_ratio, m_correlation})
        connect(slider, &QSlider::valueChanged, this, changed);
    for (QComboBox* box : {m_loss, m_penalty})
        connect(box, &QComboBox::currentIndexChanged, this, changed);
    for (QDoubleSpinBox* spin : {m_centreX, m_centreY})
        connect(spin, &QDoubleSpinBox::valueChanged, this, changed);
    for (QSpinBox* spin : {m_validation, m_seed})
        connect(spin, &QSpinBox::valueChanged, this, changed);
    connect(m_alpha, &QSlider::valueChanged, this, &RegularizationView::alphaSliderMoved);
}

void RegularizationView::buildPages()
{
    auto* geometryPage = new QWidget;
    auto* geometryLayout = new QVBoxLayout(geometryPage);
    geometryLayout->setContentsMargins(0, 0, 0, 0);
    m_canvas = new ConstraintGeometryCanvas;
    m_readout = new QLabel;
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setWordWrap(true);
    geometryLayout->addWidget(m_canvas, 1);
    geometryLayout->addWidget(m_readout);

    m_coefChart = newChart(tr("Coefficient paths"));
    m_errorChart = newChart(tr("Error and sparsity along the path"));
    auto* pathsPage = new QWidget;
    auto* pathsLayout = new QVBoxLayout(pathsPage);
    pathsLayout->setContentsMargins(0, 0, 0, 0);
    pathsLayout->addWidget(viewOf(m_coefChart), 3);
    pathsLayout->addWidget(viewOf(m_errorChart), 2);

    m_note = new QTextBrowser;
    m_note->setOpenLinks(false);
    m_note->document()->setDocumentMargin(10);
    m_note->setHtml(tr(
        "<h3>Weight decay is not L2 regularization under Adam</h3>"
        "<p><b>With plain SGD they coincide.</b> Adding (λ/2)·‖w‖² to the loss adds λ·w to the "
        "gradient, so a step is w ← w − η(g + λw) = (1 − ηλ)·w − η·g: every step first shrinks "
        "the weights by the factor 1 − ηλ. That shrinking is what <i>weight decay</i> means.</p>"
        "<p><b>With Adam they differ.</b> Adam divides each coordinate's step by the square root "
        "of its running mean squared gradient. An L2 term puts λ·w inside the gradient, so it is "
        "divided too: weights whose gradients have been large are decayed <i>less</i>, rarely "
        "updated weights relatively <i>more</i>, and the strength of the penalty is tangled with "
        "the adaptive scaling and the learning-rate schedule.</p>"
        "<p><b>AdamW decouples them</b> (Loshchilov and Hutter, <i>Decoupled Weight Decay "
        "Regularization</i>, ICLR 2019): the decay is applied to the weights directly, "
        "w ← w − η·(m/(√v + ε) + λ·w) with m and v Adam's moment estimates, so every weight "
        "shrinks at the same rate whatever its "
        "gradient history. λ and η can then be tuned more independently, and it usually "
        "generalizes better; it is the standard choice for training transformers.</p>"
        "<p><b>In PyTorch</b> <code>torch.optim.Adam(params, weight_decay=λ)</code> adds λ·w to "
        "the gradient (coupled L2), while <code>torch.optim.AdamW(params, weight_decay=λ)</code> "
        "decays the weights directly (default λ = 0.01). A common recipe is AdamW with λ between "
        "0.01 and 0.1, leaving biases and normalization weights undecayed.</p>"
        "<p><b>Link to this lab:</b> the L2 circle on the first tab is the constrained view of "
        "the same penalty: a larger λ means a smaller budget t. With SGD, weight decay walks the "
        "weights toward that circle's solution; with Adam's coupled L2 the walk is distorted per "
        "coordinate.</p>"
        "<p>Questions: <a href=\"question:optimizers-adam-sgd\">Optimizers (Adam vs SGD)</a> · "
        "<a href=\"question:regularization-l1-l2\">L1 vs L2 regularization</a> · "
        "<a href=\"question:l1-geometry\">L1 geometry and feature selection</a></p>"));
    connect(m_note, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.scheme() == QLatin1String("question"))
            openQuestion(url.path());
    });

    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(geometryPage, tr("Geometry"));
    m_tabs->addTab(pathsPage, tr("Paths"));
    m_tabs->addTab(m_note, tr("Weight decay"));
    chartLayout()->addWidget(m_tabs);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { updateNotice(); });
}

void RegularizationView::openQuestion(const QString& id)
{
    Q_EMIT questionRequested(id);
    for (QWidget* w = parentWidget(); w; w = w->parentWidget()) {
        if (auto* area = qobject_cast<LabArea*>(w)) {
            Q_EMIT area->questionRequested(id);
            return;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Parameters

QMap<QString, QString> RegularizationView::parameters() const
{
    const Settings& s = m_settings;
    return {{QStringLiteral("budget"), QString::number(s.budget)},
            {QStringLiteral("l1-ratio"), QString::number(s.l1Ratio)},
            {QStringLiteral("loss"), s.loss},
            {QStringLiteral("correlation"), QString::number(s.correlation)},
            {QStringLiteral("centre"), QStringLiteral("%1,%2").arg(s.centreX).arg(s.centreY)},
            {QStringLiteral("penalty"), s.penalty},
            {QStringLiteral("validation"), QString::number(s.validation)},
            {QStringLiteral("alpha"), QString::number(s.alpha)},
            {QStringLiteral("seed"), QString::number(s.seed)},
            {QStringLiteral("tab"), charts::currentTabId(m_tabs, kTabs)}};
}

QString RegularizationView::setParameter(const QString& key, const QString& value)
{
    bool ok = false;
    const double number = value.toDouble(&ok);
    const auto range = [&](const QString& what, double low, double high) {
        return tr("%1 must be from %2 to %3 (got '%4')").arg(what).arg(low).arg(high).arg(value);
    };
    if (key == QLatin1String("tab"))
        return charts::showTab(m_tabs, kTabs, value);
    Settings s = m_settings;
    if (key == QLatin1String("budget")) {
        if (!ok || number <= 0)
            return tr("budget t must be > 0 (got '%1'): a zero budget forces every weight to 0")
                .arg(value);
        if (number < 0.02 || number > 3)
            return range(tr("budget t"), 0.02, 3);
        s.budget = number;
    } else if (key == QLatin1String("l1-ratio")) {
        if (!ok || number < 0 || number > 1)
            return range(tr("l1-ratio"), 0, 1);
        s.l1Ratio = number;
    } else if (key == QLatin1String("loss")) {
        if (m_loss->findData(value) < 0)
            return tr("loss must be manual or one of bmi,s5 · bmi,bp · s1,s2 (got '%1')")
                .arg(value);
        s.loss = value;
    } else if (key == QLatin1String("correlation")) {
        if (!ok || number <= -1 || number >= 1)
            return tr("correlation must be strictly between -1 and 1 (got '%1')").arg(value);
        if (std::abs(number) > 0.95)
            return range(tr("correlation"), -0.95, 0.95);
        s.correlation = number;
    } else if (key == QLatin1String("centre")) {
        const QStringList parts = value.split(QLatin1Char(','));
        bool okX = false, okY = false;
        const double x = parts.value(0).toDouble(&okX), y = parts.value(1).toDouble(&okY);
        if (parts.size() != 2 || !okX || !okY || std::abs(x) > 3 || std::abs(y) > 3)
            return tr("centre must be two numbers from -3 to 3, like 1.5,0.6 (got '%1')")
                .arg(value);
        s.centreX = x;
        s.centreY = y;
    } else if (key == QLatin1String("penalty")) {
        if (value != QLatin1String("lasso") && value != QLatin1String("ridge"))
            return tr("penalty must be lasso or ridge (got '%1')").arg(value);
        s.penalty = value;
    } else if (key == QLatin1String("validation")) {
        if (!ok || number < 0.1 || number > 0.5)
            return range(tr("validation fraction"), 0.1, 0.5);
        s.validation = number;
    } else if (key == QLatin1String("alpha")) {
        if (!ok || number < 0)
            return tr("alpha must be a number >= 0 (got '%1')").arg(value);
        s.alpha = number;
    } else if (key == QLatin1String("seed")) {
        const int seed = value.toInt(&ok);
        if (!ok || seed < 0 || seed > 1'000'000)
            return range(tr("seed"), 0, 1'000'000);
        s.seed = seed;
    } else {
        return tr("unknown parameter '%1' (known: %2)")
            .arg(key, QStringList(parameters().keys()).join(QStringLiteral(", ")));
    }
    m_settings = s;
    syncControls();
    return {};
}

void RegularizationView::resetParameters()
{
    m_settings = {};
    syncControls();
    refresh();
}

void RegularizationView::syncControls()
{
    const Settings& s = m_settings;
    const QSignalBlocker b1(m_budget), b2(m_ratio), b3(m_loss), b4(m_correlation), b5(m_centreX),
        b6(m_centreY), b7(m_penalty), b8(m_validation), b9(m_seed);
    m_budget->setValue(int(std::lround(s.budget * 100)));
    m_budgetValue->setText(QString::number(s.budget, 'f', 2));
    m_ratio->setValue(int(std::lround(s.l1Ratio * 100)));
    m_ratioValue->setText(QString::number(s.l1Ratio, 'f', 2));
    m_loss->setCurrentIndex(std::max(0, m_loss->findData(s.loss)));
    m_correlation->setValue(int(std::lround(s.correlation * 100)));
    m_correlationValue->setText(QString::number(s.correlation, 'f', 2));
    m_centreX->setValue(s.centreX);
    m_centreY->setValue(s.centreY);
    const bool manual = s.loss == QLatin1String("manual");
    for (QWidget* w : {static_cast<QWidget*>(m_correlation), static_cast<QWidget*>(m_centreX),
                       static_cast<QWidget*>(m_centreY)})
        w->setEnabled(manual);
    m_penalty->setCurrentIndex(m_penalty->findData(s.penalty));
    m_validation->setValue(int(std::lround(s.validation * 100)));
    m_seed->setValue(s.seed);
    m_alphaValue->setText(number(s.alpha));
}

void RegularizationView::controlChanged()
{
    Settings& s = m_settings;
    s.budget = m_budget->value() / 100.0;
    s.l1Ratio = m_ratio->value() / 100.0;
    // With a dataset's loss the disabled ρ and ŵ controls show the data's values; the manual
    // ones are kept for when the user switches back.
    if (s.loss == QLatin1String("manual")) {
        s.correlation = m_correlation->value() / 100.0;
        s.centreX = m_centreX->value();
        s.centreY = m_centreY->value();
    }
    s.loss = m_loss->currentData().toString();
    s.penalty = m_penalty->currentData().toString();
    s.validation = m_validation->value() / 100.0;
    s.seed = m_seed->value();
    syncControls();
    refresh();
}

void RegularizationView::alphaSliderMoved(int position)
{
    // A cheap interaction: only the read-out moves, the path is not recomputed.
    if (m_path.alphas.empty())
        return;
    m_alphaIndex = int(m_path.alphas.size()) - 1 - position; // alphas run from large to small
    m_settings.alpha = m_path.alphas[std::size_t(m_alphaIndex)];
    m_alphaValue->setText(number(m_settings.alpha));
    drawPaths();
    updateNotice();
}

mllab::RegressionData RegularizationView::diabetes(const std::vector<std::string>& features) const
{
    return mllab::regressionDataFromCsv(m_diabetesCsv, "diabetes.csv", kTarget, features);
}

mllab::ConstrainedOptimumParams RegularizationView::geometryParams() const
{
    const Settings& s = m_settings;
    mllab::ConstrainedOptimumParams p;
    p.budget = s.budget;
    p.l1Ratio = s.l1Ratio;
    p.correlation = s.correlation;
    p.centre = {s.centreX, s.centreY};
    p.contourLevels = 8;
    p.contourPoints = 160;
    return p;
}

void RegularizationView::refresh()
{
    mllab::ConstrainedOptimumParams geometry = geometryParams();
    const std::string csv = m_diabetesCsv;
    const QStringList pair = m_settings.loss.split(QLatin1Char(','));
    std::vector<std::string> features;
    if (pair.size() == 2)
        features = {pair[0].toStdString(), pair[1].toStdString()};
    jobs()->submit<mllab::ConstrainedOptimumResult>(
        labId() + QStringLiteral("/geometry"),
        tr("Constrained optimum, t = %1").arg(geometry.budget),
        [geometry, csv, features](const mllab::Progress& progress) mutable {
            if (!features.empty())
                geometry.data =
                    mllab::regressionDataFromCsv(csv, "diabetes.csv", kTarget, features);
            return mllab::computeConstrainedOptimum(geometry, progress);
        },
        [this](const mllab::ConstrainedOptimumResult& r) { showGeometry(r); },
        [this](const QString& message) { showError(message); });

    // The path depends on the penalty, the split and its seed only; reading another alpha is free.
    const QString inputs = QStringLiteral("%1/%2/%3")
                               .arg(m_settings.penalty)
                               .arg(m_settings.validation)
                               .arg(m_settings.seed);
    if (inputs == m_pathRequested)
        return;
    m_pathRequested = inputs;
    const bool lasso = m_settings.penalty == QLatin1String("lasso");
    const double validation = m_settings.validation;
    const auto seed = std::uint64_t(m_settings.seed);
    jobs()->submit<mllab::RegularizationPathResult>(
        labId() + QStringLiteral("/path"), lasso ? tr("Lasso path") : tr("Ridge path"),
        [csv, lasso, validation, seed](const mllab::Progress& progress) {
            const auto data = mllab::regressionDataFromCsv(csv, "diabetes.csv", kTarget);
            if (lasso) {
                mllab::LassoPathParams p;
                p.data = data;
                p.standardize = true;
                p.validationFraction = validation;
                p.seed = seed;
                return mllab::computeLassoPath(p, progress);
            }
            mllab::RidgePathParams p;
            p.data = data;
            p.standardize = true;
            p.validationFraction = validation;
            p.seed = seed;
            return mllab::computeRidgePath(p, progress);
        },
        [this](const mllab::RegularizationPathResult& r) { showPath(r); },
        [this](const QString& message) {
            m_pathRequested.clear();
            showError(message);
        });
}

// ---------------------------------------------------------------------------------------------
// Drawing

void RegularizationView::showGeometry(const mllab::ConstrainedOptimumResult& result)
{
    clearError();
    m_geometry = result;
    m_canvas->setResult(result);
    if (m_settings.loss != QLatin1String("manual")) {
        const QSignalBlocker b1(m_correlation), b2(m_centreX), b3(m_centreY);
        m_correlation->setValue(int(std::lround(result.hessian[1] * 100)));
        m_correlationValue->setText(QString::number(result.hessian[1], 'f', 2));
        m_centreX->setValue(result.centre[0]);
        m_centreY->setValue(result.centre[1]);
    }
    updateReadout();
    updateNotice();
    Q_EMIT resultShown();
}

void RegularizationView::showPath(const mllab::RegularizationPathResult& result)
{
    clearError();
    m_path = result;
    // Keep the alpha the user reads at: the nearest alpha of the new path (on a log scale).
    m_alphaIndex = 0;
    for (std::size_t i = 1; i < result.alphas.size(); ++i)
        if (std::abs(std::log(result.alphas[i] / m_settings.alpha)) <
            std::abs(std::log(result.alphas[std::size_t(m_alphaIndex)] / m_settings.alpha)))
            m_alphaIndex = int(i);
    {
        const QSignalBlocker block(m_alpha);
        m_alpha->setRange(0, int(result.alphas.size()) - 1);
        m_alpha->setValue(int(result.alphas.size()) - 1 - m_alphaIndex);
    }
    m_settings.alpha = result.alphas[std::size_t(m_alphaIndex)];
    m_alphaValue->setText(number(m_settings.alpha));
    drawPaths();
    updateNotice();
    Q_EMIT resultShown();
}

void RegularizationView::drawPaths()
{
    const auto& r = m_path;
    if (r.alphas.empty())
        return;
    const bool lasso = !r.sweeps.empty();
    clearChart(m_coefChart);
    clearChart(m_errorChart);
    const double left = std::log10(r.alphas.back()), right = std::log10(r.alphas.front());
    const double chosen = std::log10(r.alphas[std::size_t(m_alphaIndex)]);
    const double best = r.bestIndex >= 0 ? std::log10(r.alphas[std::size_t(r.bestIndex)]) : chosen;

    m_coefChart->setTitle(lasso ? tr("Lasso coefficients (standardized features)")
                                : tr("Ridge coefficients (standardized features)"));
    auto* x = new QValueAxis;
    x->setTitleText(tr("log₁₀ α (stronger penalty →)"));
    x->setRange(left, right);
    x->setLabelFormat(QStringLiteral("%.1f"));
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(0);
    x->setTickInterval(right - left > 6 ? 1.0 : 0.5);
    double low = 0, high = 0;
    for (const auto& coefs : r.coefs)
        for (const double v : coefs) {
            low = std::min(low, v);
            high = std::max(high, v);
        }
    auto* y = new QValueAxis;
    y->setTitleText(tr("coefficient (progression per sd)"));
    const double pad = 0.05 * (high - low + 1e-9);
    y->setRange(low - pad, high + pad);
    y->applyNiceNumbers();
    y->setLabelFormat(QStringLiteral("%g"));
    m_coefChart->addAxis(x, Qt::AlignBottom);
    m_coefChart->addAxis(y, Qt::AlignLeft);
    for (std::size_t j = 0; j < r.featureNames.size(); ++j) {
        QList<QPointF> points;
        for (std::size_t a = 0; a < r.alphas.size(); ++a)
            points.append({std::log10(r.alphas[a]), r.coefs[a][j]});
        addSeries(m_coefChart,
                  line(QString::fromStdString(r.featureNames[j]), points,
                       kFeatureColours[j % std::size(kFeatureColours)], 1.8),
                  x, y);
    }
    addSeries(
        m_coefChart,
        line(tr("read at"), {{chosen, y->min()}, {chosen, y->max()}}, Qt::black, 1.2, Qt::DotLine),
        x, y);
    m_coefChart->legend()->setAlignment(Qt::AlignRight);

    m_errorChart->setTitle(lasso ? tr("MSE (progression²) and non-zero coefficients")
                                 : tr("MSE (progression²)"));
    auto* x2 = new QValueAxis;
    x2->setTitleText(tr("log₁₀ α"));
    x2->setRange(left, right);
    x2->setLabelFormat(QStringLiteral("%.1f"));
    x2->setTickType(QValueAxis::TicksDynamic);
    x2->setTickAnchor(0);
    x2->setTickInterval(right - left > 6 ? 1.0 : 0.5);
    double errLow = INFINITY, errHigh = 0;
    for (const auto* values : {&r.trainMse, &r.validationMse})
        for (const double v : *values) {
            errLow = std::min(errLow, v);
            errHigh = std::max(errHigh, v);
        }
    auto* y2 = new QValueAxis;
    y2->setTitleText(tr("MSE"));
    const double errPad = 0.05 * (errHigh - errLow + 1e-9);
    y2->setRange(errLow - errPad, errHigh + errPad);
    y2->applyNiceNumbers();
    y2->setLabelFormat(QStringLiteral("%.0f"));
    m_errorChart->addAxis(x2, Qt::AlignBottom);
    m_errorChart->addAxis(y2, Qt::AlignLeft);
    QList<QPointF> train, validation, nonzero;
    for (std::size_t a = 0; a < r.alphas.size(); ++a) {
        const double la = std::log10(r.alphas[a]);
        train.append({la, r.trainMse[a]});
        if (!r.validationMse.empty())
            validation.append({la, r.validationMse[a]});
        nonzero.append({la, double(r.nonzero[a])});
    }
    addSeries(m_errorChart, line(tr("training"), train, QColor(40, 150, 70), 1.8, Qt::DashLine), x2,
              y2);
    addSeries(m_errorChart, line(tr("validation"), validation, QColor(200, 40, 40), 2.2), x2, y2);
    addSeries(m_errorChart,
              line(tr("best α"), {{best, y2->min()}, {best, y2->max()}}, QColor(200, 40, 40), 1.2,
                   Qt::DashLine),
              x2, y2);
    addSeries(m_errorChart,
              line(tr("read at"), {{chosen, y2->min()}, {chosen, y2->max()}}, Qt::black, 1.2,
                   Qt::DotLine),
              x2, y2);
    if (lasso) {
        auto* count = new QValueAxis;
        count->setTitleText(tr("non-zero"));
        count->setRange(0, double(r.featureNames.size()) + 0.5);
        count->setTickCount(int(r.featureNames.size()) / 2 + 1);
        count->setLabelFormat(QStringLiteral("%d"));
        m_errorChart->addAxis(count, Qt::AlignRight);
        addSeries(m_errorChart, line(tr("non-zero"), nonzero, QColor(120, 60, 170), 1.8), x2,
                  count);
    }
    m_errorChart->legend()->setAlignment(Qt::AlignBottom);
}

void RegularizationView::updateReadout()
{
    const auto& r = m_geometry;
    const auto row = [](const QString& name, const QString& colour,
                        const mllab::ConstrainedSolution& s) {
        QString zero;
        if (s.zeroWeights == 1)
            zero = tr("<b>%1 = 0 exactly</b>").arg(s.weights[0] == 0 ? tr("w₁") : tr("w₂"));
        else if (!s.constraintActive)
            zero = tr("inside: ŵ itself");
        return QStringLiteral("<tr><td><span style=\"color:%1\">■</span> %2</td><td>%3</td>"
                              "<td align=\"right\">%4</td><td align=\"right\">%5</td>"
                              "<td align=\"right\">%6</td><td>%7</td></tr>")
            .arg(colour, name, weights(s.weights), number(s.loss), number(s.multiplier),
                 QString::number(s.kktResidual, 'e', 1), zero);
    };
    m_readout->setText(
        QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\"><tr><th align=\"left\">%1</th>"
                       "<th align=\"left\">w</th><th>%2</th><th>ν</th><th>%3</th><th></th></tr>")
            .arg(tr("region"), tr("loss"), tr("KKT resid.")) +
        row(tr("L1"), QStringLiteral("#e67814"), r.l1) +
        row(tr("L2"), QStringLiteral("#286edc"), r.l2) +
        row(tr("EN"), QStringLiteral("#28a050"), r.elasticNet) + QStringLiteral("</table>"));
}

void RegularizationView::updateNotice()
{
    const int tab = m_tabs->currentIndex();
    if (tab == 0 && m_geometry.budget > 0) {
        const auto& r = m_geometry;
        QString l1;
        if (!r.l1.constraintActive)
            l1 = tr("the budget t = %1 is large enough to contain ŵ, so no weight is shrunk; "
                    "drag t down.")
                     .arg(number(r.budget));
        else if (r.l1.zeroWeights > 0)
            l1 = tr("with t = %1 the loss ellipse first touches the diamond at a corner, so the L1 "
                    "optimum %2 has a weight of exactly zero (feature selection), while the L2 "
                    "optimum %3 keeps both weights.")
                     .arg(number(r.budget), weights(r.l1.weights), weights(r.l2.weights));
        else
            l1 = tr("with t = %1 the ellipse touches an edge of the diamond, so the L1 optimum %2 "
                    "keeps both weights; shrink t and it snaps onto an axis once the ellipse "
                    "reaches a corner first. L2 shrinks both weights smoothly: %3.")
                     .arg(number(r.budget), weights(r.l1.weights), weights(r.l2.weights));
        setNotice(l1 + tr(" Each optimum satisfies the KKT conditions: −∇L lies in ν·∂‖w‖ "
                          "(residual column)."));
    } else if (tab == 1 && !m_path.alphas.empty()) {
        const auto& r = m_path;
        const std::size_t a = std::size_t(m_alphaIndex);
        std::vector<std::size_t> order(r.featureNames.size());
        for (std::size_t j = 0; j < order.size(); ++j)
            order[j] = j;
        std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
            return std::abs(r.coefs[a][i]) > std::abs(r.coefs[a][j]);
        });
        QStringList top;
        for (std::size_t k = 0; k < std::min<std::size_t>(4, order.size()); ++k)
            if (r.coefs[a][order[k]] != 0)
                top << QStringLiteral("%1 %2").arg(QString::fromStdString(r.featureNames[order[k]]),
                                                   QString::number(r.coefs[a][order[k]], 'f', 1));
        const bool lasso = !r.sweeps.empty();
        setNotice(tr("at α = %1, %2 of %3 coefficients are non-zero (largest: %4); validation MSE "
                     "%5, best %6 at α = %7. %8")
                      .arg(number(r.alphas[a]))
                      .arg(r.nonzero[a])
                      .arg(r.featureNames.size())
                      .arg(top.isEmpty() ? tr("none") : top.join(QStringLiteral(", ")),
                           number(r.validationMse[a]),
                           number(r.validationMse[std::size_t(r.bestIndex)]),
                           number(r.alphas[std::size_t(r.bestIndex)]),
                           lasso ? tr("Lasso drops features one by one as α grows (exact zeros).")
                                 : tr("Ridge shrinks every coefficient but none reaches zero.")));
    } else if (tab == 2) {
        setNotice(tr("with SGD, L2 and weight decay are the same update; with Adam they are not, "
                     "which is why AdamW exists."));
    }
}

QString RegularizationView::resultCsv() const
{
    const auto g = [](double v) { return QString::number(v, 'g', 17); };
    QString csv;
    if (m_tabs->currentIndex() == 1) {
        const auto& r = m_path;
        QStringList header = {QStringLiteral("alpha")};
        for (const auto& name : r.featureNames)
            header << QString::fromStdString(name);
        header << QStringLiteral("intercept") << QStringLiteral("nonzero")
               << QStringLiteral("train_mse") << QStringLiteral("validation_mse");
        csv = header.join(QLatin1Char(',')) + QLatin1Char('\n');
        for (std::size_t a = 0; a < r.alphas.size(); ++a) {
            QStringList row = {g(r.alphas[a])};
            for (const double v : r.coefs[a])
                row << g(v);
            row << g(r.intercepts[a]) << QString::number(r.nonzero[a]) << g(r.trainMse[a])
                << (r.validationMse.empty() ? QString() : g(r.validationMse[a]));
            csv += row.join(QLatin1Char(',')) + QLatin1Char('\n');
        }
        return csv;
    }
    const auto& r = m_geometry;
    csv = QStringLiteral("region,w1,w2,loss,multiplier,kkt_residual,zero_weights\n");
    const std::pair<const char*, const mllab::ConstrainedSolution*> rows[] = {
        {"l1", &r.l1}, {"l2", &r.l2}, {"elastic_net", &r.elasticNet}};
    for (const auto& [name, s] : rows)
        csv += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                   .arg(QLatin1String(name), g(s->weights[0]), g(s->weights[1]), g(s->loss),
                        g(s->multiplier), g(s->kktResidual))
                   .arg(s->zeroWeights);
    return csv;
}
