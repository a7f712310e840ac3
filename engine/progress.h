#pragma once
// Progress reporting, cancellation and the two exceptions every engine computation may throw.
// Partial results (a training step's losses) are typed and travel through the computation's
// own sink (e.g. TrainStepSink), not through Progress.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>

namespace mllab {

/// Bad input a user can fix; the message names the problem ("column 'score' has 3 non-numeric
/// values, first at line 17"). Views show it; mllab-cli prints it and exits 1.
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Thrown from inside a computation when its cancel flag was raised.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

/// Passed by const reference into every long computation. Both members are optional: a
/// default-constructed Progress reports nowhere and can never be cancelled.
struct Progress {
    using ReportFn = std::function<void(double fraction, const std::string& message)>;

    ReportFn report;                             ///< called from the computing thread
    const std::atomic<bool>* cancel = nullptr;   ///< raised by the owner to stop the work

    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }

    /// Throws Cancelled when the flag is raised; call at least every ~10 ms of work.
    void checkCancelled() const
    {
        if (cancelled())
            throw Cancelled();
    }

    /// Reports (fraction in [0,1]) and then checks the cancel flag.
    void update(double fraction, const std::string& message = {}) const
    {
        if (report)
            report(fraction, message);
        checkCancelled();
    }
};

/// Rate-limits progress reports from a tight loop to one per interval; checks cancel every call.
class ProgressThrottle {
public:
    explicit ProgressThrottle(const Progress& progress,
                              std::chrono::milliseconds interval = std::chrono::milliseconds(50))
        : m_progress(progress), m_interval(interval)
    {
    }

    void tick(double fraction, const std::string& message = {})
    {
        m_progress.checkCancelled();
        const auto now = std::chrono::steady_clock::now();
        if (now - m_last >= m_interval) {
            m_last = now;
            m_progress.update(fraction, message);
        }
    }

private:
    const Progress& m_progress;
    std::chrono::milliseconds m_interval;
    std::chrono::steady_clock::time_point m_last{};
};

} // namespace mllab
