"""Request guards that run before any parsing: body size and media type.

A pure ASGI middleware, so an oversized body is refused while streaming, before it is buffered
whole, whatever Content-Length claims.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from townsquare.api.problems import PROBLEM_MEDIA_TYPE, Problem, problem_type


async def _send_problem(send: Send, status: int, slug: str, title: str, detail: str, path: str) -> None:
    body = json.dumps(Problem(type=problem_type(slug), title=title, status=status, detail=detail, instance=path).model_dump(exclude_none=True)).encode()
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", PROBLEM_MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class RequestGuard:
    """Refuse bodies over ``max_bytes`` (413) and non-empty, non-JSON bodies on write methods (415)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        path = scope.get("path", "")
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await _send_problem(send, 413, "too-large", "Content too large", f"request bodies are limited to {self.max_bytes} bytes", path)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _send_problem(send, 413, "too-large", "Content too large", f"request bodies are limited to {self.max_bytes} bytes", path)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        media = headers.get("content-type", "").split(";")[0].strip().lower()
        if body and media != "application/json":
            await _send_problem(send, 415, "unsupported-media-type", "Unsupported media type", "send the body as application/json", path)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


