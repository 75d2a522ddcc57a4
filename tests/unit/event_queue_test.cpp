#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "sim/kernel/event_queue.hpp"

using pajesim::Date;

namespace {
Date d(unsigned day) { return Date::from_civil(2019, 5, day); }
}  // namespace

BOOST_AUTO_TEST_CASE(pops_by_date_then_phase_then_push_order) {
    pajesim::EventQueue<std::string, 3> queue(d(1));
    queue.push(d(3), 0, "3/0 first");
    queue.push(d(2), 2, "2/2");
    queue.push(d(3), 0, "3/0 second");
    queue.push(d(2), 1, "2/1");
    queue.push(d(1), 2, "1/2");
    std::vector<std::string> order;
    while (auto item = queue.pop()) order.push_back(item->event);
    const std::vector<std::string> expected{"1/2", "2/1", "2/2", "3/0 first", "3/0 second"};
    BOOST_TEST(order == expected, boost::test_tools::per_element());
    BOOST_TEST(queue.empty());
}

BOOST_AUTO_TEST_CASE(events_pushed_while_running_join_the_right_bucket) {
    pajesim::EventQueue<int, 2> queue(d(1));
    queue.push(d(1), 0, 1);
    std::vector<int> order;
    while (auto item = queue.pop()) {
        order.push_back(item->event);
        if (item->event == 1) {
            queue.push(d(1), 0, 2);  // same day, same phase: after the current one
            queue.push(d(1), 1, 3);  // same day, later phase
            queue.push(d(5), 0, 4);
        }
    }
    BOOST_TEST(order == (std::vector<int>{1, 2, 3, 4}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(reports_date_phase_and_sequence) {
    pajesim::EventQueue<int, 4> queue(d(1));
    queue.push(d(10), 3, 7);
    queue.push(d(10), 3, 8);
    const auto first = queue.pop();
    BOOST_REQUIRE(first.has_value());
    BOOST_TEST(first->date == d(10));
    BOOST_TEST(first->phase == 3);
    BOOST_TEST(first->sequence == 0u);
    BOOST_TEST(queue.pop()->sequence == 1u);
    BOOST_TEST(queue.size() == 0u);
    BOOST_TEST(!queue.pop().has_value());
}
