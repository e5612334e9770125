"""Where the graph lives: the ``--store`` setting, parsed into a location, with no engine loaded.

This is the bottom of the store package: the backends (:mod:`.embedded`, :mod:`.sparql`) import it,
never the reverse, and reading a setting costs no database or HTTP library.

A store is chosen by one setting, the ``--store`` option or the ``BINATGRAPH_STORE`` variable:

- a folder path (``.binatgraph/store`` by default): the embedded file-backed store;
- ``memory``: an in-memory store that lives as long as the process (tests, notebooks);
- ``sparql+http://host:port/sparql`` (or ``sparql+https://``): any SPARQL 1.1 endpoint that takes
  queries and updates (Fuseki, GraphDB, Virtuoso, Neptune…); see :mod:`binatgraph.graph.store.sparql`.

>>> StoreLocation.parse("memory").kind
'memory'
>>> loc = parse_sparql("sparql+http://127.0.0.1:8890/sparql?update=http://127.0.0.1:8890/update")
>>> loc.endpoint, loc.update_endpoint, loc.graph
('http://127.0.0.1:8890/sparql', 'http://127.0.0.1:8890/update', 'https://w3id.org/binatgraph/graph')
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = [
    "DEFAULT_GRAPH",
    "DEFAULT_STORE",
    "ENV_VAR",
    "MEMORY",
    "PASSWORD_VAR",
    "SCHEMES",
    "UPDATE_VAR",
    "USER_VAR",
    "StoreError",
    "StoreKind",
    "StoreLocation",
    "describe_sparql",
    "parse_sparql",
]

ENV_VAR = "BINATGRAPH_STORE"
DEFAULT_STORE = Path(".binatgraph") / "store"
MEMORY = ("memory", "memory:")
SCHEMES = ("sparql+http://", "sparql+https://")
DEFAULT_GRAPH = "https://w3id.org/binatgraph/graph"
UPDATE_VAR = "BINATGRAPH_SPARQL_UPDATE"
USER_VAR = "BINATGRAPH_SPARQL_USER"
PASSWORD_VAR = "BINATGRAPH_SPARQL_PASSWORD"

StoreKind = Literal["oxigraph", "memory", "sparql"]


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message says why and what to do."""


@dataclass(frozen=True)
class StoreLocation:
    """Where the graph lives: ``kind`` is ``oxigraph`` (a folder), ``memory`` or ``sparql`` (an endpoint).

    A ``sparql`` location has a query ``endpoint``, an ``update_endpoint`` and the named ``graph``
    it keeps the data in (``None``: the endpoint's default graph).
    """

    kind: StoreKind
    path: Path | None = None
    endpoint: str | None = None
    update_endpoint: str | None = None
    graph: str | None = None

    @classmethod
    def parse(cls, spec: str | os.PathLike[str] | None = None) -> StoreLocation:
        """Read a store setting; ``None`` falls back to ``$BINATGRAPH_STORE``, then the default.

        >>> StoreLocation.parse("/tmp/g").kind, StoreLocation.parse("sparql+http://h/sparql").kind
        ('oxigraph', 'sparql')
        """
        if spec is None:
            spec = os.environ.get(ENV_VAR) or str(DEFAULT_STORE)
        text = str(spec)
        if text in MEMORY:
            return cls("memory")
        if text.startswith(SCHEMES):
            return parse_sparql(text)
        if text.startswith(("http://", "https://")):
            raise StoreError(
                f"store '{text}': a plain http(s) URL is not supported; for a SPARQL 1.1 endpoint (query "
                f"and update) write sparql+{text}, for the embedded store a folder path"
            )
        text = text.removeprefix("oxigraph:")
        return cls("oxigraph", Path(text).expanduser())

    def __str__(self) -> str:
        if self.kind == "sparql":
            return describe_sparql(self)
        return "memory" if self.kind == "memory" else str(self.path)

    @property
    def embedded(self) -> bool:
        """True for the stores that live in this process (a folder or memory)."""
        return self.kind != "sparql"


def _error(message: str) -> StoreError:
    return StoreError(message)


def parse_sparql(text: str) -> StoreLocation:
    """Read a ``sparql+http(s)://`` store setting into a location of kind ``sparql``.

    >>> parse_sparql("sparql+https://db.example.org/sparql#graph=default").graph is None
    True
    >>> str(parse_sparql("sparql+http://h:1/sparql#graph=https://ex.org/g"))
    'sparql+http://h:1/sparql#graph=https://ex.org/g'
    """
    if not text.startswith(SCHEMES):
        raise _error(f"store '{text}': a remote store starts with sparql+http:// or sparql+https://")
    parts = urlsplit(text.removeprefix("sparql+"))
    if not parts.hostname:
        raise _error(f"store '{text}': no host in the endpoint URL")
    if parts.username or parts.password:
        raise _error(
            f"store '{parts.scheme}://{parts.hostname}…': put credentials in ${USER_VAR} and "
            f"${PASSWORD_VAR}, not in the store setting"
        )
    query = parse_qsl(parts.query, keep_blank_values=True)
    update = next((value for key, value in query if key == "update"), None)
    rest = urlencode([(key, value) for key, value in query if key != "update"])
    endpoint = urlunsplit((parts.scheme, parts.netloc, parts.path, rest, ""))
    update = update or os.environ.get(UPDATE_VAR) or endpoint
    update = update.removeprefix("sparql+")
    if not update.startswith(("http://", "https://")):
        raise _error(f"store '{text}': the update endpoint '{update}' is not an http(s) URL")
    graph: str | None = DEFAULT_GRAPH
    fragment = dict(parse_qsl(parts.fragment, keep_blank_values=True))
    if "graph" in fragment:
        graph = None if fragment["graph"] in ("", "default") else fragment["graph"]
        if graph is not None and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$", graph):
            raise _error(f"store '{text}': graph '{graph}' is not an absolute IRI")
    return StoreLocation("sparql", endpoint=endpoint, update_endpoint=update, graph=graph)


def describe_sparql(location: StoreLocation) -> str:
    """The store setting that gives back ``location`` (no credentials: they are never in it)."""
    text = f"sparql+{location.endpoint}"
    if location.update_endpoint and location.update_endpoint != location.endpoint:
        text += ("&" if "?" in text else "?") + urlencode({"update": location.update_endpoint})
    if location.graph != DEFAULT_GRAPH:
        text += f"#graph={location.graph or 'default'}"
    return text
