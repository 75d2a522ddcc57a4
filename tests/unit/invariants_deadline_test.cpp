// The invariants that look at due dates, each on a hand-built run (fake_run.hpp) with a case
// just inside and just outside what it allows. Due dates are worked out by hand from the rule
// (docs/invariants.md): month M is due on the 10th of M+1; 22 days later when a declaration
// came after the 5th of M+1; 60 days later still for a month of the old workflow (CAF 0
// switches with June 2019's care month).

#include <boost/test/unit_test.hpp>

#include "harness/invariants/carers_paid_on_time.hpp"
#include "harness/invariants/corrected_file_stays_correct.hpp"
#include "harness/invariants/debits_collected.hpp"
#include "harness/invariants/declared_months_paid_on_time.hpp"
#include "harness/invariants/everyone_square_after_recovery.hpp"
#include "tests/unit/fake_run.hpp"

using namespace pajesim;
using namespace pajesim::testing;

namespace {
const FamilyId family0{0};
const FamilyId family1{1};
const FamilyId family2{2};
}  // namespace

BOOST_AUTO_TEST_SUITE(due_dates)

BOOST_AUTO_TEST_CASE(the_rule_on_time_late_and_old_workflow) {
    const invariants::DueDateRule rule = test_rule();
    // June 2019 (new workflow for CAF 0): 10 July; late: 10 July + 22 days = 1 August.
    BOOST_TEST(rule.due_date(month(2019, 6), false, true) == day(2019, 7, 10));
    BOOST_TEST(rule.due_date(month(2019, 6), true, true) == day(2019, 8, 1));
    // May 2019 (old workflow): 10 June + 60 days = 9 August; late: + 82 days = 31 August.
    BOOST_TEST(rule.due_date(month(2019, 5), false, false) == day(2019, 8, 9));
    BOOST_TEST(rule.due_date(month(2019, 5), true, false) == day(2019, 8, 31));
    // A deadline day past the month's end is clamped: 31 -> 29 February 2020.
    invariants::DueDateRule end_of_month = rule;
    end_of_month.payment_deadline_day = 31;
    BOOST_TEST(end_of_month.due_date(month(2020, 1), false, true) == day(2020, 2, 29));
}

BOOST_AUTO_TEST_CASE(the_5th_is_the_last_on_time_day) {
    BOOST_TEST(!invariants::DueDateRule::late(month(2019, 6), day(2019, 7, 5)));
    BOOST_TEST(invariants::DueDateRule::late(month(2019, 6), day(2019, 7, 6)));
    BOOST_TEST(!invariants::DueDateRule::late(month(2019, 6), day(2019, 6, 25)));
}

BOOST_AUTO_TEST_CASE(the_workflow_follows_the_family_s_caf) {
    const invariants::DueDateRule rule = test_rule();
    BOOST_TEST(!rule.new_workflow(CafId{0}, month(2019, 5)));
    BOOST_TEST(rule.new_workflow(CafId{0}, month(2019, 6)));
    BOOST_TEST(!rule.new_workflow(CafId{1}, month(2019, 8)));
    BOOST_TEST(rule.new_workflow(CafId{1}, month(2019, 9)));
}

BOOST_AUTO_TEST_CASE(one_late_contract_makes_the_family_month_late) {
    FakeRun run;
    run.declare(family0, month(2019, 6), day(2019, 7, 1), euros(100'00));
    BOOST_TEST(run.due_dates.due_date(family0, 2) == day(2019, 7, 10));
    run.declare(family0, month(2019, 6), day(2019, 7, 8), euros(50'00));
    BOOST_TEST(run.due_dates.due_date(family0, 2) == day(2019, 8, 1));
    BOOST_TEST(!run.due_dates.declared(family1, 2));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(declared_months_paid_on_time)

BOOST_AUTO_TEST_CASE(paid_in_full_on_the_due_date_holds) {
    FakeRun run;
    invariants::DeclaredMonthsPaidOnTime invariant(run.due_dates);
    run.watch(invariant);
    run.declare(family0, month(2019, 6), day(2019, 6, 28), euros(300'00));
    run.pay(family0, month(2019, 6), day(2019, 7, 10), euros(300'00));
    run.end_after(day(2019, 12, 31));
    BOOST_TEST(invariant.violation_count() == 0u);
}

BOOST_AUTO_TEST_CASE(a_cent_short_on_the_due_date_is_a_violation) {
    FakeRun run;
    invariants::DeclaredMonthsPaidOnTime invariant(run.due_dates);
    run.watch(invariant);
    run.declare(family0, month(2019, 6), day(2019, 6, 28), euros(300'00));
    run.pay(family0, month(2019, 6), day(2019, 7, 9), euros(299'99));
    run.end_after(day(2019, 12, 31));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    const invariants::Violation& v = invariant.violations().front();
    BOOST_TEST(v.family == family0);
    BOOST_TEST(v.month == month(2019, 6));
    BOOST_TEST(v.expected == euros(300'00));
    BOOST_TEST(v.actual == euros(299'99));
    BOOST_TEST(v.first_seen == day(2019, 7, 10));
    BOOST_TEST(v.harm == euros(1));
}

BOOST_AUTO_TEST_CASE(paid_the_day_after_the_due_date_is_a_violation) {
    FakeRun run;
    invariants::DeclaredMonthsPaidOnTime invariant(run.due_dates);
    run.watch(invariant);
    run.declare(family0, month(2019, 6), day(2019, 6, 28), euros(300'00));
    run.pay(family0, month(2019, 6), day(2019, 7, 11), euros(300'00));
    run.end_after(day(2019, 12, 31));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().first_seen == day(2019, 7, 10));
    BOOST_TEST(invariant.violations().front().actual == euros(0));
}

BOOST_AUTO_TEST_CASE(a_declaration_on_the_5th_is_on_time_so_its_deadline_is_the_10th) {
    // A model that took the 5th for a late day would move the deadline to 1 August and hide
    // this shortfall: the harness reckons the date itself.
    FakeRun run;
    invariants::DeclaredMonthsPaidOnTime invariant(run.due_dates);
    run.watch(invariant);
    run.declare(family0, month(2019, 6), day(2019, 7, 5), euros(300'00));
    run.pay(family0, month(2019, 6), day(2019, 7, 20), euros(300'00));
    run.end_after(day(2019, 12, 31));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().first_seen == day(2019, 7, 10));
}

BOOST_AUTO_TEST_CASE(a_declaration_on_the_6th_is_late_and_due_22_days_later) {
    FakeRun run;
    invariants::DeclaredMonthsPaidOnTime invariant(run.due_dates);
    run.watch(invariant);
    run.declare(family0, month(2019, 6), day(2019, 7, 6), euros(300'00));
    run.declare(family1, month(2019, 6), day(2019, 7, 6), euros(300'00));
    run.pay(family0, month(2019, 6), day(2019, 8, 1), euros(300'00));  // on the late due date
    run.pay(family1, month(2019, 6), day(2019, 8, 2), euros(300'00));  // the day after
    run.end_after(day(2019, 12, 31));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().family == family1);
    BOOST_TEST(invariant.violations().front().first_seen == day(2019, 8, 1));
}

BOOST_AUTO_TEST_CASE(an_old_workflow_month_is_due_60_days_later) {
    FakeRun run;
    invariants::DeclaredMonthsPaidOnTime invariant(run.due_dates);
    run.watch(invariant);
    run.declare(family0, month(2019, 5), day(2019, 5, 28), euros(300'00));  // CAF 0: old workflow
    run.declare(family1, month(2019, 5), day(2019, 5, 28), euros(300'00));
    run.pay(family0, month(2019, 5), day(2019, 8, 9), euros(300'00));
    run.pay(family1, month(2019, 5), day(2019, 8, 10), euros(300'00));
    run.end_after(day(2019, 12, 31));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().family == family1);
    BOOST_TEST(invariant.violations().front().first_seen == day(2019, 8, 9));
}

BOOST_AUTO_TEST_CASE(the_last_month_of_the_period_is_checked) {
    // The period ends with March 2020, due on 10 April 2020, after the period.
    FakeRun run;
    invariants::DeclaredMonthsPaidOnTime invariant(run.due_dates);
    run.watch(invariant);
    run.declare(family0, month(2020, 3), day(2020, 3, 30), euros(300'00));
    run.declare(family1, month(2020, 3), day(2020, 3, 30), euros(300'00));
    run.pay(family1, month(2020, 3), day(2020, 4, 3), euros(300'00));
    run.end_after(day(2020, 4, 30));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().family == family0);
    BOOST_TEST(invariant.violations().front().month == month(2020, 3));
    BOOST_TEST(invariant.violations().front().first_seen == day(2020, 4, 10));
}

BOOST_AUTO_TEST_CASE(the_first_month_of_the_period_is_checked) {
    FakeRun run(test_rule(), month(2019, 6), 3, 1);
    invariants::DeclaredMonthsPaidOnTime invariant(run.due_dates);
    run.watch(invariant);
    run.declare(family0, month(2019, 6), day(2019, 6, 28), euros(300'00));
    run.end_after(day(2019, 9, 30));
    BOOST_TEST(invariant.violation_count() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(carers_paid_on_time)

BOOST_AUTO_TEST_CASE(a_carer_a_cent_short_on_the_due_date_is_a_violation) {
    FakeRun run;
    invariants::CarerPayments payments;
    invariants::CarersPaidOnTime invariant(run.due_dates, payments);
    run.watch(invariant);
    run.declare(family0, month(2019, 6), day(2019, 6, 28), euros(0), CafId{0}, euros(500'00));
    run.declare(family1, month(2019, 6), day(2019, 6, 28), euros(0), CafId{0}, euros(500'00));
    run.pay_carer(family0, month(2019, 6), day(2019, 7, 10), euros(500'00));
    run.pay_carer(family1, month(2019, 6), day(2019, 7, 10), euros(499'99));
    run.end_after(day(2019, 12, 31));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    const invariants::Violation& v = invariant.violations().front();
    BOOST_TEST(v.family == family1);
    BOOST_TEST(v.expected == euros(500'00));
    BOOST_TEST(v.actual == euros(499'99));
    BOOST_TEST(v.first_seen == day(2019, 7, 10));
}

BOOST_AUTO_TEST_CASE(a_carer_paid_the_day_after_the_late_due_date_is_a_violation) {
    FakeRun run;
    invariants::CarerPayments payments;
    invariants::CarersPaidOnTime invariant(run.due_dates, payments);
    run.watch(invariant);
    run.declare(family0, month(2019, 6), day(2019, 7, 20), euros(0), CafId{0}, euros(500'00));
    run.pay_carer(family0, month(2019, 6), day(2019, 8, 2), euros(500'00));
    run.end_after(day(2019, 12, 31));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().first_seen == day(2019, 8, 1));
}

BOOST_AUTO_TEST_CASE(each_carer_of_a_family_of_several_is_paid_its_own_contracts) {
    // Three families, each with two carers declared 300.00 each for June (600.00 in all), the
    // whole 600.00 paid by the due date (10 July): family 0 pays each carer its 300.00;
    // family 1 pays carer 1 all 600.00 (carer 2 short by 300.00); family 2 pays 300.01 and
    // 299.99 (carer 2 a cent short).
    FakeRun run;
    invariants::CarerPayments payments;
    CarerPaymentsFirst first(payments);
    invariants::CarersPaidOnTime invariant(run.due_dates, payments);
    run.watch(first);
    run.watch(invariant);
    for (const FamilyId family : {family0, family1, family2}) {
        run.declare_for(family, month(2019, 6), day(2019, 6, 28), CarerId{1}, euros(300'00));
        run.declare_for(family, month(2019, 6), day(2019, 6, 28), CarerId{2}, euros(300'00));
    }
    run.pay_carer(family0, month(2019, 6), day(2019, 7, 3), euros(300'00), CarerId{1});
    run.pay_carer(family0, month(2019, 6), day(2019, 7, 3), euros(300'00), CarerId{2});
    run.pay_carer(family1, month(2019, 6), day(2019, 7, 3), euros(600'00), CarerId{1});
    run.pay_carer(family2, month(2019, 6), day(2019, 7, 3), euros(300'01), CarerId{1});
    run.pay_carer(family2, month(2019, 6), day(2019, 7, 3), euros(299'99), CarerId{2});
    run.end_after(day(2019, 12, 31));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 2u);
    const invariants::Violation& one = invariant.violations()[0];
    BOOST_TEST(one.family == family1);
    BOOST_TEST(one.expected == euros(300'00));
    BOOST_TEST(one.actual == euros(0));
    BOOST_TEST(one.harm == euros(300'00));
    BOOST_TEST(one.first_seen == day(2019, 7, 10));
    const invariants::Violation& two = invariant.violations()[1];
    BOOST_TEST(two.family == family2);
    BOOST_TEST(two.actual == euros(299'99));
    BOOST_TEST(two.harm == euros(0'01));
}

BOOST_AUTO_TEST_CASE(a_payment_to_an_account_not_the_family_s_carers_is_none_of_its_carers_pay) {
    // Two families of two carers (1 and 2) declared 300.00 each for June; each pays 300.00 to
    // carer 3, who is neither's: family 0 pays carer 1 its 300.00 as well (carer 2 short),
    // family 1 pays carer 2 (carer 1, the first, short). The totals are right (600.00), no
    // carer is paid above its own pay, and the carer left out is short by the due date.
    FakeRun run;
    invariants::CarerPayments payments;
    CarerPaymentsFirst first(payments);
    invariants::CarersPaidOnTime on_time(run.due_dates, payments);
    invariants::CarersNeverPaidAboveDue above(payments);
    run.watch(first);
    run.watch(on_time);
    run.watch(above);
    for (const FamilyId family : {family0, family1}) {
        run.declare_for(family, month(2019, 6), day(2019, 6, 28), CarerId{1}, euros(300'00));
        run.declare_for(family, month(2019, 6), day(2019, 6, 28), CarerId{2}, euros(300'00));
    }
    for (const FamilyId family : {family0, family1}) {
        run.pay_carer(family, month(2019, 6), day(2019, 7, 3), euros(300'00), CarerId{3});
    }
    run.pay_carer(family0, month(2019, 6), day(2019, 7, 3), euros(300'00), CarerId{1});
    run.pay_carer(family1, month(2019, 6), day(2019, 7, 3), euros(300'00), CarerId{2});
    run.end_after(day(2019, 12, 31));
    BOOST_TEST(above.violation_count() == 0u);
    BOOST_TEST_REQUIRE(on_time.violation_count() == 2u);
    for (const invariants::Violation& v : on_time.violations()) {
        BOOST_TEST(v.expected == euros(300'00));
        BOOST_TEST(v.actual == euros(0));
        BOOST_TEST(v.first_seen == day(2019, 7, 10));
    }
    BOOST_TEST(on_time.violations()[0].family == family0);
    BOOST_TEST(on_time.violations()[1].family == family1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(corrected_file_stays_correct)

BOOST_AUTO_TEST_CASE(after_a_fix_a_month_paid_right_holds_and_a_cent_over_does_not) {
    FakeRun run;
    invariants::CorrectedFileStaysCorrect invariant(run.due_dates);
    run.watch(invariant);
    run.fix_file(family0, day(2019, 7, 15));
    run.fix_file(family1, day(2019, 7, 15));
    run.declare(family0, month(2019, 7), day(2019, 7, 30), euros(300'00));
    run.declare(family1, month(2019, 7), day(2019, 7, 30), euros(300'00));
    run.pay(family0, month(2019, 7), day(2019, 8, 6), euros(300'00));
    run.pay(family1, month(2019, 7), day(2019, 8, 6), euros(300'01));
    run.end_after(day(2019, 12, 31));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    const invariants::Violation& v = invariant.violations().front();
    BOOST_TEST(v.family == family1);
    BOOST_TEST(v.expected == euros(300'00));
    BOOST_TEST(v.actual == euros(300'01));
    BOOST_TEST(v.first_seen == day(2019, 8, 10));
}

BOOST_AUTO_TEST_CASE(a_cent_short_after_a_fix_is_a_violation_and_a_family_never_fixed_is_not_its_concern) {
    FakeRun run;
    invariants::CorrectedFileStaysCorrect invariant(run.due_dates);
    run.watch(invariant);
    run.fix_file(family0, day(2019, 7, 15));
    run.declare(family0, month(2019, 7), day(2019, 7, 30), euros(300'00));
    run.declare(family1, month(2019, 7), day(2019, 7, 30), euros(300'00));  // never fixed
    run.pay(family0, month(2019, 7), day(2019, 8, 6), euros(299'99));
    run.end_after(day(2019, 12, 31));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().family == family0);
}

BOOST_AUTO_TEST_CASE(old_workflow_months_are_not_its_concern) {
    FakeRun run;
    invariants::CorrectedFileStaysCorrect invariant(run.due_dates);
    run.watch(invariant);
    run.fix_file(family0, day(2019, 5, 2));
    run.declare(family0, month(2019, 5), day(2019, 5, 30), euros(300'00), CafId{0});  // old workflow
    run.end_after(day(2019, 12, 31));
    BOOST_TEST(invariant.violation_count() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(everyone_square_after_recovery)

// The period is April 2019 to March 2020: its last day is 31 March 2020, and the months due
// by 31 January 2020 (60 days before) must be square.
BOOST_AUTO_TEST_CASE(a_month_due_60_days_before_the_end_must_be_square_to_the_cent) {
    FakeRun run;
    invariants::EveryoneSquareAfterRecovery invariant(run.due_dates, day(2019, 12, 1));
    run.watch(invariant);
    run.declare(family0, month(2019, 12), day(2019, 12, 28), euros(300'00));  // due 10 January
    run.declare(family1, month(2019, 12), day(2020, 1, 7), euros(300'00));    // late: due 1 February
    run.pay(family0, month(2019, 12), day(2020, 2, 1), euros(299'99));
    run.end_after(day(2020, 4, 30));
    BOOST_TEST(invariant.checked());
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().family == family0);
    BOOST_TEST(invariant.violations().front().actual == euros(1));
}

BOOST_AUTO_TEST_CASE(a_month_due_exactly_60_days_before_the_end_is_included) {
    invariants::DueDateRule rule = test_rule();
    rule.payment_deadline_day = 31;  // December 2019 is due on 31 January 2020
    FakeRun run(rule);
    invariants::EveryoneSquareAfterRecovery invariant(run.due_dates, std::nullopt);
    run.watch(invariant);
    run.declare(family0, month(2019, 12), day(2019, 12, 28), euros(300'00));
    run.declare(family0, month(2020, 1), day(2020, 1, 28), euros(300'00));  // due 29 February
    run.end_after(day(2020, 4, 30));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().month == month(2019, 12));
}

BOOST_AUTO_TEST_CASE(an_unpaid_carer_or_an_excess_debit_is_not_square) {
    FakeRun run;
    invariants::EveryoneSquareAfterRecovery invariant(run.due_dates, std::nullopt);
    run.watch(invariant);
    run.declare(family0, month(2019, 10), day(2019, 10, 28), euros(0), CafId{0}, euros(500'00));
    run.declare(family1, month(2019, 10), day(2019, 10, 28), euros(0), CafId{0}, euros(0), euros(40'00));
    run.pay_carer(family0, month(2019, 10), day(2019, 11, 3), euros(499'99));
    run.debit(family1, month(2019, 10), day(2019, 11, 5), euros(40'01));
    run.end_after(day(2020, 4, 30));
    BOOST_TEST(invariant.violation_count() == 2u);
}

// What a month still owes the family is its CMG short plus what it was debited beyond its due:
// a debit left short does not pay a CMG short back (the family owes the one, is owed the other;
// they are different money, to different creditors).
BOOST_AUTO_TEST_CASE(a_debit_left_short_does_not_square_a_cmg_short) {
    FakeRun run;
    invariants::EveryoneSquareAfterRecovery invariant(run.due_dates, std::nullopt);
    run.watch(invariant);
    run.declare(family0, month(2019, 10), day(2019, 10, 28), euros(300'00), CafId{0}, euros(0), euros(40'00));
    run.pay(family0, month(2019, 10), day(2019, 11, 5), euros(299'99));
    run.debit(family0, month(2019, 10), day(2019, 11, 5), euros(39'99));
    run.end_after(day(2020, 4, 30));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().actual == euros(1));
}

BOOST_AUTO_TEST_CASE(not_checked_when_the_period_ends_before_the_recovery_window) {
    FakeRun run;
    invariants::EveryoneSquareAfterRecovery invariant(run.due_dates, day(2020, 4, 1));
    run.watch(invariant);
    run.declare(family0, month(2019, 6), day(2019, 6, 28), euros(300'00));
    run.end_after(day(2020, 4, 30));
    BOOST_TEST(!invariant.checked());
    BOOST_TEST(invariant.violation_count() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(debits_collected)

// The period is April 2019 to March 2020 (the fake run's): months due by 31 January 2020 (60
// days before its last day) must be debited all they owe by the end of the run.
BOOST_AUTO_TEST_CASE(debited_the_due_holds_a_cent_short_does_not) {
    FakeRun run;
    invariants::DebitsCollected invariant(run.due_dates);
    run.watch(invariant);
    run.declare(family0, month(2019, 10), day(2019, 10, 28), euros(0), CafId{0}, euros(0), euros(540'00));
    run.declare(family1, month(2019, 10), day(2019, 10, 28), euros(0), CafId{0}, euros(0), euros(540'00));
    run.debit(family0, month(2019, 10), day(2019, 11, 5), euros(540'00), model::Cause::pajemploi_plus_debit);
    run.debit(family1, month(2019, 10), day(2019, 11, 5), euros(539'99), model::Cause::pajemploi_plus_debit);
    run.end_after(day(2020, 4, 30));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    const invariants::Violation& v = invariant.violations().front();
    BOOST_TEST(v.family == family1);
    BOOST_TEST(v.expected == euros(540'00));
    BOOST_TEST(v.actual == euros(539'99));
    BOOST_TEST(v.harm == euros(1));
}

BOOST_AUTO_TEST_CASE(a_refund_below_the_due_is_not_collected) {
    FakeRun run;
    invariants::DebitsCollected invariant(run.due_dates);
    run.watch(invariant);
    run.declare(family0, month(2019, 10), day(2019, 10, 28), euros(0), CafId{0}, euros(0), euros(100'00));
    run.declare(family1, month(2019, 10), day(2019, 10, 28), euros(0), CafId{0}, euros(0), euros(100'00));
    run.debit(family0, month(2019, 10), day(2019, 11, 5), euros(130'00));
    run.debit(family1, month(2019, 10), day(2019, 11, 5), euros(100'00));
    run.refund(family0, month(2019, 10), day(2019, 12, 5), euros(30'00));    // the excess: square
    run.refund(family1, month(2019, 10), day(2019, 12, 5), euros(100'00));  // the whole due given back
    run.end_after(day(2020, 4, 30));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().family == family1);
    BOOST_TEST(invariant.violations().front().actual == euros(0));
}

// A month whose debit is still rejected late in the period: the family cannot pay, and is
// still asked. One whose last rejection is older than that was never asked again.
BOOST_AUTO_TEST_CASE(a_rejection_in_the_last_60_days_excuses_an_older_one_does_not) {
    FakeRun run;
    invariants::DebitsCollected invariant(run.due_dates);
    run.watch(invariant);
    run.declare(family0, month(2019, 10), day(2019, 10, 28), euros(0), CafId{0}, euros(0), euros(100'00));
    run.declare(family1, month(2019, 10), day(2019, 10, 28), euros(0), CafId{0}, euros(0), euros(100'00));
    run.step(family0, month(2019, 10), day(2019, 11, 5), model::StepKind::debit_rejected, euros(100'00));
    run.step(family1, month(2019, 10), day(2019, 11, 5), model::StepKind::debit_rejected, euros(100'00));
    // 31 March 2020 less 60 days is 31 January: a rejection on 1 February is within.
    run.step(family1, month(2019, 10), day(2020, 1, 31), model::StepKind::debit_rejected, euros(100'00));
    run.step(family0, month(2019, 10), day(2020, 2, 1), model::StepKind::debit_rejected, euros(100'00));
    run.end_after(day(2020, 4, 30));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().family == family1);
}

BOOST_AUTO_TEST_CASE(a_month_due_in_the_last_60_days_is_not_judged) {
    FakeRun run;
    invariants::DebitsCollected invariant(run.due_dates);
    run.watch(invariant);
    run.declare(family1, month(2019, 12), day(2019, 12, 28), euros(0), CafId{0}, euros(0), euros(100'00));  // due 10 Jan
    run.declare(family0, month(2020, 1), day(2020, 1, 28), euros(0), CafId{0}, euros(0), euros(100'00));  // due 10 Feb
    run.end_after(day(2020, 4, 30));
    BOOST_TEST_REQUIRE(invariant.violation_count() == 1u);
    BOOST_TEST(invariant.violations().front().family == family1);
    BOOST_TEST(invariant.violations().front().month == month(2019, 12));
}

BOOST_AUTO_TEST_SUITE_END()
