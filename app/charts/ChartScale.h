#pragma once
// Larger text and thicker lines for presenting to a room: every chart's title, legend, axis
// labels and titles scaled by one factor, line widths and markers with it. The sizes each
// object had before are kept on it, so scaling again (after a redraw) or back to 1 never
// compounds.

class QChart;
class QWidget;

namespace charts {

void scaleChart(QChart* chart, double factor);
/// Every QChartView's chart below `root`, and the fonts of custom-painted charts ("chartName")
/// and of chart keys drawn as labels ("chartKey").
void scaleCharts(QWidget* root, double factor);
/// A widget's font, from the one it had before any scaling.
void scaleFont(QWidget* widget, double factor);

} // namespace charts
