#pragma once
// ROC / precision-recall lab: a real classifier (logistic regression or an MLP trained in
// libtorch) scores held-out data; the view draws the ROC and PR curves, the score histogram per
// class and precision/recall/F against the threshold, all sharing one threshold slider. Moving
// the threshold, β or the cost ratio only moves markers and re-reads the confusion matrix from
// the kept result; changing the data or the model retrains through the job runner. The pipeline
// is engine/labs/roc.h.
//
// A result can hold a million ROC points, so everything O(points) happens in jobs: the job
// decimates the curves and finds the cost-optimal point; a new cost ratio finds its point in a
// job of its own. On the UI thread a threshold move is a binary search plus the drawn markers.

#include "app/labs/LabView.h"
#include "engine/labs/roc.h"

#include <QList>
#include <QPointF>

#include <memory>

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

    const mllab::labs::RocLabResult& result() const { return *m_result; }
    /// The metrics at the current threshold (what the confusion matrix shows).
    const mllab::ThresholdMetrics& currentMetrics() const { return m_result->readout.metrics; }
    /// The cost ratio whose least-cost point is known (found in a job) and that point.
    double knownCostRatio() const { return m_costRatio; }
    std::size_t knownCostPoint() const { return m_costPoint; }
    QString confusionText() const; ///< "TP FP / FN TN" as shown, for tests
    double threshold() const { return state().number("threshold"); }

protected:
    void parameterChanged(const QString& key) override;
    void stateShown() override;
    void csvHeaderRead(const mllab::CsvInfo& header, bool chosen) override;

private:
    /// What a job hands the view: the result and its curves, decimated off the UI thread.
    struct Shown {
        std::shared_ptr<mllab::labs::RocLabResult> result;
        QList<QPointF> roc, pr;
    };
    static Shown prepare(mllab::labs::RocLabResult result);

    void buildCostControl();
    void buildCharts();
    void useCostOptimalThreshold();
    void showResult(const Shown& shown);
    /// Finds the least-cost point for the current cost ratio in a job (O(points)).
    void findCostPoint(double cost);
    void drawCurves(const Shown& shown);
    void drawScoreHistogram();
    void drawThresholdCharts();
    void showThreshold();
    void updateNotice();
    QString scoredText() const;

    /// Shared with the cost job, which reads only its curve; never null.
    std::shared_ptr<mllab::labs::RocLabResult> m_result =
        std::make_shared<mllab::labs::RocLabResult>();
    double m_costRatio = 0;         ///< the ratio m_costPoint belongs to
    std::size_t m_costPoint = 0;    ///< least-cost ROC point of m_costRatio
    double m_pendingCostRatio = -1; ///< the ratio a cost job is finding (-1: none)
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
