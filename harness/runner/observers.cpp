#include "harness/runner/observers.hpp"

#include <sstream>

namespace pajesim::harness {

void DossierRecorder::on_file_event(const model::FileEvent& event) {
    Dossier& dossier = dossiers_[event.family.value()];
    dossier.family = event.family;
    dossier.events.push_back(event);
}

void DossierRecorder::on_run_end(const model::RunView& view) {
    for (const std::uint32_t f : families_) {
        Dossier& dossier = dossiers_[f];
        dossier.family = FamilyId{f};
        for (std::int32_t m = 0; m < view.month_count(); ++m) {
            if (!view.declared(FamilyId{f}, m)) continue;
            dossier.months.push_back({view.first_month().plus_months(m), view.cmg_owed(FamilyId{f}, m),
                                      view.cmg_paid(FamilyId{f}, m), view.debit_due(FamilyId{f}, m),
                                      view.debited(FamilyId{f}, m)});
        }
    }
}

std::string format_dossier(const Dossier& dossier) {
    std::ostringstream out;
    out << "file of family " << dossier.family.value() << "\n\n";
    out << "date        step                       care month   amount  detail\n";
    for (const model::FileEvent& e : dossier.events) {
        std::string kind(e.kind);
        kind.resize(std::max<std::size_t>(kind.size(), 26), ' ');
        std::string amount = e.amount == Cents{0} ? "" : e.amount.to_string();
        amount.insert(0, std::max<std::size_t>(0, 10 - std::min<std::size_t>(10, amount.size())), ' ');
        out << e.date << "  " << kind << " " << e.month << "  " << amount << "  " << e.detail << "\n";
    }
    out << "\nmonth      CMG owed    CMG paid  difference   debit due    debited\n";
    for (const Dossier::Month& m : dossier.months) {
        const auto column = [](Cents amount) {
            std::string text = amount.to_string();
            text.insert(0, std::max<std::size_t>(0, 10 - std::min<std::size_t>(10, text.size())), ' ');
            return text;
        };
        out << m.month << "  " << column(m.owed) << "  " << column(m.paid) << "  "
            << column(m.paid - m.owed) << "  " << column(m.debit_due) << "  " << column(m.debited) << "\n";
    }
    return out.str();
}

}  // namespace pajesim::harness
