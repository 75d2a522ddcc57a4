#include "sim/model/ledger.hpp"

namespace pajesim::model {

std::string_view to_string(Cause cause) {
    switch (cause) {
        case Cause::opening_balance: return "opening_balance";
        case Cause::income: return "income";
        case Cause::salary: return "salary";
        case Cause::cmg: return "cmg";
        case Cause::contributions_covered: return "contributions_covered";
        case Cause::contributions_debit: return "contributions_debit";
        case Cause::pajemploi_plus_debit: return "pajemploi_plus_debit";
        case Cause::carer_payment: return "carer_payment";
        case Cause::cmg_arrears: return "cmg_arrears";
        case Cause::debit_refund: return "debit_refund";
        case Cause::advance: return "advance";
        case Cause::advance_recovery: return "advance_recovery";
        case Cause::overpayment_recovery: return "overpayment_recovery";
    }
    return "?";
}

CsvJournal::CsvJournal(std::ostream& out) : out_(out) {
    out_ << "date,source,target,amount,cause,family,month\n";
}

void CsvJournal::record(const Transfer& t) {
    out_ << t.date.to_string() << ',' << t.source.value() << ',' << t.target.value() << ','
         << t.amount.to_string() << ',' << to_string(t.cause) << ',' << t.family.value() << ','
         << t.month.to_string() << '\n';
}

void Ledger::transfer(const Transfer& t) {
    PAJESIM_ASSERT(t.amount > Cents{0});
    PAJESIM_ASSERT(t.source != t.target);
    PAJESIM_ASSERT(t.source.index() < balances_.size());
    PAJESIM_ASSERT(t.target.index() < balances_.size());
    move(t.source, -t.amount);
    move(t.target, t.amount);
    ++transfer_count_;
    if (journal_ != nullptr) journal_->record(t);
}

Cents Ledger::net() const {
    settle();
    return balances_.sum();
}

}  // namespace pajesim::model
