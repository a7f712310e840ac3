#include "app/widgets/ResultTable.h"

#include <QHeaderView>
#include <QTableWidget>

#include <algorithm>

namespace widgets {

QTableWidget* makeResultTable(const QStringList& headers, int stretchColumn)
{
    auto* table = new QTableWidget(0, int(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    QHeaderView* header = table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    if (stretchColumn >= 0 && stretchColumn < headers.size())
        header->setSectionResizeMode(stretchColumn, QHeaderView::Stretch);
    else
        header->setStretchLastSection(true);
    return table;
}

void setRow(QTableWidget* table, int row, const QStringList& cells,
            std::initializer_list<int> textColumns)
{
    for (int column = 0; column < cells.size(); ++column) {
        auto* item = new QTableWidgetItem(cells[column]);
        const bool text =
            std::find(textColumns.begin(), textColumns.end(), column) != textColumns.end();
        item->setTextAlignment((text ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
        table->setItem(row, column, item);
    }
}

} // namespace widgets
