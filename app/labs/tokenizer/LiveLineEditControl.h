#pragma once
// A one-line text control reported while typing, after a short pause (the declared line edit
// reports only when editing finishes), with a placeholder for the empty value: the tokenizer
// lab retraces its text as the user types it.

#include "app/labs/ParamControl.h"

class QLineEdit;
class QTimer;

class LiveLineEditControl : public ParamControl {
    Q_OBJECT
public:
    LiveLineEditControl(const mllab::labs::ParamSpec& spec, const QString& placeholder);

    QWidget* field() const override;
    void showValue(const mllab::labs::ParamValue& value) override;
    mllab::labs::ParamValue value() const override;

private:
    QLineEdit* m_edit;
    QTimer* m_pause;
};
