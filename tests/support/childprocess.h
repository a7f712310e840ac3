#pragma once
// Tests that start a child process (QProcess) cannot run under GCC 12's ThreadSanitizer: Qt 6.4
// starts children with a vfork-style clone, the sanitizer takes it for a fork and runs its
// child-side fork handling in the parent's shared memory, and the parent then dies at its next
// new thread. Under TSan such a test function is skipped; the Release and ASan suites run it.
#include <QTest>

#if defined(__SANITIZE_THREAD__)
#define SKIP_IF_CHILD_PROCESSES_UNSUPPORTED()                                                      \
    QSKIP("ThreadSanitizer (GCC 12) cannot follow Qt 6.4's vfork-style QProcess start")
#else
#define SKIP_IF_CHILD_PROCESSES_UNSUPPORTED()                                                      \
    do {                                                                                           \
    } while (false)
#endif
