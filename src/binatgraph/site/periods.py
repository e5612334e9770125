"""The pages about time: the timeline of events and the brief of one period.

>>> from binatgraph.graph.build import build
>>> from binatgraph.graph.store import StoreLocation, open_graph
>>> from binatgraph.site.pages import Site
>>> memory = StoreLocation.parse("memory")
>>> from pathlib import Path
>>> _ = build(Path(__file__).parents[3] / "data", memory)
>>> with open_graph(memory) as g:
...     found = brief(Site(g), "2023Q2")
>>> found["period"], found["previous"], found["total"] > 0
('2023Q2', '2023Q1', True)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from itertools import combinations
from typing import Any

from binatgraph.analysis.selection import Period, Selection, SelectionError
from binatgraph.graph.rdf import EVENT_CLASS
from binatgraph.schema import ids
from binatgraph.site.pages import PageNotFoundError, Site, fold

__all__ = ["GROUPS", "brief", "previous_quarter", "selection_of", "timeline"]

GROUPS = ("institution", "type")
"""What the timeline groups its rows by."""
DOTS_UP_TO = 1500  # past this many events the timeline draws a count per quarter instead of a dot per event
_EVENT_TYPE = {str(iri): kind.value.replace("_", " ") for kind, iri in EVENT_CLASS.items()}
WIDTH, ROW, LEFT = 900, 26, 230


def selection_of(params: dict[str, str]) -> Selection:
    """A selection from a page's query parameters (``period``, ``type``, ``country``, ``topic``,
    ``institution``; topic and institution as ids or IRIs). Bad values raise ``SelectionError``."""

    def iri(kind: str, value: str) -> str:
        return value if value.startswith("https://") else str(ids.entity(kind, value))

    return Selection.of(
        period=params.get("period") or None,
        types=[t for t in params.get("type", "").split(",") if t],
        countries=[c for c in params.get("country", "").split(",") if c],
        topics=[iri("topic", t) for t in params.get("topic", "").split(",") if t],
        institutions=[iri("institution", i) for i in params.get("institution", "").split(",") if i],
    )


def _quarter_of(date: str) -> str | None:
    return f"{date[:4]}Q{(int(date[5:7]) - 1) // 3 + 1}" if len(date) >= 7 else None


def previous_quarter(label: str) -> str:
    """The quarter before ``label``.

    >>> previous_quarter("2023Q1"), previous_quarter("2023Q3")
    ('2022Q4', '2023Q2')
    """
    year, quarter = int(label[:4]), int(label[5])
    return f"{year - 1}Q4" if quarter == 1 else f"{year}Q{quarter - 1}"


def _events(site: Site, selection: Selection) -> list[dict[str, Any]]:
    """The selected dated events: date, title, type, item, institutions (flat queries, joined here)."""
    classes = " ".join(f"<{iri}>" for iri in EVENT_CLASS.values())
    rows = site.rows(
        "SELECT ?e ?date ?title ?cls ?item WHERE { ?e schema:startDate ?date ; rdfs:label ?title ; a ?cls . "
        f"VALUES ?cls {{ {classes} }} "
        + selection.patterns("?e").replace(
            "?e <https://schema.org/startDate> ?_date .", "BIND(?date AS ?_date)"
        )
        + " OPTIONAL { ?e prov:wasDerivedFrom ?item } }"
    )
    belongs: dict[str, list[str]] = defaultdict(list)
    for row in site.rows(
        "SELECT ?e ?i WHERE { ?e bg:institution ?i . ?e schema:startDate ?date . "
        + selection.patterns("?e").replace(
            "?e <https://schema.org/startDate> ?_date .", "BIND(?date AS ?_date)"
        )
        + " }"
    ):
        belongs[row["e"]].append(row["i"])
    names = site.labels({i for found in belongs.values() for i in found})
    events: dict[str, dict[str, Any]] = {}
    for row in rows:
        events.setdefault(
            row["e"],
            {
                "iri": row["e"],
                "date": row["date"],
                "title": row["title"],
                "item": row.get("item", ""),
                "type": _EVENT_TYPE.get(row["cls"], "event"),
                "institutions": _institutions(belongs.get(row["e"], ()), names),
            },
        )
    return sorted(events.values(), key=lambda e: (e["date"], e["iri"]))


def _institutions(iris: Any, names: dict[str, str]) -> list[dict[str, str]]:
    found = [{"iri": i, "label": names.get(i, i)} for i in dict.fromkeys(iris)]
    return found if len(found) < 2 else sorted(found, key=lambda i: i["label"])


def _day(date: str) -> dt.date:
    if len(date) == 4:
        return dt.date(int(date), 7, 1)
    if len(date) == 7:
        return dt.date(int(date[:4]), int(date[5:7]), 15)
    return dt.date.fromisoformat(date[:10])


def _bar(quarter: str, x: Any) -> tuple[float, float]:
    """Where a quarter's bar starts on the axis ``x`` and how wide it is."""
    period = Period.parse(quarter)
    start = x(period.start)
    return start, max(2.0, x(period.end) - start - 1)


def timeline(site: Site, params: dict[str, str], brief_href: Any = None) -> dict[str, Any]:
    """The selected events on a time axis, one row per institution (or event type).

    Each event is a dot linking to its page, up to :data:`DOTS_UP_TO` events; past that, each row
    shows its count of events per quarter, linking to the quarter's brief.
    """
    group = params.get("group") or "institution"
    if group not in GROUPS:
        raise PageNotFoundError(f"the timeline groups by {' or '.join(GROUPS)}, not '{group}'")
    try:
        selection = selection_of(params)
    except (SelectionError, KeyError, ValueError) as exc:
        raise PageNotFoundError(str(exc)) from exc
    events = _events(site, selection)
    rows: dict[str, dict[str, Any]] = {}
    for event in events:
        keys = (
            [(i["iri"], i["label"]) for i in event["institutions"]] or [("", "no institution")]
            if group == "institution"
            else [(event["type"], event["type"])]
        )
        for key, label in keys:
            rows.setdefault(key, {"key": key, "label": label, "events": []})["events"].append(event)
    ordered = sorted(rows.values(), key=lambda r: (-len(r["events"]), fold(r["label"])))
    drawing: dict[str, Any] = {
        "width": WIDTH,
        "left": LEFT,
        "row": ROW,
        "rows": [],
        "ticks": [],
        "height": 40,
    }
    if events:
        first, last = _day(events[0]["date"]), _day(events[-1]["date"])
        first, last = dt.date(first.year, 1, 1), dt.date(last.year, 12, 31)
        span = (last - first).days or 1

        def x(day: dt.date) -> float:
            return round(LEFT + (WIDTH - LEFT - 10) * (day - first).days / span, 1)

        drawing["ticks"] = [
            {"x": x(dt.date(y, 1, 1)), "label": str(y)} for y in range(first.year, last.year + 1)
        ]
        dots = len(events) <= DOTS_UP_TO
        spans: dict[str, tuple[float, float]] = {}
        for n, row in enumerate(ordered):
            y = 30 + n * ROW
            entry: dict[str, Any] = {
                "label": row["label"],
                "key": row["key"],
                "y": y,
                "count": len(row["events"]),
            }
            if dots:
                entry["dots"] = [
                    {"x": x(_day(e["date"])), "iri": e["iri"], "title": f"{e['date']} · {e['title']}"}
                    for e in row["events"]
                ]
            else:
                per: dict[str, int] = defaultdict(int)
                for e in row["events"]:
                    if len(e["date"]) >= 7:
                        per[f"{e['date'][:4]}Q{(int(e['date'][5:7]) - 1) // 3 + 1}"] += 1
                most = max(per.values(), default=1)
                entry["bars"] = []
                for q, c in sorted(per.items()):
                    if q not in spans:
                        spans[q] = _bar(q, x)
                    entry["bars"].append(
                        {
                            "x": spans[q][0],
                            "width": spans[q][1],
                            "opacity": round(0.2 + 0.8 * c / most, 2),
                            "period": q,
                            "href": brief_href(q) if brief_href else "",
                            "title": f"{q}: {c} events",
                        }
                    )
            drawing["rows"].append(entry)
        drawing["height"] = 40 + len(ordered) * ROW
    return {
        "group": group,
        "selection": selection.describe(),
        "params": {k: v for k, v in params.items() if v},
        "total": len(events),
        "drawing": drawing,
        "dots": len(events) <= DOTS_UP_TO,
        "listed": events[-200:][::-1],
    }


def brief(site: Site, period: str) -> dict[str, Any]:
    """A quarter in brief: its events by institution, people new in it and those gone quiet since the
    quarter before, the largest moves in degree rank against that quarter, and its strongest ties."""
    try:
        chosen = Period.parse(period)
    except SelectionError as exc:
        raise PageNotFoundError(str(exc)) from exc
    if chosen.label[4:5] != "Q":
        raise PageNotFoundError(f"a brief covers a quarter (like 2023Q2), not '{period}'")
    label, previous = chosen.label, previous_quarter(chosen.label)
    events = _events(site, Selection(period=chosen))
    by_institution: dict[str, dict[str, Any]] = {}
    for event in events:
        for inst in event["institutions"] or [{"iri": "", "label": "No institution named"}]:
            by_institution.setdefault(inst["iri"], {**inst, "events": []})["events"].append(event)
    groups = sorted(
        by_institution.values(), key=lambda g: (not g["iri"], -len(g["events"]), fold(g["label"]))
    )

    start = chosen.start.isoformat()
    first: dict[str, str] = {}
    pairs: Counter[tuple[str, str]] = Counter()
    for date, taking_part in site.participations().values():
        for person in taking_part:
            if date and (person not in first or date < first[person]):
                first[person] = date
        if _quarter_of(date) == label:
            for a, b in combinations(sorted(set(taking_part)), 2):
                pairs[(a, b)] += 1
    ranks = site.ranks()
    active_now = {p for p, quarters in ranks.items() if label in quarters}
    active_before = {p for p, quarters in ranks.items() if previous in quarters}
    new_people = {p for p in active_now if first.get(p, "") >= start}
    quiet_people = active_before - active_now
    moves: list[dict[str, Any]] = []
    for person in active_now & active_before:
        now, before = ranks[person][label][0], ranks[person][previous][0]
        if now != before:
            moves.append({"iri": person, "rank": now, "previous": before, "change": before - now})
    moves.sort(key=lambda m: (-abs(m["change"]), m["iri"]))
    moves = moves[:15]
    strongest = sorted(pairs.items(), key=lambda t: (-t[1], t[0]))[:15]
    names = site.labels(
        new_people | quiet_people | {m["iri"] for m in moves} | {p for pair, _ in strongest for p in pair}
    )
    for move in moves:
        move["label"] = names.get(move["iri"], move["iri"])

    def named(found: set[str]) -> list[dict[str, str]]:
        return sorted(({"iri": p, "label": names.get(p, p)} for p in found), key=lambda a: fold(a["label"]))

    new, quiet = named(new_people), named(quiet_people)
    ties = [
        {"a": a, "a_label": names.get(a, a), "b": b, "b_label": names.get(b, b), "events": n}
        for (a, b), n in strongest
    ]
    return {
        "period": label,
        "previous": previous,
        "has_previous": any(q["period"] == previous for q in site.quarters()),
        "start": start,
        "end": chosen.end.isoformat(),
        "total": len(events),
        "groups": groups,
        "new": new,
        "quiet": quiet,
        "moves": moves[:15],
        "ties": ties,
    }
