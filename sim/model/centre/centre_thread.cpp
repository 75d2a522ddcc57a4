#include "sim/model/centre/centre_thread.hpp"

#include <utility>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/touch.hpp"

namespace pajesim::model {

CentreThread::CentreThread(PajemploiCentre& centre, std::vector<CentreAction>& actions, std::uint64_t seed)
    : centre_(centre),
      actions_(actions),
      seed_(seed),
      thread_([this](std::vector<Job>& batch) { take(batch); }, batch_size, max_ready) {}

// A batch's declarations reach contracts, families and the centre's records scattered over
// memory, which the run's thread has touched and this thread has not: what the next ones read
// is touched ahead (a declaration's contract far ahead, the centre's records for it nearer:
// PajemploiCentre::foresee_declaration), so that those cache misses overlap.
void CentreThread::take(const std::vector<Job>& batch) {
    // A failed assertion names the run's seed and the date of the message being taken.
    const RunContext context{seed_, [](const void* date) { return static_cast<const Date*>(date)->to_string(); },
                             &taking_};
    const RunContextScope scope(context);
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

}  // namespace pajesim::model
