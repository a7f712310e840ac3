#pragma once
// Every colour the app draws with, derived from the application's QPalette, so that labs follow
// the desktop's light or dark scheme. Nothing outside this file names a colour: labs ask for a
// role (the main curve, a reference line, the positive class) and get the shade that reads on
// the current background.

#include <QColor>
#include <QString>

class QChart;
class QLabel;
class QPalette;
class QWidget;

namespace theme {

enum class Role {
    Accent,     ///< the main curve or bar of a chart
    Secondary,  ///< a second curve beside it (cumulative, validation)
    Tertiary,   ///< a third
    Reference,  ///< truth, chance, baselines: a muted line
    Marker,     ///< the current point (threshold, elbow, chosen step)
    Positive,   ///< the positive class / a gain
    Negative,   ///< the negative class / a loss
    Muted,      ///< a result kept for comparison, cut tokens
    Band,       ///< an uncertainty band (translucent)
};

/// True when the palette's window is dark.
bool isDark();

QColor color(Role role);
/// The n-th of a qualitative palette (Okabe-Ito, readable by colour-blind viewers), lightened on
/// dark backgrounds and deepened where a hue would stand out less than 3:1 from the background
/// (the WCAG minimum for lines and marks).
QColor series(int index);

QColor text();        ///< the palette's text colour
/// Secondary text (summaries, hints, captions): fainter than text(), still 4.5:1 on the
/// window and on the base.
QColor secondaryText();
QColor background();  ///< the palette's base (chart and table background)
QColor grid();        ///< grid lines: text blended into the background

/// A colour for a table cell that marks good (true), bad (false) or neutral (no value) values,
/// with `strength` in [0, 1], and the text colour that reads on it.
QColor cell(bool good, double strength = 1.0);
QColor cellNeutral();
QColor textOn(const QColor& background);
/// A hue deep (or light) enough for text on the background: an axis labelled in its series'
/// colour.
QColor asText(const QColor& colour);

/// A diverging scale for signed values in [-1, 1] (loadings, coefficients): blue to red through
/// the background.
QColor diverging(double value);
/// A sequential scale for values in [0, 1] (attention weights): readable on both schemes.
QColor sequential(double value);
/// Image intensity in [0, 1] as grey, black to white in every palette: a picture (an input
/// image, a digit, a feature map) is shown as it is, not recoloured.
QColor greyscale(double value);

/// `colour` blended into the background by `amount` (0: the background, 1: the colour): an
/// opaque lighter (or, on dark schemes, darker) shade, for fills and their legend swatches.
QColor tint(const QColor& colour, double amount);

/// The background blended towards the text by `amount` (0.03 to 0.1): panels, code blocks,
/// table headers, tiles; and a border for them.
QColor surface(double amount = 0.05);
QColor border();
/// Text that warns (read-only, errors, overtime), readable on the background.
QColor warning();
/// A search match's highlight behind the text.
QColor highlight();
/// The four review grades, Again, Hard, Good, Easy (0-3).
QColor grade(int index);

/// Style sheets of the "What to notice" box, the error banner, a tile and a call-out (a box
/// with an accent bar on the left).
QString noticeStyle();
QString errorStyle();
QString tileStyle();
QString calloutStyle();
/// A box that cautions (a prompt cut to the context): a warm tint, readable text.
QString cautionStyle();

/// Shows `label` in secondaryText(), following later palette changes.
void setSecondary(QLabel* label);

/// Chart background, title, legend and axes in the palette's colours (call again after axes
/// are added; ChartKit's factories do).
void applyTo(QChart* chart);
/// Re-applies the palette to every chart below `root` (after a palette change).
void applyToCharts(QWidget* root);

/// A dark or light palette for the Fusion style (--palette; the default follows the desktop).
QPalette darkPalette();
QPalette lightPalette();

/// WCAG 2 contrast ratio of two colours, from 1 to 21.
double contrastRatio(const QColor& a, const QColor& b);

} // namespace theme
