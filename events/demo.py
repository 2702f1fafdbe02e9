"""Demo events: one published event of every kind, with a full three-day conference programme, and a
workshop in Bangkok that ended in November 2026, so that check-in and certificates have a finished event.
Their texts come in their working languages (events/demo_translations.py): the Paris conference in English,
French and Spanish, the Tunis dialogue in Arabic and French, a training in Beijing in Chinese and a workshop
in Almaty in Russian.

The conference spans the night European clocks go forward (28 March 2027), so its programme and
feeds show how times stay right across a daylight-saving change.
"""
from datetime import date, datetime, timedelta

from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from core.models import utcnow
from core.multilingual import languages_of, set_translations, translations_of
from core.regions import region_of
from core.times import to_utc
from events import demo_materials
from events.demo_translations import DAY_TITLE, EVENT_TEXTS, MAIN_ROOM, names_in
from events.models import (DRAFT, HYBRID, IN_PERSON, ONLINE, PUBLISHED, Event, EventGoal, EventOrganiser, EventSdg,
                           Room, Session, SessionSpeaker, Speaker, Track)

ORGANISER = "organiser@convene.example"
CO_ORGANISER = "j.lefevre@convene.example"


def _at(day: date, hour: int, minute: int, zone: str) -> datetime:
    return to_utc(datetime(day.year, day.month, day.day, hour, minute), zone)


EVENTS = [
    dict(slug="global-forum-cultural-policies-2027", kind="conference",
         title="Global Forum on Cultural Policies 2027",
         summary="Three days for Parties, civil society and experts to take stock of cultural policy reforms "
                 "under the 2005 Convention.",
         description="The Forum brings together **ministries of culture**, civil society organisations, artists, "
                     "researchers and the private sector to share what works in policies for the creative "
                     "sectors.\n\n- Plenaries on each of the Convention's four goals\n- Panels and workshops in "
                     "four rooms\n- A peer-exchange track for IFCD beneficiaries\n\nSee the "
                     "[Convention's website](https://www.unesco.org/creativity/en) for background documents.",
         zone="Europe/Paris", start=(date(2027, 3, 27), 9, 0), end=(date(2027, 3, 29), 18, 0),
         venue_name="UNESCO Headquarters", venue_address="7 place de Fontenoy\n75007 Paris", country="FR",
         online_url="https://meet.example.org/global-forum-2027", attendance_mode=HYBRID,
         languages=["en", "fr", "es"], goals=["governance", "mobility", "development", "rights"],
         sdgs=[4, 8, 16, 17], details={}, team=[ORGANISER, CO_ORGANISER]),
    dict(slug="ifcd-knowledge-fair-2027", kind="knowledge_fair", title="IFCD Knowledge Fair 2027",
         summary="Beneficiaries of the International Fund for Cultural Diversity present their projects to donors "
                 "and partners.",
         description="Twenty-four booths from every region, a donors' round table and one-to-one meetings.",
         zone="Europe/Paris", start=(date(2027, 6, 9), 10, 0), end=(date(2027, 6, 10), 17, 0),
         venue_name="UNESCO Headquarters, Miró Hall", venue_address="7 place de Fontenoy\n75007 Paris",
         country="FR", online_url="", languages=["en", "fr"], goals=["mobility", "development"], sdgs=[8, 17],
         details={"booths_enabled": True}, team=[ORGANISER]),
    dict(slug="deep-dive-music-policy-nairobi-2027", kind="deep_dive",
         title="Technical deep dive: music industry policies in Kenya",
         summary="Five days with the Kenya Copyright Board and local collectives on fair remuneration for musicians.",
         description="Site visits to studios and collective management organisations, and peer exchanges with "
                     "delegations from East Africa.",
         zone="Africa/Nairobi", start=(date(2027, 1, 18), 9, 0), end=(date(2027, 1, 22), 16, 0),
         venue_name="Kenya National Theatre", venue_address="Harry Thuku Road, Nairobi", country="KE", online_url="",
         languages=["en", "sw"], goals=["governance", "development"], sdgs=[8, 10],
         details={"host_country": "KE", "co_host": "Kenya Copyright Board",
                  "participating_countries": ["UG", "TZ", "RW", "ET"]}, team=[ORGANISER]),
    dict(slug="expert-visit-bogota-creative-economy", kind="expert_visit",
         title="Expert visit: measuring the creative economy in Bogotá",
         summary="An expert of the Convention's facility helps Colombia's culture ministry design creative economy "
                 "statistics.",
         description="Meetings with the ministry, the statistics office and city authorities.",
         zone="America/Bogota", start=(date(2027, 2, 8), 9, 0), end=(date(2027, 2, 12), 17, 0),
         venue_name="Ministerio de las Culturas, las Artes y los Saberes", venue_address="Carrera 8 # 8-55, Bogotá",
         country="CO", online_url="", languages=["en", "es"], goals=["governance"], sdgs=[8, 17],
         details={"expert": "Dr. Lucía Ferreyra Ñáñez", "provider_countries": ["AR", "ES"],
                  "seeker_countries": ["CO"], "focus": "Satellite accounts for culture and data on informal work."},
         team=[ORGANISER]),
    dict(slug="dialogue-artistic-freedom-tunis", kind="dialogue",
         # Written in Arabic first (its French and English in demo_translations).
         title="حوار متعدد أصحاب المصلحة حول الحرية الفنية",
         summary="الحكومات ونقابات الفنانين ووسائل الإعلام والمجتمع المدني في الدول العربية حول حماية الفنانين.",
         description="حوار مُيسَّر، حضورياً في تونس وعبر الإنترنت.",
         zone="Africa/Tunis", start=(date(2027, 4, 20), 9, 30), end=(date(2027, 4, 21), 13, 0),
         venue_name="Cité de la Culture", venue_address="Avenue Mohamed V, Tunis", country="TN",
         online_url="https://meet.example.org/artistic-freedom", attendance_mode=HYBRID, languages=["ar", "fr", "en"],
         goals=["rights"], sdgs=[16], details={}, team=[CO_ORGANISER]),
    dict(slug="community-of-practice-cultural-statistics", kind="community_of_practice",
         title="Community of practice: cultural statistics",
         summary="Statisticians and policy makers meet online every month to compare how they measure culture.",
         description="Each meeting: one country presents, then open discussion.",
         zone="Europe/Paris", start=(date(2027, 1, 12), 14, 0), end=(date(2027, 1, 12), 15, 30), venue_name="",
         venue_address="", country=None, online_url="https://meet.example.org/cop-statistics",
         attendance_mode=ONLINE, languages=["en", "fr"], goals=["governance"], sdgs=[17],
         details={"policy_area": "Cultural statistics and indicators", "frequency": "MONTHLY", "interval": 1,
                  "count": 10}, team=[ORGANISER]),
    dict(slug="twinning-hanoi-helsinki-music", kind="twinning",
         title="Twinning: music education in Hanoi and Helsinki",
         summary="Two conservatoires exchange teachers and curricula for a year.",
         description="Launch meeting of the twinning programme.",
         zone="Asia/Ho_Chi_Minh", start=(date(2027, 3, 1), 9, 0), end=(date(2027, 3, 2), 17, 0),
         venue_name="Viet Nam National Academy of Music", venue_address="77 Hào Nam, Hà Nội", country="VN",
         online_url="", languages=["en", "vi"], goals=["mobility"], sdgs=[4],
         details={"institution_a": "Viet Nam National Academy of Music", "institution_b": "Sibelius Academy",
                  "duration_months": 12}, team=[ORGANISER]),
    dict(slug="workshop-status-of-the-artist-dakar", kind="workshop",
         title="Workshop on the status of the artist",
         summary="Two days to draft social-protection measures for artists, with West African ministries.",
         description="Hands-on drafting in small groups, with legal experts.",
         zone="Africa/Dakar", start=(date(2027, 2, 15), 9, 0), end=(date(2027, 2, 16), 17, 0),
         venue_name="Grand Théâtre national", venue_address="Dakar", country="SN", online_url="",
         languages=["en", "fr"], goals=["rights", "governance"], sdgs=[8, 10], details={}, team=[ORGANISER]),
    # Written in Chinese first, and in Russian first (their English in demo_translations).
    dict(slug="training-cultural-industries-statistics-beijing-2027", kind="workshop",
         title="文化和创意产业统计培训班",
         summary="为期三天，面向中国各省文化部门和统计机构，学习如何按照《2005年公约》定期报告的要求衡量文化和创意产业。",
         description="以联合国教科文组织《文化统计框架》为基础的实践课程：文化卫星账户、文化就业数据，以及收集《公约》"
                     "定期报告所需的数据。",
         zone="Asia/Shanghai", start=(date(2027, 5, 18), 9, 0), end=(date(2027, 5, 20), 17, 0),
         venue_name="Communication University of China", venue_address="1 Dingfuzhuang East Street, Chaoyang District\n"
         "Beijing 100024", country="CN", online_url="", languages=["zh", "en"], goals=["governance", "development"],
         sdgs=[8, 17], details={}, team=[ORGANISER]),
    dict(slug="regional-workshop-periodic-reports-almaty-2027", kind="workshop",
         title="Региональный семинар по периодическим докладам в рамках Конвенции 2005 года",
         summary="Три дня для министерств культуры и гражданского общества Центральной Азии, чтобы подготовить "
                 "четырёхлетние периодические доклады о мерах по охране и поощрению разнообразия форм культурного "
                 "самовыражения.",
         description="Практические занятия по форме доклада, сбору данных и участию гражданского общества, "
                     "с экспертами Конвенции и обменом опытом между странами.",
         zone="Asia/Almaty", start=(date(2027, 9, 21), 9, 0), end=(date(2027, 9, 23), 16, 0),
         venue_name="Kazakh National Conservatory", venue_address="86 Abylai Khan Avenue\nAlmaty 050000",
         country="KZ", online_url="", languages=["ru", "en"], goals=["governance", "rights"], sdgs=[16, 17],
         details={}, team=[ORGANISER]),
    dict(slug="regional-workshop-cultural-statistics-bangkok", kind="workshop",
         title="Regional workshop on cultural statistics",
         summary="Two days for statistics offices and culture ministries of Asia and the Pacific to measure the "
                 "creative sectors.",
         description="Hands-on sessions on the UNESCO Framework for Cultural Statistics and satellite accounts for "
                     "culture, with country presentations and a regional work plan.",
         zone="Asia/Bangkok", start=(date(2026, 11, 17), 9, 0), end=(date(2026, 11, 18), 17, 0),
         venue_name="UNESCO Bangkok", venue_address="920 Sukhumvit Road, Khlong Toei\nBangkok 10110", country="TH",
         online_url="https://meet.example.org/cultural-statistics-bangkok", attendance_mode=HYBRID, languages=["en", "th"],
         goals=["governance", "development"], sdgs=[8, 17], details={},
         team=[ORGANISER],
         programme=[(0, 9, 0, 60, "plenary", "Opening: why measure culture?", False),
                    (0, 10, 30, 120, "workshop", "Hands-on: the UNESCO Framework for Cultural Statistics", True),
                    (0, 14, 0, 120, "panel", "Country presentations: surveys of cultural participation", False),
                    (1, 9, 30, 150, "workshop", "Hands-on: a satellite account for culture", True),
                    (1, 14, 0, 90, "presentation", "Reporting on the 2005 Convention with data", False),
                    (1, 16, 0, 60, "plenary", "Closing: a regional work plan", False)]),
    dict(slug="policy-lab-draft-2027", kind="workshop", title="Policy lab on digital creativity (draft)",
         summary="Still being prepared: only its organisers see it.", description="",
         zone="Europe/Paris", start=(date(2027, 9, 14), 9, 0), end=(date(2027, 9, 14), 17, 0),
         venue_name="UNESCO Headquarters", venue_address="Paris", country="FR", online_url="", languages=["en"],
         goals=["development"], sdgs=[8], details={}, team=[ORGANISER], status=DRAFT),
]

SPEAKERS = [
    ("Amina Diallo", "UNESCO Secretariat", "SN"), ("Jean-Baptiste Lefèvre", "Ministère de la Culture", "FR"),
    ("فاطمة الزهراء بنعلي", "Association Racines", "MA"), ("طارق حداد", "Amman Design Week", "JO"),
    ("李静", "Communication University of China", "CN"), ("Олена Коваленко", "Ukrainian Cultural Foundation", "UA"),
    ("José Martínez Ñancupil", "Radio Comunitaria Mapuche", "CL"), ("Ngozi Okonkwo", "Lagos Film Collective", "NG"),
    ("Nguyễn Thị Lan", "Viet Nam Institute of Culture and Arts Studies", "VN"),
    ("Søren Østergaard", "Danish Agency for Culture and Palaces", "DK"),
    ("Priya Raghunathan", "Sangeet Natak Foundation", "IN"), ("Mele Tupou", "Pacific Arts Alliance", "TO"),
    ("Ana Lúcia Ferreira", "Coletivo Tambores do Recife", "BR"), ("Kwame Mensah", "Ghana Broadcasting Corporation", "GH"),
    ("Айгерим Сейткали", "Kazakh National Conservatory", "KZ"), ("佐藤 陽翔", "Agency for Cultural Affairs", "JP"),
]
ROOMS = [("Room I", 900), ("Room II", 300), ("Room IV", 120), ("Fontenoy Hall", 200)]
TRACKS = ["Governance", "Mobility and trade", "Sustainable development", "Artistic freedom"]
#: (hour, minute, length in minutes, type, title) per slot; each slot runs in the listed rooms.
DAY_PLAN = [
    (9, 0, 90, "plenary", ["Opening plenary: twenty years of the 2005 Convention"]),
    (11, 0, 90, "panel", ["Public funding models for the arts", "Digital platforms and local content",
                          "Culture in national development plans", "Protecting artists at risk"]),
    (14, 0, 90, "workshop", ["Designing cultural statistics", "Fair trade in cultural goods",
                             "Creative hubs and local economies", "Gender equality in the creative sectors"]),
    (16, 0, 75, "peer_exchange", ["Peer exchange: status of the artist laws", "Peer exchange: mobility funds",
                                  "Peer exchange: IFCD projects", "Peer exchange: media diversity"]),
]


def _people(emails) -> list[User]:
    users = db.session.scalars(select(User).where(User.email.in_(emails))).all()
    return sorted(users, key=lambda user: list(emails).index(user.email))


def _translate(obj, field: str, texts: dict[str, str]) -> None:
    """`texts` ({language: text}) as `field`'s translations, in the working languages of the object's event."""
    set_translations(obj, field, {language: text for language, text in texts.items()
                                  if language in languages_of(obj)[1:]})


def _translate_programme(event: Event) -> None:
    for thing in [*event.rooms, *event.tracks]:
        _translate(thing, "name", names_in(thing.name, event.working_languages))
    for session in event.sessions:
        _translate(session, "title", names_in(session.title, event.working_languages))
        if session.description:
            _translate(session, "description", names_in(session.description, event.working_languages))


def _conference_programme(event: Event) -> None:
    event.rooms = [Room(name=name, capacity=capacity, position=index) for index, (name, capacity) in enumerate(ROOMS)]
    event.tracks = [Track(name=name) for name in TRACKS]
    event.speakers = [Speaker(name=name, affiliation=org, country=country,
                              bio=f"{name} works at {org}.") for name, org, country in SPEAKERS]
    first_day = event.starts_at.astimezone(event.zone).date()
    speaker_index = 0
    for offset in range(3):
        day = first_day + timedelta(days=offset)
        for hour, minute, length, kind, titles in DAY_PLAN:
            if offset == 2 and hour == 9:
                titles = ["Closing plenary: commitments for 2030"]
            for position, title in enumerate(titles):
                starts = _at(day, hour, minute, event.timezone)
                session = Session(title=title if offset == 0 or len(titles) == 1 else f"{title} ({offset + 1})",
                                  session_type=kind, starts_at=starts, ends_at=starts + timedelta(minutes=length),
                                  room=event.rooms[position if len(titles) > 1 else 0],
                                  track=event.tracks[position % len(TRACKS)] if len(titles) > 1 else None,
                                  description="Speakers share experience from their countries, then questions.")
                for role in ("speaker", "speaker", "facilitator"):
                    session.speaker_links.append(SessionSpeaker(speaker=event.speakers[speaker_index % len(SPEAKERS)],
                                                                role=role, position=len(session.speaker_links)))
                    speaker_index += 1
                event.sessions.append(session)
        # A break in the middle of each day, in the foyer (no room): the programme shows it for everyone.
        lunch = _at(day, 12, 30, event.timezone)
        event.sessions.append(Session(title="Lunch break", session_type="break", starts_at=lunch,
                                      ends_at=lunch + timedelta(minutes=90)))


def _simple_programme(event: Event) -> None:
    """A few sessions for the shorter events, one per day."""
    zone = event.zone
    day, last = event.starts_at.astimezone(zone).date(), event.ends_at.astimezone(zone).date()
    languages = languages_of(event)
    event.rooms = [Room(name=MAIN_ROOM.get(languages[0], MAIN_ROOM["en"]), position=0)]
    _translate(event.rooms[0], "name", MAIN_ROOM)
    while day <= last:
        starts = _at(day, 10, 0, event.timezone)
        number = len(event.sessions) + 1
        titles = {language: DAY_TITLE.get(language, DAY_TITLE["en"]).format(title=title, number=number)
                  for language, title in translations_of(event, "title").items()}
        session = Session(title=titles[languages[0]], session_type="workshop", starts_at=starts,
                          ends_at=starts + timedelta(hours=2), room=event.rooms[0])
        event.sessions.append(session)
        _translate(session, "title", titles)
        day += timedelta(days=1)


def _listed_programme(event: Event, programme: list[tuple]) -> None:
    """The sessions a spec lists: (day offset, hour, minute, length in minutes, type, title, takes attendance)."""
    first_day = event.starts_at.astimezone(event.zone).date()
    event.rooms = [Room(name="Main room", position=0)]
    for offset, hour, minute, length, kind, title, takes_attendance in programme:
        starts = _at(first_day + timedelta(days=offset), hour, minute, event.timezone)
        event.sessions.append(Session(title=title, session_type=kind, starts_at=starts,
                                      ends_at=starts + timedelta(minutes=length), room=event.rooms[0],
                                      takes_attendance=takes_attendance))


def load():
    created = 0
    for spec in EVENTS:
        if db.session.scalar(select(Event.id).where(Event.slug == spec["slug"])):
            continue
        start_day, start_hour, start_minute = spec["start"]
        end_day, end_hour, end_minute = spec["end"]
        event = Event(
            slug=spec["slug"], kind=spec["kind"], title=spec["title"], summary=spec["summary"],
            description=spec["description"], timezone=spec["zone"],
            starts_at=_at(start_day, start_hour, start_minute, spec["zone"]),
            ends_at=_at(end_day, end_hour, end_minute, spec["zone"]),
            venue_name=spec["venue_name"], venue_address=spec["venue_address"], country=spec["country"],
            region=region_of(spec["country"]), online_url=spec["online_url"],
            attendance_mode=spec.get("attendance_mode", IN_PERSON), working_languages=spec["languages"],
            status=spec.get("status", PUBLISHED), visibility="public", details=spec["details"],
            goals=[EventGoal(goal=goal) for goal in spec["goals"]], sdgs=[EventSdg(sdg=sdg) for sdg in spec["sdgs"]],
            team=[EventOrganiser(user_id=user.id) for user in _people(spec["team"])],
        )
        if event.status == PUBLISHED:
            event.first_published_at = utcnow()
        for field in ("title", "summary", "description"):
            _translate(event, field, {language: texts[field]
                                      for language, texts in EVENT_TEXTS.get(spec["slug"], {}).items()})
        if "programme" in spec:
            _listed_programme(event, spec["programme"])
        elif spec["kind"] == "conference":
            _conference_programme(event)
            _translate_programme(event)
        elif spec["kind"] != "community_of_practice" and event.status == PUBLISHED:
            _simple_programme(event)
        db.session.add(event)
        created += 1
    db.session.commit()
    yield f"demo events: {created} created, {len(EVENTS) - created} already there"
    yield from demo_materials.load()
