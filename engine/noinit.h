#pragma once
// A std::vector whose resize() leaves new elements of trivial types uninitialised, for results of
// tens of millions of numbers: the threads that compute the values also touch the pages first,
// in parallel, instead of one thread zeroing them beforehand.

#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace mllab {

template <class T> class DefaultInitAllocator : public std::allocator<T> {
public:
    template <class U> struct rebind {
        using other = DefaultInitAllocator<U>;
    };
    DefaultInitAllocator() = default;
    template <class U> DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}

    /// Default-initialises (no zeroing for trivial types) instead of value-initialising.
    template <class U> void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>)
    {
        ::new (static_cast<void*>(p)) U;
    }
    template <class U, class... Args> void construct(U* p, Args&&... args)
    {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};

template <class T> using NoInitVector = std::vector<T, DefaultInitAllocator<T>>;

} // namespace mllab
