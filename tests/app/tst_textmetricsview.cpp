// The BLEU/ROUGE lab offscreen: it draws what the engine computes (p1..p4 with the brevity
// penalty and BLEU-1..4, nine ROUGE bars), writes the counts out, highlights the matched and
// clipped n-grams and the LCS, scores a shipped example's texts (and starts the user's own texts
// from them), follows the smoothing choice, and blank references or an empty
// candidate are refused by name while the last result stays.
#include "app/charts/Theme.h"
#include "app/jobs/JobRunner.h"
#include "app/labs/text-metrics/TextMetricsView.h"

#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QLabel>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>

namespace ml = mllab::labs;

class TestTextMetricsView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsWhatTheEngineComputes()
    {
        JobRunner jobs;
        TextMetricsView view(&jobs);
        view.resize(1000, 700);
        view.show();
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(20000));
        const auto engine = ml::computeTextMetricsLab(ml::textMetricsLabParams(view.state()));
        QCOMPARE(view.result().metrics.bleu, engine.metrics.bleu);
        int bars = 0;
        for (QChartView* chart : view.findChildren<QChartView*>())
            for (QAbstractSeries* s : chart->chart()->series())
                if (auto* b = qobject_cast<QBarSeries*>(s))
                    for (QBarSet* set : b->barSets())
                        bars += int(set->count());
        QCOMPARE(bars, 9); // ROUGE: precision, recall, F1 of 1, 2 and L
        QVERIFY(view.counts()->text().contains(QStringLiteral("p1 = ")));
        QVERIFY(view.noticeText().contains(QStringLiteral("ROUGE-1 recall")));
        QVERIFY(view.resultCsv().contains(QStringLiteral("rougeL_f1,")));
        QVERIFY(view.resultCsv().contains(QStringLiteral("bleu_2,")));
        // The BLEU chart: p_n, the brevity penalty and BLEU-1..4 at n = 1..4.
        bool bleuN = false;
        for (QChartView* chart : view.findChildren<QChartView*>())
            for (QAbstractSeries* s : chart->chart()->series())
                if (auto* line = qobject_cast<QLineSeries*>(s);
                    line && s->name() == QStringLiteral("BLEU-n")) {
                    bleuN = true;
                    QCOMPARE(line->count(), 4);
                    QCOMPARE(line->at(3).y(), engine.metrics.bleu);
                    QCOMPARE(line->at(0).y(), engine.metrics.bleuN[0]);
                }
        QVERIFY(bleuN);
    }

    void highlightsMatchesAndTheLcs()
    {
        JobRunner jobs;
        TextMetricsView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        // "the" three times against a reference with two: one clipped away.
        QVERIFY(
            view.setParameter(QStringLiteral("candidate"), QStringLiteral("the cat the mat the"))
                .isEmpty());
        QVERIFY(
            view.setParameter(QStringLiteral("references"), QStringLiteral("the cat on the mat"))
                .isEmpty());
        view.refresh();
        QVERIFY(shown.wait(20000));
        const QString html = view.highlights()->text();
        const QString matched = theme::cell(true, 0.6).name();
        const QString clipped = theme::cell(false, 0.6).name();
        QVERIFY(html.contains(QStringLiteral("background-color:") + matched));
        QVERIFY(html.contains(QStringLiteral("background-color:") + clipped));
        // The unigram row: "the" matched twice, then clipped.
        const QString row =
            html.section(QStringLiteral("1-grams"), 1, 1).section(QStringLiteral("2-grams"), 0, 0);
        QCOMPARE(row.count(clipped), 1);
        QCOMPARE(row.count(matched), 4);
        QVERIFY(html.contains(QStringLiteral("longest common subsequence")));
        QVERIFY(html.contains(QStringLiteral("(4 tokens")));
        QCOMPARE(view.result().metrics.lcsCandidate.size(), std::size_t(4));
        QVERIFY(view.noticeText().contains(QStringLiteral("clipped away")));
    }

    void examplesFillTheTexts()
    {
        JobRunner jobs;
        TextMetricsView view(&jobs);
        view.resize(1000, 700);
        view.show();
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(20000));
        // Chosen in the form: the texts fill in and the example is scored.
        QComboBox* example = nullptr;
        for (QComboBox* box : view.findChildren<QComboBox*>())
            if (box->findText(QStringLiteral("Reordering")) >= 0)
                example = box;
        QVERIFY(example);
        shown.clear();
        example->setCurrentIndex(example->findText(QStringLiteral("Reordering")));
        Q_EMIT example->activated(example->currentIndex()); // as a click does
        QVERIFY(shown.wait(20000));
        const auto* reordering = ml::findTextMetricsExample("reordering");
        QCOMPARE(view.state().text("example"), std::string("reordering"));
        const auto& m = view.result().metrics;
        QCOMPARE(m.candidateTokens, mllab::whitespaceTokens(reordering->candidate));
        // Where BLEU and ROUGE disagree: every word matches, the order does not.
        QCOMPARE(m.rouge1.f1, 1.0);
        QVERIFY(m.rougeL.f1 < 0.75);
        QVERIFY(view.noticeText().contains(QStringLiteral("Reordering")));
        // "Your own texts" chosen in the form starts from the example's texts.
        view.setParameter(QStringLiteral("smoothing"), QStringLiteral("1"));
        shown.clear();
        example->setCurrentIndex(example->findText(QStringLiteral("Your own texts")));
        Q_EMIT example->activated(example->currentIndex());
        QTRY_COMPARE(view.state().text("example"), std::string("custom"));
        QCOMPARE(view.state().text("candidate"), reordering->candidate);
        // Set from a link or --set: the state stays as given and the example's texts are scored.
        const std::string own = view.state().text("candidate");
        shown.clear();
        QVERIFY(view.setParameter(QStringLiteral("example"), QStringLiteral("short")).isEmpty());
        QCOMPARE(view.state().text("candidate"), own);
        view.refresh();
        QVERIFY(shown.wait(20000));
        QCOMPARE(view.result().metrics.candidateTokens,
                 mllab::whitespaceTokens(ml::findTextMetricsExample("short")->candidate));
        QVERIFY(view.result().metrics.brevityPenalty < 0.7);
        QCOMPARE(view.result().metrics.precisions[3], 1.0);
        QCOMPARE(view.result().metrics.smoothing, 1);
    }

    void blankReferencesAreRefusedByName()
    {
        JobRunner jobs;
        TextMetricsView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(20000));
        const double before = view.result().metrics.bleu;
        const QString refused =
            view.setParameter(QStringLiteral("references"), QStringLiteral("  \n "));
        QVERIFY(refused.contains(QStringLiteral("eferences")));
        QCOMPARE(view.result().metrics.bleu, before);
        QVERIFY(view.state().text("references").find("overfitting") != std::string::npos);
    }

    void emptyCandidateReachesTheBanner()
    {
        JobRunner jobs;
        TextMetricsView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(20000));
        const double before = view.result().metrics.bleu;
        const QString refused = view.setParameter(QStringLiteral("candidate"), QStringLiteral(" "));
        if (refused.isEmpty()) { // the declaration lets it through: the pipeline names it
            view.refresh();
            QTRY_VERIFY(view.errorText().contains(QStringLiteral("candidate")));
        } else {
            QVERIFY(refused.contains(QStringLiteral("andidate")));
        }
        QCOMPARE(view.result().metrics.bleu, before);
    }
};

QTEST_MAIN(TestTextMetricsView)
#include "tst_textmetricsview.moc"
