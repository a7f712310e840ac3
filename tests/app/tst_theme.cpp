// Colours readable on the light and the dark palette (WCAG 2): text at least 4.5:1 on what it
// sits on, chart lines and marks at least 3:1 on the chart. First the theme's own colours and
// styles, then every lab, computed and rendered under each palette: its style sheets, its table
// cells and its charts' titles, axes and legends.
#include "app/charts/Theme.h"
#include "app/jobs/JobRunner.h"
#include "app/labs/LabView.h"
#include "engine/labs/registry.h"
#include "tests/support/labview.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLegend>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStyle>
#include <QTableWidget>
#include <QTest>

#include <memory>

namespace {

constexpr double kText = 4.5;    // WCAG 1.4.3, normal text
constexpr double kGraphic = 3.0; // WCAG 1.4.11, lines, marks and controls

QPalette paletteNamed(const QString& name)
{
    return name == QLatin1String("dark") ? theme::darkPalette() : theme::lightPalette();
}

QString describe(const QColor& a, const QColor& b)
{
    return QStringLiteral("%1 on %2: %3:1")
        .arg(a.name(), b.name())
        .arg(theme::contrastRatio(a, b), 0, 'f', 2);
}

/// The text and background colours a style sheet sets, if it sets both.
bool styleColours(const QString& style, QColor* foreground, QColor* background)
{
    static const QRegularExpression bg(QStringLiteral("background(?:-color)?:\\s*(#[0-9a-fA-F]{6})"));
    static const QRegularExpression fg(QStringLiteral("(?:^|[;{\\s])color:\\s*(#[0-9a-fA-F]{6})"));
    const auto b = bg.match(style);
    const auto f = fg.match(style);
    if (!b.hasMatch() || !f.hasMatch())
        return false;
    *background = QColor(b.captured(1));
    *foreground = QColor(f.captured(1));
    return true;
}

#define VERIFY_CONTRAST(a, b, least, what)                                                      \
    QVERIFY2(theme::contrastRatio(a, b) >= (least),                                            \
             qPrintable(QStringLiteral("%1: %2").arg(what, describe(a, b))))

} // namespace

class TestTheme : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QApplication::setStyle(QStringLiteral("Fusion"));
    }

    void cleanup()
    {
        QApplication::setPalette(theme::lightPalette());
    }

    void themeColoursAreReadable_data()
    {
        QTest::addColumn<QString>("palette");
        QTest::newRow("light") << QStringLiteral("light");
        QTest::newRow("dark") << QStringLiteral("dark");
    }

    void themeColoursAreReadable()
    {
        QFETCH(QString, palette);
        const QPalette p = paletteNamed(palette);
        QApplication::setPalette(p);
        const QColor base = theme::background();
        const QColor window = p.color(QPalette::Window);

        VERIFY_CONTRAST(theme::text(), base, kText, QStringLiteral("text"));
        VERIFY_CONTRAST(p.color(QPalette::WindowText), window, kText, QStringLiteral("window text"));
        VERIFY_CONTRAST(p.color(QPalette::PlaceholderText), base, kText, QStringLiteral("placeholder"));
        VERIFY_CONTRAST(theme::secondaryText(), window, kText, QStringLiteral("secondary on window"));
        VERIFY_CONTRAST(theme::secondaryText(), base, kText, QStringLiteral("secondary on base"));
        VERIFY_CONTRAST(theme::warning(), window, kText, QStringLiteral("warning on window"));
        VERIFY_CONTRAST(theme::warning(), base, kText, QStringLiteral("warning on base"));
        VERIFY_CONTRAST(theme::text(), theme::highlight(), kText, QStringLiteral("search match"));
        VERIFY_CONTRAST(theme::text(), theme::surface(0.1), kText, QStringLiteral("surface"));

        for (int i = 0; i < 8; ++i)
            VERIFY_CONTRAST(theme::series(i), base, kGraphic, QStringLiteral("series %1").arg(i));
        using theme::Role;
        for (Role role : {Role::Accent, Role::Secondary, Role::Tertiary, Role::Reference,
                          Role::Marker, Role::Positive, Role::Negative})
            VERIFY_CONTRAST(theme::color(role), base, kGraphic,
                            QStringLiteral("role %1").arg(int(role)));

        for (int step = 0; step <= 10; ++step) {
            const double s = step / 10.0;
            for (const QColor& cell : {theme::cell(true, s), theme::cell(false, s),
                                       theme::diverging(s), theme::diverging(-s),
                                       theme::sequential(s)})
                VERIFY_CONTRAST(theme::textOn(cell), cell, kText, QStringLiteral("cell %1").arg(s));
        }
        VERIFY_CONTRAST(theme::textOn(theme::cellNeutral()), theme::cellNeutral(), kText,
                        QStringLiteral("neutral cell"));
        for (int g = 0; g < 4; ++g)
            VERIFY_CONTRAST(theme::textOn(theme::grade(g)), theme::grade(g), kText,
                            QStringLiteral("grade %1").arg(g));

        for (const QString& style : {theme::noticeStyle(), theme::errorStyle(), theme::tileStyle(),
                                     theme::calloutStyle(), theme::cautionStyle()}) {
            QColor fg, bg;
            QVERIFY2(styleColours(style, &fg, &bg), qPrintable(style));
            VERIFY_CONTRAST(fg, bg, kText, style);
        }
    }

    void secondaryLabelsFollowThePalette()
    {
        QApplication::setPalette(theme::lightPalette());
        QLabel label(QStringLiteral("a hint"));
        theme::setSecondary(&label);
        const QString light = label.styleSheet();
        QApplication::setPalette(theme::darkPalette());
        QCoreApplication::processEvents();
        QVERIFY(label.styleSheet() != light);
        QVERIFY(label.styleSheet().contains(theme::secondaryText().name()));
    }

    void everyLabIsReadable_data()
    {
        QTest::addColumn<QString>("palette");
        QTest::addColumn<QString>("lab");
        for (const QString& palette : {QStringLiteral("light"), QStringLiteral("dark")})
            for (const auto* spec : mllab::labs::allLabSpecs())
                QTest::newRow(qPrintable(palette + QLatin1Char('/') +
                                         QString::fromStdString(spec->id)))
                    << palette << QString::fromStdString(spec->id);
    }

    void everyLabIsReadable()
    {
        // Each lab computes under the palette; whatever it then shows is checked.
        QFETCH(QString, palette);
        QFETCH(QString, lab);
        QApplication::setPalette(paletteNamed(palette));
        JobRunner jobs;
        const std::unique_ptr<LabView> view = labtest::openLab(lab, &jobs);
        QSignalSpy shown(view.get(), &LabView::resultShown);
        view->refresh();
        // A lab that waits for a button (training) shows its empty state: checked as it is.
        QVERIFY(labtest::waitForFirstResult(jobs, shown));
        QTest::qWait(50);
        QVERIFY2(shown.count() > 0 || lab == QLatin1String("lm-training"), "nothing computed");
        QCOMPARE(view->errorText(), QString());

        for (QLabel* label : view->findChildren<QLabel*>()) {
            QColor fg, bg;
            if (styleColours(label->styleSheet(), &fg, &bg))
                VERIFY_CONTRAST(fg, bg, kText, label->text().left(40));
        }
        for (QTableWidget* table : view->findChildren<QTableWidget*>())
            for (int r = 0; r < table->rowCount(); ++r)
                for (int c = 0; c < table->columnCount(); ++c) {
                    const QTableWidgetItem* item = table->item(r, c);
                    if (!item || item->background().style() == Qt::NoBrush)
                        continue;
                    const QColor fg = item->foreground().style() == Qt::NoBrush
                                          ? table->palette().color(QPalette::Text)
                                          : item->foreground().color();
                    VERIFY_CONTRAST(fg, item->background().color(), kText, item->text());
                }
        for (QChartView* chartView : view->findChildren<QChartView*>()) {
            QChart* chart = chartView->chart();
            const QColor bg = chart->backgroundBrush().color();
            VERIFY_CONTRAST(chart->titleBrush().color(), bg, kText, chart->title());
            VERIFY_CONTRAST(chart->legend()->labelColor(), bg, kText, chart->title());
            for (QAbstractAxis* axis : chart->axes()) {
                VERIFY_CONTRAST(axis->labelsColor(), bg, kText, axis->titleText());
                VERIFY_CONTRAST(axis->titleBrush().color(), bg, kText, axis->titleText());
            }
        }
        jobs.cancelAll();
    }
};

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
