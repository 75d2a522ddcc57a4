// Properties of whole runs (bounded: small populations, about a year), with populations
// weighted to the law's edges and random fault plans, and a model-based test of Pajemploi's
// rights store and payment decisions against a simple model driven by the oracle.

#include <boost/test/unit_test.hpp>
#include <rapidcheck/boost_test.h>
#include <rapidcheck/state.h>

#include <array>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "harness/runner/check.hpp"
#include "sim/law/cmg.hpp"
#include "sim/model/centre/builtin/rights_store.hpp"

using namespace pajesim;

namespace {

const law::LegalParameters& parameters() {
    static const auto loaded = law::LegalParameters::load_file(std::string(PAJESIM_SOURCE_DIR) +
                                                               "/scenarios/params/cmg-2018-2026.json");
    return *loaded;
}

// Where a family is moved to, to reach an edge of the law.
enum class Edge { none, ceiling_minus_one_euro, at_ceiling, ceiling_plus_one_euro, birthday_month_end, leap_day };

struct PopulationPlan {
    nlohmann::json scenario;
    std::vector<Edge> edges;  // one per family (cycled)
};

rc::Gen<PopulationPlan> gen_population(bool with_faults) {
    return rc::gen::apply(
        [with_faults](int families, int start, int single, int late, int births, std::vector<Edge> edges,
                      std::uint64_t seed) {
            static const char* shares[] = {"0", "0.08", "0.5", "1"};
            const YearMonth first = YearMonth::from_civil(2019, 1).plus_months(start);
            nlohmann::json scenario{
                {"name", "property"},
                {"period", {{"from", first.to_string()}, {"to", first.plus_months(13).to_string()}}},
                {"seed", seed >> 1},
                {"population",
                 {{"families", families},
                  {"single_parent_share", shares[single]},
                  {"annual_birth_probability", births == 0 ? "0.06" : "0.6"}}},
                // A guarantee longer than the period: no carer's pay may wait for a parent's
                // money, so that every carer's pay on time is judged.
                {"workflow", {{"late_declaration_share", late == 0 ? "0" : late == 1 ? "0.05" : "0.6"},
                              {"pajemploi_plus_carer_pay", {{"rule", "guarantee"}, {"guaranteed_months", 24}}}}},
                {"processes", {{"notice_probability", "1"}, {"files_per_agent_per_day", "1000"},
                               {"fix_error_probability", "0"}, {"recover_advance_only_after_payment", true}}},
                {"faults", nlohmann::json::array()}};
            if (with_faults) {
                // A random fault mix, as `pajesim check` draws it.
                scenario["faults"] = harness::random_scenario(seed)["faults"];
            }
            return PopulationPlan{scenario, edges.empty() ? std::vector<Edge>{Edge::none} : edges};
        },
        rc::gen::inRange(3, 40), rc::gen::inRange(0, 14), rc::gen::inRange(0, 4), rc::gen::inRange(0, 3),
        rc::gen::inRange(0, 2),
        rc::gen::container<std::vector<Edge>>(rc::gen::element(
            Edge::none, Edge::ceiling_minus_one_euro, Edge::at_ceiling, Edge::ceiling_plus_one_euro,
            Edge::birthday_month_end, Edge::leap_day)),
        rc::gen::arbitrary<std::uint64_t>());
}

// Gives the family's first care year these N-2 resources, the later years as drawn.
void first_year_resources(model::World& world, std::size_t f, Cents resources) {
    const FamilyId family{static_cast<std::uint32_t>(f)};
    std::array<Cents, model::resource_years> all = world.resources_of(family);
    all[0] = resources;
    world.set_resources(family, all);
}

// Moves families onto the edges: N-2 resources of the first year at a ceiling (the single-
// parent one for single parents) or one euro either side; the eldest child's birthday on the
// last day of a month, or on 29 February.
void move_to_edges(model::World& world, const std::vector<Edge>& edges, YearMonth first) {
    const law::MonthParameters& p = parameters().for_month(first);
    for (std::size_t f = 0; f < world.families.size(); ++f) {
        model::Family& family = world.families[f];
        const Edge edge = edges[f % edges.size()];
        const int children = family.children_at_start;
        const law::Ceilings& ceilings = p.resource_ceilings->value.bracket_1;
        Cents ceiling = children <= 1 ? ceilings.one_child
                                      : ceilings.two_children + ceilings.per_extra_child.times(children - 2);
        if (family.single_parent_at_start) ceiling = apply_rate(ceiling, Ratio{14, 10}, Rounding::toward_zero);
        law::ChildFacts& eldest = world.children[family.first_child];
        switch (edge) {
            case Edge::none: break;
            case Edge::ceiling_minus_one_euro: first_year_resources(world, f, ceiling - Cents{100}); break;
            case Edge::at_ceiling: first_year_resources(world, f, ceiling); break;
            case Edge::ceiling_plus_one_euro: first_year_resources(world, f, ceiling + Cents{100}); break;
            case Edge::birthday_month_end: eldest.birth = eldest.birth.year_month().last_day(); break;
            case Edge::leap_day: {
                const Date leap = eldest.birth.year() >= 2016 ? Date::from_civil(2016, 2, 29) : Date::from_civil(2012, 2, 29);
                // The eldest's contracts end with the month of its 6th birthday, as the
                // population draws them: an earlier birth shortens them; a birth that would
                // leave a contract no month keeps the child's own date.
                const YearMonth care_end = leap.plus_years(6).year_month();
                bool fits = true;
                for (std::uint32_t c = world.family_contract_begin[f]; c < world.family_contract_begin[f + 1]; ++c) {
                    const model::Contract& contract = world.contracts[c];
                    const SmallVector<std::uint32_t, 4> in_care = contract.children();
                    const bool eldest_in = std::find(in_care.begin(), in_care.end(), 0u) != in_care.end();
                    if (eldest_in && care_end < contract.first_month) fits = false;
                }
                if (!fits) break;
                eldest.birth = leap;
                for (std::uint32_t c = world.family_contract_begin[f]; c < world.family_contract_begin[f + 1]; ++c) {
                    model::Contract& contract = world.contracts[c];
                    if (contract.children() == std::vector<std::uint32_t>{0}) {
                        contract.last_month = std::min(contract.last_month, care_end);
                    }
                }
                break;
            }
        }
    }
}

std::unique_ptr<harness::RunOutcome> run(const PopulationPlan& plan) {
    const YearMonth first = *YearMonth::parse(plan.scenario["period"]["from"].get<std::string>());
    return harness::run_json(plan.scenario, "property.json", model::TestBreaks{},
                             [&](model::World& world) { move_to_edges(world, plan.edges, first); });
}

void classify(const PopulationPlan& plan) {
    const auto has = [&](Edge e) { return std::find(plan.edges.begin(), plan.edges.end(), e) != plan.edges.end(); };
    RC_CLASSIFY(has(Edge::at_ceiling) || has(Edge::ceiling_plus_one_euro) || has(Edge::ceiling_minus_one_euro),
                "ceilings +-1 euro");
    RC_CLASSIFY(has(Edge::birthday_month_end), "birthday on a month end");
    RC_CLASSIFY(has(Edge::leap_day), "29 February");
    RC_CLASSIFY(plan.scenario["population"]["single_parent_share"] != "0", "single parents");
    RC_CLASSIFY(plan.scenario["workflow"]["late_declaration_share"] != "0", "late declarations");
}

}  // namespace

RC_BOOST_PROP(without_faults_every_invariant_holds, ()) {
    const PopulationPlan plan = *gen_population(false).as("population");
    classify(plan);
    const auto outcome = run(plan);
    const auto failed = harness::failed_properties(*outcome);
    RC_ASSERT(failed.empty());
    RC_ASSERT(outcome->result.ledger_net == Cents{0});
}

RC_BOOST_PROP(under_any_fault_plan_only_what_the_faults_may_cause_is_violated, ()) {
    PopulationPlan plan = *gen_population(true).as("population and faults");
    // Nobody fixes anything: what no fault of the plan may cause must hold all the same (no
    // money lost or created, no early recovery). Liveness is not the point here.
    plan.scenario["processes"] = {{"permanent_agents", 0}, {"temporary_agents", 0},
                                  {"recover_advance_only_after_payment", true}};
    RC_CLASSIFY(plan.scenario["faults"].empty(), "no faults");
    RC_CLASSIFY(plan.scenario["faults"].size() >= 3, "three faults or more");
    const auto outcome = run(plan);
    for (const auto& verdict : outcome->verdicts) {
        if (verdict.name == "everyone_square_after_recovery") continue;
        if (!harness::faults_may_violate(outcome->faults, verdict.name)) RC_ASSERT(verdict.violations == 0u);
    }
    for (const std::string_view always : {"ledger_nets_to_zero", "advance_not_recovered_before_payment"}) {
        RC_ASSERT(!harness::faults_may_violate(outcome->faults, always));
    }
}

RC_BOOST_PROP(with_recovery_processes_everyone_is_square_after_the_window, ()) {
    const std::uint64_t seed = *rc::gen::arbitrary<std::uint64_t>().as("check seed");
    const nlohmann::json scenario = harness::random_scenario(seed >> 1);
    RC_CLASSIFY(scenario["faults"].empty(), "no faults");
    const auto outcome = harness::run_json(scenario, "random.json", model::TestBreaks{});
    const auto failed = harness::failed_properties(*outcome);
    for (const std::string& name : failed) RC_LOG() << "violated: " << name << "\n";
    if (!failed.empty()) RC_LOG() << scenario.dump() << "\n";
    RC_ASSERT(failed.empty());
}

// --- model-based test of Pajemploi's rights store and its payment decisions ---------------

namespace {

// The model: a map from valid_from to the record; a message replaces everything from its date.
struct RightsModel {
    std::map<std::int32_t, model::RightsRecord> records;
};

struct Store {
    model::centre::RightsStore store{1};
};

// A household whose decided bracket is given: the oracle on it is the reference decision.
law::HouseholdFacts household(bool single_parent) {
    law::HouseholdFacts facts;
    facts.single_parent = single_parent;
    facts.children = {{Date::from_civil(2018, 3, 31), false}, {Date::from_civil(2016, 2, 29), false}};
    return facts;
}

struct Deliver : rc::state::Command<RightsModel, Store> {
    model::RightsRecord record;
    Deliver() {
        record.valid_from = YearMonth::from_civil(2019, 1).plus_months(*rc::gen::inRange(0, 24));
        record.bracket = static_cast<std::uint8_t>(*rc::gen::inRange(1, 4));
        record.single_parent = *rc::gen::arbitrary<bool>();
        record.known_children = 2;
    }
    void apply(RightsModel& state) const override {
        state.records.erase(state.records.lower_bound(record.valid_from.index()), state.records.end());
        state.records[record.valid_from.index()] = record;
    }
    void run(const RightsModel&, Store& sut) const override {
        sut.store.apply(FamilyId{0}, record);
    }
    void show(std::ostream& out) const override {
        out << "deliver from " << record.valid_from << " bracket " << int{record.bracket}
            << (record.single_parent ? " single" : "");
    }
};

struct DecideMonth : rc::state::Command<RightsModel, Store> {
    YearMonth month = YearMonth::from_civil(2019, 1).plus_months(*rc::gen::inRange(0, 24));
    void run(const RightsModel& state, Store& sut) const override {
        const auto found = sut.store.lookup(FamilyId{0}, month);
        auto expected = state.records.upper_bound(month.index());
        if (expected == state.records.begin()) {
            RC_ASSERT(!found.has_value());
            return;
        }
        --expected;
        RC_ASSERT(found.has_value());
        RC_ASSERT(*found == expected->second);
        // The payment decision from the record equals the oracle's on the facts it stands for.
        law::ContractFacts contract{law::CareMode::assmat, {0}, Cents{60000}, Cents{0}, 20, 0, Cents{0}, Cents{0}};
        const law::MonthParameters& p = parameters().for_month(month);
        const auto decided = law::compute_entitlement_for_bracket(found->bracket, household(found->single_parent),
                                                                  contract, p);
        law::HouseholdFacts truth = household(found->single_parent);
        const int dependent = law::dependent_children(truth, month);
        // Resources chosen inside the record's bracket, so the oracle reaches the same bracket.
        const law::Ceilings& c1 = p.resource_ceilings->value.bracket_1;
        const law::Ceilings& c2 = p.resource_ceilings->value.bracket_2;
        const Ratio factor = found->single_parent ? p.single_parent_ceiling_factor->value : Ratio::one();
        const auto ceiling = [&](const law::Ceilings& c) {
            const Cents plain = dependent <= 1 ? c.one_child : c.two_children + c.per_extra_child.times(dependent - 2);
            return apply_rate(plain, factor, Rounding::toward_zero);
        };
        truth.resources_n2 = found->bracket == 1 ? Cents{100}
                           : found->bracket == 2 ? ceiling(c1) + Cents{100}
                                                 : ceiling(c2).times(2);
        const auto oracle = law::compute_entitlement(truth, contract, p);
        RC_ASSERT(decided.cmg_paid == oracle.cmg_paid);
    }
    void show(std::ostream& out) const override { out << "decide " << month; }
};

}  // namespace

RC_BOOST_PROP(rights_store_and_decisions_follow_the_model, ()) {
    RightsModel state;
    Store sut;
    rc::state::check(state, sut, rc::state::gen::execOneOfWithArgs<Deliver, DecideMonth>());
}

// The store keeps each family's children as the last message listed them: in its slot when
// they are three or fewer (births packed as day counts), by reference to the message's list
// when they are more; a null list gives none. Lists of 0 to 7 children around the slot's capacity, births
// from 1900 to 2199 (the calendar's tables) and every flag, replaced in any order.
// A record whose month does not fit the slot's 16-bit month index (year 5462 on) moves the
// family's records to the side table: every record reads back the same, in order.
BOOST_AUTO_TEST_CASE(rights_store_records_beyond_sixteen_bits) {
    model::centre::RightsStore store(2);
    model::RightsRecord first;
    first.valid_from = YearMonth::from_civil(2019, 1);
    first.bracket = 2;
    first.known_children = 31;
    first.lost_birth_mask = 0xa5;
    first.resources_monthly = 65'535;
    store.apply(FamilyId{1}, first);
    model::RightsRecord far = first;
    far.valid_from = YearMonth::from_index(UINT16_MAX + 1);
    far.bracket = 3;
    far.single_parent = true;
    store.apply(FamilyId{1}, far);
    BOOST_TEST((store.lookup(FamilyId{1}, YearMonth::from_civil(2020, 6)) == first));
    BOOST_TEST((store.lookup(FamilyId{1}, YearMonth::from_index(UINT16_MAX)) == first));
    BOOST_TEST((store.lookup(FamilyId{1}, YearMonth::from_index(UINT16_MAX + 1)) == far));
    BOOST_TEST(!store.lookup(FamilyId{1}, YearMonth::from_civil(2018, 12)).has_value());
    const std::array<model::RightsRecord, 2> both{first, far};
    BOOST_TEST(store.holds_exactly(FamilyId{1}, both));
    BOOST_TEST(store.holds_exactly(FamilyId{1}, std::span(both).subspan(1)));
    BOOST_TEST(!store.holds_exactly(FamilyId{1}, std::span(both).first(1)));
    // A record at the last month a slot holds stays in the slot, and reads back the same.
    model::RightsRecord last = first;
    last.valid_from = YearMonth::from_index(UINT16_MAX);
    store.apply(FamilyId{0}, first);
    store.apply(FamilyId{0}, last);
    BOOST_TEST((store.lookup(FamilyId{0}, YearMonth::from_index(UINT16_MAX)) == last));
    BOOST_TEST((store.lookup(FamilyId{0}, YearMonth::from_index(UINT16_MAX - 1)) == first));
    // A later record from an earlier month replaces both, in the side table as in a slot.
    store.apply(FamilyId{1}, first);
    BOOST_TEST((store.lookup(FamilyId{1}, YearMonth::from_index(UINT16_MAX + 1)) == first));
    BOOST_TEST(store.holds_exactly(FamilyId{1}, std::span(both).first(1)));
}

// Births whose day count does not pack in 30 bits are read from the message's list.
BOOST_AUTO_TEST_CASE(rights_store_children_beyond_thirty_bits) {
    model::centre::RightsStore store(1);
    const std::vector<law::ChildFacts> edges{{Date::from_day_count((1 << 29) - 1), true, false},
                                             {Date::from_day_count(-(1 << 29)), false, true}};
    const std::vector<law::ChildFacts> beyond{{Date::from_day_count(1 << 29), true, true},
                                              {Date::from_day_count(-(1 << 29) - 1), false, false}};
    for (const std::vector<law::ChildFacts>* list : {&edges, &beyond, &edges}) {
        store.set_children(FamilyId{0}, std::span<const law::ChildFacts>(*list));
        BOOST_TEST_REQUIRE(store.child_count(FamilyId{0}) == 2u);
        for (std::size_t c = 0; c < 2; ++c) BOOST_TEST((store.child(FamilyId{0}, c) == (*list)[c]));
    }
}

RC_BOOST_PROP(rights_store_children_read_as_given, ()) {
    const auto child = rc::gen::build<law::ChildFacts>(
        rc::gen::set(&law::ChildFacts::birth, rc::gen::map(rc::gen::inRange(-25'567, 84'006), [](int days) {
                         return Date::from_day_count(days);
                     })),
        rc::gen::set(&law::ChildFacts::aeeh), rc::gen::set(&law::ChildFacts::alternating));
    const auto lists = *rc::gen::container<std::vector<std::vector<law::ChildFacts>>>(
        rc::gen::container<std::vector<law::ChildFacts>>(*rc::gen::inRange(0, 8), child));
    const auto nulls = *rc::gen::container<std::vector<bool>>(lists.size(), rc::gen::arbitrary<bool>());
    model::centre::RightsStore store(3);
    const FamilyId family{1};
    for (std::size_t i = 0; i < lists.size(); ++i) {
        store.set_children(family, nulls[i] ? std::nullopt
                                            : std::optional<std::span<const law::ChildFacts>>(lists[i]));
        RC_ASSERT(store.has_children(family) == !nulls[i]);
        const std::size_t expected = nulls[i] ? 0 : lists[i].size();
        RC_ASSERT(store.child_count(family) == expected);
        for (std::size_t c = 0; c < expected; ++c) {
            const law::ChildFacts read = store.child(family, c);
            RC_ASSERT(read.birth == lists[i][c].birth);
            RC_ASSERT(read.aeeh == lists[i][c].aeeh);
            RC_ASSERT(read.alternating == lists[i][c].alternating);
        }
        // Its neighbours were never given any.
        RC_ASSERT(!store.has_children(FamilyId{0}));
        RC_ASSERT(!store.has_children(FamilyId{2}));
    }
}
