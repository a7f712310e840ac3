#include "app/labs/bias-variance/ComplexitySlider.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>

ComplexitySlider::ComplexitySlider(const mllab::labs::ParamSpec& spec) : ParamControl(spec)
{
    m_box = new QWidget;
    m_slider = new QSlider(Qt::Horizontal);
    m_slider->setRange(int(spec.min), int(spec.max));
    m_slider->setToolTip(trParam(spec.help));
    m_label = new QLabel;
    m_label->setMinimumWidth(44);
    auto* row = new QHBoxLayout(m_box);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_slider, 1);
    row->addWidget(m_label);
    connect(m_slider, &QSlider::valueChanged, this, [this](int position) {
        m_value = position;
        m_label->setText(QString::number(m_value));
        Q_EMIT edited();
    });
}

void ComplexitySlider::showValue(const mllab::labs::ParamValue& value)
{
    if (const auto* v = std::get_if<long long>(&value))
        m_value = *v;
    const QSignalBlocker block(m_slider);
    m_slider->setValue(int(m_value));
    m_label->setText(QString::number(m_value));
}

void ComplexitySlider::setLargest(int largest)
{
    const QSignalBlocker block(m_slider);
    m_slider->setRange(1, largest);
    m_slider->setValue(int(m_value));
}
