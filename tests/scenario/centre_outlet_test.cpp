// The built-in centre's actions executed during its turn, as it offers them (ActionOutlet,
// sim/model/centre/centre.hpp), or all after its turn: the same run. Whole runs with faults,
// agents, advances, overpayments and Pajemploi+ are compared, one executing each action the
// moment it is offered (a batch of 1) and one giving the centre no outlet (batch 0): every
// transfer of the ledger in the same order on the same day, and the same reports and dossiers.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "harness/runner/observers.hpp"
#include "harness/runner/scenario_run.hpp"
#include "reports/html_report.hpp"
#include "reports/register_report.hpp"
#include "reports/run_report.hpp"
#include "sim/model/ledger.hpp"
#include "sim/model/scenario.hpp"

using namespace pajesim;

namespace {

class Transfers final : public model::JournalSink {
public:
    void record(const model::Transfer& t) override {
        lines.push_back(t.date.to_string() + " " + std::to_string(t.source.value()) + ">" +
                        std::to_string(t.target.value()) + " " + t.amount.to_string() + " " +
                        std::to_string(static_cast<int>(t.cause)) + " " + std::to_string(t.family.value()) + " " +
                        t.month.to_string());
    }
    std::vector<std::string> lines;
};

struct Run {
    Transfers transfers;
    std::unique_ptr<harness::RunOutcome> outcome;
};

Run run(const std::string& name, std::uint32_t families, std::size_t batch) {
    model::Scenario scenario = model::load_scenario(std::string(PAJESIM_SOURCE_DIR) + "/scenarios/" + name + ".json");
    scenario.population.families = families;
    Run result;
    harness::RunRequest request;
    request.journal = &result.transfers;
    request.dossiers_of_most_harmed = 20;
    request.centre_actions_batch = batch;
    request.threads = 2;  // the centre on its own thread too
    result.outcome = harness::run_scenario(scenario, request);
    return result;
}

void check_same_run(const std::string& name, std::uint32_t families) {
    const Run held = run(name, families, 0);
    const Run offered = run(name, families, 1);
    BOOST_TEST_CONTEXT(name) {
        BOOST_TEST_REQUIRE(held.transfers.lines.size() == offered.transfers.lines.size());
        for (std::size_t i = 0; i < held.transfers.lines.size(); ++i) {
            BOOST_TEST_REQUIRE(held.transfers.lines[i] == offered.transfers.lines[i], "transfer " << i);
        }
        // Enough of a run to compare: the centre paid, debited and held.
        BOOST_TEST(held.transfers.lines.size() > 10u * families);
        BOOST_TEST(reports::families_csv(*held.outcome) == reports::families_csv(*offered.outcome));
        BOOST_TEST(reports::months_csv(*held.outcome) == reports::months_csv(*offered.outcome));
        BOOST_TEST(reports::affected_csv(*held.outcome) == reports::affected_csv(*offered.outcome));
        BOOST_TEST(reports::report_html(*held.outcome, "") == reports::report_html(*offered.outcome, ""));
        BOOST_TEST_REQUIRE(held.outcome->dossiers.size() == offered.outcome->dossiers.size());
        BOOST_TEST(!held.outcome->dossiers.empty());
        for (auto a = held.outcome->dossiers.begin(), b = offered.outcome->dossiers.begin();
             a != held.outcome->dossiers.end(); ++a, ++b) {
            BOOST_TEST(a->first == b->first);
            BOOST_TEST(harness::format_dossier(a->second, held.outcome->faults) ==
                       harness::format_dossier(b->second, offered.outcome->faults));
        }
        BOOST_TEST(held.outcome->violation_count == offered.outcome->violation_count);
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(actions_executed_as_offered_or_after_the_turn_make_the_same_run) {
    check_same_run("incident-2019", 3'000);
    check_same_run("remediation-outbound-contact", 2'000);  // the centre's holds start contacts
    check_same_run("reform-2025", 2'000);                   // Pajemploi+ and the hourly CMG
}
