#pragma once
// Serving memory: the GPU's memory split into weights, the KV cache the tokens use, what a
// contiguous or paged cache reserves beyond that, and what is left; the KV cache against the
// context for MHA, this model and MQA; the decode bound against the batch; and the arithmetic of
// every number under the charts. The pipeline is engine/labs/serving_memory.h (pure arithmetic, so
// every change redraws at once).

#include "app/labs/LabView.h"
#include "engine/labs/serving_memory.h"

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

private:
    void showResult(const mllab::labs::ServingMemoryLabResult& result);
    void drawMemory();
    void drawContext();
    void drawBatch();
    void showArithmetic();
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
};
