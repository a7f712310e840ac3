#include "app/labs/speculative/SpeculativeView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"
#include "app/widgets/RichLabel.h"
#include "app/widgets/TokenChips.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace ml = mllab::labs;
using mllab::SpeculativeTokenKind;

namespace {

QColor kindColour(SpeculativeTokenKind kind)
{
    switch (kind) {
    case SpeculativeTokenKind::Accepted:
        return theme::tint(theme::color(theme::Role::Positive), 0.45);
    case SpeculativeTokenKind::Rejected:
        return theme::tint(theme::color(theme::Role::Muted), 0.45);
    case SpeculativeTokenKind::Corrected:
        return theme::tint(theme::color(theme::Role::Marker), 0.45);
    case SpeculativeTokenKind::Bonus:
        return theme::tint(theme::color(theme::Role::Accent), 0.35);
    }
    return theme::surface();
}

QString times(double value)
{
    return QStringLiteral("%1×").arg(labtext::fixed(value, 2));
}

QString milliseconds(double seconds)
{
    return QObject::tr("%1 ms").arg(labtext::significant(seconds * 1000, 3));
}

} // namespace

SpeculativeView::SpeculativeView(JobRunner* jobs, QWidget* parent)
    : LabView(ml::speculativeLabSpec(), jobs, parent)
{
    m_tokenKey = widgets::richLabel();
    m_chips = new TokenChips;
    m_chips->setPlaceholder(tr("Decoding…"));
    m_numbers = widgets::richLabel();
    m_numbers->setObjectName(QStringLiteral("numbers"));

    m_speedup = charts::makeChart(tr("Speed-up against γ"), QStringLiteral("speedup"));
    m_speedup->legend()->hide();
    m_speedupKey = charts::makeKeyLabel();
    m_perPass =
        charts::makeChart(tr("Tokens per pass against γ"), QStringLiteral("tokens-per-pass"));
    m_perPass->legend()->hide();
    m_perPassKey = charts::makeKeyLabel();
    auto* row = new QHBoxLayout;
    row->addWidget(charts::withKey(charts::makeChartView(m_speedup, 240), m_speedupKey), 1);
    row->addWidget(charts::withKey(charts::makeChartView(m_perPass, 240), m_perPassKey), 1);

    chartLayout()->addWidget(m_tokenKey);
    chartLayout()->addWidget(charts::verticalScroll(m_chips, true), 1);
    chartLayout()->addWidget(m_numbers);
    chartLayout()->addLayout(row, 2);
}

void SpeculativeView::refresh()
{
    const ml::SpeculativeLabParams p = ml::speculativeLabParams(state());
    run(
        tr("Speculative decoding"),
        [p](const mllab::Progress& progress) { return ml::computeSpeculativeLab(p, progress); },
        [this, p](const ml::SpeculativeLabResult& r) {
            showResult(r);
            startSweep(p);
        });
}

void SpeculativeView::startSweep(const ml::SpeculativeLabParams& p)
{
    // The sweep does not depend on γ: it reruns only when its own inputs change. It starts
    // after the main job, so the two never time their decoding against each other.
    const QString key =
        QStringLiteral("%1|%2|%3|%4|%5|%6")
            .arg(QString::fromStdString(p.prompt))
            .arg(p.temperature)
            .arg(p.maxTokens)
            .arg(p.seed)
            .arg(QString::fromStdString(p.modelPath), QString::fromStdString(p.draftPath));
    if (key != m_sweepRequested) {
        m_sweepRequested = key;
        runPart(
            QStringLiteral("sweep"), tr("γ sweep"),
            [p](const mllab::Progress& progress) {
                return ml::computeSpeculativeSweep(p, progress);
            },
            [this](const ml::SpeculativeSweepResult& r) { showSweep(r); },
            [this](const QString& message) {
                m_sweepRequested.clear();
                showError(message);
            });
    }
}

void SpeculativeView::showResult(const ml::SpeculativeLabResult& result)
{
    clearError();
    m_result = result;
    m_hasResult = true;
    drawTokens();
    drawSweep(); // the current γ's marker
    updateNotice();
    Q_EMIT resultShown();
}

void SpeculativeView::showSweep(const ml::SpeculativeSweepResult& sweep)
{
    m_sweep = sweep;
    m_hasSweep = true;
    drawSweep();
    updateNotice();
    Q_EMIT resultShown();
}

void SpeculativeView::drawTokens()
{
    const auto swatch = [](SpeculativeTokenKind kind, const QString& text, bool struck = false) {
        return QStringLiteral(
                   "<span style=\"background-color:%1; color:%2;%3\">&nbsp;%4&nbsp;</span>")
            .arg(kindColour(kind).name(), theme::textOn(kindColour(kind)).name(),
                 struck ? QStringLiteral(" text-decoration:line-through;") : QString(), text);
    };
    m_tokenKey->setText(
        tr("%1 draft token the target kept &nbsp; %2 draft token it refused &nbsp; %3 the "
           "target's replacement &nbsp; %4 the target's own token after all γ were kept")
            .arg(swatch(SpeculativeTokenKind::Accepted, tr("accepted")),
                 swatch(SpeculativeTokenKind::Rejected, tr("rejected"), true),
                 swatch(SpeculativeTokenKind::Corrected, tr("corrected")),
                 swatch(SpeculativeTokenKind::Bonus, tr("bonus"))));
    QStringList pieces;
    QList<int> ids;
    QList<QColor> fills;
    QList<bool> struck;
    for (const auto& t : m_result.run.trace) {
        pieces << QString::fromStdString(t.piece);
        ids << int(t.id);
        fills << kindColour(t.kind);
        struck << (t.kind == SpeculativeTokenKind::Rejected);
    }
    m_chips->setTokens(pieces, ids);
    m_chips->setChipStyles(fills, struck);

    const auto& r = m_result;
    const int plainPasses = int(r.run.ids.size());
    m_numbers->setText(
        tr("<b>α = %1</b> (%2 of %3 proposals kept) · expected tokens per target pass "
           "(1 − α<sup>γ+1</sup>)/(1 − α) = <b>%4</b>, measured <b>%5</b> · target passes %6 "
           "against %7 for plain decoding, draft passes %8 · time %9 against %10 plain: "
           "<b>speed-up %11</b>")
            .arg(labtext::fixed(r.alpha, 2))
            .arg(r.run.accepted)
            .arg(r.run.proposed)
            .arg(labtext::fixed(r.expectedPerPass, 2), labtext::fixed(r.tokensPerPass, 2))
            .arg(r.run.targetPasses)
            .arg(plainPasses)
            .arg(r.run.draftPasses)
            .arg(milliseconds(r.run.seconds), milliseconds(r.plainSeconds), times(r.speedup)));
}

void SpeculativeView::drawSweep()
{
    if (!m_hasSweep)
        return;
    charts::clearChart(m_speedup);
    charts::clearChart(m_perPass);
    const auto& points = m_sweep.points;
    const double gammaMax = points.empty() ? 8 : points.back().gamma;
    double topSpeed = 1.2, topPass = 2;
    QList<QPointF> speed, measured, expected;
    for (const auto& p : points) {
        speed << QPointF(p.gamma, p.speedup);
        measured << QPointF(p.gamma, p.tokensPerPass);
        expected << QPointF(p.gamma, p.expectedPerPass);
        topSpeed = std::max(topSpeed, p.speedup * 1.1);
        topPass = std::max({topPass, p.tokensPerPass * 1.1, p.expectedPerPass * 1.1});
    }
    const QColor accent = theme::color(theme::Role::Accent);
    const QColor second = theme::color(theme::Role::Secondary);
    const QColor reference = theme::color(theme::Role::Reference);
    const QColor marker = theme::color(theme::Role::Marker);

    auto* x1 =
        charts::makeExactAxis(tr("draft tokens per pass γ"), 1, gammaMax, QStringLiteral("%d"));
    x1->setTickCount(int(gammaMax));
    auto* y1 = charts::makeAxis(tr("speed-up (×)"), 0, topSpeed);
    m_speedup->addAxis(x1, Qt::AlignBottom);
    m_speedup->addAxis(y1, Qt::AlignLeft);
    auto* even = charts::line(tr("plain decoding"), {{1.0, 1.0}, {gammaMax, 1.0}}, reference, 1.5,
                              Qt::DashLine);
    charts::addSeries(m_speedup, even, x1, y1);
    auto* speedLine = charts::line(tr("measured speed-up"), speed, accent);
    charts::addSeries(m_speedup, speedLine, x1, y1);
    auto* x2 =
        charts::makeExactAxis(tr("draft tokens per pass γ"), 1, gammaMax, QStringLiteral("%d"));
    x2->setTickCount(int(gammaMax));
    auto* y2 = charts::makeAxis(tr("tokens per pass"), 0, topPass);
    m_perPass->addAxis(x2, Qt::AlignBottom);
    m_perPass->addAxis(y2, Qt::AlignLeft);
    charts::addSeries(m_perPass, charts::line(tr("expected"), expected, second, 2, Qt::DashLine),
                      x2, y2);
    charts::addSeries(m_perPass, charts::line(tr("measured"), measured, accent), x2, y2);
    if (m_hasResult) {
        const int g = m_result.gamma;
        for (const auto& p : points) {
            if (p.gamma != g)
                continue;
            auto* a = charts::marker(tr("γ = %1").arg(g), marker, 0);
            a->append(p.gamma, p.speedup);
            charts::addSeries(m_speedup, a, x1, y1);
            auto* b = charts::marker(tr("γ = %1").arg(g), marker, 0);
            b->append(p.gamma, p.tokensPerPass);
            charts::addSeries(m_perPass, b, x2, y2);
        }
    }
    m_speedupKey->setText(charts::keyHtml(
        {{accent, QStringLiteral("━"), tr("measured speed-up (same job, this CPU)")},
         {reference, QStringLiteral("┅"), tr("1× = plain decoding")},
         {marker, QStringLiteral("●"), tr("current γ")}}));
    m_perPassKey->setText(
        charts::keyHtml({{accent, QStringLiteral("━"), tr("measured tokens per target pass")},
                         {second, QStringLiteral("┅"), tr("expected (1 − α^(γ+1))/(1 − α)")},
                         {marker, QStringLiteral("●"), tr("current γ")}}));
}

void SpeculativeView::updateNotice()
{
    if (!m_hasResult)
        return;
    const auto& r = m_result;
    QString text;
    if (r.temperature == 0)
        text = r.matchesPlain
                   ? tr("At temperature 0 the target only keeps proposals equal to its own argmax, "
                        "so the text is exactly plain greedy decoding's. ")
                   : tr("The text differs from plain greedy decoding: two logits nearly tied and "
                        "the batched pass rounded them the other way. ");
    else
        text = tr("Each proposal was kept with probability min(1, p/q) and a refused one was "
                  "redrawn from max(0, p − q): the text is a fair sample of the target at T = %1, "
                  "only cheaper to produce when the draft guesses well. ")
                   .arg(labtext::fixed(r.temperature, 2));
    text += tr("The draft guessed %1 of its proposals (α = %2), so each target pass yields "
               "%3 tokens instead of 1. ")
                .arg(labtext::percent(r.alpha, 0), labtext::fixed(r.alpha, 2),
                     labtext::fixed(r.tokensPerPass, 2));
    text += r.speedup >= 1
                ? tr("That made decoding %1 faster here. ").arg(times(r.speedup))
                : tr("Here it is still slower (%1): on this CPU a draft pass costs a good part of "
                     "a target pass (fixed per-call overhead), so γ draft passes plus one target "
                     "pass per round outweigh the passes saved. ")
                      .arg(times(r.speedup));
    if (m_hasSweep && !m_sweep.points.empty()) {
        const auto best =
            std::max_element(m_sweep.points.begin(), m_sweep.points.end(),
                             [](const auto& a, const auto& b) { return a.speedup < b.speedup; });
        text += tr("Across γ = 1–%1 the best was γ = %2 (%3)")
                    .arg(m_sweep.points.back().gamma)
                    .arg(best->gamma)
                    .arg(times(best->speedup));
        text += best->gamma < m_sweep.points.back().gamma
                    ? tr(": beyond it each extra draft pass costs more than the tokens it adds "
                         "(α^γ, the chance a later proposal is still reached and kept, shrinks).")
                    : tr(".");
    }
    setNotice(text);
}

QString SpeculativeView::resultCsv() const
{
    QString csv = QStringLiteral("position,token_id,piece,kind,pass\n");
    int i = 0;
    for (const auto& t : m_result.run.trace)
        csv += labtext::csvRow({QString::number(i++), QString::number(t.id),
                                labtext::csvField(QString::fromStdString(t.piece)),
                                QString::fromLatin1(ml::speculativeKindName(t.kind)),
                                QString::number(t.pass)});
    return csv;
}

QList<KeyNumber> SpeculativeView::keyNumbers() const
{
    return {{tr("α"), labtext::fixed(m_result.alpha, 2)},
            {tr("tokens/pass"), labtext::fixed(m_result.tokensPerPass, 2)},
            {tr("speed-up"), times(m_result.speedup)}};
}
