#include "reports/compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "reports/csv.hpp"
#include "reports/html_report.hpp"
#include "reports/junit.hpp"
#include "reports/svg_chart.hpp"
#include "sim/kernel/json_input.hpp"

namespace pajesim::reports {
namespace {

Summary summarise(std::vector<double> values) {
    Summary s;
    if (values.empty()) return s;
    std::sort(values.begin(), values.end());
    double total = 0;
    for (const double v : values) total += v;
    s.mean = total / static_cast<double>(values.size());
    // Nearest rank: the smallest value with at least p of the values at or below it.
    const auto rank = [&](double p) {
        const auto index = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
        return values[std::clamp<std::size_t>(index, 1, values.size()) - 1];
    };
    s.low = rank(0.05);
    s.high = rank(0.95);
    return s;
}

template <typename Get>
Summary over_seeds(const OptionRuns& option, Get get) {
    std::vector<double> values;
    for (const HarmMetrics& m : option.runs) values.push_back(get(m));
    return summarise(values);
}

std::string fixed(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

nlohmann::ordered_json summary_json(const Summary& s, int decimals) {
    return {{"mean", fixed(s.mean, decimals)}, {"low_5", fixed(s.low, decimals)}, {"high_95", fixed(s.high, decimals)}};
}

}  // namespace

HarmMetrics metrics_of(const harness::RunOutcome& run) {
    HarmMetrics m;
    m.seed = run.scenario.seed;
    const model::RunStatistics& s = run.result.statistics;
    m.families_affected = s.families_affected;
    m.longest_delay_days = s.longest_delay_days;
    m.families_still_owed_at_end = s.families_still_owed;
    m.family_days_in_arrears = static_cast<std::int64_t>(s.family_days_in_arrears);
    for (const model::MonthFigures& f : run.result.months) {
        m.money_owed_peak = max(m.money_owed_peak, f.money_owed);
        m.calls += f.calls;
        m.advances_recovered_before_payment += f.advances_recovered_before_payment;
    }
    return m;
}

RunReport read_run_report(const nlohmann::json& report, const std::string& file) {
    const JsonValue root(report, file, "");
    ObjectReader reader(root);
    RunReport read;
    HarmMetrics& m = read.metrics;
    m.seed = reader.required("seed").as_uint64();
    ObjectReader scenario(reader.required("scenario"));
    read.name = scenario.required("name").as_string();
    ObjectReader totals(reader.required("totals"));
    const auto count = [&](const char* key) { return totals.required(key).as_int(0, INT64_MAX); };
    m.families_affected = count("families_affected");
    m.longest_delay_days = count("longest_delay_days");
    m.families_still_owed_at_end = count("families_still_owed_at_end");
    m.family_days_in_arrears = count("family_days_in_arrears");
    m.calls = count("calls");
    m.advances_recovered_before_payment = count("advances_recovered_before_payment");
    m.money_owed_peak = totals.required("money_owed_peak").as_cents(Cents{0}, Cents{INT64_MAX / 4});
    // A report has more keys than a comparison needs: the others are not checked here.
    return read;
}

std::vector<ComparedOption> compare_options(const std::vector<OptionRuns>& options) {
    std::vector<ComparedOption> compared;
    for (const OptionRuns& option : options) {
        ComparedOption c;
        c.name = option.name;
        c.seeds = option.runs.size();
        c.families_affected = over_seeds(option, [](const HarmMetrics& m) { return double(m.families_affected); });
        c.money_owed_peak_euros =
            over_seeds(option, [](const HarmMetrics& m) { return double(m.money_owed_peak.value()) / 100.0; });
        c.longest_delay_days = over_seeds(option, [](const HarmMetrics& m) { return double(m.longest_delay_days); });
        c.families_still_owed_at_end =
            over_seeds(option, [](const HarmMetrics& m) { return double(m.families_still_owed_at_end); });
        c.family_days_in_arrears =
            over_seeds(option, [](const HarmMetrics& m) { return double(m.family_days_in_arrears); });
        c.calls = over_seeds(option, [](const HarmMetrics& m) { return double(m.calls); });
        c.advances_recovered_before_payment =
            over_seeds(option, [](const HarmMetrics& m) { return double(m.advances_recovered_before_payment); });
        compared.push_back(c);
    }
    std::stable_sort(compared.begin(), compared.end(), [](const ComparedOption& a, const ComparedOption& b) {
        if (a.families_affected.mean != b.families_affected.mean) return a.families_affected.mean < b.families_affected.mean;
        return a.money_owed_peak_euros.mean < b.money_owed_peak_euros.mean;
    });
    return compared;
}

std::string compare_json(const std::vector<ComparedOption>& compared, const std::vector<OptionRuns>& options) {
    nlohmann::ordered_json out;
    out["format"] = "pajesim-compare-1";
    out["ranking"] = "fewest families affected first, then least money owed at the peak";
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < compared.size(); ++i) {
        const ComparedOption& c = compared[i];
        nlohmann::ordered_json seeds = nlohmann::ordered_json::array();
        for (const OptionRuns& option : options) {
            if (option.name != c.name) continue;
            for (const HarmMetrics& m : option.runs) {
                seeds.push_back({{"seed", m.seed}, {"families_affected", m.families_affected},
                                 {"money_owed_peak", m.money_owed_peak.to_string()},
                                 {"longest_delay_days", m.longest_delay_days},
                                 {"families_still_owed_at_end", m.families_still_owed_at_end},
                                 {"family_days_in_arrears", m.family_days_in_arrears}, {"calls", m.calls},
                                 {"advances_recovered_before_payment", m.advances_recovered_before_payment}});
            }
        }
        list.push_back({{"rank", i + 1},
                        {"option", c.name},
                        {"seeds", c.seeds},
                        {"families_affected", summary_json(c.families_affected, 1)},
                        {"money_owed_peak", summary_json(c.money_owed_peak_euros, 2)},
                        {"longest_delay_days", summary_json(c.longest_delay_days, 1)},
                        {"families_still_owed_at_end", summary_json(c.families_still_owed_at_end, 1)},
                        {"family_days_in_arrears", summary_json(c.family_days_in_arrears, 1)},
                        {"calls", summary_json(c.calls, 1)},
                        {"advances_recovered_before_payment", summary_json(c.advances_recovered_before_payment, 1)},
                        {"runs", seeds}});
    }
    out["options"] = list;
    return out.dump(2) + "\n";
}

std::string compare_csv(const std::vector<ComparedOption>& compared) {
    std::ostringstream out;
    out << "rank,option,seeds,families_affected_mean,families_affected_low_5,families_affected_high_95,"
           "money_owed_peak_mean,money_owed_peak_low_5,money_owed_peak_high_95,longest_delay_days_mean,"
           "families_still_owed_at_end_mean,family_days_in_arrears_mean,calls_mean,"
           "advances_recovered_before_payment_mean\n";
    for (std::size_t i = 0; i < compared.size(); ++i) {
        const ComparedOption& c = compared[i];
        out << i + 1 << ',' << csv_text(c.name) << ',' << c.seeds << ',' << fixed(c.families_affected.mean, 1) << ','
            << fixed(c.families_affected.low, 1) << ',' << fixed(c.families_affected.high, 1) << ','
            << fixed(c.money_owed_peak_euros.mean, 2) << ',' << fixed(c.money_owed_peak_euros.low, 2) << ','
            << fixed(c.money_owed_peak_euros.high, 2) << ',' << fixed(c.longest_delay_days.mean, 1) << ','
            << fixed(c.families_still_owed_at_end.mean, 1) << ',' << fixed(c.family_days_in_arrears.mean, 1) << ','
            << fixed(c.calls.mean, 1) << ',' << fixed(c.advances_recovered_before_payment.mean, 1) << '\n';
    }
    return out.str();
}

std::string compare_html(const std::vector<ComparedOption>& compared, const std::vector<OptionRuns>&) {
    std::ostringstream html;
    const std::size_t seeds = compared.empty() ? 0 : compared.front().seeds;
    html << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>pajesim: rollout options"
            "</title><style>" << report_css() << "</style></head><body>\n";
    html << "<h1>Rollout options compared</h1><p class=\"sub\">" << compared.size() << " options, " << seeds
         << " seed(s) each, the same seeds for every option (common random numbers). Ranked: fewest families"
            " affected first, then least money owed at the peak. Mean, and 90 % interval across seeds.</p>\n";
    html << "<table><tr><th>rank</th><th>option</th><th>families affected</th><th>money owed at the peak (€)</th>"
            "<th>longest delay (days)</th><th>still owed at the end</th><th>calls</th>"
            "<th>advances recovered before payment</th></tr>";
    const auto cell = [](const Summary& s, int decimals) {
        return "<td class=\"num\">" + fixed(s.mean, decimals) + (s.high > s.low ? " <span class=\"sub\">[" +
               fixed(s.low, decimals) + " – " + fixed(s.high, decimals) + "]</span>" : std::string()) + "</td>";
    };
    for (std::size_t i = 0; i < compared.size(); ++i) {
        const ComparedOption& c = compared[i];
        html << "<tr><td class=\"num\">" << i + 1 << "</td><td>" << xml_escape(c.name) << "</td>"
             << cell(c.families_affected, 1) << cell(c.money_owed_peak_euros, 2) << cell(c.longest_delay_days, 1)
             << cell(c.families_still_owed_at_end, 1) << cell(c.calls, 1)
             << cell(c.advances_recovered_before_payment, 1) << "</tr>";
    }
    html << "</table>\n";
    const auto bars = [&](auto get) {
        std::vector<Bar> result;
        for (const ComparedOption& c : compared) {
            const Summary s = get(c);
            result.push_back({c.name, s.mean, s.low, s.high});
        }
        return result;
    };
    html << "<h2>Families affected</h2>"
         << svg_bar_chart("Families affected", "families", bars([](const ComparedOption& c) { return c.families_affected; }));
    html << "<h2>Money owed at the peak</h2>"
         << svg_bar_chart("Money owed at the peak", "€", bars([](const ComparedOption& c) { return c.money_owed_peak_euros; }));
    html << "<h2>Longest delay</h2>"
         << svg_bar_chart("Longest delay", "days", bars([](const ComparedOption& c) { return c.longest_delay_days; }));
    html << "</body></html>\n";
    return html.str();
}

}  // namespace pajesim::reports
