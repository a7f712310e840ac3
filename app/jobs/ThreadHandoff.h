#pragma once
// Happens-before edges that ThreadSanitizer cannot see because they pass through Qt, which is
// not instrumented (QThreadPool hands a task to a worker under Qt's own futex-based mutex):
// release() before the hand-over on one thread, acquire() with the same address after it on the
// other. Without ThreadSanitizer both compile to nothing.
#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void* address);
extern "C" void __tsan_release(void* address);
#endif

namespace threadhandoff {

inline void release([[maybe_unused]] void* address)
{
#if defined(__SANITIZE_THREAD__)
    __tsan_release(address);
#endif
}

inline void acquire([[maybe_unused]] void* address)
{
#if defined(__SANITIZE_THREAD__)
    __tsan_acquire(address);
#endif
}

} // namespace threadhandoff
