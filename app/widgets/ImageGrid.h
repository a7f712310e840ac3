#pragma once
// A painted grid of small images: pictures in grayscale, signed maps and kernels on the theme's
// diverging scale (zero at the background colour), each scaled up with square pixels under its
// caption and its value range; small kernels print their numbers in the cells. Tiles wrap into
// rows that fit the width. A chart of its own for export: set `chartName` through
// setChartName(), and chartCsv() gives every drawn value.

#include <QList>
#include <QString>
#include <QWidget>

#include <vector>

class ImageGrid : public QWidget {
    Q_OBJECT
public:
    enum class Scale {
        Grayscale, ///< black at `low`, white at `high`
        Diverging, ///< symmetric around 0: ±max|value| at the scale's ends
    };
    struct Tile {
        QString caption;
        int rows = 0, columns = 0;
        std::vector<double> values; ///< row-major
        Scale scale = Scale::Grayscale;
        double low = 0, high = 1; ///< Grayscale: the range shown black to white
        bool printValues = false; ///< write each value in its cell when cells are large enough
    };

    explicit ImageGrid(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    /// The stable id used for exported files (the `chartName` property).
    void setChartName(const QString& name);
    void setTiles(const QList<Tile>& tiles);
    /// Largest side of a tile in pixels (smaller tiles share the row).
    void setMaximumTileSide(int side);
    const QList<Tile>& tiles() const { return m_tiles; }

    /// tile,caption,row,column,value for every drawn value, for chart export.
    Q_INVOKABLE QString chartCsv() const;

    /// The tooltip at a widget position: the tile, the cell and its exact value; empty elsewhere.
    QString toolTipAt(const QPoint& pos) const;

    /// Colour of one value of a tile (the same colour the grid paints).
    static QColor colourFor(const Tile& tile, double value);

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Layout {
        int perRow = 1;
        int side = 0; ///< tile side in pixels
        int titleHeight = 0;
        int captionHeight = 0;
        int rows = 0;
        int height = 0;
    };
    Layout layoutFor(int width) const;
    /// Where tile i's pixels are drawn, and the side of one of them.
    QRectF tileArea(const Layout& layout, int index, double* cell) const;

    QString m_title;
    QList<Tile> m_tiles;
    int m_maxSide = 200;
};
