#include "app/widgets/MatrixHeatmap.h"

#include "app/charts/ChartExport.h"
#include "app/charts/Theme.h"
#include "app/widgets/ToolTip.h"

#include <QEvent>
#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace {

constexpr double kLegendBar = 14;

QColor frameColour()
{
    return theme::color(theme::Role::Reference);
}

QColor hatchColour()
{
    return theme::color(theme::Role::Muted);
}

/// A font `factor` times the size of `base` (point or pixel sized).
QFont resized(const QFont& base, double factor)
{
    QFont f = base;
    if (f.pointSizeF() > 0)
        f.setPointSizeF(std::max(5.0, f.pointSizeF() * factor));
    else
        f.setPixelSize(std::max(7, int(std::lround(f.pixelSize() * factor))));
    return f;
}

/// Ticks of a linear scale: about `count` values 1, 2 or 5 × 10^k apart within [low, high].
std::vector<double> linearTicks(double low, double high, int count)
{
    std::vector<double> ticks;
    const double span = high - low;
    if (!(span > 0))
        return {low};
    const double raw = span / std::max(1, count);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude >= raw) {
            step = m * magnitude;
            break;
        }
    for (double t = std::ceil(low / step) * step; t <= high + step * 1e-9; t += step)
        ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
    return ticks;
}

} // namespace

MatrixHeatmap::MatrixHeatmap(QWidget* parent) : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void MatrixHeatmap::setMatrix(const std::vector<std::vector<double>>& values)
{
    m_values = values;
    m_columns = 0;
    for (const auto& row : m_values)
        m_columns = std::max(m_columns, int(row.size()));
    for (auto& row : m_values)
        row.resize(std::size_t(m_columns), std::nan(""));
    m_hoverRow = m_hoverColumn = -1;
    followData();
    rebuildImage();
}

void MatrixHeatmap::setRowLabels(const QStringList& labels)
{
    m_rowLabels = labels;
    update();
}

void MatrixHeatmap::setColumnLabels(const QStringList& labels)
{
    m_columnLabels = labels;
    update();
}

void MatrixHeatmap::setAxisTitles(const QString& rows, const QString& columns)
{
    m_rowTitle = rows;
    m_columnTitle = columns;
    update();
}

void MatrixHeatmap::setValueTitle(const QString& title)
{
    m_valueTitle = title;
    update();
}

void MatrixHeatmap::setTitle(const QString& title)
{
    m_title = title;
    if (!property("chartName").isValid())
        setProperty("chartName", title);
    update();
}

void MatrixHeatmap::setChartName(const QString& name)
{
    setProperty("chartName", name);
}

void MatrixHeatmap::setScale(Scale scale)
{
    m_scale = scale;
    followData();
    rebuildImage();
}

void MatrixHeatmap::setRange(double low, double high)
{
    m_fixedRange = true;
    m_low = low;
    m_high = high;
    followData();
    rebuildImage();
}

void MatrixHeatmap::clearRange()
{
    m_fixedRange = false;
    followData();
    rebuildImage();
}

void MatrixHeatmap::clear()
{
    m_values.clear();
    m_columns = 0;
    m_image = QImage();
    update();
}

double MatrixHeatmap::value(int row, int column) const
{
    if (row < 0 || row >= rowCount() || column < 0 || column >= m_columns)
        return std::nan("");
    return m_values[std::size_t(row)][std::size_t(column)];
}

void MatrixHeatmap::followData()
{
    m_hasNonFinite = m_hasBelow = false;
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& row : m_values)
        for (double v : row) {
            if (!std::isfinite(v)) {
                m_hasNonFinite = true;
                continue;
            }
            if (m_scale == Scale::Log && v <= 0) {
                m_hasBelow = true;
                continue;
            }
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    if (m_fixedRange) {
        if (m_scale == Scale::Log && !(m_low > 0))
            m_low = std::isfinite(lo) ? lo : 1e-12;
        for (const auto& row : m_values)
            for (double v : row)
                if (std::isfinite(v) && v < m_low)
                    m_hasBelow = true;
        return;
    }
    if (!std::isfinite(lo)) { // nothing to scale by
        m_low = m_scale == Scale::Log ? 0.1 : 0;
        m_high = m_scale == Scale::Log ? 10 : 1;
        return;
    }
    if (m_scale == Scale::Log) {
        // Whole decades, so the legend's ticks sit at its ends.
        m_low = std::pow(10.0, std::floor(std::log10(lo)));
        m_high = std::pow(10.0, std::ceil(std::log10(hi)));
        if (m_high <= m_low)
            m_high = m_low * 10;
    } else {
        m_low = lo;
        m_high = hi > lo ? hi : lo + 1;
    }
}

double MatrixHeatmap::scalePosition(double v) const
{
    if (!std::isfinite(v))
        return std::nan("");
    double t = 0;
    if (m_scale == Scale::Log)
        t = v <= 0 ? 0
                   : (std::log10(v) - std::log10(m_low)) / (std::log10(m_high) - std::log10(m_low));
    else
        t = (v - m_low) / (m_high - m_low);
    return std::clamp(t, 0.0, 1.0);
}

QColor MatrixHeatmap::colourFor(double v) const
{
    const double t = scalePosition(v);
    return std::isnan(t) ? theme::cellNeutral() : theme::sequential(t);
}

void MatrixHeatmap::rebuildImage()
{
    const int rows = rowCount();
    m_image = QImage(std::max(m_columns, 1), std::max(rows, 1), QImage::Format_RGB32);
    m_image.fill(theme::cellNeutral());
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < m_columns; ++c)
            m_image.setPixelColor(c, r, colourFor(m_values[std::size_t(r)][std::size_t(c)]));
    update();
}

void MatrixHeatmap::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        rebuildImage(); // the colour scale follows the palette
    QWidget::changeEvent(event);
}

QString MatrixHeatmap::rowLabel(int row) const
{
    return row < m_rowLabels.size() ? m_rowLabels[row] : QString::number(row + 1);
}

QString MatrixHeatmap::columnLabel(int column) const
{
    return column < m_columnLabels.size() ? m_columnLabels[column] : QString::number(column + 1);
}

QString MatrixHeatmap::format(double v) const
{
    if (std::isnan(v))
        return tr("NaN (no number)");
    if (std::isinf(v))
        return v > 0 ? tr("+∞") : tr("−∞");
    return QLocale().toString(v, 'g', 6);
}

QString MatrixHeatmap::chartCsv() const
{
    const QString rowTitle = m_rowTitle.isEmpty() ? QStringLiteral("row") : m_rowTitle;
    const QString columnTitle = m_columnTitle.isEmpty() ? QStringLiteral("column") : m_columnTitle;
    QString csv =
        QStringLiteral("%1,%2_label,%3,%4_label,%5\n")
            .arg(charts::csvField(rowTitle), charts::csvField(rowTitle),
                 charts::csvField(columnTitle), charts::csvField(columnTitle),
                 charts::csvField(m_valueTitle.isEmpty() ? QStringLiteral("value") : m_valueTitle));
    for (int r = 0; r < rowCount(); ++r)
        for (int c = 0; c < m_columns; ++c) {
            const double v = m_values[std::size_t(r)][std::size_t(c)];
            csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                       .arg(r + 1)
                       .arg(charts::csvField(rowLabel(r)))
                       .arg(c + 1)
                       .arg(charts::csvField(columnLabel(c)))
                       .arg(std::isfinite(v) ? charts::csvNumber(v) : QString());
        }
    return csv;
}

MatrixHeatmap::Geometry MatrixHeatmap::geometry() const
{
    Geometry g;
    g.font = font();
    g.small = resized(font(), 0.85);
    const QFontMetricsF fm(g.font), sm(g.small);
    const double line = fm.height();
    const double titleHeight = m_title.isEmpty() ? 0 : line + 6;
    g.title = QRectF(0, 0, width(), titleHeight);
    double labelWidth = 0;
    for (int r = 0; r < rowCount(); ++r)
        labelWidth = std::max(labelWidth, sm.horizontalAdvance(rowLabel(r)));
    // Legend: the bar, its tick labels and the caption beside it.
    double tickWidth = sm.horizontalAdvance(QStringLiteral("−0.000e−00"));
    if (m_scale == Scale::Log)
        tickWidth = sm.horizontalAdvance(QStringLiteral("1e−10"));
    const double legendWidth = kLegendBar + 6 + tickWidth + 6 + sm.height() + 4;
    const double left = (m_rowTitle.isEmpty() ? 0 : line + 4) + std::min(labelWidth, 110.0) + 6;
    const double top = titleHeight + 4;
    const double bottom = sm.height() + 4 + (m_columnTitle.isEmpty() ? 0 : line + 4);
    g.grid = QRectF(left, top, std::max(20.0, width() - left - legendWidth - 10),
                    std::max(20.0, height() - top - bottom - 2));
    const double swatches = (m_hasNonFinite ? 1 : 0) + (m_hasBelow ? 1 : 0);
    const double legendHeight =
        std::max(40.0, g.grid.height() - swatches * (sm.height() + 6) - (swatches ? 4 : 0));
    g.legend = QRectF(g.grid.right() + 12, g.grid.top(), kLegendBar, legendHeight);
    if (rowCount() > 0)
        g.rowStride = std::max(1, int(std::ceil(sm.height() / (g.grid.height() / rowCount()))));
    if (m_columns > 0) {
        double widest = 0;
        for (int c = 0; c < m_columns; c += std::max(1, m_columns / 20))
            widest = std::max(widest, sm.horizontalAdvance(columnLabel(c)));
        widest = std::max(widest, sm.horizontalAdvance(columnLabel(m_columns - 1)));
        const double cell = g.grid.width() / m_columns;
        int stride = std::max(1, int(std::ceil((widest + 10) / cell)));
        // Round the stride up to 1, 2 or 5 × 10^k so labels fall on round columns.
        const double magnitude = std::pow(10.0, std::floor(std::log10(double(stride))));
        for (double m : {1.0, 2.0, 5.0, 10.0})
            if (m * magnitude >= stride) {
                stride = int(m * magnitude);
                break;
            }
        g.columnStride = stride;
    }
    return g;
}

QRect MatrixHeatmap::cellRect(int row, int column) const
{
    if (m_values.empty() || m_columns == 0)
        return {};
    const Geometry g = geometry();
    const double w = g.grid.width() / m_columns, h = g.grid.height() / rowCount();
    return QRectF(g.grid.left() + column * w, g.grid.top() + row * h, w, h).toRect();
}

bool MatrixHeatmap::cellAt(const QPointF& pos, int* row, int* column) const
{
    if (m_values.empty() || m_columns == 0)
        return false;
    const Geometry g = geometry();
    if (!g.grid.contains(pos))
        return false;
    *row = std::min(rowCount() - 1, int((pos.y() - g.grid.top()) / g.grid.height() * rowCount()));
    *column = std::min(m_columns - 1, int((pos.x() - g.grid.left()) / g.grid.width() * m_columns));
    return true;
}

QString MatrixHeatmap::toolTipAt(const QPoint& pos) const
{
    int r = 0, c = 0;
    if (!cellAt(pos, &r, &c))
        return {};
    const double v = value(r, c);
    const QString rowTitle = m_rowTitle.isEmpty() ? tr("row") : m_rowTitle;
    const QString columnTitle = m_columnTitle.isEmpty() ? tr("column") : m_columnTitle;
    QString text = QStringLiteral("%1 %2, %3 %4\n%5: %6")
                       .arg(rowTitle, rowLabel(r), columnTitle, columnLabel(c),
                            m_valueTitle.isEmpty() ? tr("value") : m_valueTitle, format(v));
    if (std::isfinite(v) && m_scale == Scale::Log && v <= 0)
        text += QLatin1Char('\n') + tr("below the log scale: drawn in its bottom colour");
    return text;
}

void MatrixHeatmap::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    const Geometry g = geometry();
    if (!m_title.isEmpty()) {
        painter.setFont(g.font);
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(g.title, Qt::AlignCenter,
                         painter.fontMetrics().elidedText(m_title, Qt::ElideRight, width()));
    }
    if (m_values.empty() || m_columns == 0)
        return;
    // One pixel per cell, blown up without smoothing: cells stay sharp.
    painter.drawImage(g.grid, m_image);
    // Cells without a number: hatched over the neutral fill.
    if (m_hasNonFinite) {
        const double w = g.grid.width() / m_columns, h = g.grid.height() / rowCount();
        const QBrush hatch(hatchColour(), Qt::BDiagPattern);
        painter.setPen(Qt::NoPen);
        for (int r = 0; r < rowCount(); ++r) {
            int c = 0;
            while (c < m_columns) {
                if (std::isfinite(m_values[std::size_t(r)][std::size_t(c)])) {
                    ++c;
                    continue;
                }
                int end = c;
                while (end < m_columns &&
                       !std::isfinite(m_values[std::size_t(r)][std::size_t(end)]))
                    ++end;
                painter.fillRect(
                    QRectF(g.grid.left() + c * w, g.grid.top() + r * h, (end - c) * w, h), hatch);
                c = end;
            }
        }
    }
    painter.setPen(QPen(frameColour(), 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(g.grid);
    if (m_hoverRow >= 0) {
        painter.setPen(QPen(theme::color(theme::Role::Marker), 2));
        painter.drawRect(cellRect(m_hoverRow, m_hoverColumn));
    }
    paintLabels(painter, g);
    paintLegend(painter, g);
}

void MatrixHeatmap::paintLabels(QPainter& painter, const Geometry& g) const
{
    const QColor text = palette().color(QPalette::WindowText);
    painter.setFont(g.small);
    const QFontMetricsF sm(g.small);
    painter.setPen(text);
    const double rowHeight = g.grid.height() / rowCount();
    const double labelLeft = m_rowTitle.isEmpty() ? 0 : QFontMetricsF(g.font).height() + 4;
    const double labelWidth = g.grid.left() - 6 - labelLeft;
    for (int r = 0; r < rowCount(); r += g.rowStride) {
        const QRectF box(labelLeft, g.grid.top() + r * rowHeight, labelWidth, rowHeight);
        painter.drawText(box, Qt::AlignRight | Qt::AlignVCenter | Qt::TextDontClip,
                         sm.elidedText(rowLabel(r), Qt::ElideRight, labelWidth));
    }
    const double columnWidth = g.grid.width() / m_columns;
    const double labelTop = g.grid.bottom() + 2;
    for (int c = 0; c < m_columns; ++c) {
        // Label round columns (1-based labels 10, 20, ...) and always the first.
        const bool first = c == 0;
        const bool round = (c + 1) % g.columnStride == 0;
        if (!first && !round)
            continue;
        const double x = g.grid.left() + (c + 0.5) * columnWidth;
        const QString label = columnLabel(c);
        const double w = sm.horizontalAdvance(label);
        if (!first && x - w / 2 < g.grid.left() + sm.horizontalAdvance(columnLabel(0)) + 6)
            continue; // would overlap the first label
        painter.drawLine(QPointF(x, g.grid.bottom()), QPointF(x, g.grid.bottom() + 2));
        painter.drawText(QRectF(x - w / 2 - 2, labelTop, w + 4, sm.height()), Qt::AlignCenter,
                         label);
    }
    // Axis titles.
    painter.setFont(g.font);
    painter.setPen(theme::secondaryText());
    const QFontMetricsF fm(g.font);
    if (!m_columnTitle.isEmpty())
        painter.drawText(
            QRectF(g.grid.left(), labelTop + sm.height() + 2, g.grid.width(), fm.height()),
            Qt::AlignCenter, m_columnTitle);
    if (!m_rowTitle.isEmpty()) {
        painter.save();
        painter.translate(0, g.grid.bottom());
        painter.rotate(-90);
        painter.drawText(QRectF(0, 0, g.grid.height(), fm.height()), Qt::AlignCenter,
                         fm.elidedText(m_rowTitle, Qt::ElideRight, g.grid.height()));
        painter.restore();
    }
}

void MatrixHeatmap::paintLegend(QPainter& painter, const Geometry& g) const
{
    const QRectF bar = g.legend;
    for (int y = 0; y < int(bar.height()); ++y) {
        const double t = 1.0 - double(y) / std::max(1.0, bar.height() - 1);
        painter.fillRect(QRectF(bar.left(), bar.top() + y, bar.width(), 1), theme::sequential(t));
    }
    painter.setPen(QPen(frameColour(), 1));
    painter.drawRect(bar);
    painter.setFont(g.small);
    const QFontMetricsF sm(g.small);
    painter.setPen(palette().color(QPalette::WindowText));
    std::vector<double> ticks;
    if (m_scale == Scale::Log) {
        const int from = int(std::floor(std::log10(m_low) + 1e-9));
        const int to = int(std::ceil(std::log10(m_high) - 1e-9));
        const int fit = std::max(1, int(bar.height() / (sm.height() + 2)));
        const int every = std::max(1, int(std::ceil(double(to - from + 1) / fit)));
        for (int e = to; e >= from; e -= every)
            ticks.push_back(std::pow(10.0, e));
    } else {
        ticks = linearTicks(m_low, m_high, std::clamp(int(bar.height() / 40), 2, 6));
    }
    double tickRight = bar.right() + 6;
    for (double v : ticks) {
        const double y = bar.bottom() - scalePosition(v) * bar.height();
        const QString label = m_scale == Scale::Log
                                  ? QStringLiteral("1e%1").arg(int(std::lround(std::log10(v))))
                                  : QLocale().toString(v, 'g', 3);
        painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 3, y));
        const double w = sm.horizontalAdvance(label);
        painter.drawText(QRectF(bar.right() + 5, y - sm.height() / 2, w + 2, sm.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, label);
        tickRight = std::max(tickRight, bar.right() + 5 + w + 4);
    }
    // The caption runs up beside the tick labels.
    if (!m_valueTitle.isEmpty()) {
        painter.save();
        painter.setPen(theme::secondaryText());
        painter.translate(tickRight, bar.bottom());
        painter.rotate(-90);
        painter.drawText(QRectF(0, 0, bar.height(), sm.height()), Qt::AlignCenter,
                         sm.elidedText(m_valueTitle, Qt::ElideRight, bar.height()));
        painter.restore();
    }
    // Swatches under the bar for what the scale cannot show.
    double y = bar.bottom() + 8;
    const auto swatch = [&](const QBrush& fill, const QString& text) {
        const QRectF box(bar.left(), y, bar.width(), sm.height());
        painter.fillRect(box, theme::cellNeutral());
        painter.fillRect(box, fill);
        painter.setPen(QPen(frameColour(), 1));
        painter.drawRect(box);
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRectF(box.right() + 5, y, width() - box.right() - 5, sm.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, text);
        y += sm.height() + 6;
    };
    if (m_hasBelow)
        swatch(QBrush(theme::sequential(0)), m_scale == Scale::Log ? tr("≤ 0") : tr("below"));
    if (m_hasNonFinite)
        swatch(QBrush(hatchColour(), Qt::BDiagPattern), tr("NaN"));
}

bool MatrixHeatmap::event(QEvent* event)
{
    if (widgets::handleToolTip(this, event, [this](const QPoint& at) { return toolTipAt(at); }))
        return true;
    return QWidget::event(event);
}

void MatrixHeatmap::mouseMoveEvent(QMouseEvent* event)
{
    int r = -1, c = -1;
    if (!cellAt(event->position(), &r, &c))
        r = c = -1;
    if (r != m_hoverRow || c != m_hoverColumn) {
        m_hoverRow = r;
        m_hoverColumn = c;
        update();
    }
}

void MatrixHeatmap::leaveEvent(QEvent*)
{
    if (m_hoverRow >= 0) {
        m_hoverRow = m_hoverColumn = -1;
        update();
    }
}
