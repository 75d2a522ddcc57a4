#pragma once
// A centre that takes messages at once (centre.hpp) on a thread of its own. The run hands it
// each message as it arrives and goes on with its events; before the centre's turn of the day
// (and before anything else asks the centre), the run waits until the centre has taken every
// message handed over. The centre receives the same messages, in the same order, with the same
// dates, as it would on the run's thread, and its actions reach the run at the same point (its
// turn of the day): the run's results are the same bytes with or without this thread.
//
// What the centre may touch while the run goes on: itself, what its setup and its messages
// point to (the population and the law, which nobody changes during a run), the actions list
// it was given (the run reads it only after wait()), and its seams' centre hooks (which must
// be safe to call while the run calls the other hooks: harness/faults/fault.hpp).
//
// Messages travel in batches (kernel/batch_thread.hpp), so that the two threads meet once per
// batch rather than once per message. At most `max_ready` batches (32 768 messages) wait for
// the centre: on a day of a million declarations the run's thread would hand them over faster
// than the centre takes them, and the backlog (80 bytes a message) would grow by tens of
// megabytes; the run's thread waits instead until the centre has taken half of them.

#include <cstdint>
#include <vector>

#include "sim/kernel/batch_thread.hpp"
#include "sim/model/centre/centre.hpp"

namespace pajesim::model {

class CentreThread {
public:
    // Starts the thread (throws std::system_error when the system refuses one). `centre` must
    // have been started; `actions` is where it answers. A failed assertion on the thread names
    // the run's `seed` and the date of the message being taken (kernel/assert.hpp).
    CentreThread(PajemploiCentre& centre, std::vector<CentreAction>& actions, std::uint64_t seed);
    CentreThread(const CentreThread&) = delete;
    CentreThread& operator=(const CentreThread&) = delete;

    // The run's thread: `message` reaches the centre on `date`.
    void receive(Date date, CentreMessage message) { thread_.push(date, std::move(message)); }
    // The run's thread: returns once the centre took every message handed over, having rethrown
    // the first exception the centre threw (the messages after it, until this wait, were not
    // given to it; those handed over after it are). The run learns of an exception here, not
    // at the message that raised it: the built-in centre throws only on a failed assertion,
    // which ends the run as a bug whatever it had done since.
    void wait() { thread_.wait(); }

private:
    struct Job {
        Job(Date on, CentreMessage&& what) : date(on), message(std::move(what)) {}
        Date date;
        CentreMessage message;
    };
    static constexpr std::size_t batch_size = 256;
    static constexpr std::size_t max_ready = 128;
    void take(const std::vector<Job>& batch);  // gives a batch's messages to the centre, in order

    PajemploiCentre& centre_;
    std::vector<CentreAction>& actions_;
    std::uint64_t seed_;
    Date taking_;  // the centre's thread only: the date of the message being taken
    // Last: started once the rest is built; stopped first, dropping the messages not yet taken
    // (the run is over, or failed).
    BatchThread<Job> thread_;
};

}  // namespace pajesim::model
