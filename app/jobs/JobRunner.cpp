#include "app/jobs/JobRunner.h"

#include "app/jobs/ThreadHandoff.h"

#include <QMetaObject>

#include <chrono>
#include <deque>
#include <exception>
#include <mutex>

struct JobRunner::Job {
    quint64 id = 0;
    QString key;
    std::atomic<bool> cancel{false};
    JobRunner::ErrorFn onError;
    std::chrono::steady_clock::time_point lastReport{};
};

struct JobRunner::Mailbox {
    std::mutex mutex;
    std::deque<std::function<void()>> letters;
};

namespace {
// The address that orders a job's set-up on the UI thread before its run on a pool thread, and
// the end of every run before the runner's destruction.
char poolHandOver;
// Progress faster than this is dropped: the UI cannot show it and the event queue would flood.
constexpr auto kReportInterval = std::chrono::milliseconds(30);
} // namespace

JobRunner::JobRunner(QObject* parent) : QObject(parent), m_mailbox(std::make_unique<Mailbox>())
{
    m_pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
}

JobRunner::~JobRunner()
{
    for (auto& [id, job] : m_jobs)
        job->cancel = true;
    m_pool.waitForDone();
    threadhandoff::acquire(&poolHandOver);
}

quint64 JobRunner::start(const QString& key, const QString& title, Work work, ErrorFn onError)
{
    cancel(key);
    auto job = std::make_shared<Job>();
    job->id = m_nextId++;
    job->key = key;
    job->onError = std::move(onError);
    const bool wasBusy = isBusy();
    m_jobs[job->id] = job;
    m_current[key] = job->id;
    Q_EMIT started(job->id, key, title);
    if (!wasBusy)
        Q_EMIT busyChanged(true);
    // QThreadPool's own hand-over is invisible to TSan. The worker names it before it reads a
    // capture, so the address is a static one, not the job's.
    std::function<void()> task = [this, job, work = std::move(work)] {
        threadhandoff::acquire(&poolHandOver);
        execute(job, work);
        threadhandoff::release(&poolHandOver); // for the destructor, after waitForDone()
    };
    threadhandoff::release(&poolHandOver); // after the task is built, before Qt has it
    m_pool.start(std::move(task));
    return job->id;
}

void JobRunner::send(std::function<void()> letter)
{
    bool wasEmpty = false;
    {
        const std::lock_guard<std::mutex> lock(m_mailbox->mutex);
        wasEmpty = m_mailbox->letters.empty();
        m_mailbox->letters.push_back(std::move(letter));
    }
    if (wasEmpty)
        QMetaObject::invokeMethod(this, "readMail", Qt::QueuedConnection);
}

void JobRunner::readMail()
{
    // One letter per wake-up, as one queued call each was: a letter that opens a modal dialog
    // leaves a wake-up for the next, so its event loop keeps delivering the rest, in order.
    std::function<void()> letter;
    bool more = false;
    {
        const std::lock_guard<std::mutex> lock(m_mailbox->mutex);
        if (m_mailbox->letters.empty())
            return;
        letter = std::move(m_mailbox->letters.front());
        m_mailbox->letters.pop_front();
        more = !m_mailbox->letters.empty();
    }
    if (more)
        QMetaObject::invokeMethod(this, "readMail", Qt::QueuedConnection);
    letter();
}

void JobRunner::execute(const std::shared_ptr<Job>& job, const Work& work)
{
    mllab::Progress progress;
    progress.cancel = &job->cancel;
    progress.report = [this, job](double fraction, const std::string& message) {
        const auto now = std::chrono::steady_clock::now();
        if (job->cancel || (now - job->lastReport < kReportInterval && fraction < 1.0))
            return;
        job->lastReport = now;
        const QString text = QString::fromStdString(message);
        send([this, job, fraction, text] {
            if (isCurrent(*job))
                Q_EMIT progressed(job->id, job->key, fraction, text);
        });
    };

    const Post post = [this, job](std::function<void()> closure) {
        send([this, job, closure = std::move(closure)] {
            if (isCurrent(*job))
                closure();
        });
    };

    Outcome outcome = Outcome::Done;
    Delivery delivery;
    QString message;
    try {
        delivery = work(progress, post);
    } catch (const mllab::Cancelled&) {
        outcome = Outcome::Cancelled;
    } catch (const mllab::InputError& e) {
        outcome = Outcome::Failed;
        message = QString::fromStdString(e.what());
    } catch (const std::exception& e) {
        outcome = Outcome::Failed;
        message = tr("Internal error: %1").arg(QString::fromStdString(e.what()));
    } catch (...) {
        outcome = Outcome::Failed;
        message = tr("Internal error of unknown kind");
    }
    send([this, job, outcome, delivery, message] { complete(job, outcome, delivery, message); });
}

void JobRunner::complete(const std::shared_ptr<Job>& job, Outcome outcome, const Delivery& delivery,
                         const QString& message)
{
    const bool current = isCurrent(*job);
    m_jobs.erase(job->id);
    if (current)
        m_current.erase(job->key);

    if (!current || outcome == Outcome::Cancelled) {
        Q_EMIT cancelled(job->id, job->key);
    } else if (outcome == Outcome::Failed) {
        if (job->onError)
            job->onError(message);
        Q_EMIT failed(job->id, job->key, message);
    } else {
        delivery();
        Q_EMIT finished(job->id, job->key);
    }
    if (!isBusy())
        Q_EMIT busyChanged(false);
}

bool JobRunner::isCurrent(const Job& job) const
{
    if (job.cancel)
        return false;
    const auto it = m_current.find(job.key);
    return it != m_current.end() && it->second == job.id;
}

void JobRunner::cancel(const QString& key)
{
    const auto it = m_current.find(key);
    if (it == m_current.end())
        return;
    if (const auto job = m_jobs.find(it->second); job != m_jobs.end())
        job->second->cancel = true;
    m_current.erase(it);
}

void JobRunner::cancelAll()
{
    for (auto& [id, job] : m_jobs)
        job->cancel = true;
    m_current.clear();
}

bool JobRunner::isRunning(const QString& key) const
{
    return m_current.count(key) > 0;
}
