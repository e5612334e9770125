"""The store: all-or-nothing replacement, reopening, deterministic export."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from binatgraph.graph.export import serialize
from binatgraph.graph.store import StoreError, StoreLocation, load_dump, open_graph, read_manifest, replace

EX = "http://example.org/"


def _triples(n: int) -> list[tuple[URIRef, URIRef, Literal]]:
    return [(URIRef(f"{EX}s{i}"), URIRef(f"{EX}p"), Literal(f"value {i}")) for i in range(n)]


def _count(location: StoreLocation) -> int:
    with open_graph(location) as graph:
        return len(list(graph.triples((None, None, None))))


def test_replace_then_reopen(tmp_path: Path) -> None:
    location = StoreLocation.parse(tmp_path / "store")
    assert replace(location, _triples(5), {"note": "first"}) == 5
    assert _count(location) == 5
    assert read_manifest(location)["note"] == "first"
    assert read_manifest(location)["triples"] == 5


def test_replace_swaps_the_whole_content(tmp_path: Path) -> None:
    location = StoreLocation.parse(tmp_path / "store")
    replace(location, _triples(5))
    replace(location, _triples(2))
    assert _count(location) == 2
    # the old database folder is gone; only the live one (and the link to it) remain
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == sorted(
        ["store", Path(location.path).resolve().name]  # type: ignore[arg-type]
    )


def test_a_failed_write_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    location = StoreLocation.parse(tmp_path / "store")
    replace(location, _triples(3))
    before = sorted(tmp_path.iterdir())

    def broken() -> Iterator[tuple[URIRef, URIRef, Literal]]:
        yield from _triples(10)
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        replace(location, broken())
    assert _count(location) == 3
    assert sorted(tmp_path.iterdir()) == before


def test_missing_store_says_what_to_do(tmp_path: Path) -> None:
    with (
        pytest.raises(StoreError, match="run `binatgraph build` first"),
        open_graph(StoreLocation.parse(tmp_path / "nothing")),
    ):
        pass


def test_refuses_to_overwrite_a_folder_that_is_not_a_store(tmp_path: Path) -> None:
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "thesis.txt").write_text("do not delete")
    with pytest.raises(StoreError, match="not a binatgraph store"):
        replace(StoreLocation.parse(precious), _triples(1))
    assert (precious / "thesis.txt").read_text() == "do not delete"


def test_store_setting_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BINATGRAPH_STORE", str(tmp_path / "elsewhere"))
    assert StoreLocation.parse().path == tmp_path / "elsewhere"
    assert StoreLocation.parse("memory").kind == "memory"
    with pytest.raises(StoreError, match="not supported"):
        StoreLocation.parse("http://localhost:3030/ds")


def test_ntriples_export_is_sorted_and_stable(tmp_path: Path) -> None:
    first, second = StoreLocation.parse(tmp_path / "a"), StoreLocation.parse(tmp_path / "b")
    replace(first, _triples(50))
    replace(second, reversed(_triples(50)))
    with open_graph(first) as g1, open_graph(second) as g2:
        one, two = serialize(g1, "nt"), serialize(g2, "nt")
    assert one == two
    lines = one.decode().splitlines()
    assert lines == sorted(lines) and len(lines) == 50


def test_memory_store(tmp_path: Path) -> None:
    location = StoreLocation.parse("memory")
    replace(location, _triples(4))
    assert _count(location) == 4


# --- load: an RDF file straight into the bulk loader ------------------------------------------------


def test_load_an_export_gives_the_same_graph(tmp_path: Path) -> None:
    source = StoreLocation.parse(tmp_path / "source")
    replace(source, _triples(7))
    with open_graph(source) as graph:
        (tmp_path / "g.ttl").write_bytes(serialize(graph, "turtle"))
        expected = serialize(graph, "nt")
    target = StoreLocation.parse(tmp_path / "target")
    assert load_dump(target, tmp_path / "g.ttl") == 7
    with open_graph(target) as graph:
        assert serialize(graph, "nt") == expected
    assert read_manifest(target)["loaded_from"] == str(tmp_path / "g.ttl")


def test_a_dump_that_does_not_parse_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    location = StoreLocation.parse(tmp_path / "store")
    replace(location, _triples(3))
    bad = tmp_path / "bad.ttl"
    bad.write_text(f'<{EX}a> <{EX}p> "ok" .\n<{EX}b> <http://ex', "utf-8")
    with pytest.raises(StoreError, match=r"bad\.ttl: .*line 2"):
        load_dump(location, bad)
    assert _count(location) == 3
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("store-") and p != location.path.resolve()]


@pytest.mark.parametrize(
    ("name", "message"),
    [("graph.txt", "unknown RDF file ending; use one of .ttl"), ("gone.ttl", "no such file")],
)
def test_load_refuses_what_it_cannot_read(tmp_path: Path, name: str, message: str) -> None:
    if name.endswith(".txt"):
        (tmp_path / name).write_text("not rdf", "utf-8")
    with pytest.raises(StoreError, match=message):
        load_dump(StoreLocation.parse(tmp_path / "store"), tmp_path / name)
    assert not (tmp_path / "store").exists()


# --- recovery (issue 20, items 7, 8 and 10) --------------------------------------------------------------


def _dead_pid() -> int:
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_build_leaves_nothing_behind_after_the_next(tmp_path: Path) -> None:
    from binatgraph.graph.store.embedded import OWNER

    location = StoreLocation.parse(tmp_path / "store")
    replace(location, _triples(3))
    killed = tmp_path / "store-20260101T000000-abc"  # what a SIGKILL mid-build leaves
    (killed / "oxigraph").mkdir(parents=True)
    (killed / OWNER).write_text(str(_dead_pid()))
    running = tmp_path / "store-20260101T000001-def"  # another build still at work: not ours to touch
    running.mkdir()
    (running / OWNER).write_text(str(os.getpid()))
    unmarked = tmp_path / "store-notes"  # no mark: nothing proves it abandoned
    unmarked.mkdir()
    replace(location, _triples(4))
    assert not killed.exists()
    assert running.exists() and unmarked.exists()
    assert _count(location) == 4


def test_a_full_disk_is_one_line_and_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from binatgraph.graph.store import embedded

    location = StoreLocation.parse(tmp_path / "store")
    replace(location, _triples(3))

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(embedded, "_load_ntriples", full)
    with pytest.raises(StoreError, match=r"no space left on the disk holding .*; nothing was changed"):
        replace(location, _triples(5))
    monkeypatch.undo()
    assert _count(location) == 3
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("store-")) == [
        location.path.resolve().name  # type: ignore[union-attr]
    ]


def test_a_long_lived_reader_can_notice_a_rebuild(tmp_path: Path) -> None:
    from binatgraph.graph.store import generation

    location = StoreLocation.parse(tmp_path / "store")
    replace(location, _triples(2))
    seen = generation(location)
    with open_graph(location) as graph:
        replace(location, _triples(6))
        assert len(list(graph.triples((None, None, None)))) == 2  # the build it opened, as documented
        assert generation(location) != seen  # the signal to reopen
    assert _count(location) == 6
