#include "app/labs/ModelPickerControl.h"

#include "app/widgets/ModelLibrary.h"
#include "app/widgets/ModelPicker.h"

#include <QFileInfo>

ModelPickerControl::ModelPickerControl(const mllab::labs::ParamSpec& spec) : ParamControl(spec)
{
    m_picker = new ModelPicker;
    m_picker->setToolTip(trParam(spec.help));
    connect(m_picker, &ModelPicker::modelChanged, this, [this] {
        m_shown = QString::fromStdString(std::get<std::string>(value()));
        Q_EMIT edited();
    });
    // After the picker reloads its list (a model was trained), show the value again: a path
    // the list does not hold would otherwise fall back to the first entry.
    connect(&ModelLibrary::instance(), &ModelLibrary::modelsChanged, this,
            [this] { showPath(m_shown); });
}

QWidget* ModelPickerControl::field() const
{
    return m_picker;
}

void ModelPickerControl::showValue(const mllab::labs::ParamValue& value)
{
    const auto* text = std::get_if<std::string>(&value);
    m_shown = text ? QString::fromStdString(*text) : QString();
    showPath(m_shown);
}

void ModelPickerControl::showPath(const QString& path)
{
    const QSignalBlocker block(m_picker);
    const QString shipped = ModelLibrary::instance().shippedPath();
    if (m_picker->selectPath(path.isEmpty() ? shipped : path))
        return;
    m_picker->addItem(QFileInfo(path).fileName(), path);
    m_picker->setItemData(m_picker->count() - 1, path, Qt::ToolTipRole);
    m_picker->setCurrentIndex(m_picker->count() - 1);
}

mllab::labs::ParamValue ModelPickerControl::value() const
{
    const QString path = m_picker->currentPath();
    return path == ModelLibrary::instance().shippedPath() ? std::string() : path.toStdString();
}
