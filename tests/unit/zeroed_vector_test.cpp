// ZeroedVector (sim/kernel/zeroed_vector.hpp): its elements start at zero whatever memory the
// allocator hands back (fresh pages, or heap room another table just gave back with its values
// still in it), it grows like a vector, and a large table costs no resident memory until it is
// written: the point of the type.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <fstream>
#include <vector>
#include <unistd.h>

#include "sim/kernel/zeroed_vector.hpp"

using namespace pajesim;

namespace {

// Resident pages of this process (/proc/self/statm, second field), in bytes.
[[maybe_unused]] std::size_t resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t size = 0;
    std::size_t resident = 0;
    statm >> size >> resident;
    return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace

BOOST_AUTO_TEST_CASE(starts_at_zero_in_room_given_back_with_values_in_it) {
    for (const std::size_t n : {std::size_t{1}, std::size_t{1000}, std::size_t{100'000}}) {
        {
            // Fill room of the same size with non-zero values and give it back: the heap hands
            // the same room out again (the sizes are under glibc's mmap threshold).
            ZeroedVector<std::int32_t> used(n);
            for (std::size_t i = 0; i < n; ++i) used[i] = -1;
        }
        const ZeroedVector<std::int32_t> fresh(n);
        std::size_t non_zero = 0;
        for (const std::int32_t value : fresh) non_zero += value != 0 ? 1 : 0;
        BOOST_TEST(non_zero == 0u, "n = " << n);
    }
}

BOOST_AUTO_TEST_CASE(grows_like_a_vector_with_zeros_in_its_new_places) {
    ZeroedVector<std::uint64_t> table(3);
    table[1] = 7;
    table.push_back(9);
    table.resize(5000);  // moved to new room
    BOOST_TEST(table.size() == 5000u);
    BOOST_TEST(table[0] == 0u);
    BOOST_TEST(table[1] == 7u);
    BOOST_TEST(table[3] == 9u);
    std::size_t non_zero = 0;
    for (std::size_t i = 4; i < table.size(); ++i) non_zero += table[i] != 0 ? 1 : 0;
    BOOST_TEST(non_zero == 0u);
    const ZeroedVector<std::uint64_t> copy = table;
    BOOST_TEST((copy == table));
}

BOOST_AUTO_TEST_CASE(a_large_table_is_not_resident_until_written) {
#if defined(__SANITIZE_ADDRESS__)
    BOOST_TEST_MESSAGE("the sanitizers' allocator places memory its own way: resident size not checked");
#else
    constexpr std::size_t bytes = std::size_t{256} << 20;
    if (resident_bytes() == 0) {
        BOOST_TEST_MESSAGE("no /proc/self/statm here: resident size not checked");
        return;
    }
    {
        // The measure at work: a table written whole is resident whole.
        const std::size_t before = resident_bytes();
        std::vector<std::int32_t> written(bytes / sizeof(std::int32_t), 1);
        BOOST_TEST(resident_bytes() - before > bytes / 2);
    }
    const std::size_t before = resident_bytes();
    ZeroedVector<std::int32_t> table(bytes / sizeof(std::int32_t));
    const std::size_t made = resident_bytes();
    // A std::vector of this size, value-initialised, would be resident whole; this one is not.
    BOOST_TEST(made - before < bytes / 16);
    // Writing every 1 024th element brings those pages in.
    for (std::size_t i = 0; i < table.size(); i += 1024) table[i] = 1;
    BOOST_TEST(resident_bytes() - before > bytes / 2);
#endif
}
