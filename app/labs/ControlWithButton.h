#pragma once
// A declared control with a button beside it in the same form row (the roc lab's cost ratio and
// its "Use" button): values, spans and edits are the inner control's.

#include "app/labs/ParamControl.h"

#include <memory>

class QPushButton;

class ControlWithButton : public ParamControl {
    Q_OBJECT
public:
    ControlWithButton(std::unique_ptr<ParamControl> inner, const QString& buttonText);

    QWidget* field() const override { return m_box; }
    void showValue(const mllab::labs::ParamValue& value) override { m_inner->showValue(value); }
    mllab::labs::ParamValue value() const override { return m_inner->value(); }
    void setSpan(double lower, double upper) override { m_inner->setSpan(lower, upper); }
    QPushButton* button() const { return m_button; }

private:
    std::unique_ptr<ParamControl> m_inner;
    QWidget* m_box;
    QPushButton* m_button;
};
