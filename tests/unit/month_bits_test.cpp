// MonthBits (sim/kernel/month_bits.hpp): each entity's bit of each month is its own, in one
// word up to 32 months and two beyond, and bits() shows them all with bit m for month m.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <random>
#include <vector>

#include "sim/kernel/month_bits.hpp"

using namespace pajesim;

BOOST_AUTO_TEST_CASE(agrees_with_a_64_bit_word_per_entity_at_every_run_length) {
    for (const std::int32_t months : {1, 24, 31, 32, 33, 48, 64}) {
        constexpr std::size_t entities = 37;
        MonthBits bits(entities, months);
        std::vector<std::uint64_t> model(entities, 0);
        std::mt19937_64 draw(static_cast<std::uint64_t>(months));
        for (int step = 0; step < 20'000; ++step) {
            const std::size_t e = draw() % entities;
            const auto m = static_cast<std::int32_t>(draw() % static_cast<std::uint64_t>(months));
            const std::uint64_t bit = std::uint64_t{1} << m;
            if (draw() % 3 == 0) {
                bits.reset(e, m);
                model[e] &= ~bit;
            } else {
                bits.set(e, m);
                model[e] |= bit;
            }
        }
        std::size_t wrong = 0;
        std::size_t set = 0;
        for (std::size_t e = 0; e < entities; ++e) {
            wrong += bits.bits(e) != model[e] ? 1 : 0;
            for (std::int32_t m = 0; m < months; ++m) {
                const bool expected = (model[e] >> m & 1u) != 0;
                wrong += bits.test(e, m) != expected ? 1 : 0;
                set += expected ? 1 : 0;
            }
        }
        BOOST_TEST(wrong == 0u, months << " months");
        BOOST_TEST(set > 0u, months << " months");
    }
}

BOOST_AUTO_TEST_CASE(the_last_month_of_an_entity_leaves_the_next_alone) {
    for (const std::int32_t months : {32, 64}) {
        MonthBits bits(3, months);
        bits.set(1, months - 1);
        bits.set(1, 0);
        BOOST_TEST(bits.bits(0) == 0u);
        BOOST_TEST(bits.bits(2) == 0u);
        BOOST_TEST(bits.bits(1) == ((std::uint64_t{1} << (months - 1)) | 1u));
        bits.reset(1, months - 1);
        BOOST_TEST(bits.bits(1) == 1u);
    }
}
