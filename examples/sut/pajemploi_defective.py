#!/usr/bin/env python3
"""A defective Pajemploi centre: the reference centre with deliberate, realistic defects.

It speaks the same protocol as pajemploi_reference.py (docs/sut-protocol.md), of which it is a
subclass: each defect overrides one step, and with none switched on it answers exactly as the
reference does. It shows what pajesim's invariants (docs/invariants.md) catch in a centre.

    python3 examples/sut/pajemploi_defective.py                     every defect
    python3 examples/sut/pajemploi_defective.py --defect NAME ...   only these (repeatable)
    python3 examples/sut/pajemploi_defective.py --defect none       none (answers as the reference)
    python3 examples/sut/pajemploi_defective.py --list              the names, one a line

    pajesim run scenarios/baseline-2019.json \\
        --sut 'python3 examples/sut/pajemploi_defective.py --defect crds_forgotten_home_carer'

The defects, the invariant that catches each, and the scenarios that trigger it:

crds_forgotten_home_carer
    The CRDS (0.5 %) is not deducted from a home carer's CMG: the family receives the
    remuneration part in full.
    Caught by cmg_never_above_owed (every home-carer month is paid a few euros above the law).
    Triggered by any scenario with home carers (12 % of households by default): baseline-2019.

salary_cap_without_maintenance
    The 85 % cap is taken on the net salary alone, without the maintenance allowances, so it
    binds too often and too low for an assmat.
    Caught by declared_months_paid_on_time (the month is paid below the law by its due date,
    and a regularisation repeats the same mistake).
    Triggered by assmat contracts with maintenance whose 85 % of the net salary is below the
    maximum: low salaries or few hours in brackets 1 and 2, common in baseline-2019.

half_rate_month_late
    The half rate starts one month later than the law says: the month after the 3rd
    birthday's month is still paid at the full rate, as if the month that R552-3 II 1° keeps
    (the birthday month, domain.md section 5) were kept twice.
    Caught by cmg_never_above_owed (the month after the birthday is paid at the full rate).
    Triggered by children whose month after the 3rd birthday is at half rate in a month of
    the new workflow: every 3rd birthday up to 2019-10 (the full rate until August is not in
    force before care month 2019-11), then those in August to December (a birthday in January
    to July keeps the full rate until August anyway). Common in baseline-2019.

rights_last_received_wins
    The rights store keeps only the last record received and applies it to every month,
    ignoring `valid_from`: a month before the record's start is computed with it.
    Caught by cmg_never_above_owed or declared_months_paid_on_time (the bracket, single-parent
    status or children of another period).
    Triggered by declarations taken in after a newer record: December declarations made after
    the 1 January `new_year` message (baseline-2019), late declarations after a birth or
    separation, and delayed or reordered rights (incident-2019, the rollouts).

fix_file_takes_in_everything
    A fix takes in every declaration it lists, those the centre already has included: the
    same id is settled a second time.
    Caught by cmg_never_above_owed (the month is paid again: the regularisation that follows
    the fix counts the declaration twice and pays it as arrears, and the second settlement
    pays it once more two business days later; every later fix adds one more regular
    payment); the second debit is also caught by no_covered_contributions_debited where there
    are uncovered contributions.
    Triggered by agents fixing files: incident-2019 and the rollout scenarios.

arrears_forget_previous_arrears
    A regularisation pays the month's CMG less the regular payments only, forgetting the
    arrears already paid: every later regularisation pays them again.
    Caught by arrears_match_a_shortfall.
    Triggered by families regularised twice after arrears (rights that arrive late, then a
    fix or another change): incident-2019 and the rollout scenarios.

carer_paid_salary_only
    Pajemploi+ pays the carer the net salary and forgets the maintenance allowances.
    Caught by carers_paid_on_time.
    Triggered by Pajemploi+ assmat contracts (15 % of contracts opt in; an assmat's
    maintenance is 3 euros a day by default): baseline-2019.

carer_pay_sent_twice
    Pajemploi+ sends the carer's pay order again the next business day, as a payment file
    sent twice would: the carer is paid the month's salary and allowances twice.
    Caught by carers_never_paid_above_due.
    Triggered by any Pajemploi+ contract (15 % of contracts opt in): baseline-2019.

carer_paid_first_contract
    Pajemploi+ names, in every carer payment order of a family, the family's first Pajemploi+
    contract: in a family with two Pajemploi+ contracts with different carers, the first carer
    is paid both pays and the second nothing, though the family's total is right.
    Caught by carers_never_paid_above_due (the first carer) and carers_paid_on_time (the
    second), which judge each carer of a family of several on its own.
    Triggered by families with Pajemploi+ contracts with two carers: baseline-2019.

refund_repeated
    A refund of debits beyond the due is not deducted from what the centre counts as debited:
    every later regularisation of the family refunds the same excess again.
    Caught by refunds_within_debits.
    Triggered by families debited beyond the due (rights that reach back, a debit executed
    twice) and regularised again afterwards: incident-2019.

carer_held_without_rights
    Without rights, a Pajemploi+ declaration is held whole: neither the family debited nor the
    carer paid, and a regularisation does not pay the carer afterwards.
    Caught by carers_paid_on_time.
    Triggered by Pajemploi+ families without rights when they declare: rights lost in the
    bulk transfer or a parallel-run difference (incident-2019, the rollouts). Rare: in
    incident-2019 (seed 2019) it first shows at about 500 families, and 1 000 families give
    four families whose carer goes unpaid.

covered_claimed_twice
    The claim of a declaration's covered contributions is sent again the next business day,
    as a claim file sent twice would: the CAF's fund pays the URSSAF the month's cover twice.
    Caught by covered_never_above_owed.
    Triggered by any declaration with covered contributions: baseline-2019.

notice_understated
    An overpayment's notice states half the excess found (rounded down to the cent), and the
    whole excess is taken back: the family is told less than it repays.
    Caught by recovery_within_notice.
    Triggered by overpayments found and recovered: incident-2019 (rights that overstate, fixed
    by an agent or a reconciliation).

deduction_limit_ignored
    Under the `deduct` policy, the monthly limit is not applied: a payment is followed by the
    deduction of everything outstanding it can cover.
    Caught by deductions_within_monthly_limit.
    Triggered by overpayments found under `deduct` with a `monthly_limit` below what is
    outstanding: incident-2019 with the policy `deduct` and a limit of 20.00 (the test builds
    that variant).

carer_paid_before_debit
    The carer-pay rule `after_debit` is ignored: the carer is paid on the carer day whether or
    not the parent's Pajemploi+ debit was taken, so Pajemploi pays before the parent's money
    comes (and carries the debt when the debit is rejected).
    Caught by carers_paid_after_debit.
    Triggered by Pajemploi+ contracts under `after_debit`: incident-2019 with that rule (the
    test builds that variant).

gross_rounded_down
    The gross salary is worked out from the net rounded down instead of half-up: the
    contributions, so the cover the CMG pays, come out a cent short in about half the months.
    Caught by covered_claimed_on_time (the URSSAF is paid a cent less than the law covers).
    Triggered by any declaration whose gross salary has a fraction of a cent of one half or
    more: baseline-2019.

maintenance_not_debited
    The Pajemploi+ debit of a month settled with rights is the net salary and the uncovered
    contributions: the maintenance allowances, which Pajemploi+ pays the carer, are never
    taken from the parent.
    Caught by debits_collected (at the end of the run the family still owes the maintenance
    of every such month).
    Triggered by Pajemploi+ assmat contracts (their maintenance is 3 euros a day by default):
    baseline-2019.

plus_pay_refunded
    A regularisation reckons what the family is due to pay from the uncovered contributions
    alone, leaving out the Pajemploi+ pay: the family is refunded its carer's salary and
    allowances, which Pajemploi+ paid the carer.
    Caught by debits_collected (the family still owes the pay refunded).
    Triggered by Pajemploi+ families regularised: rights that arrive late or are fixed
    (incident-2019).

rejected_debit_dropped
    A rejected debit of contributions is never presented again (rule 6 is applied to
    Pajemploi+ debits only): the family keeps the contributions it owes.
    Caught by debits_collected (the month is still short of its debits at the end of the run,
    and no debit of it was rejected in the last 60 days of the period: nobody asked again).
    Triggered by families whose balance cannot cover a contributions debit: rare in the
    shipped populations (rejections are a few a year per 1 000 families); incident-2019 at
    2 000 families.

write_off_repeated
    Under the `write_off` policy, what was written off is not remembered: each later
    regularisation of the family finds the same excess again, notifies it again and writes it
    off again.
    Caught by write_offs_within_overpayment (more written off than the month is overpaid by;
    recovery_within_notice does not see it, since each write-off has its notice).
    Triggered by overpayments found under `write_off` in families regularised again:
    incident-2019 with that policy (the test builds that variant).

duplicate_declaration_paid_again
    A declaration whose id reaches the centre a second time (a duplicated message) is taken
    in again and settled again: the month is paid twice (rule 1 says a copy is ignored).
    Caught by cmg_never_above_owed (the copy's payment takes the month above the law).
    Triggered by the fault declaration_duplicated: conformance-2019, where one declaration in
    ten arrives twice; the reference centre is unmoved by the copies.

contributions_debited_without_rights
    Without rights, the centre debits every contribution, those the CMG covers included,
    instead of holding them (what happened in 2019).
    Caught by no_covered_contributions_debited.
    Triggered by families without rights when they declare (incident-2019, the rollouts).
    incident-2019 has such debits with any centre (a lost birth date leaves no child known:
    every contribution is then the family's), so the defect shows as more of them than the
    reference centre's: 22 instead of 13 at 300 families, none more at 100.
"""

import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pajemploi_reference as ref  # noqa: E402

DEFECTS = (
    "crds_forgotten_home_carer",
    "salary_cap_without_maintenance",
    "half_rate_month_late",
    "rights_last_received_wins",
    "fix_file_takes_in_everything",
    "arrears_forget_previous_arrears",
    "carer_paid_salary_only",
    "carer_pay_sent_twice",
    "carer_paid_first_contract",
    "refund_repeated",
    "carer_held_without_rights",
    "contributions_debited_without_rights",
    "covered_claimed_twice",
    "notice_understated",
    "deduction_limit_ignored",
    "carer_paid_before_debit",
    "gross_rounded_down",
    "maintenance_not_debited",
    "plus_pay_refunded",
    "rejected_debit_dropped",
    "write_off_repeated",
    "duplicate_declaration_paid_again",
)


class DefectiveCalculator(ref.Calculator):
    def __init__(self, table, defects):
        super().__init__(table)
        self.defects = defects

    def crds(self, p, mode, remuneration):
        if "crds_forgotten_home_carer" in self.defects and mode == "home_carer":
            return 0
        return super().crds(p, mode, remuneration)

    def salary_cap(self, p, net, maintenance):
        if "salary_cap_without_maintenance" in self.defects:
            return ref.apply_rate(net, p.salary_cap_share)
        return super().salary_cap(p, net, maintenance)

    def age_band(self, child, p):
        band = super().age_band(child, p)
        # The first half-rate month without the August rule: the month after the birthday's
        # when the birthday's month keeps the full rate ("month_kept", R552-3 II 1°), else the
        # birthday's own.
        third_month, on_the_1st = child.birthday(3, p)
        kept = p.condition_rule == "month_kept" or (p.condition_rule == "age_on_the_1st" and not on_the_1st)
        first_half = third_month + 1 if kept else third_month
        if "half_rate_month_late" in self.defects and band == ref.HALF_RATE and p.month == first_half:
            return ref.FULL_RATE
        return band


    def contributions(self, result, p, net):
        super().contributions(result, p, net)
        if "gross_rounded_down" in self.defects:
            result.gross = net * p.gross_num // p.gross_den
            result.employee = result.gross - net
            result.employer = ref.apply_rate(result.gross, p.employer)
            result.total = result.employee + result.employer
            result.uncovered = result.total


class LastReceivedRights(ref.RightsStore):
    """One record per family, the last received, whatever its `valid_from`."""

    def apply(self, family, record):
        self.records[family] = [record]

    def lookup(self, family, month):
        held = self.records.get(family)
        return held[-1] if held else None


class DefectiveCentre(ref.Centre):
    def __init__(self, defects):
        super().__init__()
        self.defects = frozenset(defects)
        if "rights_last_received_wins" in self.defects:
            self.rights = LastReceivedRights()
        self.regular_cmg = {}  # (family, month) -> regular CMG ordered (no arrears)
        self.first_plus_contract = {}  # family -> its first Pajemploi+ contract seen
        self.left_out_of_debit = 0  # maintenance_not_debited: taken off the debit being ordered

    def hello(self, message):
        answer = super().hello(message)
        answer["name"] = "defective centre 1.0 (%s)" % ", ".join(sorted(self.defects) or ["no defect"])
        return answer

    def make_calculator(self, table):
        return DefectiveCalculator(table, self.defects)

    def carer_amount(self, declaration):
        if "carer_paid_salary_only" in self.defects:
            return declaration.net
        return super().carer_amount(declaration)

    def pay_carer(self, declaration):
        if "carer_paid_first_contract" in self.defects and declaration.plus:
            first = self.first_plus_contract.setdefault(declaration.family, declaration.contract)
            amount = self.carer_amount(declaration)
            if amount > 0:
                self.schedule(self.carer_day(declaration.month),
                              ("pay_carer", declaration.family, first, declaration.month, amount))
            return
        super().pay_carer(declaration)
        amount = self.carer_amount(declaration)
        if "carer_pay_sent_twice" in self.defects and amount > 0:
            calendar = self.calendar
            again = calendar.nth_business_day_after(self.carer_day(declaration.month), 1)
            self.schedule(again, ("pay_carer", declaration.family, declaration.contract, declaration.month, amount))

    def refund(self, family, month, state, excess):
        if "refund_repeated" in self.defects:
            self.schedule(self.today, ("refund", family, month, excess))
            return
        super().refund(family, month, state, excess)

    def settle_without_rights(self, declaration, reason):
        if "carer_held_without_rights" in self.defects and declaration.plus:
            self.schedule(self.today, ("hold", declaration.family, declaration.month, declaration.id, reason))
            return
        super().settle_without_rights(declaration, reason)
        if "contributions_debited_without_rights" in self.defects:
            total = self.calculator.contributions_only(declaration.month, declaration.net).total
            if total > 0:
                day = self.calendar.nth_business_day_after(self.today, self.debit_delay)
                self.order_debit(day, declaration.family, declaration.month, total, "contributions")

    def settle_with_rights(self, declaration, computed):
        if "maintenance_not_debited" in self.defects and declaration.plus:
            self.left_out_of_debit = declaration.maintenance
        try:
            super().settle_with_rights(declaration, computed)
        finally:
            self.left_out_of_debit = 0

    def order_debit(self, day, family, month, amount, kind, contract=None):
        if kind == "pajemploi_plus":
            amount -= self.left_out_of_debit
        super().order_debit(day, family, month, amount, kind, contract)

    def regularise_month(self, family, month, state):
        if "plus_pay_refunded" not in self.defects:
            return super().regularise_month(family, month, state)
        # Every declaration reckoned as if outside Pajemploi+: its pay is not in the due.
        plus = [declaration for declaration in state.declarations if declaration.plus]
        for declaration in plus:
            declaration.plus = False
        try:
            return super().regularise_month(family, month, state)
        finally:
            for declaration in plus:
                declaration.plus = True

    def on_rejected_debit(self, family, month, amount, kind, contract=None):
        if "rejected_debit_dropped" in self.defects and kind == "contributions":
            return
        super().on_rejected_debit(family, month, amount, kind, contract)

    def overpaid(self, family, month, state, excess):
        if "write_off_repeated" in self.defects and self.recovery == "write_off":
            self.schedule(self.today, ("notify_overpayment", family, month, excess, "overpayment found; written off"))
            self.schedule(self.today, ("write_off_overpayment", family, month, excess,
                                       "the centre waives the overpayment"))
            return
        super().overpaid(family, month, state, excess)

    def on_declaration(self, message):
        if "duplicate_declaration_paid_again" in self.defects:
            self.received.discard(message["id"])
        super().on_declaration(message)

    def take_in_from_fix(self, message):
        if "fix_file_takes_in_everything" in self.defects:
            self.received.discard(message["id"])
        return super().take_in_from_fix(message)

    def order_cmg(self, day, family, month, amount, arrears):
        if not arrears:
            key = (family, month)
            self.regular_cmg[key] = self.regular_cmg.get(key, 0) + amount
        super().order_cmg(day, family, month, amount, arrears)

    def order_claim(self, day, family, month, amount):
        super().order_claim(day, family, month, amount)
        if "covered_claimed_twice" in self.defects and amount > 0:
            self.schedule(self.calendar.nth_business_day_after(day, 1), ("claim_covered", family, month, amount))

    def carer_waits_for_debit(self, family, contract, month):
        if "carer_paid_before_debit" in self.defects and self.carer_pay_rule == "after_debit":
            return False
        return super().carer_waits_for_debit(family, contract, month)

    def schedule(self, day, order):
        if "notice_understated" in self.defects and order[0] == "notify_overpayment":
            order = order[:3] + (order[3] // 2,) + order[4:]
        super().schedule(day, order)

    def deduct_from(self, family, payment):
        if "deduction_limit_ignored" not in self.defects:
            return super().deduct_from(family, payment)
        limit = self.monthly_limit
        self.monthly_limit = 0
        try:
            return super().deduct_from(family, payment)
        finally:
            self.monthly_limit = limit

    def already_ordered(self, family, month, state):
        if "arrears_forget_previous_arrears" in self.defects:
            return self.regular_cmg.get((family, month), 0)
        return super().already_ordered(family, month, state)


def parse_arguments(argv):
    chosen = []
    at = 0
    while at < len(argv):
        argument = argv[at]
        if argument == "--list":
            print("\n".join(DEFECTS))
            sys.exit(0)
        if argument in ("-h", "--help"):
            print(__doc__)
            sys.exit(0)
        if argument == "--defect" and at + 1 < len(argv):
            name = argv[at + 1]
            at += 2
        elif argument.startswith("--defect="):
            name = argument[len("--defect="):]
            at += 1
        else:
            print("pajemploi_defective: unknown argument %r (see --help)" % argument, file=sys.stderr)
            sys.exit(2)
        if name == "none":
            chosen.append(name)
            continue
        if name not in DEFECTS:
            print("pajemploi_defective: unknown defect %r; known: %s" % (name, ", ".join(DEFECTS)),
                  file=sys.stderr)
            sys.exit(2)
        chosen.append(name)
    if not chosen:
        return list(DEFECTS)
    return [name for name in chosen if name != "none"]


def main(argv):
    defects = parse_arguments(argv)
    print("defective centre: %s" % (", ".join(defects) or "no defect"), file=sys.stderr)
    return ref.main(DefectiveCentre(defects))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
