#include "app/labs/ParamControl.h"

#include "app/widgets/CompactTextEdit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>

#include <algorithm>
#include <cmath>

using mllab::labs::ParamSpec;
using mllab::labs::ParamType;
using mllab::labs::ParamValue;
using mllab::labs::ParamWidget;

namespace {

double asNumber(const ParamValue& v)
{
    if (const auto* d = std::get_if<double>(&v))
        return *d;
    if (const auto* i = std::get_if<long long>(&v))
        return double(*i);
    return 0;
}

QString asText(const ParamValue& v)
{
    const auto* s = std::get_if<std::string>(&v);
    return s ? QString::fromStdString(*s) : QString();
}

ParamValue numberValue(const ParamSpec& spec, double v)
{
    if (spec.type == ParamType::Integer)
        return static_cast<long long>(std::llround(v));
    return v;
}

/// Index of the stop nearest to v (by ratio for positive stops, as scales are often logarithmic).
int nearestStop(const std::vector<double>& stops, double v)
{
    int best = 0;
    auto distance = [v](double stop) {
        return stop > 0 && v > 0 ? std::abs(std::log(stop / v)) : std::abs(stop - v);
    };
    for (int i = 1; i < int(stops.size()); ++i)
        if (distance(stops[std::size_t(i)]) < distance(stops[std::size_t(best)]))
            best = i;
    return best;
}

} // namespace

SliderControl::SliderControl(const ParamSpec& spec)
    : ParamControl(spec), m_lower(spec.min), m_upper(spec.max)
{
    m_box = new QWidget;
    m_slider = new QSlider(Qt::Horizontal);
    m_label = new QLabel;
    m_label->setMinimumWidth(44);
    auto* row = new QHBoxLayout(m_box);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_slider, 1);
    row->addWidget(m_label);
    m_slider->setToolTip(trParam(spec.help));
    connect(m_slider, &QSlider::valueChanged, this, [this](int position) {
        m_value = valueAt(position);
        m_label->setText(formatParamNumber(this->spec(), m_value));
        Q_EMIT edited();
    });
    updateRange();
}

QWidget* SliderControl::field() const
{
    return m_box;
}

void SliderControl::showValue(const ParamValue& v)
{
    m_value = asNumber(v);
    updateRange();
}

ParamValue SliderControl::value() const
{
    return numberValue(spec(), m_value);
}

void SliderControl::setSpan(double lower, double upper)
{
    m_lower = std::max(spec().min, lower);
    m_upper = std::min(spec().max, upper);
    if (!(m_upper > m_lower)) // one distinct score: any span around it will do
        m_upper = m_lower + (spec().step > 0 ? spec().step : 1);
    updateRange();
}

void SliderControl::updateRange()
{
    const QSignalBlocker block(m_slider);
    m_slider->setRange(0, positions());
    m_slider->setValue(positionOf(m_value));
    m_label->setText(formatParamNumber(spec(), m_value));
}

int SliderControl::positions() const
{
    if (!spec().stops.empty())
        return int(spec().stops.size()) - 1;
    const double step = spec().step > 0                     ? spec().step
                        : spec().type == ParamType::Integer ? 1.0
                                                            : (m_upper - m_lower) / 1000;
    return std::max(1, int(std::lround((m_upper - m_lower) / step)));
}

double SliderControl::valueAt(int position) const
{
    if (!spec().stops.empty())
        return spec().stops[std::size_t(position)];
    const double v = m_lower + (m_upper - m_lower) * position / positions();
    return std::min(m_upper, onStepDecimals(v));
}

double SliderControl::onStepDecimals(double v) const
{
    double scale = 1;
    for (int digits = 0; digits < 10 && spec().step > 0; ++digits, scale *= 10) {
        const double steps = spec().step * scale;
        if (std::abs(steps - std::round(steps)) < 1e-9 * scale)
            return std::round(v * scale) / scale;
    }
    return v;
}

int SliderControl::positionOf(double v) const
{
    if (!spec().stops.empty())
        return nearestStop(spec().stops, v);
    return std::clamp(int(std::lround((v - m_lower) / (m_upper - m_lower) * positions())), 0,
                      positions());
}

namespace {

class IntegerSpinControl : public ParamControl {
public:
    explicit IntegerSpinControl(const ParamSpec& spec) : ParamControl(spec)
    {
        m_spin = new QSpinBox;
        m_spin->setRange(int(spec.min), int(std::min(spec.max, 2147483647.0)));
        m_spin->setSingleStep(spec.step > 0 ? int(spec.step) : 1);
        if (!spec.specialValueText.empty())
            m_spin->setSpecialValueText(trParam(spec.specialValueText));
        if (!spec.unit.empty())
            m_spin->setSuffix(QStringLiteral(" ") + trParam(spec.unit));
        m_spin->setToolTip(trParam(spec.help));
        connect(m_spin, &QSpinBox::valueChanged, this, &ParamControl::edited);
    }
    QWidget* field() const override { return m_spin; }
    void showValue(const ParamValue& v) override
    {
        const QSignalBlocker block(m_spin);
        m_spin->setValue(int(asNumber(v)));
    }
    ParamValue value() const override { return static_cast<long long>(m_spin->value()); }
    void setSpan(double lower, double upper) override
    {
        const QSignalBlocker block(m_spin);
        m_spin->setRange(int(std::max(spec().min, lower)), int(std::min(spec().max, upper)));
    }

private:
    QSpinBox* m_spin;
};

class NumberSpinControl : public ParamControl {
public:
    explicit NumberSpinControl(const ParamSpec& spec) : ParamControl(spec)
    {
        m_spin = new QDoubleSpinBox;
        m_spin->setDecimals(spec.decimals < 0 ? 6 : spec.decimals);
        m_spin->setRange(spec.min * spec.displayScale, spec.max * spec.displayScale);
        if (spec.step > 0)
            m_spin->setSingleStep(spec.step * spec.displayScale);
        if (!spec.specialValueText.empty())
            m_spin->setSpecialValueText(trParam(spec.specialValueText));
        if (!spec.unit.empty())
            m_spin->setSuffix(QStringLiteral(" ") + trParam(spec.unit));
        m_spin->setToolTip(trParam(spec.help));
        connect(m_spin, &QDoubleSpinBox::valueChanged, this, &ParamControl::edited);
    }
    QWidget* field() const override { return m_spin; }
    void showValue(const ParamValue& v) override
    {
        const QSignalBlocker block(m_spin);
        m_spin->setValue(asNumber(v) * spec().displayScale);
    }
    ParamValue value() const override { return m_spin->value() / spec().displayScale; }

private:
    QDoubleSpinBox* m_spin;
};

/// A combo box: a choice's values, a number's stops, or text items the lab sets.
class ComboControl : public ParamControl {
public:
    explicit ComboControl(const ParamSpec& spec) : ParamControl(spec)
    {
        m_combo = new QComboBox;
        m_combo->setToolTip(trParam(spec.help));
        // Sized to the panel, not to the longest item: the panel stays narrow.
        m_combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        m_combo->setMinimumContentsLength(10);
        m_combo->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        if (spec.type == ParamType::Choice) {
            for (std::size_t i = 0; i < spec.choices.size(); ++i) {
                const std::string& label =
                    i < spec.choiceLabels.size() ? spec.choiceLabels[i] : spec.choices[i];
                m_combo->addItem(trParam(label), QString::fromStdString(spec.choices[i]));
            }
        } else if (spec.isNumeric() && !spec.stops.empty()) {
            for (double stop : spec.stops)
                addNumber(stop);
        } else if (spec.type == ParamType::Integer) {
            setSpan(spec.min, asNumber(spec.defaultValue)); // the lab widens it with its data
        }
        connect(m_combo, &QComboBox::activated, this, &ParamControl::edited);
    }
    QWidget* field() const override { return m_combo; }
    void showValue(const ParamValue& v) override
    {
        const QSignalBlocker block(m_combo);
        const QVariant data = spec().isNumeric() ? QVariant(asNumber(v)) : QVariant(asText(v));
        int index = m_combo->findData(data);
        if (index < 0) { // a value from --set or a file that the menu does not offer
            if (spec().isNumeric())
                addNumber(asNumber(v));
            else
                m_combo->addItem(asText(v), asText(v));
            index = m_combo->count() - 1;
        }
        m_combo->setCurrentIndex(index);
    }
    ParamValue value() const override
    {
        const QVariant data = m_combo->currentData();
        if (spec().isNumeric())
            return numberValue(spec(), data.toDouble());
        return data.toString().toStdString();
    }
    void setItems(const QStringList& values, const QStringList& labels) override
    {
        const QSignalBlocker block(m_combo);
        const QString current = m_combo->currentData().toString();
        m_combo->clear();
        for (int i = 0; i < values.size(); ++i)
            m_combo->addItem(labels.value(i, values[i]), values[i]);
        m_combo->setCurrentIndex(std::max(0, m_combo->findData(current)));
    }

    /// An integer menu offers every value of the span (the loaded model's heads).
    void setSpan(double lower, double upper) override
    {
        if (spec().type != ParamType::Integer || !spec().stops.empty())
            return;
        const QSignalBlocker block(m_combo);
        const QVariant current = m_combo->currentData();
        m_combo->clear();
        for (double v = std::max(spec().min, lower); v <= std::min(spec().max, upper); ++v)
            addNumber(v);
        m_combo->setCurrentIndex(std::max(0, m_combo->findData(current)));
    }

private:
    void addNumber(double v)
    {
        const bool special = !spec().specialValueText.empty() && v == spec().min;
        const QString text = special ? trParam(spec().specialValueText)
                                     : trParam(spec().prefix) + QLocale().toString(v, 'g', 12);
        m_combo->addItem(text, v);
    }

    QComboBox* m_combo;
};

class CheckControl : public ParamControl {
public:
    explicit CheckControl(const ParamSpec& spec) : ParamControl(spec)
    {
        m_check = new QCheckBox(trParam(spec.label));
        m_check->setToolTip(trParam(spec.help));
        connect(m_check, &QCheckBox::toggled, this, &ParamControl::edited);
    }
    QWidget* field() const override { return m_check; }
    void showValue(const ParamValue& v) override
    {
        const QSignalBlocker block(m_check);
        m_check->setChecked(std::get_if<bool>(&v) && std::get<bool>(v));
    }
    ParamValue value() const override { return m_check->isChecked(); }

private:
    QCheckBox* m_check;
};

/// One line of text, reported after a short pause in typing and when editing finishes; an empty
/// box that may not be empty waits for the user to finish.
class LineControl : public ParamControl {
public:
    explicit LineControl(const ParamSpec& spec) : ParamControl(spec)
    {
        m_edit = new QLineEdit;
        m_edit->setToolTip(trParam(spec.help));
        m_edit->setPlaceholderText(trParam(spec.placeholder));
        m_pause = new QTimer(this);
        m_pause->setSingleShot(true);
        m_pause->setInterval(300);
        connect(m_edit, &QLineEdit::textEdited, m_pause, qOverload<>(&QTimer::start));
        connect(m_pause, &QTimer::timeout, this, [this] {
            if (!m_edit->text().isEmpty() || this->spec().allowEmpty)
                report();
        });
        connect(m_edit, &QLineEdit::editingFinished, this, [this] { report(); });
    }
    QWidget* field() const override { return m_edit; }
    void showValue(const ParamValue& v) override
    {
        m_shown = asText(v);
        if (m_edit->text() == m_shown)
            return; // keeps the cursor where the user types
        const QSignalBlocker block(m_edit);
        m_edit->setText(m_shown);
    }
    ParamValue value() const override { return m_edit->text().toStdString(); }

private:
    void report()
    {
        m_pause->stop();
        if (m_edit->text() != m_shown)
            Q_EMIT edited();
    }

    QLineEdit* m_edit;
    QTimer* m_pause;
    QString m_shown;
};

/// Multi-line text, reported after a short pause in typing.
class TextControl : public ParamControl {
public:
    explicit TextControl(const ParamSpec& spec) : ParamControl(spec)
    {
        m_edit = new CompactTextEdit(spec.lines > 0 ? spec.lines : 3);
        m_edit->setToolTip(trParam(spec.help));
        m_edit->setPlaceholderText(trParam(spec.placeholder));
        if (spec.lines > 0) // a box declared taller keeps its lines in a crowded panel
            m_edit->setMinimumHeight(m_edit->fontMetrics().lineSpacing() * spec.lines + 12);
        m_pause = new QTimer(this);
        m_pause->setSingleShot(true);
        m_pause->setInterval(400);
        connect(m_edit, &QPlainTextEdit::textChanged, m_pause, qOverload<>(&QTimer::start));
        connect(m_pause, &QTimer::timeout, this, &ParamControl::edited);
    }
    QWidget* field() const override { return m_edit; }
    void showValue(const ParamValue& v) override
    {
        if (m_edit->toPlainText() == asText(v))
            return;
        const QSignalBlocker block(m_edit);
        m_edit->setPlainText(asText(v));
    }
    ParamValue value() const override { return m_edit->toPlainText().toStdString(); }

private:
    CompactTextEdit* m_edit;
    QTimer* m_pause;
};

/// A button that names the chosen file and opens a file dialog.
class FileControl : public ParamControl {
public:
    explicit FileControl(const ParamSpec& spec) : ParamControl(spec)
    {
        m_button = new QPushButton;
        connect(m_button, &QPushButton::clicked, this, [this] { activate(); });
    }
    bool activate() override
    {
        const QString path = QFileDialog::getOpenFileName(
            m_button, trParam(spec().label), QFileInfo(m_path).absolutePath(),
            QCoreApplication::translate("ParamControl", "CSV files (*.csv);;All files (*)"));
        if (path.isEmpty())
            return false;
        m_path = path;
        Q_EMIT edited();
        return true;
    }
    QWidget* field() const override { return m_button; }
    void showValue(const ParamValue& v) override
    {
        m_path = asText(v);
        m_button->setText(m_path.isEmpty()
                              ? QCoreApplication::translate("ParamControl", "Open…")
                              : QFileInfo(m_path).fileName());
        m_button->setToolTip(m_path.isEmpty() ? trParam(spec().help) : m_path);
    }
    ParamValue value() const override { return m_path.toStdString(); }

private:
    QPushButton* m_button;
    QString m_path;
};

} // namespace

QString trParam(const std::string& text)
{
    return text.empty() ? QString() : QCoreApplication::translate("LabParams", text.c_str());
}

QString formatParamNumber(const ParamSpec& spec, double value)
{
    const double shown = value * spec.displayScale;
    const int decimals = spec.type == ParamType::Integer ? 0 : spec.decimals;
    // decimals < 0: values over decades (an ε of 1e-8, learning rates) in 3 significant digits.
    QString text = trParam(spec.prefix) + (decimals < 0 ? QLocale().toString(shown, 'g', 3)
                                                        : QLocale().toString(shown, 'f', decimals));
    if (!spec.unit.empty())
        text += QStringLiteral(" ") + trParam(spec.unit);
    if (!spec.specialValueText.empty() && value == spec.min)
        return trParam(spec.specialValueText);
    return text;
}

std::unique_ptr<ParamControl> makeParamControl(const ParamSpec& spec)
{
    ParamWidget widget = spec.widget;
    if (widget == ParamWidget::Auto) {
        switch (spec.type) {
        case ParamType::Number: widget = ParamWidget::SpinBox; break;
        case ParamType::Integer: widget = ParamWidget::SpinBox; break;
        case ParamType::Bool: widget = ParamWidget::CheckBox; break;
        case ParamType::Choice: widget = ParamWidget::ComboBox; break;
        case ParamType::Text: widget = ParamWidget::LineEdit; break;
        case ParamType::File: widget = ParamWidget::Auto; break;
        }
    }
    if (spec.type == ParamType::File)
        return std::make_unique<FileControl>(spec);
    switch (widget) {
    case ParamWidget::Slider: return std::make_unique<SliderControl>(spec);
    case ParamWidget::SpinBox:
        if (spec.type == ParamType::Integer)
            return std::make_unique<IntegerSpinControl>(spec);
        return std::make_unique<NumberSpinControl>(spec);
    case ParamWidget::ComboBox: return std::make_unique<ComboControl>(spec);
    case ParamWidget::CheckBox: return std::make_unique<CheckControl>(spec);
    case ParamWidget::TextEdit: return std::make_unique<TextControl>(spec);
    case ParamWidget::LineEdit:
    case ParamWidget::Auto:
    case ParamWidget::Tabs:
    case ParamWidget::InView: break;
    }
    return std::make_unique<LineControl>(spec);
}
