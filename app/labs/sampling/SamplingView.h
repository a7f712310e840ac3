#pragma once
// Sampling lab: the next-token distribution of the real model for a prompt, reshaped live by
// temperature, top-k, top-p and min-p; sampled generation coloured by probability (two settings
// side by side); and greedy vs beam search vs sampling on the same prompt. The logits are
// computed once per prompt in a job; moving a slider re-runs only the sampling stages, which
// take microseconds over the 1,024-token vocabulary and run on the UI thread.

#include "app/labs/LabView.h"
#include "engine/lm/model.h"
#include "engine/sampling.h"

class ModelPicker;
class QBarCategoryAxis;
class QBarSet;
class QBarSeries;
class QHorizontalBarSeries;
class QLogValueAxis;
class QChart;
class QChartView;
class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineSeries;
class QPlainTextEdit;
class QSlider;
class QSpinBox;
class QTableWidget;
class QTabWidget;
class QTextBrowser;
class QTimer;
class QValueAxis;
class QAbstractAxis;

class SamplingView : public LabView {
    Q_OBJECT
public:
    explicit SamplingView(JobRunner* jobs, QWidget* parent = nullptr);

    QMap<QString, QString> parameters() const override;
    QString setParameter(const QString& key, const QString& value) override;
    void resetParameters() override;
    void refresh() override;
    QString resultCsv() const override;

    const mllab::SamplingResult& sampling() const { return m_sampling; }
    const mllab::NextTokenResult& next() const { return m_next; }
    /// Token ids of the bars, most probable (at T = 1) first.
    const std::vector<int>& barTokens() const { return m_barTokens; }
    QString readout() const;
    void generate();
    void compareDecoders();
    QString generatedText(int column) const;
    /// Milliseconds spent in the last restage(): the sampling stages and the chart's new data,
    /// before the repaint (for the responsiveness log; bench_lmviews times move to repaint).
    double lastRestageMs() const { return m_lastRestageMs; }

private:
    struct Settings {
        QString prompt = QStringLiteral("The learning rate");
        mllab::SamplingConfig config;
        std::uint64_t seed = 0;
        int bars = 20;
        bool logScale = false;
        bool compare = false;
        double compareTemperature = 1.2;
        int generateTokens = 40;
        int beamWidth = 4;
        double lengthPenalty = 1.0;
    };

    void buildControls();
    QString piece(int id) const;
    QWidget* buildDistributionTab();
    QWidget* buildGenerateTab();
    QWidget* buildDecodingTab();
    void syncControls();
    void readControls();
    void restage();
    void buildChart();
    void drawChart();
    void updateNotice();
    mllab::SamplingConfig compareConfig() const;

    Settings m_settings;
    mllab::NextTokenResult m_next;
    mllab::SamplingResult m_sampling;
    std::vector<int> m_barTokens;
    std::vector<std::string> m_vocab;
    std::vector<QString> m_generated{2};
    double m_lastRestageMs = 0;

    ModelPicker* m_model;
    QPlainTextEdit* m_prompt;
    QSlider* m_temperature;
    QLabel* m_temperatureLabel;
    QSpinBox* m_topK;
    QSlider* m_topP;
    QLabel* m_topPLabel;
    QSlider* m_minP;
    QLabel* m_minPLabel;
    QSpinBox* m_seed;
    QSpinBox* m_bars;
    QCheckBox* m_log;
    QCheckBox* m_compare;
    QDoubleSpinBox* m_compareTemperature;
    QSpinBox* m_generateTokens;
    QSpinBox* m_beamWidth;
    QDoubleSpinBox* m_lengthPenalty;
    QTimer* m_promptTimer;

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
    QChartView* m_chartView;
    QTextBrowser* m_output[2];
    QLabel* m_outputTitle[2];
    QTableWidget* m_decoding;
    QLabel* m_decodingCaption;
};
