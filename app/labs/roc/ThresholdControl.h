#pragma once
// The roc lab's threshold: a slider over the scores of the current result (a CSV's scores need
// not lie in [0, 1]), in 1000 steps, with the value beside it.

#include "app/labs/ParamControl.h"

class QLabel;
class QSlider;

class ThresholdControl : public ParamControl {
    Q_OBJECT
public:
    static constexpr int kSteps = 1000;

    explicit ThresholdControl(const mllab::labs::ParamSpec& spec);

    QWidget* field() const override { return m_box; }
    void showValue(const mllab::labs::ParamValue& value) override;
    mllab::labs::ParamValue value() const override { return m_value; }

    /// The scores the slider spans (the value is kept; the slider shows the nearest position).
    void setScoreRange(double lower, double upper);

private:
    int positionOf(double threshold) const;
    void showLabel();

    QWidget* m_box;
    QSlider* m_slider;
    QLabel* m_label;
    double m_lower = 0, m_upper = 1;
    double m_value = 0.5;
};
