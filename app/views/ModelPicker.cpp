#include "app/views/ModelPicker.h"

#include "app/models/ModelLibrary.h"

ModelPicker::ModelPicker(QWidget* parent) : QComboBox(parent)
{
    setToolTip(tr("The language model the lab computes with"));
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(16);
    reload();
    connect(&ModelLibrary::instance(), &ModelLibrary::modelsChanged, this, &ModelPicker::reload);
    connect(this, &QComboBox::currentIndexChanged, this, [this] { Q_EMIT modelChanged(currentPath()); });
}

void ModelPicker::reload()
{
    const QString previous = currentPath();
    const QSignalBlocker block(this);
    clear();
    for (const ModelEntry& m : ModelLibrary::instance().models())
        addItem(m.name, m.path);
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
