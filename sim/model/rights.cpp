#include "sim/model/rights.hpp"

namespace pajesim::model {

std::string_view to_string(RightsCause cause) {
    switch (cause) {
        case RightsCause::bulk: return "bulk";
        case RightsCause::birth: return "birth";
        case RightsCause::separation: return "separation";
        case RightsCause::move: return "move";
        case RightsCause::new_year: return "new_year";
        case RightsCause::agent_request: return "agent_request";
        case RightsCause::regime_switch: return "regime_switch";
    }
    return "?";
}

}  // namespace pajesim::model
