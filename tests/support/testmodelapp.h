#pragma once
// For app tests of the labs on the language model: Qt's test-mode folders, a small test GPT
// written into a temporary folder and named by MLLAB_MODEL as the shipped model, an empty user
// model folder, and waiting for a lab's next result.

#include "app/labs/LabView.h"
#include "app/widgets/ModelLibrary.h"
#include "tests/support/lmtestmodel.h"

#include <QDir>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace apptest {

/// Writes the test model into `dir` and makes it the shipped one; returns its path.
inline QString useTestModel(const QTemporaryDir& dir)
{
    QStandardPaths::setTestModeEnabled(true);
    const QString path = dir.filePath(QStringLiteral("test-model.safetensors"));
    lmtest::writeTestModel(path.toStdString());
    qputenv("MLLAB_MODEL", path.toUtf8());
    QDir(ModelLibrary::instance().userModelsFolder()).removeRecursively();
    return path;
}

/// Waits for the view's next result; false after `ms`.
inline bool waitForResult(LabView& view, int ms = 60000)
{
    QSignalSpy shown(&view, &LabView::resultShown);
    return shown.wait(ms);
}

} // namespace apptest
