#pragma once
// The families (the world's actors): each month they receive their income, declare each
// active contract between the 25th and the 5th of the next month (a share later), pay their
// carers themselves outside Pajemploi+, and call the centre when they notice a payment
// missing or a debit beyond what they owe. A family knows what it is owed: it reads the
// truth's books, as a family reads its own situation.

#include <cstdint>
#include <span>
#include <vector>

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
    // The families (IncomeBatch) or contracts (DeclarationBatch) of one of the month's batches,
    // in index order: the run handles each as its IncomeDue (DeclarationDue), then calls
    // batch_done. A month's calendar goes with its last batch.
    std::span<const std::uint32_t> batch(std::int16_t month, std::uint16_t batch) const;
    void batch_done(std::int16_t month);
    // The same for an IncomeBatch: the incomes fall on the same days of every month when no
    // family's income day is past the 28th, and their calendar is then made once for the run.
    std::span<const std::uint32_t> income_batch(std::int16_t month, std::uint16_t batch) const;
    void income_batch_done(std::int16_t month);

private:
    // A month's incomes and declarations by day: a day's are one message on the queue (posted
    // on the month's first day, the declarations up to 55 days ahead) and their ids here, in
    // index order within the day. One message each would be the queue's largest part.
    struct MonthCalendar {
        std::int16_t month = -1;  // -1: free
        std::vector<std::uint32_t> ids;
        std::vector<std::uint32_t> bounds;  // batch k: ids[bounds[k], bounds[k + 1])
        std::uint32_t batches_left = 0;
    };
    MonthCalendar& calendar_of(std::int16_t month);
    const MonthCalendar& calendar_of(std::int16_t month) const;
    // Groups the ids that `walk` gives (walk(visit) calls visit(id, day after `first`) for each,
    // in index order; it is called twice, and gives the same both times) by day into the
    // calendar's batches, keeping index order within a day, and posts each day's message (or,
    // given `batch_days`, only writes there the day of each batch).
    template <typename Batch, typename Walk>
    void post_batches(MonthCalendar& calendar, std::int16_t month, Date first, Phase phase, const Walk& walk,
                      std::vector<std::uint16_t>* batch_days = nullptr);

    // Pays the carer directly: at once, or (wait_for_funds) when the balance allows.
    // `pay`: the contract's pay for the month (Contract::pay_in).
    void pay_salary(std::uint32_t contract, std::int16_t month, std::uint16_t attempt, Cents pay);
    bool parallel_run_month(FamilyId family, YearMonth month) const;
    void maybe_call(FamilyId family, std::int16_t month, std::uint64_t draw_key, bool again = false);

    Context& context_;
    Books& books_;
    std::vector<MonthCalendar> calendars_;  // at most the months whose batches are to come
    enum class SharedIncomes : std::uint8_t { unknown, no, yes };
    SharedIncomes shared_incomes_ = SharedIncomes::unknown;
    MonthCalendar incomes_;                 // with SharedIncomes::yes: every month's incomes
    std::vector<std::uint16_t> income_days_;  // ... and the day of the month (from 0) of each batch
    std::vector<std::uint16_t> days_;        // plan_month's scratch: the month's declaration days
    std::vector<std::uint32_t> day_counts_;  // plan_month's scratch
};

}  // namespace pajesim::model
