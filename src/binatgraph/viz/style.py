"""How a node looks: fill colour by country (or by type for nodes that have none), shape by type.

Colours are the Okabe–Ito palette, which stays distinguishable with the common colour-vision
deficiencies; each shape is one vis-network shape that draws its label below it.

>>> look("person", "MX")
Look(shape='dot', fill='#009E73', border='#005F45')
>>> look("event", "").fill == TYPE_FILLS["event"]
True
"""

from __future__ import annotations

from dataclasses import dataclass

from binatgraph.schema.kinds import KINDS

__all__ = [
    "COUNTRY_FILLS",
    "COUNTRY_NAMES",
    "TYPE_FILLS",
    "TYPE_NAMES",
    "TYPE_SHAPES",
    "Look",
    "legend",
    "look",
]

# Fill colour of a node that has a country: people, organizations, institutions.
COUNTRY_FILLS: dict[str, str] = {
    "US": "#0072B2",
    "MX": "#009E73",
    "CA": "#D55E00",
    "binational": "#CC79A7",
    "other": "#999999",
}
COUNTRY_NAMES: dict[str, str] = {
    "US": "United States",
    "MX": "Mexico",
    "CA": "Canada",
    "binational": "Binational",
    "other": "Other / unknown",
}
# Fill colour of a node that has no country: events, places, topics.
TYPE_FILLS: dict[str, str] = {"event": "#E69F00", "place": "#8C6D31", "topic": "#F0E442"}

TYPE_SHAPES: dict[str, str] = {
    "person": "dot",
    "organization": "square",
    "institution": "diamond",
    "event": "triangle",
    "place": "triangleDown",
    "topic": "star",
}
TYPE_NAMES: dict[str, str] = {kind: KINDS[kind].label for kind in TYPE_SHAPES}
_FALLBACK_SHAPE = "hexagon"


@dataclass(frozen=True)
class Look:
    """A node's vis-network shape, fill colour and (darker) border colour."""

    shape: str
    fill: str
    border: str


def _darker(colour: str, factor: float = 0.6) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * factor):02X}" for c in (red, green, blue))


def look(node_type: str, country: str) -> Look:
    """The look of a node of ``node_type`` from ``country`` (``""`` when it has none).

    >>> look("institution", "binational").shape
    'diamond'
    >>> look("person", "").fill == COUNTRY_FILLS["other"]
    True
    """
    if country or node_type not in TYPE_FILLS:
        fill = COUNTRY_FILLS.get(country, COUNTRY_FILLS["other"])
    else:
        fill = TYPE_FILLS[node_type]
    return Look(TYPE_SHAPES.get(node_type, _FALLBACK_SHAPE), fill, _darker(fill))


def legend(types: set[str], countries: set[str]) -> dict[str, list[dict[str, str]]]:
    """Legend entries for the types and countries present: ``colours`` and ``shapes``.

    Colours list the countries present (in a fixed order), then the types coloured by type;
    shapes list the types present.

    >>> entries = legend({"person", "event"}, {"US", "MX"})
    >>> [e["name"] for e in entries["colours"]], [e["shape"] for e in entries["shapes"]]
    (['United States', 'Mexico', 'Event'], ['dot', 'triangle'])
    """
    colours = [
        {"name": COUNTRY_NAMES[code], "fill": fill, "key": code}
        for code, fill in COUNTRY_FILLS.items()
        if code in countries or (code == "other" and countries - set(COUNTRY_FILLS))
    ]
    colours += [
        {"name": TYPE_NAMES[t], "fill": fill, "key": t} for t, fill in TYPE_FILLS.items() if t in types
    ]
    ordered = [t for t in TYPE_SHAPES if t in types] + sorted(types - set(TYPE_SHAPES))
    shapes = [
        {"name": TYPE_NAMES.get(t, t.title()), "shape": TYPE_SHAPES.get(t, _FALLBACK_SHAPE), "key": t}
        for t in ordered
    ]
    return {"colours": colours, "shapes": shapes}
