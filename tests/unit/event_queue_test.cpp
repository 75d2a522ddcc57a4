#include <boost/test/unit_test.hpp>

#include <cstdint>
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

// ahead(k) shows the event k places after the next one to pop in the current bucket (the order
// of popping), nothing past the bucket's end, and follows the pops.
BOOST_AUTO_TEST_CASE(shows_the_events_ahead_in_the_current_bucket) {
    pajesim::EventQueue<int, 2> queue(d(1));
    BOOST_TEST(queue.ahead(0) == nullptr);
    queue.push(d(3), 0, 10);
    queue.push(d(3), 0, 11);
    queue.push(d(3), 0, 12);
    queue.push(d(3), 1, 20);  // another bucket: never shown from the first
    BOOST_REQUIRE(queue.pop()->event == 10);
    BOOST_REQUIRE(queue.ahead(0) != nullptr);
    BOOST_TEST(*queue.ahead(0) == 11);
    BOOST_TEST(*queue.ahead(1) == 12);
    BOOST_TEST(queue.ahead(2) == nullptr);
    BOOST_REQUIRE(queue.pop()->event == 11);
    BOOST_TEST(*queue.ahead(0) == 12);
    BOOST_TEST(queue.ahead(1) == nullptr);
    BOOST_REQUIRE(queue.pop()->event == 12);
    BOOST_TEST(queue.ahead(0) == nullptr);  // the bucket is spent; the next is not shown yet
    const auto last = queue.pop();
    BOOST_REQUIRE(last.has_value());
    BOOST_TEST(last->event == 20);
    BOOST_TEST(last->sequence == 0u);  // its place in its own bucket
    BOOST_TEST(queue.ahead(0) == nullptr);
}

// Buckets of several chunks (kernel/chunked_list.hpp), filled while they are popped and shown
// ahead across a chunk's end: every event comes out once, in push order, with its place as its
// sequence; the chunks popped are reused by later buckets.
BOOST_AUTO_TEST_CASE(buckets_of_several_chunks_keep_push_order) {
    constexpr std::size_t chunk = pajesim::EventQueue<int, 2>::chunk_events;
    constexpr int first_pushes = static_cast<int>(3 * chunk + 7);
    pajesim::EventQueue<int, 2> queue(d(1));
    for (int i = 0; i < first_pushes; ++i) queue.push(d(2), 0, i);
    std::vector<int> popped;
    std::vector<std::uint64_t> places;
    int next = first_pushes;
    bool ahead_right = true;
    while (auto item = queue.pop()) {
        popped.push_back(item->event);
        places.push_back(item->sequence);
        if (item->date == d(2) && item->phase == 0) {
            // The event one chunk ahead, when there is one, is the one pushed that many after.
            if (const int* seen = queue.ahead(chunk)) {
                ahead_right = ahead_right && *seen == item->event + 1 + static_cast<int>(chunk);
            }
            if (item->event % 3 == 0 && next < 5 * static_cast<int>(chunk)) queue.push(d(2), 0, next++);
            if (item->event % 5 == 0) queue.push(d(3), 1, 100'000 + item->event);
        }
    }
    BOOST_TEST(ahead_right);
    std::vector<int> expected;
    for (int i = 0; i < next; ++i) expected.push_back(i);
    std::vector<int> later;
    for (int i = 0; i < next; ++i) {
        if (i % 5 == 0) later.push_back(100'000 + i);
    }
    expected.insert(expected.end(), later.begin(), later.end());
    BOOST_TEST(popped == expected, boost::test_tools::per_element());
    bool places_right = true;
    for (std::size_t i = 0; i < places.size(); ++i) {
        const std::size_t place = i < static_cast<std::size_t>(next) ? i : i - static_cast<std::size_t>(next);
        places_right = places_right && places[i] == place;
    }
    BOOST_TEST(places_right);
    BOOST_TEST(queue.empty());
}
