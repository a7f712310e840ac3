// engine/gpu/device: the CPU is always listed first; unknown or absent devices are InputErrors.
#include "engine/gpu/device.h"
#include "engine/progress.h"
#include "tests/support/enginetest.h"

ENGINE_TEST(cpuComesFirstWithThreadsAndMemory)
{
    const auto devices = mllab::listDevices();
    QVERIFY(!devices.empty());
    QCOMPARE(devices.front().id, std::string("cpu"));
    QCOMPARE(devices.front().kind, std::string("cpu"));
    QVERIFY(devices.front().threads >= 1);
    QVERIFY(devices.front().memoryBytes > 0);
    QVERIFY(!devices.front().name.empty());
    for (std::size_t i = 1; i < devices.size(); ++i)
        QCOMPARE(devices[i].id, "cuda:" + std::to_string(i - 1));
}

ENGINE_TEST(findsCpuById)
{
    QCOMPARE(mllab::findDevice("cpu").kind, std::string("cpu"));
}

ENGINE_TEST(unknownDeviceIsAnInputError)
{
    QVERIFY_THROWS_MESSAGE(mllab::findDevice("tpu:0"), mllab::InputError,
                           "unknown device 'tpu:0'; available: cpu");
}

ENGINE_TEST(absentCudaDeviceIsAnInputError)
{
    const std::string id = "cuda:" + std::to_string(mllab::listDevices().size() + 7);
    QVERIFY_THROWS_MESSAGE(mllab::findDevice(id), mllab::InputError, "is not available");
}

ENGINE_TEST(defaultDeviceIsListed)
{
    QCOMPARE(mllab::findDevice(mllab::defaultDeviceId()).id, mllab::defaultDeviceId());
}

ENGINE_TEST_MAIN(tst_devices)
