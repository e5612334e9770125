"""Pages into HTML (the templates of ``site/templates``), Markdown for a brief, and RDF for an IRI.

One set of templates serves both the live site (``binatgraph serve``: links are the IRIs' own paths,
``/id/person/…``) and the static one (``binatgraph site``: relative links to ``.html`` files that
open from disk); :class:`Links` is the only difference. Every page is self-contained: the site's
stylesheet and script are inlined, a Content-Security-Policy allows only that script (by its
SHA-256) and no request to anywhere, and every string from the data is escaped by Jinja.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from binatgraph.schema import ids
from binatgraph.schema.kinds import KINDS
from binatgraph.schema.prefixes import prefix_map, shorten
from binatgraph.schema.vocab import BGR
from binatgraph.site.pages import LISTED_KINDS, NETWORKS, kind_of

__all__ = [
    "RDF_FORMATS",
    "Links",
    "csp",
    "rdf_document",
    "render_markdown",
    "render_page",
]

HERE = Path(__file__).resolve().parent
RDF_FORMATS: dict[str, tuple[str, str]] = {
    "ttl": ("text/turtle; charset=utf-8", "TURTLE"),
    "nt": ("application/n-triples; charset=utf-8", "N_TRIPLES"),
    "jsonld": ("application/ld+json", "JSON_LD"),
}
"""The RDF an IRI answers with: suffix → (media type, pyoxigraph format)."""


@dataclass(frozen=True)
class Links:
    """Where a page's links go.

    ``live``: absolute paths on the server (an IRI's page is its own path). ``static``: relative
    ``.html`` files from a page ``depth`` folders below the site's root. ``absolute``: entities
    link to their IRIs (for a brief written to one file), site pages are left out.

    >>> Links("live").href("https://w3id.org/binatgraph/id/person/ken-salazar")
    '/id/person/ken-salazar'
    >>> Links("static", 2).href("https://w3id.org/binatgraph/id/person/ken-salazar")
    '../../id/person/ken-salazar.html'
    >>> Links("static", 1).page("timeline"), Links("live").page("home")
    ('../timeline.html', '/home')
    """

    mode: str = "live"
    depth: int = 0

    @property
    def root(self) -> str:
        return "../" * self.depth

    def href(self, iri: str) -> str:
        """The link to an IRI's page (the IRI itself when it has no page here)."""
        if not iri.startswith(str(BGR)) or kind_of(iri) is None or self.mode == "absolute":
            return iri
        path = "id/" + iri[len(str(BGR)) :]
        if self.mode == "static":
            return self.root + path + ".html"
        return "/" + path

    def page(self, name: str) -> str:
        """The link to one of the site's own pages (``home``, ``timeline``, ``network/people`` …)."""
        if self.mode == "absolute":
            return ""
        if self.mode == "static":
            return self.root + ("index" if name == "home" else name) + ".html"
        return "/" + name

    def network(self, name: str, params: dict[str, str] | None = None) -> str:
        """A network page, with its filters when live (the static site has one page per view)."""
        base = self.page(f"network/{name}")
        if params and self.mode == "live":
            from urllib.parse import urlencode

            return base + "?" + urlencode(params)
        return base


def depth_of(path: str) -> int:
    """How many folders deep a site path is (``id/person/x`` is 2)."""
    return path.strip("/").count("/")


@functools.cache
def _environment(markdown: bool = False) -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=not markdown,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        kinds=KINDS, listed_kinds=LISTED_KINDS, networks=NETWORKS, shorten=shorten, item_label=item_label
    )
    env.filters["md"] = _markdown_text
    return env


def _markdown_text(value: Any) -> str:
    """Text for a Markdown line: no markup of its own (brackets, pipes, stars, underscores escaped)."""
    text = " ".join(str(value).split())
    for char in "\\`*_[]()<>|#":
        text = text.replace(char, "\\" + char)
    return text


@functools.cache
def _assets() -> dict[str, str]:
    from binatgraph.viz.page import _inline

    return {
        "css": _inline((HERE / "assets" / "site.css").read_text(encoding="utf-8")),
        "js": _inline((HERE / "assets" / "site.js").read_text(encoding="utf-8")),
    }


def _digest(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def csp() -> str:
    """The Content-Security-Policy of every site page: its one script, inline styles, nothing fetched."""
    return (
        f"default-src 'none'; script-src {_digest(_assets()['js'])}; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'self'"
    )


def render_page(template: str, page: dict[str, Any], links: Links, title: str, **extra: Any) -> str:
    """One HTML page of the site from ``templates/<template>``."""
    from binatgraph.viz.page import script_json

    assets = _assets()
    return str(
        _environment()
        .get_template(template)
        .render(
            page=page,
            links=links,
            title=title,
            css=assets["css"],
            js=assets["js"],
            csp=csp(),
            script_json=script_json,
            **extra,
        )
    )


def render_markdown(template: str, page: dict[str, Any], links: Links, title: str) -> str:
    """A page as Markdown (the brief), from ``templates/<template>``."""
    return str(_environment(markdown=True).get_template(template).render(page=page, links=links, title=title))


def rdf_document(triples: list[Any], fmt: str) -> bytes:
    """``triples`` (pyoxigraph) in the format of suffix ``fmt`` (a key of :data:`RDF_FORMATS`)."""
    import pyoxigraph as ox

    format_ = getattr(ox.RdfFormat, RDF_FORMATS[fmt][1])
    prefixes = prefix_map() if fmt == "ttl" else None
    data = ox.serialize(triples, format=format_, prefixes=prefixes)
    assert data is not None  # no output given: the bytes are returned
    return data


def entity_title(page: dict[str, Any]) -> str:
    """The title of an entity page: its label and its kind (``Ken Salazar · Person``)."""
    kind = page["kind"]
    name = "Report item" if kind == "item" else KINDS[kind].label
    return f"{page['label']} · {name}"


def item_label(iri: str) -> str:
    """``report-id, item N`` for an item IRI."""
    found = ids.parse_item(iri)
    return f"{found[0]}, item {found[1]}" if found else iri
