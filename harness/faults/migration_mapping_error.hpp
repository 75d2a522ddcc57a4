#pragma once

#include "harness/faults/fault.hpp"

namespace pajesim::faults {

// migration_mapping_error: records of the initial transfer sent inside the window arrive with
// one wrong field for a share of families: "bracket" (off by one), "single_parent" (the flag
// lost), or "child_birth" (the youngest child's birth date lost: the child is not counted).
// May: alter bulk records of the selected families. May not: alter later messages, drop or
// delay anything; a record whose field is already as the error would make it is left alone.
class MigrationMappingError final : public Fault {
public:
    // Wrong rights from the start, but only in the initial transfer: it lands before the
    // cutover, so no month is paid before it, and no arrears follow it. A family whose file an
    // agent fixes for another reason (a debit beyond what it owes) keeps the CMG it was paid
    // above the law from the wrong record until the overpayment is found and taken back (after
    // a notice period), so a month overpaid before the fix and due after it is still wrong:
    // corrected_file_stays_correct; an overpayment taken back while a month underpaid from the
    // wrong record is owed: no_recovery_while_owed.
    // Covered contributions from a wrong record: a fix refunds an excess debit but never
    // debits a shortfall (debits_collected).
    static constexpr std::array<std::string_view, 7> may_violate_list{
        "declared_months_paid_on_time", "cmg_never_above_owed", "no_covered_contributions_debited",
        "covered_claimed_on_time", "corrected_file_stays_correct", "no_recovery_while_owed", "debits_collected"};
    static constexpr MayViolate may_violate{may_violate_list};
    enum class Field { bracket, single_parent, child_birth };
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    MigrationMappingError(DateRange window, const FaultContext& context, Ratio share, Field field);
    void migrate_record(const model::RightsMessage& message, Date sent, model::RightsRecord& record) override;

private:
    Ratio share_;
    Field field_;
};

}  // namespace pajesim::faults
