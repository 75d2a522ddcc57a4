// The fault plans behind the model's seams, each checked against the same scenario without
// it. The same seed gives the same population, so every difference between the two runs is
// the fault's doing: each fault must fire, have the effect its comment documents, and leave
// the rest alone. Then: two faults composed, the recovery processes a fault sets off,
// determinism with faults on, common random numbers across the rollout options, and the
// refusal of bad fault plans.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <memory>
#include <set>
#include <tuple>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/faults/fault_plan.hpp"
#include "harness/faults/server_freeze.hpp"
#include "sim/kernel/json_input.hpp"
#include "sim/law/parameters.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/simulation.hpp"
#include "sim/model/population/world.hpp"

using namespace pajesim;
using nlohmann::json;

namespace {

const Date cutover = Date::from_civil(2019, 5, 25);
const Date bulk_transfer = Date::from_civil(2019, 5, 18);  // 7 days before the cutover
const YearMonth may_2019 = YearMonth::from_civil(2019, 5);

std::string params_path() {
    return std::string(PAJESIM_SOURCE_DIR) + "/scenarios/params/cmg-2018-2026.json";
}

const law::LegalParameters& parameters() {
    static const std::unique_ptr<law::LegalParameters> table =
        law::LegalParameters::load_file(params_path());
    return *table;
}

// 300 families over 2019, the cutover on 25 May 2019, a fixed seed.
model::Scenario small_scenario(std::uint32_t families = 300) {
    model::Scenario scenario;
    scenario.name = "faults-test";
    scenario.params_file = params_path();
    scenario.first_month = YearMonth::from_civil(2019, 1);
    scenario.last_month = YearMonth::from_civil(2019, 12);
    scenario.seed = 20190525;
    scenario.population.families = families;
    return scenario;
}

// Nobody notices, nothing is regularised, no advance: a fault's own effect, unrepaired.
model::Scenario quiet(model::Scenario scenario) {
    scenario.processes.regularisation = false;
    scenario.workflow.escalate_after_rejections = 0;  // the centre does not escalate either
    scenario.processes.advance.rule = model::AdvanceRule::none;
    scenario.processes.notice_probability = Ratio::zero();
    return scenario;
}

// Every wrong payment is noticed, agents have the capacity to close every file the next
// business day (the national staff scaled to a nation of this size), fixes are right, no
// advances.
model::Scenario responsive(model::Scenario scenario) {
    scenario.processes.notice_probability = Ratio::one();
    scenario.population.national_families = scenario.population.families;
    scenario.processes.fix_error_probability = Ratio::zero();
    scenario.processes.advance.rule = model::AdvanceRule::none;
    return scenario;
}

// More births and separations, so that the faults of change messages have work to do.
model::Scenario lively(model::Scenario scenario) {
    scenario.population.annual_birth_probability = Ratio{30, 100};
    scenario.population.annual_separation_probability = Ratio{10, 100};
    return scenario;
}

std::string line(const model::Transfer& t) {
    std::ostringstream out;
    out << t.date << ',' << t.source << ',' << t.target << ',' << t.amount << ','
        << model::to_string(t.cause) << ',' << t.family << ',' << t.month;
    return out.str();
}

std::string describe(const model::MonthFigures& m) {
    std::ostringstream out;
    out << m.month << ' ' << m.families << ' ' << m.declarations << ' ' << m.cmg_owed << ' '
        << m.cmg_paid << ' ' << m.contributions_debited << ' ' << m.contributions_covered << ' '
        << m.carers_due << ' ' << m.carers_paid << ' ' << m.overdrafts << ' '
        << m.rights_messages << ' ' << m.families_in_arrears << ' ' << m.money_owed << ' '
        << m.families_affected << ' ' << m.files_open << ' ' << m.agents << ' ' << m.calls << ' '
        << m.files_opened << ' ' << m.files_fixed << ' ' << m.fix_errors << ' '
        << m.declarations_lost << ' ' << m.arrears_paid << ' ' << m.contributions_refunded << ' '
        << m.advances_paid << ' ' << m.advances_amount << ' ' << m.advances_recovered << ' '
        << m.advances_recovered_before_payment;
    return out.str();
}

std::string describe(const model::RunStatistics& s) {
    std::ostringstream out;
    out << s.events << ' ' << s.transfers << ' ' << s.rights_messages_sent << ' '
        << s.rights_messages_delivered << ' ' << s.debits_rejected
        << ' ' << s.payments_resent << ' ' << s.double_debits << ' ' << s.families_affected << ' '
        << s.files_still_open << ' ' << s.families_still_owed << ' ' << s.money_still_owed;
    return out.str();
}

std::string describe(const model::RunResult& result) {
    std::string text;
    for (const model::MonthFigures& month : result.months) text += describe(month) + '\n';
    return text + describe(result.statistics);
}

// Collects the journal as transfers and as the CSV the CLI would write.
class Journal final : public model::JournalSink {
public:
    void record(const model::Transfer& transfer) override {
        transfers.push_back(transfer);
        writer.record(transfer);
    }
    std::vector<model::Transfer> transfers;
    std::ostringstream csv;
    model::CsvJournal writer{csv};
};

using Cell = std::pair<std::uint32_t, std::int32_t>;  // family, care month offset

struct Outcome {
    model::Scenario scenario;
    model::RunResult result;
    std::vector<model::Transfer> transfers;
    std::string csv;
    std::vector<faults::FaultSummary> faults;

    std::uint32_t families() const { return scenario.population.families; }
    std::int32_t months() const { return result.month_count; }
    std::size_t at(std::uint32_t family, std::int32_t month) const {
        return static_cast<std::size_t>(month) * families() + family;
    }
    // CMG paid for (family, care month), by the journal's month figures' own count.
    std::int32_t paid(std::uint32_t family, std::int32_t month) const {
        return result.paid_at(at(family, month));
    }
    std::int32_t owed(std::uint32_t family, std::int32_t month) const {
        return result.owed_cents[at(family, month)];
    }
    std::int32_t offset(YearMonth month) const { return scenario.first_month.months_until(month); }
    std::uint64_t firings(std::size_t fault) const { return faults.at(fault).firings; }

    template <typename T>
    T total(T model::MonthFigures::*field) const {
        T sum{};
        for (const model::MonthFigures& month : result.months) sum += month.*field;
        return sum;
    }
    // Sums of transfers by (family, care month) for the given causes; `minus` subtracts.
    std::map<Cell, Cents> sum(std::initializer_list<model::Cause> plus,
                              std::initializer_list<model::Cause> minus = {}) const {
        std::map<Cell, Cents> sums;
        for (const model::Transfer& t : transfers) {
            const Cell cell{t.family.value(), offset(t.month)};
            if (std::find(plus.begin(), plus.end(), t.cause) != plus.end()) sums[cell] += t.amount;
            if (std::find(minus.begin(), minus.end(), t.cause) != minus.end()) {
                sums[cell] -= t.amount;
            }
        }
        return sums;
    }
    // What carers were paid, by the parent or by Pajemploi+.
    std::map<Cell, Cents> carers() const {
        return sum({model::Cause::salary, model::Cause::carer_payment});
    }
    // The day of the last CMG transfer of each (family, care month): when it was paid.
    std::map<Cell, Date> last_cmg_date() const {
        std::map<Cell, Date> dates;
        for (const model::Transfer& t : transfers) {
            if (t.cause != model::Cause::cmg && t.cause != model::Cause::cmg_arrears) continue;
            Date& date = dates[Cell{t.family.value(), offset(t.month)}];
            date = std::max(date, t.date);
        }
        return dates;
    }
    Cents sum_of(model::Cause cause) const {
        Cents amount{0};
        for (const model::Transfer& t : transfers) {
            if (t.cause == cause) amount += t.amount;
        }
        return amount;
    }
};

Outcome run(const model::Scenario& scenario, const json& fault_list) {
    model::World world = model::World::generate(scenario, parameters());
    const std::unique_ptr<faults::FaultPlan> plan = faults::FaultPlan::from_json(
        fault_list, "test", scenario.seed, scenario.population.families);
    Journal journal;
    model::RunOptions options;
    options.journal = &journal;
    options.seams = plan.get();
    Outcome outcome;
    outcome.scenario = scenario;
    outcome.result = model::run_simulation(scenario, parameters(), world, options);
    outcome.transfers = std::move(journal.transfers);
    outcome.csv = journal.csv.str();
    outcome.faults = plan->summary();
    BOOST_TEST_REQUIRE(outcome.result.ledger_net == Cents{0});
    return outcome;
}

Outcome run_without_faults(const model::Scenario& scenario) {
    return run(scenario, json::array());
}

// (family, month) cells where `fault` paid less, more, or other CMG than `base`.
struct Differences {
    std::size_t less = 0;
    std::size_t more = 0;
    std::set<std::uint32_t> families;
    std::size_t any() const { return less + more; }
};

Differences cmg_differences(const Outcome& base, const Outcome& fault) {
    BOOST_TEST_REQUIRE(base.families() == fault.families());
    Differences differences;
    for (std::int32_t m = 0; m < base.months(); ++m) {
        for (std::uint32_t f = 0; f < base.families(); ++f) {
            const std::int32_t expected = base.paid(f, m);
            const std::int32_t actual = fault.paid(f, m);
            if (actual < expected) ++differences.less;
            if (actual > expected) ++differences.more;
            if (actual != expected) differences.families.insert(f);
        }
    }
    return differences;
}

std::size_t cells_differing(const std::map<Cell, Cents>& expected,
                            const std::map<Cell, Cents>& actual) {
    std::set<Cell> cells;
    for (const auto& [cell, amount] : expected) cells.insert(cell);
    for (const auto& [cell, amount] : actual) cells.insert(cell);
    std::size_t count = 0;
    for (const Cell& cell : cells) {
        const auto a = expected.find(cell);
        const auto b = actual.find(cell);
        const Cents x = a == expected.end() ? Cents{0} : a->second;
        const Cents y = b == actual.end() ? Cents{0} : b->second;
        if (x != y) ++count;
    }
    return count;
}

Cents total_of(const std::map<Cell, Cents>& sums) {
    Cents amount{0};
    for (const auto& [cell, value] : sums) amount += value;
    return amount;
}

// Cells paid later and earlier in `fault` than in `base`.
std::pair<std::size_t, std::size_t> later_and_earlier(const Outcome& base, const Outcome& fault) {
    const auto expected = base.last_cmg_date();
    const auto actual = fault.last_cmg_date();
    std::size_t later = 0;
    std::size_t earlier = 0;
    for (const auto& [cell, date] : expected) {
        const auto found = actual.find(cell);
        if (found == actual.end()) continue;
        if (found->second > date) ++later;
        if (found->second < date) ++earlier;
    }
    return {later, earlier};
}

// The journals' lines dated before `date`.
std::vector<std::string> lines_before(const Outcome& outcome, Date date) {
    std::vector<std::string> lines;
    for (const model::Transfer& t : outcome.transfers) {
        if (t.date < date) lines.push_back(line(t));
    }
    return lines;
}

// Families with a change of situation dated on or after `date` (none before it can reach
// Pajemploi by a message when the CAF processed it before the initial transfer).
std::set<std::uint32_t> families_changing_from(const model::Scenario& scenario, Date date) {
    const model::World world = model::World::generate(scenario, parameters());
    std::set<std::uint32_t> changing;
    for (std::uint32_t f = 0; f < world.families.size(); ++f) {
        const model::Family& family = world.families[f];
        for (std::uint8_t k = 0; k < family.change_count; ++k) {
            if (family.changes[k].date >= date) changing.insert(f);
        }
    }
    return changing;
}

// Parsed from text: building the object in code trips a -Warray-bounds false positive of
// GCC 12 inside nlohmann::json (the project keeps that one a warning, see CMakeLists.txt).
json window(const std::string& from, const std::string& to) {
    return json::parse("{\"from\": \"" + from + "\", \"to\": \"" + to + "\"}");
}

// Whether `plan` (not the one a run uses: a probe changes firings) drops the initial transfer
// of `family`, or alters its record, on `date`.
bool drops_bulk(faults::FaultPlan& plan, std::uint32_t family, CafId caf, Date date) {
    model::RightsRecord record;
    record.valid_from = YearMonth::from_civil(2019, 4);
    record.bracket = 2;
    model::LinkRoute route{false, 1, false, 0};
    const model::RightsMessage message{FamilyId{family}, caf, record, model::RightsCause::bulk};
    plan.route_rights(message, date, route);
    return route.dropped;
}

bool alters_bulk(faults::FaultPlan& plan, std::uint32_t family, CafId caf, Date date) {
    model::RightsRecord record;
    record.valid_from = YearMonth::from_civil(2019, 4);
    record.bracket = 2;
    record.single_parent = true;
    record.known_children = 2;
    model::RightsRecord altered = record;
    const model::RightsMessage message{FamilyId{family}, caf, record, model::RightsCause::bulk};
    plan.migrate_record(message, date, altered);
    return !(altered == record);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Without faults.

BOOST_AUTO_TEST_CASE(a_run_without_faults_affects_nobody_and_needs_no_call) {
    // The default processes: families who would notice, agents, advances, fix errors.
    const model::Scenario scenario = small_scenario();
    const Outcome base = run_without_faults(scenario);
    BOOST_TEST(base.result.statistics.families_affected == 0u);
    BOOST_TEST(base.total(&model::MonthFigures::calls) == 0u);
    BOOST_TEST(base.total(&model::MonthFigures::files_opened) == 0u);
    BOOST_TEST(base.total(&model::MonthFigures::advances_paid) == 0u);
    BOOST_TEST(base.total(&model::MonthFigures::declarations_lost) == 0u);
    BOOST_TEST(base.result.statistics.payments_resent == 0u);
    BOOST_TEST(base.result.statistics.double_debits == 0u);
    BOOST_TEST(base.result.statistics.families_still_owed == 0u);
    BOOST_TEST(base.result.statistics.rights_messages_sent ==
               base.result.statistics.rights_messages_delivered);
    // An empty plan is the perfect world of the model's default seams, byte for byte.
    model::World world = model::World::generate(scenario, parameters());
    Journal journal;
    model::RunOptions options;
    options.journal = &journal;
    const model::RunResult bare = model::run_simulation(scenario, parameters(), world, options);
    BOOST_TEST(journal.csv.str() == base.csv);
    BOOST_TEST(describe(bare) == describe(base.result));
    BOOST_TEST(base.transfers.size() > 10'000u);
}

// ---------------------------------------------------------------------------------------------
// Each fault alone.

BOOST_AUTO_TEST_CASE(faults_that_cannot_act_fire_never_and_change_nothing) {
    const model::Scenario scenario = small_scenario();
    const Outcome base = run_without_faults(scenario);
    const std::vector<std::pair<std::string, json>> inert{
        // The run's horizon is 2020-04-01: nothing reaches Pajemploi in 2021.
        {"declaration_lost after the horizon",
         {{"kind", "declaration_lost"}, {"share", "1"},
          {"window", window("2021-01-01", "2021-06-01")}}},
        {"server_freeze of the CAFs after the horizon",
         {{"kind", "server_freeze"}, {"system", "caf"},
          {"window", window("2021-01-01", "2021-06-01")}}},
        // Pajemploi sends no payment file before the cutover: the CAF pays the old workflow.
        {"payment_file_rejected before the cutover",
         {{"kind", "payment_file_rejected"}, {"share", "1"},
          {"window", window("2019-01-01", "2019-05-25")}}},
        // The first debits of the run are home-carer contributions of January, on 5 April.
        {"double_debit before any debit",
         {{"kind", "double_debit"}, {"share", "1"},
          {"window", window("2019-01-01", "2019-03-01")}}},
        // The CAF sends nothing before the initial transfer of 18 May (the window is half-open).
        {"rights_link_missing before the initial transfer",
         {{"kind", "rights_link_missing"}, {"window", window("2019-01-01", "2019-05-18")}}},
        {"migration_mapping_error after the initial transfer",
         {{"kind", "migration_mapping_error"}, {"field", "bracket"}, {"share", "1"},
          {"window", window("2019-06-01", "2019-12-01")}}},
        // In a perfect world Pajemploi always holds rights when a declaration comes in.
        {"contributions_debited_without_rights while rights are all there",
         {{"kind", "contributions_debited_without_rights"},
          {"window", window("2019-01-01", "2020-06-01")}}},
    };
    for (const auto& [name, fault] : inert) {
        const Outcome outcome = run(scenario, json::array({fault}));
        BOOST_TEST(outcome.firings(0) == 0u, name);
        BOOST_TEST((outcome.csv == base.csv), name);
        BOOST_TEST(describe(outcome.result) == describe(base.result), name);
        BOOST_TEST((outcome.result.owed_cents == base.result.owed_cents), name);
        BOOST_TEST((outcome.result.unpaid_cents == base.result.unpaid_cents), name);
    }
}

BOOST_AUTO_TEST_CASE(server_freeze_of_pajemploi_delays_and_loses_nothing) {
    // Regularisation on (rights held by the freeze reach back over months taken in), nobody
    // calls. The freeze holds the June declarations (25 June to 5 July) past the 10 July
    // deadline, then takes them in at 15 items a day from Monday 15 July.
    model::Scenario scenario = quiet(small_scenario());
    scenario.processes.regularisation = true;
    const json faults = json::array({{{"kind", "server_freeze"},
                                      {"system", "pajemploi"},
                                      {"lost_share", "0"},
                                      {"restart_capacity_share_per_day", "0.05"},
                                      {"window", window("2019-06-24", "2019-07-15")}}});
    const Outcome base = run_without_faults(scenario);
    const Outcome frozen = run(scenario, faults);
    BOOST_TEST(frozen.firings(0) > 0u);
    BOOST_TEST(frozen.total(&model::MonthFigures::declarations_lost) == 0u);
    // Every declaration is taken in in the end: the same CMG, cell by cell, and the same pay.
    const Differences differences = cmg_differences(base, frozen);
    BOOST_TEST(differences.any() == 0u);
    BOOST_TEST(frozen.total(&model::MonthFigures::cmg_paid) ==
               base.total(&model::MonthFigures::cmg_paid));
    BOOST_TEST(cells_differing(base.carers(), frozen.carers()) == 0u);
    // ... but later, never earlier.
    const auto [later, earlier] = later_and_earlier(base, frozen);
    BOOST_TEST(later > 100u);  // most of June's 300-odd families
    BOOST_TEST(earlier == 0u);
    // Nothing moves before the freeze.
    BOOST_TEST((lines_before(base, Date::from_civil(2019, 6, 24)) ==
                lines_before(frozen, Date::from_civil(2019, 6, 24))));
}

// A declaration held by a frozen server and re-taken by an agent's fix is settled once: with
// families calling and agents fixing while the freeze still holds their declarations, each
// month is paid once (a regression test: the two copies were once both settled).
BOOST_AUTO_TEST_CASE(server_freeze_of_pajemploi_with_agents_fixing_pays_each_month_once) {
    model::Scenario scenario = responsive(small_scenario());
    const json faults = json::array({{{"kind", "server_freeze"},
                                      {"system", "pajemploi"},
                                      {"lost_share", "0"},
                                      {"restart_capacity_share_per_day", "0.01"},
                                      {"window", window("2019-06-24", "2019-08-01")}}});
    const Outcome base = run_without_faults(scenario);
    const Outcome frozen = run(scenario, faults);
    BOOST_TEST(frozen.firings(0) > 0u);
    BOOST_TEST(frozen.total(&model::MonthFigures::files_fixed) > 0u);
    const Differences differences = cmg_differences(base, frozen);
    BOOST_TEST(differences.more == 0u);
    BOOST_TEST(differences.less == 0u);
    BOOST_TEST(frozen.total(&model::MonthFigures::cmg_paid) ==
               base.total(&model::MonthFigures::cmg_paid));
}

BOOST_AUTO_TEST_CASE(server_freeze_of_the_cafs_delays_their_payments_only) {
    // Three weeks of March: the CAF's old-workflow payments (and the changes it learns of)
    // wait for the restart. Births and separations count from the month after, so the
    // changes it holds are known again long before the payments they matter for.
    const model::Scenario scenario = quiet(small_scenario());
    const json faults = json::array({{{"kind", "server_freeze"},
                                      {"system", "caf"},
                                      {"restart_capacity_share_per_day", "0.05"},
                                      {"window", window("2019-03-04", "2019-03-22")}}});
    const Outcome base = run_without_faults(scenario);
    const Outcome frozen = run(scenario, faults);
    BOOST_TEST(frozen.firings(0) > 0u);
    BOOST_TEST(cmg_differences(base, frozen).any() == 0u);
    const auto [later, earlier] = later_and_earlier(base, frozen);
    BOOST_TEST(later > 50u);
    BOOST_TEST(earlier == 0u);
    // Pajemploi is untouched: the same CMG payments, on the same days, for its months.
    const auto pajemploi_cmg = [](const Outcome& outcome) {
        std::vector<std::string> lines;
        for (const model::Transfer& t : outcome.transfers) {
            if (t.cause == model::Cause::cmg && t.month >= may_2019) lines.push_back(line(t));
        }
        return lines;
    };
    BOOST_TEST(pajemploi_cmg(base).size() > 1'000u);
    BOOST_TEST((pajemploi_cmg(base) == pajemploi_cmg(frozen)));
    BOOST_TEST(frozen.total(&model::MonthFigures::declarations_lost) == 0u);
    BOOST_TEST(frozen.result.statistics.rights_messages_sent ==
               base.result.statistics.rights_messages_sent);
    BOOST_TEST((lines_before(base, Date::from_civil(2019, 3, 4)) ==
                lines_before(frozen, Date::from_civil(2019, 3, 4))));
}

BOOST_AUTO_TEST_CASE(rights_link_missing_for_the_initial_transfer_leaves_pajemploi_without_rights) {
    const model::Scenario scenario = quiet(small_scenario());
    const json faults = json::array({{{"kind", "rights_link_missing"},
                                      {"messages", "bulk"},
                                      {"share", "1"},
                                      {"window", window("2019-05-01", "2019-06-01")}}});
    const Outcome base = run_without_faults(scenario);
    const Outcome missing = run(scenario, faults);
    // Every family's initial transfer is dropped: at least one message each.
    BOOST_TEST(missing.firings(0) >= scenario.population.families);
    BOOST_TEST(missing.result.statistics.rights_messages_sent ==
               base.result.statistics.rights_messages_sent);
    BOOST_TEST(base.result.statistics.rights_messages_delivered -
                   missing.result.statistics.rights_messages_delivered ==
               missing.firings(0));
    // Without rights Pajemploi pays no CMG. Only a change processed after the transfer sends
    // rights again, from the month after the change: the CAF takes at most 15 days to
    // process one, so a family without a change from 3 May on gets nothing from May on.
    const model::World world = model::World::generate(scenario, parameters());
    const Date silence_from = bulk_transfer.plus_days(-15);
    std::size_t silent_families = 0;
    Cents silent_paid_without_faults{0};
    for (std::uint32_t f = 0; f < scenario.population.families; ++f) {
        std::optional<YearMonth> rights_from;
        const model::Family& family = world.families[f];
        for (std::uint8_t k = 0; k < family.change_count; ++k) {
            if (family.changes[k].date < silence_from) continue;
            const YearMonth effect = family.changes[k].date.year_month().plus_months(1);
            if (!rights_from || effect < *rights_from) rights_from = effect;
        }
        if (!rights_from) ++silent_families;
        for (std::int32_t m = missing.offset(may_2019); m < missing.months(); ++m) {
            const YearMonth month = scenario.first_month.plus_months(m);
            if (rights_from && month >= *rights_from) continue;
            BOOST_TEST_REQUIRE(missing.paid(f, m) == 0, "family " << f << " month " << month);
            if (!rights_from) silent_paid_without_faults += Cents{base.paid(f, m)};
        }
    }
    BOOST_TEST(silent_families > scenario.population.families * 3 / 4);
    BOOST_TEST(silent_paid_without_faults > Cents{100'000'00});
    // The CAF's months are the CAF's: paid as without the fault.
    for (std::int32_t m = 0; m < missing.offset(may_2019); ++m) {
        for (std::uint32_t f = 0; f < scenario.population.families; ++f) {
            BOOST_TEST_REQUIRE(missing.paid(f, m) == base.paid(f, m));
        }
    }
    // Carers are paid all the same; the contributions wait for rights (nothing extra taken).
    BOOST_TEST(cells_differing(base.carers(), missing.carers()) == 0u);
    BOOST_TEST(missing.sum_of(model::Cause::contributions_debit) <
               base.sum_of(model::Cause::contributions_debit));

    // With every message of the run dropped, Pajemploi pays no CMG at all.
    const json every_message = json::array(
        {{{"kind", "rights_link_missing"}, {"window", window("2019-05-01", "2021-01-01")}}});
    const Outcome cut = run(scenario, every_message);
    BOOST_TEST(cut.firings(0) == cut.result.statistics.rights_messages_sent);
    BOOST_TEST(cut.result.statistics.rights_messages_delivered == 0u);
    for (std::int32_t m = cut.offset(may_2019); m < cut.months(); ++m) {
        for (std::uint32_t f = 0; f < scenario.population.families; ++f) {
            BOOST_TEST_REQUIRE(cut.paid(f, m) == 0, "family " << f << " month " << m);
        }
    }
    for (const model::Transfer& t : cut.transfers) {
        const bool cmg = t.cause == model::Cause::cmg || t.cause == model::Cause::cmg_arrears;
        BOOST_TEST_REQUIRE(!(cmg && t.month >= may_2019), line(t));
    }
}

BOOST_AUTO_TEST_CASE(rights_link_missing_for_a_share_acts_on_that_share_only) {
    const model::Scenario scenario = quiet(small_scenario());
    const json faults = json::array({{{"kind", "rights_link_missing"},
                                      {"messages", "bulk"},
                                      {"share", "0.3"},
                                      {"window", window("2019-05-01", "2019-06-01")}}});
    const Outcome base = run_without_faults(scenario);
    const Outcome missing = run(scenario, faults);
    const auto probe = faults::FaultPlan::from_json(faults, "test", scenario.seed,
                                                    scenario.population.families);
    const model::World world = model::World::generate(scenario, parameters());
    std::set<std::uint32_t> selected;
    for (std::uint32_t f = 0; f < world.families.size(); ++f) {
        if (drops_bulk(*probe, f, world.families[f].caf, bulk_transfer)) selected.insert(f);
    }
    // About 90 of 300: well away from none and all.
    BOOST_TEST(selected.size() > 50u);
    BOOST_TEST(selected.size() < 130u);
    BOOST_TEST(missing.firings(0) >= selected.size());
    const Differences differences = cmg_differences(base, missing);
    BOOST_TEST(differences.more == 0u);
    BOOST_TEST(differences.families.size() > selected.size() / 2);
    for (const std::uint32_t f : differences.families) {
        BOOST_TEST(selected.contains(f), "family " << f << " is not in the fault's share");
    }
}

// `cafs` narrows the fault to the families of the CAFs listed (scenario-format.md): with a
// share of 1, every family of CAF 0 loses its bulk transfer, and no family of another CAF is
// paid otherwise than without the fault.
BOOST_AUTO_TEST_CASE(rights_link_missing_for_some_cafs_acts_on_their_families_only) {
    model::Scenario scenario = quiet(small_scenario());
    scenario.population.cafs = 4;
    const json faults = json::array({{{"kind", "rights_link_missing"},
                                      {"messages", "bulk"},
                                      {"share", "1"},
                                      {"cafs", {0}},
                                      {"window", window("2019-05-01", "2019-06-01")}}});
    const Outcome base = run_without_faults(scenario);
    const Outcome missing = run(scenario, faults);
    const model::World world = model::World::generate(scenario, parameters());
    std::set<std::uint32_t> of_caf_0;
    for (std::uint32_t f = 0; f < world.families.size(); ++f) {
        if (world.families[f].caf.value() == 0) of_caf_0.insert(f);
    }
    // About 75 of 300: well away from none and all.
    BOOST_TEST(of_caf_0.size() > 40u);
    BOOST_TEST(of_caf_0.size() < 110u);
    BOOST_TEST(missing.firings(0) >= of_caf_0.size());
    const Differences differences = cmg_differences(base, missing);
    BOOST_TEST(differences.more == 0u);
    BOOST_TEST(differences.families.size() > of_caf_0.size() / 2);
    for (const std::uint32_t f : differences.families) {
        BOOST_TEST(of_caf_0.contains(f), "family " << f << " is not of CAF 0");
    }
}

BOOST_AUTO_TEST_CASE(rights_stale_drops_the_changes_and_only_them) {
    const model::Scenario scenario = quiet(lively(small_scenario()));
    const json faults = json::array({{{"kind", "rights_stale"},
                                      {"changes", {"birth", "separation", "move"}},
                                      {"window", window("2019-05-25", "2020-01-01")}}});
    const Outcome base = run_without_faults(scenario);
    const Outcome stale = run(scenario, faults);
    BOOST_TEST(stale.firings(0) > 10u);
    BOOST_TEST(stale.result.statistics.rights_messages_sent ==
               base.result.statistics.rights_messages_sent);
    BOOST_TEST(base.result.statistics.rights_messages_delivered -
                   stale.result.statistics.rights_messages_delivered ==
               stale.firings(0));
    // Pajemploi keeps the rights from before a birth or a separation: both only add to the
    // CMG (one more dependent child, a single parent's higher ceilings and amounts), so the
    // families are paid less, never more, and only families with a change are touched.
    const Differences differences = cmg_differences(base, stale);
    BOOST_TEST(differences.less > 0u);
    BOOST_TEST(differences.more == 0u);
    // A change dated up to 15 days before the cutover may be processed after it.
    const std::set<std::uint32_t> changing =
        families_changing_from(scenario, cutover.plus_days(-15));
    for (const std::uint32_t f : differences.families) {
        BOOST_TEST(changing.contains(f), "family " << f << " has no change the link could drop");
    }
}

// Each kind of change is its own: a stale separation drops the separations' messages alone
// (a single parent's ceilings and amounts are higher, so only families separating are paid
// less), a stale move the moves' alone (a family's CAF changes none of its amounts: nobody is
// paid otherwise). Families change from up to 15 days before the cutover (the message may
// come after it).
BOOST_AUTO_TEST_CASE(rights_stale_tells_separations_from_moves) {
    model::Scenario scenario = quiet(lively(small_scenario()));
    scenario.population.annual_move_probability = Ratio{20, 100};
    const model::World world = model::World::generate(scenario, parameters());
    const Date from = cutover.plus_days(-15);
    std::set<std::uint32_t> separating;
    std::set<std::uint32_t> moving;
    for (std::uint32_t f = 0; f < world.families.size(); ++f) {
        const model::Family& family = world.families[f];
        for (std::uint8_t k = 0; k < family.change_count; ++k) {
            if (family.changes[k].date < from) continue;
            if (family.changes[k].kind == model::ChangeKind::separation) separating.insert(f);
            if (family.changes[k].kind == model::ChangeKind::move) moving.insert(f);
        }
    }
    BOOST_TEST_REQUIRE(separating.size() > 3u);
    BOOST_TEST_REQUIRE(moving.size() > 3u);
    const Outcome base = run_without_faults(scenario);
    const auto stale = [&](const char* change) {
        return run(scenario, json::array({{{"kind", "rights_stale"},
                                           {"changes", {change}},
                                           {"window", window("2019-05-25", "2020-01-01")}}}));
    };
    const Outcome separations = stale("separation");
    BOOST_TEST(separations.firings(0) > 0u);
    BOOST_TEST(separations.firings(0) <= separating.size());
    const Differences paid_less = cmg_differences(base, separations);
    BOOST_TEST(paid_less.less > 0u);
    BOOST_TEST(paid_less.more == 0u);
    for (const std::uint32_t f : paid_less.families) {
        BOOST_TEST(separating.contains(f), "family " << f << " does not separate");
    }
    const Outcome moves = stale("move");
    BOOST_TEST(moves.firings(0) > 0u);
    BOOST_TEST(moves.firings(0) <= moving.size());
    BOOST_TEST(cmg_differences(base, moves).any() == 0u);
}

// The same delay for every message keeps their order: once all have landed, regularisation
// pays every month what it would have been paid on time.
BOOST_AUTO_TEST_CASE(rights_delayed_pays_later_but_in_full) {
    model::Scenario scenario = quiet(lively(small_scenario()));
    scenario.processes.regularisation = true;
    const json faults = json::array({{{"kind", "rights_delayed"},
                                      {"messages", "all"},
                                      {"delay_days", {{"min", 40}, {"max", 40}}},
                                      {"window", window("2019-05-01", "2021-01-01")}}});
    const Outcome base = run_without_faults(scenario);
    const Outcome delayed = run(scenario, faults);
    // Every message of the run is delayed, the initial transfer's included.
    BOOST_TEST(delayed.firings(0) == delayed.result.statistics.rights_messages_sent);
    BOOST_TEST(delayed.result.statistics.rights_messages_delivered ==
               base.result.statistics.rights_messages_delivered);
    BOOST_TEST(cmg_differences(base, delayed).any() == 0u);
    // The initial transfer lands on 28 June: May and most of June are paid by regularisation.
    BOOST_TEST(delayed.sum_of(model::Cause::cmg_arrears) > base.sum_of(model::Cause::cmg_arrears));
    const auto [later, earlier] = later_and_earlier(base, delayed);
    BOOST_TEST(later > 300u);
    BOOST_TEST(earlier == 0u);
}

// Delays drawn per message let a family's later message land first; the older one then
// overwrites it. Once everything has landed, some months stay paid on out-of-date rights,
// which the same messages delayed evenly (above) never leave.
BOOST_AUTO_TEST_CASE(rights_reordered_leaves_older_rights_in_place) {
    model::Scenario scenario = quiet(lively(small_scenario()));
    scenario.processes.regularisation = true;
    const json faults = json::array({{{"kind", "rights_reordered"},
                                      {"messages", "all"},
                                      {"extra_delay_days", {{"min", 20}, {"max", 60}}},
                                      {"window", window("2019-05-01", "2021-01-01")}}});
    const Outcome base = run_without_faults(scenario);
    const Outcome reordered = run(scenario, faults);
    BOOST_TEST(reordered.firings(0) == reordered.result.statistics.rights_messages_sent);
    BOOST_TEST(reordered.result.statistics.rights_messages_delivered ==
               base.result.statistics.rights_messages_delivered);
    const Differences differences = cmg_differences(base, reordered);
    BOOST_TEST(differences.any() > 0u);
    // Only a family with more than one message can be overtaken: one with a change.
    const std::set<std::uint32_t> changing =
        families_changing_from(scenario, bulk_transfer.plus_days(-60));
    for (const std::uint32_t f : differences.families) {
        BOOST_TEST(changing.contains(f), "family " << f << " had a single message");
    }
}

BOOST_AUTO_TEST_CASE(rights_duplicated_copies_overwrite_what_came_between) {
    const model::Scenario scenario = quiet(lively(small_scenario()));
    const json faults = json::array({{{"kind", "rights_duplicated"},
                                      {"messages", "bulk"},
                                      {"duplicate_delay_days", {{"min", 30}, {"max", 60}}},
                                      {"window", window("2019-05-01", "2019-06-01")}}});
    const Outcome base = run_without_faults(scenario);
    const Outcome duplicated = run(scenario, faults);
    BOOST_TEST(duplicated.firings(0) >= scenario.population.families);
    BOOST_TEST(duplicated.result.statistics.rights_messages_delivered ==
               base.result.statistics.rights_messages_delivered + duplicated.firings(0));
    // A copy of the initial transfer replaces what landed after the original: a later
    // change (a birth, a separation: the family loses what they added), or a later record of
    // the transfer itself, which carries one record per month whose decision differs (April's
    // and June's, for a change in April or May). A family without a change from April on gets
    // a single record, twice.
    const Differences differences = cmg_differences(base, duplicated);
    BOOST_TEST(differences.less > 0u);
    BOOST_TEST(differences.more == 0u);
    const std::set<std::uint32_t> changing =
        families_changing_from(scenario, Date::from_civil(2019, 4, 1));
    for (const std::uint32_t f : differences.families) {
        BOOST_TEST(changing.contains(f), "family " << f << " has no change from April on");
    }
}

namespace {

// A mapping error of `field` on half the families: only their bulk records change.
void check_mapping_error(const std::string& field, bool more_allowed) {
    BOOST_TEST_CONTEXT("field " << field) {
        const model::Scenario scenario = quiet(small_scenario());
        const json faults = json::array({{{"kind", "migration_mapping_error"},
                                          {"field", field},
                                          {"share", "0.5"},
                                          {"window", window("2019-05-01", "2019-06-01")}}});
        const Outcome base = run_without_faults(scenario);
        const Outcome mapped = run(scenario, faults);
        BOOST_TEST(mapped.firings(0) > 0u);
        BOOST_TEST(mapped.result.statistics.rights_messages_delivered ==
                   base.result.statistics.rights_messages_delivered);
        const auto probe = faults::FaultPlan::from_json(faults, "test", scenario.seed,
                                                        scenario.population.families);
        const model::World world = model::World::generate(scenario, parameters());
        std::set<std::uint32_t> selected;
        for (std::uint32_t f = 0; f < world.families.size(); ++f) {
            if (alters_bulk(*probe, f, world.families[f].caf, bulk_transfer)) selected.insert(f);
        }
        BOOST_TEST(selected.size() > 100u);
        BOOST_TEST(selected.size() < 200u);
        const Differences differences = cmg_differences(base, mapped);
        BOOST_TEST(differences.less > 0u);
        if (!more_allowed) BOOST_TEST(differences.more == 0u);
        for (const std::uint32_t f : differences.families) {
            BOOST_TEST(selected.contains(f), "family " << f << " is not in the fault's share");
        }
        // Nothing but the CMG: the same carers' pay.
        BOOST_TEST(cells_differing(base.carers(), mapped.carers()) == 0u);
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(migration_mapping_error_of_the_bracket) {
    // Off by one: 1 -> 2 and 2 -> 3 pay less, 3 -> 2 pays more.
    check_mapping_error("bracket", true);
    const model::Scenario scenario = quiet(small_scenario());
    const Outcome base = run_without_faults(scenario);
    const json faults = json::array({{{"kind", "migration_mapping_error"},
                                      {"field", "bracket"},
                                      {"share", "0.5"},
                                      {"window", window("2019-05-01", "2019-06-01")}}});
    const Outcome mapped = run(scenario, faults);
    BOOST_TEST(cmg_differences(base, mapped).more > 0u);
}

BOOST_AUTO_TEST_CASE(migration_mapping_error_of_the_single_parent_flag) {
    // A single parent read as a couple: lower ceilings and no increase, so less CMG.
    check_mapping_error("single_parent", false);
}

BOOST_AUTO_TEST_CASE(migration_mapping_error_of_a_child_birth) {
    // The youngest child is not counted: fewer dependent children, and no CMG for its care.
    check_mapping_error("child_birth", false);
}

BOOST_AUTO_TEST_CASE(declaration_lost_short_pays_families_and_still_pays_carers) {
    const model::Scenario scenario = quiet(small_scenario());
    const json faults = json::array({{{"kind", "declaration_lost"},
                                      {"share", "0.2"},
                                      {"window", window("2019-06-01", "2019-09-01")}}});
    const Outcome base = run_without_faults(scenario);
    const Outcome lost = run(scenario, faults);
    BOOST_TEST(lost.firings(0) > 50u);
    BOOST_TEST(lost.total(&model::MonthFigures::declarations_lost) == lost.firings(0));
    BOOST_TEST(lost.total(&model::MonthFigures::declarations) ==
               base.total(&model::MonthFigures::declarations));
    const Differences differences = cmg_differences(base, lost);
    BOOST_TEST(differences.less > 20u);
    BOOST_TEST(differences.more == 0u);
    // Declarations of months declared entirely outside the window are untouched: April and
    // before (declared by 20 May), September and after (from 25 September).
    for (std::int32_t m = 0; m < lost.months(); ++m) {
        const YearMonth month = scenario.first_month.plus_months(m);
        if (month >= may_2019 && month <= YearMonth::from_civil(2019, 8)) continue;
        for (std::uint32_t f = 0; f < scenario.population.families; ++f) {
            BOOST_TEST_REQUIRE(lost.paid(f, m) == base.paid(f, m), "family " << f << " " << month);
        }
    }
    // The rights are untouched.
    BOOST_TEST(lost.result.statistics.rights_messages_delivered ==
               base.result.statistics.rights_messages_delivered);
    // Carers paid by the parent (outside Pajemploi+) are paid in full, lost declaration or not.
    BOOST_TEST(cells_differing(base.sum({model::Cause::salary}),
                               lost.sum({model::Cause::salary})) == 0u);
    BOOST_TEST(lost.total(&model::MonthFigures::carers_paid) <=
               base.total(&model::MonthFigures::carers_paid));
}

// A declaration that reaches the centre twice is the same declaration (sut-protocol.md, rule
// 1): the built-in centre takes it in once, so every transfer is the one of the run without
// the fault, on the same day and in the same order. Copies come only for declarations of the
// new workflow arriving in the window.
BOOST_AUTO_TEST_CASE(declaration_duplicated_moves_no_money) {
    const model::Scenario scenario = small_scenario();
    const json faults = json::array({{{"kind", "declaration_duplicated"},
                                      {"share", "0.5"},
                                      {"duplicate_delay_days", {{"min", 1}, {"max", 40}}},
                                      {"window", window("2019-04-01", "2019-12-31")}}});
    const Outcome base = run_without_faults(scenario);
    const Outcome twice = run(scenario, faults);
    // Half the declarations of care months May 2019 (the cutover's month) to October (all
    // declared in the window) are copied, and none of a month before May or after December.
    const auto declared = [&](int from, int to) {
        std::uint64_t sum = 0;
        for (int m = from; m <= to; ++m) sum += twice.result.months.at(static_cast<std::size_t>(twice.offset(YearMonth::from_civil(2019, static_cast<unsigned>(m))))).declarations;
        return sum;
    };
    BOOST_TEST(twice.firings(0) > declared(5, 10) * 4 / 10);
    BOOST_TEST(twice.firings(0) < declared(5, 12) * 6 / 10);
    BOOST_TEST(base.total(&model::MonthFigures::declarations) == twice.total(&model::MonthFigures::declarations));
    BOOST_TEST(twice.csv == base.csv);
    BOOST_TEST(cmg_differences(base, twice).any() == 0u);
}

// A fix takes in the declarations lost on the way and settles them like any other: under
// Pajemploi+ the parent is debited and the carer paid (a regression test: the carer once
// stayed unpaid for good).
BOOST_AUTO_TEST_CASE(declaration_lost_then_fixed_pays_the_pajemploi_plus_carer) {
    const model::Scenario scenario = responsive(small_scenario());
    const json faults = json::array({{{"kind", "declaration_lost"},
                                      {"share", "0.2"},
                                      {"window", window("2019-06-01", "2019-09-01")}}});
    const Outcome base = run_without_faults(scenario);
    const Outcome lost = run(scenario, faults);
    BOOST_TEST(lost.firings(0) > 50u);
    BOOST_TEST(lost.total(&model::MonthFigures::files_fixed) > 0u);
    // Every lost month is noticed (a lower CMG) and fixed well before the horizon.
    BOOST_TEST(cmg_differences(base, lost).any() == 0u);
    BOOST_TEST(cells_differing(base.carers(), lost.carers()) == 0u);
    BOOST_TEST(lost.total(&model::MonthFigures::carers_paid) ==
               base.total(&model::MonthFigures::carers_paid));
}

BOOST_AUTO_TEST_CASE(payment_file_rejected_pays_everything_later) {
    const model::Scenario scenario = quiet(small_scenario());
    const json faults = json::array({{{"kind", "payment_file_rejected"},
                                      {"share", "0.5"},
                                      {"resend_after_business_days", 3},
                                      {"window", window("2019-06-01", "2019-09-01")}}});
    const Outcome base = run_without_faults(scenario);
    const Outcome rejected = run(scenario, faults);
    BOOST_TEST(rejected.result.statistics.payments_resent > 0u);
    BOOST_TEST(rejected.result.statistics.payments_resent == rejected.firings(0));
    // Every CMG is paid, to the cent, as without the fault; and every carer.
    BOOST_TEST(cmg_differences(base, rejected).any() == 0u);
    BOOST_TEST(rejected.total(&model::MonthFigures::cmg_paid) ==
               base.total(&model::MonthFigures::cmg_paid));
    BOOST_TEST(cells_differing(base.carers(), rejected.carers()) == 0u);
    // ... later, never earlier.
    const auto [later, earlier] = later_and_earlier(base, rejected);
    BOOST_TEST(later > 100u);
    BOOST_TEST(earlier == 0u);
    // Debits are not payment files.
    BOOST_TEST(rejected.result.statistics.double_debits == 0u);
    BOOST_TEST(rejected.sum_of(model::Cause::debit_refund) == Cents{0});
    // The draw is the day's: the bank rejects the whole day's file or none of it. Each day of
    // the window, the centre's CMG payments made that day without the fault are all made that
    // day with it, or none of them is (care months from June: May's may be the CAF's, whose
    // payments are no file of the centre's).
    using Payment = std::tuple<std::uint32_t, std::int32_t, std::int64_t>;  // family, month, cents
    const auto by_day = [&](const Outcome& outcome) {
        std::map<Date, std::multiset<Payment>> days;
        for (const model::Transfer& t : outcome.transfers) {
            if (t.cause != model::Cause::cmg || t.date < Date::from_civil(2019, 6, 1) ||
                t.date >= Date::from_civil(2019, 9, 1) || t.month < YearMonth::from_civil(2019, 6)) {
                continue;
            }
            days[t.date].insert(Payment{t.family.value(), outcome.offset(t.month), t.amount.value()});
        }
        return days;
    };
    const auto without = by_day(base);
    const auto with = by_day(rejected);
    std::size_t days_rejected = 0;
    std::size_t days_paid = 0;
    for (const auto& [day, payments] : without) {
        if (payments.size() < 2) continue;
        const auto found = with.find(day);
        std::size_t made = 0;
        for (const Payment& payment : payments) made += found != with.end() && found->second.contains(payment) ? 1 : 0;
        BOOST_TEST((made == 0 || made == payments.size()),
                   day.to_string() << ": " << made << " of the day's " << payments.size() << " payments made that day");
        days_rejected += made == 0 ? 1 : 0;
        days_paid += made == payments.size() ? 1 : 0;
    }
    BOOST_TEST(days_rejected > 0u);
    BOOST_TEST(days_paid > 0u);
}

BOOST_AUTO_TEST_CASE(double_debit_takes_twice_and_only_a_fix_refunds) {
    const json faults = json::array({{{"kind", "double_debit"},
                                      {"share", "0.3"},
                                      {"window", window("2019-06-01", "2019-09-01")}}});
    const auto debited = [](const Outcome& outcome) {
        return outcome.sum({model::Cause::contributions_debit, model::Cause::pajemploi_plus_debit},
                           {model::Cause::debit_refund});
    };
    // Nobody notices: the extra debits stay.
    const model::Scenario scenario = quiet(small_scenario());
    const Outcome base = run_without_faults(scenario);
    const Outcome doubled = run(scenario, faults);
    BOOST_TEST(doubled.result.statistics.double_debits > 20u);
    BOOST_TEST(doubled.result.statistics.double_debits == doubled.firings(0));
    const auto expected = debited(base);
    const auto actual = debited(doubled);
    std::size_t over = 0;
    std::size_t under = 0;
    for (const auto& [cell, amount] : actual) {
        const auto found = expected.find(cell);
        const Cents due = found == expected.end() ? Cents{0} : found->second;
        if (amount > due) ++over;
        if (amount < due) ++under;
    }
    BOOST_TEST(over > 20u);
    BOOST_TEST(under == 0u);
    BOOST_TEST(doubled.sum_of(model::Cause::debit_refund) == Cents{0});
    // Nothing but debits.
    BOOST_TEST(cmg_differences(base, doubled).any() == 0u);
    BOOST_TEST(doubled.result.statistics.payments_resent == 0u);

    // Families notice, agents fix: the regularisation refunds what exceeds the due.
    const model::Scenario fixing = responsive(small_scenario());
    const Outcome fixed_base = run_without_faults(fixing);
    const Outcome fixed = run(fixing, faults);
    BOOST_TEST(fixed.firings(0) == doubled.firings(0));  // the same draws: same debits
    BOOST_TEST(fixed.total(&model::MonthFigures::files_fixed) > 0u);
    BOOST_TEST(fixed.sum_of(model::Cause::debit_refund) > Cents{0});
    BOOST_TEST(fixed.total(&model::MonthFigures::contributions_refunded) ==
               fixed.sum_of(model::Cause::debit_refund));
    BOOST_TEST(fixed_base.sum_of(model::Cause::debit_refund) == Cents{0});
    const auto excess = [](const std::map<Cell, Cents>& expected_debits,
                           const std::map<Cell, Cents>& actual_debits) {
        Cents sum{0};
        for (const auto& [cell, amount] : actual_debits) {
            const auto found = expected_debits.find(cell);
            const Cents due = found == expected_debits.end() ? Cents{0} : found->second;
            sum += max(Cents{0}, amount - due);
        }
        return sum;
    };
    BOOST_TEST(excess(debited(fixed_base), debited(fixed)) < excess(expected, actual));
}

BOOST_AUTO_TEST_CASE(contributions_debited_without_rights_with_rights_link_missing) {
    // Composition: missing rights alone hold the contributions (less is debited); debiting
    // without rights alone never fires (rights are always there); together, the covered
    // contributions are taken as well: more than in any of the three other runs.
    const model::Scenario scenario = quiet(small_scenario());
    const json missing_fault = {{"kind", "rights_link_missing"},
                                {"messages", "bulk"},
                                {"share", "0.5"},
                                {"window", window("2019-05-01", "2019-06-01")}};
    const json debit_fault = {{"kind", "contributions_debited_without_rights"},
                              {"window", window("2019-05-25", "2020-01-01")}};
    const Outcome base = run_without_faults(scenario);
    const Outcome missing = run(scenario, json::array({missing_fault}));
    const Outcome debiting = run(scenario, json::array({debit_fault}));
    const Outcome both = run(scenario, json::array({missing_fault, debit_fault}));
    BOOST_TEST(missing.firings(0) > 0u);
    BOOST_TEST(debiting.firings(0) == 0u);
    BOOST_TEST(both.firings(0) == missing.firings(0));
    BOOST_TEST(both.firings(1) > 0u);
    const auto debited = [](const Outcome& outcome) {
        return total_of(outcome.sum({model::Cause::contributions_debit,
                                     model::Cause::pajemploi_plus_debit},
                                    {model::Cause::debit_refund}));
    };
    BOOST_TEST(debited(missing) < debited(base));
    BOOST_TEST(debited(debiting) == debited(base));
    BOOST_TEST(debited(both) > debited(base));
    BOOST_TEST(debited(both) > debited(missing));
    BOOST_TEST(debited(both) > debited(debiting));
    BOOST_TEST(both.total(&model::MonthFigures::contributions_debited) >
               base.total(&model::MonthFigures::contributions_debited));
    // The debits change, not the CMG: the pair pays what missing rights alone pay (an
    // overpayment a keying error makes the centre see is taken back when the family's balance
    // allows, which the debits change: the CMG payments are compared, not what is kept).
    const auto cmg_payments = [](const Outcome& outcome) {
        return total_of(outcome.sum({model::Cause::cmg, model::Cause::cmg_arrears}, {}));
    };
    BOOST_TEST(cmg_payments(both) == cmg_payments(missing));
}

// ---------------------------------------------------------------------------------------------
// Processes.

BOOST_AUTO_TEST_CASE(a_fix_that_enters_a_wrong_bracket_breaks_the_family_again) {
    // A third of the families get no rights; they call, and each fix enters the bracket off
    // by one (fix_error_probability 1). 3 -> 2 overpays, which nothing else in this run can.
    model::Scenario scenario = responsive(small_scenario());
    const json faults = json::array({{{"kind", "rights_link_missing"},
                                      {"messages", "bulk"},
                                      {"share", "0.3"},
                                      {"window", window("2019-05-01", "2019-06-01")}}});
    const Outcome right = run(scenario, faults);
    scenario.processes.fix_error_probability = Ratio::one();
    const Outcome wrong = run(scenario, faults);

    const auto overpaid = [](const Outcome& outcome) {
        std::size_t cells = 0;
        for (std::int32_t m = 0; m < outcome.months(); ++m) {
            for (std::uint32_t f = 0; f < outcome.families(); ++f) {
                if (outcome.paid(f, m) > outcome.owed(f, m)) ++cells;
            }
        }
        return cells;
    };
    BOOST_TEST(right.total(&model::MonthFigures::files_fixed) > 20u);
    BOOST_TEST(right.total(&model::MonthFigures::fix_errors) == 0u);
    BOOST_TEST(overpaid(right) == 0u);
    BOOST_TEST(wrong.total(&model::MonthFigures::fix_errors) > 0u);
    BOOST_TEST(wrong.total(&model::MonthFigures::fix_errors) <=
               wrong.total(&model::MonthFigures::files_fixed));
    BOOST_TEST(overpaid(wrong) > 0u);
    // A family fixed (its first arrears) and later paid for a month, by Pajemploi's usual
    // payment, a CMG other than it is owed: broken again by the fix itself.
    std::map<std::uint32_t, Date> fixed_on;
    for (const model::Transfer& t : wrong.transfers) {
        if (t.cause == model::Cause::cmg_arrears && !fixed_on.contains(t.family.value())) {
            fixed_on[t.family.value()] = t.date;
        }
    }
    std::size_t broken_again = 0;
    for (const model::Transfer& t : wrong.transfers) {
        const auto fixed = fixed_on.find(t.family.value());
        if (t.cause != model::Cause::cmg || fixed == fixed_on.end()) continue;
        if (t.date <= fixed->second) continue;
        const std::int32_t m = wrong.offset(t.month);
        if (wrong.paid(t.family.value(), m) != wrong.owed(t.family.value(), m)) ++broken_again;
    }
    BOOST_TEST(broken_again > 0u);
}

BOOST_AUTO_TEST_CASE(rights_duplicated_late_copies_overwrite_corrected_rights) {
    // Every initial record carries a wrong bracket, and arrives again 60 to 90 days later.
    // Families paid less call; an agent corrects their rights; then the late copy puts the
    // wrong bracket back. Without the copies, a month settled after its family's fix is
    // paid as without faults.
    const model::Scenario scenario = responsive(small_scenario());
    const json mapping = {{"kind", "migration_mapping_error"},
                          {"field", "bracket"},
                          {"share", "1"},
                          {"window", window("2019-05-01", "2019-06-01")}};
    const json copies = {{"kind", "rights_duplicated"},
                         {"messages", "bulk"},
                         {"duplicate_delay_days", {{"min", 60}, {"max", 90}}},
                         {"window", window("2019-05-01", "2019-06-01")}};
    const Outcome base = run_without_faults(scenario);
    const Outcome mapped = run(scenario, json::array({mapping}));
    const Outcome copied = run(scenario, json::array({mapping, copies}));
    BOOST_TEST(copied.firings(0) == mapped.firings(0));
    BOOST_TEST(copied.firings(1) > 0u);
    // (family, month) paid by the usual payment a week or more after the family's first
    // arrears (a payment leaves 2 business days after its settlement), other than without
    // faults.
    const auto wrong_after_fix = [&](const Outcome& outcome) {
        std::map<std::uint32_t, Date> fixed_on;
        for (const model::Transfer& t : outcome.transfers) {
            if (t.cause == model::Cause::cmg_arrears && !fixed_on.contains(t.family.value())) {
                fixed_on[t.family.value()] = t.date;
            }
        }
        const auto usual = outcome.sum({model::Cause::cmg});
        const auto usual_base = base.sum({model::Cause::cmg});
        std::map<Cell, bool> all_after;  // every usual payment of the cell is after the fix
        for (const model::Transfer& t : outcome.transfers) {
            if (t.cause != model::Cause::cmg) continue;
            const auto fixed = fixed_on.find(t.family.value());
            const bool after = fixed != fixed_on.end() && t.date > fixed->second.plus_days(7);
            const Cell cell{t.family.value(), outcome.offset(t.month)};
            const auto found = all_after.find(cell);
            all_after[cell] = (found == all_after.end() || found->second) && after;
        }
        std::size_t cells = 0;
        for (const auto& [cell, after] : all_after) {
            if (!after) continue;
            const auto expected = usual_base.find(cell);
            const Cents due = expected == usual_base.end() ? Cents{0} : expected->second;
            if (usual.at(cell) != due) ++cells;
        }
        return cells;
    };
    BOOST_TEST(mapped.total(&model::MonthFigures::files_fixed) > 20u);
    BOOST_TEST(wrong_after_fix(mapped) == 0u);
    BOOST_TEST(wrong_after_fix(copied) > 0u);
}

BOOST_AUTO_TEST_CASE(advances_recovered_before_the_cmg_is_paid) {
    // No rights for anyone, families who all call, and no agent to fix anything: the CMG is
    // never paid, so an advance recovered after 5 days is recovered before payment (2019) ...
    model::Scenario scenario = small_scenario();
    scenario.processes.notice_probability = Ratio::one();
    scenario.processes.advance.rule = model::AdvanceRule::on_request;
    scenario.processes.advance.payment_delay_days = 2;
    scenario.processes.advance.recovery_delay_days = 5;
    scenario.processes.advance.recover_only_after_payment = false;
    scenario.processes.permanent_agents = 0;
    scenario.processes.temporary_agents = 0;
    const json faults = json::array({{{"kind", "rights_link_missing"},
                                      {"messages", "bulk"},
                                      {"window", window("2019-05-01", "2019-06-01")}}});
    const Outcome recovered = run(scenario, faults);
    BOOST_TEST(recovered.total(&model::MonthFigures::files_fixed) == 0u);
    BOOST_TEST(recovered.total(&model::MonthFigures::advances_paid) > 0u);
    BOOST_TEST(recovered.total(&model::MonthFigures::advances_recovered_before_payment) > 0u);
    BOOST_TEST(recovered.total(&model::MonthFigures::advances_recovered_before_payment) <=
               recovered.total(&model::MonthFigures::advances_recovered));
    BOOST_TEST(recovered.sum_of(model::Cause::advance_recovery) > Cents{0});
    // ... and never when the CAF waits until the family is owed nothing.
    scenario.processes.advance.recover_only_after_payment = true;
    const Outcome waiting = run(scenario, faults);
    BOOST_TEST(waiting.total(&model::MonthFigures::advances_paid) > 0u);
    BOOST_TEST(waiting.total(&model::MonthFigures::advances_recovered_before_payment) == 0u);
}

// ---------------------------------------------------------------------------------------------
// Determinism and common random numbers.

BOOST_AUTO_TEST_CASE(the_same_scenario_seed_and_fault_plan_give_the_same_run) {
    model::Scenario scenario = small_scenario();
    scenario.last_month = YearMonth::from_civil(2020, 6);
    scenario.population.national_families = 30'000;  // some agent capacity, not too much
    scenario.processes.fix_error_probability = Ratio{5, 100};
    // The incident's kinds, and the intake faults, each on a share of the population.
    const json faults = json::parse(R"([
        {"kind": "server_freeze", "system": "pajemploi", "restart_capacity_share_per_day": "0.2",
         "window": {"from": "2019-05-04", "to": "2019-05-25"}},
        {"kind": "rights_link_missing", "messages": "bulk", "share": "0.05",
         "window": {"from": "2019-04-25", "to": "2019-05-25"}},
        {"kind": "migration_mapping_error", "field": "child_birth", "share": "0.05",
         "window": {"from": "2019-04-25", "to": "2019-05-25"}},
        {"kind": "rights_delayed", "messages": "changes", "share": "0.9",
         "delay_days": {"min": 30, "max": 120},
         "window": {"from": "2019-05-25", "to": "2020-01-01"}},
        {"kind": "declaration_lost", "share": "0.02",
         "window": {"from": "2019-06-01", "to": "2020-01-01"}},
        {"kind": "double_debit", "share": "0.05",
         "window": {"from": "2019-06-01", "to": "2020-01-01"}},
        {"kind": "payment_file_rejected", "share": "0.1",
         "window": {"from": "2019-06-01", "to": "2020-01-01"}},
        {"kind": "contributions_debited_without_rights",
         "window": {"from": "2019-05-25", "to": "2019-12-31"}}
    ])");
    const Outcome first = run(scenario, faults);
    const Outcome second = run(scenario, faults);
    for (std::size_t i = 0; i < first.faults.size(); ++i) {
        BOOST_TEST(first.firings(i) > 0u, first.faults[i].kind);
        BOOST_TEST(first.firings(i) == second.firings(i), first.faults[i].kind);
    }
    BOOST_TEST(first.transfers.size() == second.transfers.size());
    BOOST_TEST((first.csv == second.csv));
    BOOST_TEST(describe(first.result) == describe(second.result));
    BOOST_TEST((first.result.owed_cents == second.result.owed_cents));
    BOOST_TEST((first.result.unpaid_cents == second.result.unpaid_cents));
    BOOST_TEST(first.result.statistics.families_affected > 0u);
}

BOOST_AUTO_TEST_CASE(rollout_options_share_the_population_and_the_faults_draws) {
    std::vector<model::Scenario> scenarios;
    for (const char* name : {"rollout-big-bang", "rollout-phased", "rollout-parallel-run"}) {
        scenarios.push_back(model::load_scenario(std::string(PAJESIM_SOURCE_DIR) + "/scenarios/" +
                                                 name + ".json"));
        scenarios.back().population.families = 2'000;
    }
    BOOST_TEST((scenarios[0].rollout.mode != scenarios[1].rollout.mode));
    BOOST_TEST((scenarios[0].rollout.mode != scenarios[2].rollout.mode));
    std::vector<model::World> worlds;
    for (const model::Scenario& scenario : scenarios) {
        worlds.push_back(model::World::generate(scenario, parameters()));
    }
    const model::World& a = worlds[0];
    for (std::size_t w = 1; w < worlds.size(); ++w) {
        const model::World& b = worlds[w];
        BOOST_TEST_REQUIRE(a.families.size() == b.families.size());
        BOOST_TEST_REQUIRE(a.contracts.size() == b.contracts.size());
        BOOST_TEST_REQUIRE((a.family_contract_begin == b.family_contract_begin));
        for (std::size_t f = 0; f < a.families.size(); ++f) {
            const model::Family& x = a.families[f];
            const model::Family& y = b.families[f];
            BOOST_TEST_REQUIRE(x.mode == y.mode);
            BOOST_TEST_REQUIRE(x.caf == y.caf);
            BOOST_TEST_REQUIRE(x.single_parent_at_start == y.single_parent_at_start);
            BOOST_TEST_REQUIRE((a.resources_of(FamilyId{static_cast<std::uint32_t>(f)}) ==
                                b.resources_of(FamilyId{static_cast<std::uint32_t>(f)})));
            BOOST_TEST_REQUIRE(x.income_day == y.income_day);
            BOOST_TEST_REQUIRE(x.monthly_income == y.monthly_income);
            BOOST_TEST_REQUIRE(x.change_count == y.change_count);
            for (std::uint8_t k = 0; k < x.change_count; ++k) {
                BOOST_TEST_REQUIRE(x.changes[k].date == y.changes[k].date);
                BOOST_TEST_REQUIRE(x.changes[k].value == y.changes[k].value);
            }
            const auto x_children = a.children_of(FamilyId{static_cast<std::uint32_t>(f)});
            const auto y_children = b.children_of(FamilyId{static_cast<std::uint32_t>(f)});
            BOOST_TEST_REQUIRE(x_children.size() == y_children.size());
            for (std::size_t c = 0; c < x_children.size(); ++c) {
                BOOST_TEST_REQUIRE(x_children[c].birth == y_children[c].birth);
            }
        }
        for (std::size_t c = 0; c < a.contracts.size(); ++c) {
            const model::Contract& x = a.contracts[c];
            const model::Contract& y = b.contracts[c];
            BOOST_TEST_REQUIRE(x.family == y.family);
            BOOST_TEST_REQUIRE(x.carer == y.carer);
            BOOST_TEST_REQUIRE(x.facts().net_salary == y.facts().net_salary);
            BOOST_TEST_REQUIRE(x.facts().maintenance == y.facts().maintenance);
            BOOST_TEST_REQUIRE(x.pajemploi_plus == y.pajemploi_plus);
            BOOST_TEST_REQUIRE(x.first_month == y.first_month);
        }
    }
    // The faults pick the same families in every option: the initial transfers dropped by
    // rights_link_missing "bulk", and those altered by the mapping error, on 1 May 2019
    // (inside every option's transfer window).
    const Date probe_date = Date::from_civil(2019, 5, 1);
    std::vector<std::vector<std::uint32_t>> dropped(scenarios.size());
    std::vector<std::vector<std::uint32_t>> altered(scenarios.size());
    for (std::size_t s = 0; s < scenarios.size(); ++s) {
        const auto plan = faults::FaultPlan::from_json(scenarios[s].faults, scenarios[s].file,
                                                       scenarios[s].seed,
                                                       scenarios[s].population.families);
        for (std::uint32_t f = 0; f < worlds[s].families.size(); ++f) {
            const CafId caf = worlds[s].families[f].caf;
            if (drops_bulk(*plan, f, caf, probe_date)) dropped[s].push_back(f);
            if (alters_bulk(*plan, f, caf, probe_date)) altered[s].push_back(f);
        }
    }
    // About 1 % and 0.6 % of 2 000 families.
    BOOST_TEST(dropped[0].size() > 5u);
    BOOST_TEST(dropped[0].size() < 60u);
    BOOST_TEST(altered[0].size() > 2u);
    BOOST_TEST(altered[0].size() < 40u);
    for (std::size_t s = 1; s < scenarios.size(); ++s) {
        BOOST_TEST((dropped[s] == dropped[0]), scenarios[s].name);
        BOOST_TEST((altered[s] == altered[0]), scenarios[s].name);
    }
}

// ---------------------------------------------------------------------------------------------
// Bad plans.

BOOST_AUTO_TEST_CASE(bad_fault_plans_are_refused_with_the_json_path) {
    const json good = {{"kind", "declaration_lost"},
                       {"window", window("2019-06-01", "2019-07-01")}};
    struct Bad {
        std::string description;
        json plan;
        std::string path;
    };
    std::vector<Bad> bad{
        {"unknown kind",
         json::array({{{"kind", "meteor"}, {"window", window("2019-06-01", "2019-07-01")}}}),
         "/faults/0/kind"},
        {"unknown key", json::array({good, {{"kind", "double_debit"}, {"colour", "blue"},
                                            {"window", window("2019-06-01", "2019-07-01")}}}),
         "/faults/1/colour"},
        {"window ending as it starts",
         json::array({{{"kind", "declaration_lost"},
                       {"window", window("2019-06-01", "2019-06-01")}}}),
         "/faults/0/window/to"},
        {"window ending before it starts",
         json::array({good, {{"kind", "declaration_lost"},
                             {"window", window("2019-06-01", "2019-05-01")}}}),
         "/faults/1/window/to"},
        {"share above one",
         json::array({{{"kind", "double_debit"}, {"share", "1.5"},
                       {"window", window("2019-06-01", "2019-07-01")}}}),
         "/faults/0/share"},
        {"a freeze of the bank",
         json::array({good, {{"kind", "server_freeze"}, {"system", "bank"},
                             {"window", window("2019-06-01", "2019-07-01")}}}),
         "/faults/1/system"},
    };
    for (const Bad& item : bad) {
        bool refused = false;
        try {
            faults::FaultPlan::from_json(item.plan, "plan.json", 1, 100);
        } catch (const InputError& error) {
            refused = true;
            BOOST_TEST(error.json_path() == item.path, item.description);
            BOOST_TEST(error.file() == "plan.json", item.description);
            BOOST_TEST(std::string(error.what()).find(item.path) != std::string::npos,
                       item.description);
        }
        BOOST_TEST(refused, item.description);
    }
    // The good fault alone is accepted.
    BOOST_TEST(!faults::FaultPlan::from_json(json::array({good}), "plan.json", 1, 100)->empty());
}

// After the restart a freeze works through what it held at its capacity per business day, in
// arrival order: 1 % of 300 families is 3 items a day, so 7 items held restart over three
// business days. The window ends on Saturday 15 June 2019: restart on Monday 17, then 18, 19.
BOOST_AUTO_TEST_CASE(server_freeze_restarts_at_its_daily_capacity_in_arrival_order) {
    const DateRange window{Date::from_civil(2019, 6, 3), Date::from_civil(2019, 6, 15)};
    faults::ServerFreeze freeze(window, faults::FaultContext{1, 0, 300}, faults::ServerFreeze::System::pajemploi,
                                Ratio::zero(), Ratio{1, 100});
    const Date arrival = Date::from_civil(2019, 6, 11);
    const std::vector<unsigned> restart_days{17, 17, 17, 18, 18, 18, 19};
    for (std::uint32_t i = 0; i < restart_days.size(); ++i) {
        model::Intake intake{false, arrival};
        freeze.pajemploi_intake(model::IntakeItem{model::IntakeKind::declaration, FamilyId{i}, CafId{0}, i},
                                arrival, intake);
        BOOST_TEST(!intake.lost);
        BOOST_TEST(intake.process_on == Date::from_civil(2019, 6, restart_days[i]), "item " << i);
    }
    BOOST_TEST(freeze.firings() == restart_days.size());
}
