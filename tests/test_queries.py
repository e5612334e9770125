"""Every named query answers its question on data/ with the answer worked out from the YAML facts."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from binatgraph.graph.store import StoreLocation, engine, open_graph
from binatgraph.queries import QueryError, find, load_library, prepare

Row = dict[str, str | None]


@pytest.fixture(scope="module")
def store(data_store: StoreLocation) -> Iterator[ox.Store]:
    with open_graph(data_store) as graph:
        yield engine(graph)


def rows(store: ox.Store, name: str, **params: str) -> list[Row]:
    result = store.query(prepare(find(name), params))
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in result]


def test_library_has_at_least_twelve_documented_queries() -> None:
    library = load_library()
    assert len(library) >= 12
    for query in library:
        assert query.title and query.description, query.name
        body = query.text.split("\n", len(query.params) + 2)[-1]
        for param in query.params:
            assert re.search(rf"\?{param.name}\b", body), (
                f"{query.name} declares {param.name} but does not use it"
            )


def test_events_per_quarter_by_type(store: ox.Store) -> None:
    counts = {
        (r["quarter"], r["type"]): int(r["events"] or 0) for r in rows(store, "events-per-quarter-by-type")
    }
    assert counts[("2022Q1", "visit")] == 9 and counts[("2022Q1", "meeting")] == 1
    assert counts[("2022Q2", "summit")] == 1 and counts[("2022Q2", "forum")] == 1
    # 2023 items 11 (a visit) and 13 (a joint statement) are dated by their MAY and JUNE headers
    assert counts[("2023Q2", "meeting")] == 3 and counts[("2023Q2", "joint statement")] == 3
    assert sum(counts.values()) == 30  # every event, the two header-dated ones included


def test_mechanism_participants(store: ox.Store) -> None:
    hled = rows(store, "mechanism-participants")
    assert {r["name"] for r in hled} == {
        "Roberto Velasco Álvarez",
        "José W. Fernández",
        "Pablo Gálvez de Yturbe",
    }
    assert len(hled) == 4
    bicentennial = rows(store, "mechanism-participants", institution="bicentennial-framework")
    assert ("Marcelo Ebrard", "Foreign Minister", "leader") in {
        (r["name"], r["stated_title"], r["role"]) for r in bicentennial
    }


def test_post_holders_on_a_date(store: ox.Store) -> None:
    found = rows(store, "post-holders-on-date", post="mx-foreign-secretary", date="2022-04-01")
    assert {r["name"] for r in found} == {"Marcelo Ebrard"}
    assert found[0]["event_date"] == "2022-03-29"
    # June 2023 only calls him a former holder: no evidence he held it then
    assert rows(store, "post-holders-on-date", post="mx-foreign-secretary", date="2023-06-13") == []


def test_agency_pairs(store: ox.Store) -> None:
    pairs = {
        (r["us_agency"], r["mx_agency"]): int(r["shared_events"] or 0) for r in rows(store, "agency-pairs")
    }
    assert pairs[("Embassy of the United States in Mexico", "Secretariat of Foreign Affairs")] == 3
    assert pairs[("Department of Homeland Security", "Secretariat of Foreign Affairs")] == 2


def test_most_connected_officials(store: ox.Store) -> None:
    top = rows(store, "most-connected-officials")[0]
    assert (top["name"], top["counterparts"], top["events"]) == ("Roberto Velasco Álvarez", "8", "7")


def test_mechanisms_by_last_activity(store: ox.Store) -> None:
    by_name = {r["name"]: r for r in rows(store, "mechanisms-by-last-activity")}
    assert by_name["High-Level Economic Dialogue"]["last_event"] == "2023-04-18"
    assert by_name["High-Level Economic Dialogue"]["events"] == "3"
    assert by_name["Interagency Labor Committee for Monitoring and Enforcement"]["events"] == "0"


def test_provenance(store: ox.Store) -> None:
    found = {(r["report"], r["number"], r["how"]) for r in rows(store, "provenance")}
    assert found == {
        ("cbi-2022-jan-jun", "1", "takes part"),
        ("cbi-2022-jan-jun", "13", "takes part"),
        ("cbi-2023-apr-jun", "2", "takes part"),
        ("cbi-2023-apr-jun", "3", "mentioned"),
    }


def test_topic_trend(store: ox.Store) -> None:
    trend = {(r["topic"], r["quarter"]): r["events"] for r in rows(store, "topic-trend")}
    assert trend[("Migration", "2022Q1")] == "3" and trend[("Migration", "2023Q2")] == "6"


def test_venues_by_country(store: ox.Store) -> None:
    venues = {(r["country"], r["place"]): r["events"] for r in rows(store, "venues-by-country")}
    assert venues[("Mexico", "Mexico City")] == "5"
    assert venues[("United States", "Los Angeles")] == "2"


def test_institutions_by_pillar(store: ox.Store) -> None:
    found = {r["name"]: r for r in rows(store, "institutions-by-pillar")}
    assert (
        found["United States-Mexico-Canada Agreement"]["pillar"],
        found["United States-Mexico-Canada Agreement"]["events"],
    ) == ("agreement", "3")
    assert found["Rapid Response Labor Mechanism"]["part_of"] == "United States-Mexico-Canada Agreement"


def test_person_profile(store: ox.Store) -> None:
    profile = rows(store, "person-profile", person="roberto-velasco")
    assert len(profile) == 7
    assert {r["stated_title"] for r in profile} == {
        "Chief Officer for North America",
        "Head of the North America Unit",
    }


def test_undated_events(store: ox.Store) -> None:
    assert [(r["report"], r["number"]) for r in rows(store, "undated-events")] == [
        ("cbi-2023-apr-jun", "11"),
        ("cbi-2023-apr-jun", "13"),
    ]


def test_events_in_range(store: ox.Store) -> None:
    april = rows(store, "events-in-range", **{"from": "2023-04-01", "to": "2023-04-30"})
    assert len(april) == 8 and april[0]["date"] == "2023-04-12"


@pytest.mark.parametrize("value", ["a> } ; DROP ALL ; <b", "person:x> } DROP ALL", "not an iri"])
def test_parameters_cannot_inject(value: str) -> None:
    with pytest.raises(QueryError, match="not an IRI"):
        prepare(find("person-profile"), {"person": value})


def test_string_and_date_parameters_are_checked() -> None:
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        prepare(find("events-in-range"), {"from": "2023-02-30"})
    with pytest.raises(QueryError, match="takes no parameter colour"):
        prepare(find("events-in-range"), {"colour": "red"})


def test_unknown_name_suggests_close_ones() -> None:
    with pytest.raises(QueryError, match="did you mean mechanism-participants"):
        find("mechanism-participant")


def test_prepared_text_is_standalone(store: ox.Store) -> None:
    text = prepare(find("undated-events"), {})
    assert text.startswith("PREFIX ")
    assert len(list(ox.Store().query(text))) == 0  # parses with no default prefixes at all
