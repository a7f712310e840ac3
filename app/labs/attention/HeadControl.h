#pragma once
// The attention lab's head picker: "Mean over heads" (value 0), then one entry per head of the
// loaded model (1-based), which the lab sets once it knows the model.

#include "app/labs/ParamControl.h"

class QComboBox;

class HeadControl : public ParamControl {
    Q_OBJECT
public:
    explicit HeadControl(const mllab::labs::ParamSpec& spec);

    QWidget* field() const override;
    void showValue(const mllab::labs::ParamValue& value) override;
    mllab::labs::ParamValue value() const override;
    /// Offers the mean and heads 1..heads.
    void setHeadCount(int heads);

private:
    QComboBox* m_combo;
};
