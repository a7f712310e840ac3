#pragma once
// An attention map as a heatmap: query tokens down the left, key tokens along the top, colour by
// weight (√ scale so small weights stay visible) with a legend, the causal mask hatched, and the
// exact weight in a tooltip. The compact form (for small multiples) drops labels and legend.

#include <QImage>
#include <QStringList>
#include <QWidget>

#include <vector>

class AttentionHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit AttentionHeatmap(bool compact = false, QWidget* parent = nullptr);

    /// rows[query][key], zero above the diagonal; `tokens` label both axes.
    void setMap(const std::vector<std::vector<float>>& rows, const QStringList& tokens);
    void setTitle(const QString& title);
    /// Cells below the diagonal that a padding mask hides, [query][key] (empty: none); they are
    /// cross-hatched in another colour and their tooltip names the padding mask. Set after setMap.
    void setPaddingMask(const std::vector<std::vector<bool>>& masked);
    bool paddingMasked(int query, int key) const;
    /// The drawn weights as CSV (query, query_token, key, key_token, weight), for chart export.
    Q_INVOKABLE QString chartCsv() const;
    void setSelected(bool selected);
    void clear();

    const std::vector<std::vector<float>>& map() const { return m_rows; }
    int tokenCount() const { return int(m_rows.size()); }
    /// Cell of (query, key) in widget coordinates; empty when there is no map.
    QRect cellRect(int query, int key) const;
    /// The tooltip text at a widget position, empty outside the grid.
    QString toolTipAt(const QPoint& pos) const;

    /// Colour of a weight in [0, 1] on the √ scale.
    static QColor colourFor(double weight);

    /// Thumbnails are square grids under their title, so a grid of them packs at the top.
    bool hasHeightForWidth() const override { return m_compact; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void clicked();

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    struct Geometry {
        QRectF grid;         ///< the n x n cells
        double cell = 0;     ///< cell side in pixels
        int labelStride = 1; ///< label every k-th token when cells are small
        QFont font;
        QRectF legend; ///< the colour bar
        QRectF title;
    };
    Geometry geometry() const;
    QString label(int index) const;
    bool cellAt(const QPointF& pos, int* query, int* key) const;
    void paintLabels(QPainter& painter, const Geometry& g) const;
    void paintLegend(QPainter& painter, const Geometry& g) const;
    void paintMask(QPainter& painter, const Geometry& g) const;
    /// m_image blown up to `size` (nearest cell), cached: hover repaints only blit it.
    const QImage& scaledImage(const QSize& size) const;

    bool m_compact;
    bool m_selected = false;
    std::vector<std::vector<float>> m_rows;
    std::vector<std::vector<bool>> m_paddingMask;
    QStringList m_tokens;
    QString m_title;
    QImage m_image; ///< one pixel per cell
    mutable QImage m_scaled;
    int m_hoverQuery = -1;
    int m_hoverKey = -1;
};
