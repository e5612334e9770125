"""Review judgements: what an analyst decided about a mention, kept as data and replayed by every ingest.

A draft proposes an entity for every name the gazetteer does not know. Reviewing it is a judgement
per proposal: the name is a new entity, it is an entity the gazetteer already has (a merge: the
spelling becomes one of its aliases), it is not an entity at all, or it is one but not in this event.
Judgements live in ``data/judgements.yaml`` beside the curated data, reviewed in diffs like it::

    - mention: Secretaría de Relaciones Exteriores
      kind: organizations
      decision: entity
      entity: mx-foreign-ministry
      context: {report: doc-comunicado-agua-es, item: 1, country: MX, with: [carla-fuentes-rivas]}

``decision`` is ``entity`` (the mention names ``entity``), ``new`` (a new entity, ``entity`` its id,
``record`` the fields the reviewer gave), ``not-an-entity`` or ``not-in-event`` (replayed only for the
same report and item). ``context`` says where the mention was judged: the report, the item, the
country the extractor gave it and the known entities named beside it.

:func:`replay` applies the judgements to a new draft: a proposal whose spelling (case, accents and
punctuation ignored) was judged before, in a context that does not contradict it (same kind, or body
for body; no other country), is resolved the same way; when earlier judgements of the spelling
disagree, the one whose co-mentioned entities overlap most wins, and a tie is asked again. What
is left are the draft's :class:`Question` s. Nothing here knows RDF or the store.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from dataclasses import replace as dc_replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from binatgraph.records.gazetteer import GazetteerIndex, normalize
from binatgraph.schema.kinds import GAZETTEER_KINDS, by_plural
from binatgraph.schema.model import (
    Entity,
    Institution,
    Organization,
    Person,
    Place,
    Post,
    Report,
    Topic,
)

if TYPE_CHECKING:
    from binatgraph.records.dataset import Dataset
    from binatgraph.records.drafts import Draft

__all__ = [
    "JUDGEMENTS_FILE",
    "Candidate",
    "Context",
    "Decision",
    "DraftFolder",
    "Judgement",
    "JudgementError",
    "Judgements",
    "Question",
    "Resolved",
    "candidates",
    "co_mentions",
    "dump_judgements",
    "inline",
    "load_draft_folder",
    "load_judgements",
    "new_record",
    "questions",
    "replay",
    "replay_draft",
    "resolve",
    "save_judgements",
]

JUDGEMENTS_FILE = "judgements.yaml"
"""The file under the data folder that holds the judgements."""

ENTITY_CLASSES: dict[str, type[Entity]] = {
    "people": Person,
    "organizations": Organization,
    "institutions": Institution,
    "places": Place,
    "topics": Topic,
    "posts": Post,
}
PARENT_FIELDS = {
    "organizations": "parent",
    "institutions": "part_of",
    "places": "within",
    "topics": "broader",
    "posts": "organization",
}
"""The field that names an entity's parent, by kind (what the workbench's "parent" sets)."""
BODIES = frozenset({"organizations", "institutions"})

_HEADER = (
    "# Review judgements (`binatgraph review`): a mention in its context → an entity, a new entity, or\n"
    "# not an entity. Every `binatgraph ingest` replays them; remove an entry (or `review --undo`) to undo.\n"
)


class Decision(StrEnum):
    """What a mention was judged to be."""

    ENTITY = "entity"  # a known entity (a merge)
    NEW = "new"  # a new entity
    NOT_AN_ENTITY = "not-an-entity"
    NOT_IN_EVENT = "not-in-event"  # an entity, but not part of this event (this report and item only)


class JudgementError(ValueError):
    """The judgements file cannot be read; the message names the file and the entry."""


@dataclass(frozen=True)
class Context:
    """Where a mention was judged: report, item, the country given to it, the known entities beside it."""

    report: str
    item: int | None = None
    country: str | None = None
    with_: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"report": self.report}
        if self.item is not None:
            out["item"] = self.item
        if self.country:
            out["country"] = self.country
        if self.with_:
            out["with"] = list(self.with_)
        return out


@dataclass(frozen=True)
class Judgement:
    """One decision about one mention."""

    mention: str
    kind: str  # plural kind of the gazetteer: people, organizations, ...
    decision: Decision
    context: Context
    entity: str | None = None
    record: Mapping[str, Any] | None = None  # for a new entity: the fields the reviewer gave

    @property
    def key(self) -> str:
        return normalize(self.mention)

    def outcome(self) -> tuple[str, str | None]:
        return (self.decision.value, self.entity)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"mention": self.mention, "kind": self.kind, "decision": self.decision.value}
        if self.entity:
            out["entity"] = self.entity
        if self.record:
            out["record"] = dict(self.record)
        out["context"] = self.context.as_dict()
        return out


@dataclass
class Judgements:
    """Every judgement of a data folder, in the file's order; looked up by spelling."""

    entries: list[Judgement] = field(default_factory=list)

    def by_mention(self) -> dict[str, list[Judgement]]:
        found: dict[str, list[Judgement]] = defaultdict(list)
        for j in self.entries:
            found[j.key].append(j)
        return found

    def add(self, judgement: Judgement) -> None:
        """Record ``judgement``, replacing an earlier one of the same mention in the same report and item."""
        self.entries = [j for j in self.entries if not _same_place(j, judgement)] + [judgement]

    def undo(self, mention: str, report: str, item: int | None = None) -> list[Judgement]:
        """Remove the judgements of ``mention`` made in ``report`` (and ``item``); return them."""
        gone = [
            j
            for j in self.entries
            if j.key == normalize(mention)
            and j.context.report == report
            and (item is None or j.context.item == item)
        ]
        self.entries = [j for j in self.entries if j not in gone]
        return gone


def _same_place(a: Judgement, b: Judgement) -> bool:
    return (a.key, a.kind, a.context.report, a.context.item) == (
        b.key,
        b.kind,
        b.context.report,
        b.context.item,
    )


# --- the file ------------------------------------------------------------------------------------


def load_judgements(data_dir: Path) -> Judgements:
    """The judgements of ``data_dir`` (none when the file does not exist)."""
    path = Path(data_dir) / JUDGEMENTS_FILE
    if not path.exists():
        return Judgements()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        raise JudgementError(f"{path}: not YAML: {exc}") from exc
    if not isinstance(raw, list):
        raise JudgementError(f"{path}: expected a list of judgements")
    entries = []
    for n, entry in enumerate(raw, 1):
        try:
            entries.append(_parse(entry))
        except (KeyError, TypeError, ValueError) as exc:
            raise JudgementError(f"{path}: judgement {n}: {exc}") from exc
    return Judgements(entries)


def _parse(entry: Any) -> Judgement:
    if not isinstance(entry, dict):
        raise TypeError("expected a mapping")
    unknown = set(entry) - {"mention", "kind", "decision", "entity", "record", "context"}
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}")
    kind = str(entry["kind"])
    if kind not in GAZETTEER_KINDS:
        raise ValueError(f"kind '{kind}' is not one of {', '.join(GAZETTEER_KINDS)}")
    decision = Decision(entry["decision"])
    entity = entry.get("entity")
    if decision in (Decision.ENTITY, Decision.NEW) and not entity:
        raise ValueError(f"a '{decision.value}' judgement needs `entity`")
    ctx = entry.get("context") or {}
    if not isinstance(ctx, dict) or "report" not in ctx:
        raise ValueError("`context` needs at least `report`")
    context = Context(
        report=str(ctx["report"]),
        item=int(ctx["item"]) if ctx.get("item") is not None else None,
        country=str(ctx["country"]) if ctx.get("country") else None,
        with_=tuple(str(i) for i in ctx.get("with") or ()),
    )
    record = entry.get("record")
    if record is not None and not isinstance(record, dict):
        raise TypeError("`record` must be a mapping")
    return Judgement(str(entry["mention"]), kind, decision, context, str(entity) if entity else None, record)


def _sort_key(j: Judgement) -> tuple[str, str, str, int, str]:
    return (j.kind, j.key, j.context.report, j.context.item or 0, j.mention)


def dump_judgements(judgements: Judgements) -> str:
    """The file's text: a header, then the judgements sorted by kind, spelling, report and item, each
    with its keys in one order and ``context`` on one line, so a diff shows only what changed."""
    entries = sorted(judgements.entries, key=_sort_key)
    if not entries:
        return _HEADER + "[]\n"
    parts = []
    for j in entries:
        lines = [f"{key}: {inline(value)}" for key, value in j.as_dict().items()]
        parts.append("- " + "\n  ".join(lines) + "\n")
    return _HEADER + "".join(parts)


def inline(value: Any) -> str:
    """A value on one line, in YAML flow style (quoted where YAML needs it)."""
    text = yaml.safe_dump(value, allow_unicode=True, width=10**6, default_flow_style=True, sort_keys=False)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def save_judgements(data_dir: Path, judgements: Judgements) -> Path:
    """Write ``data_dir/judgements.yaml`` (to a temporary name, then renamed: all or nothing)."""
    path = Path(data_dir) / JUDGEMENTS_FILE
    write_atomic(path, dump_judgements(judgements))
    return path


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- a draft folder --------------------------------------------------------------------------------


@dataclass
class DraftFolder:
    """A draft folder read back: its report, its proposals by kind, and which came from the reference."""

    folder: Path
    report: Report
    proposals: dict[str, list[Entity]]
    from_reference: frozenset[str] = frozenset()

    @property
    def report_path(self) -> Path:
        return self.folder / "reports" / f"{self.report.id}.yaml"


def load_draft_folder(folder: Path) -> DraftFolder:
    """Read ``drafts/<id>/`` as ``binatgraph ingest`` wrote it (one report, gazetteer proposals)."""
    folder = Path(folder)
    reports = sorted((folder / "reports").glob("*.yaml"))
    if len(reports) != 1:
        raise ValueError(f"{folder}: a draft folder holds one report under reports/ (found {len(reports)})")
    report = Report.model_validate(yaml.safe_load(reports[0].read_text(encoding="utf-8")))
    proposals: dict[str, list[Entity]] = {}
    for kind in GAZETTEER_KINDS:
        path = folder / "gazetteer" / f"{kind}.yaml"
        if path.exists():
            rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            proposals[kind] = [ENTITY_CLASSES[kind].model_validate(r) for r in rows]
    reference: set[str] = set()
    review = folder / "REVIEW.md"
    if review.exists():
        for line in review.read_text(encoding="utf-8").splitlines():
            if "from the reference gazetteer proposed:" in line and "(id " in line:
                reference.add(line.rsplit("(id ", 1)[1].rstrip(")").strip())
    return DraftFolder(folder, report, proposals, frozenset(reference))


def write_draft_report(draft: DraftFolder) -> None:
    """Write the draft's report back (after the reviewer fixed an item), keeping the draft's header."""
    path = draft.report_path
    first = path.read_text(encoding="utf-8").splitlines(keepends=True)[:1]
    header = first[0] if first and first[0].startswith("#") else ""
    body = yaml.safe_dump(
        draft.report.model_dump(mode="json", exclude_defaults=True),
        sort_keys=False,
        allow_unicode=True,
        width=110,
    )
    write_atomic(path, header + body)


# --- references in a report ----------------------------------------------------------------------


def _item_refs(item: dict[str, Any], kind: str) -> list[tuple[list[Any], str | None]]:
    """The lists of an item (as JSON) that hold ``kind`` ids; with the key for lists of dicts."""
    event, mentions = item.setdefault("event", {}), item.setdefault("mentions", {})
    if kind == "people":
        return [
            (event.setdefault("participants", []), "person"),
            (mentions.setdefault("people", []), "person"),
        ]
    if kind == "posts":
        return [(event.setdefault("participants", []), "post"), (mentions.setdefault("people", []), "post")]
    if kind in BODIES:
        return [(event.setdefault(kind, []), None), (mentions.setdefault(kind, []), None)]
    if kind in ("places", "topics"):
        return [(event.setdefault(kind, []), None)]
    return []


def item_ids(item: dict[str, Any], kind: str) -> list[str]:
    """The ids of ``kind`` an item (as JSON) names, taking part or mentioned."""
    out: list[Any] = []
    for values, key in _item_refs(item, kind):
        out.extend(v.get(key) if key else v for v in values)
    return [i for i in out if i]


def _rewrite(
    report: Report, kind: str, old: str, new: str | None, new_kind: str | None = None, item: int | None = None
) -> Report:
    """``report`` with ``old`` (of ``kind``) renamed to ``new`` (of ``new_kind``), or dropped when ``new`` is
    None; in every item, or in item ``item`` only."""
    data = report.model_dump(mode="json", exclude_defaults=True)
    new_kind = new_kind or kind
    for entry in data["items"]:
        if item is not None and entry["position"] != item:
            continue
        sections = _item_refs(entry, kind)
        targets = _item_refs(entry, new_kind) if new_kind != kind else sections
        for (values, key), (target, _) in zip(sections, targets, strict=True):
            for value in list(values):
                current = value.get(key) if key else value
                if current != old:
                    continue
                if new is None:
                    if kind == "posts":
                        value["post"] = None
                        value.pop("title", None)
                    else:
                        values.remove(value)
                elif key:
                    value[key] = new
                else:
                    values.remove(value)
                    if new not in target:
                        target.append(new)
        # a person named twice after a merge: keep the first
        for values, _ in _item_refs(entry, "people"):
            seen: set[str] = set()
            for value in list(values):
                if value["person"] in seen:
                    values.remove(value)
                seen.add(value["person"])
    return Report.model_validate(data)


# --- questions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """A proposal of a draft that needs a judgement: its kind, the name as written and its context."""

    kind: str
    mention: str
    proposal: Entity
    context: Context
    items: tuple[int, ...]
    from_reference: bool = False

    @property
    def key(self) -> str:
        """How the CLI and the workbench name it: ``people/carla-fuentes-rivas``."""
        return f"{self.kind}/{self.proposal.id}"


def _country(entity: Entity) -> str | None:
    value = getattr(entity, "country", None)
    text = str(value.value if hasattr(value, "value") else value) if value else None
    return None if text in (None, "other") else text


def questions(
    report: Report, proposals: Mapping[str, Sequence[Entity]], from_reference: Iterable[str] = ()
) -> list[Question]:
    """One question per proposal the report still refers to, in the order of the items."""
    reference = set(from_reference)
    proposed = {e.id for entities in proposals.values() for e in entities}
    out = []
    items = [i.model_dump(mode="json", exclude_defaults=True) for i in report.items]
    for kind in GAZETTEER_KINDS:
        for entity in proposals.get(kind, ()):
            where = [i["position"] for i in items if entity.id in item_ids(i, kind)]
            first = next((i for i in items if i["position"] in where[:1]), None)
            co = sorted(
                {x for k in GAZETTEER_KINDS for x in item_ids(first, k) if x not in proposed}
                if first
                else set()
            )
            context = Context(report.id, where[0] if where else None, _country(entity), tuple(co))
            out.append(Question(kind, entity.name, entity, context, tuple(where), entity.id in reference))
    return sorted(out, key=lambda q: (q.items[:1] or (10**6,), GAZETTEER_KINDS.index(q.kind)))


# --- replay --------------------------------------------------------------------------------------


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def _compatible(j: Judgement, q: Question) -> bool:
    if j.kind != q.kind and not (j.kind in BODIES and q.kind in BODIES):
        return False
    if j.decision == Decision.NOT_IN_EVENT:
        return (j.context.report, j.context.item) == (q.context.report, q.context.item)
    return not (j.context.country and q.context.country and j.context.country != q.context.country)


def _score(j: Judgement, q: Question) -> float:
    same_place = (j.context.report, j.context.item) == (q.context.report, q.context.item)
    return (
        (2.0 if same_place else 0.0)
        + (0.5 if j.kind == q.kind else 0.0)
        + _jaccard(j.context.with_, q.context.with_)
    )


def resolve(
    question: Question, judgements: Judgements, index: GazetteerIndex | None = None
) -> Judgement | None:
    """The judgement that settles ``question``, or None when there is none or the earlier ones disagree."""
    found = [
        j for j in judgements.by_mention().get(normalize(question.mention), []) if _compatible(j, question)
    ]
    if index is not None:  # a merge into an entity the gazetteer no longer has settles nothing
        found = [j for j in found if j.decision != Decision.ENTITY or index.get(j.entity or "") is not None]
    if not found:
        return None
    ranked = sorted(found, key=lambda j: -_score(j, question))
    best = ranked[0]
    rivals = [j for j in ranked[1:] if j.outcome() != best.outcome()]
    if rivals and _score(rivals[0], question) >= _score(best, question):
        return None
    return best


@dataclass
class Resolved:
    """A draft after replay: its report and proposals, what was settled and what is left to ask."""

    report: Report
    proposals: dict[str, list[Entity]]
    applied: list[tuple[Question, Judgement]]
    remaining: list[Question]
    accepted: dict[str, list[Entity]] = field(default_factory=dict)  # new entities, as judged
    aliases: dict[str, list[str]] = field(default_factory=dict)  # known entity id → spellings merged into it


def new_record(q: Question, j: Judgement) -> Entity:
    """The gazetteer record a ``new`` judgement makes of a proposal (the reviewer's fields over it)."""
    base = q.proposal.model_dump(mode="json", exclude_defaults=True)
    fields = {k: v for k, v in dict(j.record or {}).items() if v not in (None, "")}
    kind = str(fields.pop("kind", q.kind))
    kind = kind if kind in ENTITY_CLASSES else q.kind
    parent = fields.pop("parent", None)
    if parent:
        slot = PARENT_FIELDS.get(kind)
        if slot == "part_of":
            fields["part_of"] = [parent]
        elif slot:
            fields[slot] = parent
    merged = {**base, **fields, "id": j.entity}
    cls = ENTITY_CLASSES[kind]
    allowed = set(cls.model_fields)
    return cls.model_validate({k: v for k, v in merged.items() if k in allowed})


def replay(
    report: Report,
    proposals: Mapping[str, Sequence[Entity]],
    judgements: Judgements,
    index: GazetteerIndex | None = None,
    from_reference: Iterable[str] = (),
) -> Resolved:
    """Apply the judgements that settle the draft's proposals; return the draft and what is left.

    A merge renames the proposal to the known entity in every item (and moves it between the
    organizations and institutions of an event when the kinds differ) and remembers the spelling as an
    alias; a new entity keeps its proposal under the judged id and fields; a rejection removes it from
    the items (``not-in-event``: from the judged item only).
    """
    props = {k: list(v) for k, v in proposals.items()}
    applied: list[tuple[Question, Judgement]] = []
    accepted: dict[str, list[Entity]] = {}
    aliases: dict[str, list[str]] = defaultdict(list)
    remaining: list[Question] = []
    for q in questions(report, props, from_reference):
        j = resolve(q, judgements, index)
        if j is None:
            remaining.append(q)
            continue
        target_kind = q.kind
        if j.decision == Decision.NEW and index is not None and index.get(j.entity or "") is not None:
            j = dc_replace(j, decision=Decision.ENTITY)  # accepted earlier and now curated: a known entity
        if j.decision == Decision.ENTITY:
            assert j.entity is not None
            target_kind = (index.kind_of(j.entity) if index is not None else None) or j.kind
            report = _rewrite(report, q.kind, q.proposal.id, j.entity, target_kind)
            props[q.kind] = [e for e in props[q.kind] if e.id != q.proposal.id]
            target = index.get(j.entity) if index is not None else None
            names = {normalize(n) for n in target.names()} if target is not None else set()
            new_spelling = target is not None and normalize(q.mention) not in names
            if new_spelling and q.mention not in aliases[j.entity]:
                aliases[j.entity].append(q.mention)
        elif j.decision == Decision.NEW:
            try:
                record = new_record(q, j)
            except ValueError:  # a record the model refuses (edited by hand): ask again
                remaining.append(q)
                continue
            new_kind = next((k for k, c in ENTITY_CLASSES.items() if type(record) is c), q.kind)
            report = _rewrite(report, q.kind, q.proposal.id, record.id, new_kind)
            props[q.kind] = [e for e in props[q.kind] if e.id != q.proposal.id]
            props.setdefault(new_kind, []).append(record)
            accepted.setdefault(new_kind, []).append(record)
        else:
            item = q.context.item if j.decision == Decision.NOT_IN_EVENT else None
            report = _rewrite(report, q.kind, q.proposal.id, None, item=item)
            still = any(q.proposal.id in item_ids(i.model_dump(mode="json"), q.kind) for i in report.items)
            if not still:
                props[q.kind] = [e for e in props[q.kind] if e.id != q.proposal.id]
        applied.append((q, j))
    # proposals no item refers to any more (a rejected body's posts stay only if used)
    return Resolved(
        report, {k: v for k, v in props.items() if v}, applied, remaining, accepted, dict(aliases)
    )


def replay_draft(
    draft: Draft, judgements: Judgements, index: GazetteerIndex | None = None
) -> tuple[Draft, list[Question]]:
    """``replay`` for a freshly drafted report (what ``binatgraph ingest`` writes): the draft with the
    settled proposals resolved and a note per judgement replayed, and the questions left."""
    resolved = replay(draft.report, draft.proposals, judgements, index)
    notes = [
        *draft.notes,
        *(
            f"judged before: {q.mention} ({by_plural(q.kind).singular}) → {j.decision.value}"
            + (f" {j.entity}" if j.entity else "")
            for q, j in resolved.applied
        ),
    ]
    settled = {q.proposal.id for q, _ in resolved.applied}
    notes = [n for n in notes if not any(f"(id {s})" in n for s in settled)]
    new = dc_replace(draft, report=resolved.report, proposals=resolved.proposals, notes=notes)
    return new, resolved.remaining


# --- candidates for a merge ----------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A known entity a proposal may be: its id, kind, name and why it ranks where it does."""

    id: str
    kind: str
    name: str
    score: float
    name_score: float
    country: bool
    co_mentions: float


def _initials(name: str) -> str:
    small = {"de", "del", "la", "las", "los", "y", "of", "the", "and", "for", "el", "en", "para"}
    return "".join(w[0] for w in normalize(name).split() if w not in small)


def _name_score(mention: str, entity: Entity) -> float:
    m = normalize(mention)
    best = 0.0
    for name in entity.names():
        n = normalize(name)
        if not n:
            continue
        ratio = difflib.SequenceMatcher(None, m, n).ratio()
        words_m, words_n = set(m.split()), set(n.split())
        overlap = len(words_m & words_n) / max(len(words_m | words_n), 1)
        best = max(best, ratio, overlap)
        acronym = getattr(entity, "acronym", None)
        if acronym and _initials(mention) == normalize(acronym):
            best = max(best, 0.9)
        if m == n:
            best = 1.0
    return best


def co_mentions(dataset: Dataset) -> dict[str, set[str]]:
    """For every entity of the curated reports, the entities named in the same items."""
    together: dict[str, set[str]] = defaultdict(set)
    for _, item in dataset.items:
        data = item.model_dump(mode="json")
        ids = {x for k in GAZETTEER_KINDS for x in item_ids(data, k)}
        for x in ids:
            together[x] |= ids - {x}
    return together


def candidates(
    question: Question,
    index: GazetteerIndex,
    together: Mapping[str, set[str]] | None = None,
    limit: int = 5,
) -> list[Candidate]:
    """Known entities ``question`` may name, best first: name similarity over names, aliases and
    acronyms (0.6), the same country (0.2), shared co-mentioned entities (0.2)."""
    kinds = sorted(BODIES) if question.kind in BODIES else [question.kind]
    ranked = []
    for kind in kinds:
        for entity in getattr(index.gazetteer, kind):
            name = _name_score(question.mention, entity)
            if name < 0.3:
                continue
            same_country = bool(question.context.country) and _country(entity) == question.context.country
            shared = _jaccard(question.context.with_, (together or {}).get(entity.id, ()))
            score = 0.6 * name + 0.2 * same_country + 0.2 * min(1.0, shared * 3)
            ranked.append(
                Candidate(
                    entity.id,
                    kind,
                    entity.name,
                    round(score, 3),
                    round(name, 3),
                    same_country,
                    round(shared, 3),
                )
            )
    ranked.sort(key=lambda c: (-c.score, c.id))
    return ranked[:limit]
