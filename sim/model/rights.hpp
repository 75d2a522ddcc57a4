#pragma once
// Rights as the CAF decides them and sends them to the Pajemploi centre through the rights
// link (the payload of the link; the centre keeps its own copy).

#include <cstdint>
#include <string_view>

#include "sim/kernel/date.hpp"
#include "sim/kernel/ids.hpp"

namespace pajesim::model {

// The CAF's decision for care months from `valid_from` on, until a later record.
// (Packed into 8 bytes: a rights message travels in a queue entry of at most 24 bytes.)
struct RightsRecord {
    YearMonth valid_from;
    std::uint8_t bracket : 2 = 0;         // 1 to 3; 0: no dependent child, no right
    bool single_parent : 1 = false;
    std::uint8_t known_children : 5 = 0;  // the family's first children, as the CAF knows them
    std::uint8_t lost_birth_mask = 0;     // children whose birth date did not survive a transfer
    // The hourly regime (care from 2025-09): N-2 resources / 12 in whole euros, before the floor
    // and the ceiling (saturated at 65 535, far above the ceiling); 0 in the bracket regime.
    std::uint16_t resources_monthly = 0;

    friend bool operator==(const RightsRecord&, const RightsRecord&) = default;
};
static_assert(sizeof(RightsRecord) == 8);
inline constexpr std::uint8_t max_known_children = 31;

// Why the CAF sent a message.
enum class RightsCause : std::uint8_t { bulk, birth, separation, move, new_year, agent_request, regime_switch };

struct RightsMessage {
    FamilyId family;
    CafId caf;  // the family's CAF at the start of the run (moves change no cohort)
    RightsRecord record;
    RightsCause cause = RightsCause::bulk;
    bool held = false;  // the link's: held by a frozen server and released (no part of the content)
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
