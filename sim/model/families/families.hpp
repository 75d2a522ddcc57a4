#pragma once
// The families (the world's actors): each month they receive their income, declare each
// active contract between the 25th and the 5th of the next month (a share later), pay their
// carers themselves outside Pajemploi+, and call the centre when they notice a payment
// missing or a debit beyond what they owe. A family knows what it is owed: it reads the
// truth's books, as a family reads its own situation.

#include <cstdint>

#include "sim/model/actor.hpp"
#include "sim/model/truth/books.hpp"

namespace pajesim::model {

class Families {
public:
    Families(Context& context, Books& books) : context_(context), books_(books) {}

    void start();                     // opening balances
    void plan_month(std::int16_t month);
    void handle(const IncomeDue& message);
    void handle(const DeclarationDue& message);
    void handle(const DeadlineCheck& message);
    void handle(const DebitOnStatement& message);
    void handle(const SalaryDue& message);

private:
    // Pays the carer directly: at once, or (wait_for_funds) when the balance allows.
    // `pay`: the contract's pay for the month (Contract::pay_in).
    void pay_salary(std::uint32_t contract, std::int16_t month, std::uint16_t attempt, Cents pay);
    bool parallel_run_month(FamilyId family, YearMonth month) const;
    void maybe_call(FamilyId family, std::int16_t month, std::uint64_t draw_key, bool again = false);

    Context& context_;
    Books& books_;
};

}  // namespace pajesim::model
