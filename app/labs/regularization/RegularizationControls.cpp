#include "app/labs/regularization/RegularizationControls.h"

#include "engine/labs/regularization.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>

namespace {

constexpr int kDefaultPositions = 100; ///< scikit-learn's path length, until a path arrives

QWidget* row(QWidget* left, QWidget* right, int rightStretch)
{
    auto* box = new QWidget;
    auto* layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(left, 1);
    layout->addWidget(right, rightStretch);
    return box;
}

} // namespace

AlphaSlider::AlphaSlider(const mllab::labs::ParamSpec& spec) : ParamControl(spec)
{
    m_slider = new QSlider(Qt::Horizontal);
    m_slider->setRange(0, kDefaultPositions - 1);
    m_slider->setToolTip(trParam(spec.help));
    m_label = new QLabel;
    m_label->setMinimumWidth(44);
    m_box = row(m_slider, m_label, 0);
    connect(m_slider, &QSlider::valueChanged, this, [this](int position) {
        if (m_alphas.empty())
            return;
        m_value = m_alphas[m_alphas.size() - 1 - std::size_t(position)]; // alphas run downwards
        m_label->setText(QString::number(m_value, 'g', 3));
        Q_EMIT edited();
    });
}

void AlphaSlider::showValue(const mllab::labs::ParamValue& value)
{
    if (const auto* v = std::get_if<double>(&value))
        m_value = *v;
    showPosition();
}

void AlphaSlider::setAlphas(const std::vector<double>& alphas)
{
    m_alphas = alphas;
    showPosition();
}

void AlphaSlider::showPosition()
{
    const QSignalBlocker block(m_slider);
    if (!m_alphas.empty()) {
        m_slider->setRange(0, int(m_alphas.size()) - 1);
        const std::size_t index = mllab::labs::nearestAlphaIndex(m_alphas, m_value);
        m_slider->setValue(int(m_alphas.size() - 1 - index));
    }
    m_label->setText(QString::number(m_value, 'g', 3));
}

CentreControl::CentreControl(const mllab::labs::ParamSpec& spec) : ParamControl(spec)
{
    m_x = new QDoubleSpinBox;
    m_y = new QDoubleSpinBox;
    m_x->setToolTip(tr("ŵ₁: %1").arg(trParam(spec.help)));
    m_y->setToolTip(tr("ŵ₂: %1").arg(trParam(spec.help)));
    for (QDoubleSpinBox* spin : {m_x, m_y}) {
        spin->setRange(-3, 3);
        spin->setSingleStep(0.1);
        spin->setDecimals(2);
        connect(spin, &QDoubleSpinBox::valueChanged, this, &ParamControl::edited);
    }
    m_box = row(m_x, m_y, 1);
}

void CentreControl::showValue(const mllab::labs::ParamValue& value)
{
    const auto* text = std::get_if<std::string>(&value);
    const QStringList parts = text ? QString::fromStdString(*text).split(QLatin1Char(','))
                                   : QStringList();
    bool okX = false, okY = false;
    const double x = parts.value(0).toDouble(&okX), y = parts.value(1).toDouble(&okY);
    if (parts.size() != 2 || !okX || !okY)
        return; // the lab's error names the text; the boxes keep the last numbers
    const QSignalBlocker blockX(m_x), blockY(m_y);
    m_x->setValue(x);
    m_y->setValue(y);
}

mllab::labs::ParamValue CentreControl::value() const
{
    return QStringLiteral("%1,%2")
        .arg(QString::number(m_x->value()), QString::number(m_y->value()))
        .toStdString();
}
