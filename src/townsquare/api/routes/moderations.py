"""POST /v1/moderations and /v1/moderations/batch: decide posts, durably, idempotently."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from townsquare.api.classifier import ClassifierUnavailableError
from townsquare.api.deps import Moderates, ModeratorDep, SettingsDep
from townsquare.api.problems import ProblemError, responses
from townsquare.api.schemas import BatchIn, BatchOut, DecisionOut, PostIn
from townsquare.policy.engine import SignalError
from townsquare.store.moderation import PostConflictError, Recorded, Submission, UnclassifiableError

router = APIRouter(prefix="/v1/moderations", tags=["moderation"])


def _submission(p: PostIn, max_chars: int) -> Submission:
    if len(p.text) > max_chars:
        raise ProblemError(422, "text-too-long", f"post {p.id}: text exceeds {max_chars} characters")
    return Submission(post=p.model_dump(exclude={"signals"}), signals=dict(p.signals))  # type: ignore[arg-type]


def _run(moderator: ModeratorDep, subs: list[Submission], actor: str) -> list[Recorded]:
    try:
        return moderator.moderate(subs, actor=actor)
    except PostConflictError as exc:
        raise ProblemError(409, "post-id-conflict", str(exc), post_ids=exc.post_ids) from exc
    except SignalError as exc:
        raise ProblemError(422, "signals", str(exc)) from exc
    except UnclassifiableError as exc:
        raise ProblemError(422, "unclassifiable", str(exc)) from exc
    except ClassifierUnavailableError as exc:
        raise ProblemError(503, "classifier-unavailable", str(exc)) from exc


def _out(r: Recorded) -> DecisionOut:
    return DecisionOut.of(r.decision, has_statement=r.statement is not None, replayed=r.replayed)


@router.post(
    "",
    operation_id="moderate_post",
    status_code=status.HTTP_201_CREATED,
    response_model=DecisionOut,
    responses=responses(
        400, 401, 403, 409, 413, 415, 422, 503, ok={"model": DecisionOut, "description": "already decided: the stored decision"}
    ),
    summary="Moderate one post",
)
def moderate_post(post: PostIn, response: Response, moderator: ModeratorDep, settings: SettingsDep, who: Moderates) -> DecisionOut:
    """Decide one post. The decision is committed before this returns; re-sending the same post
    id returns the stored decision (200) instead of deciding again (201)."""
    [recorded] = _run(moderator, [_submission(post, settings.max_text_chars)], who.key_id)
    if recorded.replayed:
        response.status_code = status.HTTP_200_OK
    return _out(recorded)


@router.post(
    "/batch",
    operation_id="moderate_batch",
    response_model=BatchOut,
    responses=responses(400, 401, 403, 409, 413, 415, 422, 503),
    summary="Moderate a batch of posts",
)
def moderate_batch(batch: BatchIn, moderator: ModeratorDep, settings: SettingsDep, who: Moderates) -> BatchOut:
    """Decide up to ``max_batch_posts`` posts in one transaction; decisions come back in order.
    If any post id was already used for different content, nothing is written (409)."""
    if len(batch.posts) > settings.max_batch_posts:
        raise ProblemError(422, "batch-too-large", f"a batch holds at most {settings.max_batch_posts} posts")
    subs = [_submission(p, settings.max_text_chars) for p in batch.posts]
    return BatchOut(decisions=[_out(r) for r in _run(moderator, subs, who.key_id)])
