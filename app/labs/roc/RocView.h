#pragma once
// ROC / precision-recall lab: a real classifier (logistic regression or an MLP trained in
// libtorch) scores held-out data; the view draws the ROC and PR curves, the score histogram per
// class and precision/recall/F against the threshold, all sharing one threshold slider. Moving
// the threshold only moves markers and re-reads the confusion matrix from the kept Result;
// changing the data or the model retrains through JobRunner.

#include "app/labs/LabView.h"
#include "engine/metrics.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QChart;
class QLabel;
class QLineSeries;
class QPushButton;
class QScatterSeries;
class QSlider;
class QSpinBox;
class QTabWidget;
class QTimer;
class QValueAxis;

/// What the engine computes for this lab (retraining when any of it changes).
struct RocLabParams {
    QString source = QStringLiteral("synthetic"); ///< synthetic | breast-cancer | csv
    QString model = QStringLiteral("logistic");   ///< logistic | mlp
    double separation = 1.5; ///< distance between the class means (standard deviations)
    int imbalance = 1;       ///< negatives per positive, 1 .. 1000
    double labelNoise = 0.0; ///< share of training and test labels flipped
    int seed = 0;
    QString csvPath; ///< source csv: a file with a score and a label column
    QString scoreColumn = QStringLiteral("score");
    QString labelColumn = QStringLiteral("label");
};

struct RocLabResult {
    mllab::RocResult roc;
    QString description; ///< what was scored, for the notice
};

/// Runs the lab's computation: data, training and scoring, then computeRoc. Thread-safe.
RocLabResult computeRocLab(const RocLabParams& params, const mllab::Progress& progress);

class RocView : public LabView {
    Q_OBJECT
public:
    explicit RocView(JobRunner* jobs, QWidget* parent = nullptr);

    QMap<QString, QString> parameters() const override;
    QString setParameter(const QString& key, const QString& value) override;
    void resetParameters() override;
    void refresh() override;
    QString resultCsv() const override;

    const RocLabResult& result() const { return m_result; }
    /// The metrics at the current threshold (what the confusion matrix shows).
    mllab::ThresholdMetrics currentMetrics() const;
    QString confusionText() const; ///< "TP FP / FN TN" as shown, for tests
    double threshold() const { return m_threshold; }

private:
    void buildControls();
    void buildCharts();
    void syncControls();
    void scheduleRefresh();
    void chooseCsvFile();
    void showResult(const RocLabResult& result);
    void drawCurves();
    void drawThresholdCharts();
    void updateThreshold();
    void updateNotice();
    void setThresholdFromSlider(int position);
    int sliderPosition(double threshold) const;

    RocLabParams m_params;
    RocLabResult m_result;
    double m_threshold = 0.5;
    double m_beta = 1.0;
    double m_costRatio = 0.0; ///< cost of a miss over a false alarm; 0: not shown

    QComboBox* m_source;
    QComboBox* m_model;
    QSlider* m_separation;
    QLabel* m_separationLabel;
    QSlider* m_imbalance;
    QLabel* m_imbalanceLabel;
    QSlider* m_noise;
    QLabel* m_noiseLabel;
    QSpinBox* m_seed;
    QWidget* m_csvBox;
    QPushButton* m_csvButton;
    QComboBox* m_scoreColumn;
    QComboBox* m_labelColumn;
    QSlider* m_thresholdSlider;
    QLabel* m_thresholdLabel;
    QDoubleSpinBox* m_betaSpin;
    QDoubleSpinBox* m_costSpin;
    QPushButton* m_useOptimal;
    QLabel* m_cells[4];        ///< TP, FN, FP, TN
    QLabel* m_metricValues[6]; ///< precision, recall, F1, F-β, accuracy, MCC
    QTimer* m_debounce;

    QTabWidget* m_tabs;
    QChart* m_rocChart;
    QChart* m_prChart;
    QChart* m_histChart;
    QChart* m_metricChart;
    QScatterSeries* m_rocMarker = nullptr;
    QScatterSeries* m_prMarker = nullptr;
    QScatterSeries* m_costMarker = nullptr;
    QLineSeries* m_histLine = nullptr;
    QLineSeries* m_metricLine = nullptr;
    QValueAxis* m_histY = nullptr;
    QValueAxis* m_metricY = nullptr;
};
