// The requests of `pajesim diff`: drawn from the seed and weighted to the law's edges, and
// their simplifications for shrinking (docs/diff.md).

#include <algorithm>
#include <array>

#include "harness/runner/diff.hpp"
#include "sim/kernel/assert.hpp"
#include "sim/kernel/cents.hpp"
#include "sim/kernel/int128.hpp"
#include "sim/kernel/json_input.hpp"
#include "sim/kernel/random.hpp"
#include "sim/law/cmg.hpp"

namespace pajesim::harness {
namespace {

const Cents max_resources = Cents::from_euros(100'000'000);
const Cents max_salary = Cents::from_euros(1'000'000);

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

Cents amount_of(const OrderedJson& value) {
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
    view.resources = amount_of(household.at("resources_n2"));
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

std::vector<Cents> ceilings_of(const RequestView& view, const law::LegalParameters& parameters) {
    const int children = dependents(view.births, view.month);
    if (children == 0) return {};
    const auto both = ceilings(parameters.for_month(view.month), children, view.single_parent);
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
    static const std::array<Cents, 3> extremes{Cents{0}, Cents{1}, max_resources};
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
    if (maintenance == 2) draft.maintenance = random_cents(random, 0, 150);
    if (draft.assmat || pick(random, {1, 1}) == 0) {
        draft.days = static_cast<std::int32_t>(pick(random, {3, 2}) == 0 ? random.uniform_int(15, 23)
                                                                         : random.uniform_int(1, 31));
    }
    return draft;
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
           a.full_rate_until_august == b.full_rate_until_august && a.condition_end == b.condition_end;
}

}  // namespace

DiffSpace diff_space(const law::LegalParameters& parameters, YearMonth first, YearMonth last) {
    DiffSpace space;
    space.parameters = &parameters;
    std::optional<YearMonth> previous;
    // The generator draws requests of the bracket regime (docs/diff.md): months of the hourly
    // regime are left out like uncovered ones.
    const auto drawable = [&](YearMonth month) {
        return parameters.covers(month) && !parameters.for_month(month).hourly();
    };
    for (YearMonth month = first; month <= last; month = month.plus_months(1)) {
        if (!drawable(month)) {
            previous.reset();
            continue;
        }
        space.months.push_back(month);
        const YearMonth before = month.plus_months(-1);
        const YearMonth after = month.plus_months(1);
        const law::MonthParameters& here = parameters.for_month(month);
        const bool starts = !drawable(before) ||
                            !same_parameters(here, parameters.for_month(before));
        const bool ends = !drawable(after) ||
                          !same_parameters(here, parameters.for_month(after));
        if (starts || ends) space.edge_months.push_back(month);
        previous = month;
    }
    if (space.months.empty()) {
        throw InputError("--months", "no month from " + first.to_string() + " to " +
                                         last.to_string() + " is covered by the legal parameters " +
                                         parameters.version() + " (" + parameters.covered_periods() +
                                         ") under the bracket regime, the only one diff draws");
    }
    return space;
}

OrderedJson generate_request(const DiffSpace& space, std::uint64_t seed, std::uint64_t index) {
    PAJESIM_ASSERT(!space.months.empty());
    RandomStream random(seed, StreamKind::diff_request, index);
    const YearMonth month = draw_month(random, space);
    const law::MonthParameters& p = space.parameters->for_month(month);
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
    std::vector<bool> aeeh;
    for (std::size_t key : aeeh_keys) aeeh.push_back(key == 2);
    const auto household = household_facts(births, aeeh, single_parent, resources, activity != 2);
    draft.net_salary = draw_salary(random, p, household, draft);

    OrderedJson request;
    request["id"] = "case-" + std::to_string(index);
    request["month"] = month.to_string();
    OrderedJson& facts = request["household"];
    facts["single_parent"] = single_parent;
    facts["resources_n2"] = amount_json(random, resources);
    if (activity != 0) facts["activity_condition_met"] = activity == 1;
    facts["children"] = OrderedJson::array();
    for (std::size_t i = 0; i < children; ++i) {
        OrderedJson child;
        child["birth"] = births[i].to_string();
        if (aeeh_keys[i] != 0) child["aeeh"] = aeeh[i];
        facts["children"].push_back(child);
    }
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

void add_structural(std::vector<OrderedJson>& candidates, const OrderedJson& request,
                    OrderedJson changed, const law::LegalParameters& parameters) {
    OrderedJson anchored = changed;
    keep_on_ceiling(request, anchored, parameters);
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
    if (contract["mode"] == "home_carer" && contract.contains("days")) {
        OrderedJson changed = request;
        changed["contract"].erase("days");
        candidates.push_back(std::move(changed));
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
    for (const char* key : {"net_salary", "maintenance"}) {
        if (!request["contract"].contains(key)) continue;
        for (Cents value : rounder(amount_of(request["contract"][key]))) {
            OrderedJson changed = request;
            changed["contract"][key] = value.to_string();
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
