#include "reports/run_figures.hpp"

#include <algorithm>
#include <initializer_list>

#include "reports/run_report.hpp"

namespace pajesim::reports {
namespace {

using nlohmann::ordered_json;

std::string money(Cents amount) { return amount.to_string(); }

std::uint32_t families_paid_wrongly(const model::RunResult& result) {
    std::uint32_t wrong = 0;
    for (const model::FamilySummary& family : result.families) wrong += family.first_month_wrong >= 0 ? 1 : 0;
    return wrong;
}

bool is_month_end(Date day) { return day.plus_days(1).day() == 1; }

// The share of promised answers that came by their day, over the promises settled (kept or
// broken), in thousandths rounded half up; null when none was settled.
ordered_json kept_share(const model::MonthFigures& t) {
    const std::uint64_t settled = std::uint64_t{t.promises_kept} + t.promises_broken;
    if (settled == 0) return nullptr;
    return Ratio(static_cast<std::int64_t>((std::uint64_t{t.promises_kept} * 2000 + settled) / (2 * settled)), 1000)
        .to_decimal_string(3);
}

}  // namespace

ordered_json month_json(const model::MonthFigures& f) {
    // From families_overpaid on, in months.csv's order, after the columns a spreadsheet may
    // read by position.
    return {{"month", f.month.to_string()},
            {"families", f.families},
            {"declarations", f.declarations},
            {"cmg_owed", money(f.cmg_owed)},
            {"cmg_paid", money(f.cmg_paid)},
            {"families_paid_wrongly", f.families_paid_wrongly},
            {"contributions_debited", money(f.contributions_debited)},
            {"contributions_covered", money(f.contributions_covered)},
            {"carers_due", money(f.carers_due)},
            {"carers_paid", money(f.carers_paid)},
            {"overdrafts", f.overdrafts},
            {"rights_messages", f.rights_messages},
            {"families_in_arrears", f.families_in_arrears},
            {"families_in_arrears_above_threshold", f.families_in_arrears_above_threshold},
            {"money_owed", money(f.money_owed)},
            {"families_affected", f.families_affected},
            {"files_open", f.files_open},
            {"agents", f.agents},
            {"calls", f.calls},
            {"files_opened", f.files_opened},
            {"files_fixed", f.files_fixed},
            {"fix_errors", f.fix_errors},
            {"declarations_lost", f.declarations_lost},
            {"arrears_paid", money(f.arrears_paid)},
            {"contributions_refunded", money(f.contributions_refunded)},
            {"advances_paid", f.advances_paid},
            {"advances_amount", money(f.advances_amount)},
            {"advances_recovered", f.advances_recovered},
            {"advances_recovered_before_payment", f.advances_recovered_before_payment},
            {"families_overpaid", f.families_overpaid},
            {"money_overpaid", money(f.money_overpaid)},
            {"families_wrong", f.families_wrong},
            {"carers_unpaid", f.carers_unpaid},
            {"carers_money_unpaid", money(f.carers_money_unpaid)},
            {"families_in_debt_to_centre", f.families_in_debt_to_centre},
            {"debt_to_centre", money(f.debt_to_centre)},
            {"overpayments_notified", f.overpayments_notified},
            {"overpayments_notified_amount", money(f.overpayments_notified_amount)},
            {"overpayments_recovered", money(f.overpayments_recovered)},
            {"overpayments_written_off", money(f.overpayments_written_off)},
            {"carer_payments_withheld", f.carer_payments_withheld},
            {"debits_escalated", f.debits_escalated},
            {"families_in_hardship", f.families_in_hardship},
            {"calls_lost", f.calls_lost},
            {"callers_gave_up", f.callers_gave_up},
            {"call_costs", money(f.call_costs)},
            {"contacts", f.contacts},
            {"files_lost_to_cuts", f.files_lost_to_cuts},
            {"promises_made", f.promises_made},
            {"promises_kept", f.promises_kept},
            {"promises_broken", f.promises_broken},
            {"overdraft_fees", money(f.overdraft_fees)}};
}

// Sums of the flows and peaks of the month-end stocks: a stock summed over months would count
// the same family or euro once per month it stayed.
model::MonthFigures sum_and_peaks(const std::vector<model::MonthFigures>& months) {
    model::MonthFigures t;
    for (const model::MonthFigures& f : months) {
        t.declarations += f.declarations;
        t.cmg_owed += f.cmg_owed;
        t.cmg_paid += f.cmg_paid;
        t.contributions_debited += f.contributions_debited;
        t.contributions_covered += f.contributions_covered;
        t.carers_due += f.carers_due;
        t.carers_paid += f.carers_paid;
        t.overdrafts += f.overdrafts;
        t.calls += f.calls;
        t.files_opened += f.files_opened;
        t.files_fixed += f.files_fixed;
        t.fix_errors += f.fix_errors;
        t.declarations_lost += f.declarations_lost;
        t.arrears_paid += f.arrears_paid;
        t.contributions_refunded += f.contributions_refunded;
        t.advances_paid += f.advances_paid;
        t.advances_amount += f.advances_amount;
        t.advances_recovered += f.advances_recovered;
        t.advances_recovered_before_payment += f.advances_recovered_before_payment;
        t.overpayments_notified += f.overpayments_notified;
        t.overpayments_notified_amount += f.overpayments_notified_amount;
        t.overpayments_recovered += f.overpayments_recovered;
        t.overpayments_written_off += f.overpayments_written_off;
        t.carer_payments_withheld += f.carer_payments_withheld;
        t.debits_escalated += f.debits_escalated;
        t.calls_lost += f.calls_lost;
        t.callers_gave_up += f.callers_gave_up;
        t.call_costs += f.call_costs;
        t.contacts += f.contacts;
        t.files_lost_to_cuts += f.files_lost_to_cuts;
        t.promises_made += f.promises_made;
        t.promises_kept += f.promises_kept;
        t.promises_broken += f.promises_broken;
        t.overdraft_fees += f.overdraft_fees;
        t.families_in_hardship = std::max(t.families_in_hardship, f.families_in_hardship);
        t.money_owed = max(t.money_owed, f.money_owed);
        t.money_overpaid = max(t.money_overpaid, f.money_overpaid);
        t.carers_money_unpaid = max(t.carers_money_unpaid, f.carers_money_unpaid);
        t.debt_to_centre = max(t.debt_to_centre, f.debt_to_centre);
        t.families_in_arrears = std::max(t.families_in_arrears, f.families_in_arrears);
        t.families_in_arrears_above_threshold =
            std::max(t.families_in_arrears_above_threshold, f.families_in_arrears_above_threshold);
        t.families_overpaid = std::max(t.families_overpaid, f.families_overpaid);
        t.families_wrong = std::max(t.families_wrong, f.families_wrong);
        t.carers_unpaid = std::max(t.carers_unpaid, f.carers_unpaid);
        t.families_in_debt_to_centre = std::max(t.families_in_debt_to_centre, f.families_in_debt_to_centre);
        t.files_open = std::max(t.files_open, f.files_open);
    }
    return t;
}

ordered_json totals_json(const harness::RunOutcome& run, const model::MonthFigures& t) {
    const model::RunStatistics& s = run.result.statistics;
    return {
        {"declarations", t.declarations},
        {"cmg_owed", money(t.cmg_owed)},
        {"cmg_paid", money(t.cmg_paid)},
        {"families_paid_wrongly", families_paid_wrongly(run.result)},
        {"contributions_debited", money(t.contributions_debited)},
        {"contributions_covered", money(t.contributions_covered)},
        {"carers_due", money(t.carers_due)},
        {"carers_paid", money(t.carers_paid)},
        {"overdrafts", t.overdrafts},
        {"families_affected", s.families_affected},
        {"longest_delay_days", s.longest_delay_days},
        {"family_days_in_arrears", s.family_days_in_arrears},
        {"families_in_arrears_peak", t.families_in_arrears},
        {"families_in_arrears_above_threshold_peak", t.families_in_arrears_above_threshold},
        {"arrears_threshold", money(run.scenario.processes.advance_threshold())},
        {"money_owed_peak", money(t.money_owed)},
        {"families_still_owed_at_end", s.families_still_owed},
        {"money_still_owed_at_end", money(s.money_still_owed)},
        {"files_open_peak", t.files_open},
        {"files_still_open_at_end", s.files_still_open},
        {"calls", t.calls},
        {"files_opened", t.files_opened},
        {"files_fixed", t.files_fixed},
        {"fix_errors", t.fix_errors},
        {"declarations_lost", t.declarations_lost},
        {"arrears_paid", money(t.arrears_paid)},
        {"contributions_refunded", money(t.contributions_refunded)},
        {"advances_paid", t.advances_paid},
        {"advances_amount", money(t.advances_amount)},
        {"advances_recovered", t.advances_recovered},
        {"advances_recovered_before_payment", t.advances_recovered_before_payment},
        {"payments_resent", s.payments_resent},
        {"double_debits", s.double_debits},
        {"debits_rejected", s.debits_rejected},
        {"rights_messages_sent", s.rights_messages_sent},
        {"rights_messages_delivered", s.rights_messages_delivered},
        {"events", s.events},
        {"transfers", s.transfers},
        {"families_overpaid_peak", t.families_overpaid},
        {"money_overpaid_peak", money(t.money_overpaid)},
        {"families_ever_overpaid", s.families_ever_overpaid},
        {"families_still_overpaid_at_end", s.families_still_overpaid},
        {"money_still_overpaid_at_end", money(s.money_still_overpaid)},
        {"families_wrong_peak", t.families_wrong},
        {"carers_unpaid_peak", t.carers_unpaid},
        {"carers_money_unpaid_peak", money(t.carers_money_unpaid)},
        {"families_carers_still_unpaid_at_end", s.families_carers_still_unpaid},
        {"carers_money_still_unpaid_at_end", money(s.carers_money_still_unpaid)},
        {"families_in_debt_to_centre_peak", t.families_in_debt_to_centre},
        {"debt_to_centre_peak", money(t.debt_to_centre)},
        {"overpayments_notified", t.overpayments_notified},
        {"overpayments_notified_amount", money(t.overpayments_notified_amount)},
        {"overpayments_recovered", money(t.overpayments_recovered)},
        {"overpayments_written_off", money(t.overpayments_written_off)},
        {"carer_payments_withheld", t.carer_payments_withheld},
        {"families_in_hardship_peak", t.families_in_hardship},
        {"hardship_income_share", run.scenario.processes.hardship_income_share.to_decimal_string()},
        {"calls_lost", t.calls_lost},
        {"callers_gave_up", t.callers_gave_up},
        {"call_costs", money(t.call_costs)},
        {"contacts", t.contacts},
        {"files_lost_to_cuts", t.files_lost_to_cuts},
        {"promises_made", t.promises_made},
        {"promises_kept", t.promises_kept},
        {"promises_broken", t.promises_broken},
        {"promises_kept_share", kept_share(t)},
        {"overdraft_fees", money(t.overdraft_fees)},
        {"debits_escalated", t.debits_escalated},
    };
}

std::uint32_t families_registered(const harness::Register& affected) {
    std::uint32_t families = 0;
    for (std::size_t i = 0; i < affected.episodes.size(); ++i) {
        if (i == 0 || affected.episodes[i].family != affected.episodes[i - 1].family) ++families;
    }
    return families;
}

ordered_json register_json(const harness::RunOutcome& run) {
    const harness::Register& affected = run.affected;
    std::uint32_t open = 0;
    for (const harness::Episode& episode : affected.episodes) open += episode.end ? 0 : 1;
    std::uint32_t carers_open = 0;
    for (const harness::CarerEpisode& episode : affected.carer_episodes) carers_open += episode.end ? 0 : 1;
    ordered_json month_ends = ordered_json::array();
    ordered_json days = ordered_json::array();
    for (const harness::RegisterDay& d : affected.days) {
        ordered_json day{{"day", d.day.to_string()}, {"families_owed", d.families_owed},
                         {"families_overpaid", d.families_overpaid}, {"families_wrong", d.families_wrong},
                         {"money_owed", money(d.money_owed)}, {"money_overpaid", money(d.money_overpaid)},
                         {"carers_unpaid", d.carers_unpaid},
                         {"carers_money_unpaid", money(d.carers_money_unpaid)}};
        if (is_month_end(d.day)) month_ends.push_back(day);
        days.push_back(std::move(day));
    }
    return {{"episodes", affected.episodes.size()},
            {"open_episodes", open},
            {"families", families_registered(affected)},
            {"carer_episodes", affected.carer_episodes.size()},
            {"open_carer_episodes", carers_open},
            {"month_ends", month_ends},
            {"days", days}};
}

// Every count of families (or of families' carers) in the totals, the months and the
// register, scaled to the country; amounts and counts of other things are not scaled.
ordered_json national_json(const harness::RunOutcome& run, const ordered_json& totals,
                           const ordered_json& months, const ordered_json& register_figures) {
    const auto scale = [&](const ordered_json& source, std::initializer_list<const char*> keys,
                           ordered_json& target) {
        for (const char* key : keys) target[key] = national_estimate(run, source.at(key).get<std::uint64_t>());
    };
    ordered_json national;
    national["national_families"] = run.scenario.population.national_families;
    national["simulated_families"] = run.world.families.size();
    national["method"] = "count x national_families / simulated_families, rounded half up";
    scale(totals,
          {"families_affected", "families_still_owed_at_end", "families_paid_wrongly",
           "families_in_arrears_peak", "families_in_arrears_above_threshold_peak", "families_overpaid_peak",
           "families_ever_overpaid", "families_still_overpaid_at_end", "families_wrong_peak",
           "carers_unpaid_peak", "families_carers_still_unpaid_at_end", "families_in_debt_to_centre_peak"},
          national);
    ordered_json by_month = ordered_json::array();
    for (const ordered_json& month : months) {
        ordered_json estimate{{"month", month.at("month")}};
        scale(month,
              {"families_in_arrears", "families_affected", "families", "families_paid_wrongly",
               "families_in_arrears_above_threshold", "families_overpaid", "families_wrong", "carers_unpaid",
               "families_in_debt_to_centre"},
              estimate);
        by_month.push_back(estimate);
    }
    national["months"] = by_month;
    ordered_json month_ends = ordered_json::array();
    for (const ordered_json& day : register_figures.at("month_ends")) {
        ordered_json estimate{{"day", day.at("day")}};
        scale(day, {"families_owed", "families_overpaid", "families_wrong", "carers_unpaid"}, estimate);
        month_ends.push_back(estimate);
    }
    ordered_json register_estimate;
    scale(register_figures, {"families"}, register_estimate);
    register_estimate["month_ends"] = month_ends;
    national["register"] = register_estimate;
    return national;
}

}  // namespace pajesim::reports
