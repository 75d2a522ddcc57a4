// PackedCells (sim/kernel/packed_cells.hpp): every 32-bit value a cell is given reads back
// exactly, its neighbours unchanged, whether it fits in the three bytes or goes to the side
// table; a cell brought back into 24 bits leaves the side table.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include "sim/kernel/packed_cells.hpp"

using namespace pajesim;

namespace {

constexpr std::int32_t int32_min = std::numeric_limits<std::int32_t>::min();
constexpr std::int32_t int32_max = std::numeric_limits<std::int32_t>::max();

// Values at the edges of each byte and of the 24 bits, and beyond them.
const std::vector<std::int32_t> edges = {
    0,         1,         -1,        127,       128,       -128,      -129,     255,
    256,       -256,      -257,      32'767,    32'768,    -32'768,   -32'769,  65'535,
    65'536,    -65'536,   -65'537,   8'388'606, 8'388'607, 8'388'608, -8'388'607, -8'388'608,
    -8'388'609, 16'777'215, 16'777'216, -16'777'216, int32_max, int32_min, int32_min + 1};

}  // namespace

BOOST_AUTO_TEST_CASE(starts_at_zero) {
    const PackedCells cells(100'000);
    BOOST_TEST(cells.size() == 100'000u);
    std::size_t non_zero = 0;
    for (std::size_t at = 0; at < cells.size(); ++at) non_zero += cells[at] != 0 ? 1 : 0;
    BOOST_TEST(non_zero == 0u);
    BOOST_TEST(PackedCells().empty());
}

BOOST_AUTO_TEST_CASE(every_edge_value_reads_back_between_neighbours_left_alone) {
    for (const std::int32_t left : {0, -1, 8'388'607, int32_min}) {
        for (const std::int32_t value : edges) {
            PackedCells cells(3);
            cells[0] = left;
            cells[2] = -left - 1;
            cells[1] = value;
            BOOST_TEST(cells[1] == value, "value " << value);
            BOOST_TEST(cells[0] == left, "value " << value << ", left " << left);
            BOOST_TEST(cells[2] == -left - 1, "value " << value << ", left " << left);
        }
    }
}

BOOST_AUTO_TEST_CASE(values_outside_24_bits_go_to_the_side_table_and_come_back) {
    PackedCells cells(4);
    cells[1] = 8'388'607;
    BOOST_TEST(cells.wide_count() == 0u);
    cells[1] += 1;  // 2^23: one past the three bytes
    BOOST_TEST(cells[1] == 8'388'608);
    BOOST_TEST(cells.wide_count() == 1u);
    cells[2] = -8'388'608;  // the marker's own value is held wide
    BOOST_TEST(cells[2] == -8'388'608);
    BOOST_TEST(cells.wide_count() == 2u);
    cells[1] -= 2;
    BOOST_TEST(cells[1] == 8'388'606);
    BOOST_TEST(cells.wide_count() == 1u);
    cells[2] += 1;
    BOOST_TEST(cells[2] == -8'388'607);
    BOOST_TEST(cells.wide_count() == 0u);
    BOOST_TEST(cells[0] == 0);
    BOOST_TEST(cells[3] == 0);
}

BOOST_AUTO_TEST_CASE(equal_by_values_whatever_the_order_they_were_written_in) {
    PackedCells a(3);
    PackedCells b(3);
    a[0] = int32_max;
    a[2] = -5;
    b[2] = -5;
    b[0] = int32_max;
    BOOST_TEST((a == b));
    b[1] = 1;
    BOOST_TEST(!(a == b));
    b[1] = 0;
    BOOST_TEST((a == b));
    BOOST_TEST(!(a == PackedCells(2)));
    PackedCells c;
    c.swap(b);
    BOOST_TEST(b.empty());
    BOOST_TEST((a == c));
}

BOOST_AUTO_TEST_CASE(agrees_with_an_array_of_int32_over_random_writes) {
    // Writes, additions and subtractions near the edges, checked against a plain array.
    std::mt19937_64 draw(20'191'231);
    constexpr std::size_t n = 257;
    PackedCells cells(n);
    std::vector<std::int32_t> model(n, 0);
    std::uniform_int_distribution<std::size_t> where(0, n - 1);
    std::uniform_int_distribution<std::size_t> which(0, edges.size() - 1);
    std::uniform_int_distribution<std::int32_t> small(-70'000, 70'000);
    for (int step = 0; step < 200'000; ++step) {
        const std::size_t at = where(draw);
        switch (draw() % 3) {
            case 0: {
                // An edge, or a value one or two away from it (within int32).
                const std::int64_t near = std::int64_t{edges[which(draw)]} + small(draw) % 3;
                const auto value = static_cast<std::int32_t>(std::clamp<std::int64_t>(near, int32_min, int32_max));
                cells[at] = value;
                model[at] = value;
                break;
            }
            case 1: {
                const std::int32_t amount = small(draw);
                // Stay inside int32 (an overflow is the caller's, as with int32 itself).
                if (static_cast<std::int64_t>(model[at]) + amount > int32_max ||
                    static_cast<std::int64_t>(model[at]) + amount < int32_min) {
                    break;
                }
                cells[at] += amount;
                model[at] += amount;
                break;
            }
            default: {
                const std::int32_t amount = small(draw);
                if (static_cast<std::int64_t>(model[at]) - amount > int32_max ||
                    static_cast<std::int64_t>(model[at]) - amount < int32_min) {
                    break;
                }
                cells[at] -= amount;
                model[at] -= amount;
                break;
            }
        }
    }
    std::size_t wrong = 0;
    std::size_t wide = 0;
    for (std::size_t at = 0; at < n; ++at) {
        wrong += cells[at] != model[at] ? 1 : 0;
        wide += model[at] < PackedCells::narrow_min || model[at] > PackedCells::narrow_max ? 1 : 0;
    }
    BOOST_TEST(wrong == 0u);
    BOOST_TEST(cells.wide_count() == wide);
    BOOST_TEST(wide > 0u);  // the draws reached the side table
}

BOOST_AUTO_TEST_CASE(the_non_zero_cells_of_a_range_are_visited_once_each_in_order) {
    // Values whose low bytes are zero (65 536, 256, -65 536), wide values, neighbours of zero
    // runs longer and shorter than the scan's eight bytes; ranges that start and end mid-word.
    std::mt19937_64 random(7);
    constexpr std::size_t size = 5'000;
    PackedCells cells(size);
    std::vector<std::int32_t> reference(size, 0);
    const std::vector<std::int32_t> values = {1, -1, 256, 65'536, -65'536, 8'388'607, -8'388'608, int32_max, int32_min};
    for (int k = 0; k < 400; ++k) {
        const std::size_t at = random() % size;
        const std::int32_t value = values[random() % values.size()];
        cells[at] = value;
        reference[at] = value;
    }
    cells[17] = 5;
    cells[17] = 0;  // written, then back to zero
    reference[17] = 0;
    for (const auto& [first, last] : std::vector<std::pair<std::size_t, std::size_t>>{
             {0, size}, {1, size - 1}, {3, 11}, {1'234, 1'235}, {size, size}, {4'000, size}}) {
        std::vector<std::size_t> visited;
        cells.for_each_non_zero(first, last, [&](std::size_t at, std::int32_t value) {
            BOOST_TEST_REQUIRE(value == reference[at], "cell " << at);
            visited.push_back(at);
        });
        std::vector<std::size_t> expected;
        for (std::size_t at = first; at < last; ++at) {
            if (reference[at] != 0) expected.push_back(at);
        }
        BOOST_TEST(visited == expected, "range " << first << " to " << last);
    }
}
