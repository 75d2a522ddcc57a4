// The built-in centre on its own, through the PajemploiCentre interface only: the rules of
// docs/sut-protocol.md ("Timing the built-in centre follows") on one family and hand-made
// messages. Amounts: the docs/entitlement.md example (assmat, net salary 600.00, bracket 2,
// child born 2018-03-02, care month 2019-06: CMG 295.61, covered contributions 484.47, nothing
// uncovered). Dates: French business days of June and July 2019 (29-30 June a weekend).

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <vector>

#include "sim/kernel/business_days.hpp"
#include "sim/law/parameters.hpp"
#include "sim/model/centre/centre.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/seams.hpp"
#include "sim/model/simulation.hpp"

using namespace pajesim;
using model::ActionKind;
using model::CentreAction;
using model::CentreMessage;

namespace {

Date day(int month, int d) { return Date::from_civil(2019, static_cast<unsigned>(month), static_cast<unsigned>(d)); }

struct Bench {
    model::Scenario scenario;
    std::unique_ptr<law::LegalParameters> parameters = law::LegalParameters::load_file(law::LegalParameters::default_path());
    model::World world;
    model::Seams seams;
    model::TestBreaks breaks;
    std::unique_ptr<model::PajemploiCentre> centre;
    std::map<Date, std::vector<CentreMessage>> inbox;
    std::map<Date, std::vector<CentreAction>> actions;
    Date today = day(6, 1);

    explicit Bench(bool pajemploi_plus, std::int32_t escalate_after_rejections = 3) {
        scenario.workflow.escalate_after_rejections = escalate_after_rejections;
        scenario.first_month = YearMonth::from_civil(2019, 6);
        scenario.last_month = YearMonth::from_civil(2019, 7);
        model::Family family;
        family.children_at_start = 1;
        world.families.push_back(family);
        const law::ChildFacts child{Date::from_civil(2018, 3, 2), false};
        world.set_children(FamilyId{0}, std::span<const law::ChildFacts>(&child, 1));
        model::Contract contract;
        contract.family = FamilyId{0};
        contract.carer = CarerId{0};
        contract.first_month = scenario.first_month;
        contract.last_month = scenario.last_month;
        contract.pajemploi_plus = pajemploi_plus;
        contract.set_facts(law::ContractFacts{law::CareMode::assmat, {0}, Cents{600'00}, Cents{0}, 18, 0, Cents{0}, Cents{0}});
        world.contracts.push_back(contract);
        world.family_contract_begin = {0, 1};
        centre = model::make_builtin_centre(seams, breaks);
        model::CentreSetup setup;
        setup.scenario = &scenario;
        setup.parameters = parameters.get();
        setup.world = &world;
        setup.first_day = day(6, 1);
        setup.last_day = day(10, 31);
        setup.families = 1;
        setup.contracts = 1;
        centre->start(setup);
    }
    model::RightsIn rights(std::uint8_t bracket, YearMonth from = YearMonth::from_civil(2019, 6)) const {
        model::RightsRecord record;
        record.valid_from = from;
        record.bracket = bracket;
        record.known_children = 1;
        return model::RightsIn{FamilyId{0}, CafId{0}, model::RightsCause::bulk, record, world.children_of(FamilyId{0})};
    }
    model::DeclarationIn declaration(Date on) const {
        model::DeclarationIn in;
        in.id = ContractId{0};
        in.month = YearMonth::from_civil(2019, 6);
        in.declared_on = on;
        in.contract = &world.contracts[0];
        return in;
    }
    // Runs every day up to `last`, giving each its messages.
    void run_to(Date last) {
        for (; today <= last; today = today.plus_days(1)) {
            std::vector<CentreAction> answered;
            centre->day(today, is_business_day(today), inbox[today], answered);
            if (!answered.empty()) actions[today] = answered;
        }
    }
    std::vector<CentreAction> of_kind(ActionKind kind) const {
        std::vector<CentreAction> found;
        for (const auto& [date, list] : actions) {
            for (const CentreAction& action : list) {
                if (action.kind == kind) found.push_back(action);
            }
        }
        return found;
    }
    Date date_of(ActionKind kind, std::size_t nth = 0) const {
        std::size_t seen = 0;
        for (const auto& [date, list] : actions) {
            for (const CentreAction& action : list) {
                if (action.kind == kind && seen++ == nth) return date;
            }
        }
        return Date{};
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(pays_the_cmg_and_claims_the_covered_contributions_two_business_days_after_the_intake) {
    Bench bench(false);
    bench.inbox[day(6, 1)].push_back(bench.rights(2));
    bench.inbox[day(6, 27)].push_back(bench.declaration(day(6, 27)));
    bench.run_to(day(7, 31));
    const auto cmg = bench.of_kind(ActionKind::pay_cmg);
    BOOST_TEST_REQUIRE(cmg.size() == 1u);
    BOOST_TEST(cmg[0].amount == Cents{295'61});
    BOOST_TEST(!cmg[0].arrears);
    BOOST_TEST(bench.date_of(ActionKind::pay_cmg) == day(7, 1));  // Thu 27 -> Fri 28, Mon 1
    const auto covered = bench.of_kind(ActionKind::claim_covered);
    BOOST_TEST_REQUIRE(covered.size() == 1u);
    BOOST_TEST(covered[0].amount == Cents{484'47});
    BOOST_TEST(bench.of_kind(ActionKind::debit_contributions).empty());  // all covered
    BOOST_TEST(cmg[0].order != covered[0].order);
}

BOOST_AUTO_TEST_CASE(takes_a_declaration_in_once) {
    Bench bench(false);
    bench.inbox[day(6, 1)].push_back(bench.rights(2));
    bench.inbox[day(6, 27)].push_back(bench.declaration(day(6, 27)));
    bench.inbox[day(7, 3)].push_back(bench.declaration(day(6, 27)));  // a frozen server's copy
    bench.run_to(day(7, 31));
    BOOST_TEST(bench.of_kind(ActionKind::pay_cmg).size() == 1u);
    BOOST_TEST(bench.of_kind(ActionKind::claim_covered).size() == 1u);
}

BOOST_AUTO_TEST_CASE(pajemploi_plus_credits_the_cmg_debits_the_salary_and_pays_the_carer_by_the_deadline) {
    Bench bench(true);
    bench.inbox[day(6, 1)].push_back(bench.rights(2));
    bench.inbox[day(6, 27)].push_back(bench.declaration(day(6, 27)));
    bench.run_to(day(7, 31));
    const auto debits = bench.of_kind(ActionKind::debit_plus);
    BOOST_TEST_REQUIRE(debits.size() == 1u);
    BOOST_TEST(debits[0].amount == Cents{600'00});
    BOOST_TEST(bench.date_of(ActionKind::debit_plus) == day(7, 1));
    BOOST_TEST(bench.date_of(ActionKind::pay_cmg) == day(7, 1));
    const auto carer = bench.of_kind(ActionKind::pay_carer);
    BOOST_TEST_REQUIRE(carer.size() == 1u);
    BOOST_TEST(carer[0].amount == Cents{600'00});
    BOOST_TEST(bench.date_of(ActionKind::pay_carer) == day(7, 2));  // 3rd business day, before the 8th
    // The CMG comes before the debit it is meant to fund (credits execute first anyway).
    const auto& first_of_july = bench.actions.at(day(7, 1));
    const auto position = [&](ActionKind kind) {
        return std::find_if(first_of_july.begin(), first_of_july.end(),
                            [&](const CentreAction& a) { return a.kind == kind; }) - first_of_july.begin();
    };
    BOOST_TEST(position(ActionKind::pay_cmg) < position(ActionKind::debit_plus));
}

BOOST_AUTO_TEST_CASE(a_rejected_debit_is_presented_again_after_the_representation_delay) {
    Bench bench(true);
    bench.inbox[day(6, 1)].push_back(bench.rights(2));
    bench.inbox[day(6, 27)].push_back(bench.declaration(day(6, 27)));
    bench.run_to(day(7, 1));
    const auto debits = bench.of_kind(ActionKind::debit_plus);
    BOOST_TEST_REQUIRE(debits.size() == 1u);
    bench.inbox[day(7, 2)].push_back(model::BankReturn{debits[0].order, false, debits[0].amount});
    bench.run_to(day(8, 31));
    const auto again = bench.of_kind(ActionKind::debit_plus);
    BOOST_TEST_REQUIRE(again.size() == 2u);
    BOOST_TEST(again[1].amount == Cents{600'00});
    BOOST_TEST(again[1].order != again[0].order);
    // 10 days after the return (2 July) is Friday 12 July, a business day.
    BOOST_TEST(bench.date_of(ActionKind::debit_plus, 1) == day(7, 12));
    BOOST_TEST(bench.of_kind(ActionKind::pay_cmg).size() == 1u);  // the CMG is not credited again
}

// docs/sut-protocol.md, rule 10: at the escalate_after_rejections-th rejection of a
// contract-month's Pajemploi+ debit (2 here), the centre answers open_file, once; not before.
BOOST_AUTO_TEST_CASE(the_debit_rejected_the_escalation_number_of_times_opens_a_file) {
    Bench bench(true, 2);
    bench.inbox[day(6, 1)].push_back(bench.rights(2));
    bench.inbox[day(6, 27)].push_back(bench.declaration(day(6, 27)));
    bench.run_to(day(7, 1));
    const auto first = bench.of_kind(ActionKind::debit_plus);
    BOOST_TEST_REQUIRE(first.size() == 1u);
    bench.inbox[day(7, 2)].push_back(model::BankReturn{first[0].order, false, first[0].amount});
    bench.run_to(day(7, 12));  // presented again on Friday 12 July (rule 6)
    BOOST_TEST(bench.of_kind(ActionKind::open_file).empty());  // one rejection: no file yet
    const auto again = bench.of_kind(ActionKind::debit_plus);
    BOOST_TEST_REQUIRE(again.size() == 2u);
    // Its return comes the day after the order, a Saturday.
    bench.inbox[day(7, 13)].push_back(model::BankReturn{again[1].order, false, again[1].amount});
    bench.run_to(day(7, 31));
    const auto files = bench.of_kind(ActionKind::open_file);
    BOOST_TEST_REQUIRE(files.size() == 1u);
    BOOST_TEST(bench.date_of(ActionKind::open_file) == day(7, 13));
    BOOST_TEST(files[0].family == FamilyId{0});
}

BOOST_AUTO_TEST_CASE(without_rights_holds_then_a_regularisation_pays_arrears_once) {
    Bench bench(false);
    bench.inbox[day(6, 27)].push_back(bench.declaration(day(6, 27)));
    bench.inbox[day(7, 4)].push_back(bench.rights(2));
    bench.inbox[day(7, 5)].push_back(model::Regularise{FamilyId{0}});
    bench.inbox[day(7, 9)].push_back(model::Regularise{FamilyId{0}});
    bench.run_to(day(7, 31));
    const auto holds = bench.of_kind(ActionKind::hold);
    BOOST_TEST_REQUIRE(holds.size() == 1u);
    BOOST_TEST(holds[0].reason == "no rights");
    BOOST_TEST(bench.date_of(ActionKind::hold) == day(6, 27));
    const auto cmg = bench.of_kind(ActionKind::pay_cmg);
    BOOST_TEST_REQUIRE(cmg.size() == 1u);  // the second regularisation pays nothing
    BOOST_TEST(cmg[0].arrears);
    BOOST_TEST(cmg[0].amount == Cents{295'61});
    BOOST_TEST(bench.date_of(ActionKind::pay_cmg) == day(7, 5));
    BOOST_TEST(bench.of_kind(ActionKind::claim_covered).size() == 1u);
}

// The run may have the centre's actions executed during its day (ActionOutlet): offered after
// every message and every step, they reach the run in the order of the list the centre fills
// when it offers none, and none stays in the list; with a batch never reached, every action
// stays in the list. Two Pajemploi+ months: one with rights (the CMG credited, then the
// salary debited, two steps of the same day, then the carer paid), one without (a hold from
// the declaration, then arrears and the covered contributions from a regularisation).
namespace {

struct Executed {
    std::vector<CentreAction> actions;
    std::size_t calls = 0;
};

void collect(void* target, std::vector<CentreAction>& actions) {
    auto& executed = *static_cast<Executed*>(target);
    ++executed.calls;
    executed.actions.insert(executed.actions.end(), actions.begin(), actions.end());
    actions.clear();
}

bool same_action(const CentreAction& a, const CentreAction& b) {
    return a.kind == b.kind && a.family == b.family && a.contract == b.contract && a.month == b.month &&
           a.amount == b.amount && a.order == b.order && a.arrears == b.arrears && a.deducted == b.deducted &&
           a.reason == b.reason;
}

// Returns how many days had actions from two offers or more.
std::size_t check_offers(const std::function<void(Bench&)>& feed) {
    Bench held(true);
    feed(held);
    held.run_to(day(8, 31));
    Bench one_by_one(true);
    Bench never(true);
    feed(one_by_one);
    feed(never);
    Executed by_one;
    Executed by_hundred;
    one_by_one.centre->set_action_outlet(model::ActionOutlet(collect, &by_one, 1));
    never.centre->set_action_outlet(model::ActionOutlet(collect, &by_hundred, 100));
    std::size_t days_of_several_offers = 0;
    for (Date today = day(6, 1); today <= day(8, 31); today = today.plus_days(1)) {
        const auto found = held.actions.find(today);
        const std::vector<CentreAction> expected = found == held.actions.end() ? std::vector<CentreAction>{} : found->second;
        std::vector<CentreAction> left;
        by_one.actions.clear();
        const std::size_t calls_before = by_one.calls;
        one_by_one.centre->day(today, is_business_day(today), one_by_one.inbox[today], left);
        if (by_one.calls - calls_before >= 2) ++days_of_several_offers;
        BOOST_TEST(left.empty(), today.to_string());
        BOOST_TEST_REQUIRE(by_one.actions.size() == expected.size(), today.to_string());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            BOOST_TEST(same_action(by_one.actions[i], expected[i]), today.to_string() << " action " << i);
        }
        std::vector<CentreAction> kept;
        never.centre->day(today, is_business_day(today), never.inbox[today], kept);
        BOOST_TEST_REQUIRE(kept.size() == expected.size(), today.to_string());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            BOOST_TEST(same_action(kept[i], expected[i]), today.to_string() << " action " << i);
        }
    }
    BOOST_TEST(by_hundred.calls == 0u);
    return days_of_several_offers;
}

}  // namespace

BOOST_AUTO_TEST_CASE(actions_offered_during_the_day_reach_the_run_in_the_order_of_the_day) {
    const std::size_t with_rights = check_offers([](Bench& bench) {
        bench.inbox[day(6, 1)].push_back(bench.rights(2));
        bench.inbox[day(6, 27)].push_back(bench.declaration(day(6, 27)));
    });
    // 1 July: the CMG credited and the salary debited, each its own step and its own offer.
    BOOST_TEST(with_rights >= 1u);
    check_offers([](Bench& bench) {
        bench.inbox[day(6, 27)].push_back(bench.declaration(day(6, 27)));
        bench.inbox[day(7, 4)].push_back(bench.rights(2));
        bench.inbox[day(7, 5)].push_back(model::Regularise{FamilyId{0}});
    });
}

BOOST_AUTO_TEST_CASE(a_regularisation_refunds_what_a_bank_took_twice) {
    Bench bench(true);
    bench.inbox[day(6, 1)].push_back(bench.rights(2));
    bench.inbox[day(6, 27)].push_back(bench.declaration(day(6, 27)));
    bench.run_to(day(7, 1));
    const auto debits = bench.of_kind(ActionKind::debit_plus);
    BOOST_TEST_REQUIRE(debits.size() == 1u);
    // The bank executed the debit twice: two returns for one order.
    bench.inbox[day(7, 2)].push_back(model::BankReturn{debits[0].order, true, debits[0].amount});
    bench.inbox[day(7, 2)].push_back(model::BankReturn{debits[0].order, true, debits[0].amount});
    bench.inbox[day(7, 3)].push_back(model::Regularise{FamilyId{0}});
    bench.run_to(day(7, 31));
    const auto refunds = bench.of_kind(ActionKind::refund);
    BOOST_TEST_REQUIRE(refunds.size() == 1u);
    BOOST_TEST(refunds[0].amount == Cents{600'00});
    BOOST_TEST(bench.of_kind(ActionKind::pay_cmg).size() == 1u);  // the CMG was ordered already
}

BOOST_AUTO_TEST_CASE(a_record_replaces_every_later_one_and_bracket_zero_pays_nothing) {
    Bench bench(false);
    bench.inbox[day(6, 1)].push_back(bench.rights(2, YearMonth::from_civil(2019, 7)));
    // A late record from June: it replaces the July one too, and says no right.
    bench.inbox[day(6, 2)].push_back(bench.rights(0, YearMonth::from_civil(2019, 6)));
    bench.inbox[day(6, 27)].push_back(bench.declaration(day(6, 27)));
    bench.run_to(day(7, 31));
    BOOST_TEST(bench.of_kind(ActionKind::pay_cmg).empty());
    BOOST_TEST(bench.of_kind(ActionKind::claim_covered).empty());
    const auto debits = bench.of_kind(ActionKind::debit_contributions);
    BOOST_TEST_REQUIRE(debits.size() == 1u);  // every contribution is the family's
    BOOST_TEST(debits[0].amount == Cents{484'47});
}

// ---------------------------------------------------------------------------------------------
// The hourly regime (care months from 2025-09), through the same interface. Facts of
// domain-2025.md's E1: a couple, one child (born 2024-06-12, under 6), monthly resources
// R = 3 000 (as the CAF's record carries them), an assmat paid 606.25 net for 125 hours
// (4.85 €/h, below the 8.00 €/h cap), no maintenance, no meals. By hand (D531-18, the 2025-09
// table: effort rate 0.0619 % for one child, reference cost 4.85): 606.25 x (1 - 3 000 x
// 0.000619 / 4.85) = 606.25 - 125 x 1.857 = 374.125, rounded half-up to the cent: 374.13. The
// run starts in 2025-08, so the centre took in no declaration of March to May 2025: no
// complément différentiel. Contributions (approximate rates of the table): gross = 606.25 /
// (1 - 0.2199) = 777.14, employee 777.14 - 606.25 = 170.89, employer 777.14 x 0.41 = 318.63,
// total 489.52; all covered while the hourly cap does not bind (D531-17 I), none covered with
// 0 hours (coefficient cap x hours / cost = 0). Dates: Monday 27 October 2025, no public holiday
// until 11 November.

namespace {

YearMonth month_2025(int month) { return YearMonth::from_civil(2025, static_cast<unsigned>(month)); }
Date day_2025(int month, int d) { return Date::from_civil(2025, static_cast<unsigned>(month), static_cast<unsigned>(d)); }

constexpr std::int32_t e1_hours_x100 = 125'00;
const Cents e1_cmg{374'13};
const Cents e1_contributions{489'52};

struct HourlyBench {
    model::Scenario scenario;
    std::unique_ptr<law::LegalParameters> parameters = law::LegalParameters::load_file(law::LegalParameters::default_path());
    model::World world;
    model::Seams seams;
    model::TestBreaks breaks;
    std::unique_ptr<model::PajemploiCentre> centre;
    std::map<Date, std::vector<CentreMessage>> inbox;
    std::map<Date, std::vector<CentreAction>> actions;
    Date today = day_2025(8, 1);

    HourlyBench() {
        scenario.first_month = month_2025(8);
        scenario.last_month = month_2025(12);
        model::Family family;
        family.children_at_start = 1;
        world.families.push_back(family);
        const law::ChildFacts child{Date::from_civil(2024, 6, 12), false};
        world.set_children(FamilyId{0}, std::span<const law::ChildFacts>(&child, 1));
        model::Contract contract;
        contract.family = FamilyId{0};
        contract.carer = CarerId{0};
        contract.first_month = scenario.first_month;
        contract.last_month = scenario.last_month;
        contract.set_facts(law::ContractFacts{law::CareMode::assmat, {0}, Cents{606'25}, Cents{0}, 20, e1_hours_x100,
                                               Cents{0}, Cents{0}});
        world.contracts.push_back(contract);
        world.family_contract_begin = {0, 1};
        centre = model::make_builtin_centre(seams, breaks);
        model::CentreSetup setup;
        setup.scenario = &scenario;
        setup.parameters = parameters.get();
        setup.world = &world;
        setup.first_day = day_2025(8, 1);
        setup.last_day = day_2025(12, 31);
        setup.families = 1;
        setup.contracts = 1;
        setup.needs_hourly_regime = true;
        centre->start(setup);
    }
    // A CAF record: bracket 2 (36 000 € a year), with the monthly resources from the switch on.
    model::RightsIn rights(YearMonth from, std::uint16_t resources_monthly, std::uint8_t bracket = 2) const {
        model::RightsRecord record;
        record.valid_from = from;
        record.bracket = bracket;
        record.known_children = 1;
        record.resources_monthly = resources_monthly;
        return model::RightsIn{FamilyId{0}, CafId{0}, model::RightsCause::regime_switch, record,
                               world.children_of(FamilyId{0})};
    }
    model::DeclarationIn declaration(YearMonth month, Date on, std::int32_t hours_x100) const {
        model::DeclarationIn in;
        in.id = ContractId{0};
        in.month = month;
        in.declared_on = on;
        in.contract = &world.contracts[0];
        in.hours_x100 = hours_x100;
        return in;
    }
    void run_to(Date last) {
        for (; today <= last; today = today.plus_days(1)) {
            std::vector<CentreAction> answered;
            centre->day(today, is_business_day(today), inbox[today], answered);
            if (!answered.empty()) actions[today] = answered;
        }
    }
    std::vector<std::pair<Date, CentreAction>> of_kind(ActionKind kind) const {
        std::vector<std::pair<Date, CentreAction>> found;
        for (const auto& [date, list] : actions) {
            for (const CentreAction& action : list) {
                if (action.kind == kind) found.emplace_back(date, action);
            }
        }
        return found;
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(an_hourly_month_is_paid_the_cmg_computed_from_the_records_monthly_resources) {
    HourlyBench bench;
    bench.inbox[day_2025(8, 25)].push_back(bench.rights(month_2025(9), 3000));
    bench.inbox[day_2025(10, 27)].push_back(bench.declaration(month_2025(10), day_2025(10, 27), e1_hours_x100));
    bench.run_to(day_2025(11, 30));
    const auto cmg = bench.of_kind(ActionKind::pay_cmg);
    BOOST_TEST_REQUIRE(cmg.size() == 1u);
    BOOST_TEST(cmg[0].second.amount == e1_cmg);  // E1, and no complement added
    BOOST_TEST(cmg[0].second.month == month_2025(10));
    BOOST_TEST(!cmg[0].second.arrears);
    BOOST_TEST(cmg[0].first == day_2025(10, 29));  // Mon 27 -> Tue 28, Wed 29
    const auto covered = bench.of_kind(ActionKind::claim_covered);
    BOOST_TEST_REQUIRE(covered.size() == 1u);
    BOOST_TEST(covered[0].second.amount == e1_contributions);
    BOOST_TEST(bench.of_kind(ActionKind::debit_contributions).empty());  // all covered
    BOOST_TEST(bench.of_kind(ActionKind::hold).empty());
}

// Whatever its bracket: a bracket 0 of the bracket regime (resources above its ceilings) says
// nothing of the hourly CMG, which has no such ceiling, so that month is held for rights like
// any other, its contributions not debited (settled as "no right" it would have them all
// debited).
BOOST_AUTO_TEST_CASE(a_record_from_before_the_switch_holds_an_hourly_month_until_a_record_of_the_switch_arrives) {
    for (const std::uint8_t bracket : {std::uint8_t{2}, std::uint8_t{0}}) {
        BOOST_TEST_CONTEXT("bracket " << int{bracket}) {
            HourlyBench bench;
            // The bracket regime's record (no resources): good for August, not for October.
            bench.inbox[day_2025(8, 1)].push_back(bench.rights(month_2025(8), 0, bracket));
            bench.inbox[day_2025(10, 27)].push_back(bench.declaration(month_2025(10), day_2025(10, 27), e1_hours_x100));
            // A regularisation while the centre still has no resources pays nothing.
            bench.inbox[day_2025(11, 3)].push_back(model::Regularise{FamilyId{0}});
            bench.run_to(day_2025(11, 4));
            const auto holds = bench.of_kind(ActionKind::hold);
            BOOST_TEST_REQUIRE(holds.size() == 1u);
            BOOST_TEST(holds[0].second.reason == "no rights");
            BOOST_TEST(holds[0].first == day_2025(10, 27));
            BOOST_TEST(bench.of_kind(ActionKind::pay_cmg).empty());
            BOOST_TEST(bench.of_kind(ActionKind::claim_covered).empty());
            BOOST_TEST(bench.of_kind(ActionKind::debit_contributions).empty());  // they wait for rights

            // The switch month's record arrives (late), then the nightly regularisation pays.
            bench.inbox[day_2025(11, 5)].push_back(bench.rights(month_2025(9), 3000));
            bench.inbox[day_2025(11, 6)].push_back(model::Regularise{FamilyId{0}});
            bench.run_to(day_2025(11, 30));
            const auto cmg = bench.of_kind(ActionKind::pay_cmg);
            BOOST_TEST_REQUIRE(cmg.size() == 1u);
            BOOST_TEST(cmg[0].second.amount == e1_cmg);
            BOOST_TEST(cmg[0].second.arrears);
            BOOST_TEST(cmg[0].second.month == month_2025(10));
            BOOST_TEST(cmg[0].first == day_2025(11, 6));
            const auto covered = bench.of_kind(ActionKind::claim_covered);
            BOOST_TEST_REQUIRE(covered.size() == 1u);  // claimed at once by the regularisation
            BOOST_TEST(covered[0].second.amount == e1_contributions);
            BOOST_TEST(covered[0].first == day_2025(11, 6));
            BOOST_TEST(bench.of_kind(ActionKind::debit_contributions).empty());
        }
    }
}

namespace {

// Hours missing from the October declaration (0 hours reach the centre), the family's debit
// executed by its bank, then an agent's fix with the declaration keyed again with its 125 hours.
void hours_missing_then_fixed(HourlyBench& bench) {
    bench.inbox[day_2025(8, 25)].push_back(bench.rights(month_2025(9), 3000));
    bench.inbox[day_2025(10, 27)].push_back(bench.declaration(month_2025(10), day_2025(10, 27), 0));
    bench.run_to(day_2025(10, 29));  // the debit day
    const auto debits = bench.of_kind(ActionKind::debit_contributions);
    BOOST_TEST_REQUIRE(debits.size() == 1u);
    const CentreAction& debit = debits[0].second;
    bench.inbox[day_2025(10, 30)].push_back(model::BankReturn{debit.order, true, debit.amount});
    model::FixFile fix{FamilyId{0}, {}, {bench.declaration(month_2025(10), day_2025(10, 27), e1_hours_x100)}};
    bench.inbox[day_2025(11, 5)].push_back(fix);
    bench.run_to(day_2025(11, 30));
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_declaration_without_hours_pays_nothing_until_it_is_keyed_again_with_its_hours) {
    HourlyBench bench;
    hours_missing_then_fixed(bench);
    // With 0 hours the retained cost is min(606.25, 8.00 x 0) = 0: no CMG, and no contribution
    // covered, so the family is debited all of them on the debit day.
    const auto debits = bench.of_kind(ActionKind::debit_contributions);
    BOOST_TEST_REQUIRE(debits.size() == 1u);
    BOOST_TEST(debits[0].second.amount == e1_contributions);
    BOOST_TEST(debits[0].second.month == month_2025(10));
    BOOST_TEST(debits[0].first == day_2025(10, 29));
    // Put right by the fix: the whole CMG as arrears (nothing was ordered before), and the debit
    // refunded, nothing of it being due once all the contributions are covered.
    const auto cmg = bench.of_kind(ActionKind::pay_cmg);
    BOOST_TEST_REQUIRE(cmg.size() == 1u);
    BOOST_TEST(cmg[0].second.amount == e1_cmg);
    BOOST_TEST(cmg[0].second.arrears);
    BOOST_TEST(cmg[0].first == day_2025(11, 5));
    const auto refunds = bench.of_kind(ActionKind::refund);
    BOOST_TEST_REQUIRE(refunds.size() == 1u);
    BOOST_TEST(refunds[0].second.amount == e1_contributions);
    BOOST_TEST(refunds[0].first == day_2025(11, 5));
    BOOST_TEST(bench.of_kind(ActionKind::debit_contributions).size() == 1u);  // no second debit
}

// Once the month is keyed again with its hours, every contribution is covered (D531-17 I), so
// URSSAF receives them from the CAF fund (claim_covered 489.52) although the centre settled the
// month when the 0-hour declaration came in (covered 0): the regularisation claims what the
// CMG covers now beyond what was claimed.
BOOST_AUTO_TEST_CASE(the_covered_contributions_of_a_month_keyed_again_are_claimed) {
    HourlyBench bench;
    hours_missing_then_fixed(bench);
    Cents claimed{0};
    for (const auto& [date, action] : bench.of_kind(ActionKind::claim_covered)) claimed += action.amount;
    BOOST_TEST(claimed == e1_contributions);
}
