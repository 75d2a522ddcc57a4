#pragma once
// A fault: a value of the scenario's `faults` list that acts on the model only through its
// seams (sim/model/seams.hpp), only inside its window, drawing from its own random stream,
// and counting its firings. Draws are keyed by what they act on (a family, a message, a
// declaration, a day), not by when they happen, so that the same seed makes the same draws
// in every rollout option (common random numbers).

#include <array>
#include <cstdint>
#include <deque>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/kernel/date.hpp"
#include "sim/kernel/json_input.hpp"
#include "sim/kernel/random.hpp"
#include "sim/kernel/ratio.hpp"
#include "sim/kernel/small_vector.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/seams.hpp"

namespace pajesim::faults {

// The invariants a fault may legitimately break while it acts (names as in harness/invariants):
// `pajesim check` treats any other violation as a counterexample, whatever faults are present,
// and the liveness invariant (everyone_square_after_recovery) is never on such a list.
using MayViolate = std::span<const std::string_view>;

// What wrong or missing rights at Pajemploi may cause: the CMG late, or wrong either way
// (arrears computed from rights that overstate included), contributions debited for a child
// Pajemploi does not know of (it then covers none), contributions covered for a month whose
// rights have ended (rights that overstate), a file put right made wrong again by a
// message that lands after the fix, and contributions never debited (a month held without
// rights whose CMG is right, so that nobody calls, or covered from rights that overstate:
// a regularisation refunds an excess but never debits a shortfall), and an overpayment found
// from rights that understate, written off though it is none.
inline constexpr std::array<std::string_view, 11> wrong_rights_may_violate{
    "declared_months_paid_on_time", "cmg_never_above_owed", "arrears_match_a_shortfall",
    "no_covered_contributions_debited", "covered_never_above_owed", "covered_claimed_on_time",
    "corrected_file_stays_correct", "no_recovery_while_owed", "recovery_within_overpayment",
    "write_offs_within_overpayment", "debits_collected"};

// Which faults touched which families' messages, declarations, payments or debits, and the
// first day each did: the causes the register names. Sparse: only touched families appear.
// Faults log from the run's thread and from the built-in centre's when it has its own
// (sim/model/centre/centre_thread.hpp): a touch takes a lock, and what the log holds does not
// depend on the order of the touches (the first day of each family and fault, in fault order).
// It is read once the run is over.
class CauseLog {
public:
    struct Touch {
        std::uint32_t fault = 0;  // index in the plan
        Date first;
    };
    void touch(FamilyId family, std::uint32_t fault, Date date);
    // The family's touches, by fault index; empty when none.
    std::span<const Touch> of(FamilyId family) const;

private:
    // Per family: its touches' place in touched_ + 1, 0 for none (a few families in ten are
    // touched at national scale: 4 bytes a family and 24 a family touched, where a hash table
    // took about 60 a family touched and twice its buckets while it grew).
    std::vector<std::uint32_t> index_;
    // A family is touched by one or two faults, mostly: held inline.
    std::deque<SmallVector<Touch, 2>> touched_;
    std::mutex mutex_;
};

// What every fault is built from.
struct FaultContext {
    std::uint64_t seed = 0;
    std::uint32_t index = 0;     // position in the plan: the fault's own stream
    std::uint32_t families = 0;  // population size, for capacities given as shares
    std::uint32_t cafs = 1000;   // the population's CAFs (ids 0 to cafs - 1)
    CauseLog* causes = nullptr;  // the plan's
};

class Fault : public model::Seams {
public:
    Fault(std::string kind, DateRange window, const FaultContext& context)
        : kind_(std::move(kind)), window_(window), context_(context) {}
    const std::string& kind() const { return kind_; }
    const DateRange& window() const { return window_; }
    std::uint64_t firings() const { return firings_; }

protected:
    bool active(Date date) const { return window_.contains(date); }
    RandomStream stream(std::uint64_t entity) const {
        return RandomStream(context_.seed, static_cast<std::uint32_t>(StreamKind::fault) + context_.index,
                            entity);
    }
    // A family is in the fault's share or not, once and for all.
    bool family_selected(FamilyId family, const Ratio& share) const {
        RandomStream draw = stream(std::uint64_t{family.value()} | (std::uint64_t{1} << 40));
        return draw.bernoulli(share);
    }
    // A firing that acted on `family`'s items on `date`: counted, and logged as a cause. The
    // count takes no lock: each fault fires from one thread, its own hooks being called either
    // by the run or by the built-in centre (model/seams.hpp names the centre's), and it is read
    // once the run is over. A fault that overrides hooks of both must count atomically.
    void fire(FamilyId family, Date date) {
        ++firings_;
        if (context_.causes != nullptr) context_.causes->touch(family, context_.index, date);
    }
    // 1 + the fault's index: how the model's traces name it (model::FileEvent::fault).
    std::uint16_t tag() const { return static_cast<std::uint16_t>(context_.index + 1); }
    const FaultContext& context() const { return context_; }

private:
    std::string kind_;
    DateRange window_;
    FaultContext context_;
    std::uint64_t firings_ = 0;
};

// Reading helpers shared by the faults' parsers.
Ratio read_share(ObjectReader& reader, std::string_view key, const Ratio& fallback);
model::Range<std::int32_t> read_days(ObjectReader& reader, std::string_view key,
                                     model::Range<std::int32_t> fallback, std::int32_t max_days);

}  // namespace pajesim::faults
