#include "reports/register_report.hpp"

#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include "reports/csv.hpp"
#include "reports/html_report.hpp"
#include "reports/junit.hpp"
#include "reports/run_report.hpp"

namespace pajesim::reports {
namespace {

std::string end_text(const std::optional<Date>& end) { return end ? end->to_string() : std::string(); }

// "kind#index;kind#index": the plan's index, so that two faults of one kind stay apart.
std::string causes_text(const harness::RunOutcome& run, const std::vector<std::uint32_t>& causes,
                        const char* separator, const char* joiner) {
    std::string text;
    for (const std::uint32_t index : causes) {
        if (!text.empty()) text += joiner;
        text += fault_kind(run, index) + separator + std::to_string(index);
    }
    return text;
}

std::string carers_text(const std::vector<CarerId>& carers, const char* joiner) {
    std::string text;
    for (const CarerId carer : carers) {
        if (!text.empty()) text += joiner;
        text += std::to_string(carer.value());
    }
    return text;
}

std::string pad_left(const std::string& text, std::size_t width) {
    return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}
std::string pad_right(const std::string& text, std::size_t width) {
    return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string num(std::int64_t value) { return "<td class=\"num\">" + std::to_string(value) + "</td>"; }
std::string amount(Cents value) { return "<td class=\"num\">" + value.to_string() + "</td>"; }
std::string cell(const std::string& text) { return "<td>" + xml_escape(text) + "</td>"; }

std::map<std::uint32_t, std::vector<const harness::Episode*>> episodes_by_family(const harness::Register& r) {
    std::map<std::uint32_t, std::vector<const harness::Episode*>> by_family;
    for (const harness::Episode& episode : r.episodes) by_family[episode.family.value()].push_back(&episode);
    return by_family;
}

std::string episodes_table(const harness::RunOutcome& run, const std::vector<const harness::Episode*>& episodes) {
    std::string html = "<table><tr><th>wrong from</th><th>square again on</th><th>days</th><th>largest owed</th>"
                       "<th>largest overpaid</th><th>owed at the end</th><th>overpaid at the end</th>"
                       "<th>faults</th></tr>";
    for (const harness::Episode* episode : episodes) {
        html += "<tr>" + cell(episode->start.to_string()) +
                cell(episode->end ? episode->end->to_string() : "still wrong") + num(episode->days) +
                amount(episode->largest_owed) + amount(episode->largest_overpaid) + amount(episode->owed_at_end) +
                amount(episode->overpaid_at_end) + cell(causes_text(run, episode->causes, " #", ", ")) + "</tr>";
    }
    return html + "</table>";
}

const char* direction_text(const harness::Dossier::Money& movement) {
    if (movement.to_family) return "to the family";
    if (movement.from_family) return "from the family";
    return "for the family";
}

std::string steps_table(const harness::RunOutcome& run, const harness::Dossier& dossier) {
    std::string html = "<h3>Steps</h3><table><tr><th>date</th><th>step</th><th>care month</th><th>amount</th>"
                       "<th>detail</th><th>fault</th></tr>";
    for (const model::FileEvent& ev : dossier.events) {
        const std::string fault =
            ev.fault == 0 ? std::string() : fault_kind(run, ev.fault - 1u) + " #" + std::to_string(ev.fault - 1u);
        html += "<tr>" + cell(ev.date.to_string()) + cell(std::string(ev.kind)) + cell(ev.month.to_string()) +
                "<td class=\"num\">" + (ev.amount == Cents{0} ? std::string() : ev.amount.to_string()) + "</td>" +
                cell(ev.detail) + cell(fault) + "</tr>";
    }
    return html + "</table>";
}

std::string money_table(const harness::Dossier& dossier) {
    std::string html = "<h3>Money</h3><table><tr><th>date</th><th>cause</th><th>care month</th><th>amount</th>"
                       "<th>direction</th></tr>";
    for (const harness::Dossier::Money& m : dossier.money) {
        html += "<tr>" + cell(m.date.to_string()) + cell(std::string(model::to_string(m.cause))) +
                cell(m.month.to_string()) + amount(m.amount) + cell(direction_text(m)) + "</tr>";
    }
    return html + "</table>";
}

std::string months_table(const harness::Dossier& dossier) {
    std::string html = "<h3>Month by month</h3><table><tr><th>care month</th><th>CMG owed</th><th>CMG paid</th>"
                       "<th>difference</th><th>recovered</th><th>written off</th><th>debit due</th>"
                       "<th>debited</th><th>carers due</th><th>carers paid</th></tr>";
    for (const harness::Dossier::Month& m : dossier.months) {
        const Cents difference = m.paid - m.owed;
        html += "<tr>" + cell(m.month.to_string()) + amount(m.owed) + amount(m.paid) + "<td class=\"num" +
                (difference == Cents{0} ? "" : " bad") + "\">" + difference.to_string() + "</td>" +
                amount(m.recovered) + amount(m.written_off) + amount(m.debit_due) + amount(m.debited) +
                amount(m.carers_due) + amount(m.carers_paid) + "</tr>";
    }
    return html + "</table>";
}

std::string violations_table(const harness::Dossier& dossier) {
    if (dossier.violations.empty()) return "<h3>Invariants</h3><p>No invariant fired for this family.</p>";
    std::string html = "<h3>Invariants that fired</h3><table><tr><th>invariant</th><th>care month</th>"
                       "<th>expected</th><th>actual</th><th>first seen</th><th>reason</th></tr>";
    for (const invariants::Violation& v : dossier.violations) {
        html += "<tr>" + cell(std::string(v.invariant)) + cell(v.month.to_string()) + amount(v.expected) +
                amount(v.actual) + cell(v.first_seen.to_string()) + cell(v.reason) + "</tr>";
    }
    return html + "</table>";
}

std::string family_heading(const harness::RunOutcome& run, std::uint32_t family) {
    std::string heading = "<h2>Family " + std::to_string(family);
    if (family < run.world.families.size()) {
        const model::Family& f = run.world.families[family];
        heading += " <span class=\"sub\">CAF " + std::to_string(f.caf.value()) + ", " +
                   xml_escape(std::string(law::to_string(f.mode))) + "</span>";
    }
    return heading + "</h2>";
}

}  // namespace

std::string fault_kind(const harness::RunOutcome& run, std::size_t index) {
    return index < run.faults.size() ? run.faults[index].kind : std::string("fault");
}

std::string affected_csv(const harness::RunOutcome& run) {
    std::ostringstream out;
    out << "family,caf,start,end,days,largest_owed,largest_overpaid,owed_at_end,overpaid_at_end,"
           "owed_at_month_ends,causes,calls,files_opened,fixes,fix_errors,advances_paid,advances_amount,"
           "advances_recovered,advances_recovered_amount,overpayments_notified,overpayments_recovered,"
           "overpayments_written_off\n";
    for (const harness::Episode& ep : run.affected.episodes) {
        std::string month_ends;
        for (const harness::AtStake& at : ep.month_ends) {
            if (!month_ends.empty()) month_ends += ';';
            month_ends += at.day.to_string() + '=' + at.owed.to_string() + '/' + at.overpaid.to_string();
        }
        out << ep.family.value() << ',' << ep.caf.value() << ',' << ep.start << ',' << end_text(ep.end) << ','
            << ep.days << ',' << ep.largest_owed << ',' << ep.largest_overpaid << ',' << ep.owed_at_end << ','
            << ep.overpaid_at_end << ',' << csv_text(month_ends) << ','
            << csv_text(causes_text(run, ep.causes, "#", ";")) << ',' << ep.calls << ',' << ep.files_opened << ','
            << ep.fixes << ',' << ep.fix_errors << ',' << ep.advances_paid << ',' << ep.advances_amount << ','
            << ep.advances_recovered << ',' << ep.advances_recovered_amount << ',' << ep.overpayments_notified
            << ',' << ep.overpayments_recovered << ',' << ep.overpayments_written_off << '\n';
    }
    return out.str();
}

std::string affected_months_csv(const harness::RunOutcome& run) {
    std::ostringstream out;
    out << "family,month_end,owed,overpaid\n";
    for (const harness::Episode& ep : run.affected.episodes) {
        for (const harness::AtStake& at : ep.month_ends) {
            out << ep.family.value() << ',' << at.day << ',' << at.owed << ',' << at.overpaid << '\n';
        }
    }
    return out.str();
}

std::string carers_affected_csv(const harness::RunOutcome& run) {
    std::ostringstream out;
    out << "family,carers,start,end,days,largest_unpaid,unpaid_at_end,longest_late_days\n";
    for (const harness::CarerEpisode& ep : run.affected.carer_episodes) {
        out << ep.family.value() << ',' << csv_text(carers_text(ep.carers, ";")) << ',' << ep.start << ','
            << end_text(ep.end) << ',' << ep.days << ',' << ep.largest_unpaid << ',' << ep.unpaid_at_end << ','
            << ep.longest_late_days << '\n';
    }
    return out.str();
}

std::string as_of_text(const harness::RunOutcome& run, const harness::RegisterAsOf& as_of) {
    std::uint64_t owed = 0;
    std::uint64_t overpaid = 0;
    Cents money_owed{0};
    Cents money_overpaid{0};
    for (const harness::RegisterAsOf::Entry& entry : as_of.families) {
        owed += entry.owed > Cents{0} ? 1 : 0;
        overpaid += entry.overpaid > Cents{0} ? 1 : 0;
        money_owed += entry.owed;
        money_overpaid += entry.overpaid;
    }
    Cents carers_unpaid{0};
    for (const harness::RegisterAsOf::CarerEntry& entry : as_of.carers) carers_unpaid += entry.unpaid;
    const std::uint64_t wrong = as_of.families.size();
    std::ostringstream out;
    out << "register as of " << as_of.day << ": " << wrong << " families wrong, " << owed << " owed money, "
        << overpaid << " overpaid; " << as_of.carers.size() << " families' carers unpaid\n";
    const auto count_line = [&](const std::string& label, std::uint64_t count) {
        out << pad_right(label, 32) << pad_left(std::to_string(count), 12)
            << pad_left(std::to_string(national_estimate(run, count)), 20) << '\n';
    };
    const auto money_line = [&](const std::string& label, Cents value) {
        out << pad_right(label, 32) << pad_left(value.to_string(), 12) << '\n';
    };
    out << pad_right("", 32) << pad_left("simulated", 12) << pad_left("national estimate", 20) << '\n';
    count_line("families wrong", wrong);
    count_line("families owed money", owed);
    count_line("families overpaid", overpaid);
    count_line("families whose carers are unpaid", as_of.carers.size());
    money_line("money owed to families (EUR)", money_owed);
    money_line("money overpaid to families (EUR)", money_overpaid);
    money_line("carers' pay unpaid (EUR)", carers_unpaid);
    out << "\nfamilies wrong on " << as_of.day << "\n"
        << pad_left("family", 10) << pad_left("CAF", 6) << "  " << pad_right("since", 10)
        << pad_left("owed (EUR)", 14) << pad_left("overpaid (EUR)", 16) << '\n';
    for (const harness::RegisterAsOf::Entry& entry : as_of.families) {
        out << pad_left(std::to_string(entry.family.value()), 10) << pad_left(std::to_string(entry.caf.value()), 6)
            << "  " << pad_right(entry.since.to_string(), 10) << pad_left(entry.owed.to_string(), 14)
            << pad_left(entry.overpaid.to_string(), 16) << '\n';
    }
    out << "\ncarers unpaid on " << as_of.day << "\n"
        << pad_left("family", 10) << "  " << pad_right("since", 10) << pad_left("unpaid (EUR)", 14)
        << "  carers\n";
    for (const harness::RegisterAsOf::CarerEntry& entry : as_of.carers) {
        out << pad_left(std::to_string(entry.family.value()), 10) << "  " << pad_right(entry.since.to_string(), 10)
            << pad_left(entry.unpaid.to_string(), 14) << "  " << carers_text(entry.carers, ";") << '\n';
    }
    return out.str();
}

std::string dossiers_html(const harness::RunOutcome& run) {
    const model::Scenario& s = run.scenario;
    const auto by_family = episodes_by_family(run.affected);
    std::ostringstream html;
    html << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>pajesim: " << xml_escape(s.name)
         << ": dossiers</title><style>" << report_css() << "</style></head><body>\n";
    html << "<h1>Dossiers: " << xml_escape(s.name) << "</h1><p class=\"sub\">seed " << s.seed << ", "
         << run.dossiers.size() << " families traced step by step, " << by_family.size()
         << " families in the register of affected families. Amounts in euros; a difference is"
            " paid minus owed.</p>\n";
    html << "<p>";
    for (const auto& [family, dossier] : run.dossiers) {
        html << "<a href=\"#family-" << family << "\">" << family << "</a> ";
    }
    html << "</p>\n";
    for (const auto& [family, dossier] : run.dossiers) {
        html << "<div class=\"dossier\" id=\"family-" << family << "\">" << family_heading(run, family);
        if (const auto found = by_family.find(family); found != by_family.end()) {
            html << "<h3>In the register</h3>" << episodes_table(run, found->second);
        }
        html << steps_table(run, dossier) << money_table(dossier) << months_table(dossier)
             << violations_table(dossier) << "</div>\n";
    }
    bool heading = false;
    for (const auto& [family, episodes] : by_family) {
        if (run.dossiers.contains(family)) continue;
        if (!heading) {
            html << "<h2>Registered families without a traced file</h2><p class=\"sub\">Their history was not"
                    " traced step by step in this run; the register's figures follow.</p>\n";
            heading = true;
        }
        html << "<div class=\"dossier\" id=\"family-" << family << "\">" << family_heading(run, family)
             << episodes_table(run, episodes) << "</div>\n";
    }
    html << "</body></html>\n";
    return html.str();
}

}  // namespace pajesim::reports
