// The harms beyond late CMG, through the harness's own runner: overpayments found by the
// reconciliation and recovered under each policy (debited after the notice, deducted from later
// CMG within a monthly limit, written off), and a Pajemploi+ carer's pay when the parent's
// debit bounces (paid only once the debit succeeds, or guaranteed by the centre), with a
// parent paying directly who waits for funds.
//
// Families are made poor by hand (adjust_world) so that debits bounce: the expected values
// come from the ledger's transfers and the rules' definitions (docs/sut-protocol.md rules 10
// to 12, docs/scenario-format.md), never from a run's own figures.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/runner/resources.hpp"
#include "harness/runner/scenario_run.hpp"
#include "sim/kernel/cents.hpp"
#include "sim/kernel/ratio.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/simulation.hpp"

using namespace pajesim;
using nlohmann::json;

namespace {

class Journal final : public model::JournalSink {
public:
    void record(const model::Transfer& transfer) override { transfers.push_back(transfer); }
    std::vector<model::Transfer> transfers;
};

struct Run {
    std::unique_ptr<harness::RunOutcome> outcome;
    std::vector<model::Transfer> transfers;

    std::uint64_t violations(std::string_view invariant) const {
        for (const auto& verdict : outcome->verdicts) {
            if (verdict.name == invariant) return verdict.violations;
        }
        BOOST_FAIL("unknown invariant " << invariant);
        return 0;
    }
    std::set<std::pair<std::uint32_t, YearMonth>> flagged(std::string_view invariant) const {
        std::set<std::pair<std::uint32_t, YearMonth>> cells;
        for (const auto& v : outcome->violations) {
            if (v.invariant == invariant) cells.emplace(v.family.value(), v.month);
        }
        return cells;
    }
    const model::RunStatistics& statistics() const { return outcome->result.statistics; }
    template <typename Field>
    auto total(Field field) const {
        decltype(model::MonthFigures{}.*field) sum{};
        for (const auto& month : outcome->result.months) sum += month.*field;
        return sum;
    }
};

using Key = std::pair<std::uint32_t, YearMonth>;

Run run(const std::string& text, const std::function<void(model::World&)>& adjust = {}) {
    const json document = json::parse(text);
    const model::Scenario scenario =
        model::scenario_from_json(document, document["name"].get<std::string>() + ".json", ".");
    Journal journal;
    harness::RunRequest request;
    request.journal = &journal;
    request.dossiers_of_most_harmed = 0;
    request.breaks = model::TestBreaks{};
    request.adjust_world = adjust;
    Run result;
    result.outcome = harness::run_scenario(scenario, request);
    result.transfers = std::move(journal.transfers);
    BOOST_TEST_REQUIRE(result.outcome->result.complete);
    BOOST_TEST_REQUIRE(result.outcome->result.ledger_net == Cents{0});
    return result;
}

// ---------------------------------------------------------------------------------------------
// Overpayments: a fifth of the initial transfer maps bracket 3 to 2 (Pajemploi pays too much)
// and 1 or 2 one bracket up (too little); nobody calls; the monthly reconciliation from July
// 2019 finds both.

std::string overpayment_scenario(const std::string& name, const std::string& policy) {
    return R"({"name": ")" + name + R"(", "period": {"from": "2019-01", "to": "2020-06"}, "seed": 31,
        "params": ")" + std::string(PAJESIM_SOURCE_DIR) + R"(/scenarios/params/cmg-2018-2026.json",
        "population": {"families": 400},
        "workflow": {"cutover": "2019-05-25"},
        "processes": {"notice_probability": "0", "fix_error_probability": "0", "advances": false,
                      "reconciliation": {"from": "2019-07-01", "every_days": 30},
                      "overpayment_recovery": )" + policy + R"(},
        "faults": [{"kind": "migration_mapping_error", "field": "bracket", "share": "0.3",
                    "window": {"from": "2019-05-01", "to": "2019-06-01"}}]})";
}

// What the law says each family-month is owed (the oracle's, from the run's truth).
std::map<Key, Cents> owed_by_cell(const Run& r) {
    std::map<Key, Cents> owed;
    const auto& result = r.outcome->result;
    const std::size_t families = result.families.size();
    for (std::int32_t m = 0; m < result.month_count; ++m) {
        for (std::size_t f = 0; f < families; ++f) {
            const Cents cents{result.owed_cents[static_cast<std::size_t>(m) * families + f]};
            if (cents != Cents{0}) owed[{static_cast<std::uint32_t>(f), r.outcome->scenario.first_month.plus_months(m)}] = cents;
        }
    }
    return owed;
}

// Per family-month, from the ledger: CMG credited and overpayments taken back.
struct Cmg {
    Cents credited;
    Cents recovered;
};
std::map<Key, Cmg> cmg_by_cell(const Run& r) {
    std::map<Key, Cmg> cells;
    for (const auto& t : r.transfers) {
        if (t.cause == model::Cause::cmg || t.cause == model::Cause::cmg_arrears) {
            cells[{t.family.value(), t.month}].credited += t.amount;
        } else if (t.cause == model::Cause::overpayment_recovery) {
            cells[{t.family.value(), t.month}].recovered += t.amount;
        }
    }
    return cells;
}

BOOST_AUTO_TEST_CASE(overpayments_found_by_the_reconciliation_are_debited_after_the_notice) {
    const Run r = run(overpayment_scenario("debit", R"({"mode": "debit", "notice_days": 20})"));
    BOOST_TEST(r.statistics().families_ever_overpaid > 0u);
    BOOST_TEST(r.total(&model::MonthFigures::overpayments_notified) > 0u);
    // Nothing is taken back before the first reconciliation's notice period is over.
    const Date earliest = Date::from_civil(2019, 7, 1).plus_days(20);
    std::size_t recoveries = 0;
    for (const auto& t : r.transfers) {
        if (t.cause != model::Cause::overpayment_recovery) continue;
        ++recoveries;
        BOOST_TEST(t.date >= earliest);
    }
    BOOST_TEST(recoveries > 0u);
    // At the end every family-month holds exactly what the law says: what was paid above it was
    // taken back, and never more.
    const auto owed = owed_by_cell(r);
    for (const auto& [key, cmg] : cmg_by_cell(r)) {
        const auto found = owed.find(key);
        const Cents law = found == owed.end() ? Cents{0} : found->second;
        BOOST_TEST(cmg.credited - cmg.recovered == law, "family " << key.first << " " << key.second);
    }
    BOOST_TEST(r.statistics().families_still_overpaid == 0u);
    BOOST_TEST(r.violations("recovery_within_overpayment") == 0u);
    BOOST_TEST(r.violations("no_recovery_while_owed") == 0u);
    BOOST_TEST(r.violations("everyone_square_after_recovery") == 0u);
    BOOST_TEST(r.violations("cmg_never_above_owed") > 0u);  // the mapping error's own harm
}

BOOST_AUTO_TEST_CASE(deductions_ride_on_a_cmg_payment_and_stay_within_the_monthly_limit) {
    const Run r = run(overpayment_scenario(
        "deduct", R"({"mode": "deduct", "monthly_limit": "50.00", "notice_days": 0, "debit_remainder_after_days": 0})"));
    std::map<std::pair<std::uint32_t, Date>, Cents> credited_on_day;
    std::map<std::pair<std::uint32_t, Date>, Cents> deducted_on_day;
    std::map<std::pair<std::uint32_t, YearMonth>, Cents> deducted_in_month;
    for (const auto& t : r.transfers) {
        if (t.cause == model::Cause::cmg || t.cause == model::Cause::cmg_arrears) {
            credited_on_day[{t.family.value(), t.date}] += t.amount;
        } else if (t.cause == model::Cause::overpayment_recovery) {
            deducted_on_day[{t.family.value(), t.date}] += t.amount;
            deducted_in_month[{t.family.value(), t.date.year_month()}] += t.amount;
        }
    }
    BOOST_TEST(!deducted_on_day.empty());
    for (const auto& [key, amount] : deducted_on_day) {
        BOOST_TEST(amount <= credited_on_day[key], "family " << key.first << " on " << key.second);
    }
    for (const auto& [key, amount] : deducted_in_month) {
        BOOST_TEST(amount <= Cents{50'00}, "family " << key.first << " in " << key.second);
    }
    BOOST_TEST(r.violations("recovery_within_overpayment") == 0u);
}

BOOST_AUTO_TEST_CASE(a_written_off_overpayment_is_settled_without_taking_anything_back) {
    const Run r = run(overpayment_scenario("write-off", R"({"mode": "write_off", "notice_days": 0})"));
    for (const auto& t : r.transfers) BOOST_TEST((t.cause != model::Cause::overpayment_recovery));
    BOOST_TEST(r.statistics().families_ever_overpaid > 0u);
    BOOST_TEST(r.total(&model::MonthFigures::overpayments_written_off) > Cents{0});
    // Written off: no family counts as overpaid at the end, and liveness holds.
    BOOST_TEST(r.statistics().families_still_overpaid == 0u);
    BOOST_TEST(r.violations("everyone_square_after_recovery") == 0u);
    // What was written off is what was paid above the law.
    const auto owed = owed_by_cell(r);
    Cents above{0};
    for (const auto& [key, cmg] : cmg_by_cell(r)) {
        const auto found = owed.find(key);
        above += max(Cents{0}, cmg.credited - (found == owed.end() ? Cents{0} : found->second));
    }
    BOOST_TEST(r.total(&model::MonthFigures::overpayments_written_off) == above);
}

BOOST_AUTO_TEST_CASE(without_a_reconciliation_overpaid_families_stay_overpaid_and_are_flagged) {
    std::string text = overpayment_scenario("unreconciled", R"({"mode": "debit"})");
    const auto at = text.find(R"("reconciliation")");
    text.erase(at, text.find('}', at) + 2 - at);  // the key, its object and the comma
    const Run r = run(text);
    BOOST_TEST(r.statistics().families_still_overpaid > 0u);
    BOOST_TEST(r.statistics().money_still_overpaid > Cents{0});
    BOOST_TEST(r.violations("everyone_square_after_recovery") > 0u);
    std::size_t overpaid_reasons = 0;
    for (const auto& v : r.outcome->violations) {
        if (v.invariant == "everyone_square_after_recovery" && v.reason == "still overpaid after the recovery window") {
            ++overpaid_reasons;
        }
    }
    BOOST_TEST(overpaid_reasons > 0u);
    // The register knows them: each still overpaid family has an open episode.
    std::set<std::uint32_t> open;
    for (const auto& episode : r.outcome->affected.episodes) {
        if (!episode.end && episode.overpaid_at_end > Cents{0}) open.insert(episode.family.value());
    }
    BOOST_TEST(open.size() == r.statistics().families_still_overpaid);
}

// Each month's families_paid_wrongly counts, at the run's end, the families whose CMG for the
// month (credited less taken back, from the journal's transfers) differs from the oracle's.
BOOST_AUTO_TEST_CASE(families_paid_wrongly_by_month_counts_the_months_still_wrong_at_the_end) {
    std::string text = overpayment_scenario("paid-wrongly", R"({"mode": "debit"})");
    const auto at = text.find(R"("reconciliation")");
    text.erase(at, text.find('}', at) + 2 - at);  // unreconciled: months stay overpaid
    const Run r = run(text);
    const auto owed = owed_by_cell(r);
    const auto paid = cmg_by_cell(r);
    const YearMonth first = r.outcome->scenario.first_month;
    std::uint32_t all_months = 0;
    for (std::size_t m = 0; m < r.outcome->result.months.size(); ++m) {
        const YearMonth month = first.plus_months(static_cast<std::int32_t>(m));
        std::uint32_t wrong = 0;
        for (std::uint32_t f = 0; f < r.outcome->result.families.size(); ++f) {
            const auto o = owed.find({f, month});
            const auto p = paid.find({f, month});
            const Cents law = o == owed.end() ? Cents{0} : o->second;
            const Cents got = p == paid.end() ? Cents{0} : p->second.credited - p->second.recovered;
            if (law != got) ++wrong;
        }
        BOOST_TEST(r.outcome->result.months[m].families_paid_wrongly == wrong, month.to_string());
        all_months += wrong;
    }
    BOOST_TEST(all_months > 0u);  // the case is not empty
}

// ---------------------------------------------------------------------------------------------
// Carers. From the cutover on, every contract is Pajemploi+; families start with nothing and
// earn, each month, a fraction of their carers' pay, so debits bounce and succeed later.

std::string carers_scenario(const std::string& name, const std::string& pay_rule, const std::string& plus_share = "1",
                            const std::string& short_pay = "overdraft") {
    return R"({"name": ")" + name + R"(", "period": {"from": "2019-06", "to": "2020-05"}, "seed": 47,
        "params": ")" + std::string(PAJESIM_SOURCE_DIR) + R"(/scenarios/params/cmg-2018-2026.json",
        "population": {"families": 150, "pajemploi_plus_share": ")" + plus_share + R"("},
        "workflow": {"cutover": "2019-05-25", "pajemploi_plus_carer_pay": )" + pay_rule +
           R"(, "direct_pay_when_short": ")" + short_pay + R"("},
        "processes": {"notice_probability": "0", "advances": false}, "faults": []})";
}

void make_poor(model::World& world) {
    for (std::uint32_t f = 0; f < world.families.size(); ++f) {
        Cents pay{0};
        for (std::uint32_t c = world.family_contract_begin[f]; c < world.family_contract_begin[f + 1]; ++c) {
            pay += world.contracts[c].facts().net_salary + world.contracts[c].facts().maintenance;
        }
        world.families[f].starting_balance = Cents{0};
        world.families[f].monthly_income = apply_rate(pay, Ratio{2, 5}, Rounding::half_up);
        world.families[f].income_day = 20;
    }
}

// The first day a Pajemploi+ debit of the family-month was taken; each carer's payment (by
// family, month and carer account); the day the family-month's carers had all their pay.
struct CarerDates {
    std::map<Key, Date> debited;
    std::map<std::tuple<std::uint32_t, YearMonth, std::uint32_t>, Date> carer_paid;
    std::map<Key, Date> fully_paid;
};
CarerDates carer_dates(const Run& r, model::Cause pay_cause) {
    // What the carers are due: the declared pay of the family's contracts active in the month
    // (the population's facts, every month declared).
    const model::World& world = r.outcome->world;
    std::map<Key, Cents> due;
    for (const auto& contract : world.contracts) {
        for (YearMonth m = r.outcome->scenario.first_month; m <= r.outcome->scenario.last_month; m = m.plus_months(1)) {
            if (world.contract_active(contract, m)) {
                due[{contract.family.value(), m}] += contract.facts().net_salary + contract.facts().maintenance;
            }
        }
    }
    CarerDates dates;
    std::map<Key, Cents> paid;
    for (const auto& t : r.transfers) {
        const Key key{t.family.value(), t.month};
        if (t.cause == model::Cause::pajemploi_plus_debit && !dates.debited.contains(key)) dates.debited[key] = t.date;
        if (t.cause != pay_cause) continue;
        dates.carer_paid[{t.family.value(), t.month, t.target.value()}] = t.date;
        paid[key] += t.amount;
        if (paid[key] >= due[key] && !dates.fully_paid.contains(key)) dates.fully_paid[key] = t.date;
    }
    return dates;
}

BOOST_AUTO_TEST_CASE(after_the_debit_the_carer_waits_for_the_parent_and_the_carers_invariant_says_so) {
    const Run r = run(carers_scenario("after-debit", R"({"rule": "after_debit"})"), make_poor);
    BOOST_TEST(r.statistics().debits_rejected > 0u);
    const CarerDates dates = carer_dates(r, model::Cause::carer_payment);
    BOOST_TEST(!dates.carer_paid.empty());
    // Never paid before a debit of the month was taken.
    for (const auto& [key, paid] : dates.carer_paid) {
        const auto debited = dates.debited.find({std::get<0>(key), std::get<1>(key)});
        BOOST_TEST_REQUIRE((debited != dates.debited.end()), "family " << std::get<0>(key));
        BOOST_TEST(paid >= debited->second, "family " << std::get<0>(key) << " " << std::get<1>(key));
    }
    // A month whose carers had all their pay only after its latest possible due date (the 10th
    // of M+1 plus the late declarations' allowance), or never, is flagged; a month whose carers
    // had it all by the 10th of M+1 is not.
    const auto flagged = r.flagged("carers_paid_on_time");
    BOOST_TEST(!flagged.empty());
    for (const auto& [key, debited] : dates.debited) {
        const Date deadline = key.second.plus_months(1).day_clamped(10);
        const auto paid = dates.fully_paid.find(key);
        const bool late_beyond_any_due = paid == dates.fully_paid.end() || paid->second > deadline.plus_days(22);
        if (late_beyond_any_due) BOOST_TEST(flagged.contains(key), "family " << key.first << " " << key.second);
        if (paid != dates.fully_paid.end() && paid->second <= deadline) {
            BOOST_TEST(!flagged.contains(key), "family " << key.first << " " << key.second);
        }
    }
    // The carers' register holds every family whose carer was flagged.
    std::set<std::uint32_t> registered;
    for (const auto& episode : r.outcome->affected.carer_episodes) registered.insert(episode.family.value());
    for (const auto& key : flagged) BOOST_TEST(registered.contains(key.first), "family " << key.first);
    BOOST_TEST(r.total(&model::MonthFigures::carer_payments_withheld) > 0u);
}

BOOST_AUTO_TEST_CASE(under_the_guarantee_the_carer_is_paid_and_the_family_owes_the_centre) {
    const Run r = run(carers_scenario("guarantee", R"({"rule": "guarantee", "guaranteed_months": 24})"), make_poor);
    BOOST_TEST(r.statistics().debits_rejected > 0u);
    BOOST_TEST(r.violations("carers_paid_on_time") == 0u);
    BOOST_TEST(r.outcome->affected.carer_episodes.empty());
    const CarerDates dates = carer_dates(r, model::Cause::carer_payment);
    // Some carers were paid before (or without) their month's debit: the guarantee at work.
    std::size_t guaranteed = 0;
    for (const auto& [key, paid] : dates.carer_paid) {
        const auto debited = dates.debited.find({std::get<0>(key), std::get<1>(key)});
        if (debited == dates.debited.end() || debited->second > paid) ++guaranteed;
    }
    BOOST_TEST(guaranteed > 0u);
    // ... and the family's debt to the centre is counted at month ends.
    std::uint32_t in_debt = 0;
    Cents debt{0};
    for (const auto& month : r.outcome->result.months) {
        in_debt = std::max(in_debt, month.families_in_debt_to_centre);
        debt = max(debt, month.debt_to_centre);
    }
    BOOST_TEST(in_debt > 0u);
    BOOST_TEST(debt > Cents{0});
}

BOOST_AUTO_TEST_CASE(a_parent_paying_directly_who_waits_for_funds_leaves_the_carer_unpaid) {
    const std::string rule = R"({"rule": "guarantee"})";
    const Run waits = run(carers_scenario("waits", rule, "0", "wait_for_funds"), make_poor);
    const Run overdraws = run(carers_scenario("overdraws", rule, "0", "overdraft"), make_poor);
    BOOST_TEST(overdraws.violations("carers_paid_on_time") == 0u);
    BOOST_TEST(waits.violations("carers_paid_on_time") > 0u);
    // The same salaries reach the carers, later.
    const CarerDates late = carer_dates(waits, model::Cause::salary);
    const CarerDates on_time = carer_dates(overdraws, model::Cause::salary);
    std::size_t later = 0;
    for (const auto& [key, paid] : late.carer_paid) {
        const auto other = on_time.carer_paid.find(key);
        BOOST_TEST_REQUIRE((other != on_time.carer_paid.end()));
        BOOST_TEST(paid >= other->second);
        later += paid > other->second ? 1 : 0;
    }
    BOOST_TEST(later > 0u);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// A family never paid for the period's last month is affected, though no month end of the
// period saw its month due: the month's declarations are lost, and nobody calls.

BOOST_AUTO_TEST_CASE(a_family_still_owed_when_the_run_ends_counts_among_the_affected) {
    const std::string text = R"({"name": "lost-at-the-end", "period": {"from": "2019-04", "to": "2019-06"}, "seed": 7,
        "params": ")" + std::string(PAJESIM_SOURCE_DIR) + R"(/scenarios/params/cmg-2018-2026.json",
        "population": {"families": 200},
        "workflow": {"cutover": "2019-05-25"},
        "processes": {"notice_probability": "0", "regularisation": false, "advances": false},
        "faults": [{"kind": "declaration_lost", "share": "0.3",
                    "window": {"from": "2019-06-20", "to": "2019-07-10"}}]})";
    const Run r = run(text);
    // From the ledger: the families paid less CMG than the law's for some month.
    const auto owed = owed_by_cell(r);
    const auto paid = cmg_by_cell(r);
    std::set<std::uint32_t> short_paid;
    for (const auto& [cell, law] : owed) {
        const auto p = paid.find(cell);
        const Cents got = p == paid.end() ? Cents{0} : p->second.credited - p->second.recovered;
        if (got < law) short_paid.insert(cell.first);
    }
    BOOST_TEST_REQUIRE(!short_paid.empty());  // the case is not empty
    // None of them was wrong at a month end of the period: the month was not due yet.
    const auto& months = r.outcome->result.months;
    BOOST_TEST(months.back().families_in_arrears == 0u);
    BOOST_TEST(r.statistics().families_still_owed == short_paid.size());
    BOOST_TEST(r.statistics().families_affected >= r.statistics().families_still_owed);
}

// ---------------------------------------------------------------------------------------------
// Runs at a time: an explicit --jobs is a ceiling, lowered to what the machine's memory holds
// at the largest scenario's estimate.

BOOST_AUTO_TEST_CASE(runs_at_once_never_exceed_what_the_memory_holds) {
    model::Scenario small = model::load_scenario(std::string(PAJESIM_SOURCE_DIR) + "/scenarios/incident-2019.json");
    small.population.families = 1'000;
    model::Scenario huge = small;
    huge.population.families = 2'000'000'000;  // far beyond any machine's memory
    const std::uint64_t memory = harness::physical_memory_bytes();
    BOOST_TEST_REQUIRE(memory > 0u);
    BOOST_TEST_REQUIRE(harness::estimated_peak_bytes(huge) > memory);
    BOOST_TEST_REQUIRE(harness::estimated_peak_bytes(small) * 3 < memory);
    BOOST_TEST(harness::runs_at_once_within_memory({&small}, 3) == 3u);
    BOOST_TEST(harness::runs_at_once_within_memory({&huge}, 64) == 1u);
    BOOST_TEST(harness::runs_at_once_within_memory({&small, &huge}, 64) == 1u);
    const auto fit = static_cast<unsigned>(memory / harness::estimated_peak_bytes(small));
    BOOST_TEST(harness::runs_at_once_within_memory({&small}, fit + 100) == fit);
}
