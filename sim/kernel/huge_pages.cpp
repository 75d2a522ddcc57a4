#include "sim/kernel/huge_pages.hpp"

#include <cstdint>
#include <new>

#include <sys/mman.h>

namespace pajesim {

namespace {

constexpr std::size_t huge_page = std::size_t{2} << 20;
// Below this a table stays in the heap: a huge page would be most of it.
constexpr std::size_t threshold = std::size_t{8} << 20;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool sanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool sanitized = true;
#else
constexpr bool sanitized = false;
#endif
#else
constexpr bool sanitized = false;
#endif

std::size_t mapped_length(std::size_t bytes) { return (bytes + huge_page - 1) / huge_page * huge_page; }

}  // namespace

bool large_table_bytes(std::size_t bytes) noexcept { return !sanitized && bytes >= threshold; }

void* map_large_table(std::size_t bytes) {
    const std::size_t length = mapped_length(bytes);
    // Map a huge page more, then give back the parts before and after the aligned room.
    void* mapped = mmap(nullptr, length + huge_page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) throw std::bad_alloc();
    const auto base = reinterpret_cast<std::uintptr_t>(mapped);
    const std::uintptr_t aligned = (base + huge_page - 1) / huge_page * huge_page;
    if (aligned > base) munmap(mapped, aligned - base);
    const std::uintptr_t end = base + length + huge_page;
    if (end > aligned + length) munmap(reinterpret_cast<void*>(aligned + length), end - (aligned + length));
    // Advice only: a system without transparent huge pages gives small pages, as calloc did.
    madvise(reinterpret_cast<void*>(aligned), length, MADV_HUGEPAGE);
    return reinterpret_cast<void*>(aligned);
}

void unmap_large_table(void* table, std::size_t bytes) noexcept { munmap(table, mapped_length(bytes)); }

void advise_huge_pages(const void* data, std::size_t bytes) noexcept {
    if (!large_table_bytes(bytes)) return;
    const auto begin = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t first = (begin + huge_page - 1) / huge_page * huge_page;
    const std::uintptr_t last = (begin + bytes) / huge_page * huge_page;
    if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

}  // namespace pajesim
