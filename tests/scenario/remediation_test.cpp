// The administration's levers once things go wrong (docs/scenario-format.md#the-response), each
// on the 2019 incident's population and faults (scenarios/incident-2019.json, the same seed,
// fewer families): each moves the outcome in the direction its documentation states, against
// the same run without it (common random numbers: the faults hit the same families). Where a
// count can be derived from the ledger or the rule's definition, the test derives it.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/runner/scenario_run.hpp"
#include "harness/outcome/register.hpp"
#include "sim/kernel/business_days.hpp"
#include "sim/kernel/cents.hpp"
#include "sim/kernel/int128.hpp"
#include "sim/kernel/json_input.hpp"
#include "sim/kernel/ratio.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/simulation.hpp"

using namespace pajesim;
using nlohmann::json;

namespace {

class Journal final : public model::JournalSink {
public:
    void record(const model::Transfer& transfer) override {
        if (transfer.cause == model::Cause::advance) advances.push_back(transfer);
    }
    std::vector<model::Transfer> advances;
};

struct Run {
    std::unique_ptr<harness::RunOutcome> outcome;
    std::vector<model::Transfer> advances;

    const model::RunStatistics& statistics() const { return outcome->result.statistics; }
    const std::vector<model::MonthFigures>& months() const { return outcome->result.months; }
    template <typename Field>
    auto total(Field field) const {
        decltype(model::MonthFigures{}.*field) sum{};
        for (const auto& month : months()) sum += month.*field;
        return sum;
    }
    template <typename Field>
    auto peak(Field field) const {
        decltype(model::MonthFigures{}.*field) most{};
        for (const auto& month : months()) most = std::max(most, month.*field);
        return most;
    }
    const model::MonthFigures& month(const char* text) const {
        for (const auto& m : months()) {
            if (m.month.to_string() == text) return m;
        }
        BOOST_FAIL("no month " << text);
        return months().front();
    }
};

constexpr std::uint32_t families = 3000;

// The incident with `processes` merged into its processes block (a null removes a key), then
// `adjust` applied to the scenario read.
// `follow_everyone`: every drawn family has a dossier (its calls, files and fixes, dated).
Run incident(const json& processes, const std::function<void(model::Scenario&)>& adjust = {},
             bool follow_everyone = false) {
    json document = parse_json_file(std::string(PAJESIM_SOURCE_DIR) + "/scenarios/incident-2019.json", 4u << 20);
    document["population"]["families"] = families;
    document.erase("expect");
    for (const auto& [key, value] : processes.items()) {
        if (value.is_null()) {
            document["processes"].erase(key);  // back to the default
        } else {
            document["processes"][key] = value;
        }
    }
    model::Scenario scenario =
        model::scenario_from_json(document, "incident-2019.json", std::string(PAJESIM_SOURCE_DIR) + "/scenarios");
    if (adjust) adjust(scenario);
    Journal journal;
    harness::RunRequest request;
    request.journal = &journal;
    request.dossiers_of_most_harmed = 0;
    request.breaks = model::TestBreaks{};
    if (follow_everyone) {
        for (std::uint32_t f = 0; f < scenario.population.families; ++f) request.families.push_back(f);
    }
    Run result;
    result.outcome = harness::run_scenario(scenario, request);
    result.advances = std::move(journal.advances);
    BOOST_TEST_REQUIRE(result.outcome->result.complete);
    BOOST_TEST_REQUIRE(result.outcome->result.ledger_net == Cents{0});
    return result;
}

const Run& today() {
    static const Run run = incident(json::object());
    return run;
}

// The incident's own reconciliations (its one-off batch of July 2019), then `campaign`.
json reconciliations_and(const json& campaign) {
    const json document = parse_json_file(std::string(PAJESIM_SOURCE_DIR) + "/scenarios/incident-2019.json", 4u << 20);
    json list = json::array();
    if (document["processes"].contains("reconciliation")) {
        const json& shipped = document["processes"]["reconciliation"];
        if (shipped.is_array()) {
            list = shipped;
        } else {
            list.push_back(shipped);
        }
    }
    list.push_back(campaign);
    return list;
}

// With staff enough to work every file soon after it opens.
json ample_staff() { return {{"temporary_agents", 300}, {"temporary_agents_from", "2019-06-01"}}; }

}  // namespace

BOOST_AUTO_TEST_SUITE(remediation)

// Reconciliation from September 2019: the centre's stale rights are corrected by the batch,
// so fewer families are still wrong at the end of December; detecting 30 % of the differences
// and correcting them 45 days later does less (at the end of October, when only the first
// batch's corrections have come), but still more than nothing.
BOOST_AUTO_TEST_CASE(reconciliation_lowers_families_still_wrong) {
    const Run full = incident({{"reconciliation", reconciliations_and({{"from", "2019-09-01"}, {"every_days", 30}})}});
    const Run half = incident({{"reconciliation",
                                reconciliations_and({{"from", "2019-09-01"}, {"every_days", 30}, {"share_detected", "0.3"},
                                                     {"correction_delay_days", 45}})}});
    const std::uint32_t none = today().month("2019-12").families_wrong;
    BOOST_TEST_REQUIRE(none > 20u);
    BOOST_TEST(full.month("2019-12").families_wrong < none / 4);
    BOOST_TEST(half.month("2019-12").families_wrong < none);
    BOOST_TEST(half.month("2019-10").families_wrong > full.month("2019-10").families_wrong);
    BOOST_TEST(half.month("2019-10").families_wrong < today().month("2019-10").families_wrong);
    // Before the first reconciliation nothing differs (the batch acts through the centre only).
    BOOST_TEST(full.month("2019-08").families_wrong == today().month("2019-08").families_wrong);
}

// Hardship first: the agents take the largest arrears relative to income first, so fewer
// families are owed a large share of their income; largest arrears first lowers the money
// owed at the peak. Oldest first changes the order only where a file's oldest month differs
// from its opening order.
BOOST_AUTO_TEST_CASE(triage_orders_move_the_harm) {
    const Run hardship = incident({{"triage", "hardship_first"}});
    const Run largest = incident({{"triage", "largest_arrears_first"}});
    BOOST_TEST_REQUIRE(today().peak(&model::MonthFigures::families_in_hardship) > 10u);
    BOOST_TEST(hardship.peak(&model::MonthFigures::families_in_hardship) <
               today().peak(&model::MonthFigures::families_in_hardship));
    BOOST_TEST(hardship.total(&model::MonthFigures::families_in_hardship) <
               today().total(&model::MonthFigures::families_in_hardship));
    BOOST_TEST(largest.peak(&model::MonthFigures::money_owed) < today().peak(&model::MonthFigures::money_owed));
    // The same staff works the same number of files: only the order changes.
    BOOST_TEST(hardship.total(&model::MonthFigures::files_fixed) > 0u);
}

// The families in hardship at each month end, from the register's amounts at that month end
// (a family owed money then) and each family's income: owed >= share x income, exactly.
std::map<YearMonth, std::uint32_t> hardship_from_register(const Run& run, const Ratio& share) {
    std::map<YearMonth, std::uint32_t> count;
    for (const harness::Episode& episode : run.outcome->affected.episodes) {
        const Cents income = run.outcome->world.families[episode.family.index()].monthly_income;
        for (const harness::AtStake& end : episode.month_ends) {
            if (end.owed > Cents{0} && static_cast<Int128>(end.owed.value()) * share.denominator() >=
                                           static_cast<Int128>(income.value()) * share.numerator()) {
                ++count[end.day.year_month()];
            }
        }
    }
    return count;
}

void expect_hardship_as_in_register(const Run& run, const Ratio& share) {
    const std::map<YearMonth, std::uint32_t> expected = hardship_from_register(run, share);
    for (const model::MonthFigures& month : run.months()) {
        const auto found = expected.find(month.month);
        BOOST_TEST(month.families_in_hardship == (found == expected.end() ? 0u : found->second),
                   month.month.to_string());
    }
}

// A family in hardship is owed at least the share of its income: one owed exactly that share
// counts. The share is set to one family's arrears over its income at a month end, so the
// family sits on the edge; every month's count must equal the register's.
BOOST_AUTO_TEST_CASE(hardship_counts_a_family_owed_exactly_the_share) {
    expect_hardship_as_in_register(today(), today().outcome->scenario.processes.hardship_income_share);
    // The family owed the largest share of its income at some month end, below its whole income.
    std::optional<Ratio> edge;
    Int128 best_owed = 0, best_income = 1;
    for (const harness::Episode& episode : today().outcome->affected.episodes) {
        const Cents income = today().outcome->world.families[episode.family.index()].monthly_income;
        for (const harness::AtStake& end : episode.month_ends) {
            if (end.owed <= Cents{0} || end.owed > income) continue;
            if (static_cast<Int128>(end.owed.value()) * best_income > best_owed * static_cast<Int128>(income.value())) {
                best_owed = end.owed.value();
                best_income = income.value();
                edge = Ratio{end.owed.value(), income.value()};
            }
        }
    }
    BOOST_TEST_REQUIRE(edge.has_value());
    const Ratio share = *edge;
    const Run at_edge = incident(json::object(), [&](model::Scenario& s) { s.processes.hardship_income_share = share; });
    const std::map<YearMonth, std::uint32_t> expected = hardship_from_register(at_edge, share);
    BOOST_TEST_REQUIRE(!expected.empty());  // at least the family on the edge
    expect_hardship_as_in_register(at_edge, share);
}

// Outbound contact: the centre calls the families whose payments it holds, who then need not
// notice and call; with staff to work the files, they are paid sooner.
BOOST_AUTO_TEST_CASE(outbound_contact_finds_held_families_sooner) {
    json staffed = ample_staff();
    const Run without = incident(staffed);
    staffed["outbound_contact"] = {{"from", "2019-06-01"}, {"after_days", 5}};
    const Run with = incident(staffed);
    BOOST_TEST(without.total(&model::MonthFigures::contacts) == 0u);
    BOOST_TEST(with.total(&model::MonthFigures::contacts) > 5u);
    BOOST_TEST(with.statistics().family_days_in_arrears < without.statistics().family_days_in_arrears);
    BOOST_TEST(with.peak(&model::MonthFigures::money_owed) < without.peak(&model::MonthFigures::money_owed));
}

// A contact is made on the first business day on or after its due day, that day included
// (scenario-format.md, outbound contact): due `after_days` after the hold that planned it, not
// before `from`. Recounted from every family's dated steps: each contact follows one of the
// family's holds by exactly that rule, and some are made on the very day due.
BOOST_AUTO_TEST_CASE(a_contact_is_made_on_its_day) {
    constexpr std::int32_t after_days = 5;
    const Date from = Date::parse("2019-06-03").value();  // a Monday
    json staffed = ample_staff();
    staffed["outbound_contact"] = {{"from", from.to_string()}, {"after_days", after_days}};
    const Run run = incident(staffed, {}, true);
    BOOST_TEST_REQUIRE(run.outcome->dossiers.size() == std::size_t{families});
    std::uint64_t contacts = 0;
    std::uint64_t on_the_day = 0;
    for (const auto& [family, dossier] : run.outcome->dossiers) {
        std::vector<Date> holds;
        for (const model::FileEvent& event : dossier.events) {
            if (event.kind == "payment_held") holds.push_back(event.date);
            if (event.kind != "contacted") continue;
            ++contacts;
            bool planned = false;
            for (const Date hold : holds) {
                const Date due = std::max(hold.plus_days(after_days), from);
                if (next_business_day_on_or_after(due) == event.date) {
                    planned = true;
                    on_the_day += due == event.date ? 1 : 0;
                    break;
                }
            }
            BOOST_TEST(planned, "family " << family << ": a contact on " << event.date.to_string()
                                          << " that no hold made due then");
        }
    }
    BOOST_TEST(run.total(&model::MonthFigures::contacts) == contacts);
    BOOST_TEST(contacts > 5u);
    BOOST_TEST(on_the_day > 0u);
}

// A call centre with a daily capacity: calls beyond it are lost, families try again and some
// give up; a larger line loses fewer; every attempt costs the family the price of a call.
BOOST_AUTO_TEST_CASE(call_centre_capacity_loses_calls) {
    const Run small = incident({{"call_centre", {{"calls_per_day", 300}, {"cost_per_call", "0.50"}}}});
    const Run large = incident({{"call_centre", {{"calls_per_day", 3000}, {"cost_per_call", "0.50"}}}});
    const Run unlimited = incident({{"call_centre", nullptr}});
    BOOST_TEST(unlimited.total(&model::MonthFigures::calls_lost) == 0u);
    BOOST_TEST(unlimited.total(&model::MonthFigures::callers_gave_up) == 0u);
    BOOST_TEST(small.total(&model::MonthFigures::calls_lost) > 100u);
    BOOST_TEST(small.total(&model::MonthFigures::callers_gave_up) > 10u);
    BOOST_TEST(large.total(&model::MonthFigures::calls_lost) < small.total(&model::MonthFigures::calls_lost));
    BOOST_TEST(small.total(&model::MonthFigures::callers_gave_up) <= small.total(&model::MonthFigures::calls_lost));
    // Every attempt, answered or lost, costs 0.50 €.
    const std::int64_t attempts = small.total(&model::MonthFigures::calls) + small.total(&model::MonthFigures::calls_lost);
    BOOST_TEST(small.total(&model::MonthFigures::call_costs) == Cents{attempts * 50});
    // 300 calls a day nationally is 300 x 3000 / 860 000 = 1.05 calls a simulated business day:
    // no month answers more than its business days x 1.05, rounded up.
    for (const auto& m : small.months()) BOOST_TEST(m.calls <= 25u);
}

// Promised answers: kept when the agent's answer comes by the promised day; more staff keeps
// more of them, and a longer deadline too.
BOOST_AUTO_TEST_CASE(answer_deadlines_are_kept_with_staff) {
    const Run promised = incident({{"answer_deadline_days", 30}});
    json staffed = ample_staff();
    staffed["answer_deadline_days"] = 30;
    const Run more = incident(staffed);
    const Run longer = incident({{"answer_deadline_days", 120}});
    BOOST_TEST(incident({{"answer_deadline_days", 0}}).total(&model::MonthFigures::promises_made) == 0u);
    const auto share = [](const Run& r) {
        const double kept = r.total(&model::MonthFigures::promises_kept);
        return kept / (kept + r.total(&model::MonthFigures::promises_broken));
    };
    BOOST_TEST_REQUIRE(promised.total(&model::MonthFigures::promises_made) > 50u);
    // Every promise is settled once at most; one per file opened at most, plus one per call
    // on a file whose promise was settled.
    BOOST_TEST(promised.total(&model::MonthFigures::promises_kept) + promised.total(&model::MonthFigures::promises_broken) <=
               promised.total(&model::MonthFigures::promises_made));
    BOOST_TEST(share(more) > share(promised));
    BOOST_TEST(share(longer) > share(promised));
}

// A promise is kept when the answer comes by its day, that day included (scenario-format.md,
// promised answers): recounted from every family's dated steps. A promise is made at a call
// that gets through or at a file's opening, when none is pending, due `answer_deadline_days`
// later; the agent's fix answers it. Answers on the very day due are among those kept.
BOOST_AUTO_TEST_CASE(a_promise_answered_on_its_day_is_kept) {
    constexpr std::int32_t deadline = 30;
    const Run run = incident({{"answer_deadline_days", deadline}}, {}, true);
    BOOST_TEST_REQUIRE(run.outcome->result.families.size() == std::size_t{families});
    BOOST_TEST_REQUIRE(run.outcome->dossiers.size() == std::size_t{families});
    std::uint64_t made = 0;
    std::uint64_t kept = 0;
    std::uint64_t kept_on_the_day = 0;
    for (const auto& [family, dossier] : run.outcome->dossiers) {
        std::optional<Date> due;  // the pending promise's day
        for (const model::FileEvent& event : dossier.events) {
            if ((event.kind == "call" || event.kind == "file_opened") && !due) {
                due = event.date.plus_days(deadline);
                ++made;
            } else if (event.kind == "file_fixed") {
                if (due && event.date <= *due) {
                    ++kept;
                    kept_on_the_day += event.date == *due ? 1 : 0;
                }
                due.reset();
            }
        }
    }
    BOOST_TEST(run.total(&model::MonthFigures::promises_made) == made);
    BOOST_TEST(run.total(&model::MonthFigures::promises_kept) == kept);
    BOOST_TEST(kept_on_the_day > 0u);
}

// Strike days: the agents' capacity is cut by the share on those days only; fewer files are
// worked and more money is owed.
BOOST_AUTO_TEST_CASE(capacity_cuts_slow_the_agents) {
    const Run strike = incident({{"capacity_cuts", json::array({{{"from", "2019-07-01"}, {"to", "2019-10-31"}, {"share", "0.5"}}})}});
    std::uint32_t lost_outside = 0;
    std::uint32_t lost_inside = 0;
    for (const auto& m : strike.months()) {
        const bool inside = m.month >= YearMonth::from_civil(2019, 7) && m.month <= YearMonth::from_civil(2019, 10);
        (inside ? lost_inside : lost_outside) += m.files_lost_to_cuts;
    }
    BOOST_TEST(lost_inside > 0u);
    BOOST_TEST(lost_outside == 0u);
    BOOST_TEST(strike.peak(&model::MonthFigures::money_owed) > today().peak(&model::MonthFigures::money_owed));
    BOOST_TEST(strike.statistics().family_days_in_arrears > today().statistics().family_days_in_arrears);
}

// Agents who must ask the CAF for its data fix files later: families wait longer.
BOOST_AUTO_TEST_CASE(asking_the_caf_delays_fixes) {
    const Run asking = incident({{"caf_answer_delay_days", {{"min", 5}, {"max", 30}}}});
    BOOST_TEST(asking.statistics().family_days_in_arrears > today().statistics().family_days_in_arrears);
    BOOST_TEST(asking.peak(&model::MonthFigures::files_open) >= today().peak(&model::MonthFigures::files_open));
}

// Each CAF's own advance policy: CAFs 0 to 50 pay none, the others on request; an automatic
// CAF pays without being asked, and recovering only after payment recovers nothing early.
BOOST_AUTO_TEST_CASE(advance_policies_by_caf) {
    json none_list = json::array();
    for (int caf = 0; caf <= 50; ++caf) none_list.push_back(caf);
    const Run split = incident({{"advance_policies", json::array({{{"cafs", none_list}, {"rule", "none"}}})}});
    BOOST_TEST_REQUIRE(!split.advances.empty());
    const model::World& world = split.outcome->world;
    for (const model::Transfer& advance : split.advances) {
        BOOST_TEST(world.families[advance.family.index()].caf.value() > 50u);
    }
    BOOST_TEST(split.advances.size() < today().advances.size());

    const Run none = incident({{"advances", false}});
    BOOST_TEST(none.advances.empty());
    const Run automatic = incident({{"advance_rule", "automatic"}});
    BOOST_TEST(automatic.advances.size() > today().advances.size());
    const Run patient = incident({{"recover_advance_only_after_payment", true}});
    BOOST_TEST(today().total(&model::MonthFigures::advances_recovered_before_payment) > 0u);
    BOOST_TEST(patient.total(&model::MonthFigures::advances_recovered_before_payment) == 0u);
    // Asked by half the families above the threshold: fewer advances.
    const Run half = incident({{"advance_request_share", "0.5"}});
    BOOST_TEST(half.advances.size() < today().advances.size());
    BOOST_TEST(half.advances.size() > 0u);
}

// On request, a calling family owed at least the threshold gets an advance of what it says it
// is owed, one at a time (scenario-format.md, advance_rule): recounted from every family's
// dated steps, with the threshold set to an amount a family says it is owed at a call, so that
// the rule is judged at its edge (a family owed exactly the threshold gets its advance).
BOOST_AUTO_TEST_CASE(a_family_owed_exactly_the_threshold_gets_its_advance) {
    // The advances of each call (the calls' amounts, what the family says it is owed): a call
    // owed at least `threshold`, made with no advance outstanding (promised and not yet taken
    // back), is followed by an advance of its amount; no other call is.
    const auto expect_advances_as_the_rule_says = [](const Run& run, Cents threshold) {
        // The run's last day with a step: an advance promised less than its payment delay
        // before it is not paid within the run.
        const std::int32_t delay = run.outcome->scenario.processes.advance.payment_delay_days;
        Date last = Date::parse("1970-01-01").value();
        for (const auto& [family, dossier] : run.outcome->dossiers) {
            for (const model::FileEvent& event : dossier.events) last = std::max(last, event.date);
        }
        std::uint64_t at_the_edge = 0;
        for (const auto& [family, dossier] : run.outcome->dossiers) {
            bool outstanding = false;
            std::vector<std::pair<Date, Cents>> expected;  // the calls that ask, and their amounts
            std::vector<Cents> paid;
            for (const model::FileEvent& event : dossier.events) {
                if (event.kind == "call" && !outstanding && event.amount >= threshold) {
                    expected.emplace_back(event.date, event.amount);
                    outstanding = true;
                    at_the_edge += event.amount == threshold ? 1 : 0;
                } else if (event.kind == "advance_paid") {
                    paid.push_back(event.amount);
                } else if (event.kind == "advance_recovered") {
                    outstanding = false;
                }
            }
            BOOST_TEST(paid.size() <= expected.size(), "family " << family << ": an advance no call asked for");
            for (std::size_t k = 0; k < expected.size(); ++k) {
                if (k < paid.size()) {
                    BOOST_TEST(paid[k] == expected[k].second, "family " << family << ": advance " << k);
                } else {
                    BOOST_TEST(expected[k].first.plus_days(delay) > last,
                               "family " << family << ": no advance after its call of " << expected[k].first.to_string()
                                         << ", owed " << expected[k].second.to_string());
                }
            }
        }
        return at_the_edge;
    };
    const Cents usual = Cents::parse("300.00").value();
    const Run first = incident(json::object(), {}, true);
    BOOST_TEST_REQUIRE(first.outcome->dossiers.size() == std::size_t{families});
    expect_advances_as_the_rule_says(first, usual);
    BOOST_TEST_REQUIRE(!first.advances.empty());
    // The smallest advance above the usual threshold becomes the threshold.
    std::optional<Cents> edge;
    for (const model::Transfer& advance : first.advances) {
        if (advance.amount > usual && (!edge || advance.amount < *edge)) edge = advance.amount;
    }
    BOOST_TEST_REQUIRE(edge.has_value());
    const Run at_edge = incident({{"advance_threshold", edge->to_string()}}, {}, true);
    BOOST_TEST(expect_advances_as_the_rule_says(at_edge, *edge) > 0u);  // the family at the edge
}

// The register's episodes (report-format.md, the register): an episode closed on day E lasted
// E - start days, one still open at the end the run's last day + 1 - start; its calls, files
// opened, fixes and advances are those of its first to its last day, both included. Recounted
// from every family's dated steps, the days on the edges among them.
BOOST_AUTO_TEST_CASE(episodes_count_their_days_and_steps) {
    const Run run = incident(ample_staff(), {}, true);
    BOOST_TEST_REQUIRE(run.outcome->dossiers.size() == std::size_t{families});
    // The run's last day: the last of the register's days (the run goes on past the horizon,
    // the last day of the third month after the last care month, while events remain).
    BOOST_TEST_REQUIRE(!run.outcome->affected.days.empty());
    const Date last_day = run.outcome->affected.days.back().day;
    BOOST_TEST(last_day >= run.outcome->scenario.last_month.plus_months(4).first_day().plus_days(-1));
    std::uint64_t open = 0;
    std::uint64_t steps_on_the_last_day = 0;
    for (const harness::Episode& episode : run.outcome->affected.episodes) {
        const Date last = episode.end.value_or(last_day);
        BOOST_TEST(episode.days == (episode.end ? episode.start.days_until(*episode.end)
                                                : episode.start.days_until(last_day) + 1),
                   "family " << episode.family.value() << " from " << episode.start.to_string() << " to "
                             << (episode.end ? episode.end->to_string() : "the end") << ": " << episode.days << " days");
        open += episode.end ? 0 : 1;
        std::uint32_t calls = 0, files = 0, fixes = 0, advances = 0;
        Cents advanced;
        for (const model::FileEvent& event : run.outcome->dossiers.at(episode.family.value()).events) {
            if (event.date < episode.start || event.date > last) continue;
            const bool counted = event.kind == "call" || event.kind == "file_opened" || event.kind == "file_fixed" ||
                                 event.kind == "advance_paid";
            if (!counted) continue;
            steps_on_the_last_day += event.date == last ? 1 : 0;
            calls += event.kind == "call" ? 1 : 0;
            files += event.kind == "file_opened" ? 1 : 0;
            fixes += event.kind == "file_fixed" ? 1 : 0;
            if (event.kind == "advance_paid") {
                ++advances;
                advanced += event.amount;
            }
        }
        BOOST_TEST(episode.calls == calls, "family " << episode.family.value());
        BOOST_TEST(episode.files_opened == files, "family " << episode.family.value());
        BOOST_TEST(episode.fixes == fixes, "family " << episode.family.value());
        BOOST_TEST(episode.advances_paid == advances, "family " << episode.family.value());
        BOOST_TEST(episode.advances_amount == advanced, "family " << episode.family.value());
    }
    BOOST_TEST(open > 0u);                   // the run's last day counts
    BOOST_TEST(steps_on_the_last_day > 0u);  // so do an episode's own last day's steps
}

// The old workflow's debits (scenario-format.md, debit_representation_days): a debit of the
// CAF's own months that the family's bank rejects is presented again on the first business
// day on or after the day the CAF reads the bank's return (the day after the rejection, as
// the centre does) plus debit_representation_days. Families of home carers with no money to
// spare have the CAF's debits rejected; recounted from every family's dated steps, each later
// attempt at a CAF month's debit after a rejection is on that day.
BOOST_AUTO_TEST_CASE(the_caf_presents_a_rejected_debit_again_on_its_day) {
    const Run run = incident(json::object(), [](model::Scenario& s) {
        s.population.home_carer_share = Ratio::one();
        s.population.starting_balance = {Cents{0}, Cents{0}};
        s.population.income_margin_percent = {0, 0};
    }, true);
    const std::int32_t delay = run.outcome->scenario.workflow.debit_representation_days;
    const YearMonth cutover_month = run.outcome->scenario.workflow.cutover.year_month();
    std::uint64_t checked = 0;
    std::uint64_t over_a_weekend = 0;
    for (const auto& [family, dossier] : run.outcome->dossiers) {
        std::map<YearMonth, Date> rejected;  // a CAF month's last rejection not yet followed
        for (const model::FileEvent& event : dossier.events) {
            if (event.month >= cutover_month) continue;  // the CAF's own months only
            if (event.kind != "debit_rejected" && event.kind != "contributions_debited") continue;
            if (const auto before = rejected.find(event.month); before != rejected.end()) {
                const Date due = next_business_day_on_or_after(before->second.plus_days(1 + delay));
                BOOST_TEST(event.date == due, "family " << family << " " << event.month.to_string() << ": rejected on "
                                                        << before->second.to_string() << ", again on "
                                                        << event.date.to_string() << ", due " << due.to_string());
                ++checked;
                over_a_weekend += due != before->second.plus_days(1 + delay) ? 1 : 0;
                rejected.erase(before);
            }
            if (event.kind == "debit_rejected") rejected[event.month] = event.date;
        }
    }
    BOOST_TEST(checked > 10u);
    BOOST_TEST(over_a_weekend > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
