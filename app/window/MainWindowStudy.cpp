// MainWindow's study mode: the Study menu, opening the study data (with choices when it cannot
// be used), switching modes, bookmarks, export/import and lab presets. Kept apart from
// MainWindow.cpp so the window's browsing and lab code stays short.
#include "app/jobs/JobRunner.h"
#include "app/window/MainWindow.h"

#include "app/labs/LabArea.h"
#include "app/labs/LabView.h"
#include "app/study/DashboardView.h"
#include "app/study/MockInterviewView.h"
#include "app/study/QuestionBrowser.h"
#include "app/study/ReviewView.h"
#include "app/study/Scheduler.h"
#include "app/study/StudyContext.h"
#include "app/study/StudyPanel.h"
#include "app/study/StudyStore.h"
#include "engine/fileio.h"
#include "engine/progress.h"

#include <QActionGroup>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

StudyContext MainWindow::studyContext() const
{
    StudyContext context;
    context.store = m_study.get();
    context.bank = &m_bank;
    context.scheduler = m_scheduler.get();
    context.jobs = m_jobs;
    return context;
}

void MainWindow::buildStudyMenu()
{
    QMenu* study = menuBar()->addMenu(tr("&Study"));
    m_modeActions = new QActionGroup(this);
    const struct {
        Mode mode;
        QString text;
        QKeySequence keys;
    } modes[] = {{Mode::Browse, tr("&Browse questions"), QKeySequence(tr("Ctrl+B"))},
                 {Mode::Review, tr("&Review due questions"), QKeySequence(tr("Ctrl+R"))},
                 {Mode::Mock, tr("&Mock interview"), QKeySequence(tr("Ctrl+M"))},
                 {Mode::Dashboard, tr("&Progress dashboard"), QKeySequence(tr("Ctrl+P"))}};
    for (const auto& m : modes) {
        QAction* action = study->addAction(m.text);
        action->setShortcut(m.keys);
        action->setCheckable(true);
        action->setChecked(m.mode == Mode::Browse);
        action->setData(int(m.mode));
        m_modeActions->addAction(action);
        const Mode mode = m.mode;
        connect(action, &QAction::triggered, this, [this, mode] { setMode(mode); });
    }
    study->addSeparator();
    study->addAction(tr("Toggle &bookmark"), QKeySequence(tr("Ctrl+D")), this,
                     &MainWindow::toggleBookmark);
    study->addAction(tr("Edit &notes"), QKeySequence(tr("Ctrl+Shift+N")), this, [this] {
        setMode(Mode::Browse);
        m_studyPanel->focusNotes();
    });
    study->addAction(tr("New questions per &day…"), this, [this] {
        QSettings settings;
        bool ok = false;
        const int value = QInputDialog::getInt(
            this, tr("New questions per day"),
            tr("How many new questions may a day's review bring in?"),
            settings.value(QStringLiteral("study/newPerDay"), 10).toInt(), 0, 72, 1, &ok);
        if (ok) {
            settings.setValue(QStringLiteral("study/newPerDay"), value);
            m_review->setNewPerDay(value);
        }
    });
    study->addSeparator();
    study->addAction(tr("&Export study data…"), this, &MainWindow::exportStudyData);
    study->addAction(tr("&Import study data…"), this, &MainWindow::importStudyData);
    m_review->setNewPerDay(QSettings().value(QStringLiteral("study/newPerDay"), 10).toInt());
}

bool MainWindow::openStudyData(const QString& path, bool interactive, bool readOnly)
{
    auto access = readOnly ? StudyStore::Access::ReadOnly : StudyStore::Access::ReadWrite;
    while (true) {
        // The page-by-page integrity check runs in a job (verifyStudyData), not here.
        const StudyStore::OpenResult result =
            m_study->open(path, access, StudyStore::Check::Deferred);
        m_studyProblem = result.ok() ? QString() : result.message;
        if (result.ok())
            break;
        if (!interactive) {
            statusBar()->showMessage(result.message, 15000);
            break;
        }
        const std::optional<StudyStore::Access> next = askAboutStudyProblem(path, result);
        if (!next)
            break;
        access = *next;
    }
    showStudyData();
    if (m_study->isOpen())
        verifyStudyData(interactive);
    return m_study->isOpen();
}

std::optional<StudyStore::Access>
MainWindow::askAboutStudyProblem(const QString& path, const StudyStore::OpenResult& result)
{
    QMessageBox box(QMessageBox::Warning, tr("Study data"), result.message, QMessageBox::NoButton,
                    this);
    box.setInformativeText(tr("Nothing has been changed or deleted. What would you like to do?"));
    QPushButton* retry = box.addButton(tr("&Retry"), QMessageBox::AcceptRole);
    QPushButton* readOnly = QFileInfo::exists(path) && result.status != StudyStore::Status::Corrupt
                                ? box.addButton(tr("Open &read-only"), QMessageBox::AcceptRole)
                                : nullptr;
    // Starting fresh under a running instance would fork its data: not offered when locked.
    QPushButton* fresh =
        QFileInfo::exists(path) && result.status != StudyStore::Status::Locked &&
                result.status != StudyStore::Status::Unwritable
            ? box.addButton(tr("&Back up and start fresh"), QMessageBox::DestructiveRole)
            : nullptr;
    QPushButton* without =
        box.addButton(tr("Continue &without study data"), QMessageBox::RejectRole);
    box.setDefaultButton(retry);
    box.exec();
    if (box.clickedButton() == readOnly)
        return StudyStore::Access::ReadOnly;
    if (box.clickedButton() == fresh) {
        QString error;
        const QString backup = StudyStore::backUpAndRemove(path, &error);
        if (backup.isEmpty())
            QMessageBox::critical(this, tr("Study data"), error);
        else
            QMessageBox::information(
                this, tr("Study data"),
                tr("The old file is kept as %1.").arg(QDir::toNativeSeparators(backup)));
        return StudyStore::Access::ReadWrite;
    }
    if (box.clickedButton() == without || box.clickedButton() != retry)
        return std::nullopt;
    return StudyStore::Access::ReadWrite;
}

void MainWindow::verifyStudyData(bool interactive)
{
    const QString path = m_study->path();
    m_jobs->submit(
        QStringLiteral("study/verify"), tr("Checking the study data"), this,
        [path](const mllab::Progress&) { return StudyStore::verify(path); },
        [this, path, interactive](const StudyStore::OpenResult& checked) {
            // Only damage closes the data; a check that could not run proves nothing.
            if (checked.status != StudyStore::Status::Corrupt || m_study->path() != path ||
                !m_study->isOpen())
                return;
            m_study->close();
            m_studyProblem = checked.message;
            showStudyData();
            if (!interactive) {
                statusBar()->showMessage(checked.message, 15000);
                return;
            }
            if (const auto next = askAboutStudyProblem(path, checked))
                openStudyData(path, true, *next == StudyStore::Access::ReadOnly);
        });
}

void MainWindow::showStudyData()
{
    const StudyContext context = studyContext();
    m_review->setContext(context);
    m_mock->setContext(context);
    m_dashboard->setContext(context);
    m_studyPanel->setContext(context);
    m_studyPanel->reload();
    m_studyStatus->setText(!m_study->isOpen()      ? tr("Study data: not available")
                           : m_study->isReadOnly() ? tr("Study data: read-only")
                                                   : QString());
    onStudyDataChanged();
}

void MainWindow::onStudyDataChanged()
{
    QSet<QString> due;
    if (m_study->isOpen()) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QHash<QString, CardMemory> cards = m_study->cards();
        for (auto it = cards.constBegin(); it != cards.constEnd(); ++it)
            if (!it->isNew() && it->dueMs <= now)
                due.insert(it.key());
    }
    m_browser->setStudyMarks(m_study->isOpen() ? m_study->bookmarks() : QSet<QString>(), due);
    if (m_mode == Mode::Browse) // elsewhere the panel is hidden; setMode(Browse) reloads it
        m_studyPanel->reload();
    if (m_mode == Mode::Dashboard)
        m_dashboard->refresh();
}

void MainWindow::toggleBookmark()
{
    const QString id = m_mode == Mode::Review ? m_review->currentId() : m_studyPanel->questionId();
    if (id.isEmpty() || !m_study->isOpen())
        return;
    if (!m_study->setBookmarked(id, !m_study->isBookmarked(id),
                                QDateTime::currentMSecsSinceEpoch()))
        statusBar()->showMessage(tr("Bookmark not saved: %1").arg(m_study->lastError()), 8000);
    else
        statusBar()->showMessage(
            m_study->isBookmarked(id) ? tr("Bookmarked") : tr("Bookmark removed"), 3000);
    onStudyDataChanged();
}

void MainWindow::setMode(Mode mode)
{
    if (m_mode == Mode::Browse && mode != Mode::Browse) {
        m_browseSizes = m_splitter->sizes();
        m_studyPanel->saveNotes();
    }
    if (m_mode == Mode::Review && mode != Mode::Review)
        m_review->finish();
    m_mode = mode;
    m_center->setCurrentIndex(int(mode));
    m_browser->setVisible(mode == Mode::Browse && m_browserAction->isChecked());
    m_labArea->setVisible(mode == Mode::Browse || mode == Mode::Review);
    for (QAction* action : m_modeActions->actions())
        action->setChecked(action->data().toInt() == int(mode));
    const int width = m_splitter->width();
    switch (mode) {
    case Mode::Browse:
        if (!m_browseSizes.isEmpty())
            m_splitter->setSizes(m_browseSizes);
        m_studyPanel->reload();
        break;
    case Mode::Review:
        m_splitter->setSizes({0, width * 11 / 20, width * 9 / 20});
        m_review->start();
        m_review->setFocus(Qt::OtherFocusReason);
        break;
    case Mode::Mock:
        if (m_mock->stage() == MockInterviewView::Stage::Summary ||
            m_mock->stage() == MockInterviewView::Stage::Setup)
            m_mock->showSetup();
        m_mock->setFocus(Qt::OtherFocusReason);
        break;
    case Mode::Dashboard:
        m_dashboard->refresh();
        m_dashboard->setFocus(Qt::OtherFocusReason);
        break;
    }
    onStudyDataChanged();
}

void MainWindow::exportStudyData()
{
    if (!m_study->isOpen()) {
        QMessageBox::warning(this, tr("Export study data"), tr("No study data is open."));
        return;
    }
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export study data"), QStringLiteral("mllab-study.json"), tr("JSON (*.json)"));
    if (file.isEmpty())
        return;
    // Reading every review is the job's: a read-only connection of its own on the worker.
    m_jobs->submit(
        QStringLiteral("study/export"), tr("Exporting study data"), this,
        [path = m_study->path(), file](const mllab::Progress&) {
            StudyStore reader;
            const StudyStore::OpenResult opened =
                reader.open(path, StudyStore::Access::ReadOnly, StudyStore::Check::Deferred);
            if (!opened.ok())
                return opened.message;
            const StudyData data = reader.snapshot();
            QSaveFile out(file);
            if (!out.open(QIODevice::WriteOnly))
                return tr("Cannot write %1: %2").arg(file, out.errorString());
            out.write(toStudyJson(data, QDateTime::currentMSecsSinceEpoch()));
            return out.commit() ? QString() : tr("Cannot write %1: %2").arg(file, out.errorString());
        },
        [this, file](const QString& error) {
            if (error.isEmpty())
                statusBar()->showMessage(
                    tr("Study data exported to %1").arg(QDir::toNativeSeparators(file)), 6000);
            else
                QMessageBox::warning(this, tr("Export study data"), error);
        });
}

void MainWindow::importStudyData()
{
    if (!m_study->isWritable()) {
        QMessageBox::warning(this, tr("Import study data"),
                             tr("The study data is not open for writing."));
        return;
    }
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Import study data"), QString(), tr("JSON (*.json)"));
    if (file.isEmpty())
        return;
    struct Parsed {
        StudyData data;
        QString error;
        int storedReviews = 0; ///< counted by the job: a count reads the whole review index
    };
    const auto onParsed = [this, file](const Parsed& parsed) {
        if (!parsed.error.isEmpty()) {
            QMessageBox::warning(this, tr("Import study data"),
                                 tr("%1 was not imported, and nothing was changed:\n\n%2")
                                     .arg(QDir::toNativeSeparators(file), parsed.error));
            return;
        }
        const auto answer =
            QMessageBox::question(this, tr("Import study data"),
                                  tr("Replace your study data (%1 reviews) with the file's %2 "
                                     "reviews, %3 notes and %4 bookmarks?")
                                      .arg(parsed.storedReviews)
                                      .arg(parsed.data.reviews.size())
                                      .arg(parsed.data.notes.size())
                                      .arg(parsed.data.bookmarks.size()));
        if (answer != QMessageBox::Yes)
            return;
        applyImport(parsed.data);
    };
    m_jobs->submit(
        QStringLiteral("study/import"), tr("Reading %1").arg(file), this,
        [file, path = m_study->path()](const mllab::Progress&) {
            Parsed parsed;
            StudyStore reader;
            if (reader.open(path, StudyStore::Access::ReadOnly, StudyStore::Check::Deferred).ok())
                parsed.storedReviews = reader.reviewCount();
            try { // one check for every user file: a FIFO or a folder is refused, not opened
                const std::string bytes = mllab::readRegularFile(file.toStdString(), "study file");
                parseStudyJson(QByteArray::fromStdString(bytes), &parsed.data, &parsed.error);
            } catch (const mllab::InputError& e) {
                parsed.error = QString::fromStdString(e.what());
            }
            return parsed;
        },
        onParsed);
}

void MainWindow::addLabPresetActions(QMenu* file)
{
    file->addAction(tr("Save lab &preset…"), this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Save lab preset"), tr("Preset name:"),
                                                   QLineEdit::Normal, QString(), &ok);
        QString error;
        if (ok && !name.trimmed().isEmpty() && !saveLabPreset(name.trimmed(), &error))
            QMessageBox::warning(this, tr("Save lab preset"), error);
    });
    file->addAction(tr("&Apply lab preset…"), this, [this] {
        QStringList names;
        if (LabView* lab = m_labArea->currentLab())
            for (const LabPresetRecord& p : m_study->labPresets(lab->labId()))
                names << p.name;
        if (names.isEmpty()) {
            QMessageBox::information(this, tr("Apply lab preset"),
                                     tr("This lab has no saved presets."));
            return;
        }
        bool ok = false;
        const QString name = QInputDialog::getItem(this, tr("Apply lab preset"), tr("Preset:"),
                                                   names, 0, false, &ok);
        QString error;
        if (ok && !applyLabPreset(name, &error))
            QMessageBox::warning(this, tr("Apply lab preset"), error);
    });
}

bool MainWindow::saveLabPreset(const QString& name, QString* error)
{
    LabView* lab = m_labArea->currentLab();
    if (!lab) {
        *error = tr("No lab is open.");
        return false;
    }
    QJsonObject params;
    const QMap<QString, QString> values = lab->parameters();
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        params.insert(it.key(), it.value());
    const LabPresetRecord preset{
        lab->labId(), name, QString::fromUtf8(QJsonDocument(params).toJson(QJsonDocument::Compact)),
        QDateTime::currentMSecsSinceEpoch()};
    if (m_study->saveLabPreset(preset))
        return true;
    *error = tr("The preset was not saved: %1").arg(m_study->lastError());
    return false;
}

bool MainWindow::applyLabPreset(const QString& name, QString* error)
{
    LabView* lab = m_labArea->currentLab();
    if (!lab) {
        *error = tr("No lab is open.");
        return false;
    }
    for (const LabPresetRecord& preset : m_study->labPresets(lab->labId())) {
        if (preset.name != name)
            continue;
        const QJsonObject params = QJsonDocument::fromJson(preset.params.toUtf8()).object();
        for (auto it = params.constBegin(); it != params.constEnd(); ++it) {
            const QString problem = lab->setParameter(it.key(), it.value().toString());
            if (!problem.isEmpty()) {
                *error = tr("Preset '%1' no longer fits this lab: %2").arg(name, problem);
                lab->refresh();
                return false;
            }
        }
        lab->refresh();
        return true;
    }
    *error = tr("This lab has no preset named '%1'.").arg(name);
    return false;
}

void MainWindow::applyImport(const StudyData& data)
{
    // The replacement is one transaction on a second connection in a worker thread; the dialog
    // keeps the user from writing through the main connection meanwhile.
    auto* busy = new QProgressDialog(tr("Importing study data…"), QString(), 0, 0, this);
    busy->setWindowModality(Qt::WindowModal);
    busy->setMinimumDuration(300);
    const int reviews = int(data.reviews.size());
    const auto onReplaced = [this, busy, reviews](const QString& error) {
        busy->deleteLater();
        if (!error.isEmpty())
            QMessageBox::warning(this, tr("Import study data"),
                                 tr("Nothing was changed: %1").arg(error));
        else
            statusBar()->showMessage(tr("Imported %n review(s)", nullptr, reviews), 6000);
        onStudyDataChanged();
        Q_EMIT studyImported(error.isEmpty());
    };
    m_jobs->submit(
        QStringLiteral("study/replace"), tr("Importing study data"), this,
        [path = m_study->path(), data](const mllab::Progress&) {
            StudyStore worker;
            const StudyStore::OpenResult opened =
                worker.open(path, StudyStore::Access::SharedWriter);
            if (!opened.ok())
                return opened.message;
            return worker.replaceAll(data) ? QString() : worker.lastError();
        },
        onReplaced);
}
