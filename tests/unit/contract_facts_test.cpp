// model::Contract (sim/model/population/world.hpp) holds its mean month compactly: the facts
// given read back exactly, whether they fit 32-bit amounts and a bit per child or are kept
// whole apart, through copies and moves; a month's facts are the mean month with its work.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <utility>

#include "sim/model/population/world.hpp"

using pajesim::Cents;
using pajesim::YearMonth;
using pajesim::law::CareMode;
using pajesim::law::ContractFacts;
using pajesim::model::Contract;

namespace {

ContractFacts assmat_month() {
    ContractFacts facts;
    facts.mode = CareMode::assmat;
    facts.children = {2};
    facts.net_salary = Cents{612'37};
    facts.maintenance = Cents{54'00};
    facts.days_worked = 15;
    facts.hours_x100 = 13'500;
    facts.meals = Cents{40'50};
    facts.indemnities = Cents{12'00};
    return facts;
}

Contract with(const ContractFacts& facts) {
    Contract contract;
    contract.first_month = YearMonth::from_civil(2019, 1);
    contract.last_month = YearMonth::from_civil(2020, 12);
    contract.set_facts(facts);
    return contract;
}

// What a contract must give back for `facts`, and what a copy and a move of it give.
void reads_back(const ContractFacts& facts) {
    const Contract contract = with(facts);
    BOOST_TEST((contract.facts() == facts));
    BOOST_TEST((contract.mode() == facts.mode));
    BOOST_TEST((contract.children() == facts.children));
    if (!facts.children.empty()) BOOST_TEST(contract.first_child() == facts.children.front());
    Contract copy = contract;
    BOOST_TEST((copy.facts() == facts));
    Contract assigned;
    assigned = copy;
    BOOST_TEST((assigned.facts() == facts));
    Contract moved = std::move(copy);
    BOOST_TEST((moved.facts() == facts));
    assigned = std::move(moved);
    BOOST_TEST((assigned.facts() == facts));
    BOOST_TEST((contract.facts() == facts));  // the original is untouched by its copies
    // The mean month's work, every month when the hours do not vary.
    const pajesim::model::MonthWork work = contract.work_in(YearMonth::from_civil(2019, 7));
    BOOST_TEST(work.hours_x100 == facts.hours_x100);
    BOOST_TEST(work.days_worked == facts.days_worked);
    BOOST_TEST(work.net_salary == facts.net_salary);
    BOOST_TEST(work.maintenance == facts.maintenance);
    ContractFacts scratch;
    BOOST_TEST((contract.facts_in(YearMonth::from_civil(2020, 2), scratch) == facts));
}

}  // namespace

BOOST_AUTO_TEST_CASE(facts_that_fit_read_back) {
    reads_back(assmat_month());
    ContractFacts home = assmat_month();
    home.mode = CareMode::home_carer;
    home.children = {0, 1, 31};  // the last child a bit holds
    home.maintenance = Cents{0};
    reads_back(home);
    ContractFacts edges = assmat_month();
    edges.net_salary = Cents{INT32_MAX};
    edges.maintenance = Cents{INT32_MIN};
    edges.children = {};
    reads_back(edges);
}

BOOST_AUTO_TEST_CASE(facts_that_do_not_fit_are_kept_whole) {
    ContractFacts wide = assmat_month();
    wide.net_salary = Cents{std::int64_t{INT32_MAX} + 1};
    reads_back(wide);
    ContractFacts negative = assmat_month();
    negative.indemnities = Cents{std::int64_t{INT32_MIN} - 1};
    reads_back(negative);
    ContractFacts meals = assmat_month();
    meals.meals = Cents{std::int64_t{1} << 40};
    reads_back(meals);
    ContractFacts late_child = assmat_month();
    late_child.children = {32};
    reads_back(late_child);
    ContractFacts unordered = assmat_month();
    unordered.children = {3, 1};  // a bit per child would read {1, 3}
    reads_back(unordered);
    ContractFacts twice = assmat_month();
    twice.children = {1, 1};
    reads_back(twice);
    ContractFacts many = assmat_month();
    many.children = {0, 1, 2, 3, 4, 5, 6};  // past the small vector's own room
    reads_back(many);
}

BOOST_AUTO_TEST_CASE(new_facts_replace_the_old_either_way) {
    Contract contract = with(assmat_month());
    ContractFacts wide = assmat_month();
    wide.net_salary = Cents{std::int64_t{1} << 33};
    contract.set_facts(wide);
    BOOST_TEST((contract.facts() == wide));
    contract.set_facts(assmat_month());
    BOOST_TEST((contract.facts() == assmat_month()));
    Contract apart = with(wide);
    apart = contract;  // a compact copy over facts kept whole
    BOOST_TEST((apart.facts() == assmat_month()));
    contract = with(wide);
    BOOST_TEST((contract.facts() == wide));
}

// With hours that vary, the month's facts are the mean month's but for the month's work.
BOOST_AUTO_TEST_CASE(a_month_with_its_own_hours) {
    for (const bool whole : {false, true}) {
        ContractFacts facts = assmat_month();
        facts.net_salary = Cents{600'00};  // 150 hours at 4 euros
        facts.hours_x100 = 15'000;
        facts.days_worked = 17;
        if (whole) facts.children = {4, 0};
        Contract contract = with(facts);
        contract.hours_spread_percent = 40;
        contract.month_key = 0x9e3779b97f4a7c15;
        bool varied = false;
        for (YearMonth m = contract.first_month; m <= contract.last_month; m = m.plus_months(1)) {
            const pajesim::model::MonthWork work = contract.work_in(m);
            BOOST_TEST(work.hours_x100 % 100 == 0);
            BOOST_TEST(work.hours_x100 >= 9'000);
            BOOST_TEST(work.hours_x100 <= 21'000);
            BOOST_TEST(work.net_salary.value() == 4'00 * (work.hours_x100 / 100));
            varied = varied || work.hours_x100 != facts.hours_x100;
            ContractFacts scratch;
            ContractFacts expected = facts;
            expected.hours_x100 = work.hours_x100;
            expected.days_worked = work.days_worked;
            expected.net_salary = work.net_salary;
            expected.maintenance = work.maintenance;
            BOOST_TEST((contract.facts_in(m, scratch) == expected));
        }
        BOOST_TEST(varied);
    }
}
