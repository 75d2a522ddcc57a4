#pragma once
// Outputs that are never seen half written and never destroy an input.
//
// A report set (several files read together) is written into a temporary folder beside its
// target, then put in place in one step: the previous set, if any, stays complete until the
// new one is, and is then exchanged with it atomically (renameat2 RENAME_EXCHANGE; where the
// file system cannot exchange, two renames). A single file (a journal, a JUnit report) is
// written under a temporary name beside it, then renamed. Temporary names are
// ".NAME.tmp-PID"; those left by a killed process are removed by the next write beside them.
//
// Everything that can be checked before the work starts is: an output that is a file where a
// folder is wanted (or the reverse), a folder holding anything but a previous set of the same
// files (pajesim never replaces a folder of other things), an output equal to an input or a
// folder holding an input. Refusals are InputError (exit code 2).
//
// For the kill test, PAJESIM_KILL_AT=N makes the process kill itself (SIGKILL) at the N-th
// step of its writing (docs/report-format.md lists the steps).

#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace pajesim::harness {

class OutputFolder {
public:
    // `names`: the files of the set; `also_ours`: files a previous set of this kind may hold
    // besides (a run with an external centre's log). Checks `target` at once.
    OutputFolder(std::string target, std::vector<std::string> names, std::vector<std::string> also_ours = {});
    // A set whose names are known only once the work is done (letters, one per family): `ours`
    // says which names a previous set of this kind may hold. Commit with the names. `role`
    // names the folder in refusals ("the letters folder").
    OutputFolder(std::string target, std::function<bool(const std::string&)> ours,
                 std::string role = "the output folder");
    void commit(const std::vector<std::string>& names, const std::vector<std::string>& contents);
    const std::string& target() const { return target_; }
    // Refuses `input` when the target folder holds it, or is it.
    void refuse_input(const std::string& input) const;
    // Writes contents[i] as names[i] and puts the set in place.
    void commit(const std::vector<std::string>& contents);
    // The same in two steps, so that a command writing several outputs puts none in place
    // before all are written: stage writes the set into a temporary folder beside the target
    // (removed if the set is never put in place), put_in_place moves it there.
    void stage(const std::vector<std::string>& contents);
    void stage(const std::vector<std::string>& names, const std::vector<std::string>& contents);
    void put_in_place();
    ~OutputFolder();
    OutputFolder(OutputFolder&&) = default;
    OutputFolder& operator=(OutputFolder&&) = default;

private:
    void check_target(const std::function<bool(const std::string&)>& ours) const;

    std::string target_;
    std::vector<std::string> names_;
    std::string role_ = "the output folder";
    std::string staging_;  // the staged set not yet in place, or empty
};

// Refuses `input` when the folder `target` holds it, or is it (before the folder itself is
// checked: an input run folder given as the output is named as such).
void refuse_input_inside(const std::string& target, const std::string& input);

// Refuses an output path that exists and is not a regular file: a folder, a symbolic link, a
// device, a pipe or a socket (a single file is written beside it and renamed over it, which
// would replace the link or the device itself).
void refuse_special_file(const std::string& output);

// Checks, before the work starts, a single output file: not a folder, a link or a device, a
// parent that is (or can be) a folder, not one of `inputs`, not inside `protected_folder` when
// one is given.
void check_output_file(const std::string& output, const std::vector<std::string>& inputs,
                       const std::string& protected_folder = {});

// A single output file, written atomically; throws InputError naming the path when it cannot.
void write_file_atomically(const std::string& path, const std::string& content);

// An output file streamed as the work goes (the journal): open under a temporary name,
// renamed into place by commit(), removed when destroyed uncommitted.
class StagedFile {
public:
    explicit StagedFile(std::string target);
    ~StagedFile();
    StagedFile(const StagedFile&) = delete;
    StagedFile& operator=(const StagedFile&) = delete;
    std::ostream& stream();
    // Ends the writing and checks it (refused on a write error); the file is not in place yet.
    void finish();
    // finish(), then puts the file in place.
    void commit();

private:
    std::string target_;
    std::string temporary_;
    std::unique_ptr<std::ofstream> stream_;
    bool finished_ = false;
    bool committed_ = false;
};

// Whether `path` is `folder` or lies inside it (both made absolute, symbolic links resolved
// where they exist).
bool same_or_inside(const std::string& path, const std::string& folder);

// The kill test's hook: kills the process when PAJESIM_KILL_AT names this step.
void kill_point(int step);

}  // namespace pajesim::harness
