#pragma once
// Faults of the declaration intake, the payment files and the debits.

#include "harness/faults/fault.hpp"

namespace pajesim::faults {

// declaration_lost: a share of the declarations reaching Pajemploi inside the window are lost.
// May: lose declarations (each drawn once, by contract and month). May not: lose rights
// messages, delay anything, or touch declarations outside the window.
class DeclarationLost final : public Fault {
public:
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    DeclarationLost(DateRange window, const FaultContext& context, Ratio share);
    void pajemploi_intake(const model::IntakeItem& item, Date arrival, model::Intake& intake) override;

private:
    Ratio share_;
};

// payment_file_rejected: on a share of the business days inside the window, the bank rejects
// Pajemploi's payment file (CMG and Pajemploi+ carer payments); it is sent again later.
// May: delay every payment of a rejected day. May not: lose or change payments, or touch debits.
class PaymentFileRejected final : public Fault {
public:
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    PaymentFileRejected(DateRange window, const FaultContext& context, Ratio share, std::int32_t resend_days);
    void payment_file(model::PaymentFile& file) override;

private:
    Ratio share_;
    std::int32_t resend_days_;
};

// double_debit: for a share of family-months debited inside the window, the debit is presented
// twice (as on 29 May 2019, when two months were debited at once).
// May: add one copy of a debit. May not: change amounts or touch payments.
class DoubleDebit final : public Fault {
public:
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    DoubleDebit(DateRange window, const FaultContext& context, Ratio share);
    void debit_copies(FamilyId family, YearMonth month, Date date, std::int32_t& copies) override;

private:
    Ratio share_;
};

// contributions_debited_without_rights: inside the window, when Pajemploi holds no rights for a
// family, it debits all the contributions, those the CMG should cover included (the real 2019
// behaviour), instead of holding them until rights arrive.
// May: turn a hold into a debit. May not: act when Pajemploi holds rights.
class ContributionsDebitedWithoutRights final : public Fault {
public:
    static std::unique_ptr<Fault> parse(ObjectReader& reader, DateRange window, const FaultContext& context);
    ContributionsDebitedWithoutRights(DateRange window, const FaultContext& context, Ratio share);
    void debit_covered_without_rights(FamilyId family, Date date, bool& debit) override;

private:
    Ratio share_;
};

}  // namespace pajesim::faults
