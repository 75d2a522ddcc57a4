#pragma once
// The people and procedures around the systems: the centre's agents, who work through anomaly
// files first come, first served (the order in which calls and the centre's requests arrive,
// with no triage: what the centre did in 2019), fixing a file with the CAF's decisions; the
// nightly regularisation batch; and the CAF's repayable advances to families in hardship.

#include <cstdint>
#include <deque>
#include <vector>

#include "sim/model/actor.hpp"
#include "sim/model/truth/books.hpp"

namespace pajesim::model {

class Processes {
public:
    Processes(Context& context, Books& books);

    void start();
    void handle(const Call& message);
    void handle(const OpenFile& message);
    void handle(const AgentsDay& message);
    void handle(const ExtractRecord& message);
    void handle(const RightsDelivered& message);
    void handle(const RegularisationBatch& message);
    void handle(const ReconciliationDay& message);
    void handle(const AdvancePayment& message);
    void handle(const AdvanceRecovery& message);
    void month_end(std::int16_t month);
    std::uint32_t files_open() const { return static_cast<std::uint32_t>(files_.size()); }

private:
    void open_file(FamilyId family, const char* why);
    std::uint32_t agents_on(Date date) const;
    void fix_file(FamilyId family);

    Context& context_;
    Books& books_;
    std::deque<std::uint32_t> files_;  // open files, first come first served
    std::vector<std::uint8_t> file_open_;
    std::vector<std::uint16_t> fixes_of_family_;
    std::int64_t capacity_carry_thousandths_ = 0;  // agents' unused fraction of a file
    std::vector<std::uint8_t> regularisation_pending_;
    std::vector<std::uint32_t> regularisation_queue_;
    std::vector<Cents> advance_outstanding_;
    FixFile fix_;  // the file being keyed from the CAF's extract
    Reconcile reconcile_;  // the family being reconciled
};

}  // namespace pajesim::model
