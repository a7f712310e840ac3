#pragma once
// Runs engine computations off the UI thread and hands their results back on it.
//
// One job per key (usually a lab id) is current: submitting a new job for a key cancels the
// older one, whose result is never delivered (latest wins). Progress is forwarded, rate-limited,
// to the UI thread; cancel requests reach the engine through Progress::cancel. Engine exceptions
// arrive as failed() with the message. Destroying the runner cancels every job and waits for the
// workers, which stop within one cancellation check.

#include "engine/progress.h"

#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QVariantMap>

#include <atomic>
#include <functional>
#include <map>
#include <memory>

class JobRunner : public QObject {
    Q_OBJECT
public:
    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override;

    /// Runs `work` on the pool. `onResult` runs on the UI thread only if this job is still the
    /// current one for `key` when it finishes; `onError` likewise gets the engine's message.
    template <class Result>
    quint64 submit(const QString& key, const QString& title,
                   std::function<Result(const mllab::Progress&)> work,
                   std::function<void(const Result&)> onResult,
                   std::function<void(const QString&)> onError = {})
    {
        auto typedWork = [work = std::move(work), onResult = std::move(onResult)](
                             const mllab::Progress& progress) -> Delivery {
            auto result = std::make_shared<Result>(work(progress));
            return [onResult, result] { onResult(*result); };
        };
        return start(key, title, std::move(typedWork), std::move(onError));
    }

    void cancel(const QString& key);
    void cancelAll();
    bool isBusy() const { return !m_jobs.empty(); }
    bool isRunning(const QString& key) const;
    QString currentTitle() const;

Q_SIGNALS:
    void started(quint64 id, const QString& key, const QString& title);
    void progressed(quint64 id, const QString& key, double fraction, const QString& message,
                    const QVariantMap& metrics);
    void finished(quint64 id, const QString& key);  ///< result delivered to onResult
    void failed(quint64 id, const QString& key, const QString& message);
    void cancelled(quint64 id, const QString& key);  ///< cancelled or superseded; no result
    void busyChanged(bool busy);

private:
    using Delivery = std::function<void()>;
    using Work = std::function<Delivery(const mllab::Progress&)>;
    struct Job;
    enum class Outcome { Done, Failed, Cancelled };

    quint64 start(const QString& key, const QString& title, Work work,
                  std::function<void(const QString&)> onError);
    void execute(const std::shared_ptr<Job>& job, const Work& work);
    void complete(const std::shared_ptr<Job>& job, Outcome outcome, const Delivery& delivery,
                  const QString& message);
    bool isCurrent(const Job& job) const;

    QThreadPool m_pool;
    quint64 m_nextId = 1;
    std::map<quint64, std::shared_ptr<Job>> m_jobs;  ///< every job not yet completed
    std::map<QString, quint64> m_current;            ///< key -> id of its current job
};
