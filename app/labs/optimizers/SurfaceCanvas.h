#pragma once
// The optimizer race drawn over its surface: the loss as shaded bands (contours) in the
// palette's sequential colours, each optimizer's trajectory in its series colour with its final
// point, and the common start. A click asks for a new start (startChosen). The shading is
// computed in a job (SurfaceShading); the canvas only draws the image it is handed.

#include "app/labs/optimizers/SurfaceShading.h"
#include "engine/labs/optimizers.h"

#include <QImage>
#include <QPolygonF>
#include <QVariant>
#include <QWidget>

class SurfaceCanvas : public QWidget {
    Q_OBJECT
public:
    explicit SurfaceCanvas(QWidget* parent = nullptr);

    /// `surface`: the shading computed with the race (a null image keeps the one shown).
    void setResult(const mllab::labs::OptimizersLabResult& result,
                   const surfaceshading::Shaded& surface);
    /// A shading computed on its own (after a resize or a new theme); one for another surface
    /// than the result's is dropped.
    void setSurface(const surfaceshading::Shaded& surface);
    /// What shading `params`' surface at the present size and palette takes; not needed()
    /// when the canvas already shows that picture.
    surfaceshading::Request shadingRequest(const mllab::labs::OptimizersLabParams& params) const;
    /// Every trajectory as CSV (optimizer, step, x, y, loss), for chart export.
    Q_INVOKABLE QString chartCsv() const;
    /// Pin and compare: the trajectories now, and pinned ones drawn dashed under the live ones.
    Q_INVOKABLE QVariant pinSnapshot() const;
    Q_INVOKABLE void showPinned(const QVariant& snapshot);
    qsizetype pinnedTrajectories() const { return m_pinned.size(); }
    /// The shaded surface drawn under the trajectories.
    const QImage& surfaceImage() const { return m_surface; }
    /// The surface's coordinates under a widget position.
    mllab::Point2 toSurface(const QPointF& at) const;
    QPointF toScreen(const mllab::Point2& p) const;

    QSize sizeHint() const override { return {480, 420}; }

Q_SIGNALS:
    void startChosen(double x, double y);
    /// The shown shading no longer fits (a resize, a new theme or font): shade it again.
    void shadingStale();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    QRectF plotRect() const;
    QRectF plotRectFor(const surfaceshading::Domain& domain) const;
    bool showsResultSurface() const;
    void drawSurface(QPainter& painter) const;
    void drawAxes(QPainter& painter) const;
    void drawTrajectories(QPainter& painter) const;

    mllab::labs::OptimizersLabResult m_result;
    bool m_hasResult = false;
    double m_xMin = -3, m_xMax = 3, m_yMin = -3, m_yMax = 3;
    QImage m_surface;                 ///< the shaded loss, one pixel per plot pixel
    surfaceshading::Request m_shaded; ///< what m_surface shows
    QList<QPolygonF> m_pinned; ///< a pinned race's trajectories, in surface coordinates
};
