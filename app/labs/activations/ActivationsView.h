#pragma once
// Activation functions lab: the chosen functions on one chart, their derivatives on another,
// the derivative's saturated regions (|f'| below a threshold, where gradients vanish) shaded
// under each curve. The pipeline is engine/labs/activations.h.

#include "app/labs/LabView.h"
#include "engine/labs/activations.h"

class QChart;

class ActivationsView : public LabView {
    Q_OBJECT
public:
    explicit ActivationsView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;

    const mllab::labs::ActivationsLabResult& result() const { return m_result; }

private:
    void showResult(const mllab::labs::ActivationsLabResult& result);
    void drawValues();
    void drawDerivatives();
    void updateNotice();

    mllab::labs::ActivationsLabResult m_result;
    QChart* m_values;
    QChart* m_derivatives;
};
