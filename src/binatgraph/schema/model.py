"""The data model: pydantic records for reports, events and the entities they mention.

Declared once, these records drive everything downstream: the curated YAML in ``data/`` is
validated against them, ``rdf.py`` turns them into triples, and the ingest pipeline produces
them as drafts. Entities live in the gazetteer and are referred to by their ``id`` (a slug);
events refer to entities only through those ids.

Examples
--------
>>> from binatgraph.schema.model import PartialDate, Event
>>> PartialDate.parse("2023-04").precision.value
'month'
>>> Event(type="visit", title="A visit", date="2022-02-09",
...       participants=[{"person": "john-kerry"}]).date.iso
'2022-02-09'
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StringConstraints,
    model_validator,
)
from pydantic_core import core_schema

__all__ = [
    "Country",
    "DatePrecision",
    "Entity",
    "Event",
    "EventType",
    "Gazetteer",
    "Institution",
    "ItemSpans",
    "Mentions",
    "OrgKind",
    "Organization",
    "PartialDate",
    "ParticipantRole",
    "Participation",
    "Person",
    "PersonRef",
    "Pillar",
    "Place",
    "PlaceKind",
    "Post",
    "Reference",
    "ReferenceInstitution",
    "ReferenceOrganization",
    "ReferencePlace",
    "ReferencePost",
    "Report",
    "ReportItem",
    "Slug",
    "Span",
    "Topic",
]

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
"""An entity id: lower-case words joined by hyphens. It becomes the last segment of the IRI."""

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Record(BaseModel):
    """Base of every record: unknown fields are errors, so a typo in YAML is caught, not dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


# --- controlled vocabularies -------------------------------------------------------------------


class Country(StrEnum):
    """Whose side an entity belongs to. ``binational`` is for bodies both governments run."""

    US = "US"
    MX = "MX"
    CA = "CA"
    BINATIONAL = "binational"
    OTHER = "other"


class EventType(StrEnum):
    """What kind of happening an event is; each value is a subclass of schema:Event."""

    VISIT = "visit"
    MEETING = "meeting"
    DIALOGUE_SESSION = "dialogue_session"
    JOINT_STATEMENT = "joint_statement"
    AGREEMENT_SIGNING = "agreement_signing"
    DECREE = "decree"
    PHONE_CALL = "phone_call"
    SUMMIT = "summit"
    FORUM = "forum"
    ANNOUNCEMENT = "announcement"
    RESOLUTION = "resolution"
    OTHER = "other"


class Pillar(StrEnum):
    """The four pillars of the CBI framework of binational institutions."""

    AGREEMENT = "agreement"
    DIALOGUE_MECHANISM = "dialogue_mechanism"
    ORGANIZATION = "organization"
    PROGRAM = "program"


class ParticipantRole(StrEnum):
    """The part a person played in an event (a SEM role type)."""

    PARTICIPANT = "participant"
    LEADER = "leader"  # led a delegation or chaired the meeting
    HOST = "host"  # received the others


class OrgKind(StrEnum):
    """What sort of organization; decides its schema.org class."""

    GOVERNMENT = "government"  # ministries, agencies, offices, embassies, consulates, cities
    LEGISLATURE = "legislature"
    COMPANY = "company"
    UNIVERSITY = "university"
    NGO = "ngo"  # civil society, chambers of commerce, unions, associations
    CRIMINAL = "criminal"  # cartels and trafficking networks named as actors
    OTHER = "other"


class PlaceKind(StrEnum):
    """What sort of place a :class:`Place` is."""

    COUNTRY = "country"
    STATE = "state"
    CITY = "city"
    REGION = "region"
    VENUE = "venue"


class DatePrecision(StrEnum):
    """How much of a date is stated: the year, the month, or the day."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


# --- value types -------------------------------------------------------------------------------

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, the month or only the year.

    Reports state dates at different precisions; a month must not be silently turned into its
    first day. Ordering compares the earliest day the value can stand for.

    >>> PartialDate.parse("2022-06").latest
    datetime.date(2022, 6, 30)
    >>> PartialDate.parse(dt.date(2022, 1, 31)).iso
    '2022-01-31'
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not 1-12")
        if self.day is not None:
            dt.date(self.year, self.month or 1, self.day)  # raises on 31 February

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, an int year or a ``datetime.date``."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            return cls(value)
        if isinstance(value, str):
            match = _PARTIAL_DATE.match(value.strip())
            if match:
                year, month, day = match.groups()
                return cls(int(year), int(month) if month else None, int(day) if day else None)
        raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")

    @property
    def precision(self) -> DatePrecision:
        if self.day is not None:
            return DatePrecision.DAY
        if self.month is not None:
            return DatePrecision.MONTH
        return DatePrecision.YEAR

    @property
    def iso(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    @property
    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        return self.iso

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda d: d.iso),
        )


# --- entities (the gazetteer) ------------------------------------------------------------------


class Entity(_Record):
    """Something the gazetteer knows by a canonical name and any number of aliases."""

    id: Slug
    name: NonEmpty
    aliases: tuple[NonEmpty, ...] = ()

    def names(self) -> tuple[str, ...]:
        """Every name this entity is known by: canonical name, acronym if any, aliases."""
        acronym = getattr(self, "acronym", None)
        return (self.name, *((acronym,) if acronym else ()), *self.aliases)


class Person(Entity):
    """A person named in the reports: an official, a legislator, a head of state..."""

    country: Country


class Organization(Entity):
    """A government body, agency, company or other organization (not a binational institution)."""

    acronym: NonEmpty | None = None
    kind: OrgKind = OrgKind.GOVERNMENT
    country: Country
    parent: Slug | None = Field(default=None, description="id of the organization this one is part of")


class Institution(Entity):
    """A binational institution in one pillar of the CBI framework."""

    acronym: NonEmpty | None = None
    pillar: Pillar
    countries: tuple[Country, ...] = (Country.US, Country.MX)
    part_of: tuple[Slug, ...] = Field(default=(), description="ids of institutions this one belongs to")
    established: PartialDate | None = None


class Place(Entity):
    """A country, state, city, region or venue; ``within`` names the place that contains it."""

    kind: PlaceKind
    country: Country
    within: Slug | None = Field(default=None, description="id of the place that contains this one")


class Topic(Entity):
    """A subject events are about; ``broader`` names a wider topic."""

    broader: Slug | None = None


class Post(Entity):
    """A position in an organization that exists apart from whoever holds it (org:Post).

    ``name`` is the canonical title; ``aliases`` are the other wordings reports use for it.
    ``organization`` is the id of an organization, or of an institution of the organization
    pillar (a commissioner of the IBWC holds a post in the IBWC itself).
    """

    organization: Slug


class Gazetteer(_Record):
    """All canonical entities, by kind. Cross-references are checked by ``binatgraph.records.dataset``."""

    people: tuple[Person, ...] = ()
    organizations: tuple[Organization, ...] = ()
    institutions: tuple[Institution, ...] = ()
    places: tuple[Place, ...] = ()
    topics: tuple[Topic, ...] = ()
    posts: tuple[Post, ...] = ()


# --- the reference gazetteer (data/reference/): known bodies and posts, for linking only ----------

class ReferenceOrganization(Organization):
    """An organization of the reference gazetteer: a curated-style record that says what it rests on."""

    basis: NonEmpty = Field(description="what the entry rests on: an official site, a law, a usage")


class ReferenceInstitution(Institution):
    """A binational body of the reference gazetteer (organization pillar), with what it rests on."""

    basis: NonEmpty = Field(description="what the entry rests on: an official site, a law, a usage")


class ReferencePost(Post):
    """A post of the reference gazetteer, with what it rests on."""

    basis: NonEmpty = Field(description="what the entry rests on: an official site, a law, a usage")


class ReferencePlace(Place):
    """A place of the reference gazetteer (a state, city or region), with what it rests on."""

    basis: NonEmpty = Field(description="what the entry rests on: an official site, a law, a usage")


class Reference(_Record):
    """The reference gazetteer: bodies and posts that link mentions but enter the graph only once promoted.

    Its entries never repeat an id or a name of the curated :class:`Gazetteer` (the curated entry
    wins); ``binatgraph.records.reference`` loads and checks it.
    """

    organizations: tuple[ReferenceOrganization, ...] = ()
    institutions: tuple[ReferenceInstitution, ...] = ()
    posts: tuple[ReferencePost, ...] = ()
    places: tuple[ReferencePlace, ...] = ()


# --- events and their provenance ---------------------------------------------------------------


class PersonRef(_Record):
    """A person named in an item, with the post the item gives them at that date.

    ``title`` keeps the wording of the item ("Foreign Minister", "Foreign Secretary"); ``post``
    is the canonical post in the gazetteer that wording stands for. ``former`` marks a post the
    item says the person no longer holds, so it is not taken as held at that date.
    """

    person: Slug
    post: Slug | None = None
    title: NonEmpty | None = None
    former: bool = False

    @model_validator(mode="after")
    def _title_needs_post(self) -> Self:
        if self.title is not None and self.post is None:
            raise ValueError("a stated title needs the post it stands for")
        return self


class Participation(PersonRef):
    """A person taking part in an event, in the post they held at that date."""

    role: ParticipantRole = ParticipantRole.PARTICIPANT


class Mentions(_Record):
    """Entities an item names that are not taking part in its event (context, history)."""

    people: tuple[PersonRef, ...] = ()
    organizations: tuple[Slug, ...] = ()
    institutions: tuple[Slug, ...] = ()


class Event(_Record):
    """Something that happened between the two countries, as one report item tells it."""

    type: EventType
    title: NonEmpty = Field(description="a short title, in the project's own words")
    date: PartialDate | None = Field(default=None, description="start; absent when the item states none")
    end_date: PartialDate | None = None
    summary: str | None = Field(default=None, description="what happened, in the project's own words")
    places: tuple[Slug, ...] = ()
    topics: tuple[Slug, ...] = ()
    participants: tuple[Participation, ...] = ()
    organizations: tuple[Slug, ...] = Field(default=(), description="organizations taking part")
    institutions: tuple[Slug, ...] = Field(default=(), description="institutions the event belongs to")

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.end_date is not None:
            if self.date is None:
                raise ValueError("end_date is set but date is not")
            if self.end_date.latest < self.date.earliest:
                raise ValueError(f"end_date {self.end_date} is before date {self.date}")
        return self


class Span(_Record):
    """Where a piece of an item is printed in its source file.

    ``start`` and ``end`` are character offsets (Python string indexes, end exclusive) into the text
    as :func:`binatgraph.reports.text.read_report_text` reads the file: for ``.txt`` and Markdown
    that is the file decoded as UTF-8 (a byte-order mark dropped), for HTML the page's extracted
    text. ``line`` and ``end_line`` are the 1-based lines of the first and last character, counted
    as an editor counts them (CR, LF or CRLF end a line).

    >>> text = "Title\\nBody one.\\n"
    >>> span = Span(line=2, end_line=2, start=6, end=15)
    >>> span.of(text)
    'Body one.'
    """

    line: int = Field(ge=1)
    end_line: int = Field(ge=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start or self.end_line < self.line:
            raise ValueError(
                f"span ends before it starts: {self.start}-{self.end}, lines {self.line}-{self.end_line}"
            )
        return self

    def of(self, text: str) -> str:
        """The spanned text of ``text``."""
        return text[self.start : self.end]


class ItemSpans(_Record):
    """The spans of one item in its source file: the whole item, its title line, body and context.

    ``item`` runs from the title line to the item's last line (its date line, body and context
    paragraph included); ``title`` is the line the title is printed on (with its number, printed
    date and link label); ``body`` runs from the first to the last line of the body; ``context``
    from the "Institutional context"/"Institutional Implications" marker to the context's last line.
    """

    item: Span
    title: Span
    body: Span | None = None
    context: Span | None = None


PRINTED_TITLE_WORDS = 8
"""The longest printed title kept word for word; longer ones are reached through the title span. Words
are counted as a copy check counts them (``U.S.`` is two, ``López`` is two), so a kept title is always a
short title, never a sentence of the report."""


def title_words(text: str) -> int:
    """How many words a title has, for :data:`PRINTED_TITLE_WORDS`.

    >>> title_words("U.S. visit to Mexico"), title_words("Visita de López")
    (5, 4)
    """
    return len(re.findall(r"[a-z0-9']+", text.lower()))


class ReportItem(_Record):
    """One numbered (or unnumbered) entry of a report, and the event it describes."""

    position: int = Field(ge=1, description="1-based order of the item in the report")
    number: int | None = Field(default=None, ge=1, description="the number printed before the title")
    title: NonEmpty = Field(description="the item's title, shortened where long")
    printed_title: NonEmpty | None = Field(
        default=None,
        description=f"the title exactly as printed, when it is short (at most {PRINTED_TITLE_WORDS} words)",
    )
    stated_date: NonEmpty | None = Field(
        default=None, description="the date exactly as printed, e.g. 01.31.22; for a header date, the header"
    )
    date_source: str | None = Field(
        default=None,
        pattern="^(title|date_line|body|header|relative|publication)$",
        description="where the date is printed; `header`: the item states none, its month header dates it; "
        "for documents, `relative` (today, a weekday… resolved against the publication date) or "
        "`publication` (the document states no other)",
    )
    month_header: NonEmpty | None = None
    link_label: NonEmpty | None = Field(default=None, description="e.g. 'Learn more' or 'Link'")
    spans: ItemSpans | None = Field(default=None, description="where the item is printed in the source file")
    event: Event
    mentions: Mentions = Mentions()

    @model_validator(mode="after")
    def _stated_date_has_source(self) -> Self:
        if (self.stated_date is None) != (self.date_source is None):
            raise ValueError("stated_date and date_source go together")
        if self.printed_title is not None and title_words(self.printed_title) > PRINTED_TITLE_WORDS:
            raise ValueError(
                f"printed_title has more than {PRINTED_TITLE_WORDS} words: keep long titles out of the data "
                "(the title span points at them)"
            )
        if self.date_source == "header":
            date = self.event.date
            if self.month_header is None:
                raise ValueError("date_source 'header' needs the month_header it comes from")
            if date is None or date.precision is not DatePrecision.MONTH or self.event.end_date is not None:
                raise ValueError(
                    "an item dated by its month header has an event date to the month, and no end date"
                )
        return self


class Report(_Record):
    """A published report the events come from: its title, publisher, period and source file."""

    id: Slug
    title: NonEmpty
    publisher: NonEmpty = "Center for Binational Institutions"
    period_start: PartialDate | None = Field(
        default=None, description="the first day the source covers; a document that states no date has none"
    )
    period_end: PartialDate | None = None
    source_file: NonEmpty | None = Field(default=None, description="the file name the items were read from")
    source_sha256: str | None = Field(
        default=None, pattern="^[0-9a-f]{64}$", description="SHA-256 of the source file's bytes (hex)"
    )
    source_location: str | None = Field(
        default=None,
        description="where the file was when it was ingested (a path or file: URL); a first place to look",
    )
    url: str | None = Field(
        default=None, pattern=r"^https?://\S+$", description="the report's public page"
    )
    layout: NonEmpty | None = Field(default=None, description="which layout the report is printed in")
    items: tuple[ReportItem, ...]

    @model_validator(mode="after")
    def _items_well_ordered(self) -> Self:
        positions = [item.position for item in self.items]
        if positions != list(range(1, len(positions) + 1)):
            raise ValueError(f"item positions must run 1..{len(positions)} in order, got {positions}")
        if (self.period_start is None) != (self.period_end is None):
            raise ValueError("period_start and period_end go together")
        if self.period_start is None and not (self.layout or "").startswith(("document", "repository")):
            raise ValueError("a report needs its period (period_start, period_end)")
        if self.period_end and self.period_start and self.period_end.latest < self.period_start.earliest:
            raise ValueError("period_end is before period_start")
        return self
