// Properties of the CMG oracle (domain.md sections 3 and 5) over generated families, weighted
// to the edges: resources at a ceiling +-1 cent or 1 euro, birthdays near the 3rd and 6th
// anniversaries and month ends, 29 February, births in the care month, single parents,
// salaries within a few cents of the 85 % cap and of the assmat daily cap.

#include <boost/test/unit_test.hpp>
#include <rapidcheck/boost_test.h>

#include <algorithm>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "sim/law/cmg.hpp"
#include "sim/law/parameters.hpp"

namespace {

namespace law = pajesim::law;
using pajesim::Cents;
using pajesim::Date;
using pajesim::Ratio;
using pajesim::Rounding;
using pajesim::YearMonth;

const law::LegalParameters& legal_parameters() {
    static const auto parameters = law::LegalParameters::load_file(
        std::string(PAJESIM_SOURCE_DIR) + "/scenarios/params/cmg-2018-2021.json");
    return *parameters;
}

const YearMonth first_month = YearMonth::from_civil(2018, 1);
const YearMonth last_month = YearMonth::from_civil(2021, 12);

struct Case {
    YearMonth month;
    law::HouseholdFacts household;
    law::ContractFacts contract;
};

std::ostream& operator<<(std::ostream& out, const Case& c) {
    out << "care month " << c.month << ", " << (c.household.single_parent ? "single" : "couple")
        << ", resources " << c.household.resources_n2 << ", activity "
        << c.household.activity_condition_met << ", children born";
    for (const law::ChildFacts& child : c.household.children) {
        out << " " << child.birth << (child.aeeh ? " (AEEH)" : "");
    }
    out << "; " << law::to_string(c.contract.mode) << " for children";
    for (const std::uint32_t index : c.contract.children) out << " " << index;
    return out << ", net " << c.contract.net_salary << ", maintenance " << c.contract.maintenance
               << ", days " << c.contract.days_worked;
}

const law::MonthParameters& parameters_of(YearMonth month) {
    return legal_parameters().for_month(month);
}

law::Entitlement compute(const Case& c) {
    return law::compute_entitlement(c.household, c.contract, parameters_of(c.month));
}

// Parameter change months (domain.md sections 3 and 5) and their neighbours.
YearMonth draw_month() {
    const int kind = *rc::gen::weightedElement<int>({{1, 0}, {1, 1}});
    if (kind == 0) return first_month.plus_months(*rc::gen::inRange(0, 48));
    return *rc::gen::elementOf(std::vector<YearMonth>{
        first_month, YearMonth::from_civil(2018, 3), YearMonth::from_civil(2018, 4),
        YearMonth::from_civil(2018, 9), YearMonth::from_civil(2018, 10),
        YearMonth::from_civil(2018, 12), YearMonth::from_civil(2019, 1),
        YearMonth::from_civil(2019, 10), YearMonth::from_civil(2019, 11),
        YearMonth::from_civil(2020, 8), YearMonth::from_civil(2020, 9),
        YearMonth::from_civil(2021, 9), YearMonth::from_civil(2021, 10), last_month});
}

Date draw_birth(YearMonth month) {
    const int kind = *rc::gen::weightedElement<int>({{2, 0}, {3, 1}, {1, 2}, {1, 3}});
    if (kind == 0) return month.first_day().plus_days(-*rc::gen::inRange(-40, 7 * 366));
    if (kind == 1) {
        // A 3rd or 6th birthday near the care month (down to January of its year for the
        // "full rate until 31 August" rule), on the 1st, the 15th or a month end.
        const int years = *rc::gen::elementOf(std::vector<int>{3, 6});
        const int offset = *rc::gen::weightedOneOf<int>(
            {{1, rc::gen::just(0)}, {1, rc::gen::inRange(-9, 3)}});
        const YearMonth birth_month = month.plus_months(offset - 12 * years);
        const unsigned day = *rc::gen::elementOf(std::vector<unsigned>{1, 15, 28, 29, 30, 31});
        return birth_month.day_clamped(day);
    }
    if (kind == 2) {
        return *rc::gen::elementOf(std::vector<Date>{Date::from_civil(2012, 2, 29),
                                                     Date::from_civil(2016, 2, 29),
                                                     Date::from_civil(2020, 2, 29)});
    }
    return month.first_day().plus_days(*rc::gen::inRange(-35, 31));  // born around the month
}

int dependent_children_of(const law::HouseholdFacts& household, YearMonth month) {
    int count = 0;
    for (const law::ChildFacts& child : household.children) {
        if (child.birth < month.first_day()) ++count;
    }
    return count;
}

// The ceilings of domain.md section 3 for n children, x 1.4 for a single parent.
std::vector<Cents> ceilings_of(const law::HouseholdFacts& household, YearMonth month) {
    const law::MonthParameters& p = parameters_of(month);
    const int children = std::max(1, dependent_children_of(household, month));
    std::vector<Cents> result;
    for (const law::Ceilings& c :
         {p.resource_ceilings->value.bracket_1, p.resource_ceilings->value.bracket_2}) {
        Cents ceiling = children == 1 ? c.one_child
                                      : c.two_children + c.per_extra_child.times(children - 2);
        if (household.single_parent) {
            ceiling = apply_rate(ceiling, p.single_parent_ceiling_factor->value,
                                 Rounding::toward_zero);
        }
        result.push_back(ceiling);
    }
    return result;
}

Cents draw_resources(const law::HouseholdFacts& household, YearMonth month) {
    const int kind = *rc::gen::weightedElement<int>({{1, 0}, {3, 1}});
    if (kind == 0) return Cents{*rc::gen::inRange<std::int64_t>(0, 15'000'000)};
    const Cents ceiling = *rc::gen::elementOf(ceilings_of(household, month));
    const std::int64_t delta = *rc::gen::elementOf(std::vector<std::int64_t>{-100, -1, 0, 1, 100});
    return ceiling + Cents{delta};
}

// The net salary at which the gross pay per day per child is exactly 5 x SMIC, rounded down.
Cents daily_cap_net(const law::ContractFacts& contract, YearMonth month) {
    const law::MonthParameters& p = parameters_of(month);
    // net = SMIC x 5 x (1 - 21.99 %) x days x children = SMIC x 5 x 7801 / 10 000 x ...
    const std::int64_t product = p.smic_hourly_gross->value.value() * 5 * 7801 *
                                 contract.days_worked *
                                 static_cast<std::int64_t>(contract.children.size());
    return Cents{product / 10'000};
}

// A salary whose 85 % is within a few cents of one bracket's maximum (full or half rate).
Cents near_salary_cap(YearMonth month) {
    const law::MonthParameters& p = parameters_of(month);
    const law::RemunerationRates& rates = p.remuneration_rates->value;
    const Ratio rate = *rc::gen::elementOf(
        std::vector<Ratio>{rates.bracket_1, rates.bracket_2, rates.bracket_3});
    Cents maximum = apply_rate(p.bmaf->value, rate, Rounding::half_up);
    if (*rc::gen::arbitrary<bool>()) maximum = apply_rate(maximum, Ratio{1, 2}, Rounding::half_up);
    return apply_rate(maximum, Ratio{100, 85}, Rounding::half_up);
}

Cents draw_salary(const law::ContractFacts& contract, YearMonth month) {
    const int kind = *rc::gen::weightedElement<int>({{1, 0}, {1, 1}, {1, 2}});
    if (kind == 0) return Cents{*rc::gen::inRange<std::int64_t>(0, 300'000)};
    const Cents target = kind == 1 ? daily_cap_net(contract, month) : near_salary_cap(month);
    const Cents salary = target + Cents{*rc::gen::inRange<std::int64_t>(-2, 3)};
    return max(salary, Cents{0});
}

Case draw_case() {
    Case c;
    c.month = draw_month();
    c.household.single_parent = *rc::gen::arbitrary<bool>();
    c.household.activity_condition_met = *rc::gen::weightedElement<bool>({{9, true}, {1, false}});
    const int children = *rc::gen::inRange(1, 5);
    for (int i = 0; i < children; ++i) {
        const bool aeeh = *rc::gen::weightedElement<bool>({{3, false}, {1, true}});
        c.household.children.push_back(law::ChildFacts{draw_birth(c.month), aeeh});
    }
    c.household.resources_n2 = draw_resources(c.household, c.month);
    c.contract.mode = *rc::gen::weightedElement<law::CareMode>(
        {{3, law::CareMode::assmat}, {2, law::CareMode::home_carer}});
    for (int i = 0; i < children; ++i) {
        if (*rc::gen::arbitrary<bool>()) {
            c.contract.children.push_back(static_cast<std::uint32_t>(i));
        }
    }
    if (c.contract.children.empty()) {
        c.contract.children.push_back(static_cast<std::uint32_t>(*rc::gen::inRange(0, children)));
    }
    c.contract.days_worked = *rc::gen::weightedOneOf<int>(
        {{1, rc::gen::elementOf(std::vector<int>{20, 22})}, {1, rc::gen::inRange(1, 32)}});
    c.contract.net_salary = draw_salary(c.contract, c.month);
    c.contract.maintenance = *rc::gen::weightedOneOf<Cents>(
        {{3, rc::gen::just(Cents{0})},
         {1, rc::gen::map(rc::gen::inRange<std::int64_t>(0, 20'000),
                          [](std::int64_t cents) { return Cents{cents}; })}});
    return c;
}

rc::Gen<Case> gen_case() { return rc::gen::exec(draw_case); }

void classify_edges(const Case& c, const law::Entitlement& result) {
    bool birthday_in_month = false;
    bool born_in_month = false;
    bool born_29_february = false;
    for (const law::ChildFacts& child : c.household.children) {
        for (const int years : {3, 6}) {
            const bool in_month = child.birth.plus_years(years).year_month() == c.month;
            birthday_in_month = birthday_in_month || in_month;
        }
        born_in_month = born_in_month || child.birth.year_month() == c.month;
        const bool leap_day = child.birth.month() == 2 && child.birth.day() == 29;
        born_29_february = born_29_february || leap_day;
    }
    bool at_ceiling = false;
    for (const Cents ceiling : ceilings_of(c.household, c.month)) {
        const Cents distance = c.household.resources_n2 - ceiling;
        at_ceiling = at_ceiling || (distance >= Cents{-1} && distance <= Cents{1});
    }
    RC_CLASSIFY(at_ceiling, "resources at a ceiling +-1 cent");
    RC_CLASSIFY(birthday_in_month, "3rd or 6th birthday in the month");
    RC_CLASSIFY(born_in_month, "born in the month");
    RC_CLASSIFY(born_29_february, "born 29 February");
    RC_CLASSIFY(c.household.single_parent, "single parent");
    RC_CLASSIFY(result.refusal == law::Refusal::daily_cap, "daily cap refusal");
    RC_CLASSIFY(result.eligible && result.cmg_remuneration < result.cmg_max, "85 % cap binds");
    RC_CLASSIFY(result.eligible, "eligible");
}

bool same_result(const law::Entitlement& left, const law::Entitlement& right) {
    const law::ContributionsPart& l = left.contributions;
    const law::ContributionsPart& r = right.contributions;
    return left.eligible == right.eligible && left.refusal == right.refusal &&
           left.bracket == right.bracket && left.cmg_max == right.cmg_max &&
           left.cmg_remuneration == right.cmg_remuneration && left.crds == right.crds &&
           left.cmg_paid == right.cmg_paid &&
           left.contributions_covered_rate == right.contributions_covered_rate &&
           l.gross_salary == r.gross_salary && l.employee == r.employee &&
           l.employer == r.employer && l.total == r.total && l.covered == r.covered &&
           l.uncovered == r.uncovered && left.reason == right.reason;
}

// An increase weighted to the smallest steps, where rounding and caps turn.
Cents draw_increase() {
    return Cents{*rc::gen::weightedOneOf<std::int64_t>(
        {{2, rc::gen::elementOf(std::vector<std::int64_t>{1, 2, 100})},
         {1, rc::gen::inRange<std::int64_t>(0, 5'000'000)}})};
}

}  // namespace

RC_BOOST_PROP(more_resources_never_raise_the_cmg, ()) {
    const Case lower = *gen_case().as("case");
    Case higher = lower;
    higher.household.resources_n2 = lower.household.resources_n2 + draw_increase();
    const law::Entitlement lower_result = compute(lower);
    const law::Entitlement higher_result = compute(higher);
    classify_edges(lower, lower_result);
    RC_CLASSIFY(lower_result.bracket != higher_result.bracket, "bracket changes");
    RC_ASSERT(higher_result.cmg_max <= lower_result.cmg_max);
    RC_ASSERT(higher_result.cmg_remuneration <= lower_result.cmg_remuneration);
    RC_ASSERT(higher_result.cmg_paid <= lower_result.cmg_paid);
    RC_ASSERT(higher_result.bracket.value_or(0) >= lower_result.bracket.value_or(0));
}

RC_BOOST_PROP(a_higher_salary_never_lowers_the_cmg_within_the_daily_cap, ()) {
    const Case lower = *gen_case().as("case");
    Case higher = lower;
    higher.contract.net_salary = lower.contract.net_salary + draw_increase();
    const law::Entitlement lower_result = compute(lower);
    const law::Entitlement higher_result = compute(higher);
    classify_edges(lower, lower_result);
    const bool crosses = lower_result.refusal != law::Refusal::daily_cap &&
                         higher_result.refusal == law::Refusal::daily_cap;
    RC_CLASSIFY(crosses, "the raise crosses the daily cap");
    if (lower_result.refusal == law::Refusal::daily_cap) {
        RC_ASSERT(higher_result.refusal == law::Refusal::daily_cap);
    }
    if (higher_result.refusal == law::Refusal::daily_cap) {
        // Above 5 x SMIC per day and per child: nothing, neither part.
        RC_ASSERT(higher.contract.mode == law::CareMode::assmat);
        RC_ASSERT(higher_result.cmg_paid == Cents{0});
        RC_ASSERT(higher_result.contributions.covered == Cents{0});
    } else {
        RC_ASSERT(higher_result.cmg_remuneration >= lower_result.cmg_remuneration);
        RC_ASSERT(higher_result.cmg_paid >= lower_result.cmg_paid);
    }
}

RC_BOOST_PROP(daily_cap_matches_the_exact_comparison, ()) {
    const Case c = *gen_case().as("case");
    const law::Entitlement result = compute(c);
    classify_edges(c, result);
    // Only an eligible-by-age assmat contract reaches the cap test; then, the cap refuses
    // exactly when net x 10 000 > 5 x SMIC x 7 801 x days x children (no rounding).
    if (result.eligible || result.refusal == law::Refusal::daily_cap) {
        const law::MonthParameters& p = parameters_of(c.month);
        const std::int64_t left = c.contract.net_salary.value() * 10'000;
        const std::int64_t right = p.smic_hourly_gross->value.value() * 5 * 7801 *
                                   c.contract.days_worked *
                                   static_cast<std::int64_t>(c.contract.children.size());
        const bool above = c.contract.mode == law::CareMode::assmat && left > right;
        // One cent of net salary is 10 000 units on the left.
        RC_CLASSIFY(left - right >= -10'000 && left - right <= 10'000,
                    "net within a cent of the daily cap");
        RC_ASSERT(above == (result.refusal == law::Refusal::daily_cap));
    }
}

RC_BOOST_PROP(remuneration_never_exceeds_85_percent_of_salary_and_maintenance, ()) {
    const Case c = *gen_case().as("case");
    const law::Entitlement result = compute(c);
    classify_edges(c, result);
    // 85 % rounded half-up to the cent: (base x 85 + 50) / 100 in integer cents.
    const std::int64_t base = (c.contract.net_salary + c.contract.maintenance).value();
    const Cents cap{(base * 85 + 50) / 100};
    RC_CLASSIFY(result.eligible && result.cmg_remuneration == cap, "remuneration = 85 % cap");
    RC_ASSERT(result.cmg_remuneration <= cap);
    RC_ASSERT(result.cmg_remuneration <= result.cmg_max);
    if (result.eligible) RC_ASSERT(result.cmg_remuneration == min(cap, result.cmg_max));
}

RC_BOOST_PROP(a_single_parent_never_gets_less_than_a_couple, ()) {
    Case couple = *gen_case().as("case");
    couple.household.single_parent = false;
    Case single = couple;
    single.household.single_parent = true;
    const law::Entitlement couple_result = compute(couple);
    const law::Entitlement single_result = compute(single);
    classify_edges(single, single_result);
    RC_CLASSIFY(single_result.cmg_paid > couple_result.cmg_paid, "single parent gets more");
    RC_ASSERT(single_result.eligible == couple_result.eligible);
    RC_ASSERT(single_result.bracket.value_or(0) <= couple_result.bracket.value_or(0));
    RC_ASSERT(single_result.cmg_max >= couple_result.cmg_max);
    RC_ASSERT(single_result.cmg_remuneration >= couple_result.cmg_remuneration);
    RC_ASSERT(single_result.cmg_paid >= couple_result.cmg_paid);
}

RC_BOOST_PROP(the_result_depends_only_on_the_month_and_the_facts, ()) {
    const Case c = *gen_case().as("case");
    const Case other = *gen_case().as("another case computed in between");
    law::Explanation first_explanation;
    // With an explanation first, without one next: asking for it changes nothing.
    const law::Entitlement first = law::compute_entitlement(
        c.household, c.contract, parameters_of(c.month), &first_explanation);
    const law::Entitlement again = compute(c);
    const law::Entitlement in_between = compute(other);
    law::Explanation last_explanation;
    const law::Entitlement last = law::compute_entitlement(
        c.household, c.contract, parameters_of(c.month), &last_explanation);
    classify_edges(c, first);
    RC_CLASSIFY(other.month != c.month, "another month in between");
    RC_ASSERT(same_result(first, again));
    RC_ASSERT(same_result(first, last));
    RC_ASSERT(first_explanation.steps() == last_explanation.steps());
    RC_ASSERT(same_result(in_between, compute(other)));
}

RC_BOOST_PROP(paid_is_remuneration_minus_crds, ()) {
    const Case c = *gen_case().as("case");
    const law::Entitlement result = compute(c);
    classify_edges(c, result);
    // CRDS = 0.5 % rounded half-up: (remuneration x 5 + 500) / 1000 in integer cents.
    const Cents crds{(result.cmg_remuneration.value() * 5 + 500) / 1000};
    RC_ASSERT(result.crds == crds);
    RC_ASSERT(result.cmg_paid == result.cmg_remuneration - result.crds);
    if (!result.eligible) {
        RC_ASSERT(result.cmg_max == Cents{0});
        RC_ASSERT(result.cmg_paid == Cents{0});
        RC_ASSERT(result.contributions.covered == Cents{0});
        RC_ASSERT(!result.reason.empty());
    }
}

RC_BOOST_PROP(computing_from_the_decided_bracket_gives_the_same_result, ()) {
    // Pajemploi holds the CAF's decided bracket, not the resources: given the bracket the
    // resources imply, it must owe exactly what the family is owed.
    const Case c = *gen_case().as("case");
    const law::Entitlement from_resources = compute(c);
    classify_edges(c, from_resources);
    const law::Entitlement from_bracket = law::compute_entitlement_for_bracket(
        from_resources.bracket.value_or(1), c.household, c.contract, parameters_of(c.month));
    RC_ASSERT(same_result(from_resources, from_bracket));
}
