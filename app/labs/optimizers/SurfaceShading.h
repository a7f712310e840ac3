#pragma once
// The optimizer race's loss surface as shaded bands (their edges read as contours), computed in
// the lab's job: one loss per plot pixel on an asinh scale, each band coloured from the palette
// the UI thread read from the theme when it asked for the shading.

#include "engine/labs/optimizers.h"
#include "engine/progress.h"

#include <QImage>
#include <QRect>
#include <QRectF>

#include <array>

namespace surfaceshading {

constexpr int kBands = 14; ///< shaded loss bands

/// The surface's span on the canvas: x in [xMin, xMax], y in [yMin, yMax].
struct Domain {
    double xMin = -3, xMax = 3, yMin = -3, yMax = 3;
};

/// The span each surface is drawn over.
Domain domainFor(mllab::Surface surface);

/// Everything the shading needs, gathered on the UI thread when the job starts.
struct Request {
    mllab::Surface surface = mllab::Surface::Quadratic;
    double condition = 1;
    Domain domain;
    QRectF plot;  ///< the plot area in widget coordinates
    QRect pixels; ///< the plot's pixels (plot, aligned); empty when no shading is needed
    std::array<QRgb, kBands + 1> palette{}; ///< a colour per band, light at the bottom

    bool needed() const { return !pixels.isEmpty(); }
    /// The same picture: surface, condition number, plot geometry and palette.
    bool samePicture(const Request& other) const;
};

/// A shaded surface and the request it answers.
struct Shaded {
    Request request;
    QImage image; ///< one pixel per plot pixel; null when the request needed no shading
};

/// Shades the surface for `request` (a null image when it needs none); stops when cancelled.
Shaded shade(const Request& request, const mllab::Progress& progress);

} // namespace surfaceshading
