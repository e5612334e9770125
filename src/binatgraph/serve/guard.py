"""What the endpoint checks before a request reaches the store: limits, hosts, headers, tokens, queries.

- :class:`Limits`: the largest body, the longest and deepest query, the queue in front of the workers.
- :class:`GuardMiddleware` (ASGI): refuses a ``Host`` the server was not started for (400, against DNS
  rebinding), a body over the cap (413), and adds ``Content-Security-Policy``, ``X-Content-Type-Options:
  nosniff`` and ``Referrer-Policy`` to every response (a page that sets its own policy keeps it, with
  ``frame-ancestors 'none'`` added; an HTML page that declares its policy in a ``<meta>`` gets it as a
  header too).
- :func:`screen_query` refuses an over-long or over-deep query (the engine's parser recurses, and 5,000
  nested braces crash it) and a ``SERVICE`` or ``LOAD`` naming an IRI the operator did not allow, before
  the engine sees it. :func:`bearer` reads ``Authorization: Bearer <token>`` and nothing else;
  :func:`decode` turns a body into text or a 400.

>>> screen_query("SELECT * WHERE { ?s ?p ?o }", Limits()) is None
True
>>> print(screen_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", Limits()))
SERVICE <http://example.org/sparql> is not allowed on this endpoint (the operator can allow it with \
`binatgraph serve --allow-service http://example.org/sparql`)
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "DEFAULT_CSP",
    "GuardMiddleware",
    "Limits",
    "RefusedError",
    "allowed_hosts",
    "bearer",
    "decode",
    "host_allowed",
    "nesting_depth",
    "screen_query",
]

DEFAULT_CSP = (
    "default-src 'self'; connect-src 'self' blob:; img-src 'self' data:; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'; object-src 'none'"
)
"""The policy of every response that does not set its own: everything from this server (and the query
page's own CSV download, a ``blob:`` URL, and its empty ``data:`` icon), no framing."""
_LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


@dataclass(frozen=True)
class Limits:
    """The endpoint's limits (the defaults suit a laptop; ``binatgraph serve`` passes its options)."""

    max_body: int = 1_000_000  # bytes of a request body (413 beyond)
    max_query: int = 100_000  # bytes of a query or update text (400 beyond)
    max_depth: int = 200  # nesting of { ( [ in a query or update (400 beyond)
    max_queue: int | None = None  # requests waiting for a worker (503 beyond); None: 4 per worker
    allow_service: frozenset[str] = field(default_factory=frozenset)  # SERVICE / LOAD IRIs allowed


class RefusedError(Exception):
    """A request the endpoint will not run: its HTTP status and one line saying why."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


# --- query screening ----------------------------------------------------------------------------------

# An IRI as SPARQL writes it (no spaces or <>"{}|^`\ inside), which tells it from a `<` comparison.
_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_NAME = re.compile(
    r"[?$]\w*"  # a variable
    r"|[^\W\d][\w\-.]*:[\w\-.:%\\]*|:[\w\-.:%\\]*"  # a prefixed name or blank node label
    r"|[^\W\d]\w*"  # a keyword (or a bare word)
    r"|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?"  # a number
)


def _tokens(text: str) -> Iterable[tuple[str, str]]:
    """The query's tokens that matter here, in order: ('open'|'close', ch), ('iri', value), ('word', w)
    and ('other', ch); strings and comments are skipped. Linear in the text."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif ch in "'\"":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if len(quote) == 1 and text[j] == "\n":
                    break
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
        elif ch == "<" and (m := _IRI.match(text, i)):
            yield "iri", m.group()[1:-1]
            i = m.end()
        elif ch in "{([":
            yield "open", ch
            i += 1
        elif ch in "})]":
            yield "close", ch
            i += 1
        elif m := _NAME.match(text, i):
            # a keyword, or a variable, prefixed name or number (never a keyword)
            if m.group()[0].isalpha() and ":" not in m.group():
                yield "word", m.group().upper()
            i = m.end()
        elif ch.isspace():
            i += 1
        else:
            yield "other", ch
            i += 1


def nesting_depth(text: str) -> int:
    """The deepest nesting of braces, parentheses and brackets outside strings, IRIs and comments.

    >>> nesting_depth('SELECT * WHERE { FILTER(?x < 3 && ?y = "{{{") { ?s <urn:a> ?o } }')
    2
    """
    depth = deepest = 0
    for kind, _ in _tokens(text):
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(0, depth - 1)
    return deepest


def _allowed(iri: str, allowed: frozenset[str]) -> bool:
    return iri in allowed or any(a.endswith("/") and iri.startswith(a) for a in allowed)


def screen_query(text: str, limits: Limits, *, update: bool = False) -> str | None:
    """Why the endpoint refuses ``text`` before running it (a 400), or None if it may run.

    >>> screen_query("SELECT * WHERE " + "{ " * 300 + "?s ?p ?o" + " }" * 300, Limits())
    'the query nests 300 levels deep; this endpoint allows 200'
    >>> screen_query('SELECT ?service { ?s <urn:x> "SERVICE <http://a>" ; ex:service ?service }', Limits())
    """
    kind = "update" if update else "query"
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_query:
        return f"the {kind} is {size:,} bytes; this endpoint takes at most {limits.max_query:,}"
    depth = 0
    tokens = list(_tokens(text))
    for index, (token, value) in enumerate(tokens):
        if token == "open":
            depth += 1
            if depth > limits.max_depth:
                deepest = nesting_depth(text)
                return f"the {kind} nests {deepest} levels deep; this endpoint allows {limits.max_depth}"
        elif token == "close":
            depth = max(0, depth - 1)
        elif token == "word" and value in ("SERVICE", "LOAD"):
            following = tokens[index + 1 : index + 3]
            if following and following[0] == ("word", "SILENT"):
                following = following[1:]
            target = following[0][1] if following and following[0][0] == "iri" else None
            if target is not None and _allowed(target, limits.allow_service):
                continue
            where = f"<{target}>" if target is not None else "(an endpoint not written as a full IRI)"
            flag = f" {target}" if target is not None else " URL"
            return (
                f"{value} {where} is not allowed on this endpoint (the operator can allow it with "
                f"`binatgraph serve --allow-service{flag}`)"
            )
    return None


# --- tokens and bodies --------------------------------------------------------------------------------


def bearer(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header; None if there is no header.

    Anything else (a bare token, another scheme, non-ASCII bytes) is :class:`RefusedError` (400 or 401).

    >>> bearer("Bearer s3cret")
    's3cret'
    >>> bearer("s3cret")
    Traceback (most recent call last):
    ...
    binatgraph.serve.guard.RefusedError: SPARQL Update needs `Authorization: Bearer <token>`
    """
    if header is None:
        return None
    if not header.isascii():
        raise RefusedError(400, "the Authorization header must be ASCII: `Authorization: Bearer <token>`")
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise RefusedError(
            401,
            "SPARQL Update needs `Authorization: Bearer <token>`",
            {"WWW-Authenticate": 'Bearer realm="binatgraph"'},
        )
    return token.strip()


def decode(body: bytes, what: str = "query") -> str:
    """A request body as text: UTF-8, else :class:`RefusedError` (400) saying where it is not.

    >>> decode(b"ASK {}")
    'ASK {}'
    >>> decode(b"ASK { \\xff }")
    Traceback (most recent call last):
    ...
    binatgraph.serve.guard.RefusedError: the query is not UTF-8 (byte 6); send it encoded as UTF-8
    """
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"the {what} is not UTF-8 (byte {exc.start}); send it encoded as UTF-8"
        raise RefusedError(400, message) from None


# --- hosts, body cap and headers ----------------------------------------------------------------------


def allowed_hosts(host: str, port: int | None, extra: Iterable[str] = ()) -> frozenset[str]:
    """The ``Host`` values a server listening on ``host:port`` answers: its loopback names when it listens
    on loopback (or everywhere), the address it listens on, and the operator's ``extra`` ones (a name
    without a port allows it on any port). A port of None allows any port.

    >>> sorted(allowed_hosts("127.0.0.1", 7878))
    ['127.0.0.1:7878', '[::1]:7878', 'localhost:7878']
    """
    names = set(_LOOPBACK) if host in (*_LOOPBACK, "::1", "0.0.0.0", "::", "") else set()
    if host and host not in ("0.0.0.0", "::"):
        names.add(f"[{host}]" if ":" in host and not host.startswith("[") else host)
    suffix = f":{port}" if port is not None else ":*"
    allowed = {f"{name.lower()}{suffix}" for name in names}
    for value in extra:
        value = value.strip().lower()
        has_port = re.search(r":\d+$", value) is not None
        allowed.add(value if has_port else f"{value}:*")
    return frozenset(allowed)


def host_allowed(value: str | None, allowed: frozenset[str]) -> bool:
    """Whether a request's ``Host`` header is one of ``allowed`` (from :func:`allowed_hosts`).

    >>> ok = allowed_hosts("127.0.0.1", 7878)
    >>> host_allowed("localhost:7878", ok), host_allowed("evil.example:7878", ok), host_allowed(None, ok)
    (True, False, False)
    """
    if not value:
        return False
    value = value.strip().lower()
    if value in allowed:
        return True
    name = value.rsplit(":", 1)[0] if re.search(r":\d+$", value) else value
    return f"{name}:*" in allowed


class _TooLargeError(Exception):
    pass


class GuardMiddleware:
    """ASGI middleware: Host check (400), body cap (413), security headers on every HTTP response."""

    def __init__(self, app: ASGIApp, *, hosts: frozenset[str] | None, max_body: int) -> None:
        self.app, self.hosts, self.max_body = app, hosts, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.hosts is not None and not host_allowed(headers.get("host"), self.hosts):
            await _plain(
                send, 400, "this server does not answer for that Host (see `binatgraph serve --allow-host`)"
            )
            return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            await _plain(send, 413, f"the request body is over {self.max_body:,} bytes")
            return
        started = False
        seen = 0
        held: Message | None = None  # an HTML page's start, held until its body shows its own policy
        chunks: list[bytes] = []

        async def capped_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLargeError
            return message

        async def secured_send(message: Message) -> None:
            nonlocal started, held
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                if _needs_policy_of_body(headers):
                    held = message
                    return
                message["headers"] = _secure(headers)
            elif held is not None and message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = b"".join(chunks)
                held["headers"] = _secure(list(held.get("headers", [])), _meta_policy(body))
                await send(held)
                held = None
                message = {"type": "http.response.body", "body": body}
            await send(message)

        try:
            await self.app(scope, capped_receive, secured_send)
        except _TooLargeError:
            if started:
                raise
            await _plain(send, 413, f"the request body is over {self.max_body:,} bytes")


_META_POLICY = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="([^"<>]*)"', re.IGNORECASE)


def _needs_policy_of_body(headers: list[tuple[bytes, bytes]]) -> bool:
    """An HTML page without a policy header may declare one in a ``<meta>`` (the network pages do, with
    their inline scripts' hashes): the header then repeats it, so the default does not block them."""
    names = {k.lower(): v for k, v in headers}
    return b"content-security-policy" not in names and names.get(b"content-type", b"").startswith(
        b"text/html"
    )


def _meta_policy(body: bytes) -> bytes | None:
    found = _META_POLICY.search(body, 0, 8192)
    return html.unescape(found[1].decode("latin-1")).encode("latin-1") if found else None


def _secure(headers: list[tuple[bytes, bytes]], policy: bytes | None = None) -> list[tuple[bytes, bytes]]:
    if policy is not None:
        headers = [*headers, (b"content-security-policy", policy)]
    names = {k.lower() for k, _ in headers}
    out = []
    for key, value in headers:
        if key.lower() == b"content-security-policy" and b"frame-ancestors" not in value:
            value = value.rstrip(b"; ") + b"; frame-ancestors 'none'"
        out.append((key, value))
    if b"content-security-policy" not in names:
        out.append((b"content-security-policy", DEFAULT_CSP.encode()))
    if b"x-content-type-options" not in names:
        out.append((b"x-content-type-options", b"nosniff"))
    if b"referrer-policy" not in names:
        out.append((b"referrer-policy", b"no-referrer"))
    return out


async def _plain(send: Send, status: int, text: str) -> None:
    body = (text + "\n").encode()
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": _secure(headers)})
    await send({"type": "http.response.body", "body": body})
