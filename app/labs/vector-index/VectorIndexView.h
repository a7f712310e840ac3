#pragma once
// Vector indexes: faiss's exact, HNSW, IVF and IVF-PQ indexes over the same vectors. Recall@10
// against queries per second (log axis) as efSearch and nprobe sweep, the Pareto front over all
// of them and the chosen setting starred; the chosen index's per-query recall as a histogram;
// build time and bytes per vector side by side. The pipeline is engine/labs/vector_index.h.

#include "app/labs/LabView.h"
#include "engine/labs/vector_index.h"

class QChart;
class QLabel;
class QTabWidget;

class VectorIndexView : public LabView {
    Q_OBJECT
public:
    explicit VectorIndexView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    const mllab::labs::VectorIndexLabResult& result() const { return m_result; }
    bool hasResult() const { return !m_result.measures.empty(); }
    QLabel* table() const { return m_table; }

protected:
    void parameterChanged(const QString& key) override;
    void csvHeaderRead(const mllab::CsvInfo& header, bool chosen) override;
    void stateShown() override;

private:
    void showResult(const mllab::labs::VectorIndexLabResult& result);
    void redraw();
    /// Moves the highlight to the chosen index when the result holds it; false when it must be
    /// built.
    bool followChosenIndex();
    void drawTradeoff();
    void drawRecall();
    void drawBuild();
    void updateNotice();

    mllab::labs::VectorIndexLabResult m_result;
    QTabWidget* m_tabs;
    QChart* m_tradeoff;
    QChart* m_recall;
    QChart* m_build;
    QChart* m_memory;
    QLabel* m_tradeoffKey;
    QLabel* m_recallKey;
    QLabel* m_table;
};
