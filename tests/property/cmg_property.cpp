// Properties of the CMG oracle (domain.md sections 3 and 5) over generated families, weighted
// to the edges: resources at a ceiling +-1 cent or 1 euro, birthdays near the 3rd and 6th
// anniversaries and month ends, 29 February, births in the care month, single parents,
// salaries within a few cents of the 85 % cap and of the assmat daily cap.
// The hourly regime (domain-2025.md section 3, care from 2025-09) has its own generator: the
// revaluation months, resources around 12 x the floor, the ceiling and the zero-CMG threshold,
// costs at the hourly cap +-1 cent, 1 to 12 children with 6th, 12th and 20th birthdays near
// the month, AEEH children, single parents and couples, 0 to 300 hours.

#include <boost/test/unit_test.hpp>
#include <rapidcheck/boost_test.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/kernel/int128.hpp"
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
        std::string(PAJESIM_SOURCE_DIR) + "/scenarios/params/cmg-2018-2026.json");
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
        out << " " << child.birth << (child.aeeh ? " (AEEH)" : "")
            << (child.alternating ? " (alternating)" : "");
    }
    out << "; " << law::to_string(c.contract.mode) << " for children";
    for (const std::uint32_t index : c.contract.children) out << " " << index;
    out << ", net " << c.contract.net_salary << ", maintenance " << c.contract.maintenance
        << ", days " << c.contract.days_worked;
    if (c.month < YearMonth::from_civil(2025, 9)) return out;
    // The hourly regime's inputs (hours as an amount: two decimals).
    return out << ", hours " << Cents{c.contract.hours_x100} << ", meals " << c.contract.meals
               << ", indemnities " << c.contract.indemnities;
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


// ---- The hourly regime (domain-2025.md sections 2 and 3): care months 2025-09 to 2026-12 ----

const YearMonth hourly_first_month = YearMonth::from_civil(2025, 9);
const YearMonth hourly_last_month = YearMonth::from_civil(2026, 12);

// The shipped table with every entry of `key` read as `reading`: the same law under the other
// reading of an open point (domain-2025.md sections 3.6 and 3.9).
std::unique_ptr<law::LegalParameters> table_read_as(const std::string& key,
                                                    const std::string& reading) {
    const std::string path =
        std::string(PAJESIM_SOURCE_DIR) + "/scenarios/params/cmg-2018-2026.json";
    std::ifstream file(path);
    nlohmann::json document = nlohmann::json::parse(file);
    for (nlohmann::json& entry : document.at(key)) {
        entry.at("reading").get_ref<std::string&>() = reading;
    }
    return law::LegalParameters::from_json(document, path + " with " + key + " " + reading);
}

const law::LegalParameters& row_reading_parameters() {
    static const auto parameters = table_read_as("aeeh_effort_step", "row");
    return *parameters;
}

const law::LegalParameters& distinct_value_reading_parameters() {
    static const auto parameters = table_read_as("aeeh_effort_step", "distinct_value");
    return *parameters;
}

const law::LegalParameters& cent_rounding_parameters() {
    static const auto parameters = table_read_as("hourly_rounding", "cent");
    return *parameters;
}

const law::LegalParameters& euro_rounding_parameters() {
    static const auto parameters = table_read_as("hourly_rounding", "euro");
    return *parameters;
}

law::Entitlement compute_with(const law::LegalParameters& table, const Case& c) {
    return law::compute_entitlement(c.household, c.contract, table.for_month(c.month), nullptr,
                                    law::Detail::amounts_only);
}

// The regime's first month, the months where alternating residence (2025-12) and the LFSS 2026
// indemnity exclusion (2026-01) start, both sides of the 1 April 2026 revaluation, the last.
YearMonth draw_hourly_month() {
    const int kind = *rc::gen::weightedElement<int>({{1, 0}, {2, 1}});
    if (kind == 0) {
        const int count = hourly_first_month.months_until(hourly_last_month) + 1;
        return hourly_first_month.plus_months(*rc::gen::inRange(0, count));
    }
    return *rc::gen::elementOf(std::vector<YearMonth>{
        hourly_first_month, YearMonth::from_civil(2025, 12), YearMonth::from_civil(2026, 1),
        YearMonth::from_civil(2026, 3), YearMonth::from_civil(2026, 4), hourly_last_month});
}

Date draw_hourly_birth(YearMonth month) {
    const int kind = *rc::gen::weightedElement<int>({{4, 0}, {2, 1}, {1, 2}, {1, 3}});
    if (kind == 0) {
        // A 6th or 12th birthday (the age limits) or a 20th (the effort rate's count) in or
        // near the care month, on the 1st, the 15th or the last day of its month.
        const int years = *rc::gen::weightedElement<int>({{3, 6}, {3, 12}, {1, 20}});
        const int offset = *rc::gen::weightedOneOf<int>(
            {{1, rc::gen::just(0)}, {1, rc::gen::inRange(-2, 3)}});
        const YearMonth birth_month = month.plus_months(offset - 12 * years);
        const unsigned day = *rc::gen::elementOf(std::vector<unsigned>{1, 15, 31});
        return birth_month.day_clamped(day);
    }
    if (kind == 1) return month.first_day().plus_days(-*rc::gen::inRange(-40, 13 * 366));
    if (kind == 2) return month.first_day().plus_days(*rc::gen::inRange(-35, 31));  // around it
    // 29 February 2020: a 6th birthday in a common year (2026), and its neighbours.
    return *rc::gen::elementOf(std::vector<Date>{
        Date::from_civil(2020, 2, 28), Date::from_civil(2020, 2, 29), Date::from_civil(2020, 3, 1),
        Date::from_civil(2014, 2, 28), Date::from_civil(2014, 3, 1)});
}

// Children counted for the effort rate (domain-2025.md section 3.6): born before the month and
// under 20, still counted in the month of the 20th birthday (the shipped table's condition_end,
// month_kept). Used to aim the generators only.
bool counts_for_effort_rate(const law::ChildFacts& child, YearMonth month) {
    return child.birth < month.first_day() && child.birth.plus_years(20).year_month() >= month;
}

law::HouseholdFacts draw_hourly_household(YearMonth month) {
    law::HouseholdFacts household;
    household.single_parent = *rc::gen::arbitrary<bool>();
    household.activity_condition_met = *rc::gen::weightedElement<bool>({{9, true}, {1, false}});
    const int children = *rc::gen::weightedOneOf<int>(
        {{3, rc::gen::inRange(1, 4)}, {2, rc::gen::inRange(4, 13)}});
    for (int i = 0; i < children; ++i) {
        law::ChildFacts child;
        child.birth = draw_hourly_birth(month);
        child.aeeh = *rc::gen::weightedElement<bool>({{4, false}, {1, true}});
        // Alternating residence exists from 2025-12 (D531-18-2).
        child.alternating = month >= YearMonth::from_civil(2025, 12) &&
                            *rc::gen::weightedElement<bool>({{7, false}, {1, true}});
        household.children.push_back(child);
    }
    return household;
}

// Monthly resources (whole euros) at which the factor 1 - R x TE / Cref reaches 0, rounded down.
std::int64_t zero_cmg_euros(const law::HouseholdFacts& household, law::CareMode mode,
                            const law::MonthParameters& p) {
    int children = 0;
    int aeeh = 0;
    for (const law::ChildFacts& child : household.children) {
        if (!counts_for_effort_rate(child, p.month)) continue;
        ++children;
        if (child.aeeh) ++aeeh;
    }
    const Ratio rate = law::effort_rate(mode, std::max(children, 1), aeeh, p);
    const law::PerMode& references = p.reference_hourly_cost->value;
    const Cents reference =
        mode == law::CareMode::assmat ? references.assmat : references.home_carer;
    return reference.value() * rate.denominator() / (rate.numerator() * 100);
}

// Annual N-2 resources: anywhere, or a few euros around 12 x the floor (815 and 822), 12 x the
// ceiling (8 500) and 12 x the zero-CMG threshold, with the deltas where the monthly figure's
// rounding to the euro turns (+-6 euros a year is +-0.50 a month).
Cents draw_hourly_resources(const law::HouseholdFacts& household, law::CareMode mode,
                            const law::MonthParameters& p) {
    const int kind = *rc::gen::weightedElement<int>({{1, 0}, {1, 1}, {1, 2}, {1, 3}});
    if (kind == 0) return Cents{*rc::gen::inRange<std::int64_t>(0, 20'000'000)};
    const std::int64_t monthly_euros =
        kind == 1 ? *rc::gen::elementOf(std::vector<std::int64_t>{815, 822})
        : kind == 2 ? 8'500
                    : zero_cmg_euros(household, mode, p) + *rc::gen::inRange<std::int64_t>(-1, 3);
    const std::int64_t delta = *rc::gen::elementOf(std::vector<std::int64_t>{
        -1'200, -601, -600, -599, -300, -1, 0, 1, 300, 599, 600, 601, 1'200});
    return Cents{std::max<std::int64_t>(0, monthly_euros * 1'200 + delta)};
}

std::int32_t draw_hours_x100() {
    return *rc::gen::weightedOneOf<std::int32_t>(
        {{1, rc::gen::elementOf(std::vector<std::int32_t>{0, 1, 100, 12'500, 30'000})},
         {2, rc::gen::inRange<std::int32_t>(0, 30'001)},
         {1, rc::gen::map(rc::gen::inRange<std::int32_t>(0, 301),
                          [](std::int32_t hours) { return hours * 100; })}});
}

// The month's cost: exactly at the hourly cap (either year's: 8.00/8.09 or 15.00/15.18) x the
// hours, or at the cap +-1 cent an hour, +-1 cent overall; or any hourly cost up to 30 euros;
// or any amount whatever the hours.
Cents draw_hourly_cost(law::CareMode mode, std::int32_t hours_x100) {
    const int kind = *rc::gen::weightedElement<int>({{3, 0}, {2, 1}, {1, 2}});
    if (kind == 2) return Cents{*rc::gen::inRange<std::int64_t>(0, 500'000)};
    std::int64_t hourly_cents = 0;
    if (kind == 0) {
        const std::vector<std::int64_t> caps = mode == law::CareMode::assmat
                                                   ? std::vector<std::int64_t>{800, 809}
                                                   : std::vector<std::int64_t>{1'500, 1'518};
        hourly_cents = *rc::gen::elementOf(caps) +
                       *rc::gen::weightedElement<std::int64_t>({{2, 0}, {1, -1}, {1, 1}});
    } else {
        hourly_cents = *rc::gen::inRange<std::int64_t>(0, 3'001);
    }
    const std::int64_t exact = pajesim::divide_rounded(
        static_cast<pajesim::Int128>(hourly_cents) * hours_x100, 100, Rounding::half_up);
    const std::int64_t nudge = *rc::gen::weightedElement<std::int64_t>({{2, 0}, {1, -1}, {1, 1}});
    return Cents{std::max<std::int64_t>(0, exact + nudge)};
}

Case draw_hourly_case() {
    Case c;
    c.month = draw_hourly_month();
    const law::MonthParameters& p = parameters_of(c.month);
    c.household = draw_hourly_household(c.month);
    c.contract.mode = *rc::gen::weightedElement<law::CareMode>(
        {{3, law::CareMode::assmat}, {2, law::CareMode::home_carer}});
    const auto children = static_cast<std::uint32_t>(c.household.children.size());
    if (c.contract.mode == law::CareMode::assmat) {
        // From 2025-09 an assmat contract names one child (one declaration per child).
        c.contract.children.push_back(*rc::gen::inRange<std::uint32_t>(0, children));
    } else {
        for (std::uint32_t i = 0; i < children; ++i) {
            if (*rc::gen::arbitrary<bool>()) c.contract.children.push_back(i);
        }
        if (c.contract.children.empty()) {
            c.contract.children.push_back(*rc::gen::inRange<std::uint32_t>(0, children));
        }
    }
    c.household.resources_n2 = draw_hourly_resources(c.household, c.contract.mode, p);
    c.contract.hours_x100 = draw_hours_x100();
    c.contract.days_worked = *rc::gen::inRange(0, 23);
    const Cents cost = draw_hourly_cost(c.contract.mode, c.contract.hours_x100);
    // An assmat's cost is net salary + maintenance + meals (D531-18 1°); a home carer's is the
    // net salary.
    c.contract.net_salary = cost;
    if (c.contract.mode == law::CareMode::assmat) {
        const int split = *rc::gen::weightedElement<int>({{1, 0}, {2, 1}});
        if (split == 1) {
            const std::int64_t quarter = cost.value() / 4;
            c.contract.meals = Cents{*rc::gen::inRange<std::int64_t>(0, quarter + 1)};
            c.contract.maintenance = Cents{*rc::gen::inRange<std::int64_t>(0, quarter + 1)};
            c.contract.net_salary = cost - c.contract.meals - c.contract.maintenance;
        }
    }
    c.contract.indemnities = *rc::gen::weightedOneOf<Cents>(
        {{3, rc::gen::just(Cents{0})},
         {1, rc::gen::map(rc::gen::inRange<std::int64_t>(0, c.contract.net_salary.value() + 1),
                          [](std::int64_t cents) { return Cents{cents}; })}});
    return c;
}

rc::Gen<Case> gen_hourly_case() { return rc::gen::exec(draw_hourly_case); }

// The retained cost of D531-18 1° and L531-5 III 6°, computed here from the contract: min(cost,
// hourly cap x hours), with the indemnities left out of the comparison from 2026 (and kept in
// the cost under cap_check_only), rounded half-up to the cent.
Cents expected_cost_retained(const Case& c) {
    const law::MonthParameters& p = parameters_of(c.month);
    const bool assmat = c.contract.mode == law::CareMode::assmat;
    const Cents cost = assmat ? c.contract.net_salary + c.contract.maintenance + c.contract.meals
                              : c.contract.net_salary;
    const law::IndemnityExclusion reading = p.indemnity_exclusion->value;
    const Cents excluded =
        reading == law::IndemnityExclusion::none ? Cents{0} : c.contract.indemnities;
    const Cents cap = assmat ? p.hourly_cap->value.assmat : p.hourly_cap->value.home_carer;
    // In hundredths of a cent: cost x 100 against cap (cents) x hours x 100.
    const pajesim::Int128 checked = static_cast<pajesim::Int128>((cost - excluded).value()) * 100;
    const pajesim::Int128 capped =
        static_cast<pajesim::Int128>(cap.value()) * c.contract.hours_x100;
    pajesim::Int128 retained = std::min(checked, capped);
    if (reading == law::IndemnityExclusion::cap_check_only) {
        retained += static_cast<pajesim::Int128>(excluded.value()) * 100;
    }
    return Cents{pajesim::divide_rounded(retained, 100, Rounding::half_up)};
}

// The age limit of D531-18-1, judged by months (R552-3 II 1°: the month of the birthday keeps
// the previous situation): born before the month, and the birthday month not before it.
bool under_age_limit(const law::ChildFacts& child, int years, YearMonth month) {
    return child.birth < month.first_day() && child.birth.plus_years(years).year_month() >= month;
}

void classify_hourly_edges(const Case& c, const law::Entitlement& result) {
    const law::MonthParameters& p = parameters_of(c.month);
    bool limit_birthday_in_month = false;
    bool aged_6_to_11 = false;
    int counted = 0;
    for (const law::ChildFacts& child : c.household.children) {
        for (const int years : {6, 12}) {
            const bool in_month = child.birth.plus_years(years).year_month() == c.month;
            limit_birthday_in_month = limit_birthday_in_month || in_month;
        }
        aged_6_to_11 = aged_6_to_11 || (!under_age_limit(child, 6, c.month) &&
                                        under_age_limit(child, 12, c.month));
        if (counts_for_effort_rate(child, c.month)) ++counted;
    }
    const Cents raw = law::monthly_resources(c.household.resources_n2);
    RC_CLASSIFY(limit_birthday_in_month, "6th or 12th birthday in the month");
    RC_CLASSIFY(aged_6_to_11, "a child aged 6 to 11");
    RC_CLASSIFY(counted >= 5, "5 or more children for the effort rate");
    RC_CLASSIFY(c.household.single_parent, "single parent");
    RC_CLASSIFY(raw <= p.monthly_resource_floor->value, "resources at or below the floor");
    RC_CLASSIFY(raw >= p.monthly_resource_ceiling->value, "resources at or above the ceiling");
    RC_CLASSIFY(result.hourly_cap_bound, "hourly cap binds");
    RC_CLASSIFY(result.eligible && result.cmg_remuneration == Cents{0}, "eligible, CMG 0");
    RC_CLASSIFY(result.eligible, "eligible");
}

// A change of resources weighted to the steps where the monthly figure's rounding turns (6 euros a
// year is 0.50 a month, 12 euros one euro).
Cents draw_resource_increase() {
    return Cents{*rc::gen::weightedOneOf<std::int64_t>(
        {{2, rc::gen::elementOf(std::vector<std::int64_t>{1, 2, 100, 599, 600, 1'200})},
         {1, rc::gen::inRange<std::int64_t>(0, 10'000'000)}})};
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

// ---- The hourly regime (domain-2025.md sections 2 and 3), care months 2025-09 to 2026-12 ----

RC_BOOST_PROP(hourly_more_resources_never_raise_the_cmg, ()) {
    // The same facts with resources r <= r': r' a small step above r, or two draws aimed at the
    // floor, the ceiling and the zero-CMG threshold, ordered.
    Case lower = *gen_hourly_case().as("case");
    const Cents step_above = lower.household.resources_n2 + draw_resource_increase();
    const Cents second_draw = draw_hourly_resources(lower.household, lower.contract.mode,
                                                    parameters_of(lower.month));
    const bool ordered_draws = *rc::gen::arbitrary<bool>();
    Case higher = lower;
    if (ordered_draws) {
        lower.household.resources_n2 = min(lower.household.resources_n2, second_draw);
        higher.household.resources_n2 = max(higher.household.resources_n2, second_draw);
    } else {
        higher.household.resources_n2 = step_above;
    }
    RC_TAG(ordered_draws ? "two ordered draws" : "a step above");
    RC_LOG() << "resources " << lower.household.resources_n2 << " <= "
             << higher.household.resources_n2 << std::endl;
    const law::Entitlement lower_result = compute(lower);
    const law::Entitlement higher_result = compute(higher);
    classify_hourly_edges(lower, lower_result);
    RC_CLASSIFY(higher_result.resources_monthly != lower_result.resources_monthly,
                "the resources retained change");
    RC_CLASSIFY(lower_result.cmg_remuneration > Cents{0} &&
                    higher_result.cmg_remuneration == Cents{0},
                "the increase brings the CMG to 0");
    RC_ASSERT(lower_result.regime == law::Regime::hourly);
    RC_ASSERT(higher_result.eligible == lower_result.eligible);
    RC_ASSERT(higher_result.resources_monthly >= lower_result.resources_monthly);
    RC_ASSERT(higher_result.cost_retained == lower_result.cost_retained);
    RC_ASSERT(higher_result.cmg_remuneration <= lower_result.cmg_remuneration);
    RC_ASSERT(higher_result.cmg_paid <= lower_result.cmg_paid);
}

RC_BOOST_PROP(hourly_more_hours_never_lower_the_cmg, ()) {
    // The same cost over more paid hours: only the cap (hourly cap x hours) rises.
    const Case lower = *gen_hourly_case().as("case");
    Case higher = lower;
    const std::int32_t room = std::max(0, 30'000 - lower.contract.hours_x100);
    higher.contract.hours_x100 += *rc::gen::weightedOneOf<std::int32_t>(
        {{2, rc::gen::elementOf(std::vector<std::int32_t>{0, 1, 100})},
         {1, rc::gen::inRange<std::int32_t>(0, room + 1)}});
    const law::Entitlement lower_result = compute(lower);
    const law::Entitlement higher_result = compute(higher);
    classify_hourly_edges(lower, lower_result);
    RC_CLASSIFY(lower_result.hourly_cap_bound && !higher_result.hourly_cap_bound,
                "the cap stops binding");
    RC_ASSERT(higher_result.regime == law::Regime::hourly);
    RC_ASSERT(higher_result.eligible == lower_result.eligible);
    RC_ASSERT(higher_result.effort_rate == lower_result.effort_rate);
    RC_ASSERT(higher_result.cost_retained >= lower_result.cost_retained);
    RC_ASSERT(higher_result.cmg_remuneration >= lower_result.cmg_remuneration);
    RC_ASSERT(higher_result.cmg_paid >= lower_result.cmg_paid);
    if (!lower_result.hourly_cap_bound) {
        // Within the cap already: more hours change nothing.
        RC_ASSERT(!higher_result.hourly_cap_bound);
        RC_ASSERT(higher_result.cost_retained == lower_result.cost_retained);
        RC_ASSERT(higher_result.cmg_remuneration == lower_result.cmg_remuneration);
    }
}

RC_BOOST_PROP(hourly_cmg_is_between_zero_and_the_retained_cost, ()) {
    const Case c = *gen_hourly_case().as("case");
    const law::Entitlement result = compute(c);
    classify_hourly_edges(c, result);
    const law::MonthParameters& p = parameters_of(c.month);
    // The shipped table's readings: clamp at 0, cent rounding.
    RC_ASSERT(p.hourly_clamp_at_zero->value);
    RC_ASSERT(p.hourly_rounding->value == law::HourlyRounding::cent);
    RC_ASSERT(result.regime == law::Regime::hourly);
    RC_ASSERT(result.cmg_remuneration >= Cents{0});
    RC_ASSERT(result.cmg_paid == result.cmg_remuneration);  // no CRDS deducted (section 3.9)
    if (!result.eligible) {
        RC_ASSERT(result.cmg_remuneration == Cents{0});
        return;
    }
    RC_ASSERT(result.cost_retained == expected_cost_retained(c));
    RC_ASSERT(result.cmg_remuneration <= result.cost_retained);
}

RC_BOOST_PROP(hourly_age_limit_is_6_or_12_for_a_single_parent, ()) {
    Case couple = *gen_hourly_case().as("case");
    couple.household.single_parent = false;
    Case single = couple;
    single.household.single_parent = true;
    const law::MonthParameters& p = parameters_of(couple.month);
    for (const law::ChildFacts& child : couple.household.children) {
        RC_ASSERT(law::hourly_child_eligible(child, false, p) ==
                  under_age_limit(child, 6, couple.month));
        RC_ASSERT(law::hourly_child_eligible(child, true, p) ==
                  under_age_limit(child, 12, couple.month));
    }
    bool couple_expected = false;
    bool single_expected = false;
    for (const std::uint32_t index : couple.contract.children) {
        const law::ChildFacts& child = couple.household.children[index];
        couple_expected = couple_expected || under_age_limit(child, 6, couple.month);
        single_expected = single_expected || under_age_limit(child, 12, couple.month);
    }
    const law::Entitlement couple_result = compute(couple);
    const law::Entitlement single_result = compute(single);
    classify_hourly_edges(couple, couple_result);
    RC_CLASSIFY(single_expected && !couple_expected, "eligible as a single parent only");
    const bool activity = couple.household.activity_condition_met;
    RC_ASSERT(couple_result.eligible == (activity && couple_expected));
    RC_ASSERT(single_result.eligible == (activity && single_expected));
    if (activity && !couple_expected) {
        RC_ASSERT(couple_result.refusal == law::Refusal::no_child_under_6);
    }
    if (activity && !single_expected) {
        RC_ASSERT(single_result.refusal == law::Refusal::no_child_under_6);
    }
}

RC_BOOST_PROP(hourly_aeeh_readings_agree_without_an_aeeh_child, ()) {
    // No AEEH child; sometimes an AEEH flag on a child born after the care month, whom neither
    // reading may count.
    const Case c = *rc::gen::exec([] {
                       Case drawn = draw_hourly_case();
                       for (law::ChildFacts& child : drawn.household.children) child.aeeh = false;
                       if (*rc::gen::weightedElement<bool>({{3, false}, {1, true}})) {
                           law::ChildFacts unborn;
                           const int days_after = *rc::gen::inRange(1, 60);
                           unborn.birth = drawn.month.last_day().plus_days(days_after);
                           unborn.aeeh = true;
                           drawn.household.children.push_back(unborn);
                       }
                       return drawn;
                   }).as("case without an AEEH child");
    const law::Entitlement row = compute_with(row_reading_parameters(), c);
    const law::Entitlement distinct = compute_with(distinct_value_reading_parameters(), c);
    classify_hourly_edges(c, row);
    bool unborn_aeeh = false;
    for (const law::ChildFacts& child : c.household.children) {
        unborn_aeeh = unborn_aeeh || child.aeeh;
    }
    RC_CLASSIFY(unborn_aeeh, "AEEH flag on a child born after the month");
    RC_ASSERT(row_reading_parameters().for_month(c.month).aeeh_effort_step->value ==
              law::AeehStep::row);
    RC_ASSERT(distinct_value_reading_parameters().for_month(c.month).aeeh_effort_step->value ==
              law::AeehStep::distinct_value);
    RC_ASSERT(row.eligible == distinct.eligible);
    RC_ASSERT(row.effort_rate == distinct.effort_rate);
    RC_ASSERT(row.cmg_remuneration == distinct.cmg_remuneration);
    RC_ASSERT(row.cmg_paid == distinct.cmg_paid);
}

RC_BOOST_PROP(hourly_euro_rounding_is_within_50_cents_of_cent_rounding, ()) {
    const Case c = *gen_hourly_case().as("case");
    const law::Entitlement cent = compute_with(cent_rounding_parameters(), c);
    const law::Entitlement euro = compute_with(euro_rounding_parameters(), c);
    classify_hourly_edges(c, cent);
    const Cents difference = euro.cmg_remuneration - cent.cmg_remuneration;
    RC_CLASSIFY(difference != Cents{0}, "the readings differ");
    RC_CLASSIFY(difference == Cents{50} || difference == Cents{-50}, "they differ by 50 cents");
    RC_ASSERT(euro_rounding_parameters().for_month(c.month).hourly_rounding->value ==
              law::HourlyRounding::euro);
    RC_ASSERT(cent_rounding_parameters().for_month(c.month).hourly_rounding->value ==
              law::HourlyRounding::cent);
    RC_ASSERT(euro.eligible == cent.eligible);
    RC_ASSERT(euro.cost_retained == cent.cost_retained);
    RC_ASSERT(euro.cmg_remuneration.value() % 100 == 0);
    RC_ASSERT(euro.cmg_paid == euro.cmg_remuneration);
    RC_ASSERT(difference >= Cents{-50});
    RC_ASSERT(difference <= Cents{50});
}

// The shipped table with `field` set to `value` in every entry of `key`: a reading given as an
// optional key of a series of amounts (the hourly cap's rule, the home carer cap's children).
std::unique_ptr<law::LegalParameters> table_with(const std::string& key, const std::string& field,
                                                 const std::string& value) {
    const std::string path = std::string(PAJESIM_SOURCE_DIR) + "/scenarios/params/cmg-2018-2026.json";
    std::ifstream file(path);
    nlohmann::json document = nlohmann::json::parse(file);
    for (nlohmann::json& entry : document.at(key)) entry[field] = value;
    return law::LegalParameters::from_json(document, path + " with " + key + " " + field + " " + value);
}

// Under the reading of L531-5 I as LFSS 2023 wrote it (the hourly cap a condition of the CMG),
// a month whose cost is above the cap gets nothing, neither part nor the complement; every
// other month is what the clipping reading gives.
RC_BOOST_PROP(hourly_cap_as_a_condition_refuses_exactly_the_months_it_clips, ()) {
    static const auto condition = table_with("hourly_cap", "rule", "condition");
    const Case c = *gen_hourly_case().as("case");
    const law::Entitlement clipped = compute_with(legal_parameters(), c);
    const law::Entitlement refused = compute_with(*condition, c);
    classify_hourly_edges(c, clipped);
    RC_CLASSIFY(clipped.eligible && clipped.hourly_cap_bound, "the cap binds");
    if (clipped.eligible && clipped.hourly_cap_bound) {
        RC_ASSERT(!refused.eligible);
        RC_ASSERT(refused.refusal == law::Refusal::hourly_cap);
        RC_ASSERT(refused.cmg_paid == Cents{0});
        RC_ASSERT(refused.transitional_paid == Cents{0});
        RC_ASSERT(refused.contributions.covered == Cents{0});
        RC_ASSERT(refused.contributions.uncovered == clipped.contributions.total);
        // A refused request reports no resources, rate or cost (docs/entitlement.md).
        RC_ASSERT(refused.resources_monthly == Cents{0});
        RC_ASSERT(refused.effort_rate == Ratio::zero());
        RC_ASSERT(refused.cost_retained == Cents{0});
        RC_ASSERT(refused.reference_cost == Cents{0});
        RC_ASSERT(refused.contributions_covered_rate == Ratio::zero());
        return;
    }
    RC_ASSERT(refused.eligible == clipped.eligible);
    RC_ASSERT(refused.cmg_paid == clipped.cmg_paid);
    RC_ASSERT(refused.cost_retained == clipped.cost_retained);
    RC_ASSERT(refused.contributions.covered == clipped.contributions.covered);
}

// Under the household reading of the home carer's contributions cap, a child of the household
// gives the under-3 cap as a child of the contract would: the covered contributions are those
// of the same contract with every child of the household added to it (an assmat's are not
// concerned), in both regimes.
RC_BOOST_PROP(household_cap_reading_is_the_cap_of_a_contract_with_every_child, ()) {
    static const auto household = table_with("home_carer_contributions_cap", "children", "household");
    Case c = *rc::gen::weightedOneOf<Case>({{1, gen_case()}, {1, gen_hourly_case()}}).as("case");
    // Three cases in four are a home carer keeping only a child aged 3 to 6 (one of the
    // household's, or one added) in a household with a younger child under 3 (added), and a
    // salary whose contributions reach past the lower cap: the case where the readings part.
    if (*rc::gen::weightedElement<bool>({{3, true}, {1, false}})) {
        c.contract.mode = law::CareMode::home_carer;
        std::optional<std::uint32_t> aged_3_to_6;
        for (std::uint32_t i = 0; i < c.household.children.size(); ++i) {
            const Date birth = c.household.children[i].birth;
            if (birth.plus_years(3) < c.month.first_day() && birth.plus_years(6) > c.month.plus_months(1).first_day()) {
                aged_3_to_6 = i;
            }
        }
        if (!aged_3_to_6) {
            aged_3_to_6 = static_cast<std::uint32_t>(c.household.children.size());
            c.household.children.push_back(law::ChildFacts{c.month.plus_months(-*rc::gen::inRange(37, 71)).first_day(), false});
        }
        c.contract.children.clear();
        c.contract.children.push_back(*aged_3_to_6);
        const int months_old = *rc::gen::inRange(1, 37);
        c.household.children.push_back(law::ChildFacts{
            c.month.plus_months(-months_old).first_day().plus_days(*rc::gen::inRange(0, 28)), false});
        c.contract.net_salary = std::max(c.contract.net_salary, Cents{*rc::gen::inRange<std::int64_t>(1'500'00, 4'000'00)});
    }
    const law::Entitlement contract_reading = compute_with(legal_parameters(), c);
    const law::Entitlement household_reading = compute_with(*household, c);
    const bool differs = household_reading.contributions.covered != contract_reading.contributions.covered;
    bool young_outside = false;
    for (std::uint32_t i = 0; i < c.household.children.size(); ++i) {
        const Date birth = c.household.children[i].birth;
        const bool in_contract =
            std::find(c.contract.children.begin(), c.contract.children.end(), i) != c.contract.children.end();
        if (!in_contract && birth < c.month.first_day() && birth.plus_years(3) > c.month.plus_months(1).first_day()) {
            young_outside = true;
        }
    }
    RC_CLASSIFY(young_outside, "a child under 3 outside the contract");
    RC_CLASSIFY(contract_reading.eligible, "eligible");
    RC_CLASSIFY(c.contract.mode == law::CareMode::home_carer, "home carer");
    RC_CLASSIFY(differs, "the readings differ");
    RC_ASSERT(household_reading.eligible == contract_reading.eligible);
    RC_ASSERT(household_reading.cmg_paid == contract_reading.cmg_paid);
    if (c.contract.mode == law::CareMode::assmat || !contract_reading.eligible) {
        RC_ASSERT(!differs);
        return;
    }
    Case extended = c;
    for (std::uint32_t i = 0; i < c.household.children.size(); ++i) {
        if (std::find(c.contract.children.begin(), c.contract.children.end(), i) == c.contract.children.end()) {
            extended.contract.children.push_back(i);
        }
    }
    const law::Entitlement with_every_child = compute_with(legal_parameters(), extended);
    RC_ASSERT(household_reading.contributions.covered == with_every_child.contributions.covered);
    RC_ASSERT(household_reading.contributions.covered >= contract_reading.contributions.covered);
}

// ---- An answer carried over to the next month (law::answer_carries_over) ----
//
// Whenever the law says a month changes nothing for a household, every amount computed again
// in that month equals the month before's, whatever the contract; under each reading of the age
// rules (the condition's end, 29 February's birthday, the full rate until August in force from
// 2017), with a complément différentiel that ends within the table, and with the April
// revaluations moved to May.

namespace {

std::unique_ptr<law::LegalParameters> table_edited(const std::string& what,
                                                   const std::function<void(nlohmann::json&)>& edit) {
    const std::string path =
        std::string(PAJESIM_SOURCE_DIR) + "/scenarios/params/cmg-2018-2026.json";
    std::ifstream file(path);
    nlohmann::json document = nlohmann::json::parse(file);
    edit(document);
    return law::LegalParameters::from_json(document, path + " with " + what);
}

struct ReadTable {
    std::string name;
    std::unique_ptr<law::LegalParameters> table;
};

const std::vector<ReadTable>& carry_tables() {
    static const std::vector<ReadTable> tables = [] {
        const auto rule = [](const std::string& key, const std::string& field, const std::string& value) {
            return [key, field, value](nlohmann::json& document) {
                for (nlohmann::json& entry : document.at(key)) entry[field] = value;
            };
        };
        std::vector<ReadTable> result;
        result.push_back({"the shipped table", table_edited("nothing", [](nlohmann::json&) {})});
        result.push_back({"condition_end month_lost",
                          table_edited("month_lost", rule("condition_end", "rule", "month_lost"))});
        result.push_back({"condition_end age_on_the_1st",
                          table_edited("age_on_the_1st", rule("condition_end", "rule", "age_on_the_1st"))});
        result.push_back({"29 February read as 28 February",
                          table_edited("february_28", rule("birthday_of_29_february", "reading", "february_28"))});
        result.push_back({"the full rate until August from 2017", table_edited("full rate", [](nlohmann::json& d) {
                              d["full_rate_until_august"] = nlohmann::json::parse(
                                  R"([{"from": "2017-01-01", "enabled": true, "contributions_cap": false,
                                       "source": "a reading under test"}])");
                          })});
        // Paid from September 2025 to January 2026: its end falls between two months of the
        // same parameters (December and January both change some).
        result.push_back({"a complément différentiel of 5 months", table_edited("5 months", [](nlohmann::json& d) {
                              for (nlohmann::json& entry : d.at("transitional_complement")) {
                                  entry["duration_months"] = 5;
                              }
                          })});
        // Every value of 1 April moved to 1 May: the shipped table revalues in April, so its
        // March and April never hold the same values, and a birthday of 29 February read on
        // 1 March would never be tested between them.
        result.push_back({"the revaluations of April in May", table_edited("April in May", [](nlohmann::json& d) {
                              for (auto& [key, series] : d.items()) {
                                  if (!series.is_array()) continue;
                                  for (nlohmann::json& entry : series) {
                                      if (!entry.is_object() || !entry.contains("from")) continue;
                                      std::string& from = entry["from"].get_ref<std::string&>();
                                      if (from.size() == 10 && from.compare(4, 6, "-04-01") == 0) from.replace(5, 2, "05");
                                  }
                              }
                          })});
        return result;
    }();
    return tables;
}

// Where the law turns between two months, each drawn on purpose (a random pair of months seldom
// meets them): a birthday or a birth in either month, 29 February's birthday in March, the end
// of the full rate kept until August, the complement's last month; or anything at all.
enum class Turn { anything, birthday, leap_day, full_rate, complement_end };

// The month after which a household's answer may be carried: either regime, weighted to the
// months where the law turns (January, March and April after 29 February, September).
YearMonth draw_carry_month(bool hourly) {
    const int first_year = hourly ? 2025 : 2018;
    const int years = hourly ? 2 : 4;
    const int year = first_year + *rc::gen::inRange(0, years);
    const unsigned month = *rc::gen::weightedOneOf<unsigned>(
        {{1, rc::gen::elementOf(std::vector<unsigned>{1, 2, 3, 4, 8, 9, 12})}, {1, rc::gen::inRange(1u, 13u)}});
    YearMonth after = YearMonth::from_civil(year, month);
    if (hourly && after <= hourly_first_month) after = hourly_first_month.plus_months(1);
    if (!hourly && after <= first_month) after = first_month.plus_months(1);
    if (hourly && after > hourly_last_month) after = hourly_last_month;
    if (!hourly && after > last_month) after = last_month;
    return after;
}

// A child with a birthday (3, 6, 12 or 20 years) in the month before either month, in either or
// in the one after, on the 1st, the 2nd or near the month's end; or born in either month.
Date draw_turning_birth(YearMonth after) {
    const unsigned day = *rc::gen::elementOf(std::vector<unsigned>{1, 2, 15, 28, 29, 30, 31});
    if (*rc::gen::weightedElement<bool>({{1, true}, {3, false}})) {
        return after.plus_months(*rc::gen::inRange(-1, 1)).day_clamped(day);
    }
    const int years = *rc::gen::elementOf(std::vector<int>{3, 6, 12, 20});
    return after.plus_months(*rc::gen::inRange(-2, 2) - 12 * years).day_clamped(day);
}

// A child born on 29 February whose 3rd, 6th, 12th or 20th birthday falls in `year` (a common
// year when one fits), or of a fixed leap year.
Date draw_leap_day_birth(int year) {
    std::vector<int> years;
    for (const int age : {3, 6, 12, 20}) {
        if (std::chrono::year{year - age}.is_leap()) years.push_back(age);
    }
    if (years.empty()) return Date::from_civil(2016, 2, 29);
    return Date::from_civil(year - *rc::gen::elementOf(years), 2, 29);
}

bool same_amounts(const law::Entitlement& left, const law::Entitlement& right) {
    return same_result(left, right) && left.regime == right.regime &&
           left.salary_cap_bound == right.salary_cap_bound && left.resources_monthly == right.resources_monthly &&
           left.effort_rate == right.effort_rate && left.cost_retained == right.cost_retained &&
           left.reference_cost == right.reference_cost && left.transitional_paid == right.transitional_paid &&
           left.hourly_cap_bound == right.hourly_cap_bound;
}

}  // namespace

RC_BOOST_PROP(an_answer_carried_over_is_the_answer_computed_again, ()) {
    const Turn turn = *rc::gen::element(Turn::anything, Turn::birthday, Turn::leap_day, Turn::full_rate,
                                        Turn::complement_end);
    std::size_t which = *rc::gen::inRange<std::size_t>(0, carry_tables().size()).as("table");
    if (turn == Turn::full_rate && which == 5) which = 4;
    if (turn == Turn::complement_end) which = 5;  // the complement of 5 months
    if (turn == Turn::leap_day && *rc::gen::weightedElement<bool>({{3, true}, {1, false}})) which = 6;
    const ReadTable& read = carry_tables()[which];
    const bool hourly = turn == Turn::complement_end || (turn != Turn::full_rate && *rc::gen::arbitrary<bool>());
    Case c = hourly ? *gen_hourly_case().as("facts") : *gen_case().as("facts");
    YearMonth after = draw_carry_month(hourly);
    if (turn == Turn::leap_day) {
        // Years in which a child born on 29 February turns 3 or 6 (brackets), 6 or 12 (hourly)
        // in a common year: its birthday read in March or February.
        const int year = hourly ? 2026 : *rc::gen::element(2018, 2019);
        after = YearMonth::from_civil(year, *rc::gen::weightedElement<unsigned>({{1, 3u}, {3, 4u}}));
    }
    if (turn == Turn::full_rate) after = YearMonth::from_civil(*rc::gen::inRange(2018, 2022), 9);
    if (turn == Turn::complement_end) after = YearMonth::from_civil(2026, 2);
    const YearMonth before = after.plus_months(-1);
    // A birth moved out of the months where `turn` happens, so that only the turn drawn is there.
    const auto away_from = [](Date birth, unsigned first, unsigned last) {
        const auto month = static_cast<unsigned>(birth.civil().month());
        return month >= first && month <= last ? birth.plus_days(-(static_cast<std::int32_t>(month - first) + 1) * 31)
                                               : birth;
    };
    for (std::size_t i = 0; i < c.household.children.size(); ++i) {
        law::ChildFacts& child = c.household.children[i];
        switch (turn) {
            case Turn::anything:
                if (*rc::gen::arbitrary<bool>()) child.birth = after.first_day().plus_days(-*rc::gen::inRange(1, 21 * 366));
                break;
            case Turn::birthday: child.birth = draw_turning_birth(after); break;
            case Turn::leap_day:
                // The first child, in the contract; the others away from February to April.
                child.birth = i == 0 ? draw_leap_day_birth(after.year()) : away_from(child.birth, 2, 4);
                break;
            case Turn::full_rate: {
                // A 3rd birthday from January to July: the full rate kept until August, then not.
                const auto month = *rc::gen::inRange(1u, 8u);
                const unsigned day = *rc::gen::elementOf(std::vector<unsigned>{1, 2, 15, 31});
                child.birth = YearMonth::from_civil(after.year() - 3, month).day_clamped(day);
                break;
            }
            case Turn::complement_end:
                // Under 6 on the regime's first day (1 September 2025): the complement is paid;
                // away from January and February.
                child.birth = away_from(Date::from_civil(2025, 9, 1).plus_days(-*rc::gen::inRange(1, 6 * 365)), 1, 2);
                break;
        }
    }
    if (turn == Turn::leap_day && std::find(c.contract.children.begin(), c.contract.children.end(), 0u) ==
                                      c.contract.children.end()) {
        c.contract.children = {0u};
    }
    RC_LOG() << "table: " << read.name << "; months " << before << " and " << after << "; " << c << "\n";
    std::optional<law::TransitionalFacts> complement;
    if (hourly && (turn == Turn::complement_end || *rc::gen::arbitrary<bool>())) {
        complement.emplace();
        complement->new_average = Cents{*rc::gen::inRange<std::int64_t>(0, 60'000)};
        complement->old_average = complement->new_average + Cents{*rc::gen::inRange<std::int64_t>(1, 30'000)};
        complement->resources_within_ceiling = true;
    }
    const law::MonthParameters& p_before = read.table->for_month(before);
    const law::MonthParameters& p_after = read.table->for_month(after);
    const bool carries = law::answer_carries_over(c.household, p_before, p_after);
    const auto at = [&](const law::MonthParameters& p) {
        return law::compute_entitlement(c.household, c.contract, p, nullptr, law::Detail::amounts_only,
                                        complement ? &*complement : nullptr);
    };
    const law::Entitlement first = at(p_before);
    const law::Entitlement second = at(p_after);
    RC_CLASSIFY(carries, "carried over");
    const bool change = !same_amounts(first, second);
    RC_CLASSIFY(change, "the amounts change");
    RC_CLASSIFY(change && turn == Turn::leap_day, "they change after 29 February");
    RC_CLASSIFY(change && turn == Turn::full_rate, "they change at the full rate's end");
    RC_CLASSIFY(change && turn == Turn::complement_end, "they change at the complement's end");
    RC_CLASSIFY(change && turn == Turn::birthday, "they change at a birth or birthday");
    RC_CLASSIFY(carries && first.eligible, "carried over, eligible");
    RC_CLASSIFY(carries && first.transitional_paid > Cents{0}, "carried over with a complement");
    if (carries) RC_ASSERT(same_amounts(first, second));
}
