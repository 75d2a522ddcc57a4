#pragma once
// Observers of a run that the harness composes: a fan-out to several observers, and the
// recorder of families' files (dossiers).

#include <map>
#include <set>
#include <string>
#include <vector>

#include "harness/faults/fault_plan.hpp"
#include "harness/outcome/dossier.hpp"
#include "sim/model/observer.hpp"

namespace pajesim::harness {

class ObserverFanout final : public model::RunObserver {
public:
    void add(model::RunObserver* observer) { observers_.push_back(observer); }
    void on_transfer(const model::Transfer& t, const model::RunView& v) override {
        for (auto* o : observers_) o->on_transfer(t, v);
    }
    void on_day_end(const model::RunView& v) override {
        for (auto* o : observers_) o->on_day_end(v);
    }
    void on_file_fixed(FamilyId f, const model::RunView& v) override {
        for (auto* o : observers_) o->on_file_fixed(f, v);
    }
    void on_declaration(const model::DeclarationMade& d, const model::RunView& v) override {
        for (auto* o : observers_) o->on_declaration(d, v);
    }
    void on_family_step(const model::FamilyStep& s, const model::RunView& v) override {
        for (auto* o : observers_) o->on_family_step(s, v);
    }
    void on_run_end(const model::RunView& v) override {
        for (auto* o : observers_) o->on_run_end(v);
    }
    bool traces(FamilyId f) const override {
        for (auto* o : observers_) {
            if (o->traces(f)) return true;
        }
        return false;
    }
    bool traces_any() const override {
        for (auto* o : observers_) {
            if (o->traces_any()) return true;
        }
        return false;
    }
    void on_file_event(const model::FileEvent& e) override {
        for (auto* o : observers_) {
            if (o->traces(e.family)) o->on_file_event(e);
        }
    }

private:
    std::vector<model::RunObserver*> observers_;
};

class DossierRecorder final : public model::RunObserver {
public:
    explicit DossierRecorder(std::set<std::uint32_t> families) : families_(std::move(families)) {}
    bool traces(FamilyId family) const override { return families_.contains(family.value()); }
    bool traces_any() const override { return !families_.empty(); }
    void on_file_event(const model::FileEvent& event) override;
    void on_transfer(const model::Transfer& transfer, const model::RunView& view) override;
    void on_run_end(const model::RunView& view) override;
    const std::map<std::uint32_t, Dossier>& dossiers() const { return dossiers_; }

private:
    std::set<std::uint32_t> families_;
    std::map<std::uint32_t, Dossier> dossiers_;
};

// A readable timeline of a dossier (what `pajesim run --family ID` prints); `faults` names the
// faults that caused steps (the run's plan summary).
std::string format_dossier(const Dossier& dossier, const std::vector<faults::FaultSummary>& faults = {});

}  // namespace pajesim::harness
