"""People in documents and reports: names with their posts in English and Spanish, coreference within an
item, the country a post gives, and what is never a person (honorifics, bylines, photo credits, handles).

Every text here is invented for these tests.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from binatgraph.records.extract import extract_item
from binatgraph.records.gazetteer import GazetteerIndex
from binatgraph.records.people import name_candidates, same_person, title_after, title_before
from binatgraph.reports import parse_source, read_report_text
from binatgraph.schema.model import Country, Gazetteer, Person
from tests.workcount import growth

DOCUMENTS = Path(__file__).parent / "fixtures" / "documents"

INDEX = GazetteerIndex.from_gazetteer(
    Gazetteer(
        people=[
            Person(id="katherine-tai", name="Katherine Tai", country=Country.US),
            Person(id="ana-ruiz", name="Ana María Ruiz Cortés", aliases=["Ana Ruiz"], country=Country.MX),
            Person(
                id="joe-biden", name="Joe Biden", aliases=["Biden", "Joseph R. Biden"], country=Country.US
            ),
        ]
    )
)


def people(body: str, title: str = "A meeting") -> dict[str, tuple[str | None, str | None]]:
    """name → (title, country) for one item."""
    item = SimpleNamespace(
        position=1, number=1, title=title, date=None, end_date=None, body=body, context=None
    )
    return {
        p.name: (p.title, p.country.value if p.country else None) for p in extract_item(item, INDEX).people
    }


# --- English titles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("Secretary of Economy Raquel Buenrostro met them.", "Raquel Buenrostro", "Secretary of Economy"),
        (
            "He met World Economic Forum President Børge Brende.",
            "Børge Brende",
            "World Economic Forum President",
        ),
        (
            "Secretary of Homeland Security Walter N. Crane visited.",
            "Walter N. Crane",
            "Secretary of Homeland Security",
        ),
        (
            "Earlier, U.S. Attorney General Walter P. Bryce traveled.",
            "Walter P. Bryce",
            "U.S. Attorney General",
        ),
        ("State Secretary Mike Danforth traveled to Mexico.", "Mike Danforth", "State Secretary"),
        (
            "They met Secretary of Finance and Public Credit Arturo Ibáñez Solís in Puebla.",
            "Arturo Ibáñez Solís",
            "Secretary of Finance and Public Credit",
        ),
        ("Talks with Elena Vidal, Secretary of Tourism, went well.", "Elena Vidal", "Secretary of Tourism"),
        (
            "Chad Morrow, acting Homeland Security secretary, said so.",
            "Chad Morrow",
            "acting Homeland Security secretary",
        ),
    ],
)
def test_english_titles_before_and_after_names(text: str, name: str, title: str) -> None:
    found = people(text)
    assert name in found, found
    assert found[name][0] == title


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("Under Secretary for Political Affairs Victoria Nolan spoke.", "Victoria Nolan", None),
        (
            "El secretario de Marina José Rafael Ochoa Durán asistió.",
            "José Rafael Ochoa Durán",
            "secretario de Marina",
        ),
        ("Participó Rosa Elvira Cantú Salinas, secretaria de Turismo.", "Rosa Elvira Cantú Salinas", None),
        ("Consul General in Tijuana Thomas Reed spoke.", "Thomas Reed", "Consul General in Tijuana"),
    ],
)
def test_where_a_name_starts_after_a_body_a_place_or_a_sentence_opener(
    text: str, name: str, title: str | None
) -> None:
    item = SimpleNamespace(position=1, number=1, title="x", date=None, end_date=None, body=text, context=None)
    found = list(extract_item(item, INDEX).people)
    assert [p.name for p in found] == [name]
    if title:
        assert found[0].title == title


def test_mexico_s_secretary_keeps_the_full_name_and_drops_the_possessor_from_the_title() -> None:
    found = people("Officials met Mexico’s Secretary of Foreign Relations Ramiro Estrada Casares today.")
    assert found == {"Ramiro Estrada Casares": ("Secretary of Foreign Relations", "MX")}


def test_names_never_cross_a_line_break() -> None:
    text = "Mexico's Foreign Secretary Alicia Bárcena\nOfficials of both governments attended."
    assert [text[s:e] for s, e in name_candidates(text)] == ["Alicia Bárcena"]
    assert list(people(text)) == ["Alicia Bárcena"]


def test_a_title_does_not_reach_past_the_end_of_a_sentence() -> None:
    text = "Trade Minister Evelyn Marchetti spoke. Henderson, a reporter, asked a question."
    assert list(people(text)) == ["Evelyn Marchetti"]


def test_the_next_person_s_title_is_not_taken_for_an_apposition() -> None:
    text = "They met President Ana Ruiz, Foreign Minister Tomás Ibarra and others."
    found = people(text)
    assert found["Ana María Ruiz Cortés"][0] == "President"
    assert found["Tomás Ibarra"][0] == "Foreign Minister"


# --- Spanish titles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "title", "country"),
    [
        ("Asistió la canciller Lucía Montes de Oca.", "Lucía Montes de Oca", "canciller", "MX"),
        (
            "Lo dijo el secretario de Relaciones Exteriores, Ramiro Estrada.",
            "Ramiro Estrada",
            "secretario de Relaciones Exteriores",
            "MX",
        ),
        (
            "Participó Rosa Elvira Cantú Salinas, secretaria de "
            "Seguridad y Protección Ciudadana, en la reunión.",
            "Rosa Elvira Cantú Salinas",
            "secretaria de Seguridad y Protección Ciudadana",
            "MX",
        ),
        (
            "Llegó el titular de la Secretaría de Marina (SEMAR), Alejandro Ruiz Tagle.",
            "Alejandro Ruiz Tagle",
            "titular de la Secretaría de Marina (SEMAR)",
            "MX",
        ),
        (
            "Asistió la gobernadora de Baja California, María del Carmen Ávila Rosas.",
            "María del Carmen Ávila Rosas",
            "gobernadora de Baja California",
            "MX",
        ),
        (
            "Habló el embajador de Estados Unidos, Robert Kessler.",
            "Robert Kessler",
            "embajador de Estados Unidos",
            "US",
        ),
        (
            "Conversó con la vicepresidenta estadounidense, Margaret Holloway.",
            "Margaret Holloway",
            "vicepresidenta estadounidense",
            "US",
        ),
        ("Lo anunció el presidente Julián Torres Medina.", "Julián Torres Medina", "presidente", "MX"),
    ],
)
def test_spanish_titles_before_and_after_names(text: str, name: str, title: str, country: str) -> None:
    found = people(text)
    assert found.get(name) == (title, country), found


def test_title_helpers_read_spanish_and_english() -> None:
    s = "el titular de la Secretaría de Marina (SEMAR), Alejandro Ruiz Tagle"
    assert title_before(s, s.index("Alejandro")) == "titular de la Secretaría de Marina (SEMAR)"
    s = "Dee Marlow, alcalde de El Paso, Texas, y otros"
    assert title_after(s, len("Dee Marlow")) == "alcalde de El Paso, Texas"


def test_a_list_of_portfolios_is_not_a_person() -> None:
    text = (
        "Conversó con la ministra de Comercio Internacional, Promoción de Inversiones y Desarrollo "
        "Regional de Canadá, Claire Dubois, y con la subsecretaria de Estado para la Oficina de Asuntos "
        "Hemisféricos y Fronterizos, Helen Brandt."
    )
    found = people(text)
    assert set(found) == {"Claire Dubois", "Helen Brandt"}
    assert found["Claire Dubois"][1] == "CA"
    assert found["Helen Brandt"][1] == "US"


# --- coreference --------------------------------------------------------------------------------------


def test_surnames_and_partial_names_merge_into_the_full_name() -> None:
    text = (
        "Secretary of Homeland Security Walter N. Crane met Foreign Secretary Ramiro Estrada Casares. "
        "Secretary Crane thanked Estrada, and Secretaries Crane and Estrada agreed to meet again. "
        "State Secretary Mike Danforth joined; U.S. Secretary of State Michael Danforth spoke last."
    )
    assert set(people(text)) == {"Walter N. Crane", "Ramiro Estrada Casares", "Michael Danforth"}


def test_a_lone_surname_is_not_a_person_unless_the_gazetteer_knows_it() -> None:
    found = people("Ambassador Tai met Governor Whitmore and Secretary Landau in Monterrey.")
    assert set(found) == {"Katherine Tai"}


def test_a_surname_joins_a_full_name_written_without_a_title() -> None:
    item = SimpleNamespace(
        position=1,
        number=1,
        title="Photo of Harold Stevens",
        date=None,
        end_date=None,
        context=None,
        body="Joint statement by President Stevens and the Mexican delegation.",
    )
    assert [p.name for p in extract_item(item, INDEX).people] == ["Harold Stevens"]


def test_different_people_with_one_surname_stay_apart() -> None:
    text = "General Ovidio Guzmán Reyes met Commander Joaquín Guzmán Loera; First Lady Jill Biden came too."
    assert set(people(text)) == {"Ovidio Guzmán Reyes", "Joaquín Guzmán Loera", "Jill Biden"}
    assert same_person("Mike Pompeo", "Michael Pompeo") and same_person(
        "López Obrador", "Andrés López Obrador"
    )
    assert not same_person("Ana Ruiz", "Luis Ruiz Bucio")


@pytest.mark.parametrize("honorific", ["Dr.", "Mr.", "Sr.", "Sra.", "Lic."])
def test_honorifics_are_never_people(honorific: str) -> None:
    found = people(f"Chiapas Governor {honorific} Rutilio Escobedo Cadenas met Ambassador {honorific} Salas.")
    assert set(found) == {"Rutilio Escobedo Cadenas"}
    assert found["Rutilio Escobedo Cadenas"][0] == "Chiapas Governor"


# --- country ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Secretary of Commerce Gina Raimondo toured the port.", "Gina Raimondo", "US"),
        ("Canadian Minister of Trade Evelyn Marchetti spoke.", "Evelyn Marchetti", "CA"),
        ("World Health Organization Director-General Tomás Adhanu spoke.", "Tomás Adhanu", "other"),
        ("Chiapas Governor Rutilio Escobedo Cadenas spoke.", "Rutilio Escobedo Cadenas", "MX"),
        ("U.S. Ambassador to Mexico Robert Kessler spoke.", "Robert Kessler", "US"),
        ("Consul General in Tijuana Thomas Reed spoke.", "Thomas Reed", "US"),
        ("El alcalde de Tijuana, Carlos Bustamante, habló.", "Carlos Bustamante", "MX"),
        (
            "He met Guatemala's Minister of Foreign Affairs Mario Búcaro and Texas Governor Greg Abbott.",
            "Mario Búcaro",
            "other",
        ),
        (
            "He met Guatemala's Minister of Foreign Affairs Mario Búcaro and Texas Governor Greg Abbott.",
            "Greg Abbott",
            "US",
        ),
        ("Lo dijo el secretario general de la OEA, Luis Almagro.", "Luis Almagro", "other"),
        ("Ambassador of Mexico to the United States Esteban Mora spoke.", "Esteban Mora", "MX"),
        (
            "Attorney General Walter Bryce met Mexico’s President "
            "Ana Ruiz, Secretary of Defense Luis Sandoval "
            "Ortega and Attorney General Alejandro Ruiz Tagle.",
            "Luis Sandoval Ortega",
            "MX",
        ),
    ],
)
def test_country_follows_the_post_or_body_named_with_the_person(text: str, name: str, country: str) -> None:
    assert people(text)[name][1] == country


# --- not participants -------------------------------------------------------------------------------


def test_bylines_photo_credits_and_handles_are_not_participants() -> None:
    text = (
        "By Jane Whitfield\n"
        "Trade Minister Evelyn Marchetti spoke. (Photo by Daniel Ortega Ruiz / Border Press)\n"
        "Follow @SecMarchetti for updates.\n"
        "Por Jorge Villaseñor"
    )
    assert set(people(text)) == {"Evelyn Marchetti"}


# --- whole documents ----------------------------------------------------------------------------------


def _document_people(name: str) -> dict[str, str | None]:
    path = DOCUMENTS / name
    parsed = parse_source(read_report_text(path), str(path))
    (item,) = parsed.items
    return {p.name: p.country.value if p.country else None for p in extract_item(item, INDEX).people}


def test_an_english_readout_names_each_official_once_with_their_country() -> None:
    assert _document_people("people-readout-en.txt") == {
        "Gina Raimondo": "US",
        "Raquel Buenrostro": "MX",
        "Børge Brende": "other",
        "Tomas Whitcombe": "US",
        "Alicia Bárcena": "MX",
        "Sofía Landeros Quiroz": None,
        "Evelyn Marchetti": "CA",
    }


def test_a_spanish_communique_names_each_official_once_with_their_country() -> None:
    assert _document_people("people-comunicado-es.txt") == {
        "Lucía Montes de Oca": "MX",
        "Robert Kessler": "US",
        "Margaret Holloway": "US",
        "Rosa Elvira Cantú Salinas": "MX",
        "Alejandro Ruiz Tagle": "MX",
        "María del Carmen Ávila Rosas": "MX",
        "Claire Dubois": "CA",
        "Andrés Manuel López Obrador": "MX",  # a Spanish title naming no other country
    }


def test_finding_people_stays_linear_in_the_text() -> None:
    unit = "Secretary of Economy Raquel Buenrostro met Ambassador Tai and the Minister of Trade. "
    runs = "Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa " * 50 + "\n"
    assert growth(lambda n: lambda: people(unit * n + runs * (n // 10)), 100) < 2.6


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("In Washington, Sen. Robert Mendel said so.", "Robert Mendel", "Sen"),
        ("Dijo el senador republicano Ted Corwin que sí.", "Ted Corwin", "senador republicano"),
        (
            "Según Jesús Ramírez Cuevas, vocero presidencial, no hubo acuerdo.",
            "Jesús Ramírez Cuevas",
            "vocero presidencial",
        ),
        (
            "Roberta Jacobs, the former U.S. ambassador to Mexico, agreed.",
            "Roberta Jacobs",
            "former U.S. ambassador to Mexico",
        ),
    ],
)
def test_abbreviated_titles_party_words_and_former_posts(text: str, name: str, title: str) -> None:
    assert people(text) == {name: (title, people(text)[name][1])}
