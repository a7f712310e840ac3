#pragma once
// Gradient flow through a deep MLP while it trains. Page "Gradients": the gradient norm of every
// layer at every step as a heatmap (log colour), the update-to-data ratio of the first, middle and
// last layers against the 1e-3 rule of thumb, and the training loss with the validation accuracy.
// Page "Activations": the saturated share of every layer at every step, the layers' activation
// mean and standard deviation at the first and last step, and the activation with its derivative,
// its saturated region shaded. The notice reads the live ratio of the first layer's gradient to
// the last's and names what the numbers mean. The pipeline is engine/labs/gradient_flow.h.

#include "app/labs/LabView.h"
#include "engine/labs/gradient_flow.h"

class MatrixHeatmap;
class QChart;
class QLabel;
class QTabWidget;

class GradientFlowView : public LabView {
    Q_OBJECT
public:
    explicit GradientFlowView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    bool hasResult() const { return m_hasResult; }
    const mllab::labs::GradientFlowLabResult& result() const { return m_result; }
    MatrixHeatmap* gradientHeatmap() const { return m_gradients; }
    MatrixHeatmap* saturationHeatmap() const { return m_saturation; }
    QChart* updateChart() const { return m_updateChart; }
    QChart* lossChart() const { return m_lossChart; }
    QChart* layerChart() const { return m_layerChart; }
    QChart* activationChart() const { return m_activationChart; }

private:
    void showResult(const mllab::labs::GradientFlowLabResult& result);
    void drawHeatmaps();
    void drawUpdates();
    void drawLoss();
    void drawLayers();
    void drawActivation();
    void updateNotice();

    mllab::labs::GradientFlowLabResult m_result;
    bool m_hasResult = false;
    QTabWidget* m_tabs;
    MatrixHeatmap* m_gradients;
    MatrixHeatmap* m_saturation;
    QChart* m_updateChart;
    QChart* m_lossChart;
    QChart* m_layerChart;
    QChart* m_activationChart;
    QLabel* m_updateKey;
    QLabel* m_lossKey;
    QLabel* m_layerKey;
    QLabel* m_activationKey;
};
