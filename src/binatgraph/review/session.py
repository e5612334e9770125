"""A review of one or more draft folders against a data folder: what is asked, judging, undoing, fixing
an item, finishing. The command line (``binatgraph review --list/--accept/...``) and the workbench page
call the same functions, so what one records the other sees.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from binatgraph.graph.review_apply import FinishResult, finish_review, recover
from binatgraph.graph.store import StoreLocation
from binatgraph.records.dataset import Dataset, load_dataset
from binatgraph.records.gazetteer import normalize
from binatgraph.records.judgements import (
    PARENT_FIELDS,
    Candidate,
    Decision,
    DraftFolder,
    Judgement,
    Question,
    Resolved,
    candidates,
    co_mentions,
    item_ids,
    load_draft_folder,
    load_judgements,
    new_record,
    replay,
    save_judgements,
    write_draft_report,
)
from binatgraph.schema.kinds import GAZETTEER_KINDS, by_plural
from binatgraph.schema.model import EventType, PartialDate, ReportItem

__all__ = ["ReviewError", "Session", "draft_folders"]


class ReviewError(ValueError):
    """A review request that cannot be done; the message says why."""


def draft_folders(path: Path) -> list[Path]:
    """``path`` itself when it is a draft folder, else the draft folders inside it, sorted."""
    path = Path(path)
    if (path / "reports").is_dir():
        return [path]
    found = sorted(p for p in path.iterdir() if (p / "reports").is_dir()) if path.is_dir() else []
    if not found:
        raise ReviewError(f"{path} is not a draft folder (reports/<id>.yaml) and holds none")
    return found


@dataclass
class Session:
    """The drafts under review, the data folder and the store the review finishes into."""

    drafts: Path
    data: Path
    store: StoreLocation | None = None

    def __post_init__(self) -> None:
        recover(self.data, self.store)
        self._dataset: Dataset | None = None
        self._together: dict[str, set[str]] | None = None

    # --- reading ---------------------------------------------------------------------------------

    @property
    def dataset(self) -> Dataset:
        if self._dataset is None:
            self._dataset = load_dataset(self.data)
        return self._dataset

    def together(self) -> dict[str, set[str]]:
        if self._together is None:
            self._together = co_mentions(self.dataset)
        return self._together

    def folders(self) -> list[Path]:
        return draft_folders(self.drafts)

    def resolved(self, folder: Path) -> tuple[DraftFolder, Resolved]:
        draft = load_draft_folder(folder)
        resolved = replay(
            draft.report,
            draft.proposals,
            load_judgements(self.data),
            self.dataset.index,
            draft.from_reference,
        )
        return draft, resolved

    def status(self) -> list[dict[str, Any]]:
        """Per draft: its report, items, proposals judged (and how) and left."""
        rows = []
        for folder in self.folders():
            draft, resolved = self.resolved(folder)
            rows.append(
                {
                    "draft": str(folder),
                    "report": draft.report.id,
                    "items": len(draft.report.items),
                    "proposals": sum(len(v) for v in draft.proposals.values()),
                    "judged": len(resolved.applied),
                    "left": len(resolved.remaining),
                }
            )
        return rows

    def questions(self) -> list[tuple[str, Question, list[Candidate]]]:
        """What is left to judge, with the known entities each proposal may be (best first)."""
        out = []
        for folder in self.folders():
            draft, resolved = self.resolved(folder)
            for q in resolved.remaining:
                out.append((draft.report.id, q, candidates(q, self.dataset.index, self.together())))
        return out

    def find(self, key: str) -> tuple[Path, DraftFolder, Question]:
        """The open question ``key`` names: ``people/ana-ruiz``, ``<report>:people/ana-ruiz`` or the
        mention itself (case and accents ignored)."""
        report, _, rest = key.rpartition(":") if ":" in key else ("", "", key)
        hits = []
        for folder in self.folders():
            draft = load_draft_folder(folder)
            if report and draft.report.id != report:
                continue
            _, resolved = self.resolved(folder)
            for q in resolved.remaining:
                if rest in (q.key, q.proposal.id) or normalize(rest) == normalize(q.mention):
                    hits.append((folder, draft, q))
        if not hits:
            raise ReviewError(
                f"nothing left to judge is named '{key}'; `binatgraph review DRAFTS --list` lists it"
            )
        if len(hits) > 1:
            names = ", ".join(f"{d.report.id}:{q.key}" for _, d, q in hits)
            raise ReviewError(f"'{key}' names several proposals: {names}; give one of these")
        return hits[0]

    # --- judging ---------------------------------------------------------------------------------

    def judge(
        self,
        key: str,
        decision: Decision,
        entity: str | None = None,
        record: dict[str, Any] | None = None,
    ) -> Judgement:
        """Record a judgement of the open question ``key`` in ``data/judgements.yaml``."""
        _, _, q = self.find(key)
        if decision == Decision.ENTITY and (not entity or self.dataset.index.get(entity) is None):
            raise ReviewError(f"'{entity}' is not an entity of {self.data}/gazetteer")
        if decision == Decision.NEW:
            record = {k: v for k, v in (record or {}).items() if v not in (None, "")}
            kind = str(record.get("kind") or q.kind)
            if kind not in GAZETTEER_KINDS:
                raise ReviewError(f"kind '{kind}' is not one of {', '.join(GAZETTEER_KINDS)}")
            if kind == q.kind:
                record.pop("kind", None)
            parent = record.get("parent")
            if parent and (kind not in PARENT_FIELDS or self.dataset.index.get(str(parent)) is None):
                raise ReviewError(f"parent '{parent}' is not an entity of {self.data}/gazetteer")
            entity = entity or q.proposal.id
            if self.dataset.index.get(entity) is not None:
                raise ReviewError(f"'{entity}' is already an entity: merge into it instead")
        judgements = load_judgements(self.data)
        judgement = Judgement(q.mention, q.kind, decision, q.context, entity, record or None)
        if decision == Decision.NEW:
            try:
                new_record(q, judgement)
            except ValueError as exc:
                raise ReviewError(f"the new entity is not valid: {exc}") from exc
        judgements.add(judgement)
        save_judgements(self.data, judgements)
        return judgement

    def undo(self, key: str) -> list[Judgement]:
        """Remove the judgements made in these drafts of a mention (``<report>:`` narrows to one draft)."""
        report, _, rest = key.rpartition(":") if ":" in key else ("", "", key)
        judgements = load_judgements(self.data)
        gone: list[Judgement] = []
        for folder in self.folders():
            draft = load_draft_folder(folder)
            if report and draft.report.id != report:
                continue
            names = {rest}
            for kind, entities in draft.proposals.items():
                for e in entities:
                    if rest in (f"{kind}/{e.id}", e.id):
                        names.add(e.name)
            for name in names:
                gone.extend(judgements.undo(name, draft.report.id))
        if not gone:
            raise ReviewError(f"no judgement of '{key}' was made in these drafts")
        save_judgements(self.data, judgements)
        return gone

    def fix_item(self, report: str, position: int, changes: dict[str, Any]) -> ReportItem:
        """Change an item of a draft: ``date``, ``end_date``, ``type``, ``title``, ``participants``
        (``[{person, post, role}]``) or ``institutions`` (ids); the draft's report file is rewritten."""
        for folder in self.folders():
            draft = load_draft_folder(folder)
            if draft.report.id != report:
                continue
            data = draft.report.model_dump(mode="json", exclude_defaults=True)
            item = next((i for i in data["items"] if i["position"] == position), None)
            if item is None:
                raise ReviewError(f"{report} has no item {position}")
            event = item["event"]
            for key, value in changes.items():
                if key in ("date", "end_date"):
                    if value in (None, ""):
                        event.pop(key, None)
                    else:
                        try:
                            when = PartialDate.parse(str(value))
                        except ValueError as exc:
                            raise ReviewError(f"{key}: {exc}") from exc
                        event[key] = str(when)
                        if key == "date":  # the reviewer's date, not one read from the text
                            item.pop("date_source", None)
                            item.pop("stated_date", None)
                        _widen_period(data, when)
                elif key == "type":
                    if value not in {t.value for t in EventType}:
                        raise ReviewError(f"unknown event type '{value}'")
                    event["type"] = value
                elif key == "title" and value:
                    event["title"] = str(value)
                elif key in ("participants", "institutions", "organizations"):
                    event[key] = value
                else:
                    raise ReviewError(f"an item's {key} cannot be changed here")
            try:
                draft.report = type(draft.report).model_validate(data)
            except ValueError as exc:
                raise ReviewError(str(exc)) from exc
            write_draft_report(draft)
            return next(i for i in draft.report.items if i.position == position)
        raise ReviewError(f"no draft of report '{report}' under {self.drafts}")

    def finish(self) -> list[FinishResult]:
        """Write every fully judged draft into data/ and the store (each all or nothing)."""
        if self.store is None:
            raise ReviewError("finishing a review needs a store (--store)")
        results = [finish_review(folder, self.data, self.store) for folder in self.folders()]
        self._dataset = self._together = None
        return results

    # --- for the page ----------------------------------------------------------------------------

    def page_state(self, site: str = "") -> dict[str, Any]:
        """Everything the workbench shows: per draft its items (text, mentions), questions, judgements."""
        index = self.dataset.index
        drafts = []
        for folder in self.folders():
            draft, resolved = self.resolved(folder)
            text = _source_text(draft)
            proposals = {e.id: (k, e) for k, v in draft.proposals.items() for e in v}
            open_keys = {q.key for q in resolved.remaining}
            asked = []
            for q in [*resolved.remaining, *(q for q, _ in resolved.applied)]:
                done = next((j for qq, j in resolved.applied if qq.key == q.key), None)
                asked.append(
                    {
                        "key": q.key,
                        "kind": q.kind,
                        "singular": by_plural(q.kind).singular,
                        "mention": q.mention,
                        "proposal": q.proposal.model_dump(mode="json", exclude_defaults=True),
                        "items": list(q.items),
                        "open": q.key in open_keys,
                        "reference": q.from_reference,
                        "judgement": done.as_dict() if done else None,
                        "candidates": [
                            {**c.__dict__, "url": f"{site}/id/{by_plural(c.kind).segment}/{c.id}"}
                            for c in candidates(q, index, self.together())
                        ],
                    }
                )
            items = []
            for item in draft.report.items:
                data = item.model_dump(mode="json", exclude_defaults=True)
                span = item.spans.item if item.spans else None
                passage = text[span.start : span.end] if text is not None and span else item.title
                offset = span.start if text is not None and span else 0
                names: list[tuple[str, str, bool]] = []
                for kind in GAZETTEER_KINDS:
                    for ref in item_ids(data, kind):
                        if ref in proposals:
                            names.append((proposals[ref][1].name, f"{kind}/{ref}", True))
                        elif (known := index.get(ref)) is not None:
                            names.extend((n, f"{kind}/{ref}", False) for n in known.names())
                resolved_item = next((i for i in resolved.report.items if i.position == item.position), item)
                items.append(
                    {
                        "position": item.position,
                        "title": item.title,
                        "text": passage,
                        "offset": offset,
                        "mentions": _find_mentions(passage, names),
                        "record": resolved_item.model_dump(mode="json", exclude_defaults=True),
                    }
                )
            drafts.append(
                {
                    "report": draft.report.id,
                    "title": draft.report.title,
                    "source": draft.report.source_file,
                    "source_found": text is not None,
                    "items": items,
                    "questions": asked,
                    "left": len(resolved.remaining),
                }
            )
        return {
            "drafts": drafts,
            "event_types": [t.value for t in EventType],
            "kinds": list(GAZETTEER_KINDS),
            "left": sum(d["left"] for d in drafts),
        }


def _widen_period(report: dict[str, Any], when: PartialDate) -> None:
    """Stretch the report's period to hold a date the reviewer gave an item."""
    start, end = report.get("period_start"), report.get("period_end")
    if start and when.earliest < PartialDate.parse(start).earliest:
        report["period_start"] = str(when)
    if end and when.latest > PartialDate.parse(end).latest:
        report["period_end"] = str(when)


def _source_text(draft: DraftFolder) -> str | None:
    """The draft's source text when the file is where ingest found it and unchanged."""
    import hashlib

    location, digest = draft.report.source_location, draft.report.source_sha256
    if not location or not Path(location).is_file():
        return None
    raw = Path(location).read_bytes()
    if digest and hashlib.sha256(raw).hexdigest() != digest:
        return None
    from binatgraph.reports import read_report_text

    try:
        return read_report_text(Path(location))
    except Exception:
        return None


def _fold(text: str) -> str:
    """Lower case without accents, one character for one (so offsets carry over)."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in base if not unicodedata.combining(c)) or ch
        out.append(base[0].lower() if len(base[0].lower()) == 1 else ch)
    return "".join(out)


def _find_mentions(passage: str, names: list[tuple[str, str, bool]]) -> list[dict[str, Any]]:
    """Where each name is written in ``passage`` (longest first, no overlaps)."""
    folded = _fold(passage)
    taken: list[tuple[int, int]] = []
    found = []
    for name, key, proposed in sorted(names, key=lambda n: -len(n[0])):
        needle = _fold(name)
        if len(needle) < 2:
            continue
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            before = folded[start - 1] if start else " "
            after = folded[end] if end < len(folded) else " "
            if not before.isalnum() and not after.isalnum() and all(end <= a or start >= b for a, b in taken):
                taken.append((start, end))
                found.append({"start": start, "end": end, "key": key, "proposed": proposed})
            start = folded.find(needle, end)
    return sorted(found, key=lambda m: m["start"])
