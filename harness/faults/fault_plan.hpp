#pragma once
// The fault plan: the scenario's `faults` list, read strictly, composed in plan order behind
// the model's seams (each fault sees the decision of the ones before it).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/faults/fault.hpp"

namespace pajesim::faults {

struct FaultSummary {
    std::string kind;
    DateRange window;
    std::uint64_t firings = 0;
};

class FaultPlan final : public model::Seams {
public:
    // Throws InputError naming `file`, "/faults/i/..." and the reason.
    static std::unique_ptr<FaultPlan> from_json(const nlohmann::json& faults, const std::string& file,
                                                std::uint64_t seed, std::uint32_t families,
                                                std::uint32_t cafs = 1000);
    std::vector<FaultSummary> summary() const;
    bool empty() const { return faults_.empty(); }
    // The end of the last fault's window (the start of recovery); nullopt without faults.
    std::optional<Date> last_fault_end() const;
    // The kinds a plan can hold, in catalog order.
    static const std::vector<std::string>& catalog();
    // The invariants a fault of `kind` (one of the catalog's) may legitimately break.
    static MayViolate may_violate(std::string_view kind);

    void route_rights(const model::RightsMessage& message, Date sent, model::LinkRoute& route) override;
    void migrate_record(const model::RightsMessage& message, Date sent, model::RightsRecord& record) override;
    void pajemploi_intake(const model::IntakeItem& item, Date arrival, model::Intake& intake) override;
    void caf_intake(const model::IntakeItem& item, Date arrival, model::Intake& intake) override;
    void payment_file(model::PaymentFile& file) override;
    void debit_copies(FamilyId family, YearMonth month, Date date, std::int32_t& copies) override;
    void debit_covered_without_rights(FamilyId family, Date date, bool& debit) override;
    void alternating_split(FamilyId family, Date date, bool& halve) override;
    void transitional_decision(FamilyId family, Date date, model::TransitionalError& error) override;

    const CauseLog& causes() const { return causes_; }

private:
    CauseLog causes_;  // before the faults, which log into it
    std::vector<std::unique_ptr<Fault>> faults_;
};

}  // namespace pajesim::faults
