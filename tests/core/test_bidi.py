"""core.bidi: direction controls left open in a text are closed where it ends, in every page."""
import pytest

from core.bidi import balanced

LRE, RLE, PDF, LRO, RLO = "\u202a\u202b\u202c\u202d\u202e"
LRI, RLI, FSI, PDI = "\u2066\u2067\u2068\u2069"


@pytest.mark.parametrize("text, expected", [
    ("فاطمة الزهراء", "فاطمة الزهراء"),  # nothing to do: the same text
    (f"Eve{RLO}", f"Eve{RLO}{PDF}"),
    (f"Ali {RLI}Ben", f"Ali {RLI}Ben{PDI}"),
    (f"{PDF}{PDI}Bob", "Bob"),  # closers of nothing are dropped
    (f"{RLI}a{RLO}b{PDI}c", f"{RLI}a{RLO}b{PDI}c"),  # a PDI closes the override inside its isolate
    (f"{RLO}a{RLI}b{PDF}c", f"{RLO}a{RLI}bc{PDI}{PDF}"),  # a PDF does not reach out of an isolate
    (f"{LRE}{FSI}x", f"{LRE}{FSI}x{PDI}{PDF}"),
])
def test_open_controls_are_closed_and_stray_closers_dropped(text, expected):
    assert balanced(text) == expected


def test_every_page_writes_names_balanced(app, make_user, make_event, client, login):
    organiser = make_user(roles=("organiser", "participant"), full_name=f"Ali {RLI}Ben Salah")
    event = make_event(team=[organiser])
    login(organiser)
    body = client.get(f"/events/{event.slug}/manage/team").get_data(as_text=True)
    assert f"<bdi>Ali {RLI}Ben Salah{PDI}</bdi>" in body


def test_an_isolate_written_in_one_expression_stays_whole(app):
    # The printed programme isolates each speaker's name with FSI ... PDI (WeasyPrint has no <bdi>): written in
    # one {{ }}, the pair survives; split over two, the first would be closed at once and the name left out.
    template = app.jinja_env.from_string("{{ fsi ~ name ~ pdi }}|{{ fsi }}{{ name }}{{ pdi }}")
    whole, split = template.render(fsi=FSI, pdi=PDI, name="فاطمة").split("|")
    assert whole == f"{FSI}فاطمة{PDI}"
    assert split == f"{FSI}{PDI}فاطمة"


def test_a_latin_venue_keeps_its_word_order_on_an_arabic_page(make_event, client):
    # "7 place de Fontenoy" in a right-to-left paragraph showed as "place de Fontenoy 7": the venue's
    # lines are isolated so each keeps its own direction.
    event = make_event(venue_name="UNESCO Headquarters", venue_address="7 place de Fontenoy\n75007 Paris",
                       country="FR")
    page = client.get(f"/events/{event.slug}/?lang=ar").get_data(as_text=True)
    assert "<bdi>UNESCO Headquarters</bdi>" in page
    assert "<bdi>7 place de Fontenoy\n75007 Paris</bdi>" in page
    listing = client.get("/events/?lang=ar").get_data(as_text=True)
    assert "<bdi>UNESCO Headquarters</bdi>" in listing


def test_a_projects_texts_keep_their_own_direction_on_an_arabic_booth_page(make_event, make_user, client):
    # A beneficiary writes its project in one language Convene does not record: on an Arabic page the English
    # summary read ".Training for music producers", its full stop at the wrong end. Each text takes the
    # direction of its first strong letter.
    from tests.showcase.fair import make_booth, make_fair, make_organisation

    fair = make_fair(make_event)
    owner = make_user(roles=("beneficiary", "participant"))
    booth = make_booth(fair, make_organisation(owner, summary="Training for music producers.",
                                               expected_results="A national register."), place_number=1)
    page = client.get(f"/events/{fair.slug}/showcase/{booth.id}?lang=ar").get_data(as_text=True)
    assert '<p class="prose text-block" dir="auto">Training for music producers.</p>' in page
    assert '<p class="prose text-block" dir="auto">A national register.</p>' in page
