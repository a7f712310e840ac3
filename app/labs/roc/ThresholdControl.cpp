#include "app/labs/roc/ThresholdControl.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>

#include <algorithm>
#include <cmath>
#include <variant>

ThresholdControl::ThresholdControl(const mllab::labs::ParamSpec& spec) : ParamControl(spec)
{
    m_box = new QWidget;
    m_slider = new QSlider(Qt::Horizontal);
    m_slider->setRange(0, kSteps);
    m_slider->setToolTip(trParam(spec.help));
    m_label = new QLabel;
    m_label->setMinimumWidth(44);
    auto* row = new QHBoxLayout(m_box);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_slider, 1);
    row->addWidget(m_label);
    connect(m_slider, &QSlider::valueChanged, this, [this](int position) {
        m_value = m_lower + (m_upper - m_lower) * position / double(kSteps);
        showLabel();
        Q_EMIT edited();
    });
}

void ThresholdControl::showValue(const mllab::labs::ParamValue& value)
{
    if (const auto* v = std::get_if<double>(&value))
        m_value = *v;
    const QSignalBlocker block(m_slider);
    m_slider->setValue(positionOf(m_value));
    showLabel();
}

void ThresholdControl::setScoreRange(double lower, double upper)
{
    m_lower = lower;
    m_upper = upper > lower ? upper : lower + 1; // one distinct score: any span will do
    const QSignalBlocker block(m_slider);
    m_slider->setValue(positionOf(m_value));
}

int ThresholdControl::positionOf(double threshold) const
{
    return std::clamp(int(std::lround((threshold - m_lower) / (m_upper - m_lower) * kSteps)), 0,
                      kSteps);
}

void ThresholdControl::showLabel()
{
    m_label->setText(formatParamNumber(spec(), m_value));
}
