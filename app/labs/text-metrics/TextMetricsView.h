#pragma once
// BLEU and ROUGE: the n-gram precisions p1..p4 that BLEU's geometric mean combines, with the
// brevity penalty and cumulative BLEU-1..4 under the chosen smoothing; ROUGE-1, ROUGE-2 and
// ROUGE-L precision, recall and F1 beside them; the counts written out; the candidate with its
// matched and clipped-away n-grams highlighted per order, and ROUGE-L's longest common
// subsequence in the candidate and its reference. Choosing a shipped example fills the texts;
// editing a text switches back to "your own texts". The pipeline is
// engine/labs/text_metrics_lab.h.

#include "app/labs/LabView.h"
#include "engine/labs/text_metrics_lab.h"

#include <string>

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
    QLabel* highlights() const { return m_highlights; }

protected:
    void parameterChanged(const QString& key) override;

private:
    void showResult(const mllab::labs::TextMetricsLabResult& result);
    void drawBleu();
    void drawRouge();
    void updateNotice();
    void showHighlights();

    mllab::labs::TextMetricsLabResult m_result;
    QChart* m_bleu;
    QChart* m_rouge;
    QLabel* m_bleuKey;
    QLabel* m_rougeKey;
    QLabel* m_counts;
    QLabel* m_highlights;
};
