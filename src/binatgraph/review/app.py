"""The review workbench as a starlette app: one page, its script and style, and a small JSON API.

Every request that changes something needs the page's token (``X-Review-Token``, a fresh random value
per start) and a loopback ``Host``, so another site open in the same browser cannot judge for the
reviewer. The page loads nothing from elsewhere (Content-Security-Policy: ``default-src 'none'``).
"""

from __future__ import annotations

import html
import json
import secrets
from importlib import resources
from typing import TYPE_CHECKING, Any

from binatgraph.records.judgements import Decision

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

    from binatgraph.review.session import Session

__all__ = ["CSP", "create_review_app"]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="review-token" content="{token}">
<meta name="site" content="{site}">
<title>binatgraph review</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/review.css">
<script src="/assets/review.js" defer></script>
</head><body>
<header><h1>binatgraph review</h1><span id="where"></span><span id="left" aria-live="polite"></span>
<button id="finish" type="button"
 title="Write the records into data/ and the graph into the store (Shift+F)">Finish review</button></header>
<p id="message" role="status"></p>
<main>
<section id="source" aria-label="Source text"></section>
<section id="record" aria-label="Draft record"></section>
</main>
<footer id="keys"><b>Keys</b>: <kbd>j</kbd>/<kbd>k</kbd> next/previous proposal ·
<kbd>n</kbd>/<kbd>p</kbd> next/previous item ·
<kbd>a</kbd> accept as new · <kbd>1</kbd>–<kbd>5</kbd> merge into candidate · <kbd>x</kbd> not an entity ·
<kbd>e</kbd> not in this event · <kbd>u</kbd> undo · <kbd>d</kbd> edit the date ·
<kbd>Shift</kbd>+<kbd>F</kbd> finish</footer>
</body></html>
"""


def _asset(name: str) -> str:
    return resources.files("binatgraph.review").joinpath("assets", name).read_text(encoding="utf-8")


def create_review_app(session: Session, site: str = "", token: str | None = None) -> Starlette:
    """The workbench over ``session``; ``site`` is where candidates' pages are (``/id/<kind>/<id>``)."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Route

    token = token or secrets.token_urlsafe(24)
    headers = {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }

    def _host_ok(request: Request) -> bool:
        host = request.headers.get("host", "").rsplit(":", 1)[0]
        return host in LOOPBACK

    async def page(request: Request) -> Response:
        if not _host_ok(request):
            return Response("the workbench answers on loopback only", 403)
        body = PAGE.format(token=html.escape(token), site=html.escape(site.rstrip("/")))
        return HTMLResponse(body, headers=headers)

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        kinds = {"review.js": "text/javascript", "review.css": "text/css"}
        if name not in kinds:
            return Response("not found", 404)
        return Response(_asset(name), media_type=kinds[name], headers=headers)

    def _state() -> dict[str, Any]:
        return session.page_state(site.rstrip("/"))

    async def state(request: Request) -> Response:
        if not _host_ok(request):
            return Response("forbidden", 403)
        return JSONResponse(_state(), headers=headers)

    async def act(request: Request) -> Response:
        from binatgraph.review.session import ReviewError

        if not _host_ok(request) or not secrets.compare_digest(
            request.headers.get("x-review-token", ""), token
        ):
            return JSONResponse({"error": "missing or wrong review token"}, 403)
        try:
            body = json.loads(await request.body() or b"{}")
        except ValueError:
            return JSONResponse({"error": "the request is not JSON"}, 400)
        action = request.path_params["action"]
        message = ""
        try:
            key = (
                f"{body.get('report', '')}:{body.get('key', '')}"
                if body.get("report")
                else str(body.get("key", ""))
            )
            if action == "judge":
                decision = Decision(body["decision"])
                j = session.judge(key, decision, body.get("entity") or None, body.get("record"))
                message = f"{j.mention}: {j.decision.value}" + (f" {j.entity}" if j.entity else "")
            elif action == "undo":
                gone = session.undo(key)
                message = f"undone: {', '.join(j.mention for j in gone)}"
            elif action == "item":
                item = session.fix_item(str(body["report"]), int(body["position"]), dict(body["changes"]))
                message = f"item {item.position} saved"
            elif action == "finish":
                results = session.finish()
                message = "; ".join(
                    f"{r.report}: {len(r.files)} files written, {r.triples} triples applied" for r in results
                )
            else:
                return JSONResponse({"error": f"unknown action {action}"}, 404)
        except (ReviewError, KeyError, TypeError) as exc:
            return JSONResponse({"error": str(exc)}, 400)
        except ValueError as exc:  # DataError, ShaclError, ReviewIncomplete ... say what to fix
            return JSONResponse({"error": str(exc)}, 400)
        return JSONResponse({"message": message, "state": _state()}, headers=headers)

    return Starlette(
        routes=[
            Route("/", page),
            Route("/assets/{name}", asset),
            Route("/api/state", state),
            Route("/api/{action}", act, methods=["POST"]),
        ]
    )
