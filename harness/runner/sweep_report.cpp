#include "harness/runner/sweep_report.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <sstream>

#include "reports/csv.hpp"
#include "reports/html_report.hpp"
#include "reports/junit.hpp"
#include "reports/svg_chart.hpp"
#include "sim/kernel/assert.hpp"

namespace pajesim::reports {
namespace {

// A harm figure of a run: its value (none: promises_kept_share without a promise settled),
// how a table writes it, and whether it counts families (then also as a national estimate).
struct Figure {
    const char* name;
    const char* title;
    const char* unit;
    int decimals;  // for means; a run's own value is exact
    bool families;
    bool higher_is_better;
    std::function<std::optional<double>(const HarmMetrics&)> value;
    std::function<std::string(const HarmMetrics&)> exact;
};

std::string count_text(std::int64_t value) { return std::to_string(value); }

const std::vector<Figure>& figures() {
    static const std::vector<Figure> list = [] {
        std::vector<Figure> f;
        const auto count = [&](const char* name, const char* title, const char* unit, bool families,
                               std::int64_t HarmMetrics::*member) {
            f.push_back({name, title, unit, 1, families, false,
                         [member](const HarmMetrics& m) { return std::optional<double>(double(m.*member)); },
                         [member](const HarmMetrics& m) { return count_text(m.*member); }});
        };
        const auto money = [&](const char* name, const char* title, Cents HarmMetrics::*member) {
            f.push_back({name, title, "€", 2, false, false,
                         [member](const HarmMetrics& m) { return std::optional<double>(double((m.*member).value()) / 100.0); },
                         [member](const HarmMetrics& m) { return (m.*member).to_string(); }});
        };
        count("families_affected", "Families affected", "families", true, &HarmMetrics::families_affected);
        money("money_owed_peak", "Money owed at the peak", &HarmMetrics::money_owed_peak);
        count("longest_delay_days", "Longest delay", "days", false, &HarmMetrics::longest_delay_days);
        count("families_still_owed_at_end", "Families still owed at the end", "families", true,
              &HarmMetrics::families_still_owed_at_end);
        count("family_days_in_arrears", "Family-days in arrears", "family-days", false, &HarmMetrics::family_days_in_arrears);
        count("calls", "Calls", "calls", false, &HarmMetrics::calls);
        count("advances_recovered_before_payment", "Advances recovered before payment", "advances", false,
              &HarmMetrics::advances_recovered_before_payment);
        count("families_overpaid_peak", "Families overpaid at the peak", "families", true, &HarmMetrics::families_overpaid_peak);
        money("money_overpaid_peak", "Money overpaid at the peak", &HarmMetrics::money_overpaid_peak);
        count("carers_unpaid_peak", "Families with carers unpaid at the peak", "families", true,
              &HarmMetrics::carers_unpaid_peak);
        count("families_in_hardship_peak", "Families in hardship at the peak", "families", true,
              &HarmMetrics::families_in_hardship_peak);
        count("calls_lost", "Calls lost", "calls", false, &HarmMetrics::calls_lost);
        f.push_back({"promises_kept_share", "Share of promises kept", "share", 3, false, true,
                     [](const HarmMetrics& m) -> std::optional<double> {
                         const std::int64_t settled = m.promises_kept + m.promises_broken;
                         if (settled == 0) return std::nullopt;
                         return double(m.promises_kept) / double(settled);
                     },
                     [](const HarmMetrics& m) -> std::string {
                         const std::int64_t settled = m.promises_kept + m.promises_broken;
                         return settled == 0 ? std::string() : fixed(double(m.promises_kept) / double(settled), 6);
                     }});
        return f;
    }();
    return list;
}

const Figure& figure_named(const std::string& name) {
    for (const Figure& f : figures()) {
        if (name == f.name) return f;
    }
    PAJESIM_ASSERT(false);
    return figures().front();
}

// One point's summary of a figure across its seeds (none when no seed has a value).
struct PointFigure {
    bool any = false;
    Summary simulated;
    Summary national;
};

struct PointSummaries {
    std::vector<std::vector<PointFigure>> by_point;  // [point][figure]
};

PointSummaries summarise_points(const harness::SweepSpec& spec, const std::vector<HarmMetrics>& runs) {
    PointSummaries s;
    s.by_point.resize(spec.points.size());
    for (std::size_t p = 0; p < spec.points.size(); ++p) {
        for (const Figure& f : figures()) {
            std::vector<double> values;
            std::vector<double> national;
            for (std::size_t k = 0; k < spec.seeds; ++k) {
                const HarmMetrics& m = runs[p * spec.seeds + k];
                const std::optional<double> v = f.value(m);
                if (!v) continue;
                values.push_back(*v);
                if (f.families) national.push_back(double(national_estimate(m, static_cast<std::int64_t>(*v))));
            }
            PointFigure pf;
            pf.any = !values.empty();
            pf.simulated = summarise(values);
            pf.national = summarise(national);
            s.by_point[p].push_back(pf);
        }
    }
    return s;
}

std::size_t figure_index(const std::string& name) {
    for (std::size_t i = 0; i < figures().size(); ++i) {
        if (name == figures()[i].name) return i;
    }
    PAJESIM_ASSERT(false);
    return 0;
}

// Points ranked by the mean of `rank_by` (best first; points without a value last), ties by
// point number.
std::vector<std::size_t> ranking(const harness::SweepSpec& spec, const PointSummaries& s) {
    const std::size_t fi = figure_index(spec.rank_by);
    const bool higher = figures()[fi].higher_is_better;
    std::vector<std::size_t> order(spec.points.size());
    for (std::size_t p = 0; p < order.size(); ++p) order[p] = p;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const PointFigure& x = s.by_point[a][fi];
        const PointFigure& y = s.by_point[b][fi];
        if (x.any != y.any) return x.any;
        if (!x.any) return false;
        return higher ? x.simulated.mean > y.simulated.mean : x.simulated.mean < y.simulated.mean;
    });
    return order;
}

// Each factor's share of the variance of a figure across every run (seeds included).
std::vector<double> sensitivity(const harness::SweepSpec& spec, const std::vector<HarmMetrics>& runs, const Figure& f) {
    std::vector<double> shares;
    for (std::size_t j = 0; j < spec.factors.size(); ++j) {
        std::vector<double> values;
        std::vector<std::size_t> groups;
        for (std::size_t r = 0; r < runs.size(); ++r) {
            const std::optional<double> v = f.value(runs[r]);
            if (!v) continue;
            values.push_back(*v);
            groups.push_back(spec.point_groups[spec.point_of(r)][j]);
        }
        shares.push_back(variance_share(values, groups, spec.group_labels[j].size()));
    }
    return shares;
}

std::vector<std::size_t> by_share(const std::vector<double>& shares) {
    std::vector<std::size_t> order(shares.size());
    for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return shares[a] > shares[b]; });
    return order;
}

std::string interval_text(const Summary& s, int decimals) {
    return fixed(s.mean, decimals) + " [" + fixed(s.low, decimals) + "-" + fixed(s.high, decimals) + "]";
}

std::string cell(const PointFigure& pf, const Figure& f) {
    if (!pf.any) return "<td class=\"num\">–</td>";
    std::string html = "<td class=\"num\">" + fixed(pf.simulated.mean, f.decimals);
    if (pf.simulated.high > pf.simulated.low) {
        html += " <span class=\"sub\">[" + fixed(pf.simulated.low, f.decimals) + " – " + fixed(pf.simulated.high, f.decimals) + "]</span>";
    }
    if (f.families) {
        html += "<br/>" + fixed(pf.national.mean, 0) + " <span class=\"sub\">national estimate</span>";
    }
    return html + "</td>";
}

std::string design_text(const harness::SweepSpec& spec) {
    if (spec.design == harness::SweepDesign::full_factorial) return "full factorial";
    return "Latin hypercube of " + std::to_string(spec.lhs_points) + " points (design seed " + std::to_string(spec.lhs_seed) + ")";
}

}  // namespace

double variance_share(const std::vector<double>& values, const std::vector<std::size_t>& groups, std::size_t group_count) {
    if (values.size() < 2) return 0;
    double total = 0;
    for (const double v : values) total += v;
    const double mean = total / double(values.size());
    std::vector<double> sums(group_count, 0.0);
    std::vector<double> counts(group_count, 0.0);
    double total_squares = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        total_squares += (values[i] - mean) * (values[i] - mean);
        sums[groups[i]] += values[i];
        counts[groups[i]] += 1;
    }
    if (total_squares <= 0) return 0;
    double between = 0;
    for (std::size_t g = 0; g < group_count; ++g) {
        if (counts[g] == 0) continue;
        const double group_mean = sums[g] / counts[g];
        between += counts[g] * (group_mean - mean) * (group_mean - mean);
    }
    return std::clamp(between / total_squares, 0.0, 1.0);
}

SweepTables sweep_tables(const harness::SweepSpec& spec, const std::vector<HarmMetrics>& runs) {
    PAJESIM_ASSERT(runs.size() == spec.run_count());
    SweepTables tables;
    const std::vector<Figure>& list = figures();

    // sweep.csv: one row per run.
    std::ostringstream csv;
    csv << "run,point,seed";
    for (const harness::SweepFactor& factor : spec.factors) csv << ',' << csv_text(factor.name);
    csv << ",families,national_families";
    for (const Figure& f : list) {
        csv << ',' << f.name;
        if (f.families) csv << ',' << f.name << "_national_estimate";
    }
    csv << '\n';
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const HarmMetrics& m = runs[r];
        const std::size_t p = spec.point_of(r);
        csv << r << ',' << p << ',' << m.seed;
        for (const std::string& label : spec.point_labels[p]) csv << ',' << csv_text(label);
        csv << ',' << m.families << ',' << m.national_families;
        for (const Figure& f : list) {
            csv << ',' << f.exact(m);
            if (f.families) csv << ',' << national_estimate(m, static_cast<std::int64_t>(*f.value(m)));
        }
        csv << '\n';
    }
    tables.csv = csv.str();

    // sweep-summary.csv: one row per point, in point order, with its rank.
    const PointSummaries s = summarise_points(spec, runs);
    const std::vector<std::size_t> order = ranking(spec, s);
    std::vector<std::size_t> rank_of(spec.points.size());
    for (std::size_t i = 0; i < order.size(); ++i) rank_of[order[i]] = i + 1;
    std::ostringstream summary;
    summary << "point,rank";
    for (const harness::SweepFactor& factor : spec.factors) summary << ',' << csv_text(factor.name);
    summary << ",seeds";
    for (const Figure& f : list) {
        summary << ',' << f.name << "_mean," << f.name << "_low_5," << f.name << "_high_95";
        if (f.families) {
            summary << ',' << f.name << "_national_estimate_mean," << f.name << "_national_estimate_low_5," << f.name
                    << "_national_estimate_high_95";
        }
    }
    summary << '\n';
    for (std::size_t p = 0; p < spec.points.size(); ++p) {
        summary << p << ',' << rank_of[p];
        for (const std::string& label : spec.point_labels[p]) summary << ',' << csv_text(label);
        summary << ',' << spec.seeds;
        for (std::size_t fi = 0; fi < list.size(); ++fi) {
            const PointFigure& pf = s.by_point[p][fi];
            const int d = list[fi].decimals;
            if (pf.any) {
                summary << ',' << fixed(pf.simulated.mean, d) << ',' << fixed(pf.simulated.low, d) << ','
                        << fixed(pf.simulated.high, d);
            } else {
                summary << ",,,";
            }
            if (list[fi].families) {
                summary << ',' << fixed(pf.national.mean, 1) << ',' << fixed(pf.national.low, 1) << ','
                        << fixed(pf.national.high, 1);
            }
        }
        summary << '\n';
    }
    tables.summary_csv = summary.str();

    // The terminal: the best points, and the factors by sensitivity of the ranking figure.
    const Figure& ranked = figure_named(spec.rank_by);
    const std::size_t ranked_index = figure_index(spec.rank_by);
    const std::vector<double> ranked_shares = sensitivity(spec, runs, ranked);
    std::ostringstream text;
    text << spec.name << ": " << spec.points.size() << " points x " << spec.seeds << " seeds (" << design_text(spec)
         << "), ranked by " << spec.rank_by << (ranked.higher_is_better ? " (highest first)" : " (lowest first)") << "\n";
    text << "rank  point  " << ranked.name << " mean [90 % interval]   factors\n";
    for (std::size_t i = 0; i < std::min<std::size_t>(order.size(), 10); ++i) {
        const std::size_t p = order[i];
        const PointFigure& pf = s.by_point[p][ranked_index];
        char line[160];
        std::snprintf(line, sizeof line, "%4zu  %5zu  %-34s  ", i + 1, p,
                      pf.any ? interval_text(pf.simulated, ranked.decimals).c_str() : "-");
        text << line;
        for (std::size_t j = 0; j < spec.factors.size(); ++j) {
            text << (j > 0 ? ", " : "") << spec.factors[j].name << "=" << spec.point_labels[p][j];
        }
        text << '\n';
    }
    if (order.size() > 10) text << "      (" << order.size() - 10 << " more points in sweep-summary.csv)\n";
    text << "share of the variance of " << ranked.name << " explained by each factor:";
    for (const std::size_t j : by_share(ranked_shares)) {
        text << "  " << spec.factors[j].name << " " << fixed(ranked_shares[j], 2);
    }
    text << '\n';
    tables.text = text.str();

    // sweep.html.
    std::ostringstream html;
    html << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>pajesim sweep: "
         << xml_escape(spec.name) << "</title><style>" << report_css() << "</style></head><body>\n";
    html << "<h1>Sweep: " << xml_escape(spec.name) << "</h1><p class=\"sub\">Base scenario "
         << xml_escape(spec.base_file) << "; " << design_text(spec) << ": " << spec.points.size() << " points x "
         << spec.seeds << " seeds (" << spec.first_seed << " to " << spec.first_seed + spec.seeds - 1
         << ", the same at every point: common random numbers) = " << spec.run_count()
         << " runs. Means, and 90 % intervals (5th to 95th percentile, nearest rank) across seeds. Counts of"
            " families are also given as a national estimate (the simulated count x national families / simulated"
            " families, rounded half up, for each seed).</p>\n";
    html << "<h2>Factors</h2><table><tr><th>factor</th><th>scenario key</th><th>levels</th></tr>";
    for (std::size_t j = 0; j < spec.factors.size(); ++j) {
        const harness::SweepFactor& factor = spec.factors[j];
        std::string levels;
        if (factor.is_range && spec.design == harness::SweepDesign::latin_hypercube) {
            levels = "range " + factor.range_text + " (in 5 bins for the curves and the sensitivity)";
        } else {
            for (std::size_t l = 0; l < factor.labels.size(); ++l) levels += (l > 0 ? ", " : "") + factor.labels[l];
        }
        html << "<tr><td>" << xml_escape(factor.name) << "</td><td><code>" << xml_escape(factor.path) << "</code></td><td>"
             << xml_escape(levels) << "</td></tr>";
    }
    html << "</table>\n";

    constexpr std::size_t shown = 50;
    html << "<h2>Points ranked by " << xml_escape(ranked.title) << "</h2><p class=\"sub\">"
         << (ranked.higher_is_better ? "Highest" : "Lowest") << " mean first; ties keep the point order."
         << (order.size() > shown ? " The best " + std::to_string(shown) + " of " + std::to_string(order.size()) +
                                        " points; every point is in sweep-summary.csv."
                                  : std::string())
         << "</p><table><tr><th>rank</th><th>point</th>";
    for (const harness::SweepFactor& factor : spec.factors) html << "<th>" << xml_escape(factor.name) << "</th>";
    for (const std::string& name : spec.outputs) html << "<th>" << xml_escape(figure_named(name).title) << "</th>";
    html << "</tr>";
    for (std::size_t i = 0; i < std::min(order.size(), shown); ++i) {
        const std::size_t p = order[i];
        html << "<tr><td class=\"num\">" << i + 1 << "</td><td class=\"num\">" << p << "</td>";
        for (const std::string& label : spec.point_labels[p]) html << "<td>" << xml_escape(label) << "</td>";
        for (const std::string& name : spec.outputs) html << cell(s.by_point[p][figure_index(name)], figure_named(name));
        html << "</tr>";
    }
    html << "</table>\n";

    html << "<h2>Sensitivity</h2><p class=\"sub\">The share of each figure's variance across all runs (seeds"
            " included) explained by each factor alone: the variance of the means by level (a range of a Latin"
            " hypercube in 5 equal bins) over the total variance (the correlation ratio η²). Shares of"
            " different factors need not add up to 1 (interactions, and the seeds' own variance).</p><table><tr><th>figure</th>";
    for (const harness::SweepFactor& factor : spec.factors) html << "<th>" << xml_escape(factor.name) << "</th>";
    html << "</tr>";
    for (const std::string& name : spec.outputs) {
        const std::vector<double> shares = sensitivity(spec, runs, figure_named(name));
        html << "<tr><td>" << xml_escape(figure_named(name).title) << "</td>";
        for (const double share : shares) html << "<td class=\"num\">" << fixed(share, 2) << "</td>";
        html << "</tr>";
    }
    html << "</table>\n";
    {
        std::vector<Bar> bars;
        for (const std::size_t j : by_share(ranked_shares)) bars.push_back({spec.factors[j].name, ranked_shares[j], 0, 0});
        html << svg_bar_chart("Share of the variance of " + std::string(ranked.title) + " by factor", "share", bars);
    }

    html << "<h2>Response curves</h2><p class=\"sub\">For each figure and factor: the mean over every run at"
            " each level of the factor (all levels of the other factors, all seeds), and the 5th to 95th"
            " percentile of those runs as a band.</p>\n";
    for (const std::string& name : spec.outputs) {
        const Figure& f = figure_named(name);
        html << "<h3>" << xml_escape(f.title) << "</h3>";
        for (std::size_t j = 0; j < spec.factors.size(); ++j) {
            std::vector<std::vector<double>> by_group(spec.group_labels[j].size());
            for (std::size_t r = 0; r < runs.size(); ++r) {
                const std::optional<double> v = f.value(runs[r]);
                if (v) by_group[spec.point_groups[spec.point_of(r)][j]].push_back(*v);
            }
            std::vector<Bar> levels;
            for (std::size_t g = 0; g < by_group.size(); ++g) {
                if (by_group[g].empty()) continue;
                const Summary level = summarise(by_group[g]);
                levels.push_back({spec.group_labels[j][g], level.mean, level.low, level.high});
            }
            html << svg_response_chart(std::string(f.title) + " by " + spec.factors[j].name, f.unit, levels);
        }
        html << "\n";
    }
    html << "</body></html>\n";
    tables.html = html.str();
    return tables;
}

}  // namespace pajesim::reports
