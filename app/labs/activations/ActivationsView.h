#pragma once
// Activation functions lab: the chosen functions on one chart, their derivatives on another with
// the saturation threshold, and a strip per function marking where it saturates (|f'| below the
// threshold, where gradients vanish). The pipeline is engine/labs/activations.h.

#include "app/labs/LabView.h"
#include "engine/labs/activations.h"

class QChart;

class ActivationsView : public LabView {
    Q_OBJECT
public:
    explicit ActivationsView(JobRunner* jobs, QWidget* parent = nullptr);

    void refresh() override;
    QString resultCsv() const override;
    QList<KeyNumber> keyNumbers() const override;

    const mllab::labs::ActivationsLabResult& result() const { return m_result; }

private:
    void showResult(const mllab::labs::ActivationsLabResult& result);
    void drawValues();
    void drawDerivatives();
    void drawSaturation();
    void updateNotice();

    mllab::labs::ActivationsLabResult m_result;
    QChart* m_values;
    QChart* m_derivatives;
    QChart* m_saturation;
    QWidget* m_saturationView;
};
