#pragma once
// The UI-thread stall probe: a precise 2 ms timer on the thread that owns it (the GUI thread in
// app tests) records the longest gap between two of its ticks. A gap is time the event loop could
// not answer a click or a repaint. Tests report the worst gap per scenario with report(); the
// numbers are measurements, not assertions (timings vary with the machine's load), and
// scripts/stall_table.py collects them into docs/reliability.md through $MLLAB_STALL_REPORT.

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QtGlobal>

#include <algorithm>

namespace stallprobe {

class StallProbe {
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(2);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { tick(); });
    }

    /// Starts (or restarts) measuring from now.
    void start()
    {
        m_worstMs = 0;
        m_ticks = 0;
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void stop()
    {
        tick(); // a stall that is still going on when the scenario ends counts too
        m_timer.stop();
    }

    /// The longest time between two ticks, in milliseconds (the 2 ms interval included).
    double worstMs() const { return m_worstMs; }
    int ticks() const { return m_ticks; }
    double elapsedMs() const { return m_clock.nsecsElapsed() / 1e6; }

private:
    void tick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        m_worstMs = std::max(m_worstMs, (now - m_last) / 1e6);
        m_last = now;
        ++m_ticks;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    double m_worstMs = 0;
    int m_ticks = 0;
};

/// Prints the scenario's worst stall and, when $MLLAB_STALL_REPORT names a file, appends it there
/// as one JSON line {"scenario", "worst_ms", "duration_ms", "ticks"}.
inline void report(const QString& scenario, const StallProbe& probe)
{
    qInfo("stall probe: %s: worst gap %.1f ms over %.0f ms (%d ticks)", qPrintable(scenario),
          probe.worstMs(), probe.elapsedMs(), probe.ticks());
    const QString path = qEnvironmentVariable("MLLAB_STALL_REPORT");
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::Append | QIODevice::Text))
        return;
    const QJsonObject line{{QStringLiteral("scenario"), scenario},
                           {QStringLiteral("worst_ms"), probe.worstMs()},
                           {QStringLiteral("duration_ms"), probe.elapsedMs()},
                           {QStringLiteral("ticks"), probe.ticks()}};
    file.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
}

} // namespace stallprobe
