#include "app/widgets/ModelLibrary.h"

#include "engine/lm/model.h"
#include "engine/datapaths.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QMutex>
#include <QRegularExpression>
#include <QStandardPaths>

#include <map>

ModelLibrary& ModelLibrary::instance()
{
    static ModelLibrary library;
    return library;
}

QString ModelLibrary::shippedPath() const
{
    return QString::fromStdString(mllab::shippedModelPath());
}

QString ModelLibrary::userModelsFolder() const
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/models");
}

QList<ModelEntry> ModelLibrary::models() const
{
    QList<ModelEntry> out;
    out.append({tr("Shipped: tiny GPT trained on the question bank"), shippedPath(), true});
    QFileInfoList files = QDir(userModelsFolder()).entryInfoList({QStringLiteral("*.safetensors")}, QDir::Files,
                                                                 QDir::Time);
    for (const QFileInfo& f : files)
        out.append({f.completeBaseName(), f.absoluteFilePath(), false});
    return out;
}

QString ModelLibrary::pathForNewModel(const QString& name) const
{
    QString base = name;
    base.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]+")), QStringLiteral("-"));
    if (base.isEmpty())
        base = QStringLiteral("model");
    QDir().mkpath(userModelsFolder());
    QString path = userModelsFolder() + QLatin1Char('/') + base + QStringLiteral(".safetensors");
    for (int i = 2; QFileInfo::exists(path); ++i)
        path = userModelsFolder() + QLatin1Char('/') + base + QStringLiteral("-%1.safetensors").arg(i);
    return path;
}

std::shared_ptr<mllab::LanguageModel> ModelLibrary::load(const QString& path)
{
    static QMutex mutex;
    static std::map<QString, std::pair<QDateTime, std::shared_ptr<mllab::LanguageModel>>> cache;
    const QDateTime modified = QFileInfo(path).lastModified();
    {
        QMutexLocker lock(&mutex);
        const auto it = cache.find(path);
        if (it != cache.end() && it->second.first == modified)
            return it->second.second;
    }
    auto model = mllab::LanguageModel::load(path.toStdString());  // slow part, outside the lock
    QMutexLocker lock(&mutex);
    cache[path] = {modified, model};
    return model;
}
