#pragma once
// Distinct id types: a FamilyId cannot be passed where a CarerId is expected. Ids are dense
// indexes (0, 1, 2, ...) into the vectors that own the entities.

#include <compare>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string_view>

namespace pajesim {

template <typename Tag>
class Id {
public:
    constexpr Id() = default;
    constexpr explicit Id(std::uint32_t value) : value_(value) {}
    constexpr std::uint32_t value() const { return value_; }
    constexpr std::size_t index() const { return value_; }

    friend constexpr bool operator==(Id, Id) = default;
    friend constexpr auto operator<=>(Id, Id) = default;
    friend std::ostream& operator<<(std::ostream& out, Id id) {
        return out << Tag::prefix << id.value_;
    }

private:
    std::uint32_t value_ = 0;
};

struct FamilyTag { static constexpr std::string_view prefix = "F"; };
struct CarerTag { static constexpr std::string_view prefix = "C"; };
struct ChildTag { static constexpr std::string_view prefix = "K"; };
struct ContractTag { static constexpr std::string_view prefix = "T"; };
struct CafTag { static constexpr std::string_view prefix = "CAF"; };
struct AccountTag { static constexpr std::string_view prefix = "A"; };

using FamilyId = Id<FamilyTag>;
using CarerId = Id<CarerTag>;
using ChildId = Id<ChildTag>;
using ContractId = Id<ContractTag>;
using CafId = Id<CafTag>;
using AccountId = Id<AccountTag>;

}  // namespace pajesim
