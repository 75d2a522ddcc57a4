// The baseline scenario without faults, checked from the run's own ledger journal: every
// declared family-month is paid exactly the oracle's amount, before and after the cutover;
// every carer is paid what was declared; the ledger nets to zero; every income and
// declaration comes once, on its day, in family (contract) order within the day.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <tuple>
#include <vector>

#include "sim/kernel/business_days.hpp"
#include "sim/law/cmg.hpp"
#include "sim/law/parameters.hpp"
#include "sim/model/observer.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/simulation.hpp"
#include "sim/model/population/world.hpp"

using namespace pajesim;

namespace {

// Sums the journal by (family, care month) and cause, and recomputes every balance.
class CollectingJournal final : public model::JournalSink {
public:
    explicit CollectingJournal(std::size_t accounts) : balances(accounts) {}
    void record(const model::Transfer& t) override {
        const auto key = std::make_tuple(t.family.value(), t.month.index());
        if (t.cause == model::Cause::cmg) cmg_paid[key] += t.amount;
        if (t.cause == model::Cause::salary || t.cause == model::Cause::carer_payment) {
            carers_paid[key] += t.amount;
        }
        if (t.cause == model::Cause::contributions_debit) {
            const auto found = first_debit.find(key);
            if (found == first_debit.end() || t.date < found->second) first_debit[key] = t.date;
        }
        if (t.cause == model::Cause::cmg && t.date < cutover) ++cmg_transfers_before_cutover;
        if (t.cause == model::Cause::cmg && t.date >= cutover) ++cmg_transfers_after_cutover;
        balances[t.source.index()] -= t.amount;
        balances[t.target.index()] += t.amount;
        ++count;
    }
    std::map<std::tuple<std::uint32_t, std::int32_t>, Cents> cmg_paid;
    std::map<std::tuple<std::uint32_t, std::int32_t>, Cents> carers_paid;
    // The first debit of contributions of each family-month.
    std::map<std::tuple<std::uint32_t, std::int32_t>, Date> first_debit;
    std::vector<Cents> balances;
    Date cutover = Date::from_civil(2019, 5, 25);
    std::uint64_t cmg_transfers_before_cutover = 0;
    std::uint64_t cmg_transfers_after_cutover = 0;
    std::uint64_t count = 0;
};

// The incomes and declarations in the order the run handled them.
class ArrivalOrder final : public model::RunObserver {
public:
    struct Arrival {
        std::int32_t day;
        std::int32_t month;  // the care month's index (YearMonth::index)
        std::uint32_t id;    // the family (income) or the contract (declaration)
        friend auto operator<=>(const Arrival&, const Arrival&) = default;
    };
    void on_transfer(const model::Transfer& t, const model::RunView&) override {
        if (t.cause == model::Cause::income) incomes.push_back({t.date.day_count(), t.month.index(), t.family.value()});
    }
    void on_declaration(const model::DeclarationMade& d, const model::RunView&) override {
        declarations.push_back({d.date.day_count(), d.month.index(), d.contract.value()});
    }
    std::vector<Arrival> incomes;
    std::vector<Arrival> declarations;
};

struct BaselineRun {
    BaselineRun() {
        scenario = model::load_scenario(std::string(PAJESIM_SOURCE_DIR) +
                                        "/scenarios/baseline-2019.json");
        scenario.population.families = 10'000;
        // As late as allowed: the 25th then holds late declarations of one care month and the
        // first of the next (incomes_and_declarations_come_once_on_their_day_in_family_order).
        scenario.workflow.late_declaration_max_days = 20;
        parameters = law::LegalParameters::load_file(scenario.params_file);
        world = model::World::generate(scenario, *parameters);
        const model::AccountPlan plan{static_cast<std::uint32_t>(world.families.size()),
                                      static_cast<std::uint32_t>(world.carers.size())};
        journal = std::make_unique<CollectingJournal>(plan.size());
        journal->cutover = scenario.workflow.cutover;
        model::RunOptions options;
        options.journal = journal.get();
        options.observer = &arrivals;
        result = model::run_simulation(scenario, *parameters, world, options);
    }
    model::Scenario scenario;
    std::unique_ptr<law::LegalParameters> parameters;
    model::World world;
    std::unique_ptr<CollectingJournal> journal;
    ArrivalOrder arrivals;
    model::RunResult result;
};

const BaselineRun& baseline() {
    static const BaselineRun run;
    return run;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_family_month_is_paid_the_oracle_amount) {
    const BaselineRun& run = baseline();
    const model::World& world = run.world;
    std::size_t family_months = 0;
    std::size_t paid_months = 0;
    for (std::uint32_t f = 0; f < world.families.size(); ++f) {
        for (YearMonth month = run.scenario.first_month; month <= run.scenario.last_month;
             month = month.plus_months(1)) {
            const law::HouseholdFacts& facts = world.true_facts(FamilyId{f}, month);
            Cents expected{0};
            Cents salaries{0};
            bool declared = false;
            for (std::uint32_t c = world.family_contract_begin[f];
                 c < world.family_contract_begin[f + 1]; ++c) {
                const model::Contract& contract = world.contracts[c];
                if (!world.contract_active(contract, month)) continue;
                declared = true;
                expected += law::compute_entitlement(facts, contract.facts(),
                                                     run.parameters->for_month(month))
                                .cmg_paid;
                salaries += contract.facts().net_salary + contract.facts().maintenance;
            }
            if (!declared) continue;
            ++family_months;
            const auto key = std::make_tuple(f, month.index());
            const auto paid = run.journal->cmg_paid.find(key);
            const Cents actual = paid == run.journal->cmg_paid.end() ? Cents{0} : paid->second;
            if (actual > Cents{0}) ++paid_months;
            BOOST_TEST_REQUIRE(actual == expected, "family " << f << " month " << month);
            const auto carer = run.journal->carers_paid.find(key);
            BOOST_TEST_REQUIRE((carer != run.journal->carers_paid.end()));
            BOOST_TEST_REQUIRE(carer->second == salaries, "carers of family " << f << " month "
                                                                               << month);
        }
    }
    // 10 000 families over 24 months, nearly all of them paid something each month.
    BOOST_TEST(family_months > 200'000u);
    BOOST_TEST(paid_months > family_months * 9 / 10);
}

// The old workflow (scenario-format.md, workflow): the CAF debits a home carer's uncovered
// contributions around the 5th, old_home_carer_contributions_delay_months after M+1 (the
// first business day on or after the 5th of M+3 by default). Care months well before the
// cutover are all the CAF's; an assmat's contributions are covered in full (no debit).
BOOST_AUTO_TEST_CASE(the_caf_debits_a_home_carer_s_contributions_on_its_day) {
    const BaselineRun& run = baseline();
    const std::int32_t delay = run.scenario.workflow.old_home_carer_contributions_delay_months;
    BOOST_TEST_REQUIRE(run.scenario.workflow.cutover >= Date::from_civil(2019, 5, 1));
    std::size_t checked = 0;
    for (const auto& [key, date] : run.journal->first_debit) {
        const YearMonth month = YearMonth::from_index(std::get<1>(key));
        if (month > YearMonth::from_civil(2019, 3)) continue;
        const Date due = next_business_day_on_or_after(month.plus_months(1 + delay).day_clamped(5));
        BOOST_TEST(date == due, "family " << std::get<0>(key) << " " << month << ": debited " << date << ", due " << due);
        ++checked;
    }
    BOOST_TEST(checked > 500u);
}

BOOST_AUTO_TEST_CASE(both_workflows_paid_the_cmg) {
    const BaselineRun& run = baseline();
    // Months January to April 2019 are paid by the CAF, later ones by Pajemploi.
    BOOST_TEST(run.journal->cmg_transfers_before_cutover > 30'000u);
    BOOST_TEST(run.journal->cmg_transfers_after_cutover > 200'000u);
}

BOOST_AUTO_TEST_CASE(the_ledger_nets_to_zero) {
    const BaselineRun& run = baseline();
    Cents sum{0};
    for (const Cents balance : run.journal->balances) sum += balance;
    BOOST_TEST(sum == Cents{0});
    BOOST_TEST(run.result.ledger_net == Cents{0});
    BOOST_TEST(run.journal->count == run.result.statistics.transfers);
}

BOOST_AUTO_TEST_CASE(the_reform_changes_who_pays_not_how_much) {
    const BaselineRun& run = baseline();
    // The run's own month figures agree with the journal (a second, independent sum).
    for (const model::MonthFigures& month : run.result.months) {
        BOOST_TEST(month.cmg_paid == month.cmg_owed, month.month);
        BOOST_TEST(month.carers_paid == month.carers_due, month.month);
    }
}

// A month's incomes and declarations are all known on its first day and used to be one message
// each, posted then in family order (and for each family its contracts in order): the run
// handles those of one day in that order, whatever holds them on the queue. The earlier care
// month's late declarations come first on a day both months declare (posted a month before).
BOOST_AUTO_TEST_CASE(incomes_and_declarations_come_once_on_their_day_in_family_order) {
    const BaselineRun& run = baseline();
    const model::World& world = run.world;
    const model::Scenario& scenario = run.scenario;
    using Arrival = ArrivalOrder::Arrival;
    std::vector<Arrival> incomes;
    std::vector<Arrival> declarations;
    for (YearMonth month = scenario.first_month; month <= scenario.last_month; month = month.plus_months(1)) {
        for (std::uint32_t f = 0; f < world.families.size(); ++f) {
            incomes.push_back({month.day_clamped(world.families[f].income_day).day_count(), month.index(), f});
            for (std::uint32_t c = world.family_contract_begin[f]; c < world.family_contract_begin[f + 1]; ++c) {
                if (!world.contract_active(world.contracts[c], month)) continue;
                const Date day = model::declaration_date(scenario, ContractId{c}, month);
                declarations.push_back({day.day_count(), month.index(), c});
            }
        }
    }
    // Sorted by day, then care month, then family or contract: the order expected.
    std::sort(incomes.begin(), incomes.end());
    std::sort(declarations.begin(), declarations.end());
    BOOST_TEST((run.arrivals.incomes == incomes));
    BOOST_TEST((run.arrivals.declarations == declarations));
    // Days shared by two care months: the late declarations of one and the first of the next.
    std::size_t shared_days = 0;
    for (std::size_t i = 1; i < declarations.size(); ++i) {
        shared_days += declarations[i].day == declarations[i - 1].day && declarations[i].month != declarations[i - 1].month;
    }
    BOOST_TEST(shared_days > 0u);
}

// Incomes on the 29th to the 31st fall on a shorter month's last day, with that day's others:
// each month's incomes then group differently (the calendar made once for the run is only for
// income days up to the 28th), and still come once on their day, in family order.
BOOST_AUTO_TEST_CASE(incomes_past_the_28th_come_on_the_month_end_in_family_order) {
    model::Scenario scenario =
        model::load_scenario(std::string(PAJESIM_SOURCE_DIR) + "/scenarios/baseline-2019.json");
    scenario.population.families = 2'000;
    const auto parameters = law::LegalParameters::load_file(scenario.params_file);
    model::World world = model::World::generate(scenario, *parameters);
    for (std::uint32_t f = 0; f < world.families.size(); ++f) {
        world.families[f].income_day = static_cast<std::uint8_t>(1 + f % 31);
    }
    ArrivalOrder arrivals;
    model::RunOptions options;
    options.observer = &arrivals;
    const model::RunResult result = model::run_simulation(scenario, *parameters, world, options);
    using Arrival = ArrivalOrder::Arrival;
    std::vector<Arrival> expected;
    for (YearMonth month = scenario.first_month; month <= scenario.last_month; month = month.plus_months(1)) {
        for (std::uint32_t f = 0; f < world.families.size(); ++f) {
            expected.push_back({month.day_clamped(world.families[f].income_day).day_count(), month.index(), f});
        }
    }
    std::sort(expected.begin(), expected.end());
    BOOST_TEST(result.complete);
    BOOST_TEST((arrivals.incomes == expected));
}

// What a family should be debited for a month is read back exactly, however large: with every
// contract under Pajemploi+, a month is due the contributions the CMG leaves uncovered (the
// oracle's: above the daily salary cap it covers none) and, in the centre's months, the net
// salary and allowances of the family's contracts; hourly pay up to 900 euros puts some months
// beyond what the books hold in 24 bits (83 886.07 euros) and keeps others below. No fault:
// the centre's months are debited at most what is due, nearly all in full (a few debits are
// rejected when an income comes too late for them).
BOOST_AUTO_TEST_CASE(pajemploi_plus_debits_read_back_below_and_beyond_24_bits) {
    class AtEnd final : public model::RunObserver {
    public:
        AtEnd(const model::World& world, const model::Scenario& scenario, const law::LegalParameters& parameters)
            : world_(world), scenario_(scenario), parameters_(parameters) {}
        void on_run_end(const model::RunView& view) override {
            for (std::uint32_t f = 0; f < view.family_count(); ++f) {
                const model::Family& family = world_.families[f];
                const YearMonth cutover = scenario_.cutover_for(family.caf.value()).year_month();
                for (std::int32_t m = 0; m < view.month_count(); ++m) {
                    const YearMonth month = view.first_month().plus_months(m);
                    Cents expected{0};
                    for (std::uint32_t c = world_.family_contract_begin[f]; c < world_.family_contract_begin[f + 1]; ++c) {
                        const model::Contract& contract = world_.contracts[c];
                        if (!world_.contract_active(contract, month)) continue;
                        law::ContractFacts scratch;
                        expected += law::compute_entitlement(world_.true_facts(FamilyId{f}, month),
                                                             contract.facts_in(month, scratch),
                                                             parameters_.for_month(month), nullptr,
                                                             law::Detail::amounts_only)
                                        .contributions.uncovered;
                        if (month >= cutover) expected += contract.pay_in(month);
                    }
                    const Cents due = view.debit_due(FamilyId{f}, m);
                    BOOST_TEST(due == expected, "family " << f << " " << month);
                    if (due.value() >= (1 << 23)) ++beyond;
                    if (due > Cents{0} && due.value() < (1 << 23)) ++below;
                    // The last months' debits may still be on their way when the run ends.
                    if (month >= cutover && m + 2 < view.month_count()) {
                        const Cents debited = view.debited(FamilyId{f}, m);
                        BOOST_TEST(debited <= due, "family " << f << " " << month);
                        ++centre_months;
                        if (debited == due) ++debited_in_full;
                    }
                }
            }
        }
        std::size_t beyond = 0;
        std::size_t below = 0;
        std::size_t centre_months = 0;
        std::size_t debited_in_full = 0;

    private:
        const model::World& world_;
        const model::Scenario& scenario_;
        const law::LegalParameters& parameters_;
    };
    model::Scenario scenario =
        model::load_scenario(std::string(PAJESIM_SOURCE_DIR) + "/scenarios/baseline-2019.json");
    scenario.population.families = 1'500;
    scenario.population.home_carer_share = Ratio{0, 1};
    scenario.population.pajemploi_plus_share = Ratio{1, 1};
    scenario.population.assmat_net_hourly_per_child = {Cents{300}, Cents{900'00}};
    const auto parameters = law::LegalParameters::load_file(scenario.params_file);
    model::World world = model::World::generate(scenario, *parameters);
    AtEnd check(world, scenario, *parameters);
    model::RunOptions options;
    options.observer = &check;
    const model::RunResult result = model::run_simulation(scenario, *parameters, world, options);
    BOOST_TEST_REQUIRE(result.complete);
    BOOST_TEST(check.beyond > 100u);
    BOOST_TEST(check.below > 100u);
    BOOST_TEST(check.debited_in_full * 100 >= check.centre_months * 99);
}
