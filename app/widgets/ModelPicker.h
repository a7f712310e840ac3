#pragma once
// A combo box of the language models in ModelLibrary; follows the library's changes and keeps
// the current choice when it still exists.

#include <QComboBox>

class ModelPicker : public QComboBox {
    Q_OBJECT
public:
    explicit ModelPicker(QWidget* parent = nullptr);
    QString currentPath() const { return currentData().toString(); }
    bool selectPath(const QString& path);

Q_SIGNALS:
    void modelChanged(const QString& path);

private:
    void reload();
};
