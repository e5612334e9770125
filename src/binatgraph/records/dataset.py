"""Reading the curated data folder into validated records.

``data/`` holds a gazetteer (``data/gazetteer/<kind>.yaml``, one list of entities per kind) and one
file per report (``data/reports/<id>.yaml``). Files may be YAML or JSON. Loading validates every
record against :mod:`binatgraph.schema.model`, then checks what no single record can: that every id a
record points to exists, and that no name is claimed by two entities. All problems are collected
and raised together, each with its file, line, record and field, so a curator fixes them in one pass.

:class:`DataStream` reads the same folder one report at a time (the gazetteer up front), so a build
holds one report in memory however many there are; :func:`load_dataset` is that stream kept whole.

>>> from pathlib import Path
>>> ds = load_dataset(Path(__file__).parents[3] / "tests" / "fixtures" / "data")
>>> [report.id for report in ds.reports], ds.index.kind_of("water-dialogue")
(['test-2024-h1'], 'institutions')
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
from pydantic import BaseModel, ValidationError

from binatgraph.records.gazetteer import GazetteerIndex
from binatgraph.schema.kinds import GAZETTEER_KINDS, EntityKind, by_plural
from binatgraph.schema.model import (
    Entity,
    Gazetteer,
    Institution,
    Organization,
    Person,
    Place,
    Post,
    Report,
    ReportItem,
    Topic,
)

__all__ = ["DataError", "DataStream", "Dataset", "Problem", "load_dataset", "load_gazetteer", "load_report"]

DATA_SUFFIXES = (".yaml", ".yml", ".json")


# --- errors ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located as precisely as the input allows."""

    file: Path
    message: str
    line: int | None = None
    record: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        what = " → ".join(part for part in (self.record, self.field) if part)
        return f"{where}: {what}: {self.message}" if what else f"{where}: {self.message}"


class DataError(ValueError):
    """The data folder does not validate; ``problems`` lists every reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the data:\n{lines}")


# --- YAML with line numbers ----------------------------------------------------------------------


class _LineDict(dict[str, Any]):
    line: int = 0


class _LineList(list[Any]):
    line: int = 0


class _LineLoader(yaml.SafeLoader):
    """A safe loader whose mappings and sequences remember the line they start on.

    Dates stay strings: YAML's own timestamp parsing fails on 2022-02-30 with no line to report,
    while the model's date type checks them with the record and field in the message.
    """


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    # YAML keeps the last of two equal keys without a word: a second `date:` silently moved an event
    seen: dict[object, int] = {}
    for key_node, _ in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"the key '{key}' appears twice in one record (first on line {seen[key]}); keep one",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line + 1
    # YAML allows any key; a non-text key reaches the models, which report it
    result = _LineDict(cast("dict[str, Any]", loader.construct_mapping(node, deep=True)))
    result.line = node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _LineList:
    result = _LineList(loader.construct_sequence(node, deep=True))
    result.line = node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _read(path: Path, data: bytes | None = None) -> Any:
    """Parse a YAML or JSON file (or its bytes, already read); a syntax error becomes a located
    :class:`Problem`."""
    try:
        if data is None:
            text = path.read_text(encoding="utf-8")
        else:
            # what read_text gives: universal newlines, so lines are counted as they were
            text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise DataError([Problem(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from exc
    try:
        if path.suffix == ".json":
            return json.loads(text)
        return yaml.load(text, Loader=_LineLoader)
    except json.JSONDecodeError as exc:
        raise DataError([Problem(path, f"invalid JSON: {exc.msg}", line=exc.lineno)]) from exc
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise DataError([Problem(path, f"invalid YAML: {exc.problem}", line=line)]) from exc


def _line_at(raw: Any, loc: Iterable[int | str]) -> int | None:
    """The line of the deepest mapping or sequence along a pydantic error location."""
    line = getattr(raw, "line", None)
    node = raw
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        line = getattr(node, "line", None) or line
    return line


def _field_path(loc: Iterable[int | str]) -> str:
    path = ""
    for key in loc:
        path += f"[{key}]" if isinstance(key, int) else (f".{key}" if path else str(key))
    return path


def _message(error: Any) -> str:
    """pydantic's message without its "Value error, " prefix (our validators' own words follow it)."""
    return str(error["msg"]).removeprefix("Value error, ")


def _validation_problems(
    path: Path, exc: ValidationError, raw: Any, record: str, loc_prefix: tuple[int | str, ...] = ()
) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        problems.append(
            Problem(
                path,
                _message(error),
                line=_line_at(raw, loc_prefix + loc),
                record=record,
                field=_field_path(loc) or None,
            )
        )
    return problems


# --- loading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """A validated gazetteer and the reports that refer to it."""

    gazetteer: Gazetteer
    reports: tuple[Report, ...]
    index: GazetteerIndex = field(repr=False)
    files: tuple[Path, ...] = field(default=(), repr=False)
    root: Path | None = field(default=None, repr=False)  # the data folder, when loaded from one

    @property
    def items(self) -> Iterator[tuple[Report, ReportItem]]:
        for report in self.reports:
            for item in report.items:
                yield report, item


_MODELS: dict[EntityKind, type[Entity]] = {
    "people": Person,
    "organizations": Organization,
    "institutions": Institution,
    "places": Place,
    "topics": Topic,
    "posts": Post,
}


def _data_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in DATA_SUFFIXES and p.is_file())


def _validate_list(
    path: Path, raw: Any, model: type[BaseModel], problems: list[Problem], invalid: set[str]
) -> list[Any]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(Problem(path, f"expected a list of records, got {type(raw).__name__}", line=1))
        return []
    records = []
    for position, entry in enumerate(raw):
        name = entry.get("id") if isinstance(entry, dict) else None
        record = f"record {position + 1}" + (f" ({name})" if name else "")
        try:
            records.append(model.model_validate(entry))
        except ValidationError as exc:
            problems.extend(_validation_problems(path, exc, raw, record, (position,)))
            if isinstance(name, str):
                invalid.add(name)  # its own problem is reported; references to it are not
    return records


def load_gazetteer(folder: Path) -> tuple[Gazetteer, list[Problem], set[str]]:
    """Read ``<folder>/<kind>.yaml`` for each entity kind.

    Returns the valid records, the problems, and the ids of records that failed validation (so
    that references to them are not reported a second time as unknown).
    """
    problems: list[Problem] = []
    invalid: set[str] = set()
    by_kind: dict[str, list[Entity]] = {kind: [] for kind in GAZETTEER_KINDS}
    known = {p.stem for p in _data_files(folder)}
    for stray in sorted(known - set(GAZETTEER_KINDS)):
        problems.append(
            Problem(folder / stray, f"unknown gazetteer file; expected one of {', '.join(GAZETTEER_KINDS)}")
        )
    for kind in GAZETTEER_KINDS:
        for path in (folder / f"{kind}{suffix}" for suffix in DATA_SUFFIXES):
            if path.exists():
                try:
                    raw = _read(path)
                except DataError as exc:
                    problems.extend(exc.problems)
                    invalid.add(f"*{kind}")  # the file is unreadable: none of its ids can be checked
                    continue
                by_kind[kind].extend(_validate_list(path, raw, _MODELS[kind], problems, invalid))
    return Gazetteer(**by_kind), problems, invalid


def load_report(path: Path, data: bytes | None = None) -> tuple[Report | None, Any, list[Problem]]:
    """Read one report file (from ``data``, its bytes, when already read); return the record (None
    when invalid), the raw data and problems."""
    try:
        raw = _read(path, data)
    except DataError as exc:
        return None, None, list(exc.problems)
    try:
        return Report.model_validate(raw), raw, []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            record = f"report {raw.get('id', path.stem)}" if isinstance(raw, dict) else f"report {path.stem}"
            if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int):
                record = _item_label(raw, loc[1])
                field_loc = loc[2:]
            else:
                field_loc = loc
            problems.append(
                Problem(path, _message(error), _line_at(raw, loc), record, _field_path(field_loc) or None)
            )
        return None, raw, problems


def _item_label(raw: Any, index: int) -> str:
    try:
        entry = raw["items"][index]
        number = entry.get("number") or entry.get("position")
    except (KeyError, IndexError, TypeError, AttributeError):
        number = None
    return f"item {number}" if number is not None else f"items[{index}]"


def load_dataset(root: Path | str) -> Dataset:
    """Load and check a whole data folder; raise :class:`DataError` listing every problem.

    Every report is held in memory; a build reads the folder through :class:`DataStream` instead.
    """
    stream = DataStream(root)
    reports = tuple(stream.reports())
    stream.check()
    return Dataset(stream.gazetteer, reports, stream.index, stream.files, stream.root)


class DataStream:
    """A data folder read one report at a time, checked as it goes.

    The gazetteer is read and checked when the stream is made (every report refers to it);
    :meth:`reports` then reads the report files in name order, once, yielding each that passes the
    model after its own checks ran, and keeps no report. The problems found so far, in the order
    :func:`load_dataset` lists them, are in :attr:`problems`; the counts, the report ids and the
    data's :attr:`fingerprint` are complete once :meth:`reports` ran to its end.

    >>> from pathlib import Path
    >>> stream = DataStream(Path(__file__).parents[3] / "tests" / "fixtures" / "data")
    >>> [len(report.items) for report in stream.reports()], stream.report_ids, stream.problems
    ([3], ['test-2024-h1'], [])
    """

    def __init__(self, root: Path | str) -> None:
        root = Path(root)
        if not root.is_dir():
            raise DataError([Problem(root, "no such data folder")])
        self.root = root
        gazetteer_dir = root / "gazetteer"
        self.gazetteer, self._gazetteer_read, self._invalid = load_gazetteer(gazetteer_dir)
        self.index = GazetteerIndex.from_gazetteer(self.gazetteer)
        self._gazetteer_checks = list(
            _check_gazetteer(gazetteer_dir, self.gazetteer, self.index, self._invalid)
        )
        gazetteer_files = tuple(_data_files(gazetteer_dir))
        self.report_files = tuple(_data_files(root / "reports"))
        self.files = gazetteer_files + self.report_files
        self._missing = (
            [] if self.report_files else [Problem(root / "reports", "no report files (*.yaml, *.json)")]
        )
        self._report_read: list[Problem] = []
        self._report_checks: list[Problem] = []
        self.report_ids: list[str] = []
        self.events = 0
        self._started = self._finished = False
        # The fingerprint hashes every file's name and bytes in sorted path order: the gazetteer's
        # folder sorts before reports/, whose files are hashed as they are read (no second read).
        self._digest = hashlib.sha256()
        for path in gazetteer_files:
            self._digest.update(path.name.encode())
            self._digest.update(path.read_bytes())

    @property
    def problems(self) -> list[Problem]:
        """Every problem found so far: the gazetteer's from the start, the reports' as they are read."""
        return [
            *self._gazetteer_read,
            *self._report_read,
            *self._missing,
            *self._gazetteer_checks,
            *self._report_checks,
        ]

    @property
    def failed(self) -> bool:
        """True as soon as any problem was found (cheaper than building :attr:`problems`)."""
        return bool(
            self._gazetteer_read
            or self._report_read
            or self._missing
            or self._gazetteer_checks
            or self._report_checks
        )

    @property
    def finished(self) -> bool:
        """True once :meth:`reports` read every report file."""
        return self._finished

    @property
    def fingerprint(self) -> str:
        """A hash of the data files (names and bytes), the same as a second read would give.

        Known once every report was read; asking before is a mistake in the caller.
        """
        if not self._finished:
            raise RuntimeError("the fingerprint is known once every report was read")
        return self._digest.hexdigest()[:16]

    def check(self) -> None:
        """Raise :class:`DataError` listing every problem found so far, if there is one."""
        if self.failed:
            raise DataError(self.problems)

    def reports(self) -> Iterator[Report]:
        """Each report that passes the model, in file name order, after its checks ran; once only.

        A report with a problem of its own is still yielded when the model accepts it (as
        :func:`load_dataset` would have kept it); a caller that must not use such records looks at
        :attr:`failed` before each.
        """
        if self._started:
            raise RuntimeError("a DataStream is read once; make another to read the folder again")
        self._started = True
        seen: set[str] = set()  # report ids so far: the one check that spans reports
        for path in self.report_files:
            data = path.read_bytes()
            self._digest.update(path.name.encode())
            self._digest.update(data)
            report, raw, problems = load_report(path, data)
            # neither the bytes nor the parsed file stays alive while the caller works on the report
            del data
            self._report_read.extend(problems)
            if report is None:
                del raw
                continue
            self._report_checks.extend(_check_report(path, raw, report, self.index, self._invalid, seen))
            del raw
            self.report_ids.append(report.id)
            self.events += len(report.items)
            yield report
            del report
        self._finished = True


# --- checks across records ----------------------------------------------------------------------


def _unknown(kind: str, ref: str) -> str:
    return f"unknown {by_plural(kind).singular} '{ref}'"


def _unchecked(ref: str, kind: str, invalid: set[str]) -> bool:
    """A reference to a record (or file) that already failed is not reported again."""
    return ref in invalid or f"*{kind}" in invalid


def _check_gazetteer(
    folder: Path, gazetteer: Gazetteer, index: GazetteerIndex, invalid: set[str]
) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for kind in GAZETTEER_KINDS:
        for entity in getattr(gazetteer, kind):
            if entity.id in seen:
                yield Problem(
                    folder / kind, f"id also used by {seen[entity.id]}", record=entity.id, field="id"
                )
            seen[entity.id] = kind
    for name, ids in sorted(index.ambiguous_names().items()):
        yield Problem(
            folder, f"the name '{name}' is claimed by {', '.join(sorted(set(ids)))}", field="aliases"
        )

    # The reference fields of each kind come from the kinds table; a post may sit in an institution
    # (a secretariat's post) as well as in an organization.
    also_accepted: dict[tuple[str, str], set[str | None]] = {("posts", "organization"): {"institutions"}}
    for owner_kind in GAZETTEER_KINDS:
        for attr, target in by_plural(owner_kind).references:
            accepted = {target} | also_accepted.get((owner_kind, attr), set())
            for entity in getattr(gazetteer, owner_kind):
                value = getattr(entity, attr)
                for ref in value if isinstance(value, (list, tuple)) else (value,):
                    if ref is None or _unchecked(ref, target, invalid) or index.kind_of(ref) in accepted:
                        continue
                    yield Problem(
                        folder / owner_kind, _unknown(target, ref), record=entity.id, field=attr
                    )


def _check_report(
    path: Path, raw: Any, report: Report, index: GazetteerIndex, invalid: set[str], seen_reports: set[str]
) -> Iterator[Problem]:
    """What one report gets wrong against the gazetteer, its own period, and the reports before it."""
    if report.id in seen_reports:
        yield Problem(path, "report id used by another file", record=f"report {report.id}", field="id")
    seen_reports.add(report.id)
    for i, item in enumerate(report.items):
        for field_path, kind, ref in _item_references(item):
            if not _unchecked(ref, kind, invalid) and index.kind_of(ref) != kind:
                yield Problem(
                    path,
                    _unknown(kind, ref),
                    line=_line_at(raw, ("items", i)),
                    record=_item_label(raw, i),
                    field=field_path,
                )
        yield from _check_people_once(path, raw, i, item)
        yield from _check_within_period(path, raw, i, report, item)


def _check_within_period(path: Path, raw: Any, i: int, report: Report, item: ReportItem) -> Iterator[Problem]:
    """An item's event happens within the period its report covers (a typo in a year shows here)."""
    date = item.event.date
    if date is None or report.period_start is None or report.period_end is None:
        return
    if date.latest < report.period_start.earliest or date.earliest > report.period_end.latest:
        yield Problem(
            path,
            f"{date} lies outside the report's period {report.period_start}..{report.period_end}",
            line=_line_at(raw, ("items", i)),
            record=_item_label(raw, i),
            field="event.date",
        )


def _item_references(item: ReportItem) -> Iterator[tuple[str, EntityKind, str]]:
    event = item.event
    for j, ref in enumerate(event.places):
        yield f"event.places[{j}]", "places", ref
    for j, ref in enumerate(event.topics):
        yield f"event.topics[{j}]", "topics", ref
    for j, ref in enumerate(event.organizations):
        yield f"event.organizations[{j}]", "organizations", ref
    for j, ref in enumerate(event.institutions):
        yield f"event.institutions[{j}]", "institutions", ref
    for label, refs in (
        ("event.participants", event.participants),
        ("mentions.people", item.mentions.people),
    ):
        for j, person_ref in enumerate(refs):
            yield f"{label}[{j}].person", "people", person_ref.person
            if person_ref.post is not None:
                yield f"{label}[{j}].post", "posts", person_ref.post
    for j, ref in enumerate(item.mentions.organizations):
        yield f"mentions.organizations[{j}]", "organizations", ref
    for j, ref in enumerate(item.mentions.institutions):
        yield f"mentions.institutions[{j}]", "institutions", ref


def _check_people_once(path: Path, raw: Any, i: int, item: ReportItem) -> Iterator[Problem]:
    """A person takes part in an event or is mentioned by its item, once, not both."""
    seen: set[str] = set()
    for person_ref in (*item.event.participants, *item.mentions.people):
        if person_ref.person in seen:
            yield Problem(
                path,
                f"'{person_ref.person}' is listed twice (a person takes part or is mentioned, once)",
                line=_line_at(raw, ("items", i)),
                record=_item_label(raw, i),
                field="event.participants / mentions.people",
            )
        seen.add(person_ref.person)
