#include "reports/compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "reports/csv.hpp"
#include "reports/html_report.hpp"
#include "reports/junit.hpp"
#include "reports/svg_chart.hpp"
#include "sim/kernel/int128.hpp"
#include "sim/kernel/json_input.hpp"
#include "sim/model/scenario.hpp"

namespace pajesim::reports {
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

std::string fixed(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

namespace {

template <typename Get>
Summary over_seeds(const OptionRuns& option, Get get) {
    std::vector<double> values;
    for (const HarmMetrics& m : option.runs) values.push_back(get(m));
    return summarise(values);
}

nlohmann::ordered_json summary_json(const Summary& s, int decimals) {
    return {{"mean", fixed(s.mean, decimals)}, {"low_5", fixed(s.low, decimals)}, {"high_95", fixed(s.high, decimals)}};
}

}  // namespace

std::int64_t national_estimate(const HarmMetrics& metrics, std::int64_t count) {
    if (metrics.families <= 0) return 0;
    return divide_rounded(static_cast<Int128>(count) * metrics.national_families,
                          static_cast<Int128>(metrics.families), Rounding::half_up);
}

HarmMetrics metrics_of(const harness::RunOutcome& run) {
    HarmMetrics m;
    m.seed = run.scenario.seed;
    m.families = static_cast<std::int64_t>(run.world.families.size());
    m.national_families = run.scenario.population.national_families;
    const model::RunStatistics& s = run.result.statistics;
    m.families_affected = s.families_affected;
    m.longest_delay_days = s.longest_delay_days;
    m.families_still_owed_at_end = s.families_still_owed;
    m.family_days_in_arrears = static_cast<std::int64_t>(s.family_days_in_arrears);
    for (const model::MonthFigures& f : run.result.months) {
        m.money_owed_peak = max(m.money_owed_peak, f.money_owed);
        m.money_overpaid_peak = max(m.money_overpaid_peak, f.money_overpaid);
        m.families_overpaid_peak = std::max<std::int64_t>(m.families_overpaid_peak, f.families_overpaid);
        m.carers_unpaid_peak = std::max<std::int64_t>(m.carers_unpaid_peak, f.carers_unpaid);
        m.calls += f.calls;
        m.advances_recovered_before_payment += f.advances_recovered_before_payment;
        m.families_in_hardship_peak = std::max<std::int64_t>(m.families_in_hardship_peak, f.families_in_hardship);
        m.calls_lost += f.calls_lost;
        m.promises_kept += f.promises_kept;
        m.promises_broken += f.promises_broken;
        m.arrears_by_month.push_back(f.families_in_arrears);
        m.owed_by_month.push_back(f.money_owed);
    }
    m.first_month = run.scenario.first_month;
    return m;
}

RunReport read_run_report(const nlohmann::json& report, const std::string& file) {
    const JsonValue root(report, file, "");
    ObjectReader reader(root);
    RunReport read;
    HarmMetrics& m = read.metrics;
    if (const auto format = reader.optional("format"); format && format->as_string() != "pajesim-report-1") {
        format->fail("a report of format \"" + format->as_string() + "\"; this version reads \"pajesim-report-1\"");
    }
    // A run that stopped early (its centre broke the protocol) counts only the days it ran.
    // (Reports of earlier versions have no `complete`: their runs were.)
    if (const auto complete = reader.optional("complete"); complete && !complete->as_bool()) {
        complete->fail("the run stopped early (its centre broke the protocol): not comparable");
    }
    m.seed = reader.required("seed").as_uint64();
    ObjectReader scenario(reader.required("scenario"));
    read.name = scenario.required("name").as_label();  // on the terminal and in compare.csv
    ObjectReader totals(reader.required("totals"));
    const auto count = [&](const char* key) { return totals.required(key).as_int(0, max_harm_count); };
    const auto amount = [&](const char* key) {
        return totals.required(key).as_cents(Cents{0}, Cents{INT64_MAX / 4});
    };
    m.families_affected = count("families_affected");
    m.longest_delay_days = count("longest_delay_days");
    m.families_still_owed_at_end = count("families_still_owed_at_end");
    m.family_days_in_arrears = count("family_days_in_arrears");
    m.calls = count("calls");
    m.advances_recovered_before_payment = count("advances_recovered_before_payment");
    m.money_owed_peak = amount("money_owed_peak");
    // Read after the figures above, so that a report wrong in one of those is reported as such.
    m.families_overpaid_peak = count("families_overpaid_peak");
    m.money_overpaid_peak = amount("money_overpaid_peak");
    m.carers_unpaid_peak = count("carers_unpaid_peak");
    // Figures of the response, absent from the reports of earlier versions: 0.
    const auto count_or_zero = [&](const char* key) -> std::int64_t {
        const auto value = totals.optional(key);
        return value ? value->as_int(0, max_harm_count) : 0;
    };
    m.families_in_hardship_peak = count_or_zero("families_in_hardship_peak");
    m.calls_lost = count_or_zero("calls_lost");
    m.promises_kept = count_or_zero("promises_kept");
    m.promises_broken = count_or_zero("promises_broken");
    // The month-end curves, when the report has its months.
    if (const auto months = reader.optional("months")) {
        const std::size_t size = months->array_size(0, model::max_months);
        for (std::size_t i = 0; i < size; ++i) {
            const JsonValue item = months->at(i);
            ObjectReader month(item);
            const YearMonth when = month.required("month").as_year_month();
            if (i == 0) {
                m.first_month = when;
            } else if (when != m.first_month.plus_months(static_cast<int>(i))) {
                item.fail("months out of order");
            }
            m.arrears_by_month.push_back(month.required("families_in_arrears").as_int(0, max_harm_count));
            m.owed_by_month.push_back(month.required("money_owed").as_cents(Cents{0}, Cents{INT64_MAX / 4}));
        }
    }
    ObjectReader population(reader.required("population"));
    // The whole population: the drawn families, the other parents' households and the entrants.
    const JsonValue families = population.required("families");
    m.families = families.as_int(1, UINT32_MAX);
    // The families counted are some of the population's.
    for (const char* key : {"families_affected", "families_still_owed_at_end"}) {
        if (totals.required(key).as_int(0, max_harm_count) > m.families) {
            totals.required(key).fail("more than the population's " + std::to_string(m.families) + " families");
        }
    }
    if (m.families_still_owed_at_end > m.families_affected) {
        totals.required("families_still_owed_at_end").fail("more than the families affected (" +
                                                           std::to_string(m.families_affected) + ")");
    }
    ObjectReader national(reader.required("national_estimate"));
    m.national_families = national.required("national_families").as_int(1, UINT32_MAX);
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
        c.families_overpaid_peak =
            over_seeds(option, [](const HarmMetrics& m) { return double(m.families_overpaid_peak); });
        c.money_overpaid_peak_euros =
            over_seeds(option, [](const HarmMetrics& m) { return double(m.money_overpaid_peak.value()) / 100.0; });
        c.carers_unpaid_peak = over_seeds(option, [](const HarmMetrics& m) { return double(m.carers_unpaid_peak); });
        c.families_in_hardship_peak =
            over_seeds(option, [](const HarmMetrics& m) { return double(m.families_in_hardship_peak); });
        c.calls_lost = over_seeds(option, [](const HarmMetrics& m) { return double(m.calls_lost); });
        std::vector<double> shares;
        for (const HarmMetrics& m : option.runs) {
            const std::int64_t settled = m.promises_kept + m.promises_broken;
            if (settled > 0) shares.push_back(double(m.promises_kept) / double(settled));
        }
        c.promised = !shares.empty();
        c.promises_kept_share = summarise(shares);
        c.first_month = option.runs.empty() ? YearMonth{} : option.runs.front().first_month;
        bool same_months = !option.runs.empty();
        for (const HarmMetrics& m : option.runs) {
            same_months = same_months && m.first_month == c.first_month && !m.arrears_by_month.empty() &&
                          m.arrears_by_month.size() == option.runs.front().arrears_by_month.size();
        }
        if (same_months) {
            const std::size_t months = option.runs.front().arrears_by_month.size();
            c.arrears_by_month.assign(months, 0.0);
            c.owed_by_month_euros.assign(months, 0.0);
            for (const HarmMetrics& m : option.runs) {
                for (std::size_t i = 0; i < months; ++i) {
                    c.arrears_by_month[i] += double(m.arrears_by_month[i]) / double(option.runs.size());
                    c.owed_by_month_euros[i] += double(m.owed_by_month[i].value()) / 100.0 / double(option.runs.size());
                }
            }
        }
        const auto national = [&](std::int64_t HarmMetrics::*count) {
            return over_seeds(option, [&](const HarmMetrics& m) { return double(national_estimate(m, m.*count)); });
        };
        c.families_affected_national = national(&HarmMetrics::families_affected);
        c.families_still_owed_at_end_national = national(&HarmMetrics::families_still_owed_at_end);
        c.families_overpaid_peak_national = national(&HarmMetrics::families_overpaid_peak);
        c.carers_unpaid_peak_national = national(&HarmMetrics::carers_unpaid_peak);
        compared.push_back(c);
    }
    std::stable_sort(compared.begin(), compared.end(), [](const ComparedOption& a, const ComparedOption& b) {
        if (a.families_affected.mean != b.families_affected.mean) return a.families_affected.mean < b.families_affected.mean;
        if (a.money_owed_peak_euros.mean != b.money_owed_peak_euros.mean) {
            return a.money_owed_peak_euros.mean < b.money_owed_peak_euros.mean;
        }
        if (a.longest_delay_days.mean != b.longest_delay_days.mean) return a.longest_delay_days.mean < b.longest_delay_days.mean;
        const double kept_a = a.promised ? a.promises_kept_share.mean : 0.0;
        const double kept_b = b.promised ? b.promises_kept_share.mean : 0.0;
        if (kept_a != kept_b) return kept_a > kept_b;
        return a.calls_lost.mean < b.calls_lost.mean;
    });
    return compared;
}

std::string compare_json(const std::vector<ComparedOption>& compared, const std::vector<OptionRuns>& options) {
    nlohmann::ordered_json out;
    out["format"] = "pajesim-compare-1";
    out["ranking"] = "fewest families affected first, then least money owed at the peak, shortest longest "
                     "delay, largest share of promises kept, fewest calls lost (means across seeds)";
    out["national_estimate"] = "each count of families also as a national estimate (key ending in "
                               "_national_estimate): count x national_families / simulated families, rounded "
                               "half up, for each seed, then summarised across seeds";
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < compared.size(); ++i) {
        const ComparedOption& c = compared[i];
        nlohmann::ordered_json seeds = nlohmann::ordered_json::array();
        for (const OptionRuns& option : options) {
            if (option.name != c.name) continue;
            for (const HarmMetrics& m : option.runs) {
                seeds.push_back({{"seed", m.seed}, {"families", m.families}, {"national_families", m.national_families},
                                 {"families_affected", m.families_affected},
                                 {"families_affected_national_estimate", national_estimate(m, m.families_affected)},
                                 {"money_owed_peak", m.money_owed_peak.to_string()},
                                 {"longest_delay_days", m.longest_delay_days},
                                 {"families_still_owed_at_end", m.families_still_owed_at_end},
                                 {"families_still_owed_at_end_national_estimate",
                                  national_estimate(m, m.families_still_owed_at_end)},
                                 {"family_days_in_arrears", m.family_days_in_arrears}, {"calls", m.calls},
                                 {"advances_recovered_before_payment", m.advances_recovered_before_payment},
                                 {"families_overpaid_peak", m.families_overpaid_peak},
                                 {"families_overpaid_peak_national_estimate",
                                  national_estimate(m, m.families_overpaid_peak)},
                                 {"money_overpaid_peak", m.money_overpaid_peak.to_string()},
                                 {"carers_unpaid_peak", m.carers_unpaid_peak},
                                 {"carers_unpaid_peak_national_estimate", national_estimate(m, m.carers_unpaid_peak)},
                                 {"families_in_hardship_peak", m.families_in_hardship_peak},
                                 {"calls_lost", m.calls_lost},
                                 {"promises_kept", m.promises_kept},
                                 {"promises_broken", m.promises_broken}});
            }
        }
        list.push_back({{"rank", i + 1},
                        {"option", c.name},
                        {"seeds", c.seeds},
                        {"families_affected", summary_json(c.families_affected, 1)},
                        {"families_affected_national_estimate", summary_json(c.families_affected_national, 1)},
                        {"money_owed_peak", summary_json(c.money_owed_peak_euros, 2)},
                        {"longest_delay_days", summary_json(c.longest_delay_days, 1)},
                        {"families_still_owed_at_end", summary_json(c.families_still_owed_at_end, 1)},
                        {"families_still_owed_at_end_national_estimate",
                         summary_json(c.families_still_owed_at_end_national, 1)},
                        {"family_days_in_arrears", summary_json(c.family_days_in_arrears, 1)},
                        {"calls", summary_json(c.calls, 1)},
                        {"advances_recovered_before_payment", summary_json(c.advances_recovered_before_payment, 1)},
                        {"families_overpaid_peak", summary_json(c.families_overpaid_peak, 1)},
                        {"families_overpaid_peak_national_estimate",
                         summary_json(c.families_overpaid_peak_national, 1)},
                        {"money_overpaid_peak", summary_json(c.money_overpaid_peak_euros, 2)},
                        {"carers_unpaid_peak", summary_json(c.carers_unpaid_peak, 1)},
                        {"carers_unpaid_peak_national_estimate", summary_json(c.carers_unpaid_peak_national, 1)},
                        {"families_in_hardship_peak", summary_json(c.families_in_hardship_peak, 1)},
                        {"calls_lost", summary_json(c.calls_lost, 1)},
                        {"promises_kept_share", c.promised ? nlohmann::ordered_json(summary_json(c.promises_kept_share, 3))
                                                           : nlohmann::ordered_json(nullptr)},
                        {"runs", seeds}});
    }
    out["options"] = list;
    return out.dump(2) + "\n";
}

std::string compare_csv(const std::vector<ComparedOption>& compared) {
    std::ostringstream out;
    // The national estimates and the overpayment and carer figures come after the owed figures,
    // so that a spreadsheet reading columns by position still finds those where it expects.
    out << "rank,option,seeds,families_affected_mean,families_affected_low_5,families_affected_high_95,"
           "money_owed_peak_mean,money_owed_peak_low_5,money_owed_peak_high_95,longest_delay_days_mean,"
           "families_still_owed_at_end_mean,family_days_in_arrears_mean,calls_mean,"
           "advances_recovered_before_payment_mean,families_affected_national_estimate_mean,"
           "families_affected_national_estimate_low_5,families_affected_national_estimate_high_95,"
           "families_still_owed_at_end_national_estimate_mean,families_overpaid_peak_mean,"
           "families_overpaid_peak_national_estimate_mean,money_overpaid_peak_mean,carers_unpaid_peak_mean,"
           "carers_unpaid_peak_national_estimate_mean,families_in_hardship_peak_mean,calls_lost_mean,"
           "promises_kept_share_mean,promises_kept_share_low_5,promises_kept_share_high_95\n";
    for (std::size_t i = 0; i < compared.size(); ++i) {
        const ComparedOption& c = compared[i];
        out << i + 1 << ',' << csv_text(c.name) << ',' << c.seeds << ',' << fixed(c.families_affected.mean, 1) << ','
            << fixed(c.families_affected.low, 1) << ',' << fixed(c.families_affected.high, 1) << ','
            << fixed(c.money_owed_peak_euros.mean, 2) << ',' << fixed(c.money_owed_peak_euros.low, 2) << ','
            << fixed(c.money_owed_peak_euros.high, 2) << ',' << fixed(c.longest_delay_days.mean, 1) << ','
            << fixed(c.families_still_owed_at_end.mean, 1) << ',' << fixed(c.family_days_in_arrears.mean, 1) << ','
            << fixed(c.calls.mean, 1) << ',' << fixed(c.advances_recovered_before_payment.mean, 1) << ','
            << fixed(c.families_affected_national.mean, 1) << ',' << fixed(c.families_affected_national.low, 1) << ','
            << fixed(c.families_affected_national.high, 1) << ','
            << fixed(c.families_still_owed_at_end_national.mean, 1) << ','
            << fixed(c.families_overpaid_peak.mean, 1) << ',' << fixed(c.families_overpaid_peak_national.mean, 1)
            << ',' << fixed(c.money_overpaid_peak_euros.mean, 2) << ',' << fixed(c.carers_unpaid_peak.mean, 1) << ','
            << fixed(c.carers_unpaid_peak_national.mean, 1) << ',' << fixed(c.families_in_hardship_peak.mean, 1) << ','
            << fixed(c.calls_lost.mean, 1) << ',';
        if (c.promised) {
            out << fixed(c.promises_kept_share.mean, 3) << ',' << fixed(c.promises_kept_share.low, 3) << ','
                << fixed(c.promises_kept_share.high, 3) << '\n';
        } else {
            out << ",,\n";
        }
    }
    return out.str();
}

namespace {

std::string summary_cell(const Summary& s, int decimals) {
    return "<td class=\"num\">" + fixed(s.mean, decimals) +
           (s.high > s.low ? " <span class=\"sub\">[" + fixed(s.low, decimals) + " – " + fixed(s.high, decimals) +
                                 "]</span>"
                           : std::string()) +
           "</td>";
}

// A count of families: simulated, and below it the national estimate, each labelled.
std::string count_cell(const Summary& simulated, const Summary& national) {
    return "<td class=\"num\">" + fixed(simulated.mean, 1) +
           (simulated.high > simulated.low
                ? " <span class=\"sub\">[" + fixed(simulated.low, 1) + " – " + fixed(simulated.high, 1) + "]</span>"
                : std::string()) +
           " <span class=\"sub\">simulated</span><br/>" + fixed(national.mean, 0) +
           (national.high > national.low
                ? " <span class=\"sub\">[" + fixed(national.low, 0) + " – " + fixed(national.high, 0) + "]</span>"
                : std::string()) +
           " <span class=\"sub\">national estimate</span></td>";
}

// Each option's month-end curves in one chart (the options whose runs cover the same months
// as the first ranked one's).
std::string curves(const std::vector<ComparedOption>& compared) {
    static const char* const colours[] = {"#1b6ca8", "#c0392b", "#27ae60", "#8e44ad", "#d35400",
                                          "#16a085", "#7f8c8d", "#b7950b", "#2c3e50", "#e84393"};
    if (compared.empty() || compared.front().arrears_by_month.empty()) return {};
    const ComparedOption& first = compared.front();
    Chart arrears{"Families in arrears at each month end (mean across seeds)", "families", first.first_month, {}, {}};
    Chart owed{"Money owed at each month end (mean across seeds)", "€", first.first_month, {}, {}};
    std::size_t colour = 0;
    std::size_t left_out = 0;
    for (const ComparedOption& c : compared) {
        if (c.first_month != first.first_month || c.arrears_by_month.size() != first.arrears_by_month.size()) {
            ++left_out;
            continue;
        }
        const std::string hue = colours[colour++ % std::size(colours)];
        arrears.series.push_back({c.name, hue, c.arrears_by_month});
        owed.series.push_back({c.name, hue, c.owed_by_month_euros});
    }
    std::string html = "<h2>Curves</h2>" + svg_line_chart(arrears) + svg_line_chart(owed);
    if (left_out > 0) {
        html += "<p class=\"sub\">" + std::to_string(left_out) +
                " option(s) left out of the curves: their runs cover other months than the first ranked.</p>";
    }
    return html + "\n";
}

}  // namespace

std::string compare_text(const std::vector<ComparedOption>& compared) {
    std::ostringstream out;
    out << "rank  option                          families affected           money owed at peak (€)"
           "   longest delay (days)  promises kept  calls lost\n";
    for (std::size_t i = 0; i < compared.size(); ++i) {
        const ComparedOption& c = compared[i];
        const auto interval = [](const Summary& s, int decimals) {
            return fixed(s.mean, decimals) + " [" + fixed(s.low, decimals) + "-" + fixed(s.high, decimals) + "]";
        };
        char line[512];
        std::snprintf(line, sizeof line, "%4zu  %-30s  %-26s  %-26s  %20s  %13s  %10s\n", i + 1,
                      std::string(utf8_prefix(c.name, 30)).c_str(), interval(c.families_affected, 1).c_str(),
                      interval(c.money_owed_peak_euros, 0).c_str(), fixed(c.longest_delay_days.mean, 0).c_str(),
                      c.promised ? fixed(c.promises_kept_share.mean, 3).c_str() : "-",
                      fixed(c.calls_lost.mean, 0).c_str());
        out << line;
    }
    return out.str();
}

std::string compare_html(const std::vector<ComparedOption>& compared, const std::vector<OptionRuns>&) {
    std::ostringstream html;
    const std::size_t seeds = compared.empty() ? 0 : compared.front().seeds;
    html << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>pajesim: rollout options"
            "</title><style>" << report_css() << "</style></head><body>\n";
    html << "<h1>Options compared</h1><p class=\"sub\">" << compared.size() << " options, " << seeds
         << " seed(s) each, the same seeds for every option (common random numbers). Ranked: fewest families"
            " affected first, then least money owed at the peak, shortest longest delay, most promises kept,"
            " fewest calls lost. Mean, and 90 % interval across seeds. Counts of"
            " families are shown as simulated and as national estimate (the simulated count x national families"
            " / simulated families, rounded half up, for each seed).</p>\n";
    html << "<table><tr><th>rank</th><th>option</th><th>families affected</th><th>money owed at the peak (€)</th>"
            "<th>families overpaid at the peak</th><th>money overpaid at the peak (€)</th>"
            "<th>longest delay (days)</th><th>still owed at the end</th><th>families with carers unpaid at the"
            " peak</th><th>calls</th><th>advances recovered before payment</th><th>families in hardship at the"
            " peak</th><th>calls lost</th><th>promises kept</th></tr>";
    for (std::size_t i = 0; i < compared.size(); ++i) {
        const ComparedOption& c = compared[i];
        html << "<tr><td class=\"num\">" << i + 1 << "</td><td>" << xml_escape(c.name) << "</td>"
             << count_cell(c.families_affected, c.families_affected_national)
             << summary_cell(c.money_owed_peak_euros, 2)
             << count_cell(c.families_overpaid_peak, c.families_overpaid_peak_national)
             << summary_cell(c.money_overpaid_peak_euros, 2) << summary_cell(c.longest_delay_days, 1)
             << count_cell(c.families_still_owed_at_end, c.families_still_owed_at_end_national)
             << count_cell(c.carers_unpaid_peak, c.carers_unpaid_peak_national) << summary_cell(c.calls, 1)
             << summary_cell(c.advances_recovered_before_payment, 1) << summary_cell(c.families_in_hardship_peak, 1)
             << summary_cell(c.calls_lost, 1)
             << (c.promised ? summary_cell(c.promises_kept_share, 3) : std::string("<td class=\"num\">no promise</td>"))
             << "</tr>";
    }
    html << "</table>\n";
    html << curves(compared);
    const auto bars = [&](auto get) {
        std::vector<Bar> result;
        for (const ComparedOption& c : compared) {
            const Summary s = get(c);
            result.push_back({c.name, s.mean, s.low, s.high});
        }
        return result;
    };
    html << "<h2>Families affected</h2>"
         << svg_bar_chart("Families affected (simulated)", "families",
                          bars([](const ComparedOption& c) { return c.families_affected; }))
         << svg_bar_chart("Families affected (national estimate)", "families",
                          bars([](const ComparedOption& c) { return c.families_affected_national; }));
    html << "<h2>Money owed at the peak</h2>"
         << svg_bar_chart("Money owed at the peak", "€",
                          bars([](const ComparedOption& c) { return c.money_owed_peak_euros; }));
    html << "<h2>Money overpaid at the peak</h2>"
         << svg_bar_chart("Money overpaid at the peak", "€",
                          bars([](const ComparedOption& c) { return c.money_overpaid_peak_euros; }));
    html << "<h2>Longest delay</h2>"
         << svg_bar_chart("Longest delay", "days", bars([](const ComparedOption& c) { return c.longest_delay_days; }));
    html << "</body></html>\n";
    return html.str();
}

}  // namespace pajesim::reports
