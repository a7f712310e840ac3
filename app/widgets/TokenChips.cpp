#include "app/widgets/TokenChips.h"

#include "app/charts/Theme.h"

#include <QEvent>
#include <QHash>
#include <QHelpEvent>
#include <QPainter>
#include <QPaintEvent>
#include <QToolTip>

namespace {

constexpr int kPadX = 5;
constexpr int kPadY = 3;
constexpr int kGapX = 3;
constexpr int kGapY = 4;

constexpr int kColours = 8; // the theme's qualitative palette

/// A chip's fill: a palette colour tinted towards the background, so text stays readable and a
/// page of chips does not shout (light and dark palettes alike).
QColor tint(int index)
{
    return theme::tint(theme::series(index), 0.4);
}

} // namespace

TokenChips::TokenChips(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setMouseTracking(true);
    QFont larger = font(); // chips are read from across a classroom
    larger.setPointSizeF(larger.pointSizeF() * 1.1);
    setFont(larger);
}

void TokenChips::setTokens(const QStringList& pieces, const QList<int>& ids)
{
    m_pieces = pieces;
    m_ids = ids.size() == pieces.size() ? ids : QList<int>();
    m_fills.clear();
    m_struck.clear();
    const QFontMetrics fm(font());
    m_widths.clear();
    for (int i = 0; i < shownCount(); ++i)
        m_widths.append(fm.horizontalAdvance(m_pieces[i]) + 2 * kPadX + 2);
    int height = 0;
    m_rects = layoutChips(width(), &height);
    updateGeometry();
    update();
}

void TokenChips::setPlaceholder(const QString& text)
{
    m_placeholder = text;
    update();
}

void TokenChips::setChipStyles(const QList<QColor>& fills, const QList<bool>& struck)
{
    m_fills = fills.size() == m_pieces.size() ? fills : QList<QColor>();
    m_struck = struck.size() == m_pieces.size() ? struck : QList<bool>();
    update();
}

void TokenChips::setHighlight(const QString& piece)
{
    m_highlight = piece;
    update();
}

int TokenChips::shownCount() const
{
    return int(std::min<qsizetype>(m_pieces.size(), maxChips));
}

QColor TokenChips::chipColour(int index) const
{
    if (!m_fills.isEmpty())
        return m_fills.value(index);
    const uint key = m_ids.isEmpty() ? qHash(m_pieces.value(index)) : uint(m_ids.value(index));
    return tint(int(key % kColours));
}

QList<QRect> TokenChips::layoutChips(int width, int* height) const
{
    const QFontMetrics fm(font());
    const int chipHeight = fm.height() + 2 * kPadY;
    const int usable = std::max(width, 40);
    QList<QRect> rects;
    int x = 0, y = 0;
    for (int i = 0; i < shownCount(); ++i) {
        const int w = std::min(usable, m_widths.value(i));
        if (x > 0 && x + w > usable) {
            x = 0;
            y += chipHeight + kGapY;
        }
        rects.append(QRect(x, y, w, chipHeight));
        x += w + kGapX;
    }
    int total = rects.isEmpty() ? chipHeight : y + chipHeight;
    if (m_pieces.size() > shownCount())
        total += fm.height() + kGapY;
    *height = total + 2;
    return rects;
}

int TokenChips::heightForWidth(int width) const
{
    int height = 0;
    layoutChips(width, &height);
    return height;
}

QSize TokenChips::sizeHint() const
{
    return {300, heightForWidth(std::max(width(), 300))};
}

QSize TokenChips::minimumSizeHint() const
{
    return {80, QFontMetrics(font()).height() + 2 * kPadY};
}

void TokenChips::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    int height = 0;
    m_rects = layoutChips(width(), &height);
}

int TokenChips::chipAt(const QPoint& pos) const
{
    for (int i = 0; i < m_rects.size(); ++i)
        if (m_rects[i].contains(pos))
            return i;
    return -1;
}

void TokenChips::paintEvent(QPaintEvent* event)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    if (m_pieces.isEmpty()) {
        painter.setPen(theme::secondaryText());
        painter.drawText(rect(), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, m_placeholder);
        return;
    }
    const QFontMetrics fm(font());
    for (int i = 0; i < m_rects.size(); ++i) {
        if (!event->rect().intersects(m_rects[i]))
            continue; // in a scroll area most chips are out of view
        const QRectF r = QRectF(m_rects[i]).adjusted(0.5, 0.5, -0.5, -0.5);
        const QColor fill = chipColour(i);
        const bool highlighted = !m_highlight.isEmpty() && m_pieces[i] == m_highlight;
        const QColor text = theme::textOn(fill);
        painter.setPen(highlighted ? QPen(text, 2) : QPen(fill.darker(135), 1));
        painter.setBrush(fill);
        painter.drawRoundedRect(r, 4, 4);
        painter.setPen(text);
        if (m_struck.value(i)) {
            const int w =
                std::min(m_rects[i].width() - 2 * kPadX, fm.horizontalAdvance(m_pieces[i]));
            const QPointF c = r.center();
            painter.setPen(QPen(text, 1.5));
            painter.drawLine(QPointF(c.x() - w / 2.0 - 1, c.y()),
                             QPointF(c.x() + w / 2.0 + 1, c.y()));
        }
        // Elide only chips cut to the line width: elidedText measures fallback glyphs (␣)
        // slightly wider than horizontalAdvance and would elide chips that fit.
        const bool cut = m_rects[i].width() < m_widths.value(i);
        painter.drawText(
            m_rects[i].adjusted(kPadX - 2, 0, -kPadX + 2, 0), Qt::AlignCenter,
            cut ? fm.elidedText(m_pieces[i], Qt::ElideRight, m_rects[i].width() - 2 * kPadX)
                : m_pieces[i]);
    }
    if (m_pieces.size() > shownCount()) {
        const int y = m_rects.isEmpty() ? 0 : m_rects.last().bottom() + kGapY;
        painter.setPen(theme::secondaryText());
        painter.drawText(
            QRect(0, y, width(), QFontMetrics(font()).height()), Qt::AlignLeft,
            tr("… and %n more token(s)", nullptr, int(m_pieces.size() - shownCount())));
    }
}

bool TokenChips::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int i = chipAt(help->pos());
        if (i < 0) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        QString tip = tr("token %1 of %2: %3").arg(i + 1).arg(m_pieces.size()).arg(m_pieces[i]);
        if (!m_ids.isEmpty())
            tip += tr(" (id %1)").arg(m_ids[i]);
        QToolTip::showText(help->globalPos(), tip, this);
        return true;
    }
    return QWidget::event(event);
}
