#pragma once
// The language models the labs can use: the shipped checkpoint first, then the models trained in
// the app (AppDataLocation/models/*.safetensors), newest first. load() is thread-safe and keeps
// loaded models in memory (keyed by path and modification time), so jobs share one copy.

#include <QList>
#include <QObject>
#include <QString>

#include <memory>

namespace mllab {
class LanguageModel;
}

struct ModelEntry {
    QString name;   ///< shown in pickers
    QString path;
    bool shipped = false;
};

class ModelLibrary : public QObject {
    Q_OBJECT
public:
    static ModelLibrary& instance();

    QList<ModelEntry> models() const;
    QString userModelsFolder() const;
    QString shippedPath() const;
    /// A free file name in the user folder for a new model called `name`.
    QString pathForNewModel(const QString& name) const;

    /// Loads (or returns the cached) model; throws mllab::InputError. Callable from any thread.
    static std::shared_ptr<mllab::LanguageModel> load(const QString& path);

    /// Tells pickers that the list changed (after training saved a model).
    void notifyChanged() { Q_EMIT modelsChanged(); }

Q_SIGNALS:
    void modelsChanged();

private:
    ModelLibrary() = default;
};
