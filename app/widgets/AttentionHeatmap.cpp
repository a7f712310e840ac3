#include "app/widgets/AttentionHeatmap.h"

#include "app/charts/ChartExport.h"
#include "app/charts/Theme.h"
#include "app/widgets/ToolTip.h"

#include <QEvent>
#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace {

constexpr int kLegendWidth = 70;
constexpr int kCaption = 16;       // room for the "query" / "key" captions
constexpr int kMaxLabelWidth = 96; // longer pieces are elided

/// The masked cells: a neutral fill under a hatch, on either palette.
QColor maskFill()
{
    return theme::cellNeutral();
}

QColor maskHatch()
{
    return theme::color(theme::Role::Muted);
}

QColor paddingHatch()
{
    return theme::color(theme::Role::Marker);
}

QColor frameColour()
{
    return theme::color(theme::Role::Reference);
}

} // namespace

AttentionHeatmap::AttentionHeatmap(bool compact, QWidget* parent)
    : QWidget(parent), m_compact(compact)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    if (compact)
        setCursor(Qt::PointingHandCursor);
}

QColor AttentionHeatmap::colourFor(double weight)
{
    return theme::sequential(std::sqrt(std::clamp(weight, 0.0, 1.0)));
}

void AttentionHeatmap::setMap(const std::vector<std::vector<float>>& rows,
                              const QStringList& tokens)
{
    m_rows = rows;
    m_tokens = tokens;
    m_paddingMask.clear();
    const int n = int(rows.size());
    m_image = QImage(std::max(n, 1), std::max(n, 1), QImage::Format_RGB32);
    m_image.fill(maskFill());
    for (int q = 0; q < n; ++q)
        for (int k = 0; k <= q && k < int(rows[q].size()); ++k)
            m_image.setPixelColor(k, q, colourFor(rows[q][k]));
    m_scaled = QImage();
    m_hoverQuery = m_hoverKey = -1;
    update();
}

const QImage& AttentionHeatmap::scaledImage(const QSize& size) const
{
    if (m_scaled.size() == size || size.isEmpty())
        return m_scaled;
    // Nearest-cell scaling by hand: QPainter's scaled drawImage may hand work to helper threads,
    // which only adds waiting on a busy machine.
    const int n = m_image.width();
    m_scaled = QImage(size, QImage::Format_RGB32);
    std::vector<int> column(std::size_t(size.width()));
    for (int x = 0; x < size.width(); ++x)
        column[std::size_t(x)] = std::min(n - 1, int(qint64(x) * n / size.width()));
    for (int y = 0; y < size.height(); ++y) {
        const auto* source = reinterpret_cast<const QRgb*>(
            m_image.constScanLine(std::min(n - 1, int(qint64(y) * n / size.height()))));
        auto* line = reinterpret_cast<QRgb*>(m_scaled.scanLine(y));
        for (int x = 0; x < size.width(); ++x)
            line[x] = source[column[std::size_t(x)]];
    }
    return m_scaled;
}

void AttentionHeatmap::setTitle(const QString& title)
{
    m_title = title;
    // The large map is a chart of its own for export; the small multiples are its thumbnails.
    if (!m_compact)
        setProperty("chartName", title);
    update();
}

QString AttentionHeatmap::chartCsv() const
{
    const auto token = [this](std::size_t i) { return charts::csvField(m_tokens.value(int(i))); };
    QString csv = QStringLiteral("query,query_token,key,key_token,weight\n");
    for (std::size_t q = 0; q < m_rows.size(); ++q)
        for (std::size_t k = 0; k <= q && k < m_rows[q].size(); ++k)
            csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                       .arg(q + 1)
                       .arg(token(q))
                       .arg(k + 1)
                       .arg(token(k))
                       .arg(charts::csvNumber(double(m_rows[q][k])));
    return csv;
}

void AttentionHeatmap::setSelected(bool selected)
{
    m_selected = selected;
    update();
}

void AttentionHeatmap::setPaddingMask(const std::vector<std::vector<bool>>& masked)
{
    m_paddingMask = masked;
    update();
}

bool AttentionHeatmap::paddingMasked(int query, int key) const
{
    return query >= 0 && std::size_t(query) < m_paddingMask.size() && key >= 0 &&
           std::size_t(key) < m_paddingMask[std::size_t(query)].size() &&
           m_paddingMask[std::size_t(query)][std::size_t(key)];
}

void AttentionHeatmap::clear()
{
    m_paddingMask.clear();
    m_rows.clear();
    m_tokens.clear();
    m_image = QImage();
    m_scaled = QImage();
    update();
}

int AttentionHeatmap::heightForWidth(int width) const
{
    return width + QFontMetrics(font()).height() + 10;
}

QSize AttentionHeatmap::sizeHint() const
{
    return m_compact ? QSize(160, 175) : QSize(560, 520);
}

QSize AttentionHeatmap::minimumSizeHint() const
{
    return m_compact ? QSize(90, 105) : QSize(260, 240);
}

QString AttentionHeatmap::label(int index) const
{
    return m_tokens.value(index);
}

AttentionHeatmap::Geometry AttentionHeatmap::geometry() const
{
    Geometry g;
    const int n = std::max(1, tokenCount());
    const QFontMetrics base(font());
    const double titleHeight = m_title.isEmpty() ? 0 : base.height() + 6;
    g.title = QRectF(0, 0, width(), titleHeight);
    if (m_compact) {
        const double side = std::max(10.0, std::min(width() - 4.0, height() - titleHeight - 4));
        g.grid = QRectF((width() - side) / 2, titleHeight + 2, side, side);
        g.cell = side / n;
        return g;
    }
    // A first guess of the cell size picks the font; the labels' width then fixes the grid.
    const double guess =
        std::max(1.0, std::min(width() - 140.0 - kLegendWidth, height() - 130.0) / n);
    g.font = font();
    g.font.setPixelSize(std::clamp(int(guess * 0.8), 8, 14));
    const QFontMetrics fm(g.font);
    int labelWidth = 0;
    for (int i = 0; i < tokenCount(); ++i)
        labelWidth = std::max(labelWidth, std::min(kMaxLabelWidth, fm.horizontalAdvance(label(i))));
    labelWidth += 8;
    const double left = kCaption + labelWidth;
    const double top = titleHeight + kCaption + labelWidth;
    const double side =
        std::max(20.0, std::min(width() - left - kLegendWidth - 8, height() - top - 8));
    g.grid = QRectF(left, top, side, side);
    g.cell = side / n;
    g.labelStride = std::max(1, int(std::ceil((fm.height() + 1) / g.cell)));
    // The colour bar leaves room under it for the notes when the grid is short.
    g.legend = QRectF(g.grid.right() + 16, g.grid.top(), 14, std::clamp(side - 110, 60.0, 260.0));
    return g;
}

QRect AttentionHeatmap::cellRect(int query, int key) const
{
    if (m_rows.empty())
        return {};
    const Geometry g = geometry();
    return QRectF(g.grid.left() + key * g.cell, g.grid.top() + query * g.cell, g.cell, g.cell)
        .toRect();
}

bool AttentionHeatmap::cellAt(const QPointF& pos, int* query, int* key) const
{
    if (m_rows.empty())
        return false;
    const Geometry g = geometry();
    if (!g.grid.contains(pos))
        return false;
    const int n = tokenCount();
    *query = std::min(n - 1, int((pos.y() - g.grid.top()) / g.cell));
    *key = std::min(n - 1, int((pos.x() - g.grid.left()) / g.cell));
    return true;
}

QString AttentionHeatmap::toolTipAt(const QPoint& pos) const
{
    int q = 0, k = 0;
    if (!cellAt(pos, &q, &k))
        return {};
    const QString query = QString::number(q + 1), key = QString::number(k + 1);
    if (k > q)
        return tr("Query %1 “%2” cannot see key %3 “%4”: it comes later, and the causal mask "
                  "sets the weight to 0.")
            .arg(query, label(q), key, label(k));
    if (paddingMasked(q, k))
        return tr("Query %1 “%2” cannot see key %3 “%4”: it is padding, and the padding mask "
                  "sets the weight to 0.")
            .arg(query, label(q), key, label(k));
    const double w = m_rows[std::size_t(q)][std::size_t(k)];
    return tr("Query %1 “%2” → key %3 “%4”\nweight %5 (%6 % of the row)")
        .arg(query, label(q), key, label(k), QString::number(w, 'f', 4),
             QString::number(100 * w, 'f', 2));
}

void AttentionHeatmap::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    const Geometry g = geometry();
    if (!m_title.isEmpty()) {
        QFont bold = font();
        bold.setBold(m_selected);
        painter.setFont(bold);
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(g.title, Qt::AlignCenter,
                         painter.fontMetrics().elidedText(m_title, Qt::ElideRight, width()));
        painter.setFont(font());
    }
    if (m_rows.empty())
        return;
    const QRect target = g.grid.toRect();
    painter.drawImage(target.topLeft(), scaledImage(target.size()));
    paintMask(painter, g);
    if (g.cell >= 9) { // thin separators help reading exact rows when cells are big
        QVector<QLineF> lines;
        for (int i = 1; i < tokenCount(); ++i) {
            const double x = g.grid.left() + i * g.cell, y = g.grid.top() + i * g.cell;
            lines << QLineF(x, g.grid.top(), x, g.grid.bottom())
                  << QLineF(g.grid.left(), y, g.grid.right(), y);
        }
        QColor separator = theme::background();
        separator.setAlpha(110);
        painter.setPen(QPen(separator, 0)); // cosmetic: no stroker
        painter.drawLines(lines);
    }
    painter.setPen(QPen(frameColour(), 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(g.grid);
    if (m_compact) {
        if (m_selected) {
            painter.setPen(QPen(theme::color(theme::Role::Accent), 3));
            painter.drawRect(g.grid.adjusted(-2, -2, 2, 2));
        }
        return;
    }
    if (m_hoverQuery >= 0) {
        painter.setPen(QPen(theme::color(theme::Role::Marker), 2));
        painter.drawRect(QRectF(g.grid.left() + m_hoverKey * g.cell,
                                g.grid.top() + m_hoverQuery * g.cell, g.cell, g.cell));
    }
    paintLabels(painter, g);
    paintLegend(painter, g);
}

void AttentionHeatmap::paintMask(QPainter& painter, const Geometry& g) const
{
    const int n = tokenCount();
    if (n < 2)
        return;
    // The staircase above the diagonal: row q hides keys q+1..n-1.
    QPolygonF stairs;
    stairs << QPointF(g.grid.left() + g.cell, g.grid.top()) << g.grid.topRight()
           << QPointF(g.grid.right(), g.grid.top() + (n - 1) * g.cell);
    for (int q = n - 2; q >= 0; --q) {
        const double x = g.grid.left() + (q + 1) * g.cell;
        stairs << QPointF(x, g.grid.top() + (q + 1) * g.cell)
               << QPointF(x, g.grid.top() + q * g.cell);
    }
    const QBrush hatch(maskHatch(), Qt::BDiagPattern);
    painter.setPen(Qt::NoPen);
    painter.setBrush(hatch);
    painter.drawPolygon(stairs);
    // Cells the padding mask hides, in runs along each row.
    const QBrush cross(paddingHatch(), Qt::DiagCrossPattern);
    for (int q = 0; q < n; ++q)
        for (int k = 0; k <= q; ++k) {
            if (!paddingMasked(q, k))
                continue;
            int end = k;
            while (end + 1 <= q && paddingMasked(q, end + 1))
                ++end;
            const QRectF run(g.grid.left() + k * g.cell, g.grid.top() + q * g.cell,
                             (end - k + 1) * g.cell, g.cell);
            painter.fillRect(run, maskFill());
            painter.fillRect(run, cross);
            k = end;
        }
    painter.setBrush(Qt::NoBrush);
}

void AttentionHeatmap::paintLabels(QPainter& painter, const Geometry& g) const
{
    painter.setFont(g.font);
    const QFontMetrics fm(g.font);
    const QColor text = palette().color(QPalette::WindowText);
    const QColor hover = theme::color(theme::Role::Marker);
    const double labelWidth = g.grid.left() - kCaption - 4;
    auto rowLabel = [&](int i, const QColor& colour) {
        painter.setPen(colour);
        const QRectF r(kCaption, g.grid.top() + i * g.cell, labelWidth, g.cell);
        // Cells can be thinner than the text: centre the label on the row without clipping it.
        painter.drawText(r, Qt::AlignRight | Qt::AlignVCenter | Qt::TextDontClip,
                         fm.elidedText(label(i), Qt::ElideRight, int(labelWidth)));
    };
    auto columnLabel = [&](int i, const QColor& colour) {
        painter.save();
        painter.setPen(colour);
        painter.translate(g.grid.left() + (i + 0.5) * g.cell, g.grid.top() - 4);
        painter.rotate(-90);
        painter.drawText(QRectF(0, -g.cell / 2, labelWidth, g.cell),
                         Qt::AlignLeft | Qt::AlignVCenter | Qt::TextDontClip,
                         fm.elidedText(label(i), Qt::ElideRight, int(labelWidth)));
        painter.restore();
    };
    for (int i = 0; i < tokenCount(); i += g.labelStride) {
        if (i != m_hoverQuery)
            rowLabel(i, text);
        if (i != m_hoverKey)
            columnLabel(i, text);
    }
    if (m_hoverQuery >= 0) {
        const double y = g.grid.top() + m_hoverQuery * g.cell;
        painter.fillRect(QRectF(kCaption, y - 2, labelWidth, g.cell + 4),
                         palette().color(QPalette::Window));
        rowLabel(m_hoverQuery, hover);
        const double x = g.grid.left() + m_hoverKey * g.cell;
        painter.fillRect(QRectF(x - 2, g.grid.top() - 4 - labelWidth, g.cell + 4, labelWidth),
                         palette().color(QPalette::Window));
        columnLabel(m_hoverKey, hover);
    }
    // Axis captions.
    QFont caption = font();
    caption.setPixelSize(11);
    caption.setItalic(true);
    painter.setFont(caption);
    painter.setPen(theme::secondaryText());
    const double captionTop = g.grid.top() - 4 - labelWidth - kCaption;
    painter.drawText(QRectF(g.grid.left(), captionTop, g.grid.width(), kCaption),
                     Qt::AlignLeft | Qt::AlignVCenter, tr("keys: the tokens attended to →"));
    painter.save();
    painter.translate(0, g.grid.top());
    painter.rotate(90);
    painter.drawText(QRectF(0, -kCaption, g.grid.height(), kCaption),
                     Qt::AlignLeft | Qt::AlignVCenter, tr("queries: the token looking back ↓"));
    painter.restore();
}

void AttentionHeatmap::paintLegend(QPainter& painter, const Geometry& g) const
{
    const QRectF bar = g.legend;
    for (int y = 0; y < int(bar.height()); ++y) {
        const double t = 1.0 - double(y) / std::max(1.0, bar.height() - 1); // √weight, top = 1
        painter.fillRect(QRectF(bar.left(), bar.top() + y, bar.width(), 1), colourFor(t * t));
    }
    painter.setPen(QPen(frameColour(), 1));
    painter.drawRect(bar);
    QFont small = font();
    small.setPixelSize(10);
    painter.setFont(small);
    painter.setPen(palette().color(QPalette::WindowText));
    for (double w : {0.0, 0.01, 0.05, 0.25, 0.5, 1.0}) {
        if (w == 0.01 && bar.height() < 200)
            continue;
        const double y = bar.bottom() - std::sqrt(w) * bar.height();
        painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 3, y));
        painter.drawText(QRectF(bar.right() + 5, y - 7, 40, 14), Qt::AlignLeft | Qt::AlignVCenter,
                         QString::number(w));
    }
    // Caption and the mask swatch under the bar.
    const QRectF swatch(bar.left(), bar.bottom() + 14, bar.width(), 14);
    painter.fillRect(swatch, maskFill());
    painter.fillRect(swatch, QBrush(maskHatch(), Qt::BDiagPattern));
    painter.drawRect(swatch);
    if (m_paddingMask.empty()) {
        const QRectF notes(bar.left() - 4, swatch.bottom() + 4, kLegendWidth, 90);
        painter.drawText(notes, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                         tr("masked:\nlater\ntokens\n\ncolour ∝\n√weight"));
        return;
    }
    const QRectF notes(bar.left() - 4, swatch.bottom() + 2, kLegendWidth, 16);
    painter.drawText(notes, Qt::AlignLeft | Qt::AlignTop, tr("causal"));
    const QRectF padSwatch(bar.left(), notes.bottom() + 4, bar.width(), 14);
    painter.fillRect(padSwatch, maskFill());
    painter.fillRect(padSwatch, QBrush(paddingHatch(), Qt::DiagCrossPattern));
    painter.drawRect(padSwatch);
    painter.drawText(QRectF(bar.left() - 4, padSwatch.bottom() + 2, kLegendWidth, 16),
                     Qt::AlignLeft | Qt::AlignTop, tr("padding"));
}

bool AttentionHeatmap::event(QEvent* event)
{
    if (widgets::handleToolTip(this, event, [this](const QPoint& at) { return m_compact ? QString() : toolTipAt(at); }))
        return true;
    return QWidget::event(event);
}

void AttentionHeatmap::mouseMoveEvent(QMouseEvent* event)
{
    int q = -1, k = -1;
    if (m_compact || !cellAt(event->position(), &q, &k) || k > q)
        q = k = -1;
    if (q != m_hoverQuery || k != m_hoverKey) {
        m_hoverQuery = q;
        m_hoverKey = k;
        update();
    }
}

void AttentionHeatmap::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        Q_EMIT clicked();
}

void AttentionHeatmap::leaveEvent(QEvent*)
{
    if (m_hoverQuery >= 0) {
        m_hoverQuery = m_hoverKey = -1;
        update();
    }
}
