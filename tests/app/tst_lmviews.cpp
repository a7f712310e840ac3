// The training lab offscreen: training falls in loss, saves a loadable checkpoint, leaves no
// partial file when cancelled, and puts the engine's messages in the error banner; the sampling
// and training labs fit a 1280-pixel window. (The attention and tokenizer labs have their own
// tests: tst_attentionview, tst_tokenizerview.)
#include "app/jobs/JobRunner.h"
#include "app/labs/LabArea.h"
#include "app/labs/lm-training/LmTrainingView.h"
#include "app/study/QuestionView.h"
#include "app/widgets/ModelLibrary.h"
#include "app/widgets/ModelPicker.h"
#include "app/window/MainWindow.h"
#include "engine/datapaths.h"
#include "engine/lm/model.h"
#include "engine/lm/trainer.h"
#include "tests/support/childprocess.h"

#include <QDir>
#include <QImage>
#include <QLineSeries>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

namespace {

const char kText[] =
    "Attention lets every token look at the tokens before it. The softmax turns scores into "
    "weights that sum to one. Temperature divides the logits; top-p keeps the nucleus. ";

constexpr int kLayers = 3;
constexpr int kHeads = 3;
constexpr int kContext = 32;

QString writeTestModel(const QString& folder)
{
    mllab::BpeTrainParams bpe;
    bpe.corpus = kText;
    bpe.vocabSize = 300;
    mllab::GptConfig config;
    config.vocabSize = 300;
    config.contextLength = kContext;
    config.layers = kLayers;
    config.heads = kHeads;
    config.width = 48;
    config.dropout = 0.0;
    const auto model =
        mllab::LanguageModel::create(config, mllab::BpeTokenizer(mllab::trainBpe(bpe).merges), 5);
    const QString path = folder + QStringLiteral("/test-model.safetensors");
    model->save(path.toStdString());
    return path;
}

QStringList fileNames(const QString& folder)
{
    return QDir(folder).entryList(QDir::Files);
}

int distinctColours(const QImage& image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 4)
        for (int x = 0; x < image.width(); x += 4)
            colours.insert(image.pixel(x, y));
    return int(colours.size());
}

QString writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(bytes);
    return path;
}

} // namespace

class TestLmViews : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_modelPath;
    QString m_userFolder;

    /// Waits for the view's next result; fails after `ms`.
    static bool waitForResult(LabView& view, int ms = 60000)
    {
        QSignalSpy shown(&view, &LabView::resultShown);
        return shown.wait(ms);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_modelPath = writeTestModel(m_dir.path());
        qputenv("MLLAB_MODEL", m_modelPath.toUtf8());
        m_userFolder = ModelLibrary::instance().userModelsFolder();
        QDir(m_userFolder).removeRecursively();
        QCOMPARE(ModelLibrary::instance().shippedPath(), m_modelPath);
    }

    // ---- training --------------------------------------------------------------------------

    void builtInCorpusIsTheQuestionBank()
    {
        // The lab and mllab-cli read the bank's files: the source tree's in a build folder.
        QCOMPARE(QString::fromStdString(mllab::questionBankDirectory()),
                 QStringLiteral(MLLAB_SOURCE_DIR "/content/questions"));
        const std::string corpus = mllab::readCorpus(mllab::questionBankDirectory());
        QVERIFY(corpus.size() > 100000);
        QVERIFY(corpus.find("## Short answer") != std::string::npos);
    }

    void trainingFallsAndSavesAModel()
    {
        JobRunner jobs;
        LmTrainingView view(&jobs);
        ModelPicker picker;
        const int modelsBefore = picker.count();
        view.resize(1200, 800);
        view.show();
        QCOMPARE(view.setParameter(QStringLiteral("preset"), QStringLiteral("tiny")), QString());
        QCOMPARE(view.setParameter(QStringLiteral("steps"), QStringLiteral("30")), QString());
        QCOMPARE(view.setParameter(QStringLiteral("name"), QStringLiteral("falls")), QString());
        QSignalSpy ended(&view, &LmTrainingView::runEnded);
        view.start();
        QVERIFY(view.isTraining());
        QVERIFY(ended.wait(300000));
        QVERIFY2(view.hasResult(), qPrintable(view.errorText()));
        const auto& r = view.result();
        QCOMPARE(r.stepsDone, 30);
        double head = 0, tail = 0;
        for (int i = 0; i < 5; ++i) {
            head += r.trainLoss[std::size_t(i)].loss;
            tail += r.trainLoss[r.trainLoss.size() - 1 - std::size_t(i)].loss;
        }
        QVERIFY2(tail < head - 0.5,
                 qPrintable(QStringLiteral("%1 -> %2").arg(head / 5).arg(tail / 5)));
        QVERIFY(r.validationLoss.size() >= 2);
        QVERIFY(r.validationLoss.back().loss < r.validationLoss.front().loss);
        // The chart shows it: all 30 steps, the validation points, and the bigram line.
        QCOMPARE(view.trainSeries()->count(), 30);
        QCOMPARE(view.validationSeries()->count(), qsizetype(r.validationLoss.size()));
        QCOMPARE(view.bigramSeries()->count(), 2);
        QCOMPARE(view.bigramSeries()->at(0).y(), r.bigramLoss);
        QVERIFY(view.trainSeries()->at(29).y() < view.trainSeries()->at(0).y());
        // Saved where the pickers look, and listed by them.
        QVERIFY(QFileInfo::exists(view.outputPath()));
        QVERIFY(view.outputPath().startsWith(m_userFolder));
        QCOMPARE(picker.count(), modelsBefore + 1);
        QVERIFY(picker.findData(view.outputPath()) >= 0);
        QCOMPARE(mllab::LanguageModel::load(view.outputPath().toStdString())->config().layers, 2);
        QVERIFY(view.statusText().contains(QStringLiteral("falls")));
    }

    void cancelLeavesNoPartialCheckpoint()
    {
        JobRunner jobs;
        LmTrainingView view(&jobs);
        view.setParameter(QStringLiteral("steps"), QStringLiteral("100000"));
        view.setParameter(QStringLiteral("name"), QStringLiteral("cancelled"));
        QSignalSpy ended(&view, &LmTrainingView::runEnded);
        view.start();
        // Cancel at the first reported step, long before the first evaluation (step 100).
        QTRY_VERIFY_WITH_TIMEOUT(!view.trainPoints().isEmpty(), 120000);
        view.cancel();
        QVERIFY(ended.count() == 1 || ended.wait(30000));
        QVERIFY(!view.hasResult());
        QVERIFY(!QFileInfo::exists(view.outputPath()));
        for (const QString& name : fileNames(m_userFolder))
            QVERIFY2(!name.contains(QStringLiteral(".tmp")), qPrintable(name));
        QVERIFY(view.statusText().contains(QStringLiteral("No checkpoint was written")));
        QVERIFY(!view.isTraining());
    }

    void cancelAfterACheckpointKeepsOnlyAWholeFile()
    {
        JobRunner jobs;
        LmTrainingView view(&jobs);
        view.setParameter(QStringLiteral("steps"), QStringLiteral("100000"));
        view.setParameter(QStringLiteral("name"), QStringLiteral("kept"));
        QSignalSpy ended(&view, &LmTrainingView::runEnded);
        view.start();
        QTRY_VERIFY_WITH_TIMEOUT(view.statusText().contains(QStringLiteral("checkpoint saved")),
                                 300000);
        view.cancel();
        QVERIFY(ended.count() == 1 || ended.wait(30000));
        QVERIFY(QFileInfo::exists(view.outputPath()));
        const auto model = mllab::LanguageModel::load(view.outputPath().toStdString());
        QVERIFY(model->metadata().count("validation_loss") == 1);
        for (const QString& name : fileNames(m_userFolder))
            QVERIFY2(!name.contains(QStringLiteral(".tmp")), qPrintable(name));
        QVERIFY(view.statusText().contains(QStringLiteral("was kept")));
    }

    void badCorpusShowsTheEngineMessage_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("is empty");
        QTest::newRow("binary") << QByteArray("PK\x03\x04\0\0\x14\0binary", 14)
                                << QStringLiteral("looks binary");
        QTest::newRow("too small")
            << QByteArray("hello world, this is short.\n") << QStringLiteral("too small");
    }

    void badCorpusShowsTheEngineMessage()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        const QString path = writeFile(m_dir.filePath(QStringLiteral("corpus.txt")), content);
        JobRunner jobs;
        LmTrainingView view(&jobs);
        QCOMPARE(view.setParameter(QStringLiteral("corpus"), path), QString());
        view.setParameter(QStringLiteral("name"), QStringLiteral("bad-corpus"));
        QSignalSpy ended(&view, &LmTrainingView::runEnded);
        view.start();
        QVERIFY(ended.wait(120000));
        QVERIFY2(view.errorText().contains(message), qPrintable(view.errorText()));
        QVERIFY(!QFileInfo::exists(view.outputPath()));
        QVERIFY(view.statusText().contains(QStringLiteral("Failed")));
    }

    void trainingParametersAreChecked()
    {
        JobRunner jobs;
        LmTrainingView view(&jobs);
        QVERIFY(view.setParameter(QStringLiteral("preset"), QStringLiteral("huge"))
                    .contains(QStringLiteral("tiny, small, larger")));
        QVERIFY(view.setParameter(QStringLiteral("steps"), QStringLiteral("0"))
                    .contains(QStringLiteral("steps must be")));
        QVERIFY(view.setParameter(QStringLiteral("device"), QStringLiteral("tpu:7"))
                    .contains(QStringLiteral("tpu:7")));
        QVERIFY(view.setParameter(QStringLiteral("name"), QStringLiteral(" "))
                    .contains(QStringLiteral("name")));
        QCOMPARE(view.setParameter(QStringLiteral("corpus"), QStringLiteral("questions")),
                 QString());
        QCOMPARE(view.parameters().value(QStringLiteral("corpus")), QStringLiteral("questions"));
        const auto p = mllab::labs::lmTrainingTrainParams(mllab::labs::lmTrainingLabParams(view.state()));
        QCOMPARE(p.config.layers, 2);
        QCOMPARE(p.steps, 500);
        QCOMPARE(p.evalEvery, 50);
        QCOMPARE(p.warmupSteps, 50);
    }

    void learningRatePlanSpansEveryStep_data()
    {
        QTest::addColumn<int>("steps");
        QTest::newRow("fewer steps than planned points") << 500;
        QTest::newRow("more steps than planned points") << 100000;
    }

    void learningRatePlanSpansEveryStep()
    {
        // The chart's plan is sampled, but it must run from the first step to the last and
        // pass through the warm-up peak.
        QFETCH(int, steps);
        JobRunner jobs;
        LmTrainingView view(&jobs);
        QCOMPARE(view.setParameter(QStringLiteral("steps"), QString::number(steps)), QString());
        const auto lastPlannedStep = [&view] {
            const QList<QPointF> points = view.rateSeries()->points();
            return points.isEmpty() ? 0.0 : points.back().x();
        };
        view.refresh(); // what the lab area does when the state changes while idle
        QCOMPARE(lastPlannedStep(), double(steps));
        const QList<QPointF> rates = view.rateSeries()->points();
        QCOMPARE(rates.front().x(), 1.0);
        const auto p =
            mllab::labs::lmTrainingTrainParams(mllab::labs::lmTrainingLabParams(view.state()));
        const auto peak = std::max_element(rates.begin(), rates.end(),
                                           [](QPointF a, QPointF b) { return a.y() < b.y(); });
        QCOMPARE(peak->y(), 1e3 * p.learningRate);
    }

    // ---- layout ----------------------------------------------------------------------------

    void labsFitA1280PixelWindow_data()
    {
        QTest::addColumn<QString>("lab");
        for (const char* lab : {"sampling", "lm-training"})
            QTest::newRow(lab) << QString::fromLatin1(lab);
    }

    /// With a question open beside the lab (its lab links, the lab's question links and
    /// parameters), the window still fits 1280 pixels and leaves the question a readable column.
    void labsFitA1280PixelWindow()
    {
        QFETCH(QString, lab);
        MainWindow window;
        window.loadContent();
        QVERIFY(window.openQuestion(QStringLiteral("temperature")));
        QVERIFY(window.openLab(lab));
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

    // ---- screenshots -----------------------------------------------------------------------

    void screenshotsAreNotBlank_data()
    {
        QTest::addColumn<QString>("lab");
        QTest::addColumn<QString>("size");
        for (const char* lab : {"lm-training"}) {
            QTest::newRow(lab) << QString::fromLatin1(lab) << QStringLiteral("1280x800");
            QTest::newRow(qPrintable(QStringLiteral("%1 1080p").arg(QLatin1String(lab))))
                << QString::fromLatin1(lab) << QStringLiteral("1920x1080");
        }
    }

    void screenshotsAreNotBlank()
    {
        SKIP_IF_CHILD_PROCESSES_UNSUPPORTED();
        QFETCH(QString, lab);
        QFETCH(QString, size);
        const QString path = m_dir.filePath(lab + QStringLiteral(".png"));
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("MLLAB_MODEL"), m_modelPath);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(MLLAB_BINARY),
                {QStringLiteral("--lab"), lab, QStringLiteral("--screenshot"), path,
                 QStringLiteral("--size"), size});
        QVERIFY(p.waitForFinished(180000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QImage image(path);
        QCOMPARE(QStringLiteral("%1x%2").arg(image.width()).arg(image.height()), size);
        QVERIFY(distinctColours(image) > 50);
    }

    /// A finished run in the main window renders at both reference sizes. For reviewing the
    /// layout, MLLAB_SHOT_DIR keeps the PNGs (and MLLAB_SHOT_STEPS / MLLAB_SHOT_LIVE_MS choose a
    /// longer run and a mid-run shot); otherwise a short run is drawn into a temporary folder.
    void trainedScreenshotsRenderAtBothSizes()
    {
        const QString folder = qEnvironmentVariableIsSet("MLLAB_SHOT_DIR")
                                   ? qEnvironmentVariable("MLLAB_SHOT_DIR")
                                   : m_dir.path();
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(window.openLab(QStringLiteral("lm-training")));
        auto* view = qobject_cast<LmTrainingView*>(window.labArea()->currentLab());
        const QString steps = qEnvironmentVariable("MLLAB_SHOT_STEPS", QStringLiteral("20"));
        QCOMPARE(view->setParameter(QStringLiteral("steps"), steps), QString());
        QSignalSpy ended(view, &LmTrainingView::runEnded);
        view->start();
        QTest::qWait(qEnvironmentVariableIntValue("MLLAB_SHOT_LIVE_MS"));
        if (qEnvironmentVariableIsSet("MLLAB_SHOT_LIVE_MS"))
            QVERIFY(window.grab().save(folder + QStringLiteral("/lm-training-live-1280x800.png")));
        QVERIFY(ended.count() == 1 || ended.wait(1800000));
        for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
            window.resize(size);
            QTest::qWait(300);
            const QString path =
                folder +
                QStringLiteral("/lm-training-%1x%2.png").arg(size.width()).arg(size.height());
            QVERIFY(window.grab().save(path));
            QVERIFY(distinctColours(QImage(path)) > 50);
        }
        QVERIFY(view->hasResult());
        QVERIFY(view->trainSeries()->count() > 0);
    }
};

QTEST_MAIN(TestLmViews)
#include "tst_lmviews.moc"
