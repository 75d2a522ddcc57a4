#include "sim/model/bank/bank.hpp"

#include "sim/kernel/business_days.hpp"

namespace pajesim::model {

Cause cause_of(OrderKind kind) {
    switch (kind) {
        case OrderKind::cmg: return Cause::cmg;
        case OrderKind::cmg_arrears: return Cause::cmg_arrears;
        case OrderKind::covered: return Cause::contributions_covered;
        case OrderKind::contributions_debit: return Cause::contributions_debit;
        case OrderKind::plus_debit: return Cause::pajemploi_plus_debit;
        case OrderKind::carer_payment: return Cause::carer_payment;
        case OrderKind::refund: return Cause::debit_refund;
        case OrderKind::overpayment_debit:
        case OrderKind::overpayment_deduction: return Cause::overpayment_recovery;
        case OrderKind::caf_debit: return Cause::contributions_debit;
    }
    return Cause::cmg;
}

void Bank::report(const BankOrder& order, bool executed) {
    if (order.kind == OrderKind::caf_debit) {
        if (context_.today().plus_days(1) >= context_.horizon()) return;
        context_.post(context_.today().plus_days(1), Phase::caf,
                      CafDebitReturn{order.contract, order.month, order.amount, executed});
        return;
    }
    const bool debit = order.kind == OrderKind::contributions_debit || order.kind == OrderKind::plus_debit ||
                       order.kind == OrderKind::overpayment_debit;
    if (!debit && !context_.centre_reads_credit_returns()) return;
    context_.to_centre(BankReturn{order.order, executed, Cents{order.amount}});
}

void Bank::handle(const BankOrder& order) {
    const AccountPlan& accounts = context_.accounts();
    const FamilyId family{order.family};
    const Cents amount{order.amount};
    const Cause cause = cause_of(order.kind);
    switch (order.kind) {
        case OrderKind::cmg:
        case OrderKind::cmg_arrears:
        case OrderKind::carer_payment:
        case OrderKind::overpayment_deduction: {
            // The centre's payment file of the day: a faulty bank may reject it, and it is
            // executed when sent again.
            PaymentFile file{context_.today(), 0, family};
            context_.seams.payment_file(file);
            if (file.resend_after_business_days > 0) {
                ++context_.tally.statistics.payments_resent;
                PAJESIM_TRACE(context_, family, "payment_delayed", order.month, amount,
                              "the bank rejected the day's payment file; sent again " +
                                  std::to_string(file.resend_after_business_days) + " business days later",
                              file.rejected_by);
                context_.post(nth_business_day_after(context_.today(), file.resend_after_business_days),
                              Phase::payments, order);
                return;
            }
            if (order.kind == OrderKind::overpayment_deduction) {
                // Taken from the CMG credited just before (same file, same day).
                context_.transfer(accounts.family(family), accounts.caf_fund(), amount, cause, family, order.month);
                PAJESIM_TRACE(context_, family, "overpayment_recovered", order.month, amount,
                              "deducted from a CMG payment");
            } else if (order.kind == OrderKind::carer_payment) {
                const Contract& contract = context_.world.contracts[order.contract];
                context_.transfer(accounts.pajemploi(), accounts.carer(contract.carer), amount, cause, family,
                                  order.month);
                PAJESIM_TRACE(context_, family, "carer_paid", order.month, amount,
                              "Pajemploi+ pays the carer of contract " + std::to_string(order.contract));
            } else {
                context_.transfer(accounts.caf_fund(), accounts.family(family), amount, cause, family, order.month);
                PAJESIM_TRACE(context_, family, order.kind == OrderKind::cmg_arrears ? "arrears_paid" : "cmg_paid",
                              order.month, amount);
            }
            report(order, true);
            return;
        }
        case OrderKind::covered:
            context_.transfer(accounts.caf_fund(), accounts.urssaf(), amount, cause, family, order.month);
            PAJESIM_TRACE(context_, family, "contributions_covered", order.month, amount,
                          "claimed by Pajemploi");
            report(order, true);
            return;
        case OrderKind::refund:
            context_.transfer(accounts.urssaf(), accounts.family(family), amount, cause, family, order.month);
            PAJESIM_TRACE(context_, family, "debit_refunded", order.month, amount);
            report(order, true);
            return;
        case OrderKind::contributions_debit:
        case OrderKind::plus_debit:
        case OrderKind::overpayment_debit:
        case OrderKind::caf_debit: {
            if ((order.flags & bank_copy) == 0) {
                std::int32_t copies = 1;
                context_.seams.debit_copies(family, context_.month_of(order.month), context_.today(), copies);
                if (copies > 1) {
                    ++context_.tally.statistics.double_debits;
                    BankOrder copy = order;
                    copy.flags |= bank_copy;
                    context_.post(context_.today(), Phase::debits, copy);
                }
            }
            if (context_.balance(accounts.family(family)) < amount) {
                if ((order.flags & bank_copy) != 0) return;  // the faulty copy bounced: no harm
                ++context_.tally.statistics.debits_rejected;
                context_.overdraft();
                if (order.kind != OrderKind::overpayment_debit) {
                    context_.step(family, StepKind::debit_rejected, order.month, amount);
                }
                PAJESIM_TRACE(context_, family, "debit_rejected", order.month, amount,
                              order.kind == OrderKind::plus_debit          ? "Pajemploi+ debit: insufficient funds"
                              : order.kind == OrderKind::overpayment_debit ? "overpayment recovery: insufficient funds"
                                                                           : "insufficient funds");
                report(order, false);
                return;
            }
            const AccountId target = order.kind == OrderKind::plus_debit          ? accounts.pajemploi()
                                     : order.kind == OrderKind::overpayment_debit ? accounts.caf_fund()
                                                                                  : accounts.urssaf();
            context_.transfer(accounts.family(family), target, amount, cause, family, order.month);
            PAJESIM_TRACE(context_, family,
                          order.kind == OrderKind::plus_debit          ? "pajemploi_plus_debited"
                          : order.kind == OrderKind::overpayment_debit ? "overpayment_recovered"
                                                                       : "contributions_debited",
                          order.month, amount, (order.flags & bank_copy) != 0 ? "the same debit presented twice" : "");
            report(order, true);
            context_.send(DebitOnStatement{order.family, order.month});
            return;
        }
    }
}

}  // namespace pajesim::model
