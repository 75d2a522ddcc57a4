#pragma once
// The links between the actors where the migration's faults act (seams.hpp): the CAF ->
// centre rights link (delay, loss, duplication, the mapping of the initial transfer) and the
// declaration intake (a frozen or losing server), which passes old-workflow declarations on
// to the CAF and delivers the others to the centre.

#include "sim/model/actor.hpp"

namespace pajesim::model {

class RightsLink {
public:
    explicit RightsLink(Context& context) : context_(context) {}
    void handle(const RightsSent& message);
    void handle(const RightsArrival& message);

private:
    Context& context_;
};

class DeclarationLink {
public:
    explicit DeclarationLink(Context& context) : context_(context) {}
    void handle(const DeclarationSent& message);
    void handle(const DeclarationArrival& message);

private:
    Context& context_;
};

}  // namespace pajesim::model
