#pragma once
// Letters to the affected families: for every family with an episode in the register, a
// one-page statement in plain French and plain English (HTML, self-contained and printable,
// and the same words as text): what it was owed for each care month, what was paid for it and
// when, what remains owed to it or to be recovered from it and how, why (the faults and the
// steps of its file that went wrong), and the reference to quote. Deterministic: no date of
// writing, nothing but the run. docs/report-format.md describes the folder.

#include <string>
#include <vector>

#include "harness/outcome/run_outcome.hpp"

namespace pajesim::reports {

struct LetterFile {
    std::string name;     // "family-12.fr.html", ..., "index.html"
    std::string content;
};

// For each registered family in id order: family-N.fr.html, family-N.fr.txt, family-N.en.html,
// family-N.en.txt; then index.html, which lists them.
std::vector<LetterFile> letters(const harness::RunOutcome& run);

// The reference a family quotes: "PJS-" + the scenario's name + "-" + the seed + "-" + the
// family's id, e.g. "PJS-incident-2019-1-4711": it names the run that can be replayed.
std::string letter_reference(const harness::RunOutcome& run, FamilyId family);

}  // namespace pajesim::reports
