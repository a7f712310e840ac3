#pragma once
// MLLAB_AVX2_CLONES: one function body compiled for AVX2 and for any x86-64, the copy picked when
// the program loads (target_clones, an ifunc). ThreadSanitizer instruments the ifunc's resolver,
// which the loader runs before the sanitizer's runtime is up, so a TSan build crashes at start:
// there, and off x86-64, only the portable body is built.
#if defined(__SANITIZE_THREAD__) // GCC
#define MLLAB_NO_IFUNC 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) // Clang
#define MLLAB_NO_IFUNC 1
#endif
#endif

#if defined(__x86_64__) && !defined(MLLAB_NO_IFUNC)
#define MLLAB_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define MLLAB_AVX2_CLONES
#endif
