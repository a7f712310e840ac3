#pragma once
// Attention lab: the attention weights a real model gives a prompt, one heatmap per head or the
// mean over heads, small multiples of every head of a layer, and the same scores softmaxed
// without 1/√d_k to show how much sharper (lower-entropy) the rows become.
//
// The engine computes every layer and head, scaled and unscaled, in one job per prompt and
// model; switching layer, head or scaling only redraws.

#include "app/labs/LabView.h"
#include "engine/lm/attention_maps.h"

class AttentionHeatmap;
class ModelPicker;
class QBarCategoryAxis;
class QChart;
class QCheckBox;
class QComboBox;
class QGridLayout;
class QLabel;
class QPlainTextEdit;
class QSpinBox;
class QTabWidget;
class QTimer;
class QValueAxis;

class AttentionView : public LabView {
    Q_OBJECT
public:
    struct Params {
        QString modelPath; ///< "" = the picker's first entry (the shipped model)
        QString prompt;
        int layer = 1;      ///< 1-based
        int head = 1;       ///< 1-based; 0 = mean over heads
        bool scaled = true; ///< show softmax(QKᵀ/√d_k) rather than softmax(QKᵀ)
    };
    static QString defaultPrompt();

    explicit AttentionView(JobRunner* jobs, QWidget* parent = nullptr);

    QMap<QString, QString> parameters() const override;
    QString setParameter(const QString& key, const QString& value) override;
    void resetParameters() override;
    void refresh() override;
    QString resultCsv() const override;

    bool hasResult() const { return m_hasResult; }
    const mllab::AttentionMapsResult& result() const { return m_result; }
    const Params& params() const { return m_params; }
    /// The map on the heatmap now (selected layer, head or mean, scaling).
    const mllab::AttentionMap& shownMap() const;
    AttentionHeatmap* heatmap() const { return m_heatmap; }
    const QList<AttentionHeatmap*>& headThumbnails() const { return m_thumbnails; }
    QString entropyText() const;

private:
    void showResult(const mllab::AttentionMapsResult& result);
    void redraw();
    void rebuildThumbnails();
    void updateEntropyChart();
    void updateNotice();
    void syncControls();
    const mllab::AttentionSet& shownSet() const;
    double shownEntropy(const mllab::AttentionSet& set) const;
    QString selectionName() const;

    Params m_params;
    mllab::AttentionMapsResult m_result;
    bool m_hasResult = false;
    QStringList m_tokens;

    ModelPicker* m_picker;
    QPlainTextEdit* m_prompt;
    QTimer* m_promptTimer;
    QSpinBox* m_layer;
    QComboBox* m_head;
    QCheckBox* m_scaled;
    QLabel* m_tokenInfo;

    QTabWidget* m_tabs;
    QLabel* m_entropyLabel;
    QLabel* m_truncation;
    AttentionHeatmap* m_heatmap;
    QWidget* m_gridPage;
    QGridLayout* m_grid;
    QLabel* m_gridCaption;
    QList<AttentionHeatmap*> m_thumbnails;
    QChart* m_entropyChart;
};
