// The CMG oracle against domain.md sections 3 and 5. Every expected value is computed by hand
// in the comment next to it, from the tables of domain.md: never copied from the program.
//
// Reminders used throughout (domain.md section 3):
//   BMAF   2017-04 407.84 | 2018-04 411.92 | 2019-04 413.16 | 2020-04 414.40 | 2021-04 414.81
//   rates  bracket 1 114.04 %, bracket 2 71.91 %, bracket 3 43.14 %; x 0.5 aged 3 to 6
//   SMIC   2018 9.88 | 2019 10.03 | 2020 10.15 | 2021-01 10.25 | 2021-10 10.48 (cap = 5 x SMIC)
//   gross = net / 0.7801; employer = 41 % of gross; CRDS 0.5 %; every step rounded half-up.

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/kernel/json_input.hpp"
#include "sim/law/cmg.hpp"
#include "sim/law/parameters.hpp"

namespace pajesim::law {
// Lets BOOST_TEST print an age band when a comparison fails.
std::ostream& operator<<(std::ostream& out, AgeBand band) { return out << to_string(band); }
std::ostream& operator<<(std::ostream& out, Refusal refusal) {
    return out << "refusal " << static_cast<int>(refusal);
}
}  // namespace pajesim::law

namespace {

namespace law = pajesim::law;
using pajesim::Cents;
using pajesim::Date;
using pajesim::Ratio;
using pajesim::YearMonth;

std::string parameters_path() {
    return std::string(PAJESIM_SOURCE_DIR) + "/scenarios/params/cmg-2018-2026.json";
}

const law::LegalParameters& legal_parameters() {
    static const auto parameters = law::LegalParameters::load_file(parameters_path());
    return *parameters;
}

const law::MonthParameters& month_parameters(int year, unsigned month) {
    return legal_parameters().for_month(YearMonth::from_civil(year, month));
}

Cents euros(const std::string& text) {
    const auto amount = Cents::parse(text);
    BOOST_REQUIRE(amount.has_value());
    return *amount;
}

Date day(int year, unsigned month, unsigned day_of_month) {
    return Date::from_civil(year, month, day_of_month);
}

law::HouseholdFacts household(const std::string& resources, const std::vector<Date>& births,
                              bool single_parent = false) {
    law::HouseholdFacts facts;
    facts.single_parent = single_parent;
    facts.resources_n2 = euros(resources);
    for (const Date birth : births) facts.children.push_back(law::ChildFacts{birth, false});
    return facts;
}

law::ContractFacts assmat(std::vector<std::uint32_t> children, const std::string& net_salary,
                          int days, const std::string& maintenance = "0") {
    law::ContractFacts contract;
    contract.mode = law::CareMode::assmat;
    contract.children = std::move(children);
    contract.net_salary = euros(net_salary);
    contract.maintenance = euros(maintenance);
    contract.days_worked = days;
    return contract;
}

law::ContractFacts home_carer(std::vector<std::uint32_t> children, const std::string& net_salary) {
    law::ContractFacts contract;
    contract.mode = law::CareMode::home_carer;
    contract.children = std::move(children);
    contract.net_salary = euros(net_salary);
    return contract;
}

law::Entitlement compute(int year, unsigned month, const law::HouseholdFacts& facts,
                         const law::ContractFacts& contract) {
    return law::compute_entitlement(facts, contract, month_parameters(year, month));
}

law::AgeBand band_of(Date birth, int year, unsigned month) {
    return law::age_band(law::ChildFacts{birth, false}, month_parameters(year, month));
}

// Checks the remuneration part of an eligible result: maximum, after the 85 % cap, CRDS, paid.
void check_amounts(const law::Entitlement& result, const std::string& maximum,
                   const std::string& remuneration, const std::string& crds,
                   const std::string& paid) {
    BOOST_TEST(result.eligible);
    BOOST_TEST(result.cmg_max == euros(maximum));
    BOOST_TEST(result.cmg_remuneration == euros(remuneration));
    BOOST_TEST(result.crds == euros(crds));
    BOOST_TEST(result.cmg_paid == euros(paid));
}

// Nothing paid, neither part (domain.md section 3, assmat daily cap; section 5).
void check_nothing_paid(const law::Entitlement& result, law::Refusal refusal) {
    BOOST_TEST(!result.eligible);
    BOOST_TEST(result.refusal == refusal);
    BOOST_TEST(result.cmg_max == Cents{0});
    BOOST_TEST(result.cmg_remuneration == Cents{0});
    BOOST_TEST(result.crds == Cents{0});
    BOOST_TEST(result.cmg_paid == Cents{0});
    BOOST_TEST(result.contributions_covered_rate == Ratio::zero());
    BOOST_TEST(result.contributions.covered == Cents{0});
    BOOST_TEST(result.contributions.uncovered == result.contributions.total);
    BOOST_TEST(!result.reason.empty());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(worked_checks)

BOOST_AUTO_TEST_CASE(couple_bracket_2_assmat_600_in_2019_06) {
    // Couple, 1 child aged 1, resources 30 000: 20 755 < 30 000 <= 46 123 (2019) -> bracket 2.
    const auto facts = household("30000", {day(2018, 5, 10)});
    // Daily cap: 600 / 0.7801 / 20 days / 1 child = 38.46 <= 5 x 10.03 = 50.15.
    const auto result = compute(2019, 6, facts, assmat({0}, "600", 20));
    BOOST_TEST(result.bracket.value_or(0) == 2);
    // 413.16 x 71.91 % = 297.103356 -> 297.10; 85 % x 600 = 510.00 does not bind;
    // CRDS 297.10 x 0.5 % = 1.4855 -> 1.49; paid 297.10 - 1.49 = 295.61.
    check_amounts(result, "297.10", "297.10", "1.49", "295.61");
    BOOST_TEST(result.reason.empty());
    BOOST_TEST(result.contributions_covered_rate == Ratio::one());
}

BOOST_AUTO_TEST_CASE(bracket_3_four_year_old_paid_88_67) {
    // Resources 60 000 > 46 123 (2019, 1 child) -> bracket 3; child born 2015-03-10 is 4.
    const auto facts = household("60000", {day(2015, 3, 10)});
    const auto result = compute(2019, 6, facts, assmat({0}, "600", 20));
    BOOST_TEST(result.bracket.value_or(0) == 3);
    // 413.16 x 43.14 % = 178.237224 -> 178.24; x 0.5 = 89.12;
    // CRDS 89.12 x 0.5 % = 0.4456 -> 0.45; paid 89.12 - 0.45 = 88.67.
    check_amounts(result, "89.12", "89.12", "0.45", "88.67");
}

BOOST_AUTO_TEST_CASE(press_figure_468_for_bracket_1_in_2019) {
    // 413.16 x 114.04 % = 471.167664 -> 471.17; CRDS 2.35585 -> 2.36; paid 468.81 ("up to 468").
    const auto facts = household("15000", {day(2018, 5, 10)});
    const auto result = compute(2019, 6, facts, assmat({0}, "700", 20));
    check_amounts(result, "471.17", "471.17", "2.36", "468.81");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(resource_brackets)

struct CeilingCase {
    int year;
    int children;
    bool single_parent;
    const char* ceiling_1;  // P1 (x 1.4 for a single parent)
    const char* ceiling_2;  // P2 (x 1.4 for a single parent)
};

// ceiling(n) = one_child if n = 1, else two_children + (n - 2) x per_extra_child.
const CeilingCase ceiling_cases[] = {
    // 2018: P1 20 550 / 23 467 / +2 917; P2 45 666 / 52 148 / +6 482.
    {2018, 1, false, "20550", "45666"},
    {2018, 2, false, "23467", "52148"},
    {2018, 3, false, "26384", "58630"},     // 23 467 + 2 917; 52 148 + 6 482
    {2018, 4, false, "29301", "65112"},     // 23 467 + 2 x 2 917; 52 148 + 2 x 6 482
    {2018, 1, true, "28770", "63932.40"},   // 20 550 x 1.4; 45 666 x 1.4
    {2018, 2, true, "32853.80", "73007.20"},  // 23 467 x 1.4; 52 148 x 1.4
    {2018, 3, true, "36937.60", "82082"},   // 26 384 x 1.4; 58 630 x 1.4
    {2018, 4, true, "41021.40", "91156.80"},  // 29 301 x 1.4; 65 112 x 1.4
    // 2021: P1 21 277 / 24 297 / +3 020; P2 47 283 / 53 995 / +6 712.
    {2021, 1, false, "21277", "47283"},
    {2021, 2, false, "24297", "53995"},
    {2021, 3, false, "27317", "60707"},     // 24 297 + 3 020; 53 995 + 6 712
    {2021, 4, false, "30337", "67419"},     // 24 297 + 2 x 3 020; 53 995 + 2 x 6 712
    {2021, 1, true, "29787.80", "66196.20"},  // 21 277 x 1.4; 47 283 x 1.4
    {2021, 2, true, "34015.80", "75593"},   // 24 297 x 1.4; 53 995 x 1.4
    {2021, 3, true, "38243.80", "84989.80"},  // 27 317 x 1.4; 60 707 x 1.4
    {2021, 4, true, "42471.80", "94386.60"},  // 30 337 x 1.4; 67 419 x 1.4
};

BOOST_AUTO_TEST_CASE(at_a_ceiling_lower_bracket_one_euro_above_next) {
    for (const CeilingCase& c : ceiling_cases) {
        for (const unsigned month : {1u, 12u}) {
            BOOST_TEST_CONTEXT("year " << c.year << "-" << month << ", " << c.children
                                       << " children, single parent " << c.single_parent) {
                const auto& p = month_parameters(c.year, month);
                const Cents p1 = euros(c.ceiling_1);
                const Cents p2 = euros(c.ceiling_2);
                const Cents one_euro = Cents::from_euros(1);
                // D531-18: "inférieur ou égal" -> at the ceiling, the lower bracket.
                BOOST_TEST(law::resource_bracket(Cents{0}, c.children, c.single_parent, p) == 1);
                BOOST_TEST(law::resource_bracket(p1, c.children, c.single_parent, p) == 1);
                BOOST_TEST(law::resource_bracket(p1 + Cents{1}, c.children, c.single_parent, p) ==
                           2);
                BOOST_TEST(law::resource_bracket(p1 + one_euro, c.children, c.single_parent, p) ==
                           2);
                BOOST_TEST(law::resource_bracket(p2, c.children, c.single_parent, p) == 2);
                BOOST_TEST(law::resource_bracket(p2 + Cents{1}, c.children, c.single_parent, p) ==
                           3);
                BOOST_TEST(law::resource_bracket(p2 + one_euro, c.children, c.single_parent, p) ==
                           3);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(single_parent_four_children_at_ceiling_end_to_end) {
    // 2021-06, single parent, 4 children born before June: P1 = 30 337 x 1.4 = 42 471.80.
    const std::vector<Date> births{day(2012, 1, 5), day(2014, 2, 6), day(2016, 3, 7),
                                   day(2020, 4, 8)};
    const auto at_ceiling = household("42471.80", births, true);
    const auto above = household("42472.80", births, true);
    // Bracket 1: 414.81 x 114.04 % = 473.049324 -> 473.05; single parent x 1.3 = 614.965
    // -> 614.97; 85 % x 800 = 680.00 does not bind; CRDS 3.07485 -> 3.07; paid 611.90.
    // Daily cap: 800 / 0.7801 / 22 days = 46.61 <= 5 x 10.25 = 51.25.
    const auto result_1 = compute(2021, 6, at_ceiling, assmat({3}, "800", 22));
    BOOST_TEST(result_1.bracket.value_or(0) == 1);
    check_amounts(result_1, "614.97", "614.97", "3.07", "611.90");
    // Bracket 2: 414.81 x 71.91 % = 298.289871 -> 298.29; x 1.3 = 387.777 -> 387.78;
    // CRDS 1.9389 -> 1.94; paid 385.84.
    const auto result_2 = compute(2021, 6, above, assmat({3}, "800", 22));
    BOOST_TEST(result_2.bracket.value_or(0) == 2);
    check_amounts(result_2, "387.78", "387.78", "1.94", "385.84");
}

BOOST_AUTO_TEST_CASE(every_child_born_before_the_month_counts_for_the_ceilings) {
    // 2019: 3 children -> P1 = 23 701 + 2 946 = 26 647. The eldest is 8 (no CMG for her) but
    // is a dependent child: resources 26 647 are bracket 1 with 3 children, 2 with 2.
    const auto facts = household("26647", {day(2011, 1, 1), day(2016, 1, 1), day(2018, 1, 1)});
    BOOST_TEST(law::dependent_children(facts, YearMonth::from_civil(2019, 6)) == 3);
    const auto result = compute(2019, 6, facts, assmat({2}, "600", 20));
    BOOST_TEST(result.bracket.value_or(0) == 1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(age_bands)

struct AgeCase {
    Date birth;
    int year;
    unsigned month;
    law::AgeBand expected;
};

void check_age_cases(const std::vector<AgeCase>& cases) {
    for (const AgeCase& c : cases) {
        BOOST_TEST_CONTEXT("born " << c.birth << ", care month " << c.year << "-" << c.month) {
            BOOST_TEST(band_of(c.birth, c.year, c.month) == c.expected);
        }
    }
}

using law::AgeBand;

BOOST_AUTO_TEST_CASE(third_birthday_on_the_first_fifteenth_and_last_day) {
    // R552-3 II 1° (domain.md section 5, condition_end "month_kept"): the CMG keeps the
    // previous situation for the whole month in which a condition ends, so a child turning 3
    // in M keeps the full rate for M, whatever the day, and is half rate from M+1. (The old
    // reading, R552-3 I, made M itself half rate.) Before 2019-11 there is no August rule.
    check_age_cases({
        {day(2016, 6, 1), 2019, 5, AgeBand::full_rate},   // turns 3 on 2019-06-01
        {day(2016, 6, 1), 2019, 6, AgeBand::full_rate},   // birthday month kept (was half)
        {day(2016, 6, 1), 2019, 7, AgeBand::half_rate},   // M+1
        {day(2016, 6, 15), 2019, 5, AgeBand::full_rate},
        {day(2016, 6, 15), 2019, 6, AgeBand::full_rate},  // birthday month kept (was half)
        {day(2016, 6, 15), 2019, 7, AgeBand::half_rate},
        {day(2016, 6, 30), 2019, 5, AgeBand::full_rate},
        {day(2016, 6, 30), 2019, 6, AgeBand::full_rate},  // turns 3 on the last day: kept (was half)
        {day(2016, 6, 30), 2019, 7, AgeBand::half_rate},
        {day(2015, 10, 31), 2018, 9, AgeBand::full_rate},
        {day(2015, 10, 31), 2018, 10, AgeBand::full_rate},  // 3 on 2018-10-31: kept (was half)
        {day(2015, 10, 31), 2018, 11, AgeBand::half_rate},
    });
}

BOOST_AUTO_TEST_CASE(sixth_birthday_on_the_first_fifteenth_and_last_day) {
    // R552-3 II 1°: a child turning 6 in M is still paid (half rate) for M, nothing from M+1.
    check_age_cases({
        {day(2013, 6, 1), 2019, 5, AgeBand::half_rate},  // turns 6 on 2019-06-01
        {day(2013, 6, 1), 2019, 6, AgeBand::half_rate},  // birthday month still paid (was too old)
        {day(2013, 6, 1), 2019, 7, AgeBand::too_old},    // M+1
        {day(2013, 6, 15), 2019, 5, AgeBand::half_rate},
        {day(2013, 6, 15), 2019, 6, AgeBand::half_rate},  // still paid (was too old)
        {day(2013, 6, 15), 2019, 7, AgeBand::too_old},
        {day(2013, 6, 30), 2019, 5, AgeBand::half_rate},
        {day(2013, 6, 30), 2019, 6, AgeBand::half_rate},  // turns 6 on the last day: still paid
        {day(2013, 6, 30), 2019, 7, AgeBand::too_old},
        {day(2015, 12, 31), 2021, 11, AgeBand::half_rate},
        {day(2015, 12, 31), 2021, 12, AgeBand::half_rate},  // 6 on 2021-12-31: still paid
        {day(2015, 12, 31), 2022, 1, AgeBand::too_old},     // M+1, across the year end
    });
}

BOOST_AUTO_TEST_CASE(birth_during_the_month_counts_from_the_next) {
    check_age_cases({
        {day(2019, 6, 1), 2019, 6, AgeBand::not_yet_counted},
        {day(2019, 6, 15), 2019, 6, AgeBand::not_yet_counted},
        {day(2019, 6, 30), 2019, 6, AgeBand::not_yet_counted},
        {day(2019, 6, 30), 2019, 7, AgeBand::full_rate},
        {day(2019, 5, 31), 2019, 5, AgeBand::not_yet_counted},
        {day(2019, 5, 31), 2019, 6, AgeBand::full_rate},
        {day(2019, 8, 1), 2019, 6, AgeBand::not_yet_counted},  // not born yet
    });
}

BOOST_AUTO_TEST_CASE(newborn_counts_for_the_ceilings_from_the_next_month) {
    // 2019: 1 child P1 = 20 755, 2 children P1 = 23 701; resources 22 000 lie between.
    const auto facts = household("22000", {day(2018, 1, 10), day(2019, 6, 15)});
    BOOST_TEST(law::dependent_children(facts, YearMonth::from_civil(2019, 6)) == 1);
    BOOST_TEST(law::dependent_children(facts, YearMonth::from_civil(2019, 7)) == 2);
    // June: 1 dependent child, 22 000 > 20 755 -> bracket 2: 413.16 x 71.91 % -> 297.10.
    const auto june = compute(2019, 6, facts, assmat({0}, "600", 20));
    BOOST_TEST(june.bracket.value_or(0) == 2);
    check_amounts(june, "297.10", "297.10", "1.49", "295.61");
    // July: 2 dependent children, 22 000 <= 23 701 -> bracket 1: 413.16 x 114.04 % -> 471.17;
    // 85 % x 600 = 510.00 does not bind; CRDS 2.35585 -> 2.36; paid 468.81.
    const auto july = compute(2019, 7, facts, assmat({0}, "600", 20));
    BOOST_TEST(july.bracket.value_or(0) == 1);
    check_amounts(july, "471.17", "471.17", "2.36", "468.81");
    // The newborn's own contract: nothing in June, bracket 1 full rate in July.
    check_nothing_paid(compute(2019, 6, facts, assmat({1}, "600", 20)),
                       law::Refusal::no_child_under_6);
    check_amounts(compute(2019, 7, facts, assmat({1}, "600", 20)), "471.17", "471.17", "2.36",
                  "468.81");
}

BOOST_AUTO_TEST_CASE(born_on_29_february) {
    // Date::plus_years: in a common year, the anniversary of 29 February is passed on 1 March.
    check_age_cases({
        // So the birthday month is March, which is kept (R552-3 II 1°), and February is not
        // the birthday month.
        {day(2016, 2, 29), 2019, 2, AgeBand::full_rate},   // 3 on 2019-03-01
        {day(2016, 2, 29), 2019, 3, AgeBand::full_rate},   // birthday month kept (was half)
        {day(2016, 2, 29), 2019, 4, AgeBand::half_rate},   // before 2019-11: no August rule
        {day(2012, 2, 29), 2018, 2, AgeBand::half_rate},   // 6 on 2018-03-01
        {day(2012, 2, 29), 2018, 3, AgeBand::half_rate},   // still paid (was too old)
        {day(2012, 2, 29), 2018, 4, AgeBand::too_old},
        // 3 on 2023-03-01 (2023 is a common year): March kept, then the August rule (in force
        // from 2019-11, birthday between 1 January and 31 August) keeps it full until August.
        {day(2020, 2, 29), 2023, 2, AgeBand::full_rate},
        {day(2020, 2, 29), 2023, 3, AgeBand::full_rate},
        {day(2020, 2, 29), 2023, 8, AgeBand::full_rate},
        {day(2020, 2, 29), 2023, 9, AgeBand::half_rate},
        {day(2020, 2, 29), 2020, 2, AgeBand::not_yet_counted},  // born on February's last day
        {day(2020, 2, 29), 2020, 3, AgeBand::full_rate},
    });
}

BOOST_AUTO_TEST_CASE(full_rate_until_31_august_from_2019_11) {
    check_age_cases({
        // Turns 3 on 2020-03-15: full up to and including August, half from September.
        {day(2017, 3, 15), 2020, 2, AgeBand::full_rate},
        {day(2017, 3, 15), 2020, 3, AgeBand::full_rate},  // the birthday month itself
        {day(2017, 3, 15), 2020, 8, AgeBand::full_rate},
        {day(2017, 3, 15), 2020, 9, AgeBand::half_rate},
        // Turns 3 on 1 January and on 31 August: both inside the window.
        {day(2017, 1, 1), 2020, 1, AgeBand::full_rate},
        {day(2017, 1, 1), 2020, 8, AgeBand::full_rate},
        {day(2017, 1, 1), 2020, 9, AgeBand::half_rate},
        {day(2017, 8, 31), 2020, 8, AgeBand::full_rate},
        {day(2017, 8, 31), 2020, 9, AgeBand::half_rate},
        {day(2018, 6, 30), 2021, 8, AgeBand::full_rate},
        {day(2018, 6, 30), 2021, 9, AgeBand::half_rate},
        // Turns 3 in September to December: no extension, but the birthday month itself is
        // kept (R552-3 II 1°), half rate from the next month.
        {day(2017, 9, 1), 2020, 8, AgeBand::full_rate},
        {day(2017, 9, 1), 2020, 9, AgeBand::full_rate},     // birthday month kept (was half)
        {day(2017, 9, 1), 2020, 10, AgeBand::half_rate},
        {day(2017, 12, 31), 2020, 12, AgeBand::full_rate},  // birthday month kept (was half)
        {day(2017, 12, 31), 2021, 1, AgeBand::half_rate},
        {day(2016, 11, 10), 2019, 11, AgeBand::full_rate},  // rule in force, but November: kept
        {day(2016, 11, 10), 2019, 12, AgeBand::half_rate},  // ... only for the birthday month
        // 3 on 2019-10-15, the month before the rule: October kept; November half (the rule is
        // in force, but the birthday is after 31 August).
        {day(2016, 10, 15), 2019, 10, AgeBand::full_rate},
        {day(2016, 10, 15), 2019, 11, AgeBand::half_rate},
        // Before the rule (care before 2019-11-01): full in the birthday month, half from the
        // next one (was half from the birthday month).
        {day(2016, 3, 15), 2019, 3, AgeBand::full_rate},
        {day(2016, 3, 15), 2019, 4, AgeBand::half_rate},
        {day(2016, 3, 15), 2019, 8, AgeBand::half_rate},
    });
}

BOOST_AUTO_TEST_CASE(full_rate_until_august_start_date_is_a_parameter) {
    // domain.md section 5: "start date uncertain - keep it a parameter". Move it to 2019-04-01.
    std::ifstream in(parameters_path());
    nlohmann::json document = nlohmann::json::parse(in);
    document["full_rate_until_august"][1]["from"] = "2019-04-01";
    const auto moved = law::LegalParameters::from_json(document, "moved.json");
    const law::ChildFacts child{day(2016, 3, 15), false};  // turns 3 on 2019-03-15
    const auto band = [&](unsigned month) {
        return law::age_band(child, moved->for_month(YearMonth::from_civil(2019, month)));
    };
    // March is the birthday month, full under R552-3 II 1° with or without the rule.
    BOOST_TEST(band(3) == AgeBand::full_rate);
    BOOST_TEST(band(4) == AgeBand::full_rate);  // month of the rule: full by the rule only
    BOOST_TEST(band(8) == AgeBand::full_rate);
    BOOST_TEST(band(9) == AgeBand::half_rate);
    // With the shipped start date (2019-11-01), April 2019 is half rate: the date decides.
    BOOST_TEST(band_of(child.birth, 2019, 4) == AgeBand::half_rate);
    BOOST_TEST(band_of(child.birth, 2019, 8) == AgeBand::half_rate);
}

BOOST_AUTO_TEST_CASE(full_rate_until_august_sets_the_amount) {
    // 2020-05, bracket 2, turned 3 on 2020-03-15: 414.40 x 71.91 % = 297.99504 -> 298.00,
    // not halved; CRDS 1.49 -> paid 296.51. In September: 298.00 x 0.5 = 149.00; CRDS 0.745
    // -> 0.75; paid 148.25.
    const auto facts = household("30000", {day(2017, 3, 15)});
    check_amounts(compute(2020, 5, facts, assmat({0}, "600", 20)), "298.00", "298.00", "1.49",
                  "296.51");
    check_amounts(compute(2020, 9, facts, assmat({0}, "600", 20)), "149.00", "149.00", "0.75",
                  "148.25");
}

BOOST_AUTO_TEST_CASE(full_rate_until_august_and_a_home_carer_s_contributions_cap_is_a_reading) {
    // Turned 3 on 2020-02-15; a home carer paid 1 500.00 net: contributions gross 1500 /
    // 0.7801 = 1922.83, half of them is well above both 2020 caps (459 under 3, 230 from 3 to
    // 6), so the cap decides what is covered. June 2020 has the full rate kept until August:
    // the shipped reading keeps the under-3 cap (459.00); contributions_cap false follows the
    // age alone (230.00). September is past August: 230.00 under both. The remuneration part
    // is the full rate in June either way.
    const auto facts = household("30000", {day(2017, 2, 15)});
    const law::ContractFacts contract = home_carer({0}, "1500");
    std::ifstream in(parameters_path());
    nlohmann::json document = nlohmann::json::parse(in);
    document["full_rate_until_august"][1]["contributions_cap"] = false;
    const auto by_age = law::LegalParameters::from_json(document, "by-age.json");
    const auto covered = [&](const law::MonthParameters& p) {
        return law::compute_entitlement(facts, contract, p).contributions.covered;
    };
    BOOST_TEST(covered(month_parameters(2020, 6)) == euros("459"));
    BOOST_TEST(covered(by_age->for_month(YearMonth::from_civil(2020, 6))) == euros("230"));
    BOOST_TEST(covered(month_parameters(2020, 9)) == euros("230"));
    BOOST_TEST(covered(by_age->for_month(YearMonth::from_civil(2020, 9))) == euros("230"));
    // February, the birthday month, is under 3 by age (R552-3 II 1°): 459.00 under both.
    BOOST_TEST(covered(by_age->for_month(YearMonth::from_civil(2020, 2))) == euros("459"));
    BOOST_TEST(law::compute_entitlement(facts, contract, by_age->for_month(YearMonth::from_civil(2020, 6))).cmg_max ==
               law::compute_entitlement(facts, contract, month_parameters(2020, 6)).cmg_max);
}

BOOST_AUTO_TEST_CASE(sixth_birthday_month_is_paid_at_half_rate) {
    // Turns 6 on 2019-06-15; couple, resources 30 000, 1 dependent child: 20 755 < 30 000 <=
    // 46 123 -> bracket 2. R552-3 II 1°: June is still paid, at the 3-to-6 rate:
    // 413.16 x 71.91 % = 297.103356 -> 297.10; x 0.5 = 148.55; 85 % x 600 = 510.00 does not
    // bind; CRDS 148.55 x 0.5 % = 0.74275 -> 0.74; paid 147.81. Daily cap: 600 / 0.7801 / 20
    // = 38.46 <= 50.15. July: too old, nothing, neither part.
    const auto facts = household("30000", {day(2013, 6, 15)});
    check_amounts(compute(2019, 6, facts, assmat({0}, "600", 20)), "148.55", "148.55", "0.74",
                  "147.81");
    check_nothing_paid(compute(2019, 7, facts, assmat({0}, "600", 20)),
                       law::Refusal::no_child_under_6);
    // Home carer, same child: half rate in June (148.55) and the 3-to-6 contributions cap of
    // 2019 (226.00 < 50 % x 1 211.19 = 605.60, see home_carer_contributions_cap_changes...).
    const auto june = compute(2019, 6, facts, home_carer({0}, "1500"));
    check_amounts(june, "148.55", "148.55", "0.74", "147.81");
    BOOST_TEST(june.contributions.covered == euros("226"));
    check_nothing_paid(compute(2019, 7, facts, home_carer({0}, "1500")),
                       law::Refusal::no_child_under_6);
}

BOOST_AUTO_TEST_CASE(third_birthday_month_keeps_the_full_rate) {
    // Turns 3 on 2019-06-15 (before 2019-11: no August rule); bracket 2 as above.
    // June (birthday month, kept): 297.10; CRDS 1.4855 -> 1.49; paid 295.61.
    // July: 297.10 x 0.5 = 148.55; CRDS 0.74275 -> 0.74; paid 147.81.
    const auto facts = household("30000", {day(2016, 6, 15)});
    check_amounts(compute(2019, 6, facts, assmat({0}, "600", 20)), "297.10", "297.10", "1.49",
                  "295.61");
    check_amounts(compute(2019, 7, facts, assmat({0}, "600", 20)), "148.55", "148.55", "0.74",
                  "147.81");
}

BOOST_AUTO_TEST_CASE(home_carer_third_birthday_month_keeps_the_under_3_cap) {
    // Turns 3 on 2018-12-20. Net 1 500: contributions total 1 211.19, 50 % = 605.60 (see
    // home_carer_contributions_cap_changes_on_1_january).
    // 2018-12, birthday month kept: full rate, bracket 2 (20 550 < 30 000 <= 45 666):
    // 411.92 x 71.91 % = 296.211672 -> 296.21; CRDS 1.48105 -> 1.48; paid 294.73; cap under 3
    // of 2018: 448.00.
    const auto facts = household("30000", {day(2015, 12, 20)});
    const auto december = compute(2018, 12, facts, home_carer({0}, "1500"));
    check_amounts(december, "296.21", "296.21", "1.48", "294.73");
    BOOST_TEST(december.contributions.covered == euros("448"));
    // 2019-01: half rate (the August rule is not in force, and the birthday was in 2018);
    // bracket 2 (20 755 < 30 000 <= 46 123), BMAF still 411.92: 296.21 x 0.5 = 148.105 ->
    // 148.11; CRDS 0.74055 -> 0.74; paid 147.37; cap 3 to 6 of 2019: 226.00.
    const auto january = compute(2019, 1, facts, home_carer({0}, "1500"));
    check_amounts(january, "148.11", "148.11", "0.74", "147.37");
    BOOST_TEST(january.contributions.covered == euros("226"));
}

// The shipped table with `condition_end` replaced by `entries`.
std::unique_ptr<law::LegalParameters> with_condition_end(const nlohmann::json& entries) {
    std::ifstream in(parameters_path());
    nlohmann::json document = nlohmann::json::parse(in);
    document["condition_end"] = entries;
    return law::LegalParameters::from_json(document, "condition-end.json");
}

AgeBand band_in(const law::LegalParameters& table, Date birth, int year, unsigned month) {
    return law::age_band(law::ChildFacts{birth, false}, table.for_month(YearMonth::from_civil(year, month)));
}

BOOST_AUTO_TEST_CASE(condition_end_month_lost_restores_the_old_reading) {
    // "month_lost" (R552-3 I, the earlier reading): the condition ends for the whole month of
    // the birthday, so the birthday month already has the new situation.
    const auto lost = with_condition_end(nlohmann::json::array(
        {{{"from", "2015-01-01"}, {"rule", "month_lost"}, {"source", "test: the old reading"}}}));
    // Turns 6 on 2019-06-15: half in May, too old from June (month_kept: half in June).
    BOOST_TEST(band_in(*lost, day(2013, 6, 15), 2019, 5) == AgeBand::half_rate);
    BOOST_TEST(band_in(*lost, day(2013, 6, 15), 2019, 6) == AgeBand::too_old);
    BOOST_TEST(band_of(day(2013, 6, 15), 2019, 6) == AgeBand::half_rate);
    // Turns 3 on 2019-06-15: full in May, half from June (month_kept: full in June).
    BOOST_TEST(band_in(*lost, day(2016, 6, 15), 2019, 5) == AgeBand::full_rate);
    BOOST_TEST(band_in(*lost, day(2016, 6, 15), 2019, 6) == AgeBand::half_rate);
    BOOST_TEST(band_of(day(2016, 6, 15), 2019, 6) == AgeBand::full_rate);
    // 29 February: 3 on 2019-03-01, so half from March; 6 on 2018-03-01, too old from March.
    BOOST_TEST(band_in(*lost, day(2016, 2, 29), 2019, 2) == AgeBand::full_rate);
    BOOST_TEST(band_in(*lost, day(2016, 2, 29), 2019, 3) == AgeBand::half_rate);
    BOOST_TEST(band_in(*lost, day(2012, 2, 29), 2018, 3) == AgeBand::too_old);
    // Turns 3 on 2020-09-01 (after 31 August: no extension): half from September.
    BOOST_TEST(band_in(*lost, day(2017, 9, 1), 2020, 9) == AgeBand::half_rate);
    // The August rule does not depend on the reading: 3 on 2020-03-15, full March to August.
    BOOST_TEST(band_in(*lost, day(2017, 3, 15), 2020, 3) == AgeBand::full_rate);
    BOOST_TEST(band_in(*lost, day(2017, 3, 15), 2020, 8) == AgeBand::full_rate);
    BOOST_TEST(band_in(*lost, day(2017, 3, 15), 2020, 9) == AgeBand::half_rate);
    // Birth in the month is not a condition ending: counted from the next month either way.
    BOOST_TEST(band_in(*lost, day(2019, 6, 15), 2019, 6) == AgeBand::not_yet_counted);
    BOOST_TEST(band_in(*lost, day(2019, 6, 15), 2019, 7) == AgeBand::full_rate);
    // The amount follows: 2019-06, bracket 2, turning 6 in June -> nothing; turning 3 in June
    // -> 297.10 x 0.5 = 148.55, CRDS 0.74, paid 147.81 (month_kept: 297.10, paid 295.61).
    const auto& june = lost->for_month(YearMonth::from_civil(2019, 6));
    check_nothing_paid(law::compute_entitlement(household("30000", {day(2013, 6, 15)}),
                                                assmat({0}, "600", 20), june),
                       law::Refusal::no_child_under_6);
    check_amounts(law::compute_entitlement(household("30000", {day(2016, 6, 15)}),
                                           assmat({0}, "600", 20), june),
                  "148.55", "148.55", "0.74", "147.81");
}

// The shipped table with `series` replaced by `entries`.
std::unique_ptr<law::LegalParameters> with_series(const std::string& series, const nlohmann::json& entries) {
    std::ifstream in(parameters_path());
    nlohmann::json document = nlohmann::json::parse(in);
    if (entries.is_null()) {
        document.erase(series);
    } else {
        document[series] = entries;
    }
    return law::LegalParameters::from_json(document, series + ".json");
}

BOOST_AUTO_TEST_CASE(a_birthday_of_29_february_reads_as_the_table_says) {
    // A child born on 29 February 2016 turns 3 in 2019, a common year: on 1 March (the shipped
    // reading, march_1) or on 28 February (february_28). Under month_kept the birthday's month
    // keeps the full rate: March 2019 is full under march_1, half under february_28 -- as for a
    // child born on 1 March 2016, or on 28 February 2016.
    const auto february = with_series("birthday_of_29_february", nlohmann::json::array(
        {{{"from", "2015-01-01"}, {"reading", "february_28"}, {"source", "test: the other reading"}}}));
    const auto absent = with_series("birthday_of_29_february", nullptr);
    const Date leap = day(2016, 2, 29);
    BOOST_TEST(band_of(leap, 2019, 3) == AgeBand::full_rate);
    BOOST_TEST(band_of(day(2016, 3, 1), 2019, 3) == AgeBand::full_rate);
    BOOST_TEST(band_in(*absent, leap, 2019, 3) == AgeBand::full_rate);  // a table without it: 1 March
    BOOST_TEST(band_in(*february, leap, 2019, 2) == AgeBand::full_rate);
    BOOST_TEST(band_in(*february, leap, 2019, 3) == AgeBand::half_rate);
    BOOST_TEST(band_in(*february, day(2016, 2, 28), 2019, 3) == AgeBand::half_rate);
    BOOST_TEST(band_of(leap, 2019, 4) == AgeBand::half_rate);
    // Born 2012-02-29: 6 on 2018-03-01 (paid through March) or on 2018-02-28 (through February).
    BOOST_TEST(band_of(day(2012, 2, 29), 2018, 3) == AgeBand::half_rate);
    BOOST_TEST(band_of(day(2012, 2, 29), 2018, 4) == AgeBand::too_old);
    BOOST_TEST(band_in(*february, day(2012, 2, 29), 2018, 2) == AgeBand::half_rate);
    BOOST_TEST(band_in(*february, day(2012, 2, 29), 2018, 3) == AgeBand::too_old);
    // The amount follows, 2019-03 (bracket 2, BMAF 411.92 until April): full 411.92 x 71.91 %
    // = 296.21, CRDS 1.48, paid 294.73; half 148.105 -> 148.11, CRDS 0.74, paid 147.37.
    const auto& shipped = legal_parameters().for_month(YearMonth::from_civil(2019, 3));
    check_amounts(law::compute_entitlement(household("30000", {leap}), assmat({0}, "700", 20), shipped),
                  "296.21", "296.21", "1.48", "294.73");
    const auto& other = february->for_month(YearMonth::from_civil(2019, 3));
    check_amounts(law::compute_entitlement(household("30000", {leap}), assmat({0}, "700", 20), other),
                  "148.11", "148.11", "0.74", "147.37");
}

BOOST_AUTO_TEST_CASE(ages_judged_on_the_1st_differ_only_for_a_birthday_on_the_1st) {
    // age_on_the_1st (OpenFisca's reading): a condition holds in a month while the child has
    // not reached the age on its 1st. A birthday on the 1st ends it for that month; any other
    // day keeps the month, as month_kept does.
    const auto first = with_condition_end(nlohmann::json::array(
        {{{"from", "2015-01-01"}, {"rule", "age_on_the_1st"}, {"source", "test: OpenFisca's reading"}}}));
    BOOST_TEST(band_in(*first, day(2015, 10, 1), 2018, 9) == AgeBand::full_rate);
    BOOST_TEST(band_in(*first, day(2015, 10, 1), 2018, 10) == AgeBand::half_rate);
    BOOST_TEST(band_of(day(2015, 10, 1), 2018, 10) == AgeBand::full_rate);
    BOOST_TEST(band_in(*first, day(2015, 10, 2), 2018, 10) == AgeBand::full_rate);
    BOOST_TEST(band_in(*first, day(2015, 10, 31), 2018, 10) == AgeBand::full_rate);
    BOOST_TEST(band_in(*first, day(2015, 10, 31), 2018, 11) == AgeBand::half_rate);
    // The 6th birthday on 2020-05-01: too old in May; on 2020-05-02: still paid in May.
    BOOST_TEST(band_in(*first, day(2014, 5, 1), 2020, 4) == AgeBand::half_rate);
    BOOST_TEST(band_in(*first, day(2014, 5, 1), 2020, 5) == AgeBand::too_old);
    BOOST_TEST(band_of(day(2014, 5, 1), 2020, 5) == AgeBand::half_rate);
    BOOST_TEST(band_in(*first, day(2014, 5, 2), 2020, 5) == AgeBand::half_rate);
    // 29 February read as 1 March: 3 on 2019-03-01, so half in March 2019.
    BOOST_TEST(band_in(*first, day(2016, 2, 29), 2019, 2) == AgeBand::full_rate);
    BOOST_TEST(band_in(*first, day(2016, 2, 29), 2019, 3) == AgeBand::half_rate);
    // The full rate kept until August does not depend on the reading: 3 on 2020-03-01.
    BOOST_TEST(band_in(*first, day(2017, 3, 1), 2020, 3) == AgeBand::full_rate);
    BOOST_TEST(band_in(*first, day(2017, 3, 1), 2020, 9) == AgeBand::half_rate);
    // The hourly regime's limits too: 6 on 2026-03-01 (not a single parent) -> refused in
    // March 2026 under age_on_the_1st, eligible under month_kept.
    const auto& march = first->for_month(YearMonth::from_civil(2026, 3));
    law::ChildFacts child{day(2020, 3, 1), false};
    BOOST_TEST(!law::hourly_child_eligible(child, false, march));
    BOOST_TEST(law::hourly_child_eligible(child, false, legal_parameters().for_month(YearMonth::from_civil(2026, 3))));
    child.birth = day(2020, 3, 2);
    BOOST_TEST(law::hourly_child_eligible(child, false, march));
}

BOOST_AUTO_TEST_CASE(condition_end_is_dated) {
    // month_lost until 2019-12, month_kept from 2020-01-01: the reading of the care month
    // applies. Turning 6 in 2019-06 -> too old in June 2019; turning 6 in 2020-06 -> half rate
    // in June 2020; turning 3 in 2019-12 -> half; turning 3 on 2020-01-10 -> full in January
    // 2020 (birthday month kept), and until August by the rule of 2019-11.
    const auto switched = with_condition_end(nlohmann::json::array(
        {{{"from", "2015-01-01"}, {"rule", "month_lost"}, {"source", "test"}},
         {{"from", "2020-01-01"}, {"rule", "month_kept"}, {"source", "test"}, {"status", "INT"},
          {"unverified", true}, {"note", "a test switch"}}}));
    BOOST_TEST(band_in(*switched, day(2013, 6, 15), 2019, 6) == AgeBand::too_old);
    BOOST_TEST(band_in(*switched, day(2014, 6, 15), 2020, 6) == AgeBand::half_rate);
    BOOST_TEST(band_in(*switched, day(2014, 6, 15), 2020, 7) == AgeBand::too_old);
    BOOST_TEST(band_in(*switched, day(2016, 12, 10), 2019, 12) == AgeBand::half_rate);
    BOOST_TEST(band_in(*switched, day(2017, 1, 10), 2020, 1) == AgeBand::full_rate);
}

BOOST_AUTO_TEST_CASE(condition_end_months_of_the_hourly_regime) {
    // From 2025-09 the age limit is 6, or 12 for a single parent (age_limits), with the same
    // month_kept reading: turning 6 on 2025-10-05 -> eligible in October, not in November.
    const law::ChildFacts six{day(2019, 10, 5), false};
    BOOST_TEST(law::hourly_child_eligible(six, false, month_parameters(2025, 10)));
    BOOST_TEST(!law::hourly_child_eligible(six, false, month_parameters(2025, 11)));
    // A single parent's child turning 12 on 2025-10-05: eligible in October, not in November.
    const law::ChildFacts twelve{day(2013, 10, 5), false};
    BOOST_TEST(law::hourly_child_eligible(twelve, true, month_parameters(2025, 10)));
    BOOST_TEST(!law::hourly_child_eligible(twelve, true, month_parameters(2025, 11)));
    BOOST_TEST(!law::hourly_child_eligible(twelve, false, month_parameters(2025, 10)));  // 6 long ago
    // Born in the month: from the next one.
    const law::ChildFacts newborn{day(2025, 10, 1), false};
    BOOST_TEST(!law::hourly_child_eligible(newborn, false, month_parameters(2025, 10)));
    BOOST_TEST(law::hourly_child_eligible(newborn, false, month_parameters(2025, 11)));
    // Under month_lost the birthday month is lost.
    const auto lost = with_condition_end(nlohmann::json::array(
        {{{"from", "2015-01-01"}, {"rule", "month_lost"}, {"source", "test"}}}));
    const auto& october = lost->for_month(YearMonth::from_civil(2025, 10));
    BOOST_TEST(!law::hourly_child_eligible(six, false, october));
    BOOST_TEST(!law::hourly_child_eligible(twelve, true, october));
    BOOST_TEST(law::hourly_child_eligible(six, false, lost->for_month(YearMonth::from_civil(2025, 9))));
}

BOOST_AUTO_TEST_CASE(a_dependent_child_turning_20_counts_in_its_birthday_month_whatever_the_day) {
    // The effort rate's children are under 20 (children_counted_under_years), the month of the
    // 20th birthday judged as every age condition (condition_end): under month_kept the child
    // still counts in that month, whether the birthday is on the 1st or the 15th, and no more
    // from the next month; under month_lost it no longer counts in that month.
    for (const Date birth : {day(2005, 10, 1), day(2005, 10, 15), day(2005, 10, 31)}) {
        const law::HouseholdFacts facts = household("48000", {birth, day(2024, 6, 12)});
        BOOST_TEST(law::effort_rate_children(facts, month_parameters(2025, 9)) == 2, birth.to_string());
        BOOST_TEST(law::effort_rate_children(facts, month_parameters(2025, 10)) == 2, birth.to_string());
        BOOST_TEST(law::effort_rate_children(facts, month_parameters(2025, 11)) == 1, birth.to_string());
        BOOST_TEST(law::counted_as_dependent(birth, YearMonth::from_civil(2025, 10), month_parameters(2025, 10)));
    }
    const auto lost = with_condition_end(nlohmann::json::array(
        {{{"from", "2015-01-01"}, {"rule", "month_lost"}, {"source", "test"}}}));
    for (const Date birth : {day(2005, 10, 1), day(2005, 10, 15)}) {
        const law::HouseholdFacts facts = household("48000", {birth, day(2024, 6, 12)});
        BOOST_TEST(law::effort_rate_children(facts, lost->for_month(YearMonth::from_civil(2025, 9))) == 2);
        BOOST_TEST(law::effort_rate_children(facts, lost->for_month(YearMonth::from_civil(2025, 10))) == 1);
    }
    // The amount follows (2025-10, R = 48 000 / 12 = 4 000, an assmat paid 786.00 for 150 h,
    // under the 8.00 cap; Cref 4.85): two children, 0.0516 %: 786.00 x (1 - 4 000 x 0.000516
    // / 4.85) = 786.00 x 0.5744330 = 451.5044 -> 451.50; one child, 0.0619 %: 786.00 x (1 -
    // 2.476 / 4.85) = 786.00 x 0.4894845 = 384.7348 -> 384.73.
    law::ContractFacts contract = assmat({1}, "786", 20);
    contract.hours_x100 = 150'00;
    const auto paid = [&](const law::MonthParameters& p) {
        return law::compute_entitlement(household("48000", {day(2005, 10, 1), day(2024, 6, 12)}), contract, p)
            .cmg_remuneration;
    };
    BOOST_TEST(paid(month_parameters(2025, 10)) == euros("451.50"));
    BOOST_TEST(paid(lost->for_month(YearMonth::from_civil(2025, 10))) == euros("384.73"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(parameter_change_dates)

BOOST_AUTO_TEST_CASE(ceilings_change_on_1_january) {
    // Resources 20 600, 1 child: 2018 P1 20 550 < 20 600 -> bracket 2; 2019 P1 20 755 -> 1.
    const auto facts = household("20600", {day(2018, 3, 1)});
    // 2018-12: 411.92 x 71.91 % = 296.211672 -> 296.21; CRDS 1.48105 -> 1.48; paid 294.73.
    const auto december = compute(2018, 12, facts, assmat({0}, "600", 20));
    BOOST_TEST(december.bracket.value_or(0) == 2);
    check_amounts(december, "296.21", "296.21", "1.48", "294.73");
    // 2019-01: 411.92 x 114.04 % = 469.753568 -> 469.75; CRDS 2.34875 -> 2.35; paid 467.40.
    const auto january = compute(2019, 1, facts, assmat({0}, "600", 20));
    BOOST_TEST(january.bracket.value_or(0) == 1);
    check_amounts(january, "469.75", "469.75", "2.35", "467.40");
}

BOOST_AUTO_TEST_CASE(smic_changes_on_1_january) {
    // Net 780.10 = 1 000.00 x 0.7801: gross 1 000.00 / 20 days / 1 child = 50.00 per day.
    // 2018-12: 50.00 > 5 x 9.88 = 49.40 -> refused. 2019-01: 50.00 <= 5 x 10.03 = 50.15.
    const auto facts = household("30000", {day(2018, 3, 1)});
    check_nothing_paid(compute(2018, 12, facts, assmat({0}, "780.10", 20)),
                       law::Refusal::daily_cap);
    // 2019-01, bracket 2 (20 755 < 30 000 <= 46 123), BMAF still 411.92 -> 296.21.
    check_amounts(compute(2019, 1, facts, assmat({0}, "780.10", 20)), "296.21", "296.21", "1.48",
                  "294.73");
}

BOOST_AUTO_TEST_CASE(home_carer_contributions_cap_changes_on_1_january) {
    // Net 1 500: gross 1 500 / 0.7801 = 1 922.8304 -> 1 922.83; employee 422.83; employer
    // 1 922.83 x 41 % = 788.3603 -> 788.36; total 1 211.19; 50 % = 605.595 -> 605.60, above
    // the cap: 448.00 in 2018, 452.00 in 2019 (child under 3).
    const auto facts = household("30000", {day(2018, 3, 1)});
    const auto december = compute(2018, 12, facts, home_carer({0}, "1500"));
    const auto january = compute(2019, 1, facts, home_carer({0}, "1500"));
    BOOST_TEST(december.contributions.total == euros("1211.19"));
    BOOST_TEST(december.contributions.covered == euros("448"));
    BOOST_TEST(january.contributions.covered == euros("452"));
    BOOST_TEST(january.contributions.uncovered == euros("759.19"));  // 1 211.19 - 452
}

BOOST_AUTO_TEST_CASE(bmaf_changes_on_1_april) {
    const auto facts = household("30000", {day(2018, 3, 1)});
    // 2019-03: 411.92 x 71.91 % -> 296.21. 2019-04: 413.16 x 71.91 % = 297.103356 -> 297.10.
    check_amounts(compute(2019, 3, facts, assmat({0}, "600", 20)), "296.21", "296.21", "1.48",
                  "294.73");
    check_amounts(compute(2019, 4, facts, assmat({0}, "600", 20)), "297.10", "297.10", "1.49",
                  "295.61");
    // 2018-03: 407.84 x 71.91 % = 293.277744 -> 293.28; CRDS 1.4664 -> 1.47; paid 291.81.
    // 2018-04: 411.92 x 71.91 % -> 296.21.
    const auto young = household("30000", {day(2017, 3, 1)});
    check_amounts(compute(2018, 3, young, assmat({0}, "600", 20)), "293.28", "293.28", "1.47",
                  "291.81");
    check_amounts(compute(2018, 4, young, assmat({0}, "600", 20)), "296.21", "296.21", "1.48",
                  "294.73");
}

BOOST_AUTO_TEST_CASE(single_parent_increase_from_2018_10) {
    // Single parent, 1 child: 2018 P1 x 1.4 = 28 770 >= 25 000 -> bracket 1.
    // Net 800, 22 days: 800 / 0.7801 / 22 = 46.61 <= 49.40; 85 % x 800 = 680.00.
    const auto facts = household("25000", {day(2018, 3, 1)}, true);
    // 2018-09: 411.92 x 114.04 % -> 469.75, no increase; CRDS 2.35; paid 467.40.
    check_amounts(compute(2018, 9, facts, assmat({0}, "800", 22)), "469.75", "469.75", "2.35",
                  "467.40");
    // 2018-10: 469.75 x 1.3 = 610.675 -> 610.68; CRDS 3.0534 -> 3.05; paid 607.63.
    check_amounts(compute(2018, 10, facts, assmat({0}, "800", 22)), "610.68", "610.68", "3.05",
                  "607.63");
}

BOOST_AUTO_TEST_CASE(aeeh_increase_from_2019_11) {
    auto facts = household("30000", {day(2019, 1, 20)});
    facts.children[0].aeeh = true;
    // 2019-10: 297.10, no increase. 2019-11: 297.10 x 1.3 = 386.23; CRDS 1.93115 -> 1.93;
    // paid 384.30.
    check_amounts(compute(2019, 10, facts, assmat({0}, "600", 20)), "297.10", "297.10", "1.49",
                  "295.61");
    check_amounts(compute(2019, 11, facts, assmat({0}, "600", 20)), "386.23", "386.23", "1.93",
                  "384.30");
}

BOOST_AUTO_TEST_CASE(smic_10_48_from_2021_10_for_the_daily_cap) {
    // Net 1 014.13 = 1 300.00 x 0.7801: gross 1 300 / 25 days / 1 child = 52.00 per day.
    // 2021-09: 52.00 > 5 x 10.25 = 51.25 -> refused. 2021-10: 52.00 <= 5 x 10.48 = 52.40.
    const auto facts = household("30000", {day(2020, 3, 1)});
    check_nothing_paid(compute(2021, 9, facts, assmat({0}, "1014.13", 25)),
                       law::Refusal::daily_cap);
    // Bracket 2 (21 277 < 30 000 <= 47 283): 414.81 x 71.91 % = 298.289871 -> 298.29;
    // CRDS 1.49145 -> 1.49; paid 296.80.
    check_amounts(compute(2021, 10, facts, assmat({0}, "1014.13", 25)), "298.29", "298.29",
                  "1.49", "296.80");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(salary_cap_85_percent)

// 2019-06, bracket 1, child under 3: maximum 471.17 (413.16 x 114.04 % = 471.167664).
const law::HouseholdFacts& bracket_1_household() {
    static const auto facts = household("15000", {day(2018, 5, 10)});
    return facts;
}

BOOST_AUTO_TEST_CASE(cap_just_below_the_maximum_binds) {
    // 85 % x 554.31 = 471.1635 -> 471.16 < 471.17; CRDS 2.3558 -> 2.36; paid 468.80.
    const auto result = compute(2019, 6, bracket_1_household(), assmat({0}, "554.31", 20));
    check_amounts(result, "471.17", "471.16", "2.36", "468.80");
    BOOST_TEST(!result.reason.empty());
    BOOST_TEST(result.reason.find("85 %") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(cap_equal_to_the_maximum_does_not_reduce_it) {
    // 85 % x 554.32 = 471.172 -> 471.17 = the maximum: nothing is cut, no reason.
    const auto result = compute(2019, 6, bracket_1_household(), assmat({0}, "554.32", 20));
    check_amounts(result, "471.17", "471.17", "2.36", "468.81");
    BOOST_TEST(result.reason.empty());
}

BOOST_AUTO_TEST_CASE(cap_above_the_maximum_does_not_bind) {
    // 85 % x 554.33 = 471.1805 -> 471.18 > 471.17.
    const auto result = compute(2019, 6, bracket_1_household(), assmat({0}, "554.33", 20));
    check_amounts(result, "471.17", "471.17", "2.36", "468.81");
    BOOST_TEST(result.reason.empty());
}

BOOST_AUTO_TEST_CASE(maintenance_allowances_count_in_the_cap) {
    // 85 % x (500.00 + 54.31) = 471.1635 -> 471.16, as for a salary of 554.31.
    const auto result =
        compute(2019, 6, bracket_1_household(), assmat({0}, "500", 20, "54.31"));
    check_amounts(result, "471.17", "471.16", "2.36", "468.80");
    BOOST_TEST(!result.reason.empty());
}

BOOST_AUTO_TEST_CASE(cap_rounds_half_up) {
    // 85 % x 10.10 = 8.585 -> 8.59 (half-up); CRDS 8.59 x 0.5 % = 0.04295 -> 0.04; paid 8.55.
    const auto result = compute(2019, 6, bracket_1_household(), assmat({0}, "10.10", 2));
    check_amounts(result, "471.17", "8.59", "0.04", "8.55");
}

BOOST_AUTO_TEST_CASE(zero_salary_pays_nothing_but_is_eligible) {
    // 85 % x 0 = 0: the family always pays at least 15 %, so 0 paid.
    const auto result = compute(2019, 6, bracket_1_household(), assmat({0}, "0", 20));
    check_amounts(result, "471.17", "0", "0", "0");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(assmat_daily_cap)

BOOST_AUTO_TEST_CASE(one_child_just_below_and_just_above) {
    // 2019-06: cap 5 x 10.03 = 50.15 per day; 20 days -> gross 1 003.00 -> net 782.4403.
    const auto facts = household("30000", {day(2018, 5, 10)});
    // 782.44 / 0.7801 / 20 = 50.14998 <= 50.15 -> eligible, 297.10.
    check_amounts(compute(2019, 6, facts, assmat({0}, "782.44", 20)), "297.10", "297.10", "1.49",
                  "295.61");
    // 782.45 / 0.7801 / 20 = 50.15062 > 50.15 -> refused, nothing paid.
    const auto refused = compute(2019, 6, facts, assmat({0}, "782.45", 20));
    check_nothing_paid(refused, law::Refusal::daily_cap);
    BOOST_TEST(refused.reason.find("daily cap") != std::string::npos);
    // Maintenance allowances do not count as pay here (domain.md section 5).
    check_amounts(compute(2019, 6, facts, assmat({0}, "782.44", 20, "300")), "297.10", "297.10",
                  "1.49", "295.61");
}

BOOST_AUTO_TEST_CASE(four_children_exactly_at_the_cap) {
    // 2021-06: cap 5 x 10.25 = 51.25. Net 3 198.41 = 4 100.00 x 0.7801: gross 4 100.00 / 20
    // days / 4 children = 51.25 exactly: not strictly greater -> eligible.
    const auto facts = household("20000", {day(2020, 5, 5), day(2020, 5, 5), day(2020, 5, 5),
                                            day(2020, 5, 5)});
    // 4 children, 2021 P1 = 24 297 + 2 x 3 020 = 30 337 >= 20 000 -> bracket 1:
    // 414.81 x 114.04 % = 473.049324 -> 473.05 each; 4 x 473.05 = 1 892.20;
    // 85 % x 3 198.41 = 2 718.6485 -> 2 718.65 does not bind; CRDS 9.461 -> 9.46;
    // paid 1 882.74.
    const auto at = compute(2021, 6, facts, assmat({0, 1, 2, 3}, "3198.41", 20));
    check_amounts(at, "1892.20", "1892.20", "9.46", "1882.74");
    check_amounts(compute(2021, 6, facts, assmat({0, 1, 2, 3}, "3198.40", 20)), "1892.20",
                  "1892.20", "9.46", "1882.74");
    // One cent more: 3 198.42 / 0.7801 / 20 / 4 = 51.2502 > 51.25 -> nothing, neither part.
    check_nothing_paid(compute(2021, 6, facts, assmat({0, 1, 2, 3}, "3198.42", 20)),
                       law::Refusal::daily_cap);
}

BOOST_AUTO_TEST_CASE(home_carer_has_no_daily_cap) {
    // A home carer paid 5 000 net for 1 day still gets the CMG (bracket 2, 2019-06: 297.10).
    const auto facts = household("30000", {day(2018, 5, 10)});
    auto contract = home_carer({0}, "5000");
    contract.days_worked = 1;
    check_amounts(compute(2019, 6, facts, contract), "297.10", "297.10", "1.49", "295.61");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(care_modes)

BOOST_AUTO_TEST_CASE(home_carer_full_rate_once_per_household_if_any_child_under_3) {
    // 2019-06, bracket 2 (2 children: 23 701 < 30 000 <= 52 670); children aged 1 and 4.
    // One household maximum: 297.10 (not 297.10 + 148.55).
    const auto facts = household("30000", {day(2018, 5, 10), day(2015, 2, 2)});
    check_amounts(compute(2019, 6, facts, home_carer({0, 1}, "1500")), "297.10", "297.10", "1.49",
                  "295.61");
}

BOOST_AUTO_TEST_CASE(home_carer_half_rate_when_every_child_is_3_to_6) {
    // Children aged 4 and 5: 297.10 x 0.5 = 148.55; CRDS 0.74275 -> 0.74; paid 147.81.
    const auto facts = household("30000", {day(2015, 2, 2), day(2014, 2, 2)});
    const auto result = compute(2019, 6, facts, home_carer({0, 1}, "1500"));
    check_amounts(result, "148.55", "148.55", "0.74", "147.81");
    // Contributions cap for 3 to 6 in 2019: 226.00 < 605.60 (see the 1 January case).
    BOOST_TEST(result.contributions.covered == euros("226"));
}

BOOST_AUTO_TEST_CASE(home_carer_aeeh_once_per_contract) {
    // 2020-06, bracket 2, two children under 3, both with the AEEH:
    // 414.40 x 71.91 % = 297.99504 -> 298.00; x 1.3 once = 387.40 (not x 1.69);
    // CRDS 1.937 -> 1.94; paid 385.46.
    auto facts = household("30000", {day(2019, 5, 10), day(2019, 5, 10)});
    facts.children[0].aeeh = true;
    facts.children[1].aeeh = true;
    check_amounts(compute(2020, 6, facts, home_carer({0, 1}, "1000")), "387.40", "387.40", "1.94",
                  "385.46");
}

BOOST_AUTO_TEST_CASE(home_carer_contributions_half_within_the_cap) {
    // Net 500: gross 500 / 0.7801 = 640.9434 -> 640.94; employee 140.94; employer
    // 640.94 x 41 % = 262.7854 -> 262.79; total 403.73; 50 % = 201.865 -> 201.87 <= 452.
    const auto facts = household("30000", {day(2018, 5, 10)});
    const auto result = compute(2019, 6, facts, home_carer({0}, "500"));
    BOOST_TEST(result.contributions_covered_rate == (Ratio{1, 2}));
    BOOST_TEST(result.contributions.gross_salary == euros("640.94"));
    BOOST_TEST(result.contributions.employee == euros("140.94"));
    BOOST_TEST(result.contributions.employer == euros("262.79"));
    BOOST_TEST(result.contributions.total == euros("403.73"));
    BOOST_TEST(result.contributions.covered == euros("201.87"));
    BOOST_TEST(result.contributions.uncovered == euros("201.86"));
    // 85 % x 500 = 425.00 does not bind the 297.10 maximum.
    check_amounts(result, "297.10", "297.10", "1.49", "295.61");
}

BOOST_AUTO_TEST_CASE(assmat_sums_per_child) {
    // 2019-06, bracket 2 (2 children), children aged 1 and 4 in one contract:
    // 297.10 + 297.10 x 0.5 = 297.10 + 148.55 = 445.65; 85 % x 800 = 680.00;
    // CRDS 2.22825 -> 2.23; paid 443.42. Daily cap: 800 / 0.7801 / 20 / 2 = 25.64.
    const auto facts = household("30000", {day(2018, 5, 10), day(2015, 2, 2)});
    const auto result = compute(2019, 6, facts, assmat({0, 1}, "800", 20));
    check_amounts(result, "445.65", "445.65", "2.23", "443.42");
    // Assmat contributions covered at 100 %: net 800 -> gross 800 / 0.7801 = 1 025.5095 ->
    // 1 025.51; employee 225.51; employer 1 025.51 x 41 % = 420.4591 -> 420.46; total 645.97.
    BOOST_TEST(result.contributions_covered_rate == Ratio::one());
    BOOST_TEST(result.contributions.total == euros("645.97"));
    BOOST_TEST(result.contributions.covered == euros("645.97"));
    BOOST_TEST(result.contributions.uncovered == Cents{0});
}

BOOST_AUTO_TEST_CASE(assmat_aeeh_per_aeeh_child) {
    // 2020-06, bracket 2, two children under 3, only the first has the AEEH:
    // 298.00 x 1.3 = 387.40, plus 298.00 = 685.40; 85 % x 1 000 = 850.00;
    // CRDS 3.427 -> 3.43; paid 681.97.
    auto facts = household("30000", {day(2019, 5, 10), day(2019, 5, 10)});
    facts.children[0].aeeh = true;
    check_amounts(compute(2020, 6, facts, assmat({0, 1}, "1000", 20)), "685.40", "685.40", "3.43",
                  "681.97");
}

BOOST_AUTO_TEST_CASE(increases_apply_in_order_each_rounded) {
    // 2020-06, single parent, 1 child aged 3 with the AEEH: 2020 P1 x 1.4 = 29 521.80 >=
    // 20 000 -> bracket 1. 414.40 x 114.04 % = 472.58176 -> 472.58; x 0.5 = 236.29;
    // x 1.3 = 307.177 -> 307.18; x 1.3 = 399.334 -> 399.33; CRDS 1.99665 -> 2.00; paid 397.33.
    auto facts = household("20000", {day(2016, 9, 10)}, true);
    facts.children[0].aeeh = true;
    // Daily cap: 800 / 0.7801 / 22 days = 46.61 <= 5 x 10.15 = 50.75.
    check_amounts(compute(2020, 6, facts, assmat({0}, "800", 22)), "399.33", "399.33", "2.00",
                  "397.33");
}

BOOST_AUTO_TEST_CASE(a_child_of_6_in_the_contract_adds_nothing) {
    // Children aged 1 and 7 in one assmat contract: only the 1-year-old's 297.10 (2019-06,
    // bracket 2 with 2 children).
    const auto facts = household("30000", {day(2018, 5, 10), day(2012, 2, 2)});
    check_amounts(compute(2019, 6, facts, assmat({0, 1}, "800", 20)), "297.10", "297.10", "1.49",
                  "295.61");
    // The 7-year-old alone: no CMG.
    check_nothing_paid(compute(2019, 6, facts, assmat({1}, "800", 20)),
                       law::Refusal::no_child_under_6);
    check_nothing_paid(compute(2019, 6, facts, home_carer({1}, "800")),
                       law::Refusal::no_child_under_6);
}

BOOST_AUTO_TEST_CASE(activity_condition_not_met_pays_nothing) {
    auto facts = household("30000", {day(2018, 5, 10)});
    facts.activity_condition_met = false;
    check_nothing_paid(compute(2019, 6, facts, assmat({0}, "600", 20)),
                       law::Refusal::activity_condition);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(covered_months)

BOOST_AUTO_TEST_CASE(months_outside_2018_01_to_2026_12_throw) {
    // The shipped table covers care months 2018-01 to 2026-12.
    const auto names_the_periods = [](const law::MonthNotCovered& error) {
        return std::string(error.what()).find("2018-01 to 2026-12") != std::string::npos;
    };
    BOOST_CHECK_EXCEPTION(legal_parameters().for_month(YearMonth::from_civil(2017, 12)),
                          law::MonthNotCovered, names_the_periods);
    BOOST_CHECK_EXCEPTION(legal_parameters().for_month(YearMonth::from_civil(2027, 1)),
                          law::MonthNotCovered, names_the_periods);
    BOOST_CHECK_NO_THROW(legal_parameters().for_month(YearMonth::from_civil(2018, 1)));
    BOOST_CHECK_NO_THROW(legal_parameters().for_month(YearMonth::from_civil(2021, 12)));
    BOOST_CHECK_NO_THROW(legal_parameters().for_month(YearMonth::from_civil(2022, 1)));
    BOOST_CHECK_NO_THROW(legal_parameters().for_month(YearMonth::from_civil(2026, 12)));
    BOOST_TEST(legal_parameters().covers(YearMonth::from_civil(2026, 12)));
    BOOST_TEST(!legal_parameters().covers(YearMonth::from_civil(2027, 1)));
    BOOST_TEST(!legal_parameters().covers(YearMonth::from_civil(2017, 12)));
    BOOST_TEST(legal_parameters().covered_periods() == "2018-01 to 2026-12");
}

BOOST_AUTO_TEST_CASE(regime_changes_with_care_month_2025_09) {
    // law_regime: brackets until care month 2025-08, hourly from 2025-09 (décret 2025-515).
    BOOST_TEST(!month_parameters(2018, 1).hourly());
    BOOST_TEST(!month_parameters(2025, 8).hourly());
    BOOST_TEST(month_parameters(2025, 9).hourly());
    BOOST_TEST(month_parameters(2026, 12).hourly());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(parameter_table_validation)

nlohmann::json real_document() {
    std::ifstream in(parameters_path());
    BOOST_REQUIRE(in.good());
    return nlohmann::json::parse(in);
}

// The broken document is refused with an InputError at `json_path`, whose reason contains
// `reason_part`.
void check_refused(const nlohmann::json& document, const std::string& json_path,
                   const std::string& reason_part) {
    BOOST_TEST_CONTEXT("expected " << json_path << ": " << reason_part) {
        bool thrown = false;
        try {
            law::LegalParameters::from_json(document, "broken.json");
        } catch (const pajesim::InputError& error) {
            thrown = true;
            BOOST_TEST(error.file() == "broken.json");
            BOOST_TEST(error.json_path() == json_path);
            BOOST_TEST(error.reason().find(reason_part) != std::string::npos,
                       "reason: " << error.reason());
        }
        BOOST_TEST(thrown);
    }
}

BOOST_AUTO_TEST_CASE(the_real_table_loads) {
    const auto parameters = law::LegalParameters::from_json(real_document(), "real.json");
    BOOST_TEST(parameters->version() == "cmg-direct-employment-2018-2026.1");
    // BMAF in force on 2019-04-01: 413.16.
    BOOST_TEST(parameters->for_month(YearMonth::from_civil(2019, 4)).bmaf->value ==
               euros("413.16"));
}

BOOST_AUTO_TEST_CASE(dates_out_of_order) {
    auto document = real_document();
    document["bmaf"][1]["from"] = "2017-03-01";  // before entry 0 (2017-04-01)
    check_refused(document, "/bmaf/1/from", "dates out of order");
    auto same = real_document();
    same["bmaf"][2]["from"] = same["bmaf"][1]["from"];  // equal dates are not "after"
    check_refused(same, "/bmaf/2/from", "dates out of order");
}

BOOST_AUTO_TEST_CASE(from_not_on_the_first_of_a_month) {
    auto document = real_document();
    document["smic_hourly_gross"][0]["from"] = "2018-01-02";
    check_refused(document, "/smic_hourly_gross/0/from", "1st of a month");
}

BOOST_AUTO_TEST_CASE(unknown_keys) {
    // `note`, `status` and `unverified` are allowed in an entry (see below); `comment` is not.
    auto entry = real_document();
    entry["bmaf"][0]["comment"] = "x";
    check_refused(entry, "/bmaf/0/comment", "unknown key");
    auto top = real_document();
    top["extra"] = 1;
    check_refused(top, "/extra", "unknown key");
    auto nested = real_document();
    nested["resource_ceilings"][0]["bracket_1"]["three_children"] = "1";
    check_refused(nested, "/resource_ceilings/0/bracket_1/three_children", "unknown key");
}

BOOST_AUTO_TEST_CASE(note_status_and_unverified_are_allowed) {
    auto document = real_document();
    document["bmaf"][0]["note"] = "x";
    document["bmaf"][0]["status"] = "3P";
    document["bmaf"][0]["unverified"] = true;
    const auto parameters = law::LegalParameters::from_json(document, "tagged.json");
    BOOST_TEST(parameters->for_month(YearMonth::from_civil(2018, 1)).bmaf->value == euros("407.84"));
    auto bad_status = real_document();
    bad_status["bmaf"][0]["status"] = "SURE";
    check_refused(bad_status, "/bmaf/0/status", "unknown value");
    auto bad_flag = real_document();
    bad_flag["bmaf"][0]["unverified"] = "yes";
    check_refused(bad_flag, "/bmaf/0/unverified", "");
    auto bad_note = real_document();
    bad_note["bmaf"][0]["note"] = 1;
    check_refused(bad_note, "/bmaf/0/note", "");
}

BOOST_AUTO_TEST_CASE(new_series_are_required) {
    // law_regime, condition_end and alternating_residence are required in any table.
    for (const char* key : {"law_regime", "condition_end", "alternating_residence"}) {
        auto document = real_document();
        document.erase(key);
        // The JSON pointer of the whole document is the empty string (RFC 6901).
        check_refused(document, "", std::string("missing required key \"") + key + "\"");
    }
    auto rule = real_document();
    rule["condition_end"][0]["rule"] = "month_split";
    check_refused(rule, "/condition_end/0/rule", "unknown value \"month_split\"");
    auto leap = real_document();
    leap["birthday_of_29_february"][0]["reading"] = "march_2";
    check_refused(leap, "/birthday_of_29_february/0/reading", "unknown value \"march_2\"");
    leap["birthday_of_29_february"][0]["reading"] = "march_1";
    leap["birthday_of_29_february"][0]["from"] = "2019-01-01";
    check_refused(leap, "/birthday_of_29_february", "no value in force for 2018-01");
    auto regime = real_document();
    regime["law_regime"][1]["regime"] = "hours";
    check_refused(regime, "/law_regime/1/regime", "unknown value \"hours\"");
    // condition_end must have a value in force for the first covered month, 2018-01.
    auto late = real_document();
    late["condition_end"][0]["from"] = "2018-02-01";
    check_refused(late, "/condition_end", "no value in force for 2018-01");
}

BOOST_AUTO_TEST_CASE(hourly_series_required_when_an_hourly_month_is_covered) {
    // The table covers 2025-09, the first month of the hourly regime: without effort_rates
    // it is refused, naming the series.
    auto missing = real_document();
    missing.erase("effort_rates");
    check_refused(missing, "/effort_rates", "missing: the table covers 2025-09");
    // A first entry after 2025-09 leaves that month without a value.
    auto late = real_document();
    late["effort_rates"][0]["from"] = "2025-10-01";
    check_refused(late, "/effort_rates", "no value in force for 2025-09");
    // Covering only up to 2025-08 (no hourly month), the hourly series are optional.
    auto brackets_only = real_document();
    brackets_only["covered_months"][0]["to"] = "2025-08";
    brackets_only.erase("effort_rates");
    const auto parameters = law::LegalParameters::from_json(brackets_only, "brackets-only.json");
    BOOST_TEST(parameters->covered_periods() == "2018-01 to 2025-08");
    BOOST_TEST(!parameters->for_month(YearMonth::from_civil(2025, 8)).hourly());
}

BOOST_AUTO_TEST_CASE(a_ratio_given_under_euros) {
    auto document = real_document();
    document["bmaf"][0]["euros"] = "0.7191";
    check_refused(document, "/bmaf/0/euros", "at most 2 decimals");
}

BOOST_AUTO_TEST_CASE(a_ratio_out_of_range) {
    auto document = real_document();
    document["salary_cap_share"][0]["ratio"] = "85";  // a percentage given as a ratio
    check_refused(document, "/salary_cap_share/0/ratio", "out of range");
}

BOOST_AUTO_TEST_CASE(missing_or_empty_source) {
    auto missing = real_document();
    missing["bmaf"][0].erase("source");
    check_refused(missing, "/bmaf/0", "missing required key \"source\"");
    auto empty = real_document();
    empty["crds_rate"][0]["source"] = "";
    check_refused(empty, "/crds_rate/0/source", "source");
}

BOOST_AUTO_TEST_CASE(first_covered_month_with_no_value_in_force) {
    // Without its 2018-01-01 entry, the SMIC starts on 2019-01-01: nothing for 2018-01.
    auto smic = real_document();
    smic["smic_hourly_gross"].erase(0);
    check_refused(smic, "/smic_hourly_gross", "no value in force for 2018-01");
    // Covering 2017-01 leaves the BMAF (first from 2017-04-01) without a value: the first
    // series read is named.
    auto early = real_document();
    early["covered_months"][0]["from"] = "2017-01";
    check_refused(early, "/bmaf", "no value in force for 2017-01");
}

BOOST_AUTO_TEST_CASE(covered_period_backwards) {
    auto document = real_document();
    document["covered_months"][0]["to"] = "2017-12";
    check_refused(document, "/covered_months/0/to", "dates out of order");
}

BOOST_AUTO_TEST_CASE(approximations_must_say_so) {
    auto document = real_document();
    document["approximate_contribution_rates"][0]["approximation"] = false;
    check_refused(document, "/approximate_contribution_rates/0/approximation", "approximation");
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// The hourly regime: hours are part of the contract's facts.
law::ContractFacts hourly_assmat(const std::string& net_salary, int hours) {
    law::ContractFacts contract = assmat({0}, net_salary, 20);
    contract.hours_x100 = hours * 100;
    return contract;
}

}  // namespace

// D531-17 I: above the hourly cap, the contributions covered are coef x contributions with
// coef = (cap x hours) / cost, no rounding before the amount. 813.01 for 100 h is above
// 8.00 x 100 = 800.00; a coefficient rounded to 6 decimals (0.983998) would cover one cent
// more than the exact 800.00 / 813.01.
BOOST_AUTO_TEST_CASE(hourly_contributions_coefficient_is_applied_exactly) {
    const auto result = compute(2025, 10, household("30000", {day(2024, 6, 12)}), hourly_assmat("813.01", 100));
    BOOST_REQUIRE(result.eligible);
    BOOST_TEST(result.hourly_cap_bound);
    const std::int64_t total = result.contributions.total.value();
    BOOST_REQUIRE(total > 0);
    // The amount, rounded half-up to the cent, from the exact fraction total x 80000 / 81301.
    const std::int64_t exact = (total * 80000 * 2 + 81301) / (81301 * 2);
    BOOST_TEST(result.contributions.covered.value() == exact);
    BOOST_TEST(result.contributions.covered + result.contributions.uncovered == result.contributions.total);
    // This case tells the readings apart: the 6-decimal rate gives another cent.
    const std::int64_t six = (total * 983998 * 2 + 1000000) / (1000000 * 2);
    BOOST_TEST(six != exact);
    BOOST_TEST(result.contributions_covered_rate == Ratio(983998, 1000000));  // the rate shown
}

namespace {

std::unique_ptr<law::LegalParameters> with_ceiling_children(const char* reading) {
    std::ifstream in(parameters_path());
    nlohmann::json document = nlohmann::json::parse(in);
    if (reading == nullptr) {
        document["transitional_complement"][0].erase("ceiling_children");
    } else {
        document["transitional_complement"][0]["ceiling_children"] = reading;
    }
    return law::LegalParameters::from_json(document, "ceiling-children.json");
}

}  // namespace

// The complement's resource ceiling (D531-20 2° for August 2025, the month whose resources are
// judged): 53 119 euros for one child, 60 659 for two. A child born in August 2025 counts from
// September; a child whose 20th birthday falls in August 2025 still counts in August.
BOOST_AUTO_TEST_CASE(transitional_ceiling_counts_the_children_of_august_2025_by_default) {
    const auto check = [](const law::MonthParameters& p, bool born_in_august_counts, bool twenty_in_august_counts) {
        // Resources of 55 000 euros: above the one-child ceiling, within the two-children one.
        const auto newborn = household("55000", {day(2023, 4, 3), day(2025, 8, 15)});
        BOOST_TEST(law::transitional_resources_within_ceiling(euros("55000"), newborn, p) == born_in_august_counts);
        const auto grown = household("55000", {day(2023, 4, 3), day(2005, 8, 10)});
        BOOST_TEST(law::transitional_resources_within_ceiling(euros("55000"), grown, p) == twenty_in_august_counts);
        // At the one-child ceiling exactly, and a euro above, whatever the reading.
        const auto one = household("53119", {day(2023, 4, 3)});
        BOOST_TEST(law::transitional_resources_within_ceiling(euros("53119"), one, p));
        BOOST_TEST(!law::transitional_resources_within_ceiling(euros("53120"), one, p));
    };
    check(month_parameters(2025, 10), false, true);  // the shipped table: month_before
    const auto absent = with_ceiling_children(nullptr);
    check(absent->for_month(YearMonth::from_civil(2025, 10)), false, true);  // the default
    const auto start = with_ceiling_children("regime_start");
    check(start->for_month(YearMonth::from_civil(2025, 10)), true, false);
    const auto before = with_ceiling_children("month_before");
    check(before->for_month(YearMonth::from_civil(2025, 10)), false, true);
}

// The complement's reference months: a contract declared in one month of March to May 2025
// has no complement under Urssaf's rule (min_months_declared 2, the shipped table's), one under
// the decree's text alone (1). The averages divide by the whole period (3 months) either way.
BOOST_AUTO_TEST_CASE(transitional_complement_minimum_months_declared_is_a_reading) {
    std::vector<law::ReferenceMonth> months(3);
    months[2].declared = true;
    months[2].old_cmg = euros("441.24");
    months[2].new_cmg = euros("237.80");
    months[2].hours_x100 = 39300;
    BOOST_TEST(!law::transitional_facts(months, euros("84096"), 2, law::TransitionalHoursAverage::whole_hour_up).has_value());
    const auto one = law::transitional_facts(months, euros("84096"), 1, law::TransitionalHoursAverage::whole_hour_up);
    BOOST_REQUIRE(one.has_value());
    BOOST_TEST(one->old_average == euros("147.08"));  // 441.24 / 3
    BOOST_TEST(one->new_average == euros("79.27"));   // 237.80 / 3 = 79.2666... half-up
    // Two months declared: a complement under either reading.
    months[1] = months[2];
    BOOST_TEST(law::transitional_facts(months, euros("84096"), 2, law::TransitionalHoursAverage::whole_hour_up).has_value());
    BOOST_TEST(legal_parameters().for_month(YearMonth::from_civil(2025, 9)).transitional_complement->value.min_months_declared == 2);
}

namespace {

// The shipped table with one key of its complément différentiel set (or removed: nullptr).
std::unique_ptr<law::LegalParameters> with_complement_reading(const char* key, const char* reading) {
    std::ifstream in(parameters_path());
    nlohmann::json document = nlohmann::json::parse(in);
    if (reading == nullptr) {
        document["transitional_complement"][0].erase(key);
    } else {
        document["transitional_complement"][0][key] = reading;
    }
    return law::LegalParameters::from_json(document, "complement-reading.json");
}

// The complement of one declaration of 2025-09 (the month of a 6th birthday on 2025-09-01 or
// 02 keeps the CMG: R552-3 II, the birthday month keeps the situation before), net salary
// 500.00 for 100 h: averages 300.00 (old) and 200.00 (new), so 100.00 whenever every condition
// holds (the CMG and the complement stay within 90 % of 500.00 here, checked below).
Cents complement_paid(const law::LegalParameters& table, const law::HouseholdFacts& family,
                      std::optional<std::int32_t> average_hours_x100) {
    law::TransitionalFacts facts;
    facts.old_average = euros("300.00");
    facts.new_average = euros("200.00");
    facts.average_hours = average_hours_x100;
    const law::MonthParameters& p = table.for_month(YearMonth::from_civil(2025, 9));
    const law::Entitlement result = law::compute_entitlement(family, hourly_assmat("500.00", 100), p, nullptr,
                                                             law::Detail::with_reason, &facts);
    BOOST_TEST(result.eligible);
    BOOST_TEST(result.cmg_remuneration + result.transitional_paid <= euros("450.00"));
    return result.transitional_paid;
}

}  // namespace

// Which children open the complement is a reading (domain-2025.md sections 6 and 9): Urssaf's
// simulator asks for a child under 6 on 2025-09-01 and not born in 2022; the decree's articles
// I and II, as retrieved, ask for none. The shipped table keeps the simulator's age alone.
BOOST_AUTO_TEST_CASE(transitional_complement_child_condition_is_a_reading) {
    // Sixth birthday on 2025-09-01 (not under 6 that day), the day after (under 6), and a child
    // born in 2022 (3 on 2025-09-01).
    const auto six_on_the_day = household("30000", {day(2019, 9, 1)});
    const auto six_the_day_after = household("30000", {day(2019, 9, 2)});
    const auto born_2022 = household("30000", {day(2022, 6, 15)});
    const auto born_2021 = household("30000", {day(2021, 12, 31)});
    const auto shipped = with_complement_reading("child_condition", nullptr);  // the default
    const auto same = with_complement_reading("child_condition", "under_6_on_regime_start");
    for (const law::LegalParameters* table : std::vector<const law::LegalParameters*>{shipped.get(), same.get(), &legal_parameters()}) {
        BOOST_TEST(complement_paid(*table, six_on_the_day, std::nullopt) == Cents{0});
        BOOST_TEST(complement_paid(*table, six_the_day_after, std::nullopt) == euros("100.00"));
        BOOST_TEST(complement_paid(*table, born_2022, std::nullopt) == euros("100.00"));
    }
    const auto simulator = with_complement_reading("child_condition", "under_6_on_regime_start_not_born_2022");
    BOOST_TEST(complement_paid(*simulator, six_on_the_day, std::nullopt) == Cents{0});
    BOOST_TEST(complement_paid(*simulator, six_the_day_after, std::nullopt) == euros("100.00"));
    BOOST_TEST(complement_paid(*simulator, born_2022, std::nullopt) == Cents{0});
    BOOST_TEST(complement_paid(*simulator, born_2021, std::nullopt) == euros("100.00"));
    const auto none = with_complement_reading("child_condition", "none");
    BOOST_TEST(complement_paid(*none, six_on_the_day, std::nullopt) == euros("100.00"));
    BOOST_TEST(complement_paid(*none, born_2022, std::nullopt) == euros("100.00"));
    // The CMG itself is the same under every reading: only the complement moves.
    const auto cmg = [&](const law::LegalParameters& table) {
        return law::compute_entitlement(six_on_the_day, hourly_assmat("500.00", 100),
                                        table.for_month(YearMonth::from_civil(2025, 9)))
            .cmg_paid;
    };
    BOOST_TEST(cmg(*none) == cmg(*shipped));
    BOOST_CHECK_EXCEPTION(with_complement_reading("child_condition", "under_3"), pajesim::InputError, [](const pajesim::InputError& e) {
        return std::string(e.what()).find("/transitional_complement/0/child_condition") != std::string::npos &&
               std::string(e.what()).find("unknown value \"under_3\"") != std::string::npos;
    });
}

// How the average hours meet the minimum is a reading: Urssaf's simulator rounds the average
// up to the whole hour (99.01 h reaches 100 h); the decree's "monthly average" compared as it
// is does not. A child under 3: the assmat's minimum is 100 h.
BOOST_AUTO_TEST_CASE(transitional_complement_hours_average_is_a_reading) {
    const auto toddler = household("30000", {day(2024, 1, 10)});
    const auto shipped = with_complement_reading("hours_average", nullptr);  // the default
    const auto up = with_complement_reading("hours_average", "whole_hour_up");
    const auto exact = with_complement_reading("hours_average", "exact");
    for (const law::LegalParameters* table : std::vector<const law::LegalParameters*>{shipped.get(), up.get(), &legal_parameters()}) {
        BOOST_TEST(complement_paid(*table, toddler, 99'01) == euros("100.00"));
        BOOST_TEST(complement_paid(*table, toddler, 99'00) == Cents{0});
    }
    BOOST_TEST(complement_paid(*exact, toddler, 99'01) == Cents{0});
    BOOST_TEST(complement_paid(*exact, toddler, 99'99) == Cents{0});
    BOOST_TEST(complement_paid(*exact, toddler, 100'00) == euros("100.00"));
    // In a run the average is worked out from the hours declared: 299.99 h over the 3 months of
    // the period is 99.9966... h, 100 h rounded up to the hour, 99.99 h rounded down to the
    // hundredth; 300.00 h is 100 h either way.
    std::vector<law::ReferenceMonth> months(3);
    for (law::ReferenceMonth& month : months) {
        month.declared = true;
        month.old_cmg = euros("300.00");
        month.new_cmg = euros("200.00");
        month.hours_x100 = 100'00;
    }
    months[0].hours_x100 = 99'99;
    const auto rounded_up = law::transitional_facts(months, euros("30000"), 2, law::TransitionalHoursAverage::whole_hour_up);
    const auto as_is = law::transitional_facts(months, euros("30000"), 2, law::TransitionalHoursAverage::exact);
    BOOST_REQUIRE(rounded_up.has_value());
    BOOST_REQUIRE(as_is.has_value());
    BOOST_TEST(*rounded_up->average_hours == 100'00);
    BOOST_TEST(*as_is->average_hours == 99'99);
    const std::vector<law::AssmatReference> household_hours{{200'00, true}, {99'99, true}};
    BOOST_TEST(law::assmat_household_hours(household_hours, 3, law::TransitionalHoursAverage::whole_hour_up).second == 100'00);
    BOOST_TEST(law::assmat_household_hours(household_hours, 3, law::TransitionalHoursAverage::exact).second == 99'99);
    BOOST_CHECK_EXCEPTION(with_complement_reading("hours_average", "nearest"), pajesim::InputError, [](const pajesim::InputError& e) {
        return std::string(e.what()).find("/transitional_complement/0/hours_average") != std::string::npos;
    });
}

// The trace follows the order the rules apply: the care month first, and the monthly
// resources worked out from the N-2 resources just before they are clamped.
BOOST_AUTO_TEST_CASE(hourly_trace_reads_in_the_order_the_rules_apply) {
    law::Explanation explanation;
    (void)law::compute_entitlement(household("30000", {day(2024, 1, 10)}), hourly_assmat("500.00", 100),
                                   month_parameters(2025, 10), &explanation);
    const std::vector<std::string>& steps = explanation.steps();
    BOOST_REQUIRE(steps.size() > 3u);
    BOOST_TEST(steps.front().starts_with("care month 2025-10"), steps.front());
    std::size_t derived = steps.size();
    std::size_t clamped = steps.size();
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (steps[i].starts_with("resources N-2 30000.00 / 12 = 2500.00")) derived = i;
        if (steps[i].starts_with("monthly resources 2500.00")) clamped = i;
    }
    BOOST_TEST(clamped < steps.size());
    BOOST_TEST(derived + 1 == clamped);
    // A child too old for the CMG: the resources are never read, nor shown.
    law::Explanation refused;
    (void)law::compute_entitlement(household("30000", {day(2015, 1, 10)}), hourly_assmat("500.00", 100),
                                   month_parameters(2025, 10), &refused);
    for (const std::string& step : refused.steps()) BOOST_TEST(!step.starts_with("resources N-2"), step);
}

// The complement is paid for `duration_months` months from the hourly regime's first month,
// and not one more: with a duration of 2 (the shipped 48 runs past the table's months), in
// 2025-09 and 2025-10, not in 2025-11.
BOOST_AUTO_TEST_CASE(transitional_complement_stops_after_its_duration) {
    std::ifstream in(parameters_path());
    nlohmann::json document = nlohmann::json::parse(in);
    document["transitional_complement"][0]["duration_months"] = 2;
    const auto table = law::LegalParameters::from_json(document, "complement-duration.json");
    law::TransitionalFacts facts;
    facts.old_average = euros("300.00");
    facts.new_average = euros("200.00");
    const auto toddler = household("30000", {day(2024, 1, 10)});
    const auto paid_in = [&](unsigned month) {
        const law::Entitlement result = law::compute_entitlement(
            toddler, hourly_assmat("500.00", 100), table->for_month(YearMonth::from_civil(2025, month)), nullptr,
            law::Detail::with_reason, &facts);
        BOOST_TEST(result.eligible);
        return result.transitional_paid;
    };
    BOOST_TEST(paid_in(9) == euros("100.00"));
    BOOST_TEST(paid_in(10) == euros("100.00"));
    BOOST_TEST(paid_in(11) == Cents{0});
    BOOST_TEST(paid_in(12) == Cents{0});
}

// D531-17 II, D531-18-1 (domain-2025.md section 4.2): from 2025-09 a home carer's contributions
// are covered at 50 %, within a ceiling per household, halved when no child of the contract is
// under 3. A well-paid home carer (3 000.00 net for 150 h) has contributions whose half is above
// either ceiling: what is covered is the ceiling, and the family pays the rest.
BOOST_AUTO_TEST_CASE(hourly_home_carer_contributions_stop_at_the_household_ceiling) {
    const law::MonthParameters& p = month_parameters(2025, 10);
    const law::HomeCarerContributionsCap& caps = p.home_carer_contributions_cap->value;
    BOOST_TEST_REQUIRE(caps.age_3_to_6 < caps.under_3);
    law::ContractFacts contract = home_carer({0}, "3000.00");
    contract.hours_x100 = 150'00;
    for (const auto& [birth, cap] : {std::pair{day(2024, 1, 10), caps.under_3}, std::pair{day(2021, 3, 4), caps.age_3_to_6}}) {
        const law::Entitlement result = law::compute_entitlement(household("30000", {birth}), contract, p);
        BOOST_REQUIRE(result.eligible);
        const Cents half = Cents{(result.contributions.total.value() + 1) / 2};
        BOOST_TEST_REQUIRE(half > cap);  // the case reaches the ceiling
        BOOST_TEST(result.contributions.covered == cap, birth);
        BOOST_TEST(result.contributions.uncovered == result.contributions.total - cap, birth);
    }
}
