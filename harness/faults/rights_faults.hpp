#pragma once
// Faults of the CAF -> Pajemploi rights link. Each acts on messages SENT inside its window,
// through Seams::route_rights only; none alters a message's content (see
// migration_mapping_error for that).

#include <vector>

#include "harness/faults/fault.hpp"

namespace pajesim::faults {

// Which messages a link fault acts on: every message, the initial transfer only, or the
// changes only (births, separations, moves, the new year).
enum class MessageSet { all, bulk, changes };
MessageSet read_message_set(ObjectReader& reader);
bool in_set(const model::RightsMessage& message, MessageSet set);

// rights_link_missing: messages dropped for a share of families, optionally only the initial
// transfer ("bulk") or only changes ("changes"), optionally only for some CAFs.
// May: drop messages of the selected families sent inside the window.
// May not: delay, duplicate or alter messages; act on families outside the share or the CAFs.
class RightsLinkMissing final : public Fault {
public:
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    RightsLinkMissing(DateRange window, const FaultContext& context, Ratio share, MessageSet messages,
                      std::vector<std::uint32_t> cafs);
    void route_rights(const model::RightsMessage& message, Date sent, model::LinkRoute& route) override;

private:
    Ratio share_;
    MessageSet messages_;
    std::vector<std::uint32_t> cafs_;  // empty: every CAF
};

// rights_stale: changes of situation not propagated: the messages caused by the listed changes
// ("new_year", "birth", "separation", "move") are dropped for a share of families, so
// Pajemploi keeps the rights it had.
// May: drop messages of the listed causes. May not: drop the initial transfer or other causes.
class RightsStale final : public Fault {
public:
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    RightsStale(DateRange window, const FaultContext& context, Ratio share, std::uint32_t causes_mask);
    void route_rights(const model::RightsMessage& message, Date sent, model::LinkRoute& route) override;

private:
    Ratio share_;
    std::uint32_t causes_mask_;
};

// rights_delayed: a share of messages (of the chosen set) takes longer, by days drawn per message.
// rights_reordered: the same mechanism with delays long enough that the family's next message
// overtakes the delayed one, which then overwrites newer rights when it lands.
// May: add delay to messages. May not: drop, duplicate or alter them.
class RightsDelayed final : public Fault {
public:
    static std::unique_ptr<Fault> parse_delayed(ObjectReader& reader, DateRange window, const FaultContext& context);
    static std::unique_ptr<Fault> parse_reordered(ObjectReader& reader, DateRange window, const FaultContext& context);
    RightsDelayed(std::string kind, DateRange window, const FaultContext& context, Ratio share,
                  MessageSet messages, model::Range<std::int32_t> delay_days);
    void route_rights(const model::RightsMessage& message, Date sent, model::LinkRoute& route) override;

private:
    Ratio share_;
    MessageSet messages_;
    model::Range<std::int32_t> delay_days_;
};

// rights_duplicated: a share of messages is delivered a second time, days later; the copy
// replaces whatever Pajemploi received in between (a file put right one day is wrong later).
// May: deliver a message twice. May not: drop or alter messages.
class RightsDuplicated final : public Fault {
public:
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    RightsDuplicated(DateRange window, const FaultContext& context, Ratio share, MessageSet messages,
                     model::Range<std::int32_t> duplicate_delay_days);
    void route_rights(const model::RightsMessage& message, Date sent, model::LinkRoute& route) override;

private:
    Ratio share_;
    MessageSet messages_;
    model::Range<std::int32_t> duplicate_delay_days_;
};

// migration_mapping_error: records of the initial transfer sent inside the window arrive with
// one wrong field for a share of families: "bracket" (off by one), "single_parent" (the flag
// lost), or "child_birth" (the youngest child's birth date lost: the child is not counted).
// May: alter bulk records of the selected families. May not: alter later messages, drop or
// delay anything; a record whose field is already as the error would make it is left alone.
class MigrationMappingError final : public Fault {
public:
    enum class Field { bracket, single_parent, child_birth };
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    MigrationMappingError(DateRange window, const FaultContext& context, Ratio share, Field field);
    void migrate_record(const model::RightsMessage& message, Date sent, model::RightsRecord& record) override;

private:
    Ratio share_;
    Field field_;
};

}  // namespace pajesim::faults
