"""The official list of participants: who is on it, in what order (by category, by Party alphabetical in
the document's language, heads of delegation first), in PDF, CSV and XLSX, and on the event's public page."""
from datetime import UTC, datetime
import csv
import io
import itertools

from openpyxl import load_workbook
import pytest
from sqlalchemy import select

from core.extensions import db
from meetings import participant_list as lists
from meetings.models import ADVISER, DELEGATE, HEAD, Delegation, MeetingSettings, Nomination
from registration.categories import ParticipantCategory
from registration.models import CONFIRMED, PENDING, Registration, RegistrationSettings
from tests.conftest import page_text
from tests.core.test_pdf import pdf_text

CONSENTED = datetime(2027, 1, 10, tzinfo=UTC)
_numbers = itertools.count(1)


def category(event, key, position, name, is_listed=True, **fields):
    made = ParticipantCategory(event_id=event.id, key=key, position=position, name=name, is_listed=is_listed,
                               **fields)
    db.session.add(made)
    db.session.commit()
    return made


def person(event, full_name, category=None, status=CONFIRMED, consent=True, **fields):
    """A registration of `event`; it agreed to be listed unless `consent` is False."""
    if db.session.get(RegistrationSettings, event.id) is None:
        db.session.add(RegistrationSettings(event_id=event.id, is_open=True))
    number = next(_numbers)
    registration = Registration(event_id=event.id, email=f"listed{number}@example.org", full_name=full_name,
                                status=status, category_id=category.id if category else None,
                                listing_consent_at=CONSENTED if consent else None, **fields)
    db.session.add(registration)
    db.session.commit()
    return registration


def delegation(event, category, country=None, organisation=""):
    made = Delegation(event_id=event.id, category_id=category.id, country=country, organisation=organisation)
    db.session.add(made)
    db.session.commit()
    return made


def member(delegation_, registration, role, position=0, function=""):
    nomination = Nomination(delegation_id=delegation_.id, role=role, position=position, email=registration.email,
                            full_name=registration.full_name, function=function,
                            code_hash=f"{next(_numbers):064d}", registration_id=registration.id)
    db.session.add(nomination)
    db.session.commit()
    return nomination


@pytest.fixture
def meeting(make_event):
    """A meeting with two listed categories and one that is not, Parties whose order differs between English
    and French (Egypt < Germany < Spain; Allemagne < Égypte < Espagne), and people who must not be listed."""
    event = make_event(title="Conference of Parties", languages=["en", "fr"], country="FR")
    states = category(event, "member_state", 0, "Member State delegate",
                      translations={"fr": {"name": "Délégué d'un État membre"}})
    ngo = category(event, "ngo", 1, "Civil society / NGO")
    press = category(event, "press", 2, "Press", is_listed=False)
    germany, egypt = delegation(event, states, "DE"), delegation(event, states, "EG")
    # Added in the wrong order on purpose: the head of delegation comes first whatever the order of entry.
    member(germany, person(event, "Klaus Adviser", states, organisation="Goethe-Institut"), ADVISER)
    member(germany, person(event, "Bernd Delegate", states), DELEGATE, function="Counsellor")
    member(germany, person(event, "Anna Head", states, honorific="H.E. Ms", job_title="Ambassador"), HEAD,
           function="Minister of State for Culture")
    member(egypt, person(event, "Omar Delegate", states), DELEGATE)
    member(egypt, person(event, "Amira Head", states, honorific="H.E. Ms"), HEAD)
    person(event, "Carlos Solo", states, country="ES", organisation="Ministerio de Cultura", job_title="Director")
    person(event, "Nadia Network", ngo, organisation="Culture Action Europe")
    person(event, "=HYPERLINK(\"http://evil.example\",\"click\")", ngo, organisation="+Arts Network")
    # Not on the list: a category that is not listed, no consent, no category, not confirmed.
    person(event, "Pierre Press", press, country="FR")
    person(event, "Hidden Person", states, consent=False, country="DE")
    person(event, "Nocat Person", None, country="DE")
    person(event, "Pending Person", states, status=PENDING, country="DE")
    return event


def order_of(text: str, *words: str) -> list[int]:
    positions = [text.find(word) for word in words]
    assert -1 not in positions, [word for word, position in zip(words, positions) if position == -1]
    return positions


def assert_in_order(text: str, *words: str) -> None:
    positions = order_of(text, *words)
    assert positions == sorted(positions), list(zip(words, positions))


def names_in(plist) -> list[str]:
    return [line.full_name for section in plist.sections for group in section.groups for line in group.lines]


def test_the_list_groups_by_category_then_party_heads_first(app, meeting):
    with app.test_request_context("/"):
        plist = lists.participant_list(meeting, "en")
    assert [section.name for section in plist.sections] == ["Member State delegate", "Civil society / NGO"]
    assert [group.name for group in plist.sections[0].groups] == ["Egypt", "Germany", "Spain"]
    assert names_in(plist)[:6] == ["Amira Head", "Omar Delegate", "Anna Head", "Bernd Delegate", "Klaus Adviser",
                                   "Carlos Solo"]
    head = plist.sections[0].groups[1].lines[0]
    # The nomination's function wins over the job title; the honorific is printed before the name.
    assert (head.honorific, head.function, head.role_label) == ("H.E. Ms", "Minister of State for Culture",
                                                                "Head of delegation")
    assert plist.left_out == {lists.NO_CATEGORY: 1, lists.NOT_LISTED: 1, lists.NO_CONSENT: 1}
    assert "Pending Person" not in names_in(plist)


def test_parties_are_alphabetical_in_the_documents_language(app, meeting):
    with app.test_request_context("/"):
        french = lists.participant_list(meeting, "fr")
        russian = lists.participant_list(meeting, "ru")
    assert french.sections[0].name == "Délégué d'un État membre"
    assert [group.name for group in french.sections[0].groups] == ["Allemagne", "Égypte", "Espagne"]
    assert [group.name for group in russian.sections[0].groups] == ["Германия", "Египет", "Испания"]


def test_a_person_of_an_organisation_is_under_it_and_their_organisation_not_repeated(app, meeting):
    with app.test_request_context("/"):
        plist = lists.participant_list(meeting, "en")
    ngo = plist.sections[1]
    assert [group.name for group in ngo.groups] == ["+Arts Network", "Culture Action Europe"]
    assert ngo.groups[1].lines[0].organisation == ""
    spain = plist.sections[0].groups[2]
    assert spain.lines[0].organisation == "Ministerio de Cultura"  # not the Party's name: printed


def test_an_organisation_that_is_the_partys_name_in_any_language_is_not_repeated(app, meeting):
    states = db.session.scalar(select(ParticipantCategory).where(ParticipantCategory.key == "member_state"))
    person(meeting, "Achieng Otieno", states, country="KE", organisation="Kenya")
    kenya = delegation(meeting, states, "TZ", organisation="Tanzania Culture Delegation")
    member(kenya, person(meeting, "Juma Delegate", states, organisation="Tanzania Culture Delegation"), DELEGATE)
    with app.test_request_context("/"):
        for language in ("ar", "zh_Hans", "ru", "en", "fr"):
            plist = lists.participant_list(meeting, language)
            lines = {line.full_name: line for section in plist.sections for group in section.groups
                     for line in group.lines}
            assert lines["Achieng Otieno"].organisation == "", language
            assert lines["Juma Delegate"].organisation == "", language
            assert lines["Carlos Solo"].organisation == "Ministerio de Cultura", language
        html = lists.list_html(meeting, lists.participant_list(meeting, "ar"))
    assert "Kenya" not in html


@pytest.mark.parametrize("language, expected", [
    ("en", ["Egypt", "Amira Head", "Omar Delegate", "Germany", "Anna Head", "Bernd Delegate", "Klaus Adviser",
            "Spain", "Carlos Solo", "Civil society / NGO", "Culture Action Europe", "Nadia Network"]),
    ("fr", ["Allemagne", "Anna Head", "Bernd Delegate", "Klaus Adviser", "Égypte", "Amira Head", "Omar Delegate",
            "Espagne", "Carlos Solo", "Culture Action Europe"]),
])
def test_the_pdf_reads_back_in_the_right_order(app, meeting, tmp_path, language, expected):
    with app.test_request_context("/"):
        data = lists.list_pdf(meeting, lists.participant_list(meeting, language))
    text = " ".join(pdf_text(data, tmp_path).split())
    # The document's heading in its own language (the French catalogue translates it).
    heading = {"en": "List of participants", "fr": "Liste des participants"}[language]
    assert text.startswith(f"{heading} Conference of Parties")
    assert_in_order(text, *expected)
    for absent in ("Pierre Press", "Hidden Person", "Nocat Person", "Pending Person", "@example.org"):
        assert absent not in text


def test_an_arabic_list_is_right_to_left_with_arabic_names(app, meeting, tmp_path):
    from tests.registration.test_scripts_in_pdfs import as_pdftotext_reads, read_back

    states = db.session.scalar(select(ParticipantCategory).where(ParticipantCategory.key == "member_state"))
    person(meeting, "فاطمة الزهراء", states, country="JO", job_title="وزيرة الثقافة")
    person(meeting, "王小明", states, country="CN")
    meeting.venue_name, meeting.venue_address = "UNESCO Headquarters", "7 place de Fontenoy, 75007 Paris"
    db.session.commit()
    with app.test_request_context("/"):
        plist = lists.participant_list(meeting, "ar")
        html = lists.list_html(meeting, plist)
        data = lists.list_pdf(meeting, plist)
        chinese = lists.participant_list(meeting, "zh_Hans")
    assert 'dir="rtl"' in html.split(">", 2)[1]
    # As the UN's Arabic lists of States: the article "ال" set aside (الأردن at أردن, الصين at صين), أ and إ
    # with ا. Without setting the article aside, Spain would come before Jordan.
    assert [group.name for group in plist.sections[0].groups] == ["الأردن", "إسبانيا", "ألمانيا", "الصين", "مصر"]
    # No pinyin data here: Chinese names in code-point order (see the module's docstring).
    assert [group.name for group in chinese.sections[0].groups] == ["中国", "埃及", "德国", "约旦", "西班牙"]
    text = read_back(data, tmp_path)
    assert as_pdftotext_reads("فاطمة الزهراء") in text
    assert "王小明" in text
    # Each Latin part of the venue line keeps its own order: the house number stays before the street.
    assert "7 place de Fontenoy, 75007 Paris" in text
    assert "UNESCO Headquarters" in text
    assert '<bdi dir="ltr">7 place de Fontenoy, 75007 Paris</bdi>' in html


#: The start of the UN's Arabic list of Member States: the article set aside, أ and إ read as ا.
UN_ARABIC = ["الاتحاد الروسي", "إثيوبيا", "أذربيجان", "الأرجنتين", "الأردن", "أرمينيا", "إريتريا", "إسبانيا",
             "أستراليا"]


def test_arabic_names_sort_as_the_uns_arabic_lists():
    assert sorted(reversed(UN_ARABIC), key=lambda name: lists.sort_key(name, "ar")) == UN_ARABIC


def test_french_and_russian_names_sort_with_their_accents_and_yo():
    assert sorted(["Espagne", "Zambie", "Égypte", "Allemagne"], key=lambda name: lists.sort_key(name, "fr")) == \
        ["Allemagne", "Égypte", "Espagne", "Zambie"]
    assert sorted(["Ёлкино", "Жуково", "Ейск", "Дубна"], key=lambda name: lists.sort_key(name, "ru")) == \
        ["Дубна", "Ейск", "Ёлкино", "Жуково"]


def test_csv_and_xlsx_hold_the_same_rows_and_no_formula(app, meeting):
    with app.test_request_context("/"):
        plist = lists.participant_list(meeting, "en")
        csv_data = lists.list_csv(plist)
        xlsx_data = lists.list_xlsx(meeting, plist)
    rows = list(csv.reader(io.StringIO(csv_data.decode("utf-8-sig"))))
    assert rows[0] == ["Category", "Party or organisation", "Honorific", "Name", "Role", "Function", "Organisation"]
    assert rows[3] == ["Member State delegate", "Germany", "H.E. Ms", "Anna Head", "Head of delegation",
                       "Minister of State for Culture", ""]
    evil = next(row for row in rows if "HYPERLINK" in row[3])
    assert evil[3].startswith("'=") and evil[1].startswith("'+")
    assert not any("@example.org" in cell for row in rows for cell in row)

    sheet = load_workbook(io.BytesIO(xlsx_data)).active
    cells = [[cell for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells[0]] == rows[0]
    evil_cell = next(row[3] for row in cells if "HYPERLINK" in str(row[3].value))
    assert evil_cell.data_type == "s" and evil_cell.value.startswith("=HYPERLINK")  # text, never a formula
    assert len(cells) == len(rows)


# The pages.

def test_the_organiser_sees_the_preview_counts_and_downloads(client, login, meeting):
    login(meeting.team[0].user)
    page = client.get(f"/events/{meeting.slug}/manage/participant-list")
    assert page.status_code == 200
    text = page_text(page.get_data(as_text=True))
    assert_in_order(text, "Egypt", "Amira Head", "Germany", "Anna Head", "Spain", "Culture Action Europe")
    assert "1 person without a participant category" in text
    assert "1 person in a category that is not listed" in text
    assert "1 person who did not agree to be listed" in text
    assert "Pierre Press" not in text and "Hidden Person" not in text
    french = page_text(client.get(f"/events/{meeting.slug}/manage/participant-list?language=fr").get_data(as_text=True))
    assert_in_order(french, "Allemagne", "Égypte", "Espagne")
    for kind, mimetype in (("pdf", "application/pdf"), ("csv", "text/csv"), ("xlsx", "application/vnd.openxml")):
        response = client.get(f"/events/{meeting.slug}/manage/participant-list.{kind}?language=fr")
        assert response.status_code == 200 and response.mimetype.startswith(mimetype)
        assert f"-fr.{kind}" in response.headers["Content-Disposition"]


def test_an_unknown_language_or_format_is_refused_with_a_message(client, login, meeting):
    login(meeting.team[0].user)
    page = client.get(f"/events/{meeting.slug}/manage/participant-list?language=xx")
    assert page.status_code == 400
    assert "cannot be written in “xx”" in page.get_data(as_text=True)
    download = client.get(f"/events/{meeting.slug}/manage/participant-list.pdf?language=<script>")
    assert download.status_code == 400 and "<script>" not in download.get_data(as_text=True)
    assert client.get(f"/events/{meeting.slug}/manage/participant-list.doc").status_code == 404
    assert client.get(f"/events/{meeting.slug}/manage/participant-list.exe?language=fr").status_code == 404


def test_an_event_without_categories_says_to_define_them(client, login, make_event):
    event = make_event()
    person(event, "Someone")
    login(event.team[0].user)
    page = client.get(f"/events/{event.slug}/manage/participant-list")
    assert page.status_code == 200
    text = page_text(page.get_data(as_text=True))
    assert "Define the categories first" in text
    assert "1 person without a participant category" in text
    assert client.get(f"/events/{event.slug}/manage/participant-list.pdf").status_code == 200


def test_only_organisers_see_the_organisers_page(client, login, make_user, meeting):
    assert client.get(f"/events/{meeting.slug}/manage/participant-list").status_code == 302  # log in first
    login(make_user())
    assert client.get(f"/events/{meeting.slug}/manage/participant-list").status_code == 403
    assert client.get(f"/events/{meeting.slug}/manage/participant-list.csv").status_code == 403


def test_publishing_shows_the_list_and_its_link_on_the_event_page(client, login, meeting):
    assert client.get(f"/events/{meeting.slug}/participants").status_code == 404
    assert "List of participants" not in client.get(f"/events/{meeting.slug}/").get_data(as_text=True)

    login(meeting.team[0].user)
    response = client.submit(f"/events/{meeting.slug}/manage/participant-list", {"publishes_list": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(MeetingSettings, meeting.id).publishes_list is True
    client.submit("/account/logout", form_url="/")

    page = client.get(f"/events/{meeting.slug}/participants")
    assert page.status_code == 200
    text = page_text(page.get_data(as_text=True))
    assert_in_order(text, "Member State delegate", "Egypt", "H.E. Ms Amira Head", "Germany", "H.E. Ms Anna Head",
                    "Minister of State for Culture", "Civil society / NGO")
    for absent in ("Pierre Press", "Hidden Person", "Nocat Person", "@example.org"):
        assert absent not in text
    event_page = client.get(f"/events/{meeting.slug}/").get_data(as_text=True)
    assert f'/events/{meeting.slug}/participants"' in event_page

    login(meeting.team[0].user)
    client.submit(f"/events/{meeting.slug}/manage/participant-list", {})
    assert client.get(f"/events/{meeting.slug}/participants").status_code == 404


def test_the_public_list_of_a_hidden_event_is_not_found(client, make_event):
    event = make_event(status="draft")
    db.session.add(MeetingSettings(event_id=event.id, publishes_list=True))
    db.session.commit()
    assert client.get(f"/events/{event.slug}/participants").status_code == 404


@pytest.mark.parametrize("path", ["/manage/participant-list", "/manage/participant-list.csv", "/participants"])
def test_query_count_does_not_grow_with_the_list(client, login, make_event, make_user, count_queries, path):
    organiser = make_user(roles=("organiser",))
    login(organiser)

    def queries_with(people: int) -> int:
        event = make_event(languages=["en"], team=[organiser])
        states = category(event, "member_state", 0, "Member State delegate")
        ngo = category(event, "ngo", 1, "NGO")
        db.session.add(MeetingSettings(event_id=event.id, publishes_list=True))
        parties = [delegation(event, states, code) for code in ("DE", "EG", "FR", "KE")]
        for n in range(people):
            registration = person(event, f"Person {n}", states if n % 3 else ngo, organisation=f"Org {n % 4}",
                                  country=None if n % 3 == 0 else "BR")
            if n % 3 == 1:
                member(parties[n % 4], registration, HEAD if n < 4 else DELEGATE)
        client.get(f"/events/{event.slug}{path}")  # warm up the session cookie and caches
        with count_queries() as counter:
            assert client.get(f"/events/{event.slug}{path}").status_code == 200
        return counter.count

    assert queries_with(4) == queries_with(30)


def test_the_demo_publishes_the_list_with_most_people_agreeing(app, meeting):
    from meetings import demo_list

    for registration in db.session.scalars(select(Registration).where(Registration.event_id == meeting.id)):
        registration.listing_consent_at = None
    db.session.commit()
    given = demo_list.load(meeting)
    assert given > 0 and demo_list.load(meeting) == 0  # idempotent: nothing more the second time
    assert lists.is_published(meeting.id)
    with app.test_request_context("/"):
        plist = lists.participant_list(meeting, "en")
    assert 0 < plist.count and plist.left_out.get(lists.NO_CONSENT)


def test_party_headings_are_the_un_names_sorted_as_they_read(app, make_event):
    event = make_event(title="Conference of Parties", languages=["en", "fr"], country="FR")
    states = category(event, "member_state", 0, "Member State delegate")
    for code, name in (("KR", "Ji-woo Head"), ("RU", "Ivan Head"), ("VN", "Lan Head")):
        member(delegation(event, states, code), person(event, name, states), HEAD)
    person(event, "Mei Resident", states, country="HK")  # not a State: its country's name
    person(event, "Sara Observer", states, country="PS")
    with app.test_request_context("/"):
        english = lists.participant_list(event, "en")
        french = lists.participant_list(event, "fr")
    assert [group.name for group in english.sections[0].groups] == [
        "Hong Kong SAR China", "Republic of Korea", "Russian Federation", "State of Palestine", "Viet Nam"]
    assert [group.name for group in french.sections[0].groups] == [
        "État de Palestine", "Fédération de Russie", "R.A.S. chinoise de Hong Kong", "République de Corée", "Viet Nam"]
