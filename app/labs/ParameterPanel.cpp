#include "app/labs/ParameterPanel.h"

#include <QFormLayout>
#include <QLabel>

using mllab::labs::LabState;
using mllab::labs::ParamSpec;
using mllab::labs::ParamType;
using mllab::labs::ParamWidget;

struct ParameterPanel::Row {
    const ParamSpec* spec = nullptr;
    std::unique_ptr<ParamControl> control;
    QLabel* label = nullptr;
};

namespace {

QString rowLabel(const ParamSpec& spec)
{
    // A check box carries its own text; every other control gets "Label:" beside it.
    if (spec.type == ParamType::Bool)
        return {};
    return ParameterPanel::tr("%1:").arg(trParam(spec.label));
}

} // namespace

ParameterPanel::ParameterPanel(const mllab::labs::LabSpec& spec, QWidget* parent)
    : QGroupBox(tr("Parameters"), parent), m_spec(spec)
{
    m_form = new QFormLayout(this);
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    for (const ParamSpec& p : spec.params) {
        if (p.widget == ParamWidget::Tabs || p.widget == ParamWidget::InView)
            continue;
        auto row = std::make_unique<Row>();
        row->spec = &p;
        row->control = makeParamControl(p);
        row->label = new QLabel(rowLabel(p));
        row->label->setToolTip(trParam(p.help));
        m_form->addRow(row->label, row->control->field());
        connectControl(*row);
        nameField(*row);
        m_rows.emplace(QString::fromStdString(p.key), std::move(row));
    }
}

ParameterPanel::~ParameterPanel() = default;

void ParameterPanel::connectControl(Row& row)
{
    ParamControl* control = row.control.get();
    const QString key = QString::fromStdString(row.spec->key);
    connect(control, &ParamControl::edited, this,
            [this, control, key] { Q_EMIT edited(key, control->value()); });
}

void ParameterPanel::nameField(Row& row)
{
    // "param-degree": tests and accessibility tools find a parameter's field by its key.
    QWidget* field = row.control->field();
    field->setObjectName(QStringLiteral("param-") + QString::fromStdString(row.spec->key));
    field->setAccessibleName(trParam(row.spec->label));
    row.label->setBuddy(field);
}

ParamControl* ParameterPanel::control(const QString& key) const
{
    const auto it = m_rows.find(key);
    return it == m_rows.end() ? nullptr : it->second->control.get();
}

int ParameterPanel::rowIndex(const QString& key) const
{
    const auto it = m_rows.find(key);
    if (it == m_rows.end())
        return -1;
    int row = -1;
    QFormLayout::ItemRole role;
    m_form->getWidgetPosition(it->second->label, &row, &role);
    return row;
}

void ParameterPanel::replaceControl(const QString& key, std::unique_ptr<ParamControl> control)
{
    const auto it = m_rows.find(key);
    if (it == m_rows.end())
        return;
    Row& row = *it->second;
    const int index = rowIndex(key);
    QWidget* old = row.control->field();
    m_form->removeWidget(old);
    old->hide();
    old->setObjectName({}); // until it is deleted, only the new field answers to the key
    old->deleteLater();
    row.control = std::move(control);
    m_form->setWidget(index, QFormLayout::FieldRole, row.control->field());
    connectControl(row);
    nameField(row);
    if (m_shown) // the new control starts at the value the old one showed
        row.control->showValue(m_shown->value(row.spec->key));
}

void ParameterPanel::addRow(const QString& label, QWidget* field, const QString& afterKey)
{
    const int after = afterKey.isEmpty() ? -1 : rowIndex(afterKey);
    if (after < 0)
        m_form->addRow(label, field);
    else
        m_form->insertRow(after + 1, label, field);
}

void ParameterPanel::addRow(QWidget* wide, const QString& afterKey)
{
    const int after = afterKey.isEmpty() ? -1 : rowIndex(afterKey);
    if (after < 0)
        m_form->addRow(wide);
    else
        m_form->insertRow(after + 1, wide);
}

void ParameterPanel::setLabelsAbove(bool above)
{
    m_form->setRowWrapPolicy(above ? QFormLayout::WrapAllRows : QFormLayout::DontWrapRows);
}

void ParameterPanel::setControlsEnabled(bool enabled)
{
    m_controlsEnabled = enabled;
    for (auto& [key, row] : m_rows)
        row->control->field()->setEnabled(enabled);
}

void ParameterPanel::addHeading(const QString& text, const QString& beforeKey)
{
    auto* heading = new QLabel(QStringLiteral("<b>%1</b>").arg(text.toHtmlEscaped()));
    const int before = rowIndex(beforeKey);
    if (before < 0)
        m_form->addRow(heading);
    else
        m_form->insertRow(before, heading);
}

void ParameterPanel::showState(const LabState& state)
{
    m_shown = state;
    for (auto& [key, row] : m_rows) {
        const ParamSpec& p = *row->spec;
        row->control->showValue(state.value(p.key));
        const bool visible = !state.isHidden(p.key) && conditionHolds(p.visibleWhen, state);
        m_form->setRowVisible(row->label, visible);
        if (row->label->text().isEmpty())
            row->label->hide(); // a check box has its own text: no empty line above it
        const bool enabled = m_controlsEnabled && conditionHolds(p.enabledWhen, state);
        row->control->field()->setEnabled(enabled);
        row->label->setEnabled(enabled);
    }
}

bool conditionHolds(const std::string& condition, const LabState& state)
{
    if (condition.empty())
        return true;
    const auto eq = condition.find('=');
    const std::string key = condition.substr(0, eq);
    const std::string current = mllab::labs::valueText(state.value(key));
    std::size_t start = eq + 1;
    while (start <= condition.size()) {
        const auto bar = condition.find('|', start);
        if (condition.substr(start, bar == std::string::npos ? std::string::npos : bar - start) ==
            current)
            return true;
        if (bar == std::string::npos)
            break;
        start = bar + 1;
    }
    return false;
}
