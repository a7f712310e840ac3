// The mllab executable's command line: help, version, unknown flags, and --screenshot.
#include "tests/support/apptest.h"
#include "tests/support/bigstudy.h"

#include "app/study/StudyStore.h"
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Run = apptest::AppRun;
using apptest::distinctColours;

/// mllab with its settings in a throw-away folder.
Run runMllab(const QStringList& args)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), QDir::tempPath() + QStringLiteral("/mllab-test-config"));
    return apptest::runMllab(args, env, 120000);
}

} // namespace

class TestAppCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void helpExitsZero()
    {
        const Run r = runMllab({QStringLiteral("--help")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("--screenshot")));
        QVERIFY(r.out.contains(QStringLiteral("--lab")));
        QVERIFY(r.out.contains(QStringLiteral("--study-db")));
        QVERIFY(r.out.contains(QStringLiteral("--mode")));
    }

    void versionExitsZero()
    {
        const Run r = runMllab({QStringLiteral("--version")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("mllab 0.")));
    }

    void listQuestionsPrintsJson()
    {
        const Run r = runMllab({QStringLiteral("--list-questions")});
        QCOMPARE(r.code, 0);
        const QJsonArray array = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(array.size(), 72);
        QCOMPARE(array.first().toObject().value(QStringLiteral("number")).toInt(), 1);
        QVERIFY(array.first().toObject().value(QStringLiteral("tags")).isArray());
        QVERIFY(r.err.isEmpty());
    }

    void listQuestionsFromContentFolder()
    {
        const Run r = runMllab({QStringLiteral("--list-questions"), QStringLiteral("--content"),
                                QStringLiteral(MLLAB_SOURCE_DIR "/content/questions")});
        QCOMPARE(r.code, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), 72);
    }

    void unknownFlagExitsTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << QStringLiteral("frobnicate");
        QTest::newRow("missing value") << QStringList{QStringLiteral("--lab")} << QStringLiteral("lab");
        QTest::newRow("two positionals") << QStringList{QStringLiteral("a.mllab"), QStringLiteral("stray")} << QStringLiteral("stray");
        QTest::newRow("bad size") << QStringList{QStringLiteral("--size"), QStringLiteral("big")} << QStringLiteral("--size");
        QTest::newRow("unknown question") << QStringList{QStringLiteral("--question"), QStringLiteral("nope"), QStringLiteral("--screenshot"), QStringLiteral("x.png")} << QStringLiteral("unknown question 'nope'");
    }

    void badLabStateExitsTwoWithOneLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown lab") << QStringList{QStringLiteral("--lab"), QStringLiteral("nope"), QStringLiteral("--screenshot"), QStringLiteral("x.png")} << QStringLiteral("unknown lab 'nope'");
        QTest::newRow("bad set") << QStringList{QStringLiteral("--lab"), QStringLiteral("monte-carlo"), QStringLiteral("--set"), QStringLiteral("samples=-1"), QStringLiteral("--screenshot"), QStringLiteral("x.png")} << QStringLiteral("samples must be from 1 to 1000000000, got '-1'");
        QTest::newRow("not a state file") << QStringList{QStringLiteral("stray")} << QStringLiteral("stray");
    }

    void badLabStateExitsTwoWithOneLine()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = runMllab(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        // One line of ours (Qt may add its own notes about the platform).
        QCOMPARE(r.err.count(QStringLiteral("mllab:")), 1);
        QVERIFY(!r.err.contains(QStringLiteral("Usage")));
    }

    void unknownFlagExitsTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = runMllab(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.err.contains(QStringLiteral("Usage")));
    }

    void unknownModeIsAUsageError()
    {
        const Run r = runMllab({QStringLiteral("--mode"), QStringLiteral("karaoke")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("--mode")));
    }

    void screenshotWritesNonBlankPng_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QSize>("size");
        QTest::newRow("default") << QStringList{} << QSize(1280, 800);
        QTest::newRow("question") << QStringList{QStringLiteral("--question"), QStringLiteral("pca")} << QSize(1280, 800);
        QTest::newRow("demo lab 1080p") << QStringList{QStringLiteral("--lab"), QStringLiteral("monte-carlo"),
                                                    QStringLiteral("--size"), QStringLiteral("1920x1080")}
                                     << QSize(1920, 1080);
        QTest::newRow("study dashboard")
            << QStringList{QStringLiteral("--study-db"), QStringLiteral("@DIR@/s.sqlite"),
                           QStringLiteral("--study-sample"), QStringLiteral("--mode"),
                           QStringLiteral("dashboard")}
            << QSize(1280, 800);
        QTest::newRow("mock session")
            << QStringList{QStringLiteral("--study-db"), QStringLiteral("@DIR@/s.sqlite"),
                           QStringLiteral("--mode"), QStringLiteral("mock-session")}
            << QSize(1280, 800);
    }

    void screenshotWritesNonBlankPng()
    {
        QFETCH(QStringList, extra);
        QFETCH(QSize, size);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("shot.png"));
        extra.replaceInStrings(QStringLiteral("@DIR@"), dir.path());
        const Run r = runMllab(QStringList{QStringLiteral("--screenshot"), path} + extra);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QImage image(path);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), size);
        QVERIFY(distinctColours(image) > 50);
    }

    void screenshotOfALabShowingAnErrorExitsNonZero()
    {
        // A lab that cannot compute shows its message; a script must not take that picture for
        // a result, so the exit code says so and stderr carries the lab's message.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("error.png"));
        QProcessEnvironment env;
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("MLLAB_MODEL"), dir.filePath(QStringLiteral("missing.safetensors")));
        const Run r = apptest::runMllab({QStringLiteral("--lab"), QStringLiteral("sampling"),
                                         QStringLiteral("--screenshot"), path},
                                        env, 120000);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("the sampling lab shows an error")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("missing.safetensors")), qPrintable(r.err));
        QVERIFY2(!QImage(path).isNull(), "the picture of the error is still written");
    }

    void screenshotWithUnusableStudyDataExitsNonZero()
    {
        // --study-db names a file that is not a study database: the picture is taken, but a
        // script learns from the exit code and stderr that the study data was not available.
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("damaged.sqlite"));
        QFile damaged(db);
        QVERIFY(damaged.open(QIODevice::WriteOnly));
        damaged.write(QByteArray(4096, 'x'));
        damaged.close();
        const QString path = dir.filePath(QStringLiteral("shot.png"));
        const Run r =
            runMllab({QStringLiteral("--lab"), QStringLiteral("activations"),
                      QStringLiteral("--study-db"), db, QStringLiteral("--screenshot"), path});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("study data")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("damaged.sqlite")), qPrintable(r.err));
        QVERIFY(!QImage(path).isNull());
        QCOMPARE(damaged.size(), qint64(4096)); // nothing was changed
    }

    void screenshotWithAFailedStudyWriteExitsNonZero()
    {
        // The database opens, but the mock session's first write fails (a trigger stands in
        // for a full disk): the headless run must not report success.
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("study.sqlite"));
        {
            StudyStore store;
            QVERIFY(store.open(db).ok());
        }
        {
            QSqlDatabase sql =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("trigger"));
            sql.setDatabaseName(db);
            QVERIFY(sql.open());
            QSqlQuery query(sql);
            QVERIFY(query.exec(
                QStringLiteral("CREATE TRIGGER no_sessions BEFORE INSERT ON sessions "
                               "BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END")));
            sql.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("trigger"));
        const QString path = dir.filePath(QStringLiteral("shot.png"));
        const Run r =
            runMllab({QStringLiteral("--mode"), QStringLiteral("mock-session"),
                      QStringLiteral("--study-db"), db, QStringLiteral("--screenshot"), path});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("study data")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("simulated write failure")), qPrintable(r.err));
    }

    void screenshotWithDamagedStudyPagesExitsNonZero()
    {
        // The schema reads fine; the integrity check, which runs in a job after the window
        // opens, finds the damage, and the run still fails with the message.
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("pages.sqlite"));
        QString error;
        QVERIFY2(bigstudy::createWithDamagedPages(db, &error), qPrintable(error));
        const QString path = dir.filePath(QStringLiteral("shot.png"));
        const Run r =
            runMllab({QStringLiteral("--lab"), QStringLiteral("activations"),
                      QStringLiteral("--study-db"), db, QStringLiteral("--screenshot"), path});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("integrity check")) ||
                     r.err.contains(QStringLiteral("damaged")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("pages.sqlite")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestAppCli)
#include "tst_appcli.moc"
