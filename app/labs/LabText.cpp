#include "app/labs/LabText.h"

#include <QLocale>

#include <cmath>

namespace labtext {

QString fixed(double value, int decimals)
{
    return QLocale().toString(value, 'f', decimals);
}

QString significant(double value, int digits)
{
    return QLocale().toString(value, 'g', digits);
}

QString count(long long n)
{
    return QLocale().toString(n);
}

QString bytes(double value)
{
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    while (std::abs(value) >= 1024 && unit < 4) {
        value /= 1024;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(significant(value, 3), QLatin1String(units[unit]));
}

QString percent(double share, int decimals)
{
    return QLocale().toString(100.0 * share, 'f', decimals) + QLocale().percent();
}

QString csvField(const QString& text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString csvRow(const QStringList& fields)
{
    return fields.join(QLatin1Char(',')) + QLatin1Char('\n');
}

QString exact(double value, int digits)
{
    return QString::number(value, 'g', digits);
}

QString html(const std::string& text)
{
    return QString::fromStdString(text).toHtmlEscaped();
}

QStringList strings(const std::vector<std::string>& texts)
{
    QStringList out;
    out.reserve(qsizetype(texts.size()));
    for (const auto& text : texts)
        out << QString::fromStdString(text);
    return out;
}

} // namespace labtext
