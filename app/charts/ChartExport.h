#pragma once
// Export of one chart: its picture (clipboard, PNG at twice the screen's pixels, SVG, PDF) and
// the data it draws as CSV. Works for any widget that draws a chart: QChartView, and custom
// painted charts that name themselves (property "chartName") and may offer their data through
// an invokable `QString chartCsv() const`.

#include <QString>
#include <QStringList>

class QChart;
class QWidget;

namespace charts {

/// A number with the shortest digits that read back as the same double ("0.1", "1e-08").
QString csvNumber(double value);
/// A CSV field, quoted only when it holds a comma, a quote or a line break.
QString csvField(QString text);

/// What a chart draws, one row per point: "series,<x axis title>,<y axis title>"; bars as
/// "series,<category axis title>,<value axis title>". Numbers round-trip (17 significant digits).
QString chartCsv(const QChart* chart);
/// The CSV of a chart widget (QChartView or one offering chartCsv()), empty if it has no data.
QString widgetCsv(QWidget* widget);

/// A short file-name-safe name: "ROC curve: AUC 0.857" -> "roc-curve"; empty titles -> fallback.
QString chartSlug(const QString& title, const QString& fallback);
/// The name a chart's files get: the chart's (or widget's) objectName, set by the lab to a stable
/// id ("roc", "before-histogram"), else chartSlug of its title.
QString chartId(QWidget* widget, const QString& fallback);
/// The chart's title (QChart title or the "chartName" property), for names and menus.
QString chartTitle(QWidget* widget);

/// Writes the widget as .png (2x), .svg or .pdf, by the path's suffix; false with `error` set.
bool saveChartImage(QWidget* widget, const QString& path, QString* error);
bool saveText(const QString& path, const QString& text, QString* error);

/// Right-click on the widget: Copy image, Save as PNG/SVG/PDF, Save data as CSV.
void installExportMenu(QWidget* widget);

/// The chart widgets below `root`: every QChartView and every widget with a "chartName".
QList<QWidget*> chartWidgets(QWidget* root);

} // namespace charts
