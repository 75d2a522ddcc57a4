// WindowedCells (sim/kernel/windowed_cells.hpp): every value a cell is given reads back
// exactly, whether its month is still held densely or was left behind, and only the non-zero
// cells of the months left behind are kept apart.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "sim/kernel/windowed_cells.hpp"
#include "tests/unit/cell_table_reference.hpp"

using namespace pajesim;
using pajesim::testing::check_all;
using pajesim::testing::Reference;

namespace {

constexpr std::int32_t window = WindowedCells::window_months;

}  // namespace

BOOST_AUTO_TEST_CASE(starts_at_zero_and_a_month_never_written_reads_zero) {
    WindowedCells table(10, 30);
    BOOST_TEST(table.get(3, 0) == 0);
    BOOST_TEST(table.get(3, 29) == 0);
    table.set(3, 2, 7);
    BOOST_TEST(table.get(3, 2) == 7);
    BOOST_TEST(table.get(3, 2 + window) == 0);  // same place in the window, a later month
    BOOST_TEST(table.get(4, 2) == 0);
    BOOST_TEST(WindowedCells().empty());
}

BOOST_AUTO_TEST_CASE(a_month_left_behind_keeps_its_non_zero_cells_alone) {
    WindowedCells table(5, 12);
    table.set(0, 0, 100);
    table.set(1, 0, -1);
    table.set(2, 0, 0);
    table.set(3, 0, 5);
    table.set(3, 0, 0);  // written, then back to zero
    BOOST_TEST(table.old_count() == 0u);
    table.set(4, window - 1, 9);  // month 0 still held
    BOOST_TEST(table.old_count() == 0u);
    BOOST_TEST(table.get(0, 0) == 100);
    table.set(4, window, 1);  // month 0 leaves: two non-zero cells kept
    BOOST_TEST(table.old_count() == 2u);
    BOOST_TEST(table.get(0, 0) == 100);
    BOOST_TEST(table.get(1, 0) == -1);
    BOOST_TEST(table.get(2, 0) == 0);
    BOOST_TEST(table.get(3, 0) == 0);
    BOOST_TEST(table.get(4, window) == 1);
    // Month `window` took month 0's place: its other cells read zero, not month 0's values.
    BOOST_TEST(table.get(0, window) == 0);
    BOOST_TEST(table.get(1, window) == 0);
    // Writing a month left behind: a new cell, a change, a cell brought back to zero.
    table.set(2, 0, 33);
    table.add(0, 0, -100);
    BOOST_TEST(table.get(2, 0) == 33);
    BOOST_TEST(table.get(0, 0) == 0);
    BOOST_TEST(table.old_count() == 2u);  // row 1 and row 2
}

BOOST_AUTO_TEST_CASE(a_jump_of_more_than_the_window_leaves_every_month_behind) {
    WindowedCells table(3, 40);
    for (std::int32_t m = 0; m < window; ++m) table.set(1, m, m + 1);
    table.set(0, 30, std::numeric_limits<std::int32_t>::min());  // also a value outside 24 bits
    for (std::int32_t m = 0; m < window; ++m) BOOST_TEST(table.get(1, m) == m + 1);
    BOOST_TEST(table.old_count() == static_cast<std::size_t>(window));
    BOOST_TEST(table.get(0, 30) == std::numeric_limits<std::int32_t>::min());
    for (std::int32_t m = 30 - window + 1; m < 30; ++m) BOOST_TEST(table.get(1, m) == 0);
}

namespace {

// A run's pattern: the latest month moves on one at a time, most writes fall in the last
// months, some far back; values at the edges of the three bytes and of 32 bits; checked whole
// at every month. Returns the table, for what it holds apart.
WindowedCells random_writes(std::size_t rows, int writes_per_month, std::uint64_t seed) {
    constexpr std::int32_t months = 27;
    std::mt19937_64 random(seed);
    const std::vector<std::int32_t> values = {0, 1, -1, 8'388'607, 8'388'608, -8'388'608, -8'388'609,
                                              std::numeric_limits<std::int32_t>::max(),
                                              std::numeric_limits<std::int32_t>::min(), 46'611, -12'345};
    WindowedCells table(rows, months);
    Reference reference(rows, months);
    for (std::int32_t latest = 0; latest < months; ++latest) {
        for (int k = 0; k < writes_per_month; ++k) {
            const std::size_t row = random() % rows;
            const std::uint64_t kind = random() % 100;
            std::int32_t month = latest;
            if (kind < 60) {
                month = latest - static_cast<std::int32_t>(random() % window);
            } else if (kind < 90) {
                month = static_cast<std::int32_t>(random() % static_cast<std::uint64_t>(latest + 1));
            }
            if (month < 0) month = 0;
            if (random() % 3 == 0) {
                const std::int32_t value = values[random() % values.size()];
                table.set(row, month, value);
                reference.at(row, month) = value;
            } else {
                const auto amount = static_cast<std::int32_t>(random() % 2'001) - 1'000;
                const std::int64_t sum = std::int64_t{reference.at(row, month)} + amount;
                if (sum < std::numeric_limits<std::int32_t>::min() || sum > std::numeric_limits<std::int32_t>::max()) {
                    continue;
                }
                table.add(row, month, amount);
                reference.at(row, month) = static_cast<std::int32_t>(sum);
            }
        }
        check_all(table, reference, "after a month");
    }
    std::size_t old_non_zero = 0;
    for (std::int32_t month = 0; month <= months - 1 - window; ++month) {
        for (std::size_t row = 0; row < rows; ++row) old_non_zero += reference.at(row, month) != 0 ? 1 : 0;
    }
    BOOST_TEST(table.old_count() == (table.dense_past() ? 0u : old_non_zero));
    return table;
}

}  // namespace

BOOST_AUTO_TEST_CASE(random_writes_read_back_as_a_plain_array_with_old_cells_apart) {
    // Few writes: the old months' non-zero cells stay in the hash table.
    const WindowedCells table = random_writes(2'000, 150, 20261206);
    BOOST_TEST(!table.dense_past());
    BOOST_TEST(table.old_count() > 100u);
}

BOOST_AUTO_TEST_CASE(random_writes_read_back_as_a_plain_array_with_old_cells_dense) {
    // Many writes: past a sixteenth of the table apart, the old months are kept densely.
    const WindowedCells table = random_writes(257, 3'000, 20261207);
    BOOST_TEST(table.dense_past());
}

BOOST_AUTO_TEST_CASE(equal_by_values_whatever_the_months_written_in) {
    WindowedCells a(4, 10);
    WindowedCells b(4, 10);
    a.set(1, 0, 5);
    a.set(2, 9, 6);  // month 0 left behind in a
    b.set(2, 9, 6);
    b.set(1, 0, 5);  // written to b's past directly
    BOOST_TEST((a == b));
    b.set(3, 0, 1);
    BOOST_TEST(!(a == b));
}

BOOST_AUTO_TEST_CASE(old_months_that_stay_unsettled_are_kept_densely_and_read_back) {
    // Every cell of every month non-zero (a centre that never pays): past a sixteenth of the
    // table's cells apart, the months left behind are kept densely, and every value holds.
    constexpr std::size_t rows = 3'000;
    constexpr std::int32_t months = 30;
    WindowedCells table(rows, months);
    Reference reference(rows, months);
    for (std::int32_t month = 0; month < months; ++month) {
        for (std::size_t row = 0; row < rows; ++row) {
            const auto value = static_cast<std::int32_t>(row * 31 + static_cast<std::size_t>(month) + 1);
            table.set(row, month, value);
            reference.at(row, month) = value;
        }
        if (month == 2) BOOST_TEST(!table.dense_past());  // nothing left behind yet
    }
    BOOST_TEST(table.dense_past());
    BOOST_TEST(table.old_count() == 0u);
    table.set(5, 0, 0);  // an old month written after the change
    reference.at(5, 0) = 0;
    table.add(7, 1, -3);
    reference.at(7, 1) -= 3;
    check_all(table, reference, "kept densely");
}
