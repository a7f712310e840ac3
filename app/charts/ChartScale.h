#pragma once
// Larger text and thicker lines for presenting to a room: every chart's title, legend, axis
// labels and titles scaled by one factor, line widths and markers with it. The sizes each
// object had before are kept on it, so scaling again (after a redraw) or back to 1 never
// compounds.

class QChart;
class QChartView;
class QWidget;

namespace charts {

void scaleChart(QChart* chart, double factor);
/// The largest factor up to `wanted` at which the view's chart still fits its height without
/// Qt Charts eliding an axis title or labels to "...": a small chart on a small screen gets less.
double fittingScale(QChartView* view, double wanted);
/// Every QChartView's chart below `root`, and the fonts of custom-painted charts ("chartName")
/// and of chart keys drawn as labels ("chartKey").
void scaleCharts(QWidget* root, double factor);
/// A widget's font, from the one it had before any scaling.
void scaleFont(QWidget* widget, double factor);

} // namespace charts
