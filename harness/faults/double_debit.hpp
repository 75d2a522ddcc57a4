#pragma once

#include "harness/faults/fault.hpp"

namespace pajesim::faults {

// double_debit: for a share of family-months debited inside the window, the debit is presented
// twice (as on 29 May 2019, when two months were debited at once).
// May: add one copy of a debit. May not: change amounts or touch payments.
class DoubleDebit final : public Fault {
public:
    // A recovery debit presented twice takes back more than was overpaid, and more than was
    // notified until the centre pays the copy back; a family debited twice is owed money when a
    // recovery comes.
    static constexpr std::array<std::string_view, 4> may_violate_list{
        "no_covered_contributions_debited", "recovery_within_overpayment", "recovery_within_notice",
        "no_recovery_while_owed"};
    static constexpr MayViolate may_violate{may_violate_list};
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    DoubleDebit(DateRange window, const FaultContext& context, Ratio share);
    void debit_copies(FamilyId family, YearMonth month, Date date, std::int32_t& copies) override;

private:
    Ratio share_;
};

}  // namespace pajesim::faults
