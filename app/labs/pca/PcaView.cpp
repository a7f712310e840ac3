#include "app/labs/pca/PcaView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/ColumnListControl.h"
#include "app/labs/LabText.h"
#include "app/labs/ParameterPanel.h"
#include "engine/csv.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QHeaderView>
#include <QLineSeries>
#include <QLocale>
#include <QScatterSeries>
#include <QTableWidget>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace {

constexpr std::size_t kMaxScreeBars = 30;        // more components are summed up in the title
constexpr std::size_t kMaxPointsPerClass = 4000; // drawing only
constexpr int kLoadingColumns = 4;
} // namespace

PcaView::PcaView(JobRunner* jobs, QWidget* parent) : LabView(mllab::labs::pcaLabSpec(), jobs, parent)
{
    parameterPanel()->replaceControl(
        QStringLiteral("features"),
        std::make_unique<ColumnListControl>(*spec().find("features")));

    m_tabs = new QTabWidget;
    m_screeChart = charts::makeChart(tr("Scree plot"), QStringLiteral("scree"));
    m_projectionChart = charts::makeChart(tr("Projection"), QStringLiteral("projection"));
    m_loadings = new QTableWidget;
    m_loadings->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_loadings->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tabs->addTab(charts::makeChartView(m_screeChart), tr("Scree plot"));
    m_tabs->addTab(charts::makeChartView(m_projectionChart), tr("Projection"));
    m_tabs->addTab(m_loadings, tr("Loadings"));
    chartLayout()->addWidget(m_tabs);
    bindTabs(QStringLiteral("tab"), m_tabs);
}

void PcaView::csvHeaderRead(const mllab::CsvInfo& header, bool chosen)
{
    const QStringList columns = columnNames(header);
    parameterPanel()
        ->control(QStringLiteral("class"))
        ->setItems(QStringList{QString()} + columns, QStringList{tr("(none)")} + columns);
    parameterPanel()->control(QStringLiteral("features"))->setItems(columns);
    if (!chosen)
        return;
    // A new file: every column is a feature until unticked, and no class column is chosen.
    changeParameter(QStringLiteral("class"), std::string());
    changeParameter(QStringLiteral("features"), std::string());
    chooseColumns(header, {});
}

void PcaView::refresh()
{
    const mllab::labs::PcaLabParams params = mllab::labs::pcaLabParams(state());
    run(tr("PCA lab"),
        [params](const mllab::Progress& progress) { return mllab::labs::computePcaLab(params, progress); },
        [this](const mllab::labs::PcaLabResult& r) { showResult(r); });
}

void PcaView::showResult(const mllab::labs::PcaLabResult& result)
{
    clearError();
    m_result = result;
    drawScree();
    drawProjection();
    fillLoadings();
    updateNotice();
    Q_EMIT resultShown();
}

void PcaView::drawScree()
{
    const mllab::PcaResult& r = m_result.pca;
    charts::clearChart(m_screeChart);
    const std::size_t shown = std::min(r.explainedVarianceRatio.size(), kMaxScreeBars);
    auto* x = charts::makeAxis(tr("principal component"), 0.4, double(shown) + 0.6,
                                   QStringLiteral("%d"));
    x->setRange(0.4, double(shown) + 0.6); // bars centred on whole numbers
    if (shown <= 15) {
        x->setTickType(QValueAxis::TicksDynamic);
        x->setTickAnchor(1);
        x->setTickInterval(1);
    }
    auto* y = charts::makeAxis(tr("share of the total variance"), 0, 1, QStringLiteral("%.1f"));
    auto* barTop = new QLineSeries;
    QList<QPointF> bars;
    for (std::size_t k = 0; k < shown; ++k) {
        const double c = double(k + 1), v = r.explainedVarianceRatio[k];
        bars << QPointF(c - 0.35, 0) << QPointF(c - 0.35, v) << QPointF(c + 0.35, v)
             << QPointF(c + 0.35, 0);
    }
    barTop->replace(bars);
    auto* barSeries = charts::area(barTop);
    barSeries->setName(tr("ratio"));
    QColor barFill = theme::color(theme::Role::Accent);
    barFill.setAlpha(170);
    barSeries->setBrush(barFill);
    barSeries->setPen(QPen(theme::color(theme::Role::Accent), 1.0));
    auto* cumulative =
        charts::lineSeries(tr("cumulative"), theme::color(theme::Role::Secondary), 2.0);
    QList<QPointF> cum;
    for (std::size_t k = 0; k < shown; ++k)
        cum << QPointF(double(k + 1), r.cumulativeRatio[k]);
    cumulative->replace(cum);
    auto* mark =
        charts::lineSeries(tr("95 %"), theme::color(theme::Role::Reference), 1.2, Qt::DashLine);
    mark->replace({{0.4, 0.95}, {double(shown) + 0.6, 0.95}});
    auto* elbow = new QScatterSeries;
    elbow->setName(tr("elbow"));
    elbow->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    elbow->setMarkerSize(11);
    elbow->setColor(theme::color(theme::Role::Marker));
    if (r.elbow < shown)
        elbow->replace({QPointF(double(r.elbow + 1), r.explainedVarianceRatio[r.elbow])});
    for (QAbstractSeries* s :
         {static_cast<QAbstractSeries*>(barSeries), static_cast<QAbstractSeries*>(mark),
          static_cast<QAbstractSeries*>(cumulative), static_cast<QAbstractSeries*>(elbow)})
        charts::attach(m_screeChart, s, x, y);
    QString title = tr("Scree plot: %1 component(s) pass 95 %").arg(r.componentsFor95);
    if (shown < r.explainedVarianceRatio.size())
        title += tr(" (first %1 of %2 shown)").arg(shown).arg(r.explainedVarianceRatio.size());
    m_screeChart->setTitle(title);
}

void PcaView::drawProjection()
{
    const mllab::PcaResult& r = m_result.pca;
    charts::clearChart(m_projectionChart);
    const std::size_t cx = std::size_t(int(state().integer("x")) - 1);
    const std::size_t cy = std::size_t(int(state().integer("y")) - 1);
    if (cx >= r.projection.size() || cy >= r.projection.size()) {
        m_projectionChart->setTitle(tr("Only %1 components: choose lower component numbers")
                                        .arg(r.explainedVarianceRatio.size()));
        return;
    }
    const auto& xs = r.projection[cx];
    const auto& ys = r.projection[cy];
    const auto [xlo, xhi] = std::minmax_element(xs.begin(), xs.end());
    const auto [ylo, yhi] = std::minmax_element(ys.begin(), ys.end());
    const double px = 0.05 * (*xhi - *xlo + 1e-12), py = 0.05 * (*yhi - *ylo + 1e-12);
    auto* x = charts::makeAxis(
        tr("PC%1 (%2)").arg(cx + 1).arg(labtext::percent(r.explainedVarianceRatio[cx])), *xlo - px,
        *xhi + px);
    auto* y = charts::makeAxis(
        tr("PC%1 (%2)").arg(cy + 1).arg(labtext::percent(r.explainedVarianceRatio[cy])), *ylo - py,
        *yhi + py);
    const int classes = std::max(1, int(m_result.classNames.size()));
    std::vector<std::size_t> perClass(std::size_t(classes), 0);
    for (int label : m_result.labels)
        ++perClass[std::size_t(label)];
    for (int c = 0; c < classes; ++c) {
        auto* s = new QScatterSeries;
        const std::string& name = m_result.classNames.at(std::size_t(c));
        s->setName(name.empty() ? tr("all rows") : QString::fromStdString(name));
        s->setMarkerSize(7);
        s->setColor(charts::classColor(c));
        s->setBorderColor(charts::classColor(c).darker(140));
        const std::size_t stride =
            std::max<std::size_t>(1, perClass[std::size_t(c)] / kMaxPointsPerClass);
        QList<QPointF> points;
        std::size_t seen = 0;
        for (std::size_t i = 0; i < m_result.labels.size(); ++i)
            if (m_result.labels[i] == c && seen++ % stride == 0)
                points.append({xs[i], ys[i]});
        s->replace(points);
        charts::attach(m_projectionChart, s, x, y);
    }
    m_projectionChart->setTitle(
        tr("%1 rows on PC%2 and PC%3").arg(labtext::count(r.samples)).arg(cx + 1).arg(cy + 1));
}

void PcaView::fillLoadings()
{
    // Feature names in the first column, which stretches and elides, so that the loadings of
    // the first components stay readable in a narrow lab area.
    const mllab::PcaResult& r = m_result.pca;
    const int columns = int(std::min<std::size_t>(kLoadingColumns, r.components.size()));
    m_loadings->clear();
    m_loadings->setRowCount(int(r.features));
    m_loadings->setColumnCount(columns + 1);
    QStringList header{tr("feature")};
    for (int k = 0; k < columns; ++k)
        header << tr("PC%1\n%2")
                      .arg(k + 1)
                      .arg(labtext::percent(r.explainedVarianceRatio[std::size_t(k)], 0));
    m_loadings->setHorizontalHeaderLabels(header);
    m_loadings->verticalHeader()->hide();
    m_loadings->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_loadings->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_loadings->setTextElideMode(Qt::ElideMiddle);
    for (std::size_t j = 0; j < r.features; ++j) {
        const QString name = QString::fromStdString(r.names[j]);
        auto* nameItem = new QTableWidgetItem(name);
        nameItem->setToolTip(name);
        m_loadings->setItem(int(j), 0, nameItem);
        for (int k = 0; k < columns; ++k) {
            double w = r.components[std::size_t(k)][j];
            if (std::abs(w) < 0.005)
                w = 0.0; // no "-0.00"
            auto* item = new QTableWidgetItem(QLocale().toString(w, 'f', 2));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            const QColor background = theme::diverging(w);
            item->setBackground(background);
            item->setForeground(theme::textOn(background));
            m_loadings->setItem(int(j), k + 1, item);
        }
    }
}

void PcaView::updateNotice()
{
    const mllab::PcaResult& r = m_result.pca;
    std::size_t top = 0;
    for (std::size_t j = 1; j < r.features; ++j)
        if (std::abs(r.components[0][j]) > std::abs(r.components[0][top]))
            top = j;
    const QString feature = QString::fromStdString(r.names[top]);
    QString text = tr("%1: PC1 explains %2 of the variance and is led by %3 (loading %4); %5 "
                      "component(s) pass 95 %, and the scree plot bends at PC%6.")
                       .arg(QString::fromStdString(m_result.dataName),
                            labtext::percent(r.explainedVarianceRatio[0]), feature,
                            QLocale().toString(r.components[0][top], 'f', 2))
                       .arg(r.componentsFor95)
                       .arg(r.elbow + 1);
    if (!state().flag("standardize") && std::abs(r.components[0][top]) > 0.99 &&
        r.explainedVarianceRatio[0] > 0.95)
        text += QLatin1Char(' ') +
                tr("One feature alone makes PC1: its numbers are simply larger (units, not "
                   "information). Tick Standardise to give every feature the same scale.");
    else if (state().flag("standardize"))
        text += QLatin1Char(' ') + tr("Standardised: every feature counts with unit variance, so "
                                      "the result no longer depends on units.");
    else
        text += QLatin1Char(' ') + tr("Unstandardised: features with large numeric ranges weigh "
                                      "more; compare with Standardise ticked.");
    setNotice(text);
}

QString PcaView::resultCsv() const
{
    const mllab::PcaResult& r = m_result.pca;
    QString csv = QStringLiteral("component,explained_variance,explained_variance_ratio,"
                                 "cumulative_ratio,singular_value");
    for (const auto& n : r.names)
        csv += QStringLiteral(",loading_") + QString::fromStdString(n);
    csv += QLatin1Char('\n');
    for (std::size_t k = 0; k < r.explainedVariance.size(); ++k) {
        csv += QStringLiteral("%1,%2,%3,%4,%5")
                   .arg(k + 1)
                   .arg(r.explainedVariance[k], 0, 'g', 17)
                   .arg(r.explainedVarianceRatio[k], 0, 'g', 17)
                   .arg(r.cumulativeRatio[k], 0, 'g', 17)
                   .arg(r.singularValues[k], 0, 'g', 17);
        for (double w : r.components[k])
            csv += QLatin1Char(',') + QString::number(w, 'g', 17);
        csv += QLatin1Char('\n');
    }
    return csv;
}

QList<KeyNumber> PcaView::keyNumbers() const
{
    const auto& ratio = m_result.pca.explainedVarianceRatio;
    if (ratio.size() < 2)
        return {};
    return {{tr("PC1"), labtext::percent(ratio[0])}, {tr("PC2"), labtext::percent(ratio[1])}};
}
