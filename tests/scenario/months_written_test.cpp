// RunView::months_written: every family's amounts of the months from it on are still zero and
// none of them is declared, so the walks over a family's months (the books' month-end counts,
// the register's stakes) stop there. Whole runs with faults, overpayments recovered and
// written off, Pajemploi+ debits and the hourly regime are watched day by day, every family
// and every month checked; the bound must also move with the run (not stay at the last month,
// which would make the check empty).

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/faults/fault_plan.hpp"
#include "sim/kernel/json_input.hpp"
#include "sim/law/parameters.hpp"
#include "sim/model/observer.hpp"
#include "sim/model/population/world.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/simulation.hpp"

using namespace pajesim;
using nlohmann::json;

namespace {

class Watch final : public model::RunObserver {
public:
    void on_day_end(const model::RunView& view) override {
        const std::int32_t bound = view.months_written();
        BOOST_TEST_REQUIRE(bound <= view.month_count());
        BOOST_TEST_REQUIRE(bound >= last_bound_, view.today().to_string() << ": the bound went back");
        last_bound_ = bound;
        if (bound < view.month_count()) ++days_short_;
        for (std::uint32_t f = 0; f < view.family_count(); ++f) {
            const FamilyId family{f};
            if (bound > 0 && view.declared(family, bound - 1)) ++declared_at_bound_;
            for (std::int32_t m = bound; m < view.month_count(); ++m) {
                const bool empty = !view.declared(family, m) && view.cmg_owed(family, m) == Cents{0} &&
                                   view.cmg_paid(family, m) == Cents{0} && view.debit_due(family, m) == Cents{0} &&
                                   view.debited(family, m) == Cents{0} && view.carers_due(family, m) == Cents{0} &&
                                   view.carers_paid(family, m) == Cents{0} &&
                                   view.cmg_recovered(family, m) == Cents{0} &&
                                   view.cmg_written_off(family, m) == Cents{0};
                if (!empty) {
                    BOOST_TEST_REQUIRE(empty, view.today().to_string() << ": family " << f << ", month " << m
                                                                       << " holds something beyond the bound "
                                                                       << bound);
                }
            }
        }
    }
    void on_transfer(const model::Transfer& t, const model::RunView&) override {
        if (t.cause == model::Cause::overpayment_recovery) ++recoveries_;
    }
    void on_family_step(const model::FamilyStep& step, const model::RunView&) override {
        if (step.kind == model::StepKind::overpayment_written_off) ++write_offs_;
    }

    std::int32_t last_bound_ = 0;
    std::uint32_t days_short_ = 0;
    std::uint64_t declared_at_bound_ = 0;
    std::uint32_t recoveries_ = 0;
    std::uint32_t write_offs_ = 0;
};

Watch watch(const std::string& name, std::uint32_t families, const std::string& recovery) {
    const std::string folder = std::string(PAJESIM_SOURCE_DIR) + "/scenarios";
    json document = parse_json_file(folder + "/" + name + ".json");
    document["population"]["families"] = families;
    if (!recovery.empty()) document["processes"]["overpayment_recovery"]["mode"] = recovery;
    const model::Scenario scenario = model::scenario_from_json(document, folder + "/" + name + ".json", folder);
    const auto parameters = law::LegalParameters::load_file(scenario.params_file);
    model::World world = model::World::generate(scenario, *parameters);
    const auto plan = faults::FaultPlan::from_json(scenario.faults, scenario.file, scenario.seed,
                                                   scenario.population.families);
    Watch seen;
    model::RunOptions options;
    options.seams = plan.get();
    options.observer = &seen;
    const model::RunResult result = model::run_simulation(scenario, *parameters, world, options);
    BOOST_TEST(seen.last_bound_ == result.month_count);
    // The bound stays below the last month for the run's first months, and families declare
    // the month just below it: it follows the run, neither stuck at 0 nor at the end.
    BOOST_TEST(seen.days_short_ > 300u);
    BOOST_TEST(seen.declared_at_bound_ > 0u);
    return seen;
}

}  // namespace

BOOST_AUTO_TEST_CASE(nothing_lies_beyond_the_months_written_in_the_incident) {
    watch("incident-2019", 400, "");
}

BOOST_AUTO_TEST_CASE(nothing_lies_beyond_the_months_written_with_overpayments_recovered) {
    const Watch seen = watch("duplicated-rights-2019", 2000, "");
    BOOST_TEST(seen.recoveries_ > 0u);
}

BOOST_AUTO_TEST_CASE(nothing_lies_beyond_the_months_written_with_overpayments_written_off) {
    const Watch seen = watch("duplicated-rights-2019", 400, "write_off");
    BOOST_TEST(seen.write_offs_ > 0u);
}

BOOST_AUTO_TEST_CASE(nothing_lies_beyond_the_months_written_across_the_2025_reform) {
    watch("reform-2025", 400, "");
}
