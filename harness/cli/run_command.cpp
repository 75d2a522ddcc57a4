#include <filesystem>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <fstream>
#include <iostream>
#include <memory>
#include <string_view>

#include "harness/cli/cli.hpp"
#include "harness/cli/progress.hpp"
#include "harness/faults/fault_plan.hpp"
#include "harness/runner/scenario_run.hpp"
#include "harness/runner/output_files.hpp"
#include "harness/runner/resources.hpp"
#include "reports/html_report.hpp"
#include "reports/letters.hpp"
#include "reports/register_report.hpp"
#include "reports/run_report.hpp"
#include "sim/kernel/json_input.hpp"
#include "sim/kernel/parallel.hpp"
#include "sim/law/parameters.hpp"
#include "sim/model/simulation.hpp"

namespace pajesim::cli {
namespace {

constexpr const char* run_help =
    "usage: pajesim run SCENARIO [--seed N] [--families N] [--out DIR] [--journal FILE]\n"
    "                            [--family ID[,ID...]] [--as-of DATE] [--letters DIR]\n"
    "                            [--dossiers N|all] [--max-memory MIB] [--threads N] [--quiet]\n"
    "                            [--sut COMMAND [--sut-timeout SECONDS] [--record FILE]]\n"
    "\n"
    "Simulates the scenario day by day and writes, into DIR (default out/<scenario name>/):\n"
    "  report.html          the report for people: figures, charts, invariants, the register\n"
    "  report.json          the run's figures by month and in total (docs/report-format.md)\n"
    "  families.csv         one row per family: CMG owed and paid, largest arrears, months wrong\n"
    "  months.csv           one row per month, every aggregate\n"
    "  affected.csv         the register: one row per family and episode of being wrong\n"
    "  affected-months.csv  the register's money owed and overpaid at each month end\n"
    "  carers-affected.csv  the carers left unpaid, one row per family and episode\n"
    "  dossiers.html        the files of the register's most harmed families (--dossiers)\n"
    "  sut-stderr.log       with --sut: what the system under test wrote on its standard error\n"
    "The files appear together or not at all (the previous set stays until the new one is\n"
    "complete); DIR must be new, empty or a previous report folder, and may hold no input.\n"
    "Every invariant is checked as the run goes (see docs/invariants.md). Exit codes: 0 every\n"
    "invariant holds, 1 an invariant is violated (the summary says which and how many), 2 bad\n"
    "input, or a run too large for the memory (nothing is written), 3 the system under test\n"
    "broke the protocol, crashed or timed out (the report of the run so far is written, marked\n"
    "incomplete), 70 an internal error.\n"
    "\n"
    "  --seed N          replace the scenario's seed\n"
    "  --families N      replace the scenario's number of families (1 to 5 000 000)\n"
    "  --out DIR         output folder\n"
    "  --journal FILE    also stream every transfer of the ledger to FILE (CSV)\n"
    "  --family ID[,ID]  print these families' files: every step, what was owed and paid\n"
    "                    (repeatable)\n"
    "  --as-of DATE      print the register as it stood at the end of DATE (YYYY-MM-DD, a day\n"
    "                    of the run; repeatable): how many families, which, how much each\n"
    "  --letters DIR     write a statement for every family of the register, in French and in\n"
    "                    English (HTML and text), into DIR (new, empty or a previous letters\n"
    "                    folder)\n"
    "  --dossiers N|all  dossiers.html holds the register's N most harmed families (default\n"
    "                    50; all: every one); 0: no dossiers at all, not even the 10 most\n"
    "                    harmed of report.html, and no replay (the fastest run)\n"
    "  --max-memory MIB  refuse a run whose memory estimate is above MIB mebibytes (default:\n"
    "                    the machine's memory); the estimate counts the default dossiers:\n"
    "                    each one beyond adds about 250 KiB (--dossiers, --letters)\n"
    "  --threads N       threads for the work done family by family, and from 2 one for\n"
    "                    the built-in centre (default: every core); any number gives\n"
    "                    byte-identical results\n"
    "  --sut COMMAND     play the world against COMMAND, an implementation of the Pajemploi\n"
    "                    centre speaking docs/sut-protocol.md (run by /bin/sh -c)\n"
    "  --sut-timeout S   seconds allowed to each of its answers (default 10)\n"
    "  --record FILE     write the whole conversation with it to FILE (pajesim replay FILE)\n"
    "  --quiet           no progress bar and no summary\n"
    "\n"
    "Scenario format: docs/scenario-format.md.\n";

constexpr const char* replay_help =
    "usage: pajesim replay RECORDING [--out DIR] [--family ID[,ID...]] [--dossiers N|all] [--quiet]\n"
    "\n"
    "Re-runs the world and the checks of a run made with --sut --record, against the recorded\n"
    "answers of the system under test, without starting it: the same report, byte for byte,\n"
    "and the same exit code (0, 1 or 3). The recording holds the scenario and the parameter\n"
    "table. Exit code 2 when the recording is malformed, or when this pajesim sends another\n"
    "line than the one recorded (another version, or an altered recording).\n"
    "\n"
    "  --out DIR     output folder (default out/<scenario name>/)\n"
    "  --family ID[,ID]  print these families' files (repeatable)\n"
    "  --dossiers N|all  as for run; default: the recorded run's own (--dossiers 0 replays\n"
    "                with no dossier and no second pass, as the run was made)\n"
    "  --quiet       no progress bar and no summary\n";

// --dossiers N|all.
std::size_t dossiers_count(const std::string& text) {
    return text == "all" ? SIZE_MAX : static_cast<std::size_t>(whole_number("--dossiers", text, 0, 5'000'000));
}

struct RunArguments {
    std::string scenario;
    std::optional<std::uint64_t> seed;
    std::optional<std::uint32_t> families;
    std::string out;
    std::string journal;
    std::vector<std::uint32_t> families_followed;
    std::vector<std::string> as_of;
    std::string letters;
    std::size_t dossiers = 50;
    std::optional<std::uint64_t> max_memory_bytes;
    unsigned threads = all_cores();
    bool quiet = false;
    harness::SutSettings sut;
    bool sut_timeout_given = false;
    std::string record;
};

// The names a previous letters folder may hold: index.html, family-N.{fr,en}.{html,txt}.
bool is_letter_file(const std::string& name) {
    if (name == "index.html") return true;
    constexpr std::string_view prefix = "family-";
    if (name.rfind(prefix, 0) != 0) return false;
    const std::size_t digits_end = name.find_first_not_of("0123456789", prefix.size());
    if (digits_end == prefix.size() || digits_end == std::string::npos) return false;
    const std::string rest = name.substr(digits_end);
    return rest == ".fr.html" || rest == ".fr.txt" || rest == ".en.html" || rest == ".en.txt";
}

// `--family 3,17`: each id once, in the order given.
void read_families(const std::string& text, std::vector<std::uint32_t>& families) {
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = text.find(',', start);
        const std::string id = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const auto family = static_cast<std::uint32_t>(whole_number("--family", id, 0, model::max_families - 1));
        if (std::find(families.begin(), families.end(), family) == families.end()) families.push_back(family);
        if (comma == std::string::npos) return;
        start = comma + 1;
    }
}

// `--as-of` days: dates of the run (from its first day to the last day it simulates).
std::vector<Date> read_as_of(const std::vector<std::string>& texts, const model::Scenario& scenario) {
    std::vector<Date> days;
    const Date first = scenario.first_month.first_day();
    const Date last = scenario.last_month.plus_months(4).first_day().plus_days(-1);
    for (const std::string& text : texts) {
        const std::optional<Date> day = Date::parse(text);
        if (!day) throw UsageError{"--as-of " + text + ": expected a date YYYY-MM-DD"};
        if (*day < first || *day > last) {
            throw UsageError{"--as-of " + text + ": not a day of the run (" + first.to_string() + " to " +
                             last.to_string() + ")"};
        }
        days.push_back(*day);
    }
    return days;
}

RunArguments parse_arguments(const std::vector<std::string>& arguments) {
    RunArguments parsed;
    OptionsSeen seen("run", {"--family", "--as-of"});
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        seen.note(argument);
        const auto value = [&]() -> const std::string& { return option_value(arguments, i); };
        if (argument == "--seed") {
            parsed.seed = whole_number("--seed", value(), 0, UINT64_MAX);
        } else if (argument == "--families") {
            parsed.families = static_cast<std::uint32_t>(whole_number("--families", value(), 1, model::max_families));
        } else if (argument == "--out") {
            parsed.out = value();
        } else if (argument == "--journal") {
            parsed.journal = value();
        } else if (argument == "--family") {
            read_families(value(), parsed.families_followed);
        } else if (argument == "--as-of") {
            parsed.as_of.push_back(value());
        } else if (argument == "--letters") {
            parsed.letters = value();
        } else if (argument == "--dossiers") {
            parsed.dossiers = dossiers_count(value());
        } else if (read_sut_option(arguments, i, parsed.sut)) {
            parsed.sut_timeout_given = parsed.sut_timeout_given || argument == "--sut-timeout";
        } else if (argument == "--record") {
            parsed.record = value();
        } else if (argument == "--threads") {
            parsed.threads = static_cast<unsigned>(whole_number("--threads", value(), 1, max_threads));
        } else if (argument == "--max-memory") {
            parsed.max_memory_bytes = whole_number("--max-memory", value(), 1, UINT64_MAX / (1u << 20)) << 20;
        } else if (argument == "--quiet") {
            parsed.quiet = true;
        } else if (argument.size() > 1 && argument.front() == '-') {
            throw UsageError{"run: unknown option '" + argument + "'"};
        } else if (!parsed.scenario.empty()) {
            throw UsageError{"run: only one SCENARIO"};
        } else {
            parsed.scenario = argument;
        }
    }
    if (parsed.scenario.empty()) throw UsageError{"run: a SCENARIO file is needed"};
    if (parsed.sut.command.empty() && (parsed.sut_timeout_given || !parsed.record.empty())) {
        throw UsageError{"run: --sut-timeout and --record need --sut"};
    }
    return parsed;
}

// What a run and a replay share once the scenario is known: the checks before the run, the
// run, the outputs all or nothing, the summary and the exit code.
struct Prepared {
    model::Scenario scenario;
    std::string scenario_file;                 // as given (for the replay command line)
    std::vector<std::string> inputs;           // files an output may not overwrite
    std::string out;
    std::string journal;
    std::string record;
    std::vector<std::uint32_t> families_followed;
    std::vector<std::string> as_of;
    std::string letters;
    std::size_t dossiers = 50;
    std::optional<std::uint64_t> max_memory_bytes;
    bool quiet = false;
    harness::RunRequest request;
    nlohmann::json scenario_document;          // for the recording's header
    nlohmann::json params_document;
    bool replaying = false;
};

// A fingerprint of the recording's header (its scenario, table, seed, families and
// dossiers): FNV-1a over their canonical text, 16 hex digits. It finds a header edited by
// hand (a value of the table changed, say), which would replay the answers against another
// world without a word.
std::string header_digest(const std::string& seed, std::uint32_t families, const std::string& dossiers,
                          const nlohmann::json& scenario, const nlohmann::json& params) {
    std::uint64_t hash = 0xcbf29ce484222325ull;
    const auto add = [&](const std::string& text) {
        for (const char c : text) {
            hash ^= static_cast<unsigned char>(c);
            hash *= 0x100000001b3ull;
        }
        hash ^= 0xff;  // a separator no text byte of UTF-8 JSON equals
        hash *= 0x100000001b3ull;
    };
    add(seed);
    add(std::to_string(families));
    add(dossiers);
    add(scenario.dump());
    add(params.dump());
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    return text;
}

std::string recording_header(const Prepared& p, const std::string& params_file_told) {
    nlohmann::ordered_json header;
    header["type"] = "recording";
    header["protocol"] = harness::centre_protocol_version;
    header["scenario_file"] = p.scenario_file;
    header["seed"] = std::to_string(p.scenario.seed);
    header["families"] = p.scenario.population.families;
    header["params_file"] = params_file_told;
    // So that the replay writes the same dossiers (and none, with no second pass, for 0).
    header["dossiers"] = p.dossiers == SIZE_MAX ? std::string("all") : std::to_string(p.dossiers);
    header["scenario"] = p.scenario_document;
    header["params"] = p.params_document;
    header["digest"] = header_digest(header["seed"].get<std::string>(), p.scenario.population.families,
                                     header["dossiers"].get<std::string>(), p.scenario_document, p.params_document);
    return header.dump();
}

// One run, whose threads (the centre's, the oracle's workers) allocate and free while the
// run's does: with an arena of the C library's heap each, every arena keeps the room its own
// thread freed, which the others cannot reuse (20 MB at national scale, about 2 % of the
// peak). The process is one run: its threads share the one heap. (compare and suite, which
// make runs side by side on threads, keep an arena per thread.)
void share_one_heap() {
#if defined(__GLIBC__)
    mallopt(M_ARENA_MAX, 1);
#endif
}

int run_prepared(Prepared& p, std::ostream& out, std::ostream& err, const char* command) {
    const model::Scenario& scenario = p.scenario;
    // A followed family beyond the drawn ones (another parent's household, an entrant) is
    // checked once the world is drawn (run_scenario), before the run.
    const std::vector<Date> as_of = read_as_of(p.as_of, scenario);
    harness::check_memory(scenario, p.max_memory_bytes);
    share_one_heap();
    if (const std::uint64_t needed = harness::estimated_peak_bytes(scenario); !p.quiet && needed >= (1ull << 30)) {
        err << "pajesim " << command << ": this run needs about " << (needed >> 20) << " MiB of memory (estimate)\n";
    }
    const bool external = !p.request.sut.empty() || p.request.replay != nullptr;
    const std::string folder = p.out.empty() ? "out/" + scenario.name : p.out;
    std::vector<std::string> names{"report.json",  "families.csv",        "months.csv",          "report.html",
                                   "affected.csv", "affected-months.csv", "carers-affected.csv", "dossiers.html"};
    if (external) names.push_back("sut-stderr.log");
    // A previous set made with an external centre holds its log: the new set replaces it.
    harness::OutputFolder output(folder, names, {"sut-stderr.log"});
    for (const std::string& input : p.inputs) output.refuse_input(input);
    if (!p.journal.empty()) harness::check_output_file(p.journal, p.inputs, folder);
    if (!p.record.empty()) harness::check_output_file(p.record, p.inputs, folder);
    if (!p.journal.empty() && !p.record.empty() && harness::same_or_inside(p.journal, p.record)) {
        throw UsageError{"--journal " + p.journal + " and --record " + p.record + " are the same file"};
    }
    std::optional<harness::OutputFolder> letters;
    if (!p.letters.empty()) {
        if (harness::same_or_inside(p.letters, folder) || harness::same_or_inside(folder, p.letters)) {
            throw UsageError{"--letters " + p.letters + ": the letters need a folder of their own, apart from " + folder};
        }
        for (const std::string& file : {p.journal, p.record}) {
            if (!file.empty() && (harness::same_or_inside(file, p.letters) || harness::same_or_inside(p.letters, file))) {
                throw UsageError{"--letters " + p.letters + ": the letters folder and the file " + file +
                                 " overlap (the folder is replaced as a whole)"};
            }
        }
        letters.emplace(p.letters, is_letter_file, "the letters folder");
        for (const std::string& input : p.inputs) letters->refuse_input(input);
    }

    ProgressBar progress("simulating " + scenario.name, p.quiet);
    // The replay that follows the most harmed families takes about as long again: its own bar.
    ProgressBar following("following the most harmed families", p.quiet);
    harness::RunRequest& request = p.request;
    request.progress = [&](std::int32_t done, std::int32_t total) { progress.update(done, total); };
    request.replay_progress = [&](std::int32_t done, std::int32_t total) {
        progress.finish();
        following.update(done, total);
    };
    request.families = p.families_followed;
    request.as_of = as_of;
    request.keep_cells = false;  // the reports do not read them
    // Letters tell every registered family its own story: every one's file is followed.
    request.dossiers_of_register = letters ? SIZE_MAX : p.dossiers;
    // --dossiers 0: no dossier at all (the most harmed families' neither), so no replay; the
    // families named by --family are still followed, in the run itself.
    if (!letters && p.dossiers == 0) request.dossiers_of_most_harmed = 0;
    std::optional<harness::StagedFile> journal_file;
    std::unique_ptr<model::CsvJournal> journal;
    if (!p.journal.empty()) {
        journal_file.emplace(p.journal);
        journal = std::make_unique<model::CsvJournal>(journal_file->stream());
        request.journal = journal.get();
    }
    std::vector<harness::ConversationLine> conversation;
    if (!p.record.empty()) request.conversation = &conversation;

    const auto run = harness::run_scenario(scenario, request);
    progress.finish();
    following.finish();
    std::string replay = p.replaying ? "pajesim replay " + p.scenario_file
                                     : "pajesim run " + p.scenario_file + " --seed " + std::to_string(scenario.seed) +
                                           " --families " + std::to_string(scenario.population.families);
    if (!p.request.sut.empty()) replay += " --sut '" + p.request.sut + "'";
    std::vector<std::string> contents{reports::report_json(*run),         reports::families_csv(*run),
                                      reports::months_csv(*run),          reports::report_html(*run, replay),
                                      reports::affected_csv(*run),        reports::affected_months_csv(*run),
                                      reports::carers_affected_csv(*run), reports::dossiers_html(*run)};
    if (external) contents.push_back(run->centre.stderr_text);
    // Every output is written first, none put in place before all are: a write that fails
    // (a full disk under the journal, say) leaves nothing behind, as exit 2 promises.
    output.stage(contents);
    if (letters) {
        std::vector<std::string> letter_names;
        std::vector<std::string> letter_contents;
        for (reports::LetterFile& letter : reports::letters(*run)) {
            letter_names.push_back(std::move(letter.name));
            letter_contents.push_back(std::move(letter.content));
        }
        letters->stage(letter_names, letter_contents);
    }
    if (journal_file) journal_file->finish();
    std::optional<harness::StagedFile> recording;
    if (!p.record.empty()) {
        recording.emplace(p.record);
        recording->stream() << recording_header(p, std::filesystem::absolute(scenario.params_file).lexically_normal().string())
                            << '\n';
        for (const harness::ConversationLine& line : conversation) {
            recording->stream() << harness::recording_line(line) << '\n';
        }
        recording->finish();
    }
    output.put_in_place();
    if (letters) letters->put_in_place();
    if (journal_file) journal_file->commit();
    if (recording) recording->commit();
    if (!p.quiet) {
        out << reports::run_summary(*run);
        out << "  report: " << folder << "/report.html (also report.json, families.csv, months.csv, affected.csv, "
            << "affected-months.csv, carers-affected.csv, dossiers.html" << (external ? ", sut-stderr.log" : "") << ")\n";
        if (letters) out << "  letters: " << p.letters << "/index.html\n";
        out << "  replay: " << replay << "\n";
        if (!p.record.empty()) out << "  recording: " << p.record << " (pajesim replay " << p.record << ")\n";
    }
    for (const std::uint32_t family : p.families_followed) {
        const auto found = run->dossiers.find(family);
        if (found != run->dossiers.end()) out << "\n" << harness::format_dossier(found->second, run->faults);
    }
    for (const harness::RegisterAsOf& day : run->affected.as_of) out << "\n" << reports::as_of_text(*run, day);
    if (!run->result.complete) {
        err << "pajesim: " << broken_protocol_message(*run) << "\n";
        return exit_broken_protocol;
    }
    return run->violation_count > 0 ? exit_violation : exit_ok;
}

}  // namespace

int run_command(const std::vector<std::string>& arguments, std::istream&, std::ostream& out, std::ostream& err) {
    for (const std::string& argument : arguments) {
        if (argument == "--help" || argument == "-h") {
            out << run_help;
            return exit_ok;
        }
    }
    const RunArguments parsed = parse_arguments(arguments);
    // Everything is read and checked before the run starts: a refusal writes nothing.
    Prepared p;
    p.scenario = model::load_scenario(parsed.scenario);
    if (parsed.seed) p.scenario.seed = *parsed.seed;
    if (parsed.families) p.scenario.population.families = *parsed.families;
    harness::check_scenario(p.scenario);
    p.scenario_file = parsed.scenario;
    p.inputs = {parsed.scenario, p.scenario.params_file};
    // The centre's own files (its program, its data) named in its command are inputs too: a
    // recording, a journal or the output folder never replaces them.
    for (std::string& file : files_named_in(parsed.sut.command)) p.inputs.push_back(std::move(file));
    p.out = parsed.out;
    p.journal = parsed.journal;
    p.record = parsed.record;
    p.families_followed = parsed.families_followed;
    p.as_of = parsed.as_of;
    p.letters = parsed.letters;
    p.dossiers = parsed.dossiers;
    p.max_memory_bytes = parsed.max_memory_bytes;
    p.request.threads = parsed.threads;
    p.quiet = parsed.quiet;
    p.request.sut = parsed.sut.command;
    p.request.sut_timeout = parsed.sut.timeout;
    if (!parsed.record.empty()) {
        p.scenario_document = parse_json_file(parsed.scenario, 4u << 20);
        p.params_document = parse_json_file(p.scenario.params_file);
    }
    return run_prepared(p, out, err, "run");
}

int replay_command(const std::vector<std::string>& arguments, std::istream&, std::ostream& out,
                   std::ostream& err) {
    std::string file;
    Prepared p;
    std::optional<std::size_t> dossiers_given;
    OptionsSeen seen("replay", {"--family"});
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        seen.note(argument);
        if (argument == "--help" || argument == "-h") {
            out << replay_help;
            return exit_ok;
        } else if (argument == "--out") {
            p.out = option_value(arguments, i);
        } else if (argument == "--family") {
            read_families(option_value(arguments, i), p.families_followed);
        } else if (argument == "--quiet") {
            p.quiet = true;
        } else if (argument == "--dossiers") {
            dossiers_given = dossiers_count(option_value(arguments, i));
        } else if (argument.size() > 1 && argument.front() == '-') {
            throw UsageError{"replay: unknown option '" + argument + "'"};
        } else if (!file.empty()) {
            throw UsageError{"replay: only one RECORDING"};
        } else {
            file = argument;
        }
    }
    if (file.empty()) throw UsageError{"replay: a RECORDING file is needed"};
    // The header holds the copies of a scenario and a table (at most 4 + 64 MiB). A message
    // pajesim sends has no bound of its own (a day's rights for every family of a national
    // run): only the file's limit bounds the other lines, but a NUL byte stops the reading at
    // once (/dev/zero).
    constexpr std::size_t max_recording_bytes = std::size_t{16} << 30;
    const std::string text = read_input_lines(file, max_recording_bytes, std::size_t{128} << 20, max_recording_bytes);
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start < text.size();) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        lines.push_back(std::string_view(text).substr(start, end - start));
        start = end + 1;
    }
    if (lines.empty()) throw InputError(file, "an empty recording");
    const nlohmann::json header_document = parse_json_line(lines[0], file + ":1");
    const JsonValue header_value(header_document, file + ":1", "");
    ObjectReader header(header_value);
    if (header.required("type").as_string() != "recording") header.required("type").fail("expected \"recording\"");
    if (header.required("protocol").as_int(0, 1000) != harness::centre_protocol_version) {
        header.required("protocol").fail("a recording of another protocol version");
    }
    const std::string scenario_file = header.required("scenario_file").as_path();
    const JsonValue seed_value = header.required("seed");
    const std::optional<std::uint64_t> seed = parse_whole_number(seed_value.as_string());
    if (!seed) seed_value.fail("expected a seed: a whole number from 0 to 18446744073709551615, as a string");
    const auto families = static_cast<std::uint32_t>(header.required("families").as_int(1, model::max_families));
    const std::string params_file_told = header.required("params_file").as_path();
    p.scenario_document = header.required("scenario").raw();
    p.params_document = header.required("params").raw();
    // The run's --dossiers (a recording made before it was kept: the default).
    std::string dossiers_text;
    if (const auto recorded = header.optional("dossiers")) {
        const std::string count = recorded->as_string();
        dossiers_text = count;
        if (count != "all" && (count.empty() || count.size() > 7 ||
                               count.find_first_not_of("0123456789") != std::string::npos ||
                               std::stoull(count) > 5'000'000)) {
            recorded->fail("expected \"all\" or a number of families from 0 to 5000000");
        }
        p.dossiers = count == "all" ? SIZE_MAX : static_cast<std::size_t>(std::stoull(count));
    }
    // A recording made before the digest was kept has none.
    const std::optional<JsonValue> digest = header.optional("digest");
    if (digest) (void)digest->as_string();
    if (dossiers_given) p.dossiers = *dossiers_given;
    header.finish();
    const std::string folder = std::filesystem::path(scenario_file).parent_path().string();
    // The scenario and the table are the recording's copies: an error in them is the
    // recording's, at its header's /scenario or /params.
    const auto in_header = [&](const InputError& error) {
        const bool params = error.file() == p.scenario.params_file;
        if (error.file() != scenario_file && !params) return error;
        return InputError(file + ":1", (params ? "/params" : "/scenario") + error.json_path(), error.reason());
    };
    try {
        p.scenario = model::scenario_from_json(p.scenario_document, scenario_file, folder.empty() ? "." : folder);
        p.scenario.seed = *seed;
        p.scenario.population.families = families;
        harness::check_scenario(p.scenario, &p.params_document);
    } catch (const InputError& error) {
        throw in_header(error);
    }
    // After the copies' own checks (which name the faulty value), whether they are the run's.
    if (digest && digest->as_string() != header_digest(seed_value.as_string(), families, dossiers_text,
                                                       p.scenario_document, p.params_document)) {
        digest->fail("the header was altered after the run (its scenario, parameter table, seed, families or "
                     "dossiers are not those the run recorded): replay a recording as pajesim wrote it");
    }
    std::vector<harness::ConversationLine> conversation;
    conversation.reserve(lines.size());
    for (std::size_t i = 1; i < lines.size(); ++i) {
        // The lines end at the file's last newline: an empty line, the last one too, is not
        // one pajesim wrote.
        if (lines[i].empty()) {
            throw InputError(file + ":" + std::to_string(i + 1), "an empty line, which pajesim never records");
        }
        conversation.push_back(harness::read_recording_line(std::string(lines[i]), file, i + 1));
    }
    p.scenario_file = file;
    p.inputs = {file};
    p.replaying = true;
    p.request.replay = &conversation;
    p.request.replay_file = file;
    p.request.replay_first_line = 2;
    p.request.params_file_told = params_file_told;
    p.request.params_document = &p.params_document;
    return run_prepared(p, out, err, "replay");
}

}  // namespace pajesim::cli
