#pragma once
// Sampling lab: the next-token distribution of the real model for a prompt, reshaped live by
// temperature, top-k, top-p and min-p; sampled generation coloured by probability (two settings
// side by side); and greedy vs beam search vs sampling on the same prompt. The logits are
// computed once per prompt and model in a job; a sampling setting re-runs only the stages
// (engine/labs/sampling.h's stageSampling) in a job of their own: they are O(vocabulary), up to
// 65,536 tokens for a trained model. The UI thread only draws a stage, O(bars).

#include "app/labs/LabView.h"
#include "engine/labs/sampling.h"

#include <memory>

class QBarCategoryAxis;
class QBarSet;
class QHorizontalBarSeries;
class QLogValueAxis;
class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QTableWidget;
class QTabWidget;
class QTextBrowser;
class QValueAxis;

class SamplingView : public LabView {
    Q_OBJECT
public:
    explicit SamplingView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    const mllab::SamplingResult& sampling() const { return m_stage->sampling; }
    const mllab::NextTokenResult& next() const { return m_logits->next; }
    /// Token ids of the bars, most probable (at T = 1) first.
    const std::vector<int>& barTokens() const { return m_stage->bars; }
    QString readout() const;
    void generate();
    void compareDecoders();
    QString generatedText(int column) const;
    /// Milliseconds the UI thread spent showing the last stage: the chart's new data and the
    /// texts, before the repaint (the stages themselves run in a job; bench_lmviews times move
    /// to repaint).
    double lastRestageMs() const { return m_lastRestageMs; }

protected:
    void parameterChanged(const QString& key) override;

private:
    mllab::labs::SamplingLabParams params() const;
    QString piece(int id) const;
    QWidget* buildDistributionTab();
    QWidget* buildGenerateTab();
    QWidget* buildDecodingTab();
    void addButtons();
    /// Stages the kept logits for the current settings in a job, then shows the stage.
    void restage();
    void showStage(const std::shared_ptr<const mllab::labs::SamplingStage>& stage);
    void buildChart();
    void drawChart();
    void updateNotice();
    void showGenerated(const std::vector<mllab::GeneratedText>& results);
    void showDecoded(const std::vector<mllab::DecodedSequence>& rows);

    // Shared, never copied on the UI thread: both hold whole-vocabulary vectors. Never null.
    std::shared_ptr<const mllab::labs::PromptLogits> m_logits =
        std::make_shared<mllab::labs::PromptLogits>();
    std::shared_ptr<const mllab::labs::SamplingStage> m_stage =
        std::make_shared<mllab::labs::SamplingStage>();
    std::vector<QString> m_generated{2};
    double m_lastRestageMs = 0;

    QTabWidget* m_tabs;
    QLabel* m_readout;
    QChart* m_chart;
    QHorizontalBarSeries* m_barSeries;
    QBarSet* m_natural;
    QBarSet* m_shaped;
    QLineSeries* m_cumulative;
    QLineSeries* m_cut; ///< the top-p boundary, dashed
    QBarCategoryAxis* m_tokenAxis;
    QValueAxis* m_linearAxis;
    QLogValueAxis* m_logAxis;
    QValueAxis* m_cumulativeAxis;
    QChartView* m_chartView;
    QLabel* m_key;
    QWidget* m_column[2];
    QTextBrowser* m_output[2];
    QLabel* m_outputTitle[2];
    QTableWidget* m_decoding;
    QLabel* m_decodingCaption;
};
