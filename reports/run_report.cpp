#include "reports/run_report.hpp"

#include <algorithm>
#include <map>
#include <array>
#include <sstream>
#include <string_view>

#include <nlohmann/json.hpp>

#include "reports/run_figures.hpp"
#include "sim/kernel/assert.hpp"
#include "sim/kernel/int128.hpp"

namespace pajesim::reports {
namespace {

using nlohmann::ordered_json;

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
    std::uint32_t families_with_several_carers = 0;
    std::uint32_t assmat_with_several_families = 0;
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
    // A family's contracts are consecutive; a carer's families are not: the first family seen
    // for each carer, and whether another was seen.
    for (std::size_t f = 0; f + 1 < world.family_contract_begin.size(); ++f) {
        const std::uint32_t begin = world.family_contract_begin[f];
        const std::uint32_t end = world.family_contract_begin[f + 1];
        const bool several = std::any_of(world.contracts.begin() + begin, world.contracts.begin() + end,
                                         [&](const model::Contract& c) { return c.carer != world.contracts[begin].carer; });
        counts.families_with_several_carers += several ? 1 : 0;
    }
    constexpr std::uint32_t none = UINT32_MAX;
    std::vector<std::uint32_t> first_family(world.carers.size(), none);
    std::vector<bool> shared(world.carers.size(), false);
    for (const model::Contract& contract : world.contracts) {
        std::uint32_t& first = first_family[contract.carer.index()];
        if (first == none) first = contract.family.value();
        if (first != contract.family.value()) shared[contract.carer.index()] = true;
    }
    for (std::size_t c = 0; c < world.carers.size(); ++c) {
        if (shared[c] && world.carers[c].kind == model::CarerKind::assmat) ++counts.assmat_with_several_families;
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

ordered_json violation_json(const invariants::Violation& v) {
    return {{"invariant", v.invariant}, {"family", v.family.value()}, {"month", v.month.to_string()},
            {"expected", v.expected.to_string()}, {"actual", v.actual.to_string()},
            {"first_seen", v.first_seen.to_string()}, {"harm", v.harm.to_string()}, {"reason", std::string(v.reason)}};
}

// Whose account the movement touched: credited, debited, or neither (money paid for the
// family: covered contributions, its carers' pay under Pajemploi+).
const char* direction(const harness::Dossier::Money& movement) {
    if (movement.to_family) return "to_family";
    if (movement.from_family) return "from_family";
    return "for_family";
}

ordered_json dossier_json(const harness::RunOutcome& run, const harness::Dossier& dossier) {
    // Each list is made as a vector and turned into JSON once: built with diagnostics, an
    // ordered_json array resets the parent of every element at each push_back, quadratic in a
    // dossier of many thousand steps (a centre flooding a family with actions).
    ordered_json::array_t events;
    events.reserve(dossier.events.size());
    for (const model::FileEvent& e : dossier.events) {
        ordered_json fault = nullptr;
        if (e.fault != 0) {
            const std::size_t index = e.fault - 1u;
            fault = {{"index", index},
                     {"kind", index < run.faults.size() ? run.faults[index].kind : std::string("?")}};
        }
        events.push_back({{"date", e.date.to_string()}, {"step", e.kind}, {"month", e.month.to_string()},
                          {"amount", e.amount.to_string()}, {"detail", e.detail}, {"fault", fault}});
    }
    ordered_json::array_t movements;
    movements.reserve(dossier.money.size());
    for (const harness::Dossier::Money& m : dossier.money) {
        movements.push_back({{"date", m.date.to_string()}, {"cause", model::to_string(m.cause)},
                             {"month", m.month.to_string()}, {"amount", m.amount.to_string()},
                             {"direction", direction(m)}});
    }
    ordered_json::array_t months;
    months.reserve(dossier.months.size());
    for (const harness::Dossier::Month& m : dossier.months) {
        months.push_back({{"month", m.month.to_string()}, {"cmg_owed", m.owed.to_string()},
                          {"cmg_paid", m.paid.to_string()}, {"debit_due", m.debit_due.to_string()},
                          {"debited", m.debited.to_string()}, {"overpayment_recovered", m.recovered.to_string()},
                          {"overpayment_written_off", m.written_off.to_string()},
                          {"carers_due", m.carers_due.to_string()}, {"carers_paid", m.carers_paid.to_string()}});
    }
    ordered_json::array_t violations;
    violations.reserve(dossier.violations.size());
    for (const invariants::Violation& v : dossier.violations) violations.push_back(violation_json(v));
    return {{"family", dossier.family.value()}, {"events", ordered_json(std::move(events))},
            {"money", ordered_json(std::move(movements))}, {"months", ordered_json(std::move(months))},
            {"violations", ordered_json(std::move(violations))}};
}

}  // namespace

std::int64_t national_estimate(const harness::RunOutcome& run, std::uint64_t count) {
    if (run.world.families.empty()) return 0;
    return divide_rounded(static_cast<Int128>(count) * run.scenario.population.national_families,
                          static_cast<Int128>(run.world.families.size()), Rounding::half_up);
}

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
        {"families_with_several_carers", counts.families_with_several_carers},
        {"assmat_with_several_families", counts.assmat_with_several_families},
    };
    ordered_json months = ordered_json::array();
    for (const model::MonthFigures& figures : result.months) months.push_back(month_json(figures));
    report["months"] = std::move(months);
    report["totals"] = totals_json(run, sum_and_peaks(result.months));
    report["register"] = register_json(run);
    ordered_json faults = ordered_json::array();
    for (const faults::FaultSummary& fault : run.faults) {
        faults.push_back({{"kind", fault.kind},
                          {"window", {{"from", fault.window.begin().to_string()},
                                      {"to", fault.window.end().to_string()}}},
                          {"firings", fault.firings}});
    }
    report["faults"] = std::move(faults);
    report["national_estimate"] = national_json(run, report["totals"], report["months"], report["register"]);
    ordered_json verdicts = ordered_json::array();
    for (const invariants::InvariantVerdict& verdict : run.verdicts) {
        verdicts.push_back({{"invariant", verdict.name},
                            {"holds", verdict.checked && verdict.violations == 0},
                            {"checked", verdict.checked},
                            {"violations", verdict.violations}});
    }
    report["invariants"] = std::move(verdicts);
    report["violation_count"] = run.violation_count;
    // The 100 most harmful, and each invariant's 20 most harmful among the rest: one invariant's
    // large harms (overpayments never recovered, say) do not hide another's.
    ordered_json violations = ordered_json::array();
    std::map<std::string_view, std::size_t> per_invariant;
    for (std::size_t i = 0; i < run.violations.size(); ++i) {
        const std::size_t rank = per_invariant[run.violations[i].invariant]++;
        if (i < 100 || rank < 20) violations.push_back(violation_json(run.violations[i]));
    }
    report["violations_most_harmful"] = std::move(violations);
    // The dossiers (all of a run's families with --dossiers all) are written one at a time into
    // the text, never held as one document: the text is the same as the whole document's dump.
    report["dossiers"] = ordered_json::array();
    report["ledger"] = {{"net", result.ledger_net.to_string()},
                        {"balanced", result.ledger_net == Cents{0}}};
    const std::string text = report.dump(2);
    const std::string_view placeholder = "\n  \"dossiers\": [],";
    const std::size_t at = text.find(placeholder);
    PAJESIM_ASSERT(at != std::string::npos);
    std::string out(text, 0, at);
    out += "\n  \"dossiers\": ";
    if (run.dossiers.empty()) {
        out += "[]";
    } else {
        out += "[\n";
        bool first = true;
        for (const auto& [family, dossier] : run.dossiers) {
            if (!first) out += ",\n";
            first = false;
            // An element of the top-level array is indented by 4 spaces; a JSON text holds no raw
            // line break inside its strings, so each of its lines moves right by 4.
            const std::string element = dossier_json(run, dossier).dump(2);
            out += "    ";
            for (const char c : element) {
                out.push_back(c);
                if (c == '\n') out += "    ";
            }
        }
        out += "\n  ]";
    }
    out.append(text, at + placeholder.size() - 1, std::string::npos);  // from the comma on
    out += "\n";
    return out;
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
            << s.months_declared << ',' << s.cmg_owed.to_string() << ',' << s.cmg_paid.to_string() << ','
            << s.largest_arrears.to_string() << ',' << month_text(s.first_month_wrong) << ','
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
    const model::MonthFigures peaks = sum_and_peaks(result.months);
    const model::RunStatistics& st = result.statistics;
    out << "  families affected (owed money or overpaid at a month end): " << st.families_affected
        << " (national estimate " << national_estimate(run, st.families_affected) << ")\n";
    out << "  owed: money owed at the peak " << peaks.money_owed << ", still owed at the end: "
        << st.families_still_owed << " families (national estimate "
        << national_estimate(run, st.families_still_owed) << "), " << st.money_still_owed << "\n";
    out << "  overpaid: " << st.families_ever_overpaid << " families at a month end, money overpaid at the peak "
        << peaks.money_overpaid << ", still overpaid at the end: " << st.families_still_overpaid
        << " families (national estimate " << national_estimate(run, st.families_still_overpaid) << "), "
        << st.money_still_overpaid << "\n";
    out << "  carers unpaid: " << peaks.carers_unpaid << " families at the peak, still at the end: "
        << st.families_carers_still_unpaid << " families, " << st.carers_money_still_unpaid << "\n";
    out << "  register: " << run.affected.episodes.size() << " episodes of " << families_registered(run.affected)
        << " families, " << run.affected.carer_episodes.size() << " of carers unpaid\n";
    const std::uint32_t calls = peaks.calls;
    const std::uint32_t peak_files = peaks.files_open;
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
