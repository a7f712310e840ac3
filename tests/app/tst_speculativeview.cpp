// The speculative lab offscreen: the chips are the engine's trace (rejected proposals struck
// through, kinds coloured apart), greedy decoding matches plain decoding, the γ sweep arrives and
// draws both charts with the current γ marked, the notice reads the live numbers, and a draft
// checkpoint that cannot be read reaches the banner.
#include "app/jobs/JobRunner.h"
#include "app/labs/speculative/SpeculativeView.h"
#include "app/widgets/TokenChips.h"

#include <QChart>
#include <QChartView>
#include <QSignalSpy>
#include <QTest>

namespace ml = mllab::labs;

class TestSpeculativeView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsWhatTheEngineComputes()
    {
        JobRunner jobs;
        SpeculativeView view(&jobs);
        view.setParameter(QStringLiteral("max_tokens"), QStringLiteral("24"));
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.hasSweep() && view.result().run.ids.size() == 24, 60000);
        const auto engine = ml::computeSpeculativeLab(ml::speculativeLabParams(view.state()));
        QCOMPARE(view.result().run.ids, engine.run.ids);
        QVERIFY(view.result().matchesPlain);
        const auto& trace = view.result().run.trace;
        QCOMPARE(view.chips()->pieces().size(), qsizetype(trace.size()));
        // Rejected and accepted chips are told apart by colour.
        int rejected = -1, accepted = -1;
        for (int i = 0; i < int(trace.size()); ++i) {
            if (trace[std::size_t(i)].kind == mllab::SpeculativeTokenKind::Rejected)
                rejected = i;
            if (trace[std::size_t(i)].kind == mllab::SpeculativeTokenKind::Accepted)
                accepted = i;
        }
        QVERIFY(rejected >= 0 && accepted >= 0);
        QVERIFY(view.chips()->chipColour(rejected) != view.chips()->chipColour(accepted));
        QCOMPARE(int(view.sweep().points.size()), 8);
        const auto views = view.findChildren<QChartView*>();
        QCOMPARE(views.size(), qsizetype(2));
        for (QChartView* v : views)
            QCOMPARE(v->chart()->series().size(), qsizetype(3)); // two lines and the γ marker
        QVERIFY(view.noticeText().contains(QStringLiteral("exactly plain greedy")));
        QVERIFY(view.noticeText().contains(QStringLiteral("α = ")));
        QVERIFY(view.resultCsv().startsWith(QStringLiteral("position,token_id,piece,kind,pass\n")));
        QCOMPARE(view.resultCsv().count(QLatin1Char('\n')), int(trace.size()) + 1);
        QCOMPARE(view.keyNumbers().size(), qsizetype(3));
    }

    void anUnreadableDraftReachesTheBanner()
    {
        JobRunner jobs;
        SpeculativeView view(&jobs);
        QVERIFY(view.setParameter(QStringLiteral("draft"),
                                  QStringLiteral("/nonexistent/draft.safetensors"))
                    .isEmpty());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.errorText().contains(QStringLiteral("draft.safetensors")),
                                 30000);
        // An empty prompt is refused by the form and names the parameter.
        QVERIFY(!view.setParameter(QStringLiteral("prompt"), QString()).isEmpty());
    }
};

QTEST_MAIN(TestSpeculativeView)
#include "tst_speculativeview.moc"
