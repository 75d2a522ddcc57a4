#pragma once
// The banks: execute the centre's and the CAF's orders against the ledger and report back.
// Credits are never refused, though a faulty bank may reject a day's payment file and execute
// it later; a debit above the family's balance is rejected (no partial debit), and a faulty
// bank may present a debit twice. Every order of the centre gets a return the day after it
// is executed or rejected (two for a debit taken twice); the family sees each debit on its
// statement.

#include "sim/model/actor.hpp"

namespace pajesim::model {

class Bank {
public:
    explicit Bank(Context& context) : context_(context) {}
    void handle(const BankOrder& order);

private:
    void report(const BankOrder& order, bool executed);
    Context& context_;
};

// The ledger cause and accounts of an order.
Cause cause_of(OrderKind kind);

}  // namespace pajesim::model
