#pragma once
// BLEU and ROUGE: the n-gram precisions p1..p4 that BLEU's geometric mean combines, with the
// brevity penalty and the score; ROUGE-1, ROUGE-2 and ROUGE-L precision, recall and F1 beside
// them; the counts written out. The pipeline is engine/labs/text_metrics_lab.h.

#include "app/labs/LabView.h"
#include "engine/labs/text_metrics_lab.h"

class QChart;
class QLabel;

class TextMetricsView : public LabView {
    Q_OBJECT
public:
    explicit TextMetricsView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    const mllab::labs::TextMetricsLabResult& result() const { return m_result; }
    QLabel* counts() const { return m_counts; }

private:
    void showResult(const mllab::labs::TextMetricsLabResult& result);
    void drawBleu();
    void drawRouge();
    void updateNotice();

    mllab::labs::TextMetricsLabResult m_result;
    QChart* m_bleu;
    QChart* m_rouge;
    QLabel* m_bleuKey;
    QLabel* m_rougeKey;
    QLabel* m_counts;
};
