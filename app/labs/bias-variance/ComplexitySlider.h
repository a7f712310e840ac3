#pragma once
// The degree or k of the bias-variance lab: a slider from 1 to the largest complexity the
// training set supports, a range that follows n, the model and the ridge penalty.

#include "app/labs/ParamControl.h"

class QLabel;
class QSlider;

class ComplexitySlider : public ParamControl {
    Q_OBJECT
public:
    explicit ComplexitySlider(const mllab::labs::ParamSpec& spec);

    QWidget* field() const override { return m_box; }
    void showValue(const mllab::labs::ParamValue& value) override;
    mllab::labs::ParamValue value() const override { return m_value; }
    /// The slider's maximum; the value shown stays the stored one.
    void setLargest(int largest);

private:
    QWidget* m_box;
    QSlider* m_slider;
    QLabel* m_label;
    long long m_value = 1;
};
