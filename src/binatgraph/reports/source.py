"""Which kind of source a text is, and the reader for it: a CBI report, a single document, or a page of
the CBI's Binational Institutional Repository.

>>> detect_kind("REPORT | April - June 2030\\n1) A visit (04.12.30) Learn more\\nOfficials met.\\n"
...             "2) A call (04.20.30) Learn more\\nThey spoke.\\n")
'report'
>>> detect_kind("Readout of a call\\nMarch 3, 2023\\nEarlier today, the two ministers spoke.\\n")
'document'
"""

from __future__ import annotations

import re
from typing import Literal

from binatgraph.reports.document import parse_document
from binatgraph.reports.parse import ParsedReport, parse_report
from binatgraph.reports.text import ReportReadError

__all__ = ["KINDS", "SourceKind", "detect_kind", "parse_source"]

SourceKind = Literal["report", "document", "repository"]
KINDS: tuple[SourceKind, ...] = ("report", "document", "repository")

_REPOSITORY = re.compile(
    r"binational\s+institution(?:al|s)?\s+repository|repositorio\s+(?:institucional\s+)?binacional",
    re.IGNORECASE,
)
_DOCUMENT_MARKS = re.compile(
    r"^\s*date\s+\d{4}|^\s*(?:published|updated|posted)\s*:|"
    r"an official website of the united states government",
    re.IGNORECASE | re.MULTILINE,
)


def detect_kind(text: str) -> SourceKind:
    """Guess the kind of a source from its text (``--kind`` overrides the guess).

    A repository page names the repository in its opening lines; a CBI report splits into two or more
    items (numbered titles, or titles over date lines); anything else is a single document.
    """
    if _REPOSITORY.search(text[:600]):
        return "repository"
    if _DOCUMENT_MARKS.search(text[:800]):
        return "document"
    try:
        parsed = parse_report(text)
    except ReportReadError:
        return "document"
    return "report" if len(parsed.items) >= 2 or parsed.period_start is not None else "document"


def parse_source(text: str, source: str | None = None, kind: SourceKind | None = None) -> ParsedReport:
    """Read ``text`` with the reader for its kind (guessed when ``kind`` is ``None``)."""
    kind = kind or detect_kind(text)
    if kind == "report":
        return parse_report(text, source)
    if kind == "document":
        return parse_document(text, source)
    from binatgraph.reports.repository import parse_repository

    return parse_repository(text, source)
