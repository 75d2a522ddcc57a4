#include "reports/run_report.hpp"

#include <algorithm>
#include <array>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/kernel/int128.hpp"

namespace pajesim::reports {
namespace {

using nlohmann::ordered_json;

std::string money(Cents amount) { return amount.to_string(); }

bool result_complete(const harness::RunOutcome& run) { return run.result.complete; }

struct PopulationCounts {
    std::uint32_t assmat_families = 0;
    std::uint32_t home_carer_families = 0;
    std::uint32_t single_parents_at_start = 0;
    std::uint32_t births = 0;
    std::uint32_t separations = 0;
    std::uint32_t moves = 0;
    std::uint32_t contracts = 0;
    std::uint32_t pajemploi_plus_contracts = 0;
    std::uint32_t assmat = 0;
    std::uint32_t home_carers = 0;
    std::array<std::uint32_t, 7> children{};  // families by number of children at start
};

PopulationCounts count_population(const model::World& world) {
    PopulationCounts counts;
    for (const model::Family& family : world.families) {
        if (family.mode == law::CareMode::assmat) {
            ++counts.assmat_families;
        } else {
            ++counts.home_carer_families;
        }
        counts.single_parents_at_start += family.single_parent_at_start ? 1 : 0;
        ++counts.children[std::min<std::size_t>(family.children_at_start, 6)];
        for (std::uint8_t k = 0; k < family.change_count; ++k) {
            switch (family.changes[k].kind) {
                case model::ChangeKind::birth: ++counts.births; break;
                case model::ChangeKind::separation: ++counts.separations; break;
                case model::ChangeKind::move: ++counts.moves; break;
            }
        }
    }
    for (const model::Contract& contract : world.contracts) {
        ++counts.contracts;
        counts.pajemploi_plus_contracts += contract.pajemploi_plus ? 1 : 0;
    }
    for (const model::Carer& carer : world.carers) {
        if (carer.kind == model::CarerKind::assmat) {
            ++counts.assmat;
        } else {
            ++counts.home_carers;
        }
    }
    return counts;
}

// Families with at least one declared month whose CMG paid differs from the oracle's.
std::vector<std::uint32_t> wrong_families_by_month(const model::RunResult& result) {
    std::vector<std::uint32_t> wrong(static_cast<std::size_t>(result.month_count), 0);
    const std::size_t months = static_cast<std::size_t>(result.month_count);
    for (std::size_t m = 0; m < months; ++m) {
        for (std::size_t f = 0; f < result.families.size(); ++f) {
            const std::size_t at = m * result.families.size() + f;
            if (result.owed_cents[at] != result.paid_cents[at]) ++wrong[m];
        }
    }
    return wrong;
}

ordered_json violation_json(const invariants::Violation& v) {
    return {{"invariant", v.invariant}, {"family", v.family.value()}, {"month", v.month.to_string()},
            {"expected", money(v.expected)}, {"actual", money(v.actual)},
            {"first_seen", v.first_seen.to_string()}, {"harm", money(v.harm)}, {"reason", v.reason}};
}

ordered_json dossier_json(const harness::Dossier& dossier) {
    ordered_json events = ordered_json::array();
    for (const model::FileEvent& e : dossier.events) {
        events.push_back({{"date", e.date.to_string()}, {"step", e.kind}, {"month", e.month.to_string()},
                          {"amount", money(e.amount)}, {"detail", e.detail}});
    }
    ordered_json months = ordered_json::array();
    for (const harness::Dossier::Month& m : dossier.months) {
        months.push_back({{"month", m.month.to_string()}, {"cmg_owed", money(m.owed)},
                          {"cmg_paid", money(m.paid)}, {"debit_due", money(m.debit_due)},
                          {"debited", money(m.debited)}});
    }
    return {{"family", dossier.family.value()}, {"events", events}, {"months", months}};
}

}  // namespace

std::string report_json(const harness::RunOutcome& run) {
    const model::RunResult& result = run.result;
    const model::Scenario& scenario = run.scenario;
    const PopulationCounts counts = count_population(run.world);
    ordered_json report;
    report["format"] = "pajesim-report-1";
    report["pajesim_version"] = PAJESIM_VERSION;
    report["scenario"] = {{"name", scenario.name}, {"description", scenario.description}};
    report["seed"] = scenario.seed;
    report["parameters_version"] = run.parameters->version();
    report["period"] = {{"from", scenario.first_month.to_string()},
                        {"to", scenario.last_month.to_string()}};
    report["cutover"] = scenario.workflow.cutover.to_string();
    // Whether the run went to its end; a run against a system under test that broke the
    // protocol stops early, and its figures are those of the days before.
    report["complete"] = result_complete(run);
    if (!run.result.complete) {
        report["stopped"] = {{"day", run.result.stopped_on.to_string()},
                             {"line", run.result.stop_line},
                             {"reason", run.result.stop_reason}};
    }
    report["centre"] = run.centre.external
                           ? ordered_json{{"kind", "system under test"}, {"name", run.centre.name},
                                          {"messages", run.centre.messages}}
                           : ordered_json{{"kind", "built-in"}};
    report["population"] = {
        {"families", run.world.families.size()},
        {"assmat_families", counts.assmat_families},
        {"home_carer_families", counts.home_carer_families},
        {"single_parent_families_at_start", counts.single_parents_at_start},
        {"families_by_children_at_start",
         ordered_json{{"1", counts.children[1]}, {"2", counts.children[2]},
                      {"3", counts.children[3]}, {"4", counts.children[4]}}},
        {"births", counts.births},
        {"separations", counts.separations},
        {"moves", counts.moves},
        {"contracts", counts.contracts},
        {"pajemploi_plus_contracts", counts.pajemploi_plus_contracts},
        {"assmat", counts.assmat},
        {"home_carers", counts.home_carers},
    };
    const std::vector<std::uint32_t> wrong = wrong_families_by_month(result);
    ordered_json months = ordered_json::array();
    model::MonthFigures total;
    for (std::size_t m = 0; m < result.months.size(); ++m) {
        const model::MonthFigures& f = result.months[m];
        months.push_back({{"month", f.month.to_string()},
                          {"families", f.families},
                          {"declarations", f.declarations},
                          {"cmg_owed", money(f.cmg_owed)},
                          {"cmg_paid", money(f.cmg_paid)},
                          {"families_paid_wrongly", wrong[m]},
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
                          {"advances_recovered_before_payment", f.advances_recovered_before_payment}});
        total.declarations += f.declarations;
        total.cmg_owed += f.cmg_owed;
        total.cmg_paid += f.cmg_paid;
        total.contributions_debited += f.contributions_debited;
        total.contributions_covered += f.contributions_covered;
        total.carers_due += f.carers_due;
        total.carers_paid += f.carers_paid;
        total.overdrafts += f.overdrafts;
        total.calls += f.calls;
        total.files_opened += f.files_opened;
        total.files_fixed += f.files_fixed;
        total.fix_errors += f.fix_errors;
        total.declarations_lost += f.declarations_lost;
        total.arrears_paid += f.arrears_paid;
        total.contributions_refunded += f.contributions_refunded;
        total.advances_paid += f.advances_paid;
        total.advances_amount += f.advances_amount;
        total.advances_recovered += f.advances_recovered;
        total.advances_recovered_before_payment += f.advances_recovered_before_payment;
        if (f.money_owed > total.money_owed) total.money_owed = f.money_owed;
        total.families_in_arrears = std::max(total.families_in_arrears, f.families_in_arrears);
        total.families_in_arrears_above_threshold =
            std::max(total.families_in_arrears_above_threshold, f.families_in_arrears_above_threshold);
        total.files_open = std::max(total.files_open, f.files_open);
    }
    report["months"] = months;
    std::uint32_t families_wrong = 0;
    for (const model::FamilySummary& family : result.families) {
        families_wrong += family.first_month_wrong >= 0 ? 1 : 0;
    }
    const model::RunStatistics& s = result.statistics;
    report["totals"] = {
        {"declarations", total.declarations},
        {"cmg_owed", money(total.cmg_owed)},
        {"cmg_paid", money(total.cmg_paid)},
        {"families_paid_wrongly", families_wrong},
        {"contributions_debited", money(total.contributions_debited)},
        {"contributions_covered", money(total.contributions_covered)},
        {"carers_due", money(total.carers_due)},
        {"carers_paid", money(total.carers_paid)},
        {"overdrafts", total.overdrafts},
        {"families_affected", s.families_affected},
        {"longest_delay_days", s.longest_delay_days},
        {"family_days_in_arrears", s.family_days_in_arrears},
        {"families_in_arrears_peak", total.families_in_arrears},
        {"families_in_arrears_above_threshold_peak", total.families_in_arrears_above_threshold},
        {"arrears_threshold", money(run.scenario.processes.advance_threshold)},
        {"money_owed_peak", money(total.money_owed)},
        {"families_still_owed_at_end", s.families_still_owed},
        {"money_still_owed_at_end", money(s.money_still_owed)},
        {"files_open_peak", total.files_open},
        {"files_still_open_at_end", s.files_still_open},
        {"calls", total.calls},
        {"files_opened", total.files_opened},
        {"files_fixed", total.files_fixed},
        {"fix_errors", total.fix_errors},
        {"declarations_lost", total.declarations_lost},
        {"arrears_paid", money(total.arrears_paid)},
        {"contributions_refunded", money(total.contributions_refunded)},
        {"advances_paid", total.advances_paid},
        {"advances_amount", money(total.advances_amount)},
        {"advances_recovered", total.advances_recovered},
        {"advances_recovered_before_payment", total.advances_recovered_before_payment},
        {"payments_resent", s.payments_resent},
        {"double_debits", s.double_debits},
        {"debits_rejected", s.debits_rejected},
        {"rights_messages_sent", s.rights_messages_sent},
        {"rights_messages_delivered", s.rights_messages_delivered},
        {"events", s.events},
        {"transfers", s.transfers},
    };
    ordered_json faults = ordered_json::array();
    for (const faults::FaultSummary& fault : run.faults) {
        faults.push_back({{"kind", fault.kind},
                          {"window", {{"from", fault.window.begin().to_string()},
                                      {"to", fault.window.end().to_string()}}},
                          {"firings", fault.firings}});
    }
    report["faults"] = faults;
    // National estimates: the run's counts scaled to the national population of CMG families.
    const model::Scenario& sc = run.scenario;
    const auto national = [&](std::uint64_t count) {
        return divide_rounded(static_cast<Int128>(count) * sc.population.national_families,
                              static_cast<Int128>(run.world.families.size()), Rounding::half_up);
    };
    ordered_json by_month = ordered_json::array();
    for (const model::MonthFigures& f : result.months) {
        by_month.push_back({{"month", f.month.to_string()},
                            {"families_in_arrears", national(f.families_in_arrears)},
                            {"families_affected", national(f.families_affected)}});
    }
    report["national_estimate"] = {{"national_families", sc.population.national_families},
                                   {"families_affected", national(s.families_affected)},
                                   {"families_still_owed_at_end", national(s.families_still_owed)},
                                   {"months", by_month}};
    ordered_json verdicts = ordered_json::array();
    for (const invariants::InvariantVerdict& verdict : run.verdicts) {
        verdicts.push_back({{"invariant", verdict.name},
                            {"holds", verdict.checked && verdict.violations == 0},
                            {"checked", verdict.checked},
                            {"violations", verdict.violations}});
    }
    report["invariants"] = verdicts;
    report["violation_count"] = run.violation_count;
    ordered_json violations = ordered_json::array();
    for (std::size_t i = 0; i < run.violations.size() && i < 100; ++i) {
        violations.push_back(violation_json(run.violations[i]));
    }
    report["violations_most_harmful"] = violations;
    ordered_json dossiers = ordered_json::array();
    for (const auto& [family, dossier] : run.dossiers) dossiers.push_back(dossier_json(dossier));
    report["dossiers"] = dossiers;
    report["ledger"] = {{"net", money(result.ledger_net)},
                        {"balanced", result.ledger_net == Cents{0}}};
    return report.dump(2) + "\n";
}

std::string families_csv(const harness::RunOutcome& run) {
    const model::RunResult& result = run.result;
    std::ostringstream out;
    out << "family,caf,mode,months_declared,cmg_owed,cmg_paid,largest_arrears,"
           "first_month_wrong,last_month_wrong\n";
    const auto month_text = [&](std::int16_t index) {
        return index < 0 ? std::string()
                         : run.scenario.first_month.plus_months(index).to_string();
    };
    for (std::size_t f = 0; f < result.families.size(); ++f) {
        const model::Family& family = run.world.families[f];
        const model::FamilySummary& s = result.families[f];
        out << f << ',' << family.caf.value() << ',' << law::to_string(family.mode) << ','
            << s.months_declared << ',' << money(s.cmg_owed) << ',' << money(s.cmg_paid) << ','
            << money(s.largest_arrears) << ',' << month_text(s.first_month_wrong) << ','
            << month_text(s.last_month_wrong) << '\n';
    }
    return out.str();
}

std::string run_summary(const harness::RunOutcome& run) {
    const model::RunResult& result = run.result;
    Cents owed{0};
    Cents paid{0};
    Cents carers_due{0};
    Cents carers_paid{0};
    std::uint64_t declarations = 0;
    for (const model::MonthFigures& f : result.months) {
        owed += f.cmg_owed;
        paid += f.cmg_paid;
        carers_due += f.carers_due;
        carers_paid += f.carers_paid;
        declarations += f.declarations;
    }
    std::uint32_t families_wrong = 0;
    for (const model::FamilySummary& family : result.families) {
        families_wrong += family.first_month_wrong >= 0 ? 1 : 0;
    }
    std::ostringstream out;
    const model::Scenario& s = run.scenario;
    out << "scenario " << s.name << ", seed " << s.seed << ", " << run.world.families.size()
        << " families, parameters " << run.parameters->version() << "\n";
    out << "  period " << s.first_month << " to " << s.last_month << ", cutover "
        << s.workflow.cutover << "\n";
    if (run.centre.external) {
        out << "  centre: system under test \"" << run.centre.name << "\", " << run.centre.messages
            << " messages sent\n";
    }
    if (!result.complete) {
        out << "  INCOMPLETE: the run stopped on " << result.stopped_on << ": " << result.stop_reason << "\n";
    }
    out << "  declarations " << declarations << ", CMG owed " << owed << ", paid " << paid << "\n";
    out << "  carers due " << carers_due << ", paid " << carers_paid << "\n";
    out << "  families paid wrongly in at least one month: " << families_wrong << "\n";
    Cents peak{0};
    std::uint32_t calls = 0;
    std::uint32_t peak_files = 0;
    for (const model::MonthFigures& f : result.months) {
        peak = max(peak, f.money_owed);
        calls += f.calls;
        peak_files = std::max(peak_files, f.files_open);
    }
    const model::RunStatistics& st = result.statistics;
    out << "  families affected (owed money at a month end): " << st.families_affected
        << ", money owed at the peak " << peak << ", still owed at the end: "
        << st.families_still_owed << " families, " << st.money_still_owed << "\n";
    out << "  calls " << calls << ", files open at the peak " << peak_files << ", at the end "
        << st.files_still_open << "\n";
    for (const faults::FaultSummary& fault : run.faults) {
        out << "  fault " << fault.kind << " " << fault.window << ": " << fault.firings
            << " firings\n";
    }
    for (const invariants::InvariantVerdict& verdict : run.verdicts) {
        out << "  invariant " << verdict.name << ": "
            << (!verdict.checked ? "not reached within the run"
                                 : verdict.violations == 0 ? "holds"
                                                           : "VIOLATED (" + std::to_string(verdict.violations) + ")")
            << "\n";
    }
    out << "  ledger net " << result.ledger_net
        << (result.ledger_net == Cents{0} ? " (balanced)" : " (NOT BALANCED)") << ", "
        << result.statistics.transfers << " transfers, " << result.statistics.events
        << " events\n";
    return out.str();
}

}  // namespace pajesim::reports
