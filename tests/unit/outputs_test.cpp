// What the command line promises around its outputs: CSV text fields quoted and neutralised,
// every exception turned into an exit code at the command boundary, and output folders
// refused before any work when they would destroy something.

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>

#include <nlohmann/json.hpp>

#include "harness/cli/cli.hpp"
#include "harness/runner/output_files.hpp"
#include "reports/csv.hpp"
#include "sim/kernel/assert.hpp"
#include "sim/kernel/json_input.hpp"

namespace fs = std::filesystem;
using pajesim::reports::csv_text;

namespace {

fs::path scratch(const std::string& name) {
    const fs::path folder = fs::temp_directory_path() / ("pajesim-outputs-test-" + name);
    fs::remove_all(folder);
    fs::create_directories(folder);
    return folder;
}

template <typename Exception>
std::pair<int, std::string> guarded_throwing(const Exception& exception) {
    std::ostringstream err;
    const int code = pajesim::cli::guarded("run", err, [&]() -> int { throw exception; });
    return {code, err.str()};
}

}  // namespace

BOOST_AUTO_TEST_CASE(csv_text_follows_rfc_4180) {
    BOOST_TEST(csv_text("big-bang") == "big-bang");
    BOOST_TEST(csv_text("a,b") == "\"a,b\"");
    BOOST_TEST(csv_text("say \"no\"") == "\"say \"\"no\"\"\"");
    BOOST_TEST(csv_text("two\nlines") == "\"two\nlines\"");
    BOOST_TEST(csv_text("cr\r") == "\"cr\r\"");
    BOOST_TEST(csv_text("") == "");
}

BOOST_AUTO_TEST_CASE(csv_text_never_starts_a_formula) {
    BOOST_TEST(csv_text("=1+1") == "'=1+1");
    BOOST_TEST(csv_text("+33") == "'+33");
    BOOST_TEST(csv_text("-2") == "'-2");
    BOOST_TEST(csv_text("@SUM(A1)") == "'@SUM(A1)");
    BOOST_TEST(csv_text("\tx") == "'\tx");
    BOOST_TEST(csv_text("=HYPERLINK(\"x\",\"y\")") == "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
    BOOST_TEST(csv_text("a=b") == "a=b");
}

BOOST_AUTO_TEST_CASE(every_exception_becomes_an_exit_code) {
    auto [input_code, input_text] = guarded_throwing(pajesim::InputError("s.json", "/seed", "bad"));
    BOOST_TEST(input_code == 2);
    BOOST_TEST(input_text == "pajesim run: s.json: /seed: bad\n");
    BOOST_TEST(guarded_throwing(std::bad_alloc()).first == 2);
    BOOST_TEST(guarded_throwing(fs::filesystem_error("no room", std::error_code())).first == 2);
    auto [bug_code, bug_text] = guarded_throwing(pajesim::InternalError("assertion failed: x"));
    BOOST_TEST(bug_code == 70);
    BOOST_TEST(bug_text.find("internal error: assertion failed: x") != std::string::npos);
    BOOST_TEST(bug_text.find("please report it") != std::string::npos);
    // A library's exception escaping a command is a bug too, never an abort.
    BOOST_TEST(guarded_throwing(nlohmann::json::type_error::create(302, "type must be string", nullptr)).first == 70);
    BOOST_TEST(guarded_throwing(42).first == 70);
    BOOST_TEST(guarded_throwing(pajesim::cli::UsageError{"no"}).first == 2);
}

BOOST_AUTO_TEST_CASE(an_output_folder_of_other_things_is_refused) {
    const fs::path folder = scratch("foreign");
    std::ofstream(folder / "notes.txt") << "mine";
    BOOST_CHECK_THROW(pajesim::harness::OutputFolder(folder.string(), {"report.json"}), pajesim::InputError);
    std::ofstream(folder / "file") << "x";
    BOOST_CHECK_THROW(pajesim::harness::OutputFolder((folder / "file").string(), {"report.json"}),
                      pajesim::InputError);
    BOOST_CHECK_THROW(pajesim::harness::OutputFolder((folder / "file" / "under").string(), {"report.json"}),
                      pajesim::InputError);
    BOOST_TEST(fs::exists(folder / "notes.txt"));
}

// The folders up to a new target are made once the work is done: one that cannot be made is
// refused before any work. /proc takes no folder, even from root (whom permissions do not stop).
BOOST_AUTO_TEST_CASE(an_output_folder_that_cannot_be_made_is_refused_before_any_work) {
    const fs::path folder = scratch("parent");
    // A new folder two levels under a writable one: accepted, and the check leaves nothing.
    BOOST_CHECK_NO_THROW(pajesim::harness::OutputFolder((folder / "a" / "b").string(), {"report.json"}));
    BOOST_TEST(fs::is_empty(folder));
    if (!fs::exists("/proc/self/status")) return;  // no procfs mounted here
    try {
        pajesim::harness::OutputFolder("/proc/pajesim-outputs-test/run", {"report.json"});
        BOOST_ERROR("an output folder under /proc was accepted");
    } catch (const pajesim::InputError& error) {
        const std::string message = error.what();
        BOOST_TEST(message.find("/proc/pajesim-outputs-test/run: cannot create a folder in /proc") == 0u, message);
    }
}

BOOST_AUTO_TEST_CASE(a_report_set_replaces_the_previous_one_whole) {
    const fs::path folder = scratch("replace");
    const fs::path target = folder / "run";
    pajesim::harness::OutputFolder output(target.string(), {"a.csv", "b.json"});
    output.commit({"one", "two"});
    output.commit({"three", "four"});
    std::ifstream a(target / "a.csv");
    std::string text;
    a >> text;
    BOOST_TEST(text == "three");
    // Nothing but the set, and no temporary beside it.
    BOOST_TEST(std::distance(fs::directory_iterator(target), fs::directory_iterator()) == 2);
    BOOST_TEST(std::distance(fs::directory_iterator(folder), fs::directory_iterator()) == 1);
    // A folder holding an input is refused before any work.
    BOOST_CHECK_THROW(output.refuse_input((target / "a.csv").string()), pajesim::InputError);
    BOOST_CHECK_THROW(output.refuse_input(target.string() + "/"), pajesim::InputError);
    BOOST_CHECK_NO_THROW(output.refuse_input((folder / "run2" / "a.csv").string()));
}

BOOST_AUTO_TEST_CASE(an_output_file_equal_to_an_input_is_refused) {
    const fs::path folder = scratch("file");
    std::ofstream(folder / "s.json") << "{}";
    const std::string input = (folder / "s.json").string();
    BOOST_CHECK_THROW(pajesim::harness::check_output_file(input, {input}), pajesim::InputError);
    BOOST_CHECK_THROW(pajesim::harness::check_output_file((folder / "." / "s.json").string(), {input}),
                      pajesim::InputError);
    BOOST_CHECK_THROW(pajesim::harness::check_output_file(folder.string(), {}), pajesim::InputError);
    BOOST_CHECK_THROW(pajesim::harness::check_output_file((folder / "out" / "j.csv").string(), {}, (folder / "out").string()),
                      pajesim::InputError);
    BOOST_CHECK_NO_THROW(pajesim::harness::check_output_file((folder / "j.csv").string(), {input}));
}
