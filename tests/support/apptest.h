#pragma once
// Helpers for app tests that run the mllab executable (MLLAB_BINARY) offscreen: its exit code
// and output, and a check that a rendered screenshot is not blank.

#include <QImage>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSet>
#include <QString>
#include <QStringList>

namespace apptest {

struct AppRun {
    int code; ///< exit code; -1 timed out, -2 crashed
    QString out;
    QString err;
};

/// Runs `mllab args...` with QT_QPA_PLATFORM=offscreen and the given extra environment.
inline AppRun runMllab(const QStringList& args, const QProcessEnvironment& extra = {},
                       int timeoutMs = 180000)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    for (const QString& key : extra.keys())
        env.insert(key, extra.value(key));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(MLLAB_BINARY), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-1, {}, QStringLiteral("timed out")};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

/// Colours among every step-th pixel of every step-th row: a blank or one-colour window has few.
inline int distinctColours(const QImage& image, int step = 4)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += step)
        for (int x = 0; x < image.width(); x += step)
            colours.insert(image.pixel(x, y));
    return colours.size();
}

} // namespace apptest
