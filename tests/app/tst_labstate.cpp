// Lab states in the app: --list-labs, --describe (the same declaration as mllab-cli's),
// --print-state from --set, links and state files (identical states), bad states refused with
// one line and exit 2, every lab's form round-tripping its state, old preset keys, the link
// handed to a running window, and Copy lab link.
#include "app/jobs/JobRunner.h"
#include "app/labs/LabArea.h"
#include "app/labs/LabRegistry.h"
#include "app/labs/LabView.h"
#include "app/labs/ParameterPanel.h"
#include "app/window/LinkServer.h"
#include "app/window/MainWindow.h"
#include "engine/labs/registry.h"
#include "tests/support/apptest.h"
#include "tests/support/paramfield.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <thread>

namespace {

using apptest::AppRun;
namespace ml = mllab::labs;

AppRun runApp(const QStringList& args)
{
    return apptest::runMllab(args, {}, 60000);
}

QString cliPath()
{
    return QStringLiteral(MLLAB_CLI_BINARY);
}

QString runCli(const QStringList& args)
{
    QProcess p;
    p.start(cliPath(), args);
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

/// A value other than the default, and valid, for each parameter.
QString otherValue(const ml::ParamSpec& p)
{
    switch (p.type) {
    case ml::ParamType::Number:
        return QString::fromStdString(ml::valueText(p.max == std::get<double>(p.defaultValue) ? p.min : p.max));
    case ml::ParamType::Integer: {
        const long long d = std::get<long long>(p.defaultValue);
        return QString::number(d == static_cast<long long>(p.max) ? static_cast<long long>(p.min)
                                                                 : static_cast<long long>(p.max));
    }
    case ml::ParamType::Bool: return std::get<bool>(p.defaultValue) ? QStringLiteral("false")
                                                                    : QStringLiteral("true");
    case ml::ParamType::Choice: {
        for (const auto& c : p.choices)
            if (c != std::get<std::string>(p.defaultValue))
                return QString::fromStdString(c);
        return QString::fromStdString(p.choices.front());
    }
    case ml::ParamType::Text:
    case ml::ParamType::File: return QStringLiteral("x y");
    }
    return {};
}

} // namespace

class TestLabState : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void listLabsNamesEveryLabWithItsQuestions()
    {
        const AppRun run = runApp({QStringLiteral("--list-labs")});
        QCOMPARE(run.code, 0);
        const QJsonArray labs = QJsonDocument::fromJson(run.out.toUtf8()).array();
        QCOMPARE(labs.size(), qsizetype(ml::allLabSpecs().size()));
        QStringList ids;
        for (const auto& value : labs) {
            const QJsonObject lab = value.toObject();
            ids << lab.value(QStringLiteral("id")).toString();
            QVERIFY(!lab.value(QStringLiteral("title")).toString().isEmpty());
            QVERIFY(lab.value(QStringLiteral("questions")).isArray());
        }
        // The questions come from the question files' front matter.
        for (const auto& value : labs) {
            const QJsonObject lab = value.toObject();
            if (lab.value(QStringLiteral("id")).toString() == QLatin1String("pca"))
                QVERIFY(lab.value(QStringLiteral("questions")).toArray().contains(QStringLiteral("pca")));
        }
        QCOMPARE(ids.first(), QString::fromStdString(ml::allLabSpecs().front()->id));
    }

    void describeMatchesTheCli_data()
    {
        QTest::addColumn<QString>("lab");
        for (const ml::LabSpec* spec : ml::allLabSpecs())
            QTest::newRow(spec->id.c_str()) << QString::fromStdString(spec->id);
    }

    void describeMatchesTheCli()
    {
        QFETCH(QString, lab);
        const AppRun run = runApp({QStringLiteral("--lab"), lab, QStringLiteral("--describe")});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        const QString cli = runCli({QStringLiteral("lab"), lab, QStringLiteral("--describe")});
        QCOMPARE(QJsonDocument::fromJson(run.out.toUtf8()), QJsonDocument::fromJson(cli.toUtf8()));
        const QJsonObject d = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QCOMPARE(d.value(QStringLiteral("id")).toString(), lab);
        QVERIFY(!d.value(QStringLiteral("params")).toArray().isEmpty());
    }

    void setLinkAndFileGiveTheSameState_data()
    {
        describeMatchesTheCli_data();
    }

    void setLinkAndFileGiveTheSameState()
    {
        QFETCH(QString, lab);
        const ml::LabSpec& spec = *ml::findLabSpec(lab.toStdString());
        QStringList sets;
        ml::LabState state = ml::defaultState(spec);
        for (const ml::ParamSpec& p : spec.params) {
            const QString value = otherValue(p);
            sets << QStringLiteral("--set") << QStringLiteral("%1=%2").arg(QString::fromStdString(p.key), value);
            QVERIFY(!ml::setFromText(spec, state, p.key, value.toStdString()));
        }
        const AppRun viaSet = runApp(QStringList{QStringLiteral("--lab"), lab} + sets +
                                    QStringList{QStringLiteral("--print-state")});
        QVERIFY2(viaSet.code == 0, qPrintable(viaSet.err));
        const QString link = QString::fromStdString(ml::stateLink(spec, state));
        const AppRun viaLink = runApp({link, QStringLiteral("--print-state")});
        QVERIFY2(viaLink.code == 0, qPrintable(viaLink.err));
        QCOMPARE(viaLink.out, viaSet.out);

        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("state.mllab"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(viaSet.out.toUtf8());
        f.close();
        const AppRun viaFile = runApp({file, QStringLiteral("--print-state")});
        QVERIFY2(viaFile.code == 0, qPrintable(viaFile.err));
        QCOMPARE(viaFile.out, viaSet.out);
        const QJsonObject json = QJsonDocument::fromJson(viaSet.out.toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("format")).toString(), QStringLiteral("mllab-state"));
        QCOMPARE(json.value(QStringLiteral("params")).toObject().size(), qsizetype(spec.params.size()));
    }

    void badStatesExitTwoWithOneLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString pca = QStringLiteral("pca");
        QTest::newRow("unknown lab") << QStringList{QStringLiteral("--lab"), QStringLiteral("nope"), QStringLiteral("--print-state")}
                                     << QStringLiteral("unknown lab 'nope'");
        QTest::newRow("unknown key") << QStringList{QStringLiteral("--lab"), pca, QStringLiteral("--set"), QStringLiteral("colour=red"), QStringLiteral("--print-state")}
                                     << QStringLiteral("pca: unknown parameter 'colour'");
        QTest::newRow("wrong type") << QStringList{QStringLiteral("--lab"), pca, QStringLiteral("--set"), QStringLiteral("x=two"), QStringLiteral("--print-state")}
                                    << QStringLiteral("pca: x must be a whole number from 1 to 50, got 'two'");
        QTest::newRow("out of range") << QStringList{QStringLiteral("--lab"), pca, QStringLiteral("--set"), QStringLiteral("x=99"), QStringLiteral("--print-state")}
                                      << QStringLiteral("pca: x must be from 1 to 50, got '99'");
        QTest::newRow("bad choice") << QStringList{QStringLiteral("mllab://lab/pca?source=mnist"), QStringLiteral("--print-state")}
                                    << QStringLiteral("pca: source must be one of");
        QTest::newRow("bad hide") << QStringList{QStringLiteral("mllab://lab/pca?hide=colour"), QStringLiteral("--print-state")}
                                  << QStringLiteral("unknown parameter 'colour'");
        QTest::newRow("lab and link differ") << QStringList{QStringLiteral("--lab"), QStringLiteral("monte-carlo"), QStringLiteral("mllab://lab/pca"), QStringLiteral("--print-state")}
                                             << QStringLiteral("does not match");
        QTest::newRow("missing file") << QStringList{QStringLiteral("/nonexistent/x.mllab"), QStringLiteral("--print-state")}
                                      << QStringLiteral("x.mllab");
    }

    void badStatesExitTwoWithOneLine()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const AppRun run = runApp(args);
        QCOMPARE(run.code, 2);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
        QCOMPARE(run.err.trimmed().count(QLatin1Char('\n')), 0);
        QVERIFY(run.out.isEmpty());
    }

    void badStateFilesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("truncated") << QByteArray("{\"format\": \"mllab-state\", \"lab\": \"pca\", \"par")
                                   << QStringLiteral("truncated");
        QTest::newRow("malformed") << QByteArray("{\"lab\": pca}") << QStringLiteral("malformed");
        QTest::newRow("newer") << QByteArray("{\"format\": \"mllab-state\", \"version\": 7, \"lab\": \"pca\"}")
                               << QStringLiteral("newer MLLab");
        QTest::newRow("unknown lab") << QByteArray("{\"format\": \"mllab-state\", \"version\": 1, \"lab\": \"quantum\"}")
                                     << QStringLiteral("unknown lab 'quantum'");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
    }

    void badStateFilesAreRefused()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("bad.mllab"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        const AppRun run = runApp({file, QStringLiteral("--print-state")});
        QCOMPARE(run.code, 2);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("bad.mllab")), qPrintable(run.err));
    }

    void everyLabFormRoundTripsItsState_data()
    {
        describeMatchesTheCli_data();
    }

    void everyLabFormRoundTripsItsState()
    {
        // A state set on the view shows in its form; reading the view back (presets) and
        // setting it again gives the same state, and reset restores the defaults.
        QFETCH(QString, lab);
        JobRunner jobs;
        const LabInfo* info = LabRegistry::find(lab);
        QVERIFY(info);
        std::unique_ptr<LabView> view(info->create(&jobs, nullptr));
        const ml::LabSpec& spec = view->spec();
        ml::LabState state = ml::defaultState(spec);
        for (const ml::ParamSpec& p : spec.params)
            if (p.type != ml::ParamType::File && p.type != ml::ParamType::Text)
                QVERIFY(!ml::setFromText(spec, state, p.key, otherValue(p).toStdString()));
        view->setState(state);
        QVERIFY(view->state() == state);
        const QMap<QString, QString> preset = view->parameters();
        view->resetParameters();
        QVERIFY(view->state() == ml::defaultState(spec));
        for (auto it = preset.begin(); it != preset.end(); ++it)
            QCOMPARE(view->setParameter(it.key(), it.value()), QString());
        QVERIFY(view->state() == state);
        jobs.cancelAll();
    }

    void aChosenCsvFileOffersAndPicksItsColumns_data()
    {
        QTest::addColumn<QString>("lab");
        for (const ml::LabSpec* spec : ml::allLabSpecs())
            if (const ml::ParamSpec* csv = spec->find("csv"); csv && csv->type == ml::ParamType::File)
                QTest::newRow(spec->id.c_str()) << QString::fromStdString(spec->id);
    }

    void aChosenCsvFileOffersAndPicksItsColumns()
    {
        // The user picks a file (the panel reports it as the file dialog would): the lab reads its
        // header, offers its columns, picks them, switches the source to the file and computes.
        QFETCH(QString, lab);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("picked.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Text));
        file.write("p,y,other\n");
        for (int i = 0; i < 60; ++i)
            file.write(QByteArray::number((i % 10) / 10.0 + 0.05) + ',' +
                       QByteArray::number(i % 2) + ',' + QByteArray::number(i * 7 % 13) + '\n');
        file.close();

        JobRunner jobs;
        std::unique_ptr<LabView> view(LabRegistry::find(lab)->create(&jobs, nullptr));
        QSignalSpy shown(view.get(), &LabView::resultShown);
        auto* panel = view->findChild<ParameterPanel*>();
        QVERIFY(panel);
        Q_EMIT panel->edited(QStringLiteral("csv"), path.toStdString());
        QTRY_COMPARE_WITH_TIMEOUT(view->state().text("source"), std::string("csv"), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0, 60000);
        QCOMPARE(view->errorText(), QString());
        for (const ml::ParamSpec& p : view->spec().params) {
            if (p.widget != ml::ParamWidget::ComboBox || p.visibleWhen != "source=csv")
                continue;
            auto* combo = apptest::paramField<QComboBox>(*view, p.key.c_str());
            QVERIFY2(combo, p.key.c_str());
            QVERIFY2(combo->findText(QStringLiteral("other")) >= 0, p.key.c_str());
            const std::string chosen = view->state().text(p.key);
            QVERIFY2(p.allowEmpty || chosen == "p" || chosen == "y" || chosen == "other",
                     chosen.c_str());
        }
        jobs.cancelAll();
    }

    void linkGoesToTheRunningWindow()
    {
        LinkServer server;
        QVERIFY(server.listen());
        QSignalSpy received(&server, &LinkServer::received);
        // A second launch: another thread, as the server answers from this thread's event loop.
        std::atomic<bool> sent{false};
        std::thread second([&sent] {
            sent = LinkServer::sendToRunningInstance(QStringLiteral("mllab://lab/pca?x=3"), 5000);
        });
        QTRY_COMPARE_WITH_TIMEOUT(received.count(), 1, 6000);
        second.join();
        QCOMPARE(received.first().first().toString(), QStringLiteral("mllab://lab/pca?x=3"));
        QVERIFY(sent);
    }

    void copyLabLinkAndOpenIt()
    {
        MainWindow window;
        window.openLab(QStringLiteral("pca"));
        LabView* view = window.labArea()->currentLab();
        QCOMPARE(view->setParameter(QStringLiteral("y"), QStringLiteral("3")), QString());
        window.copyLabLink();
        const QString link = QApplication::clipboard()->text();
        QCOMPARE(link, QStringLiteral("mllab://lab/pca?y=3"));
        view->resetParameters();
        window.openLinkOrFile(link);
        QCOMPARE(view->state().integer("y"), 3LL);
    }
};

QTEST_MAIN(TestLabState)
#include "tst_labstate.moc"
