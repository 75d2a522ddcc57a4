#pragma once
// Fork-join over contiguous ranges: [0, n) is cut into `threads` ranges of nearly equal size,
// range k going to thread k (the calling thread takes the first). Each range's work must touch
// only what belongs to its range, so the result does not depend on the number of threads. The
// first exception thrown by any range (in range order) is rethrown in the caller once every
// thread has finished. At most `max_threads` threads; when the system refuses to start one,
// the calling thread does its work instead (the result is the same).

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <system_error>
#include <thread>
#include <vector>

namespace pajesim {

// The number of threads a run uses when none is asked for: every core the machine offers.
inline unsigned all_cores() { return std::max(1u, std::thread::hardware_concurrency()); }
// At most this many threads at once, whatever is asked.
inline constexpr unsigned max_threads = 256;

// Starts threads running body(k) for k = 1 .. wanted - 1, stopping at the first one the system
// refuses (a limit on threads). Returns the first k not started (`wanted` when all were): the
// caller does k = 0, and those, itself.
template <typename Body>
unsigned start_threads(std::vector<std::thread>& workers, unsigned wanted, const Body& body) {
    workers.reserve(wanted - 1);
    unsigned started = 1;
    for (; started < wanted; ++started) {
        try {
            workers.emplace_back(body, started);
        } catch (const std::system_error&) {
            break;
        }
    }
    return started;
}

// How many ranges run_in_ranges cuts [0, n) into for `threads`, and where range k begins
// (range k is [range_start(k), range_start(k + 1))).
inline unsigned range_count(std::uint32_t n, unsigned threads) {
    return std::clamp(threads, 1u, std::max(1u, std::min(n, max_threads)));
}
inline std::uint32_t range_start(std::uint32_t n, unsigned ranges, unsigned k) {
    return static_cast<std::uint32_t>(std::uint64_t{n} * k / ranges);
}

// run_in_ranges for work that keeps each range's results apart: work(k, from, to), k the
// range's number (from 0, in the order of the ranges).
template <typename Work>
void run_in_numbered_ranges(std::uint32_t n, unsigned threads, const Work& work) {
    threads = range_count(n, threads);
    if (threads == 1) {
        work(0u, std::uint32_t{0}, n);
        return;
    }
    std::vector<std::exception_ptr> failures(threads);
    const auto range = [&](unsigned k) {
        try {
            work(k, range_start(n, threads, k), range_start(n, threads, k + 1));
        } catch (...) {
            failures[k] = std::current_exception();
        }
    };
    // The ranges of threads the system refused are the calling thread's too: the same work, later.
    std::vector<std::thread> workers;
    const unsigned started = start_threads(workers, threads, range);
    range(0);
    for (unsigned k = started; k < threads; ++k) range(k);
    for (std::thread& worker : workers) worker.join();
    for (const std::exception_ptr& failure : failures) {
        if (failure) std::rethrow_exception(failure);
    }
}

template <typename Work>
void run_in_ranges(std::uint32_t n, unsigned threads, const Work& work) {
    run_in_numbered_ranges(n, threads, [&](unsigned, std::uint32_t from, std::uint32_t to) { work(from, to); });
}

// Calls work(i) for every i in [0, count) on `jobs` threads, each taking the next index as it
// finishes one. Each call must write only its own results (indexed by i), so the results do not
// depend on the number of jobs. The exception of the lowest index that threw is rethrown once
// every thread has finished; the indexes not yet started when a call throws are skipped.
template <typename Work>
void run_each(std::size_t count, unsigned jobs, const Work& work) {
    jobs = static_cast<unsigned>(std::clamp<std::size_t>(jobs, 1, std::max<std::size_t>(1, std::min<std::size_t>(count, max_threads))));
    std::vector<std::exception_ptr> failures(count);
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    const auto loop = [&] {
        for (std::size_t i = next++; i < count && !failed; i = next++) {
            try {
                work(i);
            } catch (...) {
                failures[i] = std::current_exception();
                failed = true;
            }
        }
    };
    // A thread the system refuses leaves the work to those that started (at least this one).
    std::vector<std::thread> workers;
    start_threads(workers, jobs, [&](unsigned) { loop(); });
    loop();
    for (std::thread& worker : workers) worker.join();
    for (const std::exception_ptr& failure : failures) {
        if (failure) std::rethrow_exception(failure);
    }
}

}  // namespace pajesim
