#pragma once

#include "harness/faults/fault.hpp"

namespace pajesim::faults {

// declaration_duplicated: a share of the declarations reaching Pajemploi inside the window
// reach it a second time, days later: the same declaration, same id, same hours (a message
// replayed by the intake, a file sent twice). May: deliver a declaration twice. May not:
// drop, delay or alter a declaration, or touch one outside the window or of the CAF's
// workflow (the CAF's months never reach the centre).
class DeclarationDuplicated final : public Fault {
public:
    // A centre takes a declaration in once (sut-protocol.md, rule 1): the copy changes nothing,
    // so no invariant may break. A violation under this fault alone is the centre's.
    static constexpr std::array<std::string_view, 0> may_violate_list{};
    static constexpr MayViolate may_violate{may_violate_list};
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    DeclarationDuplicated(DateRange window, const FaultContext& context, Ratio share,
                          model::Range<std::int32_t> duplicate_delay_days);
    void pajemploi_intake(const model::IntakeItem& item, Date arrival, model::Intake& intake) override;

private:
    Ratio share_;
    model::Range<std::int32_t> duplicate_delay_days_;
};

}  // namespace pajesim::faults
