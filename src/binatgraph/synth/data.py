"""Synthetic data in the ``data/`` format, shaped like this domain, for benchmarks at any size.

Events of every type with 2–6 people, 1–4 organizations, 0–2 institutions, a place and topics;
people whose activity is heavy-tailed (a few officials in many events, most in one or two); posts
that change over time. The same ``events`` and ``seed`` always give the same files. Files are JSON,
which the data loader reads like YAML but an order of magnitude faster at 100k events.

>>> import tempfile
>>> from binatgraph.records.dataset import load_dataset
>>> with tempfile.TemporaryDirectory() as folder:
...     _ = write_synthetic(Path(folder), events=40, seed=1)
...     dataset = load_dataset(folder)
>>> sum(len(r.items) for r in dataset.reports)
40
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from binatgraph.schema.model import Country, EventType, OrgKind, ParticipantRole, Pillar, PlaceKind

__all__ = ["SynthSizes", "write_synthetic"]

_FIRST = [
    "Ana",
    "Luis",
    "Maria",
    "John",
    "Sara",
    "Pedro",
    "Laura",
    "Mark",
    "Elena",
    "David",
    "Rosa",
    "Tom",
    "Julia",
    "Carlos",
    "Emma",
    "Jorge",
    "Lucia",
    "Peter",
    "Sofia",
    "Miguel",
]
_LAST = [
    "Garcia",
    "Smith",
    "Lopez",
    "Johnson",
    "Martinez",
    "Brown",
    "Hernandez",
    "Davis",
    "Gonzalez",
    "Miller",
    "Perez",
    "Wilson",
    "Sanchez",
    "Moore",
    "Ramirez",
    "Taylor",
    "Torres",
    "Clark",
    "Flores",
    "Lewis",
]
_TITLES = [
    "Secretary",
    "Undersecretary",
    "Director",
    "Ambassador",
    "Commissioner",
    "Advisor",
    "Deputy Secretary",
]
_AGENCY = [
    "Trade",
    "Security",
    "Labor",
    "Energy",
    "Water",
    "Health",
    "Migration",
    "Transport",
    "Justice",
    "Finance",
]
_TOPICS = [
    "security",
    "migration",
    "trade",
    "labor",
    "energy",
    "water",
    "health",
    "border",
    "climate",
    "drugs",
    "arms",
    "tourism",
    "investment",
    "development",
    "transport",
    "consular",
    "environment",
    "supply-chains",
]


@dataclass(frozen=True)
class SynthSizes:
    """How many entities a given number of events implies (about 0.3 people per event)."""

    events: int

    @property
    def people(self) -> int:
        return max(20, int(self.events * 0.3))

    @property
    def organizations(self) -> int:
        return max(10, self.events // 100 + 40)

    @property
    def institutions(self) -> int:
        return max(8, min(200, self.events // 500 + 30))

    @property
    def places(self) -> int:
        return max(10, min(2000, self.events // 50 + 50))

    @property
    def reports(self) -> int:
        return max(1, self.events // 250)


def _slug(*parts: object) -> str:
    return "-".join(str(p).lower() for p in parts)


def _gazetteer(rng: random.Random, sizes: SynthSizes) -> dict[str, list[dict[str, Any]]]:
    countries = [Country.US.value, Country.MX.value]
    orgs = [
        {
            "id": _slug("org", i),
            # the name's prefix and the country come from the same index: org-0 is a US agency
            "name": f"{countries[i % 2]} {rng.choice(_AGENCY)} Agency {i}",
            "country": countries[i % 2],
            "kind": OrgKind.GOVERNMENT.value,
        }
        for i in range(sizes.organizations)
    ]
    posts = []
    for org in orgs:
        for title in rng.sample(_TITLES, 3):
            posts.append(
                {
                    "id": _slug("post", org["id"], title.replace(" ", "-")),
                    "name": f"{title} of {org['name']}",
                    "organization": org["id"],
                }
            )
    people = [
        {
            "id": _slug("person", i),
            "name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)} {i}",
            "country": countries[i % 2],
        }
        for i in range(sizes.people)
    ]
    pillars = list(Pillar)
    institutions = [
        {"id": _slug("institution", i), "name": f"Binational Mechanism {i}", "pillar": pillars[i % 4].value}
        for i in range(sizes.institutions)
    ]
    places = [
        {
            "id": _slug("place", i),
            "name": f"City {i}",
            "kind": PlaceKind.CITY.value,
            "country": countries[i % 2],
        }
        for i in range(sizes.places)
    ]
    topics = [{"id": topic, "name": topic.replace("-", " ").capitalize()} for topic in _TOPICS]
    return {
        "people": people,
        "organizations": orgs,
        "institutions": institutions,
        "places": places,
        "topics": topics,
        "posts": posts,
    }


def _posts_by_person(rng: random.Random, people: int, posts: list[dict[str, Any]]) -> list[list[str]]:
    """Each person holds one to three posts over the years, in order (posts change over time)."""
    return [[p["id"] for p in rng.sample(posts, rng.randint(1, 3))] for _ in range(people)]


def write_synthetic(folder: Path, *, events: int, seed: int = 0) -> dict[str, int]:
    """Write ``folder/gazetteer/*.json`` and ``folder/reports/*.json``; return counts per kind."""
    rng = random.Random(seed)
    sizes = SynthSizes(events)
    gazetteer = _gazetteer(rng, sizes)
    career = _posts_by_person(rng, sizes.people, gazetteer["posts"])
    # heavy tail: person k is chosen with weight 1 / (k + 1)^1.1
    cumulative = list(accumulate(1 / (k + 1) ** 1.1 for k in range(sizes.people)))
    types = [t.value for t in EventType]
    (folder / "gazetteer").mkdir(parents=True, exist_ok=True)
    (folder / "reports").mkdir(parents=True, exist_ok=True)
    for kind, records in gazetteer.items():
        (folder / "gazetteer" / f"{kind}.json").write_text(json.dumps(records), encoding="utf-8")
    per_report = -(-events // sizes.reports)
    for r in range(sizes.reports):
        count = min(per_report, events - r * per_report)
        if count <= 0:
            break
        year, quarter = 2010 + (r // 4) % 16, r % 4
        items = [
            _item(rng, i + 1, year, quarter, sizes, gazetteer, career, cumulative, types)
            for i in range(count)
        ]
        report = {
            "id": f"synth-{r:05d}",
            "title": f"Synthetic report {r}",
            "period_start": f"{year}-{3 * quarter + 1:02d}",
            "period_end": f"{year}-{3 * quarter + 3:02d}",
            "layout": "synthetic",
            "items": items,
        }
        (folder / "reports" / f"synth-{r:05d}.json").write_text(json.dumps(report), encoding="utf-8")
    return {kind: len(records) for kind, records in gazetteer.items()} | {"events": events}


def _item(
    rng: random.Random,
    position: int,
    year: int,
    quarter: int,
    sizes: SynthSizes,
    gazetteer: dict[str, list[dict[str, Any]]],
    career: list[list[str]],
    cumulative: list[float],
    types: list[str],
) -> dict[str, Any]:
    month, day = 3 * quarter + rng.randint(1, 3), rng.randint(1, 28)
    people = sorted(set(rng.choices(range(sizes.people), cum_weights=cumulative, k=rng.randint(2, 6))))
    stage = min(2, (year - 2010) // 6)  # later years: later posts in each career
    participants = [
        {
            "person": gazetteer["people"][k]["id"],
            "post": career[k][min(stage, len(career[k]) - 1)],
            "role": rng.choice([r.value for r in ParticipantRole]),
        }
        for k in people
    ]
    orgs = rng.sample(gazetteer["organizations"], rng.randint(1, 4))
    institutions = rng.sample(gazetteer["institutions"], rng.randint(0, 2))
    title = f"Synthetic event {year}-{quarter + 1}-{position}"
    return {
        "position": position,
        "number": position,
        "title": title,
        "event": {
            "type": rng.choice(types),
            "title": title,
            "date": f"{year}-{month:02d}-{day:02d}",
            "places": [rng.choice(gazetteer["places"])["id"]],
            "topics": rng.sample(_TOPICS, rng.randint(1, 3)),
            "participants": participants,
            "organizations": [o["id"] for o in orgs],
            "institutions": [i["id"] for i in institutions],
        },
    }
