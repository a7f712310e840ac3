// The vector-index lab offscreen: it draws what the engine computes (a recall-vs-QPS curve per
// faiss index with the Pareto front and the chosen setting, the per-query recall histogram,
// build-time and bytes-per-vector bars), moving the highlight to another index redraws without
// recomputing, and settings faiss would refuse reach the banner by name while the last result
// stays.
#include "app/jobs/JobRunner.h"
#include "app/labs/vector-index/VectorIndexView.h"

#include <QAbstractBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTest>

namespace ml = mllab::labs;
namespace vi = mllab::vectorindex;

namespace {

QChart* chartNamed(QWidget& view, const QString& name)
{
    for (QChartView* c : view.findChildren<QChartView*>())
        if (c->chart()->property("chartName").toString() == name ||
            c->chart()->objectName() == name)
            return c->chart();
    return nullptr;
}

} // namespace

class TestVectorIndexView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsWhatTheEngineComputes()
    {
        JobRunner jobs;
        VectorIndexView view(&jobs);
        view.resize(1280, 800);
        view.show();
        QSignalSpy shown(&view, &LabView::resultShown);
        // A small set keeps the test quick; the default is covered by tst_vectorindex.
        QVERIFY(view.setParameter(QStringLiteral("n"), QStringLiteral("3000")).isEmpty());
        QVERIFY(view.setParameter(QStringLiteral("dim"), QStringLiteral("16")).isEmpty());
        QVERIFY(view.setParameter(QStringLiteral("nlist"), QStringLiteral("16")).isEmpty());
        QVERIFY(view.setParameter(QStringLiteral("queries"), QStringLiteral("50")).isEmpty());
        view.refresh();
        QVERIFY(shown.wait(30000));
        const auto& r = view.result();
        QCOMPARE(r.measures.size(), std::size_t(4));
        QCOMPARE(r.n, std::size_t(3000));
        // Recall depends only on the seed, not on timing: the engine gives the same numbers.
        const auto engine = ml::computeVectorIndexLab(ml::vectorIndexLabParams(view.state()));
        for (std::size_t i = 0; i < r.measures.size(); ++i)
            QCOMPARE(r.measures[i].recall, engine.measures[i].recall);

        int curves = 0, stars = 0, bars = 0;
        for (QChartView* c : view.findChildren<QChartView*>())
            for (QAbstractSeries* s : c->chart()->series()) {
                if (auto* line = qobject_cast<QLineSeries*>(s); line && line->pointsVisible())
                    ++curves;
                if (auto* scatter = qobject_cast<QScatterSeries*>(s);
                    scatter && scatter->markerShape() == QScatterSeries::MarkerShapeStar)
                    ++stars;
                if (auto* b = qobject_cast<QAbstractBarSeries*>(s))
                    for (QBarSet* set : b->barSets())
                        bars += int(set->count());
            }
        QCOMPARE(curves, 4);         // one per index
        QCOMPARE(stars, 1);          // the chosen setting
        QCOMPARE(bars, 11 + 2 * 16); // histogram 0..10 of 10; 4 x 4 stacked build and memory bars
        QVERIFY(view.table()->text().contains(QStringLiteral("IndexIVFPQ")));
        QVERIFY(view.noticeText().contains(QStringLiteral("HNSW")));
        QVERIFY(view.resultCsv().contains(QStringLiteral("ivfpq,nprobe,16,")));
        QCOMPARE(view.keyNumbers().size(), 3);

        // Another index only moves the highlight: no new job.
        shown.clear();
        QVERIFY(view.setParameter(QStringLiteral("index"), QStringLiteral("ivf")).isEmpty());
        QVERIFY(view.noticeText().contains(QStringLiteral("IVF-Flat")));
        QVERIFY(view.result().chosen().settings.kind == vi::IndexKind::Ivf);
        QTest::qWait(400);
        QCOMPARE(shown.count(), 0);
    }

    void settingsAreFittedToTheDataAndBadFilesReachTheBanner()
    {
        JobRunner jobs;
        VectorIndexView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        QVERIFY(view.setParameter(QStringLiteral("n"), QStringLiteral("2000")).isEmpty());
        QVERIFY(view.setParameter(QStringLiteral("dim"), QStringLiteral("12")).isEmpty());
        QVERIFY(view.setParameter(QStringLiteral("pq_m"), QStringLiteral("4")).isEmpty());
        QVERIFY(view.setParameter(QStringLiteral("nlist"), QStringLiteral("16")).isEmpty());
        QVERIFY(view.setParameter(QStringLiteral("queries"), QStringLiteral("20")).isEmpty());
        view.refresh();
        QVERIFY(shown.wait(30000));
        // Settings the data cannot support are lowered to what they allow, and the notice and
        // the result say which and why.
        QVERIFY(view.setParameter(QStringLiteral("pq_m"), QStringLiteral("5")).isEmpty());
        QVERIFY(view.setParameter(QStringLiteral("nlist"), QStringLiteral("4000")).isEmpty());
        shown.clear();
        view.refresh();
        QVERIFY(shown.wait(60000));
        const auto& adjusted = view.result().adjustments;
        QCOMPARE(int(adjusted.size()), 2);
        QVERIFY2(adjusted[0].find("nlist 4000 -> 51") == 0, adjusted[0].c_str());
        QVERIFY2(adjusted[1].find("pq_m 5 -> 4") == 0, adjusted[1].c_str());
        QVERIFY(view.noticeText().contains(QStringLiteral("pq_m 5 -> 4")));
        QCOMPARE(view.result().params.settings.pqM, 4);
        // An unreadable CSV reaches the banner and the last result stays.
        const double fitted = view.result().chosen().recall;
        QVERIFY(view.setParameter(QStringLiteral("source"), QStringLiteral("csv")).isEmpty());
        QVERIFY(view.setParameter(QStringLiteral("csv"), QStringLiteral("/nonexistent/v.csv"))
                    .isEmpty());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.errorText().contains(QStringLiteral("v.csv")), 20000);
        QCOMPARE(view.result().chosen().recall, fitted);
    }
};

QTEST_MAIN(TestVectorIndexView)
#include "tst_vectorindexview.moc"
