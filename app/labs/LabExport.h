#pragma once
// A lab written to a folder: every chart as a 2x PNG with its data as CSV, the whole lab as a
// picture, and its state file, so a class can be handed the numbers behind each chart.

#include <QString>
#include <QStringList>

class LabView;

/// Writes `<prefix>.png` (the whole lab), `<prefix>-<chart>.png` and `.csv` per chart (charts on
/// other tabs too) and `<prefix>.mllab` into `folder` (created if missing). Returns the files
/// written; on a failure returns what was written so far and sets `error`.
QStringList exportLab(LabView* view, const QString& folder, const QString& prefix, QString* error);
