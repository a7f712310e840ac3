// mllab: the desktop application.
#include "app/AppOptions.h"
#include "app/charts/Theme.h"
#include "app/HeadlessExport.h"
#include "app/jobs/JobRunner.h"
#include "app/labs/LabArea.h"
#include "app/labs/LabRegistry.h"
#include "app/labs/LabView.h"
#include "app/StartLab.h"
#include "app/study/MockInterviewView.h"
#include "app/study/QuestionBank.h"
#include "app/study/Scheduler.h"
#include "app/study/StudySample.h"
#include "app/study/StudyStore.h"
#include "app/window/LinkServer.h"
#include "app/window/MainWindow.h"
#include "app/window/PresentationMode.h"
#include "engine/labs/lesson.h"
#include "engine/labs/registry.h"
#include "engine/runtime.h"

#include <QApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QFileInfo>
#include <QImage>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

#include <cstdio>
#include <memory>
#include <optional>

namespace {

int usageError(const QString& message)
{
    std::fprintf(stderr, "mllab: %s\n\n%s", qPrintable(message), qPrintable(AppOptions::usage()));
    return 2;
}

void installTranslations(QCoreApplication& app, const QString& language)
{
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    if (!language.isEmpty())
        QLocale::setDefault(locale);
    auto* own = new QTranslator(&app);
    if (own->load(locale, QStringLiteral("mllab"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        app.installTranslator(own);
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
}

/// A refused lab state: one line naming the problem, exit 2.
int stateError(const QString& message)
{
    std::fprintf(stderr, "mllab: %s\n", qPrintable(message));
    return 2;
}

int printBytes(const QByteArray& text)
{
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    return 0;
}

QuestionBank loadBank(const AppOptions& options)
{
    QuestionBank bank;
    bank.load(options.contentDir.isEmpty() ? QuestionBank::builtInFolder() : options.contentDir,
              LabRegistry::knownLabIds());
    return bank;
}

/// Opens the study data (with choices on problems unless taking a screenshot) and the mode.
/// Returns whether a problem of the study data must fail a headless run: the study data named by
/// --study-db, or an existing default file, could not be opened (or failed its integrity check,
/// which ends in a job: read window.studyProblem() once the jobs are done).
bool startStudy(MainWindow& window, const AppOptions& options)
{
    const QString path = options.studyDb.isEmpty() ? StudyStore::defaultPath() : options.studyDb;
    const bool screenshot = !options.screenshot.isEmpty();
    const bool counts = !options.studyDb.isEmpty() || QFileInfo::exists(path);
    // A screenshot never creates or changes the user's own study data.
    window.openStudyData(path, !screenshot, screenshot && options.studyDb.isEmpty());
    StudyStore* store = window.studyStore();
    if (options.studySample && store->isWritable() && !store->hasReviews())
        fillSampleHistory(*store, window.bank(), FsrsScheduler(),
                          QDateTime::currentMSecsSinceEpoch());
    if (options.mode == QLatin1String("review"))
        window.setMode(MainWindow::Mode::Review);
    else if (options.mode == QLatin1String("dashboard"))
        window.setMode(MainWindow::Mode::Dashboard);
    else if (options.mode.startsWith(QLatin1String("mock")))
        window.setMode(MainWindow::Mode::Mock);
    else
        window.setMode(MainWindow::Mode::Browse);
    if (options.mode == QLatin1String("mock-session"))
        window.mockView()->start();
    return counts;
}

std::vector<mllab::labs::LabState> lessonStates(const mllab::labs::Lesson& lesson)
{
    std::vector<mllab::labs::LabState> states;
    for (const auto& step : lesson.steps)
        states.push_back(step.state);
    return states;
}

int takeScreenshot(MainWindow& window, const AppOptions& options, bool studyProblemCounts)
{
    window.resize(options.size);
    window.show();
    waitForResult(window, 120'000);
    const QString studyProblem = studyProblemCounts ? window.studyProblem() : QString();
    const QImage image = window.grab().toImage();
    if (!image.save(options.screenshot, "PNG")) {
        std::fprintf(stderr, "mllab: cannot write screenshot '%s'\n", qPrintable(options.screenshot));
        return 1;
    }
    // The picture is kept (it shows the message), but a script must not take it for a result.
    if (const LabView* lab = window.labArea()->currentLab(); lab && !lab->errorText().isEmpty()) {
        std::fprintf(stderr, "mllab: the %s lab shows an error: %s\n", qPrintable(lab->labId()),
                     qPrintable(lab->errorText()));
        return 1;
    }
    if (!studyProblem.isEmpty()) {
        std::fprintf(stderr, "mllab: study data: %s\n", qPrintable(studyProblem));
        return 1;
    }
    // A read or write that failed after a good open (the mode's session, the sample history).
    if (const StudyStore* store = window.studyStore();
        store && store->isOpen() && !store->lastError().isEmpty()) {
        std::fprintf(stderr, "mllab: study data: %s\n", qPrintable(store->lastError()));
        return 1;
    }
    return 0;
}

/// Prints the question bank as JSON (problems on stderr) without opening a window.
int listQuestions(const AppOptions& options)
{
    const QuestionBank bank = loadBank(options);
    for (const ContentProblem& p : bank.problems())
        std::fprintf(stderr, "mllab: %s\n", qPrintable(p.toString()));
    std::fwrite(bank.toJson().constData(), 1, size_t(bank.toJson().size()), stdout);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication::setOrganizationName(QStringLiteral("MLLab"));
    QCoreApplication::setApplicationName(QStringLiteral("MLLab"));
    QCoreApplication::setApplicationVersion(QString::fromStdString(mllab::mllabVersion()));
    // Lets the desktop match windows to org.mllab.mllab.desktop (icon, name, pinning).
    QGuiApplication::setDesktopFileName(QStringLiteral(MLLAB_APP_ID));

    // An export never shows a window, on a desktop or not.
    if (AppOptions::isHeadless(argc, argv) && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> app;
    if (AppOptions::isConsoleOnly(argc, argv))
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);

    const AppOptions options = AppOptions::parse(QCoreApplication::arguments());
    if (!options.error.isEmpty())
        return usageError(options.error);
    if (options.help) {
        std::printf("%s", qPrintable(AppOptions::usage()));
        return 0;
    }
    if (options.version) {
        std::printf("mllab %s\n", qPrintable(QCoreApplication::applicationVersion()));
        return 0;
    }
    if (options.listQuestions)
        return listQuestions(options);
    installTranslations(*app, options.language);
    if (!options.palette.isEmpty() && qobject_cast<QApplication*>(app.get())) {
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(options.palette == QLatin1String("dark") ? theme::darkPalette()
                                                                          : theme::lightPalette());
    }
    if (options.listLabs)
        return printBytes(labListJson(loadBank(options)));
    const StartLab start = resolveStartLab(options);
    if (!start.error.isEmpty())
        return stateError(start.error);
    if (options.describe)
        return printBytes(labDescriptionJson(*mllab::labs::findLabSpec(start.state->lab)));
    if (options.printState) {
        if (!start.state)
            return stateError(QStringLiteral("--print-state needs a lab (--lab ID, a link or a state file)"));
        return printBytes(labStateJson(*start.state));
    }
    std::optional<mllab::labs::Lesson> lesson;
    if (!options.lesson.isEmpty()) {
        try {
            lesson = mllab::labs::readLessonFile(options.lesson.toStdString());
        } catch (const mllab::InputError& e) {
            return stateError(QString::fromStdString(e.what()));
        }
    }
    const bool headless = !options.exportDir.isEmpty();
    // A link, state file or lesson opened while MLLab runs goes to the open window.
    const QString handOver =
        !options.open.isEmpty() ? options.open : QFileInfo(options.lesson).absoluteFilePath();
    if ((!options.open.isEmpty() || !options.lesson.isEmpty()) && options.screenshot.isEmpty() &&
        !headless && !options.presentation && LinkServer::sendToRunningInstance(handOver))
        return 0;
    mllab::configureComputeThreads(0);

    MainWindow window;
    window.loadContent(options.contentDir);
    if (headless)
        return exportStates(window, lesson ? lessonStates(*lesson) : std::vector{*start.state},
                            options.exportDir, options.size);
    if (options.screenshot.isEmpty())
        window.restoreLayout();
    if (!options.question.isEmpty() && !window.openQuestion(options.question))
        return usageError(QStringLiteral("unknown question '%1'").arg(options.question));
    if (start.state)
        window.openLabState(*start.state);
    const bool studyProblemCounts = startStudy(window, options);
    if (lesson) {
        QString error;
        if (!window.openLesson(options.lesson, &error))
            return stateError(error);
    }
    if (options.presentation)
        window.presentation()->setOn(true, options.screenshot.isEmpty());
    if (!options.screenshot.isEmpty())
        return takeScreenshot(window, options, studyProblemCounts);
    LinkServer server;
    QObject::connect(&server, &LinkServer::received, &window, &MainWindow::openLinkOrFile);
    server.listen();
    window.show();
    return app->exec();
}
