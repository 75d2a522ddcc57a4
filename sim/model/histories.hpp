#pragma once
// Following a few families after a run without simulating every family again.
//
// A run's dossiers follow the families it harmed most, which are known only at its end: they
// are made by running the scenario again with those families' files on. Families meet only
// at a few shared resources (the frozen server's restart, the telephone line, the agents, the
// nightly regularisation batch); everything else a family lives is its own (its facts, its
// draws, keyed by entity, its declarations, the centre's and the CAF's records of it). So:
// - the first run (Histories::recording) notes, for every family, what each shared resource
//   decided for it (the day a held item is taken in and the freeze that held it, whether a
//   call got through, the day an agent took up its file and how many files were then
//   waiting, the day of its regularisation batch), and a digest of each family's history
//   (every transfer, step and file event of the family, in order: date, kind, month, amount,
//   and a file event's fault);
// - the replay (start_replay) simulates the followed families only, takes each shared
//   resource's decisions from the record, and keeps the same digests. A followed family
//   whose digest differs, or a decision not in the record, means the replay did not live
//   what the run lived: the caller then replays the whole population (the dossiers are the
//   same bytes either way; the check makes sure of it, and the test suite compares both).

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/kernel/cents.hpp"
#include "sim/kernel/date.hpp"
#include "sim/kernel/ids.hpp"
#include "sim/kernel/touch.hpp"

namespace pajesim::model {

// Where the families meet.
enum class SharedSite : std::uint8_t {
    intake_release,   // the day a frozen server takes in a held item (its restart's capacity)
    intake_fault,     // ... and the freeze that held it
    line,             // whether a call got through the telephone line (1) or not (0)
    take_up,          // the day an agent took up the family's file
    files_waiting,    // the files waiting when the family's file was opened (its file's text)
    regularisation,   // the day of the nightly batch that regularised the family
};

class Histories {
public:
    enum class Mode : std::uint8_t { record, replay };

    // The first run's record, for `families` households.
    static Histories recording(std::uint32_t families);

    Mode mode() const { return mode_; }

    // What the shared resource decided for the family (a day count, a count, a fault's tag or
    // a yes/no: 32 bits): recorded (and `decided` returned) in the first run; in the replay,
    // the first run's decision for the same site and key (the same key twice for one family:
    // in the order they came), `decided` when there is none (and the replay is then marked
    // as having gone its own way).
    std::int64_t shared(FamilyId family, SharedSite site, std::uint64_t key, std::int64_t decided);
    // The first run's decision without taking it (the replay only), if there is one.
    bool peek(FamilyId family, SharedSite site, std::uint64_t key, std::int64_t& decided) const;

    // The family's digest, folded with one more event of its history (inline: every transfer
    // of a run whose families are followed after it comes here).
    void fold(FamilyId family, std::uint64_t a, std::uint64_t b) {
        std::uint64_t& digest = digests_[family.index()];
        digest = mix(digest ^ mix(a + 0x9e3779b97f4a7c15ULL) ^ (b * 0xff51afd7ed558ccdULL));
    }
    // A file event: its kind (a literal: told apart by its length and its first and last
    // eight characters, which no two of the model's kinds share), month, amount, day and the
    // fault that caused it.
    void fold_text(FamilyId family, std::string_view kind, std::int16_t month, Cents amount, Date date,
                   std::uint16_t fault = 0) {
        std::uint64_t head = 0;
        std::uint64_t tail = 0;
        const std::size_t size = kind.size();
        std::memcpy(&head, kind.data(), std::min<std::size_t>(size, 8));
        if (size > 8) std::memcpy(&tail, kind.data() + size - 8, 8);
        fold(family,
             ((head * 0x9e3779b97f4a7c15ULL ^ tail) + size) ^ static_cast<std::uint64_t>(static_cast<std::uint16_t>(month)) << 48 ^
                 static_cast<std::uint64_t>(fault) << 32,
             static_cast<std::uint64_t>(amount.value()) ^ static_cast<std::uint64_t>(date.day_count()) << 40);
    }
    std::uint64_t digest(FamilyId family) const { return digests_[family.index()]; }
    void touch(FamilyId family) const { pajesim::touch(digests_[family.index()]); }

    // Turns the first run's record into the replay of `followed` (sorted, no repeats): their
    // decisions only, fresh digests to compare with `expected()`.
    void start_replay(const std::vector<std::uint32_t>& followed);
    bool followed(FamilyId family) const { return followed_[family.index()] != 0; }
    const std::vector<std::uint32_t>& followed_families() const { return followed_list_; }
    std::uint64_t expected(FamilyId family) const;
    // The replay met a decision the first run did not make.
    bool went_its_own_way() const { return own_way_; }

private:
    // splitmix64's finaliser: every input bit moves every output bit.
    static std::uint64_t mix(std::uint64_t x) {
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9ULL;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebULL;
        x ^= x >> 31;
        return x;
    }
    // 12 bytes: a run at national scale records a few million (the items a frozen server
    // held). The key is kept as a 24-bit hash: it only tells one family's decisions apart, and
    // a mistake would show in the family's digest.
    struct Decision {
        std::uint32_t family;
        std::uint32_t key : 24;
        std::uint32_t site : 7;  // a SharedSite
        std::uint32_t taken : 1;
        std::int32_t value;
        bool is(SharedSite s, std::uint32_t hash) const { return site == static_cast<std::uint32_t>(s) && key == hash; }
    };
    static_assert(sizeof(Decision) == 12);
    static std::uint32_t key_hash(std::uint64_t key) {
        return (static_cast<std::uint32_t>(key ^ key >> 32) * 0x9e3779b1u ^ static_cast<std::uint32_t>(key >> 32)) &
               0xffffffu;
    }
    Mode mode_ = Mode::record;
    std::vector<std::uint64_t> digests_;           // by family
    // The record, in the run's order: blocks of `block_decisions` (768 KiB), each allocated when
    // the one before is full, so that a record of millions never copies itself as a vector
    // grows, nor holds twice its size for the copy.
    class Record {
    public:
        static constexpr std::size_t block_decisions = std::size_t{1} << 16;
        Record() = default;
        Record(Record&&) noexcept = default;
        Record& operator=(Record&&) noexcept = default;
        Record(const Record& other) { *this = other; }
        Record& operator=(const Record& other) {
            if (this == &other) return *this;
            clear();
            for (std::size_t i = 0; i < other.size(); ++i) push_back(other[i]);
            return *this;
        }
        void push_back(const Decision& decision) {
            if (count_ == blocks_.size() * block_decisions) blocks_.push_back(std::make_unique<Decision[]>(block_decisions));
            blocks_[count_ / block_decisions][count_ % block_decisions] = decision;
            ++count_;
        }
        std::size_t size() const { return count_; }
        const Decision& operator[](std::size_t i) const { return blocks_[i / block_decisions][i % block_decisions]; }
        void clear() {
            blocks_.clear();
            count_ = 0;
        }

    private:
        std::vector<std::unique_ptr<Decision[]>> blocks_;
        std::size_t count_ = 0;
    };
    Record recorded_;
    std::vector<Decision> decisions_;              // replay: the followed families', by family
    std::unordered_map<std::uint32_t, std::pair<std::uint32_t, std::uint32_t>> of_family_;  // replay: range
    std::vector<std::uint8_t> followed_;           // replay: by family
    std::vector<std::uint32_t> followed_list_;
    std::unordered_map<std::uint32_t, std::uint64_t> expected_;  // replay: the first run's digests
    bool own_way_ = false;
};

}  // namespace pajesim::model
