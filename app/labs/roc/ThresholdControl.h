#pragma once
// The roc lab's threshold: a slider over the scores of the current result (a CSV's scores need
// not lie in [0, 1]), in 1000 steps, with the value beside it.

#include "app/labs/ParamControl.h"

class ThresholdControl : public SliderControl {
    Q_OBJECT
public:
    static constexpr int kSteps = 1000;

    explicit ThresholdControl(const mllab::labs::ParamSpec& spec);

    /// The scores the slider spans (the value is kept; the slider shows the nearest position).
    void setScoreRange(double lower, double upper);

protected:
    int positions() const override { return kSteps; }
    double valueAt(int position) const override;
    int positionOf(double threshold) const override;

private:
    double m_lower = 0, m_upper = 1;
};
