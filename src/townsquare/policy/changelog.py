"""What changed between two versions of the terms, rule by rule.

Computed from the data rather than written by hand, so the published changelog can never forget a
changed threshold; the authored ``notes`` of each version say why.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from townsquare.policy.terms import Rule, Terms


class Change(BaseModel):
    """One difference, addressed to people: which rule, what kind of change, before and after."""

    model_config = ConfigDict(frozen=True)

    rule_id: str | None
    kind: str  # added, removed, text, title, thresholds, countries, category, ground, accounts
    before: str | None = None
    after: str | None = None


def _num(value: float | str) -> str:
    return value if isinstance(value, str) else f"{value:g}"


def _bands(rule: Rule) -> str:
    parts = []
    for name, profile in sorted(rule.profiles.items()):
        bands = ", ".join(f"{b.action.value} at {_num(b.at)}" + (f" (+{b.strike} strike)" if b.strike else "") for b in profile.bands)
        review = f"; review {_num(profile.review[0])}-{_num(profile.review[1])}" if profile.review else ""
        parts.append(f"{name}: {bands or 'no action'}{review}")
    return " | ".join(parts)


def _countries(rule: Rule) -> str:
    return ", ".join(f"{c} ({law})" for c, law in sorted((rule.countries or {}).items())) or "everywhere"


def diff(before: Terms, after: Terms) -> list[Change]:
    """Every rule-level difference from ``before`` to ``after``, in the order of ``after``'s rules."""
    old = {r.id: r for r in before.rules}
    new = {r.id: r for r in after.rules}
    changes: list[Change] = []
    for rid, rule in new.items():
        if rid not in old:
            changes.append(Change(rule_id=rid, kind="added", after=f"{rule.title.en}: {rule.text.en}"))
            continue
        prev = old[rid]
        checks = [
            ("title", prev.title.as_dict(), rule.title.as_dict(), prev.title.en, rule.title.en),
            ("text", prev.text.as_dict(), rule.text.as_dict(), prev.text.en, rule.text.en),
            ("thresholds", _bands(prev), _bands(rule), _bands(prev), _bands(rule)),
            ("countries", prev.countries, rule.countries, _countries(prev), _countries(rule)),
            ("category", prev.category, rule.category, prev.category.value, rule.category.value),
            ("ground", (prev.ground, prev.may_be_illegal), (rule.ground, rule.may_be_illegal), prev.ground, rule.ground),
            ("signal", prev.signal, rule.signal, prev.signal, rule.signal),
        ]
        for kind, old_value, new_value, shown_old, shown_new in checks:
            if old_value != new_value:
                changes.append(Change(rule_id=rid, kind=kind, before=str(shown_old), after=str(shown_new)))
    for rid, rule in old.items():
        if rid not in new:
            changes.append(Change(rule_id=rid, kind="removed", before=f"{rule.title.en}: {rule.text.en}"))
    if before.accounts != after.accounts:
        a, b = before.accounts, after.accounts
        fmt = "warning at {0.warn_at} strikes, suspension ({0.suspension_days} days) at {0.suspend_at}, strikes count {0.strike_days} days"
        changes.append(Change(rule_id=None, kind="accounts", before=fmt.format(a), after=fmt.format(b)))
    return changes
