#include "app/labs/bug-zoo/BugZooView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ml = mllab::labs;

namespace {

/// (epoch, value × scale) for every finite value, capped at `cap` (a diverging run stays on the
/// chart's top edge instead of stretching it).
QList<QPointF> perEpoch(const std::vector<double>& v, double scale = 1,
                        double cap = std::numeric_limits<double>::infinity())
{
    QList<QPointF> points;
    for (std::size_t e = 0; e < v.size(); ++e)
        if (std::isfinite(v[e]))
            points.append({double(e), std::min(v[e] * scale, cap)});
    return points;
}

double finiteMax(std::initializer_list<const std::vector<double>*> vectors)
{
    double top = 0;
    for (const auto* v : vectors)
        for (double x : *v)
            if (std::isfinite(x))
                top = std::max(top, x);
    return top;
}

QString num(double x)
{
    return std::isfinite(x) ? labtext::significant(x, 3) : QStringLiteral("NaN");
}

QString pct(double share)
{
    return std::isfinite(share) ? labtext::percent(share, 0) : QStringLiteral("—");
}

QString epochsText(int epochs)
{
    return epochs > 0 ? QObject::tr("after %n epoch(s)", nullptr, epochs) : QObject::tr("never");
}

QValueAxis* epochAxis(int epochs)
{
    auto* axis = charts::makeExactAxis(QObject::tr("epoch"), 0, epochs, QStringLiteral("%.0f"));
    charts::setIntegerTicks(axis, epochs, 6);
    return axis;
}

} // namespace

BugZooView::BugZooView(JobRunner* jobs, QWidget* parent)
    : LabView(ml::bugZooLabSpec(), jobs, parent)
{
    m_loss = charts::makeChart(tr("Loss per epoch"), QStringLiteral("loss"));
    m_accuracy = charts::makeChart(tr("Accuracy per epoch"), QStringLiteral("accuracy"));
    m_probabilities =
        charts::makeChart(tr("p(true class) on the training rows"), QStringLiteral("p-true"));
    m_steps = charts::makeChart(tr("Optimizer step size"), QStringLiteral("steps"));
    auto* grid = new QWidget;
    auto* layout = new QGridLayout(grid);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    int k = 0;
    for (QChart* chart : {m_loss, m_accuracy, m_probabilities, m_steps}) {
        chart->legend()->hide(); // one key below serves all four
        QChartView* view = charts::makeChartView(chart, 230);
        view->setMinimumWidth(215); // two columns beside a parameter panel wide enough to read
        layout->addWidget(view, k / 2, k % 2);
        ++k;
    }
    m_key = charts::makeKeyLabel();
    auto* box = new QWidget;
    auto* column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(grid, 1);
    column->addWidget(m_key);
    chartLayout()->addWidget(box);
}

void BugZooView::refresh()
{
    const ml::BugZooLabParams params = ml::bugZooLabParams(state());
    run(
        tr("Training the healthy and the buggy run"),
        [params](const mllab::Progress& progress) {
            return ml::computeBugZooLab(params, progress);
        },
        [this](const ml::BugZooLabResult& r) { showResult(r); });
}

void BugZooView::showResult(const ml::BugZooLabResult& result)
{
    clearError();
    m_result = result;
    m_hasResult = true;
    drawLoss();
    drawAccuracy();
    drawProbabilities();
    drawSteps();
    const QColor healthy = theme::color(theme::Role::Accent);
    const QColor buggy = theme::color(theme::Role::Secondary);
    const QColor reference = theme::color(theme::Role::Reference);
    std::vector<charts::KeyEntry> key = {{healthy, QStringLiteral("━"), tr("healthy train")},
                                         {healthy, QStringLiteral("┅"), tr("healthy val")}};
    if (result.params.bug != "none") {
        key.push_back({buggy, QStringLiteral("━"), tr("buggy train")});
        key.push_back({buggy, QStringLiteral("┅"), tr("buggy val")});
    }
    if (result.params.bug == "eval_forgotten")
        key.push_back({buggy, QStringLiteral("┊"), tr("buggy val in eval()")});
    key.push_back({reference, QStringLiteral("┊"), tr("ln C, chance")});
    if (result.params.bug == "softmax_before_ce")
        key.push_back(
            {theme::color(theme::Role::Tertiary), QStringLiteral("┅"), tr("ln(1 + (C−1)/e)")});
    QColor band = result.params.bug == "none" ? healthy : buggy;
    band.setAlpha(theme::color(theme::Role::Band).alpha());
    key.push_back({band, QStringLiteral("█"), tr("p(true) 10–90%, 25–75%")});
    m_key->setText(charts::keyHtml(key));
    updateNotice();
    Q_EMIT resultShown();
}

void BugZooView::drawLoss()
{
    const auto& r = m_result;
    const auto& s = r.signature;
    charts::clearChart(m_loss);
    const double healthyTop = finiteMax({&r.healthy.trainLoss, &r.healthy.validationLoss});
    const double buggyTop = finiteMax({&r.buggy.trainLoss, &r.buggy.validationLoss});
    // Up to 3 ln C: a loss far above a uniform guess has diverged, and the title says so.
    const double top = std::min(3 * s.lnC, std::max({healthyTop, buggyTop, s.lnC}) * 1.1);
    auto* x = epochAxis(r.params.epochs);
    auto* y = charts::makeAxis(tr("loss (nats)"), 0, top, QStringLiteral("%.2g"));
    y->applyNiceNumbers();
    const QColor healthy = theme::color(theme::Role::Accent);
    const QColor buggy = theme::color(theme::Role::Secondary);
    const double last = r.params.epochs;
    charts::attach(m_loss,
                   charts::line(tr("ln C"), {{0, s.lnC}, {last, s.lnC}},
                                theme::color(theme::Role::Reference), 1.2, Qt::DotLine),
                   x, y);
    if (r.params.bug == "softmax_before_ce")
        charts::attach(m_loss,
                       charts::line(tr("softmax floor"),
                                    {{0, s.softmaxFloor}, {last, s.softmaxFloor}},
                                    theme::color(theme::Role::Tertiary), 1.2, Qt::DashLine),
                       x, y);
    charts::attach(m_loss,
                   charts::line(tr("healthy, validation"),
                                perEpoch(r.healthy.validationLoss, 1, top), healthy, 1.6,
                                Qt::DashLine),
                   x, y);
    charts::attach(
        m_loss,
        charts::line(tr("healthy, training"), perEpoch(r.healthy.trainLoss, 1, top), healthy, 2), x,
        y);
    QString title = tr("Loss per epoch");
    const int diverged =
        r.buggy.divergedEpoch > 0 ? r.buggy.divergedEpoch : r.healthy.divergedEpoch;
    if (diverged > 0)
        title = tr("Loss: NaN at epoch %1").arg(diverged);
    else if (std::max(healthyTop, buggyTop) > top)
        title = tr("Loss (up to %1, cut)").arg(num(std::max(healthyTop, buggyTop)));
    m_loss->setTitle(title);
    if (r.params.bug == "none") { // one run: the buggy copy would only hide it
        theme::applyTo(m_loss);
        return;
    }
    if (!r.buggy.validationLossEvalMode.empty())
        charts::attach(m_loss,
                       charts::line(tr("buggy, validation in eval()"),
                                    perEpoch(r.buggy.validationLossEvalMode, 1, top), buggy, 1.2,
                                    Qt::DotLine),
                       x, y);
    charts::attach(m_loss,
                   charts::line(tr("buggy, validation"), perEpoch(r.buggy.validationLoss, 1, top),
                                buggy, 1.6, Qt::DashLine),
                   x, y);
    charts::attach(
        m_loss, charts::line(tr("buggy, training"), perEpoch(r.buggy.trainLoss, 1, top), buggy, 2),
        x, y);
    theme::applyTo(m_loss);
}

void BugZooView::drawAccuracy()
{
    const auto& r = m_result;
    charts::clearChart(m_accuracy);
    auto* x = epochAxis(r.params.epochs);
    auto* y = charts::makeExactAxis(tr("accuracy (%)"), 0, 100, QStringLiteral("%.0f"));
    const QColor healthy = theme::color(theme::Role::Accent);
    const QColor buggy = theme::color(theme::Role::Secondary);
    const double chance = 100 * r.signature.chance;
    charts::attach(m_accuracy,
                   charts::line(tr("chance"), {{0, chance}, {double(r.params.epochs), chance}},
                                theme::color(theme::Role::Reference), 1.2, Qt::DotLine),
                   x, y);
    charts::attach(m_accuracy,
                   charts::line(tr("healthy, validation"),
                                perEpoch(r.healthy.validationAccuracy, 100), healthy, 1.6,
                                Qt::DashLine),
                   x, y);
    charts::attach(
        m_accuracy,
        charts::line(tr("healthy, training"), perEpoch(r.healthy.trainAccuracy, 100), healthy, 2),
        x, y);
    if (r.params.bug == "none") {
        theme::applyTo(m_accuracy);
        return;
    }
    if (!r.buggy.validationAccuracyEvalMode.empty())
        charts::attach(m_accuracy,
                       charts::line(tr("buggy, validation in eval()"),
                                    perEpoch(r.buggy.validationAccuracyEvalMode, 100), buggy, 1.2,
                                    Qt::DotLine),
                       x, y);
    charts::attach(m_accuracy,
                   charts::line(tr("buggy, validation"), perEpoch(r.buggy.validationAccuracy, 100),
                                buggy, 1.6, Qt::DashLine),
                   x, y);
    charts::attach(
        m_accuracy,
        charts::line(tr("buggy, training"), perEpoch(r.buggy.trainAccuracy, 100), buggy, 2), x, y);
    theme::applyTo(m_accuracy);
}

void BugZooView::drawProbabilities()
{
    const auto& r = m_result;
    const bool none = r.params.bug == "none";
    const auto& run = none ? r.healthy : r.buggy;
    charts::clearChart(m_probabilities);
    auto* x = epochAxis(r.params.epochs);
    auto* y = charts::makeExactAxis(tr("p(true class)"), 0, 1, QStringLiteral("%.1f"));
    const QColor line =
        none ? theme::color(theme::Role::Accent) : theme::color(theme::Role::Secondary);
    // The theme's band translucency, in the run's colour.
    QColor bandColour = line;
    bandColour.setAlpha(theme::color(theme::Role::Band).alpha());
    // Bands between quantiles (0.1, 0.25, 0.5, 0.75, 0.9 in the engine's order).
    const auto quantile = [&run](std::size_t q) {
        QList<QPointF> points;
        for (std::size_t e = 0; e < run.pTrueQuantiles.size(); ++e)
            if (std::isfinite(run.pTrueQuantiles[e][q]))
                points.append({double(e), run.pTrueQuantiles[e][q]});
        return points;
    };
    for (auto [lo, hi] : {std::pair<std::size_t, std::size_t>{0, 4}, {1, 3}}) {
        auto* upper = charts::lineSeries(QString(), line, 0);
        auto* lower = charts::lineSeries(QString(), line, 0);
        upper->replace(quantile(hi));
        lower->replace(quantile(lo));
        auto* band = charts::area(upper, lower);
        band->setName(lo == 0 ? tr("10–90% of rows") : tr("25–75% of rows"));
        band->setColor(bandColour);
        band->setBorderColor(bandColour);
        charts::attach(m_probabilities, band, x, y);
    }
    if (!none) {
        QList<QPointF> healthyMedian;
        for (std::size_t e = 0; e < r.healthy.pTrueQuantiles.size(); ++e)
            if (std::isfinite(r.healthy.pTrueQuantiles[e][2]))
                healthyMedian.append({double(e), r.healthy.pTrueQuantiles[e][2]});
        charts::attach(m_probabilities,
                       charts::line(tr("healthy median"), healthyMedian,
                                    theme::color(theme::Role::Accent), 1.4, Qt::DashLine),
                       x, y);
    }
    charts::attach(m_probabilities, charts::line(tr("median"), quantile(2), line, 2), x, y);
    m_probabilities->setTitle(none ? tr("p(true class), healthy run")
                                   : tr("p(true class), buggy run"));
    theme::applyTo(m_probabilities);
}

void BugZooView::drawSteps()
{
    // log10 on a linear axis: a run without zero_grad() spans twenty decades, more than a log
    // axis can label.
    const auto& r = m_result;
    charts::clearChart(m_steps);
    const auto steps = [](const std::vector<double>& v) {
        QList<QPointF> points;
        for (std::size_t e = 1; e < v.size(); ++e)
            if (std::isfinite(v[e]) && v[e] > 0)
                points.append({double(e), std::log10(v[e])});
        return points;
    };
    const QList<QPointF> healthy = steps(r.healthy.stepNorm);
    const QList<QPointF> buggy =
        r.params.bug != "none" ? steps(r.buggy.stepNorm) : QList<QPointF>();
    double low = 0, high = -8;
    bool any = false;
    for (const auto* points : {&healthy, &buggy})
        for (const QPointF& point : *points) {
            low = any ? std::min(low, point.y()) : point.y();
            high = any ? std::max(high, point.y()) : point.y();
            any = true;
        }
    if (!any)
        low = -3, high = 0;
    auto* x = epochAxis(r.params.epochs);
    const double bottom = std::floor(low - 0.2), top = std::ceil(high + 0.2);
    auto* y = charts::makeExactAxis(tr("log₁₀ ‖Δθ‖"), bottom, top, QStringLiteral("%.0f"));
    y->setTickType(QValueAxis::TicksDynamic); // whole decades only
    y->setTickAnchor(0);
    y->setTickInterval(std::max(1.0, std::ceil((top - bottom) / 6)));
    charts::attach(
        m_steps, charts::line(tr("healthy"), healthy, theme::color(theme::Role::Accent), 2), x, y);
    if (!buggy.isEmpty())
        charts::attach(m_steps,
                       charts::line(tr("buggy"), buggy, theme::color(theme::Role::Secondary), 2), x,
                       y);
    m_steps->setTitle(tr("Step size per epoch"));
    theme::applyTo(m_steps);
}

QString BugZooView::bugText() const
{
    const auto& r = m_result;
    const auto& s = r.signature;
    const auto& p = r.params;
    const QString lnC = tr("ln %1 = %2").arg(r.classNames.size()).arg(labtext::fixed(s.lnC, 3));
    const QString diverged = r.buggy.divergedEpoch > 0
                                 ? tr(" The loss turned NaN at epoch %1: the weights overflowed.")
                                       .arg(r.buggy.divergedEpoch)
                                 : QString();
    if (p.bug == "none")
        return tr("No bug: the training loss starts at %1 ≈ %2 (a uniform guess over the classes) "
                  "and falls to %3; validation accuracy ends at %4.")
            .arg(num(r.healthy.trainLoss[0]), lnC, num(s.healthyFinalLoss),
                 pct(s.healthyFinalValidationAccuracy));
    if (p.bug == "no_zero_grad")
        return tr("Without zero_grad() each backward() adds to the gradients of every earlier "
                  "step, and SGD steps along the sum: the mean step ‖Δθ‖ grows from %1 in the "
                  "first epochs to %2 in the last (the healthy run: %3 to %4).")
                   .arg(num(s.buggyEarlyStep), num(s.buggyLateStep), num(s.healthyEarlyStep),
                        num(s.healthyLateStep)) +
               diverged;
    if (p.bug == "lr_high") {
        if (!std::isfinite(s.buggyEarlyStep))
            return tr("At 10× the learning rate (%1) the loss turned NaN at epoch %2: every step "
                      "overshot further than the last.")
                .arg(num(p.lr * 10))
                .arg(r.buggy.divergedEpoch);
        return tr("At 10× the learning rate (%1) the steps are %2× the healthy ones (‖Δθ‖ %3 "
                  "against %4 in the first epochs) and the training loss keeps bouncing: its "
                  "rises from one epoch to the next add up to %5, against %6 for the healthy "
                  "run.")
                   .arg(num(p.lr * 10),
                        labtext::fixed(s.buggyEarlyStep / std::max(1e-12, s.healthyEarlyStep), 1),
                        num(s.buggyEarlyStep), num(s.healthyEarlyStep), num(s.buggyLossRises),
                        num(s.healthyLossRises)) +
               diverged;
    }
    if (p.bug == "lr_low") {
        const QString reach = s.buggyEpochsToHalf > 0
                                  ? tr("needs %1 epochs").arg(s.buggyEpochsToHalf)
                                  : tr("does not get there in %1 epochs").arg(p.epochs);
        return tr("At a tenth of the learning rate (%1) the loss creeps down in a straight, slow "
                  "line that looks like a plateau: it %2 to fall below ln C / 2 = %3, the "
                  "healthy run %4; it ends at %5 against %6.")
            .arg(num(p.lr / 10), reach, labtext::fixed(s.lnC / 2, 3))
            .arg(s.healthyEpochsToHalf)
            .arg(num(s.buggyFinalLoss), num(s.healthyFinalLoss));
    }
    if (p.bug == "shuffled_labels")
        return tr("Training loss stays at %1 ≈ %2 over the first epochs: the labels carry no "
                  "signal. Validation accuracy ends at %3, chance (always the largest class) is "
                  "%4. Where the training loss falls later (to %5), the network memorises the "
                  "noise: the validation loss never gets below %6 (healthy: %7).")
            .arg(labtext::fixed(s.buggyEarlyLoss, 2), lnC, pct(s.buggyFinalValidationAccuracy),
                 pct(s.chance), num(s.buggyFinalLoss), num(s.buggyMinValidationLoss),
                 num(s.healthyMinValidationLoss));
    if (p.bug == "softmax_before_ce")
        return tr("CrossEntropyLoss applies log-softmax itself; fed probabilities in [0, 1], "
                  "its second softmax can never be confident, so the loss cannot fall below "
                  "ln(1 + (C−1)/e) = %1. Training loss ends at %2 against the healthy %3, and "
                  "the flattened gradients train slower (below ln C / 2: %4; healthy: %5), "
                  "while validation accuracy, which only needs the argmax, is %6 against %7.")
            .arg(labtext::fixed(s.softmaxFloor, 3), num(s.buggyFinalLoss), num(s.healthyFinalLoss),
                 epochsText(s.buggyEpochsToHalf), epochsText(s.healthyEpochsToHalf),
                 pct(s.buggyFinalValidationAccuracy), pct(s.healthyFinalValidationAccuracy));
    if (p.bug == "eval_forgotten")
        return tr("Validation run in train() mode: dropout drops units and BatchNorm normalises "
                  "with the validation batch (and mixes it into its running statistics). The "
                  "validation loss read that way jumps by %1 per epoch on average against %2 "
                  "read in eval() mode, and ends at %3 against %4.")
            .arg(num(s.validationJitterTrainMode), num(s.validationJitterEvalMode),
                 num(s.validationLossTrainMode), num(s.validationLossEvalMode));
    if (p.bug == "unshuffled")
        return tr("Training rows sorted by class and never shuffled: every batch holds one class, "
                  "so each step drags the network towards that class and BatchNorm normalises "
                  "within one class. The training loss (the mean over the epoch's batches) ends "
                  "at %1 against %2, validation accuracy at %3 against %4.")
            .arg(num(s.buggyFinalLoss), num(s.healthyFinalLoss),
                 pct(s.buggyFinalValidationAccuracy), pct(s.healthyFinalValidationAccuracy));
    if (p.bug == "frozen_layer")
        return tr("The first layer is frozen (requires_grad off): %1 of %2 parameters train. The "
                  "rest learns on fixed random features, and the training loss's floor is "
                  "higher: %3 at the end against %4.")
            .arg(labtext::count(r.buggy.trainableParameters), labtext::count(r.buggy.parameters),
                 num(s.buggyFinalLoss), num(s.healthyFinalLoss));
    if (p.bug == "imbalance") {
        const QString minority =
            s.minorityClass >= 0
                ? QString::fromStdString(r.classNames[std::size_t(s.minorityClass)])
                : QString();
        return tr("Training keeps %1 rows of %2: training accuracy is %3, yet the validation "
                  "recall of %2 is %4 against %5 for the healthy run; overall validation "
                  "accuracy (%6) hides most of it.")
            .arg(s.minorityTrainRows)
            .arg(minority, pct(s.buggyFinalTrainAccuracy), pct(s.buggyMinorityRecall),
                 pct(s.healthyMinorityRecall), pct(s.buggyFinalValidationAccuracy));
    }
    if (p.bug == "label_noise")
        return tr("%1 of the training labels point to a wrong class: the network cannot be "
                  "confident and right on them, so the training loss stays at %2 (healthy %3) "
                  "and the validation loss's floor rises from %4 to %5. Validation accuracy "
                  "(%6, healthy %7) sits above training accuracy (%8), which is scored against "
                  "the flipped labels.")
            .arg(pct(p.noise), num(s.buggyFinalLoss), num(s.healthyFinalLoss),
                 num(s.healthyMinValidationLoss), num(s.buggyMinValidationLoss),
                 pct(s.buggyFinalValidationAccuracy), pct(s.healthyFinalValidationAccuracy),
                 pct(s.buggyFinalTrainAccuracy));
    return {};
}

QString BugZooView::flatText() const
{
    const auto& f = m_result.flat;
    const QString run = m_result.params.bug == "none" ? tr("healthy run") : tr("buggy run");
    if (!std::isfinite(f.lossTo))
        return tr("<b>Loss down, accuracy flat:</b> the %1 diverged before epoch %2; there is no "
                  "p(true) to read.")
            .arg(run)
            .arg(f.to);
    QString text = tr("<b>Loss down, accuracy flat</b> (%1, training rows, epochs %2 → %3): mean "
                      "−ln p(true) %4 → %5, accuracy %6 → %7, %8 of the rows change their "
                      "predicted class.")
                       .arg(run)
                       .arg(f.from)
                       .arg(f.to)
                       .arg(num(f.lossFrom), num(f.lossTo), pct(f.accuracyFrom), pct(f.accuracyTo),
                            pct(f.changedShare));
    if (f.correctRows > 0) {
        text += QLatin1Char(' ') +
                tr("The %1 rows already right: p(true) %2 → %3")
                    .arg(f.correctRows)
                    .arg(labtext::fixed(f.pCorrectFrom, 3), labtext::fixed(f.pCorrectTo, 3));
        if (std::isfinite(f.lossDropFromCorrect))
            text += tr(", %1 of the loss's drop").arg(pct(f.lossDropFromCorrect));
        text += f.wrongRows > 0 ? QStringLiteral("; ") : QStringLiteral(".");
    } else if (f.wrongRows > 0) {
        text += QLatin1Char(' ');
    }
    if (f.wrongRows > 0)
        text += tr("the %1 wrong ones: %2 → %3.")
                    .arg(f.wrongRows)
                    .arg(labtext::fixed(f.pWrongFrom, 3), labtext::fixed(f.pWrongTo, 3));
    return text;
}

void BugZooView::updateNotice()
{
    QString text = bugText();
    if (m_result.params.bug != "none" && m_result.healthy.divergedEpoch > 0)
        text = tr("The healthy run itself turns NaN at epoch %1 at this learning rate: lower it "
                  "to compare the bug against a run that trains.")
                   .arg(m_result.healthy.divergedEpoch) +
               QLatin1Char(' ') + text;
    setNotice(text + QStringLiteral("<br>") + flatText());
}

QString BugZooView::resultCsv() const
{
    const auto& r = m_result;
    QString csv = QStringLiteral(
        "epoch,healthy_train_loss,healthy_validation_loss,healthy_train_accuracy,"
        "healthy_validation_accuracy,healthy_step_norm,buggy_train_loss,buggy_validation_loss,"
        "buggy_train_accuracy,buggy_validation_accuracy,buggy_step_norm,buggy_p_true_q10,"
        "buggy_p_true_q25,buggy_p_true_median,buggy_p_true_q75,buggy_p_true_q90\n");
    const auto cell = [](double v) {
        return std::isfinite(v) ? labtext::exact(v) : QStringLiteral("nan");
    };
    for (std::size_t e = 0; e < r.healthy.trainLoss.size(); ++e) {
        QStringList row = {QString::number(e),
                           cell(r.healthy.trainLoss[e]),
                           cell(r.healthy.validationLoss[e]),
                           cell(r.healthy.trainAccuracy[e]),
                           cell(r.healthy.validationAccuracy[e]),
                           cell(r.healthy.stepNorm[e]),
                           cell(r.buggy.trainLoss[e]),
                           cell(r.buggy.validationLoss[e]),
                           cell(r.buggy.trainAccuracy[e]),
                           cell(r.buggy.validationAccuracy[e]),
                           cell(r.buggy.stepNorm[e])};
        for (double q : r.buggy.pTrueQuantiles[e])
            row << cell(q);
        csv += labtext::csvRow(row);
    }
    return csv;
}

QList<KeyNumber> BugZooView::keyNumbers() const
{
    if (!m_hasResult)
        return {};
    const auto& s = m_result.signature;
    return {{tr("bug loss"), num(s.buggyFinalLoss)},
            {tr("bug val acc"), pct(s.buggyFinalValidationAccuracy)},
            {tr("healthy val acc"), pct(s.healthyFinalValidationAccuracy)}};
}
