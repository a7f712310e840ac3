#pragma once
// A network's loss on the plane of its training path (Li et al. 2018): the loss over the grid
// as shaded bands on a log scale (band edges read as contours) with a colour bar, the path from
// the start (square) to θ_final (the centre, a dot), and the share of the path's variance each
// direction explains on its axis.

#include "engine/labs/optimizer_network.h"

#include <QColor>
#include <QImage>
#include <QWidget>

class LandscapeCanvas : public QWidget {
    Q_OBJECT
public:
    explicit LandscapeCanvas(QWidget* parent = nullptr);

    /// `colour`: the racer's series colour; an empty racer (no path) clears the canvas.
    void setRacer(const mllab::labs::NetworkRacer& racer, const QString& name,
                  const QColor& colour);
    /// The plane's grid and the path as CSV (kind, a, b, loss), for chart export.
    Q_INVOKABLE QString chartCsv() const;
    bool hasPlane() const { return !m_racer.gridLoss.empty(); }
    const std::string& racerId() const { return m_racer.id; }
    /// The loss at a plane position by bilinear interpolation of the grid (what is shaded).
    double lossAt(double a, double b) const;

    QSize sizeHint() const override { return {440, 400}; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    QRectF plotRect() const;
    QString barLabel(int k) const; ///< the colour bar's k-th of five labels, bottom up
    QPointF toScreen(double a, double b) const;
    void renderPlane();
    void drawAxes(QPainter& painter) const;
    void drawColourBar(QPainter& painter) const;
    void drawPath(QPainter& painter) const;

    mllab::labs::NetworkRacer m_racer;
    QString m_name;
    QColor m_colour;
    double m_extent = 1;             ///< the plane spans [-extent, extent] on both axes
    double m_logLo = 0, m_logHi = 1; ///< log10 of the shaded loss range
    QImage m_plane;
};
