"""The eight knowledge-exchange instruments, in one place.

A kind is its label, a one-line description and the details only it has. Adding a kind is adding one
`Kind` to `KINDS`: the forms, the event page and the API all read their fields from here.
"""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

#: Field types a kind's details can use; forms and pages know how to draw each.
TEXT, LONG_TEXT, COUNTRY, COUNTRIES, NUMBER, YES_NO, CHOICE = (
    "text", "long_text", "country", "countries", "number", "yes_no", "choice")


@dataclass(frozen=True)
class Detail:
    name: str
    label: object
    type: str = TEXT
    required: bool = False
    description: object = None
    #: (value, label) pairs for CHOICE.
    choices: tuple = ()
    #: Smallest and largest value for NUMBER.
    minimum: int | None = None
    maximum: int | None = None
    #: Shown in the event page's facts (the recurrence rule is told once, as a sentence, instead).
    listed: bool = True


@dataclass(frozen=True)
class Kind:
    key: str
    label: object
    description: object
    details: tuple[Detail, ...] = field(default_factory=tuple)
    #: Its meetings repeat (community of practice): the event's start and end are the first meeting.
    is_recurring: bool = False
    #: Exhibitors have booths on a floor plan (knowledge fair).
    has_booths: bool = False


RECURRENCE_FREQUENCIES = (("WEEKLY", _l("Every week")), ("MONTHLY", _l("Every month")))

KINDS: dict[str, Kind] = {kind.key: kind for kind in (
    Kind("conference", _l("Conference"), _l("Plenaries and panels that bring a whole community together.")),
    Kind("workshop", _l("Workshop"), _l("Hands-on sessions where small groups build skills together.")),
    Kind("knowledge_fair", _l("Knowledge fair"),
         _l("Booths where IFCD beneficiaries show their projects to donors and partners."),
         details=(Detail("booths_enabled", _l("Exhibitor booths"), YES_NO,
                         description=_l("Beneficiaries get booths on a floor plan and a showcase page.")),),
         has_booths=True),
    Kind("deep_dive", _l("Technical deep dive"), _l("Several days in a host country to study one solution closely."),
         details=(Detail("host_country", _l("Host country"), COUNTRY, required=True),
                  Detail("co_host", _l("Co-host organisation")),
                  Detail("participating_countries", _l("Participating countries"), COUNTRIES))),
    Kind("expert_visit", _l("Expert visit"), _l("An expert travels to share what worked elsewhere."),
         details=(Detail("expert", _l("Expert"), required=True),
                  Detail("provider_countries", _l("Knowledge-provider countries"), COUNTRIES),
                  Detail("seeker_countries", _l("Knowledge-seeker countries"), COUNTRIES),
                  Detail("focus", _l("Focus of the visit"), LONG_TEXT))),
    Kind("dialogue", _l("Multi-stakeholder dialogue"),
         _l("Government, civil society, the private sector and media at one table.")),
    Kind("community_of_practice", _l("Community of practice"), _l("Peers who meet regularly around one policy area."),
         details=(Detail("policy_area", _l("Policy area"), required=True),
                  Detail("frequency", _l("Meetings repeat"), CHOICE, required=True, choices=RECURRENCE_FREQUENCIES,
                         listed=False),
                  Detail("interval", _l("Every how many weeks or months"), NUMBER, minimum=1, maximum=12,
                         description=_l("1 for every week or month, 2 for every other one, and so on."), listed=False),
                  Detail("count", _l("Number of meetings"), NUMBER, required=True, minimum=1, maximum=200,
                         listed=False)),
         is_recurring=True),
    Kind("twinning", _l("Twinning"), _l("Two institutions paired to learn from each other over months."),
         details=(Detail("institution_a", _l("First institution"), required=True),
                  Detail("institution_b", _l("Second institution"), required=True),
                  Detail("duration_months", _l("Duration of the programme (months)"), NUMBER, minimum=1,
                         maximum=60))),
)}


def recurrence(event) -> dict | None:
    """The repeat rule of a recurring kind's event as iCalendar RRULE parts, or None.

    {"FREQ": "MONTHLY", "INTERVAL": 1, "COUNT": 10}; None when the kind does not repeat or the rule
    is incomplete. Feeds and add-to-calendar links both read it from here.
    """
    kind, details = KINDS.get(event.kind), event.details or {}
    if kind is None or not kind.is_recurring or not details.get("frequency") or not details.get("count"):
        return None
    return {"FREQ": details["frequency"], "INTERVAL": int(details.get("interval") or 1), "COUNT": int(details["count"])}


def kind_label(key: str):
    kind = KINDS.get(key)
    return kind.label if kind else key
