#include "harness/invariants/advance_not_recovered_before_payment.hpp"

namespace pajesim::invariants {

void AdvanceNotRecoveredBeforePayment::on_advance_recovered(FamilyId family, Cents amount,
                                                            const model::RunView& view) {
    const Cents owed = view.owed_to_family(family);
    if (owed > Cents{0}) {
        report(family, view.today().year_month(), Cents{0}, owed, view.today(),
               "advance of " + amount.to_string() + " recovered while the family is still owed money",
               min(owed, amount));
    }
}

}  // namespace pajesim::invariants
