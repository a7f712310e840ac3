#include "app/widgets/ImageGrid.h"

#include "app/charts/ChartExport.h"
#include "app/charts/Theme.h"
#include "app/widgets/ToolTip.h"

#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace {

constexpr int kGap = 14;     // between tiles
constexpr int kMinSide = 56; // a tile is never drawn smaller

QString shortNumber(double v)
{
    if (v == 0)
        return QStringLiteral("0");
    const double a = std::abs(v);
    if (!std::isfinite(v) || a >= 1e4 || a < 0.01)
        return QLocale().toString(v, 'g', 2); // 3.4e+38, 0.0012, inf
    const int decimals = a >= 10 ? 0 : a >= 1 ? 1 : 2;
    QString text = QLocale().toString(v, 'f', decimals);
    if (text.contains(QLocale().decimalPoint())) { // 0.50 → 0.5, 2.0 → 2
        while (text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(QLocale().decimalPoint()))
            text.chop(1);
    }
    return text;
}

} // namespace

ImageGrid::ImageGrid(QWidget* parent) : QWidget(parent)
{
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void ImageGrid::setTitle(const QString& title)
{
    m_title = title;
    updateGeometry();
    update();
}

void ImageGrid::setChartName(const QString& name)
{
    setProperty("chartName", name);
}

void ImageGrid::setTiles(const QList<Tile>& tiles)
{
    m_tiles = tiles;
    updateGeometry();
    update();
}

void ImageGrid::setMaximumTileSide(int side)
{
    m_maxSide = std::max(kMinSide, side);
    updateGeometry();
    update();
}

QColor ImageGrid::colourFor(const Tile& tile, double value)
{
    if (!std::isfinite(value))
        return theme::warning(); // NaN or infinity stands out, never passes for black
    if (tile.scale == Scale::Diverging) {
        const double limit = std::max(std::abs(tile.low), std::abs(tile.high));
        return theme::diverging(limit > 0 ? value / limit : 0.0);
    }
    const double span = tile.high - tile.low;
    const double t = span > 0 ? std::clamp((value - tile.low) / span, 0.0, 1.0) : 0.5;
    return theme::greyscale(t);
}

ImageGrid::Layout ImageGrid::layoutFor(int width) const
{
    Layout l;
    const QFontMetrics fm(font());
    l.titleHeight = m_title.isEmpty() ? 0 : fm.height() + 8;
    l.captionHeight = 2 * fm.height() + 6; // caption and value range
    const int n = std::max<int>(1, int(m_tiles.size()));
    const int usable = std::max(kMinSide, width - kGap);
    // The largest side up to m_maxSide at which the tiles fit in as few rows as possible.
    l.perRow = std::clamp((usable + kGap) / (kMinSide + kGap), 1, n);
    l.side = std::clamp((usable + kGap) / l.perRow - kGap, kMinSide, m_maxSide);
    while (l.perRow > 1 && (usable + kGap) / (l.perRow - 1) - kGap <= m_maxSide &&
           (n + l.perRow - 2) / (l.perRow - 1) == (n + l.perRow - 1) / l.perRow)
        --l.perRow; // the same number of rows with fewer, larger tiles
    l.side = std::clamp((usable + kGap) / l.perRow - kGap, kMinSide, m_maxSide);
    l.rows = (n + l.perRow - 1) / l.perRow;
    l.height = l.titleHeight + l.rows * (l.side + l.captionHeight + kGap);
    return l;
}

int ImageGrid::heightForWidth(int width) const
{
    return layoutFor(width).height;
}

QSize ImageGrid::sizeHint() const
{
    const int w = 640;
    return {w, heightForWidth(w)};
}

QSize ImageGrid::minimumSizeHint() const
{
    return {kMinSide + 16, heightForWidth(kMinSide + 16)};
}

void ImageGrid::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    const Layout l = layoutFor(width());
    const QColor text = palette().color(QPalette::WindowText);
    if (!m_title.isEmpty()) {
        QFont bold = font();
        bold.setBold(true);
        painter.setFont(bold);
        painter.setPen(text);
        painter.drawText(QRect(0, 0, width(), l.titleHeight), Qt::AlignCenter, m_title);
    }
    painter.setFont(font());
    const QFontMetrics fm(font());
    for (int i = 0; i < m_tiles.size(); ++i) {
        const Tile& tile = m_tiles[i];
        if (tile.rows <= 0 || tile.columns <= 0 ||
            tile.values.size() != std::size_t(tile.rows) * std::size_t(tile.columns))
            continue;
        double cell = 0;
        const QRectF area = tileArea(l, i, &cell);
        const int x0 = int(std::lround(area.center().x())) - l.side / 2;
        const int y0 = l.titleHeight + (i / l.perRow) * (l.side + l.captionHeight + kGap);
        QImage image(tile.columns, tile.rows, QImage::Format_RGB32);
        for (int r = 0; r < tile.rows; ++r)
            for (int c = 0; c < tile.columns; ++c)
                image.setPixelColor(
                    c, r, colourFor(tile, tile.values[std::size_t(r * tile.columns + c)]));
        painter.drawImage(area, image); // nearest-neighbour: no smoothing hint set
        painter.setPen(QPen(theme::color(theme::Role::Reference), 1));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(area);
        if (tile.printValues && cell >= 16) {
            // The numbers only where every one of them fits its cell, at 9 px or more.
            QFont small = font();
            QStringList texts;
            for (double v : tile.values)
                texts << shortNumber(v);
            bool fits = false;
            for (int px = std::clamp(int(cell * 0.32), 9, 14); px >= 9 && !fits; --px) {
                small.setPixelSize(px);
                const QFontMetrics sm(small);
                fits = std::all_of(texts.begin(), texts.end(), [&](const QString& t) {
                    return sm.horizontalAdvance(t) <= cell - 3;
                });
            }
            painter.setFont(small);
            for (int r = 0; r < tile.rows && fits; ++r)
                for (int c = 0; c < tile.columns; ++c) {
                    const double v = tile.values[std::size_t(r * tile.columns + c)];
                    const QRectF box(area.left() + c * cell, area.top() + r * cell, cell, cell);
                    painter.setPen(theme::textOn(colourFor(tile, v)));
                    painter.drawText(box, Qt::AlignCenter, texts[r * tile.columns + c]);
                }
            painter.setFont(font());
        }
        // Caption and range under the tile.
        const QRect caption(x0 - kGap / 2, y0 + l.side + 3, l.side + kGap, fm.height());
        painter.setPen(text);
        painter.drawText(caption, Qt::AlignCenter,
                         fm.elidedText(tile.caption, Qt::ElideRight, caption.width()));
        double lo = 0, hi = 0;
        if (!tile.values.empty()) {
            const auto [mn, mx] = std::minmax_element(tile.values.begin(), tile.values.end());
            lo = *mn;
            hi = *mx;
        }
        const QString range = tr("%1 … %2").arg(shortNumber(lo), shortNumber(hi));
        painter.setPen(theme::secondaryText());
        painter.drawText(caption.translated(0, fm.height() + 1), Qt::AlignCenter,
                         fm.elidedText(range, Qt::ElideRight, caption.width()));
    }
}

QRectF ImageGrid::tileArea(const Layout& l, int index, double* cell) const
{
    const Tile& tile = m_tiles[index];
    const int shown = int(std::min<qsizetype>(l.perRow, m_tiles.size()));
    const int rowWidth = shown * (l.side + kGap) - kGap;
    const int left0 = std::max(kGap / 2, (width() - rowWidth) / 2); // room for the captions
    const int x0 = left0 + (index % l.perRow) * (l.side + kGap);
    const int y0 = l.titleHeight + (index / l.perRow) * (l.side + l.captionHeight + kGap);
    // Square pixels, the longer side filling the tile, centred.
    *cell = double(l.side) / std::max(1, std::max(tile.rows, tile.columns));
    const double w = *cell * tile.columns, h = *cell * tile.rows;
    return {x0 + (l.side - w) / 2, y0 + (l.side - h) / 2, w, h};
}

QString ImageGrid::toolTipAt(const QPoint& pos) const
{
    const Layout l = layoutFor(width());
    for (int i = 0; i < m_tiles.size(); ++i) {
        const Tile& t = m_tiles[i];
        if (t.rows <= 0 || t.columns <= 0 ||
            t.values.size() != std::size_t(t.rows) * std::size_t(t.columns))
            continue;
        double cell = 0;
        const QRectF area = tileArea(l, i, &cell);
        if (!area.contains(pos))
            continue;
        const int r = std::min(t.rows - 1, int((pos.y() - area.top()) / cell));
        const int c = std::min(t.columns - 1, int((pos.x() - area.left()) / cell));
        return tr("%1\nrow %2, column %3: %4")
            .arg(t.caption)
            .arg(r)
            .arg(c)
            .arg(QLocale().toString(t.values[std::size_t(r * t.columns + c)], 'g', 6));
    }
    return {};
}

bool ImageGrid::event(QEvent* event)
{
    if (widgets::handleToolTip(this, event, [this](const QPoint& at) { return toolTipAt(at); }))
        return true;
    return QWidget::event(event);
}

QString ImageGrid::chartCsv() const
{
    QString csv = QStringLiteral("tile,caption,row,column,value\n");
    for (int i = 0; i < m_tiles.size(); ++i) {
        const Tile& t = m_tiles[i];
        const QString caption = charts::csvField(t.caption);
        for (int r = 0; r < t.rows; ++r)
            for (int c = 0; c < t.columns; ++c)
                csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                           .arg(i + 1)
                           .arg(caption)
                           .arg(r)
                           .arg(c)
                           .arg(charts::csvNumber(t.values[std::size_t(r * t.columns + c)]));
    }
    return csv;
}
