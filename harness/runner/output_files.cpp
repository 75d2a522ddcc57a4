#include "harness/runner/output_files.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "sim/kernel/assert.hpp"
#include "sim/kernel/json_input.hpp"

namespace pajesim::harness {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void refuse(const std::string& path, const std::string& reason) {
    throw InputError(path, reason);
}

fs::path absolute_path(const std::string& path) {
    std::error_code error;
    fs::path result = fs::weakly_canonical(fs::absolute(path, error), error);
    if (error) result = fs::absolute(path).lexically_normal();
    return result;
}

std::string temporary_prefix(const fs::path& target) { return "." + target.filename().string() + ".tmp-"; }

fs::path temporary_beside(const fs::path& target) {
    return target.parent_path() / (temporary_prefix(target) + std::to_string(::getpid()));
}

fs::path parent_of(const fs::path& target) {
    return target.has_parent_path() ? target.parent_path() : fs::path(".");
}

// Removes what killed processes left beside `target` (their pid no longer runs).
void remove_stale_temporaries(const fs::path& target) {
    const std::string prefix = temporary_prefix(target);
    std::error_code error;
    for (fs::directory_iterator it(parent_of(target), error), end; !error && it != end; it.increment(error)) {
        const std::string name = it->path().filename().string();
        if (name.rfind(prefix, 0) != 0) continue;
        std::string digits = name.substr(prefix.size());
        if (digits.size() > 4 && digits.compare(digits.size() - 4, 4, "-old") == 0) digits.resize(digits.size() - 4);
        if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
        const auto pid = static_cast<pid_t>(std::stol(digits));
        if (pid == ::getpid() || (::kill(pid, 0) != 0 && errno == ESRCH)) {
            std::error_code ignored;
            fs::remove_all(it->path(), ignored);
        }
    }
}

void make_parent(const fs::path& target) {
    const fs::path parent = parent_of(target);
    std::error_code error;
    fs::create_directories(parent, error);
    if (error || !fs::is_directory(parent)) {
        refuse(target.string(), "cannot create its folder " + parent.string() +
                                    (error ? " (" + error.message() + ")" : ""));
    }
}

// Checks that the folder of `target` exists or can be made (a file in the way is refused).
void check_parent(const fs::path& target) {
    for (fs::path ancestor = parent_of(fs::absolute(target)); !ancestor.empty(); ancestor = ancestor.parent_path()) {
        std::error_code error;
        const auto status = fs::status(ancestor, error);
        if (fs::exists(status)) {
            if (!fs::is_directory(status)) {
                refuse(target.string(), ancestor.string() + " is a file, not a folder");
            }
            // The folders up to the target are made there once the work is done: a folder that
            // takes none (read-only, not ours, a system's like /proc) is refused now, not then.
            const fs::path probe = ancestor / (".pajesim-check-" + std::to_string(::getpid()));
            const bool made = fs::create_directory(probe, error);
            if (error) refuse(target.string(), "cannot create a folder in " + ancestor.string() + ": " + error.message());
            if (made) fs::remove(probe, error);
            return;
        }
        if (ancestor == ancestor.root_path()) return;
    }
}

void write_whole(const fs::path& path, const std::string& content) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) refuse(path.string(), std::string("cannot write: ") + std::strerror(errno));
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t wrote = ::write(fd, content.data() + done, content.size() - done);
        if (wrote < 0) {
            if (errno == EINTR) continue;
            const int saved = errno;
            ::close(fd);
            refuse(path.string(), std::string("cannot write: ") + std::strerror(saved));
        }
        done += static_cast<std::size_t>(wrote);
    }
    const bool synced = ::fsync(fd) == 0;
    const bool closed = ::close(fd) == 0;
    if (!synced || !closed) refuse(path.string(), std::string("cannot write: ") + std::strerror(errno));
}

void sync_folder(const fs::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

// Removes a temporary folder or file when the write fails before it is in place.
class Cleanup {
public:
    explicit Cleanup(fs::path path) : path_(std::move(path)) {}
    ~Cleanup() {
        std::error_code ignored;
        if (!path_.empty()) fs::remove_all(path_, ignored);
    }
    void release() { path_.clear(); }
    Cleanup(const Cleanup&) = delete;
    Cleanup& operator=(const Cleanup&) = delete;

private:
    fs::path path_;
};

}  // namespace

bool same_or_inside(const std::string& path, const std::string& folder) {
    const fs::path inner = absolute_path(path);
    const fs::path outer = absolute_path(folder);
    auto i = inner.begin();
    for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
        if (o->empty()) continue;  // a trailing separator
        if (i == inner.end() || *i != *o) return false;
    }
    return true;
}

void kill_point(int step) {
    static const int kill_at = [] {
        const char* text = std::getenv("PAJESIM_KILL_AT");
        return text == nullptr ? 0 : std::atoi(text);
    }();
    if (kill_at == step) ::raise(SIGKILL);
}

namespace {

// "out/run/" names the folder "out/run": the set is put in place by renaming the folder, which
// a trailing slash would make fail once the work is done.
std::string without_trailing_slashes(std::string path) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return path;
}

}  // namespace

OutputFolder::OutputFolder(std::string target, std::vector<std::string> names, std::vector<std::string> also_ours)
    : target_(without_trailing_slashes(std::move(target))), names_(std::move(names)) {
    check_target([&](const std::string& name) {
        return std::find(names_.begin(), names_.end(), name) != names_.end() ||
               std::find(also_ours.begin(), also_ours.end(), name) != also_ours.end();
    });
}

OutputFolder::OutputFolder(std::string target, std::function<bool(const std::string&)> ours, std::string role)
    : target_(without_trailing_slashes(std::move(target))), role_(std::move(role)) {
    check_target(ours);
}

void OutputFolder::commit(const std::vector<std::string>& names, const std::vector<std::string>& contents) {
    names_ = names;
    commit(contents);
}

void OutputFolder::check_target(const std::function<bool(const std::string&)>& ours) const {
    if (target_.empty()) refuse(target_, "an empty name for " + role_);
    std::error_code error;
    // The set replaces the folder as a whole: a link would be replaced by a folder (and its
    // target left as it was), and a link to nothing found out only once the work is done.
    if (fs::is_symlink(fs::symlink_status(target_, error))) {
        refuse(target_, role_ + " is a symbolic link: give the folder itself (or a new name)");
    }
    const auto status = fs::status(target_, error);
    if (fs::exists(status)) {
        if (!fs::is_directory(status)) refuse(target_, role_ + " is a file");
        for (fs::directory_iterator it(target_, error), end; !error && it != end; it.increment(error)) {
            const std::string name = it->path().filename().string();
            // pajesim writes regular files only: a folder or a link under one of its names is
            // someone else's (replacing the set would delete what it holds).
            std::error_code kind_error;
            const bool regular = fs::is_regular_file(it->symlink_status(kind_error));
            if (ours(name) && !regular) {
                refuse(target_, role_ + " holds '" + name +
                                    "', which is not a file pajesim wrote (a folder, a link or a device): it "
                                    "is replaced as a whole, so choose an empty or new folder");
            }
            if (!ours(name)) {
                refuse(target_, role_ + " holds '" + name +
                                    "', which pajesim did not write: it is replaced as a whole, so choose "
                                    "an empty or new folder");
            }
        }
        if (error) refuse(target_, "cannot read " + role_ + ": " + error.message());
    } else {
        check_parent(target_);
    }
}

void OutputFolder::refuse_input(const std::string& input) const { refuse_input_inside(target_, input); }

void refuse_input_inside(const std::string& target, const std::string& input) {
    if (same_or_inside(input, target)) {
        refuse(input, "is an input inside the output folder " + target + ", which the run replaces");
    }
}

void OutputFolder::commit(const std::vector<std::string>& contents) {
    stage(contents);
    put_in_place();
}

void OutputFolder::stage(const std::vector<std::string>& names, const std::vector<std::string>& contents) {
    names_ = names;
    stage(contents);
}

OutputFolder::~OutputFolder() {
    if (staging_.empty()) return;
    std::error_code ignored;
    fs::remove_all(staging_, ignored);
}

void OutputFolder::stage(const std::vector<std::string>& contents) {
    PAJESIM_ASSERT(contents.size() == names_.size());
    PAJESIM_ASSERT(staging_.empty());
    const fs::path target = fs::path(target_).lexically_normal();
    make_parent(target);
    remove_stale_temporaries(target);
    const fs::path staging = temporary_beside(target);
    std::error_code error;
    fs::remove_all(staging, error);
    fs::create_directory(staging, error);
    if (error) refuse(staging.string(), "cannot create a temporary folder: " + error.message());
    Cleanup cleanup(staging);
    kill_point(1);
    for (std::size_t i = 0; i < names_.size(); ++i) {
        write_whole(staging / names_[i], contents[i]);
        kill_point(2 + static_cast<int>(i));
    }
    sync_folder(staging);
    cleanup.release();
    staging_ = staging.string();
}

void OutputFolder::put_in_place() {
    PAJESIM_ASSERT(!staging_.empty());
    const fs::path target = fs::path(target_).lexically_normal();
    const fs::path staging = staging_;
    staging_.clear();
    Cleanup cleanup(staging);
    std::error_code error;
    int step = 2 + static_cast<int>(names_.size());
    if (!fs::exists(target)) {
        fs::rename(staging, target, error);
        if (error) refuse(target_, "cannot put " + role_ + " in place: " + error.message());
        cleanup.release();
        kill_point(step);
    } else {
        // The old set and the new one change places in one step; the old one is then removed.
        if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
            if (errno != EINVAL && errno != ENOSYS) {
                refuse(target_, std::string("cannot put " + role_ + " in place: ") + std::strerror(errno));
            }
            // No exchange on this file system: the old set steps aside, the new one moves in.
            const fs::path aside = target.parent_path() / (temporary_prefix(target) + std::to_string(::getpid()) + "-old");
            fs::rename(target, aside, error);
            if (error) refuse(target_, "cannot put " + role_ + " in place: " + error.message());
            fs::rename(staging, target, error);
            if (error) {
                std::error_code ignored;
                fs::rename(aside, target, ignored);  // the previous set goes back
                refuse(target_, "cannot put " + role_ + " in place: " + error.message());
            }
            cleanup.release();
            Cleanup old(aside);
        }
        kill_point(step);
        // `staging` now holds the previous set (or nothing, after the fallback).
    }
    sync_folder(parent_of(target));
    kill_point(step + 1);
}

void check_output_file(const std::string& output, const std::vector<std::string>& inputs,
                       const std::string& protected_folder) {
    if (output.empty()) refuse(output, "an empty output file name");
    if (output.find('\0') != std::string::npos) refuse(output, "a file name with a NUL character");
    refuse_special_file(output);
    check_parent(output);
    for (const std::string& input : inputs) {
        if (!input.empty() && same_or_inside(output, input)) {
            refuse(output, "is an input (" + input + "): pajesim never overwrites its inputs");
        }
    }
    if (!protected_folder.empty() && same_or_inside(output, protected_folder)) {
        refuse(output, "lies in the output folder " + protected_folder + ", which is replaced as a whole");
    }
}

void refuse_special_file(const std::string& output) {
    std::error_code error;
    const fs::file_status status = fs::symlink_status(output, error);
    if (error || !fs::exists(status)) return;  // a new file
    if (fs::is_directory(status)) refuse(output, "is a folder, not a file");
    if (fs::is_symlink(status)) {
        refuse(output, "is a symbolic link: pajesim replaces only a regular file, never a link (give the path it points to)");
    }
    if (!fs::is_regular_file(status)) {
        refuse(output, "is not a regular file (a device, a pipe or a socket): pajesim replaces only a regular file");
    }
}

void write_file_atomically(const std::string& path, const std::string& content) {
    refuse_special_file(path);
    const fs::path target = fs::path(path).lexically_normal();
    make_parent(target);
    remove_stale_temporaries(target);
    const fs::path temporary = temporary_beside(target);
    Cleanup cleanup(temporary);
    write_whole(temporary, content);
    std::error_code error;
    fs::rename(temporary, target, error);
    if (error) refuse(path, "cannot write: " + error.message());
    cleanup.release();
}

StagedFile::StagedFile(std::string target) : target_(std::move(target)) {
    const fs::path path = fs::path(target_).lexically_normal();
    make_parent(path);
    remove_stale_temporaries(path);
    temporary_ = temporary_beside(path).string();
    stream_ = std::make_unique<std::ofstream>(temporary_, std::ios::binary | std::ios::trunc);
    if (!*stream_) refuse(target_, "cannot write");
}

StagedFile::~StagedFile() {
    if (committed_) return;
    stream_.reset();
    std::error_code ignored;
    fs::remove(temporary_, ignored);
}

std::ostream& StagedFile::stream() { return *stream_; }

void StagedFile::finish() {
    if (finished_) return;
    errno = 0;
    stream_->flush();
    stream_->close();
    if (!*stream_) refuse(target_, errno != 0 ? "cannot write: " + std::string(std::strerror(errno)) : "cannot write");
    finished_ = true;
}

void StagedFile::commit() {
    finish();
    refuse_special_file(target_);  // nothing took its place meanwhile
    std::error_code error;
    fs::rename(temporary_, target_, error);
    if (error) refuse(target_, "cannot write: " + error.message());
    committed_ = true;
}

}  // namespace pajesim::harness
