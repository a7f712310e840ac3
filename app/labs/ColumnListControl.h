#pragma once
// The control of a text parameter that holds a comma-separated list of a CSV file's columns
// (the features to analyse): a list of check boxes, one per column the lab offers.

#include "app/labs/ParamControl.h"

class QListWidget;

class ColumnListControl : public ParamControl {
    Q_OBJECT
public:
    explicit ColumnListControl(const mllab::labs::ParamSpec& spec);

    QWidget* field() const override;
    void showValue(const mllab::labs::ParamValue& value) override;
    mllab::labs::ParamValue value() const override;
    /// The columns to offer; ticked are those the value lists (all when it is empty).
    void setItems(const QStringList& values, const QStringList& labels = {}) override;

private:
    QListWidget* m_list;
    QStringList m_chosen;
};
