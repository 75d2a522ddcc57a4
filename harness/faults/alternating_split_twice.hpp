#pragma once

#include "harness/faults/fault.hpp"

namespace pajesim::faults {

// alternating_split_twice: inside the window, Pajemploi halves the CMG of a share of the
// households claiming for a child in alternating residence (from 2025-12-01), splitting the
// child's time a second time although each parent already declares only their own hours and
// the law splits nothing (D531-18-2). Acts inside the built-in centre: never with --sut.
// Firings count the centre's computations it halved (an amount above 0).
// May: halve the CMG of households with an alternating child (families drawn once). May not:
// touch other households, or months before the law lets both parents claim.
class AlternatingSplitTwice final : public Fault {
public:
    static constexpr std::array<std::string_view, 5> may_violate_list{
        "declared_months_paid_on_time", "corrected_file_stays_correct", "no_recovery_while_owed",
        "recovery_within_overpayment", "write_offs_within_overpayment"};
    static constexpr MayViolate may_violate{may_violate_list};
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    AlternatingSplitTwice(DateRange window, const FaultContext& context, Ratio share);
    void alternating_split(FamilyId family, Date date, bool& halve) override;

private:
    Ratio share_;
};

}  // namespace pajesim::faults
