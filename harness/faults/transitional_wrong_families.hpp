#pragma once

#include "harness/faults/fault.hpp"

namespace pajesim::faults {

// transitional_wrong_families: inside the window, Pajemploi computes the complément
// différentiel for the wrong families: for a share of families it is denied although they are
// eligible ("denied"), or granted without checking the resources and hours conditions
// ("granted_unchecked": families above the resource ceiling or below the hours get it).
// Acts inside the built-in centre: never with --sut. Firings count the centre's computations
// of a complement it altered (one per computation: a declaration, a regularisation). May: deny or grant the complement. May not: change the CMG itself.
class TransitionalWrongFamilies final : public Fault {
public:
    // A complement granted wrongly is also paid as arrears when a file is regularised.
    static constexpr std::array<std::string_view, 7> may_violate_list{
        "declared_months_paid_on_time", "cmg_never_above_owed", "corrected_file_stays_correct",
        "arrears_match_a_shortfall", "no_recovery_while_owed", "recovery_within_overpayment",
        "write_offs_within_overpayment"};
    static constexpr MayViolate may_violate{may_violate_list};
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    TransitionalWrongFamilies(DateRange window, const FaultContext& context, Ratio share,
                              model::TransitionalError error);
    void transitional_decision(FamilyId family, Date date, model::TransitionalError& error) override;

private:
    Ratio share_;
    model::TransitionalError error_;
};

}  // namespace pajesim::faults
