#pragma once
// A thread that takes an owner's jobs in the order they were handed over, in batches, so that
// the two threads meet once per batch rather than once per job. The owner hands jobs over
// (`push`) and goes on; `wait` returns once every job handed over was taken, and what the jobs
// wrote is then seen by the owner (each batch passes under the mutex).
//
// At most `max_ready` batches wait for the thread: an owner faster than the thread would make
// the backlog grow without bound; it waits instead until the thread has taken half of them.
//
// A job that throws: the jobs after it, until the owner's next wait, are not taken; that wait
// rethrows the exception. Tested through its one user, the centre's thread
// (tests/unit/centre_thread_test.cpp: order, dates, another thread, wait, failures).

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace pajesim {

template <typename Job>
class BatchThread {
public:
    using Batch = std::vector<Job>;
    // Starts the thread (throws std::system_error when the system refuses one). `take` takes
    // a batch's jobs in order, on the thread.
    BatchThread(std::function<void(Batch&)> take, std::size_t batch_size, std::size_t max_ready)
        : take_(std::move(take)), batch_size_(batch_size), max_ready_(max_ready), thread_([this] { loop(); }) {
        filling_.reserve(batch_size_);
    }
    // Stops the thread: jobs not yet taken are dropped.
    ~BatchThread() {
        {
            const std::lock_guard lock(mutex_);
            stop_ = true;
        }
        work_.notify_one();
        thread_.join();
    }
    BatchThread(const BatchThread&) = delete;
    BatchThread& operator=(const BatchThread&) = delete;

    // The owner's thread.
    template <typename... Args>
    void push(Args&&... args) {
        filling_.emplace_back(std::forward<Args>(args)...);
        if (filling_.size() >= batch_size_) publish();
    }
    // The owner's thread: returns once the thread took every job handed over.
    void wait() {
        publish();
        if (!handed_) return;
        std::unique_lock lock(mutex_);
        idle_.wait(lock, [&] { return ready_.empty() && !busy_; });
        handed_ = false;
        if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
    }

private:
    void publish() {
        if (filling_.empty()) return;
        Batch next;
        {
            std::unique_lock lock(mutex_);
            ready_.push_back(std::move(filling_));
            if (!spare_.empty()) {
                next = std::move(spare_.back());
                spare_.pop_back();
            }
            work_.notify_one();
            if (ready_.size() >= max_ready_) room_.wait(lock, [&] { return ready_.size() <= max_ready_ / 2; });
        }
        handed_ = true;
        filling_ = std::move(next);
        if (filling_.capacity() == 0) filling_.reserve(batch_size_);
    }
    void loop() {
        std::unique_lock lock(mutex_);
        for (;;) {
            work_.wait(lock, [&] { return stop_ || !ready_.empty(); });
            if (stop_) return;
            Batch batch = std::move(ready_.front());
            ready_.pop_front();
            if (ready_.size() == max_ready_ / 2) room_.notify_one();
            const bool failed = failure_ != nullptr;
            busy_ = true;
            lock.unlock();
            std::exception_ptr failure;
            if (!failed) {
                try {
                    take_(batch);
                } catch (...) {
                    failure = std::current_exception();
                }
            }
            batch.clear();
            lock.lock();
            if (failure) failure_ = failure;  // none was set since this batch was taken
            spare_.push_back(std::move(batch));
            busy_ = false;
            if (ready_.empty()) idle_.notify_one();
        }
    }

    std::function<void(Batch&)> take_;
    std::size_t batch_size_;
    std::size_t max_ready_;
    Batch filling_;        // the owner's thread only
    bool handed_ = false;  // the owner's thread only: a batch was handed over since the last wait
    std::mutex mutex_;
    std::condition_variable work_;  // the thread: a batch is ready, or stop
    std::condition_variable idle_;  // the owner: every batch taken
    std::condition_variable room_;  // the owner: the batches waiting are down to max_ready / 2
    std::deque<Batch> ready_;
    std::vector<Batch> spare_;  // emptied batches, their room kept
    bool busy_ = false;
    bool stop_ = false;
    std::exception_ptr failure_;
    std::thread thread_;  // last: started once the rest is built
};

}  // namespace pajesim
