"""The reference gazetteer (data/reference/): it loads, never clashes with the curated gazetteer, every
reference resolves, every entry says what it rests on, names link across languages, and a bad file is
reported with its file and line."""

from __future__ import annotations

import shutil
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from binatgraph.graph.build import compile_graph
from binatgraph.records.dataset import DataError, load_dataset, load_gazetteer
from binatgraph.records.gazetteer import GazetteerIndex, iter_entities, normalize
from binatgraph.records.linking import find_mentions
from binatgraph.records.reference import (
    REFERENCE_KINDS,
    linking_index,
    load_linking_index,
    load_reference,
    promote,
    summary,
    summary_table,
)
from binatgraph.schema import ids
from binatgraph.schema.model import (
    Gazetteer,
    Institution,
    Organization,
    Post,
    Reference,
    ReferenceInstitution,
    ReferenceOrganization,
    ReferencePost,
)

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def curated() -> Gazetteer:
    gazetteer, problems, _ = load_gazetteer(DATA / "gazetteer")
    assert not problems, "\n".join(map(str, problems))
    return gazetteer


@pytest.fixture(scope="module")
def reference(curated: Gazetteer) -> Reference:
    return load_reference(data=DATA, gazetteer=curated)


def _entities(reference: Reference) -> Iterator[ReferenceOrganization | ReferenceInstitution | ReferencePost]:
    for kind in REFERENCE_KINDS:
        yield from getattr(reference, kind)


# --- the files ---------------------------------------------------------------------------------


def test_the_reference_loads_with_no_problem() -> None:
    reference = load_reference(data=DATA)  # default: the curated gazetteer beside it
    assert reference.organizations and reference.posts


def test_the_reference_is_the_size_the_issue_asks(reference: Reference) -> None:
    assert 150 <= len(reference.organizations) + len(reference.institutions) <= 280
    assert 60 <= len(reference.posts) <= 120


def test_no_id_or_name_of_the_curated_gazetteer_is_repeated(reference: Reference, curated: Gazetteer) -> None:
    curated_ids = {entity.id for _, entity in iter_entities(curated)}
    curated_names = {normalize(n): e.id for _, e in iter_entities(curated) for n in e.names()}
    assert not [e.id for e in _entities(reference) if e.id in curated_ids]
    repeated = [
        f"{e.id}: '{name}' is {curated_names[normalize(name)]}'s"
        for e in _entities(reference)
        for name in e.names()
        if normalize(name) in curated_names
    ]
    assert not repeated, "\n".join(repeated)


def test_no_two_reference_entries_share_an_id_or_a_name(reference: Reference) -> None:
    entity_ids = [e.id for e in _entities(reference)]
    assert len(entity_ids) == len(set(entity_ids))
    claims: dict[str, set[str]] = defaultdict(set)
    for entity in _entities(reference):
        for name in entity.names():
            claims[normalize(name)].add(entity.id)
    shared = {name: sorted(claimed) for name, claimed in claims.items() if len(claimed) > 1}
    assert not shared, "names two entries claim:\n" + "\n".join(f"  {k}: {v}" for k, v in shared.items())


def test_every_parent_and_post_organization_resolves(reference: Reference, curated: Gazetteer) -> None:
    orgs = {e.id for e in (*curated.organizations, *reference.organizations)}
    insts = {e.id for e in (*curated.institutions, *reference.institutions)}
    assert not [o.id for o in reference.organizations if o.parent and o.parent not in orgs]
    assert not [i.id for i in reference.institutions if set(i.part_of) - insts]
    assert not [p.id for p in reference.posts if p.organization not in orgs | insts]


def test_parents_form_no_cycle(reference: Reference, curated: Gazetteer) -> None:
    parent = {o.id: o.parent for o in (*curated.organizations, *reference.organizations)}
    for start in parent:
        seen: set[str] = set()
        node: str | None = start
        while node is not None:
            assert node not in seen, f"parent cycle through {start}"
            seen.add(node)
            node = parent.get(node)


def test_every_entry_says_what_it_rests_on(reference: Reference) -> None:
    assert not [e.id for e in _entities(reference) if not e.basis.strip()]


def test_ids_follow_the_curated_conventions(reference: Reference) -> None:
    prefixes = {"US": "us", "MX": "mx", "CA": "ca"}
    wrong = [
        o.id
        for o in reference.organizations
        if o.country.value in prefixes and not o.id.startswith(prefixes[o.country.value] + "-")
    ]
    assert not wrong


# --- linking -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def index(curated: Gazetteer, reference: Reference) -> GazetteerIndex:
    return linking_index(curated, reference)


@pytest.mark.parametrize(
    ("names", "entity_id"),
    [
        (
            ["Secretaría de Gobernación", "SEGOB", "Interior Ministry", "Secretariat of the Interior"],
            "mx-segob",
        ),
        (["Secretaría de Economía", "Ministry of Economy", "Secretariat of Economy"], "mx-se"),
        (["Secretaría de Hacienda y Crédito Público", "SHCP", "Hacienda", "Finance Ministry"], "mx-shcp"),
        (["Instituto Nacional de Migración", "National Migration Institute", "INM"], "mx-inm"),
        (["Comisión Nacional del Agua", "CONAGUA", "National Water Commission"], "mx-conagua"),
        (["Bank of Mexico", "Banco de México", "Banxico"], "mx-banxico"),
        (
            ["Cámara de Diputados", "Chamber of Deputies", "Mexican Chamber of Deputies"],
            "mx-chamber-of-deputies",
        ),
        (["World Health Organization", "Organización Mundial de la Salud", "WHO", "OMS"], "who"),
        (["U.S. Bureau of Consular Affairs", "Bureau of Consular Affairs"], "us-state-consular-affairs"),
        (["Drug Enforcement Administration", "DEA"], "us-dea"),
        (
            ["Secretary of Economy", "Secretario de Economía", "Mexico's Economy Minister"],
            "mx-economy-secretary",
        ),
        (["Secretario de Gobernación", "Interior Minister"], "mx-interior-secretary"),
        (["Fiscal General de la República", "Mexican Attorney General"], "mx-attorney-general"),
        (["Attorney General", "Fiscal General de Estados Unidos"], "us-attorney-general"),
        (["Secretary of State", "Secretario de Estado"], "us-secretary-of-state"),
        (["Embajador de Canadá en México", "Embajadora de Canadá en México"], "ca-ambassador-to-mexico"),
        (["Global Affairs Canada", "GAC"], "ca-gac"),
        # curated entities keep answering through the combined index
        (["Secretaría de Relaciones Exteriores", "Foreign Ministry", "SRE"], "mx-sre"),
        (["Guardia Nacional", "National Guard"], "mx-national-guard"),
    ],
)
def test_names_link_to_one_entity_across_languages(
    index: GazetteerIndex, names: list[str], entity_id: str
) -> None:
    for name in names:
        assert [e.id for e in index.lookup(name)] == [entity_id], name


def test_cancilleria_belongs_to_the_curated_foreign_ministry_or_to_nobody(index: GazetteerIndex) -> None:
    found = [e.id for e in index.lookup("Cancillería")]
    assert found in ([], ["mx-sre"])


def test_find_mentions_over_curated_and_reference(index: GazetteerIndex) -> None:
    text = (
        "World Economic Forum President Børge Brende met the Secretario de Estado, "
        "the U.S. Bureau of Consular Affairs and Mexico's Secretaría de Gobernación; the SRE hosted."
    )
    found = {m.text: m.entity.id for m in find_mentions(text, index)}
    assert found["World Economic Forum President"] == "wef-president"
    assert found["Secretario de Estado"] == "us-secretary-of-state"
    assert found["U.S. Bureau of Consular Affairs"] == "us-state-consular-affairs"
    assert found["Secretaría de Gobernación"] == "mx-segob"
    assert found["SRE"] == "mx-sre"


def test_the_curated_gazetteer_wins_a_later_clash(reference: Reference) -> None:
    # a curator adds SEGOB's acronym and an alias to a curated entity: the reference gives them up
    curated = Gazetteer(
        organizations=[
            Organization(id="mx-government", name="Government of Mexico", country="MX"),
            Organization(
                id="mx-interior",
                name="Interior Secretariat",
                acronym="SEGOB",
                aliases=["Gobernación"],
                country="MX",
                parent="mx-government",
            ),
        ]
    )
    index = linking_index(curated, reference)
    assert [e.id for e in index.lookup("SEGOB")] == ["mx-interior"]
    assert [e.id for e in index.lookup("Gobernación")] == ["mx-interior"]
    assert [e.id for e in index.lookup("Secretaría de Gobernación")] == ["mx-segob"]
    assert not index.ambiguous_names()
    assert isinstance(index.get("mx-segob"), ReferenceOrganization)
    assert not isinstance(index.get("mx-interior"), ReferenceOrganization)


def test_load_linking_index_holds_both(curated: Gazetteer) -> None:
    index = load_linking_index(DATA)
    assert index.kind_of("mx-sre") == "organizations" and index.kind_of("us-fbi") == "organizations"
    assert index.kind_of("us-secretary-of-state") == "posts" and index.kind_of("nadbank") == "institutions"
    assert not index.ambiguous_names()


# --- the graph and promotion -------------------------------------------------------------------


def test_reference_entities_stay_out_of_the_graph(reference: Reference) -> None:
    dataset = load_dataset(DATA)
    graph = compile_graph(dataset)
    subjects = set(graph.subjects())
    kind_iri = {
        "organizations": ids.organization,
        "institutions": ids.institution,
        "posts": ids.post,
        "places": ids.place,
    }
    for kind in REFERENCE_KINDS:
        for entity in getattr(reference, kind):
            assert dataset.index.get(entity.id) is None
            assert kind_iri[kind](entity.id) not in subjects


def test_promote_gives_plain_records_with_the_ancestors_the_curated_gazetteer_lacks(
    reference: Reference, curated: Gazetteer, tmp_path: Path
) -> None:
    promoted = promote(reference, ["us-hsi", "mx-economy-secretary", "becc", "us-dea"], curated)
    assert [e.id for e in promoted] == [
        "us-ice",
        "us-hsi",
        "mx-se",
        "mx-economy-secretary",
        "nadbank",
        "becc",
        "us-dea",
    ]
    assert all(type(e) in (Organization, Institution, Post) for e in promoted)
    assert promote(reference, ["mx-sre"], curated) == []  # curated already
    with pytest.raises(KeyError, match="nowhere"):
        promote(reference, ["nowhere"], curated)
    # the promoted records join the curated gazetteer and the whole data folder still validates
    data = tmp_path / "data"
    shutil.copytree(DATA / "gazetteer", data / "gazetteer")
    shutil.copytree(DATA / "reports", data / "reports")
    for kind, model in (("organizations", Organization), ("institutions", Institution), ("posts", Post)):
        path = data / "gazetteer" / f"{kind}.yaml"
        records = [e.model_dump(mode="json", exclude_defaults=True) for e in promoted if type(e) is model]
        path.write_text(path.read_text(encoding="utf-8") + yaml.safe_dump(records, allow_unicode=True))
    dataset = load_dataset(data)
    assert (
        dataset.index.kind_of("us-hsi") == "organizations" and dataset.index.kind_of("becc") == "institutions"
    )


# --- located errors ----------------------------------------------------------------------------


def _copy_reference(tmp_path: Path) -> Path:
    folder = tmp_path / "data" / "reference"
    shutil.copytree(DATA / "reference", folder)
    shutil.copytree(DATA / "gazetteer", tmp_path / "data" / "gazetteer")
    return folder


def _problems(folder: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_reference(folder)
    return [str(p) for p in caught.value.problems]


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_a_record_without_basis_is_located(tmp_path: Path) -> None:
    folder = _copy_reference(tmp_path)
    path = folder / "organizations.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  basis: official name per state.gov bureau directory\n", "", 1), encoding="utf-8"
    )
    line = _line_of(path, "- id: us-state-wha")
    problems = _problems(folder)
    assert problems == [f"{path}:{line}: record 7 (us-state-wha) → basis: Field required"]


def test_a_dangling_parent_and_a_repeated_curated_name_are_located(tmp_path: Path) -> None:
    folder = _copy_reference(tmp_path)
    path = folder / "organizations.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  parent: us-ice\n", "  parent: us-nowhere\n", 1)
    text = text.replace("aliases: [ICE Homeland Security Investigations]", "aliases: [State Department]", 1)
    path.write_text(text, encoding="utf-8")
    line = _line_of(path, "- id: us-hsi")
    problems = _problems(folder)
    assert f"{path}:{line}: us-hsi → parent: unknown organization 'us-nowhere'" in problems
    assert any(p.startswith(f"{path}:{line}: us-hsi → aliases:") and "'us-state'" in p for p in problems)


def test_a_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    folder = _copy_reference(tmp_path)
    path = folder / "posts.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = _line_of(path, "- id: us-secretary-of-state")
    lines[at] = "  name: [Secretary of State\n"
    path.write_text("".join(lines), encoding="utf-8")
    problems = _problems(folder)
    assert len(problems) == 1 and problems[0].startswith(f"{path}:") and "invalid YAML" in problems[0]
    assert int(problems[0].split(":")[1]) >= at


def test_a_post_in_an_unknown_organization_and_a_shared_name_are_located(tmp_path: Path) -> None:
    folder = _copy_reference(tmp_path)
    path = folder / "posts.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  organization: us-fbi\n", "  organization: us-fbbi\n", 1)
    text = text.replace("aliases: [CIA Director,", "aliases: [FBI Director, CIA Director,", 1)
    path.write_text(text, encoding="utf-8")
    problems = _problems(folder)
    fbi_line = _line_of(path, "- id: us-fbi-director")
    cia_line = _line_of(path, "- id: us-cia-director")
    assert f"{path}:{fbi_line}: us-fbi-director → organization: unknown organization 'us-fbbi'" in problems
    assert any(
        p.startswith(f"{path}:{cia_line}: us-cia-director → aliases:") and "us-fbi-director" in p
        for p in problems
    )


def test_a_stray_file_is_reported(tmp_path: Path) -> None:
    folder = _copy_reference(tmp_path)
    (folder / "people.yaml").write_text("[]\n", encoding="utf-8")
    assert any("unknown reference file" in p for p in _problems(folder))


# --- summary -----------------------------------------------------------------------------------


def test_summary_counts_by_kind_and_country(reference: Reference, curated: Gazetteer) -> None:
    counts = summary(reference, curated)
    assert sum(counts["organizations"].values()) == len(reference.organizations)
    assert sum(counts["posts"].values()) == len(reference.posts)
    assert set(counts["organizations"]) <= {"US", "MX", "CA", "binational", "other"}
    assert "curated" not in counts["posts"]  # every post's organization is known with the curated gazetteer
    assert counts["organizations"]["US"] > 50 and counts["organizations"]["MX"] > 50
    table = summary_table(reference, curated)
    assert table.splitlines()[0] == "| kind | US | MX | CA | binational | other | total |"
    total = sum(len(getattr(reference, kind)) for kind in REFERENCE_KINDS)
    assert table.splitlines()[-1].endswith(f"| {total} |")
    assert isinstance(reference.posts[0], ReferencePost)
