#include "app/labs/calibration/CalibrationView.h"

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
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QPushButton>
#include <QScatterSeries>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

const QColor kBars(66, 133, 244);
const QColor kGap(220, 60, 50);
const QColor kPoints(20, 60, 150);
const QStringList kTabs = {QStringLiteral("before"), QStringLiteral("after")};

QString trCal(const char* text)
{
    return QCoreApplication::translate("CalibrationView", text);
}

QString number(double v, int digits = 3)
{
    return QLocale().toString(v, 'f', digits);
}

/// Probabilities in a CSV file become logits for temperature scaling: log(p / (1 - p)), with p
/// clipped a little inside (0, 1) so that 0 and 1 stay finite.
std::vector<double> logitsOf(const std::vector<double>& p)
{
    constexpr double eps = 1e-12;
    std::vector<double> z(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) {
        const double q = std::clamp(p[i], eps, 1.0 - eps);
        z[i] = std::log(q / (1.0 - q));
    }
    return z;
}

struct LogitSets {
    std::size_t classes = 1; ///< logit columns
    std::vector<double> validationLogits, validationLabels, testLogits, testLabels;
    double testAccuracy = 0;
    QString description;
};

LogitSets csvLogits(const CalibrationLabParams& p)
{
    if (p.csvPath.isEmpty())
        throw mllab::InputError(
            trCal("Choose a CSV file with a probability and a 0/1 label column.").toStdString());
    mllab::CsvNumeric table = mllab::readNumericCsvFile(
        p.csvPath.toStdString(), {p.probColumn.toStdString(), p.labelColumn.toStdString()});
    // Validate as a calibration input first: messages name the column and the line.
    mllab::CalibrationParams check;
    check.probabilities = table.columns[0];
    check.labels = table.columns[1];
    check.probName = p.probColumn.toStdString();
    check.labelName = p.labelColumn.toStdString();
    check.locate = [&table](std::size_t row) {
        return "line " + std::to_string(table.lineOf(row)) + " of " + table.source;
    };
    mllab::computeCalibration(check);
    if (table.rows < 4)
        throw mllab::InputError(table.source + " has " + std::to_string(table.rows) +
                                " rows; temperature scaling needs at least 4 (half to fit T, "
                                "half to test it)");
    LogitSets s;
    const std::vector<double> z = logitsOf(table.columns[0]);
    std::size_t correct = 0;
    for (std::size_t i = 0; i < table.rows; ++i) {
        const bool fit = i % 2 == 0;
        (fit ? s.validationLogits : s.testLogits).push_back(z[i]);
        (fit ? s.validationLabels : s.testLabels).push_back(table.columns[1][i]);
        if (!fit)
            correct += (z[i] > 0) == (table.columns[1][i] == 1.0);
    }
    s.testAccuracy = double(correct) / double(s.testLabels.size());
    s.description = trCal("the probabilities in %1 (T fitted on the even rows, tested on the odd)")
                        .arg(QFileInfo(p.csvPath).fileName());
    return s;
}

LogitSets modelLogits(const CalibrationLabParams& p, const mllab::Progress& progress)
{
    mllab::Dataset data;
    if (p.source == QLatin1String("multiclass")) {
        mllab::MultiClassParams m;
        m.rows = 12000;
        m.separation = 2.0;
        m.labelNoise = 0.05;
        m.seed = std::uint64_t(p.seed);
        data = mllab::makeMultiClassData(m);
    } else if (p.source == QLatin1String("binary")) {
        mllab::TwoClassParams t;
        t.rows = 12000;
        t.features = 4;
        t.separation = 1.5;
        t.labelNoise = 0.1;
        t.seed = std::uint64_t(p.seed);
        data = mllab::makeTwoClassData(t);
    } else if (p.source == QLatin1String("wine")) {
        data = charts::loadBuiltInDataset("wine");
    } else {
        data = mllab::oneVersusRest(charts::loadBuiltInDataset("breast-cancer"), "malignant");
    }
    const bool small = data.rows < 1000;
    const mllab::DatasetSplit split =
        mllab::splitDataset(data, 0.3, small ? 0.3 : 0.5, std::uint64_t(p.seed));
    mllab::ClassifierParams c;
    c.model = mllab::modelKindFromName(p.model.toStdString());
    c.epochs = p.epochs;
    c.seed = std::uint64_t(p.seed);
    if (c.model == mllab::ModelKind::Mlp) {
        c.hiddenUnits = 64;
        c.learningRate = 0.01;
    }
    const mllab::ClassifierOutputs out = mllab::trainClassifier(split, c, progress);
    LogitSets s;
    s.classes = out.outputs;
    s.validationLogits = out.validationLogits;
    s.validationLabels = mllab::labelValues(split.validation);
    s.testLogits = out.testLogits;
    s.testLabels = mllab::labelValues(split.test);
    s.testAccuracy = out.testAccuracy;
    const QString model =
        c.model == mllab::ModelKind::Mlp
            ? trCal("an MLP trained %1 epochs without regularisation")
                  .arg(QLocale().toString(c.epochs))
            : trCal("logistic regression (%1 epochs)").arg(QLocale().toString(c.epochs));
    s.description = trCal("%1 on %2 rows (%3 classes)")
                        .arg(model, QLocale().toString(qlonglong(split.train.rows)))
                        .arg(data.classCount());
    return s;
}

} // namespace

CalibrationLabResult computeCalibrationLab(const CalibrationLabParams& p,
                                           const mllab::Progress& progress)
{
    const bool csv = p.source == QLatin1String("csv");
    const LogitSets s = csv ? csvLogits(p) : modelLogits(p, progress);
    mllab::TemperatureParams fit;
    fit.logits = s.validationLogits;
    fit.classes = s.classes;
    fit.labels = s.validationLabels;
    const mllab::TemperatureResult t = mllab::computeTemperatureScaling(fit, progress);

    CalibrationLabResult r;
    r.classes = s.classes == 1 ? 2 : s.classes;
    r.temperature = t.temperature;
    r.before = mllab::calibrationAtTemperature(s.testLogits, s.classes, s.testLabels, 1.0, p.bins,
                                               p.strategy);
    r.after = mllab::calibrationAtTemperature(s.testLogits, s.classes, s.testLabels, t.temperature,
                                              p.bins, p.strategy);
    r.nllBefore = mllab::temperatureNll(s.testLogits, s.classes, s.testLabels, 1.0);
    r.nllAfter = mllab::temperatureNll(s.testLogits, s.classes, s.testLabels, t.temperature);
    r.testAccuracy = s.testAccuracy;
    r.validationRows = s.validationLabels.size();
    r.testRows = s.testLabels.size();
    r.description = s.description;
    return r;
}

CalibrationView::CalibrationView(JobRunner* jobs, QWidget* parent)
    : LabView(QStringLiteral("calibration"), jobs, parent)
{
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(150);
    connect(m_debounce, &QTimer::timeout, this, &CalibrationView::refresh);

    QFormLayout* form = parameterForm();
    m_source = new QComboBox;
    m_source->addItem(tr("4 Gaussian classes"), QStringLiteral("multiclass"));
    m_source->addItem(tr("2 Gaussian classes"), QStringLiteral("binary"));
    m_source->addItem(tr("Wine (3 cultivars)"), QStringLiteral("wine"));
    m_source->addItem(tr("Breast cancer"), QStringLiteral("breast-cancer"));
    m_source->addItem(tr("Probabilities from a CSV file…"), QStringLiteral("csv"));
    m_model = new QComboBox;
    m_model->addItem(tr("MLP (2 x 64, no regularisation)"), QStringLiteral("mlp"));
    m_model->addItem(tr("Logistic regression"), QStringLiteral("logistic"));
    m_epochs = new QSpinBox;
    m_epochs->setRange(20, 5000);
    m_epochs->setSingleStep(100);
    m_epochs->setToolTip(tr("Full-batch training steps: the longer the MLP trains, the more "
                            "overconfident it gets"));
    m_bins = new QSpinBox;
    m_bins->setRange(2, 50);
    m_strategy = new QComboBox;
    m_strategy->addItem(tr("uniform width"), QStringLiteral("uniform"));
    m_strategy->addItem(tr("equal counts (quantile)"), QStringLiteral("quantile"));
    m_seed = new QSpinBox;
    m_seed->setRange(0, 1'000'000);
    form->addRow(tr("Data:"), m_source);
    form->addRow(tr("Model:"), m_model);
    form->addRow(tr("Epochs:"), m_epochs);
    form->addRow(tr("Bins:"), m_bins);
    form->addRow(tr("Binning:"), m_strategy);
    form->addRow(tr("Seed:"), m_seed);

    m_csvBox = new QWidget;
    auto* csvForm = new QFormLayout(m_csvBox);
    csvForm->setContentsMargins(0, 0, 0, 0);
    m_csvButton = new QPushButton(tr("Open CSV…"));
    m_probColumn = new QComboBox;
    m_labelColumn = new QComboBox;
    csvForm->addRow(tr("File:"), m_csvButton);
    csvForm->addRow(tr("Probability:"), m_probColumn);
    csvForm->addRow(tr("Label (0/1):"), m_labelColumn);
    form->addRow(m_csvBox);

    m_metrics = new QLabel;
    m_metrics->setTextFormat(Qt::RichText);
    m_metrics->setWordWrap(true);
    form->addRow(m_metrics);

    m_tabs = new QTabWidget;
    const auto page = [this](QChart*& diagram, QChart*& histogram, const QString& name) {
        diagram = charts::makeChart(QString());
        histogram = charts::makeChart(QString());
        histogram->legend()->hide();
        auto* w = new QWidget;
        auto* layout = new QVBoxLayout(w);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(0);
        layout->addWidget(charts::makeChartView(diagram), 3);
        auto* histView = charts::makeChartView(histogram);
        histView->setMinimumHeight(150);
        layout->addWidget(histView, 2);
        m_tabs->addTab(w, name);
    };
    page(m_beforeChart, m_beforeHist, tr("Before (T = 1)"));
    page(m_afterChart, m_afterHist, tr("After scaling"));
    chartLayout()->addWidget(m_tabs);

    const auto changed = [this] { m_debounce->start(); };
    connect(m_source, &QComboBox::currentIndexChanged, this, [this, changed] {
        m_params.source = m_source->currentData().toString();
        syncControls();
        if (m_params.source == QLatin1String("csv") && m_params.csvPath.isEmpty())
            chooseCsvFile();
        else
            changed();
    });
    connect(m_model, &QComboBox::currentIndexChanged, this, [this, changed] {
        m_params.model = m_model->currentData().toString();
        changed();
    });
    connect(m_epochs, &QSpinBox::valueChanged, this, [this, changed](int v) {
        m_params.epochs = v;
        changed();
    });
    connect(m_bins, &QSpinBox::valueChanged, this, [this, changed](int v) {
        m_params.bins = v;
        changed();
    });
    connect(m_strategy, &QComboBox::currentIndexChanged, this, [this, changed] {
        m_params.strategy =
            mllab::binStrategyFromName(m_strategy->currentData().toString().toStdString());
        changed();
    });
    connect(m_seed, &QSpinBox::valueChanged, this, [this, changed](int v) {
        m_params.seed = v;
        changed();
    });
    connect(m_csvButton, &QPushButton::clicked, this, &CalibrationView::chooseCsvFile);
    connect(m_probColumn, &QComboBox::activated, this, [this, changed] {
        m_params.probColumn = m_probColumn->currentText();
        changed();
    });
    connect(m_labelColumn, &QComboBox::activated, this, [this, changed] {
        m_params.labelColumn = m_labelColumn->currentText();
        changed();
    });
    syncControls();
}

void CalibrationView::syncControls()
{
    const QSignalBlocker b1(m_source), b2(m_model), b3(m_epochs), b4(m_bins), b5(m_strategy),
        b6(m_seed);
    m_source->setCurrentIndex(std::max(0, m_source->findData(m_params.source)));
    m_model->setCurrentIndex(std::max(0, m_model->findData(m_params.model)));
    m_epochs->setValue(m_params.epochs);
    m_bins->setValue(m_params.bins);
    m_strategy->setCurrentIndex(m_params.strategy == mllab::BinStrategy::Uniform ? 0 : 1);
    m_seed->setValue(m_params.seed);
    const bool csv = m_params.source == QLatin1String("csv");
    m_csvBox->setVisible(csv);
    m_model->setEnabled(!csv);
    m_epochs->setEnabled(!csv);
    m_seed->setEnabled(!csv);
    m_csvButton->setText(m_params.csvPath.isEmpty() ? tr("Open CSV…")
                                                    : QFileInfo(m_params.csvPath).fileName());
}

void CalibrationView::chooseCsvFile()
{
    const bool chosen =
        openCsv(tr("Probabilities and labels"), m_params.csvPath,
                [this](const QString& path, const mllab::CsvInfo& info) {
                    m_params.csvPath = path;
                    const QSignalBlocker b1(m_probColumn), b2(m_labelColumn);
                    m_params.probColumn =
                        fillColumnChoice(m_probColumn, info.header, m_params.probColumn, 0);
                    m_params.labelColumn =
                        fillColumnChoice(m_labelColumn, info.header, m_params.labelColumn, 1);
                    syncControls();
                    refresh();
                });
    if (!chosen && m_params.csvPath.isEmpty()) {
        m_params.source = QStringLiteral("multiclass");
        syncControls();
    }
}

QMap<QString, QString> CalibrationView::parameters() const
{
    return {{QStringLiteral("source"), m_params.source},
            {QStringLiteral("model"), m_params.model},
            {QStringLiteral("epochs"), QString::number(m_params.epochs)},
            {QStringLiteral("bins"), QString::number(m_params.bins)},
            {QStringLiteral("strategy"),
             QString::fromStdString(mllab::binStrategyName(m_params.strategy))},
            {QStringLiteral("seed"), QString::number(m_params.seed)},
            {QStringLiteral("csv"), m_params.csvPath},
            {QStringLiteral("prob"), m_params.probColumn},
            {QStringLiteral("label"), m_params.labelColumn},
            {QStringLiteral("tab"), charts::currentTabId(m_tabs, kTabs)}};
}

QString CalibrationView::setParameter(const QString& key, const QString& value)
{
    bool ok = false;
    const int n = value.toInt(&ok);
    if (key == QLatin1String("source")) {
        static const QStringList known = {QStringLiteral("multiclass"), QStringLiteral("binary"),
                                          QStringLiteral("wine"), QStringLiteral("breast-cancer"),
                                          QStringLiteral("csv")};
        if (!known.contains(value))
            return tr("source must be one of %1 (got '%2')")
                .arg(known.join(QStringLiteral(", ")), value);
        m_params.source = value;
    } else if (key == QLatin1String("model")) {
        if (value != QLatin1String("mlp") && value != QLatin1String("logistic"))
            return tr("model must be mlp or logistic (got '%1')").arg(value);
        m_params.model = value;
    } else if (key == QLatin1String("epochs")) {
        if (!ok || n < 20 || n > 5000)
            return tr("epochs must be a whole number from 20 to 5000 (got '%1')").arg(value);
        m_params.epochs = n;
    } else if (key == QLatin1String("bins")) {
        if (!ok || n < 2 || n > 50)
            return tr("bins must be a whole number from 2 to 50 (got '%1')").arg(value);
        m_params.bins = n;
    } else if (key == QLatin1String("strategy")) {
        if (value != QLatin1String("uniform") && value != QLatin1String("quantile"))
            return tr("strategy must be uniform or quantile (got '%1')").arg(value);
        m_params.strategy = mllab::binStrategyFromName(value.toStdString());
    } else if (key == QLatin1String("seed")) {
        if (!ok || n < 0 || n > 1'000'000)
            return tr("seed must be a whole number from 0 to 1,000,000 (got '%1')").arg(value);
        m_params.seed = n;
    } else if (key == QLatin1String("csv")) {
        m_params.csvPath = value;
        if (!value.isEmpty())
            m_params.source = QStringLiteral("csv");
    } else if (key == QLatin1String("tab")) {
        return charts::showTab(m_tabs, kTabs, value);
    } else if (key == QLatin1String("prob")) {
        m_params.probColumn = value;
    } else if (key == QLatin1String("label")) {
        m_params.labelColumn = value;
    } else {
        return tr("unknown parameter '%1' (known: source, model, epochs, bins, strategy, seed, "
                  "csv, prob, label, tab)")
            .arg(key);
    }
    syncControls();
    return {};
}

void CalibrationView::resetParameters()
{
    m_params = {};
    syncControls();
    refresh();
}

void CalibrationView::refresh()
{
    m_debounce->stop();
    const CalibrationLabParams params = m_params;
    jobs()->submit<CalibrationLabResult>(
        labId(), tr("Calibration lab: training and temperature scaling"),
        [params](const mllab::Progress& progress) {
            return computeCalibrationLab(params, progress);
        },
        [this](const CalibrationLabResult& r) { showResult(r); },
        [this](const QString& message) { showError(message); });
}

void CalibrationView::drawReliability(QChart* diagram, QChart* histogram,
                                      const mllab::CalibrationResult& r, const QString& when)
{
    const bool binary = m_result.classes == 2;
    const QString xTitle =
        binary ? tr("predicted probability of class 1") : tr("confidence (top-class probability)");
    charts::clearChart(diagram);
    auto* x = charts::makeAxis(xTitle, 0, 1, QStringLiteral("%.1f"));
    auto* y = charts::makeAxis(binary ? tr("fraction of class 1") : tr("accuracy"), 0, 1,
                                   QStringLiteral("%.1f"));
    std::vector<double> edges, observed, predicted, lowGap, highGap;
    for (const auto& b : r.bins) {
        if (edges.empty())
            edges.push_back(b.lower);
        edges.push_back(b.upper);
        const bool empty = b.count == 0;
        observed.push_back(empty ? 0.0 : b.fractionPositive);
        predicted.push_back(empty ? 0.0 : b.meanPredicted);
        lowGap.push_back(empty ? 0.0 : std::min(b.fractionPositive, b.meanPredicted));
        highGap.push_back(empty ? 0.0 : std::max(b.fractionPositive, b.meanPredicted));
    }
    auto* barTop = new QLineSeries;
    barTop->replace(charts::steps(edges, observed));
    auto* bars = new QAreaSeries(barTop);
    bars->setName(binary ? tr("observed") : tr("accuracy"));
    QColor fill = kBars;
    fill.setAlpha(110);
    bars->setBrush(fill);
    bars->setPen(QPen(kBars.darker(130), 1.0));

    auto* gapTop = new QLineSeries;
    auto* gapBottom = new QLineSeries;
    gapTop->replace(charts::steps(edges, highGap));
    gapBottom->replace(charts::steps(edges, lowGap));
    auto* gap = new QAreaSeries(gapTop, gapBottom);
    gap->setName(tr("gap"));
    QColor gapFill = kGap;
    gapFill.setAlpha(120);
    gap->setBrush(QBrush(gapFill, Qt::BDiagPattern));
    gap->setPen(QPen(kGap, 1.0));

    auto* diagonal = charts::lineSeries(tr("ideal"), Qt::darkGray, 1.2, Qt::DashLine);
    diagonal->replace({{0, 0}, {1, 1}});
    auto* points = new QScatterSeries;
    points->setName(tr("bin means"));
    points->setMarkerSize(7);
    points->setColor(kPoints);
    points->setBorderColor(Qt::white);
    QList<QPointF> pts;
    for (const auto& b : r.bins)
        if (b.count > 0)
            pts.append({b.meanPredicted, b.fractionPositive});
    points->replace(pts);
    for (QAbstractSeries* s :
         {static_cast<QAbstractSeries*>(bars), static_cast<QAbstractSeries*>(gap),
          static_cast<QAbstractSeries*>(diagonal), static_cast<QAbstractSeries*>(points)})
        charts::attach(diagram, s, x, y);
    diagram->setTitle(tr("%1: ECE %2, MCE %3").arg(when, number(r.ece), number(r.mce)));

    charts::clearChart(histogram);
    std::vector<double> share;
    double top = 0;
    for (const auto& b : r.bins) {
        share.push_back(double(b.count) / double(r.n));
        top = std::max(top, share.back());
    }
    auto* hx = charts::makeAxis(xTitle, 0, 1, QStringLiteral("%.1f"));
    auto* hy = charts::makeAxis(tr("share of rows"), 0, std::max(0.05, top * 1.05),
                                    QStringLiteral("%.2f"));
    auto* histTop = new QLineSeries;
    histTop->replace(charts::steps(edges, share));
    auto* hist = new QAreaSeries(histTop);
    hist->setName(tr("rows per bin"));
    QColor histFill(120, 120, 120, 120);
    hist->setBrush(histFill);
    hist->setPen(QPen(Qt::darkGray, 1.0));
    charts::attach(histogram, hist, hx, hy);
}

void CalibrationView::showResult(const CalibrationLabResult& result)
{
    clearError();
    m_result = result;
    drawReliability(m_beforeChart, m_beforeHist, result.before, tr("Before"));
    drawReliability(m_afterChart, m_afterHist, result.after,
                    tr("After (T = %1)").arg(number(result.temperature, 2)));
    m_tabs->setTabText(1, tr("After (T = %1)").arg(number(result.temperature, 2)));
    m_metrics->setText(metricsText());

    QString text = tr("%1; accuracy %2 on %3 test rows. The temperature fitted on %4 validation "
                      "rows is T = %5.")
                       .arg(result.description, number(result.testAccuracy),
                            QLocale().toString(qlonglong(result.testRows)),
                            QLocale().toString(qlonglong(result.validationRows)),
                            number(result.temperature, 2));
    if (result.temperature > 1.05)
        text +=
            QLatin1Char(' ') +
            tr("T > 1: the model was overconfident (its bars sit below the diagonal); dividing "
               "the logits by T softens the probabilities, ECE falls from %1 to %2 and NLL from "
               "%3 to %4, and the accuracy stays the same because the ranking does not change.")
                .arg(number(result.before.ece), number(result.after.ece), number(result.nllBefore),
                     number(result.nllAfter));
    else if (result.temperature < 0.95)
        text += QLatin1Char(' ') + tr("T < 1: the model was underconfident; scaling sharpens its "
                                      "probabilities (ECE %1 → %2).")
                                       .arg(number(result.before.ece), number(result.after.ece));
    else
        text += QLatin1Char(' ') + tr("T ≈ 1: the model is already well calibrated (ECE %1). Try "
                                      "the MLP with more epochs.")
                                       .arg(number(result.before.ece));
    setNotice(text);
    Q_EMIT resultShown();
}

QString CalibrationView::metricsText() const
{
    const auto& r = m_result;
    const QString brier = r.classes == 2 ? tr("Brier") : tr("Brier (top label)");
    return tr("<table cellspacing='0' "
              "cellpadding='3'><tr><th></th><th>before</th><th>after</th></tr>"
              "<tr><td>ECE</td><td align='right'>%1</td><td align='right'>%2</td></tr>"
              "<tr><td>MCE</td><td align='right'>%3</td><td align='right'>%4</td></tr>"
              "<tr><td>%5</td><td align='right'>%6</td><td align='right'>%7</td></tr>"
              "<tr><td>NLL</td><td align='right'>%8</td><td align='right'>%9</td></tr>"
              "</table>T = %10")
        .arg(number(r.before.ece), number(r.after.ece), number(r.before.mce), number(r.after.mce),
             brier, number(r.before.brier), number(r.after.brier), number(r.nllBefore),
             number(r.nllAfter))
        .arg(number(r.temperature, 3));
}

QString CalibrationView::resultCsv() const
{
    QString csv =
        QStringLiteral("when,temperature,lower,upper,count,mean_predicted,fraction_positive\n");
    const auto rows = [&csv](const char* when, double t, const mllab::CalibrationResult& r) {
        for (const auto& b : r.bins)
            csv += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                       .arg(QLatin1String(when))
                       .arg(t, 0, 'g', 17)
                       .arg(b.lower, 0, 'g', 17)
                       .arg(b.upper, 0, 'g', 17)
                       .arg(b.count)
                       .arg(b.count ? QString::number(b.meanPredicted, 'g', 17) : QString())
                       .arg(b.count ? QString::number(b.fractionPositive, 'g', 17) : QString());
    };
    rows("before", 1.0, m_result.before);
    rows("after", m_result.temperature, m_result.after);
    return csv;
}
