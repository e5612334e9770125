"""Reading a report file into plain text: ``.txt``, Markdown, or a web page saved as HTML.

HTML goes through Beautiful Soup (a long-kept, forgiving HTML parser; with Python's own
``html.parser`` backend it needs no compiled dependency). Page chrome is removed by what the page
says it is: ``nav``, ``header``, ``footer``, ``aside``, ``form``, scripts and styles, and elements
whose ARIA role is navigation, banner or contentinfo; ``main`` or ``article`` is kept when present.
Block elements become lines, so the text has the same shape as a report saved as text.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "ReportReadError",
    "html_to_text",
    "markdown_tables_to_blocks",
    "read_report_text",
]

MAX_BYTES = 20 * 1024 * 1024
"""The largest source file read (a quarterly report is ~50 KB, a saved page a few MB)."""
MAX_DEPTH = 400
"""The deepest element nesting a page may have: real pages stay under ~60; deeper is not a document,
and an HTML tree builder's time grows faster than linearly with it."""
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*?(/?)>")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)

_CHROME_TAGS = ("nav", "header", "footer", "aside", "form", "script", "style", "noscript", "template", "svg")
_CHROME_ROLES = ("navigation", "banner", "contentinfo", "search", "complementary")
_CONTENT_TAGS = ("article", "main", "section")
_BLOCKS = (
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "tr",
    "section",
    "article",
    "blockquote",
)


@dataclass
class ReportReadError(Exception):
    """A report could not be read; the message names the file and, where it applies, the line."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def html_to_text(html: str) -> str:
    """The readable text of a saved web page, one block per line, without navigation or footer.

    >>> page = "<nav>Home | About</nav><main><h2>1) A visit</h2><p>April 3, 2024 <a>Link</a></p></main>"
    >>> html_to_text(page)
    '1) A visit\\nApril 3, 2024 Link'
    """
    from bs4 import BeautifulSoup  # imported here: only HTML input needs it

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(_CHROME_TAGS):
        # an article's own <header>/<footer> (its title, its byline) is content, not page chrome
        if tag.name in ("header", "footer") and tag.find_parent(_CONTENT_TAGS) is not None:
            continue
        tag.decompose()
    for tag in soup.find_all(role=list(_CHROME_ROLES)):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    for block in root.find_all(_BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    lines = (" ".join(line.split()) for line in root.get_text().splitlines())
    return "\n".join(line for line in lines if line)


_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$", re.MULTILINE)
_TITLE_COLUMN = re.compile(r"title|event|name|headline|t[ií]tulo|evento", re.IGNORECASE)
_DATE_COLUMN = re.compile(r"date|when|fecha", re.IGNORECASE)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def markdown_tables_to_blocks(text: str) -> str:
    """Each row of a Markdown table as the lines a report prints for an item: title, date line, the other
    cells as body; columns are recognised by their headers (Title/Event, Date/Fecha), the rest of the text
    is kept as it is.

    >>> table = "| Event | Date | Notes |\\n|---|---|---|\\n| A visit | April 3, 2024 | Met. |\\n"
    >>> print(markdown_tables_to_blocks(table))
    A visit
    April 3, 2024
    Met.
    <BLANKLINE>
    <BLANKLINE>
    """
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if i + 1 < len(lines) and lines[i].strip().startswith("|") and _TABLE_RULE.fullmatch(lines[i + 1]):
            header = _cells(lines[i])
            title = next((k for k, h in enumerate(header) if _TITLE_COLUMN.search(h)), 0)
            date = next((k for k, h in enumerate(header) if _DATE_COLUMN.search(h)), None)
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                row = _cells(lines[i])
                cells = [row[k] if k < len(row) else "" for k in range(len(header))]
                out.append(cells[title])
                if date is not None and cells[date]:
                    out.append(cells[date])
                out.extend(c for k, c in enumerate(cells) if k not in (title, date) and c)
                out.append("")
                i += 1
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def _nesting(html: str) -> int:
    """How deep the page's elements nest, in one pass over its tags (void and self-closed tags aside)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closed = match.groups()
        if name.lower() in _VOID or self_closed:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _regular_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_BYTES`; a device, FIFO or folder is refused
    before it is opened (reading /dev/zero never ends, a FIFO blocks until someone writes)."""
    try:
        info = path.stat()
    except OSError as exc:
        raise ReportReadError(str(path), f"cannot read the file: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device, pipe or socket)"
        raise ReportReadError(str(path), f"{kind}; give a .txt, .md or .html file")
    if info.st_size > MAX_BYTES:
        raise ReportReadError(
            str(path), f"{info.st_size:,} bytes is more than the {MAX_BYTES:,} a source may have"
        )
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ReportReadError(str(path), f"cannot read the file: {exc.strerror or exc}") from exc


def read_report_text(path: Path | str) -> str:
    """The text of a source file; raises :class:`ReportReadError` for anything that is not a readable
    text: not a regular file, too large, empty, binary, not UTF-8, or HTML nested too deep."""
    path = Path(path)
    data = _regular_bytes(path)
    if not data.strip():
        raise ReportReadError(str(path), "the file is empty")
    if b"\x00" in data[:8192]:
        raise ReportReadError(str(path), "this is a binary file, not a text, Markdown or HTML report")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = len(re.findall(rb"\r\n|\r|\n", data[: exc.start])) + 1  # as the parser counts lines
        raise ReportReadError(
            str(path),
            f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); re-save the file as UTF-8",
            line,
        ) from exc
    if "|" in text and _TABLE_RULE.search(text):
        text = markdown_tables_to_blocks(text)
    if path.suffix.lower() in (".html", ".htm") or text.lstrip()[:200].lower().startswith(
        ("<!doctype html", "<html")
    ):
        depth = _nesting(text)
        if depth > MAX_DEPTH:
            raise ReportReadError(
                str(path), f"the page nests elements {depth} deep (at most {MAX_DEPTH}); save it as text"
            )
        text = html_to_text(text)
        if not text.strip():
            raise ReportReadError(str(path), "the page has no readable text")
    return text
