#pragma once
// The words of the letters to families (letters.hpp), in plain French and plain English:
// amounts and dates as each language writes them, and one sentence a parent understands for
// each fault of the catalog, each step of a file that went wrong, and each way the centre
// recovers an overpayment.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/outcome/run_outcome.hpp"

namespace pajesim::reports {

enum class Language : std::uint8_t { french, english };

// "1 234,56 €" / "€1,234.56"; negative: "-30,00 €" / "-€30.00". Plain spaces: the HTML
// letters make the spaces inside an amount no-break when they render it.
std::string euros_text(Cents amount, Language language);
// The same with a sign for anything but zero: "+12,00 €", "-€3.50", "0,00 €".
std::string signed_euros_text(Cents amount, Language language);
// "1er novembre 2019", "15 novembre 2019" / "1 November 2019".
std::string date_text(Date day, Language language);
// "novembre 2019" / "November 2019".
std::string month_text(YearMonth month, Language language);

// What the fault at `index` of the run's plan did, in one sentence with its window's dates
// (the window's last day is the day before its end: windows are half-open).
std::string fault_in_words(const harness::RunOutcome& run, std::size_t index, Language language);
// What a step of a family's file that went wrong means for the family (a lost declaration, a
// rejected debit, ...), without the final full stop; nullopt for the steps of a normal file.
std::optional<std::string> step_in_words(std::string_view kind, Language language);
// How the rest of an overpayment will be recovered under the scenario's policy.
std::string overpayment_policy_in_words(const model::OverpaymentPolicy& policy, Language language);

}  // namespace pajesim::reports
