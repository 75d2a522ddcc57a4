// model::Ledger (sim/model/ledger.hpp) keeps a family's balance up to date at every transfer and
// adds the carers' movements a batch at a time: whatever the moment a balance is read, it is
// the sum of the transfers so far, here against plain totals kept alongside.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <vector>

#include "sim/model/ledger.hpp"

using pajesim::AccountId;
using pajesim::CarerId;
using pajesim::Cents;
using pajesim::Date;
using pajesim::FamilyId;
using pajesim::model::AccountPlan;
using pajesim::model::Cause;
using pajesim::model::Ledger;
using pajesim::model::Transfer;

namespace {

struct Books {
    AccountPlan plan{3, 5};
    Ledger ledger{plan};
    std::vector<std::int64_t> expected = std::vector<std::int64_t>(plan.size(), 0);

    void move(AccountId source, AccountId target, std::int64_t cents, Cause cause) {
        ledger.transfer(Transfer{Date{}, source, target, Cents{cents}, cause, FamilyId{0}, {}});
        expected[source.index()] -= cents;
        expected[target.index()] += cents;
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(ledger)

// 50 000 transfers: incomes into the families, salaries and Pajemploi+ payments to carers,
// far more carer movements than one batch holds (DeferredSums::default_batch).
BOOST_AUTO_TEST_CASE(every_balance_read_at_any_moment_is_the_sum_of_the_transfers_so_far) {
    Books books;
    const AccountPlan& plan = books.plan;
    for (std::uint32_t i = 0; i < 50'000; ++i) {
        const AccountId family = plan.family(FamilyId{i % 3});
        const AccountId carer = plan.carer(CarerId{i % 5});
        switch (i % 4) {
            case 0: books.move(plan.outside(), family, 1'000 + i % 97, Cause::income); break;
            case 1: books.move(family, carer, 300 + i % 13, Cause::salary); break;
            case 2: books.move(plan.pajemploi(), carer, 200 + i % 7, Cause::carer_payment); break;
            default: books.move(family, plan.pajemploi(), 150 + i % 11, Cause::pajemploi_plus_debit); break;
        }
        // A family's balance is right after each transfer.
        BOOST_TEST_REQUIRE(books.ledger.balance(family).value() == books.expected[family.index()]);
        // A carer's, read now and then, between two batches or in the middle of one.
        if (i % 7'919 == 0) {
            BOOST_TEST_REQUIRE(books.ledger.balance(carer).value() == books.expected[carer.index()], "at " << i);
        }
        if (i % 12'345 == 0) BOOST_TEST_REQUIRE(books.ledger.net() == Cents{0});
    }
    for (std::uint32_t a = 0; a < plan.size(); ++a) {
        BOOST_TEST(books.ledger.balance(AccountId{a}).value() == books.expected[a], "account " << a);
    }
    BOOST_TEST(books.ledger.net() == Cents{0});
    BOOST_TEST(books.ledger.transfer_count() == 50'000u);
    // The carers were paid: their balances are not all zero (the test reads real sums).
    BOOST_TEST(books.expected[plan.carer(CarerId{4}).index()] > 0);
}

BOOST_AUTO_TEST_SUITE_END()
