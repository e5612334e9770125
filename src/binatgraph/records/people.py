"""People in an item: named persons with the posts the text gives them, in English and Spanish.

A person is proposed from a name and a title standing with it, before or after, in either language:
"Secretary of Economy Raquel Buenrostro", "U.S. Attorney General William P. Barr", "World Economic
Forum President Børge Brende", "Chad Wolf, acting Homeland Security secretary", "la canciller Alicia
Bárcena", "el titular de la Secretaría de Marina (SEMAR), Alejandro Gertz Manero", "Rosa
Icela Rodríguez, secretaria de Seguridad y Protección Ciudadana". Gazetteer people are found by any
of their names. Then, within one item:

- **coreference**: a partial mention ("Secretary Mayorkas", "Obrador", "Mike Pompeo" beside "Michael
  Pompeo", "Marcelo Ebrard" beside "Marcelo Ebrard Casaubón") joins the full name found elsewhere in the
  item, or the gazetteer person whose name ends that way; a lone surname that matches neither is not a
  person. Honorifics ("Dr.", "Sra.", "Lic.") never are;
- **country** follows the post or body named with the person (its country word, possessor, the
  government a ministry belongs to, the list it stands in), never a default;
- names never cross a line break, bylines and photo credits are not participants.

Everything is read word by word over bounded windows, so the cost stays linear in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple, Protocol

from binatgraph.records.gazetteer import GazetteerIndex, normalize
from binatgraph.records.linking import find_mentions
from binatgraph.schema.model import Country, Organization, ParticipantRole, Person, Post

__all__ = [
    "PersonFound",
    "SectionLike",
    "name_candidates",
    "people_of_item",
    "title_after",
    "title_before",
]


@dataclass(frozen=True)
class PersonFound:
    """A person found in an item: gazetteer id (``None`` if proposed), title, post and role."""

    name: str
    id: str | None  # gazetteer id, or None for a person proposed for review
    title: str | None = None  # as the item words it
    post: str | None = None  # gazetteer post id the title stands for
    country: Country | None = None
    role: ParticipantRole = ParticipantRole.PARTICIPANT
    taking_part: bool = True
    former: bool = False


class SectionLike(Protocol):
    """A stretch of an item (its title, body or context paragraph)."""

    @property
    def text(self) -> str: ...
    @property
    def taking_part(self) -> bool: ...
    @property
    def is_title(self) -> bool: ...


# --- vocabulary -------------------------------------------------------------------------------


def _words(*lines: str) -> frozenset[str]:
    return frozenset(normalize(w) for line in lines for w in line.split())


# Words that head or make a title, in English and Spanish (singular, plural, feminine).
TITLE_CUES = _words(
    "President Presidents President-elect Director-General "
    "Vice-President Vicepresident Secretary Secretaries Undersecretary",
    "Under-Secretary Secretary-General Minister Ministers Ambassador Ambassadors Advisor Adviser Director",
    "Commissioner Mayor Governor Governors Consul Representative Chief Head Envoy Senator Senators",
    "Congressman Congresswoman Attorney Administrator Chair Chairman Chairwoman Co-Chair Coordinator",
    "Sen Rep Gov Amb Sec Pres Spokesperson Spokesman Spokeswoman Lady Leader Premier Chancellor Admiral",
    "General Commander Officer",
    "Counselor Counsellor Negotiator Lawmaker Legislator Prosecutor Judge Justice Sheriff Delegate",
    "presidente presidenta presidentes vicepresidente vicepresidenta secretario secretaria secretarios",
    "subsecretario subsecretaria canciller cancilleres embajador embajadora embajadores ministro ministra",
    "ministros gobernador gobernadora gobernadores alcalde alcaldesa titular director directora jefe jefa",
    "exjefe exjefa expresidente expresidenta exsecretario exsecretaria comisionado comisionada senador",
    "senadora diputado diputada fiscal consul consulo representante coordinador coordinadora vocero",
    "vocera portavoz almirante comandante general asesor asesora enviado enviada mandatario mandataria",
    "procurador procuradora primer primera encargado encargada cónsul jefe titular",
)
# Ranks and honorifics: they may stand before a name but are never one, nor a whole title.
HONORIFICS = _words(
    "Dr Dra Mr Mrs Ms Miss Sr Sra Srta Lic Licenciado Licenciada Ing Mtro Mtra Don Doña Sir Dame Gen",
    "Adm Admiral almirante Lt Col Capt Hon Honorable Excmo Excma Prof Profesor Profesora C",
)
_COUNTRY_WORDS: tuple[tuple[frozenset[str], Country], ...] = (
    (
        _words(
            "US USA U.S. United-States American Americans estadounidense estadounidenses estadunidense",
            "norteamericano norteamericana EU EEUU EE.UU. Washington",
        ),
        Country.US,
    ),
    (_words("Mexico México Mexican mexicano mexicana mexicanos Mexicana Mexicano"), Country.MX),
    (_words("Canada Canadá Canadian canadiense canadienses Ottawa"), Country.CA),
    (
        _words(
            "Guatemala Guatemalan guatemalteco guatemalteca Honduras Honduran hondureño hondureña Salvadoran",
            "salvadoreño salvadoreña Cuba Cuban cubano cubana Haiti Haití Haitian haitiano haitiana Colombia",
            "Colombian colombiano colombiana Venezuela Venezuelan",
            "venezolano venezolana Brazil Brasil Brazilian",
            "brasileño brasileña Argentina Argentine argentino",
            "Chile Chilean chileno chilena Peru Perú Peruvian",
            "peruano peruana Panama Panamá Panamanian panameño panameña Nicaragua Nicaraguan nicaragüense",
            "Ecuador Ecuadorian ecuatoriano ecuatoriana España",
            "China Chinese chino china Japan Japanese Ukraine",
            "Ukrainian Russia Russian India Indian France Germany UK British Britain Belize Dominican",
        ),
        Country.OTHER,
    ),
)
_COUNTRY_PHRASES: tuple[tuple[re.Pattern[str], Country], ...] = (
    (
        re.compile(r"\b(?:united states|estados unidos|white house|casa blanca|state department)\b"),
        Country.US,
    ),
)
# Bodies and portfolios whose government is known from their name (a Mexican secretaría, a US department).
_BODY_COUNTRY: tuple[tuple[re.Pattern[str], Country], ...] = (
    (
        re.compile(
            r"\b(?:world|global|united nations|naciones unidas"
            r"|international monetary|interamerican|inter american"
            r"|organization of american|organizacion de (?:los )?estados americanos"
            r"|oas|oea|who|oms|imf|fmi|idb|bid"
            r"|oecd|ocde|eclac|cepal|world bank|banco mundial|european|wto|omc|unhcr|acnur|iom|oim|nato)\b"
        ),
        Country.OTHER,
    ),
    (
        re.compile(
            r"\b(?:secretaria|secretariat|sre|cancilleria|relaciones exteriores|foreign relations|gobernacion"
            r"|seguridad y proteccion ciudadana|security and citizen protection"
            r"|hacienda|finance and public credit"
            r"|bienestar|wellbeing|welfare|medio ambiente y recursos naturales"
            r"|environment and natural resources"
            r"|semarnat|sedena|defensa nacional|national defense|semar|marina|guardia nacional|national guard"
            r"|fiscalia general|fgr|economia|secretary of economy|secretary of the economy|sener|energia"
            r"|inm|instituto nacional|amexcid|imss|pemex|cfe|conagua|sat|sheinbaum|morena|canciller"
            r"|foreign secretary|presidency of the republic|presidencia de la republica|palacio nacional"
            r"|state of mexico|estado de mexico|cdmx|ciudad de mexico)\b"
        ),
        Country.MX,
    ),
    (
        re.compile(
            r"\b(?:department|secretary of state|state department|homeland security|dhs|cbp|ice|uscis|fbi|dea"
            r"|atf|usaid|ustr|trade representative|representante comercial|treasury|pentagon|white house"
            r"|national security council|nsc|congress|senate"
            r"|house of representatives|special presidential envoy"
            r"|assistant secretary|under secretary|undersecretary of state|subsecretario de estado"
            r"|subsecretaria de estado|secretario de estado"
            r"|secretaria de estado|deputy secretary|state secretary"
            r"|secretary of (?:commerce|labor|agriculture"
            r"|transportation|energy|defense|the treasury|the interior"
            r"|health|education|housing|veterans)|attorney general of the united states|consul general in"
            r"|consulado general|us embassy|u s embassy)\b"
        ),
        Country.US,
    ),
    (re.compile(r"\b(?:prime minister|primer ministro|global affairs|parliament|ottawa)\b"), Country.CA),
)
# Posts and bodies only one of the governments has: they outweigh the country of the list a name stands in.
_STRONG_BODY: tuple[tuple[re.Pattern[str], Country], ...] = (
    (
        re.compile(
            r"\b(?:secretary of state|state department|homeland security"
            r"|trade representative|special presidential"
            r"|(?:sub)?secretari[oa] de estado|under ?secretary of state"
            r"|white house|casa blanca|representante comercial)\b"
        ),
        Country.US,
    ),
    (
        re.compile(
            r"\b(?:relaciones exteriores|foreign relations"
            r"|seguridad y proteccion ciudadana|security and citizen"
            r"|hacienda|finance and public credit|bienestar"
            r"|wellbeing|sedena|defensa nacional|guardia nacional"
            r"|fiscalia general de la republica|gobernacion|secretaria de|secretariat of)\b"
        ),
        Country.MX,
    ),
)
# States of each country, for governors, mayors and state officials ("Chiapas Governor", "alcalde de El Paso,
# Texas"); a name both share ("Mexico") is left to the country words.
_STATES: tuple[tuple[re.Pattern[str], Country], ...] = (
    (
        re.compile(
            r"\b(?:aguascalientes|baja california(?: sur)?|campeche|chiapas|chihuahua|coahuila|colima|durango"
            r"|guanajuato|guerrero|hidalgo|jalisco|michoacan"
            r"|morelos|nayarit|nuevo leon|oaxaca|puebla|queretaro"
            r"|quintana roo|san luis potosi|sinaloa|sonora|tabasco"
            r"|tamaulipas|tlaxcala|veracruz|yucatan|zacatecas"
            r"|tijuana|ciudad juarez|juarez|monterrey|guadalajara"
            r"|mexicali|nogales sonora|reynosa|matamoros)\b"
        ),
        Country.MX,
    ),
    (
        re.compile(
            r"\b(?:alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii"
            r"|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan"
            r"|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new york"
            r"|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina"
            r"|south dakota|tennessee|texas|utah|vermont|virginia|wisconsin|wyoming|el paso|san diego|laredo"
            r"|chicago|los angeles|houston|dallas|phoenix|tucson)\b"
        ),
        Country.US,
    ),
)
# Spanish title words: a Spanish title that names no other country is a Mexican official's.
_SPANISH_TITLE = _words(
    "secretario secretaria subsecretario subsecretaria canciller titular gobernador gobernadora alcalde",
    "alcaldesa presidente presidenta jefe jefa exjefe exjefa directora comandante almirante",
    "comisionado comisionada coordinador coordinadora fiscal vocero vocera embajador embajadora",
)
# Words of titles, bodies, places, dates and sentence openers: never part of a person's name.
STOP_WORDS = _words(
    "Department Ministry Office Secretariat Agency Commission "
    "Council Committee Dialogue Framework Summit Forum",
    "Program Programme Mechanism Agreement Act Treaty University Chamber Group Board Center Centre Bureau",
    "Service Services Unit State States United Mexico "
    "Mexican America American Americas North South East West",
    "Western Eastern Northern Southern Security Affairs Republic Government Cartel Airport House Port City",
    "County International National Federal Plan Convoy Expo Fair Statement Meeting Initiative Partnership",
    "Embassy Consulate Deputy Under Assistant Acting Former Special Presidential Senior Guard Navy Army",
    "Congress Senate Trade Labor Labour Health Energy "
    "Climate Border Justice Homeland Transportation Commerce",
    "Foreign Public Safe Communities Task Force Title Joint Leaders Canada Canadian Washington California",
    "Texas Arizona Florida Coordination Protection Strategic Action Economic Economy Level High Binational",
    "Bilateral Review Midterm Resolution Phone Call Delegation Visit Tour Day Week Monday Tuesday Wednesday",
    "Thursday Friday Saturday Sunday The On In At For With And Of",
    "Institutional Context Implications Learn More Link Report Quarterly Readout Photo Photos Image Images",
    "Credit Credits Press Release News Relations Finance Defense Defence Interior Treasury Agriculture",
    "Education Environment Natural Resources Wellbeing Welfare Culture Tourism Infrastructure Communications",
    "Development Social Human Rights Migration Consular Narcotics Law Enforcement Management Budget",
    "Intelligence Policy Planning Growth Digital Industry Innovation Science Technology Hemisphere Citizen",
    "Credit Affairs Veterans Housing Urban Rural Ocean Oceans Water Waters Boundary Customs Immigration",
    "Gobierno Secretaría Secretaria Relaciones Exteriores Estado Estados Unidos México Mexicano Mexicana",
    "Nacional Federal República Fiscalía Guardia Seguridad Protección Ciudadana Hacienda Crédito Público",
    "Economía Bienestar Defensa Medio Ambiente Recursos Naturales Salud Energía Gobernación Trabajo",
    "Previsión Comercio Exterior Asuntos Oficina Presidencia Cancillería Comisión Consejo Diálogo Cumbre",
    "Foro Acuerdo Tratado Programa Iniciativa Mecanismo Frontera Fronteriza Embajada Consulado Ciudad",
    "Canadá Washington El La Los Las En Dirección General "
    "Instituto Universidad Banco Grupo Agencia Alto Nivel",
    "Internacional Internacionales Nacionales Federales Regionales Generales Exteriores Interiores Asuntos",
    "Narcóticos Cumplimiento Ley Leyes Derechos Humanos Desarrollo Social Sociales Públicas Público Pública",
    "Guatemala Honduras Salvador Cuba Haiti Haití Colombia Venezuela Brazil Brasil Argentina Chile Peru Perú",
    "Panama Panamá Nicaragua Ecuador Spain España China Japan Ukraine Russia India France Germany Europe",
    "Lunes Martes Miércoles Jueves Viernes Sábado Domingo Estadounidense Norte Sur Centroamérica",
    "Comunicado Conferencia Prensa Twitter Facebook Instagram Reuters EFE AFP AP Getty Agencia Reforma",
    "Jungle Clean River Basin Valley Gulf Pacific Caribbean Central Latin Los Angeles Chicago Dallas Miami",
    "Tijuana Enhancing Strengthening Advancing Collaborative Efforts Coalition Foundation Institute Alliance",
    "Marina Paz Minute Minuta Plaza Palacio Palace Building Hall Capitol Casa Blanca White",
    "January February March April June July August September October November December",
    "Enero Febrero Marzo Abril Mayo Junio Julio Agosto Septiembre Octubre Noviembre Diciembre",
)
# Words that open a sentence ("Hoy", "Today", "Este"): not a name's first word, but a surname may be one
# ("Serena Hoy").
_OPENERS = _words(
    "Today Yesterday Earlier Later Also Additionally Furthermore Initially Consequently Lastly Meanwhile",
    "However Both During After Before Among Este Esta Por Para Con Durante Tras Según Hoy Ayer Además",
    "Asimismo Sin Pero Sobre Cuando",
)
# Endings of common nouns, never of a name ("Promoción", "Exportaciones", "Seguridad", "Development").
_NOUN_ENDINGS = (
    "cion",
    "ciones",
    "sion",
    "siones",
    "dad",
    "dades",
    "miento",
    "mientos",
    "ncia",
    "ncias",
    "tion",
    "tions",
    "ment",
    "ments",
    "ismo",
    "ness",
    "ship",
)
# Stop words that are also given names: a name may start with one only where no title word governs it.
_SOFT_STOPS = _words("Marina Paz Luz Rosa Victoria Guadalupe Dolores Mercedes Pilar Trinidad June April May")
_MONTHS = _words("January February March April May June July August September October November December")
_PARTICLES = frozenset(
    {
        "de",
        "del",
        "la",
        "las",
        "los",
        "van",
        "von",
        "der",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "du",
        "le",
        "bin",
        "al",
        "ter",
    }
)
_CONNECTORS = frozenset(
    {
        "of",
        "for",
        "to",
        "the",
        "at",
        "in",
        "on",
        "and",
        "de",
        "del",
        "la",
        "las",
        "los",
        "el",
        "para",
        "en",
        "y",
        "a",
        "al",
        "e",
        "ante",
        "&",
    }
)
# Lower-case words a title may hold besides its cue ("head of mission of the embassy", "acting secretary").
_TITLE_WORDS = TITLE_CUES | _words(
    "acting former then interim deputy assistant associate special senior principal executive chief top",
    "ex adjunto adjunta interino interina encargada encargado general federal regional national nacional",
    "foreign affairs trade commerce security homeland state mission embassy ministry department office",
    "government presidency oficina presidencia gobierno secretaría secretaria relaciones exteriores",
    "estado despacho misión embajada cancillería mexicano mexicana estadounidense estadunidense",
    "norteamericano norteamericana canadiense americano americana federal designate electo electa",
    "saliente entrante adviser advisor affairs relations policy house presidential presidencial",
    "republican republicano republicana democratic democrat demócrata",
)
# Abbreviations a period does not end a sentence after ("Sen. Ted Cruz", "Joseph R. Biden, Jr. and").
_ABBREVIATIONS = HONORIFICS | _words("Jr Sr St Mt Sen Rep Gov Amb Sec Pres")
_MODIFIERS = _words("acting former then interim deputy incoming outgoing ex designate")
_FORMER_WORDS = _words(
    "former then ex previous outgoing exjefe exjefa expresidente expresidenta exsecretario exsecretaria"
)
_PLURAL_CUES = _words(
    "Presidents Secretaries Ministers Ambassadors Governors Senators presidentes "
    "secretarios ministros cancilleres embajadores gobernadores mandatarios"
)

# Given names common in the two countries' public life, in both languages; they tell where a name starts
# after a portfolio ("Secretary of Economy Raquel Buenrostro") and never make a name on their own.
GIVEN_NAMES = _words(
    "Aaron Adam Adrian Adriana Agustin Alan Alberto Alejandra Alejandro Alex Alexander Alexandra Alfonso",
    "Alfredo Alicia Alma Alonso Alvaro Amanda Amy Ana Andrea Andres Andrew Angel Angela Angelica Anita Ann",
    "Anna Anne Antonio Antony Anthony Araceli Ariadna Armando Arturo Augusto Aurelio Barbara Beatriz Ben",
    "Benjamin Bernardo Beth Betty Bill Blanca Bob Brenda Brian Bruce Carl Carla Carlos Carmen Carol Carolina",
    "Catherine Cecilia Cesar Charles Chad Chris Christian "
    "Christina Christopher Chrystia Claudia Clara Cristina",
    "Cuauhtemoc Dan Daniel Daniela David Deb Deborah Denise Diana Diego Dolores Donald Dora Douglas Eduardo",
    "Edward Elena Elizabeth Emilio Emily Enrique Eric Erika Ernesto Esteban Eugenio Eva Fabiola Felipe",
    "Fernanda Fernando Francisco Frank Gabriel Gabriela "
    "Gary George Gerardo Gina Gloria Graciela Greg Gregory",
    "Guadalupe Guillermo Gustavo Hector Helen Hilda Horacio Hugo Ignacio Irma Isabel Ivan Jack Jacob Jaime",
    "James Jan Jane Janet Janet Jared Jason Javier Jean Jeff Jeffrey Jennifer Jesus Jill Jim Joan Joaquin",
    "Joe Joel John Jon Jonathan Jorge Jose Josefina Joseph Juan Judith Julia Julian Julie Julio Justin Karen",
    "Karla Katherine Kathleen Kathy Kamala Ken Kenneth "
    "Kevin Kirstjen Kristen Laura Leticia Linda Lisa Lorena",
    "Lourdes Lucia Luis Luisa Luz Manuel Marcelo Marco Marcos Margarita Maria Mariana Marina Mario Mark",
    "Marta Martha Martin Marty Mary Matthew Mauricio Maximiliano Melissa Mercedes Merrick Michael Michelle",
    "Miguel Mike Monica Nancy Natalia Nicolas Norma Octavio Olga Omar Oscar Pablo Patricia Patrick Paul",
    "Paula Pedro Pete Peter Pilar Rafael Ramon Raquel Ramiro Raul Rebecca Ricardo Richard Rick Roberto",
    "Robert Rocio Rodrigo Rogelio Ron Rosa Rosario Ruben "
    "Ruth Samuel Sandra Santiago Sara Sarah Sergio Silvia",
    "Sofia Stephanie Steve Steven Susan Tatiana Teresa Thomas Tim Timothy Todd Tom Tony Valeria Veronica",
    "Vicente Victor Victoria Virginia William Xochitl Yolanda Zoe",
)
_NICKNAMES = {
    normalize(short): normalize(full)
    for short, full in (
        ("Mike", "Michael"),
        ("Bill", "William"),
        ("Will", "William"),
        ("Bob", "Robert"),
        ("Rob", "Robert"),
        ("Jim", "James"),
        ("Joe", "Joseph"),
        ("Tom", "Thomas"),
        ("Ken", "Kenneth"),
        ("Chris", "Christopher"),
        ("Tony", "Anthony"),
        ("Dick", "Richard"),
        ("Rick", "Richard"),
        ("Pete", "Peter"),
        ("Liz", "Elizabeth"),
        ("Kate", "Katherine"),
        ("Kathy", "Katherine"),
        ("Steve", "Steven"),
        ("Dan", "Daniel"),
        ("Dave", "David"),
        ("Jeff", "Jeffrey"),
        ("Matt", "Matthew"),
        ("Andy", "Andrew"),
        ("Ted", "Edward"),
        ("Ed", "Edward"),
        ("Jack", "John"),
        ("Jon", "Jonathan"),
        ("Nick", "Nicholas"),
        ("Sam", "Samuel"),
        ("Ben", "Benjamin"),
        ("Tim", "Timothy"),
        ("Greg", "Gregory"),
        ("Marty", "Martin"),
        ("Deb", "Deborah"),
        ("Alex", "Alexander"),
        ("Pepe", "Jose"),
        ("Paco", "Francisco"),
        ("Pancho", "Francisco"),
        ("Lupe", "Guadalupe"),
        ("Chuy", "Jesus"),
        ("Nacho", "Ignacio"),
        ("Memo", "Guillermo"),
        ("Lalo", "Eduardo"),
        ("Beto", "Roberto"),
    )
}

# --- tokens and name runs ------------------------------------------------------------------------

_TOKEN = re.compile(r"[@#][\w.]+|(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d+|[^\w\s]")
_POSSESSIVE = re.compile(r"['’]s$")


@lru_cache(maxsize=1 << 16)
def _word_key(word: str) -> str:
    """A word folded as names are compared (documents repeat their words: each is folded once)."""
    return normalize(_POSSESSIVE.sub("", word))


class _Tok(NamedTuple):
    """A word or punctuation mark of the text, with its span."""

    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return _word_key(self.text)

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper() and self.text[:1].isalpha()

    @property
    def possessive(self) -> bool:
        return bool(_POSSESSIVE.search(self.text))


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _is_initial(tok: _Tok, text: str) -> bool:
    return len(tok.text) == 1 and tok.cap and text[tok.end : tok.end + 1] == "."


def _joined(text: str, a: _Tok, b: _Tok) -> bool:
    """``b`` follows ``a`` on the same line with only spaces between (after an initial, ". ")."""
    gap = text[a.end : b.start]
    if gap.startswith(".") and (len(a.text) == 1 or a.key in _ABBREVIATIONS):
        gap = gap[1:]
    return 0 < len(gap) <= 3 and not gap.strip(" \t\u00a0")


def _runs(text: str, toks: Sequence[_Tok]) -> Iterator[list[_Tok]]:
    """Maximal runs of capitalised words, initials and name particles on one line."""
    run: list[_Tok] = []
    for tok in toks:
        if tok.text == "." and run and (_is_initial(run[-1], text) or run[-1].key in _ABBREVIATIONS):
            continue
        word = tok.text[:1].isalpha()
        ok = word and (tok.cap or tok.text in _PARTICLES)
        if ok and run and _joined(text, run[-1], tok) and not run[-1].possessive:
            run.append(tok)
            continue
        while run and not run[-1].cap:
            run.pop()
        if run:
            yield run
        run = [tok] if ok and tok.cap else []
    while run and not run[-1].cap:
        run.pop()
    if run:
        yield run


def _name_word(tok: _Tok, text: str) -> bool:
    return tok.cap and not _is_initial(tok, text) and tok.key not in HONORIFICS


def _tail_start(
    run: list[_Tok], text: str, governed: bool, opening: bool = False, strict: bool = True
) -> int | None:
    """Index in ``run`` where a person's name starts, or None: the longest tail with two to five name
    words and no title, body, place or date word. ``governed``: the run follows "of"/"de"/a title."""
    best: int | None = None
    for k in range(len(run) - 1, -1, -1):
        tok = run[k]
        key = tok.key
        if tok.cap and key in HONORIFICS and (len(key) > 1 or not _is_initial(tok, text)):
            break
        if (
            tok.cap
            and not _is_initial(tok, text)
            and (
                key in STOP_WORDS
                or key in TITLE_CUES
                or key.endswith(_NOUN_ENDINGS)
                or (k == 0 and key in _OPENERS)
            )
        ):
            # a given name that is also a word of bodies ("Marina", "Victoria") starts a name unless "de"/"of"
            # governs it ("secretario de Marina José Rafael ...")
            soft = key in _SOFT_STOPS and not (k == 0 and governed) and (k == 0 or k + 1 < len(run))
            month_inside = key in _MONTHS and k > 0 and run[k - 1].key in GIVEN_NAMES
            if not (soft or month_inside):
                break
        if tok.text in _PARTICLES and k > 0 and run[k - 1].text in _PARTICLES and run[k - 1].text != "de":
            break
        if _name_word(tok, text):
            best = k
    if best is None:
        return None
    names = [t for t in run[best:] if _name_word(t, text)]
    while len(names) > 5:
        best = run.index(names[1])
        names = names[1:]
    if len(names) < 2:
        return best if len(names) == 1 else None
    particle = any(t.text in _PARTICLES for t in run[best:])
    if len(names) == 2 and particle and run[best].key not in GIVEN_NAMES:
        return None  # "X de Y" with no given name: a body's words ("Asuntos ... de Narcóticos"), not a name
    # after a portfolio ("Secretary of Economy Raquel ..."), a given name tells where the name begins;
    # a run governed by "of"/"de" with none is the portfolio itself ("ministra de Pequeños Negocios")
    # a sentence's first word before a given name is no part of it ("Participó Rosa Elvira Cantú Salinas")
    if (governed or (opening and best == 0)) and run[best].key not in GIVEN_NAMES:
        for j in range(best + 1, len(run)):
            rest = [t for t in run[j:] if _name_word(t, text)]
            if run[j].key in GIVEN_NAMES and len(rest) >= 2:
                return j
        if governed and strict and best == 0:
            return None
    # a leading lone initial before a full name ("C. Javier May Rodríguez") is a form of address
    if _is_initial(run[best], text) and len(names) >= 3:
        best += 1
    return best


@dataclass(frozen=True)
class _Name:
    start: int
    end: int
    words: int  # name words (initials and particles not counted)


_RUN_WINDOW = 14


def _names_in(text: str, strict: bool = True) -> tuple[_Name, ...]:
    """The names of ``text`` (cached: extraction asks for a section's names more than once)."""
    return _names_cached(text, strict) if len(text) > 200 else tuple(_find_names(text, strict))


@lru_cache(maxsize=32)
def _names_cached(text: str, strict: bool) -> tuple[_Name, ...]:
    return tuple(_find_names(text, strict))


# Stretches of capitalised words (any Latin letters: Børge, Ávila), initials and name particles on one
# line; only these are cut into tokens. Capitals and lower-case letters never start the same branch, so the
# pattern cannot backtrack over a stretch more than once.
_LOWER_CHARS = "".join(ch for ch in map(chr, range(0x250)) if ch.islower())
_CAP_WORD = rf"(?![{re.escape(_LOWER_CHARS)}])[^\W\d_][^\W\d_]*(?:['’\-][^\W\d_]+)*\.?"
_RUN_TEXT = re.compile(
    rf"{_CAP_WORD}(?:[ \t\u00a0]{{1,3}}(?:{_CAP_WORD}|(?:{'|'.join(sorted(_PARTICLES))})(?![\w'’\-])))*"
)


def _find_names(text: str, strict: bool = True) -> Iterator[_Name]:
    toks = [
        _Tok(t.text, t.start + m.start(), t.end + m.start())
        for m in _RUN_TEXT.finditer(text)
        for t in _tokens(m.group(0))
    ]
    for run in _runs(text, toks):
        governed = opening = False
        if len(run) > _RUN_WINDOW:
            run = run[-_RUN_WINDOW:]  # a name is the tail of its run: bounded work per run
        else:
            before = text[max(0, run[0].start - 12) : run[0].start]
            governed = bool(re.search(r"\b(?:of|for|de|del|para|la|el|in|at|en)\s+$", before, re.I))
            opening = not before.strip() or bool(re.search(r"[.!?:;]\s+$", before))
        start = _tail_start(run, text, governed, opening, strict)
        if start is None:
            continue
        tail = run[start:]
        last = tail[-1]
        end = last.end - (2 if last.possessive else 0)
        yield _Name(tail[0].start, end, sum(1 for t in tail if _name_word(t, text)))


def name_candidates(text: str) -> Iterator[tuple[int, int]]:
    """Spans that read as a person's full name (two to five name words) on one line.

    >>> text = "Secretary of Economy Raquel Buenrostro met Dr. Ana de la Cruz.\\nAlicia Bárcena\\nOfficials"
    >>> [text[s:e] for s, e in name_candidates(text)]
    ['Raquel Buenrostro', 'Ana de la Cruz', 'Alicia Bárcena']
    """
    for name in _names_in(text):
        if name.words >= 2:
            yield name.start, name.end


# --- titles --------------------------------------------------------------------------------------


def _sentence_window(text: str, start: int, size: int = 180) -> tuple[int, str]:
    line_start = text.rfind("\n", max(0, start - size), start) + 1
    lo = max(line_start, start - size)
    return lo, text[lo:start]


def _is_cue(tok: _Tok) -> bool:
    return (tok.key in TITLE_CUES and tok.key not in HONORIFICS) or tok.key in _PLURAL_CUES


def _title_tokens_before(text: str, start: int) -> tuple[list[_Tok], _Tok | None]:
    """The title's tokens right before ``start``, and the possessor that owns it ("Mexico’s")."""
    lo, window = _sentence_window(text, start)
    toks = list(_tokens(window))
    toks = [_Tok(t.text, t.start + lo, t.end + lo) for t in toks]
    # drop a trailing comma (apposition) and honorifics/initials ("Governor Dr.", "Wellbeing C.")
    if toks and toks[-1].text == ",":
        toks.pop()
    while toks and (
        (
            toks[-1].text == "."
            and len(toks) > 1
            and (len(toks[-2].text) == 1 or toks[-2].key in _ABBREVIATIONS)
        )
        or (toks[-1].cap and toks[-1].key in HONORIFICS)
    ):
        toks.pop()
    if toks and toks[-1].key in {"and", "y", "e"}:
        return [], None  # "X, y Todd Robinson": the title before belongs to X
    taken: list[_Tok] = []
    commas = 0
    possessor: _Tok | None = None
    i = len(toks) - 1
    while i >= 0:
        tok = toks[i]
        t = tok.text
        if t == ",":
            if any(_is_cue(x) for x in taken) or commas >= 2 or _names_a_person(taken):
                break
            commas += 1
            taken.insert(0, tok)
            i -= 1
            continue
        if t == ")" and i >= 2 and toks[i - 2].text == "(" and toks[i - 1].text.isupper():
            taken[0:0] = toks[i - 2 : i + 1]
            i -= 3
            continue
        if t == "." and i > 0 and (len(toks[i - 1].text) == 1 or "." in toks[i - 1].text):
            i -= 1
            continue
        if not t[:1].isalpha():
            break
        if tok.possessive and taken:
            possessor = tok
            break
        key = tok.key
        if key in {"and", "y", "e"} and any(_is_cue(x) for x in taken):
            break
        if tok.cap or key in _CONNECTORS or key in _TITLE_WORDS or t in _PARTICLES:
            taken.insert(0, tok)
            i -= 1
            continue
        break
    cues = [k for k, x in enumerate(taken) if _is_cue(x)]
    if not cues:
        return [], None
    first = cues[0]
    begin = first
    while begin > 0:
        prev = taken[begin - 1]
        if (
            prev.text == ","
            or (prev.key in _CONNECTORS and prev.key not in {"the"})
            or prev.text in _PARTICLES
        ):
            break
        if not (prev.cap or prev.key in _MODIFIERS or prev.key in _COUNTRY_ADJ):
            break
        if prev.key == "the":
            break
        begin -= 1
    title = taken[begin:]
    while title and (
        title[-1].key in _CONNECTORS or title[-1].text in {",", "("} or title[-1].key in HONORIFICS
    ):
        title.pop()
    if possessor is not None and begin > 0:
        possessor = None
    return title, possessor


_COUNTRY_ADJ = frozenset(w for words, _ in _COUNTRY_WORDS for w in words)


def _names_a_person(toks: Sequence[_Tok]) -> bool:
    """Whether a stretch holds a capitalised word that is neither a title, body or place word nor governed
    by "of"/"de": a name, so a title cannot run across it."""
    for k, tok in enumerate(toks):
        if (
            tok.cap
            and tok.key not in STOP_WORDS
            and tok.key not in TITLE_CUES
            and not tok.key.endswith(_NOUN_ENDINGS)
            and (k == 0 or (toks[k - 1].key not in _CONNECTORS and not toks[k - 1].cap))
        ):
            return True
    return False


def _text_of(text: str, toks: Sequence[_Tok]) -> str:
    return text[toks[0].start : toks[-1].end] if toks else ""


def title_before(text: str, start: int) -> str | None:
    """The title that ends right before a name at ``start``.

    >>> s = "Mexico’s Secretary of Economy Raquel Buenrostro"
    >>> title_before(s, s.index("Raquel"))
    'Secretary of Economy'
    >>> s = "el titular de la Secretaría de Marina (SEMAR), Alejandro Gertz Manero"
    >>> title_before(s, s.index("Alejandro"))
    'titular de la Secretaría de Marina (SEMAR)'
    """
    toks, _ = _title_tokens_before(text, start)
    return _text_of(text, toks) or None


def title_after(text: str, end: int) -> str | None:
    """An appositive title right after a name: "Chad Wolf, acting Homeland Security secretary, said".

    >>> s = "Rosa Icela Rodríguez, secretaria de Seguridad y Protección Ciudadana, dijo"
    >>> title_after(s, len("Rosa Icela Rodríguez"))
    'secretaria de Seguridad y Protección Ciudadana'
    """
    match = re.match(r",[ \t]+", text[end : end + 4])
    if not match:
        return None
    lo = end + match.end()
    line_end = text.find("\n", lo)
    hi = min(lo + 200, line_end if line_end >= 0 else len(text))
    toks = [_Tok(t.text, t.start + lo, t.end + lo) for t in _tokens(text[lo:hi])]
    taken: list[_Tok] = []
    seen_cue = False
    i = 0
    while i < len(toks):
        tok = toks[i]
        t = tok.text
        if t == "(" and i + 2 < len(toks) and toks[i + 2].text == ")" and toks[i + 1].text.isupper():
            taken.extend(toks[i : i + 3])
            i += 3
            continue
        if (
            t == ","
            and seen_cue
            and i + 1 < len(toks)
            and toks[i + 1].cap
            and _is_state(toks[i + 1].text)
            and (i + 2 >= len(toks) or not toks[i + 2].text[:1].isalpha())
        ):
            taken.extend(toks[i : i + 2])  # "alcalde de El Paso, Texas"
            i += 2
            continue
        if not t[:1].isalpha():
            break
        key = tok.key
        if _is_cue(tok):
            seen_cue = True
        elif not seen_cue and len(taken) >= 5:
            return None
        if tok.cap and seen_cue and key not in STOP_WORDS and key not in TITLE_CUES and taken:
            prev = taken[-1]
            if not (prev.key in _CONNECTORS or prev.cap):
                break
            if key in GIVEN_NAMES and prev.key not in _CONNECTORS:
                break
        if tok.cap or key in _CONNECTORS or key in _TITLE_WORDS:
            taken.append(tok)
            i += 1
            continue
        break
    if taken and taken[0].key in {"the", "el", "la"}:
        taken = taken[1:]
    while taken and (taken[-1].key in _CONNECTORS or taken[-1].key in HONORIFICS or taken[-1].text == "("):
        taken.pop()
    if not seen_cue or not taken or not any(_is_cue(t) for t in taken[:5]):
        return None
    # "President A, Foreign Minister B and ...": the words after the comma are B's title, not A's
    stop = taken[-1].end - lo
    rest = text[lo + stop : min(hi, lo + stop + 80)]
    gap = len(rest) - len(rest.lstrip())
    if gap > 0 and any(n.words >= 2 and n.start == gap for n in _names_in(rest)):
        return None
    return _text_of(text, taken)


# --- country ---------------------------------------------------------------------------------------


def _is_state(word: str) -> bool:
    return any(pattern.fullmatch(normalize(word)) for pattern, _ in _STATES)


def _country_in(phrase: str) -> Country | None:
    """The country a title or body names by a country word ("U.S.", "mexicano", "de Canadá"), skipping
    the destination of a post ("Ambassador to Mexico", "Consul General in Tijuana")."""
    text = re.sub(
        r"\b(?:to|in|en|ante|a)\s+(?:the\s+|los\s+)?(?:U\.S\.|US"
        r"|United States|Estados Unidos|México|Mexico|Canada|Canadá)\b",
        " ",
        phrase,
    )
    first: tuple[int, Country] | None = None
    for words, country in _COUNTRY_WORDS:
        for tok in _tokens(text):
            if (
                tok.key in words
                and (tok.cap or tok.text.islower())
                and (first is None or tok.start < first[0])
            ):
                first = (tok.start, country)
                break
    key = " " + normalize(text) + " "
    for pattern, country in _COUNTRY_PHRASES:
        match = pattern.search(key)
        if match and (first is None or match.start() < first[0]):
            first = (match.start(), country)
    return first[1] if first else None


def _country_of_body(phrase: str) -> Country | None:
    key = normalize(phrase)
    for pattern, country in _BODY_COUNTRY:
        if pattern.search(key):
            return country
    return None


def _country_from_index(phrase: str, index: GazetteerIndex) -> Country | None:
    for mention in find_mentions(phrase, index, {"posts", "organizations", "places"}):
        entity = mention.entity
        if isinstance(entity, Post):
            org = index.get(entity.organization)
            if isinstance(org, Organization):
                return org.country
            continue
        country = getattr(entity, "country", None)
        if isinstance(country, Country) and country is not Country.BINATIONAL:
            return country
    return None


_LIST_WORDS = (
    _CONNECTORS
    | _TITLE_WORDS
    | _words(
        "with por con together along delegation delegación "
        "from led by headed parte asistió asistieron participó",
        "participaron estuvieron attended joined",
    )
)


def _country_from_list(text: str, start: int) -> Country | None:
    """The country word that opens the list a name stands in ("met with Mexico’s President A, Minister
    of B C, Secretary D"): only titles, names, commas and "and" lie between it and the name."""
    _lo, window = _sentence_window(text, start, 400)
    toks = _tokens(window)
    for k in range(len(toks) - 1, -1, -1):
        tok = toks[k]
        t = tok.text
        if t in {".", ":"} and not (k > 0 and len(toks[k - 1].text) <= 2):
            if t == ":" and k > 0 and toks[k - 1].key in _COUNTRY_ADJ:
                return _country_in(toks[k - 1].text)
            if t != ":":
                return None
        if t[:1].isalpha() and not tok.cap and tok.key not in _LIST_WORDS:
            return None
        if tok.key in _COUNTRY_ADJ and (
            tok.possessive or tok.key in _words("mexican canadian estadounidense")
        ):
            return _country_in(tok.text)
        if tok.cap and tok.key in _COUNTRY_ADJ and k > 0 and toks[k - 1].key in {"por", "from", "de"}:
            return _country_in(tok.text)
        if (
            tok.key == "states"
            and k > 1
            and toks[k - 1].key == "united"
            and toks[k - 2].key in {"the", "from"}
        ):
            return Country.US
    return None


# --- finding and merging ---------------------------------------------------------------------------


@dataclass
class _Hit:
    name: str
    start: int
    entity: Person | None
    title: str | None
    country: Country | None
    role: ParticipantRole
    taking_part: bool
    former: bool
    full: bool  # a full name (two or more name words), not a surname alone
    order: int = 0
    headline: bool = False  # found in a Title Case headline, whose title words are unreliable


_LEADER = re.compile(
    r"\b(?:led by|headed by|chaired by|presided by|encabezad[ao]s? por|presidid[ao]s? por|liderad[ao]s? por)"
    r"\s*(?:the\s+|el\s+|la\s+)?[^,.;]{0,60}$",
    re.I,
)
_HOST = re.compile(r"\b(?:received|welcomed|hosted|recibió|recibio)\b", re.I)
_CREDIT_BEFORE = re.compile(
    r"(?:^|\n)[ \t]*(?:By|Por|Photo:|Foto:)[ \t]*$|\b(?:Photo|Foto|Photos|Fotos) (?:by|de|por)\s*$", re.I
)
_CREDIT_AFTER = re.compile(r"[ \t]*/[ \t]*[A-Z]")


def _excluded(text: str, start: int, end: int) -> bool:
    """Bylines, photo credits and handles: names that are not participants."""
    before = text[max(0, start - 20) : start]
    if _CREDIT_BEFORE.search(before) or _CREDIT_AFTER.match(text[end : end + 4]):
        return True
    return text[start - 1 : start] in {"@", "#", "_"}


def _compound(text: str, start: int, end: int) -> bool:
    """A surname in a compound ("the Biden-Harris administration"), not a mention of the person."""
    return bool(
        re.match(r"-[A-ZÁÉÍÓÚÑ]", text[end : end + 2])
        or re.search(r"[A-Za-z]-$", text[max(0, start - 1) : start])
    )


def _section_hits(
    section: SectionLike, index: GazetteerIndex, taken: list[tuple[int, int]], order: int
) -> list[_Hit]:
    text = section.text
    taken_spans = _Spans(taken)
    names = [n for n in _names_in(text) if not taken_spans.overlaps((n.start, n.end))]
    name_starts = [n.start for n in names]
    known = [
        m
        for m in find_mentions(text, index, {"people"})
        if not _excluded(text, m.start, m.end) and not _compound(text, m.start, m.end)
    ]
    spans: list[tuple[int, int, Person | None, int]] = []
    for m in known:
        start = m.start
        # an alias that carries its title ("President López Obrador"): the name starts after it
        for tok in _tokens(m.text):
            if not (_is_cue(tok) or tok.key in HONORIFICS or tok.key in _COUNTRY_ADJ):
                start = m.start + tok.start
                break
        other = False
        at = bisect_right(name_starts, m.start) - 1
        for n in names[max(at, 0) : at + 1]:
            if n.start <= m.start < n.end:
                start = min(start, n.start)
                # "Jill Biden" is not Joe Biden, whose alias "Biden" it holds
                other = n.words >= 2 and not any(
                    same_person(text[n.start : n.end], x) for x in m.entity.names() if len(_name_keys(x)) > 1
                )
        if isinstance(m.entity, Person) and not other:
            spans.append((start, max(m.end, start), m.entity, 2))
    known_spans = _Spans((s, e) for s, e, _, _ in spans)
    for n in names:
        if known_spans.overlaps((n.start, n.end)) or _excluded(text, n.start, n.end):
            continue
        spans.append((n.start, n.end, None, n.words))
    hits: list[_Hit] = []
    headline = section.is_title and _title_case(text)
    for start, end, entity, words in sorted(spans, key=lambda s: s[0]):
        toks, possessor = _title_tokens_before(text, start)
        before = _text_of(text, toks) or None
        title = before
        after = title_after(text, end)
        if title is None or normalize(title) in HONORIFICS:
            title = after or title
        if entity is None and title is None:
            continue
        if entity is None and words >= 2 and headline:
            continue  # headlines are in Title Case: new full names come from the prose
        name = text[start:end]
        former = bool(title and normalize(title).split()[:1] and normalize(title).split()[0] in _FORMER_WORDS)
        country = _country(text, start, title, possessor, index)
        if title:
            title = _strip_possessor(title)
        hits.append(
            _Hit(
                name=name,
                start=start,
                entity=entity,
                title=title,
                country=country,
                role=ParticipantRole.LEADER
                if _LEADER.search(text[max(0, start - 120) : start])
                else ParticipantRole.PARTICIPANT,
                taking_part=section.taking_part and not former,
                former=former,
                full=entity is not None or words >= 2,
                order=order + start,
                headline=headline,
            )
        )
    for host in _hosts(text, [h.start for h in hits]):
        for h in hits:
            if h.start == host and h.role is ParticipantRole.PARTICIPANT:
                h.role = ParticipantRole.HOST
    return hits


def _title_case(text: str) -> bool:
    """Whether most words are capitalised, as in a headline (a document's first sentence may be its title)."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 3]
    return not words or sum(1 for w in words if w[0].isupper()) >= 0.6 * len(words)


def _strip_possessor(title: str) -> str:
    return re.sub(r"^(?:[A-ZÁÉÍÓÚ][\w.]*\s+){0,3}?[A-ZÁÉÍÓÚ][\w.]*['’]s\s+", "", title)


def _country(
    text: str, start: int, title: str | None, possessor: _Tok | None, index: GazetteerIndex
) -> Country | None:
    if possessor is not None:
        found = _country_in(possessor.text) or _country_from_index(possessor.text, index)
        if found is None:
            people = index.lookup(possessor.key, "people")
            found = people[0].country if people and isinstance(people[0], Person) else None
        if found is None:
            found = _country_of_body(possessor.text)
        if found is not None:
            return found
    if title:
        found = _country_of_body(title) if _country_of_body(title) is Country.OTHER else None
        found = found or _country_in(title)
        if found is not None:
            return found
        key = normalize(title)
        where = re.sub(r"\b(?:to|in|en|ante)\s+\w+(?:\s+\w+)?", " ", key)  # a post's seat, not its side
        for pattern, country in _STRONG_BODY:
            if pattern.search(key):
                return country
        for pattern, country in _STATES:
            if pattern.search(where):
                return country
    listed = _country_from_list(text, start)
    if listed is not None:
        return listed
    if title:
        found = _country_from_index(title, index) or _country_of_body(title)
        key = normalize(title)
        for pattern, country in _STATES:
            if found is None and pattern.search(key):
                found = country
        if found is None and set(key.split()) & _SPANISH_TITLE:
            found = Country.MX
        return found
    return None


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts: after the last ". " that ends no abbreviation or initial
    ("Joseph R. Biden, Jr. and ...")."""
    floor = max(0, pos - 600)
    at = text.rfind(". ", floor, pos)
    for _ in range(8):
        word = re.search(r"(\S+)$", text[max(0, at - 6) : at]) if at > 0 else None
        if (
            at <= 0
            or word is None
            or not (len(word.group(1)) <= 2 or normalize(word.group(1)) in _ABBREVIATIONS)
        ):
            break
        at = text.rfind(". ", floor, at)
    return max(at, floor)


def _hosts(text: str, starts: Sequence[int]) -> set[int]:
    """Starts of people named in a clause before "received" ("X and Y received Z")."""
    hosts: set[int] = set()
    ordered = sorted(starts)
    for match in _HOST.finditer(text):
        pos = match.start()
        sentence_start = max(_sentence_start(text, pos), text.rfind("\n", max(0, pos - 600), pos), 0)
        hosts.update(ordered[bisect_left(ordered, sentence_start) : bisect_left(ordered, pos)])
    return hosts


def _overlaps(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


class _Spans:
    """Spans kept sorted by start, for overlap tests in logarithmic time (spans may nest or overlap, so
    the longest span seen bounds how far back one may start)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.spans = sorted(spans)
        self.longest = max((e - s for s, e in self.spans), default=0)

    def add(self, span: tuple[int, int]) -> None:
        insort(self.spans, span)
        self.longest = max(self.longest, span[1] - span[0])

    def overlaps(self, span: tuple[int, int]) -> bool:
        lo = bisect_left(self.spans, (span[0] - self.longest, -1))
        hi = bisect_left(self.spans, (span[1], -1))
        return any(span[0] < e and s < span[1] for s, e in self.spans[lo:hi])


def _name_keys(name: str) -> list[str]:
    return [w for w in normalize(name).split() if len(w) > 1 and w not in _PARTICLES and w not in HONORIFICS]


def _given_compatible(a: str, b: str) -> bool:
    a, b = _NICKNAMES.get(a, a), _NICKNAMES.get(b, b)
    return a == b or a.startswith(b) or b.startswith(a)


def same_person(a: str, b: str) -> bool:
    """Whether two names in one item name the same person.

    >>> same_person("Mike Pompeo", "Michael Pompeo"), same_person("Marcelo Ebrard", "Marcelo Ebrard Casaubón")
    (True, True)
    >>> same_person("Ovidio Guzmán López", "Joaquín Guzmán Loera")
    False
    >>> same_person("Rodríguez", "Rosa Icela Rodríguez")
    True
    """
    ka, kb = _name_keys(a), _name_keys(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long_ = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    if len(short) == 1:
        # a surname alone: one of the full name's surnames
        return len(long_) > 1 and short[0] in long_[1:]
    if set(short) <= set(long_):
        return True  # "Marcelo Ebrard" in "Marcelo Ebrard Casaubón", "López Obrador"
    if not _given_compatible(short[0], long_[0]):
        return False
    return bool(set(short[1:]) & set(long_[1:]))


@cache
def _surname_table(index: GazetteerIndex) -> dict[str, tuple[Person, ...]]:
    """Gazetteer people by the last word of each of their full names, built once per index."""
    table: dict[str, dict[str, Person]] = {}
    for entity in index.gazetteer.people:
        for name in entity.names():
            keys = _name_keys(name)
            if len(keys) > 1:
                table.setdefault(keys[-1], {})[entity.id] = entity
    return {key: tuple(found.values()) for key, found in table.items()}


def _gazetteer_by_surname(key: str, index: GazetteerIndex) -> Person | None:
    found = _surname_table(index).get(key, ())
    return found[0] if len(found) == 1 else None


@dataclass
class _Cluster:
    hits: list[_Hit]
    names: set[str]  # the distinct full names written for the person
    entity: Person | None = None

    @property
    def name(self) -> str:
        if self.entity is not None:
            return self.entity.name
        return max(self.names, key=lambda n: (len(_name_keys(n)), len(n), n))

    def same(self, name: str) -> bool:
        return any(same_person(name, n) for n in self.names) or (
            self.entity is not None and same_person(name, self.entity.name)
        )


class _Clusters:
    """The people of one item, found by gazetteer id or by any word of a name written for them."""

    def __init__(self) -> None:
        self.all: list[_Cluster] = []
        self.by_entity: dict[str, _Cluster] = {}
        self.by_word: dict[str, list[_Cluster]] = {}

    def find(self, hit: _Hit) -> _Cluster | None:
        if hit.entity is not None and hit.entity.id in self.by_entity:
            return self.by_entity[hit.entity.id]
        seen: set[int] = set()
        for word in _name_keys(hit.name):
            for cluster in self.by_word.get(word, ()):
                if id(cluster) in seen:
                    continue
                seen.add(id(cluster))
                if hit.entity is not None and cluster.entity is not None:
                    continue  # two gazetteer people are two people
                if cluster.same(hit.name) or (hit.entity is not None and cluster.same(hit.entity.name)):
                    return cluster
        return None

    def add(self, hit: _Hit, cluster: _Cluster | None) -> None:
        if cluster is None:
            cluster = _Cluster([], set())
            self.all.append(cluster)
        cluster.hits.append(hit)
        if hit.entity is not None and cluster.entity is None:
            cluster.entity = hit.entity
            self.by_entity[hit.entity.id] = cluster
            self._index(cluster, hit.entity.name)
        if hit.full and hit.name not in cluster.names:
            cluster.names.add(hit.name)
            self._index(cluster, hit.name)

    def _index(self, cluster: _Cluster, name: str) -> None:
        for word in _name_keys(name):
            bucket = self.by_word.setdefault(word, [])
            if cluster not in bucket:
                bucket.append(cluster)


def people_of_item(
    sections: Sequence[tuple[SectionLike, list[tuple[int, int]]]], index: GazetteerIndex
) -> tuple[PersonFound, ...]:
    """Every person an item names, each once, partial mentions merged into their full names."""
    hits: list[_Hit] = []
    for k, (section, taken) in enumerate(sections):
        hits.extend(_section_hits(section, index, taken, order=k << 32))
    # full names written without a title ("Photo of Donald Trump"): a surname elsewhere may stand for one
    loose: dict[str, dict[str, None]] = {}
    for section, _ in sections:
        for found in _names_in(section.text, strict=False):
            start, end = found.start, found.end
            if found.words >= 2 and not _excluded(section.text, start, end):
                name = section.text[start:end]
                for word in _name_keys(name)[1:]:
                    loose.setdefault(word, {})[name] = None
    clusters = _Clusters()
    # gazetteer people and full names first, then partial mentions
    for hit in sorted(hits, key=lambda h: (not h.full, h.entity is None, h.order)):
        target = clusters.find(hit)
        if target is None and not hit.full:
            keys = _name_keys(hit.name)
            entity = _gazetteer_by_surname(keys[-1], index) if keys else None
            full = (
                next((n for n in loose.get(keys[-1], ()) if same_person(hit.name, n)), None) if keys else None
            )
            if entity is None and full is None:
                continue  # a surname alone names no one the item or the gazetteer knows
            if entity is not None:
                hit.entity = entity
                target = clusters.by_entity.get(entity.id)
            else:
                hit.name, hit.full = full or hit.name, True
                target = clusters.find(hit)
        if target is None and hit.entity is None:
            keys = _name_keys(hit.name)
            entity = _gazetteer_by_surname(keys[-1], index) if keys else None
            if entity is not None and same_person(hit.name, entity.name):
                hit.entity = entity
                target = clusters.by_entity.get(entity.id)
        clusters.add(hit, target)
    out: list[PersonFound] = []
    for cluster in sorted(clusters.all, key=lambda c: min(h.order for h in c.hits)):
        entity = cluster.entity
        # what the prose says about a person before what a headline or a surname alone does
        ordered = sorted(cluster.hits, key=lambda h: (h.headline, not h.full, h.order))
        titled = [h for h in ordered if h.title]
        title = next((h.title for h in titled if h.full), titled[0].title if titled else None)
        country = (
            entity.country if entity is not None else next((h.country for h in ordered if h.country), None)
        )
        roles = [h.role for h in ordered if h.role is not ParticipantRole.PARTICIPANT]
        out.append(
            PersonFound(
                name=cluster.name,
                id=entity.id if entity is not None else None,
                title=title,
                post=_post_for_title(title, index),
                country=country,
                role=roles[0] if roles else ParticipantRole.PARTICIPANT,
                taking_part=any(h.taking_part for h in cluster.hits),
                former=all(h.former for h in cluster.hits),
            )
        )
    return tuple(out)


def _post_for_title(title: str | None, index: GazetteerIndex) -> str | None:
    if not title:
        return None
    for mention in find_mentions(title, index, {"posts"}):
        return mention.entity.id
    return None
