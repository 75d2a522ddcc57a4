#pragma once
// Large tables on the system's transparent huge pages (madvise MADV_HUGEPAGE), where it has
// them. A run reads its family-month tables, its families and its contracts at scattered
// places: with 4 KiB pages, nearly every such read in a national run misses the processor's
// address cache (TLB), and the first write of each page is a fault; a 2 MiB page serves 512
// times as many. The advice changes no value and no order of anything: only where the system
// puts the memory. Below 8 MiB, and under AddressSanitizer (whose allocator places memory its
// own way), nothing is advised and tables come from the heap as before.

#include <cstddef>

namespace pajesim {

// Whether a table of `bytes` gets its own mapping (map_large_table).
bool large_table_bytes(std::size_t bytes) noexcept;
// Fresh zero pages for a table, aligned to 2 MiB and advised for huge pages: the memory is the
// table's rounded up to 2 MiB, and a page never written costs nothing. Throws std::bad_alloc.
void* map_large_table(std::size_t bytes);
void unmap_large_table(void* table, std::size_t bytes) noexcept;
// Advises the whole 2 MiB extents inside [data, data + bytes), room not yet written (a
// vector's just reserved): its pages are then huge as they are first written.
void advise_huge_pages(const void* data, std::size_t bytes) noexcept;

}  // namespace pajesim
