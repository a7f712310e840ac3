#pragma once
// Bias-variance lab: a fan of fitted curves over the true function, the decomposition
// bias² / variance / noise / expected test error against complexity (chosen complexity and sweet
// spot marked), learning curves with a high-bias / high-variance diagnosis, and double descent
// with random features. The pipeline is engine/labs/bias_variance.h; double descent, which takes
// up to seconds, runs as its own job and only when its inputs change.

#include "app/labs/LabView.h"
#include "engine/labs/bias_variance.h"

class QChart;
class QLabel;
class QTabWidget;

class BiasVarianceView : public LabView {
    Q_OBJECT
public:
    explicit BiasVarianceView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    const mllab::labs::BiasVarianceLabResult& result() const { return m_result; }
    const mllab::BiasVarianceResult& decomposition() const { return m_result.decomposition; }
    const mllab::LearningCurveResult& learningCurve() const { return m_result.learning; }
    const mllab::DoubleDescentResult& doubleDescent() const { return m_result.doubleDescent; }
    QString diagnosisText() const;
    QTabWidget* tabs() const { return m_tabs; }

protected:
    void parameterChanged(const QString& key) override;
    void stateShown() override;

private:
    void keepComplexityInRange();
    void buildCharts();
    void runDoubleDescent(const mllab::labs::BiasVarianceLabParams& params);

    void showFits(const mllab::labs::BiasVarianceLabResult& result);
    void showDoubleDescent(const mllab::DoubleDescentResult& result);
    void drawFan();
    void drawDecomposition();
    void drawLearningCurve();
    void drawDoubleDescent();
    void updateNotice();
    QString decompositionNotice() const;
    QString doubleDescentNotice() const;

    mllab::labs::BiasVarianceLabResult m_result;
    QString m_doubleDescentRequested;  ///< inputs of the last double-descent job

    QTabWidget* m_tabs;
    QChart* m_fanChart;
    QChart* m_decompositionChart;
    QChart* m_learningChart;
    QChart* m_doubleChart;
    QLabel* m_fanLegend;
    QLabel* m_decompositionLegend;
    QLabel* m_learningLegend;
    QLabel* m_doubleLegend;
    QLabel* m_diagnosis;
};
