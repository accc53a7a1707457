"""The statement of reasons in plain language, for the person whose post was restricted.

Art. 17 asks for reasons that are "clear and easily comprehensible"; this is the text a user sees,
in their language where the terms have it (en, fr, de), English otherwise. It also tells them how to
contest the decision (Art. 17(3)(f): internal complaint, out-of-court settlement, courts).
"""

from __future__ import annotations

from townsquare.policy.actions import AccountAction, Action
from townsquare.policy.dsa import EEA_COUNTRIES
from townsquare.policy.engine import Outcome
from townsquare.policy.terms import Terms

SUPPORTED = ("en", "fr", "de")

_ACTIONS: dict[str, dict[Action, str]] = {
    "en": {
        Action.LABEL: "We added a warning label to your post.",
        Action.REDUCE_REACH: "We reduced the reach of your post: it stays up but is no longer recommended to others.",
        Action.AGE_RESTRICT: "Your post is no longer shown to users under 18.",
        Action.GEO_RESTRICT: "Your post can no longer be seen in: {countries}. It stays visible elsewhere.",
        Action.REMOVE: "We removed your post.",
        Action.ALLOW: "Your post stays visible.",
        Action.ESCALATE: "Your post is being reviewed by a person.",
    },
    "fr": {
        Action.LABEL: "Nous avons ajouté un avertissement à votre publication.",
        Action.REDUCE_REACH: "Nous avons réduit la portée de votre publication : elle reste en ligne mais n'est plus recommandée.",
        Action.AGE_RESTRICT: "Votre publication n'est plus montrée aux utilisateurs de moins de 18 ans.",
        Action.GEO_RESTRICT: "Votre publication n'est plus visible dans : {countries}. Elle reste visible ailleurs.",
        Action.REMOVE: "Nous avons retiré votre publication.",
        Action.ALLOW: "Votre publication reste visible.",
        Action.ESCALATE: "Votre publication est en cours d'examen par une personne.",
    },
    "de": {
        Action.LABEL: "Wir haben Ihren Beitrag mit einem Warnhinweis versehen.",
        Action.REDUCE_REACH: "Wir haben die Reichweite Ihres Beitrags eingeschränkt: Er bleibt online, wird aber nicht mehr empfohlen.",
        Action.AGE_RESTRICT: "Ihr Beitrag wird Nutzerinnen und Nutzern unter 18 Jahren nicht mehr angezeigt.",
        Action.GEO_RESTRICT: "Ihr Beitrag ist in folgenden Ländern nicht mehr sichtbar: {countries}. Anderswo bleibt er sichtbar.",
        Action.REMOVE: "Wir haben Ihren Beitrag entfernt.",
        Action.ALLOW: "Ihr Beitrag bleibt sichtbar.",
        Action.ESCALATE: "Ihr Beitrag wird von einem Menschen geprüft.",
    },
}

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "why": "Why: our rule {rule_id} \"{title}\" (Terms of Use version {version}) says: {text}",
        "law": "This content is illegal under: {law}.",
        "auto": "This decision was taken by an automated system.",
        "human": "A person reviewed this decision.",
        "warning": "This is a warning: if you break our rules again, your account may be suspended.",
        "suspension": "Because you broke our rules repeatedly after a warning, your account is suspended for {days} days.",
        "appeal": (
            "You can contest this decision free of charge within six months with the appeal button, "
            "where a person will review it. You can also use a certified out-of-court dispute settlement "
            "body or go to court."
        ),
        "ref": "Reference: {puid}",
    },
    "fr": {
        "why": "Pourquoi : notre règle {rule_id} « {title} » (conditions d'utilisation, version {version}) dit : {text}",
        "law": "Ce contenu est illégal en vertu de : {law}.",
        "auto": "Cette décision a été prise par un système automatisé.",
        "human": "Une personne a examiné cette décision.",
        "warning": "Ceci est un avertissement : si vous enfreignez à nouveau nos règles, votre compte pourra être suspendu.",
        "suspension": "Comme vous avez enfreint nos règles à plusieurs reprises après un avertissement, votre compte est suspendu pendant {days} jours.",
        "appeal": (
            "Vous pouvez contester gratuitement cette décision dans un délai de six mois avec le bouton "
            "de réclamation ; une personne l'examinera. Vous pouvez aussi saisir un organisme certifié de "
            "règlement extrajudiciaire des litiges ou la justice."
        ),
        "ref": "Référence : {puid}",
    },
    "de": {
        "why": "Warum: Unsere Regel {rule_id} „{title}“ (Nutzungsbedingungen, Fassung {version}) lautet: {text}",
        "law": "Dieser Inhalt ist rechtswidrig nach: {law}.",
        "auto": "Diese Entscheidung wurde von einem automatisierten System getroffen.",
        "human": "Ein Mensch hat diese Entscheidung geprüft.",
        "warning": "Dies ist eine Verwarnung: Wenn Sie erneut gegen unsere Regeln verstoßen, kann Ihr Konto gesperrt werden.",
        "suspension": "Da Sie nach einer Verwarnung wiederholt gegen unsere Regeln verstoßen haben, ist Ihr Konto für {days} Tage gesperrt.",
        "appeal": (
            "Sie können diese Entscheidung innerhalb von sechs Monaten kostenlos über die "
            "Beschwerdefunktion anfechten; ein Mensch prüft sie dann. Sie können sich auch an eine "
            "zertifizierte außergerichtliche Streitbeilegungsstelle oder an ein Gericht wenden."
        ),
        "ref": "Referenz: {puid}",
    },
}


def render_notice(
    outcome: Outcome,
    terms: Terms,
    *,
    puid: str,
    lang: str = "en",
    applied_action: Action | None = None,
    reviewed_by_human: bool = False,
) -> str:
    """The user-facing explanation of one decision, as plain text paragraphs."""
    lang = lang if lang in SUPPORTED else "en"
    t = _TEXT[lang]
    action = applied_action or outcome.action
    rule = terms.rule(outcome.rule_id)
    countries = ", ".join(outcome.territorial_scope) if len(outcome.territorial_scope) < len(EEA_COUNTRIES) else "EU/EEA"
    lines = [_ACTIONS[lang][action].format(countries=countries)]
    lines.append(t["why"].format(rule_id=rule.id, title=rule.title.get(lang), version=terms.version, text=rule.text.get(lang)))
    countries_law = getattr(rule, "countries", None)
    if countries_law and action == Action.GEO_RESTRICT:
        law = "; ".join(f"{c}: {v}" for c, v in sorted(countries_law.items()) if c in outcome.territorial_scope)
        lines.append(t["law"].format(law=law))
    if action != Action.ESCALATE:
        lines.append(t["human"] if reviewed_by_human else t["auto"])
    if outcome.account_action == AccountAction.WARNING:
        lines.append(t["warning"])
    elif outcome.account_action == AccountAction.SUSPENSION:
        lines.append(t["suspension"].format(days=outcome.suspension_days))
    if action not in (Action.ALLOW, Action.ESCALATE):
        lines.append(t["appeal"])
    lines.append(t["ref"].format(puid=puid))
    return "\n\n".join(lines)
