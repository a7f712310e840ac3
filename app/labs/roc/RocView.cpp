#include "app/labs/roc/RocView.h"

#include "app/jobs/JobRunner.h"
#include "app/charts/ChartKit.h"
#include "engine/classifiers.h"
#include "engine/csv.h"
#include "engine/datasets.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QPushButton>
#include <QScatterSeries>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace {

const int kImbalanceSteps[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
constexpr int kSliderSteps = 1000;
constexpr int kHistogramBins = 40;
const QStringList kTabs = {QStringLiteral("roc"), QStringLiteral("pr"), QStringLiteral("scores"),
                           QStringLiteral("metrics")};
const QColor kPositive(213, 94, 0);
const QColor kNegative(0, 114, 178);
const QColor kCurve(25, 90, 200);
const QColor kMarker(200, 30, 30);
const QColor kCost(0, 150, 90);

QString trRoc(const char* text)
{
    return QCoreApplication::translate("RocView", text);
}

QString number(double v, int digits = 3)
{
    return QLocale().toString(v, 'f', digits);
}

int imbalanceIndex(int ratio)
{
    int best = 0;
    for (int i = 0; i < 10; ++i)
        if (std::abs(std::log(double(kImbalanceSteps[i]) / ratio)) <
            std::abs(std::log(double(kImbalanceSteps[best]) / ratio)))
            best = i;
    return best;
}

QScatterSeries* marker(const QString& name, const QColor& color, QScatterSeries::MarkerShape shape)
{
    auto* s = new QScatterSeries;
    s->setName(name);
    s->setColor(color);
    s->setBorderColor(Qt::white);
    s->setMarkerShape(shape);
    s->setMarkerSize(12);
    return s;
}

} // namespace

RocLabResult computeRocLab(const RocLabParams& p, const mllab::Progress& progress)
{
    RocLabResult out;
    mllab::RocParams roc;
    roc.histogramBins = kHistogramBins;
    if (p.source == QLatin1String("csv")) {
        if (p.csvPath.isEmpty())
            throw mllab::InputError(
                trRoc("Choose a CSV file with a score and a label column.").toStdString());
        mllab::CsvNumeric table = mllab::readNumericCsvFile(
            p.csvPath.toStdString(), {p.scoreColumn.toStdString(), p.labelColumn.toStdString()});
        roc.scores = std::move(table.columns[0]);
        roc.labels = std::move(table.columns[1]);
        roc.scoreName = p.scoreColumn.toStdString();
        roc.labelName = p.labelColumn.toStdString();
        roc.locate = [&table](std::size_t row) {
            return "line " + std::to_string(table.lineOf(row)) + " of " + table.source;
        };
        out.roc = mllab::computeRoc(roc, progress);
        out.description = trRoc("the scores in %1").arg(QFileInfo(p.csvPath).fileName());
        return out;
    }

    mllab::Dataset data;
    const bool synthetic = p.source != QLatin1String("breast-cancer");
    if (synthetic) {
        mllab::TwoClassParams t;
        t.rows = 100'000;
        t.separation = p.separation;
        t.positiveFraction = 1.0 / (1.0 + p.imbalance);
        t.labelNoise = p.labelNoise;
        t.seed = std::uint64_t(p.seed);
        data = mllab::makeTwoClassData(t);
    } else {
        data = mllab::oneVersusRest(charts::loadBuiltInDataset("breast-cancer"), "malignant");
    }
    const mllab::DatasetSplit split =
        mllab::splitDataset(data, 0.0, synthetic ? 0.7 : 0.5, std::uint64_t(p.seed));
    mllab::ClassifierParams c;
    c.model = mllab::modelKindFromName(p.model.toStdString());
    c.seed = std::uint64_t(p.seed);
    if (c.model == mllab::ModelKind::Mlp) {
        c.hiddenUnits = 32;
        c.epochs = 300;
        c.learningRate = 0.01;
    }
    const mllab::ClassifierOutputs model = mllab::trainClassifier(split, c, progress);
    roc.scores = mllab::sigmoidScores(model.testLogits);
    roc.labels = mllab::labelValues(split.test);
    roc.scoreName = "predicted probability";
    out.roc = mllab::computeRoc(roc, progress);
    const QString modelName =
        c.model == mllab::ModelKind::Mlp ? trRoc("an MLP") : trRoc("logistic regression");
    out.description = trRoc("%1 trained on %2 rows and scored on %3 held-out rows")
                          .arg(modelName, QLocale().toString(qlonglong(split.train.rows)),
                               QLocale().toString(qlonglong(split.test.rows)));
    return out;
}

RocView::RocView(JobRunner* jobs, QWidget* parent) : LabView(QStringLiteral("roc"), jobs, parent)
{
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(150);
    connect(m_debounce, &QTimer::timeout, this, &RocView::refresh);
    buildControls();
    buildCharts();
    syncControls();
}

void RocView::buildControls()
{
    QFormLayout* form = parameterForm();
    m_source = new QComboBox;
    m_source->addItem(tr("Two Gaussian classes"), QStringLiteral("synthetic"));
    m_source->addItem(tr("Breast cancer (malignant)"), QStringLiteral("breast-cancer"));
    m_source->addItem(tr("Scores from a CSV file…"), QStringLiteral("csv"));
    m_source->setToolTip(tr("Synthetic data you can reshape, a real dataset, or your own "
                            "model's scores"));
    m_model = new QComboBox;
    m_model->addItem(tr("Logistic regression"), QStringLiteral("logistic"));
    m_model->addItem(tr("MLP (2 x 32 ReLU)"), QStringLiteral("mlp"));
    form->addRow(tr("Data:"), m_source);
    form->addRow(tr("Model:"), m_model);

    const auto sliderRow = [form](const QString& label, QSlider*& slider, QLabel*& value, int max) {
        slider = new QSlider(Qt::Horizontal);
        slider->setRange(0, max);
        value = new QLabel;
        value->setMinimumWidth(44);
        auto* row = new QHBoxLayout;
        row->addWidget(slider, 1);
        row->addWidget(value);
        form->addRow(label, row);
    };
    sliderRow(tr("Separation:"), m_separation, m_separationLabel, 40);
    m_separation->setToolTip(tr("Distance between the class means in standard deviations"));
    sliderRow(tr("Imbalance:"), m_imbalance, m_imbalanceLabel, 9);
    m_imbalance->setToolTip(tr("Negatives per positive, from 1:1 to 1:1000"));
    sliderRow(tr("Label noise:"), m_noise, m_noiseLabel, 30);
    m_noise->setToolTip(tr("Share of labels flipped at random"));
    m_seed = new QSpinBox;
    m_seed->setRange(0, 1'000'000);
    form->addRow(tr("Seed:"), m_seed);

    m_csvBox = new QWidget;
    auto* csvForm = new QFormLayout(m_csvBox);
    csvForm->setContentsMargins(0, 0, 0, 0);
    m_csvButton = new QPushButton(tr("Open CSV…"));
    m_scoreColumn = new QComboBox;
    m_labelColumn = new QComboBox;
    csvForm->addRow(tr("File:"), m_csvButton);
    csvForm->addRow(tr("Score column:"), m_scoreColumn);
    csvForm->addRow(tr("Label column:"), m_labelColumn);
    form->addRow(m_csvBox);

    sliderRow(tr("Threshold:"), m_thresholdSlider, m_thresholdLabel, kSliderSteps);
    m_thresholdSlider->setToolTip(tr("Predict positive when score ≥ threshold"));
    m_betaSpin = new QDoubleSpinBox;
    m_betaSpin->setRange(0.1, 10.0);
    m_betaSpin->setSingleStep(0.5);
    m_betaSpin->setToolTip(tr("β > 1 weighs recall more, β < 1 precision"));
    form->addRow(tr("F-β, β:"), m_betaSpin);
    m_costSpin = new QDoubleSpinBox;
    m_costSpin->setRange(0.0, 10000.0);
    m_costSpin->setDecimals(1);
    m_costSpin->setSpecialValueText(tr("off"));
    m_costSpin->setToolTip(tr("Cost of a missed positive over the cost of a false alarm; marks "
                              "the threshold of least expected cost"));
    m_useOptimal = new QPushButton(tr("Use"));
    m_useOptimal->setToolTip(tr("Move the threshold to the cost-optimal one"));
    auto* costRow = new QHBoxLayout;
    costRow->addWidget(m_costSpin, 1);
    costRow->addWidget(m_useOptimal);
    form->addRow(tr("Cost FN:FP:"), costRow);

    auto* matrix = new QGroupBox(tr("At this threshold"));
    auto* grid = new QGridLayout(matrix);
    grid->setSpacing(2);
    grid->addWidget(new QLabel(tr("predicted +")), 0, 1, Qt::AlignCenter);
    grid->addWidget(new QLabel(tr("predicted −")), 0, 2, Qt::AlignCenter);
    grid->addWidget(new QLabel(tr("actual +")), 1, 0);
    grid->addWidget(new QLabel(tr("actual −")), 2, 0);
    const char* colours[] = {"#d9efe0", "#f9dcdc", "#f9dcdc", "#d9efe0"};
    const char* tips[] = {"true positives", "false negatives", "false positives", "true negatives"};
    for (int i = 0; i < 4; ++i) {
        m_cells[i] = new QLabel;
        m_cells[i]->setAlignment(Qt::AlignCenter);
        m_cells[i]->setMinimumHeight(26);
        m_cells[i]->setStyleSheet(
            QStringLiteral("QLabel { background: %1; border-radius: 3px; padding: 2px; }")
                .arg(QLatin1String(colours[i])));
        m_cells[i]->setToolTip(trRoc(tips[i]));
        grid->addWidget(m_cells[i], 1 + i / 2, 1 + i % 2);
    }
    const char* names[] = {"precision", "recall", "F1", "F-β", "accuracy", "MCC"};
    auto* values = new QGridLayout;
    values->setHorizontalSpacing(8);
    for (int i = 0; i < 6; ++i) {
        m_metricValues[i] = new QLabel;
        m_metricValues[i]->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        values->addWidget(new QLabel(trRoc(names[i])), i / 2, (i % 2) * 2);
        values->addWidget(m_metricValues[i], i / 2, (i % 2) * 2 + 1);
    }
    grid->addLayout(values, 3, 0, 1, 3);
    form->addRow(matrix);

    connect(m_source, &QComboBox::currentIndexChanged, this, [this] {
        m_params.source = m_source->currentData().toString();
        syncControls();
        if (m_params.source == QLatin1String("csv") && m_params.csvPath.isEmpty())
            chooseCsvFile();
        else
            scheduleRefresh();
    });
    connect(m_model, &QComboBox::currentIndexChanged, this, [this] {
        m_params.model = m_model->currentData().toString();
        scheduleRefresh();
    });
    connect(m_separation, &QSlider::valueChanged, this, [this](int v) {
        m_params.separation = v / 10.0;
        syncControls();
        scheduleRefresh();
    });
    connect(m_imbalance, &QSlider::valueChanged, this, [this](int v) {
        m_params.imbalance = kImbalanceSteps[v];
        syncControls();
        scheduleRefresh();
    });
    connect(m_noise, &QSlider::valueChanged, this, [this](int v) {
        m_params.labelNoise = v / 100.0;
        syncControls();
        scheduleRefresh();
    });
    connect(m_seed, &QSpinBox::valueChanged, this, [this](int v) {
        m_params.seed = v;
        scheduleRefresh();
    });
    connect(m_csvButton, &QPushButton::clicked, this, &RocView::chooseCsvFile);
    connect(m_scoreColumn, &QComboBox::activated, this, [this] {
        m_params.scoreColumn = m_scoreColumn->currentText();
        scheduleRefresh();
    });
    connect(m_labelColumn, &QComboBox::activated, this, [this] {
        m_params.labelColumn = m_labelColumn->currentText();
        scheduleRefresh();
    });
    connect(m_thresholdSlider, &QSlider::valueChanged, this, &RocView::setThresholdFromSlider);
    connect(m_betaSpin, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        m_beta = v;
        drawThresholdCharts();
        updateThreshold();
    });
    connect(m_costSpin, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        m_costRatio = v;
        updateThreshold();
    });
    connect(m_useOptimal, &QPushButton::clicked, this, [this] {
        if (m_result.roc.thresholds.size() < 2 || m_costRatio <= 0)
            return;
        const std::size_t k = mllab::costOptimalPoint(m_result.roc, m_costRatio);
        m_threshold = k == 0 ? m_result.roc.thresholds[1] + 1e-9 : m_result.roc.thresholds[k];
        syncControls();
        updateThreshold();
    });
}

void RocView::buildCharts()
{
    m_tabs = new QTabWidget;
    m_rocChart = charts::makeChart(tr("ROC curve"));
    m_prChart = charts::makeChart(tr("Precision–recall curve"));
    m_histChart = charts::makeChart(tr("Scores per class"));
    m_metricChart = charts::makeChart(tr("Metrics against the threshold"));
    m_tabs->addTab(charts::makeChartView(m_rocChart), tr("ROC"));
    m_tabs->addTab(charts::makeChartView(m_prChart), tr("Precision–recall"));
    m_tabs->addTab(charts::makeChartView(m_histChart), tr("Scores"));
    m_tabs->addTab(charts::makeChartView(m_metricChart), tr("Metrics"));
    chartLayout()->addWidget(m_tabs);
}

void RocView::syncControls()
{
    const QSignalBlocker b1(m_source), b2(m_model), b3(m_separation), b4(m_imbalance), b5(m_noise),
        b6(m_seed), b7(m_thresholdSlider), b8(m_betaSpin), b9(m_costSpin);
    m_source->setCurrentIndex(std::max(0, m_source->findData(m_params.source)));
    m_model->setCurrentIndex(std::max(0, m_model->findData(m_params.model)));
    m_separation->setValue(int(std::lround(m_params.separation * 10)));
    m_separationLabel->setText(number(m_params.separation, 1));
    m_imbalance->setValue(imbalanceIndex(m_params.imbalance));
    m_imbalanceLabel->setText(QStringLiteral("1:%1").arg(m_params.imbalance));
    m_noise->setValue(int(std::lround(m_params.labelNoise * 100)));
    m_noiseLabel->setText(QStringLiteral("%1 %").arg(int(std::lround(m_params.labelNoise * 100))));
    m_seed->setValue(m_params.seed);
    m_betaSpin->setValue(m_beta);
    m_costSpin->setValue(m_costRatio);
    m_thresholdSlider->setValue(sliderPosition(m_threshold));
    m_thresholdLabel->setText(number(m_threshold, 3));

    const bool csv = m_params.source == QLatin1String("csv");
    const bool synthetic = m_params.source == QLatin1String("synthetic");
    m_csvBox->setVisible(csv);
    m_model->setEnabled(!csv);
    m_seed->setEnabled(!csv);
    for (QWidget* w : {static_cast<QWidget*>(m_separation), static_cast<QWidget*>(m_imbalance),
                       static_cast<QWidget*>(m_noise)})
        w->setEnabled(synthetic);
    m_csvButton->setText(m_params.csvPath.isEmpty() ? tr("Open CSV…")
                                                    : QFileInfo(m_params.csvPath).fileName());
    m_csvButton->setToolTip(m_params.csvPath);
}

void RocView::scheduleRefresh()
{
    m_debounce->start();
}

int RocView::sliderPosition(double threshold) const
{
    const auto& h = m_result.roc.histogram;
    const double lo = h.positives.empty() ? 0.0 : h.lower;
    const double hi = h.positives.empty() ? 1.0 : h.upper;
    return std::clamp(int(std::lround((threshold - lo) / (hi - lo) * kSliderSteps)), 0,
                      kSliderSteps);
}

void RocView::setThresholdFromSlider(int position)
{
    const auto& h = m_result.roc.histogram;
    const double lo = h.positives.empty() ? 0.0 : h.lower;
    const double hi = h.positives.empty() ? 1.0 : h.upper;
    m_threshold = lo + (hi - lo) * position / double(kSliderSteps);
    m_thresholdLabel->setText(number(m_threshold, 3));
    updateThreshold();
}

void RocView::chooseCsvFile()
{
    const bool chosen =
        openCsv(tr("Scores and labels"), m_params.csvPath,
                [this](const QString& path, const mllab::CsvInfo& info) {
                    m_params.csvPath = path;
                    const QSignalBlocker b1(m_scoreColumn), b2(m_labelColumn);
                    m_params.scoreColumn =
                        fillColumnChoice(m_scoreColumn, info.header, m_params.scoreColumn, 0);
                    m_params.labelColumn =
                        fillColumnChoice(m_labelColumn, info.header, m_params.labelColumn, 1);
                    syncControls();
                    refresh();
                });
    if (!chosen && m_params.csvPath.isEmpty()) {
        m_params.source = QStringLiteral("synthetic");
        syncControls();
    }
}

QMap<QString, QString> RocView::parameters() const
{
    return {{QStringLiteral("source"), m_params.source},
            {QStringLiteral("model"), m_params.model},
            {QStringLiteral("separation"), QString::number(m_params.separation)},
            {QStringLiteral("imbalance"), QString::number(m_params.imbalance)},
            {QStringLiteral("noise"), QString::number(m_params.labelNoise)},
            {QStringLiteral("seed"), QString::number(m_params.seed)},
            {QStringLiteral("csv"), m_params.csvPath},
            {QStringLiteral("score"), m_params.scoreColumn},
            {QStringLiteral("label"), m_params.labelColumn},
            {QStringLiteral("threshold"), QString::number(m_threshold)},
            {QStringLiteral("beta"), QString::number(m_beta)},
            {QStringLiteral("cost"), QString::number(m_costRatio)},
            {QStringLiteral("tab"), charts::currentTabId(m_tabs, kTabs)}};
}

QString RocView::setParameter(const QString& key, const QString& value)
{
    bool ok = false;
    const double v = value.toDouble(&ok);
    const auto range = [&](double lo, double hi, const char* what) -> QString {
        if (!ok || !(v >= lo && v <= hi))
            return tr("%1 must be a number from %2 to %3 (got '%4')")
                .arg(QLatin1String(what))
                .arg(lo)
                .arg(hi)
                .arg(value);
        return {};
    };
    QString error;
    if (key == QLatin1String("source")) {
        if (value != QLatin1String("synthetic") && value != QLatin1String("breast-cancer") &&
            value != QLatin1String("csv"))
            return tr("source must be synthetic, breast-cancer or csv (got '%1')").arg(value);
        m_params.source = value;
    } else if (key == QLatin1String("model")) {
        if (value != QLatin1String("logistic") && value != QLatin1String("mlp"))
            return tr("model must be logistic or mlp (got '%1')").arg(value);
        m_params.model = value;
    } else if (key == QLatin1String("separation")) {
        if ((error = range(0, 4, "separation")).isEmpty())
            m_params.separation = v;
    } else if (key == QLatin1String("imbalance")) {
        if ((error = range(1, 1000, "imbalance")).isEmpty())
            m_params.imbalance = int(std::lround(v));
    } else if (key == QLatin1String("noise")) {
        if ((error = range(0, 0.3, "noise")).isEmpty())
            m_params.labelNoise = v;
    } else if (key == QLatin1String("seed")) {
        if ((error = range(0, 1'000'000, "seed")).isEmpty())
            m_params.seed = int(v);
    } else if (key == QLatin1String("csv")) {
        m_params.csvPath = value;
        if (!value.isEmpty())
            m_params.source = QStringLiteral("csv");
    } else if (key == QLatin1String("score")) {
        m_params.scoreColumn = value;
    } else if (key == QLatin1String("label")) {
        m_params.labelColumn = value;
    } else if (key == QLatin1String("threshold")) {
        if ((error = range(-1e300, 1e300, "threshold")).isEmpty())
            m_threshold = v;
    } else if (key == QLatin1String("beta")) {
        if ((error = range(0.1, 10, "beta")).isEmpty())
            m_beta = v;
    } else if (key == QLatin1String("tab")) {
        return charts::showTab(m_tabs, kTabs, value);
    } else if (key == QLatin1String("cost")) {
        if ((error = range(0, 10000, "cost")).isEmpty())
            m_costRatio = v;
    } else {
        return tr("unknown parameter '%1' (known: source, model, separation, imbalance, noise, "
                  "seed, csv, score, label, threshold, beta, cost, tab)")
            .arg(key);
    }
    if (!error.isEmpty())
        return error;
    syncControls();
    if (!m_result.roc.thresholds.empty()) {
        drawThresholdCharts();
        updateThreshold();
    }
    return {};
}

void RocView::resetParameters()
{
    m_params = {};
    m_threshold = 0.5;
    m_beta = 1.0;
    m_costRatio = 0.0;
    syncControls();
    refresh();
}

void RocView::refresh()
{
    m_debounce->stop();
    const RocLabParams params = m_params;
    jobs()->submit<RocLabResult>(
        labId(), tr("ROC lab: training and scoring"),
        [params](const mllab::Progress& progress) { return computeRocLab(params, progress); },
        [this](const RocLabResult& r) { showResult(r); },
        [this](const QString& message) { showError(message); });
}

void RocView::showResult(const RocLabResult& result)
{
    clearError();
    m_result = result;
    // A threshold outside the new scores (rare positives push them all low) would flag nothing
    // or everything: bring it to the nearest score.
    m_threshold = std::clamp(m_threshold, result.roc.histogram.lower, result.roc.histogram.upper);
    drawCurves();
    drawThresholdCharts();
    syncControls();
    updateThreshold();
    Q_EMIT resultShown();
}

void RocView::drawCurves()
{
    const mllab::RocResult& r = m_result.roc;
    charts::clearChart(m_rocChart);
    auto* rx = charts::makeAxis(tr("false positive rate"), 0, 1, QStringLiteral("%.1f"));
    auto* ry =
        charts::makeAxis(tr("true positive rate (recall)"), 0, 1, QStringLiteral("%.1f"));
    auto* chance = charts::lineSeries(tr("no skill"), Qt::gray, 1.2, Qt::DashLine);
    chance->replace({{0, 0}, {1, 1}});
    auto* curve = charts::lineSeries(tr("model"), kCurve, 2.2);
    curve->replace(charts::decimate(
        r.pointCount(), [&r](std::size_t k) { return QPointF(r.fpr(k), r.tpr(k)); }, 1e-3));
    m_rocMarker = marker(tr("threshold"), kMarker, QScatterSeries::MarkerShapeCircle);
    m_costMarker = marker(tr("least cost"), kCost, QScatterSeries::MarkerShapeRectangle);
    for (QAbstractSeries* s :
         {static_cast<QAbstractSeries*>(chance), static_cast<QAbstractSeries*>(curve),
          static_cast<QAbstractSeries*>(m_costMarker), static_cast<QAbstractSeries*>(m_rocMarker)})
        charts::attach(m_rocChart, s, rx, ry);
    charts::hideFromLegend(m_rocChart, m_rocMarker);
    charts::hideFromLegend(m_rocChart, m_costMarker);
    m_rocChart->setTitle(tr("ROC curve: AUC %1").arg(number(r.aucRoc)));

    charts::clearChart(m_prChart);
    auto* px = charts::makeAxis(tr("recall"), 0, 1, QStringLiteral("%.1f"));
    auto* py = charts::makeAxis(tr("precision"), 0, 1, QStringLiteral("%.1f"));
    const double prevalence = double(r.positives) / double(r.n);
    auto* baseline = charts::lineSeries(
        tr("no skill: prevalence %1").arg(number(prevalence, prevalence < 0.01 ? 4 : 3)), Qt::gray,
        1.2, Qt::DashLine);
    baseline->replace({{0, prevalence}, {1, prevalence}});
    auto* pr = charts::lineSeries(tr("model"), kCurve, 2.2);
    pr->replace(charts::decimate(
        r.pointCount(), [&r](std::size_t i) { return QPointF(r.recall(i), r.precision(i)); },
        1e-3));
    m_prMarker = marker(tr("threshold"), kMarker, QScatterSeries::MarkerShapeCircle);
    for (QAbstractSeries* s :
         {static_cast<QAbstractSeries*>(baseline), static_cast<QAbstractSeries*>(pr),
          static_cast<QAbstractSeries*>(m_prMarker)})
        charts::attach(m_prChart, s, px, py);
    charts::hideFromLegend(m_prChart, m_prMarker);
    m_prChart->setTitle(tr("Precision–recall: AP %1").arg(number(r.averagePrecision)));

    // Histogram as the share of each class per bin, so that a rare class stays visible.
    charts::clearChart(m_histChart);
    const auto& h = r.histogram;
    const std::size_t bins = h.positives.size();
    std::vector<double> edges(bins + 1), pos(bins), neg(bins);
    double top = 0;
    for (std::size_t i = 0; i <= bins; ++i)
        edges[i] = h.lower + (h.upper - h.lower) * double(i) / double(bins);
    for (std::size_t i = 0; i < bins; ++i) {
        pos[i] = double(h.positives[i]) / double(r.positives);
        neg[i] = double(h.negatives[i]) / double(r.negatives);
        top = std::max({top, pos[i], neg[i]});
    }
    auto* hx = charts::makeAxis(tr("score"), h.lower, h.upper);
    m_histY = charts::makeAxis(tr("share of the class per bin"), 0, top * 1.1,
                                   QStringLiteral("%.2f"));
    const auto area = [&](const std::vector<double>& values, const QColor& colour,
                          const QString& name) {
        auto* upper = new QLineSeries;
        upper->replace(charts::steps(edges, values));
        auto* s = new QAreaSeries(upper);
        s->setName(name);
        QColor fill = colour;
        fill.setAlpha(90);
        s->setBrush(fill);
        s->setPen(QPen(colour, 1.5));
        return s;
    };
    charts::attach(
        m_histChart,
        area(neg, kNegative, tr("negatives (%1)").arg(QLocale().toString(qlonglong(r.negatives)))),
        hx, m_histY);
    charts::attach(
        m_histChart,
        area(pos, kPositive, tr("positives (%1)").arg(QLocale().toString(qlonglong(r.positives)))),
        hx, m_histY);
    m_histLine = charts::lineSeries(tr("threshold"), kMarker, 2.0);
    charts::attach(m_histChart, m_histLine, hx, m_histY);
    charts::hideFromLegend(m_histChart, m_histLine);
}

void RocView::drawThresholdCharts()
{
    const mllab::RocResult& r = m_result.roc;
    if (r.thresholds.size() < 2)
        return;
    charts::clearChart(m_metricChart);
    const mllab::ThresholdCurve c = mllab::thresholdCurve(r, 600, m_beta);
    auto* x = charts::makeAxis(tr("threshold"), r.histogram.lower, r.histogram.upper);
    m_metricY = charts::makeAxis(tr("metric"), 0, 1, QStringLiteral("%.1f"));
    const auto add = [&](const std::vector<double>& ys, const QString& name, const QColor& colour,
                         Qt::PenStyle style) {
        auto* s = charts::lineSeries(name, colour, 2.0, style);
        s->replace(charts::decimate(c.thresholds, ys, 1e-3));
        charts::attach(m_metricChart, s, x, m_metricY);
    };
    add(c.precision, tr("precision"), QColor(0, 114, 178), Qt::SolidLine);
    add(c.recall, tr("recall"), QColor(230, 159, 0), Qt::SolidLine);
    add(c.f1, tr("F1"), QColor(0, 158, 115), Qt::SolidLine);
    if (std::abs(m_beta - 1.0) > 1e-9)
        add(c.fBeta, tr("F-β (β = %1)").arg(number(m_beta, 1)), QColor(204, 121, 167),
            Qt::DashLine);
    m_metricLine = charts::lineSeries(tr("threshold"), kMarker, 2.0);
    charts::attach(m_metricChart, m_metricLine, x, m_metricY);
    charts::hideFromLegend(m_metricChart, m_metricLine);
}

mllab::ThresholdMetrics RocView::currentMetrics() const
{
    if (m_result.roc.thresholds.empty())
        return {};
    return mllab::metricsAt(m_result.roc, m_threshold, m_beta);
}

QString RocView::confusionText() const
{
    return QStringLiteral("TP %1 FN %2 FP %3 TN %4")
        .arg(m_cells[0]->text(), m_cells[1]->text(), m_cells[2]->text(), m_cells[3]->text());
}

void RocView::updateThreshold()
{
    const mllab::RocResult& r = m_result.roc;
    if (r.thresholds.empty() || !m_rocMarker)
        return;
    const std::size_t k = mllab::rocPointAt(r, m_threshold);
    const mllab::ThresholdMetrics m = currentMetrics();
    m_rocMarker->replace({QPointF(r.fpr(k), r.tpr(k))});
    const double precision = k == 0 ? 1.0 : m.precision;
    m_prMarker->replace({QPointF(r.tpr(k), precision)});
    m_histLine->replace({{m_threshold, 0}, {m_threshold, m_histY->max()}});
    if (m_metricLine)
        m_metricLine->replace({{m_threshold, 0}, {m_threshold, 1.0}});
    if (m_costRatio > 0) {
        const std::size_t best = mllab::costOptimalPoint(r, m_costRatio);
        m_costMarker->replace({QPointF(r.fpr(best), r.tpr(best))});
    } else {
        m_costMarker->clear();
    }
    m_useOptimal->setEnabled(m_costRatio > 0);

    const QLocale locale;
    const std::int64_t cells[] = {m.counts.tp, m.counts.fn, m.counts.fp, m.counts.tn};
    for (int i = 0; i < 4; ++i)
        m_cells[i]->setText(locale.toString(qlonglong(cells[i])));
    const double values[] = {m.precision, m.recall, m.f1, m.fBeta, m.accuracy, m.mcc};
    for (int i = 0; i < 6; ++i)
        m_metricValues[i]->setText(number(values[i]));
    updateNotice();
}

void RocView::updateNotice()
{
    const mllab::RocResult& r = m_result.roc;
    const double prevalence = double(r.positives) / double(r.n);
    const mllab::ThresholdMetrics m = currentMetrics();
    QString text = tr("%1: AUC-ROC %2, average precision %3 at a prevalence of %4.")
                       .arg(m_result.description, number(r.aucRoc), number(r.averagePrecision),
                            number(prevalence, prevalence < 0.01 ? 4 : 3));
    if (prevalence < 0.05)
        text +=
            QLatin1Char(' ') +
            tr("Positives are rare: the ROC curve divides false alarms by the many negatives and "
               "still looks good, while precision shows how many alarms are false.");
    else
        text +=
            QLatin1Char(' ') +
            tr("Make the classes rarer with the imbalance slider: AUC-ROC hardly moves, average "
               "precision falls.");
    text += QLatin1Char(' ') + tr("At threshold %1, %2 of %3 flagged rows are positive (precision "
                                  "%4) and %5 of the positives are caught (recall %6).")
                                   .arg(number(m_threshold))
                                   .arg(QLocale().toString(qlonglong(m.counts.tp)))
                                   .arg(QLocale().toString(qlonglong(m.counts.tp + m.counts.fp)))
                                   .arg(number(m.precision))
                                   .arg(QLocale().toString(qlonglong(m.counts.tp)))
                                   .arg(number(m.recall));
    if (m_costRatio > 0) {
        const std::size_t best = mllab::costOptimalPoint(r, m_costRatio);
        text += QLatin1Char(' ') +
                tr("With a miss costing %1 false alarms, the cheapest threshold "
                   "is %2 (green square).")
                    .arg(number(m_costRatio, 1))
                    .arg(best == 0 ? tr("above every score") : number(r.thresholds[best], 4));
    }
    setNotice(text);
}

QString RocView::resultCsv() const
{
    const mllab::RocResult& r = m_result.roc;
    QString csv = QStringLiteral("threshold,true_positives,false_positives,fpr,tpr,precision\n");
    for (std::size_t k = 0; k < r.thresholds.size(); ++k) {
        const double tp = double(r.truePositives[k]), fp = double(r.falsePositives[k]);
        csv += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                   .arg(std::isinf(r.thresholds[k]) ? QStringLiteral("inf")
                                                    : QString::number(r.thresholds[k], 'g', 17))
                   .arg(r.truePositives[k])
                   .arg(r.falsePositives[k])
                   .arg(r.fpr(k), 0, 'g', 17)
                   .arg(r.tpr(k), 0, 'g', 17)
                   .arg(k == 0 ? QString() : QString::number(tp / (tp + fp), 'g', 17));
    }
    return csv;
}
