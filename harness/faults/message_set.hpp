#pragma once
// The sets of rights messages a link fault can act on.

#include "harness/faults/fault.hpp"

namespace pajesim::faults {

// Which messages a link fault acts on: every message, the initial transfer only, or the
// changes only (births, separations, moves, the new year).
enum class MessageSet { all, bulk, changes };
MessageSet read_message_set(ObjectReader& reader);
bool in_set(const model::RightsMessage& message, MessageSet set);

}  // namespace pajesim::faults
