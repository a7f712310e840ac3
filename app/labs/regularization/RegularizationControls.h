#pragma once
// The regularization lab's own controls: the alpha read on the current path, and the centre ŵ
// of the manual loss as two numbers.

#include "app/labs/ParamControl.h"

#include <vector>

class QDoubleSpinBox;
class QLabel;
class QSlider;

/// "Read at α": a slider over the alphas of the current path, the strongest penalty on the
/// right like the charts' log10 α axis. Moving it reads the path; nothing is recomputed.
class AlphaSlider : public ParamControl {
    Q_OBJECT
public:
    explicit AlphaSlider(const mllab::labs::ParamSpec& spec);

    QWidget* field() const override { return m_box; }
    void showValue(const mllab::labs::ParamValue& value) override;
    mllab::labs::ParamValue value() const override { return m_value; }
    /// The path's alphas, largest first.
    void setAlphas(const std::vector<double>& alphas);

private:
    void showPosition();

    QWidget* m_box;
    QSlider* m_slider;
    QLabel* m_label;
    std::vector<double> m_alphas;
    double m_value = 1;
};

/// ŵ as the text "w1,w2", edited in two spin boxes from -3 to 3.
class CentreControl : public ParamControl {
    Q_OBJECT
public:
    explicit CentreControl(const mllab::labs::ParamSpec& spec);

    QWidget* field() const override { return m_box; }
    /// Shows "w1,w2"; text that is not two numbers leaves the boxes as they are.
    void showValue(const mllab::labs::ParamValue& value) override;
    mllab::labs::ParamValue value() const override;

private:
    QWidget* m_box;
    QDoubleSpinBox* m_x;
    QDoubleSpinBox* m_y;
};
