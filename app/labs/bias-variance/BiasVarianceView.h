#pragma once
// Bias-variance lab: a fan of fitted curves over the true function, the decomposition
// bias² / variance / noise / expected test error against complexity (chosen complexity and sweet
// spot marked), learning curves with a high-bias / high-variance diagnosis, and double descent
// with random features. Every slider submits through JobRunner (latest wins); the view only
// draws the engine's results.

#include "app/labs/LabView.h"
#include "engine/biasvariance.h"

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;
class QTabWidget;

class BiasVarianceView : public LabView {
    Q_OBJECT
public:
    /// Everything the lab's controls set; the engine parameters are derived from it.
    struct Settings {
        mllab::TrueFunction function = mllab::TrueFunction::Sine;
        mllab::ModelFamily family = mllab::ModelFamily::Polynomial;
        double noise = 0.3;       ///< σ
        int nTrain = 30;
        int degree = 3;           ///< chosen complexity for polynomials
        int k = 5;                ///< chosen complexity for k-NN
        double ridge = 0;         ///< λ for polynomials
        int bootstraps = 200;
        int doubleDescentN = 30;  ///< training points of the double-descent tab
        double doubleDescentRidge = 0;
        int seed = 0;
    };

    explicit BiasVarianceView(JobRunner* jobs, QWidget* parent = nullptr);

    QMap<QString, QString> parameters() const override;
    QString setParameter(const QString& key, const QString& value) override;
    void resetParameters() override;
    void refresh() override;
    QString resultCsv() const override;

    const Settings& settings() const { return m_settings; }
    /// The engine parameters the current settings produce (what refresh() submits).
    mllab::BiasVarianceParams decompositionParams() const;
    mllab::LearningCurveParams learningCurveParams() const;
    mllab::DoubleDescentParams doubleDescentParams() const;

    const mllab::BiasVarianceResult& decomposition() const { return m_decomposition; }
    const mllab::LearningCurveResult& learningCurve() const { return m_learning; }
    const mllab::DoubleDescentResult& doubleDescent() const { return m_double; }
    QString diagnosisText() const;
    QTabWidget* tabs() const { return m_tabs; }

private:
    void buildControls();
    void buildCharts();
    void syncControls();
    void controlChanged();
    int chosenComplexity() const;
    int largestComplexity() const;

    void showDecomposition(const mllab::BiasVarianceResult& result);
    void showLearningCurve(const mllab::LearningCurveResult& result);
    void showDoubleDescent(const mllab::DoubleDescentResult& result);
    void drawFan();
    void drawDecomposition();
    void drawLearningCurve();
    void drawDoubleDescent();
    void updateNotice();

    Settings m_settings;
    mllab::BiasVarianceResult m_decomposition;
    mllab::LearningCurveResult m_learning;
    mllab::DoubleDescentResult m_double;
    QString m_doubleDescentRequested;  ///< inputs of the last double-descent job

    QComboBox* m_function;
    QComboBox* m_family;
    QSlider* m_noise;
    QLabel* m_noiseValue;
    QSlider* m_n;
    QLabel* m_nValue;
    QSlider* m_complexity;
    QLabel* m_complexityValue;
    QLabel* m_complexityLabel;
    QComboBox* m_ridge;
    QSpinBox* m_bootstraps;
    QSpinBox* m_seed;
    QSpinBox* m_ddN;
    QComboBox* m_ddRidge;

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
