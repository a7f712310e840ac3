#include "app/labs/optimizers/SurfaceCanvas.h"

#include "app/charts/ChartExport.h"
#include "app/charts/Theme.h"

#include <QEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace ml = mllab::labs;

SurfaceCanvas::SurfaceCanvas(QWidget* parent) : QWidget(parent)
{
    setMinimumSize(300, 260);
    setCursor(Qt::CrossCursor);
    setProperty("chartName", tr("Optimizer trajectories"));
    setToolTip(tr("Click to start every optimizer from that point"));
}

void SurfaceCanvas::setResult(const ml::OptimizersLabResult& result,
                              const surfaceshading::Shaded& surface)
{
    m_result = result;
    m_hasResult = true;
    const auto domain = surfaceshading::domainFor(result.params.surface);
    m_xMin = domain.xMin;
    m_xMax = domain.xMax;
    m_yMin = domain.yMin;
    m_yMax = domain.yMax;
    setSurface(surface);
}

void SurfaceCanvas::setSurface(const surfaceshading::Shaded& surface)
{
    const auto& request = surface.request;
    if (!surface.image.isNull() && m_hasResult && request.surface == m_result.params.surface &&
        request.condition == m_result.params.condition) {
        m_surface = surface.image;
        m_shaded = request;
    }
    // A shading asked for before a resize (or for an older size) is drawn scaled meanwhile.
    if (m_hasResult && shadingRequest(m_result.params).needed())
        Q_EMIT shadingStale();
    update();
}

surfaceshading::Request SurfaceCanvas::shadingRequest(const ml::OptimizersLabParams& params) const
{
    surfaceshading::Request request;
    request.surface = params.surface;
    request.condition = params.condition;
    request.domain = surfaceshading::domainFor(params.surface);
    request.plot = plotRectFor(request.domain);
    request.pixels = request.plot.toAlignedRect();
    // Bands light at the bottom of the surface; the worker only looks these colours up.
    for (int b = 0; b <= surfaceshading::kBands; ++b)
        request.palette[std::size_t(b)] =
            theme::sequential(0.08 + 0.6 * (double(b) / surfaceshading::kBands)).rgb();
    if (!m_surface.isNull() && request.samePicture(m_shaded))
        request.pixels = QRect();
    return request;
}

bool SurfaceCanvas::showsResultSurface() const
{
    return !m_surface.isNull() && m_shaded.surface == m_result.params.surface &&
           m_shaded.condition == m_result.params.condition;
}

QRectF SurfaceCanvas::plotRect() const
{
    return plotRectFor({m_xMin, m_xMax, m_yMin, m_yMax});
}

QRectF SurfaceCanvas::plotRectFor(const surfaceshading::Domain& d) const
{
    const int label = fontMetrics().height();
    const QRectF area = rect().adjusted(label * 2.6, label * 0.6, -label * 0.6, -label * 2.2);
    // Square units: x and y at the same scale, or the contours would lie about the curvature.
    const double scale =
        std::min(area.width() / (d.xMax - d.xMin), area.height() / (d.yMax - d.yMin));
    const QSizeF size((d.xMax - d.xMin) * scale, (d.yMax - d.yMin) * scale);
    return QRectF(area.center() - QPointF(size.width() / 2, size.height() / 2), size);
}

mllab::Point2 SurfaceCanvas::toSurface(const QPointF& at) const
{
    const QRectF r = plotRect();
    return {m_xMin + (at.x() - r.left()) / r.width() * (m_xMax - m_xMin),
            m_yMax - (at.y() - r.top()) / r.height() * (m_yMax - m_yMin)};
}

QPointF SurfaceCanvas::toScreen(const mllab::Point2& p) const
{
    const QRectF r = plotRect();
    return {r.left() + (p[0] - m_xMin) / (m_xMax - m_xMin) * r.width(),
            r.top() + (m_yMax - p[1]) / (m_yMax - m_yMin) * r.height()};
}

void SurfaceCanvas::resizeEvent(QResizeEvent*)
{
    if (m_hasResult)
        Q_EMIT shadingStale();
}

void SurfaceCanvas::changeEvent(QEvent* event)
{
    if (m_hasResult &&
        (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange))
        Q_EMIT shadingStale();
    QWidget::changeEvent(event);
}

void SurfaceCanvas::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !plotRect().contains(event->position()))
        return;
    const auto at = toSurface(event->position());
    Q_EMIT startChosen(std::round(at[0] * 10) / 10, std::round(at[1] * 10) / 10);
}

void SurfaceCanvas::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), theme::background());
    if (!m_hasResult)
        return;
    drawSurface(painter);
    drawAxes(painter);
    drawTrajectories(painter);
}

void SurfaceCanvas::drawSurface(QPainter& painter) const
{
    if (!showsResultSurface())
        return; // the first shading of this surface is still being computed
    const QRectF r = plotRect();
    if (m_surface.size() == r.toAlignedRect().size())
        painter.drawImage(r.topLeft(), m_surface);
    else
        painter.drawImage(r, m_surface); // until the shading for the new size arrives
}

void SurfaceCanvas::drawAxes(QPainter& painter) const
{
    const QRectF r = plotRect();
    painter.setPen(QPen(theme::text(), 1));
    painter.drawRect(r);
    const QFontMetrics fm = fontMetrics();
    for (int v = int(std::ceil(m_xMin)); v <= int(std::floor(m_xMax)); ++v) {
        const QPointF at = toScreen({double(v), m_yMin});
        painter.drawLine(at, at + QPointF(0, 4));
        const QString label = QString::number(v);
        painter.drawText(
            QPointF(at.x() - fm.horizontalAdvance(label) / 2.0, at.y() + 4 + fm.ascent()), label);
    }
    for (int v = int(std::ceil(m_yMin)); v <= int(std::floor(m_yMax)); ++v) {
        const QPointF at = toScreen({m_xMin, double(v)});
        painter.drawLine(at, at - QPointF(4, 0));
        const QString label = QString::number(v);
        painter.drawText(
            QPointF(at.x() - 6 - fm.horizontalAdvance(label), at.y() + fm.ascent() / 2.0 - 1),
            label);
    }
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.drawText(QRectF(r.left(), r.bottom() + fm.height() + 4, r.width(), fm.height()),
                     Qt::AlignHCenter, QStringLiteral("x"));
    painter.drawText(QRectF(r.left() - 2.6 * fm.height(), r.center().y() - fm.height() / 2.0,
                            fm.height(), fm.height()),
                     Qt::AlignCenter, QStringLiteral("y"));
    painter.setFont(font());
}

QVariant SurfaceCanvas::pinSnapshot() const
{
    QList<QPolygonF> trajectories;
    for (const auto& racer : m_result.racers) {
        QPolygonF line;
        for (const auto& p : racer.trajectory.points)
            line << QPointF(p[0], p[1]);
        trajectories << line;
    }
    return QVariant::fromValue(trajectories);
}

void SurfaceCanvas::showPinned(const QVariant& snapshot)
{
    m_pinned = snapshot.value<QList<QPolygonF>>();
    update();
}

void SurfaceCanvas::drawTrajectories(QPainter& painter) const
{
    painter.save();
    painter.setClipRect(plotRect());
    for (qsizetype i = 0; i < m_pinned.size(); ++i) {
        QColor muted = theme::series(int(i));
        muted.setAlphaF(0.6);
        QPainterPath path;
        for (qsizetype k = 0; k < m_pinned[i].size(); ++k) {
            const QPointF at = toScreen({m_pinned[i][k].x(), m_pinned[i][k].y()});
            k == 0 ? path.moveTo(at) : path.lineTo(at);
        }
        painter.setPen(QPen(muted, 1.6, Qt::DashLine));
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(path);
    }
    for (std::size_t i = 0; i < m_result.racers.size(); ++i) {
        const auto& points = m_result.racers[i].trajectory.points;
        const QColor colour = theme::series(int(i));
        QPainterPath path(toScreen(points.front()));
        for (const auto& p : points)
            path.lineTo(toScreen(p));
        painter.setPen(QPen(colour, 2.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(path);
        painter.setBrush(colour);
        painter.setPen(QPen(theme::background(), 1.2));
        painter.drawEllipse(toScreen(points.back()), 5, 5);
    }
    // The start, and the minimum the racers head for.
    const auto minimum = mllab::surfaceMinimum(m_result.params.surface);
    painter.setPen(QPen(theme::text(), 2));
    painter.setBrush(Qt::NoBrush);
    const QPointF goal = toScreen(minimum);
    painter.drawLine(goal + QPointF(-6, -6), goal + QPointF(6, 6));
    painter.drawLine(goal + QPointF(-6, 6), goal + QPointF(6, -6));
    painter.setBrush(theme::background());
    painter.drawRect(QRectF(toScreen(m_result.params.start) - QPointF(5, 5), QSizeF(10, 10)));
    painter.restore();
}

QString SurfaceCanvas::chartCsv() const
{
    QString csv = QStringLiteral("optimizer,step,x,y,loss\n");
    const auto number = &charts::csvNumber;
    for (const auto& racer : m_result.racers)
        for (std::size_t k = 0; k < racer.trajectory.points.size(); ++k)
            csv +=
                QStringLiteral("%1,%2,%3,%4,%5\n")
                    .arg(QString::fromStdString(racer.id))
                    .arg(k)
                    .arg(number(racer.trajectory.points[k][0]),
                         number(racer.trajectory.points[k][1]), number(racer.trajectory.loss[k]));
    return csv;
}
