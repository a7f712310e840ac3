#pragma once
// Quantization lab: the small GPT's block matrices rounded to 2-8 bits (per tensor, row or group;
// sym or asym; llama.cpp's q8_0 / q4_0 / q4_1; optionally 1% outliers kept in fp16), measured
// against float32 on held-out bank text. A table of the live numbers, the relative error of every
// block × matrix (MatrixHeatmap), a weight histogram with the grid of its widest group, and a
// sweep of every configuration (bits/byte against size, Pareto front, current one marked) that
// runs as its own job on a shorter slice of the text and reruns only when the model or the
// outlier option changes.

#include "app/labs/LabView.h"
#include "engine/labs/quantization.h"

class MatrixHeatmap;
class QChart;
class QLabel;
class QTabWidget;
class QTableWidget;

class QuantizationView : public LabView {
    Q_OBJECT
public:
    explicit QuantizationView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    bool hasResult() const { return m_hasResult; }
    bool hasSweep() const { return m_hasSweep; }
    const mllab::labs::QuantizationLabResult& result() const { return m_result; }
    const mllab::labs::QuantizationSweep& sweep() const { return m_sweep; }
    MatrixHeatmap* heatmap() const { return m_heatmap; }
    QChart* histogramChart() const { return m_histogram; }
    QChart* sweepChart() const { return m_sweepChart; }

protected:
    void parameterChanged(const QString& key) override;

private:
    void showResult(const mllab::labs::QuantizationLabResult& result);
    void showSweep(const mllab::labs::QuantizationSweep& sweep);
    void drawHeatmap();
    void drawHistogram();
    void drawSweep();
    void updateNotice();

    mllab::labs::QuantizationLabResult m_result;
    mllab::labs::QuantizationSweep m_sweep;
    bool m_hasResult = false;
    bool m_hasSweep = false;
    QString m_sweepRequested;

    QTableWidget* m_table;
    QTabWidget* m_tabs;
    MatrixHeatmap* m_heatmap;
    QChart* m_histogram;
    QLabel* m_histogramKey;
    QChart* m_sweepChart;
    QLabel* m_sweepKey;
};
