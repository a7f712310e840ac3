#pragma once
// The optimizer race drawn over its surface: the loss as shaded bands (contours) in the
// palette's sequential colours, each optimizer's trajectory in its series colour with its final
// point, and the common start. A click asks for a new start (startChosen).

#include "engine/labs/optimizers.h"

#include <QImage>
#include <QPolygonF>
#include <QVariant>
#include <QWidget>

class SurfaceCanvas : public QWidget {
    Q_OBJECT
public:
    explicit SurfaceCanvas(QWidget* parent = nullptr);

    void setResult(const mllab::labs::OptimizersLabResult& result);
    /// Every trajectory as CSV (optimizer, step, x, y, loss), for chart export.
    Q_INVOKABLE QString chartCsv() const;
    /// Pin and compare: the trajectories now, and pinned ones drawn dashed under the live ones.
    Q_INVOKABLE QVariant pinSnapshot() const;
    Q_INVOKABLE void showPinned(const QVariant& snapshot);
    qsizetype pinnedTrajectories() const { return m_pinned.size(); }
    /// The surface's coordinates under a widget position.
    mllab::Point2 toSurface(const QPointF& at) const;
    QPointF toScreen(const mllab::Point2& p) const;

    QSize sizeHint() const override { return {480, 420}; }

Q_SIGNALS:
    void startChosen(double x, double y);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    QRectF plotRect() const;
    void renderSurface();
    void drawAxes(QPainter& painter) const;
    void drawTrajectories(QPainter& painter) const;

    mllab::labs::OptimizersLabResult m_result;
    bool m_hasResult = false;
    double m_xMin = -3, m_xMax = 3, m_yMin = -3, m_yMax = 3;
    QImage m_surface; ///< the shaded loss, one pixel per plot pixel
    QList<QPolygonF> m_pinned; ///< a pinned race's trajectories, in surface coordinates
};
