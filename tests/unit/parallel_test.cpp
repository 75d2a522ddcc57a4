// The fork-join helpers of sim/kernel/parallel.hpp: every index is worked on exactly once, the
// ranges are contiguous and in order, and a failure surfaces as the sequential loop's would.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "sim/kernel/parallel.hpp"

using pajesim::run_each;
using pajesim::run_in_ranges;

BOOST_AUTO_TEST_CASE(ranges_cover_every_index_once_in_contiguous_pieces) {
    for (const std::uint32_t n : {0u, 1u, 2u, 7u, 100u, 1001u}) {
        for (const unsigned threads : {1u, 2u, 3u, 8u, 300u}) {
            std::vector<int> seen(n, 0);
            std::mutex lock;
            std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
            run_in_ranges(n, threads, [&](std::uint32_t begin, std::uint32_t end) {
                for (std::uint32_t i = begin; i < end; ++i) ++seen[i];
                const std::lock_guard<std::mutex> hold(lock);
                ranges.emplace_back(begin, end);
            });
            for (std::uint32_t i = 0; i < n; ++i) BOOST_TEST(seen[i] == 1, "n " << n << " threads " << threads << " index " << i);
            std::sort(ranges.begin(), ranges.end());
            // Never more ranges than indexes (or one, for none) or than max_threads, and nearly
            // equal sizes (whether the system started every thread or not).
            BOOST_TEST(ranges.size() == std::max(1u, std::min({n, threads, pajesim::max_threads})));
            std::uint32_t expected_begin = 0;
            for (const auto& [begin, end] : ranges) {
                BOOST_TEST(begin == expected_begin);
                BOOST_TEST(end - begin <= n / ranges.size() + 1);
                expected_begin = end;
            }
            BOOST_TEST(expected_begin == n);
        }
    }
}

BOOST_AUTO_TEST_CASE(ranges_run_on_several_threads) {
    // Two ranges that each wait for the other to start can only finish on two threads.
    std::atomic<int> started{0};
    run_in_ranges(2, 2, [&](std::uint32_t, std::uint32_t) {
        ++started;
        while (started.load() < 2) std::this_thread::yield();
    });
    BOOST_TEST(started.load() == 2);
}

BOOST_AUTO_TEST_CASE(a_range_that_throws_is_rethrown_after_the_others_finish) {
    std::atomic<int> finished{0};
    BOOST_CHECK_EXCEPTION(run_in_ranges(4, 4,
                                        [&](std::uint32_t begin, std::uint32_t) {
                                            if (begin == 1) throw std::runtime_error("range 1");
                                            if (begin == 3) throw std::runtime_error("range 3");
                                            ++finished;
                                        }),
                          std::runtime_error,
                          [](const std::runtime_error& e) { return std::string(e.what()) == "range 1"; });
    BOOST_TEST(finished.load() == 2);
}

BOOST_AUTO_TEST_CASE(each_index_is_worked_on_once_whatever_the_jobs) {
    for (const std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{5}, std::size_t{300}}) {
        for (const unsigned jobs : {1u, 2u, 3u, 64u}) {
            std::vector<std::atomic<int>> seen(count);
            run_each(count, jobs, [&](std::size_t i) { ++seen[i]; });
            for (std::size_t i = 0; i < count; ++i) BOOST_TEST(seen[i].load() == 1);
        }
    }
}

BOOST_AUTO_TEST_CASE(the_lowest_failing_index_is_rethrown_as_in_a_sequential_loop) {
    for (const unsigned jobs : {1u, 2u, 3u, 8u}) {
        BOOST_CHECK_EXCEPTION(run_each(50, jobs,
                                       [&](std::size_t i) {
                                           if (i == 17 || i == 18 || i == 40) {
                                               throw std::runtime_error("index " + std::to_string(i));
                                           }
                                       }),
                              std::runtime_error,
                              [](const std::runtime_error& e) { return std::string(e.what()) == "index 17"; });
    }
}
