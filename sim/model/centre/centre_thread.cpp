#include "sim/model/centre/centre_thread.hpp"

#include <utility>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/touch.hpp"

namespace pajesim::model {

CentreThread::CentreThread(PajemploiCentre& centre, std::vector<CentreAction>& actions, std::uint64_t seed)
    : centre_(centre), actions_(actions), seed_(seed), thread_([this] { loop(); }) {
    filling_.reserve(batch_size);
}

CentreThread::~CentreThread() {
    {
        const std::lock_guard lock(mutex_);
        stop_ = true;
    }
    work_.notify_one();
    thread_.join();
}

void CentreThread::publish() {
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
        if (ready_.size() >= max_ready) room_.wait(lock, [&] { return ready_.size() <= max_ready / 2; });
    }
    filling_ = std::move(next);
    if (filling_.capacity() == 0) filling_.reserve(batch_size);
}

void CentreThread::wait() {
    publish();
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [&] { return ready_.empty() && !busy_; });
    if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
}

// A batch's declarations reach contracts, families and the centre's records scattered over
// memory, which the run's thread has touched and this thread has not: what the next ones read
// is touched ahead (a declaration's contract far ahead, the centre's records for it nearer:
// PajemploiCentre::foresee_declaration), so that those cache misses overlap.
void CentreThread::take(const Batch& batch) {
    constexpr std::size_t far = 8;
    constexpr std::size_t near = 3;
    const std::size_t count = batch.size();
    for (std::size_t i = 0; i < count; ++i) {
        if (i + far < count) {
            if (const auto* declaration = std::get_if<DeclarationIn>(&batch[i + far].message)) {
                touch(*declaration->contract);
            }
        }
        if (i + near < count) {
            if (const auto* declaration = std::get_if<DeclarationIn>(&batch[i + near].message)) {
                centre_.foresee_declaration(declaration->id, declaration->contract->family, declaration->month);
            }
        }
        taking_ = batch[i].date;
        centre_.receive(batch[i].date, batch[i].message, actions_);
    }
}

void CentreThread::loop() {
    const RunContext context{seed_, [](const void* date) { return static_cast<const Date*>(date)->to_string(); },
                             &taking_};
    const RunContextScope scope(context);
    std::unique_lock lock(mutex_);
    for (;;) {
        work_.wait(lock, [&] { return stop_ || !ready_.empty(); });
        if (stop_) return;
        Batch batch = std::move(ready_.front());
        ready_.pop_front();
        if (ready_.size() == max_ready / 2) room_.notify_one();
        const bool failed = failure_ != nullptr;
        busy_ = true;
        lock.unlock();
        std::exception_ptr failure;
        if (!failed) {
            try {
                take(batch);
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

}  // namespace pajesim::model
