#include "app/charts/Theme.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QLabel>
#include <QLegend>
#include <QPalette>
#include <QWidget>

#include <algorithm>
#include <cmath>

namespace theme {

namespace {

QPalette palette()
{
    return QApplication::palette();
}

/// `a` blended towards `b` by t in [0, 1].
QColor mix(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t),
                            float(a.alphaF() + (b.alphaF() - a.alphaF()) * t));
}

double luminance(const QColor& c)
{
    auto channel = [](double v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

/// `c` moved away from `backdrop` (towards black or white) until their contrast reaches `ratio`.
QColor standingOut(const QColor& c, const QColor& backdrop, double ratio)
{
    const QColor away = luminance(backdrop) > 0.18 ? QColor(Qt::black) : QColor(Qt::white);
    QColor out = c;
    for (double t = 0.05; contrastRatio(out, backdrop) < ratio && t <= 1.0; t += 0.05)
        out = mix(c, away, t);
    return out;
}

/// Re-styles a secondary label when the palette changes.
class SecondaryFollower : public QObject {
public:
    using QObject::QObject;
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::PaletteChange ||
            event->type() == QEvent::ApplicationPaletteChange)
            restyle(static_cast<QLabel*>(watched));
        return false;
    }
    static void restyle(QLabel* label)
    {
        const QString style = QStringLiteral("color: %1;").arg(secondaryText().name());
        if (label->styleSheet() != style) // setting it sends another PaletteChange
            label->setStyleSheet(style);
    }
};

// Okabe and Ito's eight colours, darker first for light backgrounds.
const QColor kOkabeIto[] = {QColor(0, 114, 178),   QColor(213, 94, 0),   QColor(0, 158, 115),
                            QColor(204, 121, 167), QColor(230, 159, 0),  QColor(86, 180, 233),
                            QColor(120, 120, 120), QColor(240, 228, 66)};

} // namespace

bool isDark()
{
    return palette().color(QPalette::Window).lightnessF() < 0.5;
}

QColor text()
{
    return palette().color(QPalette::Text);
}

QColor background()
{
    return palette().color(QPalette::Base);
}

QColor secondaryText()
{
    const QColor window = palette().color(QPalette::Window);
    const QColor faint = mix(window, palette().color(QPalette::WindowText), 0.7);
    // The darker of window and base decides on a light scheme, the lighter on a dark one.
    const QColor backdrop = contrastRatio(faint, window) < contrastRatio(faint, background())
                                ? window
                                : background();
    return standingOut(faint, backdrop, 4.6);
}

void setSecondary(QLabel* label)
{
    static SecondaryFollower* follower = new SecondaryFollower(qApp);
    SecondaryFollower::restyle(label);
    label->installEventFilter(follower);
}

QColor grid()
{
    return mix(background(), text(), 0.18);
}

QColor series(int index)
{
    const QColor c = kOkabeIto[((index % 8) + 8) % 8];
    // On a dark background the darker hues lose contrast: lift them towards white.
    return standingOut(isDark() ? mix(c, Qt::white, 0.25) : c, background(), 3.0);
}

QColor color(Role role)
{
    switch (role) {
    case Role::Accent: return series(0);
    case Role::Secondary: return series(1);
    case Role::Tertiary: return series(2);
    case Role::Reference: return mix(background(), text(), 0.55);
    case Role::Marker: return isDark() ? QColor(255, 110, 100) : QColor(200, 30, 30);
    case Role::Positive: return series(1);
    case Role::Negative: return series(0);
    case Role::Muted: return mix(background(), text(), 0.35);
    case Role::Band: {
        QColor c = series(0);
        c.setAlpha(isDark() ? 80 : 60);
        return c;
    }
    }
    return text();
}

QColor cell(bool good, double strength)
{
    const QColor hue = good ? QColor(0, 158, 115) : QColor(213, 94, 0);
    return mix(background(), hue, 0.12 + 0.3 * std::clamp(strength, 0.0, 1.0));
}

QColor cellNeutral()
{
    return mix(background(), text(), 0.06);
}

QColor textOn(const QColor& backgroundColor)
{
    // Black or white, whichever contrasts more: at least 4.58:1 on any background.
    const QColor black(Qt::black), white(Qt::white);
    return contrastRatio(black, backgroundColor) >= contrastRatio(white, backgroundColor) ? black
                                                                                          : white;
}

QColor asText(const QColor& colour)
{
    return standingOut(colour, background(), 4.6);
}

QColor diverging(double value)
{
    const double v = std::clamp(value, -1.0, 1.0);
    const QColor hue = v >= 0 ? QColor(33, 102, 172) : QColor(178, 24, 43);
    return mix(background(), hue, std::abs(v) * 0.6);
}

QColor greyscale(double value)
{
    const int g = int(std::lround(255 * std::clamp(value, 0.0, 1.0)));
    return QColor(g, g, g);
}

QColor sequential(double value)
{
    // From the background to a saturated blue (light scheme) or amber (dark scheme).
    const QColor hot = isDark() ? QColor(255, 196, 61) : QColor(8, 48, 107);
    return mix(background(), hot, std::clamp(value, 0.0, 1.0));
}

QColor tint(const QColor& colour, double amount)
{
    return mix(background(), colour, amount);
}

QColor surface(double amount)
{
    return mix(background(), text(), amount);
}

QColor border()
{
    return mix(background(), text(), 0.2);
}

QColor warning()
{
    return isDark() ? QColor(255, 138, 128) : QColor(192, 57, 43);
}

QColor highlight()
{
    return isDark() ? QColor(122, 100, 0) : QColor(255, 224, 102);
}

QColor grade(int index)
{
    const QColor light[4] = {QColor(192, 57, 43), QColor(150, 90, 0), QColor(30, 132, 73),
                             QColor(40, 116, 166)};
    const QColor c = light[std::clamp(index, 0, 3)];
    return isDark() ? mix(c, Qt::white, 0.35) : c;
}

QString tileStyle()
{
    return QStringLiteral("QLabel { background: %1; color: %2; border: 1px solid %3;"
                          " border-radius: 6px; padding: 6px; }")
        .arg(surface(0.04).name(), text().name(), border().name());
}

QString calloutStyle()
{
    return QStringLiteral("QLabel { background: %1; color: %2; border-left: 4px solid %3;"
                          " padding: 8px; }")
        .arg(mix(background(), series(0), 0.1).name(), text().name(), series(0).name());
}

QString cautionStyle()
{
    const QColor bg = cell(false, 0.15);
    return QStringLiteral("QLabel { background: %1; color: %2; border: 1px solid %3;"
                          " border-radius: 4px; padding: 4px; }")
        .arg(bg.name(), textOn(bg).name(), cell(false, 0.8).name());
}

QString noticeStyle()
{
    const QColor bg = mix(background(), series(0), 0.10);
    const QColor border = mix(background(), series(0), 0.35);
    return QStringLiteral("QLabel { background: %1; color: %2; border: 1px solid %3;"
                          " border-radius: 4px; padding: 6px; }")
        .arg(bg.name(), textOn(bg).name(), border.name());
}

QString errorStyle()
{
    const QColor hue(200, 40, 30);
    const QColor bg = mix(background(), hue, 0.14);
    const QColor border = mix(background(), hue, 0.4);
    const QColor fg = isDark() ? QColor(255, 190, 180) : QColor(138, 28, 18);
    return QStringLiteral("QLabel { background: %1; color: %2; border: 1px solid %3;"
                          " border-radius: 4px; padding: 6px; }")
        .arg(bg.name(), fg.name(), border.name());
}

void applyTo(QChart* chart)
{
    chart->setBackgroundBrush(background());
    chart->setBackgroundPen(QPen(grid()));
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(text());
    chart->legend()->setLabelColor(text());
    for (QAbstractAxis* axis : chart->axes()) {
        axis->setLabelsColor(text());
        axis->setTitleBrush(text());
        axis->setGridLineColor(grid());
        axis->setMinorGridLineColor(mix(background(), text(), 0.08));
        axis->setLinePenColor(mix(background(), text(), 0.45));
    }
}

void applyToCharts(QWidget* root)
{
    for (QChartView* view : root->findChildren<QChartView*>())
        if (view->chart())
            applyTo(view->chart());
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(45, 45, 48), base(30, 30, 32), text(230, 230, 230), button(58, 58, 62);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, button);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(150, 150, 150));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(42, 130, 218));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(110, 170, 255));
    p.setColor(QPalette::LinkVisited, QColor(170, 140, 255));
    p.setColor(QPalette::Dark, QColor(160, 160, 160));
    p.setColor(QPalette::Mid, QColor(90, 90, 90));
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(120, 120, 120));
    return p;
}

QPalette lightPalette()
{
    QPalette p(QColor(239, 239, 239));
    // Qt derives a half-transparent placeholder (about 3.5:1 on white); keep hints readable.
    p.setColor(QPalette::PlaceholderText, QColor(112, 112, 112));
    return p;
}

double contrastRatio(const QColor& a, const QColor& b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace theme
