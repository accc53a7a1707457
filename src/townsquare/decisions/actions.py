"""Map townsquare's graduated actions onto the DSA Transparency Database's restriction fields."""

from __future__ import annotations

from enum import StrEnum

from townsquare.policy.actions import Action


class DecisionVisibility(StrEnum):
    CONTENT_REMOVED = "DECISION_VISIBILITY_CONTENT_REMOVED"
    CONTENT_DISABLED = "DECISION_VISIBILITY_CONTENT_DISABLED"
    CONTENT_DEMOTED = "DECISION_VISIBILITY_CONTENT_DEMOTED"
    CONTENT_AGE_RESTRICTED = "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED"
    CONTENT_INTERACTION_RESTRICTED = "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED"
    CONTENT_LABELLED = "DECISION_VISIBILITY_CONTENT_LABELLED"
    OTHER = "DECISION_VISIBILITY_OTHER"


class DecisionMonetary(StrEnum):
    SUSPENSION = "DECISION_MONETARY_SUSPENSION"
    TERMINATION = "DECISION_MONETARY_TERMINATION"
    OTHER = "DECISION_MONETARY_OTHER"


class DecisionProvision(StrEnum):
    PARTIAL_SUSPENSION = "DECISION_PROVISION_PARTIAL_SUSPENSION"
    TOTAL_SUSPENSION = "DECISION_PROVISION_TOTAL_SUSPENSION"
    PARTIAL_TERMINATION = "DECISION_PROVISION_PARTIAL_TERMINATION"
    TOTAL_TERMINATION = "DECISION_PROVISION_TOTAL_TERMINATION"


class DecisionAccount(StrEnum):
    SUSPENDED = "DECISION_ACCOUNT_SUSPENDED"
    TERMINATED = "DECISION_ACCOUNT_TERMINATED"


#: Geo-restriction is "disabled" (access disabled in the listed territories, not removed everywhere).
VISIBILITY: dict[Action, DecisionVisibility] = {
    Action.LABEL: DecisionVisibility.CONTENT_LABELLED,
    Action.REDUCE_REACH: DecisionVisibility.CONTENT_DEMOTED,
    Action.AGE_RESTRICT: DecisionVisibility.CONTENT_AGE_RESTRICTED,
    Action.GEO_RESTRICT: DecisionVisibility.CONTENT_DISABLED,
    Action.REMOVE: DecisionVisibility.CONTENT_REMOVED,
}


def visibility_for(action: Action | None) -> DecisionVisibility | None:
    """The visibility restriction an action amounts to; None for allow/escalate (no restriction)."""
    return VISIBILITY.get(action) if action is not None else None
