#pragma once
// Rights as the CAF decides them and sends them to the Pajemploi centre through the rights
// link (the payload of the link; the centre keeps its own copy).

#include <cstdint>
#include <string_view>

#include "sim/kernel/date.hpp"
#include "sim/kernel/ids.hpp"

namespace pajesim::model {

// The CAF's decision for care months from `valid_from` on, until a later record.
struct RightsRecord {
    YearMonth valid_from;
    std::uint8_t bracket = 0;          // 1 to 3; 0: no dependent child, no right
    bool single_parent = false;
    std::uint8_t known_children = 0;   // the family's first children, as the CAF knows them
    std::uint8_t lost_birth_mask = 0;  // children whose birth date did not survive a transfer

    friend bool operator==(const RightsRecord&, const RightsRecord&) = default;
};

// Why the CAF sent a message.
enum class RightsCause : std::uint8_t { bulk, birth, separation, move, new_year, agent_request };

struct RightsMessage {
    FamilyId family;
    CafId caf;  // the family's CAF at the start of the run (moves change no cohort)
    RightsRecord record;
    RightsCause cause = RightsCause::bulk;
    bool bulk() const { return cause == RightsCause::bulk; }
    // Identifies the message for random draws, independently of when it is sent.
    std::uint64_t key() const {
        return std::uint64_t{family.value()} << 24 |
               std::uint64_t{static_cast<std::uint32_t>(record.valid_from.index()) & 0xffffu} << 8 |
               static_cast<std::uint64_t>(cause);
    }
};

std::string_view to_string(RightsCause cause);

}  // namespace pajesim::model
