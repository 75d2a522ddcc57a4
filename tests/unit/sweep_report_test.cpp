// The sweep's sensitivity measure (docs/sweep-format.md#outputs): the share of a figure's
// variance a factor's levels explain, the correlation ratio eta squared, against values worked
// out by hand.

#include <boost/test/unit_test.hpp>

#include <vector>

#include "harness/runner/sweep_report.hpp"

using pajesim::reports::variance_share;

BOOST_AUTO_TEST_SUITE(sweep_sensitivity)

BOOST_AUTO_TEST_CASE(eta_squared_of_worked_examples) {
    // Mean 3.5; level means 2 and 5: between 3 x 1.5^2 + 3 x 1.5^2 = 13.5; total
    // 6.25 + 2.25 + 0.25 + 0.25 + 2.25 + 6.25 = 17.5.
    BOOST_TEST(variance_share({1, 2, 3, 4, 5, 6}, {0, 0, 0, 1, 1, 1}, 2) == 13.5 / 17.5,
               boost::test_tools::tolerance(1e-12));
    // The levels decide everything: 1.
    BOOST_TEST(variance_share({1, 1, 5, 5}, {0, 0, 1, 1}, 2) == 1.0, boost::test_tools::tolerance(1e-12));
    // The levels decide nothing (equal means): 0.
    BOOST_TEST(variance_share({1, 5, 1, 5}, {0, 0, 1, 1}, 2) == 0.0, boost::test_tools::tolerance(1e-12));
    // Three levels, one of them empty: means 10, 20 for levels 0 and 2 (8, 12 and 18, 22).
    // Mean 15; between 2 x 25 + 2 x 25 = 100; total 49 + 9 + 9 + 49 = 116.
    BOOST_TEST(variance_share({8, 12, 18, 22}, {0, 0, 2, 2}, 3) == 100.0 / 116.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(no_variance_no_share) {
    BOOST_TEST(variance_share({7, 7, 7}, {0, 1, 2}, 3) == 0.0);
    BOOST_TEST(variance_share({7}, {0}, 1) == 0.0);
    BOOST_TEST(variance_share({}, {}, 1) == 0.0);
}

BOOST_AUTO_TEST_SUITE_END()
