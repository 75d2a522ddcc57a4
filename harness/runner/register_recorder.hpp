#pragma once
// Keeps the affected-families register as the run goes (harness/outcome/register.hpp): which
// families are wrong at the end of each day, since when, by how much, and what touched them.
// A harness observer: the amounts come from the oracle and the ledger (RunView), the due dates
// from the harness's own reckoning (DueDates), never from an actor's state.
//
// Cost: a family's months are walked only when something may have changed it (a transfer, a
// due date, a step) and it is in an episode or the month touched is wrong; the families that
// stay right cost one look at one month per transfer.

#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

#include "harness/faults/fault.hpp"
#include "harness/invariants/due_dates.hpp"
#include "harness/outcome/register.hpp"
#include "sim/model/observer.hpp"
#include "sim/model/population/world.hpp"

namespace pajesim::harness {

class RegisterRecorder final : public model::RunObserver {
public:
    // `as_of`: the days whose register is kept whole (ascending, duplicates ignored).
    RegisterRecorder(const invariants::DueDates& due_dates, const model::World& world, const faults::CauseLog* causes,
                     std::vector<Date> as_of);
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;
    void on_declaration(const model::DeclarationMade& declaration, const model::RunView& view) override;
    void on_family_step(const model::FamilyStep& step, const model::RunView& view) override;
    void on_day_end(const model::RunView& view) override;
    void on_run_end(const model::RunView& view) override;
    // The register, complete once the run has ended (call once).
    Register take();

private:
    struct Stake {
        Cents owed;
        Cents overpaid;
        Cents carers_unpaid;
        std::int32_t carers_late_days = 0;  // the longest wait so far of a month unpaid today
    };
    struct Open {
        std::int32_t family_episode = -1;  // index in register_.episodes, -1: none
        std::int32_t carer_episode = -1;
        Stake stake;
    };
    // A step or a money movement counted in episodes (kept only for families that have any).
    struct Step {
        Date date;
        model::StepKind kind = model::StepKind::call;
        std::uint8_t money = 0;  // 0: a step; else 1 advance, 2 advance recovered, 3 overpayment recovered
        Cents amount;
    };

    // Per family: bit 0 dirty (to evaluate at the day's end), bit 1 in an episode (in open_),
    // so that the many families in no episode cost no hash lookup.
    static constexpr std::uint8_t dirty_flag = 1;
    static constexpr std::uint8_t open_flag = 2;
    std::uint8_t& flags_of(FamilyId family);
    bool is_open(FamilyId family) const;
    void dirty(FamilyId family);
    bool month_wrong(FamilyId family, std::int32_t month, const model::RunView& view, bool due) const;
    Stake stake_of(FamilyId family, const model::RunView& view) const;
    void evaluate(FamilyId family, const model::RunView& view);
    void close_family(Open& open, Date end);
    void close_carers(Open& open, Date end);
    void fill_episode(Episode& episode);
    std::vector<CarerId> carers_of(FamilyId family, const model::RunView& view) const;

    const invariants::DueDates& due_dates_;
    const model::World& world_;
    const faults::CauseLog* causes_;
    std::vector<Date> as_of_;
    std::size_t next_as_of_ = 0;
    Register register_;
    // The episodes while the run goes on (indexed by Open): deques, never copied as they grow
    // and holding no room beyond the last; moved into register_ by take().
    std::deque<Episode> episodes_;
    std::deque<CarerEpisode> carer_episodes_;
    std::vector<std::uint8_t> flags_;
    std::vector<std::uint32_t> dirty_;
    std::unordered_map<std::uint32_t, Open> open_;  // families in an episode (either kind)
    std::unordered_map<std::uint32_t, std::vector<Step>> steps_;
    RegisterDay totals_;  // the running counts (day aside)
    Date last_day_;
    bool started_ = false;
};

}  // namespace pajesim::harness
