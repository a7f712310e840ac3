#pragma once

#include <QStringList>

#include <initializer_list>

class QTableWidget;

namespace widgets {

/// A read-only table of computed results: no row header, whole-row selection, columns sized to
/// their contents, compact rows. stretchColumn (if >= 0) takes the width that is left.
QTableWidget* makeResultTable(const QStringList& headers, int stretchColumn = -1);

/// Fills one row: numbers right-aligned, the columns listed in textColumns left-aligned.
void setRow(QTableWidget* table, int row, const QStringList& cells,
            std::initializer_list<int> textColumns = {});

} // namespace widgets
