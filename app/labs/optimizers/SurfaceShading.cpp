#include "app/labs/optimizers/SurfaceShading.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace surfaceshading {

namespace {

/// A loss on a log-like scale that also takes the saddle's negative values: asinh.
double shadeValue(double loss)
{
    return std::asinh(loss * 20);
}

/// The surface's coordinates at a widget position (as SurfaceCanvas::toSurface).
mllab::Point2 toSurface(const Request& request, const QPointF& at)
{
    const Domain& d = request.domain;
    const QRectF& r = request.plot;
    return {d.xMin + (at.x() - r.left()) / r.width() * (d.xMax - d.xMin),
            d.yMax - (at.y() - r.top()) / r.height() * (d.yMax - d.yMin)};
}

/// The shaded value at each pixel's centre, row by row, with its range.
std::vector<double> pixelValues(const Request& request, double& lo, double& hi,
                                const mllab::Progress& progress)
{
    const QRect& r = request.pixels;
    std::vector<double> values(std::size_t(r.width()) * std::size_t(r.height()));
    lo = INFINITY;
    hi = -INFINITY;
    for (int row = 0; row < r.height(); ++row) {
        progress.checkCancelled();
        for (int col = 0; col < r.width(); ++col) {
            const auto at = toSurface(request, QPointF(r.left() + col + 0.5, r.top() + row + 0.5));
            const double v = shadeValue(mllab::surfaceLoss(request.surface, at, request.condition));
            values[std::size_t(row) * std::size_t(r.width()) + std::size_t(col)] = v;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    return values;
}

} // namespace

Domain domainFor(mllab::Surface surface)
{
    const bool valley = surface == mllab::Surface::Rosenbrock;
    return {valley ? -2.0 : -3.0, valley ? 2.0 : 3.0, valley ? -1.0 : -3.0, 3.0};
}

bool Request::samePicture(const Request& other) const
{
    const auto sameDomain = [](const Domain& a, const Domain& b) {
        return a.xMin == b.xMin && a.xMax == b.xMax && a.yMin == b.yMin && a.yMax == b.yMax;
    };
    return surface == other.surface && condition == other.condition &&
           sameDomain(domain, other.domain) && plot == other.plot && pixels == other.pixels &&
           palette == other.palette;
}

Shaded shade(const Request& request, const mllab::Progress& progress)
{
    if (!request.needed())
        return {request, {}};
    double lo = 0, hi = 0;
    const std::vector<double> values = pixelValues(request, lo, hi, progress);
    const QRect& r = request.pixels;
    QImage image(r.size(), QImage::Format_RGB32);
    for (int row = 0; row < r.height(); ++row) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(row));
        for (int col = 0; col < r.width(); ++col) {
            const double t =
                (values[std::size_t(row) * std::size_t(r.width()) + std::size_t(col)] - lo) /
                std::max(1e-12, hi - lo);
            const double band = std::floor(t * kBands); // NaN (a non-finite loss) -> band 0
            line[col] =
                request.palette[band >= 1 ? std::size_t(std::min(band, double(kBands))) : 0];
        }
    }
    return {request, image};
}

} // namespace surfaceshading
