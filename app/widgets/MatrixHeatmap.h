#pragma once
// A painted heatmap of any rows × columns of numbers (layers × steps, classes × classes, heads ×
// layers): axis titles, row and column labels thinned to what fits, a linear or base-10 log colour
// scale with its legend, the exact value in a tooltip, and NaN or infinite cells hatched so that
// a missing number never passes for a small one. On a log scale a value ≤ 0 takes the bottom
// colour (below the scale) and says so in its tooltip. Colours come from app/charts/Theme.h, text
// sizes from the widget's font (presentation scaling), and as a chart it takes part in export
// through its "chartName" property and chartCsv().

#include <QImage>
#include <QStringList>
#include <QWidget>

#include <vector>

class MatrixHeatmap : public QWidget {
    Q_OBJECT
public:
    enum class Scale { Linear, Log };

    explicit MatrixHeatmap(QWidget* parent = nullptr);

    /// values[row][column]; rows may not be ragged (shorter rows are padded with NaN).
    void setMatrix(const std::vector<std::vector<double>>& values);
    /// Labels of the rows (top to bottom) and columns (left to right); missing ones are numbered
    /// from 1.
    void setRowLabels(const QStringList& labels);
    void setColumnLabels(const QStringList& labels);
    /// What the rows and columns are ("layer", "step") and what the colour means ("‖∂L/∂W‖").
    void setAxisTitles(const QString& rows, const QString& columns);
    void setValueTitle(const QString& title);
    void setTitle(const QString& title);
    /// The name of the chart's exported files and menu entries (property "chartName").
    void setChartName(const QString& name);
    /// Linear or log colour scale; the range follows the finite values (positive ones on a log
    /// scale) unless set.
    void setScale(Scale scale);
    void setRange(double low, double high);
    void clearRange();
    void clear();

    /// row, row_label, column, column_label, value (empty for NaN), for chart export.
    Q_INVOKABLE QString chartCsv() const;

    int rowCount() const { return int(m_values.size()); }
    int columnCount() const { return m_columns; }
    double value(int row, int column) const;
    Scale scale() const { return m_scale; }
    /// The colour range in use (after following the data).
    double low() const { return m_low; }
    double high() const { return m_high; }
    /// Colour of a value on the current scale and range; NaN and infinities get cellNeutral().
    QColor colourFor(double value) const;
    /// Position of a value on the scale, 0 at the bottom to 1 at the top (clamped); NaN if none.
    double scalePosition(double value) const;
    /// The cell's rectangle in widget coordinates; empty when there is no matrix.
    QRect cellRect(int row, int column) const;
    /// The tooltip at a widget position, empty outside the grid.
    QString toolTipAt(const QPoint& pos) const;

    QSize sizeHint() const override { return {520, 300}; }
    QSize minimumSizeHint() const override { return {240, 160}; }

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Geometry {
        QRectF title, grid, legend;
        QFont font, small;
        int rowStride = 1, columnStride = 1;
    };
    Geometry geometry() const;
    QString rowLabel(int row) const;
    QString columnLabel(int column) const;
    bool cellAt(const QPointF& pos, int* row, int* column) const;
    QString format(double value) const;
    void followData();
    void rebuildImage();
    void paintLabels(QPainter& painter, const Geometry& g) const;
    void paintLegend(QPainter& painter, const Geometry& g) const;

    std::vector<std::vector<double>> m_values;
    int m_columns = 0;
    QStringList m_rowLabels, m_columnLabels;
    QString m_rowTitle, m_columnTitle, m_valueTitle, m_title;
    Scale m_scale = Scale::Linear;
    bool m_fixedRange = false;
    double m_low = 0, m_high = 1;
    bool m_hasNonFinite = false, m_hasBelow = false;
    QImage m_image; ///< one pixel per cell
    int m_hoverRow = -1, m_hoverColumn = -1;
};
