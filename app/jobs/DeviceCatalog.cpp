#include "app/jobs/DeviceCatalog.h"

#include "app/jobs/JobRunner.h"

#include <QCoreApplication>

namespace {

const QString kJobKey = QStringLiteral("devices/discover");

mllab::DeviceInfo cpuPlaceholder()
{
    mllab::DeviceInfo cpu;
    cpu.id = "cpu";
    cpu.kind = "cpu";
    cpu.name = QCoreApplication::translate("DeviceCatalog", "detecting…").toStdString();
    return cpu;
}

} // namespace

DeviceCatalog& DeviceCatalog::instance()
{
    static DeviceCatalog catalog;
    return catalog;
}

DeviceCatalog::DeviceCatalog() : m_devices{cpuPlaceholder()}, m_default(m_devices.front()) {}

void DeviceCatalog::discover(JobRunner* jobs)
{
    if (m_ready || !jobs || (m_runner && m_runner->isRunning(kJobKey)))
        return;
    m_runner = jobs;
    struct Found {
        std::vector<mllab::DeviceInfo> devices;
        std::string defaultId;
    };
    jobs->submit(
        kJobKey, tr("Detecting compute devices"), this,
        [](const mllab::Progress&) {
            return Found{mllab::listDevices(), mllab::defaultDeviceId()};
        },
        [this](const Found& found) { accept(found.devices, found.defaultId); });
}

void DeviceCatalog::accept(const std::vector<mllab::DeviceInfo>& devices,
                           const std::string& defaultId)
{
    if (m_ready || devices.empty())
        return;
    m_devices = devices;
    m_default = devices.front();
    for (const mllab::DeviceInfo& d : devices)
        if (d.id == defaultId)
            m_default = d;
    m_ready = true;
    Q_EMIT ready();
}
