#include "app/labs/optimizers/LandscapeCanvas.h"

#include "app/charts/ChartExport.h"
#include "app/charts/Theme.h"
#include "app/labs/LabText.h"

#include <QEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace ml = mllab::labs;

namespace {

constexpr int kBands = 12;

/// A round tick step giving about `count` ticks over `span`.
double tickStep(double span, int count)
{
    const double raw = span / std::max(1, count);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * magnitude)
            return m * magnitude;
    return 10 * magnitude;
}

} // namespace

LandscapeCanvas::LandscapeCanvas(QWidget* parent) : QWidget(parent)
{
    setMinimumSize(300, 260);
    setProperty("chartName", tr("Loss landscape"));
}

void LandscapeCanvas::setRacer(const ml::NetworkRacer& racer, const QString& name,
                               const QColor& colour)
{
    m_racer = racer;
    m_name = name;
    m_colour = colour;
    m_extent = racer.grid.empty() ? 1.0 : std::max(1e-12, racer.grid.back());
    double lo = INFINITY, hi = -INFINITY;
    for (double v : racer.gridLoss)
        if (std::isfinite(v) && v > 0) {
            lo = std::min(lo, std::log10(v));
            hi = std::max(hi, std::log10(v));
        }
    // Five decades at most: a path that ends at a loss of 1e-12 would otherwise spend the whole
    // colour scale on the pit around θ_final.
    m_logHi = std::isfinite(hi) ? hi : 1;
    m_logLo = std::isfinite(lo) ? std::max(lo, m_logHi - 5) : m_logHi - 1;
    if (m_logLo >= m_logHi)
        m_logLo = m_logHi - 1;
    renderPlane();
    update();
}

QString LandscapeCanvas::barLabel(int k) const
{
    return labtext::significant(std::pow(10.0, m_logLo + k / 4.0 * (m_logHi - m_logLo)), 2);
}

QRectF LandscapeCanvas::plotRect() const
{
    const QFontMetrics fm = fontMetrics();
    const int line = fm.height();
    int labels = fm.horizontalAdvance(tr("loss (log)")) - line;
    for (int k = 0; k <= 4; ++k)
        labels = std::max(labels, fm.horizontalAdvance(barLabel(k)));
    // Left: tick labels and the axis title; right: the colour bar and its labels.
    const QRectF area =
        rect().adjusted(line * 3.4, line * 2.8, -(line * 2.0 + labels + 6), -line * 2.6);
    const double side = std::max(10.0, std::min(area.width(), area.height()));
    return QRectF(area.center() - QPointF(side / 2, side / 2), QSizeF(side, side));
}

QPointF LandscapeCanvas::toScreen(double a, double b) const
{
    const QRectF r = plotRect();
    return {r.left() + (a + m_extent) / (2 * m_extent) * r.width(),
            r.top() + (m_extent - b) / (2 * m_extent) * r.height()};
}

double LandscapeCanvas::lossAt(double a, double b) const
{
    const auto& grid = m_racer.grid;
    const int n = int(grid.size());
    if (n < 2 || m_racer.gridLoss.size() != std::size_t(n) * std::size_t(n))
        return NAN;
    const double step = grid[1] - grid[0];
    const double fi = std::clamp((a - grid.front()) / step, 0.0, double(n - 1));
    const double fj = std::clamp((b - grid.front()) / step, 0.0, double(n - 1));
    const int i = std::min(n - 2, int(fi)), j = std::min(n - 2, int(fj));
    const double u = fi - i, v = fj - j;
    const auto at = [&](int ii, int jj) { return m_racer.gridLoss[std::size_t(jj * n + ii)]; };
    return (1 - u) * (1 - v) * at(i, j) + u * (1 - v) * at(i + 1, j) + (1 - u) * v * at(i, j + 1) +
           u * v * at(i + 1, j + 1);
}

void LandscapeCanvas::renderPlane()
{
    const QRect r = plotRect().toAlignedRect();
    m_plane = QImage();
    if (!hasPlane() || r.width() <= 0 || r.height() <= 0)
        return;
    m_plane = QImage(r.size(), QImage::Format_RGB32);
    for (int row = 0; row < r.height(); ++row) {
        auto* line = reinterpret_cast<QRgb*>(m_plane.scanLine(row));
        const double b = m_extent - (row + 0.5) / r.height() * 2 * m_extent;
        for (int col = 0; col < r.width(); ++col) {
            const double a = (col + 0.5) / r.width() * 2 * m_extent - m_extent;
            const double loss = lossAt(a, b);
            if (!std::isfinite(loss)) {
                line[col] = theme::secondaryText().rgb(); // a loss that overflowed
                continue;
            }
            const double t =
                loss <= 0
                    ? 0.0
                    : std::clamp((std::log10(loss) - m_logLo) / (m_logHi - m_logLo), 0.0, 1.0);
            line[col] = theme::sequential(0.08 + 0.6 * std::floor(t * kBands) / kBands).rgb();
        }
    }
}

void LandscapeCanvas::resizeEvent(QResizeEvent*)
{
    renderPlane();
}

void LandscapeCanvas::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        renderPlane();
    QWidget::changeEvent(event);
}

void LandscapeCanvas::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), theme::background());
    painter.setPen(theme::text());
    if (!hasPlane()) {
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                         m_name.isEmpty()
                             ? tr("Training the network…")
                             : tr("%1 has no path to draw (it diverged at once).").arg(m_name));
        return;
    }
    painter.drawImage(plotRect().topLeft(), m_plane);
    drawAxes(painter);
    drawColourBar(painter);
    drawPath(painter);
}

void LandscapeCanvas::drawAxes(QPainter& painter) const
{
    const QRectF r = plotRect();
    const QFontMetrics fm = fontMetrics();
    painter.setPen(QPen(theme::text(), 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(r);
    const double step = tickStep(2 * m_extent, 4);
    for (double v = std::ceil(-m_extent / step) * step; v <= m_extent + 1e-9 * step; v += step) {
        const double tick = std::abs(v) < 1e-9 * step ? 0.0 : v;
        const QString label = labtext::significant(tick, 2);
        const QPointF x = toScreen(tick, -m_extent);
        painter.drawLine(x, x + QPointF(0, 4));
        painter.drawText(
            QPointF(x.x() - fm.horizontalAdvance(label) / 2.0, x.y() + 4 + fm.ascent()), label);
        const QPointF y = toScreen(-m_extent, tick);
        painter.drawLine(y, y - QPointF(4, 0));
        painter.drawText(
            QPointF(y.x() - 6 - fm.horizontalAdvance(label), y.y() + fm.ascent() / 2.0 - 1), label);
    }
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    // Titles span the widget, not the square plot, and give way to "…" only when it is narrow.
    const QRectF across(0, 0, width(), fm.height());
    const auto fitted = [&](const QString& text) {
        return QFontMetrics(bold).elidedText(text, Qt::ElideRight, width() - 8);
    };
    painter.drawText(across.translated(0, 0.4 * fm.height()), Qt::AlignHCenter,
                     fitted(tr("%1: loss on the plane of its path").arg(m_name)));
    painter.drawText(across.translated(0, r.bottom() + fm.height() + 6), Qt::AlignHCenter,
                     fitted(tr("direction 1 (%1 of the path's variance)")
                                .arg(labtext::percent(m_racer.explained[0], 1))));
    painter.save();
    painter.translate(r.left() - 3.0 * fm.height(), r.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-r.height() / 2, -fm.height() / 2.0, r.height(), fm.height()),
                     Qt::AlignCenter,
                     tr("direction 2 (%1)").arg(labtext::percent(m_racer.explained[1], 1)));
    painter.restore();
    painter.setFont(font());
}

void LandscapeCanvas::drawColourBar(QPainter& painter) const
{
    const QRectF r = plotRect();
    const QFontMetrics fm = fontMetrics();
    const QRectF bar(r.right() + fm.height() * 0.8, r.top(), fm.height() * 0.9, r.height());
    for (int k = 0; k < kBands; ++k) {
        const double t = double(k) / kBands;
        const QRectF slice(bar.left(), bar.bottom() - (k + 1) * bar.height() / kBands, bar.width(),
                           bar.height() / kBands + 0.5);
        painter.fillRect(slice, theme::sequential(0.08 + 0.6 * t));
    }
    painter.setPen(QPen(theme::text(), 1));
    painter.drawRect(bar);
    for (int k = 0; k <= 4; ++k) {
        const double y = bar.bottom() - k / 4.0 * bar.height();
        painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 3, y));
        painter.drawText(QPointF(bar.right() + 5, y + fm.ascent() / 2.0 - 1), barLabel(k));
    }
    painter.drawText(QPointF(bar.left(), bar.top() - 0.5 * fm.height()), tr("loss (log)"));
}

void LandscapeCanvas::drawPath(QPainter& painter) const
{
    const auto& a = m_racer.pathA;
    const auto& b = m_racer.pathB;
    if (a.empty())
        return;
    painter.save();
    painter.setClipRect(plotRect());
    QPainterPath path(toScreen(a.front(), b.front()));
    for (std::size_t t = 1; t < a.size(); ++t)
        path.lineTo(toScreen(a[t], b[t]));
    painter.setPen(QPen(theme::background(), 4.4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPath(path); // a halo keeps the line legible over dark bands
    painter.setPen(QPen(m_colour, 2.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPath(path);
    painter.setPen(QPen(theme::text(), 1.5));
    painter.setBrush(theme::background());
    painter.drawRect(QRectF(toScreen(a.front(), b.front()) - QPointF(5, 5), QSizeF(10, 10)));
    painter.setBrush(m_colour);
    painter.setPen(QPen(theme::background(), 1.2));
    painter.drawEllipse(toScreen(a.back(), b.back()), 5, 5);
    painter.restore();
}

QString LandscapeCanvas::chartCsv() const
{
    QString csv = QStringLiteral("kind,optimizer,a,b,loss\n");
    const auto number = &charts::csvNumber;
    const QString id = QString::fromStdString(m_racer.id);
    const auto& grid = m_racer.grid;
    for (std::size_t j = 0; j < grid.size(); ++j)
        for (std::size_t i = 0; i < grid.size(); ++i)
            csv += QStringLiteral("plane,%1,%2,%3,%4\n")
                       .arg(id, number(grid[i]), number(grid[j]),
                            number(m_racer.gridLoss[j * grid.size() + i]));
    for (std::size_t t = 0; t < m_racer.pathA.size(); ++t)
        csv += QStringLiteral("path,%1,%2,%3,%4\n")
                   .arg(id, number(m_racer.pathA[t]), number(m_racer.pathB[t]),
                        number(t < m_racer.loss.size() ? m_racer.loss[t] : NAN));
    return csv;
}
