// The requests of `pajesim diff`: drawn from the seed and weighted to the law's edges, and
// their simplifications for shrinking (docs/diff.md).

#include <algorithm>
#include <array>

#include "harness/runner/diff.hpp"
#include "harness/runner/entitlement_io.hpp"
#include "sim/kernel/assert.hpp"
#include "sim/kernel/cents.hpp"
#include "sim/kernel/int128.hpp"
#include "sim/kernel/json_input.hpp"
#include "sim/kernel/random.hpp"
#include "sim/law/cmg.hpp"

namespace pajesim::harness {
namespace {

const Cents max_request_resources = Cents::from_euros(max_request_resources_euros);
const Cents max_salary = Cents::from_euros(max_request_monthly_euros);  // any monthly amount
const Cents max_hours = Cents::from_euros(744);  // hours, written like an amount

// ceiling(n) = one_child if n = 1, else two_children + (n - 2) x per_extra_child (D531-18),
// computed here from the table rather than taken from the oracle, so that the edges aimed at
// do not depend on the code under test.
Cents ceiling_for(const law::Ceilings& ceilings, int children) {
    if (children <= 1) return ceilings.one_child;
    return ceilings.two_children + ceilings.per_extra_child.times(children - 2);
}

// The two ceilings P1 and P2 for `children` dependents, x the single-parent factor (rounded
// down to the cent: resources at or below the exact product fall in the lower bracket).
std::array<Cents, 2> ceilings(const law::MonthParameters& p, int children, bool single_parent) {
    const law::CeilingTable& table = p.resource_ceilings->value;
    std::array<Cents, 2> result{ceiling_for(table.bracket_1, children),
                                ceiling_for(table.bracket_2, children)};
    if (single_parent) {
        const Ratio& factor = p.single_parent_ceiling_factor->value;
        for (Cents& ceiling : result) {
            const Int128 scaled = static_cast<Int128>(ceiling.value()) * factor.numerator() /
                                  factor.denominator();
            ceiling = Cents{static_cast<std::int64_t>(scaled)};
        }
    }
    return result;
}

// The facts of a request that the edges depend on.
struct RequestView {
    YearMonth month;
    bool single_parent = false;
    std::vector<Date> births;
    Cents resources;
};

Cents request_amount(const OrderedJson& value) {
    if (value.is_string()) {
        const auto parsed = Cents::parse(value.get<std::string>());
        PAJESIM_ASSERT(parsed.has_value());
        return *parsed;
    }
    PAJESIM_ASSERT(value.is_number_unsigned() || value.is_number_integer());
    return Cents::from_euros(value.get<std::int64_t>());
}

RequestView view_of(const OrderedJson& request) {
    RequestView view;
    view.month = *YearMonth::parse(request.at("month").get<std::string>());
    const OrderedJson& household = request.at("household");
    view.single_parent = household.at("single_parent").get<bool>();
    view.resources = request_amount(household.at("resources_n2"));
    for (const auto& child : household.at("children")) {
        view.births.push_back(*Date::parse(child.at("birth").get<std::string>()));
    }
    return view;
}

// Children born before the 1st of the month (a child born in the month counts from the next).
int dependents(const std::vector<Date>& births, YearMonth month) {
    const Date first_day = month.first_day();
    return static_cast<int>(std::count_if(births.begin(), births.end(),
                                          [&](const Date& birth) { return birth < first_day; }));
}

// The bracket ceilings P1 and P2 of the request; none without a dependent child, or in a
// month of the hourly regime (no brackets).
std::vector<Cents> ceilings_of(const RequestView& view, const law::LegalParameters& parameters) {
    const law::MonthParameters& p = parameters.for_month(view.month);
    if (p.hourly()) return {};
    const int children = dependents(view.births, view.month);
    if (children == 0) return {};
    const auto both = ceilings(p, children, view.single_parent);
    return {both.begin(), both.end()};
}

// ---- drawing ---------------------------------------------------------------------------

std::size_t pick(RandomStream& random, std::initializer_list<std::uint32_t> weights) {
    return random.weighted_choice(std::span<const std::uint32_t>(weights.begin(), weights.size()));
}

Cents random_cents(RandomStream& random, std::int64_t low_euros, std::int64_t high_euros) {
    const std::int64_t euros = random.uniform_int(low_euros, high_euros);
    const std::int64_t cents = pick(random, {3, 1}) == 0 ? 0 : random.uniform_int(0, 99);
    return Cents{euros * 100 + cents};
}

// An amount as a request may write it: "600.00", "600.5", "600" or 600.
OrderedJson amount_json(RandomStream& random, Cents amount) {
    const std::int64_t cents = amount.value();
    const std::size_t form = pick(random, {6, 2, 2});
    if (form == 1 && cents % 100 == 0) return OrderedJson(cents / 100);
    if (form == 2 && cents % 10 == 0) {
        std::string text = amount.to_string();
        text.pop_back();
        if (text.back() == '0') text.resize(text.size() - 2);
        return OrderedJson(text);
    }
    return OrderedJson(amount.to_string());
}

Date day_of(YearMonth month, std::size_t which, RandomStream& random) {
    const unsigned last = static_cast<unsigned>(month.last_day().civil().day());
    const unsigned day = which == 0 ? 1U : which == 1 ? last
                                     : static_cast<unsigned>(random.uniform_int(1, last));
    return Date::from_civil(month.year(), month.month(), day);
}

// A birth date: ordinary, or on an age edge (3rd or 6th birthday in the month before, the
// month of or the month after the care month; on the 1st, the last day or any day), on
// 29 February, around the care month's start (a newborn counts from the next month), or a
// 3rd birthday in January to September of the care year (the full rate kept until August).
Date draw_birth(RandomStream& random, YearMonth month) {
    switch (pick(random, {30, 35, 10, 15, 10})) {
        case 0:
            return month.first_day().plus_days(static_cast<std::int32_t>(random.uniform_int(-7 * 366, 40)));
        case 1: {
            const int years = pick(random, {1, 1}) == 0 ? 3 : 6;
            const YearMonth birthday = month.plus_months(static_cast<std::int32_t>(random.uniform_int(-1, 1)));
            const YearMonth birth = YearMonth::from_civil(birthday.year() - years, birthday.month());
            return day_of(birth, pick(random, {2, 2, 1}), random);
        }
        case 2: {
            int year = month.year() - (pick(random, {1, 1}) == 0 ? 3 : 6) +
                       static_cast<int>(random.uniform_int(-2, 1));
            while (!std::chrono::year{year}.is_leap()) --year;
            return Date::from_civil(year, 2, 29);
        }
        case 3:
            switch (pick(random, {3, 3, 1, 1})) {
                case 0: return month.first_day();                // not counted in the month
                case 1: return month.first_day().plus_days(-1);  // counted
                case 2: return day_of(month, 2, random);
                default: return month.plus_months(1).first_day();
            }
        default:
            return day_of(YearMonth::from_civil(month.year() - 3,
                                                static_cast<unsigned>(random.uniform_int(1, 9))),
                          2, random);
    }
}

// Resources: at a ceiling +-1 cent or +-1 euro (for the dependents, or for every child when
// a newborn might be counted by mistake), ordinary, or extreme.
Cents draw_resources(RandomStream& random, const law::MonthParameters& p,
                     const std::vector<Date>& births, bool single_parent) {
    const std::size_t kind = pick(random, {45, 45, 10});
    if (kind == 0) {
        int children = dependents(births, p.month);
        if (children == 0 || pick(random, {4, 1}) == 1) children = static_cast<int>(births.size());
        const auto both = ceilings(p, children, single_parent);
        const Cents ceiling = both[random.uniform_below(2)];
        static constexpr std::array<std::int64_t, 5> offsets{0, 1, -1, 100, -100};
        const std::int64_t offset = offsets[pick(random, {4, 1, 1, 2, 2})];
        return Cents{std::max<std::int64_t>(0, ceiling.value() + offset)};
    }
    if (kind == 1) return random_cents(random, 0, 120'000);
    static const std::array<Cents, 3> extremes{Cents{0}, Cents{1}, max_request_resources};
    return extremes[random.uniform_below(3)];
}

struct ContractDraft {
    bool assmat = true;
    std::vector<std::uint32_t> children;
    Cents net_salary;
    Cents maintenance;
    bool maintenance_given = false;
    std::optional<std::int32_t> days;
};

law::HouseholdFacts household_facts(const std::vector<Date>& births, const std::vector<bool>& aeeh,
                                    bool single_parent, Cents resources, bool activity) {
    law::HouseholdFacts household;
    household.single_parent = single_parent;
    household.resources_n2 = resources;
    household.activity_condition_met = activity;
    for (std::size_t i = 0; i < births.size(); ++i) household.children.push_back({births[i], aeeh[i]});
    return household;
}

// The net salary at the 85 % cap's edge: 85 % x (net + maintenance) around the maximum, or at
// the assmat daily cap's edge: net / (1 - employee rate) / days / children = 5 x SMIC.
Cents draw_salary(RandomStream& random, const law::MonthParameters& p,
                  const law::HouseholdFacts& household, const ContractDraft& draft) {
    const std::size_t kind = pick(random, {50, 20, 20, 10});
    if (kind == 1) {
        law::ContractFacts contract;
        contract.mode = draft.assmat ? law::CareMode::assmat : law::CareMode::home_carer;
        contract.children = draft.children;
        contract.days_worked = draft.days.value_or(1);
        const Cents maximum = law::compute_entitlement(household, contract, p, nullptr,
                                                       law::Detail::amounts_only).cmg_max;
        const Ratio& share = p.salary_cap_share->value;
        if (maximum > Cents{0} && share.numerator() > 0) {
            const Int128 total = static_cast<Int128>(maximum.value()) * share.denominator() /
                                 share.numerator();
            static constexpr std::array<std::int64_t, 6> offsets{0, 1, 2, -1, 100, -100};
            const std::int64_t net = static_cast<std::int64_t>(total) - draft.maintenance.value() +
                                     offsets[random.uniform_below(offsets.size())];
            return Cents{std::clamp<std::int64_t>(net, 0, max_salary.value())};
        }
    }
    if (kind == 2 && draft.assmat) {
        const Ratio& employee = p.approximate_contribution_rates->value.employee;
        const Ratio& multiple = p.assmat_daily_cap_smic_multiple->value;
        const Int128 keep = employee.denominator() - employee.numerator();
        const Int128 limit = static_cast<Int128>(p.smic_hourly_gross->value.value()) *
                             multiple.numerator() * keep * *draft.days *
                             static_cast<Int128>(draft.children.size()) /
                             (static_cast<Int128>(employee.denominator()) * multiple.denominator());
        static constexpr std::array<std::int64_t, 5> offsets{0, 1, 2, -100, 100};
        const std::int64_t net = static_cast<std::int64_t>(limit) + offsets[pick(random, {3, 3, 1, 1, 1})];
        return Cents{std::clamp<std::int64_t>(net, 0, max_salary.value())};
    }
    if (kind == 3) {
        static const std::array<Cents, 3> small{Cents{0}, Cents{1}, Cents{100}};
        return small[random.uniform_below(3)];
    }
    return draft.assmat ? random_cents(random, 50, 2'000) : random_cents(random, 100, 3'500);
}

ContractDraft draw_contract(RandomStream& random, std::size_t household_children) {
    ContractDraft draft;
    draft.assmat = pick(random, {7, 3}) == 0;
    std::vector<std::uint32_t> indexes(household_children);
    for (std::uint32_t i = 0; i < indexes.size(); ++i) indexes[i] = i;
    for (std::size_t i = 0; i + 1 < indexes.size(); ++i) {  // Fisher-Yates, our own draws
        std::swap(indexes[i], indexes[i + random.uniform_below(indexes.size() - i)]);
    }
    std::size_t count = pick(random, {6, 3, 1}) + 1;
    count = std::min(count, household_children);
    draft.children.assign(indexes.begin(), indexes.begin() + static_cast<std::ptrdiff_t>(count));
    const std::size_t maintenance = pick(random, {10, 3, 7});
    draft.maintenance_given = maintenance != 0;
    // A home carer has no maintenance allowances: the amount is drawn all the same (the same
    // draws follow) and given as 0.
    if (maintenance == 2) {
        const Cents amount = random_cents(random, 0, 150);
        if (draft.assmat) draft.maintenance = amount;
    }
    if (draft.assmat || pick(random, {1, 1}) == 0) {
        draft.days = static_cast<std::int32_t>(pick(random, {3, 2}) == 0 ? random.uniform_int(15, 23)
                                                                         : random.uniform_int(1, 31));
    }
    return draft;
}

// A request's id, month and household, in both regimes. The keys' presence was drawn (absent,
// false, true); `alternating_keys` is empty under the brackets. The draws stay in this order.
OrderedJson request_with_household(RandomStream& random, std::uint64_t index, YearMonth month, bool single_parent,
                                   Cents resources, std::size_t activity, const std::vector<Date>& births,
                                   const std::vector<std::size_t>& aeeh_keys,
                                   const std::vector<std::size_t>& alternating_keys) {
    OrderedJson request;
    request["id"] = "case-" + std::to_string(index);
    request["month"] = month.to_string();
    OrderedJson& facts = request["household"];
    facts["single_parent"] = single_parent;
    facts["resources_n2"] = amount_json(random, resources);
    if (activity != 0) facts["activity_condition_met"] = activity == 1;
    facts["children"] = OrderedJson::array();
    for (std::size_t i = 0; i < births.size(); ++i) {
        OrderedJson child;
        child["birth"] = births[i].to_string();
        if (aeeh_keys[i] != 0) child["aeeh"] = aeeh_keys[i] == 2;
        if (i < alternating_keys.size() && alternating_keys[i] != 0) child["alternating"] = alternating_keys[i] == 2;
        facts["children"].push_back(child);
    }
    return request;
}

YearMonth draw_month(RandomStream& random, const DiffSpace& space) {
    if (!space.edge_months.empty() && pick(random, {65, 35}) == 1) {
        return space.edge_months[random.uniform_below(space.edge_months.size())];
    }
    return space.months[random.uniform_below(space.months.size())];
}

// Which keys of MonthParameters point to another table entry than the month before's.
bool same_parameters(const law::MonthParameters& a, const law::MonthParameters& b) {
    return a.bmaf == b.bmaf && a.smic_hourly_gross == b.smic_hourly_gross &&
           a.resource_ceilings == b.resource_ceilings &&
           a.single_parent_ceiling_factor == b.single_parent_ceiling_factor &&
           a.remuneration_rates == b.remuneration_rates && a.age_3_to_6_factor == b.age_3_to_6_factor &&
           a.single_parent_increase == b.single_parent_increase && a.aeeh_increase == b.aeeh_increase &&
           a.salary_cap_share == b.salary_cap_share && a.crds_rate == b.crds_rate &&
           a.assmat_daily_cap_smic_multiple == b.assmat_daily_cap_smic_multiple &&
           a.contributions_coverage == b.contributions_coverage &&
           a.home_carer_contributions_cap == b.home_carer_contributions_cap &&
           a.approximate_contribution_rates == b.approximate_contribution_rates &&
           a.full_rate_until_august == b.full_rate_until_august && a.condition_end == b.condition_end &&
           a.regime == b.regime && a.alternating_residence == b.alternating_residence &&
           a.hourly_cap == b.hourly_cap && a.reference_hourly_cost == b.reference_hourly_cost &&
           a.monthly_resource_floor == b.monthly_resource_floor &&
           a.monthly_resource_ceiling == b.monthly_resource_ceiling && a.effort_rates == b.effort_rates &&
           a.age_limits == b.age_limits && a.aeeh_effort_step == b.aeeh_effort_step &&
           a.hourly_rounding == b.hourly_rounding && a.hourly_clamp_at_zero == b.hourly_clamp_at_zero &&
           a.indemnity_exclusion == b.indemnity_exclusion &&
           a.transitional_complement == b.transitional_complement;
}


// ---- drawing a request of the hourly regime (care months from 2025-09) -------------------
// The edges are computed here from the table, not taken from the oracle (except the CMG that
// the complément différentiel's 90 % cap is aimed at), so that they do not depend on the code
// under test.

// Children counted for the effort rate: born before the 1st of the month and under the
// table's age (20) on that day; and those of them who receive the AEEH (D531-18 3°).
struct Counted {
    int children = 0;
    int aeeh = 0;
};

Counted counted_children(const std::vector<Date>& births, const std::vector<bool>& aeeh,
                         const law::MonthParameters& p) {
    Counted counted;
    for (std::size_t i = 0; i < births.size(); ++i) {
        if (law::counted_as_dependent(births[i], p.month, p)) {
            ++counted.children;
            if (aeeh[i]) ++counted.aeeh;
        }
    }
    return counted;
}

// The day before, the day of or the day after `date`.
Date around(RandomStream& random, Date date) {
    return date.plus_days(static_cast<std::int32_t>(random.uniform_int(-1, 1)));
}

// The birth of a child of the contract: ordinary (from newborn to a year past the age limit),
// on an age edge (the limit birthday, 6 or 12 for a single parent, and sometimes the 3rd or
// the other limit, in the month before, the month of or the month after the care month; on
// the 1st, the last day or any day), on 29 February, around the care month's start (a child
// born in the month counts from the next), or around the 3rd or 6th birthday on the regime's
// first day (the complément différentiel's conditions).
Date draw_cared_birth(RandomStream& random, const law::MonthParameters& p, bool single_parent) {
    const law::AgeLimits& limits = p.age_limits->value;
    const int limit = single_parent ? limits.single_parent_years : limits.years;
    const int other = single_parent ? limits.years : limits.single_parent_years;
    const YearMonth month = p.month;
    switch (pick(random, {30, 35, 8, 12, 15})) {
        case 0:
            return month.first_day().plus_days(
                static_cast<std::int32_t>(random.uniform_int(-(limit + 1) * 366, 40)));
        case 1: {
            const std::array<int, 3> choices{limit, 3, other};
            const int years = choices[pick(random, {6, 1, 1})];
            const YearMonth birthday = month.plus_months(static_cast<std::int32_t>(random.uniform_int(-1, 1)));
            const YearMonth birth = YearMonth::from_civil(birthday.year() - years, birthday.month());
            return day_of(birth, pick(random, {2, 2, 1}), random);
        }
        case 2: {
            int year = month.year() - (pick(random, {1, 1}) == 0 ? limit : 3) +
                       static_cast<int>(random.uniform_int(-2, 1));
            while (!std::chrono::year{year}.is_leap()) --year;
            return Date::from_civil(year, 2, 29);
        }
        case 3:
            switch (pick(random, {3, 3, 1, 1})) {
                case 0: return month.first_day();
                case 1: return month.first_day().plus_days(-1);
                case 2: return day_of(month, 2, random);
                default: return month.plus_months(1).first_day();
            }
        default: {
            const Date start = p.hourly_start.first_day();
            const int years = pick(random, {1, 1}) == 0 ? 3 : 6;
            return around(random, Date::from_civil(start.year() - years, start.month(), 1));
        }
    }
}

// A child of the household outside the contract: any age up to 25, around the age at which
// a child stops counting for the effort rate (20 on the month's 1st day), or as a cared child.
Date draw_sibling_birth(RandomStream& random, const law::MonthParameters& p, bool single_parent) {
    switch (pick(random, {50, 25, 25})) {
        case 0:
            return p.first_day.plus_days(-static_cast<std::int32_t>(random.uniform_int(0, 25 * 366)));
        case 1: {
            const int under = p.effort_rates->value.counted_under_years;
            return around(random, Date::from_civil(p.month.year() - under, p.month.month(), 1));
        }
        default:
            return draw_cared_birth(random, p, single_parent);
    }
}

// Annual resources: 12 x a monthly target in euros, exactly, +-1 cent, +-1 or 5 euros, or at
// the rounding of /12 to the euro (12 R - 6.00 rounds up to R, 12 R - 6.01 down to R - 1,
// 12 R + 5.99 to R, 12 R + 6.00 to R + 1). The targets: the floor, the ceiling, the zero-CMG
// threshold (R x effort rate = reference cost, the euro below or above), any R between floor
// and ceiling; or ordinary (0 to 120 000 euros) or extreme resources.
Cents draw_hourly_resources(RandomStream& random, const law::MonthParameters& p, law::CareMode mode,
                            const Counted& counted) {
    const std::int64_t floor = p.monthly_resource_floor->value.value() / 100;
    const std::int64_t ceiling = p.monthly_resource_ceiling->value.value() / 100;
    std::int64_t target = 0;
    switch (pick(random, {20, 20, 15, 35, 10})) {
        case 0: target = floor; break;
        case 1: target = ceiling; break;
        case 2: {
            const Ratio rate = law::effort_rate(mode, std::max(counted.children, 1), counted.aeeh, p);
            const Cents cref = mode == law::CareMode::assmat ? p.reference_hourly_cost->value.assmat
                                                             : p.reference_hourly_cost->value.home_carer;
            // R = Cref / rate, Cref in cents: R = cref x denominator / (100 x numerator).
            const Int128 numerator = static_cast<Int128>(cref.value()) * rate.denominator();
            const Int128 denominator = static_cast<Int128>(100) * rate.numerator();
            const auto below = static_cast<std::int64_t>(numerator / denominator);
            const auto above = static_cast<std::int64_t>((numerator + denominator - 1) / denominator);
            target = std::min(pick(random, {1, 1}) == 0 ? below : above, ceiling);
            break;
        }
        case 3:
            return random_cents(random, 0, 120'000);
        default: {
            static const std::array<Cents, 3> extremes{Cents{0}, Cents{1}, max_request_resources};
            const std::size_t which = pick(random, {1, 1, 1, 3});
            if (which < 3) return extremes[which];
            target = random.uniform_int(floor, ceiling);
            break;
        }
    }
    static constexpr std::array<std::int64_t, 11> offsets{0, 1, -1, 100, -100, 500, -500, -600, -601, 599, 600};
    const std::int64_t offset = offsets[pick(random, {4, 1, 1, 1, 1, 1, 1, 3, 3, 2, 2})];
    return Cents{std::clamp<std::int64_t>(target * 1200 + offset, 0, max_request_resources.value())};
}

// Paid hours in hundredths: mostly 40 to 180 h (whole, half or any hundredth), sometimes any
// value from 0 to 300 h, or 0, 0.01, 0.5, 1 or 300 h.
std::int32_t draw_hours(RandomStream& random) {
    switch (pick(random, {70, 20, 10})) {
        case 0: {
            const auto whole = static_cast<std::int32_t>(random.uniform_int(40, 180));
            const std::size_t fraction = pick(random, {2, 1, 1});
            return whole * 100 + (fraction == 0 ? 0 : fraction == 1 ? 50
                                                 : static_cast<std::int32_t>(random.uniform_int(0, 99)));
        }
        case 1:
            return static_cast<std::int32_t>(random.uniform_int(0, 30'000));
        default: {
            static constexpr std::array<std::int32_t, 5> small{0, 1, 50, 100, 30'000};
            return small[random.uniform_below(small.size())];
        }
    }
}

struct HourlyContractDraft {
    bool assmat = true;
    std::vector<std::uint32_t> children;
    Cents net_salary;
    Cents maintenance;
    Cents meals;
    Cents indemnities;
    bool maintenance_given = false;
    bool meals_given = false;
    bool indemnities_given = false;
    bool indemnities_all_of_net = false;
    std::int32_t hours_x100 = 0;
    std::optional<std::int32_t> days;
};

// The net salary: at the hourly cap's edge (the part of the cost checked against the cap, net
// + maintenance + meals for an assmat, less the indemnities when the table leaves them out of
// the check, at cap x hours rounded down or up to the cent, or a cent beyond), at a realistic
// hourly pay, any, or tiny. The indemnities are then kept within the net salary.
void draw_hourly_salary(RandomStream& random, const law::MonthParameters& p, HourlyContractDraft& draft) {
    const std::size_t kind = pick(random, {30, 45, 15, 10});
    Cents extras = draft.assmat ? draft.maintenance + draft.meals : Cents{0};
    if (kind == 0) {
        const bool excluding = p.indemnity_exclusion->value != law::IndemnityExclusion::none;
        const Cents excluded = excluding ? draft.indemnities : Cents{0};
        const Cents cap = draft.assmat ? p.hourly_cap->value.assmat : p.hourly_cap->value.home_carer;
        const std::int64_t exact_x100 = cap.value() * draft.hours_x100;  // cents x 100
        const std::int64_t below = exact_x100 / 100;
        const std::int64_t above = (exact_x100 + 99) / 100;
        static constexpr std::array<std::int64_t, 4> choices{0, 1, 2, 3};
        const std::int64_t which = choices[pick(random, {3, 3, 1, 1})];
        const std::int64_t checked = std::max<std::int64_t>(
            0, which == 0 ? below : which == 1 ? above : which == 2 ? below - 1 : above + 1);
        if (Cents{checked} < extras) {  // the extras alone would exceed it: none
            draft.maintenance_given = draft.meals_given = false;
            draft.maintenance = draft.meals = Cents{0};
            extras = Cents{0};
        }
        draft.net_salary = Cents{checked} + excluded - extras;
    } else if (kind == 1) {
        const std::int64_t hourly = draft.assmat ? random.uniform_int(300, 1'000) : random.uniform_int(900, 1'800);
        draft.net_salary = Cents{hourly * draft.hours_x100 / 100};
    } else if (kind == 2) {
        draft.net_salary = random_cents(random, 0, 3'000);
    } else {
        static const std::array<Cents, 3> small{Cents{0}, Cents{1}, Cents{100}};
        draft.net_salary = small[random.uniform_below(3)];
    }
    if (draft.indemnities_all_of_net) draft.indemnities = draft.net_salary;
    draft.indemnities = min(draft.indemnities, draft.net_salary);
}

// The complément différentiel's D531-20 2° ceiling for the request's household: children born
// before the regime's first day and under 20 then, at least 1; x 1.4 for a single parent,
// rounded down to the cent (at or below the exact product is within).
Cents transitional_ceiling(const law::MonthParameters& p, const std::vector<Date>& births, bool single_parent) {
    const law::TransitionalComplement& rule = p.transitional_complement->value;
    const Date start = p.hourly_start.first_day();
    int children = 0;
    for (const Date& birth : births) {
        if (law::counted_as_dependent(birth, start.year_month(), p)) ++children;
    }
    Cents ceiling = ceiling_for(rule.ceilings, std::max(children, 1));
    if (single_parent) {
        const Ratio& factor = rule.single_parent_ceiling_factor;
        ceiling = Cents{static_cast<std::int64_t>(static_cast<Int128>(ceiling.value()) * factor.numerator() /
                                                  factor.denominator())};
    }
    return ceiling;
}

OrderedJson generate_hourly_request(RandomStream& random, const law::MonthParameters& p,
                                    YearMonth month, std::uint64_t index) {
    const bool single_parent = pick(random, {2, 1}) == 1;
    const std::size_t activity = pick(random, {18, 1, 1});  // absent, true, false
    const std::size_t children = pick(random, {30, 25, 15, 8, 5, 4, 3, 3, 3, 2, 2}) + 1;  // 1 to 11
    HourlyContractDraft draft;
    draft.assmat = pick(random, {7, 3}) == 0;
    std::vector<std::uint32_t> indexes(children);
    for (std::uint32_t i = 0; i < indexes.size(); ++i) indexes[i] = i;
    for (std::size_t i = 0; i + 1 < indexes.size(); ++i) {
        std::swap(indexes[i], indexes[i + random.uniform_below(indexes.size() - i)]);
    }
    // An assmat contract names one child from 2025-09; a home carer's, 1 to 3.
    const std::size_t count = draft.assmat ? 1 : std::min(pick(random, {6, 3, 1}) + 1, children);
    draft.children.assign(indexes.begin(), indexes.begin() + static_cast<std::ptrdiff_t>(count));

    std::vector<Date> births;
    std::vector<std::size_t> aeeh_keys;         // absent, false, true
    std::vector<std::size_t> alternating_keys;  // absent, false, true
    const bool alternating_in_force = p.alternating_residence->value;
    for (std::uint32_t i = 0; i < children; ++i) {
        const bool cared = std::find(draft.children.begin(), draft.children.end(), i) != draft.children.end();
        births.push_back(cared ? draw_cared_birth(random, p, single_parent)
                               : draw_sibling_birth(random, p, single_parent));
        aeeh_keys.push_back(pick(random, {75, 8, 17}));
        alternating_keys.push_back(alternating_in_force ? pick(random, {80, 8, 12}) : 0);
    }
    std::vector<bool> aeeh;
    for (std::size_t key : aeeh_keys) aeeh.push_back(key == 2);
    const law::CareMode mode = draft.assmat ? law::CareMode::assmat : law::CareMode::home_carer;
    const Cents resources = draw_hourly_resources(random, p, mode, counted_children(births, aeeh, p));

    draft.hours_x100 = draw_hours(random);
    // Absent, 0, an amount; a home carer's amounts are drawn and given as 0 (it has none).
    const std::size_t maintenance = pick(random, {10, 3, 7});
    draft.maintenance_given = maintenance != 0;
    if (maintenance == 2) {
        const Cents amount = random_cents(random, 0, 150);
        if (draft.assmat) draft.maintenance = amount;
    }
    const std::size_t meals = draft.assmat ? pick(random, {8, 2, 10}) : pick(random, {9, 0, 1});
    draft.meals_given = meals != 0;
    if (meals == 2) {
        const Cents amount = random_cents(random, 0, 120);
        if (draft.assmat) draft.meals = amount;
    }
    // Indemnities, occasionally (they count from 2026-01 under the default table).
    const std::size_t indemnities = pick(random, {8, 1, 1});  // absent, an amount, all of the net
    draft.indemnities_given = indemnities != 0;
    draft.indemnities_all_of_net = indemnities == 2;
    if (indemnities == 1) draft.indemnities = random_cents(random, 0, 300);
    draw_hourly_salary(random, p, draft);
    if (pick(random, {3, 2}) == 1) {
        draft.days = std::min(static_cast<std::int32_t>(pick(random, {3, 2}) == 0 ? random.uniform_int(15, 23)
                                                                                  : random.uniform_int(1, 31)),
                              static_cast<std::int32_t>(month.day_count()));
    }

    OrderedJson request = request_with_household(random, index, month, single_parent, resources, activity, births,
                                                 aeeh_keys, alternating_keys);
    OrderedJson& contract = request["contract"];
    contract["mode"] = draft.assmat ? "assmat" : "home_carer";
    contract["children"] = draft.children;
    contract["net_salary"] = amount_json(random, draft.net_salary);
    if (draft.maintenance_given) contract["maintenance"] = amount_json(random, draft.maintenance);
    if (draft.meals_given) contract["meals"] = amount_json(random, draft.meals);
    if (draft.indemnities_given) contract["indemnities"] = amount_json(random, draft.indemnities);
    contract["hours"] = amount_json(random, Cents{draft.hours_x100});
    if (draft.days) contract["days"] = *draft.days;

    // The complément différentiel, one time in four.
    if (pick(random, {3, 1}) == 1) {
        const Cents new_average = random_cents(random, 0, 600);
        Cents old_average;
        switch (pick(random, {40, 50, 10})) {
            case 0: {
                // At the 90 % cap's edge: old - new = 90 % x net - CMG, to the cent and beyond.
                law::HouseholdFacts household = household_facts(births, aeeh, single_parent, resources, activity != 2);
                law::ContractFacts facts_of_contract;
                facts_of_contract.mode = mode;
                facts_of_contract.children = draft.children;
                facts_of_contract.net_salary = draft.net_salary;
                facts_of_contract.maintenance = draft.maintenance;
                facts_of_contract.meals = draft.meals;
                facts_of_contract.indemnities = draft.indemnities;
                facts_of_contract.hours_x100 = draft.hours_x100;
                const Cents cmg = law::compute_entitlement(household, facts_of_contract, p, nullptr,
                                                           law::Detail::amounts_only).cmg_remuneration;
                const Cents cap = apply_rate(draft.net_salary, p.transitional_complement->value.cap_share_of_net_pay,
                                             Rounding::half_up);
                const Cents room = max(Cents{0}, cap - cmg);
                static constexpr std::array<std::int64_t, 5> offsets{0, 1, -1, 100, -100};
                const std::int64_t offset = offsets[pick(random, {4, 2, 2, 1, 1})];
                old_average = Cents{std::clamp<std::int64_t>((new_average + room).value() + offset, 0,
                                                             max_salary.value())};
                break;
            }
            case 1: old_average = random_cents(random, 0, 800); break;
            default: old_average = new_average; break;
        }
        OrderedJson& transitional = request["transitional"];
        transitional["old_average"] = amount_json(random, old_average);
        transitional["new_average"] = amount_json(random, new_average);
        if (pick(random, {1, 1}) == 1) {
            std::int32_t hours = 0;
            if (pick(random, {1, 1}) == 0) {
                static constexpr std::array<std::int32_t, 3> minimums{50, 100, 150};
                hours = minimums[random.uniform_below(3)] * 100 + static_cast<std::int32_t>(random.uniform_int(-1, 1));
            } else {
                hours = static_cast<std::int32_t>(random.uniform_int(0, 25'000));
            }
            transitional["average_hours"] = amount_json(random, Cents{hours});
            // The household's typology (its hours with an assmat keeping several children...).
            if (pick(random, {2, 1}) == 1) {
                static constexpr std::array<const char*, 5> typologies{
                    "assmat_one_child_under_3", "assmat_one_child_3_or_over", "home_carer",
                    "assmat_several_all_under_3", "assmat_several_one_3_or_over"};
                transitional["typology"] = typologies[random.uniform_below(typologies.size())];
            }
        }
        if (pick(random, {1, 1}) == 1) {
            Cents resources_2023;
            if (pick(random, {1, 1}) == 0) {
                static constexpr std::array<std::int64_t, 5> offsets{0, 1, -1, 100, -100};
                const std::int64_t offset = offsets[pick(random, {4, 2, 2, 1, 1})];
                resources_2023 = Cents{transitional_ceiling(p, births, single_parent).value() + offset};
            } else {
                resources_2023 = random_cents(random, 0, 70'000);
            }
            transitional["resources_2023"] = amount_json(random, resources_2023);
        }
    }
    return request;
}

}  // namespace

DiffSpace diff_space(const law::LegalParameters& parameters, YearMonth first, YearMonth last) {
    DiffSpace space;
    space.parameters = &parameters;
    // Every covered month, of either regime (docs/diff.md); the regime switch is a change of
    // parameters like any other (law_regime and the hourly series start), so its two months
    // are edges.
    const auto drawable = [&](YearMonth month) { return parameters.covers(month); };
    for (YearMonth month = first; month <= last; month = month.plus_months(1)) {
        if (!drawable(month)) continue;
        space.months.push_back(month);
        const YearMonth before = month.plus_months(-1);
        const YearMonth after = month.plus_months(1);
        const law::MonthParameters& here = parameters.for_month(month);
        const bool starts = !drawable(before) ||
                            !same_parameters(here, parameters.for_month(before));
        const bool ends = !drawable(after) ||
                          !same_parameters(here, parameters.for_month(after));
        if (starts || ends) space.edge_months.push_back(month);
    }
    if (space.months.empty()) {
        throw InputError("--months", "no month from " + first.to_string() + " to " +
                                         last.to_string() + " is covered by the legal parameters " +
                                         parameters.version() + " (" + parameters.covered_periods() +
                                         ")");
    }
    return space;
}

OrderedJson generate_request(const DiffSpace& space, std::uint64_t seed, std::uint64_t index) {
    PAJESIM_ASSERT(!space.months.empty());
    RandomStream random(seed, StreamKind::diff_request, index);
    const YearMonth month = draw_month(random, space);
    const law::MonthParameters& p = space.parameters->for_month(month);
    // A month of the hourly regime has its own request; the bracket regime's draws below are
    // those of the first version of diff, so that a seed replays the same bracket requests.
    if (p.hourly()) return generate_hourly_request(random, p, month, index);
    const bool single_parent = pick(random, {3, 1}) == 1;
    const std::size_t activity = pick(random, {18, 1, 1});  // absent, true, false
    const std::size_t children = pick(random, {40, 30, 15, 8, 4, 3}) + 1;
    std::vector<Date> births;
    std::vector<std::size_t> aeeh_keys;  // absent, false, true
    for (std::size_t i = 0; i < children; ++i) {
        births.push_back(draw_birth(random, month));
        aeeh_keys.push_back(pick(random, {80, 8, 12}));
    }
    const Cents resources = draw_resources(random, p, births, single_parent);
    ContractDraft draft = draw_contract(random, children);
    // No more days worked than the month has (drawn as before, so a seed keeps its requests).
    if (draft.days) draft.days = std::min(*draft.days, static_cast<std::int32_t>(month.day_count()));
    std::vector<bool> aeeh;
    for (std::size_t key : aeeh_keys) aeeh.push_back(key == 2);
    const auto household = household_facts(births, aeeh, single_parent, resources, activity != 2);
    draft.net_salary = draw_salary(random, p, household, draft);

    OrderedJson request = request_with_household(random, index, month, single_parent, resources, activity, births,
                                                 aeeh_keys, {});
    OrderedJson& contract = request["contract"];
    contract["mode"] = draft.assmat ? "assmat" : "home_carer";
    contract["children"] = draft.children;
    contract["net_salary"] = amount_json(random, draft.net_salary);
    if (draft.maintenance_given) contract["maintenance"] = amount_json(random, draft.maintenance);
    if (draft.days) contract["days"] = *draft.days;
    return request;
}

bool resources_on_ceiling(const OrderedJson& request, const law::LegalParameters& parameters) {
    const RequestView view = view_of(request);
    const auto all = ceilings_of(view, parameters);
    return std::find(all.begin(), all.end(), view.resources) != all.end();
}

// ---- shrinking -------------------------------------------------------------------------

namespace {

int nonzero_digits(Cents amount) {
    const std::string digits = std::to_string(amount.value());
    return static_cast<int>(std::count_if(digits.begin(), digits.end(), [](char c) { return c != '0'; }));
}

// Round values with fewer significant digits than `amount`, roundest first.
std::vector<Cents> rounder(Cents amount) {
    std::vector<Cents> values;
    if (amount.value() != 0) values.push_back(Cents{0});
    for (std::int64_t step : {1'000'000'00LL, 100'000'00LL, 10'000'00LL, 1'000'00LL, 100'00LL, 10'00LL, 1'00LL}) {
        const Cents rounded{(amount.value() + step / 2) / step * step};
        if (nonzero_digits(rounded) < nonzero_digits(amount) &&
            std::find(values.begin(), values.end(), rounded) == values.end()) {
            values.push_back(rounded);
        }
    }
    return values;
}

// After a change that moves the ceilings (fewer children, another single-parent status,
// another birth date), resources that sat within 1 euro of a ceiling are moved to the same
// place relative to the new ceiling, so that the edge that showed the disagreement stays.
void keep_on_ceiling(const OrderedJson& before, OrderedJson& after,
                     const law::LegalParameters& parameters) {
    const RequestView old_view = view_of(before);
    const auto old_ceilings = ceilings_of(old_view, parameters);
    const auto new_ceilings = ceilings_of(view_of(after), parameters);
    if (old_ceilings.size() != 2 || new_ceilings.size() != 2) return;
    for (std::size_t b = 0; b < 2; ++b) {
        const std::int64_t offset = old_view.resources.value() - old_ceilings[b].value();
        if (offset < -100 || offset > 100) continue;
        const std::int64_t moved = new_ceilings[b].value() + offset;
        if (moved >= 0) after["household"]["resources_n2"] = Cents{moved}.to_string();
        return;
    }
}

bool hourly_request(const OrderedJson& request, const law::LegalParameters& parameters) {
    return parameters.for_month(*YearMonth::parse(request.at("month").get<std::string>())).hourly();
}

// The same for the complément différentiel's resources condition: a `resources_2023` within
// 1 euro of the D531-20 2° ceiling follows the ceiling when the children or the single-parent
// status change (without `resources_2023` the condition reads resources_n2, which stays).
void keep_on_transitional_ceiling(const OrderedJson& before, OrderedJson& after,
                                  const law::LegalParameters& parameters) {
    if (!before.contains("transitional") || !before["transitional"].contains("resources_2023")) return;
    const RequestView old_view = view_of(before);
    const RequestView new_view = view_of(after);
    const law::MonthParameters& p = parameters.for_month(old_view.month);
    const Cents old_ceiling = transitional_ceiling(p, old_view.births, old_view.single_parent);
    const Cents new_ceiling = transitional_ceiling(p, new_view.births, new_view.single_parent);
    const std::int64_t offset = request_amount(before["transitional"]["resources_2023"]).value() - old_ceiling.value();
    if (offset < -100 || offset > 100) return;
    const std::int64_t moved = new_ceiling.value() + offset;
    if (moved >= 0) after["transitional"]["resources_2023"] = Cents{moved}.to_string();
}

void add_structural(std::vector<OrderedJson>& candidates, const OrderedJson& request,
                    OrderedJson changed, const law::LegalParameters& parameters) {
    OrderedJson anchored = changed;
    if (hourly_request(request, parameters)) keep_on_transitional_ceiling(request, anchored, parameters);
    else keep_on_ceiling(request, anchored, parameters);
    if (anchored != changed) candidates.push_back(std::move(anchored));
    candidates.push_back(std::move(changed));
}

void drop_children(std::vector<OrderedJson>& candidates, const OrderedJson& request,
                   const law::LegalParameters& parameters) {
    const std::size_t count = request["household"]["children"].size();
    const OrderedJson& contract_children = request["contract"]["children"];
    for (std::size_t drop = count; drop-- > 0 && count > 1;) {
        OrderedJson changed = request;
        changed["household"]["children"].erase(drop);
        OrderedJson kept = OrderedJson::array();
        for (const auto& index : contract_children) {
            const auto value = index.get<std::size_t>();
            if (value != drop) kept.push_back(value > drop ? value - 1 : value);
        }
        if (kept.empty()) continue;
        changed["contract"]["children"] = kept;
        add_structural(candidates, request, std::move(changed), parameters);
    }
    for (std::size_t i = contract_children.size(); i-- > 0 && contract_children.size() > 1;) {
        OrderedJson changed = request;
        changed["contract"]["children"].erase(i);
        candidates.push_back(std::move(changed));
    }
}

void drop_optional_keys(std::vector<OrderedJson>& candidates, const OrderedJson& request,
                        const law::LegalParameters& parameters) {
    const OrderedJson& household = request["household"];
    if (household.contains("activity_condition_met")) {
        OrderedJson changed = request;
        changed["household"].erase("activity_condition_met");
        candidates.push_back(std::move(changed));
    }
    for (std::size_t i = 0; i < household["children"].size(); ++i) {
        if (!household["children"][i].contains("aeeh")) continue;
        OrderedJson changed = request;
        changed["household"]["children"][i].erase("aeeh");
        candidates.push_back(std::move(changed));
    }
    const OrderedJson& contract = request["contract"];
    if (contract.contains("maintenance")) {
        OrderedJson changed = request;
        changed["contract"].erase("maintenance");
        candidates.push_back(std::move(changed));
    }
    const bool hourly = hourly_request(request, parameters);
    // Days are required for an assmat under the brackets only (the daily cap).
    if ((contract["mode"] == "home_carer" || hourly) && contract.contains("days")) {
        OrderedJson changed = request;
        changed["contract"].erase("days");
        candidates.push_back(std::move(changed));
    }
    if (hourly) {
        // The hourly regime's optional keys; `hours` stays (required from 2025-09).
        if (request.contains("transitional")) {
            OrderedJson changed = request;
            changed.erase("transitional");
            candidates.push_back(std::move(changed));
            // A typology needs its average_hours: dropping the hours drops it too.
            for (const char* key : {"typology", "average_hours", "resources_2023"}) {
                if (!request["transitional"].contains(key)) continue;
                OrderedJson without = request;
                without["transitional"].erase(key);
                if (std::string_view(key) == "average_hours") without["transitional"].erase("typology");
                candidates.push_back(std::move(without));
            }
        }
        for (const char* key : {"meals", "indemnities"}) {
            if (!contract.contains(key)) continue;
            OrderedJson changed = request;
            changed["contract"].erase(key);
            candidates.push_back(std::move(changed));
        }
        for (std::size_t i = 0; i < household["children"].size(); ++i) {
            if (!household["children"][i].contains("alternating")) continue;
            OrderedJson changed = request;
            changed["household"]["children"][i].erase("alternating");
            candidates.push_back(std::move(changed));
        }
    }
    if (household["single_parent"].get<bool>()) {
        OrderedJson changed = request;
        changed["household"]["single_parent"] = false;
        add_structural(candidates, request, std::move(changed), parameters);
    }
}

void births_to_month_start(std::vector<OrderedJson>& candidates, const OrderedJson& request,
                           const law::LegalParameters& parameters) {
    const OrderedJson& children = request["household"]["children"];
    for (std::size_t i = 0; i < children.size(); ++i) {
        const Date birth = *Date::parse(children[i]["birth"].get<std::string>());
        if (birth.civil().day() == std::chrono::day{1}) continue;
        OrderedJson changed = request;
        changed["household"]["children"][i]["birth"] = birth.year_month().first_day().to_string();
        add_structural(candidates, request, std::move(changed), parameters);
    }
}

void simpler_amounts(std::vector<OrderedJson>& candidates, const OrderedJson& request,
                     const law::LegalParameters& parameters) {
    const RequestView view = view_of(request);
    const auto all = ceilings_of(view, parameters);
    const bool on_ceiling = std::find(all.begin(), all.end(), view.resources) != all.end();
    std::vector<Cents> resources;
    if (!on_ceiling) {
        resources = rounder(view.resources);
        if (!all.empty()) {
            const Cents nearest = std::abs(all[0].value() - view.resources.value()) <=
                                          std::abs(all[1].value() - view.resources.value())
                                      ? all[0] : all[1];
            resources.push_back(nearest);
        }
    }
    for (Cents value : resources) {
        OrderedJson changed = request;
        changed["household"]["resources_n2"] = value.to_string();
        candidates.push_back(std::move(changed));
    }
    if (!hourly_request(request, parameters)) {
        for (const char* key : {"net_salary", "maintenance"}) {
            if (!request["contract"].contains(key)) continue;
            for (Cents value : rounder(request_amount(request["contract"][key]))) {
                OrderedJson changed = request;
                changed["contract"][key] = value.to_string();
                candidates.push_back(std::move(changed));
            }
        }
        return;
    }
    // The hourly regime: the indemnities stay within the net salary (a rounder net salary
    // takes them down with it), the hours within 744.
    const OrderedJson& contract = request["contract"];
    const Cents indemnities = contract.contains("indemnities") ? request_amount(contract["indemnities"]) : Cents{0};
    for (Cents value : rounder(request_amount(contract["net_salary"]))) {
        OrderedJson changed = request;
        changed["contract"]["net_salary"] = value.to_string();
        if (indemnities > value) changed["contract"]["indemnities"] = value.to_string();
        candidates.push_back(std::move(changed));
    }
    const Cents net = request_amount(contract["net_salary"]);
    for (const char* key : {"maintenance", "meals", "indemnities", "hours"}) {
        if (!contract.contains(key)) continue;
        for (Cents value : rounder(request_amount(contract[key]))) {
            if (std::string_view(key) == "indemnities" && value > net) continue;
            if (std::string_view(key) == "hours" && value > max_hours) continue;
            OrderedJson changed = request;
            changed["contract"][key] = value.to_string();
            candidates.push_back(std::move(changed));
        }
    }
    if (!request.contains("transitional")) return;
    const OrderedJson& transitional = request["transitional"];
    for (const char* key : {"old_average", "new_average", "average_hours", "resources_2023"}) {
        if (!transitional.contains(key)) continue;
        for (Cents value : rounder(request_amount(transitional[key]))) {
            if (std::string_view(key) == "average_hours" && value > max_hours) continue;
            if (std::string_view(key) != "resources_2023" && value > max_salary) continue;
            OrderedJson changed = request;
            changed["transitional"][key] = value.to_string();
            candidates.push_back(std::move(changed));
        }
    }
}

}  // namespace

std::vector<OrderedJson> shrink_candidates(const OrderedJson& request,
                                           const law::LegalParameters& parameters) {
    std::vector<OrderedJson> candidates;
    drop_children(candidates, request, parameters);
    drop_optional_keys(candidates, request, parameters);
    births_to_month_start(candidates, request, parameters);
    simpler_amounts(candidates, request, parameters);
    return candidates;
}

}  // namespace pajesim::harness
