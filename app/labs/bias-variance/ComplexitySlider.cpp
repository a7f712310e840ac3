#include "app/labs/bias-variance/ComplexitySlider.h"

#include <algorithm>

ComplexitySlider::ComplexitySlider(const mllab::labs::ParamSpec& spec)
    : SliderControl(spec), m_largest(int(spec.max))
{
    updateRange();
}

void ComplexitySlider::setLargest(int largest)
{
    m_largest = std::max(1, largest);
    updateRange();
}

int ComplexitySlider::positionOf(double value) const
{
    return std::clamp(int(value) - 1, 0, positions());
}
