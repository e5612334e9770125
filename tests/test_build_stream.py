"""The build reads the data folder one report at a time: located errors, all or nothing, flat memory."""

from __future__ import annotations

import gc
import hashlib
import json
import shutil
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from rdflib.term import Node

from binatgraph.graph import build as build_module
from binatgraph.graph.build import build, fingerprint
from binatgraph.graph.store import StoreLocation, open_engine, read_manifest
from binatgraph.records import dataset as dataset_module
from binatgraph.records.dataset import DataError, DataStream, Problem, load_dataset
from binatgraph.schema.model import Report
from binatgraph.synth.data import write_synthetic

FIXTURE_DATA = Path(__file__).resolve().parent / "fixtures" / "data"
FIXTURE_REPORT = "test-2024-h1"
NAMES = ("r1", "r2", "r3", "r4", "r5")


def _several(folder: Path) -> Path:
    """The fixture data with its one report copied under five names (r1 … r5), in that file order."""
    shutil.copytree(FIXTURE_DATA / "gazetteer", folder / "gazetteer")
    (folder / "reports").mkdir()
    text = (FIXTURE_DATA / "reports" / f"{FIXTURE_REPORT}.yaml").read_text(encoding="utf-8")
    for name in NAMES:
        (folder / "reports" / f"{name}.yaml").write_text(
            text.replace(f"id: {FIXTURE_REPORT}", f"id: {name}", 1), encoding="utf-8"
        )
    return folder


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(
        i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in text
    )


def _count(location: StoreLocation) -> int:
    with open_engine(location) as store:
        return len(store)


def _problems(data: Path, location: StoreLocation) -> tuple[Problem, ...]:
    with pytest.raises(DataError) as caught:
        build(data, location, shacl=False)
    return caught.value.problems


def _expected_fingerprint(data: Path) -> str:
    """The data's fingerprint computed here, apart from the code: names and bytes, in path order."""
    digest = hashlib.sha256()
    files = [p for folder in ("gazetteer", "reports") for p in (data / folder).iterdir()]
    for path in sorted(p for p in files if p.suffix in (".yaml", ".yml", ".json")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def test_a_bad_report_between_good_ones_is_located(tmp_path: Path) -> None:
    data = _several(tmp_path / "data")
    bad = data / "reports" / "r3.yaml"
    _replace(bad, "date: 2024-03-10", "date: 2024-03-40")
    [problem] = _problems(data, StoreLocation.parse(tmp_path / "store"))
    assert problem.file == bad
    assert problem.record == "item 2" and problem.field == "event.date"
    line = _line_of(bad, "2024-03-40")
    assert problem.line is not None and line - 3 <= problem.line <= line


def test_every_problem_of_several_bad_files_is_listed(tmp_path: Path) -> None:
    data = _several(tmp_path / "data")
    reports = data / "reports"
    _replace(reports / "r2.yaml", "places: [el-paso]", "places: [nowhere]")
    _replace(reports / "r4.yaml", "date: 2024-03-10", "date: 2024-03-40")
    _replace(reports / "r5.yaml", "id: r5", "id: r1")  # a report id a file before it has
    problems = _problems(data, StoreLocation.parse(tmp_path / "store"))
    found = {(p.file.name, p.record, p.field) for p in problems}
    assert found == {
        ("r2.yaml", "item 2", "event.places[0]"),
        ("r4.yaml", "item 2", "event.date"),
        ("r5.yaml", "report r1", "id"),
    }, [str(p) for p in problems]
    assert all(p.line is not None for p in problems if p.file.name != "r5.yaml")
    # the same problems, in the same order, as reading the whole folder gives
    with pytest.raises(DataError) as whole:
        load_dataset(data)
    assert whole.value.problems == problems


def test_a_failed_build_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    data = _several(tmp_path / "data")
    location = StoreLocation.parse(tmp_path / "store")
    build(data, location, shacl=False)
    before, manifest = _count(location), read_manifest(location)
    (data / "reports" / "r6.yaml").write_text(
        (data / "reports" / "r1.yaml").read_text(encoding="utf-8").replace("id: r1", "id: r6"),
        encoding="utf-8",
    )
    _replace(data / "reports" / "r6.yaml", "topics: [water]", "topics: [fishing]")  # the last file read
    [problem] = _problems(data, location)
    assert problem.file.name == "r6.yaml" and "unknown topic 'fishing'" in str(problem)
    assert _count(location) == before
    assert read_manifest(location) == manifest
    assert location.path is not None
    # no half-built folder is left beside the store
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("store-")] == [
        location.path.resolve().name
    ]


def test_a_gazetteer_problem_fails_before_anything_is_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _several(tmp_path / "data")
    _replace(data / "gazetteer" / "organizations.yaml", "parent: us-state", "parent: us-treasury")
    _replace(data / "reports" / "r3.yaml", "places: [el-paso]", "places: [nowhere]")

    def refuse(*_args: object, **_kwargs: object) -> int:
        raise AssertionError("the store was asked to load")

    monkeypatch.setattr(build_module.embedded, "replace", refuse)
    problems = _problems(data, StoreLocation.parse(tmp_path / "store"))
    messages = [str(p) for p in problems]
    # the gazetteer's problem, and the reports' problems too: one pass fixes everything
    assert any("unknown organization 'us-treasury'" in m for m in messages), messages
    assert any("r3.yaml" in m and "unknown place 'nowhere'" in m for m in messages), messages


def test_the_manifest_lists_what_the_whole_folder_gives(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_synthetic(data, events=1000, seed=3)
    location = StoreLocation.parse(tmp_path / "store")
    result = build(data, location, shacl=False)
    manifest = read_manifest(location)
    ids = [json.loads(p.read_text(encoding="utf-8"))["id"] for p in sorted((data / "reports").glob("*.json"))]
    assert len(ids) > 1
    assert manifest["reports"] == ids and result.report_ids == tuple(ids)
    assert manifest["data_fingerprint"] == _expected_fingerprint(data) == result.fingerprint
    assert manifest["data_fingerprint"] == fingerprint(load_dataset(data))  # the whole-dataset path
    assert result.events == 1000 and manifest["triples"] == result.triples == _count(location)


def test_an_endpoint_gets_the_folder_read_again_with_a_complete_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _several(tmp_path / "data")
    opened: list[Path] = []
    written: dict[str, Any] = {}

    class Counting(DataStream):
        def __init__(self, root: Path | str) -> None:
            opened.append(Path(root))
            super().__init__(root)

    def remote(
        location: StoreLocation, triples: Iterable[tuple[Node, Node, Node]], manifest: dict[str, Any]
    ) -> int:
        count = sum(1 for _ in triples)
        written.update(manifest)  # read after the stream, as sparql.replace does
        return count

    monkeypatch.setattr(build_module, "DataStream", Counting)
    monkeypatch.setattr(build_module, "replace", remote)
    result = build(data, StoreLocation.parse("sparql+http://localhost:1/sparql"), shacl=True)
    assert len(opened) == 2  # SHACL on a first read in memory, then the endpoint from a second read
    assert written["reports"] == list(NAMES) and written["data_fingerprint"] == _expected_fingerprint(data)
    assert result.shacl is not None and result.shacl.conforms and result.events == 3 * len(NAMES)


def _live_reports(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Wrap the per-report reader: each time a file is read, note how many reports are still alive."""
    live: weakref.WeakSet[Report] = weakref.WeakSet()
    seen: list[int] = []
    read = dataset_module.load_report

    def counting(path: Path, data: bytes | None = None) -> tuple[Report | None, Any, list[Problem]]:
        gc.collect()
        seen.append(len(live))
        report, raw, problems = read(path, data)
        if report is not None:
            live.add(report)
        return report, raw, problems

    monkeypatch.setattr(dataset_module, "load_report", counting)
    return seen


def test_the_build_holds_one_report_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    write_synthetic(data, events=2000, seed=5)
    reports = len(list((data / "reports").iterdir()))
    assert reports >= 8
    seen = _live_reports(monkeypatch)
    build(data, StoreLocation.parse(tmp_path / "store"), shacl=False)
    assert len(seen) == reports
    # when a file is read, at most the report before it is still referenced (by the triples under way)
    assert max(seen) <= 1, seen


def test_the_whole_folder_loader_holds_every_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the counter of the test above does see reports kept alive
    data = _several(tmp_path / "data")
    seen = _live_reports(monkeypatch)
    dataset = load_dataset(data)
    assert seen == list(range(len(NAMES))) and len(dataset.reports) == len(NAMES)


def test_a_stream_is_read_once_and_knows_its_fingerprint_at_the_end(tmp_path: Path) -> None:
    data = _several(tmp_path / "data")
    stream = DataStream(data)
    reports = stream.reports()
    first = next(reports)
    assert first.id == "r1" and stream.report_ids == ["r1"] and not stream.finished
    with pytest.raises(RuntimeError):
        _ = stream.fingerprint
    assert [r.id for r in reports] == list(NAMES[1:])
    assert stream.finished and stream.events == 3 * len(NAMES)
    assert stream.fingerprint == _expected_fingerprint(data)
    with pytest.raises(RuntimeError):
        next(stream.reports())


def test_progress_tells_how_far_the_build_got(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _several(tmp_path / "data")
    monkeypatch.setattr(build_module, "PROGRESS_TRIPLES", 50)
    heard: list[str] = []
    build(data, StoreLocation.parse(tmp_path / "store"), shacl=False, progress=heard.append)
    so_far = [m for m in heard if m.endswith("triples so far")]
    assert so_far and so_far[0].startswith("read ")
    assert f"read {len(NAMES)} reports, {3 * len(NAMES)} events" in heard
