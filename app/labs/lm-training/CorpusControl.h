#pragma once
// The lm-training lab's corpus: the built-in question bank, a text file chosen before, or
// "Choose a text file…", which asks for one.

#include "app/labs/ParamControl.h"

class QComboBox;

class CorpusControl : public ParamControl {
    Q_OBJECT
public:
    explicit CorpusControl(const mllab::labs::ParamSpec& spec);

    QWidget* field() const override;
    void showValue(const mllab::labs::ParamValue& value) override;
    mllab::labs::ParamValue value() const override;

private:
    void choose(int index);

    QComboBox* m_combo;
};
