// Books::Prepared (sim/model/truth/books.hpp): an answer prepared ahead reads back exactly
// when each amount fits its 21 bits, and is not kept (the oracle is asked again) otherwise.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>

#include "sim/model/truth/books.hpp"

using pajesim::model::Books;

namespace {

constexpr std::int32_t top = (1 << 21) - 1;  // 20 971.51 euros

bool same(const Books::Owed& a, const Books::Owed& b) {
    return a.cmg == b.cmg && a.uncovered == b.uncovered && a.covered == b.covered;
}

}  // namespace

BOOST_AUTO_TEST_CASE(amounts_within_21_bits_read_back_exactly) {
    for (const Books::Owed owed : {Books::Owed{0, 0, 0}, Books::Owed{46'345, 12'001, 33'999}, Books::Owed{top, 0, 0},
                                   Books::Owed{0, top, 0}, Books::Owed{0, 0, top}, Books::Owed{top, top, top},
                                   Books::Owed{1, 2, 3}}) {
        const Books::Prepared prepared = Books::Prepared::of(owed);
        BOOST_TEST_REQUIRE(prepared.held());
        BOOST_TEST(same(prepared.owed(), owed), owed.cmg << " " << owed.uncovered << " " << owed.covered);
    }
    BOOST_TEST(Books::Prepared{}.held());  // a table made of zeros holds answers of zero
    BOOST_TEST(same(Books::Prepared{}.owed(), Books::Owed{0, 0, 0}));
}

BOOST_AUTO_TEST_CASE(an_amount_outside_21_bits_is_not_kept) {
    constexpr std::int32_t int32_max = std::numeric_limits<std::int32_t>::max();
    for (const Books::Owed owed : {Books::Owed{top + 1, 0, 0}, Books::Owed{0, top + 1, 0}, Books::Owed{0, 0, top + 1},
                                   Books::Owed{-1, 0, 0}, Books::Owed{0, -1, 0}, Books::Owed{0, 0, -1},
                                   Books::Owed{int32_max, 5, 5}, Books::Owed{5, 5, std::numeric_limits<std::int32_t>::min()}}) {
        BOOST_TEST(!Books::Prepared::of(owed).held(), owed.cmg << " " << owed.uncovered << " " << owed.covered);
    }
}
