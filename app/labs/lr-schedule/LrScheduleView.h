#pragma once
// The lr-schedule lab: the LR range test (raw and smoothed loss against a log lr axis, the
// suggestion and the peak lr marked), six schedules side by side (their lr per epoch, validation
// loss and accuracy) and batch sizes with and without the linear scaling rule beside the
// gradient noise scale B_simple over the steps. Each part is its own job (runPart), recomputed
// only when its own inputs change; the notice reads the live numbers of all three. The pipeline
// is engine/labs/lr_schedule.h.

#include "app/labs/LabView.h"
#include "engine/labs/lr_schedule.h"

class QChart;
class QLabel;
class QTabWidget;

class LrScheduleView : public LabView {
    Q_OBJECT
public:
    explicit LrScheduleView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    bool hasRange() const { return m_hasRange; }
    bool hasSchedules() const { return m_hasSchedules; }
    bool hasBatches() const { return m_hasBatches; }
    const mllab::labs::LrRangeTestResult& range() const { return m_range; }
    const mllab::labs::LrSchedulesResult& schedules() const { return m_schedules; }
    const mllab::labs::LrBatchResult& batches() const { return m_batches; }
    QTabWidget* tabs() const { return m_tabs; }

protected:
    void parameterChanged(const QString& key) override;
    /// The notice follows the tab however it changed (the form, a link, --set).
    void stateShown() override { updateNotice(); }

private:
    void showRange(const mllab::labs::LrRangeTestResult& result);
    void showSchedules(const mllab::labs::LrSchedulesResult& result);
    void showBatches(const mllab::labs::LrBatchResult& result);
    void drawRange();
    void drawSchedules();
    void drawBatches();
    void updateNotice();

    mllab::labs::LrScheduleLabParams m_params; ///< of the latest request
    mllab::labs::LrRangeTestResult m_range;
    mllab::labs::LrSchedulesResult m_schedules;
    mllab::labs::LrBatchResult m_batches;
    bool m_hasRange = false, m_hasSchedules = false, m_hasBatches = false;
    QString m_rangeRequested, m_batchRequested; ///< inputs of the last jobs of those parts

    QTabWidget* m_tabs;
    QChart* m_rangeChart;
    QChart* m_lrChart;
    QChart* m_lossChart;
    QChart* m_accuracyChart;
    QChart* m_batchChart;
    QChart* m_noiseChart;
    QLabel* m_rangeKey;
    QLabel* m_scheduleKey;
    QLabel* m_batchKey;
    QLabel* m_noiseKey;
};
