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
    // cutover, so no month is paid (and no file fixed) before it, and no arrears follow it.
    static constexpr std::array<std::string_view, 3> may_violate_list{
        "declared_months_paid_on_time", "cmg_never_above_owed", "no_covered_contributions_debited"};
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
