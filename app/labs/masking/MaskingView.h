#pragma once
// Masking lab: a batch of prompts padded left or right and run through the small GPT with and
// without the padding mask. The padding and causal masks are drawn over the real attention of a
// chosen prompt, layer and head; a table and a chart give each prompt's largest logit change
// against the prompt alone; the padding cost page compares padding to the longest, k buckets
// and packing for the prompts or a synthetic length distribution.
//
// The pipeline (engine/labs/masking.h) recomputes for every change but the tab and the heatmap's
// masked/unmasked switch, which only redraw; the default batch takes well under a second.

#include "app/labs/LabView.h"
#include "engine/labs/masking.h"

class AttentionHeatmap;
class QChart;
class QLabel;
class QTabWidget;
class QTableWidget;

class MaskingView : public LabView {
    Q_OBJECT
public:
    explicit MaskingView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    bool hasResult() const { return m_hasResult; }
    const mllab::labs::MaskingLabResult& result() const { return m_result; }
    AttentionHeatmap* heatmap() const { return m_heatmap; }
    QTableWidget* logitTable() const { return m_logitTable; }
    QTableWidget* costTable() const { return m_costTable; }

protected:
    void parameterChanged(const QString& key) override;
    void stateShown() override;

private:
    QWidget* makeHeatmapPage();
    QWidget* makeLogitsPage();
    QWidget* makeCostPage();
    void showResult(const mllab::labs::MaskingLabResult& result);
    void drawHeatmap();
    void drawLogits();
    void drawCost();
    void updateNotice();

    mllab::labs::MaskingLabResult m_result;
    bool m_hasResult = false;
    bool m_drawnMasked = true; ///< the heatmap shows the masked run

    QTabWidget* m_tabs;
    QLabel* m_heatmapCaption;
    AttentionHeatmap* m_heatmap;
    QLabel* m_logitCaption;
    QTableWidget* m_logitTable;
    QChart* m_logitChart;
    QLabel* m_costCaption;
    QChart* m_costChart;
    QChart* m_bucketChart;
    QTableWidget* m_costTable;
};
