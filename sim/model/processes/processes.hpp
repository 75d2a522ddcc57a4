#pragma once
// The people and procedures around the systems, and the administration's levers once things
// go wrong (docs/scenario-format.md#the-response):
// - the centre's agents, who take up anomaly files in the order of `processes.triage` (first
//   come, first served in 2019), fix a file with the CAF's decisions (read directly, or asked
//   of the CAF and keyed when its answer comes), with their capacity cut on strike days;
// - the telephone line, unlimited or with a daily capacity (a family that does not get
//   through tries again, as long as its patience lasts), and the answers promised;
// - outbound contact: the centre calls the families whose payments it holds;
// - the nightly regularisation batch and the periodic reconciliation of rights;
// - each CAF's repayable advances to families waiting for their CMG.
// No lever reads the truth: the agents know what a family claimed when it called (a family
// knows what it is owed) and its income; the centre's holds and payments are its actions.

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
    void handle(const AdvanceOffer& message);
    // The centre held a family's payment for `month` / paid its CMG for `month`.
    void held(FamilyId family, std::int16_t month);
    void paid(FamilyId family, std::int16_t month);
    void month_end(std::int16_t month);
    std::uint32_t files_open() const { return files_open_; }

private:
    enum FileState : std::uint8_t { closed = 0, waiting = 1, with_caf = 2 };

    void open_file(FamilyId family, const char* why, std::int16_t month);
    bool line_free(FamilyId family, std::uint8_t attempt);
    bool line_takes_call();
    void take_up_as_recorded();
    void call_lost(const Call& message);
    void consider_advance(FamilyId family, bool asked);
    void advance(FamilyId family, const AdvancePolicy& policy, Cents amount);
    std::uint32_t agents_on(Date date) const;
    std::int64_t capacity_thousandths(Date date, std::int64_t& lost_thousandths) const;
    void take_up(std::int64_t files);
    void fix_file(FamilyId family);
    void promise(FamilyId family);
    void answer(FamilyId family);
    void make_contacts();

    // What the processes hold of a family: its file, its calls, its advances, the contact
    // planned with it. Most families never call nor have a file: a family's record (40 bytes) is
    // made at its first write, and a family without one reads as all zeros (files closed).
    struct Case {
        Cents claimed;              // arrears the family claimed at its last call
        Cents advance_outstanding;
        Cents held_estimate;        // the CAF's estimates of the held months since the last payment
        std::int32_t promise_due = 0;   // day count of the answer promised; 0: none
        std::int32_t contact_due = 0;   // day count of the contact; 0: none pending
        std::int16_t file_month = 0;    // the oldest care month in question in the file
        std::int16_t contact_month = 0; // the held month to call the family about
        std::uint16_t fixes = 0;        // files fixed for the family so far
        std::uint8_t file_state = closed;
        std::uint8_t regularisation_pending = 0;
    };
    class Cases {
    public:
        explicit Cases(std::size_t families) : index_(families, 0) {}
        // The family's record to read (all zeros when it has none).
        const Case& operator[](std::size_t family) const {
            const std::uint32_t at = index_[family];
            return at == 0 ? none_ : records_[at - 1];
        }
        bool holds(std::size_t family) const { return index_[family] != 0; }
        // The family's record to write, made if it has none (a reference that stays valid).
        Case& at(std::size_t family) {
            std::uint32_t& at = index_[family];
            if (at == 0) {
                records_.emplace_back();
                at = static_cast<std::uint32_t>(records_.size());
            }
            return records_[at - 1];
        }
        // Every record (a family without one holds only zeros).
        template <typename Visit>
        void for_each(Visit&& visit) {
            for (Case& record : records_) visit(record);
        }

    private:
        std::vector<std::uint32_t> index_;  // per family: its record + 1, 0 for none
        std::deque<Case> records_;
        Case none_;  // what a family without a record reads
    };

    Context& context_;
    Books& books_;
    Cases cases_;
    std::deque<std::uint32_t> files_;  // open files waiting for an agent, in opening order
    std::uint32_t files_open_ = 0;     // ... and those whose agent waits for the CAF
    std::int64_t capacity_carry_thousandths_ = 0;  // agents' unused fraction of a file
    std::int64_t lost_carry_thousandths_ = 0;
    std::vector<std::pair<std::uint32_t, std::int32_t>> regularisation_queue_;  // (family, day count queued)
    // The telephone line: the day's remaining capacity (thousandths of a call), calls a family
    // made since it last got through, held payments to contact the family about.
    std::int32_t line_day_ = -1;
    std::int64_t line_left_thousandths_ = 0;
    std::int64_t line_carry_thousandths_ = 0;
    std::deque<std::pair<std::int32_t, std::uint32_t>> contacts_;  // (day count due, family)
    FixFile fix_;  // the file being keyed from the CAF's extract
    Reconcile reconcile_;  // the family being reconciled
};

}  // namespace pajesim::model
