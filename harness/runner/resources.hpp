#pragma once
// What a run will need, checked before it starts: a run that cannot fit in memory is refused
// with its estimate and how to go further, instead of being ended by the kernel's OOM killer.

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/model/scenario.hpp"

namespace pajesim::harness {

// The peak memory of `pajesim run` on this scenario, in bytes: a fixed part, a part per family,
// per family-month and per month, measured (resources.cpp says on what), larger with faults;
// an upper estimate, 10 to 33 % above the measured peaks (the default dossiers).
std::uint64_t estimated_peak_bytes(const model::Scenario& scenario);

// The machine's physical memory in bytes (0 when unknown).
std::uint64_t physical_memory_bytes();
// How many runs of these scenarios to make at a time when none is asked for: one per core, as
// many as the memory holds at the largest one's estimate; one with an external centre (it may
// not bear two conversations at once).
unsigned default_runs_at_once(const std::vector<const model::Scenario*>& scenarios, bool external_centre);
// At most `requested` runs of these scenarios at a time, fewer when the machine's memory holds
// fewer at the largest one's estimate (never below 1): an explicit --jobs is a ceiling, not a
// promise to exhaust the memory.
unsigned runs_at_once_within_memory(const std::vector<const model::Scenario*>& scenarios, unsigned requested);

// Throws InputError naming the scenario file and /population/families when the estimate is
// above `limit_bytes` (default: the machine's memory), with the largest population that fits.
void check_memory(const model::Scenario& scenario, std::optional<std::uint64_t> limit_bytes);

}  // namespace pajesim::harness
