// Playing and authoring lessons in the window: a step opens its lab state; a prediction covers
// the lab until the class's choice is entered and Space reveals it, then the explanation shows
// the live numbers; PageDown/PageUp and the arrows move between steps; a new lesson is built from
// lab states, edited, reordered and saved, and reads back the same; bad files and bad edits are
// refused with a message naming the step and field, and nothing of the open lesson is lost.
#include "app/AppOptions.h"
#include "app/HeadlessExport.h"
#include "app/labs/LabArea.h"
#include "app/labs/LabView.h"
#include "app/lessons/LessonBar.h"
#include "app/lessons/LessonController.h"
#include "app/lessons/PresenterNotes.h"
#include "app/window/MainWindow.h"
#include "engine/labs/lesson.h"
#include "engine/labs/registry.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>

namespace ml = mllab::labs;

namespace {

QString shipped(const char* name)
{
    return QStringLiteral(MLLAB_SOURCE_DIR "/resources/lessons/") + QString::fromLatin1(name);
}

QString plain(const QString& html)
{
    QTextDocument document;
    document.setHtml(html);
    return document.toPlainText();
}

/// The widget covering the lab, when one is shown.
QWidget* cover(MainWindow& window)
{
    for (QWidget* child : window.labArea()->labStack()->findChildren<QWidget*>(
             QString(), Qt::FindDirectChildrenOnly))
        if (child->inherits("PredictionCover") && child->isVisible())
            return child;
    return nullptr;
}

void writeFile(const QString& path, const QByteArray& text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
}

} // namespace

class TestLessonPlayer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void playsAStepWithPredictThenReveal()
    {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QString error;
        QVERIFY2(window.openLesson(shipped("judging-a-classifier.mllab-lesson"), &error),
                 qPrintable(error));
        LessonController* lesson = window.lesson();
        QCOMPARE(lesson->current(), 0);
        waitForResult(window, 60000);
        QCOMPARE(window.labArea()->currentLabId(), QStringLiteral("roc"));
        QVERIFY(!cover(window)); // the first step asks nothing

        QTest::keyClick(&window, Qt::Key_PageDown);
        QCOMPARE(lesson->current(), 1);
        waitForResult(window, 60000);
        const ml::LessonStep& step = *lesson->currentStep();
        QVERIFY(step.prediction);
        QVERIFY(window.labArea()->currentLab()->state() == step.state);
        QVERIFY(cover(window)); // the result is hidden until the reveal
        QTest::keyClick(&window, Qt::Key_Space);
        QVERIFY(cover(window)); // no choice yet: Space does nothing
        const int wrong = (step.prediction->answer + 1) % int(step.prediction->choices.size());
        QTest::keyClick(&window, Qt::Key(Qt::Key_1 + wrong));
        QCOMPARE(lesson->chosen(), wrong);
        if (qEnvironmentVariableIsSet("MLLAB_TEST_SHOTS"))
            window.grab().save(QDir::temp().filePath(QStringLiteral("lesson-cover.png")));
        QTest::keyClick(&window, Qt::Key_Space);
        QVERIFY(!cover(window));
        QVERIFY(lesson->revealed());
        QTRY_VERIFY_WITH_TIMEOUT(!lesson->explanation().isEmpty(), 60000);
        QVERIFY(!lesson->explanation().contains(QLatin1Char('{'))); // the numbers are filled in
        QCOMPARE(lesson->failedChecks(), QString());
        const QString bar = plain(window.lessonBar()->explanationText());
        QVERIFY2(bar.contains(QStringLiteral("The answer:")) &&
                     bar.contains(QString::fromStdString(
                         step.prediction->choices[std::size_t(step.prediction->answer)])),
                 qPrintable(bar));
        if (qEnvironmentVariableIsSet("MLLAB_TEST_SHOTS"))
            window.grab().save(QDir::temp().filePath(QStringLiteral("lesson-reveal.png")));

        QTest::keyClick(&window, Qt::Key_Left);
        QCOMPARE(lesson->current(), 0);
        QTest::keyClick(&window, Qt::Key_Right);
        QCOMPARE(lesson->current(), 1);
        QVERIFY(!lesson->revealed()); // coming back asks again
        PresenterNotes notes(lesson);
        QVERIFY(notes.markdown().contains(QString::fromStdString(step.title)));
        QVERIFY(notes.markdown().contains(QStringLiteral("← the answer")));
    }

    void everyShippedLessonPlaysToTheEndInTheWindow()
    {
        MainWindow window;
        window.show();
        for (const char* name : {"decoding.mllab-lesson", "judging-a-classifier.mllab-lesson",
                                 "regularization.mllab-lesson"}) {
            QString error;
            QVERIFY2(window.openLesson(shipped(name), &error), qPrintable(error));
            LessonController* lesson = window.lesson();
            for (int i = 0; i < lesson->stepCount(); ++i) {
                lesson->go(i);
                // The step's state as written (a lab may then snap a value to its data, as the
                // regularization lab reads α at the nearest point of its path).
                QVERIFY(window.labArea()->currentLab()->state() == lesson->currentStep()->state);
                waitForResult(window, 120000);
                LabView* lab = window.labArea()->currentLab();
                QVERIFY2(lab->errorText().isEmpty(), qPrintable(lab->errorText()));
                if (!lesson->hasPrediction())
                    continue;
                lesson->choose(lesson->currentStep()->prediction->answer);
                QVERIFY(lesson->reveal());
                QTRY_VERIFY_WITH_TIMEOUT(!lesson->explanation().isEmpty(), 120000);
                QVERIFY2(lesson->failedChecks().isEmpty(),
                         qPrintable(QStringLiteral("%1 step %2: %3")
                                        .arg(QString::fromLatin1(name))
                                        .arg(i + 1)
                                        .arg(lesson->failedChecks())));
                QVERIFY(plain(window.lessonBar()->explanationText())
                            .startsWith(QStringLiteral("Right:")));
            }
            window.lesson()->close();
        }
    }

    void authorsSavesAndReadsBackALesson()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("mine.mllab-lesson"));
        MainWindow window;
        window.show();
        LessonController* lesson = window.lesson();
        lesson->newLesson(QStringLiteral("Thresholds"));
        window.openLab(QStringLiteral("roc"));
        lesson->addStep(window.labArea()->currentLab()->state(), QStringLiteral("Balanced"));
        auto rare = window.labArea()->currentLab()->state();
        QVERIFY(!ml::setFromText(*ml::findLabSpec("roc"), rare, "imbalance", "9"));
        lesson->addStep(rare, QStringLiteral("Rare"));
        QCOMPARE(lesson->stepCount(), 2);
        QCOMPARE(lesson->current(), 1);

        ml::LessonStep edited = *lesson->currentStep();
        edited.notes = "Point at the *PR* curve.";
        edited.prediction =
            ml::LessonPrediction{"AP?",
                                 {"falls", "stays"},
                                 0,
                                 "AP is {/result/average_precision}.",
                                 {"/result/average_precision < step1:/result/average_precision"}};
        QString error;
        QVERIFY2(lesson->editCurrent(edited, &error), qPrintable(error));

        // A bad edit is refused with its reason and changes nothing.
        ml::LessonStep bad = edited;
        bad.prediction->answer = 5;
        QVERIFY(!lesson->editCurrent(bad, &error));
        QVERIFY2(error.contains(QStringLiteral("step 2")) &&
                     error.contains(QStringLiteral("answer")),
                 qPrintable(error));
        QCOMPARE(lesson->currentStep()->prediction->answer, 0);

        lesson->moveCurrent(-1);
        QCOMPARE(lesson->current(), 0);
        QCOMPARE(lesson->currentStep()->title, std::string("Rare"));
        lesson->moveCurrent(+1);
        QVERIFY(!lesson->save(QStringLiteral("/proc/no-such-place/mine.mllab-lesson"), &error));
        QVERIFY2(error.contains(QStringLiteral("/proc/no-such-place")), qPrintable(error));
        QVERIFY(lesson->isModified()); // nothing was lost: the lesson still holds its changes
        QVERIFY(lesson->save(path, &error));
        QVERIFY(!lesson->isModified());

        const ml::Lesson back = ml::readLessonFile(path.toStdString());
        QCOMPARE(back.title, std::string("Thresholds"));
        QCOMPARE(back.steps.size(), std::size_t(2));
        QCOMPARE(back.steps[1].notes, std::string("Point at the *PR* curve."));
        QCOMPARE(back.steps[1].state.integer("imbalance"), 9LL);
        QVERIFY(back.steps[1].prediction);
    }

    void aLessonFileGivenAsTheFileToOpenPlays()
    {
        const AppOptions options =
            AppOptions::parse({QStringLiteral("mllab"), shipped("decoding.mllab-lesson")});
        QVERIFY(options.error.isEmpty());
        QCOMPARE(options.lesson, shipped("decoding.mllab-lesson"));
        QVERIFY(options.open.isEmpty());
        MainWindow window;
        window.openLinkOrFile(shipped("regularization.mllab-lesson"));
        QCOMPARE(window.lesson()->lesson().title.substr(0, 14), std::string("Regularization"));
    }

    void badFilesAreRefusedAndTheOpenLessonStays()
    {
        QTemporaryDir dir;
        MainWindow window;
        window.show();
        QString error;
        QVERIFY(window.openLesson(shipped("decoding.mllab-lesson"), &error));
        window.lesson()->go(2);
        const std::string title = window.lesson()->lesson().title;
        const QString good =
            QString::fromUtf8(R"({"format": "mllab-lesson", "version": 1, "title": "t", "steps": [
            {"title": "a", "state": {"format": "mllab-state", "version": 1, "lab": "roc", "params": {}}}]})");
        const QList<QPair<QByteArray, QString>> cases{
            {good.left(good.size() / 2).toUtf8(), QStringLiteral("truncated")},
            {QByteArray(good.toUtf8()).replace("\"lab\": \"roc\"", "\"lab\": \"nope\""),
             QStringLiteral("step 1: state")},
            {QByteArray(good.toUtf8())
                 .replace("\"params\": {}", "\"params\": {\"separation\": 50}"),
             QStringLiteral("separation")},
            {QByteArray(good.toUtf8())
                 .replace("\"version\": 1, \"title\"", "\"version\": 9, \"title\""),
             QStringLiteral("newer")},
            {QByteArray(good.toUtf8()).replace("\"title\": \"a\", ", ""),
             QStringLiteral("step 1: \"title\" is missing")},
        };
        for (const auto& [text, expected] : cases) {
            const QString path = dir.filePath(QStringLiteral("bad.mllab-lesson"));
            writeFile(path, text);
            QVERIFY(!window.openLesson(path, &error));
            QVERIFY2(error.contains(expected),
                     qPrintable(error + QStringLiteral(" / ") + expected));
            QCOMPARE(window.lesson()->lesson().title, title);
            QCOMPARE(window.lesson()->current(), 2);
        }
    }
};

QTEST_MAIN(TestLessonPlayer)
#include "tst_lessonplayer.moc"
