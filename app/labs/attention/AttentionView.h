#pragma once
// Attention lab: the attention weights a real model gives a prompt, one heatmap per head or the
// mean over heads, small multiples of every head of a layer, and the same scores softmaxed
// without 1/√d_k to show how much sharper (lower-entropy) the rows become.
//
// The pipeline (engine/labs/attention.h) computes every layer and head, scaled and unscaled, in
// one job per prompt and model; switching layer, head, scaling or tab only redraws.

#include "app/labs/LabView.h"
#include "engine/labs/attention.h"

class AttentionHeatmap;
class QChart;
class QGridLayout;
class QLabel;
class QTabWidget;

class AttentionView : public LabView {
    Q_OBJECT
public:
    explicit AttentionView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    bool hasResult() const { return m_hasResult; }
    const mllab::AttentionMapsResult& result() const { return m_result.maps; }
    /// The map on the heatmap now (selected layer, head or mean, scaling).
    const mllab::AttentionMap& shownMap() const;
    AttentionHeatmap* heatmap() const { return m_heatmap; }
    const QList<AttentionHeatmap*>& headThumbnails() const { return m_thumbnails; }
    QString entropyText() const;

protected:
    void parameterChanged(const QString& key) override;
    void stateShown() override;

private:
    void setUpPanel();
    QWidget* makeHeatmapPage();
    QWidget* makeHeadsPage();
    void showResult(const mllab::labs::AttentionLabResult& result);
    void showPromptTokens();
    void redraw();
    void rebuildThumbnails();
    void fillThumbnails();
    void updateEntropyChart();
    void updateNotice();
    QString selectionName() const;

    mllab::labs::AttentionLabResult m_result; ///< m_result.shown: the selection drawn
    bool m_hasResult = false;
    bool m_drawn = false; ///< m_result.shown is on screen
    QStringList m_tokens;

    QLabel* m_tokenInfo;
    QTabWidget* m_tabs;
    QLabel* m_entropyLabel;
    QLabel* m_truncation;
    AttentionHeatmap* m_heatmap;
    QGridLayout* m_grid;
    QLabel* m_gridCaption;
    QList<AttentionHeatmap*> m_thumbnails;
    QChart* m_entropyChart;
};
