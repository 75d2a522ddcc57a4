#pragma once
#include "harness/faults/fault.hpp"

namespace pajesim::faults {

// server_freeze: a system (Pajemploi or the CAFs) stops during the window. What reaches it then
// is held (a share is lost) and, from the restart (the window's end), worked through in
// arrival order at a limited daily capacity.
// May: delay or lose declarations and rights messages reaching Pajemploi, or changes of
// situation and old-workflow payments reaching the CAFs, that arrive inside the window.
// May not: alter what it holds, touch the other system, or act on items arriving outside the
// window (an item held past the restart is never held again by this fault).
class ServerFreeze final : public Fault {
public:
    // Wrong rights (messages lost or held past newer ones, a CAF working from stale facts), and
    // declarations held or lost: carers of Pajemploi+ paid late too, and the contributions of
    // a lost declaration whose month's CMG is right never debited.
    static constexpr std::array<std::string_view, 10> may_violate_list{
        "declared_months_paid_on_time", "cmg_never_above_owed", "arrears_match_a_shortfall",
        "no_covered_contributions_debited", "covered_never_above_owed", "covered_claimed_on_time",
        "corrected_file_stays_correct", "carers_paid_on_time", "no_recovery_while_owed", "debits_collected"};
    static constexpr MayViolate may_violate{may_violate_list};
    enum class System { pajemploi, caf };
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window,
                                        const FaultContext& context);
    ServerFreeze(DateRange window, const FaultContext& context, System system, Ratio lost_share,
                 Ratio capacity_share_per_day);
    void pajemploi_intake(const model::IntakeItem& item, Date arrival, model::Intake& intake) override;
    void caf_intake(const model::IntakeItem& item, Date arrival, model::Intake& intake) override;

private:
    void hold(const model::IntakeItem& item, Date arrival, model::Intake& intake);
    System system_;
    Ratio lost_share_;
    std::uint64_t capacity_per_day_;
    std::uint64_t held_ = 0;
};

}  // namespace pajesim::faults
