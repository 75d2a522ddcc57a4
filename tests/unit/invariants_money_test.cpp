// The invariants that look at money as it moves, each on a hand-built run (fake_run.hpp) with
// a case just inside and just outside what it allows. Amounts are chosen by hand; what each
// invariant must say follows from its definition (docs/invariants.md).

#include <boost/test/unit_test.hpp>

#include "harness/invariants/advance_not_recovered_before_payment.hpp"
#include "harness/invariants/arrears_match_a_shortfall.hpp"
#include "harness/invariants/carers_paid_after_debit.hpp"
#include "harness/invariants/carers_paid_on_time.hpp"
#include "harness/invariants/cmg_never_above_owed.hpp"
#include "harness/invariants/covered_never_above_owed.hpp"
#include "harness/invariants/ledger_nets_to_zero.hpp"
#include "harness/invariants/no_covered_contributions_debited.hpp"
#include "harness/invariants/overpayment_recovery.hpp"
#include "tests/unit/fake_run.hpp"

using namespace pajesim;
using namespace pajesim::testing;
using model::Cause;

namespace {
const FamilyId family0{0};
const FamilyId family1{1};
const YearMonth june = month(2019, 6);  // CAF 0: new workflow, due 10 July 2019
}  // namespace

BOOST_AUTO_TEST_SUITE(cmg_never_above_owed)

BOOST_AUTO_TEST_CASE(paid_up_to_the_law_s_amount_holds_a_cent_more_does_not) {
    FakeRun run;
    invariants::CmgNeverAboveOwed invariant;
    run.watch(invariant);
    run.declare(family0, june, day(2019, 6, 28), euros(300'00));
    run.declare(family1, june, day(2019, 6, 28), euros(300'00));
    run.pay(family0, june, day(2019, 7, 2), euros(200'00));
    run.pay(family0, june, day(2019, 7, 3), euros(100'00));
    run.pay(family1, june, day(2019, 7, 3), euros(300'01));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    const invariants::Violation& v = invariant.violations().front();
    BOOST_TEST(v.family == family1);
    BOOST_TEST(v.expected == euros(300'00));
    BOOST_TEST(v.actual == euros(300'01));
    BOOST_TEST(v.first_seen == day(2019, 7, 3));
}

BOOST_AUTO_TEST_CASE(a_second_contract_s_declaration_raises_what_may_be_paid) {
    FakeRun run;
    invariants::CmgNeverAboveOwed invariant;
    run.watch(invariant);
    run.declare(family0, june, day(2019, 6, 28), euros(300'00));
    run.declare(family0, june, day(2019, 7, 1), euros(100'00));
    run.pay(family0, june, day(2019, 7, 2), euros(400'00));
    BOOST_TEST(invariant.violation_count() == 0u);
}

BOOST_AUTO_TEST_CASE(arrears_are_left_to_their_own_invariant) {
    FakeRun run;
    invariants::CmgNeverAboveOwed invariant;
    run.watch(invariant);
    run.declare(family0, june, day(2019, 6, 28), euros(300'00));
    run.pay(family0, june, day(2019, 7, 2), euros(300'00));
    run.pay(family0, june, day(2019, 8, 2), euros(300'00), Cause::cmg_arrears);
    BOOST_TEST(invariant.violation_count() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(arrears_match_a_shortfall)

BOOST_AUTO_TEST_CASE(two_equal_arrears_on_one_day_that_fill_the_gap_hold) {
    // 300.00 owed, 100.00 paid: a 200.00 gap, filled by two payments of 100.00 the same day
    // (what a guess from amounts and days took for a double payment).
    FakeRun run;
    invariants::ArrearsMatchAShortfall invariant;
    run.watch(invariant);
    run.declare(family0, june, day(2019, 6, 28), euros(300'00));
    run.pay(family0, june, day(2019, 7, 2), euros(100'00));
    run.pay(family0, june, day(2019, 8, 5), euros(100'00), Cause::cmg_arrears);
    run.pay(family0, june, day(2019, 8, 5), euros(100'00), Cause::cmg_arrears);
    BOOST_TEST(invariant.violation_count() == 0u);
}

BOOST_AUTO_TEST_CASE(the_same_arrears_paid_again_another_day_is_a_violation) {
    FakeRun run;
    invariants::ArrearsMatchAShortfall invariant;
    run.watch(invariant);
    run.declare(family0, june, day(2019, 6, 28), euros(300'00));
    run.pay(family0, june, day(2019, 7, 2), euros(200'00));
    run.pay(family0, june, day(2019, 8, 5), euros(100'00), Cause::cmg_arrears);
    BOOST_TEST(invariant.violation_count() == 0u);
    run.pay(family0, june, day(2019, 8, 12), euros(100'00), Cause::cmg_arrears);
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    const invariants::Violation& v = invariant.violations().front();
    BOOST_TEST(v.expected == euros(0));       // no shortfall left
    BOOST_TEST(v.actual == euros(100'00));    // the arrears paid
    BOOST_TEST(v.first_seen == day(2019, 8, 12));
    BOOST_TEST(v.harm == euros(100'00));
}

BOOST_AUTO_TEST_CASE(arrears_a_cent_above_the_shortfall_are_a_violation) {
    FakeRun run;
    invariants::ArrearsMatchAShortfall invariant;
    run.watch(invariant);
    run.declare(family0, june, day(2019, 6, 28), euros(300'00));
    run.declare(family1, june, day(2019, 6, 28), euros(300'00));
    run.pay(family0, june, day(2019, 8, 5), euros(300'00), Cause::cmg_arrears);
    run.pay(family1, june, day(2019, 8, 5), euros(300'01), Cause::cmg_arrears);
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().family == family1);
    BOOST_TEST(invariant.violations().front().expected == euros(300'00));
    BOOST_TEST(invariant.violations().front().harm == euros(1));
}

BOOST_AUTO_TEST_CASE(regular_payments_are_left_to_cmg_never_above_owed) {
    FakeRun run;
    invariants::ArrearsMatchAShortfall invariant;
    run.watch(invariant);
    run.declare(family0, june, day(2019, 6, 28), euros(300'00));
    run.pay(family0, june, day(2019, 7, 2), euros(300'00));
    run.pay(family0, june, day(2019, 7, 3), euros(300'00));
    BOOST_TEST(invariant.violation_count() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(no_covered_contributions_debited)

BOOST_AUTO_TEST_CASE(debits_up_to_the_due_hold_a_cent_more_does_not) {
    FakeRun run;
    invariants::NoCoveredContributionsDebited invariant;
    run.watch(invariant);
    run.declare(family0, june, day(2019, 6, 28), euros(0), CafId{0}, euros(0), euros(50'00));
    run.declare(family1, june, day(2019, 6, 28), euros(0), CafId{0}, euros(0), euros(50'00));
    run.debit(family0, june, day(2019, 7, 2), euros(30'00));
    run.debit(family0, june, day(2019, 7, 2), euros(20'00), Cause::pajemploi_plus_debit);
    run.debit(family1, june, day(2019, 7, 2), euros(50'00));
    run.debit(family1, june, day(2019, 7, 9), euros(1), Cause::pajemploi_plus_debit);
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    const invariants::Violation& v = invariant.violations().front();
    BOOST_TEST(v.family == family1);
    BOOST_TEST(v.expected == euros(50'00));
    BOOST_TEST(v.actual == euros(50'01));
    BOOST_TEST(v.first_seen == day(2019, 7, 9));
}

BOOST_AUTO_TEST_CASE(a_debit_taken_twice_is_a_violation) {
    FakeRun run;
    invariants::NoCoveredContributionsDebited invariant;
    run.watch(invariant);
    run.declare(family0, june, day(2019, 6, 28), euros(0), CafId{0}, euros(0), euros(50'00));
    run.debit(family0, june, day(2019, 7, 2), euros(50'00));
    run.debit(family0, june, day(2019, 7, 2), euros(50'00));
    BOOST_TEST(invariant.violation_count() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(refunds_within_debits)

BOOST_AUTO_TEST_CASE(a_refund_down_to_nothing_debited_holds_a_cent_more_does_not) {
    // Each family debited 50.00 twice for June (100.00). Family 0 is refunded 50.00 (50.00
    // left); family 1 50.00 on the 15th and 50.00 again on the 16th (nothing left: still not
    // below), then 0.01 on the 17th: a cent more than was debited; and 50.00 more on the 20th
    // (the family-month is reported once, for the cent).
    FakeRun run;
    invariants::RefundsWithinDebits invariant;
    run.watch(invariant);
    run.declare(family0, june, day(2019, 6, 28), euros(0), CafId{0}, euros(0), euros(50'00));
    run.declare(family1, june, day(2019, 6, 28), euros(0), CafId{0}, euros(0), euros(50'00));
    for (const FamilyId family : {family0, family1}) {
        run.debit(family, june, day(2019, 7, 2), euros(50'00));
        run.debit(family, june, day(2019, 7, 2), euros(50'00));
    }
    run.refund(family0, june, day(2019, 7, 15), euros(50'00));
    run.refund(family1, june, day(2019, 7, 15), euros(50'00));
    run.refund(family1, june, day(2019, 7, 16), euros(50'00));
    BOOST_TEST(invariant.violation_count() == 0u);
    run.refund(family1, june, day(2019, 7, 17), euros(0'01));
    run.refund(family1, june, day(2019, 7, 20), euros(50'00));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    const invariants::Violation& v = invariant.violations().front();
    BOOST_TEST(v.family == family1);
    BOOST_TEST(v.expected == euros(0));
    BOOST_TEST(v.actual == euros(-1));
    BOOST_TEST(v.harm == euros(0'01));
    BOOST_TEST(v.first_seen == day(2019, 7, 17));
}

BOOST_AUTO_TEST_CASE(a_refund_of_a_month_never_debited_gives_back_all_of_it) {
    // Nothing debited yet for a month of 80.00 due: a refund of 30.00 is all beyond the debits.
    FakeRun run;
    invariants::RefundsWithinDebits invariant;
    run.watch(invariant);
    run.declare(family0, june, day(2019, 6, 28), euros(0), CafId{0}, euros(0), euros(80'00));
    run.refund(family0, june, day(2019, 7, 3), euros(30'00));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().harm == euros(30'00));
    BOOST_TEST(invariant.violations().front().actual == euros(-30'00));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(covered_never_above_owed)

BOOST_AUTO_TEST_CASE(covered_up_to_the_law_s_cover_holds_a_cent_more_does_not) {
    // Family 0: two contracts declared for June, the law covering 300.00 and 184.47 of their
    // contributions; each claimed once (484.47 in all). Family 1: one contract, 484.47
    // covered, 484.48 claimed: a cent above. Family 2: 120.00 covered, claimed twice.
    FakeRun run;
    invariants::CoveredNeverAboveOwed invariant;
    run.watch(invariant);
    run.declare(family0, june, day(2019, 6, 28), euros(0), CafId{0}, euros(0), euros(0), euros(300'00));
    run.declare(family1, june, day(2019, 6, 28), euros(0), CafId{0}, euros(0), euros(0), euros(484'47));
    run.declare(FamilyId{2}, june, day(2019, 6, 28), euros(0), CafId{0}, euros(0), euros(0), euros(120'00));
    run.declare(family0, june, day(2019, 7, 1), euros(0), CafId{0}, euros(0), euros(0), euros(184'47));
    run.claim_covered(family0, june, day(2019, 7, 2), euros(300'00));
    run.claim_covered(FamilyId{2}, june, day(2019, 7, 2), euros(120'00));
    BOOST_TEST(invariant.violation_count() == 0u);
    run.claim_covered(family1, june, day(2019, 7, 2), euros(484'48));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    const invariants::Violation& v = invariant.violations().front();
    BOOST_TEST(v.family == family1);
    BOOST_TEST(v.expected == euros(484'47));  // what the law still covered before the claim
    BOOST_TEST(v.actual == euros(484'48));
    BOOST_TEST(v.harm == euros(0'01));
    BOOST_TEST(v.first_seen == day(2019, 7, 2));
    run.claim_covered(family0, june, day(2019, 7, 3), euros(184'47));
    BOOST_TEST(invariant.violation_count() == 1u);
    run.claim_covered(FamilyId{2}, june, day(2019, 7, 3), euros(120'00));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 2u);
    BOOST_TEST(invariant.violations()[1].expected == euros(0));
    BOOST_TEST(invariant.violations()[1].harm == euros(120'00));
}

BOOST_AUTO_TEST_CASE(a_cover_claimed_for_a_month_never_declared_is_all_above_the_law) {
    // June declared (80.00 covered), July never: a claim for July is above the law, however
    // much June still leaves to cover.
    FakeRun run;
    invariants::CoveredNeverAboveOwed invariant;
    run.watch(invariant);
    run.declare(family0, june, day(2019, 6, 28), euros(0), CafId{0}, euros(0), euros(0), euros(80'00));
    run.claim_covered(family0, month(2019, 7), day(2019, 8, 2), euros(80'00));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().month == month(2019, 7));
    BOOST_TEST(invariant.violations().front().harm == euros(80'00));
}

BOOST_AUTO_TEST_CASE(the_whole_cover_claimed_by_the_due_date_holds_a_cent_short_does_not) {
    // June (CAF 0: new workflow) is due on 10 July. Family 0: 484.47 covered, claimed in two
    // parts by the 10th. Family 1: 484.46 claimed by the 10th, the last cent on the 11th: late.
    // Family 2: declared late (7 July: due 22 days later, 1 August), claimed on 31 July.
    FakeRun run;
    invariants::CoveredNeverAboveOwed cover;
    invariants::CoveredClaimedOnTime invariant(run.due_dates, cover);
    run.watch(cover);
    run.watch(invariant);
    run.declare(family0, june, day(2019, 6, 28), euros(0), CafId{0}, euros(0), euros(0), euros(484'47));
    run.declare(family1, june, day(2019, 6, 28), euros(0), CafId{0}, euros(0), euros(0), euros(484'47));
    run.claim_covered(family0, june, day(2019, 7, 2), euros(400'00));
    run.claim_covered(family1, june, day(2019, 7, 2), euros(484'46));
    run.declare(FamilyId{2}, june, day(2019, 7, 7), euros(0), CafId{0}, euros(0), euros(0), euros(100'00));
    run.claim_covered(family0, june, day(2019, 7, 10), euros(84'47));
    run.claim_covered(family1, june, day(2019, 7, 11), euros(0'01));
    run.claim_covered(FamilyId{2}, june, day(2019, 7, 31), euros(100'00));
    run.end_after(day(2019, 8, 5));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    const invariants::Violation& v = invariant.violations().front();
    BOOST_TEST(v.family == family1);
    BOOST_TEST(v.actual == euros(0'01));
    BOOST_TEST(v.harm == euros(0'01));
    BOOST_TEST(v.first_seen == day(2019, 7, 10));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(recovery_within_notice)

BOOST_AUTO_TEST_CASE(taken_back_up_to_what_was_notified_holds_a_cent_more_does_not) {
    // May of each family notified twice (60.00, then 40.00 found later: 100.00 in all).
    // Family 0: 70.00 and 30.00 recovered on two days. Family 1: 100.01 in one recovery.
    // Family 2: 100.00 written off, then 0.01 recovered.
    FakeRun run;
    invariants::RecoveryWithinNotice invariant;
    run.watch(invariant);
    const YearMonth may = month(2019, 5);
    for (const FamilyId family : {family0, family1, FamilyId{2}}) {
        run.notify_overpayment(family, may, day(2019, 7, 1), euros(60'00));
    }
    for (const FamilyId family : {family0, family1, FamilyId{2}}) {
        run.notify_overpayment(family, may, day(2019, 7, 5), euros(40'00));
    }
    run.recover_overpayment(family0, may, day(2019, 8, 5), euros(70'00));
    run.write_off_overpayment(FamilyId{2}, may, day(2019, 8, 5), euros(100'00));
    run.recover_overpayment(family0, may, day(2019, 8, 6), euros(30'00));
    run.go_to(day(2019, 8, 7));
    BOOST_TEST(invariant.violation_count() == 0u);
    run.recover_overpayment(family1, may, day(2019, 8, 7), euros(100'01));
    run.recover_overpayment(FamilyId{2}, may, day(2019, 8, 8), euros(0'01));
    run.end_after(day(2019, 8, 8));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 2u);
    const invariants::Violation& v = invariant.violations()[0];
    BOOST_TEST(v.family == family1);
    BOOST_TEST(v.expected == euros(100'00));
    BOOST_TEST(v.actual == euros(100'01));
    BOOST_TEST(v.harm == euros(0'01));
    BOOST_TEST(v.first_seen == day(2019, 8, 7));
    BOOST_TEST(invariant.violations()[1].family == FamilyId{2});
    BOOST_TEST(invariant.violations()[1].first_seen == day(2019, 8, 8));
}

// June 2019 (the new workflow of CAF 0: due on 10 July): owed 260.00 by law, paid 300.00, so
// 40.00 overpaid.
BOOST_AUTO_TEST_CASE(written_off_up_to_the_excess_holds_a_cent_more_does_not) {
    FakeRun run;
    invariants::WriteOffsWithinOverpayment invariant(run.due_dates);
    run.watch(invariant);
    const YearMonth june = month(2019, 6);
    for (const FamilyId family : {family0, family1}) run.declare(family, june, day(2019, 6, 28), euros(260'00));
    for (const FamilyId family : {family0, family1}) run.pay(family, june, day(2019, 7, 3), euros(300'00));
    run.write_off_overpayment(family0, june, day(2019, 8, 1), euros(40'00));
    run.write_off_overpayment(family1, june, day(2019, 8, 1), euros(30'00));
    run.write_off_overpayment(family1, june, day(2019, 9, 2), euros(10'01));  // the same excess again, and a cent
    run.end_after(day(2019, 9, 3));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    const invariants::Violation& v = invariant.violations().front();
    BOOST_TEST(v.family == family1);
    BOOST_TEST(v.expected == euros(40'00));
    BOOST_TEST(v.actual == euros(40'01));
    BOOST_TEST(v.harm == euros(0'01));
    BOOST_TEST(v.first_seen == day(2019, 9, 2));
}

// A second contract's declaration raises the law's amount by 20.00: of the 40.00 written off,
// 20.00 is no longer an excess (the family keeps it as its due). A later payment of 10.00 too
// many is then written off: 30.00 counts against an excess of 30.00.
BOOST_AUTO_TEST_CASE(a_declaration_that_raises_the_law_s_amount_shrinks_what_was_written_off) {
    FakeRun run;
    invariants::WriteOffsWithinOverpayment invariant(run.due_dates);
    run.watch(invariant);
    const YearMonth june = month(2019, 6);
    run.declare(family0, june, day(2019, 6, 28), euros(260'00));
    run.pay(family0, june, day(2019, 7, 1), euros(300'00));
    run.write_off_overpayment(family0, june, day(2019, 7, 2), euros(40'00));
    run.declare(family0, june, day(2019, 7, 4), euros(20'00));
    run.pay(family0, june, day(2019, 7, 20), euros(10'00));
    run.write_off_overpayment(family0, june, day(2019, 7, 21), euros(10'00));
    run.go_to(day(2019, 8, 1));
    BOOST_TEST(invariant.violation_count() == 0u);
    run.write_off_overpayment(family0, june, day(2019, 8, 1), euros(0'01));
    run.end_after(day(2019, 8, 1));
    BOOST_TEST(invariant.violation_count() == 1u);
}

// A write-off before the month's due date is judged on the due date: the month's other
// payment may still come (here paid on 8 July, which makes the excess written off on the 3rd).
BOOST_AUTO_TEST_CASE(a_write_off_before_the_due_date_is_judged_on_it) {
    FakeRun run;
    invariants::WriteOffsWithinOverpayment invariant(run.due_dates);
    run.watch(invariant);
    const YearMonth june = month(2019, 6);
    run.declare(family0, june, day(2019, 6, 28), euros(260'00));
    run.declare(family1, june, day(2019, 6, 28), euros(260'00));
    run.pay(family0, june, day(2019, 7, 1), euros(260'00));
    run.pay(family1, june, day(2019, 7, 1), euros(260'00));
    run.write_off_overpayment(family0, june, day(2019, 7, 3), euros(40'00));
    run.write_off_overpayment(family1, june, day(2019, 7, 3), euros(40'00));
    run.pay(family0, june, day(2019, 7, 8), euros(40'00));  // family 1's never comes
    run.end_after(day(2019, 7, 31));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().family == family1);
    BOOST_TEST(invariant.violations().front().first_seen == day(2019, 7, 10));
}

BOOST_AUTO_TEST_CASE(a_notice_and_its_recovery_of_one_day_are_judged_when_the_day_ends) {
    // A notification that comes after the recovery within the same day (one answer) is in
    // order; one the next day is too late.
    const YearMonth may = month(2019, 5);
    for (const Date notified_on : {day(2019, 8, 5), day(2019, 8, 6)}) {
        FakeRun run;
        invariants::RecoveryWithinNotice invariant;
        run.watch(invariant);
        run.recover_overpayment(family0, may, day(2019, 8, 5), euros(25'00));
        run.notify_overpayment(family0, may, notified_on, euros(25'00));
        run.end_after(day(2019, 8, 6));
        BOOST_TEST(invariant.violation_count() == (notified_on == day(2019, 8, 5) ? 0u : 1u));
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(deductions_within_monthly_limit)

BOOST_AUTO_TEST_CASE(deductions_up_to_the_limit_of_a_calendar_month_hold_a_cent_more_does_not) {
    // A limit of 50.00 a calendar month. Family 0: 30.00 and 20.00 in August (from two
    // months), then 50.00 again on 2 September (a new calendar month). Family 1: 30.00 and
    // 20.01 in August.
    invariants::DueDateRule rule = test_rule();
    rule.deductions_monthly_limit = euros(50'00);
    FakeRun run(rule);
    invariants::DeductionsWithinMonthlyLimit invariant(run.due_dates);
    run.watch(invariant);
    const YearMonth may = month(2019, 5);
    run.deduct_overpayment(family0, may, day(2019, 8, 2), euros(30'00));
    run.deduct_overpayment(family1, may, day(2019, 8, 2), euros(30'00));
    run.deduct_overpayment(family0, june, day(2019, 8, 30), euros(20'00));
    BOOST_TEST(invariant.violation_count() == 0u);
    run.deduct_overpayment(family1, may, day(2019, 8, 31), euros(20'01));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    const invariants::Violation& v = invariant.violations().front();
    BOOST_TEST(v.family == family1);
    BOOST_TEST(v.expected == euros(50'00));
    BOOST_TEST(v.actual == euros(50'01));
    BOOST_TEST(v.harm == euros(0'01));
    BOOST_TEST(v.first_seen == day(2019, 8, 31));
    run.deduct_overpayment(family0, june, day(2019, 9, 2), euros(50'00));
    BOOST_TEST(invariant.violation_count() == 1u);
    // A debit of an overpayment is no deduction: no limit.
    run.recover_overpayment(family0, may, day(2019, 9, 3), euros(500'00));
    BOOST_TEST(invariant.violation_count() == 1u);
}

BOOST_AUTO_TEST_CASE(no_deduction_under_a_policy_that_deducts_nothing_any_without_a_limit) {
    for (const Cents limit : {euros(0), euros(-1)}) {
        invariants::DueDateRule rule = test_rule();
        rule.deductions_monthly_limit = limit;
        FakeRun run(rule);
        invariants::DeductionsWithinMonthlyLimit invariant(run.due_dates);
        run.watch(invariant);
        run.deduct_overpayment(family0, june, day(2019, 8, 2), euros(0'01));
        run.deduct_overpayment(family1, june, day(2019, 8, 2), euros(9'999'00));
        BOOST_TEST(invariant.violation_count() == (limit == euros(0) ? 2u : 0u));
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(carers_paid_after_debit)

// Pajemploi pays a carer for June (cause carer_payment), the family's Pajemploi+ debit of June
// taken (or not) before.
void pay_carer_by_pajemploi(FakeRun& run, FamilyId family, Date date, Cents amount) {
    run.go_to(date);
    run.transfer(run.view.plan().pajemploi(), run.view.plan().carer(CarerId{family.value()}), amount,
                 Cause::carer_payment, family, june);
}

BOOST_AUTO_TEST_CASE(under_after_debit_the_pay_never_passes_the_debits_taken) {
    // Family 0: debited 560.00 (pay 460.00 and contributions), then its carer paid 460.00.
    // Family 1: its carer paid 460.00 with 460.00 debited: holds; then a cent more. Family 2:
    // paid before any debit.
    invariants::DueDateRule rule = test_rule();
    rule.carer_pay_after_debit = true;
    FakeRun run(rule);
    invariants::CarersPaidAfterDebit invariant(run.due_dates);
    run.watch(invariant);
    run.debit(family0, june, day(2019, 7, 2), euros(560'00), Cause::pajemploi_plus_debit);
    run.debit(family1, june, day(2019, 7, 2), euros(460'00), Cause::pajemploi_plus_debit);
    pay_carer_by_pajemploi(run, family0, day(2019, 7, 3), euros(460'00));
    pay_carer_by_pajemploi(run, family1, day(2019, 7, 3), euros(460'00));
    BOOST_TEST(invariant.violation_count() == 0u);
    pay_carer_by_pajemploi(run, family1, day(2019, 7, 4), euros(0'01));
    pay_carer_by_pajemploi(run, FamilyId{2}, day(2019, 7, 4), euros(300'00));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 2u);
    const invariants::Violation& v = invariant.violations()[0];
    BOOST_TEST(v.family == family1);
    BOOST_TEST(v.expected == euros(460'00));
    BOOST_TEST(v.actual == euros(460'01));
    BOOST_TEST(v.harm == euros(0'01));
    BOOST_TEST(v.first_seen == day(2019, 7, 4));
    BOOST_TEST(invariant.violations()[1].harm == euros(300'00));
    // A refund of the debit afterwards does not make the pay early.
    run.refund(family0, june, day(2019, 7, 5), euros(100'00));
    BOOST_TEST(invariant.violation_count() == 2u);
}

BOOST_AUTO_TEST_CASE(under_the_guarantee_nothing_is_judged) {
    FakeRun run;
    BOOST_TEST_REQUIRE(!run.due_dates.rule().carer_pay_after_debit);
    invariants::CarersPaidAfterDebit invariant(run.due_dates);
    run.watch(invariant);
    pay_carer_by_pajemploi(run, family0, day(2019, 7, 3), euros(460'00));
    BOOST_TEST(invariant.violation_count() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ledger_nets_to_zero)

BOOST_AUTO_TEST_CASE(a_balanced_ledger_holds) {
    FakeRun run;
    invariants::LedgerNetsToZero invariant;
    run.watch(invariant);
    run.declare(family0, june, day(2019, 6, 28), euros(300'00));
    run.pay(family0, june, day(2019, 7, 2), euros(300'00));
    run.end_after(day(2019, 8, 31));
    BOOST_TEST(invariant.violation_count() == 0u);
}

BOOST_AUTO_TEST_CASE(a_cent_off_is_seen_at_the_month_end_not_before) {
    FakeRun run;
    invariants::LedgerNetsToZero invariant;
    run.watch(invariant);
    run.pay(family0, june, day(2019, 7, 2), euros(300'00));
    // The ledger loses a cent on the family's side (the caf fund's side is right).
    run.view.set_balance(run.view.plan().family(family0), euros(299'99));
    run.go_to(day(2019, 7, 31));
    BOOST_TEST(invariant.violation_count() == 0u);  // 31 July has not ended yet
    run.go_to(day(2019, 8, 1));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().first_seen == day(2019, 7, 31));
    BOOST_TEST(invariant.violations().front().actual == euros(-1));
}

BOOST_AUTO_TEST_CASE(balances_that_differ_from_the_transfers_are_seen_at_the_end) {
    // Netting to zero is not enough: a transfer applied to the wrong accounts nets to zero.
    FakeRun run;
    invariants::LedgerNetsToZero invariant;
    run.watch(invariant);
    run.pay(family0, june, day(2019, 7, 2), euros(300'00));
    run.view.set_balance(run.view.plan().family(family0), euros(0));
    run.view.set_balance(run.view.plan().family(family1), euros(300'00));
    run.end_after(day(2019, 7, 20));
    BOOST_TEST(invariant.violation_count() == 2u);  // both accounts
}

// The rebuilt balances are applied in batches of movements: with a batch of two movements (each
// transfer applied at once) or of five (a transfer split across two batches, some left for the
// end), the balances rebuilt are the same, and one account set wrong among many is named.
BOOST_AUTO_TEST_CASE(balances_rebuilt_in_batches_name_the_one_account_wrong) {
    for (const std::size_t batch : {std::size_t{2}, std::size_t{5}, invariants::LedgerNetsToZero::default_batch}) {
        FakeRun run;
        invariants::LedgerNetsToZero invariant(batch);
        run.watch(invariant);
        // 7 payments: 14 movements, not a multiple of 5.
        for (int i = 0; i < 7; ++i) {
            run.pay(i % 2 == 0 ? family0 : family1, june, day(2019, 7, 2 + i), euros(100'00 + i));
        }
        BOOST_TEST(invariant.violation_count() == 0u);
        const AccountId wrong = run.view.plan().family(family1);
        run.view.set_balance(wrong, run.view.balance(wrong) + Cents{1});
        run.view.set_balance(run.view.plan().caf_fund(), run.view.balance(run.view.plan().caf_fund()) - Cents{1});
        run.end_after(day(2019, 7, 20));
        BOOST_TEST_REQUIRE(invariant.violation_count() == 2u, "batch " << batch);
        BOOST_TEST(invariant.violations().front().reason ==
                   "account " + std::to_string(wrong.value()) + ": the ledger's balance differs from its transfers");
        BOOST_TEST(invariant.violations().front().actual == euros(3 * 100'00 + 1 + 3 + 5) + Cents{1});
        BOOST_TEST(invariant.violations().front().expected == euros(3 * 100'00 + 1 + 3 + 5));
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(advance_not_recovered_before_payment)

BOOST_AUTO_TEST_CASE(an_advance_recovered_the_day_it_is_paid_while_the_cmg_is_owed_is_a_violation) {
    FakeRun run;
    invariants::AdvanceNotRecoveredBeforePayment invariant(run.due_dates);
    run.watch(invariant);
    run.declare(family0, june, day(2019, 6, 28), euros(400'00));  // due 10 July, never paid
    run.advance(family0, day(2019, 7, 20), euros(400'00));
    run.recover(family0, day(2019, 7, 20), euros(400'00));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    const invariants::Violation& v = invariant.violations().front();
    BOOST_TEST(v.actual == euros(400'00));  // still owed
    BOOST_TEST(v.first_seen == day(2019, 7, 20));
}

BOOST_AUTO_TEST_CASE(recovered_once_the_family_is_paid_in_full_holds) {
    FakeRun run;
    invariants::AdvanceNotRecoveredBeforePayment invariant(run.due_dates);
    run.watch(invariant);
    run.declare(family0, june, day(2019, 6, 28), euros(400'00));
    run.advance(family0, day(2019, 7, 20), euros(400'00));
    run.pay(family0, june, day(2019, 8, 1), euros(400'00), Cause::cmg_arrears);
    run.recover(family0, day(2019, 8, 1), euros(400'00));
    BOOST_TEST(invariant.violation_count() == 0u);
}

BOOST_AUTO_TEST_CASE(a_cent_still_owed_is_still_owed) {
    FakeRun run;
    invariants::AdvanceNotRecoveredBeforePayment invariant(run.due_dates);
    run.watch(invariant);
    run.declare(family0, june, day(2019, 6, 28), euros(400'00));
    run.advance(family0, day(2019, 7, 20), euros(400'00));
    run.pay(family0, june, day(2019, 8, 1), euros(399'99), Cause::cmg_arrears);
    run.recover(family0, day(2019, 9, 4), euros(400'00));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().actual == euros(1));
}

BOOST_AUTO_TEST_CASE(a_month_owed_counts_from_its_due_date_on) {
    // July 2019 is due on 10 August: a recovery on the 9th holds, one on the 10th does not.
    FakeRun run;
    invariants::AdvanceNotRecoveredBeforePayment invariant(run.due_dates);
    run.watch(invariant);
    run.declare(family0, month(2019, 7), day(2019, 7, 29), euros(400'00));
    run.declare(family1, month(2019, 7), day(2019, 7, 29), euros(400'00));
    run.advance(family0, day(2019, 7, 30), euros(100'00));
    run.advance(family1, day(2019, 7, 30), euros(100'00));
    run.recover(family0, day(2019, 8, 9), euros(100'00));
    run.recover(family1, day(2019, 8, 10), euros(100'00));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().family == family1);
}

BOOST_AUTO_TEST_CASE(contributions_debited_beyond_the_due_are_owed_too) {
    FakeRun run;
    invariants::AdvanceNotRecoveredBeforePayment invariant(run.due_dates);
    run.watch(invariant);
    run.declare(family0, june, day(2019, 6, 28), euros(0), CafId{0}, euros(0), euros(50'00));
    run.debit(family0, june, day(2019, 7, 2), euros(80'00));
    run.advance(family0, day(2019, 7, 15), euros(30'00));
    run.recover(family0, day(2019, 8, 15), euros(30'00));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().actual == euros(30'00));
}

BOOST_AUTO_TEST_CASE(recovering_more_than_was_advanced_is_a_violation) {
    FakeRun run;
    invariants::AdvanceNotRecoveredBeforePayment invariant(run.due_dates);
    run.watch(invariant);
    run.advance(family0, day(2019, 7, 15), euros(100'00));
    run.recover(family0, day(2019, 8, 15), euros(100'00));
    run.recover(family1, day(2019, 8, 15), euros(1));  // never advanced anything
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().family == family1);
    BOOST_TEST(invariant.violations().front().expected == euros(0));
    BOOST_TEST(invariant.violations().front().actual == euros(1));
}

BOOST_AUTO_TEST_CASE(an_advance_taken_back_in_parts_is_spent_by_each_part) {
    // 100.00 advanced; 60.00 taken back, then 60.00 more: only 40.00 was left to take back,
    // so the second recovery takes 20.00 too much. Another family's 100.00 taken back whole,
    // then a cent more: nothing was left.
    FakeRun run;
    invariants::AdvanceNotRecoveredBeforePayment invariant(run.due_dates);
    run.watch(invariant);
    run.advance(family0, day(2019, 7, 15), euros(100'00));
    run.advance(family1, day(2019, 7, 15), euros(100'00));
    run.recover(family0, day(2019, 8, 15), euros(60'00));
    run.recover(family1, day(2019, 8, 15), euros(100'00));
    BOOST_TEST(invariant.violation_count() == 0u);
    run.recover(family0, day(2019, 8, 16), euros(60'00));
    run.recover(family1, day(2019, 8, 20), euros(1));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 2u);
    const auto& second_part = invariant.violations()[0];
    BOOST_TEST(second_part.family == family0);
    BOOST_TEST(second_part.first_seen == day(2019, 8, 16));
    BOOST_TEST(second_part.expected == euros(40'00));
    BOOST_TEST(second_part.actual == euros(60'00));
    const auto& cent_more = invariant.violations()[1];
    BOOST_TEST(cent_more.family == family1);
    BOOST_TEST(cent_more.expected == euros(0));
    BOOST_TEST(cent_more.actual == euros(1));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(carers_never_paid_above_due)

BOOST_AUTO_TEST_CASE(paid_up_to_the_declared_pay_holds_a_cent_more_does_not) {
    // Two contracts declared for June: 400.00 and 250.00 of pay. The carers paid 400.00, then
    // 250.00: square. A second family's carer paid 300.00, then 0.01 more: above.
    FakeRun run;
    invariants::CarerPayments payments;
    invariants::CarersNeverPaidAboveDue invariant(payments);
    run.watch(invariant);
    run.declare(family0, june, day(2019, 6, 27), euros(100'00), CafId{0}, euros(400'00));
    run.declare(family0, june, day(2019, 6, 28), euros(100'00), CafId{0}, euros(250'00));
    run.declare(family1, june, day(2019, 6, 28), euros(100'00), CafId{0}, euros(300'00));
    run.pay_carer(family0, june, day(2019, 6, 28), euros(400'00));
    run.pay_carer(family0, june, day(2019, 7, 3), euros(250'00));
    run.pay_carer(family1, june, day(2019, 7, 3), euros(300'00));
    BOOST_TEST(invariant.violation_count() == 0u);
    run.pay_carer(family1, june, day(2019, 7, 4), euros(0'01));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    const invariants::Violation& v = invariant.violations().front();
    BOOST_TEST(v.family == family1);
    BOOST_TEST(v.expected == euros(300'00));
    BOOST_TEST(v.actual == euros(300'01));
    BOOST_TEST(v.harm == euros(0'01));
    BOOST_TEST(v.first_seen == day(2019, 7, 4));
}

BOOST_AUTO_TEST_CASE(a_carer_paid_another_carer_s_pay_is_paid_above_its_own) {
    // A family of two carers, 300.00 of pay each for June. Carer 1 is paid its 300.00, then
    // carer 2's 300.00 as well: the family's total (600.00) is not above what was declared,
    // but carer 1 is, by 300.00. A second family pays each its own: square.
    FakeRun run;
    invariants::CarerPayments payments;
    invariants::CarersNeverPaidAboveDue invariant(payments);
    CarerPaymentsFirst first(payments);
    run.watch(first);
    run.watch(invariant);
    for (const FamilyId family : {family0, family1}) {
        run.declare_for(family, june, day(2019, 6, 28), CarerId{1}, euros(300'00));
        run.declare_for(family, june, day(2019, 6, 28), CarerId{2}, euros(300'00));
    }
    run.pay_carer(family0, june, day(2019, 7, 3), euros(300'00), CarerId{1});
    run.pay_carer(family0, june, day(2019, 7, 3), euros(300'00), CarerId{2});
    run.pay_carer(family1, june, day(2019, 7, 3), euros(300'00), CarerId{1});
    BOOST_TEST(invariant.violation_count() == 0u);
    run.pay_carer(family1, june, day(2019, 7, 4), euros(300'00), CarerId{1});
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    const invariants::Violation& v = invariant.violations().front();
    BOOST_TEST(v.family == family1);
    BOOST_TEST(v.expected == euros(300'00));
    BOOST_TEST(v.actual == euros(600'00));
    BOOST_TEST(v.harm == euros(300'00));
    BOOST_TEST(v.first_seen == day(2019, 7, 4));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(recovery_after_notice)

// The test rule's notice period: 30 days (DueDateRule's default, the scenario's
// processes.overpayment_recovery.notice_days).
BOOST_AUTO_TEST_CASE(a_recovery_waits_for_the_notice_period_of_the_last_notification) {
    FakeRun run;
    BOOST_TEST_REQUIRE(run.due_dates.rule().overpayment_notice_days == 30);
    invariants::RecoveryAfterNotice invariant(run.due_dates);
    run.watch(invariant);
    const YearMonth may = month(2019, 5);
    // Family 0: notified on 1 July, recovered on 31 July (30 days later): in order.
    run.notify_overpayment(family0, may, day(2019, 7, 1), euros(40'00));
    // Family 1: notified on 1 July, recovered on 30 July: a day early.
    run.notify_overpayment(family1, may, day(2019, 7, 1), euros(40'00));
    run.recover_overpayment(family1, may, day(2019, 7, 30), euros(40'00));
    run.recover_overpayment(family0, may, day(2019, 7, 31), euros(40'00));
    // Family 2: never notified of June.
    run.recover_overpayment(FamilyId{2}, june, day(2019, 8, 1), euros(10'00));
    run.go_to(day(2019, 8, 2));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 2u);
    BOOST_TEST(invariant.violations()[0].family == family1);
    BOOST_TEST(invariant.violations()[0].first_seen == day(2019, 7, 30));
    BOOST_TEST(invariant.violations()[1].family == FamilyId{2});
    BOOST_TEST(invariant.violations()[1].reason.find("without notice") != std::string::npos);
    // A month notified twice (family 0's June, on 5 and 10 August: more overpaid) takes its
    // period from the last: a recovery on 8 September, 34 days after the first notification
    // but 29 after the last, is early.
    run.notify_overpayment(family0, june, day(2019, 8, 5), euros(5'00));
    run.notify_overpayment(family0, june, day(2019, 8, 10), euros(5'00));
    run.recover_overpayment(family0, june, day(2019, 9, 8), euros(10'00));  // 29 days after the last
    run.end_after(day(2019, 9, 8));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 3u);
    BOOST_TEST(invariant.violations()[2].first_seen == day(2019, 9, 8));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(no_recovery_while_owed)

// May was overpaid by 40.00; June (300.00, due 10 July) is paid on its due date. The centre
// deducts May's overpayment on 10 July from a payment made before June's: at the end of the
// day the family is owed nothing, so nothing was taken from a family owed money. June paid a
// day late instead: the family is owed 300.00 when the day of the recovery ends.
BOOST_AUTO_TEST_CASE(judged_at_the_end_of_the_recovery_s_day) {
    const YearMonth may = month(2019, 5);
    for (const Date june_paid : {day(2019, 7, 10), day(2019, 7, 11)}) {
        FakeRun run;
        invariants::NoRecoveryWhileOwed invariant(run.due_dates);
        run.watch(invariant);
        run.declare(family0, may, day(2019, 5, 31), euros(200'00));
        run.pay(family0, may, day(2019, 6, 3), euros(240'00));
        run.declare(family0, june, day(2019, 6, 28), euros(300'00));
        run.recover_overpayment(family0, may, day(2019, 7, 10), euros(40'00));
        run.pay(family0, june, june_paid, euros(300'00));
        run.end_after(day(2019, 7, 12));
        if (june_paid == day(2019, 7, 10)) {
            BOOST_TEST(invariant.violation_count() == 0u);
        } else {
            BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
            const invariants::Violation& v = invariant.violations().front();
            BOOST_TEST(v.first_seen == day(2019, 7, 10));
            BOOST_TEST(v.month == may);
            BOOST_TEST(v.actual == euros(40'00));
            BOOST_TEST(v.harm == euros(40'00));  // the smaller of the recovery and what is owed
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(recovery_within_overpayment)

// A month of two contracts: the first is paid 150.00 on its own though the law gives 100.00
// for it; the second (law: 277.00 for the month) is declared, and the centre, finding the sum
// it ordered (150.00 + 177.00) 50.00 above its figure, deducts 50.00 from the family the same
// day, two days before the second payment. Nothing the family is owed was taken: the month is
// judged once it is due (10 July), when the second payment has come.
BOOST_AUTO_TEST_CASE(a_deduction_before_the_month_s_other_payment_is_judged_once_the_month_is_due) {
    for (const Cents second : {euros(177'00), euros(176'99)}) {
        FakeRun run;
        invariants::RecoveryWithinOverpayment invariant(run.due_dates);
        run.watch(invariant);
        run.declare(family0, june, day(2019, 6, 27), euros(100'00));
        run.pay(family0, june, day(2019, 7, 1), euros(150'00));
        run.declare(family0, june, day(2019, 7, 3), euros(177'00));
        run.recover_overpayment(family0, june, day(2019, 7, 3), euros(50'00));
        run.pay(family0, june, day(2019, 7, 5), second);
        run.go_to(day(2019, 7, 10));
        BOOST_TEST(invariant.violation_count() == 0u);  // not judged before the month is due
        run.end_after(day(2019, 7, 10));
        if (second == euros(177'00)) {
            BOOST_TEST(invariant.violation_count() == 0u);
        } else {
            // A cent short on its due date: the recovery took a cent the family is owed.
            BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
            const invariants::Violation& v = invariant.violations().front();
            BOOST_TEST(v.first_seen == day(2019, 7, 10));
            BOOST_TEST(v.month == june);
            BOOST_TEST(v.expected == euros(49'99));  // overpaid by, net, before the recovery
            BOOST_TEST(v.actual == euros(50'00));
            BOOST_TEST(v.harm == euros(0'01));
        }
    }
}

BOOST_AUTO_TEST_CASE(a_recovery_after_the_due_date_is_judged_at_the_end_of_its_day) {
    for (const Cents paid : {euros(300'01), euros(300'00)}) {
        FakeRun run;
        invariants::RecoveryWithinOverpayment invariant(run.due_dates);
        run.watch(invariant);
        run.declare(family0, june, day(2019, 6, 27), euros(300'00));
        run.pay(family0, june, day(2019, 7, 1), paid);
        run.recover_overpayment(family0, june, day(2019, 8, 1), euros(0'01));
        BOOST_TEST(invariant.violation_count() == 0u);  // the day is not over
        run.go_to(day(2019, 8, 2));
        if (paid == euros(300'01)) {
            BOOST_TEST(invariant.violation_count() == 0u);  // a cent overpaid, a cent taken back
        } else {
            BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
            const invariants::Violation& v = invariant.violations().front();
            BOOST_TEST(v.first_seen == day(2019, 8, 1));
            BOOST_TEST(v.expected == euros(0));
            BOOST_TEST(v.harm == euros(0'01));
        }
    }
}

BOOST_AUTO_TEST_CASE(a_late_declaration_moves_the_judgement_to_the_month_s_new_due_date) {
    // Deducted on 8 July; a late declaration of the second contract on the 9th (after the 5th)
    // moves June's due date from 10 July to 1 August (22 days later): the month is judged then.
    for (const bool second_paid : {true, false}) {
        FakeRun run;
        invariants::RecoveryWithinOverpayment invariant(run.due_dates);
        run.watch(invariant);
        run.declare(family0, june, day(2019, 6, 27), euros(100'00));
        run.pay(family0, june, day(2019, 7, 1), euros(150'00));
        run.recover_overpayment(family0, june, day(2019, 7, 8), euros(50'00));
        run.declare(family0, june, day(2019, 7, 9), euros(177'00));
        if (second_paid) run.pay(family0, june, day(2019, 7, 30), euros(177'00));
        run.go_to(day(2019, 8, 1));
        BOOST_TEST(invariant.violation_count() == 0u);
        run.end_after(day(2019, 8, 1));
        BOOST_TEST(invariant.violation_count() == (second_paid ? 0u : 1u));
        if (!second_paid) BOOST_TEST(invariant.violations().front().harm == euros(50'00));
    }
}

BOOST_AUTO_TEST_SUITE_END()
