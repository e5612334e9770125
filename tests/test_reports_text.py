"""Reading report files: unreadable files name the file (and line), and web pages lose their chrome."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from binatgraph.reports import ReportReadError, parse_report, read_report_text
from binatgraph.reports import text as text_module
from binatgraph.reports.text import html_to_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reports"


def _read_error(path: Path) -> ReportReadError:
    with pytest.raises(ReportReadError) as caught:
        read_report_text(path)
    return caught.value


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"   \n\t\r\n  \n", "the file is empty"),
        (b"\x00\x01\x02\x03PK\x03\x04" + b"\x00" * 64, "binary file"),
        (b"%PDF-1.7\n" + b"\x00" * 16 + b"1) not really a report\n", "binary file"),
    ],
)
def test_unreadable_file_names_the_file(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    error = _read_error(path)
    assert expected in str(error)
    assert str(error).startswith(f"{path}: ")
    assert error.path == str(path) and error.line is None


@pytest.mark.parametrize("line", [1, 2, 5])
def test_non_utf8_file_points_at_the_line_of_the_bad_byte(tmp_path: Path, line: int) -> None:
    lines = [b"Report | October-December 2024", b"1) Border fair", b"October 4, 2024 Link", b"Vendors met."]
    lines.insert(line - 1, "Caf\u00e9 owners from Nogales joined.".encode("latin-1"))
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"\n".join(lines) + b"\n")
    error = _read_error(path)
    assert error.line == line
    assert f"{path}:{line}: " in str(error)
    assert "not UTF-8" in str(error) and "0xe9" in str(error)


def test_non_utf8_with_windows_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "latin1-crlf.txt"
    path.write_bytes(b"Report | Q4 2024\r\n1) A fair\r\nOctober 4, 2024\r\nSe\xf1ora Ruiz spoke.\r\n")
    error = _read_error(path)
    assert error.line == 4 and f"{path}:4:" in str(error)


def test_non_utf8_line_counts_carriage_returns_like_the_parser(tmp_path: Path) -> None:
    # The parser counts CR, LF and CRLF as line ends; an old Mac file (CR only) must get the same number.
    path = tmp_path / "latin1-cr.txt"
    path.write_bytes(b"Report | Q4 2024\r1) A fair\rOctober 4, 2024\rSe\xf1ora Ruiz spoke.\r")
    error = _read_error(path)
    assert error.line == 4 and f"{path}:4:" in str(error)


def test_a_missing_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.txt"
    error = _read_error(path)
    assert str(error).startswith(f"{path}: ") and "cannot read" in str(error)


def test_utf8_text_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    body = "Report | Q4 2024\n1) Caf\u00e9 owners meet\nOctober 4, 2024\nThey met.\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    text = read_report_text(path)
    assert text.startswith("Report | Q4 2024\n")
    assert "Café owners meet" in text


def test_text_and_markdown_are_returned_unchanged() -> None:
    for name in ("layout-2022.txt", "layout-2023.txt", "variant-unnumbered.txt", "layout-2023.md"):
        path = FIXTURES / name
        assert read_report_text(path) == path.read_text(encoding="utf-8")


def test_a_page_with_no_items_is_an_error_from_the_parser(tmp_path: Path) -> None:
    path = tmp_path / "about.html"
    path.write_text(
        "<html><body><nav><a href='/'>Home</a></nav><main><h1>About the desk</h1>"
        "<p>We follow the institutions shared by two countries.</p>"
        "<p>Write to us with corrections.</p></main></body></html>",
        encoding="utf-8",
    )
    text = read_report_text(path)
    assert text.split("\n") == [
        "About the desk",
        "We follow the institutions shared by two countries.",
        "Write to us with corrections.",
    ]
    with pytest.raises(ReportReadError, match="no report items found") as caught:
        parse_report(text, str(path))
    assert str(caught.value).startswith(f"{path}: ")


def test_a_page_of_nothing_but_chrome(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text(
        "<!DOCTYPE html><html><body><header>Site</header><nav>Menu</nav>"
        "<footer>Contact</footer></body></html>",
        encoding="utf-8",
    )
    error = _read_error(path)
    assert "no readable text" in str(error) and str(path) in str(error)


# --- HTML chrome ---------------------------------------------------------------------------------


def test_page_fixture_keeps_only_the_main_content() -> None:
    text = read_report_text(FIXTURES / "page.html")
    lines = text.split("\n")
    assert lines[:4] == [
        "Report | October-December 2024",
        "This digest follows the commissions, dialogues and agencies through which Mexico and the United "
        "States handle their shared business, from cargo lanes to rivers.",
        "OCTOBER",
        "1) Port Authorities Open a Joint Produce Lane at Pharr",
    ]
    assert lines[4] == "October 4, 2024 Link"
    assert lines[-1].startswith("A common rulebook would let utilities on both sides sell surplus power")
    for chrome in (
        "Quarterly report | Binational desk",  # <title>
        "Binational Desk Online",  # <header>
        "Home page",  # <nav>
        "Reports >",  # role="navigation"
        "Share this item",  # <aside> inside <main>
        "desk@example.org",  # <footer>
        "Unsubscribe",
        "analyticsQueue",  # <script>
        "font-family",  # <style>
    ):
        assert chrome not in text
    assert "<" not in text and "\u00a0" not in text
    assert all(line == line.strip() and line for line in lines)


def test_html_without_main_uses_the_body_and_drops_chrome_roles() -> None:
    page = (
        "<html><head><title>Tab title</title></head><body>"
        "<div role='banner'>Desk banner</div>"
        "<div role='navigation'><a>Menu entry</a></div>"
        "<div role='search'><input>Search the desk</div>"
        "<h2>1) Border fair</h2><p>October 4, 2024 <a href='#'>Link</a></p>"
        "<p>Vendors&nbsp;from   both sides<br>set up stalls.</p>"
        "<div role='contentinfo'>Desk contact line</div>"
        "</body></html>"
    )
    assert html_to_text(page).split("\n") == [
        "1) Border fair",
        "October 4, 2024 Link",
        "Vendors from both sides",
        "set up stalls.",
    ]


def test_article_is_kept_when_there_is_no_main() -> None:
    page = (
        "<body><nav>Menu</nav><article><h2>1) Border fair</h2><p>October 4, 2024</p></article>"
        "<p>Outside the article</p></body>"
    )
    assert html_to_text(page) == "1) Border fair\nOctober 4, 2024"


def test_html_detected_by_content_in_a_txt_file(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_text(
        "\n  <!DOCTYPE html><html><body><nav>Menu entry</nav><main><p>Report | Q4 2024</p>"
        "<h3>1) Border fair</h3><p>October 4, 2024 <a>Link</a></p><p>Vendors met.</p></main></body></html>",
        encoding="utf-8",
    )
    text = read_report_text(path)
    assert text == "Report | Q4 2024\n1) Border fair\nOctober 4, 2024 Link\nVendors met."
    [item] = parse_report(text).items
    assert (item.title, str(item.date), item.link_label, item.body) == (
        "Border fair",
        "2024-10-04",
        "Link",
        "Vendors met.",
    )


def test_htm_suffix_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "saved.htm"
    page = "<div><footer>Contact</footer><p>1) Border fair</p><p>October 4, 2024</p></div>"
    path.write_text(page, encoding="utf-8")
    assert read_report_text(path) == "1) Border fair\nOctober 4, 2024"


def test_an_article_header_is_content_not_chrome() -> None:
    # Blog engines put the post's title in <article><header>; only a page-level header is a banner.
    page = (
        "<html><body><header><nav>Home</nav></header><main><article>"
        "<header><h1>Report | April-June 2024</h1></header>"
        "<h2>APRIL</h2><h3>1) A visit to Laredo</h3><p>On April 3, officials met at the bridge.</p>"
        "</article></main><footer>Contact</footer></body></html>"
    )
    text = html_to_text(page)
    assert text.startswith("Report | April-June 2024\n")
    report = parse_report(text)
    assert str(report.period_start) == "2024-04"
    assert str(report.items[0].date) == "2024-04-03"


# --- input that must not hang or exhaust memory (issue 20, item 12) ------------------------------------


def test_a_device_behind_a_link_is_refused_before_it_is_read(tmp_path: Path) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(ReportReadError, match="not a regular file"):
        read_report_text(link)


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ReportReadError, match="not a regular file"):
        read_report_text(fifo)


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_module, "MAX_BYTES", 100)
    big = tmp_path / "big.txt"
    big.write_text("1) A title\n" + "words " * 50, encoding="utf-8")
    with pytest.raises(ReportReadError, match="more than the 100"):
        read_report_text(big)


def test_html_nested_past_the_limit_is_refused_quickly(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 100_000 + "x" + "</div>" * 100_000 + "</body></html>")
    with pytest.raises(ReportReadError, match="nests elements 100002 deep"):
        read_report_text(page)
