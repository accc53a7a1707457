"""Check a language's template file and lexicon against the format and the minimum counts.

Run as ``python -m townsquare.functional.validate LANG [LANG ...]``; exits non-zero on any error so
it can guard commits and CI.
"""

from __future__ import annotations

import sys
from collections import Counter

from townsquare.functional.templates import (
    CORE_GROUPS,
    FUNCTIONALITIES,
    TemplateError,
    TemplateSet,
    load_template_set,
)
from townsquare.lexicons import CUE_KINDS, LexiconError

MIN_TEMPLATES: dict[str, tuple[int, int]] = {func: (8, 10) for func in FUNCTIONALITIES} | {
    "slur": (6, 7),
    "reclaimed": (6, 7),
    "profanity_nonhateful": (14, 10),
    "counter_speech": (10, 10),
}
"""(train, test) templates per functionality. Ten test templates a cell, not fewer: with about six, a
cell's accuracy said more about which templates were drawn than about the model."""
MIN_CUES = 15
MAX_SIMILARITY = 0.6
"""Highest character 4-gram Jaccard similarity a train template may have with any test template."""


def _shingles(text: str) -> set[str]:
    text = " ".join(text.lower().split())
    return {text[i : i + 4] for i in range(max(1, len(text) - 3))}


def near_duplicates(ts: TemplateSet, limit: float = MAX_SIMILARITY) -> list[str]:
    """Train templates so close to a same-label test template that scoring on it would flatter the model.

    A near-twin with the *other* label (the same insult aimed at a politician rather than a group) is
    a contrast that makes the test harder, not easier, and is allowed.
    """
    tests = [(t.id, t.label, _shingles(t.text)) for t in ts.templates if t.split == "test"]
    found = []
    for template in ts.templates:
        if template.split != "train":
            continue
        mine = _shingles(template.text)
        for test_id, label, theirs in tests:
            if label != template.label:
                continue
            similarity = len(mine & theirs) / len(mine | theirs)
            if similarity >= limit:
                found.append(f"train template {template.id} is {similarity:.0%} like test template {test_id}")
    return found


def problems(ts: TemplateSet, min_templates: dict[str, tuple[int, int]] = MIN_TEMPLATES) -> list[str]:
    """Every way the template set falls short; empty when it is valid."""
    found: list[str] = []
    ids = Counter(t.id for t in ts.templates)
    found += [f"duplicate template id {i!r}" for i, n in ids.items() if n > 1]
    found += [f"core group {g!r} missing from groups" for g in CORE_GROUPS if g not in ts.groups]
    found += [f"group {g!r} is not in the lexicon" for g in ts.groups if g not in ts.lexicon.groups]
    for gid, filler in ts.groups.items():
        terms = ts.lexicon.groups.get(gid)
        for form, words in filler.forms.items():
            if terms and not any(term in words.lower() for term in terms.terms):
                found.append(f"group {gid!r} form {form!r} ({words!r}) contains none of its lexicon terms")
    if len(ts.targets) < 6:
        found.append(f"only {len(ts.targets)} non-protected targets, need >= 6")
    counts = Counter((t.func, t.split) for t in ts.templates)
    for func, (n_train, n_test) in min_templates.items():
        for split, need in (("train", n_train), ("test", n_test)):
            if counts[func, split] < need:
                found.append(f"{func}/{split}: {counts[func, split]} templates, need >= {need}")
    for template in ts.templates:
        try:
            cases = ts.expand_template(template)
        except TemplateError as exc:
            found.append(f"{template.id}: {exc}")
            continue
        if not cases:
            found.append(f"{template.id}: expands to no case (no matching slurs?)")
        for case in cases:
            if "{" in case.text or "[" in case.text:
                found.append(f"{template.id}: unexpanded placeholder in {case.text!r}")
                break
    found += near_duplicates(ts)
    for kind in CUE_KINDS:
        if len(ts.lexicon.cues[kind]) < MIN_CUES:
            found.append(f"lexicon {kind}: {len(ts.lexicon.cues[kind])} entries, need >= {MIN_CUES}")
    return found


def summary(ts: TemplateSet) -> str:
    counts = Counter((t.func, t.split) for t in ts.templates)
    cases = Counter((c.func, c.split) for c in ts.expand())
    lines = [f"{'functionality':24} {'train tpl':>9} {'test tpl':>8} {'train cases':>11} {'test cases':>10}"]
    for func in FUNCTIONALITIES:
        lines.append(
            f"{func:24} {counts[func, 'train']:9} {counts[func, 'test']:8} "
            f"{cases[func, 'train']:11} {cases[func, 'test']:10}"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    failed = False
    for name in argv:
        try:
            ts = load_template_set(name)
            found = problems(ts)
        except (OSError, TemplateError, LexiconError, KeyError, TypeError, AttributeError) as exc:
            found, ts = [f"cannot load: {exc!r}"], None
        print(f"== {name}")
        if ts is not None:
            print(summary(ts))
        for problem in found:
            print(f"ERROR {problem}")
        failed |= bool(found)
        print("OK" if not found else f"{len(found)} problem(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
