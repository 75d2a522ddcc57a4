// The register's reports on a hand-built run of three families: two episodes (family 0 owed
// money, closed; family 2 overpaid, still open at the end), a carer episode (family 1), and
// family 2's dossier. Every expected value below is worked out by hand from that story and the
// definitions of docs/report-format.md, never taken from a run.

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "harness/faults/fault_plan.hpp"
#include "reports/compare.hpp"
#include "reports/html_report.hpp"
#include "reports/letter_words.hpp"
#include "reports/letters.hpp"
#include "reports/register_report.hpp"
#include "reports/run_report.hpp"
#include "sim/kernel/json_input.hpp"

using namespace pajesim;
using reports::Language;

namespace {

Date day(int year, unsigned month, unsigned d) { return Date::from_civil(year, month, d); }
YearMonth month(int year, unsigned m) { return YearMonth::from_civil(year, m); }

// The period is June to August 2019 (92 days); 3 simulated families stand for 1 000.
void set_scenario(harness::RunOutcome& run) {
    run.scenario.name = "letters";
    run.scenario.seed = 7;
    run.scenario.first_month = month(2019, 6);
    run.scenario.last_month = month(2019, 8);
    run.scenario.population.families = 3;
    run.scenario.population.national_families = 1000;
    run.scenario.processes.overpayment = {model::OverpaymentRecovery::deduct, Cents{50'00}, 30};
    run.scenario.faults = nlohmann::json::parse(R"([
        {"kind": "server_freeze", "system": "pajemploi",
         "window": {"from": "2019-07-01", "to": "2019-07-11"}},
        {"kind": "declaration_lost", "window": {"from": "2019-07-15", "to": "2019-08-01"}}])");
    run.faults = {{"server_freeze", DateRange{day(2019, 7, 1), day(2019, 7, 11)}, 12},
                  {"declaration_lost", DateRange{day(2019, 7, 15), day(2019, 8, 1)}, 3}};
    run.parameters = law::LegalParameters::load_file(std::string(PAJESIM_SOURCE_DIR) +
                                                     "/scenarios/params/cmg-2018-2026.json");
    for (std::uint32_t caf : {10u, 11u, 12u}) {
        model::Family family;
        family.caf = CafId{caf};
        run.world.families.push_back(family);
    }
}

void set_result(harness::RunOutcome& run) {
    model::RunResult& result = run.result;
    result.month_count = 3;
    result.families.resize(3);
    result.owed_cents = RunLengthCells(3, 3);
    result.unpaid_cents = WindowedCells(3, 3);
    for (std::int32_t m = 0; m < 3; ++m) {
        model::MonthFigures figures;
        figures.month = month(2019, 6).plus_months(m);
        result.months.push_back(figures);
    }
    result.months[0].families_in_arrears = 1;
    result.months[0].money_owed = Cents{1234'56};
    result.months[1].families_in_arrears = 1;
    result.months[1].money_owed = Cents{1234'56};
    result.months[1].families_overpaid = 1;
    result.months[1].money_overpaid = Cents{1500'00};
    result.months[2].families_overpaid = 1;
    result.months[2].money_overpaid = Cents{1050'25};
    result.statistics.families_affected = 2;
    result.statistics.families_ever_overpaid = 1;
    result.statistics.families_still_overpaid = 1;
    result.statistics.money_still_overpaid = Cents{1050'25};
}

void set_register(harness::RunOutcome& run) {
    harness::Episode owed;
    owed.family = FamilyId{0};
    owed.caf = CafId{10};
    owed.start = day(2019, 6, 30);
    owed.end = day(2019, 8, 20);
    owed.days = 51;
    owed.largest_owed = Cents{1234'56};
    owed.month_ends = {{day(2019, 6, 30), Cents{1234'56}, Cents{0}}, {day(2019, 7, 31), Cents{1234'56}, Cents{0}}};
    owed.causes = {0};
    owed.calls = 2;
    owed.files_opened = 1;
    owed.fixes = 1;
    owed.advances_paid = 1;
    owed.advances_amount = Cents{300'00};
    owed.advances_recovered = 1;
    owed.advances_recovered_amount = Cents{300'00};
    harness::Episode overpaid;
    overpaid.family = FamilyId{2};
    overpaid.caf = CafId{12};
    overpaid.start = day(2019, 7, 31);
    overpaid.days = 32;  // 31 July to 31 August, both included: still open when the run ended
    overpaid.largest_overpaid = Cents{1500'00};
    overpaid.overpaid_at_end = Cents{1050'25};
    overpaid.month_ends = {{day(2019, 7, 31), Cents{0}, Cents{1500'00}}, {day(2019, 8, 31), Cents{0}, Cents{1050'25}}};
    overpaid.causes = {0, 1};
    overpaid.overpayments_notified = 1;
    overpaid.overpayments_recovered = Cents{449'75};
    run.affected.episodes = {owed, overpaid};

    harness::CarerEpisode carers;
    carers.family = FamilyId{1};
    carers.carers = {CarerId{5}, CarerId{7}};
    carers.start = day(2019, 8, 10);
    carers.end = day(2019, 8, 25);
    carers.days = 15;
    carers.largest_unpaid = Cents{410'00};
    carers.longest_late_days = 12;
    run.affected.carer_episodes = {carers};

    for (Date d = day(2019, 6, 1); d <= day(2019, 8, 31); d = d.plus_days(1)) {
        harness::RegisterDay counts;
        counts.day = d;
        const bool is_owed = d >= owed.start && d < *owed.end;
        const bool is_overpaid = d >= overpaid.start;
        counts.families_owed = is_owed ? 1 : 0;
        counts.families_overpaid = is_overpaid ? 1 : 0;
        counts.families_wrong = counts.families_owed + counts.families_overpaid;
        counts.money_owed = is_owed ? Cents{1234'56} : Cents{0};
        counts.money_overpaid = is_overpaid ? Cents{1500'00} : Cents{0};
        counts.carers_unpaid = d >= carers.start && d < *carers.end ? 1 : 0;
        run.affected.days.push_back(counts);
    }
    harness::RegisterAsOf as_of;
    as_of.day = day(2019, 8, 15);
    as_of.families = {{FamilyId{0}, CafId{10}, day(2019, 6, 30), Cents{1234'56}, Cents{0}},
                      {FamilyId{2}, CafId{12}, day(2019, 7, 31), Cents{0}, Cents{1500'00}}};
    as_of.carers = {{FamilyId{1}, {CarerId{5}, CarerId{7}}, day(2019, 8, 10), Cents{410'00}}};
    run.affected.as_of = {as_of};
}

// Family 2: June 2019 owed 500.00, paid 2 000.00 on 8 July; 449.75 of the 1 500.00 overpaid
// deducted on 7 August, so 1 550.25 paid net and 1 050.25 still overpaid; July paid exactly.
void set_dossier(harness::RunOutcome& run) {
    harness::Dossier dossier;
    dossier.family = FamilyId{2};
    const YearMonth june = month(2019, 6);
    const YearMonth july = month(2019, 7);
    dossier.events = {{day(2019, 7, 3), FamilyId{2}, "declaration", june, Cents{0}, "", 0},
                      {day(2019, 7, 4), FamilyId{2}, "declaration_held", june, Cents{0}, "frozen", 1},
                      {day(2019, 7, 8), FamilyId{2}, "cmg_paid", june, Cents{2000'00}, "", 0},
                      {day(2019, 7, 20), FamilyId{2}, "debit_rejected", june, Cents{80'00}, "<balance>", 0},
                      {day(2019, 8, 1), FamilyId{2}, "overpayment_notified", june, Cents{1500'00}, "", 0},
                      {day(2019, 8, 7), FamilyId{2}, "overpayment_recovered", june, Cents{449'75}, "", 0}};
    dossier.money = {{day(2019, 7, 8), model::Cause::cmg, june, Cents{2000'00}, true, false},
                     {day(2019, 8, 7), model::Cause::cmg, july, Cents{480'00}, true, false},
                     {day(2019, 8, 7), model::Cause::overpayment_recovery, june, Cents{449'75}, false, true}};
    dossier.months = {{june, Cents{500'00}, Cents{1550'25}, Cents{0}, Cents{0}, Cents{449'75}, Cents{0}, Cents{0},
                       Cents{0}},
                      {july, Cents{480'00}, Cents{480'00}, Cents{0}, Cents{0}, Cents{0}, Cents{0}, Cents{0}, Cents{0}}};
    dossier.violations = {{"cmg_never_above_owed", FamilyId{2}, june, Cents{500'00}, Cents{2000'00}, day(2019, 7, 8),
                           "paid above the law", Cents{1500'00}}};
    run.dossiers.emplace(2, std::move(dossier));
}

const harness::RunOutcome& story() {
    static const harness::RunOutcome run = [] {
        harness::RunOutcome built;
        set_scenario(built);
        set_result(built);
        set_register(built);
        set_dossier(built);
        return built;
    }();
    return run;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::vector<std::string> words_of(const std::string& line) {
    std::vector<std::string> words;
    std::istringstream in(line);
    for (std::string word; in >> word;) words.push_back(word);
    return words;
}

// The line whose words start with `first` (a label, or an id), as words.
std::vector<std::string> line_starting(const std::string& text, const std::vector<std::string>& first) {
    for (const std::string& line : lines_of(text)) {
        const std::vector<std::string> words = words_of(line);
        if (words.size() >= first.size() && std::equal(first.begin(), first.end(), words.begin())) return words;
    }
    return {};
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

// Line breaks of the text letters are spaces for a reader.
std::string one_line(std::string text) {
    std::string out;
    bool space = false;
    for (const char c : text) {
        if (c == '\n' || c == ' ') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

bool nothing_fetched(const std::string& html) {
    for (const char* attribute : {"src=\"http", "href=\"http", "src='http", "href='http", "url(http", "@import"}) {
        if (html.find(attribute) != std::string::npos) return false;
    }
    return html.find("<link") == std::string::npos;
}

// Parsed with Python's expat: the pages are XHTML-compatible, their script in CDATA.
bool well_formed(const std::string& name, const std::string& html) {
    const std::filesystem::path file = std::filesystem::temp_directory_path() / ("pajesim-register-test-" + name);
    std::ofstream(file) << html;
    const std::string command =
        "python3 -c \"import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])\" '" + file.string() + "'";
    const bool parsed = std::system(command.c_str()) == 0;
    std::filesystem::remove(file);
    return parsed;
}

const reports::LetterFile* find_letter(const std::vector<reports::LetterFile>& files, const std::string& name) {
    for (const reports::LetterFile& file : files) {
        if (file.name == name) return &file;
    }
    return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_CASE(affected_csv_has_one_row_per_episode_with_every_column) {
    const std::string expected =
        "family,caf,start,end,days,largest_owed,largest_overpaid,owed_at_end,overpaid_at_end,owed_at_month_ends,"
        "causes,calls,files_opened,fixes,fix_errors,advances_paid,advances_amount,advances_recovered,"
        "advances_recovered_amount,overpayments_notified,overpayments_recovered,overpayments_written_off\n"
        "0,10,2019-06-30,2019-08-20,51,1234.56,0.00,0.00,0.00,2019-06-30=1234.56/0.00;2019-07-31=1234.56/0.00,"
        "server_freeze#0,2,1,1,0,1,300.00,1,300.00,0,0.00,0.00\n"
        "2,12,2019-07-31,,32,0.00,1500.00,0.00,1050.25,2019-07-31=0.00/1500.00;2019-08-31=0.00/1050.25,"
        "server_freeze#0;declaration_lost#1,0,0,0,0,0,0.00,0,0.00,1,449.75,0.00\n";
    BOOST_TEST(reports::affected_csv(story()) == expected);
    BOOST_TEST(reports::affected_months_csv(story()) ==
               "family,month_end,owed,overpaid\n0,2019-06-30,1234.56,0.00\n0,2019-07-31,1234.56,0.00\n"
               "2,2019-07-31,0.00,1500.00\n2,2019-08-31,0.00,1050.25\n");
    BOOST_TEST(reports::carers_affected_csv(story()) ==
               "family,carers,start,end,days,largest_unpaid,unpaid_at_end,longest_late_days\n"
               "1,5;7,2019-08-10,2019-08-25,15,410.00,0.00,12\n");
}

BOOST_AUTO_TEST_CASE(as_of_text_counts_and_sums_the_families_of_the_day) {
    const std::string text = reports::as_of_text(story(), story().affected.as_of.front());
    BOOST_TEST(lines_of(text).front() ==
               "register as of 2019-08-15: 2 families wrong, 1 owed money, 1 overpaid; 1 families' carers unpaid");
    // 2 x 1000 / 3 = 666.67 -> 667; 1 x 1000 / 3 = 333.33 -> 333.
    BOOST_TEST((line_starting(text, {"families", "wrong"}) ==
                std::vector<std::string>{"families", "wrong", "2", "667"}));
    BOOST_TEST((line_starting(text, {"families", "owed"}) ==
                std::vector<std::string>{"families", "owed", "money", "1", "333"}));
    BOOST_TEST((line_starting(text, {"families", "overpaid"}) ==
                std::vector<std::string>{"families", "overpaid", "1", "333"}));
    BOOST_TEST(line_starting(text, {"money", "owed"}).back() == "1234.56");
    BOOST_TEST(line_starting(text, {"money", "overpaid"}).back() == "1500.00");
    BOOST_TEST(line_starting(text, {"carers'", "pay"}).back() == "410.00");
    BOOST_TEST((line_starting(text, {"0", "10"}) ==
                std::vector<std::string>{"0", "10", "2019-06-30", "1234.56", "0.00"}));
    BOOST_TEST((line_starting(text, {"2", "12"}) ==
                std::vector<std::string>{"2", "12", "2019-07-31", "0.00", "1500.00"}));
    BOOST_TEST((line_starting(text, {"1", "2019-08-10"}) ==
                std::vector<std::string>{"1", "2019-08-10", "410.00", "5;7"}));
}

BOOST_AUTO_TEST_CASE(amounts_and_dates_are_written_as_each_language_writes_them) {
    BOOST_TEST(reports::euros_text(Cents{1234'56}, Language::french) == "1 234,56 \u20ac");
    BOOST_TEST(reports::euros_text(Cents{1234'56}, Language::english) == "\u20ac1,234.56");
    BOOST_TEST(reports::euros_text(Cents{100'000'000'00}, Language::french) == "100 000 000,00 \u20ac");
    BOOST_TEST(reports::euros_text(Cents{-5}, Language::french) == "-0,05 \u20ac");
    BOOST_TEST(reports::euros_text(Cents{-5}, Language::english) == "-\u20ac0.05");
    BOOST_TEST(reports::euros_text(Cents{999'99}, Language::english) == "\u20ac999.99");
    BOOST_TEST(reports::signed_euros_text(Cents{1050'25}, Language::english) == "+\u20ac1,050.25");
    BOOST_TEST(reports::signed_euros_text(Cents{0}, Language::french) == "0,00 \u20ac");
    BOOST_TEST(reports::date_text(day(2019, 11, 15), Language::french) == "15 novembre 2019");
    BOOST_TEST(reports::date_text(day(2019, 11, 15), Language::english) == "15 November 2019");
    BOOST_TEST(reports::date_text(day(2019, 8, 1), Language::french) == "1er ao\u00fbt 2019");
    BOOST_TEST(reports::month_text(month(2020, 2), Language::french) == "f\u00e9vrier 2020");
}

BOOST_AUTO_TEST_CASE(every_registered_family_gets_four_letters_and_the_index_lists_them) {
    const std::vector<reports::LetterFile> files = reports::letters(story());
    std::vector<std::string> names;
    for (const reports::LetterFile& file : files) names.push_back(file.name);
    const std::vector<std::string> expected{"family-0.fr.html", "family-0.fr.txt", "family-0.en.html",
                                            "family-0.en.txt",  "family-2.fr.html", "family-2.fr.txt",
                                            "family-2.en.html", "family-2.en.txt",  "index.html"};
    BOOST_TEST(names == expected, boost::test_tools::per_element());
    const std::string& index = find_letter(files, "index.html")->content;
    BOOST_TEST(index.find("href=\"family-2.en.txt\"") != std::string::npos);
    BOOST_TEST(index.find("PJS-letters-7-0") != std::string::npos);
    BOOST_TEST(count(index, "href=\"family-") == 8u);
    for (const reports::LetterFile& file : files) {
        if (file.name.ends_with(".html")) {
            BOOST_TEST(nothing_fetched(file.content), file.name);
            BOOST_TEST(well_formed(file.name, file.content), file.name);
        }
    }
    BOOST_TEST(reports::letters(story()).back().content == files.back().content);
}

BOOST_AUTO_TEST_CASE(the_letter_of_an_overpaid_family_states_its_months_payments_and_recovery) {
    const std::vector<reports::LetterFile> files = reports::letters(story());
    const std::string french = one_line(find_letter(files, "family-2.fr.txt")->content);
    const std::string english = one_line(find_letter(files, "family-2.en.txt")->content);
    // June: 500.00 owed, 2 000.00 paid on 8 July, 449.75 taken back on 7 August: 1 550.25 net,
    // 1 050.25 above the law, deducted at most 50.00 a month from 30 days after the notice.
    BOOST_TEST(french.find("juin 2019 500,00 \u20ac 1 550,25 \u20ac +1 050,25 \u20ac") != std::string::npos);
    BOOST_TEST(french.find("2 000,00 \u20ac le 8 juillet 2019 ; 449,75 \u20ac repris le 7 ao\u00fbt 2019") !=
               std::string::npos);
    BOOST_TEST(french.find("Au 31 ao\u00fbt 2019, vous avez re\u00e7u 1 050,25 \u20ac de plus que ce que pr\u00e9voit "
                           "la loi. Ce montant sera d\u00e9duit de vos prochains versements de CMG, dans la limite de "
                           "50,00 \u20ac par mois, \u00e0 partir de 30 jours") != std::string::npos);
    BOOST_TEST(english.find("June 2019 \u20ac500.00 \u20ac1,550.25 +\u20ac1,050.25") != std::string::npos);
    BOOST_TEST(english.find("\u20ac2,000.00 on 8 July 2019; \u20ac449.75 taken back on 7 August 2019") !=
               std::string::npos);
    BOOST_TEST(english.find("you have received \u20ac1,050.25 more than the law provides. This amount will be "
                            "deducted from your next CMG payments, at most \u20ac50.00 a month") != std::string::npos);
    // The causes in words, with the faults' windows (their last day is the day before `to`).
    BOOST_TEST(french.find("Le centre Pajemploi a \u00e9t\u00e9 indisponible du 1er juillet 2019 au 10 juillet "
                           "2019, et votre d\u00e9claration a \u00e9t\u00e9 trait\u00e9e en retard.") !=
               std::string::npos);
    BOOST_TEST(english.find("From 15 July 2019 to 31 July 2019, some of the declarations") != std::string::npos);
    // A rejected debit of no fault is told; the held declaration is the freeze's, told once.
    BOOST_TEST(english.find("A debit from your account was rejected by your bank (care months: June 2019).") !=
               std::string::npos);
    BOOST_TEST(english.find("arrived while the systems were down") == std::string::npos);
    BOOST_TEST(english.find("Reference to quote: PJS-letters-7-2") != std::string::npos);
    // The HTML says the same; the spaces inside an amount do not break.
    const std::string html = find_letter(files, "family-2.fr.html")->content;
    BOOST_TEST(html.find("<td class=\"num\">1&#160;550,25&#160;\u20ac</td>") != std::string::npos);
    BOOST_TEST(html.find("lang=\"fr\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_family_without_a_dossier_gets_the_register_s_figures) {
    const std::vector<reports::LetterFile> files = reports::letters(story());
    const std::string french = one_line(find_letter(files, "family-0.fr.txt")->content);
    const std::string english = one_line(find_letter(files, "family-0.en.txt")->content);
    BOOST_TEST(french.find("il vous a manqu\u00e9 jusqu'\u00e0 1 234,56 \u20ac") != std::string::npos);
    BOOST_TEST(english.find("you were owed up to \u20ac1,234.56") != std::string::npos);
    BOOST_TEST(french.find("L'historique d\u00e9taill\u00e9 de votre dossier n'est pas disponible") !=
               std::string::npos);
    BOOST_TEST(english.find("The detailed history of your file is not available") != std::string::npos);
    BOOST_TEST(english.find("From 30 June 2019 until 20 August 2019, when your situation was put right (51 days)") !=
               std::string::npos);
    BOOST_TEST(english.find("your situation has been put right: nothing more is owed to you") != std::string::npos);
    BOOST_TEST(french.find("Vous avez appel\u00e9 le centre Pajemploi 2 fois.") != std::string::npos);
    BOOST_TEST(french.find("Votre CAF vous a vers\u00e9 une avance de 300,00 \u20ac.") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_fault_of_the_catalog_has_its_own_words) {
    harness::RunOutcome run;
    for (const std::string& kind : faults::FaultPlan::catalog()) {
        run.faults = {{kind, DateRange{day(2019, 7, 1), day(2019, 7, 11)}, 1}};
        for (const Language language : {Language::french, Language::english}) {
            const std::string text = reports::fault_in_words(run, 0, language);
            BOOST_TEST(text.find(kind) == std::string::npos, kind);  // not the fallback
            BOOST_TEST(text.find(language == Language::french ? "10 juillet 2019" : "10 July 2019") !=
                           std::string::npos,
                       kind);
        }
    }
}

BOOST_AUTO_TEST_CASE(report_html_lists_every_episode_linked_to_its_dossier) {
    const std::string html = reports::report_html(story(), "pajesim run letters.json");
    BOOST_TEST(count(html, "<tr data-owed=") == 2u);
    BOOST_TEST(html.find("<a href=\"dossiers.html#family-0\">0</a>") != std::string::npos);
    BOOST_TEST(html.find("<a href=\"dossiers.html#family-2\">2</a>") != std::string::npos);
    BOOST_TEST(html.find("data-open=\"1\"") != std::string::npos);
    BOOST_TEST(count(html, "<option value=") == 4u);
    BOOST_TEST(html.find("national estimate") != std::string::npos);
    BOOST_TEST(html.find("667 <span class=\"unit\">national estimate</span>") != std::string::npos);
    BOOST_TEST(nothing_fetched(html));
    BOOST_TEST(well_formed("report.html", html));
    BOOST_TEST(html == reports::report_html(story(), "pajesim run letters.json"));

    const std::string dossiers = reports::dossiers_html(story());
    BOOST_TEST(dossiers.find("id=\"family-2\"") != std::string::npos);
    BOOST_TEST(dossiers.find("id=\"family-0\"") != std::string::npos);  // registered, not traced
    BOOST_TEST(dossiers.find("<td>server_freeze #0</td>") != std::string::npos);
    BOOST_TEST(dossiers.find("<td>overpayment_recovery</td>") != std::string::npos);
    BOOST_TEST(dossiers.find("&lt;balance&gt;") != std::string::npos);
    BOOST_TEST(dossiers.find("cmg_never_above_owed") != std::string::npos);
    BOOST_TEST(nothing_fetched(dossiers));
    BOOST_TEST(well_formed("dossiers.html", dossiers));
}

BOOST_AUTO_TEST_CASE(report_json_carries_the_register_and_every_national_estimate) {
    const nlohmann::json report = nlohmann::json::parse(reports::report_json(story()));
    const nlohmann::json& r = report.at("register");
    BOOST_TEST(r.at("episodes").get<int>() == 2);
    BOOST_TEST(r.at("open_episodes").get<int>() == 1);
    BOOST_TEST(r.at("families").get<int>() == 2);
    BOOST_TEST(r.at("carer_episodes").get<int>() == 1);
    BOOST_TEST(r.at("month_ends").size() == 3u);
    BOOST_TEST(r.at("month_ends").at(1).at("day") == "2019-07-31");
    BOOST_TEST(r.at("month_ends").at(1).at("families_wrong").get<int>() == 2);
    BOOST_TEST(r.at("month_ends").at(1).at("money_overpaid") == "1500.00");
    const nlohmann::json& totals = report.at("totals");
    BOOST_TEST(totals.at("families_overpaid_peak").get<int>() == 1);
    BOOST_TEST(totals.at("money_overpaid_peak") == "1500.00");
    BOOST_TEST(totals.at("money_still_overpaid_at_end") == "1050.25");
    const nlohmann::json& national = report.at("national_estimate");
    BOOST_TEST(national.at("families_affected").get<int>() == 667);
    BOOST_TEST(national.at("families_ever_overpaid").get<int>() == 333);
    BOOST_TEST(national.at("register").at("families").get<int>() == 667);
    BOOST_TEST(national.at("register").at("month_ends").at(1).at("families_wrong").get<int>() == 667);
    BOOST_TEST(national.at("months").at(1).at("families_overpaid").get<int>() == 333);
    const nlohmann::json& dossier = report.at("dossiers").at(0);
    BOOST_TEST(dossier.at("money").at(2).at("cause") == "overpayment_recovery");
    BOOST_TEST(dossier.at("money").at(2).at("direction") == "from_family");
    BOOST_TEST(dossier.at("events").at(1).at("fault").at("kind") == "server_freeze");
    BOOST_TEST(dossier.at("months").at(0).at("overpayment_recovered") == "449.75");
    BOOST_TEST(dossier.at("violations").size() == 1u);

    const std::vector<std::string> months = lines_of(reports::months_csv(story()));
    BOOST_TEST(months.size() == 4u);
    BOOST_TEST(months.front().find(",carer_payments_withheld,debits_escalated,") != std::string::npos);
    BOOST_TEST(months.front().ends_with(",promises_made,promises_kept,promises_broken,overdraft_fees"));
    BOOST_TEST(months.front().starts_with("month,families,declarations,cmg_owed,cmg_paid,"));
}

BOOST_AUTO_TEST_CASE(compare_reads_the_new_figures_and_scales_the_counts) {
    const nlohmann::json report = nlohmann::json::parse(reports::report_json(story()));
    const reports::RunReport read = reports::read_run_report(report, "report.json");
    BOOST_TEST(read.metrics.families == 3);
    BOOST_TEST(read.metrics.national_families == 1000);
    BOOST_TEST(read.metrics.families_overpaid_peak == 1);
    BOOST_TEST(read.metrics.money_overpaid_peak == Cents{1500'00});
    BOOST_TEST(reports::national_estimate(read.metrics, 2) == 667);
    nlohmann::json without = report;
    without.at("totals").erase("money_overpaid_peak");
    try {
        (void)reports::read_run_report(without, "report.json");
        BOOST_FAIL("a report without money_overpaid_peak was read");
    } catch (const InputError& error) {
        BOOST_TEST(error.json_path() == "/totals");
        BOOST_TEST(error.reason().find("money_overpaid_peak") != std::string::npos);
    }
    const std::vector<reports::OptionRuns> options{{"only", {read.metrics}}};
    const std::string csv = reports::compare_csv(reports::compare_options(options));
    BOOST_TEST(lines_of(csv).at(1).find(",667.0,667.0,667.0,0.0,1.0,333.0,1500.00,0.0,0.0,") != std::string::npos);
    BOOST_TEST(lines_of(csv).at(1).ends_with(",,,"));  // no answer deadline: no promise
}
