#pragma once
// `mllab ... --export-dir DIR`: computes each lab state (one from --lab/--set/a link/a file, or
// every step of a lesson) in a window that is never shown and writes, per state NN,
// NN-<lab>.png, NN-<lab>-<chart>.png/.csv and NN-<lab>.mllab.

#include "engine/labs/params.h"

#include <QSize>
#include <QString>

#include <vector>

class MainWindow;

/// Exit code: 0 when every state computed and every file was written, else 1 (each problem is
/// printed to stderr, naming the step).
int exportStates(MainWindow& window, const std::vector<mllab::labs::LabState>& states,
                 const QString& folder, QSize size);

/// Waits (events flowing) until the window's jobs are idle and the result has laid out.
void waitForResult(MainWindow& window, int timeoutMs);
