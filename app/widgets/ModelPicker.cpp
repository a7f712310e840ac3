#include "app/widgets/ModelPicker.h"

#include "app/widgets/ModelLibrary.h"

ModelPicker::ModelPicker(QWidget* parent) : QComboBox(parent)
{
    setToolTip(tr("The language model the lab computes with"));
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(14);
    reload();
    connect(&ModelLibrary::instance(), &ModelLibrary::modelsChanged, this, &ModelPicker::reload);
    connect(this, &QComboBox::currentIndexChanged, this, [this] { Q_EMIT modelChanged(currentPath()); });
}

void ModelPicker::reload()
{
    const QString previous = currentPath();
    const QSignalBlocker block(this);
    clear();
    for (const ModelEntry& m : ModelLibrary::instance().models()) {
        // A short name keeps the narrow parameter panels readable; the tooltip has it all.
        addItem(m.shipped ? tr("Shipped tiny GPT") : m.name, m.path);
        setItemData(count() - 1, QStringLiteral("%1\n%2").arg(m.name, m.path), Qt::ToolTipRole);
    }
    const int index = findData(previous);
    setCurrentIndex(index >= 0 ? index : 0);
}

bool ModelPicker::selectPath(const QString& path)
{
    const int index = findData(path);
    if (index < 0)
        return false;
    setCurrentIndex(index);
    return true;
}
