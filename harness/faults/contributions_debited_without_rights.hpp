#pragma once

#include "harness/faults/fault.hpp"

namespace pajesim::faults {

// contributions_debited_without_rights: inside the window, when Pajemploi holds no rights for a
// family, it debits all the contributions, those the CMG should cover included (the real 2019
// behaviour), instead of holding them until rights arrive.
// May: turn a hold into a debit. May not: act when Pajemploi holds rights.
class ContributionsDebitedWithoutRights final : public Fault {
public:
    static constexpr std::array<std::string_view, 3> may_violate_list{
        "no_covered_contributions_debited", "covered_claimed_on_time", "no_recovery_while_owed"};
    static constexpr MayViolate may_violate{may_violate_list};
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    ContributionsDebitedWithoutRights(DateRange window, const FaultContext& context, Ratio share);
    void debit_covered_without_rights(FamilyId family, Date date, bool& debit) override;

private:
    Ratio share_;
};

}  // namespace pajesim::faults
