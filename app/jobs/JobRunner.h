#pragma once
// Runs engine computations off the UI thread and hands their results back on it.
//
// One job per key (usually a lab id) is current: submitting a new job for a key cancels the
// older one, whose result is never delivered (latest wins). Every job has a guard object, its
// owner: once the guard is destroyed nothing of the job reaches it (result, error, partials).
// Progress is forwarded, rate-limited, to the UI thread; cancel requests reach the engine through
// Progress::cancel. Engine exceptions arrive as errors with the message. Destroying the runner
// cancels every job and waits for the workers, which stop within one cancellation check.
//
// Everything a worker hands to the UI thread (progress, partials, the outcome) goes through one
// mailbox under a std::mutex, in order; a queued call only wakes the UI thread to read it. So the
// hand-over is visible to ThreadSanitizer, which cannot see Qt's own synchronisation.

#include "engine/progress.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <type_traits>

class JobRunner : public QObject {
    Q_OBJECT
public:
    using ErrorFn = std::function<void(const QString& message)>;

    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override;

    /// Runs `work(progress)` on the pool; `onResult(result)` runs on the UI thread if the job is
    /// still the current one for `key` and `guard` still exists, and `onError(message)` likewise.
    /// The result type is work's return type.
    template <class Work, class OnResult>
    quint64 submit(const QString& key, const QString& title, QObject* guard, Work work,
                   OnResult onResult, ErrorFn onError = {})
    {
        using Result = std::decay_t<std::invoke_result_t<Work&, const mllab::Progress&>>;
        QPointer<QObject> owner(guard);
        auto run = [work = std::move(work), onResult = std::move(onResult),
                    owner](const mllab::Progress& progress, const Post&) mutable -> Delivery {
            auto result = std::make_shared<Result>(work(progress));
            return [onResult, result, owner] {
                if (owner)
                    onResult(*result);
            };
        };
        return start(key, title, std::move(run), guarded(owner, std::move(onError)));
    }

    /// Like submit, for work that also hands over partial results as it goes (a training step's
    /// losses): `work(progress, emit)` may call `emit(Partial)` from its thread, and
    /// `onPartial(partial)` then runs on the UI thread, in order, while the job is current and
    /// `guard` exists.
    template <class Partial, class Work, class OnPartial, class OnResult>
    quint64 submitStreaming(const QString& key, const QString& title, QObject* guard, Work work,
                            OnPartial onPartial, OnResult onResult, ErrorFn onError = {})
    {
        using Emit = std::function<void(Partial)>;
        using Result = std::decay_t<std::invoke_result_t<Work&, const mllab::Progress&, const Emit&>>;
        QPointer<QObject> owner(guard);
        auto run = [work = std::move(work), onPartial = std::move(onPartial),
                    onResult = std::move(onResult),
                    owner](const mllab::Progress& progress, const Post& post) mutable -> Delivery {
            const Emit emit = [&post, onPartial, owner](Partial partial) {
                post([onPartial, owner, partial = std::move(partial)] {
                    if (owner)
                        onPartial(partial);
                });
            };
            auto result = std::make_shared<Result>(work(progress, emit));
            return [onResult, result, owner] {
                if (owner)
                    onResult(*result);
            };
        };
        return start(key, title, std::move(run), guarded(owner, std::move(onError)));
    }

    void cancel(const QString& key);
    void cancelAll();
    bool isBusy() const { return !m_jobs.empty(); }
    bool isRunning(const QString& key) const;

Q_SIGNALS:
    void started(quint64 id, const QString& key, const QString& title);
    void progressed(quint64 id, const QString& key, double fraction, const QString& message);
    void finished(quint64 id, const QString& key);  ///< result delivered to onResult
    void failed(quint64 id, const QString& key, const QString& message);
    void cancelled(quint64 id, const QString& key);  ///< cancelled or superseded; no result
    void busyChanged(bool busy);

private:
    using Delivery = std::function<void()>;
    /// Queues a closure to the UI thread, run only while its job is current.
    using Post = std::function<void(std::function<void()>)>;
    using Work = std::function<Delivery(const mllab::Progress&, const Post&)>;
    struct Job;
    enum class Outcome { Done, Failed, Cancelled };

    static ErrorFn guarded(const QPointer<QObject>& owner, ErrorFn onError)
    {
        if (!onError)
            return {};
        return [owner, onError = std::move(onError)](const QString& message) {
            if (owner)
                onError(message);
        };
    }

    struct Mailbox;

    quint64 start(const QString& key, const QString& title, Work work, ErrorFn onError);
    /// From a worker: queues `letter` for the UI thread and wakes it if the mailbox was empty.
    void send(std::function<void()> letter);
    /// On the UI thread: runs the oldest queued letter (one wake-up per letter).
    Q_INVOKABLE void readMail();
    void execute(const std::shared_ptr<Job>& job, const Work& work);
    void complete(const std::shared_ptr<Job>& job, Outcome outcome, const Delivery& delivery,
                  const QString& message);
    bool isCurrent(const Job& job) const;

    std::unique_ptr<Mailbox> m_mailbox;
    QThreadPool m_pool;
    quint64 m_nextId = 1;
    std::map<quint64, std::shared_ptr<Job>> m_jobs;  ///< every job not yet completed
    std::map<QString, quint64> m_current;            ///< key -> id of its current job
};
