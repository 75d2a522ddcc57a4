#include "harness/runner/observers.hpp"

#include <sstream>

namespace pajesim::harness {

void DossierRecorder::on_file_event(const model::FileEvent& event) {
    Dossier& dossier = dossiers_[event.family.value()];
    dossier.family = event.family;
    dossier.events.push_back(event);
}

void DossierRecorder::on_transfer(const model::Transfer& t, const model::RunView&) {
    if (t.cause == model::Cause::opening_balance || t.cause == model::Cause::income) return;
    if (!families_.contains(t.family.value())) return;
    Dossier& dossier = dossiers_[t.family.value()];
    dossier.family = t.family;
    const AccountId account{t.family.value()};  // families' accounts come first (AccountPlan)
    dossier.money.push_back({t.date, t.cause, t.month, t.amount, t.target == account, t.source == account});
}

void DossierRecorder::on_run_end(const model::RunView& view) {
    for (const std::uint32_t f : families_) {
        Dossier& dossier = dossiers_[f];
        dossier.family = FamilyId{f};
        const FamilyId family{f};
        for (std::int32_t m = 0; m < view.month_count(); ++m) {
            if (!view.declared(family, m)) continue;
            dossier.months.push_back({view.first_month().plus_months(m), view.cmg_owed(family, m),
                                      view.cmg_paid(family, m), view.debit_due(family, m), view.debited(family, m),
                                      view.cmg_recovered(family, m), view.cmg_written_off(family, m),
                                      view.carers_due(family, m), view.carers_paid(family, m)});
        }
    }
}

std::string format_dossier(const Dossier& dossier, const std::vector<faults::FaultSummary>& faults) {
    const auto column = [](Cents amount, std::size_t width = 10) {
        std::string text = amount.to_string();
        if (text.size() < width) text.insert(0, width - text.size(), ' ');
        return text;
    };
    std::ostringstream out;
    out << "file of family " << dossier.family.value() << "\n\n";
    out << "date        step                       care month   amount  detail\n";
    for (const model::FileEvent& e : dossier.events) {
        std::string kind(e.kind);
        kind.resize(std::max<std::size_t>(kind.size(), 26), ' ');
        const std::string amount = e.amount == Cents{0} ? std::string(10, ' ') : column(e.amount);
        out << e.date << "  " << kind << " " << e.month << "  " << amount << "  " << e.detail;
        if (e.fault != 0) {
            out << " [fault #" << (e.fault - 1);
            if (e.fault <= faults.size()) out << " " << faults[e.fault - 1u].kind;
            out << "]";
        }
        out << "\n";
    }
    out << "\nmonth      CMG owed    CMG paid  difference   recovered written off   debit due     debited  carers due carers paid\n";
    for (const Dossier::Month& m : dossier.months) {
        out << m.month << "  " << column(m.owed) << "  " << column(m.paid) << "  " << column(m.paid - m.owed) << "  "
            << column(m.recovered) << "  " << column(m.written_off) << "  " << column(m.debit_due) << "  "
            << column(m.debited) << "  " << column(m.carers_due) << "  " << column(m.carers_paid) << "\n";
    }
    if (!dossier.violations.empty()) {
        out << "\ninvariants that fired for this family\n";
        for (const invariants::Violation& v : dossier.violations) {
            out << "  " << v.first_seen << "  " << v.invariant << "  " << v.month << "  expected " << v.expected
                << ", actual " << v.actual << ": " << v.reason << "\n";
        }
    }
    return out.str();
}

}  // namespace pajesim::harness
