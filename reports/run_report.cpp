#include "reports/run_report.hpp"

#include <array>
#include <sstream>

#include <nlohmann/json.hpp>

namespace pajesim::reports {
namespace {

using nlohmann::ordered_json;

std::string money(Cents amount) { return amount.to_string(); }

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

}  // namespace

std::string report_json(const RunInputs& inputs, const model::RunResult& result) {
    const model::Scenario& scenario = inputs.scenario;
    const PopulationCounts counts = count_population(inputs.world);
    ordered_json report;
    report["format"] = "pajesim-report-1";
    report["pajesim_version"] = PAJESIM_VERSION;
    report["scenario"] = {{"name", scenario.name}, {"description", scenario.description}};
    report["seed"] = scenario.seed;
    report["parameters_version"] = inputs.parameters_version;
    report["period"] = {{"from", scenario.first_month.to_string()},
                        {"to", scenario.last_month.to_string()}};
    report["cutover"] = scenario.workflow.cutover.to_string();
    report["population"] = {
        {"families", inputs.world.families.size()},
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
                          {"rights_messages", f.rights_messages}});
        total.declarations += f.declarations;
        total.cmg_owed += f.cmg_owed;
        total.cmg_paid += f.cmg_paid;
        total.contributions_debited += f.contributions_debited;
        total.contributions_covered += f.contributions_covered;
        total.carers_due += f.carers_due;
        total.carers_paid += f.carers_paid;
        total.overdrafts += f.overdrafts;
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
        {"debits_rejected", s.debits_rejected},
        {"debits_abandoned", s.debits_abandoned},
        {"rights_messages_sent", s.rights_messages_sent},
        {"rights_messages_delivered", s.rights_messages_delivered},
        {"events", s.events},
        {"transfers", s.transfers},
    };
    report["ledger"] = {{"net", money(result.ledger_net)},
                        {"balanced", result.ledger_net == Cents{0}}};
    return report.dump(2) + "\n";
}

std::string families_csv(const RunInputs& inputs, const model::RunResult& result) {
    std::ostringstream out;
    out << "family,caf,mode,months_declared,cmg_owed,cmg_paid,largest_arrears,"
           "first_month_wrong,last_month_wrong\n";
    const auto month_text = [&](std::int16_t index) {
        return index < 0 ? std::string()
                         : inputs.scenario.first_month.plus_months(index).to_string();
    };
    for (std::size_t f = 0; f < result.families.size(); ++f) {
        const model::Family& family = inputs.world.families[f];
        const model::FamilySummary& s = result.families[f];
        out << f << ',' << family.caf.value() << ',' << law::to_string(family.mode) << ','
            << s.months_declared << ',' << money(s.cmg_owed) << ',' << money(s.cmg_paid) << ','
            << money(s.largest_arrears) << ',' << month_text(s.first_month_wrong) << ','
            << month_text(s.last_month_wrong) << '\n';
    }
    return out.str();
}

std::string run_summary(const RunInputs& inputs, const model::RunResult& result) {
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
    const model::Scenario& s = inputs.scenario;
    out << "scenario " << s.name << ", seed " << s.seed << ", " << inputs.world.families.size()
        << " families, parameters " << inputs.parameters_version << "\n";
    out << "  period " << s.first_month << " to " << s.last_month << ", cutover "
        << s.workflow.cutover << "\n";
    out << "  declarations " << declarations << ", CMG owed " << owed << ", paid " << paid << "\n";
    out << "  carers due " << carers_due << ", paid " << carers_paid << "\n";
    out << "  families paid wrongly in at least one month: " << families_wrong << "\n";
    out << "  ledger net " << result.ledger_net
        << (result.ledger_net == Cents{0} ? " (balanced)" : " (NOT BALANCED)") << ", "
        << result.statistics.transfers << " transfers, " << result.statistics.events
        << " events\n";
    return out.str();
}

}  // namespace pajesim::reports
