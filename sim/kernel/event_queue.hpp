#pragma once
// The simulation's event queue, ordered by (date, phase, sequence number). Events are kept in
// one bucket per (day, phase); within a bucket they are in push order, and an event's sequence
// number is its place in that order (0 for the first pushed), so ties never depend on
// addresses or heap accidents. Popping walks the buckets in order; pushing before the current
// (date, phase) is a bug. The day buckets make push and pop O(1) (most of pajesim's events
// fall on whole days), and a bucket holds the events alone: the sequence is their position.
// A bucket is a list of fixed chunks from the queue's pool (kernel/chunked_list.hpp): filling
// one never copies its events, and a chunk popped to its end is free for the next pushes.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/chunked_list.hpp"
#include "sim/kernel/date.hpp"

namespace pajesim {

template <typename Event>
struct Scheduled {
    Date date;
    std::uint8_t phase = 0;
    std::uint64_t sequence = 0;  // the event's place among those of its (date, phase)
    Event event;
};

template <typename Event, std::size_t PhaseCount>
class EventQueue {
public:
    static_assert(PhaseCount >= 1 && PhaseCount <= 64);

    explicit EventQueue(Date origin) : origin_(origin), cursor_day_(0), cursor_phase_(0) {}

    void push(Date date, std::size_t phase, Event event) {
        PAJESIM_ASSERT(phase < PhaseCount);
        PAJESIM_ASSERT(date >= origin_);
        const auto day = static_cast<std::size_t>(origin_.days_until(date));
        PAJESIM_ASSERT(day > cursor_day_ || (day == cursor_day_ && phase >= cursor_phase_));
        if (day >= days_.size()) days_.resize(day + 1);
        days_[day].phases[phase].push_back(std::move(event), pool_);
        ++size_;
    }

    std::optional<Scheduled<Event>> pop() {
        while (size_ > 0) {
            Day& day = days_[cursor_day_];
            Bucket& bucket = day.phases[cursor_phase_];
            if (cursor_index_ < bucket.size()) {
                const std::size_t place = cursor_index_++;
                --size_;
                Scheduled<Event> next{origin_.plus_days(static_cast<std::int32_t>(cursor_day_)),
                                      static_cast<std::uint8_t>(cursor_phase_), place, std::move(bucket[place])};
                bucket.read_through(place, pool_);
                return next;
            }
            // The bucket is spent: give its chunks back and move on to the next phase, then the
            // next day.
            bucket.release(pool_);
            cursor_index_ = 0;
            if (++cursor_phase_ == PhaseCount) {
                cursor_phase_ = 0;
                ++cursor_day_;
                PAJESIM_ASSERT(cursor_day_ < days_.size());
            }
        }
        return std::nullopt;
    }

    // The event `distance` places after the next one to pop in the current (day, phase) bucket,
    // or nullptr: a loop that touches each event's entity may prefetch the entities of the
    // events it will pop next (the bucket's order is the order of popping).
    const Event* ahead(std::size_t distance) const {
        if (size_ == 0 || cursor_day_ >= days_.size()) return nullptr;
        const Bucket& bucket = days_[cursor_day_].phases[cursor_phase_];
        const std::size_t at = cursor_index_ + distance;
        return at < bucket.size() ? &bucket[at] : nullptr;
    }

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    // The (date, phase) of the last event popped, or the origin before any pop.
    Date current_date() const { return origin_.plus_days(static_cast<std::int32_t>(cursor_day_)); }
    std::size_t current_phase() const { return cursor_phase_; }

    static constexpr std::size_t chunk_events = 512;

private:
    using Bucket = ChunkedList<Event, chunk_events>;
    struct Day {
        Bucket phases[PhaseCount];
    };

    Date origin_;
    ChunkPool<Event, chunk_events> pool_;
    std::vector<Day> days_;
    std::size_t cursor_day_;
    std::size_t cursor_phase_;
    std::size_t cursor_index_ = 0;
    std::size_t size_ = 0;
};

}  // namespace pajesim
