#include "app/AppOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRegularExpression>
#include <QUrl>

#include <cstring>

namespace {

struct ParserSetup {
    QCommandLineParser parser;
    QCommandLineOption help{{QStringLiteral("h"), QStringLiteral("help")},
                            QCoreApplication::translate("AppOptions", "Show this help and exit.")};
    QCommandLineOption version{{QStringLiteral("v"), QStringLiteral("version")},
                               QCoreApplication::translate("AppOptions", "Show the version and exit.")};
    QCommandLineOption lab{QStringLiteral("lab"),
                           QCoreApplication::translate("AppOptions", "Open the lab with this id."),
                           QStringLiteral("ID")};
    QCommandLineOption question{QStringLiteral("question"),
                                QCoreApplication::translate("AppOptions", "Open the question with this id."),
                                QStringLiteral("ID")};
    QCommandLineOption screenshot{
        QStringLiteral("screenshot"),
        QCoreApplication::translate("AppOptions",
                                    "Render the window to a PNG once the lab has computed, then exit."),
        QStringLiteral("FILE")};
    QCommandLineOption size{QStringLiteral("size"),
                            QCoreApplication::translate("AppOptions", "Window size for --screenshot [1280x800]."),
                            QStringLiteral("WxH")};
    QCommandLineOption lang{QStringLiteral("lang"),
                            QCoreApplication::translate("AppOptions", "User-interface language (de, es, en)."),
                            QStringLiteral("CODE")};
    QCommandLineOption set{QStringLiteral("set"),
                           QCoreApplication::translate("AppOptions", "Set a lab parameter (repeatable)."),
                           QStringLiteral("KEY=VALUE")};
    QCommandLineOption content{
        QStringLiteral("content"),
        QCoreApplication::translate("AppOptions", "Load questions from this folder instead of the built-in bank."),
        QStringLiteral("DIR")};
    QCommandLineOption listQuestions{
        QStringLiteral("list-questions"),
        QCoreApplication::translate("AppOptions", "Print the question bank as JSON and exit.")};

    QCommandLineOption studyDb{
        QStringLiteral("study-db"),
        QCoreApplication::translate(
            "AppOptions", "Keep study data in this SQLite file instead of the app data folder."),
        QStringLiteral("PATH")};
    QCommandLineOption mode{
        QStringLiteral("mode"),
        QCoreApplication::translate(
            "AppOptions",
            "Start in this mode: browse, review, mock, mock-session (a mock interview "
            "already started) or dashboard."),
        QStringLiteral("MODE")};
    QCommandLineOption studySample{
        QStringLiteral("study-sample"),
        QCoreApplication::translate(
            "AppOptions", "Fill an empty study database with a sample three-week history.")};
    QCommandLineOption palette{
        QStringLiteral("palette"),
        QCoreApplication::translate("AppOptions",
                                    "Colours: light or dark instead of the desktop's palette."),
        QStringLiteral("NAME")};
    QCommandLineOption listLabs{
        QStringLiteral("list-labs"),
        QCoreApplication::translate("AppOptions",
                                    "Print the labs and the questions each illustrates as JSON and exit.")};
    QCommandLineOption describe{
        QStringLiteral("describe"),
        QCoreApplication::translate("AppOptions",
                                    "Print the parameters of the lab given by --lab as JSON and exit.")};
    QCommandLineOption printState{
        QStringLiteral("print-state"),
        QCoreApplication::translate(
            "AppOptions",
            "Print the lab's full state (with --set, a link or a state file) as JSON and exit, "
            "without computing.")};

    QCommandLineOption exportDir{
        QStringLiteral("export-dir"),
        QCoreApplication::translate(
            "AppOptions",
            "Without showing a window, compute the lab state (--lab, --set, a link or a state "
            "file) or every step of --lesson and write into DIR, per state NN: NN-LAB.png of "
            "the lab, NN-LAB-CHART.png and .csv per chart, and NN-LAB.mllab; then exit."),
        QStringLiteral("DIR")};
    QCommandLineOption lesson{
        QStringLiteral("lesson"),
        QCoreApplication::translate("AppOptions", "Open a lesson (*.mllab-lesson) and play it."),
        QStringLiteral("FILE")};
    QCommandLineOption presentation{
        QStringLiteral("presentation"),
        QCoreApplication::translate("AppOptions",
                                    "Start in presentation mode (large chart text, lab only).")};

    ParserSetup()
    {
        parser.setApplicationDescription(QCoreApplication::translate(
            "AppOptions", "MLLab: a desktop lab for AI/ML interview study."));
        parser.addPositionalArgument(
            QStringLiteral("LINK|FILE"),
            QCoreApplication::translate("AppOptions",
                                        "Open a lab link (mllab://lab/ID?key=value&hide=k1,k2), "
                                        "a lab state file (*.mllab) or a lesson (*.mllab-lesson)."),
            QStringLiteral("[LINK|FILE]"));
        parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
        parser.addOptions(all());
    }

    /// In the order --help lists them.
    QList<QCommandLineOption> all() const
    {
        return {help,     version,  lab,           question,  screenshot, size,        lang,
                set,      content,  listQuestions, studyDb,   mode,       studySample, palette,
                listLabs, describe, printState,    exportDir, lesson,     presentation};
    }
};

} // namespace

AppOptions AppOptions::parse(const QStringList& arguments)
{
    ParserSetup s;
    AppOptions o;
    if (!s.parser.parse(arguments)) {
        o.error = s.parser.errorText();
        return o;
    }
    const QStringList positional = s.parser.positionalArguments();
    if (positional.size() > 1) {
        o.error = QCoreApplication::translate("AppOptions", "Unexpected argument '%1'.")
                      .arg(positional.at(1));
        return o;
    }
    o.open = positional.value(0);
    // A lesson file given as the file to open (a file manager, the desktop entry) plays it.
    if (o.open.endsWith(QLatin1String(".mllab-lesson"))) {
        o.lesson =
            o.open.startsWith(QLatin1String("file://")) ? QUrl(o.open).toLocalFile() : o.open;
        o.open.clear();
    }
    o.help = s.parser.isSet(s.help);
    o.version = s.parser.isSet(s.version);
    o.listQuestions = s.parser.isSet(s.listQuestions);
    o.lab = s.parser.value(s.lab);
    o.question = s.parser.value(s.question);
    o.screenshot = s.parser.value(s.screenshot);
    o.language = s.parser.value(s.lang);
    o.contentDir = s.parser.value(s.content);
    o.settings = s.parser.values(s.set);
    o.studyDb = s.parser.value(s.studyDb);
    o.mode = s.parser.value(s.mode);
    o.studySample = s.parser.isSet(s.studySample);
    o.palette = s.parser.value(s.palette);
    if (!o.palette.isEmpty() && o.palette != QLatin1String("light") &&
        o.palette != QLatin1String("dark")) {
        o.error = QCoreApplication::translate("AppOptions", "--palette needs light or dark, got '%1'.")
                      .arg(o.palette);
        return o;
    }
    o.listLabs = s.parser.isSet(s.listLabs);
    o.describe = s.parser.isSet(s.describe);
    o.printState = s.parser.isSet(s.printState);
    o.exportDir = s.parser.value(s.exportDir);
    if (s.parser.isSet(s.lesson))
        o.lesson = s.parser.value(s.lesson);
    o.presentation = s.parser.isSet(s.presentation);
    if (!o.exportDir.isEmpty() && o.lesson.isEmpty() && o.lab.isEmpty() && o.open.isEmpty()) {
        o.error = QCoreApplication::translate(
            "AppOptions",
            "--export-dir needs a lab state (--lab ID, a link or a state file) or --lesson FILE.");
        return o;
    }
    if (!o.lesson.isEmpty() && (!o.lab.isEmpty() || !o.open.isEmpty() || !o.settings.isEmpty())) {
        o.error = QCoreApplication::translate(
            "AppOptions",
            "--lesson brings its own lab states: leave out --lab, --set and LINK|FILE.");
        return o;
    }
    if (o.describe && o.lab.isEmpty()) {
        o.error = QCoreApplication::translate("AppOptions", "--describe needs a lab (--lab ID).");
        return o;
    }
    const QStringList modes{QStringLiteral("browse"), QStringLiteral("review"),
                            QStringLiteral("mock"), QStringLiteral("mock-session"),
                            QStringLiteral("dashboard")};
    if (!o.mode.isEmpty() && !modes.contains(o.mode)) {
        o.error = QCoreApplication::translate("AppOptions", "--mode needs one of %1, got '%2'.")
                      .arg(modes.join(QStringLiteral(", ")), o.mode);
        return o;
    }
    if (s.parser.isSet(s.size)) {
        const auto m = QRegularExpression(QStringLiteral("^(\\d{3,4})x(\\d{3,4})$")).match(s.parser.value(s.size));
        if (!m.hasMatch()) {
            o.error = QCoreApplication::translate("AppOptions", "--size needs WIDTHxHEIGHT, e.g. 1920x1080.");
            return o;
        }
        o.size = QSize(m.captured(1).toInt(), m.captured(2).toInt());
    }
    for (const QString& kv : o.settings) {
        if (!kv.contains(QLatin1Char('='))) {
            o.error = QCoreApplication::translate("AppOptions", "--set needs KEY=VALUE, got '%1'.").arg(kv);
            return o;
        }
    }
    return o;
}

QString AppOptions::usage()
{
    ParserSetup s;
    return s.parser.helpText();
}

QList<QCommandLineOption> AppOptions::declaredOptions()
{
    return ParserSetup().all();
}

bool AppOptions::isHeadless(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--export-dir") == 0 ||
            std::strncmp(argv[i], "--export-dir=", 13) == 0)
            return true;
    return false;
}

bool AppOptions::isConsoleOnly(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        for (const char* flag : {"--help", "-h", "--version", "-v", "--list-questions",
                                 "--list-labs", "--describe", "--print-state"})
            if (std::strcmp(argv[i], flag) == 0)
                return true;
    }
    return false;
}
