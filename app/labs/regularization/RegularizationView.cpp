#include "app/labs/regularization/RegularizationView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabArea.h"
#include "app/labs/LabText.h"
#include "app/labs/ParameterPanel.h"
#include "app/labs/regularization/ConstraintGeometryCanvas.h"
#include "app/labs/regularization/RegularizationControls.h"
#include "app/widgets/RichLabel.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QTabWidget>
#include <QTextBrowser>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ml = mllab::labs;

namespace {

QColor trainColour() { return theme::series(2); }
QColor validationColour() { return theme::color(theme::Role::Marker); }
QColor nonzeroColour() { return theme::series(3); }

/// One colour per diabetes feature: Okabe and Ito's eight, then the marker's red and the darkest
/// shade of the sequential scale (the text colour is the "read at" line's).
QColor featureColour(std::size_t j)
{
    if (j < 8)
        return theme::series(int(j));
    return j == 8 ? theme::color(theme::Role::Marker) : theme::sequential(1.0);
}

QChart* newChart(const QString& title)
{
    QChart* chart = charts::makeChart(title);
    QFont font = chart->legend()->font();
    font.setPointSizeF(font.pointSizeF() * 0.85 / 0.9); // a smaller legend: ten features
    chart->legend()->setFont(font);
    return chart;
}

QChartView* viewOf(QChart* chart)
{
    QChartView* view = charts::makeChartView(chart);
    view->setMinimumSize(300, 180); // the two path charts share one tab
    return view;
}

/// The log10 α axis of both path charts, stronger penalties to the right.
QValueAxis* alphaAxis(const QString& title, double left, double right)
{
    QValueAxis* axis = charts::makeAxis(title, left, right, QStringLiteral("%.1f"));
    axis->setRange(left, right);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(right - left > 6 ? 1.0 : 0.5);
    return axis;
}

/// A vertical line across the whole y axis.
QLineSeries* marker(const QString& name, double x, const QValueAxis* y, const QColor& colour,
                    Qt::PenStyle style)
{
    return charts::line(name, {{x, y->min()}, {x, y->max()}}, colour, 1.2, style);
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
    : LabView(ml::regularizationLabSpec(), jobs, parent)
{
    auto alpha = std::make_unique<AlphaSlider>(*spec().find("alpha"));
    m_alpha = alpha.get();
    parameterPanel()->replaceControl(QStringLiteral("alpha"), std::move(alpha));
    parameterPanel()->replaceControl(QStringLiteral("centre"),
                                     std::make_unique<CentreControl>(*spec().find("centre")));
    parameterPanel()->addHeading(tr("Constraint geometry"), QStringLiteral("budget"));
    parameterPanel()->addHeading(tr("Paths (diabetes data)"), QStringLiteral("penalty"));
    buildPages();
    bindTabs(QStringLiteral("tab"), m_tabs);
}

void RegularizationView::buildPages()
{
    auto* geometryPage = new QWidget;
    auto* geometryLayout = new QVBoxLayout(geometryPage);
    geometryLayout->setContentsMargins(0, 0, 0, 0);
    m_canvas = new ConstraintGeometryCanvas;
    m_canvas->setObjectName(QStringLiteral("geometry"));
    m_readout = widgets::richLabel();
    geometryLayout->addWidget(m_canvas, 1);
    geometryLayout->addWidget(m_readout);

    m_coefChart = newChart(tr("Coefficient paths"));
    m_coefChart->setObjectName(QStringLiteral("paths"));
    m_coefChart->legend()->setAlignment(Qt::AlignRight);
    m_errorChart = newChart(tr("Error and sparsity along the path"));
    m_errorChart->setObjectName(QStringLiteral("path-error"));
    auto* pathsPage = new QWidget;
    auto* pathsLayout = new QVBoxLayout(pathsPage);
    pathsLayout->setContentsMargins(0, 0, 0, 0);
    pathsLayout->addWidget(viewOf(m_coefChart), 3);
    pathsLayout->addWidget(viewOf(m_errorChart), 2);

    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(geometryPage, tr("Geometry"));
    m_tabs->addTab(pathsPage, tr("Paths"));
    m_tabs->addTab(buildNote(), tr("Weight decay"));
    chartLayout()->addWidget(m_tabs);
}

QTextBrowser* RegularizationView::buildNote()
{
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
    return m_note;
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
// Parameters and computing

void RegularizationView::parameterChanged(const QString& key)
{
    if (key == QLatin1String("tab")) {
        updateNotice();
        return;
    }
    if (key == QLatin1String("alpha")) {
        readAlpha(); // a cheap interaction: the path is read at another alpha, not recomputed
        return;
    }
    scheduleRefresh();
}

void RegularizationView::stateShown()
{
    showDataLoss();
}

void RegularizationView::showDataLoss()
{
    // With a dataset's loss the disabled ρ and ŵ controls show the data's values; the state
    // keeps the manual ones for when the user switches back.
    if (!m_hasResult || state().text("loss") == "manual")
        return;
    const auto& g = m_result.geometry;
    parameterPanel()->control(QStringLiteral("correlation"))->showValue(g.hessian[1]);
    parameterPanel()
        ->control(QStringLiteral("centre"))
        ->showValue(QStringLiteral("%1,%2")
                        .arg(QString::number(g.centre[0]), QString::number(g.centre[1]))
                        .toStdString());
}

void RegularizationView::refresh()
{
    const ml::RegularizationLabParams params = ml::regularizationLabParams(state());
    run(tr("Constrained optimum, t = %1, and the %2 path")
            .arg(params.budget)
            .arg(params.lasso ? tr("lasso") : tr("ridge")),
        [params](const mllab::Progress& progress) {
            return ml::computeRegularizationLab(params, progress);
        },
        [this](const ml::RegularizationLabResult& r) { showResult(r); });
}

void RegularizationView::showResult(const ml::RegularizationLabResult& result)
{
    clearError();
    m_result = result;
    m_hasResult = true;
    m_canvas->setResult(result.geometry);
    showDataLoss();
    // Keep the alpha the user reads at: the nearest alpha of the new path.
    const std::vector<double>& alphas = result.path.alphas;
    m_result.alphaIndex = ml::nearestAlphaIndex(alphas, state().number("alpha"));
    m_alpha->setAlphas(alphas);
    changeParameter(QStringLiteral("alpha"), alphas[m_result.alphaIndex]);
    updateReadout();
    drawPaths();
    updateNotice();
    Q_EMIT resultShown();
}

void RegularizationView::readAlpha()
{
    if (!m_hasResult)
        return;
    m_result.alphaIndex = ml::nearestAlphaIndex(m_result.path.alphas, state().number("alpha"));
    drawPaths();
    updateNotice();
}

// ---------------------------------------------------------------------------------------------
// Drawing

void RegularizationView::drawPaths()
{
    const auto& r = m_result.path;
    if (r.alphas.empty())
        return;
    const double chosen = std::log10(r.alphas[m_result.alphaIndex]);
    drawCoefficients(chosen);
    drawErrors(chosen);
}

void RegularizationView::drawCoefficients(double chosen)
{
    const auto& r = m_result.path;
    charts::clearChart(m_coefChart);
    const double left = std::log10(r.alphas.back()), right = std::log10(r.alphas.front());
    m_coefChart->setTitle(!r.sweeps.empty() ? tr("Lasso coefficients (standardized features)")
                                            : tr("Ridge coefficients (standardized features)"));
    auto* x = alphaAxis(tr("log₁₀ α (stronger penalty →)"), left, right);
    double low = 0, high = 0;
    for (const auto& coefs : r.coefs)
        for (const double v : coefs) {
            low = std::min(low, v);
            high = std::max(high, v);
        }
    const double pad = 0.05 * (high - low + 1e-9);
    auto* y = charts::makeAxis(tr("coefficient (progression per sd)"), low - pad, high + pad,
                               QStringLiteral("%g"));
    for (std::size_t j = 0; j < r.featureNames.size(); ++j) {
        QList<QPointF> points;
        for (std::size_t a = 0; a < r.alphas.size(); ++a)
            points.append({std::log10(r.alphas[a]), r.coefs[a][j]});
        charts::attach(m_coefChart,
                       charts::line(QString::fromStdString(r.featureNames[j]), points,
                                    featureColour(j), 1.8),
                       x, y);
    }
    charts::attach(m_coefChart, marker(tr("read at"), chosen, y, theme::text(), Qt::DotLine), x, y);
}

void RegularizationView::drawErrors(double chosen)
{
    const auto& r = m_result.path;
    const bool lasso = !r.sweeps.empty();
    charts::clearChart(m_errorChart);
    const double left = std::log10(r.alphas.back()), right = std::log10(r.alphas.front());
    m_errorChart->setTitle(lasso ? tr("MSE (progression²) and non-zero coefficients")
                                 : tr("MSE (progression²)"));
    auto* x = alphaAxis(tr("log₁₀ α"), left, right);
    double low = INFINITY, high = 0;
    for (const auto* values : {&r.trainMse, &r.validationMse})
        for (const double v : *values) {
            low = std::min(low, v);
            high = std::max(high, v);
        }
    const double pad = 0.05 * (high - low + 1e-9);
    auto* y = charts::makeAxis(tr("MSE"), low - pad, high + pad, QStringLiteral("%.0f"));
    QList<QPointF> train, validation, nonzero;
    for (std::size_t a = 0; a < r.alphas.size(); ++a) {
        const double la = std::log10(r.alphas[a]);
        train.append({la, r.trainMse[a]});
        if (!r.validationMse.empty())
            validation.append({la, r.validationMse[a]});
        nonzero.append({la, double(r.nonzero[a])});
    }
    const double best = r.bestIndex >= 0 ? std::log10(r.alphas[std::size_t(r.bestIndex)]) : chosen;
    charts::attach(m_errorChart,
                   charts::line(tr("training"), train, trainColour(), 1.8, Qt::DashLine), x, y);
    charts::attach(m_errorChart,
                   charts::line(tr("validation"), validation, validationColour(), 2.2), x, y);
    charts::attach(m_errorChart,
                   marker(tr("best α"), best, y, validationColour(), Qt::DashLine), x, y);
    charts::attach(m_errorChart, marker(tr("read at"), chosen, y, theme::text(), Qt::DotLine), x,
                   y);
    if (lasso) {
        QValueAxis* count = charts::makeAxis(tr("non-zero"), 0,
                                             double(r.featureNames.size()) + 0.5,
                                             QStringLiteral("%d"));
        count->setRange(0, double(r.featureNames.size()) + 0.5);
        count->setTickCount(int(r.featureNames.size()) / 2 + 1);
        m_errorChart->addAxis(count, Qt::AlignRight);
        charts::addSeries(m_errorChart,
                          charts::line(tr("non-zero"), nonzero, nonzeroColour(), 1.8), x, count);
    }
}

void RegularizationView::updateReadout()
{
    const auto& r = m_result.geometry;
    const auto row = [](const QString& name, const QColor& colour,
                        const mllab::ConstrainedSolution& s) {
        QString zero;
        if (s.zeroWeights == 1)
            zero = tr("<b>%1 = 0 exactly</b>").arg(s.weights[0] == 0 ? tr("w₁") : tr("w₂"));
        else if (!s.constraintActive)
            zero = tr("inside: ŵ itself");
        return QStringLiteral("<tr><td><span style=\"color:%1\">■</span> %2</td><td>%3</td>"
                              "<td align=\"right\">%4</td><td align=\"right\">%5</td>"
                              "<td align=\"right\">%6</td><td>%7</td></tr>")
            .arg(colour.name(), name, weights(s.weights), labtext::significant(s.loss),
                 labtext::significant(s.multiplier), QString::number(s.kktResidual, 'e', 1), zero);
    };
    m_readout->setText(
        QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\"><tr><th align=\"left\">%1</th>"
                       "<th align=\"left\">w</th><th>%2</th><th>ν</th><th>%3</th><th></th></tr>")
            .arg(tr("region"), tr("loss"), tr("KKT resid.")) +
        row(tr("L1"), ConstraintGeometryCanvas::l1Colour(), r.l1) +
        row(tr("L2"), ConstraintGeometryCanvas::l2Colour(), r.l2) +
        row(tr("EN"), ConstraintGeometryCanvas::elasticNetColour(), r.elasticNet) +
        QStringLiteral("</table>"));
}

void RegularizationView::updateNotice()
{
    if (!m_hasResult)
        return;
    const std::string& tab = state().text("tab");
    if (tab == "geometry")
        setNotice(geometryNotice());
    else if (tab == "paths")
        setNotice(pathNotice());
    else
        setNotice(tr("with SGD, L2 and weight decay are the same update; with Adam they are not, "
                     "which is why AdamW exists."));
}

QString RegularizationView::geometryNotice() const
{
    const auto& r = m_result.geometry;
    QString l1;
    if (!r.l1.constraintActive)
        l1 = tr("the budget t = %1 is large enough to contain ŵ, so no weight is shrunk; "
                "drag t down.")
                 .arg(labtext::significant(r.budget));
    else if (r.l1.zeroWeights > 0)
        l1 = tr("with t = %1 the loss ellipse first touches the diamond at a corner, so the L1 "
                "optimum %2 has a weight of exactly zero (feature selection), while the L2 "
                "optimum %3 keeps both weights.")
                 .arg(labtext::significant(r.budget), weights(r.l1.weights), weights(r.l2.weights));
    else
        l1 = tr("with t = %1 the ellipse touches an edge of the diamond, so the L1 optimum %2 "
                "keeps both weights; shrink t and it snaps onto an axis once the ellipse "
                "reaches a corner first. L2 shrinks both weights smoothly: %3.")
                 .arg(labtext::significant(r.budget), weights(r.l1.weights), weights(r.l2.weights));
    return l1 + tr(" Each optimum satisfies the KKT conditions: −∇L lies in ν·∂‖w‖ "
                   "(residual column).");
}

QString RegularizationView::pathNotice() const
{
    const auto& r = m_result.path;
    const std::size_t a = m_result.alphaIndex;
    QStringList top;
    for (const std::size_t j : ml::largestCoefficients(r, a))
        top << QStringLiteral("%1 %2").arg(QString::fromStdString(r.featureNames[j]),
                                           QString::number(r.coefs[a][j], 'f', 1));
    const std::size_t best = std::size_t(r.bestIndex);
    return tr("at α = %1, %2 of %3 coefficients are non-zero (largest: %4); validation MSE "
              "%5, best %6 at α = %7. %8")
        .arg(labtext::significant(r.alphas[a]))
        .arg(r.nonzero[a])
        .arg(r.featureNames.size())
        .arg(top.isEmpty() ? tr("none") : top.join(QStringLiteral(", ")),
             labtext::significant(r.validationMse[a]), labtext::significant(r.validationMse[best]),
             labtext::significant(r.alphas[best]),
             !r.sweeps.empty() ? tr("Lasso drops features one by one as α grows (exact zeros).")
                               : tr("Ridge shrinks every coefficient but none reaches zero."));
}

QString RegularizationView::resultCsv() const
{
    const auto g = [](double v) { return QString::number(v, 'g', 17); };
    QString csv;
    if (state().text("tab") == "paths") {
        const auto& r = m_result.path;
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
    const auto& r = m_result.geometry;
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

QList<KeyNumber> RegularizationView::keyNumbers() const
{
    if (!m_hasResult)
        return {};
    const auto& g = m_result.geometry;
    const auto weights = [](const mllab::ConstrainedSolution& s) {
        return QStringLiteral("(%1, %2)")
            .arg(labtext::fixed(s.weights[0], 3), labtext::fixed(s.weights[1], 3));
    };
    QList<KeyNumber> numbers{{tr("L1"), weights(g.l1)}, {tr("L2"), weights(g.l2)}};
    const auto& p = m_result.path;
    if (m_result.alphaIndex < p.nonzero.size())
        numbers << KeyNumber{tr("non-zero"), QString::number(p.nonzero[m_result.alphaIndex])};
    return numbers;
}
