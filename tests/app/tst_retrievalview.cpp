// The retrieval lab offscreen: it draws what the engine computes (nine metric bars, one bar and
// one table row per listed passage, the per-query scatter), the notice reads the numbers, and an
// overlap as long as the passage reaches the banner while the last result stays.
#include "app/jobs/JobRunner.h"
#include "app/labs/retrieval/RetrievalView.h"

#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHorizontalBarSeries>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

#include <fstream>

namespace ml = mllab::labs;

class TestRetrievalView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (!std::ifstream(mllab::text::shippedWordVectorsPath()).good())
            QSKIP("no word vectors (set MLLAB_WORD_VECTORS)");
    }

    void drawsWhatTheEngineComputes()
    {
        JobRunner jobs;
        RetrievalView view(&jobs);
        view.resize(1280, 800);
        view.show();
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(30000));
        const auto engine = ml::computeRetrievalLab(ml::retrievalLabParams(view.state()));
        QCOMPARE(view.result().evaluation.retrievers[2].mrr, engine.evaluation.retrievers[2].mrr);
        QCOMPARE(int(view.result().hits.size()), 10);
        int metricBars = 0, hitBars = 0, points = 0;
        for (QChartView* chart : view.findChildren<QChartView*>())
            for (QAbstractSeries* s : chart->chart()->series()) {
                if (auto* b = qobject_cast<QBarSeries*>(s))
                    for (QBarSet* set : b->barSets())
                        metricBars += int(set->count());
                if (auto* h = qobject_cast<QHorizontalBarSeries*>(s))
                    for (QBarSet* set : h->barSets())
                        hitBars += int(set->count());
                if (auto* sc = qobject_cast<QScatterSeries*>(s))
                    points += int(sc->count());
            }
        QCOMPARE(metricBars, 9); // recall@k, MRR, nDCG@10 of BM25, dense, hybrid
        QCOMPARE(hitBars, 10);
        QVERIFY(points > 0);
        QCOMPARE(view.hitTable()->rowCount(), 10);
        QCOMPARE(view.hitTable()->item(0, 0)->text(), QStringLiteral("1"));
        QVERIFY(view.noticeText().contains(QStringLiteral("MRR")));
        QVERIFY(view.resultCsv().startsWith(QStringLiteral("retriever,recall_at_k")));
        QCOMPARE(view.keyNumbers().size(), 4);
    }

    void badOverlapReachesTheBanner()
    {
        JobRunner jobs;
        RetrievalView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(30000));
        const double before = view.result().evaluation.retrievers[0].mrr;
        QVERIFY(view.setParameter(QStringLiteral("chunk_words"), QStringLiteral("40")).isEmpty());
        QVERIFY(view.setParameter(QStringLiteral("overlap"), QStringLiteral("60")).isEmpty());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.errorText().contains(QStringLiteral("overlap")), 30000);
        QCOMPARE(view.result().evaluation.retrievers[0].mrr, before);
    }

    void emptyQueryListsNothing()
    {
        JobRunner jobs;
        RetrievalView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        view.setParameter(QStringLiteral("query"), QStringLiteral("?!"));
        view.refresh();
        QVERIFY(shown.wait(30000));
        QVERIFY(view.result().hits.empty());
        QCOMPARE(view.hitTable()->rowCount(), 0);
        QVERIFY(view.noticeText().contains(QStringLiteral("no word")));
    }
};

QTEST_MAIN(TestRetrievalView)
#include "tst_retrievalview.moc"
