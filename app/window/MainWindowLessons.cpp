// MainWindow's lesson side: the Lesson menu (new, open, save, add the current lab state as a
// step, edit, reorder, remove, presenter notes), the keys that play a lesson (PageDown/Right,
// PageUp/Left, 1-4, Space), and the cover that hides a lab's result until the class predicts.
#include "app/labs/LabArea.h"
#include "app/labs/LabView.h"
#include "app/lessons/LessonBar.h"
#include "app/lessons/LessonController.h"
#include "app/lessons/PredictionCover.h"
#include "app/lessons/PresenterNotes.h"
#include "app/lessons/StepEditor.h"
#include "app/window/MainWindow.h"
#include "app/window/PresentationMode.h"

#include <QFileDialog>
#include <QInputDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QShortcut>
#include <QStatusBar>

namespace {

QString lessonFilter()
{
    return QObject::tr("MLLab lessons (*.mllab-lesson)");
}

} // namespace

void MainWindow::buildLessonMenu()
{
    m_lesson = new LessonController(m_jobs, this);
    m_lessonBar = new LessonBar(m_lesson);
    m_lessonBar->hide();
    m_labArea->addTopBar(m_lessonBar);
    m_cover = new PredictionCover(m_labArea->labStack());
    m_cover->hide();
    connect(m_presentation, &PresentationMode::toggled, m_cover,
            [this](bool on) { m_cover->setTextScale(on ? m_presentation->textScale() : 1.0); });
    connect(m_lesson, &LessonController::stepShown, this, &MainWindow::showLessonStep);
    connect(m_lesson, &LessonController::predictionChanged, this, &MainWindow::showPrediction);
    connect(m_lesson, &LessonController::errorOccurred, this,
            [this](const QString& message) { statusBar()->showMessage(message, 8000); });
    connect(m_cover, &PredictionCover::chosen, m_lesson, &LessonController::choose);
    connect(m_cover, &PredictionCover::revealRequested, m_lesson, &LessonController::reveal);
    connect(m_lessonBar, &LessonBar::notesRequested, this, &MainWindow::showPresenterNotes);
    connect(m_lessonBar, &LessonBar::editRequested, this, &MainWindow::editLessonStep);
    connect(m_lessonBar, &LessonBar::closeRequested, this, &MainWindow::closeLesson);

    QMenu* menu = menuBar()->addMenu(tr("L&esson"));
    menu->addAction(tr("&New lesson…"), this, &MainWindow::newLesson);
    menu->addAction(tr("&Open lesson…"), this, [this] {
        if (!lessonMayClose())
            return;
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Open lesson"), QString(), lessonFilter());
        QString error;
        if (!path.isEmpty() && !openLesson(path, &error))
            QMessageBox::warning(this, tr("Open lesson"), error);
    });
    menu->addAction(tr("&Rename lesson…"), this, [this] {
        if (!m_lesson->isOpen())
            return;
        bool ok = false;
        const QString title =
            QInputDialog::getText(this, tr("Rename lesson"), tr("Title:"), QLineEdit::Normal,
                                  QString::fromStdString(m_lesson->lesson().title), &ok);
        if (ok && !title.trimmed().isEmpty())
            m_lesson->setTitle(title.trimmed());
    });
    menu->addAction(tr("&Save lesson"), this, [this] { saveLesson(false); });
    menu->addAction(tr("Save lesson &as…"), this, [this] { saveLesson(true); });
    menu->addSeparator();
    menu->addAction(tr("Add current lab state as &step"), QKeySequence(tr("Ctrl+Shift+A")), this,
                    &MainWindow::addLessonStep);
    menu->addAction(tr("&Edit step…"), this, &MainWindow::editLessonStep);
    menu->addAction(tr("Move step &earlier"), this, [this] { m_lesson->moveCurrent(-1); });
    menu->addAction(tr("Move step &later"), this, [this] { m_lesson->moveCurrent(+1); });
    menu->addAction(tr("&Remove step"), this, [this] { m_lesson->removeCurrent(); });
    menu->addSeparator();
    menu->addAction(tr("&Presenter notes"), this, &MainWindow::showPresenterNotes);
    menu->addAction(tr("&Close lesson"), this, &MainWindow::closeLesson);

    const auto key = [this](QKeySequence sequence, auto slot) {
        auto* shortcut = new QShortcut(sequence, this, slot);
        shortcut->setEnabled(false);
        m_lessonKeys << shortcut;
    };
    key(QKeySequence(Qt::Key_PageDown), [this] { m_lesson->next(); });
    key(QKeySequence(Qt::Key_Right), [this] { m_lesson->next(); });
    key(QKeySequence(Qt::Key_PageUp), [this] { m_lesson->back(); });
    key(QKeySequence(Qt::Key_Left), [this] { m_lesson->back(); });
    key(QKeySequence(Qt::Key_Space), [this] { m_lesson->reveal(); });
    for (int choice = 0; choice < 4; ++choice)
        key(QKeySequence(Qt::Key_1 + choice), [this, choice] { m_lesson->choose(choice); });
}

bool MainWindow::openLesson(const QString& path, QString* error)
{
    if (!m_lesson->open(path, error))
        return false;
    statusBar()->showMessage(tr("Lesson: %1").arg(path), 4000);
    return true;
}

void MainWindow::newLesson()
{
    if (!lessonMayClose())
        return;
    bool ok = false;
    const QString title = QInputDialog::getText(this, tr("New lesson"), tr("Title:"),
                                                QLineEdit::Normal, tr("My lesson"), &ok);
    if (!ok || title.trimmed().isEmpty())
        return;
    m_lesson->newLesson(title.trimmed());
    addLessonStep(); // a lesson starts from what is on screen
}

bool MainWindow::saveLesson(bool chooseFile)
{
    if (!m_lesson->isOpen())
        return false;
    QString path = m_lesson->path();
    if (chooseFile || path.isEmpty())
        path = QFileDialog::getSaveFileName(this, tr("Save lesson"),
                                            path.isEmpty() ? tr("lesson.mllab-lesson") : path,
                                            lessonFilter());
    if (path.isEmpty())
        return false;
    QString error;
    if (!m_lesson->save(path, &error)) {
        QMessageBox::warning(this, tr("Save lesson"), error);
        return false;
    }
    statusBar()->showMessage(tr("Lesson saved to %1").arg(path), 4000);
    return true;
}

bool MainWindow::lessonMayClose()
{
    if (!m_lesson->isOpen() || !m_lesson->isModified())
        return true;
    const auto answer = QMessageBox::question(
        this, tr("Lesson"), tr("The lesson has changes that are not saved. Save them?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return saveLesson(false);
    return answer == QMessageBox::Discard;
}

void MainWindow::addLessonStep()
{
    const LabView* lab = m_labArea->currentLab();
    if (!lab)
        return;
    if (!m_lesson->isOpen())
        m_lesson->newLesson(tr("My lesson"));
    m_lesson->addStep(lab->state(), m_labArea->currentLabTitle());
}

void MainWindow::editLessonStep()
{
    if (!m_lesson->currentStep())
        return;
    StepEditor editor(m_lesson, this);
    editor.exec();
}

void MainWindow::showPresenterNotes()
{
    if (!m_notes)
        m_notes = new PresenterNotes(m_lesson, this);
    m_notes->show();
    m_notes->raise();
}

void MainWindow::closeLesson()
{
    if (!lessonMayClose())
        return;
    m_lesson->close();
    if (m_notes)
        m_notes->hide();
}

void MainWindow::showLessonStep(int index)
{
    if (index < 0 || index >= m_lesson->stepCount())
        return;
    openLabState(m_lesson->lesson().steps[std::size_t(index)].state);
}

void MainWindow::showPrediction()
{
    const bool playing = m_lesson->isOpen();
    m_lessonBar->setVisible(playing);
    for (QShortcut* key : std::as_const(m_lessonKeys))
        key->setEnabled(playing && m_lesson->stepCount() > 0);
    const auto* step = m_lesson->currentStep();
    if (!playing || !step || !m_lesson->awaitsPrediction()) {
        m_cover->hide();
        return;
    }
    if (m_cover->isHidden() || m_cover->property("step").toInt() != m_lesson->current()) {
        QStringList choices;
        for (const std::string& c : step->prediction->choices)
            choices << QString::fromStdString(c);
        m_cover->ask(QString::fromStdString(step->prediction->question), choices);
        m_cover->setProperty("step", m_lesson->current());
    }
    m_cover->setChosen(m_lesson->chosen());
}
