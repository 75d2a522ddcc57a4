#include "reports/html_report.hpp"

#include <algorithm>
#include <sstream>

#include "reports/junit.hpp"
#include "reports/register_report.hpp"
#include "reports/run_report.hpp"
#include "reports/svg_chart.hpp"

namespace pajesim::reports {
namespace {

std::string e(const std::string& text) { return xml_escape(text); }

std::vector<Band> fault_bands(const harness::RunOutcome& run) {
    std::vector<Band> bands;
    for (const faults::FaultSummary& fault : run.faults) bands.push_back({fault.kind + " " + fault.window.to_string(), fault.window});
    return bands;
}

template <typename Get>
std::vector<double> by_month(const harness::RunOutcome& run, Get get) {
    std::vector<double> values;
    for (const model::MonthFigures& month : run.result.months) values.push_back(get(month));
    return values;
}

}  // namespace

const char* report_css() {
    return "body{font-family:sans-serif;margin:2em auto;max-width:60em;color:#222;line-height:1.4}"
           "h1{font-size:1.6em;margin-bottom:0.2em}h2{font-size:1.25em;border-bottom:1px solid #ccc;margin-top:2em}"
           ".sub{color:#555}.figures{display:flex;flex-wrap:wrap;gap:0.8em}"
           ".figure{border:1px solid #ccc;border-radius:6px;padding:0.6em 1em;min-width:10em}"
           ".figure .value{font-size:1.5em;font-weight:bold}.figure .label{color:#555}.figure .note{font-size:0.8em;color:#777}"
           "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:0.2em 0.6em;text-align:left}"
           "td.num{text-align:right;font-variant-numeric:tabular-nums}.bad{color:#b00020;font-weight:bold}.good{color:#1b6e20}"
           "svg.chart{width:100%;height:auto;margin:0.5em 0}svg .grid{stroke:#e4e4e4}svg .axis,svg .legend,svg .value{font-size:11px;fill:#444}"
           "svg .fault{fill:#f5c2c2;opacity:0.6}svg .bar{fill:#3a6ea5}svg .interval{stroke:#111;stroke-width:2}"
           "pre,code{background:#f4f4f4;padding:0.1em 0.3em}pre{padding:0.6em;overflow-x:auto}"
           ".figure .value .unit{font-size:0.55em;font-weight:normal;color:#555}.figure .national{font-size:1.15em}"
           ".controls{margin:0.5em 0}.controls input,.controls select{font:inherit;margin-right:0.8em}"
           ".scroll{max-height:40em;overflow:auto;border:1px solid #e4e4e4}th[aria-sort]{background:#eef}"
           "tr[hidden]{display:none}"
           "@media print{body{margin:0}h2{page-break-after:avoid}.dossier{page-break-inside:avoid}"
           ".scroll{max-height:none;overflow:visible;border:0}.controls{display:none}}";
}

std::string figure_html(const std::string& label, const std::string& value, const std::string& note) {
    return "<div class=\"figure\"><div class=\"value\">" + e(value) + "</div><div class=\"label\">" + e(label) +
           "</div>" + (note.empty() ? "" : "<div class=\"note\">" + e(note) + "</div>") + "</div>";
}

std::string count_figure_html(const harness::RunOutcome& run, const std::string& label, std::uint64_t count,
                              const std::string& note) {
    return "<div class=\"figure\"><div class=\"value\">" + std::to_string(count) +
           " <span class=\"unit\">simulated</span></div><div class=\"value national\">" +
           std::to_string(national_estimate(run, count)) +
           " <span class=\"unit\">national estimate</span></div><div class=\"label\">" + e(label) + "</div>" +
           (note.empty() ? "" : "<div class=\"note\">" + e(note) + "</div>") + "</div>";
}

namespace {

std::string glance_html(const harness::RunOutcome& run) {
    const model::RunStatistics& st = run.result.statistics;
    Cents owed_peak{0};
    Cents overpaid_peak{0};
    std::uint32_t overpaid_families_peak = 0;
    std::uint32_t carers_unpaid_peak = 0;
    std::uint64_t calls = 0;
    std::uint64_t recovered_early = 0;
    for (const model::MonthFigures& m : run.result.months) {
        owed_peak = max(owed_peak, m.money_owed);
        overpaid_peak = max(overpaid_peak, m.money_overpaid);
        overpaid_families_peak = std::max(overpaid_families_peak, m.families_overpaid);
        carers_unpaid_peak = std::max(carers_unpaid_peak, m.carers_unpaid);
        calls += m.calls;
        recovered_early += m.advances_recovered_before_payment;
    }
    return "<h2>At a glance</h2><p class=\"sub\">Counts of families are shown as simulated and as national"
           " estimate (simulated count x " + std::to_string(run.scenario.population.national_families) +
           " national families / " + std::to_string(run.world.families.size()) +
           " simulated families, rounded half up).</p><div class=\"figures\">" +
           count_figure_html(run, "families affected", st.families_affected,
                             "owed money or overpaid at a month end") +
           count_figure_html(run, "families overpaid", st.families_ever_overpaid,
                             "at a month end; " + std::to_string(overpaid_families_peak) + " at the peak") +
           figure_html("money owed at the peak", owed_peak.to_string() + " €", "to families, at a month end") +
           figure_html("money overpaid at the peak", overpaid_peak.to_string() + " €",
                       "net of recoveries and write-offs, at a month end") +
           count_figure_html(run, "families still owed at the end", st.families_still_owed,
                             st.money_still_owed.to_string() + " €") +
           count_figure_html(run, "families still overpaid at the end", st.families_still_overpaid,
                             st.money_still_overpaid.to_string() + " € to recover or write off") +
           count_figure_html(run, "families with carers unpaid", carers_unpaid_peak,
                             "at the peak; still at the end: " + std::to_string(st.families_carers_still_unpaid) +
                                 " families, " + st.carers_money_still_unpaid.to_string() + " €") +
           figure_html("longest delay", std::to_string(st.longest_delay_days) + " days", "past the due date") +
           figure_html("advances recovered before payment", std::to_string(recovered_early)) +
           figure_html("calls to Pajemploi", std::to_string(calls)) + "</div>\n";
}

std::string charts_html(const harness::RunOutcome& run) {
    using M = model::MonthFigures;
    const std::vector<Band> bands = fault_bands(run);
    const YearMonth first = run.scenario.first_month;
    std::string html = "<h2>Over time</h2>";
    if (!bands.empty()) html += "<p class=\"sub\">Shaded: the fault windows.</p>";
    html += svg_line_chart({"Families owed, overpaid and wrong at each month end", "families", first,
                            {{"owed money", "#b00020",
                              by_month(run, [](const M& m) { return double(m.families_in_arrears); })},
                             {"overpaid", "#1f78b4",
                              by_month(run, [](const M& m) { return double(m.families_overpaid); })},
                             {"wrong (either)", "#6a3d9a",
                              by_month(run, [](const M& m) { return double(m.families_wrong); })},
                             {"affected so far", "#e08a00",
                              by_month(run, [](const M& m) { return double(m.families_affected); })}},
                            bands});
    html += svg_line_chart({"Money owed to families and overpaid to them at each month end", "€", first,
                            {{"owed", "#b00020", by_month(run, [](const M& m) { return chart_euros(m.money_owed); })},
                             {"overpaid", "#1f78b4",
                              by_month(run, [](const M& m) { return chart_euros(m.money_overpaid); })}},
                            bands});
    html += svg_line_chart({"Pajemploi's backlog and staff", "files / agents", first,
                            {{"files open", "#6a3d9a", by_month(run, [](const M& m) { return double(m.files_open); })},
                             {"agents (national)", "#33a02c",
                              by_month(run, [](const M& m) { return double(m.agents); })}},
                            bands});
    html += svg_line_chart({"CMG paid and owed, by care month", "€", first,
                            {{"owed (the law)", "#777777", by_month(run, [](const M& m) { return chart_euros(m.cmg_owed); })},
                             {"paid", "#3a6ea5", by_month(run, [](const M& m) { return chart_euros(m.cmg_paid); })}},
                            bands});
    return html;
}

// The families of the most harmful violations that have a file, in the violations' order, at
// most 10: the page stays small however many families are traced; dossiers.html has them all.
constexpr std::size_t violations_shown = 20;
constexpr std::size_t dossiers_shown = 10;

std::vector<std::uint32_t> families_shown(const harness::RunOutcome& run) {
    std::vector<std::uint32_t> families;
    for (std::size_t i = 0; i < run.violations.size() && i < violations_shown; ++i) {
        const std::uint32_t family = run.violations[i].family.value();
        if (families.size() == dossiers_shown) break;
        if (!run.dossiers.contains(family)) continue;
        if (std::find(families.begin(), families.end(), family) == families.end()) families.push_back(family);
    }
    return families;
}

// The files of the families above, in short.
std::string dossier_summaries_html(const harness::RunOutcome& run) {
    const std::vector<std::uint32_t> shown = families_shown(run);
    if (shown.empty()) return "";
    std::ostringstream html;
    html << "<h2>Dossiers of the most harmed families</h2>";
    for (const std::uint32_t family : shown) {
        const harness::Dossier& dossier = run.dossiers.at(family);
        html << "<div class=\"dossier\" id=\"family-" << family << "\"><h3>Family " << family
             << "</h3><p class=\"sub\"><a href=\"dossiers.html#family-" << family
             << "\">Full file: money movements, months and invariants</a></p><table><tr><th>date</th><th>step</th>"
                "<th>care month</th><th>amount</th><th>detail</th><th>fault</th></tr>";
        for (const model::FileEvent& ev : dossier.events) {
            const std::size_t index = ev.fault - 1u;
            const std::string fault = ev.fault == 0 ? std::string() : fault_kind(run, index) + " #" + std::to_string(index);
            html << "<tr><td>" << ev.date << "</td><td>" << e(std::string(ev.kind)) << "</td><td>" << ev.month
                 << "</td><td class=\"num\">" << (ev.amount == Cents{0} ? "" : ev.amount.to_string())
                 << "</td><td>" << e(ev.detail) << "</td><td>" << e(fault) << "</td></tr>";
        }
        html << "</table><table><tr><th>month</th><th>CMG owed</th><th>CMG paid</th><th>debit due</th>"
                "<th>debited</th></tr>";
        for (const harness::Dossier::Month& m : dossier.months) {
            html << "<tr><td>" << m.month << "</td><td class=\"num\">" << m.owed << "</td><td class=\"num\">"
                 << m.paid << "</td><td class=\"num\">" << m.debit_due << "</td><td class=\"num\">" << m.debited
                 << "</td></tr>";
        }
        html << "</table></div>\n";
    }
    return html.str();
}

}  // namespace

std::string report_html(const harness::RunOutcome& run, const std::string& replay_command) {
    const model::Scenario& s = run.scenario;
    std::ostringstream html;
    html << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>pajesim: " << e(s.name)
         << "</title><style>" << report_css() << "</style></head><body>\n";
    html << "<h1>" << e(s.name) << "</h1><p class=\"sub\">" << e(s.description) << "</p>\n";
    if (!run.result.complete) {
        html << "<p class=\"fail\"><strong>Incomplete run:</strong> it stopped on "
             << e(run.result.stopped_on.to_string()) << ": " << e(run.result.stop_reason)
             << ". The figures below are those of the days before.</p>\n";
    }
    if (run.centre.external) {
        html << "<p class=\"sub\">Centre: system under test &ldquo;" << e(run.centre.name) << "&rdquo;.</p>\n";
    }
    html << "<p class=\"sub\">" << run.world.families.size() << " families, " << s.first_month << " to "
         << s.last_month << ", cutover " << s.workflow.cutover << ", seed " << s.seed
         << ". <a href=\"#register\">Affected families register</a>, <a href=\"#carers\">carers unpaid</a>,"
            " <a href=\"dossiers.html\">every dossier</a>.</p>\n";
    html << glance_html(run) << charts_html(run) << register_section_html(run) << carers_section_html(run);
    html << "<h2>Invariants</h2><table><tr><th>invariant</th><th>verdict</th><th>violations</th></tr>";
    for (const invariants::InvariantVerdict& v : run.verdicts) {
        const std::string verdict = !v.checked ? "not reached" : v.violations == 0 ? "holds" : "violated";
        html << "<tr><td>" << e(std::string(v.name)) << "</td><td class=\""
             << (v.violations == 0 ? "good" : "bad") << "\">" << verdict << "</td><td class=\"num\">"
             << v.violations << "</td></tr>";
    }
    html << "</table>\n";
    if (!run.violations.empty()) {
        html << "<h2>Most harmful violations</h2><table><tr><th>harm</th><th>invariant</th><th>family</th>"
                "<th>month</th><th>expected</th><th>actual</th><th>first seen</th><th>reason</th></tr>";
        const std::vector<std::uint32_t> shown = families_shown(run);
        for (std::size_t i = 0; i < run.violations.size() && i < violations_shown; ++i) {
            const invariants::Violation& v = run.violations[i];
            const std::string family = std::to_string(v.family.value());
            const bool here = std::find(shown.begin(), shown.end(), v.family.value()) != shown.end();
            const bool traced = run.dossiers.contains(v.family.value());
            const std::string target = here ? "#family-" + family : "dossiers.html#family-" + family;
            html << "<tr><td class=\"num\">" << v.harm << "</td><td>" << e(std::string(v.invariant)) << "</td><td>"
                 << (traced ? "<a href=\"" + target + "\">" + family + "</a>" : family) << "</td><td>"
                 << v.month << "</td><td class=\"num\">" << v.expected << "</td><td class=\"num\">" << v.actual
                 << "</td><td>" << v.first_seen << "</td><td>" << e(v.reason) << "</td></tr>";
        }
        html << "</table>\n";
    }
    if (!run.faults.empty()) {
        html << "<h2>Faults</h2><table><tr><th>fault</th><th>window</th><th>firings</th></tr>";
        for (const faults::FaultSummary& f : run.faults) {
            html << "<tr><td>" << e(f.kind) << "</td><td>" << f.window << "</td><td class=\"num\">" << f.firings
                 << "</td></tr>";
        }
        html << "</table>\n";
    }
    html << dossier_summaries_html(run);
    html << "<h2>This run</h2><table>"
         << "<tr><th>scenario</th><td>" << e(s.name) << "</td></tr>"
         << "<tr><th>seed</th><td>" << s.seed << "</td></tr>"
         << "<tr><th>legal parameters</th><td>" << e(run.parameters->version()) << "</td></tr>"
         << "<tr><th>pajesim</th><td>" << PAJESIM_VERSION << "</td></tr>"
         << "<tr><th>replay</th><td><code>" << e(replay_command) << "</code></td></tr></table>\n";
    html << tables_script() << "</body></html>\n";
    return html.str();
}

std::string months_csv(const harness::RunOutcome& run) {
    std::ostringstream out;
    out << "month,families,declarations,cmg_owed,cmg_paid,contributions_debited,contributions_covered,"
           "carers_due,carers_paid,overdrafts,rights_messages,families_in_arrears,"
           "families_in_arrears_above_threshold,money_owed,families_affected,"
           "files_open,agents,calls,files_opened,files_fixed,fix_errors,declarations_lost,arrears_paid,"
           "contributions_refunded,advances_paid,advances_amount,advances_recovered,"
           "advances_recovered_before_payment,families_overpaid,money_overpaid,families_wrong,carers_unpaid,"
           "carers_money_unpaid,families_in_debt_to_centre,debt_to_centre,overpayments_notified,"
           "overpayments_notified_amount,overpayments_recovered,overpayments_written_off,"
           "carer_payments_withheld,debits_escalated,families_in_hardship,calls_lost,callers_gave_up,call_costs,"
           "contacts,files_lost_to_cuts,promises_made,promises_kept,promises_broken,overdraft_fees\n";
    for (const model::MonthFigures& m : run.result.months) {
        out << m.month << ',' << m.families << ',' << m.declarations << ',' << m.cmg_owed << ',' << m.cmg_paid
            << ',' << m.contributions_debited << ',' << m.contributions_covered << ',' << m.carers_due << ','
            << m.carers_paid << ',' << m.overdrafts << ',' << m.rights_messages << ',' << m.families_in_arrears
            << ',' << m.families_in_arrears_above_threshold << ',' << m.money_owed << ',' << m.families_affected << ','
            << m.files_open << ',' << m.agents << ','
            << m.calls << ',' << m.files_opened << ',' << m.files_fixed << ',' << m.fix_errors << ','
            << m.declarations_lost << ',' << m.arrears_paid << ',' << m.contributions_refunded << ','
            << m.advances_paid << ',' << m.advances_amount << ',' << m.advances_recovered << ','
            << m.advances_recovered_before_payment << ',' << m.families_overpaid << ',' << m.money_overpaid << ','
            << m.families_wrong << ',' << m.carers_unpaid << ',' << m.carers_money_unpaid << ','
            << m.families_in_debt_to_centre << ',' << m.debt_to_centre << ',' << m.overpayments_notified << ','
            << m.overpayments_notified_amount << ',' << m.overpayments_recovered << ','
            << m.overpayments_written_off << ',' << m.carer_payments_withheld << ',' << m.debits_escalated << ','
            << m.families_in_hardship << ',' << m.calls_lost << ',' << m.callers_gave_up << ',' << m.call_costs << ','
            << m.contacts << ',' << m.files_lost_to_cuts << ',' << m.promises_made << ',' << m.promises_kept << ','
            << m.promises_broken << ',' << m.overdraft_fees << '\n';
    }
    return out.str();
}

}  // namespace pajesim::reports
