// The embeddings lab offscreen: it draws what the engine computes (neighbour bars of both tables,
// the labelled projection, the contextual cosine), the notice reads the numbers, an unknown word
// is refused by name while the last result stays, and training on the bank runs as its own part
// and then feeds the view.
#include "app/jobs/JobRunner.h"
#include "app/labs/embeddings/EmbeddingsView.h"

#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

namespace ml = mllab::labs;

class TestEmbeddingsView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsWhatTheEngineComputes()
    {
        JobRunner jobs;
        EmbeddingsView view(&jobs);
        view.resize(1100, 750);
        view.show();
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(30000));
        const auto engine = ml::computeEmbeddingsLab(ml::embeddingsLabParams(view.state()));
        QCOMPARE(view.result().sgns.neighbours.front().word, engine.sgns.neighbours.front().word);
        QCOMPARE(view.result().contextual.contextualCosine, engine.contextual.contextualCosine);
        int bars = 0, labelled = 0;
        for (QChartView* chart : view.findChildren<QChartView*>())
            for (QAbstractSeries* s : chart->chart()->series()) {
                if (auto* b = qobject_cast<QHorizontalBarSeries*>(s))
                    for (QBarSet* set : b->barSets())
                        bars += int(set->count());
                if (auto* p = qobject_cast<QScatterSeries*>(s))
                    labelled += p->pointLabelsVisible() ? 1 : 0;
            }
        // 8 neighbours and 8 analogy answers per table, and the three contextual bars.
        QCOMPARE(bars, 8 * 4 + 3);
        QCOMPARE(labelled,
                 int(engine.sgns.projection.words.size() + engine.ppmi.projection.words.size()));
        QVERIFY(view.noticeText().contains(QStringLiteral("overfitting")));
        QVERIFY(view.contextText()->text().contains(QStringLiteral("Sentence 2")));
        QVERIFY(view.resultCsv().contains(QStringLiteral("neighbour,sgns,")));
        QCOMPARE(view.keyNumbers().size(), 3);
        view.tabs()->setCurrentIndex(3);
        QVERIFY(view.noticeText().contains(QStringLiteral("static vector")));
    }

    void unknownWordIsRefusedByName()
    {
        JobRunner jobs;
        EmbeddingsView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(30000));
        const std::string before = view.result().sgns.neighbours.front().word;
        QVERIFY(view.setParameter(QStringLiteral("word"), QStringLiteral("qwertyuiop")).isEmpty());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!view.errorText().isEmpty(), 30000);
        QVERIFY(view.errorText().contains(QStringLiteral("'qwertyuiop' is not in the vocabulary")));
        QCOMPARE(view.result().sgns.neighbours.front().word, before);
    }

    void trainingRunsAsItsOwnPart()
    {
        JobRunner jobs;
        EmbeddingsView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        view.setParameter(QStringLiteral("epochs"), QStringLiteral("1"));
        view.setParameter(QStringLiteral("dim"), QStringLiteral("16"));
        view.setParameter(QStringLiteral("source"), QStringLiteral("trained"));
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.hasResult() && view.result().training, 60000);
        QCOMPARE(view.result().sgns.dim, 16);
        QCOMPARE(view.result().training->result.epochLoss.size(), std::size_t(1));
        QVERIFY(view.noticeText().contains(QStringLiteral("Trained now")));
    }
};

QTEST_MAIN(TestEmbeddingsView)
#include "tst_embeddingsview.moc"
