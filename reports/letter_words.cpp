#include "reports/letter_words.hpp"

#include <array>
#include <cstdlib>

namespace pajesim::reports {
namespace {

constexpr std::array<const char*, 12> french_months{"janvier", "février", "mars", "avril", "mai", "juin",
                                                    "juillet", "août", "septembre", "octobre", "novembre",
                                                    "décembre"};
constexpr std::array<const char*, 12> english_months{"January", "February", "March", "April", "May", "June",
                                                     "July", "August", "September", "October", "November",
                                                     "December"};

std::string grouped(std::uint64_t units, char separator) {
    std::string digits = std::to_string(units);
    std::string text;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) text += separator;
        text += digits[i];
    }
    return text;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
}

// An option of the fault as the scenario file gave it ("" when absent): the plan checked it.
std::string fault_option(const harness::RunOutcome& run, std::size_t index, const char* key) {
    const nlohmann::json& list = run.scenario.faults;
    if (!list.is_array() || index >= list.size() || !list[index].is_object()) return "";
    const auto found = list[index].find(key);
    return found != list[index].end() && found->is_string() ? found->get<std::string>() : std::string();
}

struct Words {
    const char* kind;
    const char* french;
    const char* english;
};

// {from} and {to}: the window's first and last days; {field}: migration_mapping_error's field.
constexpr std::array<Words, 16> fault_words{{
    {"server_freeze",
     "Le centre Pajemploi a été indisponible du {from} au {to}, et votre déclaration a été traitée en retard.",
     "The Pajemploi centre's systems were unavailable from {from} to {to}; your declaration was processed late."},
    {"server_freeze/caf",
     "Les systèmes de votre CAF ont été indisponibles du {from} au {to}, et ce qui lui est parvenu pendant "
     "cette période a été traité en retard.",
     "Your CAF's systems were unavailable from {from} to {to}; what reached it in that time was processed late."},
    {"rights_link_missing",
     "Du {from} au {to}, les informations de votre CAF sur vos droits n'ont pas été transmises au centre "
     "Pajemploi, qui ne pouvait donc pas calculer votre CMG.",
     "From {from} to {to}, your CAF's information about your entitlement was not passed on to the Pajemploi "
     "centre, which therefore could not work out your CMG."},
    {"rights_stale",
     "Du {from} au {to}, un changement de votre situation (naissance, séparation, déménagement, nouvelle année "
     "ou ressources) n'a pas été transmis par votre CAF au centre Pajemploi, qui a continué de calculer avec "
     "d'anciennes informations.",
     "From {from} to {to}, a change in your situation (a birth, a separation, a move, the new year or your "
     "income) was not passed on by your CAF to the Pajemploi centre, which kept working from old information."},
    {"rights_delayed",
     "Du {from} au {to}, les informations de votre CAF sur vos droits ont mis plus longtemps que prévu à "
     "parvenir au centre Pajemploi.",
     "From {from} to {to}, your CAF's information about your entitlement took longer than it should to reach "
     "the Pajemploi centre."},
    {"rights_duplicated",
     "Du {from} au {to}, des informations de votre CAF ont été reçues deux fois par le centre Pajemploi ; la "
     "copie arrivée plus tard a remplacé des informations plus récentes.",
     "From {from} to {to}, information from your CAF reached the Pajemploi centre twice; the copy that arrived "
     "later replaced newer information."},
    {"rights_reordered",
     "Du {from} au {to}, des informations de votre CAF sont arrivées dans le désordre : une information "
     "ancienne a remplacé une plus récente.",
     "From {from} to {to}, information from your CAF arrived out of order: older information replaced newer."},
    {"migration_mapping_error",
     "Lors du transfert de votre dossier de la CAF au centre Pajemploi (du {from} au {to}), {field} a été mal "
     "recopiée.",
     "When your file was transferred from the CAF to the Pajemploi centre ({from} to {to}), {field} was copied "
     "wrongly."},
    {"declaration_lost",
     "Du {from} au {to}, une partie des déclarations envoyées au centre Pajemploi ont été perdues, dont la "
     "vôtre.",
     "From {from} to {to}, some of the declarations sent to the Pajemploi centre were lost, yours among them."},
    {"declaration_duplicated",
     "Du {from} au {to}, certaines déclarations, dont la vôtre, sont parvenues deux fois au centre Pajemploi.",
     "From {from} to {to}, some declarations, yours among them, reached the Pajemploi centre twice."},
    {"declaration_hours_wrong",
     "Du {from} au {to}, des déclarations ont été enregistrées avec des heures de garde erronées, dont la "
     "vôtre, ce qui a réduit le montant calculé.",
     "From {from} to {to}, some declarations, yours among them, were recorded with the wrong hours of care, "
     "which reduced the amount worked out."},
    {"payment_file_rejected",
     "Du {from} au {to}, la banque a rejeté certains fichiers de paiement du centre Pajemploi ; vos versements "
     "ont été faits en retard.",
     "From {from} to {to}, the bank rejected some of the Pajemploi centre's payment files; your payments were "
     "made late."},
    {"double_debit",
     "Du {from} au {to}, certains prélèvements ont été présentés deux fois, dont un sur votre compte.",
     "From {from} to {to}, some debits were taken twice, one of them from your account."},
    {"contributions_debited_without_rights",
     "Du {from} au {to}, faute de connaître vos droits, le centre Pajemploi a prélevé la totalité des "
     "cotisations, y compris celles que le CMG devait prendre en charge.",
     "From {from} to {to}, not knowing your entitlement, the Pajemploi centre debited all the contributions, "
     "including those the CMG should have paid."},
    {"transitional_wrong_families",
     "Du {from} au {to}, le complément différentiel a été décidé à tort : refusé à des familles qui y avaient "
     "droit, ou accordé sans vérifier les conditions.",
     "From {from} to {to}, the transitional top-up (complément différentiel) was decided wrongly: refused to "
     "families entitled to it, or granted without checking the conditions."},
    {"alternating_split_twice",
     "Du {from} au {to}, le CMG pour votre enfant en résidence alternée a été divisé par deux à tort, alors que "
     "chaque parent ne déclare déjà que ses propres heures.",
     "From {from} to {to}, the CMG for your child in alternating residence was wrongly halved, although each "
     "parent already declares only their own hours."},
}};

constexpr std::array<Words, 12> step_words{{
    {"declaration_lost", "Votre déclaration n'est jamais parvenue au centre Pajemploi",
     "Your declaration never reached the Pajemploi centre"},
    {"declaration_hours_wrong",
     "Les heures de garde de votre déclaration ont été mal enregistrées, ce qui a réduit le montant calculé",
     "The hours of care in your declaration were recorded wrongly, which reduced the amount worked out"},
    {"declaration_held",
     "Votre déclaration est arrivée pendant une panne des systèmes et n'a été traitée qu'à leur redémarrage",
     "Your declaration arrived while the systems were down and was only processed when they restarted"},
    {"rights_lost", "Les informations de votre CAF sur vos droits ne sont pas parvenues au centre Pajemploi",
     "Your CAF's information about your entitlement did not reach the Pajemploi centre"},
    {"rights_delayed", "Les informations de votre CAF sur vos droits sont arrivées en retard au centre Pajemploi",
     "Your CAF's information about your entitlement reached the Pajemploi centre late"},
    {"rights_duplicated",
     "Une information de votre CAF a été reçue deux fois ; la copie arrivée plus tard a remplacé des "
     "informations plus récentes",
     "Information from your CAF was received twice; the copy that arrived later replaced newer information"},
    {"rights_held",
     "Les informations de votre CAF sont arrivées pendant une panne des systèmes et n'ont été traitées qu'à "
     "leur redémarrage",
     "Your CAF's information arrived while the systems were down and was only processed when they restarted"},
    {"payment_held", "Le centre Pajemploi a mis un versement en attente, faute de connaître vos droits",
     "The Pajemploi centre held a payment back because it did not know your entitlement"},
    {"debit_rejected", "Un prélèvement sur votre compte a été rejeté par votre banque",
     "A debit from your account was rejected by your bank"},
    {"debit_escalated", "Après plusieurs prélèvements rejetés, votre dossier a été confié à un agent",
     "After several rejected debits, your file was passed to an agent"},
    {"carer_payment_withheld",
     "Le salaire de votre salarié(e) a été retenu par le centre Pajemploi jusqu'à ce que votre prélèvement "
     "aboutisse",
     "Your employee's pay was held back by the Pajemploi centre until your debit went through"},
    {"salary_waiting", "Faute de fonds suffisants sur votre compte, votre salarié(e) a été payé(e) en retard",
     "Your account lacked the funds, so your employee was paid late"},
}};

// Every French phrase here is feminine, as the sentence's "recopiée" expects.
std::string field_in_words(const std::string& field, Language language) {
    const bool fr = language == Language::french;
    if (field == "bracket") return fr ? "votre tranche de revenus" : "your income bracket";
    if (field == "single_parent") return fr ? "votre situation de parent isolé" : "your single-parent status";
    if (field == "child_birth") return fr ? "la date de naissance d'un enfant" : "a child's date of birth";
    return fr ? "une information de votre dossier" : "a piece of information in your file";
}

}  // namespace

std::string euros_text(Cents amount, Language language) {
    const bool fr = language == Language::french;
    const std::int64_t value = amount.value();
    // Through unsigned: the magnitude of the most negative amount does not fit in int64_t.
    const auto bits = static_cast<std::uint64_t>(value);
    const std::uint64_t magnitude = value < 0 ? 0 - bits : bits;
    std::string text;
    if (value < 0) text += '-';
    if (!fr) text += "\u20ac";
    text += grouped(magnitude / 100, fr ? ' ' : ',');
    text += fr ? ',' : '.';
    text += static_cast<char>('0' + magnitude % 100 / 10);
    text += static_cast<char>('0' + magnitude % 10);
    if (fr) text += " \u20ac";
    return text;
}

std::string signed_euros_text(Cents amount, Language language) {
    std::string text = amount > Cents{0} ? "+" : "";
    text += euros_text(amount, language);
    return text;
}

std::string date_text(Date day, Language language) {
    const unsigned d = day.day();
    const std::size_t m = day.month() - 1;
    if (language == Language::french) {
        return (d == 1 ? std::string("1er") : std::to_string(d)) + " " + french_months[m] + " " +
               std::to_string(day.year());
    }
    return std::to_string(d) + " " + english_months[m] + " " + std::to_string(day.year());
}

std::string month_text(YearMonth month, Language language) {
    const std::size_t m = month.month() - 1;
    return std::string(language == Language::french ? french_months[m] : english_months[m]) + " " +
           std::to_string(month.year());
}

std::string fault_in_words(const harness::RunOutcome& run, std::size_t index, Language language) {
    const bool fr = language == Language::french;
    if (index >= run.faults.size()) {
        return fr ? "Un incident a touché votre dossier." : "An incident affected your file.";
    }
    const faults::FaultSummary& fault = run.faults[index];
    std::string kind = fault.kind;
    if (kind == "server_freeze" && fault_option(run, index, "system") == "caf") kind = "server_freeze/caf";
    std::string text;
    for (const Words& words : fault_words) {
        if (kind == words.kind) text = fr ? words.french : words.english;
    }
    if (text.empty()) {
        text = fr ? "Un incident (" + fault.kind + ") a eu lieu du {from} au {to}."
                  : "An incident (" + fault.kind + ") occurred from {from} to {to}.";
    }
    replace_all(text, "{from}", date_text(fault.window.begin(), language));
    replace_all(text, "{to}", date_text(fault.window.end().plus_days(-1), language));
    replace_all(text, "{field}", field_in_words(fault_option(run, index, "field"), language));
    return text;
}

std::optional<std::string> step_in_words(std::string_view kind, Language language) {
    for (const Words& words : step_words) {
        if (kind == words.kind) return std::string(language == Language::french ? words.french : words.english);
    }
    return std::nullopt;
}

std::string overpayment_policy_in_words(const model::OverpaymentPolicy& policy, Language language) {
    const bool fr = language == Language::french;
    const std::string days = std::to_string(policy.notice_days);
    switch (policy.recovery) {
        case model::OverpaymentRecovery::debit:
            return fr ? "Ce montant sera prélevé en une seule fois sur votre compte bancaire, " + days +
                            " jours après la notification qui vous en est faite."
                      : "This amount will be debited from your bank account in one go, " + days +
                            " days after you are notified of it.";
        case model::OverpaymentRecovery::deduct: {
            const bool limited = policy.monthly_limit > Cents{0};
            const std::string limit = euros_text(policy.monthly_limit, language);
            if (fr) {
                return "Ce montant sera déduit de vos prochains versements de CMG" +
                       (limited ? ", dans la limite de " + limit + " par mois" : ", sans plafond mensuel") +
                       ", à partir de " + days + " jours après la notification qui vous en est faite. Vous "
                       "n'avez aucune démarche à faire.";
            }
            return "This amount will be deducted from your next CMG payments" +
                   (limited ? ", at most " + limit + " a month" : ", with no monthly limit") + ", starting " + days +
                   " days after you are notified of it. You do not need to do anything.";
        }
        case model::OverpaymentRecovery::write_off:
            return fr ? "Ce montant ne vous sera pas réclamé : vous n'avez rien à rembourser."
                      : "This amount will not be claimed from you: you have nothing to pay back.";
    }
    return "";
}

}  // namespace pajesim::reports
