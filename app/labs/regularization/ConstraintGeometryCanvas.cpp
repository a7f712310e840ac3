#include "app/labs/regularization/ConstraintGeometryCanvas.h"

#include "app/charts/ChartExport.h"
#include "app/charts/Theme.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace {

QColor contourColour()
{
    return theme::color(theme::Role::Muted);
}

QColor translucent(QColor c, int alpha)
{
    c.setAlpha(alpha);
    return c;
}

/// A region's name beside its optimum: darker than the dot on a light background, as is on a
/// dark one.
QColor nameColour(const QColor& region)
{
    return theme::isDark() ? region : region.darker(140);
}

} // namespace

QColor ConstraintGeometryCanvas::l1Colour()
{
    return theme::series(1);
}

QColor ConstraintGeometryCanvas::l2Colour()
{
    return theme::series(0);
}

QColor ConstraintGeometryCanvas::elasticNetColour()
{
    return theme::series(2);
}

ConstraintGeometryCanvas::ConstraintGeometryCanvas(QWidget* parent) : QWidget(parent)
{
    setProperty("chartName", tr("Constraint geometry"));
    setMinimumSize(280, 280);
}

void ConstraintGeometryCanvas::setResult(const mllab::ConstrainedOptimumResult& result)
{
    m_result = result;
    m_hasResult = true;
    // The view is fixed by ŵ and t, so dragging t below |ŵ| does not rescale the picture.
    m_extent = 1.2 * std::max({std::abs(result.centre[0]), std::abs(result.centre[1]),
                               result.budget, 0.5});
    update();
}

QPointF ConstraintGeometryCanvas::toScreen(const std::array<double, 2>& w) const
{
    return {m_plot.center().x() + w[0] / m_extent * m_plot.width() / 2,
            m_plot.center().y() - w[1] / m_extent * m_plot.height() / 2};
}

QPolygonF ConstraintGeometryCanvas::polygon(const std::vector<std::array<double, 2>>& points) const
{
    QPolygonF out;
    out.reserve(qsizetype(points.size()) + 1);
    for (const auto& p : points)
        out.append(toScreen(p));
    if (!out.isEmpty())
        out.append(out.first());
    return out;
}

void ConstraintGeometryCanvas::drawGrid(QPainter& painter) const
{
    // Two to five labelled lines on each side of the origin, at 1, 2 or 5 times a power of ten.
    const double rough = m_extent / 2.5, power = std::pow(10.0, std::floor(std::log10(rough)));
    const double step = rough / power >= 5 ? 5 * power : rough / power >= 2 ? 2 * power : power;
    painter.setFont(font());
    for (double v = -std::floor(m_extent / step) * step; v <= m_extent + 1e-9; v += step) {
        const bool axis = std::abs(v) < 1e-9;
        painter.setPen(QPen(axis ? theme::text() : theme::grid(), axis ? 1.2 : 1));
        painter.drawLine(toScreen({v, -m_extent}), toScreen({v, m_extent}));
        painter.drawLine(toScreen({-m_extent, v}), toScreen({m_extent, v}));
        if (!axis) {
            painter.setPen(theme::color(theme::Role::Reference));
            const QString label = QString::number(v, 'g', 3);
            painter.drawText(toScreen({v, 0}) + QPointF(-8, 14), label);
            painter.drawText(toScreen({0, v}) + QPointF(4, 4), label);
        }
    }
    painter.setPen(theme::text());
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.drawText(toScreen({m_extent, 0}) + QPointF(-22, -6), tr("w₁"));
    painter.drawText(toScreen({0, m_extent}) + QPointF(6, 14), tr("w₂"));
    painter.setFont(font());
}

void ConstraintGeometryCanvas::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const double side = std::max(50, std::min(width(), height()) - 16);
    m_plot = QRectF((width() - side) / 2, (height() - side) / 2, side, side);
    painter.fillRect(rect(), theme::background());
    if (!m_hasResult)
        return;
    painter.setClipRect(m_plot.adjusted(-1, -1, 1, 1));
    drawGrid(painter);

    const auto& r = m_result;
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(contourColour(), 1));
    for (const auto& contour : r.contours)
        painter.drawPolyline(polygon(contour));

    const double t = r.budget;
    const QPolygonF diamond = polygon({{t, 0}, {0, t}, {-t, 0}, {0, -t}});
    const QPolygonF circle = [&] {
        std::vector<std::array<double, 2>> points;
        for (int i = 0; i < 240; ++i)
            points.push_back({t * std::cos(2 * M_PI * i / 240), t * std::sin(2 * M_PI * i / 240)});
        return polygon(points);
    }();
    const QPolygonF elastic = polygon(r.elasticNetBoundary);
    for (const auto& [shape, colour] :
         {std::pair{circle, l2Colour()}, std::pair{elastic, elasticNetColour()},
          std::pair{diamond, l1Colour()}}) {
        painter.setPen(QPen(colour, 2));
        painter.setBrush(translucent(colour, 28));
        painter.drawPolygon(shape);
    }

    // The loss ellipse through each optimum touches its region exactly there.
    painter.setBrush(Qt::NoBrush);
    for (const auto& [solution, colour] :
         {std::pair{&r.l2, l2Colour()}, std::pair{&r.elasticNet, elasticNetColour()},
          std::pair{&r.l1, l1Colour()}}) {
        if (solution->constraintActive) {
            painter.setPen(QPen(colour, 1.3, Qt::DashLine));
            painter.drawPolyline(polygon(solution->contour));
        }
    }

    painter.setPen(QPen(theme::text(), 2.5));
    const QPointF centre = toScreen(r.centre);
    painter.drawLine(centre + QPointF(-6, -6), centre + QPointF(6, 6));
    painter.drawLine(centre + QPointF(-6, 6), centre + QPointF(6, -6));
    const QString centreLabel = tr("ŵ (least squares)");
    const double labelWidth = QFontMetrics(font()).horizontalAdvance(centreLabel);
    QPointF labelAt = centre + QPointF(9, -8);
    if (labelAt.x() + labelWidth > m_plot.right() - 2) {
        // No room on the right: above the marker, away from the optima (they lie towards the
        // origin, below ŵ when it is up and right), or below it at the top edge.
        const double above = centre.y() - 12;
        const bool fitsAbove = above - QFontMetrics(font()).ascent() > m_plot.top() + 2;
        labelAt = QPointF(std::max(m_plot.left() + 2, m_plot.right() - 2 - labelWidth),
                          fitsAbove ? above : centre.y() + 22);
    }
    painter.drawText(labelAt, centreLabel);

    const struct {
        const mllab::ConstrainedSolution* solution;
        QColor colour;
        QString name;
        QPointF offset;
    } optima[] = {{&r.l2, l2Colour(), tr("L2"), {8, -8}},
                  {&r.elasticNet, elasticNetColour(), tr("EN"), {8, 14}},
                  {&r.l1, l1Colour(), tr("L1"), {-26, 16}}};
    for (const auto& o : optima) {
        const QPointF at = toScreen(o.solution->weights);
        painter.setPen(QPen(theme::background(), 1.5));
        painter.setBrush(o.colour);
        painter.drawEllipse(at, 6.5, 6.5);
        painter.setPen(nameColour(o.colour));
        QFont bold = font();
        bold.setBold(true);
        painter.setFont(bold);
        painter.drawText(at + o.offset, o.name);
        painter.setFont(font());
    }
    painter.setClipping(false);
    drawLegend(painter);
}

void ConstraintGeometryCanvas::drawLegend(QPainter& painter) const
{
    const auto& r = m_result;
    const QStringList lines = {tr("L1: |w₁| + |w₂| ≤ t"), tr("L2: ‖w‖ ≤ t"),
                               tr("elastic net, r = %1").arg(r.l1Ratio, 0, 'g', 2),
                               tr("loss contours")};
    const QColor colours[] = {l1Colour(), l2Colour(), elasticNetColour(), contourColour()};
    const QFontMetrics metrics(font());
    int width = 0;
    for (const QString& line : lines)
        width = std::max(width, metrics.horizontalAdvance(line));
    const int rowHeight = metrics.height() + 2;
    // In the corner opposite ŵ, where the contours are sparse.
    const QSizeF size(width + 34, rowHeight * lines.size() + 8);
    const bool right = r.centre[0] < 0, top = r.centre[1] < 0;
    const QPointF corner(right ? m_plot.right() - 6 - size.width() : m_plot.left() + 6,
                         top ? m_plot.top() + 6 : m_plot.bottom() - 6 - size.height());
    const QRectF box(corner, size);
    painter.setPen(theme::grid());
    painter.setBrush(translucent(theme::background(), 225));
    painter.drawRect(box);
    for (int i = 0; i < lines.size(); ++i) {
        const double y = box.top() + 4 + rowHeight * i + rowHeight / 2.0;
        painter.setPen(QPen(colours[i], 3));
        painter.drawLine(QPointF(box.left() + 6, y), QPointF(box.left() + 24, y));
        painter.setPen(theme::text());
        painter.drawText(QPointF(box.left() + 30, y + metrics.ascent() / 2.0 - 1), lines[i]);
    }
}

QString ConstraintGeometryCanvas::chartCsv() const
{
    const auto number = &charts::csvNumber;
    QString csv = QStringLiteral("point,w1,w2,loss,multiplier\n");
    csv += QStringLiteral("unconstrained,%1,%2,0,0\n")
               .arg(number(m_result.centre[0]), number(m_result.centre[1]));
    const std::pair<const char*, const mllab::ConstrainedSolution*> optima[] = {
        {"l1", &m_result.l1}, {"l2", &m_result.l2}, {"elastic_net", &m_result.elasticNet}};
    for (const auto& [name, s] : optima)
        csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                   .arg(QLatin1String(name), number(s->weights[0]), number(s->weights[1]),
                        number(s->loss), number(s->multiplier));
    return csv;
}
