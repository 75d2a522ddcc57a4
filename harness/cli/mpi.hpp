#pragma once
// MPI for sweeps and swarm checking (docs/sweep-format.md#mpi): on when pajesim is built with
// MPI (PAJESIM_MPI, on by default when Open MPI's development package is found) and launched
// by mpirun (or srun) with more than one rank; otherwise every function here acts as a world
// of one process, and the commands run as they do without MPI.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace pajesim::cli {

struct MpiSession {
    bool active = false;  // MPI initialised, more than one rank
    int rank = 0;
    int size = 1;
};

// Whether this binary was built with MPI.
bool mpi_built();
// Initialises MPI when the process was launched by an MPI launcher (its environment says so)
// and the binary has MPI; a single process otherwise. Idempotent.
MpiSession mpi_start();
// Finalises MPI when it was started (every rank must call it before exiting normally).
void mpi_finish();

// The sweep's dynamic work queue. On rank 0 `pending` lists the runs to do; every rank
// (rank 0 included) asks for the next run when it has finished one, computes it with
// `work`, and rank 0 receives its summary and calls `done(run, summary)` (serialised, on
// rank 0 only). Returns on every rank once every run is done. When a rank dies, the launcher
// stops the job: rank 0 then prints which runs were lost (assigned, not done) before it exits.
void mpi_share_runs(const MpiSession& session, const std::vector<std::size_t>& pending,
                    const std::function<std::string(std::size_t)>& work,
                    const std::function<void(std::size_t, const std::string&)>& done,
                    const std::string& resume_command = {});

// Every rank's `mine`, gathered on rank 0 in rank order (empty on the other ranks).
std::vector<std::string> mpi_gather(const MpiSession& session, const std::string& mine);
// Rank 0's `value` on every rank.
std::string mpi_broadcast(const MpiSession& session, const std::string& value);
// Sends `message` to every other rank without waiting (a counterexample's signature).
void mpi_tell_others(const MpiSession& session, const std::string& message);
// The messages other ranks sent with mpi_tell_others since the last call (never waits).
std::vector<std::string> mpi_news(const MpiSession& session);

}  // namespace pajesim::cli
