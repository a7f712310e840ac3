#pragma once
// The form control of one declared lab parameter (engine/labs/params.h), made from its
// declaration: a slider with its value, a spin box, a combo box, a check box, a line or text
// edit, or a file button. It shows a value without reporting an edit, and emits edited() when
// the user changes it; the lab view validates and stores the value.

#include "engine/labs/params.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

class QLabel;
class QSlider;
class QWidget;

class ParamControl : public QObject {
    Q_OBJECT
public:
    explicit ParamControl(const mllab::labs::ParamSpec& spec) : m_spec(spec) {}

    const mllab::labs::ParamSpec& spec() const { return m_spec; }
    /// The widget of the form's field column (owned by the form once added).
    virtual QWidget* field() const = 0;
    /// Shows `value` without emitting edited().
    virtual void showValue(const mllab::labs::ParamValue& value) = 0;
    virtual mllab::labs::ParamValue value() const = 0;
    /// Text parameters shown as a combo box or list: the values to offer (e.g. a CSV file's
    /// columns) and their labels (default: the values).
    virtual void setItems(const QStringList& values, const QStringList& labels = {})
    {
        (void)values;
        (void)labels;
    }

    /// The range the control offers now, within the declared one (the loaded model's layers,
    /// the data's scores); the value shown is kept. Sliders, spin boxes and integer menus.
    virtual void setSpan(double lower, double upper)
    {
        (void)lower;
        (void)upper;
    }

    /// Opens what the control stands for (a file control's dialog); true when the user chose
    /// something, which edited() has then reported.
    virtual bool activate() { return false; }

Q_SIGNALS:
    void edited();

private:
    const mllab::labs::ParamSpec& m_spec;
};

/// A slider with its value beside it. The declaration's stops, or [min, max] in steps (1,000
/// positions for a number without a step), map positions to values; setSpan() narrows the range
/// to the data's (a threshold over the scores, a degree up to n - 1).
class SliderControl : public ParamControl {
    Q_OBJECT
public:
    explicit SliderControl(const mllab::labs::ParamSpec& spec);

    QWidget* field() const override;
    void showValue(const mllab::labs::ParamValue& value) override;
    mllab::labs::ParamValue value() const override;
    void setSpan(double lower, double upper) override;

private:
    /// The last position (positions run from 0), the value at one and the position of a value.
    int positions() const;
    double valueAt(int position) const;
    int positionOf(double value) const;
    /// Takes a new positions() and shows the value (kept) at its nearest position.
    void updateRange();
    /// A value rounded to the digits of a decimal step (0.01: two), so that a slider from 0.02
    /// gives 0.5 and not 0.49999999999999994: what --set, links and files would hold.
    double onStepDecimals(double v) const;

    QWidget* m_box;
    QSlider* m_slider;
    QLabel* m_label;
    double m_value = 0;
    double m_lower, m_upper; ///< the span the slider covers
};

/// The control the declaration asks for (ParamWidget::Auto chooses by type).
std::unique_ptr<ParamControl> makeParamControl(const mllab::labs::ParamSpec& spec);

/// A parameter's label or a choice's label in the user's language.
QString trParam(const std::string& text);

/// A number as the form shows it: scaled, with its prefix, decimals and unit ("1:20", "15 %").
QString formatParamNumber(const mllab::labs::ParamSpec& spec, double value);
