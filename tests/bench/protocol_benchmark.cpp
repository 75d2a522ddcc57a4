// The centre protocol's throughput: messages per second that pajesim encodes, sends to an
// external centre (a trivial echo, tests/bench/echo_centre.cpp, started as a child process),
// and whose answers it reads and validates. Days of 1 000 and 10 000 messages: declarations
// (the bulk of a real conversation), rights messages and bank returns. Run by ci/bench.sh.
#include <benchmark/benchmark.h>

#include <chrono>
#include <vector>

#include "harness/runner/sut_centre.hpp"
#include "sim/law/parameters.hpp"
#include "sim/model/population/world.hpp"
#include "sim/model/scenario.hpp"

namespace {

using namespace pajesim;

struct Fixture {
    model::Scenario scenario;
    std::unique_ptr<law::LegalParameters> parameters;
    model::World world;
    Fixture() {
        scenario = model::load_scenario(PAJESIM_SOURCE_DIR "/scenarios/baseline-2019.json");
        scenario.population.families = 20'000;
        parameters = law::LegalParameters::load_file(scenario.params_file);
        world = model::World::generate(scenario, *parameters);
    }
};

void BM_protocol_echo(benchmark::State& state) {
    static Fixture fixture;
    const auto per_day = static_cast<std::size_t>(state.range(0));
    std::vector<model::CentreMessage> messages;
    const YearMonth month = fixture.scenario.first_month.plus_months(6);
    for (std::size_t i = 0; messages.size() < per_day; ++i) {
        const auto contract = static_cast<std::uint32_t>(i % fixture.world.contracts.size());
        const model::Contract& facts = fixture.world.contracts[contract];
        if (i % 10 == 0) {
            model::RightsRecord record;
            record.valid_from = month;
            record.bracket = 2;
            record.known_children = static_cast<std::uint8_t>(fixture.world.children_of(facts.family).size());
            messages.emplace_back(model::RightsIn{facts.family, CafId{0}, model::RightsCause::birth, record,
                                                  fixture.world.children_of(facts.family)});
        } else {
            model::DeclarationIn declaration;
            declaration.id = ContractId{contract};
            declaration.month = month;
            declaration.declared_on = month.day_clamped(27);
            declaration.contract = &facts;
            messages.emplace_back(declaration);
        }
    }
    harness::ProcessLink link(PAJESIM_ECHO_CENTRE, std::chrono::seconds(30));
    harness::SutCentre centre(link, nullptr);
    model::CentreSetup setup;
    setup.scenario = &fixture.scenario;
    setup.parameters = fixture.parameters.get();
    setup.world = &fixture.world;
    setup.params_file = fixture.scenario.params_file;
    setup.first_day = fixture.scenario.first_month.first_day();
    setup.last_day = fixture.scenario.last_month.plus_months(4).first_day().plus_days(-1);
    setup.families = static_cast<std::uint32_t>(fixture.world.families.size());
    setup.contracts = static_cast<std::uint32_t>(fixture.world.contracts.size());
    centre.start(setup);
    std::vector<model::CentreAction> actions;
    Date day = setup.first_day;
    std::int64_t sent = 0;
    for (auto _ : state) {
        actions.clear();
        centre.day(day, true, messages, actions);
        day = day.plus_days(1);
        if (day > setup.last_day) day = setup.first_day;  // the echo does not mind
        sent += static_cast<std::int64_t>(messages.size());
    }
    state.SetItemsProcessed(sent);
    centre.finish();
}
BENCHMARK(BM_protocol_echo)->Arg(1'000)->Arg(10'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
