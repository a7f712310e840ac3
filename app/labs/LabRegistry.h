#pragma once
// The labs the app shows: each lab's declaration (engine/labs/registry.h) with its title in the
// user's language and a factory for its view. Which questions a lab illustrates is read from
// the question files' front matter (the bank), not kept here.

#include "engine/labs/params.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

class JobRunner;
class LabView;
class QWidget;

struct LabInfo {
    const mllab::labs::LabSpec* spec = nullptr;
    QString id;       ///< stable id, e.g. "roc"
    QString title;    ///< shown in the lab picker and menus (translated)
    QString summary;  ///< one sentence under the title (translated)
    std::function<LabView*(JobRunner* jobs, QWidget* parent)> create;
};

class LabRegistry {
public:
    /// The labs, in menu order.
    static const std::vector<LabInfo>& labs();
    /// The lab with this id, or nullptr.
    static const LabInfo* find(const QString& id);
    /// Every lab id that question files may reference.
    static QStringList knownLabIds();
};
