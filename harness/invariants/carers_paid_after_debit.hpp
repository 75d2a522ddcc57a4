#pragma once
#include <unordered_map>
#include <utility>

#include "harness/invariants/due_dates.hpp"
#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

// Under the scenario's carer-pay rule `after_debit` (workflow.pajemploi_plus_carer_pay), a
// Pajemploi+ carer is paid a contract's month only once the parent's Pajemploi+ debit of it
// was taken: over a family-month, what Pajemploi+ paid the carers (cause carer_payment) never
// exceeds the Pajemploi+ debits taken from the family (cause pajemploi_plus_debit, each debit
// being the pay and the contributions it leaves uncovered, so at least the pay). A centre that
// pays the carer before the debit, so that the public purse carries the parent's debt, breaks
// it. Checked at each carer payment; under `guarantee`, nothing is judged (the guarantee pays
// the carer whatever the debit).
class CarersPaidAfterDebit final : public Invariant {
public:
    explicit CarersPaidAfterDebit(const DueDates& due_dates)
        : Invariant("carers_paid_after_debit"), due_dates_(due_dates) {}
    // The causes on_transfer acts on: the set calls it for these only.
    static constexpr model::CauseSet transfer_causes{model::Cause::pajemploi_plus_debit, model::Cause::carer_payment};
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;

private:
    const DueDates& due_dates_;
    // By family_month_key: the Pajemploi+ debits taken and the carers paid.
    std::unordered_map<std::uint64_t, std::pair<Cents, Cents>> months_;
};

}  // namespace pajesim::invariants
