"""The published terms load, are complete in every language, and bad terms are refused."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from townsquare.policy.actions import Action
from townsquare.policy.dsa import EEA_COUNTRIES
from townsquare.policy.terms import REQUIRED_LANGUAGES, TermsError, load_history, load_terms_file

from .factories import TERMS_DIR, history


def test_published_versions_form_a_chain() -> None:
    h = history()
    assert [t.version for t in h.versions] == ["1.0.0", "1.1.0", "1.2.0"]
    assert h.latest.previous == "1.1.0"
    assert h.in_force(dt.date(2026, 11, 2)).version == "1.1.0"
    assert h.in_force(dt.date(2027, 1, 1)).version == "1.2.0"
    with pytest.raises(TermsError):
        h.in_force(dt.date(2025, 1, 1))
    assert h.get("1.0.0").version == "1.0.0"
    with pytest.raises(TermsError):
        h.get("9.9.9")


def test_every_text_is_translated() -> None:
    for terms in history().versions:
        texts = [terms.title, terms.notes, terms.moderation_tools, terms.baseline.title, terms.baseline.text]
        texts += [r.title for r in terms.rules] + [r.text for r in terms.rules]
        for text in texts:
            for lang in REQUIRED_LANGUAGES:
                assert text.get(lang).strip()


def test_territorial_rules_restrict_only_where_illegal() -> None:
    rules = {r.id: r for r in history().latest.rules}
    holocaust = rules["TS-GEO-HOLOCAUST-1"]
    assert holocaust.ground == "illegal"
    assert holocaust.countries is not None and "DE" in holocaust.countries
    assert set(holocaust.countries) < set(EEA_COUNTRIES)
    assert {b.action for p in holocaust.profiles.values() for b in p.bands} == {Action.GEO_RESTRICT}


def _load(tmp_path: Path, data: dict[str, Any], name: str | None = None) -> None:
    path = tmp_path / f"{name or data['version']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_terms_file(path)


def _latest_raw() -> dict[str, Any]:
    return yaml.safe_load((TERMS_DIR / "1.1.0.yaml").read_text(encoding="utf-8"))


def _break(mutate: Any) -> dict[str, Any]:
    data = copy.deepcopy(_latest_raw())
    mutate(data)
    return data


BROKEN = {
    "missing translation": lambda d: d["rules"][0]["text"].pop("de"),
    "blank translation": lambda d: d["rules"][0]["title"].update(fr="  "),
    "bands not descending": lambda d: d["rules"][0]["profiles"]["default"]["bands"].reverse(),
    "review above top band": lambda d: d["rules"][0]["profiles"]["default"].update(review=[0.5, 0.99]),
    "geo without countries": lambda d: d["rules"][5].pop("countries"),
    "remove in territorial rule": lambda d: d["rules"][5]["profiles"]["default"]["bands"][0].update(action="remove"),
    "non EEA country": lambda d: d["rules"][5]["countries"].update(US="First Amendment"),
    "undeclared signal": lambda d: d["rules"][0].update(signal="text.spam"),
    "duplicate id": lambda d: d["rules"][1].update(id="TS-HATE-1"),
    "suspension without warning": lambda d: d["accounts"].update(suspend_at=1, warn_at=2),
    "unknown key": lambda d: d["rules"][0].update(severity="high"),
    "unknown category": lambda d: d["rules"][0].update(category="STATEMENT_CATEGORY_SPAM"),
    "band prescribes allow": lambda d: d["rules"][0]["profiles"]["default"]["bands"].append({"at": 0.1, "action": "allow"}),
    "threshold above one": lambda d: d["rules"][0]["profiles"]["default"]["bands"][0].update(at=1.5),
    "bad rule id": lambda d: d["rules"][0].update(id="hate"),
    "classifier band not last": lambda d: d["rules"][0]["profiles"]["default"].update(
        bands=[{"at": "classifier", "action": "remove"}, {"at": 0.5, "action": "label"}], review=None),
    "classifier threshold on a category": lambda d: d["rules"][1]["profiles"]["default"]["bands"].append(
        {"at": "classifier", "action": "label"}),
    "review ends at the classifier": lambda d: d["rules"][0]["profiles"]["default"].update(review=[0.3, "classifier"]),
    "unknown symbolic threshold": lambda d: d["rules"][0]["profiles"]["default"]["bands"][1].update(at="model"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_inconsistent_terms_are_refused(tmp_path: Path, case: str) -> None:
    with pytest.raises(TermsError):
        _load(tmp_path, _break(BROKEN[case]))


def test_the_unmodified_copy_loads(tmp_path: Path) -> None:
    _load(tmp_path, _latest_raw())  # guards the test above against refusing everything


def test_file_name_must_be_the_version(tmp_path: Path) -> None:
    with pytest.raises(TermsError, match="file name"):
        _load(tmp_path, _latest_raw(), name="2.0.0")


def test_history_refuses_a_broken_chain(tmp_path: Path) -> None:
    for name in ("1.0.0", "1.1.0"):  # 1.2.0 left out: a chain may end anywhere
        (tmp_path / f"{name}.yaml").write_text((TERMS_DIR / f"{name}.yaml").read_text("utf-8"), "utf-8")
    load_history(tmp_path)
    data = _latest_raw()
    data["previous"] = "0.9.0"
    (tmp_path / "1.1.0.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(TermsError, match="previous"):
        load_history(tmp_path)


def test_unreadable_yaml_is_a_terms_error(tmp_path: Path) -> None:
    (tmp_path / "1.0.0.yaml").write_bytes(b"version: [unclosed\n\xff")
    with pytest.raises(TermsError):
        load_history(tmp_path)
