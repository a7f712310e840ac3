#include "app/labs/pca/PcaView.h"

#include "app/jobs/JobRunner.h"
#include "app/charts/EvalCharts.h"
#include "engine/csv.h"
#include "engine/datasets.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QScatterSeries>
#include <QSpinBox>
#include <QTableWidget>
#include <QTabWidget>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace {

constexpr std::size_t kMaxScreeBars = 30;        // more components are summed up in the title
constexpr std::size_t kMaxPointsPerClass = 4000; // drawing only
constexpr int kLoadingColumns = 4;
const QStringList kTabs = {QStringLiteral("scree"), QStringLiteral("projection"),
                           QStringLiteral("loadings")};

QString trPca(const char* text)
{
    return QCoreApplication::translate("PcaView", text);
}

QString percent(double ratio, int digits = 1)
{
    return QLocale().toString(100.0 * ratio, 'f', digits) + QStringLiteral(" %");
}

} // namespace

PcaLabResult computePcaLab(const PcaLabParams& p, const mllab::Progress& progress)
{
    mllab::Dataset data;
    if (p.source == QLatin1String("csv")) {
        if (p.csvPath.isEmpty())
            throw mllab::InputError(trPca("Choose a CSV file with numeric columns.").toStdString());
        std::vector<std::string> features;
        for (const QString& f : p.featureColumns)
            features.push_back(f.toStdString());
        if (!p.classColumn.isEmpty()) {
            data = mllab::datasetFromCsvFile(p.csvPath.toStdString(), p.classColumn.toStdString(),
                                             features);
        } else {
            mllab::CsvNumeric table = mllab::readNumericCsvFile(p.csvPath.toStdString(), features);
            data.featureNames = table.names;
            data.rows = table.rows;
            data.classNames = {trPca("all rows").toStdString()};
            data.labels.assign(table.rows, 0);
            data.features.resize(table.rows * table.names.size());
            for (std::size_t j = 0; j < table.names.size(); ++j)
                for (std::size_t i = 0; i < table.rows; ++i)
                    data.features[i * table.names.size() + j] = table.columns[j][i];
        }
        data.name = QFileInfo(p.csvPath).fileName().toStdString();
    } else if (p.source == QLatin1String("units-m") || p.source == QLatin1String("units-mm")) {
        data = mllab::makeUnitsDemoData(p.source == QLatin1String("units-mm"));
    } else {
        data = evalcharts::loadBuiltInDataset(p.source.toStdString());
    }
    mllab::PcaParams params;
    params.columns = data.columns();
    params.names = data.featureNames;
    params.standardize = p.standardize;
    params.projectionComponents = std::size_t(std::max(p.componentX, p.componentY));
    PcaLabResult r;
    r.pca = mllab::computePca(params, progress);
    r.labels = data.labels;
    for (const auto& c : data.classNames)
        r.classNames << QString::fromStdString(c);
    r.description = QString::fromStdString(data.name);
    return r;
}

PcaView::PcaView(JobRunner* jobs, QWidget* parent) : LabView(QStringLiteral("pca"), jobs, parent)
{
    QFormLayout* form = parameterForm();
    m_source = new QComboBox;
    m_source->addItem(tr("Iris (4 features)"), QStringLiteral("iris"));
    m_source->addItem(tr("Wine (13 features)"), QStringLiteral("wine"));
    m_source->addItem(tr("Breast cancer (30 features)"), QStringLiteral("breast-cancer"));
    m_source->addItem(tr("Body sizes, all in metres"), QStringLiteral("units-m"));
    m_source->addItem(tr("Body sizes, arm span in mm"), QStringLiteral("units-mm"));
    m_source->addItem(tr("Columns of a CSV file…"), QStringLiteral("csv"));
    m_standardize = new QCheckBox(tr("Standardise features"));
    m_standardize->setToolTip(tr("Divide each centred feature by its standard deviation, so that "
                                 "units stop mattering"));
    m_componentX = new QSpinBox;
    m_componentY = new QSpinBox;
    for (QSpinBox* s : {m_componentX, m_componentY})
        s->setRange(1, 50);
    form->addRow(tr("Data:"), m_source);
    form->addRow(m_standardize);
    form->addRow(tr("Scatter x:"), m_componentX);
    form->addRow(tr("Scatter y:"), m_componentY);

    m_csvBox = new QWidget;
    auto* csvForm = new QFormLayout(m_csvBox);
    csvForm->setContentsMargins(0, 0, 0, 0);
    m_csvButton = new QPushButton(tr("Open CSV…"));
    m_classColumn = new QComboBox;
    m_features = new QListWidget;
    m_features->setMaximumHeight(140);
    m_features->setToolTip(tr("Numeric columns to analyse"));
    csvForm->addRow(tr("File:"), m_csvButton);
    csvForm->addRow(tr("Class:"), m_classColumn);
    csvForm->addRow(tr("Features:"), m_features);
    form->addRow(m_csvBox);

    m_tabs = new QTabWidget;
    m_screeChart = evalcharts::makeChart(tr("Scree plot"));
    m_projectionChart = evalcharts::makeChart(tr("Projection"));
    m_loadings = new QTableWidget;
    m_loadings->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_loadings->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tabs->addTab(evalcharts::makeChartView(m_screeChart), tr("Scree plot"));
    m_tabs->addTab(evalcharts::makeChartView(m_projectionChart), tr("Projection"));
    m_tabs->addTab(m_loadings, tr("Loadings"));
    chartLayout()->addWidget(m_tabs);

    connect(m_source, &QComboBox::currentIndexChanged, this, [this] {
        m_params.source = m_source->currentData().toString();
        syncControls();
        if (m_params.source == QLatin1String("csv") && m_params.csvPath.isEmpty())
            chooseCsvFile();
        else
            refresh();
    });
    connect(m_standardize, &QCheckBox::toggled, this, [this](bool on) {
        m_params.standardize = on;
        refresh();
    });
    connect(m_componentX, &QSpinBox::valueChanged, this, [this](int v) {
        m_params.componentX = v;
        refresh();
    });
    connect(m_componentY, &QSpinBox::valueChanged, this, [this](int v) {
        m_params.componentY = v;
        refresh();
    });
    connect(m_csvButton, &QPushButton::clicked, this, &PcaView::chooseCsvFile);
    connect(m_classColumn, &QComboBox::activated, this, [this] {
        m_params.classColumn = m_classColumn->currentData().toString();
        refresh();
    });
    connect(m_features, &QListWidget::itemChanged, this, [this] {
        QStringList chosen;
        for (int i = 0; i < m_features->count(); ++i)
            if (m_features->item(i)->checkState() == Qt::Checked)
                chosen << m_features->item(i)->text();
        m_params.featureColumns = chosen;
        refresh();
    });
    syncControls();
}

void PcaView::syncControls()
{
    const QSignalBlocker b1(m_source), b2(m_standardize), b3(m_componentX), b4(m_componentY);
    m_source->setCurrentIndex(std::max(0, m_source->findData(m_params.source)));
    m_standardize->setChecked(m_params.standardize);
    m_componentX->setValue(m_params.componentX);
    m_componentY->setValue(m_params.componentY);
    m_csvBox->setVisible(m_params.source == QLatin1String("csv"));
    m_csvButton->setText(m_params.csvPath.isEmpty() ? tr("Open CSV…")
                                                    : QFileInfo(m_params.csvPath).fileName());
}

void PcaView::chooseCsvFile()
{
    const bool chosen = openCsv(
        tr("Numeric table"), m_params.csvPath,
        [this](const QString& path, const mllab::CsvInfo& info) { useCsvHeader(path, info); });
    if (!chosen && m_params.csvPath.isEmpty()) {
        m_params.source = QStringLiteral("iris");
        syncControls();
    }
}

/// A new file: every column is a feature until unticked, and no class column is chosen.
void PcaView::useCsvHeader(const QString& path, const mllab::CsvInfo& info)
{
    m_params.csvPath = path;
    m_params.classColumn.clear();
    m_params.featureColumns.clear();
    const QSignalBlocker b1(m_classColumn), b2(m_features);
    m_classColumn->clear();
    m_classColumn->addItem(tr("(none)"), QString());
    m_features->clear();
    for (const auto& name : info.header) {
        const QString column = QString::fromStdString(name);
        m_classColumn->addItem(column, column);
        auto* item = new QListWidgetItem(column, m_features);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
        m_params.featureColumns << column;
    }
    syncControls();
    refresh();
}

QMap<QString, QString> PcaView::parameters() const
{
    return {{QStringLiteral("source"), m_params.source},
            {QStringLiteral("standardize"),
             m_params.standardize ? QStringLiteral("true") : QStringLiteral("false")},
            {QStringLiteral("x"), QString::number(m_params.componentX)},
            {QStringLiteral("y"), QString::number(m_params.componentY)},
            {QStringLiteral("csv"), m_params.csvPath},
            {QStringLiteral("class"), m_params.classColumn},
            {QStringLiteral("features"), m_params.featureColumns.join(QLatin1Char(','))},
            {QStringLiteral("tab"), evalcharts::currentTabId(m_tabs, kTabs)}};
}

QString PcaView::setParameter(const QString& key, const QString& value)
{
    bool ok = false;
    const int n = value.toInt(&ok);
    if (key == QLatin1String("source")) {
        static const QStringList known = {
            QStringLiteral("iris"),    QStringLiteral("wine"),     QStringLiteral("breast-cancer"),
            QStringLiteral("units-m"), QStringLiteral("units-mm"), QStringLiteral("csv")};
        if (!known.contains(value))
            return tr("source must be one of %1 (got '%2')")
                .arg(known.join(QStringLiteral(", ")), value);
        m_params.source = value;
    } else if (key == QLatin1String("standardize")) {
        if (value != QLatin1String("true") && value != QLatin1String("false"))
            return tr("standardize must be true or false (got '%1')").arg(value);
        m_params.standardize = value == QLatin1String("true");
    } else if (key == QLatin1String("x") || key == QLatin1String("y")) {
        if (!ok || n < 1 || n > 50)
            return tr("%1 must be a component number from 1 to 50 (got '%2')").arg(key, value);
        (key == QLatin1String("x") ? m_params.componentX : m_params.componentY) = n;
    } else if (key == QLatin1String("csv")) {
        m_params.csvPath = value;
        if (!value.isEmpty())
            m_params.source = QStringLiteral("csv");
    } else if (key == QLatin1String("tab")) {
        return evalcharts::showTab(m_tabs, kTabs, value);
    } else if (key == QLatin1String("class")) {
        m_params.classColumn = value;
    } else if (key == QLatin1String("features")) {
        m_params.featureColumns = value.split(QLatin1Char(','), Qt::SkipEmptyParts);
    } else {
        return tr("unknown parameter '%1' (known: source, standardize, x, y, csv, class, features, "
                  "tab)")
            .arg(key);
    }
    syncControls();
    return {};
}

void PcaView::resetParameters()
{
    m_params = {};
    syncControls();
    refresh();
}

void PcaView::refresh()
{
    const PcaLabParams params = m_params;
    jobs()->submit<PcaLabResult>(
        labId(), tr("PCA lab"),
        [params](const mllab::Progress& progress) { return computePcaLab(params, progress); },
        [this](const PcaLabResult& r) { showResult(r); },
        [this](const QString& message) { showError(message); });
}

void PcaView::showResult(const PcaLabResult& result)
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
    evalcharts::clearChart(m_screeChart);
    const std::size_t shown = std::min(r.explainedVarianceRatio.size(), kMaxScreeBars);
    auto* x = evalcharts::makeAxis(tr("principal component"), 0.4, double(shown) + 0.6,
                                   QStringLiteral("%d"));
    x->setRange(0.4, double(shown) + 0.6); // bars centred on whole numbers
    if (shown <= 15) {
        x->setTickType(QValueAxis::TicksDynamic);
        x->setTickAnchor(1);
        x->setTickInterval(1);
    }
    auto* y = evalcharts::makeAxis(tr("share of the total variance"), 0, 1, QStringLiteral("%.1f"));
    auto* barTop = new QLineSeries;
    QList<QPointF> bars;
    for (std::size_t k = 0; k < shown; ++k) {
        const double c = double(k + 1), v = r.explainedVarianceRatio[k];
        bars << QPointF(c - 0.35, 0) << QPointF(c - 0.35, v) << QPointF(c + 0.35, v)
             << QPointF(c + 0.35, 0);
    }
    barTop->replace(bars);
    auto* barSeries = new QAreaSeries(barTop);
    barSeries->setName(tr("ratio"));
    barSeries->setBrush(QColor(66, 133, 244, 170));
    barSeries->setPen(QPen(QColor(40, 90, 180), 1.0));
    auto* cumulative = evalcharts::lineSeries(tr("cumulative"), QColor(230, 120, 0), 2.0);
    QList<QPointF> cum;
    for (std::size_t k = 0; k < shown; ++k)
        cum << QPointF(double(k + 1), r.cumulativeRatio[k]);
    cumulative->replace(cum);
    auto* mark = evalcharts::lineSeries(tr("95 %"), QColor(120, 120, 120), 1.2, Qt::DashLine);
    mark->replace({{0.4, 0.95}, {double(shown) + 0.6, 0.95}});
    auto* elbow = new QScatterSeries;
    elbow->setName(tr("elbow"));
    elbow->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    elbow->setMarkerSize(11);
    elbow->setColor(QColor(200, 30, 30));
    if (r.elbow < shown)
        elbow->replace({QPointF(double(r.elbow + 1), r.explainedVarianceRatio[r.elbow])});
    for (QAbstractSeries* s :
         {static_cast<QAbstractSeries*>(barSeries), static_cast<QAbstractSeries*>(mark),
          static_cast<QAbstractSeries*>(cumulative), static_cast<QAbstractSeries*>(elbow)})
        evalcharts::attach(m_screeChart, s, x, y);
    QString title = tr("Scree plot: %1 component(s) pass 95 %").arg(r.componentsFor95);
    if (shown < r.explainedVarianceRatio.size())
        title += tr(" (first %1 of %2 shown)").arg(shown).arg(r.explainedVarianceRatio.size());
    m_screeChart->setTitle(title);
}

void PcaView::drawProjection()
{
    const mllab::PcaResult& r = m_result.pca;
    evalcharts::clearChart(m_projectionChart);
    const std::size_t cx = std::size_t(m_params.componentX - 1);
    const std::size_t cy = std::size_t(m_params.componentY - 1);
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
    auto* x =
        evalcharts::makeAxis(tr("PC%1 (%2)").arg(cx + 1).arg(percent(r.explainedVarianceRatio[cx])),
                             *xlo - px, *xhi + px);
    auto* y =
        evalcharts::makeAxis(tr("PC%1 (%2)").arg(cy + 1).arg(percent(r.explainedVarianceRatio[cy])),
                             *ylo - py, *yhi + py);
    const int classes = std::max(1, int(m_result.classNames.size()));
    std::vector<std::size_t> perClass(std::size_t(classes), 0);
    for (int label : m_result.labels)
        ++perClass[std::size_t(label)];
    for (int c = 0; c < classes; ++c) {
        auto* s = new QScatterSeries;
        s->setName(m_result.classNames.value(c));
        s->setMarkerSize(7);
        s->setColor(evalcharts::classColor(c));
        s->setBorderColor(evalcharts::classColor(c).darker(140));
        const std::size_t stride =
            std::max<std::size_t>(1, perClass[std::size_t(c)] / kMaxPointsPerClass);
        QList<QPointF> points;
        std::size_t seen = 0;
        for (std::size_t i = 0; i < m_result.labels.size(); ++i)
            if (m_result.labels[i] == c && seen++ % stride == 0)
                points.append({xs[i], ys[i]});
        s->replace(points);
        evalcharts::attach(m_projectionChart, s, x, y);
    }
    m_projectionChart->setTitle(tr("%1 rows on PC%2 and PC%3")
                                    .arg(QLocale().toString(qlonglong(r.samples)))
                                    .arg(cx + 1)
                                    .arg(cy + 1));
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
        header
            << tr("PC%1\n%2").arg(k + 1).arg(percent(r.explainedVarianceRatio[std::size_t(k)], 0));
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
            const int strength = int(std::lround(std::min(1.0, std::abs(w)) * 150));
            item->setBackground(w >= 0 ? QColor(255 - strength, 255 - strength / 2, 255)
                                       : QColor(255, 255 - strength / 2, 255 - strength));
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
                       .arg(m_result.description, percent(r.explainedVarianceRatio[0]), feature,
                            QLocale().toString(r.components[0][top], 'f', 2))
                       .arg(r.componentsFor95)
                       .arg(r.elbow + 1);
    if (!m_params.standardize && std::abs(r.components[0][top]) > 0.99 &&
        r.explainedVarianceRatio[0] > 0.95)
        text += QLatin1Char(' ') +
                tr("One feature alone makes PC1: its numbers are simply larger (units, not "
                   "information). Tick Standardise to give every feature the same scale.");
    else if (m_params.standardize)
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
