"""Helpers shared by the public showcase, analytics and guide tests: a fair with four approved booths from four
UNESCO regions and one waiting for review."""
import re

from showcase.models import SUBMITTED
from tests.conftest import page_text
from tests.showcase.fair import make_booth, make_fair, make_organisation

#: Booths from four UNESCO regions, and one still waiting for review: name -> what makes it differ.
PUBLIC = {
    "Harare Creative Hub Trust": dict(country="ZW", region="africa", domains=["music"], sdgs=[8], call_year=2019,
                                      call_number=10, code="2019-1101", title="Music producers of Harare",
                                      place=1, pitch="Beats and workshops from Zimbabwe."),
    "Société des Éditeurs de Tunis": dict(country="TN", region="arab_states", domains=["publishing"], sdgs=[4],
                                          call_year=2021, call_number=12, countries=["TN", "DZ"],
                                          code="2021-2202", title="Young publishers of the Maghreb", place=2,
                                          pitch="Des livres pour toute la région."),
    "Kathmandu Film Collective": dict(country="NP", region="asia_pacific", domains=["audiovisual"], sdgs=[5],
                                      call_year=2017, call_number=8, code="2017-3303",
                                      title="Women directors of Nepal", place=None, pitch="Short films by women."),
    "Colectivo Sonoro del Pacífico": dict(country="CO", region="latin_america_caribbean", domains=["music"],
                                          sdgs=[8, 10], call_year=2021, call_number=12, code="2021-4404",
                                          title="Marimba music of the Pacific coast", place=4,
                                          pitch="Marimba, cantos y arrullos."),
}
PENDING_NAME = "Baltic Design Lab"


def cards(html: str) -> list[str]:
    """The organisation names on the showcase's booth cards, in order."""
    listing = html.split('<ul class="booth-cards">', 1)[1].split("</ul>", 1)[0]
    return [page_text(name) for name in re.findall(r"<h2>(.*?)</h2>", listing, re.S)]


def showcase_fair(make_event):
    return make_fair(make_event, title="Knowledge Fair of the 2005 Convention")


def showcase_booths(fair, make_user) -> dict:
    """The four public booths and the pending one (at place A5), by organisation name."""
    made = {}
    for number, (name, details) in enumerate(PUBLIC.items(), start=1):
        details = dict(details)
        place, pitch = details.pop("place"), details.pop("pitch")
        owner = make_user(roles=("beneficiary", "participant"), email=f"owner{number}@booths.example.org")
        made[name] = make_booth(fair, make_organisation(owner, name=name, **details), place_number=place, pitch=pitch)
    owner = make_user(roles=("beneficiary", "participant"), email="owner@baltic.example.org")
    made[PENDING_NAME] = make_booth(fair, make_organisation(owner, name=PENDING_NAME, country="LV",
                                                            region="europe_north_america", domains=["design"]),
                                    status=SUBMITTED, place_number=5, pitch="Secret pitch waiting for review.")
    return made
