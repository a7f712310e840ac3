// The sampling lab driven offscreen on the shipped model: T = 0 keeps one token with probability
// 1, top-k keeps exactly k, top-p keeps the expected nucleus, the read-out matches the engine, the
// same seed reproduces generated text, and a slider move's restage time is logged.
#include "app/jobs/JobRunner.h"
#include "app/labs/sampling/SamplingView.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>

class TestSamplingView : public QObject {
    Q_OBJECT
private:
    JobRunner* m_jobs = nullptr;
    SamplingView* m_view = nullptr;

    void apply(const QString& key, const QString& value)
    {
        QCOMPARE(m_view->setParameter(key, value), QString());
    }

    void restageWith(const QString& key, const QString& value)
    {
        QSignalSpy shown(m_view, &LabView::resultShown);
        apply(key, value);
        m_view->refresh();
        QVERIFY(shown.wait(60000));
    }

private Q_SLOTS:
    void init()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_jobs = new JobRunner;
        m_view = new SamplingView(m_jobs);
        m_view->resize(900, 700);
        m_view->show();
        QSignalSpy shown(m_view, &LabView::resultShown);
        m_view->refresh();
        QVERIFY2(shown.wait(60000), qPrintable(m_view->errorText()));
    }

    void cleanup()
    {
        delete m_view;
        delete m_jobs;
    }

    void temperatureZeroIsGreedy()
    {
        restageWith(QStringLiteral("temperature"), QStringLiteral("0"));
        const auto& s = m_view->sampling();
        QCOMPARE(s.kept.size(), std::size_t(1));
        QCOMPARE(s.finalDistribution()[std::size_t(s.kept[0])], 1.0);
        const auto& logits = m_view->next().logits;
        QCOMPARE(s.kept[0], int(std::max_element(logits.begin(), logits.end()) - logits.begin()));
        QVERIFY(m_view->readout().contains(QStringLiteral("kept <b>1</b>")));
        QVERIFY(m_view->noticeText().contains(QStringLiteral("greedy")));
    }

    void topKKeepsExactlyK()
    {
        restageWith(QStringLiteral("top_k"), QStringLiteral("3"));
        QCOMPARE(m_view->sampling().kept.size(), std::size_t(3));
        QVERIFY(m_view->readout().contains(QStringLiteral("kept <b>3</b>")));
        double sum = 0;
        for (double p : m_view->sampling().finalDistribution())
            sum += p;
        QVERIFY(std::abs(sum - 1.0) < 1e-9);
    }

    void topPKeepsTheNucleus()
    {
        restageWith(QStringLiteral("top_p"), QStringLiteral("0.5"));
        const auto& logits = m_view->next().logits;
        std::vector<double> p(logits.size());
        const double top = *std::max_element(logits.begin(), logits.end());
        double z = 0;
        for (std::size_t i = 0; i < p.size(); ++i)
            z += p[i] = std::exp(double(logits[i]) - top);
        std::vector<int> order(p.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return p[std::size_t(a)] > p[std::size_t(b)]; });
        std::vector<int> expected;
        double mass = 0;
        for (int id : order) {
            expected.push_back(id);
            mass += p[std::size_t(id)] / z;
            if (mass >= 0.5 - 1e-12)
                break;
        }
        std::sort(expected.begin(), expected.end());
        QCOMPARE(m_view->sampling().kept, expected);
        QVERIFY(m_view->readout().contains(QStringLiteral("kept <b>%1</b>").arg(expected.size())));
    }

    void barsFollowTheSetting()
    {
        restageWith(QStringLiteral("bars"), QStringLiteral("50"));
        QCOMPARE(m_view->barTokens().size(), std::size_t(50));
        for (int i = 0; i < 20; ++i) {
            m_view->setParameter(QStringLiteral("temperature"), QString::number(0.1 + i * 0.09));
            m_view->refresh();
            QSignalSpy shown(m_view, &LabView::resultShown);
            QVERIFY(shown.wait(60000));
        }
        qInfo(
            "sampling lab: restage and chart data for 50 bars took %.2f ms (logged, not asserted)",
            m_view->lastRestageMs());
        QVERIFY(m_view->lastRestageMs() > 0);
    }

    void noticeFollowsTheSettings()
    {
        restageWith(QStringLiteral("temperature"), QStringLiteral("1"));
        QVERIFY(m_view->noticeText().contains(QStringLiteral("model's own distribution")));
        QVERIFY(m_view->noticeText().contains(QStringLiteral("No filter")));
        // Temperature and the filters are told apart: the top token's share after temperature
        // alone, then how many tokens top-p leaves.
        apply(QStringLiteral("temperature"), QStringLiteral("0.5"));
        restageWith(QStringLiteral("top_p"), QStringLiteral("0.9"));
        const QString notice = m_view->noticeText();
        QVERIFY(notice.contains(QStringLiteral("sharpens")));
        QVERIFY(notice.contains(QStringLiteral("top-p 0.90")));
        QVERIFY2(notice.contains(QStringLiteral("%1 of %2 tokens remain")
                                     .arg(m_view->sampling().kept.size())
                                     .arg(m_view->sampling().softmax.size())),
                 qPrintable(notice));
        restageWith(QStringLiteral("temperature"), QStringLiteral("1.5"));
        QVERIFY(m_view->noticeText().contains(QStringLiteral("flattens")));
        // The read-out names the token the seed draws.
        const int drawn = m_view->sampling().draws.at(0);
        QVERIFY(m_view->sampling().finalDistribution()[std::size_t(drawn)] > 0);
        QVERIFY(m_view->readout().contains(QStringLiteral("draws")));
    }

    void viewParameterOpensAndFillsTheTab()
    {
        QSignalSpy shown(m_view, &LabView::resultShown);
        apply(QStringLiteral("view"), QStringLiteral("decoding"));
        apply(QStringLiteral("tokens"), QStringLiteral("8"));
        m_view->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 2, 60000); // the logits and the decoders
        auto* table = m_view->findChild<QTableWidget*>();
        QVERIFY(table->isVisible());
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(m_view->parameters().value(QStringLiteral("view")), QStringLiteral("decoding"));
        QVERIFY(m_view->setParameter(QStringLiteral("view"), QStringLiteral("bars"))
                    .contains(QStringLiteral("view")));
    }

    void sameSeedSameText()
    {
        apply(QStringLiteral("tokens"), QStringLiteral("12"));
        apply(QStringLiteral("temperature"), QStringLiteral("1.2"));
        QString first;
        for (int run = 0; run < 2; ++run) {
            QSignalSpy shown(m_view, &LabView::resultShown);
            m_view->generate();
            QVERIFY(shown.wait(60000));
            if (run == 0)
                first = m_view->generatedText(0);
            else
                QCOMPARE(m_view->generatedText(0), first);
        }
        QVERIFY(!first.isEmpty());
    }

    void badParametersAreRejected()
    {
        QVERIFY(m_view->setParameter(QStringLiteral("temperature"), QStringLiteral("3")).contains(QStringLiteral("temperature")));
        QVERIFY(m_view->setParameter(QStringLiteral("top_p"), QStringLiteral("0")).contains(QStringLiteral("top_p")));
        QVERIFY(m_view->setParameter(QStringLiteral("prompt"), QString()).contains(QStringLiteral("empty")));
        QVERIFY(m_view->setParameter(QStringLiteral("colour"), QStringLiteral("1")).contains(QStringLiteral("unknown")));
    }
};

QTEST_MAIN(TestSamplingView)
#include "tst_samplingview.moc"
