#include "app/labs/lm-training/LmTrainingView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/jobs/DeviceCatalog.h"
#include "app/labs/LabText.h"
#include "app/labs/lm-training/CorpusControl.h"
#include "app/labs/ParameterPanel.h"
#include "app/widgets/ModelLibrary.h"
#include "app/widgets/RichLabel.h"
#include "engine/lm/presets.h"

#include <QChart>
#include <QChartView>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScatterSeries>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace {

constexpr int kSchedulePoints = 2048; ///< learning-rate points planned for the chart
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

} // namespace

LmTrainingView::LmTrainingView(JobRunner* jobs, QWidget* parent)
    : LabView(mllab::labs::lmTrainingLabSpec(), jobs, parent)
{
    ParameterPanel* panel = parameterPanel();
    panel->replaceControl(QStringLiteral("corpus"),
                          std::make_unique<CorpusControl>(*spec().find("corpus")));
    showDevices();
    connect(&DeviceCatalog::instance(), &DeviceCatalog::ready, this, &LmTrainingView::showDevices);
    DeviceCatalog::instance().discover(jobs);
    m_presetInfo = new QLabel;
    m_presetInfo->setWordWrap(true);
    theme::setSecondary(m_presetInfo);
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
    m_status = widgets::richLabel();
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Labels above the fields keep the panel narrow, leaving the width to the curves.
    panel->setLabelsAbove(true);
    panel->addRow(QString(), m_presetInfo, QStringLiteral("preset"));
    panel->addRow(buttons);
    panel->addRow(m_progress);
    panel->addRow(m_status);
    buildCharts();

    m_flushTimer = new QTimer(this);
    m_flushTimer->setInterval(100); // at most 10 redraws a second, however fast steps arrive
    connect(m_flushTimer, &QTimer::timeout, this, &LmTrainingView::flush);
    connect(m_start, &QPushButton::clicked, this, &LmTrainingView::start);
    connect(m_cancel, &QPushButton::clicked, this, &LmTrainingView::cancel);
    connect(this->jobs(), &JobRunner::cancelled, this,
            [this](quint64 id, const QString&) { onCancelled(id); });
    stateShown();
    refresh();
    updateButtons();
}

void LmTrainingView::buildCharts()
{
    // Loss chart: per-step train loss (faint), its moving average, validation, bigram baseline.
    m_lossChart = charts::makeChart(tr("Cross-entropy while training"), QStringLiteral("loss"));
    m_lossX = charts::makeAxis(tr("step"), 0, 10, QStringLiteral("%d"));
    m_lossY = charts::makeAxis(tr("loss (nats per token)"), 0, 8, QStringLiteral("%.1f"));
    QColor faint = theme::color(theme::Role::Accent);
    faint.setAlpha(110);
    m_trainSeries = charts::lineSeries(tr("train"), faint, 1);
    m_smoothSeries = charts::lineSeries(tr("smoothed"), theme::color(theme::Role::Accent), 2);
    m_validationSeries =
        charts::lineSeries(tr("validation"), theme::color(theme::Role::Secondary), 2);
    m_validationPoints = new QScatterSeries;
    m_validationPoints->setMarkerSize(7);
    m_validationPoints->setColor(theme::color(theme::Role::Secondary));
    m_validationPoints->setBorderColor(theme::color(theme::Role::Secondary));
    m_bigramSeries = charts::lineSeries(tr("bigram"), theme::color(theme::Role::Reference), 1.5,
                                        Qt::DashLine);
    for (QAbstractSeries* s : {static_cast<QAbstractSeries*>(m_trainSeries),
                               static_cast<QAbstractSeries*>(m_smoothSeries),
                               static_cast<QAbstractSeries*>(m_bigramSeries),
                               static_cast<QAbstractSeries*>(m_validationSeries),
                               static_cast<QAbstractSeries*>(m_validationPoints)})
        charts::attach(m_lossChart, s, m_lossX, m_lossY);
    charts::hideFromLegend(m_lossChart, m_validationPoints);

    m_rateChart =
        charts::makeChart(tr("Learning-rate schedule (×10⁻³)"), QStringLiteral("learning-rate"));
    m_rateChart->legend()->hide();
    m_rateX = charts::makeAxis(tr("step"), 0, 10, QStringLiteral("%d"));
    m_rateY = charts::makeAxis(tr("lr"), 0, 3.3, QStringLiteral("%.1f"));
    m_rateSeries = charts::lineSeries(QString(), theme::color(theme::Role::Tertiary), 2);
    charts::attach(m_rateChart, m_rateSeries, m_rateX, m_rateY);
    m_rateMarker = new QScatterSeries;
    m_rateMarker->setMarkerSize(9);
    m_rateMarker->setColor(theme::color(theme::Role::Marker));
    charts::attach(m_rateChart, m_rateMarker, m_rateX, m_rateY);

    chartLayout()->addWidget(charts::makeChartView(m_lossChart, 260), 3);
    chartLayout()->addWidget(charts::makeChartView(m_rateChart, 150), 1);
}

void LmTrainingView::parameterChanged(const QString& key)
{
    if (key == QLatin1String("preset")) {
        // A new size suggests its own number of steps.
        const auto& preset = mllab::trainPreset(state().text("preset"));
        changeParameter(QStringLiteral("steps"), static_cast<long long>(preset.suggestedSteps));
    }
    refresh(); // the planned schedule follows the steps; training waits for Start
}

void LmTrainingView::showDevices()
{
    m_devices.clear();
    QStringList devices, deviceLabels;
    for (const auto& device : DeviceCatalog::instance().devices()) {
        m_devices.push_back(device.id);
        devices << QString::fromStdString(device.id);
        deviceLabels << QStringLiteral("%1 — %2").arg(QString::fromStdString(device.id),
                                                      QString::fromStdString(device.name));
    }
    parameterPanel()->control(QStringLiteral("device"))->setItems(devices, deviceLabels);
}

std::optional<mllab::labs::ParamProblem> LmTrainingView::valueProblem(
    const std::string& key, const mllab::labs::ParamValue& value) const
{
    const auto* device = std::get_if<std::string>(&value);
    if (key != "device" || !device ||
        std::find(m_devices.begin(), m_devices.end(), *device) != m_devices.end())
        return std::nullopt;
    // Until discovery ends a CUDA id is taken on trust; training names an absent one.
    if (!DeviceCatalog::instance().isReady() && device->rfind("cuda:", 0) == 0)
        return std::nullopt;
    mllab::labs::ParamProblem problem;
    problem.kind = mllab::labs::ParamProblem::Kind::NotAChoice;
    problem.lab = spec().id;
    problem.key = key;
    problem.value = *device;
    problem.choices = m_devices;
    return problem;
}

void LmTrainingView::stateShown()
{
    m_presetInfo->setText(QString::fromStdString(mllab::trainPreset(state().text("preset")).description));
}

void LmTrainingView::refresh()
{
    if (!isTraining() && !m_hasResult && m_train.isEmpty())
        planSchedule();
    redrawCharts();
    updateNotice();
}

void LmTrainingView::planSchedule()
{
    m_rates.clear();
    const mllab::labs::LmTrainingLabParams lab = mllab::labs::lmTrainingLabParams(state());
    m_runSteps = lab.steps;
    m_schedule = mllab::labs::lmTrainingTrainParams(lab);
    // Evenly spread steps and the end of the warm-up (the peak): the chart draws two points
    // per pixel column at most, so more would only cost time.
    const int steps = m_schedule.steps;
    std::vector<int> sampled;
    const int points = std::min(steps, kSchedulePoints);
    for (int i = 0; i < points; ++i)
        sampled.push_back(int(std::int64_t(i) * (steps - 1) / std::max(1, points - 1)));
    if (steps > 0)
        sampled.push_back(std::clamp(m_schedule.warmupSteps, 0, steps - 1));
    std::sort(sampled.begin(), sampled.end());
    sampled.erase(std::unique(sampled.begin(), sampled.end()), sampled.end());
    for (const int step : sampled)
        m_rates.append({double(step + 1), mllab::learningRateAt(m_schedule, step)});
}

double LmTrainingView::plannedRate(int step) const
{
    return step >= 1 && step <= m_schedule.steps ? mllab::learningRateAt(m_schedule, step - 1)
                                                 : std::numeric_limits<double>::quiet_NaN();
}

void LmTrainingView::start()
{
    if (isTraining())
        return;
    clearError();
    mllab::labs::LmTrainingLabParams params = mllab::labs::lmTrainingLabParams(state());
    const QString name = QString::fromStdString(params.name).trimmed();
    try {
        mllab::labs::lmTrainingTrainParams(params); // a bad preset shows before anything starts
    } catch (const mllab::InputError& e) {
        showError(QString::fromStdString(e.what()));
        return;
    }
    m_outputPath = ModelLibrary::instance().pathForNewModel(name);
    params.outputPath = m_outputPath.toStdString();
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

    m_jobId = jobs()->submitStreaming<mllab::TrainStep>(
        labId(), tr("Training %1").arg(name), this,
        [params](const mllab::Progress& progress,
                 const std::function<void(mllab::TrainStep)>& emit) {
            return mllab::labs::computeLmTrainingLab(params, progress, emit);
        },
        [this](const mllab::TrainStep& step) { onStep(step); },
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

void LmTrainingView::onStep(const mllab::TrainStep& s)
{
    m_progress->setValue(int(1000.0 * s.step / std::max(1, s.steps)));
    m_train.append({double(s.step), s.trainLoss});
    const double previous = m_smoothed.isEmpty() ? s.trainLoss : m_smoothed.back().y();
    m_smoothed.append({double(s.step), previous + kSmoothing * (s.trainLoss - previous)});
    if (s.validationStep > 0 && (m_validation.isEmpty() || m_validation.back().x() < s.validationStep))
        m_validation.append({double(s.validationStep), s.validationLoss});
    m_bigram = s.bigramLoss;
    m_unigram = s.unigramLoss;
    m_tokensPerSecond = s.tokensPerSecond;
    m_eta = s.etaSeconds;
    m_savedStep = s.savedStep;
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
    m_rateMarker->replace(current > 0 && current <= m_schedule.steps
                              ? QList<QPointF>{{double(current), 1e3 * plannedRate(current)}}
                              : QList<QPointF>{});
    const double lastStep = std::max(10.0, double(m_runSteps > 0 ? m_runSteps : state().integer("steps")));
    // A little room past the last step, so that the markers drawn there are not cut in half by
    // the plot area; the ticks stay on round steps.
    const double right = lastStep * 1.03;
    m_bigramSeries->replace(std::isfinite(m_bigram)
                                ? QList<QPointF>{{0, m_bigram}, {right, m_bigram}}
                                : QList<QPointF>{});
    for (QValueAxis* axis : {m_lossX, m_rateX})
        charts::setRangeAndTicks(axis, 0, right, 0, roundTickInterval(lastStep / 4));

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
    parameterPanel()->setControlsEnabled(!isTraining());
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
        csv += labtext::csvRow(
            {QString::number(step), labtext::exact(m_train[i].y()),
             validation.contains(step) ? labtext::exact(validation.value(step)) : QString(),
             step <= m_schedule.steps ? labtext::exact(plannedRate(step)) : QString()});
    }
    return csv;
}

QList<KeyNumber> LmTrainingView::keyNumbers() const
{
    if (!m_hasResult)
        return {};
    return {{tr("validation loss"), labtext::fixed(m_result.finalValidationLoss, 3)},
            {tr("bits per byte"), labtext::fixed(m_result.validationBitsPerByte, 3)}};
}
