#include <boost/test/unit_test.hpp>

#include <type_traits>
#include <utility>
#include <vector>

#include "sim/kernel/cents.hpp"
#include "sim/kernel/ratio.hpp"

using pajesim::Cents;
using pajesim::Ratio;
using pajesim::Rounding;

static_assert(!std::is_constructible_v<Cents, double>, "money never comes from a double");
static_assert(!std::is_constructible_v<Cents, float>, "money never comes from a float");

BOOST_AUTO_TEST_CASE(parses_exact_decimal_text) {
    BOOST_TEST(Cents::parse("471.17").value() == Cents{47117});
    BOOST_TEST(Cents::parse("12").value() == Cents{1200});
    BOOST_TEST(Cents::parse("3.5").value() == Cents{350});
    BOOST_TEST(Cents::parse("0.05").value() == Cents{5});
    BOOST_TEST(Cents::parse("-0.05").value() == Cents{-5});
    BOOST_TEST(Cents::parse("0").value() == Cents{0});
    BOOST_TEST(Cents::parse("007.10").value() == Cents{710});
}

BOOST_AUTO_TEST_CASE(rejects_bad_text) {
    for (const char* text : {"1.234", "1.", ".5", "", "-", "+1", "1e3", " 1", "1 ", "1,5", "abc",
                             "1.2.3", "--1", "99999999999999999999",
                             // 17 integer digits and 2 decimals: 10^19 cents, beyond int64.
                             "99999999999999999.99", "-99999999999999999.99"}) {
        BOOST_TEST(!Cents::parse(text).has_value(), "accepted '" << text << "'");
    }
}

BOOST_AUTO_TEST_CASE(parses_up_to_its_limit) {
    // The limit is 9 * 10^15 cents (90 000 000 000 000 euros), well below int64's maximum.
    BOOST_TEST(Cents::parse("90000000000000").value() == Cents{9'000'000'000'000'000});
    BOOST_TEST(Cents::parse("-90000000000000.00").value() == Cents{-9'000'000'000'000'000});
    BOOST_TEST(!Cents::parse("90000000000000.01").has_value());
}

BOOST_AUTO_TEST_CASE(formats_with_two_decimals) {
    BOOST_TEST(Cents{47117}.to_string() == "471.17");
    BOOST_TEST(Cents{5}.to_string() == "0.05");
    BOOST_TEST(Cents{-5}.to_string() == "-0.05");
    BOOST_TEST(Cents{-12345}.to_string() == "-123.45");
    BOOST_TEST(Cents{1200}.to_string() == "12.00");
    BOOST_TEST(Cents{0}.to_string() == "0.00");
    BOOST_TEST(Cents{INT64_MIN + 1}.to_string() == "-92233720368547758.07");
}

BOOST_AUTO_TEST_CASE(rounding_half_up_at_the_half_cent) {
    // 297.10 x 0.5 % = 1.4855 -> 1.49 (CRDS of the worked check, domain.md section 3).
    BOOST_TEST(pajesim::apply_rate(Cents{29710}, Ratio{5, 1000}, Rounding::half_up) == Cents{149});
    // 1.00 x 0.5 % = 0.005: exactly half a cent rounds up.
    BOOST_TEST(pajesim::apply_rate(Cents{100}, Ratio{5, 1000}, Rounding::half_up) == Cents{1});
    // 0.99 x 0.5 % = 0.00495: below the half rounds down.
    BOOST_TEST(pajesim::apply_rate(Cents{99}, Ratio{5, 1000}, Rounding::half_up) == Cents{0});
    // Negative amounts round away from zero at the half.
    BOOST_TEST(pajesim::apply_rate(Cents{-100}, Ratio{5, 1000}, Rounding::half_up) == Cents{-1});
    // 413.16 x 114.04 % = 471.167664 -> 471.17; x 71.91 % = 297.103356 -> 297.10.
    BOOST_TEST(pajesim::apply_rate(Cents{41316}, Ratio{11404, 10000}, Rounding::half_up) ==
               Cents{47117});
    BOOST_TEST(pajesim::apply_rate(Cents{41316}, Ratio{7191, 10000}, Rounding::half_up) ==
               Cents{29710});
}

BOOST_AUTO_TEST_CASE(other_roundings) {
    BOOST_TEST(pajesim::apply_rate(Cents{100}, Ratio{5, 1000}, Rounding::toward_zero) == Cents{0});
    BOOST_TEST(pajesim::apply_rate(Cents{199}, Ratio{1, 2}, Rounding::toward_zero) == Cents{99});
    // 0.005 -> 0.00 and 0.015 -> 0.02 with ties to even.
    BOOST_TEST(pajesim::apply_rate(Cents{100}, Ratio{5, 1000}, Rounding::half_even) == Cents{0});
    BOOST_TEST(pajesim::apply_rate(Cents{300}, Ratio{5, 1000}, Rounding::half_even) == Cents{2});
}

// divide_rounded takes a 64-bit path when its operands fit and a 128-bit one otherwise: both
// must round as the definitions say, on each side of the boundary. The reference rounds the
// magnitude by the textbook formulas (half up: floor((2|n| + d) / 2d); half even: the same,
// less one on an exact tie that lands on an odd quotient).
BOOST_AUTO_TEST_CASE(divide_rounded_agrees_with_the_definitions_across_64_bits) {
    using pajesim::Int128;
    const Int128 max64 = INT64_MAX;
    const Int128 min64 = INT64_MIN;
    const Int128 two63 = max64 + 1;
    const Int128 two90 = Int128{1} << 90;
    const std::vector<Int128> magnitudes{0, 1, 2, 3, 5, 7, 10, 15, 25, 999, 1000, 1001, 1500, 2500,
                                         4294967295, max64 - 1, max64, two63, two63 + 1,
                                         two63 * 2 + 3, two90, two90 + 1};
    const std::vector<Int128> denominators{1, 2, 3, 7, 10, 100, 1200, 2147483647, max64 - 1, max64, two63,
                                           two63 * 4, two90};
    int checked = 0;
    for (const Int128 magnitude : magnitudes) {
        for (const int sign : {1, -1}) {
            const Int128 n = sign * magnitude;
            for (const Int128 d : denominators) {
                const Int128 truncated = magnitude / d;
                const Int128 half_up = (2 * magnitude + d) / (2 * d);
                const bool tie = (2 * magnitude + d) % (2 * d) == 0;
                const Int128 half_even = tie && half_up % 2 == 1 ? half_up - 1 : half_up;
                const std::pair<Rounding, Int128> cases[] = {
                    {Rounding::toward_zero, truncated}, {Rounding::half_up, half_up}, {Rounding::half_even, half_even}};
                for (const auto& [rounding, expected_magnitude] : cases) {
                    const Int128 expected = sign * expected_magnitude;
                    if (expected > max64 || expected < min64) continue;  // not representable: asserted
                    BOOST_TEST_CONTEXT("n = " << static_cast<long double>(n) << ", d = " << static_cast<long double>(d)
                                              << ", rounding " << static_cast<int>(rounding)) {
                        BOOST_TEST(pajesim::divide_rounded(n, d, rounding) == static_cast<std::int64_t>(expected));
                    }
                    ++checked;
                }
            }
        }
    }
    // INT64_MIN itself, whose magnitude does not fit in 64 bits.
    BOOST_TEST(pajesim::divide_rounded(min64, 1, Rounding::half_up) == INT64_MIN);
    BOOST_TEST(pajesim::divide_rounded(min64, 2, Rounding::toward_zero) == INT64_MIN / 2);
    BOOST_TEST(pajesim::divide_rounded(min64 + 1, 2, Rounding::half_even) == INT64_MIN / 2);
    BOOST_TEST(checked > 1000);
    // apply_rate past 64 bits: 4e18 x 3 overflows, the 128-bit path rounds the same way.
    BOOST_TEST(pajesim::apply_rate(Cents{4000000000000000000}, Ratio{3, 4}, Rounding::half_up) ==
               Cents{3000000000000000000});
    BOOST_TEST(pajesim::apply_rate(Cents{4000000000000000002}, Ratio{3, 4}, Rounding::half_up) ==
               Cents{3000000000000000002});  // ...001.5 rounds up
    BOOST_TEST(pajesim::apply_rate(Cents{-4000000000000000002}, Ratio{3, 4}, Rounding::half_even) ==
               Cents{-3000000000000000002});  // -...001.5: to the even neighbour
    BOOST_TEST(pajesim::apply_rate(Cents{4000000000000000001}, Ratio{3, 4}, Rounding::toward_zero) ==
               Cents{3000000000000000000});  // ...000.75 truncated
}

BOOST_AUTO_TEST_CASE(arithmetic_and_order) {
    BOOST_TEST(Cents{100} + Cents{-250} == Cents{-150});
    BOOST_TEST(Cents{100} - Cents{250} == Cents{-150});
    BOOST_TEST(Cents{2946}.times(3) == Cents{8838});
    BOOST_TEST(Cents::from_euros(20755) == Cents{2075500});
    BOOST_TEST(Cents{1} < Cents{2});
    BOOST_TEST(pajesim::min(Cents{5}, Cents{3}) == Cents{3});
}

BOOST_AUTO_TEST_CASE(ratios_are_exact_and_reduced) {
    BOOST_TEST(Ratio::parse_decimal("0.7191").value() == (Ratio{7191, 10000}));
    BOOST_TEST(Ratio::parse_decimal("1.3").value() == (Ratio{13, 10}));
    BOOST_TEST(Ratio::parse_decimal("0.50").value() == (Ratio{1, 2}));
    BOOST_TEST((Ratio{2, 4}) == (Ratio{1, 2}));
    BOOST_TEST((Ratio{1, -2}).numerator() == -1);
    BOOST_TEST((Ratio{1, 3}) < (Ratio{34, 100}));
    BOOST_TEST((Ratio{13, 10} * Ratio{13, 10}) == (Ratio{169, 100}));
    BOOST_TEST((Ratio{1, 2}).is_probability());
    BOOST_TEST(!(Ratio{3, 2}).is_probability());
    BOOST_TEST((Ratio{1, 2}).to_decimal_string(2) == "0.50");
    BOOST_TEST((Ratio{1, 1}).to_decimal_string(2) == "1.00");
    BOOST_TEST((Ratio{7191, 10000}).to_decimal_string() == "0.7191");
    for (const char* text : {"", ".5", "1.", "1,5", "abc", "1e3", "0.1234567890123"}) {
        BOOST_TEST(!Ratio::parse_decimal(text).has_value(), text);
    }
}
