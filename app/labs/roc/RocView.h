#pragma once
// ROC / precision-recall lab: a real classifier (logistic regression or an MLP trained in
// libtorch) scores held-out data; the view draws the ROC and PR curves, the score histogram per
// class and precision/recall/F against the threshold, all sharing one threshold slider. Moving
// the threshold, β or the cost ratio only moves markers and re-reads the confusion matrix from
// the kept result; changing the data or the model retrains through the job runner. The pipeline
// is engine/labs/roc.h.

#include "app/labs/LabView.h"
#include "engine/labs/roc.h"

class QChart;
class ConfusionMatrixBox;
class QLabel;
class QLineSeries;
class QPushButton;
class QScatterSeries;
class QTabWidget;
class QValueAxis;

class RocView : public LabView {
    Q_OBJECT
public:
    explicit RocView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    const mllab::labs::RocLabResult& result() const { return m_result; }
    /// The metrics at the current threshold (what the confusion matrix shows).
    const mllab::ThresholdMetrics& currentMetrics() const { return m_result.readout.metrics; }
    QString confusionText() const; ///< "TP FP / FN TN" as shown, for tests
    double threshold() const { return state().number("threshold"); }

protected:
    void parameterChanged(const QString& key) override;
    void stateShown() override;
    void csvHeaderRead(const mllab::CsvInfo& header, bool chosen) override;

private:
    void buildCostControl();
    void buildCharts();
    void useCostOptimalThreshold();
    void showResult(const mllab::labs::RocLabResult& result);
    void drawCurves();
    void drawScoreHistogram();
    void drawThresholdCharts();
    void showThreshold();
    void updateNotice();
    QString scoredText() const;

    mllab::labs::RocLabResult m_result;
    double m_drawnBeta = 0; ///< the β of the metric chart's F-β curve

    QPushButton* m_useOptimal;
    ConfusionMatrixBox* m_matrix;

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
};
