"""The data model: values are cleaned and checked once, in the records."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from binatgraph.schema.model import (
    DatePrecision,
    Event,
    Institution,
    PartialDate,
    Participation,
    Report,
)


@pytest.mark.parametrize(
    ("value", "iso", "precision"),
    [
        ("2022", "2022", DatePrecision.YEAR),
        ("2022-06", "2022-06", DatePrecision.MONTH),
        ("2022-06-07", "2022-06-07", DatePrecision.DAY),
        (dt.date(2023, 4, 13), "2023-04-13", DatePrecision.DAY),
        (2013, "2013", DatePrecision.YEAR),
    ],
)
def test_partial_date_keeps_its_precision(value: object, iso: str, precision: DatePrecision) -> None:
    parsed = PartialDate.parse(value)
    assert parsed.iso == iso
    assert parsed.precision is precision


def test_partial_date_bounds() -> None:
    assert PartialDate.parse("2024-02").latest == dt.date(2024, 2, 29)
    assert PartialDate.parse("2023").earliest == dt.date(2023, 1, 1)


@pytest.mark.parametrize("bad", ["2022-13", "2022-02-30", "31.01.22", "", "2022-1-5", True])
def test_bad_dates_are_rejected(bad: object) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(bad)


def test_event_rejects_a_bad_date_naming_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        Event(type="visit", title="A visit", date="2022-02-30")
    assert caught.value.errors()[0]["loc"] == ("date",)


def test_event_end_before_start_is_rejected() -> None:
    with pytest.raises(ValidationError, match="before date"):
        Event(type="meeting", title="m", date="2022-06-10", end_date="2022-06-07")


def test_event_end_without_start_is_rejected() -> None:
    with pytest.raises(ValidationError, match="end_date is set but date is not"):
        Event(type="meeting", title="m", end_date="2022-06-07")


def test_unknown_event_type_is_rejected() -> None:
    with pytest.raises(ValidationError, match="visit"):
        Event(type="picnic", title="p")


def test_unknown_pillar_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        Institution(id="x", name="X", pillar="alliance")
    assert caught.value.errors()[0]["loc"] == ("pillar",)


def test_unknown_fields_are_errors_not_silently_dropped() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Event(type="visit", title="v", dat="2022-01-01")


def test_ids_must_be_slugs() -> None:
    with pytest.raises(ValidationError, match="pattern"):
        Participation(person="Ana Ruiz")


def test_a_stated_title_needs_its_post() -> None:
    with pytest.raises(ValidationError, match="needs the post"):
        Participation(person="ana-ruiz", title="Foreign Minister")


def test_report_positions_must_run_in_order() -> None:
    item = {"title": "t", "event": {"type": "other", "title": "t"}}
    with pytest.raises(ValidationError, match="positions must run"):
        Report(
            id="r",
            title="R",
            period_start="2024-01",
            period_end="2024-06",
            items=[{"position": 1, **item}, {"position": 3, **item}],
        )


def test_stated_date_and_its_source_go_together() -> None:
    with pytest.raises(ValidationError, match="go together"):
        Report(
            id="r",
            title="R",
            period_start="2024-01",
            period_end="2024-06",
            items=[
                {
                    "position": 1,
                    "title": "t",
                    "stated_date": "01.02.24",
                    "event": {"type": "other", "title": "t"},
                }
            ],
        )


def test_the_kinds_table_agrees_with_the_model_and_the_gazetteer() -> None:
    # One table of kinds drives files, IRIs and messages: it must match the Gazetteer record's fields.
    from typing import get_args

    from binatgraph.schema.kinds import GAZETTEER_KINDS, KINDS, EntityKind, gazetteer_kinds
    from binatgraph.schema.model import Gazetteer

    assert tuple(k.plural for k in gazetteer_kinds()) == GAZETTEER_KINDS == get_args(EntityKind)
    assert set(GAZETTEER_KINDS) == set(Gazetteer.model_fields)
    assert all(k.gazetteer_file == f"{k.plural}.yaml" for k in gazetteer_kinds())
    assert len({k.segment for k in KINDS.values()}) == len(KINDS)
