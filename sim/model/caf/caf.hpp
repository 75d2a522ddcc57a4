#pragma once
// The CAF: learns of changes of situation after its processing delay, decides rights from the
// facts it holds, sends its decisions to the rights link once a family's rights have been
// transferred, pays the CMG itself in the old workflow (and has the uncovered home-care
// contributions debited), answers parallel-run checks and agents' extract requests.
// The interface through which a CAF could become pluggable like the centre
// (docs/sut-protocol.md, "A second pluggable actor").

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "sim/kernel/month_bits.hpp"
#include "sim/kernel/rows_on_demand.hpp"
#include "sim/kernel/small_vector.hpp"
#include "sim/law/cmg.hpp"
#include "sim/model/actor.hpp"

namespace pajesim::model {

class Caf {
public:
    explicit Caf(Context& context);

    void start();  // the changes families will report, and the initial transfers
    void handle(const ChangeReported& message);
    // The changes of one of start's batches, in family order: the run handles each as its
    // ChangeReported.
    std::span<const ChangeReported> batch(const ChangesBatch& message) const {
        return std::span<const ChangeReported>(reported_).subspan(
            reported_bounds_[message.batch], reported_bounds_[message.batch + 1u] - reported_bounds_[message.batch]);
    }
    void handle(const InitialTransfer& message);
    void handle(const NewYear& message);
    void handle(const RegimeSwitch& message);
    void handle(const DeclarationForCaf& message);
    void handle(const CafPayment& message);
    void handle(const ParallelCheck& message);
    void handle(const ExtractRequest& message);
    void handle(const CafDebitReturn& message);
    void handle(const HeldPayment& message);

private:
    const law::HouseholdFacts& facts(FamilyId family, YearMonth month);
    RightsRecord decision(FamilyId family, YearMonth month);
    // At most one a month; a handful in practice, held inline.
    using Decisions = SmallVector<RightsRecord, 8>;
    Decisions decisions_from(FamilyId family, YearMonth first);
    void send_rights_from(FamilyId family, YearMonth first, RightsCause cause);
    // The CAF's own computation of a contract's month, from the facts it holds.
    law::Entitlement compute(const Contract& contract, YearMonth month, bool& has_child);
    void present_debit(std::uint32_t contract, std::int16_t month, std::int32_t amount, Date date);

    Context& context_;
    // The changes drawn at the start, by the day they reach the CAF (family order within a
    // day): batch b is reported_[reported_bounds_[b], reported_bounds_[b + 1]). 8 bytes a change
    // where a message on the queue takes 24, for the whole run.
    std::vector<ChangeReported> reported_;
    std::vector<std::uint32_t> reported_bounds_;
    std::vector<std::uint8_t> known_;          // per family, bit k: change k processed
    std::vector<std::uint8_t> rights_sent_;    // the family's rights went to the centre
    MonthBits received_;  // per contract, bit m: old-workflow month m taken in
    std::uint32_t next_order_ = 0;
    // The uncovered contributions the CAF had debited, per contract and month: what it decided
    // and what the banks took (twice when a faulty bank presented a debit twice). Held only for
    // the contracts it debits (home carers' in the old workflow): a row of the old workflow's
    // months each (Context::old_workflow_months).
    struct Debit {
        std::int32_t due = 0;
        std::int32_t debited = 0;
    };
    RowsOnDemand<Debit> debits_;
    std::int32_t old_months_ = 0;
    law::HouseholdFacts scratch_;
    law::ContractFacts contract_scratch_;
};

}  // namespace pajesim::model
