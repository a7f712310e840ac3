#pragma once
// BM25, dense and hybrid retrieval over the question bank: the three retrievers' recall@k, MRR
// and nDCG@10 on the evaluation set side by side, the typed query's best passages with each
// retriever's rank and the fused score, and per evaluation query where BM25 and dense disagree.
// The pipeline is engine/labs/retrieval.h.

#include "app/labs/LabView.h"
#include "engine/labs/retrieval.h"

class QChart;
class QLabel;
class QTableWidget;

class RetrievalView : public LabView {
    Q_OBJECT
public:
    explicit RetrievalView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    const mllab::labs::RetrievalLabResult& result() const { return m_result; }
    QTableWidget* hitTable() const { return m_table; }

private:
    void showResult(const mllab::labs::RetrievalLabResult& result);
    void drawMetrics();
    void drawQuery();
    void drawPerQuery();
    void updateNotice();

    mllab::labs::RetrievalLabResult m_result;
    QChart* m_metrics;
    QChart* m_query;
    QChart* m_perQuery;
    QLabel* m_metricsKey;
    QLabel* m_queryKey;
    QLabel* m_perQueryKey;
    QTableWidget* m_table;
};
