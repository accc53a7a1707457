"""Render the terms for people: Markdown and HTML, one language, with version and changelog.

DSA Art. 14 wants terms in "clear, plain, intelligible, user-friendly and unambiguous language",
publicly available and machine-readable; the YAML is the machine-readable form, this is the other.
"""

from __future__ import annotations

import html
import re
from typing import Literal

from townsquare.policy.actions import Action
from townsquare.policy.changelog import diff
from townsquare.policy.terms import CLASSIFIER, Rule, TermsHistory

_ACTION_WORDS: dict[str, dict[Action, str]] = {
    "en": {
        Action.LABEL: "a warning label", Action.REDUCE_REACH: "reduced reach",
        Action.AGE_RESTRICT: "hidden from users under 18", Action.GEO_RESTRICT: "blocked in the listed countries",
        Action.REMOVE: "removal",
    },
    "fr": {
        Action.LABEL: "une étiquette d'avertissement", Action.REDUCE_REACH: "une portée réduite",
        Action.AGE_RESTRICT: "masquée aux moins de 18 ans", Action.GEO_RESTRICT: "bloquée dans les pays listés",
        Action.REMOVE: "le retrait",
    },
    "de": {
        Action.LABEL: "ein Warnhinweis", Action.REDUCE_REACH: "eingeschränkte Reichweite",
        Action.AGE_RESTRICT: "für unter 18-Jährige ausgeblendet", Action.GEO_RESTRICT: "in den genannten Ländern gesperrt",
        Action.REMOVE: "Entfernung",
    },
}  # fmt: skip

_WORDS: dict[str, dict[str, str]] = {
    "en": {"version": "Version", "effective": "in force since", "tools": "How we moderate",
           "rules": "Rules", "what": "What we do", "minors": "When shown to minors", "where": "Applies in",
           "human": "uncertain cases are reviewed by a person", "accounts": "Repeated violations",
           "accounts_text": "A removal can add a strike to the account; strikes count for {strike_days} days. "
                            "At {warn_at} strikes we send a warning; after a warning, {suspend_at} strikes suspend "
                            "the account for {suspension_days} days.",
           "changes": "Changes", "initial": "First version.", "score": "score",
           "classifier": "the classifier's calibrated threshold for the post's language"},
    "fr": {"version": "Version", "effective": "en vigueur depuis le", "tools": "Comment nous modérons",
           "rules": "Règles", "what": "Ce que nous faisons", "minors": "Pour les mineurs", "where": "S'applique en",
           "human": "les cas incertains sont examinés par une personne", "accounts": "Violations répétées",
           "accounts_text": "Un retrait peut ajouter un avertissement (strike) au compte ; il compte {strike_days} jours. "
                            "À {warn_at} strikes, nous envoyons un avertissement ; après un avertissement, "
                            "{suspend_at} strikes suspendent le compte pendant {suspension_days} jours.",
           "changes": "Modifications", "initial": "Première version.", "score": "score",
           "classifier": "le seuil calibré du classificateur pour la langue de la publication"},
    "de": {"version": "Fassung", "effective": "gültig seit", "tools": "Wie wir moderieren",
           "rules": "Regeln", "what": "Was wir tun", "minors": "Bei Minderjährigen", "where": "Gilt in",
           "human": "unklare Fälle prüft ein Mensch", "accounts": "Wiederholte Verstöße",
           "accounts_text": "Eine Entfernung kann dem Konto einen Verstoß (Strike) hinzufügen; er zählt {strike_days} Tage. "
                            "Ab {warn_at} Strikes verwarnen wir; nach einer Verwarnung sperren {suspend_at} Strikes "
                            "das Konto für {suspension_days} Tage.",
           "changes": "Änderungen", "initial": "Erste Fassung.", "score": "Wert",
           "classifier": "die kalibrierte Schwelle des Klassifikators für die Sprache des Beitrags"},
}  # fmt: skip

LANGUAGES = tuple(_WORDS)


def _at(value: float | str, lang: str) -> str:
    return _WORDS[lang]["classifier"] if value == CLASSIFIER else f"{float(value):g}"


def _profile_line(rule: Rule, name: Literal["default", "minors"], lang: str) -> str:
    profile = rule.profiles[name]
    w = _WORDS[lang]
    parts = [f"{w['score']} ≥ {_at(b.at, lang)}: {_ACTION_WORDS[lang][b.action]}" for b in profile.bands]
    if profile.review:
        parts.append(f"{_at(profile.review[0], lang)}–{_at(profile.review[1], lang)}: {w['human']}")
    return "; ".join(parts) if parts else "—"


def render_markdown(history: TermsHistory, lang: str = "en", version: str | None = None) -> str:
    """The full terms of one version in one language, followed by the changelog of every version."""
    if lang not in LANGUAGES:
        raise ValueError(f"terms are published in {', '.join(LANGUAGES)}, not {lang!r}")
    terms = history.get(version)
    w = _WORDS[lang]
    out = [
        f"# {terms.title.get(lang)}",
        "",
        f"**{w['version']} {terms.version}**, {w['effective']} {terms.effective.isoformat()}",
        "",
        f"## {w['tools']}",
        "",
        terms.moderation_tools.get(lang),
        "",
        f"## {w['rules']}",
        "",
        f"### {terms.baseline.id}: {terms.baseline.title.get(lang)}",
        "",
        terms.baseline.text.get(lang),
        "",
    ]
    for rule in terms.rules:
        out += [f"### {rule.id}: {rule.title.get(lang)}", "", rule.text.get(lang), ""]
        out.append(f"- {w['what']}: {_profile_line(rule, 'default', lang)}")
        if "minors" in rule.profiles:
            out.append(f"- {w['minors']}: {_profile_line(rule, 'minors', lang)}")
        if rule.countries:
            laws = "; ".join(f"{c} ({law})" for c, law in sorted(rule.countries.items()))
            out.append(f"- {w['where']}: {laws}")
        out.append("")
    a = terms.accounts
    out += [f"## {w['accounts']}", "", w["accounts_text"].format(**a.model_dump()), ""]
    out += [f"## {w['changes']}", ""]
    index = history.versions.index(terms)
    for i in range(index, -1, -1):
        t = history.versions[i]
        out += [f"### {t.version} ({t.effective.isoformat()})", "", t.notes.get(lang), ""]
        if i == 0:
            out += [f"- {w['initial']}", ""]
            continue
        for c in diff(history.versions[i - 1], t):
            label = c.rule_id or w["accounts"]
            if c.kind == "added":
                added = t.rule(label)
                out.append(f"- {label}: + {added.title.get(lang)}: {added.text.get(lang)}")
            elif c.kind == "removed":
                removed = history.versions[i - 1].rule(label)
                out.append(f"- {label}: − {removed.title.get(lang)}")
            else:
                out.append(f"- {label} ({c.kind}): {c.before} → {c.after}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _inline(text: str) -> str:
    escaped = html.escape(text)
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped)


def render_html(history: TermsHistory, lang: str = "en", version: str | None = None) -> str:
    """The Markdown rendering as a standalone, escaped HTML page (headings, paragraphs, lists)."""
    md = render_markdown(history, lang, version)
    body: list[str] = []
    in_list = False
    for line in md.splitlines():
        if line.startswith("- "):
            if not in_list:
                body.append("<ul>")
                in_list = True
            body.append(f"<li>{_inline(line[2:])}</li>")
            continue
        if in_list:
            body.append("</ul>")
            in_list = False
        if m := re.match(r"^(#{1,3}) (.*)$", line):
            level = len(m.group(1))
            body.append(f"<h{level}>{_inline(m.group(2))}</h{level}>")
        elif line.strip():
            body.append(f"<p>{_inline(line)}</p>")
    if in_list:
        body.append("</ul>")
    terms = history.get(version)
    title = html.escape(terms.title.get(lang))
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="terms-version" content="{terms.version}">\n<title>{title}</title>\n</head>\n'
        f"<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
