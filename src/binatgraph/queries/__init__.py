"""The library of named SPARQL queries: one ``.rq`` file per question analysts ask.

Each file opens with a comment header::

    # title: Who held a post around a date
    # description: People shown in a post by events within 180 days of a date ...
    # param: post (iri, default=post:mx-foreign-secretary) — the post (post:ID or an IRI)

A parameter is a variable of the query's WHERE clause (``?post``), never projected. :func:`prepare`
writes a checked, escaped RDF term where the variable stands, so user input never reaches the
query as text of its own. The prepared text declares its prefixes, so it runs as it is on
any SPARQL 1.1 endpoint.

>>> [q.name for q in load_library()][:3]
['agency-pairs', 'events-in-range', 'events-per-quarter-by-type']
>>> text = prepare(find("mechanism-participants"), {})
>>> "bg:institution <https://w3id.org/binatgraph/id/institution/hled>" in text
True
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from binatgraph.schema.prefixes import PREFIXES, prologue

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = [
    "NamedQuery",
    "QueryError",
    "QueryParam",
    "find",
    "load_library",
    "parse_params",
    "prepare",
    "query_text",
    "resolve",
    "with_prefixes",
]

LIBRARY = Path(__file__).resolve().parent
ParamKind = Literal["iri", "date", "string", "integer"]
_HEADER = re.compile(r"^#\s*(?P<key>title|description|param):\s*(?P<value>.+?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>\w+)\s*\((?P<kind>iri|date|string|integer)(?:,\s*default=(?P<default>[^)]*))?\)\s*[—-]+\s*(?P<description>.+)$"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_IRI_UNSAFE = re.compile(r'[\s<>"{}|^`\\]')
_PREFIXED = re.compile(r"^(?P<prefix>[A-Za-z][\w-]*):(?P<local>[\w.-]*)$")


class QueryError(ValueError):
    """A query cannot be found, prepared or run; the message says what to do."""


@dataclass(frozen=True)
class QueryParam:
    """A parameter a named query declares in a ``# param:`` header line: kind and default."""

    name: str
    kind: ParamKind
    default: str | None
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library: title, description, parameters, its SPARQL text and its file."""

    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    text: str
    path: Path


def _parse(path: Path) -> NamedQuery:
    meta: dict[str, str] = {}
    params: list[QueryParam] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _HEADER.match(line)
        if not match:
            if line.strip() and not line.startswith("#"):
                break
            continue
        if match.group("key") == "param":
            spec = _PARAM.match(match.group("value"))
            if not spec:
                raise QueryError(f"{path}: cannot read the parameter line '{line}'")
            params.append(
                QueryParam(
                    spec.group("name"),
                    cast(ParamKind, spec.group("kind")),  # the pattern admits only these kinds
                    spec.group("default"),
                    spec.group("description"),
                )
            )
        else:
            meta[match.group("key")] = match.group("value")
    return NamedQuery(
        path.stem,
        meta.get("title", path.stem),
        meta.get("description", ""),
        tuple(params),
        path.read_text(encoding="utf-8"),
        path,
    )


@cache
def load_library() -> tuple[NamedQuery, ...]:
    """Every named query, sorted by name."""
    return tuple(_parse(path) for path in sorted(LIBRARY.glob("*.rq")))


def find(name: str) -> NamedQuery:
    """The named query called ``name``; an unknown name lists the closest ones."""
    library = {q.name: q for q in load_library()}
    if name in library:
        return library[name]
    close = difflib.get_close_matches(name, library, n=3, cutoff=0.4)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `binatgraph queries` lists them"
    raise QueryError(f"no named query '{name}'{hint}")


def _valid_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _term(param: QueryParam, value: str) -> str:
    """An RDF term in SPARQL syntax for a parameter value, or QueryError when it is not one."""
    if param.kind == "date":
        if not _DATE.match(value) or not _valid_date(value):
            raise QueryError(f"parameter {param.name}: expected a date as YYYY-MM-DD, got '{value}'")
        return f'"{value}"^^<http://www.w3.org/2001/XMLSchema#date>'
    if param.kind == "integer":
        if not re.fullmatch(r"-?\d+", value):
            raise QueryError(f"parameter {param.name}: expected a whole number, got '{value}'")
        return value
    if param.kind == "string":
        return json.dumps(value)  # a JSON string is a valid SPARQL string literal, escapes included
    return f"<{_iri(param, value)}>"


def iri_value(param: QueryParam, value: str) -> str:
    """The IRI a parameter value spells (an IRI, ``prefix:local`` or a bare id); QueryError otherwise."""
    return _iri(param, value)


def _iri(param: QueryParam, value: str) -> str:
    prefixed = _PREFIXED.match(value)
    if "://" not in value and not prefixed and param.default and ":" in param.default:
        # a bare id takes the prefix of the default: `hled` for an institution parameter
        prefixed = _PREFIXED.match(f"{param.default.split(':', 1)[0]}:{value}")
    if prefixed and "://" not in value:
        namespace = PREFIXES.get(prefixed.group("prefix"))
        if namespace is None:
            raise QueryError(f"parameter {param.name}: unknown prefix '{prefixed.group('prefix')}:'")
        value = f"{namespace}{prefixed.group('local')}"
    if _IRI_UNSAFE.search(value) or "://" not in value:
        raise QueryError(f"parameter {param.name}: '{value}' is not an IRI, a prefixed name or an id")
    return value


def with_prefixes(text: str) -> str:
    """The query with a PREFIX line for each project prefix it does not declare itself.

    >>> text = with_prefixes("SELECT ?p WHERE { ?p a schema:Person }")
    >>> "PREFIX schema: <https://schema.org/>" in text, text.endswith("?p a schema:Person }")
    (True, True)
    """
    return prologue(text)


def _constant(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement for `re.sub` that inserts `text` as it is (no backslash escapes read in it)."""
    return lambda _match: text


def prepare(query: NamedQuery, params: dict[str, str]) -> str:
    """The query text, standalone, with each parameter replaced by its checked RDF term."""
    known = {p.name: p for p in query.params}
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise QueryError(
            f"{query.name} takes no parameter {', '.join(unknown)}; it takes {', '.join(known) or 'none'}"
        )
    text = query.text
    if known:
        where = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
        if where is None:
            raise QueryError(f"{query.path}: no WHERE clause to bind parameters in")
        head, body = text[: where.end()], text[where.end() :]
        for param in known.values():
            value = params.get(param.name, param.default)
            if value is None:
                raise QueryError(f"{query.name} needs the parameter {param.name} ({param.description})")
            # The checked term stands where the variable stood. (A VALUES row would be the textbook
            # way, but Virtuoso drops OPTIONAL rows that filter on a VALUES-bound variable.)
            term = _term(param, value)
            body = re.sub(rf"[?$]{param.name}\b", _constant(term), body)
        text = head + body
    return with_prefixes(text)


_SPARQL_FORM = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", re.IGNORECASE)
_UPDATE_FORM = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)\b[^\n]*\n\s*)*(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"[\w.-]+")  # a named query or a file: no spaces, braces or variables
_FIRST_WORD = re.compile(r"^\s*(?:(?:PREFIX|BASE)\b[^\n]*\n\s*)*([A-Za-z]+)\b", re.IGNORECASE)
_FORMS = {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE", "PREFIX", "BASE"}


def resolve(source: str) -> NamedQuery | str:
    """What a user names as a query: inline SPARQL, a path to an ``.rq`` file (its text), or a library name.

    >>> resolve("SELECT * WHERE { ?s ?p ?o }")
    'SELECT * WHERE { ?s ?p ?o }'
    >>> resolve("undated-events").name
    'undated-events'
    """
    path = Path(source)
    if _UPDATE_FORM.match(source):
        raise QueryError(
            "binatgraph query runs queries, not updates: the graph is rebuilt from data/ by `binatgraph "
            "build` and changed by `binatgraph ingest --apply`; `serve --update-token` takes updates"
        )
    looks_like_text = _SPARQL_FORM.search(source) or not _NAME.fullmatch(source)
    if looks_like_text and not path.is_file() and not source.endswith(".rq"):
        first = _FIRST_WORD.match(source)
        if first and first.group(1).upper() not in _FORMS:
            raise QueryError(
                f"the query starts with '{first.group(1)}': a SPARQL query starts with SELECT, CONSTRUCT, "
                "ASK or DESCRIBE (after any PREFIX lines)"
            )
        return source  # SPARQL text: the engine reports any syntax error with its position
    if source.endswith(".rq") or path.is_file():
        if not path.is_file():
            raise QueryError(f"no such query file: {path}")
        return path.read_text(encoding="utf-8")
    return find(source)


def parse_params(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``name=value`` pairs (as ``binatgraph query --param`` takes them) into a dict.

    >>> parse_params(["from=2023-01-01", " to = 2023-03-31"])
    {'from': '2023-01-01', 'to': '2023-03-31'}
    """
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param takes name=value, got '{pair}'")
        params[name.strip()] = value.strip()
    return params


def query_text(source: str, params: dict[str, str] | None = None, store: ox.Store | None = None) -> str:
    """The runnable text of :func:`resolve`'s ``source``: a named query prepared with ``params``.

    With the ``store`` at hand, an entity parameter may be a name, alias or acronym
    (:func:`binatgraph.queries.names.bind_names`). Inline SPARQL and ``.rq`` files run as written (the
    store supplies the project prefixes), so they take no parameters.
    """
    resolved = resolve(source)
    if isinstance(resolved, NamedQuery):
        if store is not None:
            from binatgraph.queries.names import bind_names

            params = bind_names(store, resolved, params or {})
        return prepare(resolved, params or {})
    if params:
        raise QueryError(
            f"parameters ({', '.join(sorted(params))}) are for named queries; "
            "write the values into the SPARQL text instead"
        )
    return resolved
