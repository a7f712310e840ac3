#pragma once
// The two-weight constraint geometry, painted with QPainter: loss contours around the
// unconstrained optimum ŵ, the L1 diamond, the L2 circle and the elastic-net region of budget t,
// each region's optimum and the loss ellipse that touches it there, in the palette's colours.

#include "engine/regularization.h"

#include <QWidget>

class ConstraintGeometryCanvas : public QWidget {
    Q_OBJECT
public:
    explicit ConstraintGeometryCanvas(QWidget* parent = nullptr);

    void setResult(const mllab::ConstrainedOptimumResult& result);
    const mllab::ConstrainedOptimumResult& result() const { return m_result; }
    /// The optima drawn (region, w1, w2, loss, ν), for chart export.
    Q_INVOKABLE QString chartCsv() const;

    QSize sizeHint() const override { return {460, 460}; }

    /// The colours of the three regions, here and in the lab's read-out.
    static QColor l1Colour();
    static QColor l2Colour();
    static QColor elasticNetColour();

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QPointF toScreen(const std::array<double, 2>& w) const;
    QPolygonF polygon(const std::vector<std::array<double, 2>>& points) const;
    void drawGrid(QPainter& painter) const;
    void drawLegend(QPainter& painter) const;

    mllab::ConstrainedOptimumResult m_result;
    bool m_hasResult = false;
    double m_extent = 2;  ///< world coordinates shown: [-extent, extent] on both axes
    QRectF m_plot;
};
