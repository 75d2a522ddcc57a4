// report.html's sections on the register (declared in register_report.hpp): its counts and
// money day by day, every episode in a table, and the carers left unpaid. The tables read in
// full without the script; the script only sorts and filters rows that are already there.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

#include "reports/html_report.hpp"
#include "reports/junit.hpp"
#include "reports/register_report.hpp"
#include "reports/run_report.hpp"
#include "reports/svg_chart.hpp"

namespace pajesim::reports {
namespace {

std::string number(double value) { return chart_number(value); }
double nice_ceiling(double value) { return chart_ceiling(value); }

std::string axis_label(double value) {
    char buffer[32];
    if (value >= 1e4) {
        std::snprintf(buffer, sizeof buffer, "%.0fk", value / 1e3);
    } else if (value == std::floor(value)) {
        std::snprintf(buffer, sizeof buffer, "%.0f", value);
    } else {
        std::snprintf(buffer, sizeof buffer, "%.2f", value);
    }
    return buffer;
}

struct DaySeries {
    std::string name;
    std::string colour;
    std::vector<double> values;  // one per day of the register (display only)
};

// The monthly charts put one point per month; the register changes from one day to the next
// (a payment lands, a recovery is taken), so its chart has one point per day.
std::string svg_daily_chart(const harness::RunOutcome& run, const std::string& title, const std::string& unit,
                            const std::vector<DaySeries>& series) {
    constexpr double width = 720, height = 260, left = 70, right = 20, top = 30, bottom = 40;
    const std::vector<harness::RegisterDay>& days = run.affected.days;
    double maximum = 0;
    for (const DaySeries& s : series) {
        for (const double v : s.values) maximum = std::max(maximum, v);
    }
    const double y_max = nice_ceiling(maximum);
    const double plot_width = width - left - right;
    const double plot_height = height - top - bottom;
    const double last = days.size() <= 1 ? 1.0 : static_cast<double>(days.size() - 1);
    const auto x_of = [&](double index) { return left + plot_width * index / last; };
    const auto y_of = [&](double value) { return top + plot_height * (1 - value / y_max); };
    const auto index_of = [&](Date day) {
        return std::clamp(static_cast<double>(days.front().day.days_until(day)), 0.0, last);
    };
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 " + number(width) +
                      " " + number(height) + "\" role=\"img\" aria-label=\"" + xml_escape(title) + "\"><title>" + xml_escape(title) +
                      "</title>";
    for (const faults::FaultSummary& fault : run.faults) {
        if (fault.window.end() <= days.front().day || fault.window.begin() > days.back().day) continue;
        const double a = x_of(index_of(fault.window.begin()));
        const double b = x_of(index_of(fault.window.end().plus_days(-1)));
        svg += "<rect class=\"fault\" x=\"" + number(a) + "\" y=\"" + number(top) + "\" width=\"" +
               number(std::max(2.0, b - a)) + "\" height=\"" + number(plot_height) + "\"><title>" +
               xml_escape(fault.kind + " " + fault.window.to_string()) + "</title></rect>";
    }
    for (int tick = 0; tick <= 4; ++tick) {
        const double y = y_of(y_max * tick / 4);
        svg += "<line class=\"grid\" x1=\"" + number(left) + "\" x2=\"" + number(width - right) + "\" y1=\"" +
               number(y) + "\" y2=\"" + number(y) + "\"/><text class=\"axis\" x=\"" + number(left - 6) +
               "\" y=\"" + number(y + 4) + "\" text-anchor=\"end\">" + axis_label(y_max * tick / 4) + "</text>";
    }
    const std::int32_t months = days.front().day.year_month().months_until(days.back().day.year_month()) + 1;
    const std::int32_t step = std::max(1, months / 8);
    for (std::int32_t m = 0; m < months; m += step) {
        const YearMonth month = days.front().day.year_month().plus_months(m);
        const Date first = std::max(month.first_day(), days.front().day);
        svg += "<text class=\"axis\" x=\"" + number(x_of(index_of(first))) + "\" y=\"" +
               number(height - bottom + 16) + "\" text-anchor=\"middle\">" + month.to_string() + "</text>";
    }
    svg += "<text class=\"axis\" x=\"" + number(left) + "\" y=\"" + number(top - 10) + "\">" + xml_escape(unit) + "</text>";
    double legend_x = left + 80;
    for (const DaySeries& s : series) {
        std::string points;
        for (std::size_t d = 0; d < s.values.size(); ++d) {
            if (!points.empty()) points += ' ';
            points += number(x_of(static_cast<double>(d))) + "," + number(y_of(s.values[d]));
        }
        svg += "<polyline class=\"series\" fill=\"none\" stroke=\"" + s.colour + "\" stroke-width=\"1.5\" points=\"" +
               points + "\"><title>" + xml_escape(s.name) + "</title></polyline>";
        svg += "<rect x=\"" + number(legend_x) + "\" y=\"" + number(top - 20) + "\" width=\"12\" height=\"4\" fill=\"" +
               s.colour + "\"/><text class=\"legend\" x=\"" + number(legend_x + 16) + "\" y=\"" + number(top - 14) +
               "\">" + xml_escape(s.name) + "</text>";
        legend_x += 40 + 7.0 * static_cast<double>(s.name.size());
    }
    return svg + "</svg>";
}

template <typename Get>
std::vector<double> by_day(const harness::RunOutcome& run, Get get) {
    std::vector<double> values;
    for (const harness::RegisterDay& day : run.affected.days) values.push_back(get(day));
    return values;
}

std::string family_link(FamilyId family) {
    const std::string id = std::to_string(family.value());
    return "<a href=\"dossiers.html#family-" + id + "\">" + id + "</a>";
}

// A cell whose sort key differs from its text (amounts sort by cents, open episodes last).
std::string keyed(const std::string& text, const std::string& key, bool numeric) {
    return std::string("<td") + (numeric ? " class=\"num\"" : "") + " data-sort=\"" + xml_escape(key) + "\">" + text + "</td>";
}
std::string money_cell(Cents amount) { return keyed(amount.to_string(), std::to_string(amount.value()), true); }
std::string count_cell(std::int64_t value) { return keyed(std::to_string(value), std::to_string(value), true); }

std::string episode_row(const harness::RunOutcome& run, const harness::Episode& ep) {
    std::string causes;
    for (const std::uint32_t index : ep.causes) {
        causes += (causes.empty() ? "" : ", ") + fault_kind(run, index) + " #" + std::to_string(index);
    }
    const std::string end = ep.end ? ep.end->to_string() : std::string();
    return std::string("<tr data-owed=\"") + (ep.largest_owed > Cents{0} ? "1" : "0") + "\" data-overpaid=\"" +
           (ep.largest_overpaid > Cents{0} ? "1" : "0") + "\" data-open=\"" + (ep.end ? "0" : "1") + "\">" +
           keyed(family_link(ep.family), std::to_string(ep.family.value()), true) +
           count_cell(ep.caf.value()) + "<td>" + ep.start.to_string() + "</td>" +
           keyed(ep.end ? end : "still wrong", ep.end ? end : "9999-12-31", false) + count_cell(ep.days) +
           money_cell(ep.largest_owed) + money_cell(ep.largest_overpaid) + money_cell(ep.owed_at_end) +
           money_cell(ep.overpaid_at_end) + "<td>" + xml_escape(causes) + "</td></tr>\n";
}

constexpr const char* register_controls =
    "<div id=\"register-controls\" class=\"controls\" hidden=\"hidden\">"
    "<label>Filter <input type=\"search\" id=\"register-filter\" placeholder=\"family, CAF, date, fault\"/>"
    "</label> <label>Show <select id=\"register-show\"><option value=\"all\">every episode</option>"
    "<option value=\"owed\">owed money</option><option value=\"overpaid\">overpaid</option>"
    "<option value=\"open\">open episodes</option></select></label> <span id=\"register-count\"></span>"
    " <span class=\"sub\">Click a column's header to sort.</span></div>\n";

}  // namespace

std::string register_section_html(const harness::RunOutcome& run) {
    const harness::Register& r = run.affected;
    std::uint64_t families = 0;
    std::uint64_t open = 0;  // a family has at most one open episode: also families still wrong
    for (std::size_t i = 0; i < r.episodes.size(); ++i) {
        families += i == 0 || r.episodes[i].family != r.episodes[i - 1].family ? 1 : 0;
        open += r.episodes[i].end ? 0 : 1;
    }
    std::ostringstream html;
    html << "<h2 id=\"register\">Affected families register</h2><p class=\"sub\">An episode runs from the first"
            " day at whose end a family is wrong (owed CMG or debits on months whose payment is due, or paid"
            " above the law on any month, net of what was recovered or written off) to the day it is square"
            " again. The same rows are in affected.csv; each family links to its file in dossiers.html.</p>\n"
         << "<div class=\"figures\">" << count_figure_html(run, "families in the register", families)
         << figure_html("episodes", std::to_string(r.episodes.size()), std::to_string(open) + " still open at the end")
         << count_figure_html(run, "families still wrong at the end", open) << "</div>\n";
    if (!r.days.empty()) {
        html << svg_daily_chart(
                    run, "Families wrong at each day's end", "families",
                    {{"wrong", "#6a3d9a",
                      by_day(run, [](const harness::RegisterDay& d) { return double(d.families_wrong); })},
                     {"owed money", "#b00020",
                      by_day(run, [](const harness::RegisterDay& d) { return double(d.families_owed); })},
                     {"overpaid", "#1f78b4",
                      by_day(run, [](const harness::RegisterDay& d) { return double(d.families_overpaid); })},
                     {"carers unpaid", "#e08a00",
                      by_day(run, [](const harness::RegisterDay& d) { return double(d.carers_unpaid); })}})
             << svg_daily_chart(
                    run, "Money at stake at each day's end", "€",
                    {{"owed to families", "#b00020",
                      by_day(run, [](const harness::RegisterDay& d) { return chart_euros(d.money_owed); })},
                     {"overpaid to families", "#1f78b4",
                      by_day(run, [](const harness::RegisterDay& d) { return chart_euros(d.money_overpaid); })},
                     {"carers' pay unpaid", "#e08a00",
                      by_day(run, [](const harness::RegisterDay& d) { return chart_euros(d.carers_money_unpaid); })}});
    }
    if (r.episodes.empty()) return html.str() + "<p>No family was wrong at any day's end.</p>\n";
    html << register_controls
         << "<div class=\"scroll\"><table id=\"register-table\" class=\"sortable\"><thead><tr>"
            "<th data-type=\"num\">family</th><th data-type=\"num\">CAF</th><th>wrong from</th>"
            "<th>square again on</th><th data-type=\"num\">days</th><th data-type=\"num\">largest owed</th>"
            "<th data-type=\"num\">largest overpaid</th><th data-type=\"num\">still owed</th>"
            "<th data-type=\"num\">still overpaid</th><th>faults</th></tr></thead><tbody>\n";
    for (const harness::Episode& ep : r.episodes) html << episode_row(run, ep);
    html << "</tbody></table></div>\n";
    return html.str();
}

std::string carers_section_html(const harness::RunOutcome& run) {
    const model::RunStatistics& st = run.result.statistics;
    std::uint32_t peak = 0;
    Cents debt_peak{0};
    std::uint64_t withheld = 0;
    std::uint64_t escalated = 0;
    for (const model::MonthFigures& m : run.result.months) {
        peak = std::max(peak, m.carers_unpaid);
        debt_peak = max(debt_peak, m.debt_to_centre);
        withheld += m.carer_payments_withheld;
        escalated += m.debits_escalated;
    }
    std::ostringstream html;
    html << "<h2 id=\"carers\">Carers left unpaid</h2><p class=\"sub\">Families whose carers were not paid in"
            " full for months whose pay was due (Pajemploi+ withholding the pay until the parent's debit"
            " succeeds, or a parent paying directly who cannot). The same rows are in"
            " carers-affected.csv.</p>\n<div class=\"figures\">"
         << count_figure_html(run, "families with carers unpaid, at the peak", peak, "at a month end")
         << count_figure_html(run, "families with carers still unpaid at the end", st.families_carers_still_unpaid,
                              st.carers_money_still_unpaid.to_string() + " € unpaid")
         << figure_html("carer payments withheld", std::to_string(withheld), "until the parent's debit succeeded")
         << figure_html("debits escalated", std::to_string(escalated), "to an agent, after repeated rejections")
         << figure_html("owed to the centre at the peak", debt_peak.to_string() + " €",
                        "Pajemploi+ debits due and not taken, at a month end")
         << "</div>\n";
    if (run.affected.carer_episodes.empty()) return html.str() + "<p>No carer was left unpaid.</p>\n";
    html << "<div class=\"scroll\"><table id=\"carers-table\" class=\"sortable\"><thead><tr>"
            "<th data-type=\"num\">family</th><th>carers</th><th>unpaid from</th><th>paid in full on</th>"
            "<th data-type=\"num\">days</th><th data-type=\"num\">largest unpaid</th>"
            "<th data-type=\"num\">unpaid at the end</th><th data-type=\"num\">longest wait (days late)</th>"
            "</tr></thead><tbody>\n";
    for (const harness::CarerEpisode& ep : run.affected.carer_episodes) {
        std::string carers;
        for (const CarerId carer : ep.carers) carers += (carers.empty() ? "" : ", ") + std::to_string(carer.value());
        const std::string end = ep.end ? ep.end->to_string() : std::string();
        html << "<tr>" << keyed(family_link(ep.family), std::to_string(ep.family.value()), true) << "<td>" << carers
             << "</td><td>" << ep.start << "</td>"
             << keyed(ep.end ? end : "still unpaid", ep.end ? end : "9999-12-31", false)
             << count_cell(ep.days) << money_cell(ep.largest_unpaid) << money_cell(ep.unpaid_at_end)
             << count_cell(ep.longest_late_days) << "</tr>\n";
    }
    html << "</tbody></table></div>\n";
    return html.str();
}

// Inside CDATA so that the page stays well-formed XML; the markers sit in script comments,
// which an HTML parser ignores. No "</" inside: it would end the script early.
std::string tables_script() {
    return "<script>//<![CDATA[\n"
           "(function(){\n"
           "function key(row,i,numeric){var c=row.cells[i];var k=c.getAttribute('data-sort');"
           "if(k===null)k=c.textContent;return numeric?Number(k):k;}\n"
           "Array.prototype.forEach.call(document.querySelectorAll('table.sortable'),function(table){\n"
           " var body=table.tBodies[0];var heads=table.tHead.rows[0].cells;var order=[];\n"
           " Array.prototype.forEach.call(heads,function(th,i){\n"
           "  th.tabIndex=0;th.style.cursor='pointer';th.title='Sort by this column';\n"
           "  function sort(){var numeric=th.getAttribute('data-type')==='num';var d=order[i]=order[i]===1?-1:1;\n"
           "   var rows=Array.prototype.slice.call(body.rows).map(function(r,n){return [r,key(r,i,numeric),n];});\n"
           "   rows.sort(function(a,b){return a[1]<b[1]?-d:a[1]>b[1]?d:a[2]-b[2];});\n"
           "   rows.forEach(function(r){body.appendChild(r[0]);});\n"
           "   Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort');});\n"
           "   th.setAttribute('aria-sort',d===1?'ascending':'descending');}\n"
           "  th.addEventListener('click',sort);\n"
           "  th.addEventListener('keydown',function(ev){\n"
           "   if(ev.key==='Enter'||ev.key===' '){ev.preventDefault();sort();}});\n"
           " });\n"
           "});\n"
           "var table=document.getElementById('register-table');if(!table)return;\n"
           "var controls=document.getElementById('register-controls');controls.hidden=false;\n"
           "var text=document.getElementById('register-filter');var show=document.getElementById('register-show');\n"
           "var count=document.getElementById('register-count');\n"
           "function apply(){var q=text.value.trim().toLowerCase();var s=show.value;\n"
           " var rows=table.tBodies[0].rows;var n=0;\n"
           " Array.prototype.forEach.call(rows,function(r){\n"
           "  var ok=(s==='all'||r.getAttribute('data-'+s)==='1')&&\n"
           "   (q===''||r.textContent.toLowerCase().indexOf(q)>=0);\n"
           "  r.hidden=!ok;if(ok)n++;});\n"
           " count.textContent=n+' of '+rows.length+' episodes shown';}\n"
           "text.addEventListener('input',apply);show.addEventListener('change',apply);apply();\n"
           "})();\n"
           "//]]></script>\n";
}

}  // namespace pajesim::reports
