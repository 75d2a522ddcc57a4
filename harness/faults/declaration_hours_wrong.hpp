#pragma once

#include "harness/faults/fault.hpp"

namespace pajesim::faults {

// declaration_hours_wrong: under the hourly CMG (care from 2025-09) a share of the declarations
// reaching Pajemploi inside the window carry wrong paid hours: none at all ("missing"), or the
// days worked keyed in the hours field ("days_as_hours"). The retained cost is capped by the
// hourly ceiling x hours, so the month is underpaid until an agent keys the declaration again.
// Without hours the contributions are not covered either (the coverage coefficient is cap x
// hours / cost). May: alter declarations' hours (each drawn once, by contract and month). May not: lose
// declarations, touch rights, or act outside the window or before the hourly regime.
class DeclarationHoursWrong final : public Fault {
public:
    // A month settled from wrong hours and keyed again: a regularisation refunds an excess
    // debit but never debits a shortfall (debits_collected).
    static constexpr std::array<std::string_view, 8> may_violate_list{
        "declared_months_paid_on_time", "corrected_file_stays_correct", "no_covered_contributions_debited",
        "covered_claimed_on_time", "no_recovery_while_owed", "recovery_within_overpayment",
        "write_offs_within_overpayment", "debits_collected"};
    static constexpr MayViolate may_violate{may_violate_list};
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    DeclarationHoursWrong(DateRange window, const FaultContext& context, Ratio share, std::uint8_t error);
    void pajemploi_intake(const model::IntakeItem& item, Date arrival, model::Intake& intake) override;

private:
    Ratio share_;
    std::uint8_t error_;
};

}  // namespace pajesim::faults
