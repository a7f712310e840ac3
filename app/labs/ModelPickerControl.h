#pragma once
// The control of a text parameter that holds a language model's checkpoint path (the "model" of
// the language-model labs): the ModelPicker's list, the shipped model first, then the models
// trained in the app. The value is "" for the shipped model (so links and presets work on any
// machine) and the checkpoint's path otherwise; a value naming the shipped model's path shows
// it too, and a path the library does not list (a link, a state file) is offered as one more
// entry named by its file.

#include "app/labs/ParamControl.h"

class ModelPicker;

class ModelPickerControl : public ParamControl {
    Q_OBJECT
public:
    explicit ModelPickerControl(const mllab::labs::ParamSpec& spec);

    QWidget* field() const override;
    void showValue(const mllab::labs::ParamValue& value) override;
    mllab::labs::ParamValue value() const override;

    ModelPicker* picker() const { return m_picker; }

private:
    void showPath(const QString& path);

    ModelPicker* m_picker;
    QString m_shown; ///< the value shown, kept across the library's reloads
};
