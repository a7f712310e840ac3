// The tokenizer lab offscreen: BPE reproduces the known merges of the toy text and its step
// slider walks back through them without recomputing, the model's tokenizer (a small model made
// here) splits any text with the same colour for the same token, each half of the lab fails
// apart with the engine's message, it fits a 1280-pixel window beside a question, and its
// screenshots are not blank.
#include "app/jobs/JobRunner.h"
#include "app/labs/LabArea.h"
#include "app/labs/tokenizer/TokenizerView.h"
#include "app/study/QuestionView.h"
#include "app/widgets/ModelLibrary.h"
#include "app/widgets/TokenChips.h"
#include "app/window/MainWindow.h"
#include "engine/lm/model.h"
#include "tests/support/apptest.h"
#include "tests/support/lmtestmodel.h"
#include "tests/support/testmodelapp.h"

#include <QDir>
#include <QImage>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

class TestTokenizerView : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_modelPath;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_modelPath = apptest::useTestModel(m_dir);
        QCOMPARE(ModelLibrary::instance().shippedPath(), m_modelPath);
    }

    void tokenizerReproducesTheKnownMerges()
    {
        JobRunner jobs;
        TokenizerView view(&jobs);
        view.resize(1200, 800);
        view.show();
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.hasBpeResult() && view.hasModelResult(), 60000);
        QStringList merged;
        for (const auto& s : view.bpeResult().steps)
            merged << QString::fromStdString(s.merged);
        QCOMPARE(
            merged,
            (QStringList{QStringLiteral("at"), QStringLiteral("th"), QStringLiteral("the"),
                         QStringLiteral("␣c"), QStringLiteral("␣cat"), QStringLiteral("␣s"),
                         QStringLiteral("␣sat"), QStringLiteral("␣o"), QStringLiteral("␣on"),
                         QStringLiteral("␣the"), QStringLiteral("␣m"), QStringLiteral("␣mat")}));
        QCOMPARE(view.mergeTable()->rowCount(), 12);
        QCOMPARE(view.mergeTable()->item(4, 1)->text(), QStringLiteral("␣c  +  at"));
        QCOMPARE(view.mergeTable()->item(0, 2)->text(), QStringLiteral("3"));
        QCOMPARE(view.stepSlider()->maximum(), 12);
        QCOMPARE(
            view.stepChips()->pieces(),
            (QStringList{QStringLiteral("the"), QStringLiteral("␣cat"), QStringLiteral("␣sat"),
                         QStringLiteral("␣on"), QStringLiteral("␣the"), QStringLiteral("␣mat")}));

        // The slider walks back through the merges without recomputing.
        view.stepSlider()->setValue(3);
        QVERIFY(!jobs.isBusy());
        QCOMPARE(view.shownStep(), 3);
        QCOMPARE(view.stepChips()->pieces().join(QLatin1Char('|')),
                 QStringLiteral("the|␣|c|at|␣|s|at|␣|o|n|␣|the|␣|m|at"));
        QCOMPARE(view.parameters().value(QStringLiteral("step")), QStringLiteral("3"));
        view.stepSlider()->setValue(0);
        QCOMPARE(view.stepChips()->pieces().size(), 22); // bytes
        QCOMPARE(view.mergeTable()->selectedItems().size(), 0);
        view.mergeTable()->selectRow(1);
        QCOMPARE(view.shownStep(), 2);
    }

    void tokenizerKeepsTheShownMergeInView()
    {
        JobRunner jobs;
        TokenizerView view(&jobs);
        view.resize(700, 560); // the merge table shows only a few rows
        view.show();
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.hasBpeResult() && !jobs.isBusy(), 60000);
        QTest::qWait(50);
        QTableWidget* table = view.mergeTable();
        const auto shown = [table](int row) {
            return table->viewport()->rect().contains(
                table->visualRect(table->model()->index(row, 0)));
        };
        QVERIFY(table->rowCount() * table->rowHeight(0) > table->viewport()->height());
        view.stepSlider()->setValue(1);
        view.stepSlider()->setValue(12); // the last merge, below the rows that fit
        QVERIFY(shown(11));
        view.stepSlider()->setValue(1);
        QVERIFY(shown(0));
    }

    void tokenizerShowsTheModelTokenizerOnAnyText()
    {
        JobRunner jobs;
        TokenizerView view(&jobs);
        const QString text = QStringLiteral("The softmax turns scores into weights, naïvely 😀.");
        QCOMPARE(view.setParameter(QStringLiteral("model_text"), text), QString());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.hasModelResult() && !jobs.isBusy(), 60000);
        const auto model = ModelLibrary::load(m_modelPath);
        const auto ids = model->tokenizer().encode(text.toStdString());
        QCOMPARE(view.modelChips()->pieces().size(), qsizetype(ids.size()));
        QCOMPARE(view.modelChips()->pieces().first(),
                 QString::fromStdString(model->tokenizer().piece(ids[0])));
        QCOMPARE(view.modelResult().bytes, qint64(text.toUtf8().size()));
        QVERIFY(
            view.noticeText().contains(QString::number(view.modelResult().bytesPerToken, 'f', 2)));
        // Same token, same colour.
        const auto& chips = *view.modelChips();
        for (int i = 0; i < chips.pieces().size(); ++i)
            for (int j = i + 1; j < chips.pieces().size(); ++j)
                if (ids[std::size_t(i)] == ids[std::size_t(j)])
                    QCOMPARE(chips.chipColour(i), chips.chipColour(j));
    }

    void tokenizerBadInputGetsAMessage()
    {
        JobRunner jobs;
        TokenizerView view(&jobs);
        QCOMPARE(view.setParameter(QStringLiteral("merges"), QStringLiteral("0")),
                 QStringLiteral("tokenizer: merges must be from 1 to 1000, got '0'"));
        QCOMPARE(view.setParameter(QStringLiteral("step"), QStringLiteral("-2")),
                 QStringLiteral("tokenizer: step must be from -1 to 1000, got '-2'"));
        QCOMPARE(view.setParameter(QStringLiteral("text"), QString()), QString());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!view.errorText().isEmpty() && !jobs.isBusy(), 60000);
        QVERIFY2(view.errorText().contains(QStringLiteral("training text is empty")),
                 qPrintable(view.errorText()));
    }

    void eachHalfFailsApart()
    {
        JobRunner jobs;
        TokenizerView view(&jobs);
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.hasBpeResult() && view.hasModelResult() && !jobs.isBusy(),
                                 60000);
        const QString missing = m_dir.filePath(QStringLiteral("missing.safetensors"));
        QCOMPARE(view.setParameter(QStringLiteral("text"), QString()), QString());
        QCOMPARE(view.setParameter(QStringLiteral("model"), missing), QString());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(
            !jobs.isBusy() && view.errorText().contains(QStringLiteral("BPE: ")), 60000);
        QVERIFY2(view.errorText().contains(QStringLiteral("training text is empty")),
                 qPrintable(view.errorText()));
        QVERIFY2(view.errorText().contains(QStringLiteral("Model's tokenizer: ")) &&
                     view.errorText().contains(missing),
                 qPrintable(view.errorText()));
        QCOMPARE(view.stepChips()->pieces().size(), 6); // both last good results stay shown
        QVERIFY(!view.modelChips()->pieces().isEmpty());

        // Mending the training text recomputes BPE; the model's error stays, alone.
        QCOMPARE(view.setParameter(QStringLiteral("text"), QStringLiteral("a rose is a rose")),
                 QString());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(
            !jobs.isBusy() && !view.errorText().contains(QStringLiteral("BPE")), 60000);
        QVERIFY(view.errorText().contains(missing));
        QCOMPARE(view.bpeResult().tracedText, std::string("a rose is a rose"));
    }

    void editingOneHalfRecomputesOnlyIt()
    {
        JobRunner jobs;
        TokenizerView view(&jobs);
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.hasBpeResult() && view.hasModelResult() && !jobs.isBusy(),
                                 60000);
        QSignalSpy started(&jobs, &JobRunner::started);
        const auto boxes = view.findChildren<QPlainTextEdit*>();
        QCOMPARE(boxes.size(), 2); // the training text, the model's text
        boxes.at(1)->setPlainText(QStringLiteral("a new text for the model"));
        QVERIFY(started.wait(5000));
        QCOMPARE(started.first().at(2).toString(), QStringLiteral("Tokenizing"));
        QTRY_VERIFY_WITH_TIMEOUT(!jobs.isBusy(), 60000);
        QCOMPARE(view.modelResult().bytes, qint64(24));
        QCOMPARE(view.state().text("model_text"), std::string("a new text for the model"));

        started.clear();
        boxes.at(0)->setPlainText(QStringLiteral("low lower lowest"));
        QVERIFY(started.wait(5000));
        QCOMPARE(started.first().at(2).toString(), QStringLiteral("BPE merges"));
        QTRY_VERIFY_WITH_TIMEOUT(!jobs.isBusy(), 60000);
        QCOMPARE(view.bpeResult().tracedText, std::string("low lower lowest"));
    }

    void oldPresetValuesStillRead()
    {
        JobRunner jobs;
        TokenizerView view(&jobs);
        // An old preset wrote "last" for the last merge and the shipped model's full path.
        QCOMPARE(view.setParameter(QStringLiteral("step"), QStringLiteral("3")), QString());
        QCOMPARE(view.setParameter(QStringLiteral("step"), QStringLiteral("last")), QString());
        QCOMPARE(view.state().integer("step"), -1LL);
        QCOMPARE(view.setParameter(QStringLiteral("model"), m_modelPath), QString());
        QCOMPARE(view.setParameter(QStringLiteral("tab"), QStringLiteral("model")), QString());
        QCOMPARE(view.tabs()->currentIndex(), 1);
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.hasBpeResult() && view.hasModelResult() && !jobs.isBusy(),
                                 60000);
        QCOMPARE(view.shownStep(), 12);
        // On the model's tab its sentence comes first.
        QVERIFY2(view.noticeText().contains(QStringLiteral("</b> The model's tokenizer needs")),
                 qPrintable(view.noticeText()));
    }

    void labFitsA1280PixelWindow()
    {
        // With a question open beside the lab (its lab links, the lab's question links and
        // parameters), the window still fits 1280 pixels and leaves the question a readable
        // column.
        MainWindow window;
        window.loadContent();
        QVERIFY(window.openQuestion(QStringLiteral("tokenization")));
        QVERIFY(window.openLab(QStringLiteral("tokenizer")));
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY2(window.minimumSizeHint().width() <= 1280,
                 qPrintable(QString::number(window.minimumSizeHint().width())));
        QCOMPARE(window.width(), 1280);
        QVERIFY2(window.questionView()->width() >= 330,
                 qPrintable(QString::number(window.questionView()->width())));
        QVERIFY(window.labArea()->width() >= 600);
    }

    void screenshotsAreNotBlank_data()
    {
        QTest::addColumn<QString>("size");
        QTest::newRow("1280x800") << QStringLiteral("1280x800");
        QTest::newRow("1080p") << QStringLiteral("1920x1080");
    }

    void screenshotsAreNotBlank()
    {
        QFETCH(QString, size);
        const QString path = m_dir.filePath(QStringLiteral("tokenizer-%1.png").arg(size));
        QProcessEnvironment env;
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("MLLAB_MODEL"), m_modelPath);
        const apptest::AppRun run = apptest::runMllab(
            {QStringLiteral("--lab"), QStringLiteral("tokenizer"), QStringLiteral("--screenshot"),
             path, QStringLiteral("--size"), size},
            env);
        QVERIFY2(run.code == 0, qPrintable(run.err));
        const QImage image(path);
        QCOMPARE(QStringLiteral("%1x%2").arg(image.width()).arg(image.height()), size);
        QVERIFY(apptest::distinctColours(image) > 50);
    }
};

QTEST_MAIN(TestTokenizerView)
#include "tst_tokenizerview.moc"
