"""Organizations, institutions and places in single documents, linked against the curated gazetteer and
the reference gazetteer (data/reference/), in English and Spanish.

The fixtures in tests/fixtures/documents/ named bodies-*.txt and places-*.txt were written for these
tests; the bodies they name that are not in the gazetteers are invented.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from binatgraph.records.dataset import Dataset, load_dataset
from binatgraph.records.drafts import Draft, ingest_file, linking_for
from binatgraph.records.extract import ItemExtraction, _Section, _unknown_bodies
from binatgraph.records.gazetteer import GazetteerIndex
from binatgraph.records.linking import find_mentions
from binatgraph.schema.model import Organization, Place
from tests.workcount import growth

HERE = Path(__file__).resolve().parent
DOCS = HERE / "fixtures" / "documents"
DATA = HERE.parent / "data"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(DATA)


def _one(draft: Draft) -> ItemExtraction:
    assert len(draft.extractions) == 1
    return draft.extractions[0]


def _json(draft: Draft) -> dict[str, list[dict[str, object]]]:
    return _one(draft).as_json()  # type: ignore[return-value]


def test_spanish_names_of_bodies_link_to_the_entities_of_their_english_names(dataset: Dataset) -> None:
    ex = _one(ingest_file(DOCS / "bodies-comunicado-es.txt", dataset))
    organizations = {o.id for o in ex.organizations}
    assert {
        "mx-sre",  # Cancillería, Secretaría de Relaciones Exteriores
        "mx-sedena",  # reference: Secretaría de la Defensa Nacional (SEDENA)
        "mx-national-guard",  # Guardia Nacional
        "mx-se",  # reference: Secretaría de Economía
        "us-state",  # Departamento de Estado
        "us-embassy-mexico",  # Embajada de Estados Unidos en México
        "mx-embassy-us",  # "la embajada de México en Washington", its head noun in lower case
    } <= organizations
    institutions = {i.id for i in ex.institutions}
    assert {"bicentennial-framework", "merida-initiative", "hled", "usmca"} <= institutions


def test_the_json_gives_the_name_as_written_and_the_gazetteer_name_beside_it(dataset: Dataset) -> None:
    rows = {
        row["id"]: row
        for row in _json(ingest_file(DOCS / "bodies-comunicado-es.txt", dataset))["organizations"]
    }
    assert rows["mx-national-guard"]["name"] == "Guardia Nacional"
    assert rows["mx-national-guard"]["canonical"] == "National Guard"
    assert rows["mx-sedena"]["acronym"] == "SEDENA"


def test_spanish_bodies_the_gazetteers_do_not_know_are_proposed_from_their_head_words(
    dataset: Dataset,
) -> None:
    draft = ingest_file(DOCS / "bodies-comunicado-es.txt", dataset)
    proposed = {e.name for e in draft.proposals.get("organizations", [])}
    assert {"Dirección General de Vinculación Aduanera", "Instituto Nacional de Pesca Costera"} <= proposed


def test_a_document_names_no_national_government_as_an_organization(dataset: Dataset) -> None:
    for name in ("bodies-readout-en.txt", "bodies-comunicado-es.txt"):
        ex = _one(ingest_file(DOCS / name, dataset))
        assert not {"mx-government", "us-government"} & {o.id for o in ex.organizations}


def test_unknown_bodies_are_proposed_from_the_text_own_cues(dataset: Dataset) -> None:
    ex = _one(ingest_file(DOCS / "bodies-readout-en.txt", dataset))
    organizations = {o.name: o for o in ex.organizations if o.id is None}
    assert set(organizations) == {
        "Binational Riverside Foundation",  # hosted by the X Foundation
        "Pacific Estuary Institute",
        "Clean Harbors Coalition",  # not "Clean Harbors Coalition and the Office of ..."
        "Office of Coastal Resilience Studies",
        "Secretariat of Coastal Affairs",  # stops at the sentence end, not "... Affairs. While"
    }
    assert organizations["Office of Coastal Resilience Studies"].acronym == "OCRS"
    institutions = {i.name: i.pillar for i in ex.institutions if i.id is None}
    assert institutions["Memorandum of Understanding on Coastal Sanitation"] == "agreement"
    assert institutions["IBWC Minute 333"] == "agreement"


def test_a_binational_organization_is_listed_as_organization_and_institution(dataset: Dataset) -> None:
    row = _json(ingest_file(DOCS / "bodies-readout-en.txt", dataset))
    assert "ibwc" in {o["id"] for o in row["organizations"]}
    assert "ibwc" in {i["id"] for i in row["institutions"]}


def test_an_institution_named_inside_its_part_name_is_found_too(dataset: Dataset) -> None:
    ex = _one(ingest_file(DOCS / "bodies-readout-en.txt", dataset))
    assert {"twenty-first-century-border-esc", "twenty-first-century-border"} <= {
        i.id for i in ex.institutions
    }


def test_reference_entities_an_event_names_are_proposed_as_plain_gazetteer_records(dataset: Dataset) -> None:
    draft = ingest_file(DOCS / "bodies-comunicado-es.txt", dataset)
    proposed = {e.id: e for e in draft.proposals["organizations"]}
    assert type(proposed["mx-sedena"]) is Organization and type(proposed["mx-se"]) is Organization
    assert "mx-sre" not in proposed  # curated already
    assert any("reference gazetteer proposed: Secretariat of National Defense" in n for n in draft.notes)
    assert "places" not in draft.proposals  # Ciudad de México, Tijuana, Baja California are curated
    readout = ingest_file(DOCS / "bodies-readout-en.txt", dataset)
    places = {e.id: e for e in readout.proposals["places"]}
    assert set(places) == {"san-ysidro"} and type(places["san-ysidro"]) is Place
    assert dataset.index.get("mx-sedena") is None  # the curated gazetteer (and so the graph) is unchanged


def test_the_linking_index_is_built_once_per_dataset(dataset: Dataset) -> None:
    first, second = linking_for(dataset), linking_for(dataset)
    assert first is second and first.reference is not None
    assert first.index.get("mx-sedena") is not None


@pytest.mark.parametrize(
    ("name", "places"),
    [
        ("bodies-comunicado-es.txt", {"mexico-city", "tijuana", "baja-california"}),  # Ciudad de México
        ("bodies-readout-en.txt", {"san-ysidro", "california"}),  # reference place and curated state
        ("places-news-en.txt", set()),  # countries named only as parties
        ("places-visit-en.txt", {"mexico"}),  # a country when it is the finest location
    ],
)
def test_places_are_the_finest_locations_named(dataset: Dataset, name: str, places: set[str]) -> None:
    ex = _one(ingest_file(DOCS / name, dataset))
    assert {p.id for p in ex.places} == places


def test_washington_alone_is_the_capital() -> None:
    from binatgraph.records.dataset import load_gazetteer

    index = GazetteerIndex.from_gazetteer(load_gazetteer(DATA / "gazetteer")[0])
    assert [e.id for e in index.lookup("Washington", "places")] == ["washington-dc"]


@pytest.mark.parametrize(
    ("unit", "tail"),
    [
        ("Secretaría de ", ""),
        ("The Office of the ", ""),
        ("Binational Riverside ", "Foundation"),
        ("Coastal ", ""),
        ("Minute No. ", "IBWC"),
        ("Clean Harbors ", "(CH)"),
    ],
)
def test_finding_bodies_stays_linear_on_long_capitalised_runs(dataset: Dataset, unit: str, tail: str) -> None:
    # Twice the text may cost about twice the work; a quadratic scan of the run would cost four times.
    index = linking_for(dataset).index

    def find(n: int) -> Callable[[], object]:
        body = unit * n + tail
        mentions = find_mentions(body, index)
        spans, ids = [(m.start, m.end) for m in mentions], {m.entity.id for m in mentions}
        return lambda: (
            find_mentions(body, index),
            list(_unknown_bodies(_Section(body, True), index, spans, ids)),
        )

    assert growth(find, 300) < 2.6, unit


def test_proposed_names_stop_at_sentence_ends_and_keep_their_acronym(dataset: Dataset) -> None:
    from types import SimpleNamespace

    from binatgraph.records.extract import extract_item

    body = (
        "They joined the Global Coalition for Safe Harbors. The Binational Riverside Foundation, to review. "
        "The U.S. Department of Coastal Affairs (DCA) and the U.S.-Mexico Water Alliance met."
    )
    item = SimpleNamespace(
        position=1, number=1, title="Panel", date=None, end_date=None, body=body, context=None
    )
    found = {o.name: o.acronym for o in extract_item(item, linking_for(dataset).index).organizations}
    assert found == {
        "Global Coalition for Safe Harbors": None,
        "Binational Riverside Foundation": None,
        "U.S. Department of Coastal Affairs": "DCA",
        "U.S.-Mexico Water Alliance": None,
    }
