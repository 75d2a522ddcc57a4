#pragma once
// Tables that start at zero, made without writing them. A run's family-month tables are tens
// to hundreds of megabytes each; std::vector(n) or assign(n, 0) writes every byte, so that each
// page is faulted in and zeroed by the system, then zeroed again. ZeroedVector takes its room
// from fresh pages the system already gives as zeros: from calloc (whose large blocks glibc
// maps on their own and does not clear), or for a table of 8 MiB or more from a mapping of
// its own on huge pages (sim/kernel/huge_pages.hpp), and constructs its elements by default
// initialisation, which writes nothing for the trivial types it holds. The pages a run never
// writes are never faulted in (a huge page is faulted in whole when one byte of it is).
//
// Only for vectors sized when made (ZeroedVector<T>(n)) and never shrunk then grown within
// their room: std::vector default-constructs the places it reuses, which would keep the old
// values. assign(n, value) writes as usual.

#include <cstddef>
#include <cstdlib>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/kernel/huge_pages.hpp"

namespace pajesim {

template <typename T>
class ZeroedAllocator {
    static_assert(std::is_trivially_default_constructible_v<T> && std::is_trivially_copyable_v<T>,
                  "all-zero bytes must be a valid T");

public:
    using value_type = T;
    ZeroedAllocator() = default;
    template <typename U>
    ZeroedAllocator(const ZeroedAllocator<U>&) noexcept {}  // NOLINT: rebinding

    T* allocate(std::size_t n) {
        if (n == 0) return nullptr;
        if (n > max_size()) throw std::bad_alloc();
        if (large_table_bytes(n * sizeof(T))) return static_cast<T*>(map_large_table(n * sizeof(T)));
        void* p = std::calloc(n, sizeof(T));
        if (p == nullptr) throw std::bad_alloc();
        return static_cast<T*>(p);
    }
    void deallocate(T* p, std::size_t n) noexcept {
        if (p != nullptr && large_table_bytes(n * sizeof(T))) {
            unmap_large_table(p, n * sizeof(T));
        } else {
            std::free(p);
        }
    }
    static constexpr std::size_t max_size() noexcept { return static_cast<std::size_t>(-1) / 2 / sizeof(T); }
    // Default initialisation: the room is zero already (calloc).
    template <typename U>
    void construct(U* p) noexcept {
        ::new (static_cast<void*>(p)) U;
    }
    template <typename U, typename... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }

    template <typename U>
    friend bool operator==(const ZeroedAllocator&, const ZeroedAllocator<U>&) noexcept {
        return true;
    }
};

template <typename T>
using ZeroedVector = std::vector<T, ZeroedAllocator<T>>;

}  // namespace pajesim
