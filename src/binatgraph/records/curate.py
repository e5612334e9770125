"""What finishing a review changes in ``data/``: the new text of each file, written so a diff shows only that.

The gazetteer files are curated by hand (comments, flow-style alias lists, a chosen order), so they
are never re-serialised: a new entity is appended at the end of its kind's file in the same style,
and a spelling merged into a known entity is added to that entity's ``aliases`` line in place. The
report is a new file of its own; ``judgements.yaml`` is written sorted (:mod:`.judgements`). Every
change is checked by reading the new text back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from binatgraph.records.judgements import JUDGEMENTS_FILE, Judgements, Resolved, dump_judgements, inline
from binatgraph.schema.model import Entity, Report

__all__ = ["CurationError", "add_aliases", "append_entities", "plan_changes", "remove_record", "report_text"]


class CurationError(ValueError):
    """A data file could not be changed in place (its text is not laid out as expected)."""


def _flow(key: str, values: Sequence[str]) -> list[str]:
    text = yaml.safe_dump({key: list(values)}, allow_unicode=True, width=110, default_flow_style=None)
    return ["  " + line for line in text.splitlines(keepends=True)]


def append_entities(text: str, entities: Sequence[Entity]) -> str:
    """``text`` (a gazetteer file) with ``entities`` appended in the file's style."""
    if not entities:
        return text
    rows = [e.model_dump(mode="json", exclude_defaults=True) for e in entities]
    block = "".join("- " + "\n  ".join(f"{k}: {inline(v)}" for k, v in row.items()) + "\n" for row in rows)
    if text.strip() in ("", "[]"):
        text = "".join(line for line in text.splitlines(keepends=True) if line.strip() not in ("[]",))
    if text and not text.endswith("\n"):
        text += "\n"
    return text + block


def add_aliases(text: str, entity_id: str, spellings: Sequence[str]) -> str:
    """``text`` with ``spellings`` added to the aliases of ``entity_id`` (its other lines untouched)."""
    lines = text.splitlines(keepends=True)
    start = next(
        (
            n
            for n, line in enumerate(lines)
            if line.rstrip() in (f"- id: {entity_id}", f"- id: '{entity_id}'")
        ),
        None,
    )
    if start is None:
        raise CurationError(f"no record '- id: {entity_id}' at the start of a line")
    end = next(
        (
            n
            for n in range(start + 1, len(lines))
            if not lines[n].startswith((" ", "\t")) or not lines[n].strip()
        ),
        len(lines),
    )
    record = (yaml.safe_load("".join(lines[start:end])) or [{}])[0]
    current = list(record.get("aliases") or [])
    wanted = current + [s for s in spellings if s not in current]
    # the field's lines: `  key:` and its continuation lines (deeper indent)
    fields: list[tuple[str, int, int]] = []
    n = start
    while n < end:
        line = lines[n]
        key = line[2:].split(":", 1)[0] if n == start else line.strip().split(":", 1)[0]
        stop = n + 1
        while stop < end and lines[stop].startswith("    "):
            stop += 1
        fields.append((key if n != start else "id", n, stop))
        n = stop
    new_lines = _flow("aliases", wanted)
    spans = {key: (a, b) for key, a, b in fields}
    if "aliases" in spans:
        a, b = spans["aliases"]
    else:
        after = spans.get("acronym") or spans.get("name") or spans["id"]
        a = b = after[1]
    result = "".join(lines[:a] + new_lines + lines[b:])
    check = [r for r in yaml.safe_load(result) or [] if isinstance(r, dict) and r.get("id") == entity_id]
    if len(check) != 1 or list(check[0].get("aliases") or []) != wanted:
        raise CurationError(f"could not add aliases to '{entity_id}' in place")
    return result


def _record_span(lines: list[str], entity_id: str) -> tuple[int, int] | None:
    ids = (f"- id: {entity_id}", f"- id: '{entity_id}'", f'- id: "{entity_id}"')
    start = next((n for n, line in enumerate(lines) if line.rstrip() in ids), None)
    if start is None:
        return None
    inside = range(start + 1, len(lines))
    end = next(
        (n for n in inside if not lines[n].startswith((" ", "\t")) or not lines[n].strip()), len(lines)
    )
    return start, end


def remove_record(text: str, entity_id: str) -> str:
    """``text`` without the record of ``entity_id`` (the comments around it stay)."""
    lines = text.splitlines(keepends=True)
    span = _record_span(lines, entity_id)
    if span is None:
        raise CurationError(f"no record '- id: {entity_id}' at the start of a line")
    result = "".join(lines[: span[0]] + lines[span[1] :])
    if any(isinstance(r, dict) and r.get("id") == entity_id for r in yaml.safe_load(result) or []):
        raise CurationError(f"could not remove '{entity_id}' in place")
    return result


def report_text(report: Report, source: str | None = None) -> str:
    """A reviewed report as its data file (the machine-specific path of the source left out)."""
    data: dict[str, Any] = report.model_dump(mode="json", exclude_defaults=True)
    data.pop("source_location", None)
    head = f"# Reviewed with `binatgraph review`{f' from {source}' if source else ''}.\n"
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)


def plan_changes(
    data_dir: Path, resolved: Resolved, judgements: Judgements, kinds_of: Mapping[str, str]
) -> dict[Path, str]:
    """Every file of ``data_dir`` a finished review writes, with its new text.

    ``kinds_of`` gives the gazetteer kind (plural) of every known entity that receives an alias.
    """
    changes: dict[Path, str] = {}

    def current(path: Path) -> str:
        if path in changes:
            return changes[path]
        return path.read_text(encoding="utf-8") if path.exists() else ""

    for kind, entities in resolved.proposals.items():
        if entities:
            path = data_dir / "gazetteer" / f"{kind}.yaml"
            changes[path] = append_entities(current(path), entities)
    for entity_id, spellings in resolved.aliases.items():
        path = data_dir / "gazetteer" / f"{kinds_of[entity_id]}.yaml"
        changes[path] = add_aliases(current(path), entity_id, spellings)
    # "the curated gazetteer wins": a reference entity accepted into it leaves the reference
    reference = data_dir / "reference"
    accepted = {e.id for entities in resolved.proposals.values() for e in entities}
    for path in sorted(reference.glob("*.yaml")) if reference.is_dir() else ():
        for entity_id in sorted(accepted):
            if _record_span(current(path).splitlines(keepends=True), entity_id) is not None:
                changes[path] = remove_record(current(path), entity_id)
    report = resolved.report
    changes[data_dir / "reports" / f"{report.id}.yaml"] = report_text(report, report.source_file)
    changes[data_dir / JUDGEMENTS_FILE] = dump_judgements(judgements)
    return changes
