"""Synthetic data (``binatgraph synth``): names agree with the facts they sit beside."""

from __future__ import annotations

import json
from pathlib import Path

from binatgraph.synth.data import write_synthetic


def test_an_agency_named_us_is_a_us_agency(tmp_path: Path) -> None:
    write_synthetic(tmp_path, events=400, seed=3)
    orgs = json.loads((tmp_path / "gazetteer" / "organizations.json").read_text(encoding="utf-8"))
    assert {org["country"] for org in orgs} == {"US", "MX"}
    for org in orgs:
        side = org["name"].split(" ", 1)[0]
        assert side in {"US", "MX"}, org
        assert org["country"] == side, org  # agency-pairs lists it under us_agency or mx_agency by country
