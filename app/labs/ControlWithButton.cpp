#include "app/labs/ControlWithButton.h"

#include <QHBoxLayout>
#include <QPushButton>

ControlWithButton::ControlWithButton(std::unique_ptr<ParamControl> inner, const QString& buttonText)
    : ParamControl(inner->spec()), m_inner(std::move(inner))
{
    m_box = new QWidget;
    m_button = new QPushButton(buttonText);
    auto* row = new QHBoxLayout(m_box);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_inner->field(), 1);
    row->addWidget(m_button);
    connect(m_inner.get(), &ParamControl::edited, this, &ParamControl::edited);
}
