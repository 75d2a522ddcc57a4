#include "reports/letters.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "reports/html_report.hpp"
#include "reports/junit.hpp"
#include "reports/letter_words.hpp"

namespace pajesim::reports {
namespace {

// A letter is built once as blocks, then rendered as HTML and as text: the two say the same.
struct Block {
    enum class Kind : std::uint8_t { title, reference, heading, paragraph, table, note };
    Kind kind = Kind::paragraph;
    std::string text;
    std::vector<std::string> header;                // table
    std::vector<std::vector<std::string>> rows;     // table
    // Table: the columns from first_numeric on are amounts, but wide_column, a text that the
    // .txt sets on lines of its own under its row, after wide_label.
    std::size_t first_numeric = std::string::npos;
    std::size_t wide_column = std::string::npos;
    std::string wide_label;
};

struct Family {
    FamilyId family;
    CafId caf;
    std::vector<const harness::Episode*> episodes;
    const harness::Dossier* dossier = nullptr;
};

Block block(Block::Kind kind, std::string text) {
    Block b;
    b.kind = kind;
    b.text = std::move(text);
    return b;
}

bool french(Language language) { return language == Language::french; }

// The last day the register saw: the run's last day (the run goes on past the last care month
// until the payments of that month are due), or the day it stopped.
Date run_end(const harness::RunOutcome& run) {
    if (!run.affected.days.empty()) return run.affected.days.back().day;
    if (!run.result.complete) return run.result.stopped_on;
    return run.scenario.last_month.last_day();
}

std::string days_text(std::int32_t days, Language language) {
    const char* unit = french(language) ? (days == 1 ? " jour" : " jours") : (days == 1 ? " day" : " days");
    return std::to_string(days) + unit;
}

std::string episode_text(const harness::RunOutcome& run, const harness::Episode& ep, Language language) {
    const bool fr = french(language);
    std::string text;
    if (ep.end) {
        text = fr ? "Du " + date_text(ep.start, language) + " au " + date_text(*ep.end, language) +
                        ", jour où votre situation a été régularisée (" + days_text(ep.days, language) + ")"
                  : "From " + date_text(ep.start, language) + " until " + date_text(*ep.end, language) +
                        ", when your situation was put right (" + days_text(ep.days, language) + ")";
    } else {
        text = fr ? "Depuis le " + date_text(ep.start, language) + ", et encore au " +
                        date_text(run_end(run), language) + ", fin de la période étudiée (" +
                        days_text(ep.days, language) + ")"
                  : "Since " + date_text(ep.start, language) + ", and still on " + date_text(run_end(run), language) +
                        ", the end of the period covered (" + days_text(ep.days, language) + ")";
    }
    std::vector<std::string> parts;
    if (ep.largest_owed > Cents{0}) {
        parts.push_back((fr ? "il vous a manqué jusqu'à " : "you were owed up to ") +
                        euros_text(ep.largest_owed, language));
    }
    if (ep.largest_overpaid > Cents{0}) {
        parts.push_back(fr ? "vous avez reçu jusqu'à " + euros_text(ep.largest_overpaid, language) + " de trop"
                           : "you were paid up to " + euros_text(ep.largest_overpaid, language) + " too much");
    }
    for (std::size_t i = 0; i < parts.size(); ++i) {
        text += (i == 0 ? (fr ? " : " : ": ") : (fr ? " ; " : "; ")) + parts[i];
    }
    return text + ".";
}

// The CMG credited for the month with its dates, and the overpayments taken back on it.
std::string payments_text(const harness::Dossier& dossier, YearMonth month, Language language) {
    const bool fr = french(language);
    std::string text;
    for (const harness::Dossier::Money& m : dossier.money) {
        if (m.month != month) continue;
        std::string item;
        const bool cmg = m.cause == model::Cause::cmg || m.cause == model::Cause::cmg_arrears;
        if (m.to_family && cmg) {
            item = euros_text(m.amount, language) + (fr ? " le " : " on ") + date_text(m.date, language);
            if (m.cause == model::Cause::cmg_arrears) item += fr ? " (rappel)" : " (arrears)";
        } else if (m.from_family && m.cause == model::Cause::overpayment_recovery) {
            item = euros_text(m.amount, language) + (fr ? " repris le " : " taken back on ") +
                   date_text(m.date, language);
        } else {
            continue;
        }
        text += (text.empty() ? "" : (fr ? " ; " : "; ")) + item;
    }
    return text.empty() ? (fr ? "aucun versement" : "no payment") : text;
}

Block months_table(const harness::Dossier& dossier, Language language) {
    const bool fr = french(language);
    Block table = block(Block::Kind::table, "");
    table.header = fr ? std::vector<std::string>{"Mois de garde", "Dû", "Versé", "Écart", "Versements"}
                      : std::vector<std::string>{"Care month", "Owed", "Paid", "Difference", "Payments"};
    table.first_numeric = 1;
    table.wide_column = 4;
    table.wide_label = fr ? "Versements : " : "Payments: ";
    for (const harness::Dossier::Month& m : dossier.months) {
        table.rows.push_back({month_text(m.month, language), euros_text(m.owed, language),
                              euros_text(m.paid, language), signed_euros_text(m.paid - m.owed, language),
                              payments_text(dossier, m.month, language)});
    }
    return table;
}

void add_standing(std::vector<Block>& blocks, const harness::RunOutcome& run, const Family& f,
                  const std::string& reference, Language language) {
    const bool fr = french(language);
    Cents owed{0};
    Cents overpaid{0};
    for (const harness::Episode* ep : f.episodes) {
        owed += ep->owed_at_end;
        overpaid += ep->overpaid_at_end;
    }
    const std::string end = date_text(run_end(run), language);
    blocks.push_back(block(Block::Kind::heading, fr ? "Où en est votre situation" : "Where things stand"));
    if (owed > Cents{0}) {
        blocks.push_back(block(Block::Kind::paragraph,
                               fr ? "Au " + end + ", il vous reste dû " + euros_text(owed, language) +
                                        ". Cette somme doit vous être versée ; si elle ne l'est pas, contactez le "
                                        "centre Pajemploi en rappelant la référence " + reference + "."
                                  : "On " + end + ", you are still owed " + euros_text(owed, language) +
                                        ". This sum must be paid to you; if it is not, contact the Pajemploi "
                                        "centre quoting the reference " + reference + "."));
    }
    if (overpaid > Cents{0}) {
        blocks.push_back(block(Block::Kind::paragraph,
                               (fr ? "Au " + end + ", vous avez reçu " + euros_text(overpaid, language) +
                                         " de plus que ce que prévoit la loi. "
                                   : "On " + end + ", you have received " + euros_text(overpaid, language) +
                                         " more than the law provides. ") +
                                   overpayment_policy_in_words(run.scenario.processes.overpayment, language)));
    }
    if (owed == Cents{0} && overpaid == Cents{0}) {
        blocks.push_back(block(Block::Kind::paragraph,
                               fr ? "Au " + end + ", votre situation est régularisée : rien ne vous est plus dû, "
                                                  "et vous n'avez rien à rembourser."
                                  : "On " + end + ", your situation has been put right: nothing more is owed to "
                                                  "you, and you have nothing to pay back."));
    }
}

// The faults that touched the family, then the steps of its file that went wrong by
// themselves (or by a fault not among its causes), each kind once with its care months.
void add_causes(std::vector<Block>& blocks, const harness::RunOutcome& run, const Family& f, Language language) {
    const bool fr = french(language);
    blocks.push_back(block(Block::Kind::heading, fr ? "Ce qui s'est passé" : "What happened"));
    std::set<std::uint32_t> causes;
    for (const harness::Episode* ep : f.episodes) causes.insert(ep->causes.begin(), ep->causes.end());
    std::size_t said = 0;
    for (const std::uint32_t index : causes) {
        blocks.push_back(block(Block::Kind::paragraph, fault_in_words(run, index, language)));
        ++said;
    }
    std::vector<std::string_view> kinds;
    std::map<std::string_view, std::set<YearMonth>> months;
    if (f.dossier != nullptr) {
        for (const model::FileEvent& ev : f.dossier->events) {
            if (!step_in_words(ev.kind, language) || (ev.fault != 0 && causes.contains(ev.fault - 1u))) continue;
            if (!months.contains(ev.kind)) kinds.push_back(ev.kind);
            std::set<YearMonth>& of_kind = months[ev.kind];
            if (run.scenario.first_month <= ev.month && ev.month <= run.scenario.last_month) of_kind.insert(ev.month);
        }
    }
    for (const std::string_view kind : kinds) {
        std::string text = *step_in_words(kind, language);
        std::string list;
        for (const YearMonth month : months[kind]) list += (list.empty() ? "" : ", ") + month_text(month, language);
        if (!list.empty()) text += (fr ? " (mois de garde : " : " (care months: ") + list + ")";
        blocks.push_back(block(Block::Kind::paragraph, text + "."));
        ++said;
    }
    if (said == 0) {
        blocks.push_back(block(Block::Kind::paragraph, fr ? "Aucun incident identifié n'explique cet écart."
                                                           : "No identified incident explains this difference."));
    }
}

// One sentence per count, singular or plural.
struct Said {
    Language language;
    std::vector<std::string> sentences;
    void count(std::uint32_t n, const std::string& fr_one, const std::string& en_one, const std::string& fr_many,
               const std::string& en_many) {
        if (n == 0) return;
        std::string text = language == Language::french ? (n == 1 ? fr_one : fr_many) : (n == 1 ? en_one : en_many);
        const std::size_t at = text.find("{n}");
        if (at != std::string::npos) text.replace(at, 3, std::to_string(n));
        sentences.push_back(text);
    }
    void amount(Cents value, const std::string& fr_text, const std::string& en_text) {
        if (value == Cents{0}) return;
        std::string text = language == Language::french ? fr_text : en_text;
        text.replace(text.find("{amount}"), 8, euros_text(value, language));
        sentences.push_back(text);
    }
};

void add_actions(std::vector<Block>& blocks, const Family& f, Language language) {
    const bool fr = french(language);
    harness::Episode sum;
    for (const harness::Episode* ep : f.episodes) {
        sum.calls += ep->calls;
        sum.files_opened += ep->files_opened;
        sum.fixes += ep->fixes;
        sum.fix_errors += ep->fix_errors;
        sum.advances_paid += ep->advances_paid;
        sum.advances_amount += ep->advances_amount;
        sum.advances_recovered_amount += ep->advances_recovered_amount;
        sum.overpayments_notified += ep->overpayments_notified;
        sum.overpayments_recovered += ep->overpayments_recovered;
        sum.overpayments_written_off += ep->overpayments_written_off;
    }
    Said said{language, {}};
    said.count(sum.calls, "Vous avez appelé le centre Pajemploi une fois.", "You called the Pajemploi centre once.",
               "Vous avez appelé le centre Pajemploi {n} fois.", "You called the Pajemploi centre {n} times.");
    said.count(sum.files_opened, "Un dossier d'anomalie a été ouvert à votre nom.",
               "A case was opened about your file.",
               "{n} dossiers d'anomalie ont été ouverts à votre nom.", "{n} cases were opened about your file.");
    said.count(sum.fixes, "Un agent a corrigé votre dossier.", "An agent corrected your file.",
               "Des agents ont corrigé votre dossier {n} fois.", "Agents corrected your file {n} times.");
    said.count(sum.fix_errors, "Une de ces corrections était elle-même erronée.",
               "One of these corrections was itself wrong.", "{n} de ces corrections étaient elles-mêmes erronées.",
               "{n} of these corrections were themselves wrong.");
    const std::string advances = euros_text(sum.advances_amount, language);
    said.count(sum.advances_paid, "Votre CAF vous a versé une avance de " + advances + ".",
               "Your CAF paid you an advance of " + advances + ".",
               "Votre CAF vous a versé {n} avances, " + advances + " au total.",
               "Your CAF paid you {n} advances, " + advances + " in all.");
    said.amount(sum.advances_recovered_amount, "Votre CAF a ensuite repris {amount} au titre des avances.",
                "Your CAF then took back {amount} of advances.");
    said.count(sum.overpayments_notified, "Le centre Pajemploi vous a notifié un trop-perçu.",
               "The Pajemploi centre notified you of an overpayment.",
               "Le centre Pajemploi vous a notifié {n} trop-perçus.",
               "The Pajemploi centre notified you of {n} overpayments.");
    said.amount(sum.overpayments_recovered, "{amount} de trop-perçu ont été récupérés.",
                "{amount} of overpayment was recovered.");
    said.amount(sum.overpayments_written_off, "{amount} de trop-perçu ne vous ont pas été réclamés.",
                "{amount} of overpayment was waived.");
    if (said.sentences.empty()) {
        said.sentences.push_back(fr ? "Aucune démarche n'a été enregistrée pendant cette période."
                                    : "No action was recorded during this period.");
    }
    blocks.push_back(block(Block::Kind::heading, fr ? "Ce qui a été fait" : "What was done"));
    std::string text;
    for (const std::string& sentence : said.sentences) text += (text.empty() ? "" : " ") + sentence;
    blocks.push_back(block(Block::Kind::paragraph, text));
}

std::vector<Block> letter_blocks(const harness::RunOutcome& run, const Family& f, Language language) {
    const bool fr = french(language);
    const std::string reference = letter_reference(run, f.family);
    const std::string id = std::to_string(f.family.value());
    std::vector<Block> blocks;
    blocks.push_back(block(Block::Kind::title, fr ? "Votre complément de libre choix du mode de garde (CMG) : relevé"
                                                  : "Your childcare benefit (CMG): statement"));
    blocks.push_back(block(Block::Kind::reference,
                           (fr ? "Famille n° " + id + ", CAF n° " : "Family no. " + id + ", CAF no. ") +
                               std::to_string(f.caf.value()) +
                               (fr ? ". Référence à rappeler : " : ". Reference to quote: ") + reference));
    blocks.push_back(block(Block::Kind::paragraph, fr ? "Madame, Monsieur," : "Dear parent,"));
    blocks.push_back(block(Block::Kind::paragraph,
                           fr ? "Le CMG versé pour la garde de vos enfants n'a pas toujours correspondu à ce que "
                                "prévoit la loi. Ce relevé indique, mois par mois, ce qui vous était dû et ce qui vous "
                                "a été versé, ce qui reste à régler, et pourquoi."
                              : "The CMG paid for your childcare did not always match what the law provides. This "
                                "statement sets out, month by month, what you were owed and what you were paid, what "
                                "remains to be settled, and why."));
    blocks.push_back(block(Block::Kind::heading, fr ? "Les périodes concernées" : "When it happened"));
    for (const harness::Episode* ep : f.episodes) {
        blocks.push_back(block(Block::Kind::paragraph, episode_text(run, *ep, language)));
    }
    blocks.push_back(block(Block::Kind::heading, fr ? "Mois par mois" : "Month by month"));
    if (f.dossier != nullptr && !f.dossier->months.empty()) {
        blocks.push_back(months_table(*f.dossier, language));
    } else {
        blocks.push_back(block(Block::Kind::paragraph,
                               fr ? "L'historique détaillé de votre dossier n'est pas disponible dans ce relevé : "
                                    "les montants ci-dessus sont ceux du registre des familles concernées."
                                  : "The detailed history of your file is not available in this statement: the "
                                    "amounts above are those of the register of affected families."));
    }
    add_standing(blocks, run, f, reference, language);
    add_causes(blocks, run, f, language);
    add_actions(blocks, f, language);
    blocks.push_back(block(Block::Kind::paragraph,
                           fr ? "Pour toute question, contactez le centre national Pajemploi en rappelant la "
                                "référence " + reference + "."
                              : "If you have any questions, contact the Pajemploi national centre quoting the "
                                "reference " + reference + "."));
    blocks.push_back(block(Block::Kind::note,
                           fr ? "Relevé établi à partir de la simulation pajesim « " + run.scenario.name +
                                    " », graine " + std::to_string(run.scenario.seed) +
                                    " : la famille et les montants sont simulés. Montants par mois de garde."
                              : "Statement drawn from the pajesim simulation \u201c" + run.scenario.name +
                                    "\u201d, seed " + std::to_string(run.scenario.seed) +
                                    ": the family and the amounts are simulated. Amounts by care month."));
    return blocks;
}

// Spaces inside an amount ("1 234,56 €") become no-break, so that a line never splits one.
std::string html_text(const std::string& text) {
    const std::string escaped = xml_escape(text);
    std::string out;
    for (std::size_t i = 0; i < escaped.size(); ++i) {
        const char c = escaped[i];
        const bool digit_before = i > 0 && std::isdigit(static_cast<unsigned char>(escaped[i - 1]));
        const bool digit_after = i + 1 < escaped.size() && std::isdigit(static_cast<unsigned char>(escaped[i + 1]));
        const bool euro_after = escaped.compare(i + 1, 3, "\u20ac") == 0;
        out += c == ' ' && ((digit_before && digit_after) || euro_after) ? std::string("&#160;") : std::string(1, c);
    }
    return out;
}

constexpr const char* letter_css =
    "body{font-family:Georgia,'Times New Roman',serif;max-width:44em;margin:2em auto;padding:0 1em;color:#111;"
    "line-height:1.45;font-size:11pt}h1{font-size:1.35em;margin-bottom:0.3em}"
    "h2{font-size:1.05em;margin:1.1em 0 0.3em;border-bottom:1px solid #bbb}.ref{font-family:monospace}"
    "table{border-collapse:collapse;width:100%;font-size:0.9em}td,th{border:1px solid #bbb;padding:0.15em 0.4em;"
    "text-align:left;vertical-align:top}td.num{text-align:right;white-space:nowrap}"
    ".note{font-size:0.8em;color:#555;margin-top:2em}"
    "@page{size:A4;margin:14mm}@media print{body{margin:0;max-width:none;font-size:9.5pt}}";

// `blocks` starts with the title.
std::string render_html(const std::vector<Block>& blocks, Language language, const std::string& reference) {
    std::ostringstream html;
    html << "<!DOCTYPE html>\n<html lang=\"" << (french(language) ? "fr" : "en")
         << "\"><head><meta charset=\"utf-8\"/><title>" << html_text(blocks.front().text + " \u2014 " + reference)
         << "</title><style>" << letter_css
         << "</style></head><body>\n";
    for (const Block& b : blocks) {
        switch (b.kind) {
            case Block::Kind::title: html << "<h1>" << html_text(b.text) << "</h1>\n"; break;
            case Block::Kind::reference: html << "<p class=\"ref\">" << html_text(b.text) << "</p>\n"; break;
            case Block::Kind::heading: html << "<h2>" << html_text(b.text) << "</h2>\n"; break;
            case Block::Kind::paragraph: html << "<p>" << html_text(b.text) << "</p>\n"; break;
            case Block::Kind::note: html << "<p class=\"note\">" << html_text(b.text) << "</p>\n"; break;
            case Block::Kind::table: {
                html << "<table><tr>";
                for (const std::string& h : b.header) html << "<th>" << html_text(h) << "</th>";
                html << "</tr>\n";
                for (const std::vector<std::string>& row : b.rows) {
                    html << "<tr>";
                    for (std::size_t c = 0; c < row.size(); ++c) {
                        const bool numeric = c >= b.first_numeric && c != b.wide_column;
                        html << (numeric ? "<td class=\"num\">" : "<td>") << html_text(row[c]) << "</td>";
                    }
                    html << "</tr>\n";
                }
                html << "</table>\n";
                break;
            }
        }
    }
    html << "</body></html>\n";
    return html.str();
}

// Characters, not bytes: the letters are UTF-8.
std::size_t width_of(const std::string& text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool ends_with_digit(const std::string& word) {
    return !word.empty() && std::isdigit(static_cast<unsigned char>(word.back()));
}

bool is_number(const std::string& word, std::size_t max_digits) {
    return !word.empty() && word.size() <= max_digits &&
           std::all_of(word.begin(), word.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// Whether `word` must stay on the line of `previous`: the parts of an amount ("1", "234,56",
// "€"), a day and its month ("6 March", "1er août"), and French punctuation after a space.
bool stays_with(const std::string& previous, const std::string& word) {
    const bool digit_first = std::isdigit(static_cast<unsigned char>(word.front())) != 0;
    if (ends_with_digit(previous) && (digit_first || word == "\u20ac")) return true;
    if (is_number(previous, 2) || previous == "1er") return true;
    return word == ":" || word == ";" || word == "!" || word == "?" || word == "\u00bb" || previous == "\u00ab";
}

// Words at most `width` wide to a line, the groups above kept whole.
std::string wrapped(const std::string& text, std::size_t width, const std::string& indent) {
    std::vector<std::string> words;
    std::string last;  // the last word read, before any joining
    std::istringstream in(text);
    for (std::string word; in >> word; last = word) {
        if (!words.empty() && stays_with(last, word)) {
            words.back() += " " + word;
        } else {
            words.push_back(word);
        }
    }
    std::string out;
    std::size_t line = 0;
    for (const std::string& word : words) {
        if (line > 0 && line + 1 + width_of(word) > width) {
            out += "\n";
            line = 0;
        }
        if (line == 0) {
            out += indent + word;
            line = indent.size() + width_of(word);
        } else {
            out += " " + word;
            line += 1 + width_of(word);
        }
    }
    return out + "\n";
}

std::string padded(const std::string& text, std::size_t width, bool right) {
    const std::string fill(width > width_of(text) ? width - width_of(text) : 0, ' ');
    return right ? fill + text : text + fill;
}

std::string render_table_text(const Block& b) {
    std::vector<std::size_t> widths(b.header.size(), 0);
    for (std::size_t c = 0; c < b.header.size(); ++c) {
        widths[c] = width_of(b.header[c]);
        for (const auto& row : b.rows) widths[c] = std::max(widths[c], width_of(row[c]));
    }
    const auto line = [&](const std::vector<std::string>& cells) {
        std::string text;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            if (c == b.wide_column) continue;
            text += (c == 0 ? "" : "  ") + padded(cells[c], widths[c], c >= b.first_numeric);
        }
        return text + "\n";
    };
    std::string text = line(b.header);
    for (const auto& row : b.rows) {
        text += line(row);
        if (b.wide_column < row.size()) text += wrapped(b.wide_label + row[b.wide_column], 76, "    ");
    }
    return text;
}

std::string render_text(const std::vector<Block>& blocks) {
    std::string text;
    for (const Block& b : blocks) {
        switch (b.kind) {
            case Block::Kind::title: text += b.text + "\n" + std::string(width_of(b.text), '=') + "\n\n"; break;
            case Block::Kind::reference: text += wrapped(b.text, 78, "") + "\n"; break;
            case Block::Kind::heading: text += b.text + "\n" + std::string(width_of(b.text), '-') + "\n"; break;
            case Block::Kind::paragraph:
            case Block::Kind::note: text += wrapped(b.text, 78, "") + "\n"; break;
            case Block::Kind::table: text += render_table_text(b) + "\n"; break;
        }
    }
    return text;
}

std::vector<Family> registered_families(const harness::RunOutcome& run) {
    std::vector<Family> families;
    for (const harness::Episode& ep : run.affected.episodes) {
        if (families.empty() || families.back().family != ep.family) {
            Family f;
            f.family = ep.family;
            f.caf = ep.caf;
            const auto found = run.dossiers.find(ep.family.value());
            f.dossier = found == run.dossiers.end() ? nullptr : &found->second;
            families.push_back(f);
        }
        families.back().episodes.push_back(&ep);
    }
    return families;
}

std::string index_html(const harness::RunOutcome& run, const std::vector<Family>& families) {
    std::ostringstream html;
    html << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>pajesim: "
         << xml_escape(run.scenario.name) << ": letters</title><style>" << report_css() << "</style></head><body>\n"
         << "<h1>Letters to the affected families</h1><p class=\"sub\">" << xml_escape(run.scenario.name)
         << ", seed " << run.scenario.seed << ": " << families.size()
         << " families, each with a statement in French and in English (a printable page, and the same as"
            " text).</p>\n<table><tr><th>family</th><th>CAF</th><th>reference</th><th>fran\u00e7ais</th>"
            "<th>English</th><th>still owed</th><th>still overpaid</th></tr>\n";
    for (const Family& f : families) {
        const std::string name = "family-" + std::to_string(f.family.value());
        Cents owed{0};
        Cents overpaid{0};
        for (const harness::Episode* ep : f.episodes) {
            owed += ep->owed_at_end;
            overpaid += ep->overpaid_at_end;
        }
        html << "<tr><td class=\"num\">" << f.family.value() << "</td><td class=\"num\">" << f.caf.value()
             << "</td><td><code>" << xml_escape(letter_reference(run, f.family)) << "</code></td><td><a href=\""
             << name << ".fr.html\">lettre</a> \u00b7 <a href=\"" << name << ".fr.txt\">texte</a></td><td><a href=\""
             << name << ".en.html\">letter</a> \u00b7 <a href=\"" << name << ".en.txt\">text</a></td>"
             << "<td class=\"num\">" << owed << "</td><td class=\"num\">" << overpaid << "</td></tr>\n";
    }
    html << "</table></body></html>\n";
    return html.str();
}

}  // namespace

std::string letter_reference(const harness::RunOutcome& run, FamilyId family) {
    return "PJS-" + run.scenario.name + "-" + std::to_string(run.scenario.seed) + "-" +
           std::to_string(family.value());
}

std::vector<LetterFile> letters(const harness::RunOutcome& run) {
    const std::vector<Family> families = registered_families(run);
    std::vector<LetterFile> files;
    for (const Family& f : families) {
        const std::string name = "family-" + std::to_string(f.family.value());
        const std::string reference = letter_reference(run, f.family);
        for (const Language language : {Language::french, Language::english}) {
            const std::vector<Block> blocks = letter_blocks(run, f, language);
            const std::string suffix = language == Language::french ? ".fr" : ".en";
            files.push_back({name + suffix + ".html", render_html(blocks, language, reference)});
            files.push_back({name + suffix + ".txt", render_text(blocks)});
        }
    }
    files.push_back({"index.html", index_html(run, families)});
    return files;
}

}  // namespace pajesim::reports
