#include "app/labs/lm-training/LmTrainingView.h"

#include "app/jobs/JobRunner.h"
#include "app/widgets/ModelLibrary.h"
#include "app/study/QuestionBank.h"
#include "engine/gpu/device.h"
#include "engine/lm/presets.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDirIterator>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineEdit>
#include <QLineSeries>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScatterSeries>
#include <QSpinBox>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace {

const QString kChooseFile = QStringLiteral("<choose>");
constexpr int kMaxSteps = 1'000'000;
constexpr double kSmoothing = 0.15; // EMA weight of the newest train loss: little lag

/// At most two points per pixel column: the lowest and highest of each bucket, in step order.
/// A round tick spacing (1, 2 or 5 times a power of ten) of at least `raw`.
double roundTickInterval(double raw)
{
    const double magnitude = std::pow(10.0, std::floor(std::log10(std::max(raw, 1.0))));
    for (const double m : {1.0, 2.0, 5.0})
        if (m * magnitude >= raw)
            return m * magnitude;
    return 10.0 * magnitude;
}

QList<QPointF> decimate(const QList<QPointF>& points, int columns)
{
    if (points.size() <= 2 * columns || columns < 1)
        return points;
    QList<QPointF> out;
    out.reserve(2 * columns + 1);
    const double first = points.front().x(), span = points.back().x() - first;
    qsizetype i = 0;
    for (int c = 0; c < columns && i < points.size(); ++c) {
        const double end = first + span * (c + 1) / columns;
        qsizetype lo = i, hi = i;
        for (; i < points.size() && (points[i].x() <= end || c == columns - 1); ++i) {
            if (points[i].y() < points[lo].y())
                lo = i;
            if (points[i].y() > points[hi].y())
                hi = i;
        }
        out.append(points[std::min(lo, hi)]);
        if (lo != hi)
            out.append(points[std::max(lo, hi)]);
    }
    return out;
}

/// Orders resource paths the way std::filesystem::path compares them: element by element.
bool pathLess(const QString& a, const QString& b)
{
    const QStringList pa = a.split(QLatin1Char('/')), pb = b.split(QLatin1Char('/'));
    return std::lexicographical_compare(
        pa.begin(), pa.end(), pb.begin(), pb.end(),
        [](const QString& x, const QString& y) { return x.toUtf8() < y.toUtf8(); });
}

QString formatDuration(double seconds)
{
    const qint64 s = qint64(std::max(0.0, seconds) + 0.5);
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QChartView* makeChartView(QChart* chart)
{
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto* view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    return view;
}

void attach(QChart* chart, QAbstractSeries* series, QValueAxis* x, QValueAxis* y)
{
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

} // namespace

std::string LmTrainingView::builtInCorpus()
{
    QStringList files;
    QDirIterator it(QuestionBank::builtInFolder(),
                    {QStringLiteral("*.md"), QStringLiteral("*.txt")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    std::sort(files.begin(), files.end(), pathLess);
    std::string text;
    for (const QString& path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            throw mllab::InputError("cannot read the built-in question " + path.toStdString());
        text += file.readAll().toStdString() + "\n\n";
    }
    return text;
}

mllab::TrainParams LmTrainingView::trainParams(const Params& params)
{
    mllab::TrainParams p;
    p.config = mllab::trainPreset(params.preset.toStdString()).config;
    p.steps = params.steps;
    p.seed = std::uint64_t(params.seed);
    p.device = params.device.toStdString();
    p.warmupSteps = std::clamp(params.steps / 10, 1, 100);
    p.evalEvery = std::clamp(params.steps / 10, 5, 100);
    p.corpusName = params.corpus.isEmpty() ? std::string("question bank")
                                           : QFileInfo(params.corpus).fileName().toStdString();
    return p;
}

LmTrainingView::LmTrainingView(JobRunner* jobs, QWidget* parent)
    : LabView(QStringLiteral("lm-training"), jobs, parent)
{
    m_corpus = new QComboBox;
    m_corpus->addItem(tr("Question bank (built in)"), QString());
    m_corpus->addItem(tr("Choose a text file…"), kChooseFile);
    m_corpus->setToolTip(tr("The text the model learns to continue"));
    m_preset = new QComboBox;
    for (const auto& preset : mllab::trainPresets())
        m_preset->addItem(preset.wantsGpu ? tr("%1 (GPU)").arg(QString::fromStdString(preset.id))
                                          : QString::fromStdString(preset.id),
                          QString::fromStdString(preset.id));
    m_presetInfo = new QLabel;
    m_presetInfo->setWordWrap(true);
    m_presetInfo->setStyleSheet(QStringLiteral("color: palette(dark);"));
    m_device = new QComboBox;
    for (const auto& device : mllab::listDevices())
        m_device->addItem(QStringLiteral("%1 — %2").arg(QString::fromStdString(device.id),
                                                        QString::fromStdString(device.name)),
                          QString::fromStdString(device.id));
    m_steps = new QSpinBox;
    m_steps->setRange(1, kMaxSteps);
    m_steps->setSingleStep(100);
    m_seed = new QSpinBox;
    m_seed->setRange(0, 1'000'000);
    m_name = new QLineEdit;
    m_name->setToolTip(tr("The checkpoint's file name in the user model folder"));
    m_start = new QPushButton(tr("Start"));
    m_start->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"));
    auto* buttons = new QWidget;
    auto* buttonRow = new QHBoxLayout(buttons);
    buttonRow->setContentsMargins(0, 0, 0, 0);
    buttonRow->addWidget(m_start);
    buttonRow->addWidget(m_cancel);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(10);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::RichText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // Labels above the fields keep the panel narrow, leaving the width to the curves.
    parameterForm()->setRowWrapPolicy(QFormLayout::WrapAllRows);
    for (QComboBox* box : {m_corpus, m_preset, m_device}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(12);
        box->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed); // use the panel's width
    }
    parameterForm()->addRow(tr("Corpus:"), m_corpus);
    parameterForm()->addRow(tr("Model size:"), m_preset);
    parameterForm()->addRow(QString(), m_presetInfo);
    parameterForm()->addRow(tr("Device:"), m_device);
    parameterForm()->addRow(tr("Steps:"), m_steps);
    parameterForm()->addRow(tr("Seed:"), m_seed);
    parameterForm()->addRow(tr("Save as:"), m_name);
    parameterForm()->addRow(buttons);
    parameterForm()->addRow(m_progress);
    parameterForm()->addRow(m_status);

    // Loss chart: per-step train loss (faint), its moving average, validation, bigram baseline.
    m_lossChart = new QChart;
    m_lossChart->setTitle(tr("Cross-entropy while training"));
    m_lossChart->legend()->setAlignment(Qt::AlignBottom);
    m_lossX = new QValueAxis;
    m_lossX->setTitleText(tr("step"));
    m_lossX->setLabelFormat(QStringLiteral("%d"));
    m_lossY = new QValueAxis;
    m_lossY->setTitleText(tr("loss (nats per token)"));
    m_lossY->setLabelFormat(QStringLiteral("%.1f"));
    m_lossChart->addAxis(m_lossX, Qt::AlignBottom);
    m_lossChart->addAxis(m_lossY, Qt::AlignLeft);
    m_trainSeries = new QLineSeries;
    m_trainSeries->setName(tr("train"));
    m_trainSeries->setPen(QPen(QColor(0x9e, 0xc5, 0xe8), 1));
    m_smoothSeries = new QLineSeries;
    m_smoothSeries->setName(tr("smoothed"));
    m_smoothSeries->setPen(QPen(QColor(0x19, 0x5a, 0xc8), 2));
    m_validationSeries = new QLineSeries;
    m_validationSeries->setName(tr("validation"));
    m_validationSeries->setPen(QPen(QColor(0xd0, 0x30, 0x20), 2));
    m_validationPoints = new QScatterSeries;
    m_validationPoints->setMarkerSize(7);
    m_validationPoints->setColor(QColor(0xd0, 0x30, 0x20));
    m_validationPoints->setBorderColor(QColor(0xd0, 0x30, 0x20));
    m_bigramSeries = new QLineSeries;
    m_bigramSeries->setName(tr("bigram"));
    m_bigramSeries->setPen(QPen(QColor(0x60, 0x60, 0x60), 1.5, Qt::DashLine));
    for (QAbstractSeries* s : {static_cast<QAbstractSeries*>(m_trainSeries),
                               static_cast<QAbstractSeries*>(m_smoothSeries),
                               static_cast<QAbstractSeries*>(m_bigramSeries),
                               static_cast<QAbstractSeries*>(m_validationSeries),
                               static_cast<QAbstractSeries*>(m_validationPoints)})
        attach(m_lossChart, s, m_lossX, m_lossY);
    m_lossChart->legend()->markers(m_validationPoints).first()->setVisible(false);

    m_rateChart = new QChart;
    m_rateChart->setTitle(tr("Learning-rate schedule (×10⁻³)"));
    m_rateChart->legend()->hide();
    m_rateX = new QValueAxis;
    m_rateX->setTitleText(tr("step"));
    m_rateX->setLabelFormat(QStringLiteral("%d"));
    m_rateY = new QValueAxis;
    m_rateY->setTitleText(tr("lr"));
    m_rateY->setLabelFormat(QStringLiteral("%.1f"));
    m_rateChart->addAxis(m_rateX, Qt::AlignBottom);
    m_rateChart->addAxis(m_rateY, Qt::AlignLeft);
    m_rateSeries = new QLineSeries;
    m_rateSeries->setPen(QPen(QColor(0x2e, 0x8b, 0x57), 2));
    attach(m_rateChart, m_rateSeries, m_rateX, m_rateY);
    m_rateMarker = new QScatterSeries;
    m_rateMarker->setMarkerSize(9);
    m_rateMarker->setColor(QColor(0xd0, 0x30, 0x20));
    attach(m_rateChart, m_rateMarker, m_rateX, m_rateY);

    auto* lossView = makeChartView(m_lossChart);
    lossView->setMinimumHeight(260);
    auto* rateView = makeChartView(m_rateChart);
    rateView->setMinimumHeight(150);
    chartLayout()->addWidget(lossView, 3);
    chartLayout()->addWidget(rateView, 1);

    m_flushTimer = new QTimer(this);
    m_flushTimer->setInterval(100); // at most 10 redraws a second, however fast steps arrive
    connect(m_flushTimer, &QTimer::timeout, this, &LmTrainingView::flush);

    m_params.steps = mllab::trainPreset(m_params.preset.toStdString()).suggestedSteps;
    syncControls();
    redrawCharts();
    updateButtons();
    updateNotice();

    connect(m_corpus, &QComboBox::activated, this, [this](int index) {
        if (m_corpus->itemData(index).toString() != kChooseFile) {
            m_params.corpus = m_corpus->itemData(index).toString();
            return;
        }
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Training text"), QString(), tr("Text files (*.txt *.md);;All files (*)"));
        if (!path.isEmpty())
            m_params.corpus = path;
        syncControls();
    });
    connect(m_preset, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_params.preset = m_preset->itemData(index).toString();
        choosePresetSteps();
    });
    connect(m_device, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_params.device = m_device->itemData(index).toString(); });
    connect(m_steps, &QSpinBox::valueChanged, this, [this](int steps) {
        m_params.steps = steps;
        refresh();
    });
    connect(m_seed, &QSpinBox::valueChanged, this, [this](int seed) { m_params.seed = seed; });
    connect(m_name, &QLineEdit::textChanged, this,
            [this](const QString& name) { m_params.name = name; });
    connect(m_start, &QPushButton::clicked, this, &LmTrainingView::start);
    connect(m_cancel, &QPushButton::clicked, this, &LmTrainingView::cancel);
    connect(this->jobs(), &JobRunner::progressed, this, &LmTrainingView::onProgress);
    connect(this->jobs(), &JobRunner::cancelled, this,
            [this](quint64 id, const QString&) { onCancelled(id); });
}

QMap<QString, QString> LmTrainingView::parameters() const
{
    return {{QStringLiteral("corpus"),
             m_params.corpus.isEmpty() ? QStringLiteral("questions") : m_params.corpus},
            {QStringLiteral("preset"), m_params.preset},
            {QStringLiteral("device"), m_params.device},
            {QStringLiteral("steps"), QString::number(m_params.steps)},
            {QStringLiteral("seed"), QString::number(m_params.seed)},
            {QStringLiteral("name"), m_params.name}};
}

QString LmTrainingView::setParameter(const QString& key, const QString& value)
{
    bool ok = false;
    if (key == QLatin1String("corpus")) {
        if (value.trimmed().isEmpty())
            return tr("corpus must be 'questions' or the path of a text file");
        m_params.corpus = value == QLatin1String("questions") ? QString() : value;
    } else if (key == QLatin1String("preset")) {
        try {
            mllab::trainPreset(value.toStdString());
        } catch (const mllab::InputError& e) {
            return QString::fromStdString(e.what());
        }
        m_params.preset = value;
    } else if (key == QLatin1String("device")) {
        try {
            mllab::findDevice(value.toStdString());
        } catch (const mllab::InputError& e) {
            return QString::fromStdString(e.what());
        }
        m_params.device = value;
    } else if (key == QLatin1String("steps")) {
        const int steps = value.toInt(&ok);
        if (!ok || steps < 1 || steps > kMaxSteps)
            return tr("steps must be a whole number from 1 to %1 (got '%2')")
                .arg(kMaxSteps)
                .arg(value);
        m_params.steps = steps;
    } else if (key == QLatin1String("seed")) {
        const int seed = value.toInt(&ok);
        if (!ok || seed < 0 || seed > 1'000'000)
            return tr("seed must be a whole number from 0 to 1,000,000 (got '%1')").arg(value);
        m_params.seed = seed;
    } else if (key == QLatin1String("name")) {
        if (value.trimmed().isEmpty())
            return tr("name must not be empty: the checkpoint is saved under it");
        m_params.name = value.trimmed();
    } else {
        return tr("unknown parameter '%1' (known: corpus, preset, device, steps, seed, name)")
            .arg(key);
    }
    syncControls();
    return {};
}

void LmTrainingView::resetParameters()
{
    if (isTraining())
        return; // keep the settings of the run on screen
    m_params = {};
    m_params.steps = mllab::trainPreset(m_params.preset.toStdString()).suggestedSteps;
    syncControls();
    refresh();
}

void LmTrainingView::refresh()
{
    if (!isTraining() && !m_hasResult && m_train.isEmpty())
        planSchedule();
    redrawCharts();
    updateNotice();
}

void LmTrainingView::syncControls()
{
    const QSignalBlocker b1(m_corpus), b2(m_preset), b3(m_device), b4(m_steps), b5(m_seed),
        b6(m_name);
    int corpus = m_corpus->findData(m_params.corpus);
    if (corpus < 0) {
        m_corpus->insertItem(m_corpus->count() - 1, QFileInfo(m_params.corpus).fileName(),
                             m_params.corpus);
        m_corpus->setItemData(m_corpus->count() - 2, m_params.corpus, Qt::ToolTipRole);
        corpus = m_corpus->count() - 2;
    }
    m_corpus->setCurrentIndex(corpus);
    m_preset->setCurrentIndex(std::max(0, m_preset->findData(m_params.preset)));
    const auto& preset = mllab::trainPreset(m_params.preset.toStdString());
    m_presetInfo->setText(QString::fromStdString(preset.description));
    m_device->setCurrentIndex(std::max(0, m_device->findData(m_params.device)));
    m_steps->setValue(m_params.steps);
    m_seed->setValue(m_params.seed);
    if (m_name->text() != m_params.name)
        m_name->setText(m_params.name);
}

void LmTrainingView::choosePresetSteps()
{
    m_params.steps = mllab::trainPreset(m_params.preset.toStdString()).suggestedSteps;
    syncControls();
    refresh();
}

void LmTrainingView::planSchedule()
{
    m_rates.clear();
    m_runSteps = m_params.steps;
    const mllab::TrainParams params = trainParams(m_params);
    for (int step = 0; step < params.steps; ++step)
        m_rates.append({double(step + 1), mllab::learningRateAt(params, step)});
}

void LmTrainingView::start()
{
    if (isTraining())
        return;
    if (m_params.name.trimmed().isEmpty()) {
        showError(tr("Type a name to save the model under."));
        return;
    }
    clearError();
    mllab::TrainParams params;
    try {
        params = trainParams(m_params);
    } catch (const mllab::InputError& e) {
        showError(QString::fromStdString(e.what()));
        return;
    }
    m_outputPath = ModelLibrary::instance().pathForNewModel(m_params.name);
    params.outputPath = m_outputPath.toStdString();
    m_runSteps = params.steps;
    m_runEvalEvery = params.evalEvery;
    m_train.clear();
    m_smoothed.clear();
    m_validation.clear();
    planSchedule();
    m_bigram = m_unigram = std::numeric_limits<double>::quiet_NaN();
    m_tokensPerSecond = m_eta = 0;
    m_savedStep = 0;
    m_hasResult = false;
    m_result = {};
    m_progress->setValue(0);
    m_status->setText(tr("Reading the corpus…"));

    const QString corpusPath = m_params.corpus;
    m_jobId = jobs()->submit<mllab::TrainResult>(
        labId(), tr("Training %1").arg(m_params.name),
        [params, corpusPath](const mllab::Progress& progress) mutable {
            params.corpus = corpusPath.isEmpty() ? builtInCorpus()
                                                 : mllab::readCorpus(corpusPath.toStdString());
            if (!corpusPath.isEmpty())
                params.corpusName = corpusPath.toStdString();
            return mllab::trainLanguageModel(params, progress);
        },
        [this](const mllab::TrainResult& r) { showResult(r); },
        [this](const QString& message) {
            showError(message);
            finishRun(tr("Failed. %1").arg(reportKeptCheckpoint()));
        });
    m_flushTimer->start();
    redrawCharts();
    updateButtons();
}

void LmTrainingView::cancel()
{
    if (isTraining())
        jobs()->cancel(labId());
}

void LmTrainingView::onProgress(quint64 id, const QString&, double fraction, const QString& message,
                                const QVariantMap& metrics)
{
    if (id != m_jobId)
        return;
    m_progress->setValue(int(1000 * fraction));
    if (!metrics.contains(QStringLiteral("step"))) {
        m_status->setText(tr("%1 (%2 %)").arg(message).arg(qRound(100 * fraction)));
        return;
    }
    const int step = metrics.value(QStringLiteral("step")).toInt();
    const double loss = metrics.value(QStringLiteral("train_loss")).toDouble();
    m_train.append({double(step), loss});
    const double previous = m_smoothed.isEmpty() ? loss : m_smoothed.back().y();
    m_smoothed.append({double(step), previous + kSmoothing * (loss - previous)});
    // Reports are rate-limited, so the one carrying a new validation value may come a few steps
    // after the evaluation; it belongs to the last multiple of the evaluation interval.
    const double val = metrics.value(QStringLiteral("val_loss")).toDouble();
    const int valStep = step == m_runSteps ? step : step / m_runEvalEvery * m_runEvalEvery;
    if (std::isfinite(val) && valStep > 0 &&
        (m_validation.isEmpty() || m_validation.back().x() < valStep))
        m_validation.append({double(valStep), val});
    m_bigram = metrics.value(QStringLiteral("bigram_loss")).toDouble();
    m_unigram = metrics.value(QStringLiteral("unigram_loss")).toDouble();
    m_tokensPerSecond = metrics.value(QStringLiteral("tokens_per_s")).toDouble();
    m_eta = metrics.value(QStringLiteral("eta_s")).toDouble();
    m_savedStep = metrics.value(QStringLiteral("saved_step")).toInt();
    m_dirty = true;
}

void LmTrainingView::flush()
{
    if (!m_dirty)
        return;
    m_dirty = false;
    redrawCharts();
    const QLocale locale;
    const QString val = m_validation.isEmpty() ? QStringLiteral("–")
                                               : QString::number(m_validation.back().y(), 'f', 3);
    m_status->setText(
        tr("Step %1 of %2<br>smoothed train %3 · validation %4 · bigram %5 nats/token<br>"
           "%6 tokens/s · ETA %7<br>%8")
            .arg(locale.toString(qlonglong(m_train.back().x())), locale.toString(m_runSteps),
                 QString::number(m_smoothed.back().y(), 'f', 3), val,
                 QString::number(m_bigram, 'f', 3), locale.toString(qlonglong(m_tokensPerSecond)),
                 formatDuration(m_eta),
                 m_savedStep > 0 ? tr("checkpoint saved at step %1").arg(m_savedStep)
                                 : tr("no checkpoint yet")));
}

void LmTrainingView::redrawCharts()
{
    const int columns = std::max(100, int(m_lossChart->plotArea().width()));
    m_trainSeries->replace(decimate(m_train, columns));
    m_smoothSeries->replace(decimate(m_smoothed, columns));
    m_validationSeries->replace(m_validation);
    m_validationPoints->replace(m_validation);
    QList<QPointF> rates = decimate(m_rates, columns);
    for (QPointF& p : rates)
        p.ry() *= 1e3; // drawn in units of 10^-3
    m_rateSeries->replace(rates);
    const int current = m_train.isEmpty() ? 0 : int(m_train.back().x());
    m_rateMarker->replace(
        current > 0 && current <= m_rates.size()
            ? QList<QPointF>{{m_rates[current - 1].x(), 1e3 * m_rates[current - 1].y()}}
            : QList<QPointF>{});
    const double lastStep = std::max(10.0, double(m_runSteps > 0 ? m_runSteps : m_params.steps));
    // A little room past the last step, so that the markers drawn there are not cut in half by
    // the plot area; the ticks stay on round steps.
    const double right = lastStep * 1.03;
    m_bigramSeries->replace(std::isfinite(m_bigram)
                                ? QList<QPointF>{{0, m_bigram}, {right, m_bigram}}
                                : QList<QPointF>{});
    for (QValueAxis* axis : {m_lossX, m_rateX}) {
        axis->setRange(0, right);
        axis->setTickType(QValueAxis::TicksDynamic);
        axis->setTickAnchor(0);
        axis->setTickInterval(roundTickInterval(lastStep / 4));
    }

    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const auto* list : {&m_train, &m_validation})
        for (const QPointF& p : *list) {
            lo = std::min(lo, p.y());
            hi = std::max(hi, p.y());
        }
    if (std::isfinite(m_bigram)) {
        lo = std::min(lo, m_bigram);
        hi = std::max(hi, m_bigram);
    }
    if (!std::isfinite(lo)) {
        lo = 0;
        hi = 8;
    }
    const double pad = 0.05 * std::max(0.5, hi - lo);
    m_lossY->setRange(std::max(0.0, lo - pad), hi + pad);
    m_lossY->applyNiceNumbers();
    double top = 0;
    for (const QPointF& p : m_rates)
        top = std::max(top, p.y());
    m_rateY->setRange(0, top > 0 ? top * 1.1e3 : 3.3);
    m_rateY->applyNiceNumbers();
}

void LmTrainingView::showResult(const mllab::TrainResult& result)
{
    m_result = result;
    m_hasResult = true;
    m_train.clear();
    m_smoothed.clear();
    for (const auto& p : result.trainLoss) {
        m_train.append({double(p.step), p.loss});
        const double previous = m_smoothed.isEmpty() ? p.loss : m_smoothed.back().y();
        m_smoothed.append({double(p.step), previous + kSmoothing * (p.loss - previous)});
    }
    m_validation.clear();
    for (const auto& p : result.validationLoss)
        m_validation.append({double(p.step), p.loss});
    m_bigram = result.bigramLoss;
    m_unigram = result.unigramLoss;
    m_tokensPerSecond = result.tokensPerSecond;
    m_dirty = false;
    redrawCharts();
    m_progress->setValue(1000);
    const QString saved =
        result.checkpointPath.empty()
            ? tr("No checkpoint was written.")
            : tr("Saved as <b>%1</b>; it is now in the labs' model pickers.")
                  .arg(QFileInfo(m_outputPath).completeBaseName().toHtmlEscaped());
    if (!result.checkpointPath.empty())
        ModelLibrary::instance().notifyChanged();
    finishRun(tr("Done: %1 steps in %2, %3 tokens/s.<br>%4")
                  .arg(QLocale().toString(result.stepsDone), formatDuration(result.seconds),
                       QLocale().toString(qlonglong(result.tokensPerSecond)), saved));
    Q_EMIT resultShown();
}

QString LmTrainingView::reportKeptCheckpoint()
{
    if (!m_outputPath.isEmpty() && QFileInfo::exists(m_outputPath)) {
        ModelLibrary::instance().notifyChanged();
        return tr("The best checkpoint so far (step %1) was kept as <b>%2</b>.")
            .arg(m_savedStep)
            .arg(QFileInfo(m_outputPath).completeBaseName().toHtmlEscaped());
    }
    return tr("No checkpoint was written; earlier models are untouched.");
}

void LmTrainingView::onCancelled(quint64 id)
{
    if (id != m_jobId)
        return;
    flush();
    finishRun(tr("Cancelled at step %1. %2")
                  .arg(m_train.isEmpty() ? 0 : int(m_train.back().x()))
                  .arg(reportKeptCheckpoint()));
}

void LmTrainingView::finishRun(const QString& status)
{
    m_jobId = 0;
    m_flushTimer->stop();
    m_status->setText(status);
    updateButtons();
    updateNotice();
    Q_EMIT runEnded();
}

void LmTrainingView::updateButtons()
{
    m_start->setEnabled(!isTraining());
    m_cancel->setEnabled(isTraining());
    for (QWidget* w : {static_cast<QWidget*>(m_corpus), static_cast<QWidget*>(m_preset),
                       static_cast<QWidget*>(m_device), static_cast<QWidget*>(m_steps),
                       static_cast<QWidget*>(m_seed), static_cast<QWidget*>(m_name)})
        w->setEnabled(!isTraining());
}

QString LmTrainingView::statusText() const
{
    return m_status->text();
}

void LmTrainingView::updateNotice()
{
    if (!m_hasResult) {
        setNotice(
            tr("press <b>Start</b> to train a small GPT on the question bank or your own text. "
               "Watch the training loss fall from about ln(vocabulary) – a uniform guess – and "
               "the validation loss cross the dashed bigram baseline: from then on the model "
               "uses more than the previous token. The learning rate warms up linearly, then "
               "decays along a cosine."));
        return;
    }
    const auto& r = m_result;
    const double first = r.trainLoss.front().loss;
    const double val = r.finalValidationLoss;
    const double train = m_smoothed.isEmpty() ? r.trainLoss.back().loss : m_smoothed.back().y();
    QString text =
        tr("the training loss fell from %1 to about %2 nats per token; validation ends at "
           "%3 (%4 bits per byte). ")
            .arg(QString::number(first, 'f', 2), QString::number(train, 'f', 2),
                 QString::number(val, 'f', 2), QString::number(r.validationBitsPerByte, 'f', 2));
    if (val < r.bigramLoss) {
        int crossed = 0;
        for (const auto& p : r.validationLoss)
            if (p.loss < r.bigramLoss) {
                crossed = p.step;
                break;
            }
        text += tr("It beat the bigram baseline (%1) from step %2 on: the model uses more context "
                   "than one token. ")
                    .arg(QString::number(r.bigramLoss, 'f', 2))
                    .arg(crossed);
    } else {
        text += tr("It has not beaten the bigram baseline (%1) yet: train longer or with a larger "
                   "learning rate. ")
                    .arg(r.bigramLoss, 0, 'f', 2);
    }
    const double gap = val - train;
    if (gap > 0.3)
        text += tr("Validation sits %1 nats above training: the model starts to memorise the "
                   "training split (overfitting); more data, dropout or fewer steps help.")
                    .arg(gap, 0, 'f', 2);
    else
        text += tr("Train and validation stay close (gap %1 nats): no sign of overfitting yet.")
                    .arg(gap, 0, 'f', 2);
    setNotice(text);
}

QString LmTrainingView::resultCsv() const
{
    QString csv = QStringLiteral("step,train_loss,validation_loss,learning_rate\n");
    QMap<int, double> validation;
    for (const QPointF& p : m_validation)
        validation.insert(int(p.x()), p.y());
    for (qsizetype i = 0; i < m_train.size(); ++i) {
        const int step = int(m_train[i].x());
        csv +=
            QString::number(step) + QLatin1Char(',') + QString::number(m_train[i].y(), 'g', 9) +
            QLatin1Char(',') +
            (validation.contains(step) ? QString::number(validation.value(step), 'g', 9)
                                       : QString()) +
            QLatin1Char(',') +
            (step <= m_rates.size() ? QString::number(m_rates[step - 1].y(), 'g', 9) : QString()) +
            QLatin1Char('\n');
    }
    return csv;
}
