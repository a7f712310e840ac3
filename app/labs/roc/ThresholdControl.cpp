#include "app/labs/roc/ThresholdControl.h"

#include <algorithm>
#include <cmath>

ThresholdControl::ThresholdControl(const mllab::labs::ParamSpec& spec) : SliderControl(spec)
{
    m_value = 0.5;
    updateRange();
}

void ThresholdControl::setScoreRange(double lower, double upper)
{
    m_lower = lower;
    m_upper = upper > lower ? upper : lower + 1; // one distinct score: any span will do
    updateRange();
}

double ThresholdControl::valueAt(int position) const
{
    return m_lower + (m_upper - m_lower) * position / double(kSteps);
}

int ThresholdControl::positionOf(double threshold) const
{
    return std::clamp(int(std::lround((threshold - m_lower) / (m_upper - m_lower) * kSteps)), 0,
                      kSteps);
}
