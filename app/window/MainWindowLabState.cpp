// MainWindow's lab states: open a lab link or a state file, copy the current lab's link, save
// and open state files. Every state read from outside is validated by the lab's declaration
// (engine/labs) and refused whole, with its message, when any part of it is wrong.
#include "app/labs/LabArea.h"
#include "app/labs/LabView.h"
#include "app/window/MainWindow.h"
#include "engine/labs/registry.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QMessageBox>
#include <QStatusBar>
#include <QUrl>

#include <nlohmann/json.hpp>

namespace ml = mllab::labs;

void MainWindow::openLabState(const ml::LabState& state)
{
    setMode(Mode::Browse);
    m_labArea->openLabState(state);
}

void MainWindow::openLinkOrFile(const QString& linkOrFile)
{
    raise();
    activateWindow();
    if (linkOrFile.startsWith(QLatin1String("mllab://"))) {
        try {
            openLabState(ml::readLabLink(linkOrFile.toStdString()));
        } catch (const mllab::InputError& e) {
            QMessageBox::warning(this, tr("Open lab link"), QString::fromStdString(e.what()));
        }
        return;
    }
    const QString path = linkOrFile.startsWith(QLatin1String("file://"))
                             ? QUrl(linkOrFile).toLocalFile()
                             : linkOrFile;
    if (path.endsWith(QLatin1String(".mllab-lesson"))) {
        QString error;
        if (lessonMayClose() && !openLesson(path, &error))
            QMessageBox::warning(this, tr("Open lesson"), error);
        return;
    }
    readLabStateFile(path);
}

void MainWindow::readLabStateFile(const QString& path)
{
    // A file of the user's: read off the UI thread; nothing changes until all of it is valid.
    m_jobs->submit(
        QStringLiteral("state-file"), tr("Reading %1").arg(path), this,
        [path](const mllab::Progress&) { return ml::readLabStateFile(path.toStdString()); },
        [this](const ml::LabState& state) { openLabState(state); },
        [this](const QString& message) {
            QMessageBox::warning(this, tr("Open lab state"), message);
        });
}

void MainWindow::copyLabLink()
{
    const LabView* lab = m_labArea->currentLab();
    if (!lab)
        return;
    const QString link = QString::fromStdString(ml::stateLink(lab->spec(), lab->state()));
    QApplication::clipboard()->setText(link);
    statusBar()->showMessage(tr("Copied %1").arg(link), 5000);
}

void MainWindow::saveLabState()
{
    const LabView* lab = m_labArea->currentLab();
    if (!lab)
        return;
    QString path = QFileDialog::getSaveFileName(this, tr("Save lab state"),
                                                lab->labId() + QStringLiteral(".mllab"),
                                                tr("Lab states (*.mllab)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".mllab")))
        path += QStringLiteral(".mllab");
    const std::string text = ml::stateJson(lab->spec(), lab->stateWithPin()).dump(2) + "\n";
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(text.data(), qint64(text.size())) != qint64(text.size()) || !file.flush()) {
        QMessageBox::warning(this, tr("Save lab state"),
                             tr("Cannot write %1: %2").arg(path, file.errorString()));
        return;
    }
    statusBar()->showMessage(tr("Saved %1").arg(path), 4000);
}

void MainWindow::openLabStateFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open lab state"), QString(),
                                                      tr("Lab states (*.mllab);;All files (*)"));
    if (!path.isEmpty())
        readLabStateFile(path);
}
