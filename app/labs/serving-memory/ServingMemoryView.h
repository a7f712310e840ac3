#pragma once
// Serving memory: the GPU's memory split into weights, the KV cache the tokens use, what a
// contiguous or paged cache reserves beyond that, and what is left; the KV cache against the
// context for MHA, this model and MQA; the decode bound against the batch; and the arithmetic of
// every number under the charts; for the shipped tiny GPT also the cache the engine really
// allocates and decode speed with and without it. The pipeline is engine/labs/serving_memory.h
// (arithmetic, so every change redraws at once) and engine/lm/kv_cache_measure.h.

#include "app/labs/LabView.h"
#include "engine/labs/serving_memory.h"
#include "engine/lm/kv_cache_measure.h"

#include <optional>

class QChart;
class QLabel;
class QTabWidget;

class ServingMemoryView : public LabView {
    Q_OBJECT
public:
    explicit ServingMemoryView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    const mllab::labs::ServingMemoryLabResult& result() const { return m_result; }
    QLabel* arithmetic() const { return m_arithmetic; }
    const std::optional<mllab::KvCacheMeasurement>& measured() const { return m_measured; }

private:
    void showResult(const mllab::labs::ServingMemoryLabResult& result);
    void drawMemory();
    void drawContext();
    void drawBatch();
    void showArithmetic();
    /// The tiny GPT's cache measured in the engine, beside the formula (its own job).
    void runMeasurement(const mllab::ServingParams& params);
    void updateNotice();

    mllab::labs::ServingMemoryLabResult m_result;
    QTabWidget* m_tabs;
    QChart* m_memory;
    QChart* m_context;
    QChart* m_batch;
    QLabel* m_memoryKey;
    QLabel* m_contextKey;
    QLabel* m_batchKey;
    QLabel* m_arithmetic;
    std::optional<mllab::KvCacheMeasurement> m_measured;
    QString m_measureRequested;
};
