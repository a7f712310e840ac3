#pragma once
// The compute devices, found once per process off the UI thread and kept here for every view.
// Discovery asks libtorch for CUDA devices, which can take half a second or more; it runs as a
// JobRunner job, and views show "detecting…" until ready() arrives. Nothing on the UI thread
// calls mllab::listDevices() directly.

#include "engine/gpu/device.h"

#include <QObject>
#include <QPointer>

#include <vector>

class JobRunner;

class DeviceCatalog : public QObject {
    Q_OBJECT
public:
    /// The one catalog of this process.
    static DeviceCatalog& instance();

    /// Starts discovery on `jobs` unless it is done or already running there.
    void discover(JobRunner* jobs);

    bool isReady() const { return m_ready; }
    /// The CPU first, then each CUDA device; only the CPU until ready.
    const std::vector<mllab::DeviceInfo>& devices() const { return m_devices; }
    /// The device computations use by default (a CUDA device when there is one).
    const mllab::DeviceInfo& defaultDevice() const { return m_default; }

Q_SIGNALS:
    void ready();

private:
    DeviceCatalog();
    void accept(const std::vector<mllab::DeviceInfo>& devices, const std::string& defaultId);

    bool m_ready = false;
    QPointer<JobRunner> m_runner; ///< where discovery runs while not ready
    std::vector<mllab::DeviceInfo> m_devices;
    mllab::DeviceInfo m_default;
};
