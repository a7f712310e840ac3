#include "app/charts/ChartExport.h"

#include <QAbstractBarSeries>
#include <QApplication>
#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QLineSeries>
#include <QMenu>
#include <QMessageBox>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSvgGenerator>
#include <QTextDocument>
#include <QTextStream>
#include <QXYSeries>

#include <algorithm>
#include <vector>

namespace charts {

namespace {

/// Axis titles may hold rich text (subscripts, <i>): the CSV wants plain words.
QString plain(const QString& text)
{
    if (!text.contains(QLatin1Char('<')))
        return text.simplified();
    QTextDocument document;
    document.setHtml(text);
    return document.toPlainText().simplified();
}

QAbstractAxis* attachedAxis(QAbstractSeries* series, Qt::Orientation orientation)
{
    for (QAbstractAxis* axis : series->attachedAxes())
        if (axis->orientation() == orientation)
            return axis;
    return nullptr;
}

QString axisName(QAbstractAxis* axis, const QString& fallback)
{
    const QString title = axis ? plain(axis->titleText()) : QString();
    return title.isEmpty() ? fallback : title;
}

struct Rows {
    struct Row {
        QString series, x, y, xAxis, yAxis;
    };
    std::vector<Row> rows;

    /// One point: its two coordinates and the names (with units) of the axes they are on.
    void add(const QString& series, const QString& x, const QString& y, const QString& xAxis,
             const QString& yAxis)
    {
        rows.push_back({series, x, y, xAxis, yAxis});
    }

    QString csv() const
    {
        if (rows.empty())
            return {};
        const Row& first = rows.front();
        const bool mixedAxes = std::any_of(rows.begin(), rows.end(), [&first](const Row& r) {
            return r.xAxis != first.xAxis || r.yAxis != first.yAxis;
        });
        // One pair of axes: the columns carry their names; several: each row names its axes.
        QString out = mixedAxes ? QStringLiteral("series,x,y,x_axis,y_axis\n")
                                : QStringLiteral("series,%1,%2\n")
                                      .arg(csvField(first.xAxis), csvField(first.yAxis));
        for (const Row& r : rows) {
            out += csvField(r.series) + QLatin1Char(',') + r.x + QLatin1Char(',') + r.y;
            if (mixedAxes)
                out += QLatin1Char(',') + csvField(r.xAxis) + QLatin1Char(',') + csvField(r.yAxis);
            out += QLatin1Char('\n');
        }
        return out;
    }
};

QString seriesName(QAbstractSeries* series, int index)
{
    const QString name = plain(series->name());
    return name.isEmpty() ? QStringLiteral("series %1").arg(index + 1) : name;
}

void addXY(Rows& rows, const QString& name, QXYSeries* xy, QAbstractSeries* axesOf)
{
    const QString xAxis = axisName(attachedAxis(axesOf, Qt::Horizontal), QStringLiteral("x"));
    const QString yAxis = axisName(attachedAxis(axesOf, Qt::Vertical), QStringLiteral("y"));
    for (const QPointF& p : xy->points())
        rows.add(name, csvNumber(p.x()), csvNumber(p.y()), xAxis, yAxis);
}

void addBars(Rows& rows, QAbstractBarSeries* bars)
{
    const bool horizontal = bars->type() == QAbstractSeries::SeriesTypeHorizontalBar ||
                            bars->type() == QAbstractSeries::SeriesTypeHorizontalStackedBar ||
                            bars->type() == QAbstractSeries::SeriesTypeHorizontalPercentBar;
    QAbstractAxis* categoryAxis = attachedAxis(bars, horizontal ? Qt::Vertical : Qt::Horizontal);
    auto* categories = qobject_cast<QBarCategoryAxis*>(categoryAxis);
    const QString categoryName = axisName(categoryAxis, QStringLiteral("category"));
    const QString valueName = axisName(
        attachedAxis(bars, horizontal ? Qt::Horizontal : Qt::Vertical), QStringLiteral("value"));
    for (QBarSet* set : bars->barSets())
        for (int i = 0; i < set->count(); ++i) {
            const QString category = categories && i < categories->count()
                                         ? csvField(categories->at(i))
                                         : QString::number(i);
            const QString value = csvNumber(set->at(i));
            // Rows read category first, value second, whichever way the bars lie.
            rows.add(plain(set->label()), category, value, categoryName, valueName);
        }
}

QImage renderImage(QWidget* widget, qreal scale)
{
    QImage image(widget->size() * scale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(widget->palette().window().color());
    widget->render(&image);
    return image;
}

} // namespace

QString csvNumber(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QString csvField(QString text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')))
        return text;
    text.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + text + QLatin1Char('"');
}

QString chartCsv(const QChart* chart)
{
    Rows rows;
    const QList<QAbstractSeries*> all = chart->series();
    for (int i = 0; i < all.size(); ++i) {
        QAbstractSeries* series = all[i];
        if (!series->isVisible())
            continue;
        if (auto* xy = qobject_cast<QXYSeries*>(series)) {
            addXY(rows, seriesName(series, i), xy, series);
        } else if (auto* area = qobject_cast<QAreaSeries*>(series)) {
            // A band has two edges; an area down to the axis is just its upper line.
            const QString upper = area->lowerSeries() ? QStringLiteral(" (upper)") : QString();
            if (area->upperSeries())
                addXY(rows, seriesName(series, i) + upper, area->upperSeries(), series);
            if (area->lowerSeries())
                addXY(rows, seriesName(series, i) + QStringLiteral(" (lower)"), area->lowerSeries(),
                      series);
        } else if (auto* bars = qobject_cast<QAbstractBarSeries*>(series)) {
            addBars(rows, bars);
        }
    }
    return rows.csv();
}

QString widgetCsv(QWidget* widget)
{
    if (auto* view = qobject_cast<QChartView*>(widget))
        return chartCsv(view->chart());
    QString csv;
    if (widget->metaObject()->indexOfMethod("chartCsv()") >= 0)
        QMetaObject::invokeMethod(widget, "chartCsv", Qt::DirectConnection,
                                  Q_RETURN_ARG(QString, csv));
    return csv;
}

QString chartSlug(const QString& title, const QString& fallback)
{
    // Titles carry live numbers ("ROC curve: AUC 0.857"): keep the words before them.
    QString head =
        plain(title).section(QLatin1Char(':'), 0, 0).section(QLatin1Char('('), 0, 0).toLower();
    head.replace(QRegularExpression(QStringLiteral("[^a-z]+")), QStringLiteral("-"));
    head.remove(QRegularExpression(QStringLiteral("^-+|-+$")));
    return head.isEmpty() ? fallback : head.left(40);
}

QString chartId(QWidget* widget, const QString& fallback)
{
    if (auto* view = qobject_cast<QChartView*>(widget);
        view && !view->chart()->objectName().isEmpty())
        return view->chart()->objectName();
    if (!widget->objectName().isEmpty())
        return widget->objectName();
    return chartSlug(chartTitle(widget), fallback);
}

QString chartTitle(QWidget* widget)
{
    if (auto* view = qobject_cast<QChartView*>(widget))
        return plain(view->chart()->title());
    return widget->property("chartName").toString();
}

bool saveText(const QString& path, const QString& text, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        *error = QApplication::translate("ChartExport", "Cannot write %1: %2")
                     .arg(path, file.errorString());
        return false;
    }
    QTextStream(&file) << text;
    return true;
}

bool saveChartImage(QWidget* widget, const QString& path, QString* error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    const auto cannotWrite = [&] {
        *error = QApplication::translate("ChartExport", "Cannot write %1").arg(path);
        return false;
    };
    if (suffix == QLatin1String("png"))
        return renderImage(widget, 2.0).save(path, "PNG") || cannotWrite();
    QPainter painter;
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(widget->size());
        svg.setViewBox(widget->rect());
        svg.setTitle(chartTitle(widget));
        if (!painter.begin(&svg))
            return cannotWrite();
        widget->render(&painter);
        return true;
    }
    if (suffix == QLatin1String("pdf")) {
        QPdfWriter pdf(path);
        pdf.setPageSize(QPageSize(widget->size(), QPageSize::Point));
        pdf.setPageMargins({});
        pdf.setTitle(chartTitle(widget));
        if (!painter.begin(&pdf))
            return cannotWrite();
        const qreal scale = qreal(pdf.width()) / qMax(1, widget->width());
        painter.scale(scale, scale);
        widget->render(&painter);
        return true;
    }
    *error =
        QApplication::translate("ChartExport", "Unknown image format '%1': use .png, .svg or .pdf")
            .arg(suffix);
    return false;
}

void installExportMenu(QWidget* widget)
{
    if (widget->property("exportMenu").toBool())
        return;
    widget->setProperty("exportMenu", true);
    widget->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(widget, &QWidget::customContextMenuRequested, widget, [widget](QPoint at) {
        const QString name = chartId(widget, QStringLiteral("chart"));
        QMenu menu(widget);
        menu.addAction(QApplication::translate("ChartExport", "Copy image"),
                       [widget] { QApplication::clipboard()->setImage(renderImage(widget, 2.0)); });
        const auto saveAs = [widget, name](const QString& suffix, const QString& filter) {
            const QString path = QFileDialog::getSaveFileName(
                widget, QApplication::translate("ChartExport", "Save chart"),
                name + QLatin1Char('.') + suffix, filter);
            QString error;
            if (!path.isEmpty() && !saveChartImage(widget, path, &error))
                QMessageBox::warning(widget, QApplication::translate("ChartExport", "Save chart"),
                                     error);
        };
        menu.addAction(QApplication::translate("ChartExport", "Save as PNG…"), [saveAs] {
            saveAs(QStringLiteral("png"),
                   QApplication::translate("ChartExport", "PNG image (*.png)"));
        });
        menu.addAction(QApplication::translate("ChartExport", "Save as SVG…"), [saveAs] {
            saveAs(QStringLiteral("svg"),
                   QApplication::translate("ChartExport", "SVG image (*.svg)"));
        });
        menu.addAction(QApplication::translate("ChartExport", "Save as PDF…"), [saveAs] {
            saveAs(QStringLiteral("pdf"), QApplication::translate("ChartExport", "PDF (*.pdf)"));
        });
        QAction* data = menu.addAction(
            QApplication::translate("ChartExport", "Save data as CSV…"), [widget, name] {
                const QString path = QFileDialog::getSaveFileName(
                    widget, QApplication::translate("ChartExport", "Save chart data"),
                    name + QStringLiteral(".csv"),
                    QApplication::translate("ChartExport", "CSV data (*.csv)"));
                QString error;
                if (!path.isEmpty() && !saveText(path, widgetCsv(widget), &error))
                    QMessageBox::warning(
                        widget, QApplication::translate("ChartExport", "Save chart data"), error);
            });
        data->setEnabled(!widgetCsv(widget).isEmpty());
        menu.exec(widget->mapToGlobal(at));
    });
}

QList<QWidget*> chartWidgets(QWidget* root)
{
    QList<QWidget*> found;
    for (QWidget* widget : root->findChildren<QWidget*>())
        if (qobject_cast<QChartView*>(widget) || widget->property("chartName").isValid())
            found << widget;
    return found;
}

} // namespace charts
