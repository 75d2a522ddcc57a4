// RunLengthCells (sim/kernel/run_length_cells.hpp): every value a cell is given reads back
// exactly, whether its month is in the dense window, in a row's runs, in a row kept apart or
// in the dense old months; a row whose value changes a few times stays in its 32 bytes.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "sim/kernel/run_length_cells.hpp"
#include "tests/unit/cell_table_reference.hpp"

using namespace pajesim;
using pajesim::testing::check_all;
using pajesim::testing::Reference;

namespace {

constexpr std::int32_t window = RunLengthCells::window_months;
constexpr std::int32_t int32_min = std::numeric_limits<std::int32_t>::min();
constexpr std::int32_t int32_max = std::numeric_limits<std::int32_t>::max();

}  // namespace

BOOST_AUTO_TEST_CASE(starts_at_zero_and_a_month_never_written_reads_zero) {
    RunLengthCells table(10, 30);
    BOOST_TEST(table.get(3, 0) == 0);
    BOOST_TEST(table.get(3, 29) == 0);
    table.set(3, 2, 7);
    BOOST_TEST(table.get(3, 2) == 7);
    BOOST_TEST(table.get(3, 2 + window) == 0);  // same place in the window, a later month
    BOOST_TEST(table.get(3, 3) == 0);           // after the latest written
    BOOST_TEST(table.get(4, 2) == 0);
    BOOST_TEST(table.size() == 300u);
    BOOST_TEST(table.get(std::size_t{2 * 10 + 3}) == 7);  // month-major index
    BOOST_TEST(RunLengthCells().empty());
}

BOOST_AUTO_TEST_CASE(a_steady_amount_with_a_few_changes_stays_in_its_row) {
    // A family owed 463.45 euros, revalued in April, then 0 for a month, then 0 from month 20.
    constexpr std::int32_t months = 27;
    RunLengthCells table(3, months);
    Reference reference(3, months);
    for (std::int32_t m = 0; m < months; ++m) {
        std::int32_t value = m < 3 ? 46'345 : m < 15 ? 46'611 : m < 20 ? 47'000 : 0;
        if (m == 9) value = 0;
        table.add(1, m, value);
        reference.at(1, m) = value;
        table.set(2, m, m == 0 ? 5 : 0);  // one month only
        reference.at(2, m) = m == 0 ? 5 : 0;
        check_all(table, reference, "month by month");
    }
    BOOST_TEST(table.apart_count() == 0u);
    BOOST_TEST(!table.dense());
}

BOOST_AUTO_TEST_CASE(writing_an_old_month_splits_its_run_and_writing_it_back_merges_them) {
    constexpr std::int32_t months = 24;
    RunLengthCells table(2, months);
    Reference reference(2, months);
    for (std::int32_t m = 0; m < months; ++m) {
        table.set(0, m, 100);
        reference.at(0, m) = 100;
    }
    // Each month of the run changed and changed back, a hundred times over: still one run.
    for (int round = 0; round < 100; ++round) {
        const std::int32_t m = round % (months - window);
        table.add(0, m, -40);
        reference.at(0, m) -= 40;
        check_all(table, reference, "split");
        table.add(0, m, 40);
        reference.at(0, m) += 40;
    }
    check_all(table, reference, "merged");
    // Seven runs fit in the row: 100 with three months changed apart from each other.
    for (const std::int32_t m : {4, 8, 12}) {
        table.set(0, m, m);
        reference.at(0, m) = m;
    }
    BOOST_TEST(table.apart_count() == 0u);
    check_all(table, reference, "seven runs and more");
    // The first and last months too: changed at the edges of the old months.
    table.set(0, 0, -1);
    reference.at(0, 0) = -1;
    table.set(0, months - window - 1, 0);
    reference.at(0, months - window - 1) = 0;
    check_all(table, reference, "edges");
    BOOST_TEST(table.apart_count() == 1u);  // past seven runs: the row kept apart
    table.set(0, 2, 12);
    reference.at(0, 2) = 12;
    check_all(table, reference, "apart");
}

BOOST_AUTO_TEST_CASE(a_value_outside_24_bits_is_held_exactly_everywhere) {
    constexpr std::int32_t months = 12;
    RunLengthCells table(4, months);
    Reference reference(4, months);
    const std::vector<std::int32_t> values = {8'388'607, 8'388'608, -8'388'608, -8'388'609, int32_max, int32_min};
    for (std::int32_t m = 0; m < months; ++m) {
        for (std::size_t row = 0; row < 4; ++row) {
            const std::int32_t value = row == 3 ? 7 : values[static_cast<std::size_t>(m + static_cast<std::int32_t>(row)) % values.size()];
            table.set(row, m, value);
            reference.at(row, m) = value;
        }
        check_all(table, reference, "wide values leaving the window");
    }
    table.set(3, 1, int32_min);  // an old month of a row in runs
    reference.at(3, 1) = int32_min;
    check_all(table, reference, "wide value written back");
    BOOST_TEST(table.apart_count() == 4u);
}

BOOST_AUTO_TEST_CASE(a_jump_of_more_than_the_window_leaves_every_month_behind) {
    RunLengthCells table(3, 40);
    Reference reference(3, 40);
    for (std::int32_t m = 0; m < window; ++m) {
        table.set(1, m, m + 1);
        reference.at(1, m) = m + 1;
    }
    table.set(0, 30, int32_min);
    reference.at(0, 30) = int32_min;
    check_all(table, reference, "jump");
    table.set(2, 10, 4);  // a month between the two, old now
    reference.at(2, 10) = 4;
    check_all(table, reference, "old month in the gap");
}

namespace {

// Months written with gaps between them (a table no one writes for a few months: the carers'
// invariant's months without a payment to a second carer), while rows are apart, and after
// the old months turned dense: every month read back exactly at each step.
BOOST_AUTO_TEST_CASE(jumps_of_several_months_keep_every_form_exact) {
    constexpr std::int32_t months = 40;
    for (const std::size_t rows : {std::size_t{40}, std::size_t{1'200}}) {  // 1 200: past the bound
        RunLengthCells table(rows, months);
        Reference reference(rows, months);
        std::mt19937_64 random(rows);
        std::int32_t latest = 0;
        while (latest < months) {
            for (std::size_t row = 0; row < rows; ++row) {
                // Odd rows change their amount each month written, and the months skipped are zero:
        // past seven runs, rows go apart (all of them, past the bound, with 1 200 rows).
                const std::int32_t value = row % 2 == 0 ? 5'000 : 5'000 + latest % 3;
                table.add(row, latest, value);
                reference.at(row, latest) += value;
            }
            const std::size_t row = random() % rows;
            const auto old = static_cast<std::int32_t>(random() % static_cast<std::uint64_t>(latest + 1));
            table.set(row, old, int32_min);  // a value outside 24 bits in an old month
            reference.at(row, old) = int32_min;
            check_all(table, reference, "after a jump");
            latest += 1 + static_cast<std::int32_t>(random() % 5);
        }
        BOOST_TEST(table.apart_count() + (table.dense() ? rows : 0) > 0u);
        BOOST_TEST(table.dense() == (rows == 1'200));
    }
}

BOOST_AUTO_TEST_CASE(a_negative_month_reads_zero_and_touches_nothing) {
    RunLengthCells table(4, 10);
    table.set(0, 0, 1);
    BOOST_TEST(table.get(0, -1) == 0);
    table.touch_cell(0, -1);  // no touch outside the table
    BOOST_TEST(table.get(3, 0) == 0);  // the cell before row 0 of the window was not written
}

// A run's pattern: the latest month moves on one at a time; each row mostly keeps its amount,
// changed now and then (`change_percent` of its months), most writes in the window, some far
// back; values at the edges of the three bytes and of 32 bits. Checked whole at every month.
RunLengthCells random_writes(std::size_t rows, int writes_per_month, int change_percent, std::uint64_t seed) {
    constexpr std::int32_t months = 27;
    std::mt19937_64 random(seed);
    const std::vector<std::int32_t> values = {0, 1, -1, 8'388'607, 8'388'608, -8'388'608, -8'388'609,
                                              int32_max, int32_min, 46'611, -12'345};
    RunLengthCells table(rows, months);
    Reference reference(rows, months);
    std::vector<std::int32_t> steady(rows);
    for (std::int32_t& v : steady) v = static_cast<std::int32_t>(random() % 60'000);
    for (std::int32_t latest = 0; latest < months; ++latest) {
        for (std::size_t row = 0; row < rows; ++row) {
            if (static_cast<int>(random() % 100) < change_percent) {
                steady[row] = static_cast<std::int32_t>(random() % 60'000);
            }
            table.add(row, latest, steady[row]);
            reference.at(row, latest) += steady[row];
        }
        for (int k = 0; k < writes_per_month; ++k) {
            const std::size_t row = random() % rows;
            const std::uint64_t kind = random() % 100;
            std::int32_t month = latest;
            if (kind < 50) {
                month = latest - static_cast<std::int32_t>(random() % window);
            } else if (kind < 90) {
                month = static_cast<std::int32_t>(random() % static_cast<std::uint64_t>(latest + 1));
            }
            if (month < 0) month = 0;
            if (random() % 20 == 0) {
                const std::int32_t value = values[random() % values.size()];
                table.set(row, month, value);
                reference.at(row, month) = value;
            } else {
                const auto amount = static_cast<std::int32_t>(random() % 2'001) - 1'000;
                const std::int64_t sum = std::int64_t{reference.at(row, month)} + amount;
                if (sum < int32_min || sum > int32_max) continue;
                table.add(row, month, amount);
                reference.at(row, month) = static_cast<std::int32_t>(sum);
            }
        }
        check_all(table, reference, "after a month");
    }
    return table;
}

}  // namespace

BOOST_AUTO_TEST_CASE(random_writes_read_back_as_a_plain_array_with_few_rows_apart) {
    // Amounts that change a few times a run, and a few writes back: most rows keep their runs.
    const RunLengthCells table = random_writes(3'000, 60, 8, 20261206);
    BOOST_TEST(!table.dense());
    BOOST_TEST(table.apart_count() > 0u);
    BOOST_TEST(table.apart_count() < 3'000u / 5);
}

BOOST_AUTO_TEST_CASE(random_writes_read_back_as_a_plain_array_with_the_old_months_dense) {
    // Amounts that change every other month: past the bound of rows apart, the old months
    // become dense, within a month leaving the window (rows before it appended, rows after not).
    const RunLengthCells table = random_writes(2'500, 300, 50, 20261207);
    BOOST_TEST(table.dense());
    BOOST_TEST(table.apart_count() == 0u);
}

BOOST_AUTO_TEST_CASE(equal_tables_compare_equal_whatever_their_history) {
    // The same values, one table written month by month, the other with a detour: an old
    // month split and merged again, a row kept apart and brought back to the same values.
    RunLengthCells a(50, 20);
    RunLengthCells b(50, 20);
    for (std::int32_t m = 0; m < 20; ++m) {
        for (std::size_t row = 0; row < 50; ++row) {
            a.set(row, m, 500);
            b.set(row, m, 500);
        }
    }
    for (std::int32_t m = 0; m < 16; m += 2) b.set(9, m, 1);  // eight runs and more: apart
    BOOST_TEST(b.apart_count() == 1u);
    BOOST_TEST(!(a == b));
    for (std::int32_t m = 0; m < 16; m += 2) b.set(9, m, 500);
    BOOST_TEST((a == b));
    b.add(3, 4, 1);
    BOOST_TEST(!(a == b));
    BOOST_TEST(!(a == RunLengthCells(50, 21)));
}
