#pragma once
// The degree or k of the bias-variance lab: a slider from 1 to the largest complexity the
// training set supports, a range that follows n, the model and the ridge penalty.

#include "app/labs/ParamControl.h"

class ComplexitySlider : public SliderControl {
    Q_OBJECT
public:
    explicit ComplexitySlider(const mllab::labs::ParamSpec& spec);

    /// The slider's maximum; the value shown stays the stored one.
    void setLargest(int largest);

protected:
    int positions() const override { return m_largest - 1; }
    double valueAt(int position) const override { return position + 1; }
    int positionOf(double value) const override;

private:
    int m_largest;
};
