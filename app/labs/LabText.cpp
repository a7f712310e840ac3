#include "app/labs/LabText.h"

#include <QLocale>

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

} // namespace labtext
