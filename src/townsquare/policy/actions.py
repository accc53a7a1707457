"""The graduated actions the terms can prescribe, and how severe each one is.

Severity is what the engine uses to combine several matching rules: the most severe action wins.
It lives here, not in ``decisions/``, because the engine (policy) must not depend on later layers.
"""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    """What happens to one post."""

    ALLOW = "allow"
    LABEL = "label"
    REDUCE_REACH = "reduce_reach"
    AGE_RESTRICT = "age_restrict"
    GEO_RESTRICT = "geo_restrict"
    REMOVE = "remove"
    ESCALATE = "escalate"


#: Higher is more severe. ESCALATE is not a severity: it means "a human decides".
SEVERITY: dict[Action, int] = {
    Action.ALLOW: 0,
    Action.LABEL: 1,
    Action.REDUCE_REACH: 2,
    Action.AGE_RESTRICT: 3,
    Action.GEO_RESTRICT: 4,
    Action.REMOVE: 5,
}

#: Actions that restrict the post and therefore need a statement of reasons (DSA Art. 17).
RESTRICTIONS: frozenset[Action] = frozenset(
    {Action.LABEL, Action.REDUCE_REACH, Action.AGE_RESTRICT, Action.GEO_RESTRICT, Action.REMOVE}
)


class AccountAction(StrEnum):
    """What happens to the author's account as a consequence (DSA Art. 23)."""

    NONE = "none"
    WARNING = "warning"
    SUSPENSION = "suspension"


class Audience(StrEnum):
    """Who the post is shown to. ``minors`` selects the stricter profile of the terms (Art. 28)."""

    GENERAL = "general"
    MINORS = "minors"
    ADULTS = "adults"
