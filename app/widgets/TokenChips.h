#pragma once
// Tokens as coloured chips that wrap like text. The same token always gets the same colour (by
// id, or by its text when no ids are given), so repeated pieces stand out. Painted, not one
// widget per chip, so a few thousand tokens stay cheap; beyond `maxChips` a note says how many
// more there are.

#include <QList>
#include <QStringList>
#include <QWidget>

class TokenChips : public QWidget {
    Q_OBJECT
public:
    explicit TokenChips(QWidget* parent = nullptr);

    /// `ids` may be empty (colours then follow the text) or one per piece.
    void setTokens(const QStringList& pieces, const QList<int>& ids = {});
    void setPlaceholder(const QString& text);
    /// Outlines every chip whose text is `piece` (e.g. the token the last merge made).
    void setHighlight(const QString& piece);
    /// Explicit fills (one per piece) instead of the colour by id, and chips whose text is struck
    /// through (e.g. a rejected draft token); call after setTokens(), which clears both.
    void setChipStyles(const QList<QColor>& fills, const QList<bool>& struck = {});

    const QStringList& pieces() const { return m_pieces; }
    /// Index of the chip under `pos`, or -1.
    int chipAt(const QPoint& pos) const;
    /// Background colour of chip `index` (for tests and legends).
    QColor chipColour(int index) const;

    static constexpr int maxChips = 3000;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;

private:
    QList<QRect> layoutChips(int width, int* height) const;
    int shownCount() const;

    QStringList m_pieces;
    QList<int> m_ids;
    QString m_placeholder;
    QString m_highlight;
    QList<QColor> m_fills;
    QList<bool> m_struck;
    QList<int> m_widths;  ///< natural chip widths, measured once per setTokens()
    QList<QRect> m_rects; ///< chip rectangles for the current width
};
