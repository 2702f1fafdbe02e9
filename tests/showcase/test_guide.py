"""The fair guide as a visitor holds it: the PDF read back with poppler, its QR codes decoded with zbar."""
import re
import subprocess

import pytest

from core.extensions import db
from showcase import guide
from tests.core.test_pdf import pdf_text
from tests.ink import NAMES, lost_ink
from tests.registration.test_badges import page_count, qr_codes
from tests.showcase.fair import make_booth, make_organisation
from tests.showcase.public_fair import PENDING_NAME, PUBLIC, showcase_booths, showcase_fair


@pytest.fixture
def fair(make_event):
    return showcase_fair(make_event)


@pytest.fixture
def booths(fair, make_user):
    return showcase_booths(fair, make_user)


def all_qr_codes(data: bytes, tmp_path) -> list[str]:
    return [code for page in range(1, page_count(data, tmp_path) + 1) for code in qr_codes(data, tmp_path, page)]


def test_the_guide_lists_approved_booths_by_place_with_their_approved_pitch(app, fair, booths, tmp_path):
    booths["Harare Creative Hub Trust"].pitch = "Words not approved yet."
    db.session.commit()

    text = " ".join(pdf_text(guide.fair_guide_pdf(fair), tmp_path).split())

    for name in PUBLIC:
        assert name in text, name
    assert PENDING_NAME not in text and "Secret pitch" not in text and "Words not approved" not in text
    assert "Beats and workshops from Zimbabwe." in text and "Marimba, cantos y arrullos." in text
    assert "2021-2202 · Young publishers of the Maghreb" in text and "Tunisia" in text
    assert "Knowledge Fair of the 2005 Convention" in text and "4 booths of projects funded" in text
    # Walked place by place, booths without a place last.
    catalogue = text.split("The booths", 1)[1]
    order = [catalogue.index(name) for name in ("Booth A1", "Booth A2", "Booth A4", "Place to be announced")]
    assert order == sorted(order)
    assert catalogue.index("Harare") < catalogue.index("Société") < catalogue.index("Colectivo") \
        < catalogue.index("Kathmandu")


def test_the_guide_draws_the_floor_plan(app, fair, booths, tmp_path):
    text = pdf_text(guide.fair_guide_pdf(fair), tmp_path, "-f", "1", "-l", "2")

    plan = text.split("Floor plan", 1)[1].split("The booths", 1)[0]
    assert "Hall A" in plan and "A10" in plan and "free" in plan and "Harare\nCreative Hub\nTrust" in plan


def test_each_qr_code_opens_its_booths_page(app, fair, booths, tmp_path):
    data = guide.fair_guide_pdf(fair)

    codes = all_qr_codes(data, tmp_path)

    expected = {f"http://127.0.0.1:5000/events/{fair.slug}/showcase/{booths[name].id}" for name in PUBLIC}
    assert sorted(codes) == sorted(expected)


def test_the_guide_uses_the_base_url_in_its_codes(app, fair, booths, tmp_path):
    app.config["BASE_URL"] = "https://events.example.org"

    codes = all_qr_codes(guide.fair_guide_pdf(fair), tmp_path)

    assert all(code.startswith(f"https://events.example.org/events/{fair.slug}/showcase/") for code in codes)
    assert len(codes) == len(PUBLIC)


def test_organisers_print_the_guide(client, fair, booths, login, tmp_path):
    login(fair.team[0].user)

    response = client.get(f"/events/{fair.slug}/fair/guide.pdf")

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]
    assert "Harare Creative Hub Trust" in pdf_text(response.data, tmp_path)


def test_only_organisers_reach_the_organisers_guide(client, fair, booths, make_user, login, make_event):
    assert client.get(f"/events/{fair.slug}/fair/guide.pdf").status_code == 302  # to log in
    login(make_user())
    assert client.get(f"/events/{fair.slug}/fair/guide.pdf").status_code == 403


def test_visitors_download_the_public_guide_built_once_per_version(client, fair, booths, tmp_path, monkeypatch):
    url = f"/events/{fair.slug}/showcase/guide.pdf"
    rendered = []
    render = guide.html_to_pdf
    monkeypatch.setattr(guide, "html_to_pdf", lambda html, **kwargs: rendered.append(1) or render(html, **kwargs))

    first = client.get(url)
    again = client.get(url)
    unchanged = client.get(url, headers={"If-None-Match": first.headers["ETag"].strip('"')})
    make_booth(fair, make_organisation(booths["Harare Creative Hub Trust"].organisation.members[0].user,
                                       name="Nouvelle Compagnie", code="2023-9999"), pitch="Arrived late.")
    changed = client.get(url)

    assert first.status_code == 200 and first.mimetype == "application/pdf"
    assert "public" in first.headers["Cache-Control"]
    assert again.data == first.data and unchanged.status_code == 304
    assert len(rendered) == 2  # the first version, then the one with the new booth
    assert "Nouvelle Compagnie" in pdf_text(changed.data, tmp_path)
    assert changed.headers["ETag"] != first.headers["ETag"]


def test_the_showcase_links_to_the_public_guide(client, fair, booths):
    html = client.get(f"/events/{fair.slug}/showcase").get_data(as_text=True)

    assert f'href="/events/{fair.slug}/showcase/guide.pdf"' in html


def test_the_guide_of_a_fair_without_booths_or_plan_still_prints(app, make_event, tmp_path):
    bare = make_event(kind="knowledge_fair", title="Empty Fair")

    text = pdf_text(guide.fair_guide_pdf(bare), tmp_path)

    assert "Empty Fair" in text and "No booth is approved yet." in text


def test_a_guide_in_french(client, fair, booths, tmp_path):
    client.post("/language", data={"locale": "fr"})

    response = client.get(f"/events/{fair.slug}/showcase/guide.pdf")

    text = pdf_text(response.data, tmp_path)
    assert "Zimbabwe" in text and "Tunisie" in text  # country names in French


@pytest.mark.parametrize("name", ["مؤسسة الفنون العربية", "上海设计之家"])
def test_names_in_other_scripts_print(app, fair, make_user, tmp_path, name):
    owner = make_user(roles=("beneficiary", "participant"))
    make_booth(fair, make_organisation(owner, name=name, country="EG", region="arab_states"), place_number=3)

    data = guide.fair_guide_pdf(fair)

    text = pdf_text(data, tmp_path)
    assert name.replace(" ", "") in re.sub(r"\s", "", text)


def test_the_first_page_shows_the_floor_plan_under_the_title(app, fair, booths, tmp_path):
    # With the demo's three halls, page 1 held the title and white space, the plan pushed onto page 2.
    from showcase.models import BoothPlace, FloorZone

    db.session.add_all([FloorZone(event_id=fair.id, name=f"Hall {code}", code=code, columns=5, position=position,
                                  places=[BoothPlace(number=number) for number in range(1, 11)])
                        for position, code in ((1, "B"), (2, "C"), (3, "D"))])
    db.session.commit()

    first = pdf_text(guide.fair_guide_pdf(fair), tmp_path, "-f", "1", "-l", "1")

    assert "Knowledge Fair of the 2005 Convention" in first and "Floor plan" in first and "D10" in first


SIMILAR = ["Ministry of Culture of Senegal", "Ministry of Culture of Morocco", "Mauritanian Crafts and Design Union",
           "Pacific Islands Music Alliance", "Kathmandu Book Foundation", "Hanoi Contemporary Arts Centre",
           "Jamaica Music Industry Association", "مؤسسة الفنون العربية للثقافة", "上海设计之家文化交流中心"]


def test_the_printed_plan_tells_similar_names_apart_and_keeps_each_inside_its_place(app, fair, make_user):
    from PIL import ImageFont

    from showcase import fairs, floor_plan

    for number, name in enumerate(SIMILAR, start=1):
        owner = make_user(roles=("beneficiary", "participant"), email=f"owner{number}@plan.example.org")
        make_booth(fair, make_organisation(owner, name=name), place_number=number)
    booths = fairs.public_booths(fair)

    plan = floor_plan.layout(fairs.zones_of(fair), booths, lambda booth: "x")

    spots = [spot for zone in plan.zones for spot in zone.spots if spot.lines]
    shown = [" ".join(spot.lines) for spot in spots]
    assert len(set(shown)) == len(shown) == len(SIMILAR), shown  # A3 and A8 both read "Ministry of…"
    assert "Ministry of Culture of Senegal" in shown and "Ministry of Culture of Morocco" in shown
    # Measured with the fonts the PDF prints with: every line within its place's outline.
    fonts = {script: ImageFont.truetype(path, plan.name_size) for script, path in (
        ("latin", "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
        ("arabic", "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf"),
        ("cjk", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"))}
    for spot in spots:
        script = "arabic" if spot.dir == "rtl" else "cjk" if "上" in spot.name else "latin"
        assert len(spot.lines) * plan.name_leading + 36 <= spot.height
        for line in spot.lines:
            assert fonts[script].getlength(line) <= spot.width - 4, (spot.label, line)


def test_every_qr_code_reads_from_a_screen(app, fair, booths, tmp_path):
    data = guide.fair_guide_pdf(fair)
    path = tmp_path / "guide.pdf"
    path.write_bytes(data)

    found = []
    for dpi in (96, 150):
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(path), str(tmp_path / f"screen{dpi}")], check=True)
        for image in sorted(tmp_path.glob(f"screen{dpi}-*.png")):
            found += subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
                                    capture_output=True, text=True).stdout.split()

    expected = {f"http://127.0.0.1:5000/events/{fair.slug}/showcase/{booths[name].id}" for name in PUBLIC}
    assert sorted(found) == sorted(list(expected) * 2)


@pytest.mark.parametrize("script", sorted(NAMES))
def test_no_dot_or_descender_of_any_script_is_cut_off_in_the_guide(app, fair, make_user, tmp_path, script):
    owner = make_user(roles=("beneficiary", "participant"))
    make_booth(fair, make_organisation(owner, name=NAMES[script], country="EG", region="arab_states",
                                       title=f"Gqjpy {NAMES[script]}"), place_number=3, pitch=NAMES[script])

    assert set(lost_ink(guide.guide_html(fair), guide.STYLESHEETS, tmp_path)) == {0}
