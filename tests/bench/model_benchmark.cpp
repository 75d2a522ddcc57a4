// The model's hot paths: drawing the population, the true facts, the centre's rights lookup,
// the ledger, whole runs (the baseline and the incident, on one thread and two), and the
// dossiers' replay (the followed families alone, or the whole population). Run by
// ci/bench.sh, not by the test suite. Items are families, lookups, transfers or simulated
// events, so the rates read as throughput.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "harness/faults/fault_plan.hpp"
#include "sim/kernel/random.hpp"
#include "sim/law/parameters.hpp"
#include "sim/model/centre/builtin/rights_store.hpp"
#include "sim/model/histories.hpp"
#include "sim/model/ledger.hpp"
#include "sim/model/population/world.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/simulation.hpp"

namespace {

using namespace pajesim;

struct Setting {
    model::Scenario scenario;
    std::unique_ptr<law::LegalParameters> parameters;
};

Setting setting(const std::string& name, std::uint32_t families) {
    Setting s;
    s.scenario = model::load_scenario(std::string(PAJESIM_SOURCE_DIR) + "/scenarios/" + name + ".json");
    s.scenario.population.families = families;
    s.parameters = law::LegalParameters::load_file(s.scenario.params_file);
    return s;
}

void BM_WorldGenerate(benchmark::State& state) {
    const Setting s = setting("incident-2019", static_cast<std::uint32_t>(state.range(0)));
    for (auto _ : state) {
        model::World world = model::World::generate(s.scenario, *s.parameters);
        benchmark::DoNotOptimize(world.contracts.data());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_WorldGenerate)->Arg(20'000)->Unit(benchmark::kMillisecond);

// Every family's true facts for one month: in index order (a day's events, which come in
// family order) and in a scattered order (what a queue of calls or files visits).
void BM_TrueFacts(benchmark::State& state) {
    const Setting s = setting("incident-2019", static_cast<std::uint32_t>(state.range(0)));
    model::World world = model::World::generate(s.scenario, *s.parameters);
    std::vector<std::uint32_t> order(world.families.size());
    for (std::uint32_t f = 0; f < order.size(); ++f) order[f] = f;
    if (state.range(1) != 0) {
        RandomStream stream(1, StreamKind::test, 0);
        for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[stream.uniform_below(i)]);
    }
    const YearMonth month = s.scenario.first_month.plus_months(7);
    model::HouseholdScratch scratch;
    for (auto _ : state) {
        std::int64_t sum = 0;
        for (const std::uint32_t f : order) sum += world.true_facts(FamilyId{f}, month, scratch).resources_n2.value();
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(order.size()));
}
BENCHMARK(BM_TrueFacts)->Args({1'200'000, 0})->Args({1'200'000, 1})->Unit(benchmark::kMillisecond);

// The centre's copy of the rights: a bulk record and a new year's for every family, a change
// for one in four, then a lookup per family and month.
void BM_RightsLookup(benchmark::State& state) {
    const auto families = static_cast<std::uint32_t>(state.range(0));
    model::centre::RightsStore store(families);
    const YearMonth first = YearMonth::from_civil(2019, 1);
    for (std::uint32_t f = 0; f < families; ++f) {
        model::RightsRecord record;
        record.valid_from = first;
        record.bracket = 1 + f % 3;
        record.known_children = 1 + f % 2;
        store.apply(FamilyId{f}, record);
        record.valid_from = YearMonth::from_civil(2020, 1);
        store.apply(FamilyId{f}, record);
        if (f % 4 == 0) {
            record.valid_from = first.plus_months(static_cast<std::int32_t>(f % 24));
            record.single_parent = true;
            store.apply(FamilyId{f}, record);
        }
    }
    for (auto _ : state) {
        std::uint64_t brackets = 0;
        for (std::int32_t m = 0; m < 24; m += 6) {
            for (std::uint32_t f = 0; f < families; ++f) {
                if (const auto record = store.lookup(FamilyId{f}, first.plus_months(m))) brackets += record->bracket;
            }
        }
        benchmark::DoNotOptimize(brackets);
    }
    state.SetItemsProcessed(state.iterations() * 4 * state.range(0));
}
BENCHMARK(BM_RightsLookup)->Arg(1'200'000)->Unit(benchmark::kMillisecond);

// Income into every family's account and a salary from it to a carer, in family order.
void BM_LedgerTransfer(benchmark::State& state) {
    const auto families = static_cast<std::uint32_t>(state.range(0));
    const model::AccountPlan plan{families, families / 3 + 1};
    model::Ledger ledger(plan);
    const Date day = Date::from_civil(2019, 3, 1);
    for (auto _ : state) {
        for (std::uint32_t f = 0; f < families; ++f) {
            const FamilyId family{f};
            ledger.transfer({day, plan.outside(), plan.family(family), Cents{250'000}, model::Cause::income, family,
                             day.year_month()});
            ledger.transfer({day, plan.family(family), plan.carer(CarerId{f / 3}), Cents{60'000}, model::Cause::salary,
                             family, day.year_month()});
        }
    }
    benchmark::DoNotOptimize(ledger.net());
    state.SetItemsProcessed(state.iterations() * 2 * state.range(0));
}
BENCHMARK(BM_LedgerTransfer)->Arg(1'200'000)->Unit(benchmark::kMillisecond);

// A whole run without observers (the simulation alone), on 1 or 2 threads: items are events.
void run_benchmark(benchmark::State& state, const std::string& name) {
    const Setting s = setting(name, static_cast<std::uint32_t>(state.range(0)));
    model::World world = model::World::generate(s.scenario, *s.parameters);
    std::uint64_t events = 0;
    for (auto _ : state) {
        auto plan = faults::FaultPlan::from_json(s.scenario.faults, s.scenario.file, s.scenario.seed,
                                                 s.scenario.population.families);
        model::RunOptions options;
        options.seams = plan.get();
        options.threads = static_cast<unsigned>(state.range(1));
        const model::RunResult result = model::run_simulation(s.scenario, *s.parameters, world, options);
        events += result.statistics.events;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(events));
}
void BM_RunBaseline(benchmark::State& state) { run_benchmark(state, "baseline-2019"); }
void BM_RunIncident(benchmark::State& state) { run_benchmark(state, "incident-2019"); }
BENCHMARK(BM_RunBaseline)->Args({20'000, 1})->Args({20'000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_RunIncident)->Args({20'000, 1})->Args({20'000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

// The dossiers' replay of the incident, following 50 families (every 400th): the families
// alone, from a first run's record (sim/model/histories.hpp; range 1), or the whole population
// (range 0). Items are families followed.
void BM_DossierReplay(benchmark::State& state) {
    const Setting s = setting("incident-2019", static_cast<std::uint32_t>(state.range(0)));
    model::World world = model::World::generate(s.scenario, *s.parameters);
    const bool alone = state.range(1) != 0;
    std::vector<std::uint32_t> followed;
    for (std::uint32_t f = 0; f < world.families.size() && followed.size() < 50; f += 400) followed.push_back(f);
    const auto plan = [&] {
        return faults::FaultPlan::from_json(s.scenario.faults, s.scenario.file, s.scenario.seed,
                                            s.scenario.population.families);
    };
    model::Histories record = model::Histories::recording(static_cast<std::uint32_t>(world.families.size()));
    {
        auto seams = plan();
        model::RunOptions first;
        first.seams = seams.get();
        first.histories = &record;
        model::run_simulation(s.scenario, *s.parameters, world, first);
    }
    for (auto _ : state) {
        auto seams = plan();
        model::Histories histories = record;
        model::RunOptions replay;
        replay.seams = seams.get();
        if (alone) {
            histories.start_replay(followed);
            replay.histories = &histories;
        }
        model::run_simulation(s.scenario, *s.parameters, world, replay);
        if (alone && histories.went_its_own_way()) state.SkipWithError("the replay went its own way");
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * followed.size()));
}
BENCHMARK(BM_DossierReplay)->Args({20'000, 0})->Args({20'000, 1})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
