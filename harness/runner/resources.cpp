#include "harness/runner/resources.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <string>

#include "sim/kernel/int128.hpp"
#include "sim/kernel/json_input.hpp"
#include "sim/kernel/parallel.hpp"

namespace pajesim::harness {
namespace {

// Peak resident memory (GCC 12 -O3, glibc malloc, the default dossiers and threads) of
// baseline-2019 and incident-2019 over 24 and 48 months (the same scenarios to 2022-12) at 5 000
// to 200 000 families, fitted as fixed + per family + per family-month + per month, then raised
// by 10 % (an estimate must not let a run through that then fails). Measured in December 2026,
// after the old months of the amounts that seldom change were held as runs
// (kernel/run_length_cells.hpp) and the flags in half bytes:
// - per family: 1 027 bytes (KiB: 121 728 and 222 048 at 100 000 and 200 000 families) over
//   24 months without faults, 1 640 over 48 (108 076 and 188 176 at 50 000 and 100 000); 1 123
//   and 1 709 with the incident's faults and processes (133 600 and 243 292 KiB at 24 months;
//   117 460 and 200 888 over 48). So 415 and 537 bytes beside 25.5 and 24.4 bytes per
//   family-month, rounded up below.
// - per month, whatever the population: about 300 KiB without faults, 590 to 720 KiB with
//   (mostly the text of the most harmed families' dossiers, which grows with the period): the
//   incident at 5 000 families peaks at 36 452 KiB over 24 months and 53 488 KiB over 48.
// - fixed: 9.8 MiB and more, 11 MiB below.
// - Pajemploi+ families and monthly hours that vary cost more (below); conformance-2019, which
//   has both and more processes, peaked at 309 364 KiB at 200 000 families, 1 423 bytes a
//   family (170 432 KiB at 100 000).
// The national incident (1 200 000 families over 24 months) peaked at 1 277 MiB on one
// thread, 87 % of its estimate.
// Refitted in December 2026, after the records made for the few families concerned and the
// smaller records (docs/performance.md): the per-family and per-family-month terms lowered in
// proportion to the peaks measured at 100 000 families (94 MiB for the baseline, 105 for the
// incident, 138 for conformance-2019, against 110, 127 and 147 estimated) and at 1 200 000
// (913 and 1 012 MiB against 1 088 and 1 181). Dossiers asked beyond the default (--dossiers N|all, letters)
// add about 250 KiB each over 24 months, their text; they are not in the estimate (how many
// families a run harms is known only once it is over).
constexpr std::uint64_t fixed_bytes = std::uint64_t{11} << 20;
constexpr std::uint64_t family_bytes = 300;
constexpr std::uint64_t family_month_bytes = 21;
constexpr std::uint64_t month_bytes = std::uint64_t{345} << 10;
constexpr std::uint64_t family_bytes_with_faults = 390;
constexpr std::uint64_t family_month_bytes_with_faults = 20;
constexpr std::uint64_t month_bytes_with_faults = std::uint64_t{720} << 10;

std::string mebibytes(std::uint64_t bytes) { return std::to_string((bytes + (1u << 20) - 1) >> 20) + " MiB"; }

}  // namespace

std::uint64_t estimated_peak_bytes(const model::Scenario& scenario) {
    // The other parents' households of alternating residence, at most one per drawn family in
    // the share (an upper bound: only single-parent assmat families are eligible).
    const Ratio& share = scenario.population.alternating_residence_share;
    const std::uint64_t drawn = scenario.population.families;
    const auto others = static_cast<std::uint64_t>(
        (static_cast<UInt128>(drawn) * static_cast<UInt128>(share.numerator()) +
         static_cast<UInt128>(share.denominator()) - 1) /
        static_cast<UInt128>(share.denominator()));
    const auto months = static_cast<std::uint64_t>(scenario.month_count());
    // New claims during the run: families x months x the monthly rate, rounded up.
    const Ratio& claims = scenario.population.new_claims_per_month;
    const auto entrants = static_cast<std::uint64_t>(
        (static_cast<UInt128>(drawn) * months * static_cast<UInt128>(claims.numerator()) +
         static_cast<UInt128>(claims.denominator()) - 1) /
        static_cast<UInt128>(claims.denominator()));
    const std::uint64_t families = drawn + others + entrants;
    const bool faults = scenario.faults.is_array() && !scenario.faults.empty();
    const std::uint64_t per_family = faults ? family_bytes_with_faults : family_bytes;
    const std::uint64_t per_family_month = faults ? family_month_bytes_with_faults : family_month_bytes;
    const std::uint64_t per_month = faults ? month_bytes_with_faults : month_bytes;
    // Pajemploi+ families are debited their carers' pay: the books and the centre hold rows of
    // debits for them (12 bytes a family-month). The fit above is at the default share, 15 %;
    // conformance-2019 (40 %) took 65 bytes a family more than with 15 % over 24 months.
    const Ratio& plus = scenario.population.pajemploi_plus_share;
    const auto plus_bytes = static_cast<std::uint64_t>(
        (static_cast<UInt128>(families) * months * 12 * static_cast<UInt128>(plus.numerator()) +
         static_cast<UInt128>(plus.denominator()) - 1) /
        static_cast<UInt128>(plus.denominator()));
    // Monthly hours that vary change the amounts every month: the tables held as runs of equal
    // months turn dense (kernel/run_length_cells.hpp). conformance-2019 took 90 bytes a family
    // more with its hours varying by 20 % than with steady hours, over 24 months.
    const std::uint64_t varying_bytes =
        scenario.population.monthly_hours_spread_percent > 0 ? families * months * 5 : 0;
    const std::uint64_t measured = fixed_bytes + families * (per_family + months * per_family_month) +
                                   months * per_month + plus_bytes + varying_bytes;
    return measured + measured / 10;
}

std::uint64_t physical_memory_bytes() {
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long page_size = ::sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || page_size <= 0) return 0;
    return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
}

unsigned default_runs_at_once(const std::vector<const model::Scenario*>& scenarios, bool external_centre) {
    if (external_centre) return 1;
    const std::uint64_t memory = physical_memory_bytes();
    if (memory == 0) return 1;
    return runs_at_once_within_memory(scenarios, all_cores());
}

unsigned runs_at_once_within_memory(const std::vector<const model::Scenario*>& scenarios, unsigned requested) {
    std::uint64_t largest = 1;
    for (const model::Scenario* scenario : scenarios) largest = std::max(largest, estimated_peak_bytes(*scenario));
    const std::uint64_t memory = physical_memory_bytes();
    if (memory == 0) return requested;  // unknown: as asked
    const std::uint64_t fit = std::max<std::uint64_t>(1, memory / largest);
    return static_cast<unsigned>(std::max<std::uint64_t>(1, std::min<std::uint64_t>(requested, fit)));
}

void check_memory(const model::Scenario& scenario, std::optional<std::uint64_t> limit_bytes) {
    const bool machine = !limit_bytes;
    std::uint64_t limit = limit_bytes ? *limit_bytes : physical_memory_bytes();
    // Without --max-memory, a process limit on its address space (ulimit -v) below the
    // machine's memory is the limit.
    bool process_limit = false;
    if (machine) {
        struct rlimit address_space {};
        if (::getrlimit(RLIMIT_AS, &address_space) == 0 && address_space.rlim_cur != RLIM_INFINITY &&
            (limit == 0 || address_space.rlim_cur < limit)) {
            limit = address_space.rlim_cur;
            process_limit = true;
        }
    }
    if (limit == 0) return;
    const std::uint64_t needed = estimated_peak_bytes(scenario);
    if (needed <= limit) return;
    model::Scenario smaller = scenario;
    smaller.population.families = 1;
    const std::uint64_t one = estimated_peak_bytes(smaller);
    const std::uint64_t per_family = one - estimated_peak_bytes([&] {
        model::Scenario none = scenario;
        none.population.families = 0;
        return none;
    }());
    const std::uint64_t fits = limit > one ? (limit - one) / per_family + 1 : 0;
    const std::string what = process_limit ? "the process's address-space limit (ulimit -v), "
                             : machine     ? "this machine's memory, "
                                           : "the --max-memory limit, ";
    const std::string advice = fits == 0 ? "a run of a single family needs about " + mebibytes(one) + ": raise the limit"
                                         : "run at most " + std::to_string(fits) +
                                               " families (--families N), a shorter period, or split the population "
                                               "into several runs with their own seeds";
    throw InputError(scenario.file, "/population/families",
                     std::to_string(scenario.population.families) + " families over " +
                         std::to_string(scenario.month_count()) + " months need about " + mebibytes(needed) +
                         " (estimate), above " + what + mebibytes(limit) + "; " + advice);
}

}  // namespace pajesim::harness
