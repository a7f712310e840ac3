#include "app/labs/embeddings/EmbeddingsView.h"

#include "app/charts/ChartKit.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"
#include "app/labs/ParameterPanel.h"
#include "app/widgets/RichLabel.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QGraphicsScene>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLegend>
#include <QScatterSeries>
#include <QTabWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ml = mllab::labs;

namespace {

QChart* newChart(const QString& title, const QString& id)
{
    QChart* chart = charts::makeChart(title, id);
    chart->legend()->hide();
    return chart;
}

QChartView* smallView(QChart* chart, int minimumHeight = 160)
{
    QChartView* view = charts::makeChartView(chart);
    view->setMinimumSize(200, minimumHeight);
    return view;
}

/// Two charts one above the other (SGNS, then PPMI-SVD) with an optional caption under them, in a
/// vertical scroll: at 1280x800 the lab's column is too narrow for two charts side by side to
/// show their words, and on a projector each chart keeps the height its eight labelled rows need.
QWidget* pairPage(QChart* left, QChart* right, QLabel* caption)
{
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(smallView(left, 240), 1);
    layout->addWidget(smallView(right, 240), 1);
    if (caption)
        layout->addWidget(caption);
    return charts::verticalScroll(page);
}

QString html(const std::string& s)
{
    return QString::fromStdString(s).toHtmlEscaped();
}

QString settingsKey(const mllab::text::SgnsParams& p)
{
    return QStringLiteral("%1/%2/%3/%4/%5/%6/%7")
        .arg(p.dim)
        .arg(p.window)
        .arg(p.negatives)
        .arg(p.subsample)
        .arg(p.epochs)
        .arg(p.minCount)
        .arg(qulonglong(p.seed));
}

} // namespace

EmbeddingsView::EmbeddingsView(JobRunner* jobs, QWidget* parent)
    : LabView(ml::embeddingsLabSpec(), jobs, parent)
{
    m_sgnsNeighbours =
        newChart(tr("Skip-gram: nearest neighbours"), QStringLiteral("sgns-neighbours"));
    m_ppmiNeighbours =
        newChart(tr("PPMI-SVD: nearest neighbours"), QStringLiteral("ppmi-neighbours"));
    m_sgnsAnalogy = newChart(tr("Skip-gram: a : b :: c : ?"), QStringLiteral("sgns-analogy"));
    m_ppmiAnalogy = newChart(tr("PPMI-SVD: a : b :: c : ?"), QStringLiteral("ppmi-analogy"));
    m_sgnsProjection = newChart(tr("Skip-gram: first two principal components"),
                                QStringLiteral("sgns-projection"));
    m_ppmiProjection =
        newChart(tr("PPMI-SVD: first two principal components"), QStringLiteral("ppmi-projection"));
    m_contextual = newChart(tr("Cosine of the word's two vectors"), QStringLiteral("contextual"));
    m_analogyText = widgets::richLabel();
    m_projectionText = widgets::richLabel();
    m_contextText = widgets::richLabel();
    m_contextText->setObjectName(QStringLiteral("contextText"));

    auto* contextPage = new QWidget;
    auto* contextLayout = new QVBoxLayout(contextPage);
    contextLayout->setContentsMargins(0, 0, 0, 0);
    contextLayout->addWidget(smallView(m_contextual), 1);
    contextLayout->addWidget(m_contextText);

    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(pairPage(m_sgnsNeighbours, m_ppmiNeighbours, nullptr), tr("Neighbours"));
    m_tabs->addTab(pairPage(m_sgnsAnalogy, m_ppmiAnalogy, m_analogyText), tr("Analogy"));
    m_tabs->addTab(pairPage(m_sgnsProjection, m_ppmiProjection, m_projectionText),
                   tr("Projection"));
    m_tabs->addTab(contextPage, tr("Contextual"));
    chartLayout()->addWidget(m_tabs);
    bindTabs(QStringLiteral("tab"), m_tabs);
    parameterPanel()->addHeading(tr("Queries"), QStringLiteral("word"));
    parameterPanel()->addHeading(tr("Contextual vectors"), QStringLiteral("context_word"));
    parameterPanel()->addHeading(tr("Training (both tables)"), QStringLiteral("dim"));
}

void EmbeddingsView::parameterChanged(const QString& key)
{
    if (key == QLatin1String("tab")) {
        updateNotice();
        return;
    }
    scheduleRefresh();
}

void EmbeddingsView::refresh()
{
    const ml::EmbeddingsLabParams p = ml::embeddingsLabParams(state());
    std::shared_ptr<const ml::EmbeddingsTraining> training;
    if (p.source == "trained") {
        const QString key = settingsKey(p.sgns);
        if (!m_training || m_trainedKey != key) {
            if (m_trainRequested != key) {
                m_trainRequested = key;
                runPart(
                    QStringLiteral("train"), tr("Training skip-gram on the bank"),
                    [p](const mllab::Progress& progress) {
                        return ml::computeEmbeddingsTraining(p, progress);
                    },
                    [this, key](const std::shared_ptr<const ml::EmbeddingsTraining>& t) {
                        m_training = t;
                        m_trainedKey = key;
                        m_trainRequested.clear();
                        refresh();
                    },
                    [this](const QString& message) {
                        m_trainRequested.clear();
                        showError(message);
                    });
            }
            return;
        }
        training = m_training;
    }
    run(
        tr("Word vectors"),
        [p, training](const mllab::Progress& progress) {
            return ml::computeEmbeddingsLab(p, training, progress);
        },
        [this](const ml::EmbeddingsLabResult& r) { showResult(r); });
}

void EmbeddingsView::showResult(const ml::EmbeddingsLabResult& result)
{
    clearError();
    m_result = result;
    m_hasResult = true;
    const auto& p = result.params;
    drawBars(m_sgnsNeighbours, result.sgns.neighbours, tr("cosine"), 0);
    drawBars(m_ppmiNeighbours, result.ppmi.neighbours, tr("cosine"), 1);
    const QString target = tr("cosine with b − a + c");
    const QString question =
        QStringLiteral("%1 : %2 :: %3 : ?")
            .arg(QString::fromStdString(p.analogyA), QString::fromStdString(p.analogyB),
                 QString::fromStdString(p.analogyC));
    m_sgnsAnalogy->setTitle(tr("Skip-gram: %1").arg(question));
    m_ppmiAnalogy->setTitle(tr("PPMI-SVD: %1").arg(question));
    drawBars(m_sgnsAnalogy, result.sgns.analogy, target, 0);
    drawBars(m_ppmiAnalogy, result.ppmi.analogy, target, 1);
    QStringList analogyLines;
    analogyLines << tr("<b>%1 : %2 :: %3 : ?</b> — 3CosAdd as gensim's most_similar(positive=[b, "
                       "c], negative=[a]) on unit vectors; a, b and c themselves are excluded.")
                        .arg(html(p.analogyA), html(p.analogyB), html(p.analogyC));
    for (const auto* m : {&result.sgns, &result.ppmi})
        if (!m->analogyError.empty())
            analogyLines << tr("%1: %2").arg(html(m->label), html(m->analogyError));
    m_analogyText->setText(analogyLines.join(QStringLiteral("<br>")));
    drawProjection(m_sgnsProjection, result.sgns, 0);
    drawProjection(m_ppmiProjection, result.ppmi, 1);
    QStringList projectionLines;
    projectionLines << tr("PCA of the words' unit vectors: skip-gram's two components explain "
                          "%1 and %2 of their variance, PPMI-SVD's %3 and %4.")
                           .arg(labtext::percent(result.sgns.projection.explained1),
                                labtext::percent(result.sgns.projection.explained2),
                                labtext::percent(result.ppmi.projection.explained1),
                                labtext::percent(result.ppmi.projection.explained2));
    for (const auto* m : {&result.sgns, &result.ppmi})
        if (!m->missing.empty()) {
            QStringList missing;
            for (const auto& w : m->missing)
                missing << html(w);
            projectionLines << tr("Not in the %1 vocabulary: %2")
                                   .arg(html(m->label), missing.join(QStringLiteral(", ")));
        }
    m_projectionText->setText(projectionLines.join(QStringLiteral("<br>")));
    drawContextual();
    updateNotice();
    Q_EMIT resultShown();
}

void EmbeddingsView::drawBars(QChart* chart, const std::vector<mllab::text::Neighbour>& list,
                              const QString& axisTitle, int colour)
{
    charts::clearChart(chart);
    // Each row needs the height of its word (larger on a projector), or Qt Charts drops the
    // label; the page scrolls instead.
    if (chart->scene() && !chart->scene()->views().isEmpty())
        chart->scene()->views().first()->setMinimumHeight(150 + 30 * int(list.size()));
    if (list.empty())
        return;
    auto* set = charts::barSet(axisTitle, theme::series(colour));
    auto* categories = new QBarCategoryAxis;
    double low = 0;
    // Horizontal bars draw the first category at the bottom: the closest word goes last.
    for (auto it = list.rbegin(); it != list.rend(); ++it) {
        *set << it->cosine;
        categories->append(QString::fromStdString(it->word));
        low = std::min(low, it->cosine);
    }
    auto* series = new QHorizontalBarSeries;
    series->append(set);
    series->setLabelsVisible(true);
    series->setLabelsFormat(QStringLiteral("@value"));
    series->setLabelsPrecision(2);
    auto* x = charts::makeAxis(axisTitle, low < 0 ? -1 : 0, 1, QStringLiteral("%.1f"));
    chart->addSeries(series);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(categories, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(categories);
    theme::applyTo(chart);
}

void EmbeddingsView::drawProjection(QChart* chart, const ml::EmbeddingsMethod& method, int colour)
{
    charts::clearChart(chart);
    const auto& pr = method.projection;
    if (pr.x.empty())
        return;
    double extent = 0.1;
    for (std::size_t i = 0; i < pr.x.size(); ++i)
        extent = std::max({extent, std::abs(pr.x[i]), std::abs(pr.y[i])});
    extent *= 1.25; // room for the labels
    auto* x = charts::makeExactAxis(tr("PC1 (%1)").arg(labtext::percent(pr.explained1)), -extent,
                                    extent, QStringLiteral("%.1f"));
    auto* y = charts::makeExactAxis(tr("PC2 (%1)").arg(labtext::percent(pr.explained2)), -extent,
                                    extent, QStringLiteral("%.1f"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (std::size_t i = 0; i < pr.words.size(); ++i) {
        auto* point = charts::marker(QString::fromStdString(pr.words[i]), theme::series(colour),
                                     QScatterSeries::MarkerShapeCircle);
        point->setMarkerSize(9);
        point->append(pr.x[i], pr.y[i]);
        // A format without placeholders is drawn as it is: the word itself.
        point->setPointLabelsFormat(QString::fromStdString(pr.words[i]));
        point->setPointLabelsVisible(true);
        point->setPointLabelsColor(theme::text());
        point->setPointLabelsClipping(false);
        charts::addSeries(chart, point, x, y);
    }
    theme::applyTo(chart);
}

void EmbeddingsView::drawContextual()
{
    charts::clearChart(m_contextual);
    const auto& c = m_result.contextual;
    auto* set = charts::barSet(
        tr("cosine"), theme::series(0),
        {m_result.sgns.staticCosine, m_result.ppmi.staticCosine, c.contextualCosine});
    auto* series = new QHorizontalBarSeries;
    series->append(set);
    series->setLabelsVisible(true);
    series->setLabelsFormat(QStringLiteral("@value"));
    series->setLabelsPrecision(3);
    auto* categories = new QBarCategoryAxis;
    categories->append(
        {tr("skip-gram (static)"), tr("PPMI-SVD (static)"), tr("tiny GPT hidden state")});
    auto* x = charts::makeAxis(tr("cosine"), std::min(0.0, c.contextualCosine), 1,
                               QStringLiteral("%.1f"));
    m_contextual->addSeries(series);
    m_contextual->addAxis(x, Qt::AlignBottom);
    m_contextual->addAxis(categories, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(categories);
    m_contextual->setTitle(tr("Cosine of “%1” in sentence 1 with “%1” in sentence 2")
                               .arg(QString::fromStdString(c.word)));
    theme::applyTo(m_contextual);
    QStringList lines;
    const QString accent = theme::color(theme::Role::Accent).name();
    for (std::size_t s = 0; s < c.pieces.size(); ++s) {
        QString tokens;
        for (std::size_t t = 0; t < c.pieces[s].size(); ++t) {
            const bool covered = std::find(c.wordTokens[s].begin(), c.wordTokens[s].end(),
                                           int(t)) != c.wordTokens[s].end();
            const QString piece = html(c.pieces[s][t]);
            tokens +=
                covered ? QStringLiteral("<b style=\"color:%1\">%2</b>").arg(accent, piece) : piece;
            tokens += QStringLiteral("<span style=\"color:%1\">|</span>")
                          .arg(theme::secondaryText().name());
        }
        lines << tr("Sentence %1 (%2 tokens; the word's %3 averaged): %4")
                     .arg(s + 1)
                     .arg(c.pieces[s].size())
                     .arg(c.wordTokens[s].size())
                     .arg(tokens);
    }
    m_contextText->setText(lines.join(QStringLiteral("<br>")));
}

void EmbeddingsView::updateNotice()
{
    if (!m_hasResult)
        return;
    const auto& r = m_result;
    const int tab = m_tabs->currentIndex();
    QStringList parts;
    const auto first = [](const std::vector<mllab::text::Neighbour>& list) {
        return list.empty() ? QString() : QString::fromStdString(list.front().word);
    };
    const auto firstCosine = [](const std::vector<mllab::text::Neighbour>& list) {
        return list.empty() ? QString() : labtext::fixed(list.front().cosine, 2);
    };
    if (tab == 3) {
        parts << tr("“%1” has one static vector, so its cosine across the two sentences is %2 in "
                    "both tables; the tiny GPT's hidden states give %3: context changes the "
                    "vector.")
                     .arg(QString::fromStdString(r.contextual.word),
                          labtext::fixed(r.sgns.staticCosine, 3),
                          labtext::fixed(r.contextual.contextualCosine, 3));
        parts << (r.contextual.contextualCosine > 0.9
                      ? tr("Above 0.9 the two uses look alike to the model.")
                      : tr("The further below 1, the more the surrounding words moved it — "
                           "what a static table cannot express for a word with two senses."));
    } else if (tab == 2) {
        parts << tr("Two principal components keep %1 (skip-gram) and %2 (PPMI-SVD) of the "
                    "%3 words' variance: words close on the plane are a hint, the cosines in "
                    "Neighbours are the measure.")
                     .arg(labtext::percent(r.sgns.projection.explained1 +
                                           r.sgns.projection.explained2),
                          labtext::percent(r.ppmi.projection.explained1 +
                                           r.ppmi.projection.explained2))
                     .arg(r.sgns.projection.words.size());
    } else if (tab == 1) {
        parts << tr("Skip-gram answers “%1” (%2), PPMI-SVD “%3” (%4).")
                     .arg(first(r.sgns.analogy), firstCosine(r.sgns.analogy), first(r.ppmi.analogy),
                          firstCosine(r.ppmi.analogy));
        parts << tr("On %1 words of text analogies are fragile: a few co-occurrences decide "
                    "them, unlike the billions of words behind the famous king − man + woman.")
                     .arg(labtext::count(r.corpusWords));
    } else {
        parts << tr("“%1”: skip-gram's nearest word is “%2” (cosine %3), PPMI-SVD's “%4” (%5).")
                     .arg(QString::fromStdString(r.params.word), first(r.sgns.neighbours),
                          firstCosine(r.sgns.neighbours), first(r.ppmi.neighbours),
                          firstCosine(r.ppmi.neighbours));
        int shared = 0;
        for (const auto& a : r.sgns.neighbours)
            for (const auto& b : r.ppmi.neighbours)
                shared += a.word == b.word;
        parts << tr("%1 of the %2 neighbours are in both lists: prediction (skip-gram) and "
                    "counting (PPMI) read the same co-occurrences, %3 words of the bank.")
                     .arg(shared)
                     .arg(r.sgns.neighbours.size())
                     .arg(labtext::count(r.corpusWords));
    }
    if (r.training) {
        const auto& t = r.training->result;
        parts << tr("Trained now: %1 words/s, loss per pair %2 → %3.")
                     .arg(labtext::count(std::llround(t.wordsPerSecond)),
                          labtext::fixed(t.epochLoss.front(), 3),
                          labtext::fixed(t.epochLoss.back(), 3));
    }
    setNotice(parts.join(QLatin1Char(' ')));
}

QString EmbeddingsView::resultCsv() const
{
    QString csv = QStringLiteral("part,method,word,value\n");
    const auto rows = [&csv](const QString& part, const ml::EmbeddingsMethod& m,
                             const std::vector<mllab::text::Neighbour>& list) {
        for (const auto& n : list)
            csv += labtext::csvRow({part, QString::fromStdString(m.id),
                                    QString::fromStdString(n.word), labtext::exact(n.cosine)});
    };
    for (const auto* m : {&m_result.sgns, &m_result.ppmi}) {
        rows(QStringLiteral("neighbour"), *m, m->neighbours);
        rows(QStringLiteral("analogy"), *m, m->analogy);
        for (std::size_t i = 0; i < m->projection.words.size(); ++i) {
            const QString w = QString::fromStdString(m->projection.words[i]);
            csv += labtext::csvRow({QStringLiteral("pc1"), QString::fromStdString(m->id), w,
                                    labtext::exact(m->projection.x[i])});
            csv += labtext::csvRow({QStringLiteral("pc2"), QString::fromStdString(m->id), w,
                                    labtext::exact(m->projection.y[i])});
        }
    }
    csv += labtext::csvRow({QStringLiteral("contextual_cosine"), QStringLiteral("tiny-gpt"),
                            QString::fromStdString(m_result.contextual.word),
                            labtext::exact(m_result.contextual.contextualCosine)});
    return csv;
}

QList<KeyNumber> EmbeddingsView::keyNumbers() const
{
    const auto top = [](const std::vector<mllab::text::Neighbour>& list) {
        return list.empty() ? QStringLiteral("–")
                            : QStringLiteral("%1 %2").arg(QString::fromStdString(list.front().word),
                                                          labtext::fixed(list.front().cosine, 2));
    };
    return {{tr("SGNS nearest"), top(m_result.sgns.neighbours)},
            {tr("PPMI nearest"), top(m_result.ppmi.neighbours)},
            {tr("contextual cosine"), labtext::fixed(m_result.contextual.contextualCosine, 3)}};
}
