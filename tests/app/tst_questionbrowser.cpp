// The browser and question view driven with the keyboard, offscreen: Ctrl+F, typing, Up/Down,
// Enter; previous/next; related links; the content-problems panel for a bad working copy.
#include "app/labs/LabRegistry.h"
#include "app/window/MainWindow.h"
#include "app/study/QuestionBrowser.h"
#include "app/study/QuestionView.h"

#include <QCheckBox>
#include <QDockWidget>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

class TestQuestionBrowser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void keyboardSearchAndOpen()
    {
        MainWindow window;
        window.loadContent();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* search = window.browser()->findChild<QLineEdit*>();
        QVERIFY(search);
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(search->hasFocus());
        QTest::keyClicks(search, QStringLiteral("nucleus"));
        const QStringList shown = window.browser()->visibleIds();
        QVERIFY(shown.contains(QStringLiteral("temperature")));
        QVERIFY(shown.contains(QStringLiteral("decoding-strategies")));
        QTest::keyClick(search, Qt::Key_Down);
        QTest::keyClick(search, Qt::Key_Down);
        QCOMPARE(window.browser()->currentId(), shown.value(1));
        QTest::keyClick(search, Qt::Key_Up);
        QCOMPARE(window.browser()->currentId(), shown.value(0));
        QTest::keyClick(search, Qt::Key_Return);
        QCOMPARE(window.questionView()->currentId(), shown.value(0));
        QTRY_VERIFY(window.questionView()->textBrowser()->hasFocus());
    }

    void searchByMeaningRanksWhatTheWordsDoNotMatch()
    {
        MainWindow window;
        window.loadContent();
        QuestionBrowser* browser = window.browser();
        // Words that no single question holds together: every-word matching finds nothing.
        const QString query = QStringLiteral("softmax sharpness of sampling");
        browser->setSearchByMeaning(false);
        browser->setSearchText(query);
        QVERIFY(browser->visibleIds().isEmpty());
        // The hybrid retriever is built in a job; then the same text is ranked by meaning.
        browser->setSearchByMeaning(true);
        QTRY_VERIFY_WITH_TIMEOUT(browser->meaningSearchReady(), 30000);
        const QStringList ranked = browser->visibleIds();
        QVERIFY2(ranked.mid(0, 5).contains(QStringLiteral("temperature")) &&
                     ranked.mid(0, 5).contains(QStringLiteral("decoding-strategies")),
                 qPrintable(ranked.mid(0, 5).join(QLatin1Char(','))));
        // Filters still apply to the ranking.
        QCheckBox* hasLab = nullptr;
        for (QCheckBox* box : browser->findChildren<QCheckBox*>())
            if (box->text() == QStringLiteral("Has a lab"))
                hasLab = box;
        QVERIFY(hasLab);
        hasLab->setChecked(true);
        for (const QString& id : browser->visibleIds())
            QVERIFY(!window.bank().find(id)->labs.isEmpty());
        hasLab->setChecked(false);
        // A text without one known word falls back to the word search (which finds nothing).
        browser->setSearchText(QStringLiteral("zzqx"));
        QVERIFY(browser->visibleIds().isEmpty());
        // Off again: the word search answers as before.
        browser->setSearchByMeaning(false);
        browser->setSearchText(QStringLiteral("nucleus"));
        QVERIFY(browser->visibleIds().contains(QStringLiteral("decoding-strategies")));
    }

    void highlightMarksMatches()
    {
        MainWindow window;
        window.loadContent();
        window.browser()->setSearchText(QStringLiteral("nucleus"));
        QVERIFY(window.openQuestion(QStringLiteral("decoding-strategies")));
        QTextDocument* doc = window.questionView()->textBrowser()->document();
        QTextCursor hit = doc->find(QStringLiteral("nucleus"));
        QVERIFY(!hit.isNull());
        QVERIFY(hit.charFormat().background().color() != QColor(Qt::white));
        QVERIFY(hit.charFormat().hasProperty(QTextFormat::BackgroundBrush));
    }

    void previousNextAndRelatedLinks()
    {
        MainWindow window;
        window.loadContent();
        QVERIFY(window.openQuestion(QStringLiteral("pca")));
        const int number = window.bank().find(QStringLiteral("pca"))->number;
        Q_EMIT window.questionView()->nextRequested();
        QCOMPARE(window.bank().find(window.questionView()->currentId())->number, number + 1);
        Q_EMIT window.questionView()->previousRequested();
        QCOMPARE(window.questionView()->currentId(), QStringLiteral("pca"));
        const QString related = window.bank().find(QStringLiteral("pca"))->related.value(0);
        QVERIFY(!related.isEmpty());
        QVERIFY(window.questionView()->textBrowser()->toHtml().contains(QStringLiteral("question:") + related));
        Q_EMIT window.questionView()->textBrowser()->anchorClicked(QUrl(QStringLiteral("question:") + related));
        QCOMPARE(window.questionView()->currentId(), related);
        QCOMPARE(window.browser()->currentId(), related);
    }

    void labButtonsOnlyForBuiltLabs()
    {
        MainWindow window;
        window.loadContent();
        for (const Question& q : window.bank().questions()) {
            window.openQuestion(q.id);
            for (const QString& lab : window.questionView()->labButtons()) {
                QVERIFY(LabRegistry::find(lab));
                QVERIFY(q.labs.contains(lab));
            }
        }
    }

    void filtersByHasLab()
    {
        MainWindow window;
        window.loadContent();
        QCheckBox* hasLab = nullptr;
        for (QCheckBox* box : window.browser()->findChildren<QCheckBox*>())
            if (box->text() == QStringLiteral("Has a lab"))
                hasLab = box;
        QVERIFY(hasLab);
        hasLab->setChecked(true);
        for (const QString& id : window.browser()->visibleIds()) {
            const Question* q = window.bank().find(id);
            QVERIFY(std::any_of(q->labs.begin(), q->labs.end(), [](const QString& l) { return LabRegistry::find(l); }));
        }
    }

    void problemsPanelListsSkippedFiles()
    {
        QTemporaryDir dir;
        QFile good(QStringLiteral(":/content/questions/03-machine-learning-fundamentals/09-pca.md"));
        QVERIFY(good.open(QIODevice::ReadOnly));
        QByteArray text = good.readAll();
        text.replace("related: [", "related: [nope-not-here, ");
        QFile bad(dir.filePath(QStringLiteral("09-pca.md")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(text);
        bad.close();
        QFile::copy(QStringLiteral(":/content/questions/01-llm-engineering-prompt-design/02-temperature.md"),
                    dir.filePath(QStringLiteral("02-temperature.md")));

        MainWindow window;
        window.show();
        window.loadContent(dir.path());
        auto* dock = window.findChild<QDockWidget*>(QStringLiteral("contentProblems"));
        QVERIFY(dock);
        QVERIFY(dock->isVisible());
        auto* list = dock->findChild<QListWidget*>();
        QVERIFY(list->count() >= 1);
        QStringList lines;
        for (int i = 0; i < list->count(); ++i)
            lines << list->item(i)->text();
        const QString all = lines.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QStringLiteral("09-pca.md:")) && all.contains(QStringLiteral("nope-not-here")),
                 qPrintable(all));
        QVERIFY(!window.bank().find(QStringLiteral("pca")));

        window.loadContent();  // back to the built-in bank: the panel goes away
        QVERIFY(!dock->isVisible());
        QCOMPARE(window.bank().questions().size(), 72);
    }
};

QTEST_MAIN(TestQuestionBrowser)
#include "tst_questionbrowser.moc"
