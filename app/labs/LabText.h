#pragma once
// How labs write numbers in notices, tables and exports: in the user's locale where people read
// them, and CSV fields quoted the same way everywhere.

#include <QString>
#include <QStringList>

#include <string>
#include <vector>

namespace labtext {

/// A fixed number of decimals: "0.857".
QString fixed(double value, int decimals);
/// A number of significant digits, for values spanning decades: "0.00483", "1.2e+03".
QString significant(double value, int digits = 3);
/// A count with the locale's digit grouping: "27,008".
QString count(long long n);
/// Bytes in binary units with three significant digits: "128 KiB", "7.18 MiB", "15 GiB".
QString bytes(double value);
/// A share as a percentage: "21.5%" (0.215 with one decimal).
QString percent(double share, int decimals = 1);
/// A CSV field in double quotes, inner quotes doubled (token text may hold commas).
QString csvField(const QString& text);
/// One CSV line: the fields joined by commas, then a newline.
QString csvRow(const QStringList& fields);
/// A number for export: full precision, C locale ("0.123456789").
QString exact(double value, int digits = 9);
/// Engine text for rich-text labels, with <, > and & escaped.
QString html(const std::string& text);
/// Engine strings as a QStringList.
QStringList strings(const std::vector<std::string>& texts);

} // namespace labtext
