#pragma once
// Sweeps (docs/sweep-format.md): a base scenario, factors that set any of its keys by JSON
// pointer, a design (full factorial or Latin hypercube) giving the points, and seeds per point
// (the same seeds at every point: common random numbers). Each run (point x seed) is
// independent and deterministic; its summary is one small JSON document, kept as a file as
// soon as the run ends, so that a sweep can be spread over processes or MPI ranks, killed and
// resumed, and its tables built from the summaries alone, in run order, whatever order they
// finished in.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/compare.hpp"
#include "sim/model/scenario.hpp"

namespace pajesim::harness {

// One factor: a scenario key (JSON pointer) and its levels.
struct SweepFactor {
    std::string name;
    std::string path;                    // JSON pointer into the scenario document
    std::vector<nlohmann::json> levels;  // the values a full factorial takes (given, or a range's)
    std::vector<std::string> labels;     // one per level, for tables and charts
    // A range (`range` in the spec): bounds as scaled integers (value x 10^decimals); a Latin
    // hypercube draws inside it, a full factorial takes `count` evenly spaced levels.
    bool is_range = false;
    bool range_integer = true;  // JSON integers, else decimal strings
    std::int64_t range_min = 0;
    std::int64_t range_max = 0;
    int decimals = 0;
    std::string range_text;  // "MIN to MAX"
};

enum class SweepDesign : std::uint8_t { full_factorial, latin_hypercube };

struct SweepSpec {
    std::string file;    // the spec's path, for messages
    std::string name;
    std::string base_file;       // the base scenario's path (relative to the spec's folder)
    nlohmann::json base;         // the base scenario's document
    std::string base_folder;     // where its params file is resolved
    std::optional<std::uint32_t> families;  // replaces population.families at every point
    std::uint32_t seeds = 1;
    std::uint64_t first_seed = 0;
    std::vector<SweepFactor> factors;
    SweepDesign design = SweepDesign::full_factorial;
    std::uint32_t lhs_points = 0;
    std::uint64_t lhs_seed = 0;
    std::vector<std::string> outputs;  // the figures the report charts, in order
    std::string rank_by;               // the figure the points are ranked by
    // Each point: one value per factor, and its labels.
    std::vector<std::vector<nlohmann::json>> points;
    std::vector<std::vector<std::string>> point_labels;
    // For the sensitivity ranking: each point's level (or bin) index per factor.
    std::vector<std::vector<std::size_t>> point_groups;
    std::vector<std::vector<std::string>> group_labels;  // per factor
    // A digest of everything that decides the runs' results: a summary from another spec is
    // never taken for one of this one.
    std::string digest;
    // The parameter tables the points read, each once, point 0's first: inputs, never in the
    // sweep's folder.
    std::vector<std::string> params_files;

    std::size_t run_count() const { return points.size() * seeds; }
    std::size_t point_of(std::size_t run) const { return run / seeds; }
    std::uint64_t seed_of(std::size_t run) const { return first_seed + run % seeds; }
};

// Reads and checks a spec, and every point's scenario (each must load and pass the checks a
// run makes): throws InputError naming the spec file and the JSON path (a point that does not
// load names the factor levels that make it).
SweepSpec load_sweep_spec(const std::string& path, std::optional<std::uint32_t> families_override);

// The scenario of one run.
model::Scenario sweep_scenario(const SweepSpec& spec, std::size_t run);

// Runs one run and returns its summary document's text (one line, ending in a newline).
std::string run_sweep_run(const SweepSpec& spec, std::size_t run);
// The text of a run's summary holding `metrics` (what run_sweep_run writes).
std::string sweep_run_summary(const SweepSpec& spec, std::size_t run, const reports::HarmMetrics& metrics);

// The harm figures of a summary, or nullopt when `text` is not a summary of this spec's run
// `run` (another spec's, a truncated file).
std::optional<reports::HarmMetrics> read_sweep_run(const SweepSpec& spec, std::size_t run, const std::string& text);

// The file name of a run's summary inside the sweep's `runs/` folder.
std::string sweep_run_file(std::size_t run);

}  // namespace pajesim::harness
