#pragma once

#include "harness/faults/fault.hpp"

namespace pajesim::faults {

// payment_file_rejected: on a share of the business days inside the window, the bank rejects
// Pajemploi's payment file (CMG and Pajemploi+ carer payments); it is sent again later.
// May: delay every payment of a rejected day. May not: lose or change payments, or touch debits.
class PaymentFileRejected final : public Fault {
public:
    // Payments late: the CMG, Pajemploi+ carers, and a month due after a fix.
    // The centre judges an overpayment from the CMG it ordered: a payment it ordered that waits
    // to be sent again counts as paid, so it may recover money the family has not yet received
    // (while the family is owed it, and beyond what was overpaid).
    static constexpr std::array<std::string_view, 6> may_violate_list{
        "declared_months_paid_on_time", "carers_paid_on_time", "corrected_file_stays_correct", "no_recovery_while_owed",
        "recovery_within_overpayment", "write_offs_within_overpayment"};
    static constexpr MayViolate may_violate{may_violate_list};
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    PaymentFileRejected(DateRange window, const FaultContext& context, Ratio share, std::int32_t resend_days);
    void payment_file(model::PaymentFile& file) override;

private:
    Ratio share_;
    std::int32_t resend_days_;
};

}  // namespace pajesim::faults
