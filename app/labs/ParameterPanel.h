#pragma once
// A lab's "Parameters" panel, made from its declaration: one row per parameter in declaration
// order (a parameter shown as tabs or by the lab's own widget gets no row), hidden rows for keys
// a link hides, rows shown or enabled by the other parameters' values (visibleWhen /
// enabledWhen). Labs may replace a control or add their own rows (buttons, a confusion matrix)
// after a parameter's row.

#include "app/labs/ParamControl.h"
#include "engine/labs/params.h"

#include <QGroupBox>
#include <QString>

#include <map>
#include <memory>
#include <optional>

class QFormLayout;

class ParameterPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit ParameterPanel(const mllab::labs::LabSpec& spec, QWidget* parent = nullptr);
    ~ParameterPanel() override;

    /// The control of `key`, or nullptr when it has none (tabs, or an unknown key).
    ParamControl* control(const QString& key) const;
    /// Replaces the declared control of `key` by the lab's own (same row and label).
    void replaceControl(const QString& key, std::unique_ptr<ParamControl> control);
    /// Adds a row of the lab's own after the row of `key` (at the end when `key` is empty).
    void addRow(const QString& label, QWidget* field, const QString& afterKey = {});
    void addRow(QWidget* wide, const QString& afterKey = {});
    /// A bold heading before the row of `key`, over a group of parameters ("Double descent").
    void addHeading(const QString& text, const QString& beforeKey);

    /// Labels above their fields: a narrow panel that leaves the width to the charts.
    void setLabelsAbove(bool above);
    /// Enables or disables every parameter's control (not the lab's own rows).
    void setControlsEnabled(bool enabled);

    /// Shows every value of `state` and applies hidden keys and the visibility conditions.
    void showState(const mllab::labs::LabState& state);

Q_SIGNALS:
    /// The user changed a control: its key and new value (not validated yet).
    void edited(const QString& key, const mllab::labs::ParamValue& value);

private:
    struct Row;
    int rowIndex(const QString& key) const;
    void connectControl(Row& row);
    void nameField(Row& row);

    const mllab::labs::LabSpec& m_spec;
    bool m_controlsEnabled = true;
    QFormLayout* m_form;
    std::map<QString, std::unique_ptr<Row>> m_rows;
    std::optional<mllab::labs::LabState> m_shown; ///< the state the controls show
};

/// True when `condition` ("key=a|b") holds in `state`; an empty condition always holds.
bool conditionHolds(const std::string& condition, const mllab::labs::LabState& state);
