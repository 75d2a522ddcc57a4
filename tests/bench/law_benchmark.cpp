// CMG oracle throughput, alone and inside `pajesim entitlement`'s parse, compute and format
// pipeline. Run by ci/bench.sh, not by the test suite.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "harness/runner/entitlement_io.hpp"
#include "sim/kernel/assert.hpp"
#include "sim/kernel/random.hpp"
#include "sim/law/cmg.hpp"
#include "sim/law/parameters.hpp"

namespace {

using pajesim::Cents;
using pajesim::RandomStream;
using pajesim::StreamKind;
using pajesim::YearMonth;
namespace law = pajesim::law;

constexpr std::size_t case_count = 100'000;
// 2018-01 to 2021-12: four years of the bracket regime (the table covers 2018-01 to 2026-12,
// with the hourly CMG from 2025-09, whose requests need paid hours).
constexpr std::int32_t covered_month_count = 48;

struct Case {
    const law::MonthParameters* month;  // resolved before timing
    law::HouseholdFacts household;
    law::ContractFacts contract;
};

const law::LegalParameters& legal_parameters() {
    static const auto table = law::LegalParameters::load_file(
        std::string(PAJESIM_SOURCE_DIR) + "/scenarios/params/cmg-2018-2026.json");
    return *table;
}

Cents euros_between(RandomStream& stream, std::int64_t low_euros, std::int64_t high_euros) {
    return Cents{stream.uniform_int(low_euros * 100, high_euros * 100)};
}

// The contract's children: a run of consecutive household children, wrapping around.
void add_contract_children(RandomStream& stream, std::uint32_t household_children,
                           law::ContractFacts& contract) {
    const auto count = static_cast<std::uint32_t>(stream.uniform_int(1, household_children));
    const auto start = static_cast<std::uint32_t>(stream.uniform_below(household_children));
    for (std::uint32_t i = 0; i < count; ++i) {
        contract.children.push_back((start + i) % household_children);
    }
}

// One case per entity stream. Ages run from not yet born to over 6, resources up to 100 000 €
// (above every bracket-2 ceiling, a single parent's included), and an assmat's net pay from
// 10 to 45 € per child and day (the daily cap is about 39 € net), so every band, bracket,
// refusal and cap is reached.
Case make_case(std::uint64_t entity) {
    RandomStream stream(1, StreamKind::test, entity);
    const YearMonth month = YearMonth::from_civil(2018, 1).plus_months(
        static_cast<std::int32_t>(stream.uniform_below(covered_month_count)));
    Case result{&legal_parameters().for_month(month), {}, {}};
    law::HouseholdFacts& household = result.household;
    household.single_parent = stream.uniform_below(8) == 0;
    household.resources_n2 = euros_between(stream, 0, 100'000);
    household.activity_condition_met = stream.uniform_below(50) != 0;
    const auto child_count = static_cast<std::uint32_t>(stream.uniform_int(1, 4));
    for (std::uint32_t i = 0; i < child_count; ++i) {
        const auto age_days = static_cast<std::int32_t>(stream.uniform_int(-30, 7 * 365));
        household.children.push_back(law::ChildFacts{month.first_day().plus_days(-age_days),
                                                     stream.uniform_below(20) == 0});
    }
    law::ContractFacts& contract = result.contract;
    const bool assmat = stream.uniform_below(4) != 0;
    contract.mode = assmat ? law::CareMode::assmat : law::CareMode::home_carer;
    add_contract_children(stream, child_count, contract);
    if (assmat) {
        contract.days_worked = static_cast<std::int32_t>(stream.uniform_int(5, 22));
        const std::int64_t child_days =
            contract.days_worked * static_cast<std::int64_t>(contract.children.size());
        contract.net_salary = euros_between(stream, 10, 45).times(child_days);
        contract.maintenance = Cents{350}.times(child_days);  // 3.50 € per child and day
    } else {
        contract.net_salary = euros_between(stream, 300, 2'500);
    }
    return result;
}

// The set must reach every bracket, both modes, 1 to 4 children, every refusal and the 85 %
// cap, or the figures would measure less than they claim.
void check_variety(const std::vector<Case>& cases) {
    std::array<std::size_t, 4> brackets{};  // index 0: no child born before the month
    std::array<std::size_t, 2> modes{};
    std::array<std::size_t, 5> child_counts{};
    std::array<std::size_t, 4> refusals{};  // indexed by law::Refusal; none: eligible
    std::size_t salary_capped = 0;
    for (const Case& c : cases) {
        const law::Entitlement result = law::compute_entitlement(c.household, c.contract, *c.month);
        ++refusals[static_cast<std::size_t>(result.refusal)];
        if (result.eligible && result.cmg_remuneration < result.cmg_max) ++salary_capped;
        const int children = law::dependent_children(c.household, c.month->month);
        const int bracket = children == 0 ? 0
                                          : law::resource_bracket(c.household.resources_n2,
                                                                  children,
                                                                  c.household.single_parent,
                                                                  *c.month);
        ++brackets[static_cast<std::size_t>(bracket)];
        ++modes[c.contract.mode == law::CareMode::assmat ? 0 : 1];
        ++child_counts[c.household.children.size()];
    }
    for (std::size_t bracket = 1; bracket <= 3; ++bracket) PAJESIM_ASSERT(brackets[bracket] > 0);
    for (const std::size_t count : modes) PAJESIM_ASSERT(count > 0);
    for (const std::size_t count : refusals) PAJESIM_ASSERT(count > 0);
    PAJESIM_ASSERT(salary_capped > 0);
    for (std::size_t children = 1; children <= 4; ++children) {
        PAJESIM_ASSERT(child_counts[children] > 0);
    }
}

const std::vector<Case>& cases() {
    static const std::vector<Case> built = [] {
        std::vector<Case> result;
        result.reserve(case_count);
        for (std::uint64_t i = 0; i < case_count; ++i) result.push_back(make_case(i));
        check_variety(result);
        return result;
    }();
    return built;
}

// A few realistic households (the worked examples of domain-2025.md section 8), computed over
// and over in one care month: the oracle's own cost, with the amounts only, as a national run
// asks for them. The same households serve the hourly regime and, for comparison, the brackets.
struct HouseholdTemplate {
    bool single_parent;
    std::int64_t resources_euros;  // annual, N-2
    std::vector<std::int32_t> ages_days;  // on the care month's 1st day
    std::vector<bool> aeeh;
    law::CareMode mode;
    std::vector<std::uint32_t> contract_children;
    std::int32_t hours_x100;
    std::int64_t net_cents;
    std::int64_t maintenance_cents;
    std::int64_t meals_cents;
};

const std::vector<HouseholdTemplate>& household_templates() {
    using law::CareMode;
    static const std::vector<HouseholdTemplate> templates{
        // E1: couple, 1 child, 36 000 euros, assmat 125 h at 4.85.
        {false, 36'000, {600}, {false},
         CareMode::assmat, {0}, 12'500, 60'625, 0, 0},
        // E5: single parent, 2 children, 13 692 euros, assmat 110 h.
        {true, 13'692, {1'000, 1'600}, {false, false},
         CareMode::assmat, {0}, 11'000, 45'350, 8'000, 0},
        // E6, child A: couple, 2 children, 48 000 euros, assmat 150 h with maintenance and meals.
        {false, 48'000, {400, 1'300}, {false, false},
         CareMode::assmat, {0}, 15'000, 63'000, 7'600, 8'000},
        // E7: couple, 2 children, 72 000 euros, home carer 160 h for both.
        {false, 72'000, {500, 1'500}, {false, false},
         CareMode::home_carer, {0, 1}, 16'000, 200'000, 0, 0},
        // E8: couple, 1 child, 42 000 euros, assmat above the hourly cap (9 euros an hour).
        {false, 42'000, {300}, {false},
         CareMode::assmat, {0}, 12'000, 108'000, 0, 0},
        // E9: single parent at the resource floor, 1 child, assmat 150 h.
        {true, 6'000, {900}, {false},
         CareMode::assmat, {0}, 15'000, 75'000, 0, 0},
        // E10a: couple at the ceiling, 3 children, home carer 180 h.
        {false, 120'000, {200, 1'100, 2'000}, {false, false, false},
         CareMode::home_carer, {0, 1}, 18'000, 252'000, 0, 0},
        // E10b: couple, 1 child, 102 000 euros: the hourly CMG is 0.
        {false, 102'000, {700}, {false},
         CareMode::assmat, {0}, 15'000, 75'000, 0, 0},
        // E11: couple, 2 children of whom one receives the AEEH, 48 000 euros.
        {false, 48'000, {800, 1'400}, {false, true},
         CareMode::assmat, {0}, 15'000, 63'000, 7'600, 8'000},
        // E12, the father: couple, 3 children, 60 000 euros, assmat 62 h.
        {false, 60'000, {1'200, 2'500, 4'000}, {false, false, false},
         CareMode::assmat, {0}, 6'200, 32'550, 0, 0},
    };
    return templates;
}

std::vector<Case> household_cases(YearMonth month) {
    std::vector<Case> result;
    for (const HouseholdTemplate& t : household_templates()) {
        Case c{&legal_parameters().for_month(month), {}, {}};
        c.household.single_parent = t.single_parent;
        c.household.resources_n2 = Cents::from_euros(t.resources_euros);
        for (std::size_t i = 0; i < t.ages_days.size(); ++i) {
            c.household.children.push_back(
                law::ChildFacts{month.first_day().plus_days(-t.ages_days[i]), t.aeeh[i]});
        }
        c.contract.mode = t.mode;
        c.contract.children = t.contract_children;
        c.contract.hours_x100 = t.hours_x100;
        c.contract.days_worked = 20;  // the bracket regime's daily cap
        c.contract.net_salary = Cents{t.net_cents};
        c.contract.maintenance = Cents{t.maintenance_cents};
        c.contract.meals = Cents{t.meals_cents};
        result.push_back(std::move(c));
    }
    return result;
}

// In an hourly month the households must all be eligible and reach the hourly regime's paths
// (the cap, the floor, the ceiling, a CMG of 0); in a bracket month, every bracket (there E8's
// 54 euros a day is above the assmat daily cap: refused, as it was).
void check_household_cases(const std::vector<Case>& cases) {
    std::array<std::size_t, 4> brackets{};
    bool capped = false;
    bool at_floor = false;
    bool at_ceiling = false;
    bool zero_paid = false;
    for (const Case& c : cases) {
        const law::Entitlement result = law::compute_entitlement(
            c.household, c.contract, *c.month, nullptr, law::Detail::amounts_only);
        PAJESIM_ASSERT(result.eligible || !c.month->hourly());
        PAJESIM_ASSERT(result.regime ==
                       (c.month->hourly() ? law::Regime::hourly : law::Regime::brackets));
        ++brackets[static_cast<std::size_t>(result.bracket.value_or(0))];
        if (!c.month->hourly()) continue;  // the hourly values are null in a bracket month
        capped = capped || result.hourly_cap_bound;
        at_floor = at_floor || result.resources_monthly == c.month->monthly_resource_floor->value;
        at_ceiling =
            at_ceiling || result.resources_monthly == c.month->monthly_resource_ceiling->value;
        zero_paid = zero_paid || result.cmg_paid == Cents{0};
    }
    if (cases.front().month->hourly()) {
        PAJESIM_ASSERT(capped);
        PAJESIM_ASSERT(at_floor);
        PAJESIM_ASSERT(at_ceiling);
        PAJESIM_ASSERT(zero_paid);
    } else {
        for (std::size_t bracket = 1; bracket <= 3; ++bracket) {
            PAJESIM_ASSERT(brackets[bracket] > 0);
        }
    }
}

// One call per iteration, cycling through the households: the time is per call.
void compute_households(benchmark::State& state, YearMonth month) {
    const std::vector<Case> all = household_cases(month);
    check_household_cases(all);
    std::size_t next = 0;
    for (auto _ : state) {
        const Case& c = all[next];
        const law::Entitlement result = law::compute_entitlement(
            c.household, c.contract, *c.month, nullptr, law::Detail::amounts_only);
        benchmark::DoNotOptimize(result.cmg_paid);
        if (++next == all.size()) next = 0;
    }
    state.SetItemsProcessed(state.iterations());
}

// The hourly CMG (décret 2025-515), in a month after the 2026 indemnity exclusion.
void BM_compute_entitlement_hourly(benchmark::State& state) {
    compute_households(state, YearMonth::from_civil(2026, 1));
}

// The same households under the brackets (2019-06), for the comparison.
void BM_compute_entitlement_brackets_same_households(benchmark::State& state) {
    compute_households(state, YearMonth::from_civil(2019, 6));
}

// One request line as `pajesim entitlement` reads it: resources as a JSON number, the
// contract's amounts as strings, so both amount forms are parsed.
std::string request_line(const Case& c, std::size_t index) {
    std::string line = "{\"id\":\"case-" + std::to_string(index) + "\",\"month\":\"" +
                       c.month->month.to_string() + "\",\"household\":{\"single_parent\":" +
                       (c.household.single_parent ? "true" : "false") +
                       ",\"resources_n2\":" + c.household.resources_n2.to_string();
    if (!c.household.activity_condition_met) line += ",\"activity_condition_met\":false";
    line += ",\"children\":[";
    for (std::size_t i = 0; i < c.household.children.size(); ++i) {
        const law::ChildFacts& child = c.household.children[i];
        if (i != 0) line += ',';
        line += "{\"birth\":\"" + child.birth.to_string() + "\"";
        if (child.aeeh) line += ",\"aeeh\":true";
        line += '}';
    }
    line += "]},\"contract\":{\"mode\":\"" + law::to_string(c.contract.mode) + "\",\"children\":[";
    for (std::size_t i = 0; i < c.contract.children.size(); ++i) {
        if (i != 0) line += ',';
        line += std::to_string(c.contract.children[i]);
    }
    line += "],\"net_salary\":\"" + c.contract.net_salary.to_string() + "\"";
    if (c.contract.mode == law::CareMode::assmat) {
        line += ",\"maintenance\":\"" + c.contract.maintenance.to_string() +
                "\",\"days\":" + std::to_string(c.contract.days_worked);
    }
    line += "}}\n";
    return line;
}

void BM_compute_entitlement(benchmark::State& state) {
    const std::vector<Case>& all = cases();
    for (auto _ : state) {
        std::int64_t paid_cents = 0;
        for (const Case& c : all) {
            const law::Entitlement result =
                law::compute_entitlement(c.household, c.contract, *c.month);
            paid_cents += result.cmg_paid.value();
        }
        benchmark::DoNotOptimize(paid_cents);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(all.size()));
}

// What `pajesim entitlement` does once its input is read: validate every line, then compute
// and format each result into one output buffer.
void BM_entitlement_pipeline(benchmark::State& state) {
    const law::LegalParameters& table = legal_parameters();
    const std::vector<Case>& all = cases();
    std::string text;
    for (std::size_t i = 0; i < all.size(); ++i) text += request_line(all[i], i);
    for (auto _ : state) {
        const auto requests =
            pajesim::harness::parse_entitlement_requests(text, "<benchmark>", table);
        std::string output;
        output.reserve(requests.size() * 200);
        for (const auto& request : requests) {
            const law::Entitlement result = law::compute_entitlement(
                request.household, request.contract, table.for_month(request.month));
            output += pajesim::harness::format_entitlement(request, result, nullptr);
            output += '\n';
        }
        benchmark::DoNotOptimize(output.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(all.size()));
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}

}  // namespace

BENCHMARK(BM_compute_entitlement)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_compute_entitlement_hourly)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_compute_entitlement_brackets_same_households)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_entitlement_pipeline)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
