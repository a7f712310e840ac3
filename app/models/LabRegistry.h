#pragma once
// The catalogue of labs: stable id, title, the questions each illustrates, and a factory for its
// view. Ids are stable: question files, presets, lab links and `--lab` use them.

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

class JobRunner;
class LabView;
class QWidget;

struct LabInfo {
    QString id;             ///< stable id, e.g. "roc"
    QString title;          ///< shown in the lab picker and menus (translated)
    QString summary;        ///< one sentence under the title (translated)
    QStringList questions;  ///< ids of the questions it illustrates
    std::function<LabView*(JobRunner* jobs, QWidget* parent)> create;
};

class LabRegistry {
public:
    /// The built labs, in menu order.
    static const std::vector<LabInfo>& labs();
    /// The built lab with this id, or nullptr.
    static const LabInfo* find(const QString& id);
    /// Every lab id that question files may reference, built or planned.
    static const QStringList& knownLabIds();
};
