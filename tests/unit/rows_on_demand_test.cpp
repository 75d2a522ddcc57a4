#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <vector>

#include "sim/kernel/random.hpp"
#include "sim/kernel/rows_on_demand.hpp"

using pajesim::RowsOnDemand;

namespace {

struct Pair {
    std::int32_t due = 0;
    std::int32_t debited = 0;
};

}  // namespace

// Against a dense table: 30 000 entities of 24 months, a third of them ever written (more rows
// than one block holds), amounts of either sign and zeros among them. Every month of every
// entity reads what the dense table holds, and only the entities written hold a row.
BOOST_AUTO_TEST_CASE(reads_equal_a_dense_table_and_rows_are_made_for_writes_only) {
    constexpr std::size_t entities = 30'000;
    constexpr std::size_t months = 24;
    RowsOnDemand<Pair> rows(entities, months);
    std::vector<Pair> dense(entities * months);
    std::vector<bool> written(entities, false);
    pajesim::RandomStream stream(11, pajesim::StreamKind::test, 1);
    for (int n = 0; n < 60'000; ++n) {
        const auto entity = static_cast<std::size_t>(stream.uniform_below(entities));
        if (entity % 3 != 0) continue;  // two thirds never written
        const auto month = static_cast<std::size_t>(stream.uniform_below(months));
        const auto amount = static_cast<std::int32_t>(stream.uniform_below(2'000'00)) - 1'000'00;
        Pair& cell = rows.at(entity, month);
        if (n % 2 == 0) {
            cell.due += amount;
            dense[entity * months + month].due += amount;
        } else {
            cell.debited += amount;
            dense[entity * months + month].debited += amount;
        }
        written[entity] = true;
    }
    std::size_t held = 0;
    std::size_t wrong_rows = 0;
    std::size_t wrong_cells = 0;
    for (std::size_t e = 0; e < entities; ++e) {
        if (rows.holds(e) != written[e]) ++wrong_rows;
        if (written[e]) ++held;
        for (std::size_t m = 0; m < months; ++m) {
            const Pair read = rows.get(e, m);
            const Pair& expected = dense[e * months + m];
            if (read.due != expected.due || read.debited != expected.debited) ++wrong_cells;
        }
    }
    BOOST_TEST(wrong_rows == 0u);
    BOOST_TEST(wrong_cells == 0u);
    BOOST_TEST(rows.rows() == held);
    BOOST_TEST(held > RowsOnDemand<Pair>::rows_per_block);  // the rows span two blocks
}

// A cell's reference stays valid while other entities get rows (no block moves), and a reset
// forgets every row.
BOOST_AUTO_TEST_CASE(cells_never_move_and_reset_forgets) {
    RowsOnDemand<std::int32_t> rows(3 * RowsOnDemand<std::int32_t>::rows_per_block, 2);
    std::int32_t& first = rows.at(0, 1);
    first = 7;
    for (std::size_t e = 1; e < 3 * RowsOnDemand<std::int32_t>::rows_per_block; ++e) rows.at(e, 0) = 1;
    first += 1;
    BOOST_TEST(rows.get(0, 1) == 8);
    BOOST_TEST(rows.get(0, 0) == 0);
    BOOST_TEST(rows.get(5, 0) == 1);
    rows.reset(4, 2);
    BOOST_TEST(rows.rows() == 0u);
    BOOST_TEST(!rows.holds(0));
    BOOST_TEST(rows.get(0, 1) == 0);
}

// Three bytes a cell: against a dense table, amounts mostly small, some beyond 24 bits, some
// landing exactly on the edges of 24 bits (-2^23 and 2^23 - 1, the lowest and highest held
// narrow) and one beyond each, written in any month, the first included, before and after a
// row is held apart.
BOOST_AUTO_TEST_CASE(narrow_rows_read_back_every_amount_below_at_and_beyond_24_bits) {
    using pajesim::NarrowRowsOnDemand;
    constexpr std::size_t entities = 12'000;
    constexpr std::size_t months = 27;
    constexpr std::int32_t edge = 1 << 23;
    NarrowRowsOnDemand rows(entities, months);
    std::vector<std::int32_t> dense(entities * months, 0);
    std::vector<bool> written(entities, false);
    pajesim::RandomStream stream(12, pajesim::StreamKind::test, 2);
    const auto add = [&](std::size_t entity, std::size_t month, std::int32_t amount) {
        rows.add(entity, month, amount);
        dense[entity * months + month] += amount;
        written[entity] = true;
    };
    for (int n = 0; n < 50'000; ++n) {
        const auto entity = static_cast<std::size_t>(stream.uniform_below(entities));
        if (entity % 4 != 0) continue;  // three quarters never written
        const auto month = static_cast<std::size_t>(stream.uniform_below(months));
        std::int32_t amount = static_cast<std::int32_t>(stream.uniform_int(-500'00, 500'00));
        if (stream.uniform_below(500) == 0) amount = static_cast<std::int32_t>(stream.uniform_int(edge, 4 * edge));
        if (amount == 0) amount = 1;
        add(entity, month, amount);
    }
    // The edges, each on an entity of its own: the highest narrow value, one beyond it, the
    // lowest narrow value, one below it (held apart), one above it, and a row apart written
    // again in its first month.
    add(1, 3, edge - 1);
    add(2, 3, edge - 1);
    add(2, 3, 1);
    add(5, 0, -edge);
    add(9, 0, -edge - 1);
    add(6, 26, -edge + 1);
    add(7, 4, 2 * edge);
    add(7, 0, -3);
    add(7, 4, -2 * edge);
    std::size_t held = 0;
    std::size_t wrong_cells = 0;
    for (std::size_t e = 0; e < entities; ++e) {
        if (written[e]) ++held;
        for (std::size_t m = 0; m < months; ++m) {
            if (rows.get(e, m) != dense[e * months + m]) ++wrong_cells;
        }
    }
    BOOST_TEST(wrong_cells == 0u);
    BOOST_TEST(rows.rows() == held);
    BOOST_TEST(rows.get(1, 3) == edge - 1);
    BOOST_TEST(rows.get(2, 3) == edge);
    BOOST_TEST(rows.get(5, 0) == -edge);
    BOOST_TEST(rows.get(9, 0) == -edge - 1);
    BOOST_TEST(rows.get(6, 26) == -edge + 1);
    BOOST_TEST(rows.get(7, 0) == -3);
    BOOST_TEST(rows.get(7, 4) == 0);
    // Entities 2, 7 and 9 are apart, and a few of the random ones; most rows are narrow.
    BOOST_TEST(rows.wide_rows() >= 3u);
    BOOST_TEST(rows.wide_rows() < held / 4);
}
