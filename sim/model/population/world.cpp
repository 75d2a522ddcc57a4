#include "sim/model/population/world.hpp"

#include <algorithm>
#include <bit>
#include <climits>

#include "sim/kernel/huge_pages.hpp"
#include "sim/kernel/int128.hpp"
#include "sim/kernel/parallel.hpp"
#include "sim/kernel/random.hpp"

namespace pajesim::model {
namespace {

// Probability that an event with a yearly probability happens at least once in `months`
// months, approximated by the yearly probability prorated (capped at 1): the rates are small.
Ratio over_months(const Ratio& yearly, std::int32_t months) {
    const Ratio prorated = yearly * Ratio{months, 12};
    return prorated > Ratio::one() ? Ratio::one() : prorated;
}

Date uniform_date(RandomStream& stream, Date begin, Date end) {
    PAJESIM_ASSERT(begin < end);
    return begin.plus_days(static_cast<std::int32_t>(stream.uniform_below(
        static_cast<std::uint64_t>(begin.days_until(end)))));
}

Cents uniform_cents(RandomStream& stream, const Range<Cents>& range) {
    return Cents{stream.uniform_int(range.min.value(), range.max.value())};
}

Ratio uniform_ratio_basis_points(RandomStream& stream, const Range<Ratio>& range) {
    // Draw in basis points between the bounds, rounded inwards.
    const auto to_points = [](const Ratio& ratio, bool up) {
        const std::int64_t scaled = ratio.numerator() * 10'000;
        std::int64_t points = scaled / ratio.denominator();
        if (up && points * ratio.denominator() < scaled) ++points;
        if (!up && points * ratio.denominator() > scaled) --points;
        return points;
    };
    const std::int64_t low = to_points(range.min, true);
    const std::int64_t high = std::max(low, to_points(range.max, false));
    return Ratio{stream.uniform_int(low, high), 10'000};
}

// Resources N-2 drawn inside the target bracket for the household's situation at the start.
Cents draw_resources(RandomStream& stream, int bracket, int children, bool single_parent,
                     const law::MonthParameters& p) {
    const law::CeilingTable& table = p.resource_ceilings->value;
    const auto ceiling = [&](const law::Ceilings& c) {
        Cents value = children <= 1 ? c.one_child
                                    : c.two_children + c.per_extra_child.times(children - 2);
        if (single_parent) {
            value = apply_rate(value, p.single_parent_ceiling_factor->value, Rounding::toward_zero);
        }
        return value.value() / 100;  // whole euros
    };
    const std::int64_t p1 = ceiling(table.bracket_1);
    const std::int64_t p2 = ceiling(table.bracket_2);
    std::int64_t euros = 0;
    // A table's ceilings may be 0 (a "what if" without brackets): every range keeps one value.
    if (bracket == 1) {
        euros = stream.uniform_int(p1 / 2, p1);
    } else if (bracket == 2) {
        // A table may leave bracket 2 without width (its ceilings at or within a euro of bracket
        // 1's): its families then have the first euro above bracket 1.
        euros = stream.uniform_int(p1 + 1, std::max(p2, p1 + 1));
    } else {
        euros = stream.uniform_int(p2 + 1, std::max(p2 * 2, p2 + 1));
    }
    return Cents::from_euros(euros);
}

void add_change(Family& family, Change change) {
    PAJESIM_ASSERT(family.change_count < max_changes);
    family.changes[family.change_count++] = change;
}

struct ContractDraft {
    Contract contract;
    law::ContractFacts facts;  // the contract's, given to it once the population is drawn
    std::uint64_t carer_draw = 0;
};

// Each family's children while the population is drawn (World::children once it is).
using Children = std::vector<std::vector<law::ChildFacts>>;

// Salary, days and maintenance of one contract for a typical month.
void draw_pay(RandomStream& stream, const PopulationParameters& p, law::CareMode mode,
              law::ContractFacts& facts) {
    if (mode == law::CareMode::assmat) {
        const std::int64_t hours =
            stream.bell_int(p.assmat_hours_per_month.min, p.assmat_hours_per_month.max, 2);
        const Cents hourly = uniform_cents(stream, p.assmat_net_hourly_per_child);
        facts.net_salary = hourly.times(hours);
        facts.days_worked = static_cast<std::int32_t>(std::clamp<std::int64_t>((hours + 8) / 9, 1, 23));
        facts.hours_x100 = static_cast<std::int32_t>(hours * 100);
        facts.maintenance = p.maintenance_per_day.times(facts.days_worked);
    } else {
        const std::int64_t hours = stream.bell_int(p.home_carer_hours_per_month.min,
                                                   p.home_carer_hours_per_month.max, 2);
        const Cents hourly = uniform_cents(stream, p.home_carer_net_hourly);
        facts.net_salary = hourly.times(hours);
        facts.days_worked = static_cast<std::int32_t>(std::clamp<std::int64_t>((hours + 7) / 8, 1, 23));
        facts.hours_x100 = static_cast<std::int32_t>(hours * 100);
        facts.maintenance = Cents{0};
    }
}

// The N-2 resources of each care year of the run: the first year's drawn within the bracket,
// each next year's grown from the one before, in whole euros.
std::array<Cents, resource_years> draw_yearly_resources(RandomStream& stream, const PopulationParameters& p, int bracket,
                                                        int children, bool single_parent,
                                                        const law::MonthParameters& start_parameters) {
    std::array<Cents, resource_years> resources{};
    resources[0] = draw_resources(stream, bracket, children, single_parent, start_parameters);
    for (std::size_t year = 1; year < resources.size(); ++year) {
        const Ratio growth = uniform_ratio_basis_points(stream, p.resources_yearly_growth);
        const Cents previous = resources[year - 1];
        const Cents grown = previous + apply_rate(previous, growth, Rounding::half_up);
        resources[year] = Cents::from_euros(grown.value() / 100);
    }
    return resources;
}

// A family's opening balance, in whole euros.
Cents draw_balance(RandomStream& stream, const PopulationParameters& p) {
    return Cents::from_euros(stream.uniform_int(p.starting_balance.min.value() / 100, p.starting_balance.max.value() / 100));
}

// The margin of a family's income over its childcare outlay.
Cents draw_margin(RandomStream& stream, const PopulationParameters& p, Cents outlay) {
    return apply_rate(outlay, Ratio{stream.uniform_int(p.income_margin_percent.min, p.income_margin_percent.max), 100},
                      Rounding::half_up);
}

// Alternating residence (D531-18-2, from the date the table enables it): for a share of the
// single-parent assmat families, drawn from a stream of their own (the families' other draws do
// not change), the youngest child lives in alternating residence; the other parent's household
// is appended to the population and employs its own assmat for that child from the first month
// both parents may claim. Each household counts the child as one (the law does not split it).
void add_other_parents(World& world, std::vector<ContractDraft>& drafts, Children& kids, const Scenario& scenario,
                       const law::LegalParameters& parameters) {
    const PopulationParameters& p = scenario.population;
    if (p.alternating_residence_share == Ratio::zero()) return;
    std::optional<YearMonth> both_claim;
    for (YearMonth m = scenario.first_month; m <= scenario.last_month; m = m.plus_months(1)) {
        if (parameters.for_month(m).alternating_residence->value) {
            both_claim = m;
            break;
        }
    }
    if (!both_claim) return;
    const Date start = scenario.first_month.first_day();
    const law::MonthParameters& start_parameters = parameters.for_month(scenario.first_month);
    const auto drawn = static_cast<std::uint32_t>(world.families.size());
    for (std::uint32_t f = 0; f < drawn; ++f) {
        RandomStream stream(scenario.seed, StreamKind::population_alternating, f);
        if (!stream.bernoulli(p.alternating_residence_share)) continue;
        Family& first = world.families[f];
        if (!first.single_parent_at_start || first.mode != law::CareMode::assmat) continue;
        const auto youngest = static_cast<std::uint32_t>(first.children_at_start - 1);
        law::ChildFacts& child = kids[f][youngest];
        const YearMonth care_ends = child.birth.plus_years(6).year_month();
        const YearMonth from = std::max(*both_claim, scenario.first_month);
        const YearMonth to = std::min(scenario.last_month, care_ends);
        if (from > to) continue;
        child.alternating = true;

        Family other;
        other.caf = CafId{static_cast<std::uint32_t>(stream.uniform_below(p.cafs))};
        other.mode = law::CareMode::assmat;
        other.single_parent_at_start = stream.bernoulli(Ratio{1, 2});  // or a new couple
        law::HouseholdFacts other_facts;
        other_facts.children = {child};
        other.children_at_start = 1;
        const int bracket = static_cast<int>(stream.weighted_choice(p.bracket_weights)) + 1;
        const std::array<Cents, resource_years> other_resources =
            draw_yearly_resources(stream, p, bracket, 1, other.single_parent_at_start, start_parameters);
        other.income_day = static_cast<std::uint8_t>(stream.uniform_int(1, 28));
        other.starting_balance = draw_balance(stream, p);
        other_facts.single_parent = other.single_parent_at_start;
        other_facts.resources_n2 = other_resources[0];

        const auto id = static_cast<std::uint32_t>(world.families.size());
        first.other_parent = id;
        other.other_parent = f;
        world.family_contract_begin.push_back(static_cast<std::uint32_t>(drafts.size()));
        ContractDraft draft;
        draft.contract.family = FamilyId{id};
        draft.contract.first_month = from;
        draft.contract.last_month = to;
        draft.facts.mode = law::CareMode::assmat;
        draft.facts.children = {0};
        draft.contract.pajemploi_plus = stream.bernoulli(p.pajemploi_plus_share);
        draw_pay(stream, p, law::CareMode::assmat, draft.facts);
        draft.carer_draw = stream.next_u64();
        Cents uncovered{0};
        if (child.birth < start) {
            uncovered = law::compute_entitlement(other_facts, draft.facts, start_parameters, nullptr,
                                                 law::Detail::amounts_only)
                            .contributions.uncovered;
        }
        const Cents monthly_cost = draft.facts.net_salary + draft.facts.maintenance + uncovered;
        other.monthly_income = monthly_cost + draw_margin(stream, p, monthly_cost);
        drafts.push_back(std::move(draft));
        world.families.push_back(std::move(other));
        world.set_resources(FamilyId{id}, other_resources);
        kids.push_back(std::move(other_facts.children));
    }
}

// New claims during the run (population.new_claims_per_month): families that start claiming
// the CMG in a month of the run, appended after the drawn families and the other parents'
// households, entrant k drawing from a stream of its own (its draws do not depend on how many
// families there are). A share are first births: no child at the start, the child born on the
// entry day, which the CAF learns of as of any birth (a change of situation: through the rights
// link once the family is in the centre's workflow), care starting newborn_care_start_months
// later. The others start a contract in the entry month for a child born before the run (the
// CAF has known the family from the start, as a family it pays other benefits).
void add_new_claims(World& world, std::vector<ContractDraft>& drafts, Children& kids, const Scenario& scenario,
                    const law::LegalParameters& parameters) {
    const PopulationParameters& p = scenario.population;
    if (p.new_claims_per_month.numerator() == 0) return;
    const Date start = scenario.first_month.first_day();
    const Date end = scenario.last_month.plus_months(1).first_day();
    const law::MonthParameters& start_parameters = parameters.for_month(scenario.first_month);
    const std::int64_t entrants = divide_rounded(
        static_cast<Int128>(p.families) * scenario.month_count() * p.new_claims_per_month.numerator(),
        p.new_claims_per_month.denominator(), Rounding::half_up);
    for (std::int64_t k = 0; k < entrants; ++k) {
        RandomStream stream(scenario.seed, StreamKind::population_entrant, static_cast<std::uint64_t>(k));
        Family family;
        family.mode = stream.bernoulli(p.home_carer_share) ? law::CareMode::home_carer : law::CareMode::assmat;
        family.single_parent_at_start = stream.bernoulli(p.single_parent_share);
        family.caf = CafId{static_cast<std::uint32_t>(stream.uniform_below(p.cafs))};
        const Date entry = uniform_date(stream, start, end);
        const bool first_birth = stream.bernoulli(p.new_claims_first_birth_share);
        // Not first births: under 3 on the entry day where the run allows, born before the run.
        const std::int32_t oldest = std::max<std::int32_t>(1, 3 * 365 - start.days_until(entry));
        const Date birth = first_birth ? entry : start.plus_days(-static_cast<std::int32_t>(stream.uniform_int(1, oldest)));
        law::HouseholdFacts facts;
        facts.children = {{birth, stream.bernoulli(p.aeeh_child_share)}};
        family.children_at_start = first_birth ? 0 : 1;
        if (first_birth) add_change(family, {birth, ChangeKind::birth, 0});
        const int bracket = static_cast<int>(stream.weighted_choice(p.bracket_weights)) + 1;
        const std::array<Cents, resource_years> resources =
            draw_yearly_resources(stream, p, bracket, 1, family.single_parent_at_start, start_parameters);
        family.income_day = static_cast<std::uint8_t>(stream.uniform_int(1, 28));
        family.starting_balance = draw_balance(stream, p);
        facts.single_parent = family.single_parent_at_start;
        facts.resources_n2 = resources[0];

        ContractDraft draft;
        draft.contract.family = FamilyId{static_cast<std::uint32_t>(world.families.size())};
        draft.contract.first_month =
            first_birth ? birth.year_month().plus_months(scenario.workflow.newborn_care_start_months) : entry.year_month();
        draft.contract.last_month = std::min(scenario.last_month, birth.plus_years(6).year_month());
        draft.facts.mode = family.mode;
        draft.facts.children = {0};
        draft.contract.pajemploi_plus = stream.bernoulli(p.pajemploi_plus_share);
        draw_pay(stream, p, family.mode, draft.facts);
        draft.carer_draw = stream.next_u64();
        if (draft.contract.first_month > draft.contract.last_month) continue;  // care would start after the run
        // The outlay counts the contributions the CMG leaves uncovered from care's first month
        // (a first birth's child is born by then).
        const Cents uncovered =
            law::compute_entitlement(facts, draft.facts,
                                     parameters.for_month(draft.contract.first_month), nullptr,
                                     law::Detail::amounts_only)
                .contributions.uncovered;
        const Cents monthly_cost = draft.facts.net_salary + draft.facts.maintenance + uncovered;
        family.monthly_income = monthly_cost + draw_margin(stream, p, monthly_cost);
        world.family_contract_begin.push_back(static_cast<std::uint32_t>(drafts.size()));
        drafts.push_back(std::move(draft));
        world.families.push_back(std::move(family));
        world.set_resources(FamilyId{static_cast<std::uint32_t>(world.families.size() - 1)}, resources);
        kids.push_back(std::move(facts.children));
    }
}

// A household as drawn, for the streams of its contracts: a drawn family's id; the other
// parent's household by its first parent's id; entrant k by k. Neither the other draws nor the
// number of families change it.
std::uint64_t household_key(const World& world, std::size_t family, std::size_t drawn, std::size_t before_entrants) {
    if (family >= before_entrants) return std::uint64_t{2} << 40 | (family - before_entrants);
    if (family >= drawn) return std::uint64_t{1} << 40 | world.families[family].other_parent;
    return family;
}

// Contracts that end before their child ages out (population.annual_contract_end_probability):
// each contract's draw comes from its own stream, keyed by the household as drawn and the
// contract's rank in it; the last month is drawn among the contract's months but its last.
// With population.monthly_hours_spread_percent, each contract also gets the key of its
// month-to-month draws, from the same household and rank.
void end_contracts_early(const World& world, std::vector<ContractDraft>& drafts, const Scenario& scenario,
                         std::size_t before_entrants) {
    const Ratio& yearly = scenario.population.annual_contract_end_probability;
    const std::int32_t spread = scenario.population.monthly_hours_spread_percent;
    if (yearly.numerator() == 0 && spread == 0) return;
    const std::size_t drawn = scenario.population.families;
    for (std::size_t f = 0; f + 1 < world.family_contract_begin.size(); ++f) {
        const std::uint64_t household = household_key(world, f, drawn, before_entrants);
        for (std::uint32_t d = world.family_contract_begin[f]; d < world.family_contract_begin[f + 1]; ++d) {
            Contract& contract = drafts[d].contract;
            const std::uint64_t entity = household << 8 | (d - world.family_contract_begin[f]);
            if (spread > 0) {
                contract.hours_spread_percent = static_cast<std::uint8_t>(spread);
                contract.month_key = RandomStream(scenario.seed, StreamKind::population_contract_month, entity).next_u64();
            }
            const std::int32_t months = contract.first_month.months_until(contract.last_month) + 1;
            if (yearly.numerator() == 0 || months < 2) continue;
            RandomStream stream(scenario.seed, StreamKind::population_contract_end, entity);
            if (!stream.bernoulli(over_months(yearly, months))) continue;
            contract.last_month = contract.first_month.plus_months(static_cast<std::int32_t>(stream.uniform_int(0, months - 2)));
        }
    }
}

// Siblings in assmat care (population.siblings_one_assmat_share): a drawn family with several
// assmat contracts, with that probability from a stream of its own, takes the carer drawn for
// its first contract for all of them; the others keep a carer drawn per contract.
void group_siblings(const World& world, std::vector<ContractDraft>& drafts, const Scenario& scenario) {
    const Ratio& share = scenario.population.siblings_one_assmat_share;
    if (share.numerator() == 0) return;
    for (std::uint32_t f = 0; f < scenario.population.families; ++f) {
        const std::uint32_t begin = world.family_contract_begin[f];
        const std::uint32_t end = world.family_contract_begin[f + 1];
        if (end - begin < 2 || world.families[f].mode != law::CareMode::assmat) continue;
        RandomStream stream(scenario.seed, StreamKind::population_siblings, f);
        if (!stream.bernoulli(share)) continue;
        for (std::uint32_t d = begin + 1; d < end; ++d) drafts[d].carer_draw = drafts[begin].carer_draw;
    }
}

}  // namespace

namespace {

bool fits_32(Cents amount) { return amount.value() >= INT32_MIN && amount.value() <= INT32_MAX; }

}  // namespace

void Contract::copy_plain(const Contract& other) {
    family = other.family;
    carer = other.carer;
    first_month = other.first_month;
    last_month = other.last_month;
    month_key = other.month_key;
    pajemploi_plus = other.pajemploi_plus;
    hours_spread_percent = other.hours_spread_percent;
    mode_ = other.mode_;
    hours_x100_ = other.hours_x100_;
}

Contract& Contract::operator=(const Contract& other) {
    if (this == &other) return *this;
    release();
    copy_plain(other);
    if (other.apart_) {
        held_.apart = new law::ContractFacts(*other.held_.apart);
        apart_ = true;
    } else {
        held_.compact = other.held_.compact;
    }
    return *this;
}

Contract& Contract::operator=(Contract&& other) noexcept {
    if (this == &other) return *this;
    release();
    copy_plain(other);
    apart_ = other.apart_;
    held_ = other.held_;
    other.apart_ = false;
    other.held_.compact = Held::Compact{0, 0, 0, 0, 0, 0};
    return *this;
}

void Contract::release() {
    if (apart_) delete held_.apart;
    apart_ = false;
    held_.compact = Held::Compact{0, 0, 0, 0, 0, 0};
}

void Contract::set_facts(const law::ContractFacts& facts) {
    release();
    mode_ = facts.mode;
    hours_x100_ = facts.hours_x100;
    std::uint32_t children = 0;
    bool in_order = true;
    for (std::size_t i = 0; i < facts.children.size(); ++i) {
        const std::uint32_t c = facts.children[i];
        in_order = in_order && c < 32 && (i == 0 || c > facts.children[i - 1]);
        if (in_order) children |= std::uint32_t{1} << c;
    }
    if (in_order && fits_32(facts.net_salary) && fits_32(facts.maintenance) && fits_32(facts.meals) &&
        fits_32(facts.indemnities)) {
        held_.compact = Held::Compact{static_cast<std::int32_t>(facts.net_salary.value()),
                                      static_cast<std::int32_t>(facts.maintenance.value()),
                                      static_cast<std::int32_t>(facts.meals.value()),
                                      static_cast<std::int32_t>(facts.indemnities.value()), children,
                                      facts.days_worked};
        return;
    }
    held_.apart = new law::ContractFacts(facts);
    apart_ = true;
}

law::ContractFacts Contract::facts() const {
    if (apart_) return *held_.apart;
    law::ContractFacts facts;
    facts.mode = mode_;
    facts.children = children();
    facts.net_salary = Cents{held_.compact.net_salary};
    facts.maintenance = Cents{held_.compact.maintenance};
    facts.days_worked = held_.compact.days_worked;
    facts.hours_x100 = hours_x100_;
    facts.meals = Cents{held_.compact.meals};
    facts.indemnities = Cents{held_.compact.indemnities};
    return facts;
}

SmallVector<std::uint32_t, 4> Contract::children() const {
    if (apart_) return held_.apart->children;
    SmallVector<std::uint32_t, 4> children;
    for (std::uint32_t bits = held_.compact.children; bits != 0; bits &= bits - 1) {
        children.push_back(static_cast<std::uint32_t>(std::countr_zero(bits)));
    }
    return children;
}

std::uint32_t Contract::first_child() const {
    if (apart_) {
        PAJESIM_ASSERT(!held_.apart->children.empty());
        return held_.apart->children.front();
    }
    PAJESIM_ASSERT(held_.compact.children != 0);
    return static_cast<std::uint32_t>(std::countr_zero(held_.compact.children));
}

MonthWork Contract::mean_work() const {
    if (apart_) {
        const law::ContractFacts& facts = *held_.apart;
        return MonthWork{facts.hours_x100, facts.days_worked, facts.net_salary, facts.maintenance};
    }
    return MonthWork{hours_x100_, held_.compact.days_worked, Cents{held_.compact.net_salary}, Cents{held_.compact.maintenance}};
}

MonthWork Contract::work_in(YearMonth month) const {
    const MonthWork mean_month = mean_work();
    if (hours_spread_percent == 0) return mean_month;
    MonthWork work = mean_month;
    const std::int64_t mean = mean_month.hours_x100 / 100;  // whole hours, as drawn
    const std::int64_t reach = mean * hours_spread_percent / 100;
    RandomStream stream(month_key, StreamKind::population_contract_month,
                        static_cast<std::uint64_t>(month.year()) * 12 + static_cast<std::uint64_t>(month.month()));
    const std::int64_t hours = stream.bell_int(std::max<std::int64_t>(1, mean - reach), mean + reach, 2);
    const bool assmat = mode_ == law::CareMode::assmat;
    work.hours_x100 = static_cast<std::int32_t>(hours * 100);
    work.days_worked = static_cast<std::int32_t>(std::clamp<std::int64_t>((hours + (assmat ? 8 : 7)) / (assmat ? 9 : 8), 1, 23));
    // The hourly pay and the allowance per day are exact divisions of the mean month (its salary
    // is hours x hourly pay, its allowances days x the daily rate): rounding only guards.
    work.net_salary = Cents{divide_rounded(static_cast<Int128>(mean_month.net_salary.value()) * hours, mean, Rounding::half_up)};
    work.maintenance = Cents{divide_rounded(static_cast<Int128>(mean_month.maintenance.value()) * work.days_worked,
                                            mean_month.days_worked, Rounding::half_up)};
    return work;
}

const law::ContractFacts& Contract::facts_in(YearMonth month, law::ContractFacts& scratch) const {
    scratch = facts();
    if (hours_spread_percent == 0) return scratch;
    const MonthWork work = work_in(month);
    scratch.hours_x100 = work.hours_x100;
    scratch.days_worked = work.days_worked;
    scratch.net_salary = work.net_salary;
    scratch.maintenance = work.maintenance;
    return scratch;
}

Cents World::resources_for_year(const Family& family, int year) const {
    const int index = year - first_month.year();
    PAJESIM_ASSERT(index >= 0 && index < resource_years);
    if (!family.resources_apart) [[likely]] return Cents::from_euros(family.resource_euros[static_cast<std::size_t>(index)]);
    // A family apart is found by its place in `families` (a copy of its record would not be).
    PAJESIM_ASSERT(&family >= families.data() && &family < families.data() + families.size());
    return resources_apart_.at(static_cast<std::uint32_t>(&family - families.data()))[static_cast<std::size_t>(index)];
}

Cents World::resources(FamilyId family, int index) const {
    return resources_for_year(families[family.index()], first_month.year() + index);
}

std::array<Cents, resource_years> World::resources_of(FamilyId family) const {
    std::array<Cents, resource_years> all{};
    for (int i = 0; i < resource_years; ++i) all[static_cast<std::size_t>(i)] = resources(family, i);
    return all;
}

bool World::set_whole_euro_resources(FamilyId id, const std::array<Cents, resource_years>& resources) {
    const bool whole_euros = std::all_of(resources.begin(), resources.end(), [](Cents value) {
        return value.value() >= 0 && value.value() % 100 == 0 && value.value() / 100 <= std::int64_t{UINT32_MAX};
    });
    if (!whole_euros) return false;
    Family& family = families[id.index()];
    family.resources_apart = false;
    for (std::size_t i = 0; i < resources.size(); ++i) {
        family.resource_euros[i] = static_cast<std::uint32_t>(resources[i].value() / 100);
    }
    return true;
}

void World::set_resources(FamilyId id, const std::array<Cents, resource_years>& resources) {
    if (set_whole_euro_resources(id, resources)) {
        resources_apart_.erase(id.value());
        return;
    }
    Family& family = families[id.index()];
    family.resources_apart = true;
    family.resource_euros = {};
    resources_apart_[id.value()] = resources;
}

bool World::single_parent_in(const Family& family, YearMonth month) const {
    if (family.single_parent_at_start) return true;
    const std::optional<Date> separation = family.separation();
    return separation.has_value() && *separation < month.first_day();
}

const law::HouseholdFacts& World::true_facts(FamilyId id, YearMonth month, HouseholdScratch& scratch) const {
    const Family& family = families[id.index()];
    if (scratch.family != id.value()) {
        const std::span<const law::ChildFacts> list = children_of(id);
        scratch.facts.children.assign(list.begin(), list.end());
        scratch.family = id.value();
    }
    // The facts that vary from month to month (same_true_facts compares them).
    scratch.facts.single_parent = single_parent_in(family, month);
    scratch.facts.resources_n2 = resources_for_year(family, month.year());
    return scratch.facts;
}

void World::set_children(FamilyId family, std::span<const law::ChildFacts> list) {
    PAJESIM_ASSERT(list.size() <= UINT8_MAX);
    Family& f = families[family.index()];
    f.first_child = static_cast<std::uint32_t>(children.size());
    f.child_count = static_cast<std::uint8_t>(list.size());
    children.insert(children.end(), list.begin(), list.end());
}

World World::generate(const Scenario& scenario, const law::LegalParameters& parameters, unsigned threads) {
    const PopulationParameters& p = scenario.population;
    World world;
    world.first_month = scenario.first_month;
    world.last_month = scenario.last_month;
    const Date start = scenario.first_month.first_day();
    const Date end = scenario.last_month.plus_months(1).first_day();
    const std::int32_t months = scenario.month_count();
    const law::MonthParameters& start_parameters = parameters.for_month(scenario.first_month);

    // The families and their contracts are read at scattered places all run long: their room
    // on huge pages (sim/kernel/huge_pages.hpp), advised before it is first written.
    world.families.reserve(p.families);
    advise_huge_pages(world.families.data(), world.families.capacity() * sizeof(Family));
    world.families.resize(p.families);
    Children kids(p.families);  // each family's children while the population is drawn
    // Each family's draws come from its own stream: ranges of families are drawn on threads,
    // each into drafts of its own, then joined in family order (the same world on any number).
    struct Range {
        std::vector<ContractDraft> drafts;
        std::vector<std::uint32_t> begins;  // each family's first draft in `drafts`
        std::vector<std::pair<std::uint32_t, std::array<Cents, resource_years>>> resources_apart;
    };
    const auto draw_family = [&](std::uint32_t f, Range& range) {
        RandomStream stream(scenario.seed, StreamKind::population_family, f);
        Family& family = world.families[f];
        family.mode = stream.bernoulli(p.home_carer_share) ? law::CareMode::home_carer
                                                           : law::CareMode::assmat;
        family.single_parent_at_start = stream.bernoulli(p.single_parent_share);
        family.caf = CafId{static_cast<std::uint32_t>(stream.uniform_below(p.cafs))};
        const int children = static_cast<int>(stream.weighted_choice(p.children_weights)) + 1;
        // The youngest is under 3 at the start; each elder sibling is 18 to 48 months older.
        Date birth = start.plus_days(-static_cast<std::int32_t>(stream.uniform_int(1, 3 * 365)));
        std::vector<law::ChildFacts> born;
        for (int c = 0; c < children; ++c) {
            born.push_back({birth, stream.bernoulli(p.aeeh_child_share)});
            birth = birth.plus_days(-static_cast<std::int32_t>(stream.uniform_int(548, 1461)));
        }
        std::reverse(born.begin(), born.end());  // eldest first
        law::HouseholdFacts facts;
        facts.children = born;
        family.children_at_start = static_cast<std::uint8_t>(children);

        const int bracket = static_cast<int>(stream.weighted_choice(p.bracket_weights)) + 1;
        const std::array<Cents, resource_years> resources =
            draw_yearly_resources(stream, p, bracket, children, family.single_parent_at_start, start_parameters);
        if (!world.set_whole_euro_resources(FamilyId{f}, resources)) range.resources_apart.emplace_back(f, resources);

        // Life events of the run, each with its own draws in a fixed order.
        const bool separates = stream.bernoulli(over_months(p.annual_separation_probability, months));
        const Date separation_date = uniform_date(stream, start, end);
        if (separates && !family.single_parent_at_start) {
            add_change(family, {separation_date, ChangeKind::separation, 0});
        }
        const bool moves = stream.bernoulli(over_months(p.annual_move_probability, months));
        const Date move_date = uniform_date(stream, start, end);
        const auto new_caf = static_cast<std::uint32_t>(stream.uniform_below(p.cafs));
        if (moves && new_caf != family.caf.value()) {
            add_change(family, {move_date, ChangeKind::move, new_caf});
        }
        const bool gives_birth = stream.bernoulli(over_months(p.annual_birth_probability, months));
        const Date newborn_date = uniform_date(stream, start, end);
        const bool newborn_aeeh = stream.bernoulli(p.aeeh_child_share);
        std::optional<std::uint32_t> newborn;
        if (gives_birth) {
            newborn = static_cast<std::uint32_t>(facts.children.size());
            facts.children.push_back({newborn_date, newborn_aeeh});
            add_change(family, {newborn_date, ChangeKind::birth, *newborn});
        }
        // Same-day changes keep their drawing order: the index keys later draws.
        std::stable_sort(family.changes.begin(), family.changes.begin() + family.change_count,
                         [](const Change& a, const Change& b) { return a.date < b.date; });

        family.income_day = static_cast<std::uint8_t>(stream.uniform_int(1, 28));
        family.starting_balance = draw_balance(stream, p);

        // Contracts: an assmat contract per child in care, or one home-carer contract.
        range.begins.push_back(static_cast<std::uint32_t>(range.drafts.size()));
        std::vector<ContractDraft>& drafts = range.drafts;
        const auto care_ends = [&](const law::ChildFacts& child) {
            return child.birth.plus_years(6).year_month();  // CMG ends with this month
        };
        if (family.mode == law::CareMode::assmat) {
            for (std::uint32_t c = 0; c < facts.children.size(); ++c) {
                const law::ChildFacts& child = facts.children[c];
                const bool is_newborn = newborn && *newborn == c;
                const YearMonth first = is_newborn
                    ? child.birth.year_month().plus_months(scenario.workflow.newborn_care_start_months)
                    : scenario.first_month;
                const YearMonth last = std::min(scenario.last_month, care_ends(child));
                ContractDraft draft;
                draft.contract.family = FamilyId{f};
                draft.contract.first_month = first;
                draft.contract.last_month = last;
                draft.facts.mode = law::CareMode::assmat;
                draft.facts.children = {c};
                draft.contract.pajemploi_plus = stream.bernoulli(p.pajemploi_plus_share);
                draw_pay(stream, p, law::CareMode::assmat, draft.facts);
                draft.carer_draw = stream.next_u64();
                if (first > last || care_ends(child) < scenario.first_month) continue;
                drafts.push_back(std::move(draft));
            }
        } else {
            ContractDraft draft;
            draft.contract.family = FamilyId{f};
            draft.contract.first_month = scenario.first_month;
            YearMonth last{};
            for (std::uint32_t c = 0; c < facts.children.size(); ++c) {
                if (care_ends(facts.children[c]) < scenario.first_month) continue;
                draft.facts.children.push_back(c);
                last = std::max(last, care_ends(facts.children[c]));
            }
            draft.contract.last_month = std::min(scenario.last_month, last);
            draft.facts.mode = law::CareMode::home_carer;
            draft.contract.pajemploi_plus = stream.bernoulli(p.pajemploi_plus_share);
            draw_pay(stream, p, law::CareMode::home_carer, draft.facts);
            drafts.push_back(std::move(draft));
        }
        // The family's monthly income set aside for childcare covers what it pays out when the
        // CMG is not counted on (salary, allowances, uncovered contributions), with a margin
        // that differs from family to family: missing CMG alone does not overdraw it, but an
        // unexpected debit of covered contributions can.
        facts.single_parent = family.single_parent_at_start;
        facts.resources_n2 = resources[0];
        Cents monthly_cost{0};
        for (std::size_t d = range.begins.back(); d < drafts.size(); ++d) {
            const law::ContractFacts& contract = drafts[d].facts;
            law::ContractFacts born_contract = contract;
            erase_if(born_contract.children, [&](std::uint32_t c) { return facts.children[c].birth >= start; });
            Cents uncovered{0};
            if (!born_contract.children.empty()) {
                uncovered = law::compute_entitlement(facts, born_contract, start_parameters, nullptr,
                                                     law::Detail::amounts_only)
                                .contributions.uncovered;
            }
            monthly_cost += contract.net_salary + contract.maintenance + uncovered;
        }
        family.monthly_income = monthly_cost + draw_margin(stream, p, monthly_cost);
        kids[f] = std::move(facts.children);
    };
    std::vector<Range> ranges(range_count(p.families, threads));
    // The first range's drafts become the population's: room for every family's (and the other
    // parents' and entrants' after them) from the start, so that joining copies only the others.
    ranges[0].drafts.reserve(p.families * std::size_t{2});
    run_in_numbered_ranges(p.families, threads, [&](unsigned k, std::uint32_t from, std::uint32_t to) {
        Range& range = ranges[k];
        if (k > 0) range.drafts.reserve((to - from) * std::size_t{2});
        range.begins.reserve(to - from);
        for (std::uint32_t f = from; f < to; ++f) draw_family(f, range);
    });
    std::vector<ContractDraft> drafts = std::move(ranges[0].drafts);
    world.family_contract_begin.reserve(p.families + 1u);
    for (Range& range : ranges) {
        const auto offset = static_cast<std::uint32_t>(&range == &ranges[0] ? 0 : drafts.size());
        for (const std::uint32_t begin : range.begins) world.family_contract_begin.push_back(offset + begin);
        if (&range != &ranges[0]) {
            for (ContractDraft& draft : range.drafts) drafts.push_back(std::move(draft));
        }
        for (const auto& [f, resources] : range.resources_apart) world.set_resources(FamilyId{f}, resources);
        Range().drafts.swap(range.drafts);
    }
    add_other_parents(world, drafts, kids, scenario, parameters);
    const std::size_t before_entrants = world.families.size();
    add_new_claims(world, drafts, kids, scenario, parameters);
    // Every family's children in one array, family after family.
    PAJESIM_ASSERT(kids.size() == world.families.size());
    std::size_t child_total = 0;
    for (const std::vector<law::ChildFacts>& list : kids) child_total += list.size();
    world.children.reserve(child_total);
    for (std::size_t f = 0; f < kids.size(); ++f) {
        PAJESIM_ASSERT(kids[f].size() <= UINT8_MAX);
        world.families[f].first_child = static_cast<std::uint32_t>(world.children.size());
        world.families[f].child_count = static_cast<std::uint8_t>(kids[f].size());
        world.children.insert(world.children.end(), kids[f].begin(), kids[f].end());
    }
    Children().swap(kids);
    world.family_contract_begin.push_back(static_cast<std::uint32_t>(drafts.size()));
    end_contracts_early(world, drafts, scenario, before_entrants);
    group_siblings(world, drafts, scenario);

    // Carers: assmat shared by several families, one home carer per household.
    std::uint64_t assmat_contracts = 0;
    for (const ContractDraft& draft : drafts) {
        if (draft.facts.mode == law::CareMode::assmat) ++assmat_contracts;
    }
    const Ratio& per_carer = p.assmat_children_per_carer;
    const std::uint64_t assmat_count = std::max<std::uint64_t>(
        1, (assmat_contracts * static_cast<std::uint64_t>(per_carer.denominator()) +
            static_cast<std::uint64_t>(per_carer.numerator()) - 1) /
               static_cast<std::uint64_t>(per_carer.numerator()));
    world.carers.assign(assmat_count, Carer{CarerKind::assmat});
    world.contracts.reserve(drafts.size());
    advise_huge_pages(world.contracts.data(), world.contracts.capacity() * sizeof(Contract));
    for (ContractDraft& draft : drafts) {
        if (draft.facts.mode == law::CareMode::assmat) {
            draft.contract.carer = CarerId{static_cast<std::uint32_t>(
                static_cast<UInt128>(draft.carer_draw) * assmat_count >> 64)};
        } else {
            draft.contract.carer = CarerId{static_cast<std::uint32_t>(world.carers.size())};
            world.carers.push_back(Carer{CarerKind::home_carer});
        }
        draft.contract.set_facts(draft.facts);
        world.contracts.push_back(std::move(draft.contract));
    }
    return world;
}

// Month M is declared between the 25th of M and the 5th of M+1; a share later.
DeclarationWindow::DeclarationWindow(const Scenario& scenario, YearMonth month)
    : scenario_(&scenario),
      month_offset_(static_cast<std::uint16_t>(scenario.first_month.months_until(month))),
      window_start_(month.day_clamped(25)),
      late_start_(month.plus_months(1).day_clamped(6)),
      window_days_(static_cast<std::uint64_t>(window_start_.days_until(month.plus_months(1).day_clamped(5)) + 1)) {}

Date DeclarationWindow::date_of(ContractId contract) const {
    const WorkflowParameters& workflow = scenario_->workflow;
    RandomStream stream(scenario_->seed, StreamKind::declarations, std::uint64_t{contract.value()} << 16 | month_offset_);
    if (stream.bernoulli(workflow.late_declaration_share)) {
        return late_start_.plus_days(static_cast<std::int32_t>(
            stream.uniform_below(static_cast<std::uint64_t>(workflow.late_declaration_max_days))));
    }
    return window_start_.plus_days(static_cast<std::int32_t>(stream.uniform_below(window_days_)));
}

Date declaration_date(const Scenario& scenario, ContractId contract, YearMonth month) {
    return DeclarationWindow(scenario, month).date_of(contract);
}

}  // namespace pajesim::model
