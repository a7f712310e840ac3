#pragma once
// The mllab command line. Parsing never exits: the caller decides (help and version exit 0,
// usage errors exit 2).

#include <QCommandLineOption>
#include <QList>
#include <QSize>
#include <QString>
#include <QStringList>

struct AppOptions {
    bool help = false;
    bool version = false;
    bool listQuestions = false;  ///< print the question bank as JSON, no window
    QString lab;                 ///< --lab ID
    QString question;            ///< --question ID
    QString screenshot;          ///< --screenshot FILE
    QSize size{1280, 800};       ///< --size WxH (window size for screenshots)
    QString language;            ///< --lang CODE
    QString contentDir;          ///< --content DIR
    QStringList settings;        ///< --set key=value, applied to the lab
    QString studyDb;             ///< --study-db PATH (default: the app data folder)
    QString mode;                ///< --mode browse|review|mock|mock-session|dashboard
    bool studySample = false;    ///< --study-sample: fill an empty study database with a sample
    bool listLabs = false;       ///< --list-labs: print the labs as JSON, no window
    bool describe = false;       ///< --describe: print the --lab's declaration as JSON
    bool printState = false;     ///< --print-state: print the lab state as JSON, no computing
    QString open;                ///< a lab link (mllab://lab/...) or a state file (*.mllab)
    QString palette;             ///< --palette light|dark (empty: the desktop's)
    QString exportDir;           ///< --export-dir DIR: write the lab's charts and data, no window
    QString lesson;              ///< --lesson FILE (*.mllab-lesson)
    bool presentation = false;   ///< --presentation: start in presentation mode
    QString error;               ///< non-empty: a usage error to print before exiting 2

    static AppOptions parse(const QStringList& arguments);
    static QString usage();
    /// Every option, as --help lists them (the mllab(1) manual page is made from these).
    static QList<QCommandLineOption> declaredOptions();
    /// True when the arguments ask for something that needs no window (help, version, listing).
    static bool isConsoleOnly(int argc, char** argv);
    /// True for --export-dir: the window is never shown (the offscreen platform is used).
    static bool isHeadless(int argc, char** argv);
};
