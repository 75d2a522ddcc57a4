#pragma once

#include "harness/faults/fault.hpp"

namespace pajesim::faults {

// declaration_lost: a share of the declarations reaching Pajemploi inside the window are lost.
// May: lose declarations (each drawn once, by contract and month). May not: lose rights
// messages, delay anything, or touch declarations outside the window.
class DeclarationLost final : public Fault {
public:
    // A lost month goes unpaid (its carer too under Pajemploi+) until an agent takes it in,
    // and a month lost after a fix is wrong again. A month of two contracts, one lost, that
    // wrong rights overpaid: the centre finds the overpayment from the contract it knows, and
    // taking it back leaves the month below the law's amount, which counts the lost one. A
    // lost declaration of a month whose CMG is right all the same (another contract's, or none
    // owed) is never noticed: its contributions are never debited.
    static constexpr std::array<std::string_view, 8> may_violate_list{
        "declared_months_paid_on_time", "covered_claimed_on_time", "carers_paid_on_time", "corrected_file_stays_correct",
        "no_recovery_while_owed", "recovery_within_overpayment", "write_offs_within_overpayment",
        "debits_collected"};
    static constexpr MayViolate may_violate{may_violate_list};
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    DeclarationLost(DateRange window, const FaultContext& context, Ratio share);
    void pajemploi_intake(const model::IntakeItem& item, Date arrival, model::Intake& intake) override;

private:
    Ratio share_;
};

}  // namespace pajesim::faults
