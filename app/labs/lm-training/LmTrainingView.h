#pragma once
// Train your own GPT: a corpus (the built-in question bank or a text file), a model preset,
// device, steps and seed; live train and validation loss against the bigram baseline, the
// learning-rate schedule, tokens/s and ETA; Cancel. The trainer writes the checkpoint into the
// user model folder only when the validation loss improves (atomic writes), so a failed or
// cancelled run never leaves a partial file, and the saved model appears in every model picker.
//
// Unlike the other labs, refresh() starts nothing: training is long and writes a file, so it
// runs only from Start (start()). Each step's losses arrive as typed partial results
// (engine/lm/trainer.h's TrainStep), are buffered and drawn at most 10 times a second, one
// replace() per series. The pipeline is engine/labs/lm_training.h.

#include "app/labs/LabView.h"
#include "engine/labs/lm_training.h"

#include <QList>
#include <QPointF>

#include <cmath>
#include <limits>

class QChart;
class QLabel;
class QLineSeries;
class QProgressBar;
class QPushButton;
class QScatterSeries;
class QTimer;
class QValueAxis;

class LmTrainingView : public LabView {
    Q_OBJECT
public:
    explicit LmTrainingView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    void start();
    void cancel();
    bool isTraining() const { return m_jobId != 0; }

    bool hasResult() const { return m_hasResult; }
    const mllab::TrainResult& result() const { return m_result; }
    /// Every (step, loss) received so far, before decimation.
    const QList<QPointF>& trainPoints() const { return m_train; }
    const QList<QPointF>& validationPoints() const { return m_validation; }
    double bigramLoss() const { return m_bigram; }
    QLineSeries* trainSeries() const { return m_trainSeries; }
    QLineSeries* validationSeries() const { return m_validationSeries; }
    QLineSeries* bigramSeries() const { return m_bigramSeries; }
    QLineSeries* rateSeries() const { return m_rateSeries; }
    /// The checkpoint path of the current or last run ("" before the first).
    const QString& outputPath() const { return m_outputPath; }
    QString statusText() const;

Q_SIGNALS:
    /// A run ended: finished, failed or cancelled.
    void runEnded();

protected:
    void parameterChanged(const QString& key) override;
    /// A device this machine does not have is refused when set, as a file would be.
    std::optional<mllab::labs::ParamProblem> valueProblem(
        const std::string& key, const mllab::labs::ParamValue& value) const override;
    void stateShown() override;

private:
    void buildCharts();
    /// Offers the devices the catalog knows (only the CPU until discovery ends).
    void showDevices();
    void onStep(const mllab::TrainStep& step);
    void onCancelled(quint64 id);
    void showResult(const mllab::TrainResult& result);
    void finishRun(const QString& status);
    void flush();
    void redrawCharts();
    void updateButtons();
    void updateNotice();
    /// Plans the schedule the current parameters would train with, and samples it for the chart.
    void planSchedule();
    /// The planned learning rate at 1-based `step` (NaN outside the plan): O(1).
    double plannedRate(int step) const;
    /// Says whether a checkpoint of the ended run exists (and tells the pickers if so).
    QString reportKeptCheckpoint();

    std::vector<std::string> m_devices; ///< ids offered: cpu, cuda:0, ...
    mllab::TrainResult m_result;
    bool m_hasResult = false;
    quint64 m_jobId = 0;
    QString m_outputPath;
    int m_runSteps = 0;

    // Buffered live data (all points; charts draw a decimated copy).
    QList<QPointF> m_train;
    QList<QPointF> m_smoothed;
    QList<QPointF> m_validation;
    /// The planned schedule at most kSchedulePoints steps (its peak among them), 1-based: a
    /// million-step plan is never walked step by step on the UI thread.
    QList<QPointF> m_rates;
    mllab::TrainParams m_schedule; ///< what plannedRate() reads
    double m_bigram = std::numeric_limits<double>::quiet_NaN();
    double m_unigram = std::numeric_limits<double>::quiet_NaN();
    double m_tokensPerSecond = 0;
    double m_eta = 0;
    int m_savedStep = 0;
    bool m_dirty = false;

    QLabel* m_presetInfo;
    QPushButton* m_start;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_status;
    QTimer* m_flushTimer;

    QChart* m_lossChart;
    QLineSeries* m_trainSeries;
    QLineSeries* m_smoothSeries;
    QLineSeries* m_validationSeries;
    QScatterSeries* m_validationPoints;
    QLineSeries* m_bigramSeries;
    QValueAxis* m_lossX;
    QValueAxis* m_lossY;
    QChart* m_rateChart;
    QLineSeries* m_rateSeries;
    QScatterSeries* m_rateMarker;
    QValueAxis* m_rateX;
    QValueAxis* m_rateY;
};
