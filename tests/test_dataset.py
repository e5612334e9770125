"""Loading the data folder: every problem located by file, line, record and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from binatgraph.records.dataset import DataError, load_dataset
from binatgraph.records.gazetteer import normalize

FIXTURE_DATA = Path(__file__).resolve().parent / "fixtures" / "data"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(folder: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    return [str(p) for p in caught.value.problems]


def test_fixture_dataset_loads() -> None:
    dataset = load_dataset(FIXTURE_DATA)
    assert [r.id for r in dataset.reports] == ["test-2024-h1"]
    assert len(list(dataset.items)) == 3
    assert dataset.index.kind_of("water-dialogue") == "institutions"


def test_bad_date_names_file_line_record_and_field(fixture_data: Path) -> None:
    report = fixture_data / "reports" / "test-2024-h1.yaml"
    _replace(report, "date: 2024-03-10", "date: 2024-03-40")
    [problem] = _problems(fixture_data)
    line = next(i for i, text in enumerate(report.read_text().splitlines(), 1) if "2024-03-40" in text)
    assert problem.startswith(f"{report}:")
    assert "item 2 → event.date:" in problem
    # the line of the innermost mapping that holds the field: the event block just above it
    reported_line = int(problem.split(":")[1])
    assert line - 3 <= reported_line <= line


def test_unknown_pillar_is_located(fixture_data: Path) -> None:
    _replace(fixture_data / "gazetteer" / "institutions.yaml", "pillar: agreement", "pillar: alliance")
    [problem] = _problems(fixture_data)
    assert "institutions.yaml:1: record 1 (water-accord) → pillar:" in problem


def test_alias_claimed_by_two_entities(fixture_data: Path) -> None:
    _replace(
        fixture_data / "gazetteer" / "organizations.yaml",
        "aliases: [State Department]",
        "aliases: [State Department, Foreign Ministry]",
    )
    problems = _problems(fixture_data)
    assert any("'foreign ministry' is claimed by mx-foreign-ministry, us-state" in p for p in problems)


def test_alias_clash_ignores_case_accents_and_punctuation(fixture_data: Path) -> None:
    _replace(
        fixture_data / "gazetteer" / "people.yaml",
        "name: Lena Moss",
        "name: Lena Moss\n  aliases: [ANA MARÍA-RUIZ]",
    )
    assert any("claimed by ana-ruiz, lena-moss" in p for p in _problems(fixture_data))


def test_reference_to_unknown_entity(fixture_data: Path) -> None:
    _replace(fixture_data / "reports" / "test-2024-h1.yaml", "places: [el-paso]", "places: [ciudad-juarez]")
    [problem] = _problems(fixture_data)
    assert "item 2 → event.places[0]: unknown place 'ciudad-juarez'" in problem


def test_kinds_are_named_in_the_singular(fixture_data: Path) -> None:
    # The kinds table names each kind: a missing person is "unknown person", not a clipped plural.
    text = (fixture_data / "reports" / "test-2024-h1.yaml").read_text(encoding="utf-8")
    first = text.split("person: ", 1)[1].split(",")[0]
    _replace(fixture_data / "reports" / "test-2024-h1.yaml", f"person: {first}", "person: nobody-here")
    problems = _problems(fixture_data)
    assert any("unknown person 'nobody-here'" in p for p in problems), problems
    assert not any("peopl " in p for p in problems)


def test_reference_to_entity_of_the_wrong_kind(fixture_data: Path) -> None:
    _replace(
        fixture_data / "reports" / "test-2024-h1.yaml",
        "institutions: [water-dialogue]",
        "institutions: [us-state]",
    )
    [problem] = _problems(fixture_data)
    assert "unknown institution 'us-state'" in problem


def test_gazetteer_cross_references(fixture_data: Path) -> None:
    _replace(fixture_data / "gazetteer" / "organizations.yaml", "parent: us-state", "parent: us-treasury")
    _replace(
        fixture_data / "gazetteer" / "posts.yaml", "organization: us-water-office", "organization: nowhere"
    )
    problems = _problems(fixture_data)
    assert any("us-water-office → parent: unknown organization 'us-treasury'" in p for p in problems)
    assert any("us-water-director → organization: unknown organization 'nowhere'" in p for p in problems)


def test_every_problem_is_reported_at_once(fixture_data: Path) -> None:
    _replace(fixture_data / "reports" / "test-2024-h1.yaml", "places: [el-paso]", "places: [nowhere]")
    _replace(fixture_data / "reports" / "test-2024-h1.yaml", "topics: [water]", "topics: [fishing]")
    assert len(_problems(fixture_data)) == 2


def test_person_both_participant_and_mentioned(fixture_data: Path) -> None:
    _replace(
        fixture_data / "reports" / "test-2024-h1.yaml",
        "        - {person: lena-moss}\n",
        "        - {person: ana-ruiz}\n",
    )
    assert any("'ana-ruiz' is listed twice" in p for p in _problems(fixture_data))


def test_malformed_yaml_gives_file_and_line(fixture_data: Path) -> None:
    path = fixture_data / "gazetteer" / "topics.yaml"
    path.write_text("- id: water\n  name: [unclosed\n", encoding="utf-8")
    [problem] = _problems(fixture_data)
    assert problem.startswith(f"{path}:") and "invalid YAML" in problem


def test_malformed_json_report(fixture_data: Path) -> None:
    (fixture_data / "reports" / "broken.json").write_text('{"id": "x",\n "title": }', encoding="utf-8")
    problems = _problems(fixture_data)
    assert any("broken.json:2: invalid JSON" in p for p in problems)


def test_non_utf8_file(fixture_data: Path) -> None:
    (fixture_data / "gazetteer" / "places.yaml").write_bytes("- id: m\xe9xico\n".encode("latin-1"))
    assert any("not UTF-8" in p for p in _problems(fixture_data))


def test_missing_folder() -> None:
    with pytest.raises(DataError, match="no such data folder"):
        load_dataset(Path("/nonexistent/binatgraph-data"))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("High-Level Economic Dialogue", "High Level Economic Dialogue"),
        ("Andrés Manuel López Obrador", "Andres Manuel Lopez Obrador"),
        ("Leaders’ Summit", "Leaders' Summit"),
        ("Leaders' Summit", "Leaders Summit"),
        ("USMCA's", "USMCA"),
        ("U.S. Department of State", "US Department of State"),
        ("Foreign\u00a0Ministry", "foreign  ministry"),
    ],
)
def test_normalize_folds_spelling_variants(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


def test_a_key_written_twice_is_refused_with_its_line(fixture_data: Path) -> None:
    # YAML keeps the last of two equal keys without a word; a second date moved an event out of its period
    path = fixture_data / "reports" / "test-2024-h1.yaml"
    text = path.read_text(encoding="utf-8")
    first_date = next(line for line in text.splitlines() if line.strip().startswith("date:"))
    path.write_text(text.replace(first_date, f"{first_date}\n{first_date}", 1), encoding="utf-8")
    problems = _problems(fixture_data)
    assert any("the key 'date' appears twice in one record" in p for p in problems), problems
    assert any(":" in p.split(" ")[0] for p in problems)  # file:line


def test_an_item_dated_outside_its_report_period_is_a_problem(fixture_data: Path) -> None:
    path = fixture_data / "reports" / "test-2024-h1.yaml"
    text = path.read_text(encoding="utf-8")
    first_date = next(line for line in text.splitlines() if line.strip().startswith("date: 2024"))
    path.write_text(text.replace(first_date, first_date.replace("2024", "2019"), 1), encoding="utf-8")
    [problem] = _problems(fixture_data)
    assert "lies outside the report's period" in problem and "event.date" in problem
