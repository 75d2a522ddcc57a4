// MonthFlags (sim/kernel/month_flags.hpp): the four flags of each row and month read back as
// set, whatever its neighbours in the same byte (the other month of the pair) and row hold.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <random>
#include <vector>

#include "sim/kernel/month_flags.hpp"

using namespace pajesim;

BOOST_AUTO_TEST_CASE(flags_start_clear_and_are_set_without_touching_their_neighbours) {
    MonthFlags flags(3, 5);  // an odd number of months: the last pair half used
    BOOST_TEST(MonthFlags().empty());
    BOOST_TEST(!flags.empty());
    for (std::size_t row = 0; row < 3; ++row) {
        for (std::int32_t m = 0; m < 5; ++m) BOOST_TEST(flags.get(row, m) == 0u);
    }
    flags.set(1, 2, 0x0F);  // even month: the low four bits
    BOOST_TEST(flags.get(1, 2) == 0x0Fu);
    BOOST_TEST(flags.get(1, 3) == 0u);  // the other month of its byte
    BOOST_TEST(flags.get(0, 2) == 0u);
    BOOST_TEST(flags.get(2, 2) == 0u);
    flags.set(1, 3, 0x08);  // odd month: the high four bits
    BOOST_TEST(flags.get(1, 3) == 0x08u);
    BOOST_TEST(flags.get(1, 2) == 0x0Fu);
    flags.set(1, 3, 0x01);  // added to those set
    BOOST_TEST(flags.get(1, 3) == 0x09u);
    flags.set(2, 4, 0x05);
    BOOST_TEST(flags.get(2, 4) == 0x05u);
}

BOOST_AUTO_TEST_CASE(random_flags_read_back_as_a_plain_array_and_by_month) {
    constexpr std::size_t rows = 1'001;
    constexpr std::int32_t months = 27;
    MonthFlags flags(rows, months);
    std::vector<std::uint8_t> plain(rows * static_cast<std::size_t>(months), 0);
    std::mt19937_64 random(20261206);
    for (int k = 0; k < 30'000; ++k) {
        const std::size_t row = random() % rows;
        const auto m = static_cast<std::int32_t>(random() % months);
        const auto bits = static_cast<std::uint8_t>(random() % 16);
        flags.set(row, m, bits);
        plain[static_cast<std::size_t>(m) * rows + row] |= bits;
    }
    for (std::int32_t m = 0; m < months; ++m) {
        std::size_t seen = 0;
        flags.for_each_row(m, [&](std::size_t row, std::uint8_t cell) {
            BOOST_TEST_REQUIRE(row == seen);
            BOOST_TEST_REQUIRE(cell == plain[static_cast<std::size_t>(m) * rows + row]);
            BOOST_TEST_REQUIRE(flags.get(row, m) == cell);
            ++seen;
        });
        BOOST_TEST(seen == rows);
    }
}
